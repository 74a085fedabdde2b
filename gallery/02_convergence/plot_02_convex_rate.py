r"""
볼록 함수의 :math:`O(1/t)` 상한과 측정값
=========================================

볼록이지만 강볼록이 아닌 50차원 이차 함수(고윳값 0이 둘, 나머지 48개는 :math:`[10^{-4}, 1]` 에
로그 간격, :math:`L = 1`, :math:`m = 0`)에서 :math:`\eta = 1/L` 경사 하강법을 2000스텝 돌리고,
정리의 상한 :math:`f(x_t) - f^* \le L\|x_0 - x^*\|^2 / (2t)`
(:func:`gdbook.theory.gd_convex_bound`)과 비교합니다. 최소점이 하나가 아니므로
:math:`\|x_0 - x^*\|` 는 가장 가까운 최소점까지의 거리입니다. 계산은
:func:`gdbook.experiments.convergence.convex_rate_experiment` 에 있습니다.
"""

# %%
# 실행
# ----
import numpy as np

from gdbook import plotting
from gdbook.experiments.convergence import convex_rate_experiment

ex = convex_rate_experiment()
print(f"L = {ex.objective.L:g}, m = {ex.objective.m:g}, η = {ex.lr:g}, ‖x_0 - x*‖² = {ex.dist0_sq:.3f}")
for t in (1, 10, 100, 1000, 2000):
    print(f"t = {t:5d}: f(x_t) - f* = {ex.gap[t]:.4g}, 상한 = {ex.bound[t]:.4g}, "
          f"비율 = {ex.ratio[t]:.4f}, t·(f(x_t) - f*) = {ex.t_times_gap[t]:.3f}")
print(f"모든 스텝에서 측정값/상한의 최댓값 = {ex.max_ratio:.4f} (스텝 {int(np.nanargmax(ex.ratio))})")

# %%
# 그림
# ----
# 왼쪽: 로그-로그 축에서 측정값(경사 하강법의 색)과 상한(회색 파선). 기울기 -1인 직선이
# :math:`1/t` 입니다. 오른쪽: 측정값/상한.
t = np.arange(ex.gap.size)
fig, (ax1, ax2) = plotting.subplots(1, 2, figsize=(8, 3.8))
gd = plotting.color_for("sgd")
ax1.loglog(t[1:], ex.gap[1:], color=gd, linewidth=1.6, label="측정 $f(x_t) - f^*$")
ax1.loglog(t[1:], ex.bound[1:], color="#999999", linewidth=1.6, linestyle="--",
           label=r"상한 $L\|x_0 - x^*\|^2 / (2t)$")
ax1.set_xlabel("스텝 $t$")
ax1.set_ylabel("$f(x_t) - f^*$")
ax1.legend(fontsize=8)
ax1.set_title("측정값과 O(1/t) 상한")
ax2.semilogx(t[1:], ex.ratio[1:], color=gd, linewidth=1.6)
ax2.set_ylim(0, 0.1)
ax2.set_xlabel("스텝 $t$")
ax2.set_ylabel("측정값 / 상한")
ax2.set_title("측정값이 상한의 몇 배인가")

# %%
# 무엇을 보여 주나
# ----------------
# 상한은 모든 스텝에서 성립하고(비율의 최댓값 약 0.06), 측정값은 :math:`t \approx 10^3` 까지
# 상한과 나란히(기울기 -1) 줄어듭니다: :math:`t\,(f(x_t) - f^*)` 가 1 안팎에 머뭅니다. 곡률이
# 여러 크기로 아주 작은 방향이 있으면 :math:`O(1/t)` 는 실제 속도입니다. 상한이 측정값의 적어도
# 17배(아래 출력)인 것은 이 함수가 최악의 경우가 아니기 때문입니다. :math:`\eta = 1/L` 경사 하강법의 정확한 최악의
# 값은 :math:`L\|x_0 - x^*\|^2/(4t + 2)` 로(Drori & Teboulle 2014), 상한의 약 절반입니다.
print(f"상한 / 측정 ≥ {1 / ex.max_ratio:.1f} (모든 스텝)")
