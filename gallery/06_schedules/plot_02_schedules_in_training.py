r"""
스케줄을 실제로 써 보기: 미니배치 확률적 경사 하강법의 최종 손실
================================================================

학습률 스케줄이 무엇을 바꾸는지 재 봅니다. §3의 최소제곱 선형 회귀(:math:`n = 1000`,
:math:`d = 20`, 잡음 0.1)를 배치 크기 10의 확률적 경사 하강법으로 200스텝 최소화하고,
:math:`\eta_0 = 0.1` 인 일곱 스케줄(상수, 역제곱근 :math:`\eta_0/\sqrt t`, 노트의 네 스케줄,
워밍업 + 코사인)의 최종 초과 손실 :math:`f(x_{200}) - f^*` 를 시드 10개로 비교합니다(책의 §6은
시드 20개를 쓰고, 여기서는 실행 시간을 줄이려고 절반만 씁니다). 한 시드 안에서는 일곱 스케줄이 같은
미니배치 열을 씁니다.
계산은 :func:`gdbook.experiments.schedules.schedules_in_training` 이 합니다.
"""

# %%
import numpy as np

from gdbook import plotting
from gdbook.experiments import schedules as xs

tr = xs.schedules_in_training(seeds=range(10))
colors = [plotting.color_for(tr.schedules[k].name) for k in tr.labels]

fig, (ax0, ax1) = plotting.subplots(1, 2)
plotting.schedule_curves(ax0, tr.schedules, xs.NOTE_STEPS, colors=colors, legend=False)
ax0.set_title("학습률 $\\eta_t$")
plotting.loss_curves(ax1, {k: tr.mean_curves[:, i] for i, k in enumerate(tr.labels)}, colors=colors, legend=False)
ax1.set_ylabel(f"$f(x_t) - f^*$ (시드 {len(tr.excess)}개 평균)")
ax1.set_title("초과 손실")
fig.legend(*ax0.get_legend_handles_labels(), loc="outside lower center", ncol=4, fontsize=8)
plotting.plt.show()

const = tr.mean["상수"]
for k in tr.labels:
    print(f"{k:10s} f(x_200) - f* = {tr.mean[k]:.2e} ± {tr.std[k]:.1e}  "
          f"(상수의 {tr.mean[k] / const:.2f}배, 상수보다 낮은 시드 {tr.wins_vs_constant[k]:.0%})")

# %%
# 상수 학습률은 초과 손실이 :math:`6 \times 10^{-4}` 근처의 잡음 바닥에 머뭅니다. 끝에서 학습률을
# 작게 만드는 다섯 스케줄(스텝 감쇠, 지수 감쇠, 코사인, 1-사이클, 워밍업 + 코사인)은 모든 시드에서
# 상수보다 낮고, 평균으로 대략 5~8배 낮습니다. 다섯 사이의 차이는 시드 사이의 흩어짐(표준편차)과
# 비슷한 크기라 이 실험으로는 순위를 매길 수 없습니다. 역제곱근 감소 :math:`\eta_0/\sqrt t` 는
# 200스텝 안에 초기 오차를 다 줄이지 못해 가장 나쁩니다(:math:`\sum_t \eta_t` 가
# :math:`2\eta_0\sqrt T` 로만 자라기 때문). 이 문제는 볼록이라 워밍업의 이득("초기 불안정성 방지")은
# 여기서 보이지 않습니다.
