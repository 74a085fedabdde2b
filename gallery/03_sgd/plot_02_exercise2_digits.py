r"""
연습 문제 2: 2층 신경망과 배치 크기
===================================

연습 문제 2의 풀이를 실행합니다. MNIST는 내려받을 수 없으므로 scikit-learn에 들어 있는 손글씨 숫자
데이터(8×8, 1797장)로 2층 신경망(은닉 32, ReLU)을 학습합니다. 배치 경사 하강법, 배치 크기 512, 128,
32, 1이 모두 같은 초기값, 같은 학습률 :math:`\eta = 0.1` (모멘텀 없는 SGD), 5 에포크를 씁니다(책의
:doc:`/exercises/ex2` 는 10 에포크; 여기서는 실행 시간을 줄이려고 절반만 돌립니다). 계산은
:func:`gdbook.experiments.sgd.exercise2_experiment` 에 있습니다. MNIST 파일이 있다면
``exercise2_experiment(load_mnist(path))`` 로 같은 비교를 할 수 있습니다.
"""

# %%
# 실행
# ----
# 학습 시간은 이 예제를 실행한 컴퓨터에서 잰 값이며 컴퓨터와 부하에 따라 달라집니다.
import numpy as np

from gdbook import plotting
from gdbook.experiments.sgd import exercise2_experiment

ex = exercise2_experiment(epochs=5)
print(f"데이터: {ex.data.name}, 학습 {len(ex.data.y_train)}장, 시험 {len(ex.data.y_test)}장")
print("배치 크기            업데이트   최종 학습 손실   시험 정확도   학습 시간(초)")
for b, r in ex.records.items():
    print(f"{r.label:18s} {r.updates[-1]:7d}     {r.train_loss[-1]:8.4f}       {r.test_accuracy[-1]:7.3f}"
          f"       {r.wall_time[-1]:7.3f}")

# %%
# 에포크당, 업데이트당, 시간당
# ----------------------------
cols = plotting.sweep_colors(len(ex.records))
fig, axes = plotting.subplots(1, 3, figsize=(10, 3.6), sharey=True)
for (b, r), c in zip(ex.records.items(), cols):
    axes[0].plot(np.arange(ex.epochs + 1), r.train_loss, "o-", markersize=3, color=c, label=r.label)
    axes[1].plot(r.updates[1:], r.train_loss[1:], "o-", markersize=3, color=c)
    axes[2].plot(r.wall_time[1:], r.train_loss[1:], "o-", markersize=3, color=c)
axes[0].set_xlabel("에포크")
axes[0].set_ylabel("학습 손실 (교차 엔트로피)")
axes[1].set_xlabel("업데이트 수 $t$")
axes[2].set_xlabel("학습 시간 (초, 이 컴퓨터)")
for ax, what in zip(axes, ("에포크", "업데이트 수", "학습 시간")):
    ax.set_title(f"{what}에 대한 학습 손실")
for ax in axes[1:]:
    ax.set_xscale("log")
for ax in axes:
    ax.set_yscale("log")
# 범례는 비어 있는 가운데 패널의 왼쪽 아래에
axes[1].legend(*axes[0].get_legend_handles_labels(), fontsize=8, loc="lower left");

# %%
# 무엇을 보여 주나
# ----------------
r1, rg = ex.records[1], ex.records[len(ex.data.y_train)]
print(f"에포크당: {ex.epochs} 에포크 뒤 배치 크기 1의 손실 {r1.train_loss[-1]:.3f}, 배치 GD {rg.train_loss[-1]:.3f}")
print(f"업데이트 수: 배치 크기 1은 {r1.updates[-1]}번, 배치 GD는 {rg.updates[-1]}번")
print(f"시험 정확도: 배치 크기 1 {r1.test_accuracy[-1]:.3f}, 배치 GD {rg.test_accuracy[-1]:.3f}")

# %%
# 에포크당으로는 작은 배치가 빠르고, 업데이트당으로는 모든 곡선이 거의 한 선 위에 놓입니다(가운데).
# 같은 학습률에서 5 에포크 동안의 순위는 주로 업데이트 수의 차이이고, 시험 정확도의 순위도 마찬가지입니다.
# 시간은 numpy의 업데이트당 고정 비용 때문에 배치 크기 1이 가장 오래 걸립니다. 이는 구현과
# 하드웨어에 대한 결과입니다.
