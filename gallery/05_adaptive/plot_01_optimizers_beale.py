r"""
빌 함수에서 다섯 옵티마이저: 원문 노트의 설정 그대로, 그리고 학습률을 맞춘 뒤
=============================================================================

원문 노트 §5.4의 실험을 그대로 다시 돌립니다. 빌 함수
:math:`f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2` 를
:math:`x_0 = (3, 3)` 에서 500스텝 최소화합니다(최소점 :math:`(3, 0.5)`, 최솟값 0).
하이퍼파라미터는 노트와 같습니다: SGD :math:`\eta = 0.001`, 모멘텀 :math:`\eta = 0.001,
\beta = 0.9`, AdaGrad :math:`\eta = 0.5`, RMSProp :math:`\eta = 0.01, \alpha = 0.9`,
Adam :math:`\eta = 0.01`.

계산은 :func:`gdbook.experiments.adaptive.beale_note_comparison` 과
:func:`gdbook.experiments.adaptive.beale_lr_sweep` 이 하고, 여기서는 그리기만 합니다.
"""

# %%
# 노트의 설정 그대로
# ------------------
# 시작점에서 :math:`f(3, 3) \approx 7245.7`, :math:`\lVert \nabla f(3, 3) \rVert \approx 1.48 \times 10^4`
# 입니다. SGD의 첫 스텝 길이는 :math:`\eta \lVert g_1 \rVert \approx 14.8` 이라 점이 창 밖으로
# 튀어 나가고, 발산한 실행은 ``x`` 와 ``발산 (스텝 t)`` 로 표시됩니다.
import numpy as np

from gdbook import functions, plotting
from gdbook.experiments import adaptive

runs = adaptive.beale_note_comparison()
f = functions.Beale()
colors = {label: plotting.color_for(r.key) for label, r in runs.items()}

fig, (ax0, ax1) = plotting.subplots(1, 2)
plotting.contour(ax0, f, (-1.0, 4.5), (-1.0, 4.0), log=True)
plotting.trajectories(ax0, {k: r.result for k, r in runs.items()}, colors=colors, markers=False)
ax0.set_title("빌 함수: 노트의 하이퍼파라미터")
plotting.loss_curves(ax1, {k: r.result for k, r in runs.items()}, colors=colors)
ax1.set_title("손실 $f(x_t)$ (로그 축)")
plotting.plt.show()

for label, r in runs.items():
    if r.diverged_at >= 0:
        losses = ", ".join(f"{v:.3g}" for v in r.result.loss[: r.diverged_at + 1])
        print(f"{label:8s} 스텝 {r.diverged_at}에서 발산 (f(x_0..x_{r.diverged_at}) = {losses})")
    else:
        print(f"{label:8s} f(x_500) = {r.final_loss:.4g}, ||x_500 - (3, 0.5)|| = {r.distance:.3g}")

# %%
# SGD와 모멘텀은 세 스텝 만에 손실이 :math:`10^{178}` 근처까지 커지고 네 번째 스텝에서
# 유한하지 않게 됩니다(노트가 말한 "단순, 느림"이 아니라 발산). 적응적 방법은 첫 스텝 크기가
# 그래디언트의 크기와 거의 상관없이 :math:`\eta` 정도라서 살아남지만, 500스텝 뒤 최소점 가까이에
# 있는 것은 RMSProp뿐입니다. 노트가 "대부분 상황에서 우수"라고 한 Adam(:math:`\eta = 0.01`)은
# :math:`f \approx 88` 에 머뭅니다.
#
# 방법마다 학습률을 맞추면
# ------------------------
# 한 방법의 학습률 25개(:math:`10^{-5}` 부터 :math:`10` 까지)를 배치 실행 한 번으로 돌리고,
# 500스텝 뒤 손실을 학습률에 대해 그립니다. 발산한 학습률은 위쪽 가장자리의 ``x`` 입니다.
# (책의 §5.4는 NAdam, AMSGrad, Adadelta도 함께 훑습니다.)
sweep = adaptive.beale_lr_sweep(methods=list(runs))

fig, ax = plotting.subplots()
top = 1e5
for i, (label, sw) in enumerate(sweep.items()):
    color = plotting.color_for(sw.key)
    ax.loglog(sw.lrs, sw.final_loss, marker="o", markersize=3, color=color, label=label)
    bad = sw.diverged_at >= 0  # 발산한 학습률: 방법마다 한 줄씩 위쪽에
    ax.plot(sw.lrs[bad], np.full(bad.sum(), top / 3**i), linestyle="none", marker="x", color=color)
ax.set_ylim(1e-4, top * 2)
ax.set_xlabel("학습률 $\\eta$")
ax.set_ylabel("$f(x_{500})$")
ax.set_title("빌 함수, 500스텝 뒤 손실 (x: 발산)")
ax.legend(fontsize=8, ncol=2)
plotting.plt.show()

for label, sw in sweep.items():
    b = sw.best
    print(f"{label:9s} 최선 η = {sw.best_lr:.3g}: f(x_500) = {b.final_loss:.3g}, 거리 {b.distance:.3g}")

# %%
# 그래디언트의 크기에 맞춘 작은 학습률(:math:`\eta = 10^{-4}`)이면 SGD도 발산하지 않고
# 노트의 Adam보다 훨씬 낮은 손실에 닿습니다. SGD가 쓸 수 있는 학습률 창은 좁고(그 위로는 발산),
# 적응적 방법은 여러 자릿수에 걸쳐 발산하지 않습니다. 적응적 방법의 최종 손실은 학습률에 대해
# 들쭉날쭉합니다: 학습률이 일정하면 최소점 근처에서 :math:`\eta` 크기로 흔들리기 때문입니다.
# 이 비교는 하나의 비볼록 함수, 하나의 시작점, 500스텝에 대한 것입니다.
#
# 맞춘 학습률로 돌린 손실 곡선:
best = {label: sw.best.result for label, sw in sweep.items()}
fig, ax = plotting.subplots()
plotting.loss_curves(ax, best, colors=[plotting.color_for(sweep[k].key) for k in best],
                     labels=[f"{k} ($\\eta = {sweep[k].best_lr:.2g}$)" for k in best])
ax.set_title("방법마다 맞춘 학습률")
plotting.plt.show()
