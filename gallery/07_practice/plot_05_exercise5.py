r"""
연습 문제 5: 네 가지 학습률 스케줄로 같은 모델 학습하기
=======================================================

원문의 연습 문제 5는 CIFAR-10에서 작은 CNN을 고정 학습률, 계단식 감소, 코사인 어닐링, 원 사이클로
학습해 비교하라고 합니다. 이 책을 빌드하는 환경에서는 CIFAR-10을 내려받을 수 없으므로, 여기서는
scikit-learn에 들어 있는 손글씨 숫자(8×8 흑백, 학습 1437장, 시험 360장)에서 은닉층 하나(64)인
MLP를 모멘텀 SGD(:math:`\beta = 0.9`)로 학습합니다. 8×8 이미지에서는 작은 CNN도 비슷한 정확도를
내지만 스텝당 계산이 약 5배라서, 시드 세 개 × 스케줄 네 개를 몇 초 안에 돌리려고 MLP를 골랐습니다.
CIFAR-10이 있는 독자는 ``exercise5(load_cifar10(폴더), model="cnn")`` 로 같은 비교를 할 수 있습니다
(:func:`~gdbook.experiments.practice.exercise5`, :func:`~gdbook.experiments.practice.load_cifar10`).
"""

# %%
# 실행
# ----
# 같은 최대 학습률 :math:`\eta_0 = 0.3`, 배치 크기 128, 10 에포크(:math:`T = 120` 스텝), 시드 0, 1, 2.
# 책의 :doc:`/exercises/ex5` 는 20 에포크를 돌립니다. 여기서는 실행 시간을 줄이려고 절반만 돌립니다.
import numpy as np

from gdbook import plotting
from gdbook.experiments import practice

e = practice.exercise5(epochs=10)
LABELS = {"constant": "고정", "step_decay": "계단식 감소", "cosine_annealing": "코사인 어닐링",
          "one_cycle": "원 사이클"}
print(f"{e.data.name}: 학습 {len(e.data.X_train)}장, 시험 {len(e.data.X_test)}장, 모델 {e.model}, "
      f"T = {e.total_steps} 스텝, 시드 {e.seeds}")
print("스케줄           시험 정확도(시드별)        평균    마지막 학습 손실(평균)")
for k, acc in e.final_accuracy.items():
    print(f"{LABELS[k]:8s}  {' '.join(f'{a:.4f}' for a in acc)}   {acc.mean():.4f}   "
          f"{e.final_train_loss[k].mean():.4f}")

# %%
# 왼쪽: torch가 스텝마다 실제로 쓴 학습률(모든 시드가 같음). 오른쪽 위: 에포크마다 시험
# 정확도(선: 시드 평균, 띠: 최솟값~최댓값). 오른쪽 아래: 에포크 끝의 학습 손실(시드 평균).
fig = plotting.figure(figsize=(8, 6.4))
axd = fig.subplot_mosaic([["lr", "acc"], ["lr", "loss"]])
epochs = np.arange(1, len(e.runs["constant"][0].test_accuracy) + 1)
for k, runs in e.runs.items():
    color = plotting.color_for(k)
    axd["lr"].plot(np.arange(1, e.total_steps + 1), runs[0].lr, color=color, linewidth=1.8, label=LABELS[k])
    acc = np.array([r.test_accuracy for r in runs])
    axd["acc"].plot(epochs, acc.mean(0), color=color, linewidth=1.6, label=LABELS[k])
    axd["acc"].fill_between(epochs, acc.min(0), acc.max(0), color=color, alpha=0.15, linewidth=0)
    loss = np.array([r.train_loss for r in runs])
    axd["loss"].semilogy(epochs, loss.mean(0), color=color, linewidth=1.6, label=LABELS[k])
axd["lr"].set_xlabel("optimizer.step() 번호 $t$")
axd["lr"].set_ylabel(r"학습률 $\eta_t$")
axd["lr"].legend(fontsize=8)
axd["lr"].set_title("스케줄별 학습률")
axd["acc"].set_title("에포크마다의 시험 정확도와 학습 손실")
axd["acc"].set_ylim(0.85, 1.0)
axd["acc"].set_ylabel("시험 정확도")
axd["acc"].legend(fontsize=7.5, loc="lower right")
axd["loss"].set_xlabel("에포크")
axd["loss"].set_ylabel("학습 손실")
plotting.plt.show()

# %%
# 고정, 코사인 어닐링, 원 사이클의 마지막 시험 정확도는 시드 평균으로 0.1%포인트 안쪽에서 서로 같고,
# 이 차이는 한 스케줄 안에서 시드에 따른 차이(최대 약 1.4%포인트)보다 훨씬 작습니다. 시험 데이터가
# 360장이라 한 장이 0.28%포인트입니다. 그러니 이 셋 사이의 순위를 읽으면 안 됩니다. 계단식 감소는
# 다릅니다. 3분의 1 지점(스텝 40)에서 학습률을 0.03으로 줄이므로 이 짧은 실행에서는 학습이 덜 되어,
# 세 시드 모두 시험 정확도 0.9528로 다른 모든 실행보다 낮고 학습 손실도 가장 높은 곳에서 멈춥니다
# (20 에포크를 돌리는 연습 문제 페이지에서는 계단식 감소도 다른 스케줄과 같은 정확도에 닿습니다).
# 학습 손실을 보면, 고정 학습률은 평균으로는 가장 낮은 손실에 닿지만 시드마다 흔들리고(0.026 ~
# 0.051), 코사인 어닐링과 원 사이클은 학습률이 0 가까이 내려가면서 시드에 거의 상관없는 손실에서
# 멈춥니다. 스케줄이 정확도를 가르는 경우는 연습 문제 페이지에서 최대 학습률을 1.0으로 올려 보여
# 줍니다.
means = {k: v.mean() for k, v in e.final_accuracy.items()}
seed_spread = max(v.max() - v.min() for v in e.final_accuracy.values())
three = [means[k] for k in ("constant", "cosine_annealing", "one_cycle")]
print(f"정확도 평균의 범위: 네 스케줄 {max(means.values()) - min(means.values()):.4f}, 계단식 감소를 뺀 셋 "
      f"{max(three) - min(three):.4f}; 한 스케줄 안 시드 차이의 최댓값 {seed_spread:.4f}")
for k, v in e.final_train_loss.items():
    print(f"{LABELS[k]:8s} 마지막 학습 손실: 평균 {v.mean():.4f}, 시드 간 범위 {v.min():.4f} ~ {v.max():.4f}")
