r"""
학습률에 따른 궤적과 손실 곡선
==============================

강의 노트 §1.3의 실험입니다. :math:`f(x, y) = (x-1)^2 + 2(y-2)^2` 을 시작점 :math:`(-2, -1)`
에서 학습률 :math:`\eta \in \{0.1, 0.3, 0.5, 0.9\}` 의 경사 하강법으로 50스텝 최소화합니다.
네 학습률은 한 번의 배치 실행(``lr`` 모양 ``(4, 1)``)으로 돌리고, 손실이 :math:`10^6 f(x_0)` 를
넘으면 발산으로 보고 멈춥니다. 계산은 모두
:func:`gdbook.experiments.basics.learning_rates_on_quadratic` 에 있습니다.
"""

# %%
# 실행
# ----
# 이 함수에서 :math:`x_t - x^*` 의 두 좌표는 스텝마다 정확히 :math:`1 - 2\eta`,
# :math:`1 - 4\eta` 배가 됩니다(:math:`A = \operatorname{diag}(2, 4)`). 표의 마지막 두 열은
# 이론의 수축률 :math:`\rho(\eta) = \max(|1-2\eta|, |1-4\eta|)` 와 측정한 스텝당 비율입니다.
import numpy as np

from gdbook import plotting
from gdbook.experiments.basics import learning_rates_on_quadratic

ex = learning_rates_on_quadratic()
f = ex.objective
print("  η   최종 손실      x*까지 거리     발산 스텝  ρ(η)  측정 비율")
for i, lr in enumerate(ex.lrs):
    print(f"{lr:4.1f}  {ex.final_loss[i]:12.4g}  {ex.final_distance[i]:12.4g}  "
          f"{ex.diverged_at[i]:8d}  {ex.rate[i]:5.2f}  {ex.measured_rate[i]:6.3f}")

# %%
# 궤적
# ----
# 패널마다 학습률 하나입니다. 색은 학습률마다 정해져 있고 아래 손실 곡선과 같습니다.
colors = plotting.sweep_colors(len(ex.lrs))
fig, axes = plotting.subplots(2, 2, figsize=(8, 7.4), sharex=True, sharey=True)
for ax, (name, run), color, loss, dist in zip(
    axes.flat, ex.runs.items(), colors, ex.final_loss, ex.final_distance
):
    plotting.contour(ax, f, (-3, 3), (-2, 6))
    plotting.trajectories(ax, {name: run}, colors=[color], legend=False)
    ax.set_title(f"$\\eta = {name.split('= ')[1]}$")
    i = list(ex.runs).index(name)
    if np.isnan(loss):
        text = f"거리가 스텝마다 {ex.measured_rate[i]:.2f}배"
    else:
        text = f"최종 손실 {loss:.3g}\n$x^*$까지 거리 {dist:.3g}"
    ax.text(0.03, 0.97, text, transform=ax.transAxes, va="top", fontsize=9,
            bbox=dict(boxstyle="round", facecolor="white", alpha=0.85, edgecolor="0.7"))
for ax in axes[0]:
    ax.set_xlabel("")
for ax in axes[:, 1]:
    ax.set_ylabel("")

# %%
# 손실 곡선
# ---------
# 로그 축에 :math:`f(x_t) - f^* = \tfrac12 (x_t - x^*)^\top A (x_t - x^*)` 를 그립니다(반올림에
# 강한 계산, :func:`gdbook.experiments.basics.quadratic_gap`). 발산한 실행(:math:`\eta = 0.9`)은
# 멈춘 스텝에 ``x`` 로 표시되고 y축 범위에 영향을 주지 않습니다. :math:`x_t` 가 부동소수점으로
# 정확히 :math:`x^*` 와 같아진 스텝은 ``▼`` 로 표시됩니다.
fig, ax = plotting.subplots()
plotting.loss_curves(ax, dict(zip(ex.runs, ex.gap.T)), colors=colors, ylabel="$f(x_t) - f^*$")
ax.set_title("학습률에 따른 손실 $f(x_t) - f^*$")

# %%
# 무엇을 보여 주나
# ----------------
print(f"η = 0.1: 50스텝 뒤 손실 {ex.final_loss[0]:.3g} (느리지만 수렴, ρ = {ex.rate[0]:.1f})")
t_zero = int(np.argmax(ex.gap[:, 1] == 0))
print(f"η = 0.3: ρ = {ex.rate[1]:.1f}, 스텝 {t_zero}에서 x_t가 부동소수점으로 정확히 x* (손실 0)")
amp = ex.y_amplitude[2]
print(f"η = 0.5 = 2/L: x는 스텝 1에 x* (x_1 = {ex.runs['η = 0.5'].x[1, 0]:g}), "
      f"|y_t - 2|는 모든 스텝에서 {amp.min():g} ~ {amp.max():g} (진폭 일정), 손실 {ex.final_loss[2]:g}")
print(f"η = 0.9: 거리가 스텝마다 {ex.measured_rate[3]:.2f}배 (|1 - 0.9·4| = {ex.rate[3]:.1f}); "
      f"스텝 {ex.diverged_at[3]}에서 손실이 10^6 f(x0)를 넘음, "
      f"임곗값 없이 돌리면 스텝 {ex.overflow_step[3]}에서 손실이 float64를 넘침(inf)")

# %%
# 강의 노트는 결과를 "η 너무 작음: 수렴 느림 / η 적절함: 빠른 수렴 / η 너무 큼: 발산 또는 진동"
# 으로 요약하지만 어느 η가 어느 경우인지 말하지 않습니다. 실행이 보여 주는 것은 이렇습니다.
# :math:`\eta = 0.1` 은 수렴하지만 느리고(:math:`\rho = 0.8`), :math:`\eta = 0.3` 은 노트가 말한
# "이론적 상한" :math:`1/L = 0.25` 보다 큰데도 가장 빠르며(:math:`\rho = 0.4`),
# :math:`\eta = 0.5` 는 정확히 안정성 한계 :math:`2/L` 이라 :math:`y` 방향이 영원히 같은 폭으로
# 진동하고, :math:`\eta = 0.9` 는 :math:`y` 방향의 오차가 스텝마다 2.6배씩 커져 발산합니다.
