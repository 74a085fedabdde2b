r"""
PyTorch 레시피: 실제 데이터, 실제 스텝 수에 맞춘 스케줄
=======================================================

원문 노트 §7.4의 레시피는 역전파 없이 ``optimizer.step()`` 만 부르고, 10 에포크 동안
``CosineAnnealingLR(T_max=100)`` 을 에포크마다 step 합니다. 이 예제는 그 루프를 그대로 돌려 무엇을
하는지 재고(:func:`~gdbook.experiments.practice.note_recipe`), scikit-learn에 들어 있는 손글씨 숫자
데이터(8×8, 학습 1437장, 시험 360장)에서 **실제로 학습하는** 루프를 돌립니다
(:func:`~gdbook.experiments.practice.pytorch_recipe`): 미니배치마다 순전파, 역전파, 노름 클리핑,
AdamW 업데이트, 그리고 :func:`gdbook.schedules.warmup_cosine` 을 ``LambdaLR`` 로 붙인 스케줄 한 칸.
스케줄의 길이는 실제 ``optimizer.step()`` 횟수 :math:`T = 10 \times 23 = 230` 입니다.
"""

# %%
# 노트의 루프가 하는 일
# ---------------------
import numpy as np

from gdbook import plotting
from gdbook.experiments import practice

note = practice.note_recipe()
print(f"모든 .grad 가 None: {note.grads_none}, 10 에포크 뒤 매개변수의 최대 변화: {note.param_change}")
print("노트가 출력하는 학습률:", " ".join(f"{v:.6f}" for v in note.printed_lr))
print(f"마지막 에포크가 쓴 학습률은 처음의 {note.per_epoch_lr[-1] / note.per_epoch_lr[0]:.4f} 배, "
      f"마지막에 출력한 값은 {note.printed_lr[-1] / note.per_epoch_lr[0]:.4f} 배 "
      f"(T_max = {note.T_max} 중 {len(note.per_epoch_lr)} 칸만 지나감)")
k = np.arange(len(note.per_batch_lr))
print(f"같은 스케줄러를 미니배치마다 step 하면: 스텝 100의 학습률 {note.per_batch_lr[100]:.2e}, "
      f"스텝 200의 학습률 {note.per_batch_lr[200]:.2e} (다시 최대)")
print(f"torch 점화식과 gdbook 닫힌 꼴의 최대 상대 차이: {note.closed_form_diff:.1e}")

# %%
# 고친 레시피
# -----------
r = practice.pytorch_recipe()
run = r.run
print(f"학습 {len(r.data.X_train)}장, 배치 크기 64 → 에포크당 {run.steps_per_epoch} 스텝, "
      f"전체 T = {run.total_steps} 스텝, 워밍업 {r.warmup_steps} 스텝")
for t in (1, 2, r.warmup_steps, r.warmup_steps + 1, run.total_steps // 2, run.total_steps):
    print(f"  optimizer.step() {t:3d}: 실제 학습률 {run.lr[t - 1]:.6e}, gdbook schedule({t - 1}) = "
          f"{r.schedule(t - 1):.6e}")
print(f"torch가 쓴 학습률과 gdbook 스케줄의 최대 차이: {r.max_lr_diff}")
print(f"클리핑(max_norm = 1)이 작동한 스텝: {run.clipped_steps}/{run.total_steps}, "
      f"그래디언트 노름 최댓값 {run.grad_norm.max():.3f}")
print("에포크마다 시험 정확도:", " ".join(f"{a:.3f}" for a in run.test_accuracy))
print(f"학습 손실(전체): 처음 미니배치 {run.loss[0]:.3f} → 마지막 에포크 {run.train_loss[-1]:.4f}")

# %%
# 왼쪽: 스텝마다의 학습률을 최대 학습률로 나눈 것. 고친 레시피는 torch가 실제로 쓴 값(점)과
# gdbook 스케줄(선)이고, 노트의 두 가지 사용법을 같은 가로축(230 스텝)에 그렸습니다. 오른쪽:
# 미니배치 손실(옅은 선)과 에포크가 끝날 때의 전체 학습 손실(점), 그리고 시험 정확도.
fig, (ax0, ax1) = plotting.subplots(1, 2)
T = run.total_steps
t = np.arange(1, T + 1)
ours = plotting.color_for("warmup_cosine")
ax0.plot(t, r.schedule(np.arange(T)) / r.schedule.params["lr"], color=ours, linewidth=2,
         label="고친 레시피: 워밍업 + 코사인, 길이 $T$")
ax0.plot(t[::4], run.lr[::4] / r.schedule.params["lr"], "o", color=ours, markersize=3,
         label="  torch가 실제로 쓴 학습률")
epoch_lr = np.repeat(note.per_epoch_lr, run.steps_per_epoch) / note.per_epoch_lr[0]
ax0.plot(t, epoch_lr[:T], color=plotting.color_for("cosine_annealing"), linewidth=1.6,
         drawstyle="steps-post", label="노트: $T_{\\max} = 100$, 에포크마다 step")
ax0.plot(t, note.per_batch_lr[:T] / note.per_batch_lr[0], color=plotting.color_for("step_decay"),
         linewidth=1.2, linestyle="--", label="$T_{\\max} = 100$ 을 미니배치마다 step")
ax0.set_xlabel("optimizer.step() 번호 $t$")
ax0.set_ylabel("학습률 / 최대 학습률")
ax0.set_ylim(-0.02, 1.6)
ax0.legend(fontsize=7.5, loc="upper center")
ax0.set_title("스텝마다의 학습률")

ax1.semilogy(t, run.loss, color="0.7", linewidth=0.8, label="미니배치 손실")
ends = np.arange(1, len(run.train_loss) + 1) * run.steps_per_epoch
ax1.semilogy(ends, run.train_loss, "o-", color=plotting.color_for("adamw"), markersize=4,
             label="에포크 끝의 학습 손실")
ax1.set_xlabel("optimizer.step() 번호 $t$")
ax1.set_ylabel("교차 엔트로피")
acc = ax1.twinx()
acc.plot(ends, run.test_accuracy, "s--", color="#D55E00", markersize=4, label="시험 정확도")
acc.set_ylim(0.5, 1.0)
acc.set_ylabel("시험 정확도", color="#D55E00")
h0, l0 = ax1.get_legend_handles_labels()
h1, l1 = acc.get_legend_handles_labels()
ax1.legend(h0 + h1, l0 + l1, fontsize=8, loc="center right")
ax1.set_title("고친 레시피의 손실과 시험 정확도")
plotting.plt.show()

# %%
# 노트의 루프는 그래디언트가 없어 매개변수를 하나도 바꾸지 않고(최대 변화 0.0), 학습률은 10
# 에포크 동안 처음의 0.9801배(마지막에 출력하는 값은 0.9755배)까지밖에 내려가지 않습니다. 같은 ``T_max = 100`` 을 미니배치마다
# step 하면 스텝 100에서 0이 된 뒤 다시 올라갑니다. 고친 레시피는 :math:`T = 230` 스텝에 맞춘
# 스케줄을 ``LambdaLR`` 로 붙였으므로 torch가 쓴 학습률이 gdbook 스케줄과 정확히(차이 0.0) 같고,
# 10 에포크 뒤 시험 정확도는 위에 출력한 값입니다. 이 실행에서 클리핑은 몇 스텝에서만 작동했습니다.
