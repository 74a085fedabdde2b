r"""
연습 문제 1의 풀이: κ = 10과 κ = 100
======================================

연습 문제 1은 이차 함수 :math:`f(x) = \tfrac12 x^\top A x` 에서 경사 하강법의 수렴 속도를
:math:`\kappa = 10, 100` 에 대해 시뮬레이션하고 이론 :math:`O((1 - 1/\kappa)^t)` 와 비교하라고
합니다. 10차원, 고윳값 ``linspace(1, κ, 10)``, 무작위 회전(시드 0), :math:`\eta = 1/L` 로
700스텝 돌립니다. 계산은 :func:`gdbook.experiments.convergence.exercise1` 에 있습니다.
"""

# %%
# 실행
# ----
# :math:`O((1 - 1/\kappa)^t)` 는 **거리** :math:`\|x_t - x^*\|` 의 속도입니다. 거리의 제곱은
# :math:`(1 - 1/\kappa)^{2t}` 로 줄어듭니다.
import numpy as np

from gdbook import plotting
from gdbook.experiments.convergence import exercise1

ex = exercise1()
sw = ex.sweep
for k, kappa in enumerate(ex.kappas):
    print(f"κ = {kappa:g}: 거리 비율 측정 {ex.measured_rate[k]:.6f} / 예측 1-1/κ = {ex.predicted_rate[k]:.6f}; "
          f"거리 제곱 비율 측정 {ex.measured_sq_rate[k]:.6f} / 예측 (1-1/κ)² = {ex.predicted_sq_rate[k]:.6f}")
    print(f"        ‖x_t-x*‖² ≤ {ex.tol:g}·‖x_0-x*‖² 에 닿는 스텝: 측정 {ex.steps_measured[k]}, "
          f"(1-1/κ)^(2t) 상한 {ex.steps_quadratic_bound[k]}, 노트식 (1-1/κ)^t 상한 {ex.steps_note_bound[k]}")

# %%
# 그림
# ----
# 왼쪽: 스텝마다 측정한 거리의 비율 :math:`\|x_t - x^*\| / \|x_{t-1} - x^*\|` 와 예측
# :math:`1 - 1/\kappa` (가로 파선). 오른쪽: 거리의 제곱과 두 상한, 그리고 목표
# :math:`10^{-6}\|x_0 - x^*\|^2` (회색 가로선).
colors = plotting.sweep_colors(4)[1:3]  # condition_number 예제와 같은 κ별 색
dist = np.sqrt(sw.sq_dist)
with np.errstate(divide="ignore", invalid="ignore"):
    local = dist[1:] / dist[:-1]
t = np.arange(sw.sq_dist.shape[0])
fig, (ax1, ax2) = plotting.subplots(1, 2, figsize=(8, 3.9))
for k, kappa in enumerate(ex.kappas):
    ax1.semilogx(t[1:], local[:, k], color=colors[k], linewidth=1.6, label=f"$\\kappa = {kappa:g}$ 측정")
    ax1.axhline(ex.predicted_rate[k], color=colors[k], linestyle="--", linewidth=1.0)
    plotting.rate_comparison(ax2, sw.sq_dist[:, k], ex.predicted_sq_rate[k], color=colors[k],
                             label=f"$\\kappa = {kappa:g}$", predicted_label="_nolegend_", legend=False)
    ax2.plot(t, sw.note_bound[:, k], color=colors[k], linestyle=":", linewidth=1.4)
ax2.axhline(ex.tol * sw.sq_dist[0, 0], color="0.6", linewidth=0.8)
ax2.set_ylim(1e-9 * sw.sq_dist[0, 0], 3 * sw.sq_dist[0, 0])
ax1.set_xlabel("스텝 $t$")
ax1.set_ylabel(r"$\|x_t - x^*\| / \|x_{t-1} - x^*\|$")
ax1.set_ylim(0, 1.02)
ax1.legend(fontsize=8, loc="lower left")
ax1.set_title("스텝당 거리 비율")
ax2.set_ylabel(r"$\|x_t - x^*\|^2$")
ax2.plot([], [], color="0.3", linestyle="--", label=r"$(1-1/\kappa)^{2t}\|x_0-x^*\|^2$")
ax2.plot([], [], color="0.3", linestyle=":", label=r"$(1-1/\kappa)^{t}\|x_0-x^*\|^2$")
ax2.text(ex.steps_measured[1], ex.tol * sw.sq_dist[0, 0], " 목표 $10^{-6}\\|x_0-x^*\\|^2$", va="bottom",
         ha="right", fontsize=8, color="0.4")
ax2.legend(fontsize=7.5, loc="upper right")
ax2.set_title("최소점까지 거리의 제곱")

# %%
# 풀이
# ----
# 측정한 거리의 비율은 :math:`1 - 1/\kappa` (0.9, 0.99)와 소수 여섯째 자리까지 같습니다. 즉
# 연습 문제의 :math:`O((1-1/\kappa)^t)` 는 거리에 대해 맞고, 거리의 제곱(노트 §2.3 정리의 양)은
# :math:`(1-1/\kappa)^{2t}` 로 줄어듭니다. 처음 몇 스텝은 곡률이 큰 방향의 오차가 빨리 사라지므로
# 비율이 예측보다 작고, 그 뒤에는 곡률이 :math:`m` 인 방향만 남아 예측값에 붙습니다.
# 정확도 :math:`10^{-6}` 에 닿는 스텝 수는 :math:`\kappa` 에 거의 비례해 늘어납니다(53에서 549).
print(f"스텝 수의 비 (κ=100 / κ=10): 측정 {ex.steps_measured[1] / ex.steps_measured[0]:.2f}")
