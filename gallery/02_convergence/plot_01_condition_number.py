r"""
조건수와 선형 수렴: 노트 §2.4의 시뮬레이션 다시 하기
====================================================

강의 노트 §2.4와 같이, 고윳값을 :math:`[1, \kappa]` 에 균등 간격으로 놓고 무작위로 회전한
10차원 이차 함수 :math:`f(x) = \tfrac12 x^\top A x` (:math:`x^* = 0`)를
:math:`\kappa \in \{1, 10, 100, 1000\}` 에 대해 만들고, 같은 시작점에서 :math:`\eta = 1/L` 의
경사 하강법을 100스텝 돌립니다. 노트와 달리 회전과 시작점의 난수는 시드로 고정합니다.
계산은 :func:`gdbook.experiments.convergence.condition_number_sweep` 에 있습니다.
"""

# %%
# 실행
# ----
# 표의 열: 정리가 주는 거리 제곱의 비율 :math:`1 - 1/\kappa`
# (:func:`gdbook.theory.gd_strongly_convex_factor`), 이차 함수의 정확한 거리 비율
# :math:`\rho = \max_i |1 - \lambda_i/L|` (:func:`gdbook.theory.quadratic_gd_factor`)의 제곱,
# 그리고 측정한 거리 제곱의 스텝당 비율.
import numpy as np

from gdbook import plotting
from gdbook.experiments.convergence import condition_number_sweep

cs = condition_number_sweep()
print(f"‖x_0 - x*‖² = {cs.sq_dist[0, 0]:.4f} (모든 κ에서 같은 시작점)")
print("   κ    1-1/κ (노트)   ρ² (이차 함수)   측정 비율   100스텝 뒤 ‖x-x*‖²   상한 성립")
for k, kappa in enumerate(cs.kappas):
    print(f"{kappa:5g}   {cs.note_factor[k]:10.4f}   {cs.rate[k] ** 2:12.4f}   {cs.measured_sq_rate[k]:10.4f}"
          f"   {cs.sq_dist[-1, k]:16.4g}   {bool(cs.bound_holds[k])}")
print(f"κ = 1: 스텝 {cs.zero_step[0]}에서 ‖x_t - x*‖² = 0 (정확히)")

# %%
# 노트의 그림을 다시 그리면
# -------------------------
# 네 :math:`\kappa` 를 한 축에 그립니다(로그 축). :math:`\kappa = 1` 은 한 스텝 만에 정확히
# 0이 되므로 로그 축에 그릴 수 없고, 그 스텝이 ``▼`` 로 표시됩니다.
colors = plotting.sweep_colors(len(cs.kappas))
labels = [f"$\\kappa = {k:g}$" for k in cs.kappas]
fig, ax = plotting.subplots()
plotting.loss_curves(ax, dict(zip(labels, cs.sq_dist.T)), colors=colors, ylabel=r"$\|x_t - x^*\|^2$")
ax.set_title(r"$\eta = 1/L$ 경사 하강법의 $\|x_t - x^*\|^2$")

# %%
# 이론선과 비교
# -------------
# :math:`\kappa` 마다 한 패널에, 노트가 "이론"으로 그린 선 :math:`(1 - 1/\kappa)^t\|x_0 - x^*\|^2`
# (점선)과 이차 함수의 정확한 수축률로 쓴 상한 :math:`(1 - 1/\kappa)^{2t}\|x_0 - x^*\|^2`
# (파선)을 함께 그립니다.
fig, axes = plotting.subplots(2, 2, figsize=(8, 6.4), sharex=True)
t = np.arange(cs.sq_dist.shape[0])
for k, ax in enumerate(axes.flat):
    plotting.rate_comparison(
        ax, cs.sq_dist[:, k], cs.rate[k] ** 2, C=cs.sq_dist[0, k], color=colors[k], label="측정",
        predicted_label=r"$(1-1/\kappa)^{2t}\|x_0-x^*\|^2$", legend=False,
    )
    ax.plot(t, np.where(cs.note_bound[:, k] > 0, cs.note_bound[:, k], np.nan), color=colors[k],
            linestyle=":", linewidth=1.6, label=r"노트의 이론 $(1-1/\kappa)^t\|x_0-x^*\|^2$")
    ax.set_title(labels[k])
    if cs.kappas[k] == 1:  # 값이 t = 0 하나뿐: 점으로 표시
        ax.plot([0], cs.sq_dist[:1, k], "o", color=colors[k], markersize=6)
        ax.set_ylim(1e-1, 1e2)
        ax.text(0.5, 0.5, "$x_1 = x^*$ (정확히)\n이후 모든 스텝에서 0", transform=ax.transAxes,
                ha="center", va="center", fontsize=10)
    ax.legend(fontsize=8, loc="upper right" if cs.kappas[k] == 1 else "lower left")
for ax in axes[:, 0]:
    ax.set_ylabel(r"$\|x_t - x^*\|^2$")
for ax in axes[0]:
    ax.set_xlabel("")

# %%
# 무엇을 보여 주나
# ----------------
# 네 실행 모두 노트의 선 아래에 있으므로 정리(상한)는 성립합니다. 그러나 측정값의 기울기는
# 노트의 선이 아니라 :math:`(1 - 1/\kappa)^{2t}` 의 기울기입니다. :math:`\eta = 1/L` 에서 이차
# 함수의 거리는 스텝마다 정확히 :math:`\rho = 1 - 1/\kappa` 배까지 줄고, 거리의 **제곱** 은 그
# 제곱만큼 줄기 때문입니다. 노트의 선은 제곱만큼 느슨합니다(:math:`\kappa = 10` 에서 스텝당
# 0.9 대 0.81). 측정 비율 0.81, 0.9801, 0.998은 :math:`\rho^2` 와 소수 넷째 자리까지 같습니다.
# :math:`\kappa` 가 클수록 처음 몇 스텝에 곡률이 큰 방향의 오차가 빠르게 사라진 뒤, 곡률이
# :math:`m` 인 방향의 오차만 :math:`(1-1/\kappa)^{2t}` 로 느리게 줄어듭니다.
for k in (1, 2):
    print(f"κ = {cs.kappas[k]:g}: 100스텝 동안 노트의 선은 {cs.note_factor[k] ** 100:.3g}배, "
          f"ρ^200 = {cs.rate[k] ** 200:.3g}배, 측정 {cs.sq_dist[-1, k] / cs.sq_dist[0, k]:.3g}배")
