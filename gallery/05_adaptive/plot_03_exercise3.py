r"""
연습 문제 3: 로젠브록 함수에서 편향 보정이 있는/없는 Adam
=========================================================

원문 노트의 연습 문제 3은 Adam을 NumPy로 처음부터 구현하고 편향 보정의 유무에 따른 차이를
보라고 합니다. 이 예제는 라이브러리의 Adam(:func:`gdbook.optimizers.adam`, 보정 없는 변형은
``bias_correction=False``)으로 로젠브록 함수 :math:`f(x, y) = (1-x)^2 + 100(y-x^2)^2` 를
:math:`x_0 = (-1.5, 2)` 에서 :math:`\eta = 0.1`, 2000스텝 최소화합니다. 직접 구현한 코드를
라이브러리와 스텝마다 맞춰 보는 방법은 책의 :doc:`/exercises/ex3` 에 있습니다.
계산은 :func:`gdbook.experiments.adaptive.exercise3_rosenbrock` 이 합니다.
"""

# %%
# 궤적과 손실
# -----------
from gdbook import functions, plotting
from gdbook.experiments import adaptive

ex = adaptive.exercise3_rosenbrock()
f = functions.Rosenbrock()
results = {label: r.result for label, r in ex.runs.items()}
colors = {label: plotting.color_for(r.key) for label, r in ex.runs.items()}

fig, (ax0, ax1) = plotting.subplots(1, 2)
plotting.contour(ax0, f, (-2.0, 2.0), (-1.0, 3.0), log=True)
plotting.trajectories(ax0, results, colors=colors, markers=False)
ax0.set_title("로젠브록 함수, $\\eta = 0.1$")
plotting.loss_curves(ax1, results, colors=colors, relative_to=f)
ax1.set_title("$f(x_t) - f^*$ (로그 축)")
plotting.plt.show()

for label, r in ex.runs.items():
    steps = ", ".join(f"{v:.3f}" for v in ex.first_steps[label])
    print(f"{label}: 처음 다섯 스텝의 길이/η = {steps}")
    print(f"    최대 손실 {r.peak_loss:.4g} (f(x_0) = {r.result.loss[0]:.4g}), f(x_2000) = {r.final_loss:.3g}")

# %%
# 보정이 없으면 첫 스텝이 좌표마다 :math:`\eta (1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16\,\eta` 라
# 길이가 :math:`\sqrt 2 \cdot 3.16\,\eta \approx 4.47\,\eta` 이고(보정하면 :math:`\sqrt 2\,\eta`),
# 처음 수십 스텝 동안 골짜기를 넘어 튀어 오릅니다. 그래서 손실이 시작값의 약 7배까지 올라갔다
# 내려옵니다. 보정한 Adam은 손실이 시작값을 넘지 않고 기계 정밀도 근처까지 내려갑니다.
#
# 학습률을 바꾸어 보면
# --------------------
# 한 번의 결과로 결론을 내리지 않도록, 학습률 13개(:math:`10^{-3}` 부터 1까지)로 두 변형을 돌려
# 최종 손실과 최대 손실을 비교합니다.
sw = adaptive.exercise3_lr_sweep()
fig, (ax0, ax1) = plotting.subplots(1, 2)
for label in sw.final_loss:
    key = ex.runs[label].key
    ax0.loglog(sw.lrs, sw.final_loss[label], marker="o", markersize=3, color=plotting.color_for(key), label=label)
    ax1.loglog(sw.lrs, sw.peak_loss[label], marker="o", markersize=3, color=plotting.color_for(key), label=label)
ax1.axhline(sw.loss0, color="gray", linestyle=":", linewidth=1, label="$f(x_0)$")
ax0.set_xlabel("학습률 $\\eta$")
ax0.set_ylabel("$f(x_{2000})$")
ax0.set_title("최종 손실")
ax1.set_xlabel("학습률 $\\eta$")
ax1.set_ylabel("$\\max_t f(x_t)$")
ax1.set_title("실행 중 최대 손실")
ax0.legend(fontsize=8)
ax1.legend(fontsize=8)
plotting.plt.show()

for i, lr in enumerate(sw.lrs):
    a, b = (sw.final_loss[k][i] for k in sw.final_loss)
    pa, pb = (sw.peak_loss[k][i] for k in sw.peak_loss)
    print(f"η = {lr:.3g}: 최종 {a:.2e} / {b:.2e}, 최대 {pa:.4g} / {pb:.4g}  (보정 / 보정 없음)")

# %%
# 작은 학습률(:math:`\eta \le 0.03`)에서는 보정 없는 Adam이 같은 스텝 수에 더 낮은 손실에 닿습니다.
# 처음 수천 스텝 동안 실제 스텝이 더 크기 때문입니다(학습률을 키운 것과 비슷한 효과). 학습률이
# 크면 그 큰 초기 스텝이 손실을 시작값의 수십~수천 배까지 튀어 오르게 합니다. 편향 보정의
# 역할은 초기 스텝을 키우는 것이 아니라, 처음부터 스텝 크기를 :math:`\eta` 로 맞춰 학습률의 뜻을
# 일정하게 유지하는 것입니다.
