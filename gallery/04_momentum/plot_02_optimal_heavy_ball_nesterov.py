r"""
최적 하이퍼파라미터: 헤비 볼과 네스테로프 대 이론
=================================================

조건수 :math:`\kappa = 100` 인 20차원 이차 함수(``random_quadratic(dim=20, kappa=100, seed=0)``)에서
경사 하강법(:math:`\eta = 2/(L+m)`), 헤비 볼(:func:`gdbook.theory.heavy_ball_optimal`), 네스테로프
(:func:`gdbook.theory.nesterov_optimal`, 룩어헤드 형식)를 300 스텝 돌려, 측정한 수렴 속도를 이론과
비교합니다. 계산은 :func:`gdbook.experiments.momentum.quadratic_acceleration_experiment` 에 있습니다.
"""

# %%
# 실행
# ----
# "측정 속도"는 스텝 150부터 300까지 오차의 포락선이 스텝마다 줄어든 평균 비율입니다.
import numpy as np

from gdbook import plotting
from gdbook.experiments.momentum import quadratic_acceleration_experiment

ex = quadratic_acceleration_experiment()
names = {"gd": "경사 하강법", "heavy_ball": "헤비 볼", "nesterov": "네스테로프"}
print("방법         η        β        이론 ρ   측정 ‖x-x*‖   측정 f-f*")
for k, p in ex.params.items():
    print(f"{names[k]:6s}  {p.lr:.5f}  {p.momentum:.5f}  {p.rate:.4f}   {ex.distance_rate[k]:.4f}"
          f"        {ex.gap_rate[k]:.4f}")

# %%
# 거리와 손실
# -----------
# 왼쪽: :math:`\|x_t - x^*\|` 와 헤비 볼 정리의 상한 :math:`(1 + (1+\rho)t)\rho^t\|x_0 - x^*\|`.
# 오른쪽: :math:`f(x_t) - f^*` 와 네스테로프 정리의 상한.
t = np.arange(ex.distance["gd"].size)
cols = {"gd": plotting.color_for("sgd"), "heavy_ball": plotting.color_for("heavy_ball"),
        "nesterov": plotting.color_for("nesterov")}
fig, (ax1, ax2) = plotting.subplots(1, 2, figsize=(10, 4))
plotting.loss_curves(ax1, {names[k]: ex.distance[k] for k in ex.params}, colors=[cols[k] for k in ex.params],
                     ylabel="$\\|x_t - x^*\\|$", legend=False)
ax1.plot(t, ex.heavy_ball_bound, "--", color=cols["heavy_ball"], linewidth=1.2, label="헤비 볼 정리의 상한")
ax1.legend(fontsize=8, loc="lower left")
ax1.set_title("최소점까지 거리")
plotting.loss_curves(ax2, {names[k]: ex.gap[k] for k in ex.params}, colors=[cols[k] for k in ex.params],
                     ylabel="$f(x_t) - f^*$", legend=False)
ax2.plot(t, ex.nesterov_bound, "--", color=cols["nesterov"], linewidth=1.2, label="네스테로프 정리의 상한")
ax2.legend(fontsize=8, loc="lower left")
ax2.set_title("함수값의 차이");

# %%
# 무엇을 보여 주나
# ----------------
hb_ok = np.all(ex.distance["heavy_ball"] <= ex.heavy_ball_bound * (1 + 1e-12))
nes_ok = np.all(ex.gap["nesterov"] <= ex.nesterov_bound)
print(f"헤비 볼: 이론 {ex.params['heavy_ball'].rate:.4f}, 측정 {ex.distance_rate['heavy_ball']:.4f}, 상한 만족 {hb_ok}")
print(f"네스테로프: 상한의 속도 {ex.params['nesterov'].rate:.4f}, 측정 ‖x-x*‖ {ex.distance_rate['nesterov']:.4f},"
      f" f-f* {ex.gap_rate['nesterov']:.4f} (이차 함수의 예측 {ex.params['nesterov'].rate ** 2:.4f}), 상한 만족 {nes_ok}")

# %%
# 두 정리의 상한은 모든 스텝에서 성립하고, 측정 속도는 이론값과 맞습니다. 이차 함수에서 각각 최적으로
# 맞추면 헤비 볼(:math:`(\sqrt\kappa-1)/(\sqrt\kappa+1) \approx 0.818`)이 네스테로프
# (:math:`1 - 1/\sqrt\kappa = 0.9`)보다 빠릅니다. 네스테로프의 상한은 이차가 아닌 강볼록 함수에서도
# 성립하는 보장이라 이차 함수에서는 느슨합니다(:math:`f - f^*` 가 실제로는 :math:`0.9^2` 의 속도로 줄어듦).
