r"""
그래디언트 클리핑: 발산하던 실행이 수렴하는 경우와 고쳐지지 않는 경우
=====================================================================

노름 클리핑은 :math:`g \leftarrow g\,\min\bigl(1, c/(\lVert g \rVert + 10^{-6})\bigr)` (torch의
``clip_grad_norm_``), 값 클리핑은 원소마다 :math:`g_i \leftarrow \min(\max(g_i, -c), c)` 입니다
(:mod:`gdbook.clipping`). 이 예제는 로젠브록 함수에서 클리핑이 발산을 막는 실행과, 클리핑이
최소점의 안정성 한계는 바꾸지 못한다는 것을 잽니다
(:func:`~gdbook.experiments.practice.clipping_experiment`). 마지막으로 원문 노트의 torch 예제를
고쳐 돌리고 torch와 gdbook의 클리핑 결과를 비교합니다
(:func:`~gdbook.experiments.practice.torch_clip_demo`).
"""

# %%
# 로젠브록 함수, 가파른 곳에서 출발
# ---------------------------------
import numpy as np

from gdbook import plotting
from gdbook.experiments import practice

c = practice.clipping_experiment()
names = {"none": "클리핑 없음", "norm": f"노름 클리핑 (c = {c.max_norm:g})", "value": f"값 클리핑 (c = {c.max_norm:g})"}
g1 = c.results["none"].grad_norm[0]
print(f"x0 = {tuple(map(float, c.x0))}, ‖g_1‖ = {g1:.1f}, η = {c.lr:g}, 첫 스텝 길이(클리핑 없음) η‖g_1‖ = {c.lr * g1:.2f}")
print(f"최소점의 안정성 한계 2/λ_max = {c.local_limit:.4e}")
for k, r in c.results.items():
    if r.diverged:
        line = f"스텝 {r.diverged_at}에서 발산"
    else:
        line = (f"발산 없음, 최종 손실 {r.loss_final:.3g}, 손실 < {c.loss_level:g} 인 첫 스텝 {c.first_below[k]}, "
                f"클리핑이 작동한 스텝 {c.clipped_steps[k]}")
    print(f"  {names[k]}: {line}")

# %%
# 왼쪽: 궤적(처음 점은 속이 빈 원, 발산은 x). 오른쪽: 손실 :math:`f(x_t)` (로그 축).
colors = {"none": plotting.color_for("sgd"), "norm": "#0072B2", "value": "#D55E00"}
fig, (ax0, ax1) = plotting.subplots(1, 2)
plotting.contour(ax0, c.objective, (-2.5, 2.5), (-1.5, 4), log=True)
runs = {names[k]: r for k, r in c.results.items()}
plotting.trajectories(ax0, runs, colors=[colors[k] for k in c.results], markers=False)
ax0.legend(fontsize=8, loc="upper center")
plotting.loss_curves(ax1, runs, colors=[colors[k] for k in c.results])
ax1.set_title(f"$\\eta = {c.lr:g}$")
plotting.plt.show()

# %%
# 클리핑이 없으면 첫 스텝이 약 6만큼 뛰어 :math:`(4.009, 0.5)` 에 떨어지고, 거기서 그래디언트가 더
# 커져 스텝 6에서 float64를 넘칩니다. 노름 클리핑은 처음 140 스텝 동안만 작동하고(그 뒤로는
# :math:`\lVert g_t \rVert \le c` 라서 아무것도 하지 않음) 실행은 수렴합니다. 이 :math:`\eta` 는
# 최소점의 안정성 한계보다 작으므로, 클리핑은 "처음의 큰 그래디언트" 만 처리하면 됩니다.
#
# 한계를 넘는 학습률
# ------------------
# 최소점 바로 옆 :math:`(1.001, 1)` 에서 :math:`\eta` 를 한계의 양쪽으로 둡니다.
for k, label in (("below", f"η = {c.below_lr:g}, 클리핑 없음"), ("none", f"η = {c.beyond_lr:g}, 클리핑 없음"),
                 ("norm", f"η = {c.beyond_lr:g}, 노름 클리핑")):
    lo, hi = c.tail_loss[k]
    print(f"  {label}: 뒤쪽 절반 스텝의 손실 {lo:.3g} ~ {hi:.3g}")
print("격자 시작점", c.grid_size, "개 가운데 발산한 비율")
for lr, a, b in zip(c.grid_lrs, c.grid_diverged["none"], c.grid_diverged["norm"]):
    print(f"  η = {lr:g}: 클리핑 없음 {a:.3f}, 노름 클리핑 {b:.3f}")

fig, ax = plotting.subplots(figsize=(8, 3.6))
beyond = {f"$\\eta = {c.below_lr:g}$, 클리핑 없음": c.beyond["below"],
          f"$\\eta = {c.beyond_lr:g}$, 클리핑 없음": c.beyond["none"],
          f"$\\eta = {c.beyond_lr:g}$, 노름 클리핑": c.beyond["norm"]}
plotting.loss_curves(ax, beyond, colors=["#009E73", colors["none"], colors["norm"]])
ax.set_title(f"최소점 옆에서 출발: 한계 $2/\\lambda_{{\\max}} = {c.local_limit:.4g}$")
plotting.plt.show()

# %%
# 한계보다 작은 :math:`\eta` 는 손실이 :math:`10^{-8}` 아래로 내려가지만, 한계보다 큰 :math:`\eta` 는
# 클리핑이 있든 없든 수렴하지 않습니다. 클리핑은 한 스텝의 길이를 :math:`\eta c` 로 묶어 넘침을
# 막을 뿐, 최소점 근처의 선형화 :math:`x \mapsto x - \eta \nabla^2 f(x^*) (x - x^*)` 가 불안정하다는
# 사실(:math:`\eta\lambda_{\max} > 2`)은 바꾸지 못합니다. 격자 실험에서는 한계 아래의 모든 학습률에서
# 클리핑이 발산을 0으로 만들었습니다.

# %%
# 원문 노트의 torch 예제
# ----------------------
# 노트의 ``W = torch.randn(10, 10, requires_grad=True) * 2`` 는 곱셈의 결과라 잎 텐서가 아니어서
# ``W.grad`` 가 ``None`` 입니다. ``(torch.randn(10, 10) * 2).requires_grad_()`` 로 고칩니다.
d = practice.torch_clip_demo()
print(f"노트의 코드: W.is_leaf = {d.note_is_leaf}, 예외 AttributeError: {d.note_error}")
print(f"torch 경고: {d.note_warning}")
print(f"고친 코드: 클리핑 전 노름 {d.norm_before:.1f}, 뒤 {d.norm_after:.7f} (float32), 배율 {d.coef:.4e}")
print(f"gdbook: 클리핑 전 노름 {d.gdbook_norm_before:.1f}, 뒤 {d.gdbook_norm_after:.12f} (float64)")
print(f"float64에서 torch와 gdbook의 최대 차이 {d.max_diff_float64:g}, "
      f"float32 torch와의 최대 상대 차이 {d.max_rel_diff_float32:.1e}")

# %%
# 노트가 "큰 가중치" 라고 한 :math:`2W` 는 실제로 그래디언트를 폭발시킵니다(노름 약
# :math:`2.4 \times 10^5`). 클리핑 뒤 노름은 정확히 1이 아니라 :math:`\lVert g \rVert/(\lVert g \rVert
# + 10^{-6})` 입니다(torch의 :math:`10^{-6}`). 같은 float64 입력에서 torch와
# :func:`gdbook.clipping.clip_by_global_norm` 의 결과는 비트 단위까지 같습니다.
