r"""
연습 문제 4: 언제 네스테로프가 나은가
=====================================

:math:`\kappa = 100` 이차 함수에서 헤비 볼과 네스테로프를 (1) 각각 이론의 최적 하이퍼파라미터로,
(2) 같은 :math:`(\eta, \beta) = (1/L, 0.9)` 로 비교하고, (3) :math:`\eta = 1/L` 에서 :math:`\beta` 를
훑어 측정 속도를 반복 행렬의 스펙트럼 반지름과 맞춰 보며, (4) 이차가 아닌 강볼록 함수(Lessard 등의
반례)에서 두 방법을 돌립니다. 계산은 :func:`gdbook.experiments.momentum.exercise4_experiment` 에
있습니다.
"""

# %%
# 실행
# ----
import numpy as np

from gdbook import plotting
from gdbook.experiments.momentum import exercise4_experiment

e4 = exercise4_experiment()
acc = e4.acceleration
names = {"gd": "경사 하강법", "heavy_ball": "헤비 볼", "nesterov": "네스테로프"}
for k, p in acc.params.items():
    print(f"(1) {names[k]}: η = {p.lr:.4f}, β = {p.momentum:.4f}, 이론 {p.rate:.4f}, 측정 {acc.distance_rate[k]:.4f}")
for k in e4.same_results:
    print(f"(2) {k}: 측정 {e4.same_rate[k]:.4f}, 스펙트럼 반지름 {e4.same_rate_theory[k]:.4f}, "
          f"λ = L 방향 오차 (t = 20) {abs(e4.top_mode[k][20]):.2e}")
for k in e4.sweep_rate:
    i = np.argmin(e4.sweep_theory[k])
    print(f"(3) {k}: 가장 좋은 β = {e4.betas[i]:.3f}, 속도 {e4.sweep_theory[k][i]:.4f}")
print(f"(4) 헤비 볼의 마지막 세 반복값 {np.round(e4.lessard.cycle, 4)}, 네스테로프 f - f* = "
      f"{e4.lessard.final_gap['nesterov']:.1e}")

# %%
# 네 그림
# -------
cols = {"gd": plotting.color_for("sgd"), "heavy_ball": plotting.color_for("heavy_ball"),
        "nesterov": plotting.color_for("nesterov"), "momentum": plotting.color_for("heavy_ball")}
fig, axes = plotting.subplots(2, 2, figsize=(9.5, 7.2))
plotting.loss_curves(axes[0, 0], {names[k]: acc.distance[k] for k in acc.params},
                     colors=[cols[k] for k in acc.params], ylabel="$\\|x_t - x^*\\|$")
axes[0, 0].set_title("(1) 이론의 최적 하이퍼파라미터")
T = 40
for k, label in (("momentum", "헤비 볼"), ("nesterov", "네스테로프")):
    axes[0, 1].plot(np.arange(T + 1), e4.top_mode[k][: T + 1], "o-", markersize=3, color=cols[k], label=label)
axes[0, 1].axhline(0, color="0.6", linewidth=0.8)
axes[0, 1].set_xlabel("스텝 $t$")
axes[0, 1].set_ylabel("$u_L^\\top (x_t - x^*)$")
axes[0, 1].set_title("(2) 같은 $(\\eta, \\beta) = (1/L, 0.9)$: $\\lambda = L$ 방향")
axes[0, 1].legend(fontsize=8)
for k, label in (("momentum", "헤비 볼"), ("nesterov", "네스테로프")):
    axes[1, 0].plot(e4.betas_fine, e4.theory_fine[k], "-", color=cols[k], label=f"{label}: 스펙트럼 반지름")
    axes[1, 0].plot(e4.betas, e4.sweep_rate[k], "o", markersize=4, mfc="none", color=cols[k], label=f"{label}: 측정")
axes[1, 0].set_xlabel("모멘텀 $\\beta$")
axes[1, 0].set_ylabel("스텝당 속도")
axes[1, 0].set_title("(3) $\\eta = 1/L$ 에서 $\\beta$ 훑기")
axes[1, 0].legend(fontsize=8)
for k, label in (("heavy_ball", "헤비 볼"), ("nesterov", "네스테로프")):
    axes[1, 1].plot(np.arange(T + 1), e4.lessard.results[k].x[: T + 1, 0], "o-", markersize=3, color=cols[k],
                    label=label)
axes[1, 1].axhline(0, color="0.6", linewidth=0.8)
axes[1, 1].set_xlabel("스텝 $t$")
axes[1, 1].set_ylabel("$x_t$")
axes[1, 1].set_title("(4) 이차가 아닌 강볼록 함수 ($\\kappa = 25$)")
axes[1, 1].legend(fontsize=8);

# %%
# 무엇을 보여 주나
# ----------------
# (1) 각각 최적으로 맞추면 이차 함수에서는 헤비 볼이 빠릅니다. (2) 같은 :math:`(\eta, \beta)` 이면 점근
# 속도는 거의 같지만, 헤비 볼은 곡률이 큰 방향에서 계속 출렁이고 네스테로프는 그 방향의 오차를 바로
# 없앱니다. (3) :math:`\eta = 1/L` 에서는 두 방법의 최선이 0.9로 같습니다. (4) 이차가 아닌 강볼록
# 함수에서 헤비 볼(이차 함수용 최적값)은 순환에 갇히고 네스테로프는 수렴합니다. 네스테로프의 이점은
# 이차 함수에서의 속도가 아니라 강볼록 함수 전체에 대한 보장과 진동의 감쇠입니다.
