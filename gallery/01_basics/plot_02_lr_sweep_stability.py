r"""
안정성 한계를 가로지르는 학습률 훑기
====================================

노트의 이차 함수 :math:`f(x, y) = (x-1)^2 + 2(y-2)^2` (:math:`L = 4`, :math:`m = 2`)에서
학습률 200개(:math:`0.003 \le \eta \le 0.6`)를 **한 번의 배치 실행** (``lr`` 모양 ``(200, 1)``)
으로 50스텝씩 돌립니다. 계산은 :func:`gdbook.experiments.basics.lr_sweep_on_quadratic` 에
있고, 이론값은 :func:`gdbook.theory.quadratic_gd_factor` 와
:func:`gdbook.theory.step_size_thresholds` 가 줍니다.
"""

# %%
# 실행과 기준값
# -------------
# 세 기준값은 :math:`1/L` (수렴 정리의 증명에 쓰는 학습률), :math:`2/(L+m)` (이차 함수에서
# 가장 빠른 고정 학습률), :math:`2/L` (안정성 한계)입니다.
import numpy as np

from gdbook import plotting, theory
from gdbook.experiments.basics import lr_sweep_on_quadratic

sw = lr_sweep_on_quadratic()
f, th = sw.objective, sw.thresholds
print(f"배치 실행 한 번: x 모양 {sw.result.x.shape} (스텝+1, 학습률, 차원)")
print(f"1/L = {th.one_over_L:g}, 2/(L+m) = {th.two_over_L_plus_m:.4f}, 2/L = {th.two_over_L:g}")
print(f"이론의 가장 작은 수축률 (κ-1)/(κ+1) = {sw.best_rate:.4f} (η = 2/(L+m))")
print(f"측정 비율이 가장 작은 격자점 η = {sw.best_lr_on_grid:.3f}")
print(f"측정 비율 < 1 인 가장 큰 η = {sw.largest_convergent_lr:.3f} (2/L = {th.two_over_L:g})")
print(f"측정 비율과 이론 ρ(η)의 최대 차이 = {np.max(np.abs(sw.measured_rate - sw.rate)):.4f}")
n_zero = int(np.sum(sw.final_gap == 0))
zero_lrs = sw.lrs[sw.final_gap == 0]
print(f"50스텝 안에 부동소수점으로 정확히 x*에 닿은 학습률: {n_zero}개 "
      f"({zero_lrs.min():.3f} ~ {zero_lrs.max():.3f})")

# %%
# 그림
# ----
# 위: 스텝당 비율 :math:`\|x_k - x^*\| / \|x_{k-1} - x^*\|` 의 측정값(점)과 이론
# :math:`\rho(\eta) = \max(|1 - 2\eta|, |1 - 4\eta|)` (선). 아래: 50스텝 뒤의
# :math:`f(x_{50}) - f^*` (로그 축)와 상한 :math:`\tfrac{L}{2}\rho(\eta)^{100}\|x_0 - x^*\|^2`.
# 정확히 0인 값은 로그 축에 그릴 수 없으므로 아래 가장자리에 ``▼`` 로 표시합니다.
fig, (ax1, ax2) = plotting.subplots(2, 1, figsize=(8, 7), sharex=True)
gd = plotting.color_for("sgd")  # 경사 하강법의 색(측정값)
theory_color = "#999999"
ax1.plot(sw.lrs, sw.rate, color=theory_color, linewidth=2.4, label=r"이론 $\rho(\eta)$")
ax1.plot(sw.lrs[::3], sw.measured_rate[::3], "o", color=gd, markersize=3.2, label="측정 (스텝당 비율)")
ax1.axhline(1.0, color="0.5", linewidth=0.8, linestyle=":")
ax1.set_ylabel("스텝당 비율")
ax1.set_ylim(0, 1.5)
ax1.set_title("학습률에 대한 스텝당 수렴 속도")

e0_sq = float(np.sum((sw.result.x[0, 0] - f.minimizers[0]) ** 2))
T = sw.result.steps
bound = f.L / 2 * sw.rate ** (2 * T) * e0_sq
pos = sw.final_gap > 0
ax2.semilogy(sw.lrs[pos], sw.final_gap[pos], "o", color=gd, markersize=3.2,
             label=f"측정 $f(x_{{{T}}}) - f^*$")
ax2.semilogy(sw.lrs, np.where(bound > 0, bound, np.nan), color=theory_color, linewidth=1.6, linestyle="--",
             label=r"상한 $\frac{L}{2}\rho^{2T}\|x_0 - x^*\|^2$")
edge = ax2.get_xaxis_transform()
ax2.plot(sw.lrs[~pos], np.zeros((~pos).sum()), "v", transform=edge, clip_on=False, markersize=6,
         color="white", markeredgecolor=gd, markeredgewidth=0.8,
         label="정확히 0 (부동소수점으로 $x_{50} = x^*$)")
ax2.set_ylim(1e-34, 1e18)
ax2.set_xlabel(r"학습률 $\eta$")
ax2.set_ylabel(r"$f(x_{50}) - f^*$")

for ax in (ax1, ax2):
    for value, name, style in ((th.one_over_L, "$1/L$", ":"), (th.two_over_L_plus_m, "$2/(L+m)$", "--"),
                               (th.two_over_L, "$2/L$", "-")):
        ax.axvline(value, color="0.35", linestyle=style, linewidth=1.0)
        ax.text(value, 1.0, " " + name, transform=ax.get_xaxis_transform(), va="bottom", ha="center",
                fontsize=9, color="0.25")
    ax.legend(loc="lower left" if ax is ax1 else "upper left", fontsize=9)
ax1.set_xlim(0, sw.lrs[-1])

# %%
# 무엇을 보여 주나
# ----------------
# 측정한 스텝당 비율은 이론 :math:`\rho(\eta)` 와 최대 0.003 이내로 같습니다(작은 :math:`\eta`
# 에서는 50스텝 동안 두 방향이 아직 섞여 있어 약간 작게 잽니다). 가장 빠른 학습률은
# :math:`2/(L+m) = 1/3` (비율 :math:`1/3`)이고, 노트가 "이론적 상한"이라고 한 :math:`1/L = 0.25`
# 는 상한이 아닙니다: :math:`0.25 < \eta < 0.5` 의 모든 학습률이 수렴하고 그중 대부분이
# :math:`1/L` 보다 빠릅니다. 비율은 :math:`\eta = 2/L = 0.5` 에서 정확히 1이 되고 그 너머에서는
# 1보다 커서 손실이 스텝마다 커집니다. 상한(점선)은 측정값 위에 있습니다.
print(f"η = 1/L 의 이론 비율 {theory.quadratic_gd_factor(f.eigenvalues, th.one_over_L):.2f}, "
      f"η = 2/(L+m) 의 이론 비율 {sw.best_rate:.4f}, η = 0.6 의 이론 비율 "
      f"{theory.quadratic_gd_factor(f.eigenvalues, 0.6):.1f}")
