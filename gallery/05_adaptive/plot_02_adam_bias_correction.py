r"""
Adam의 편향 보정: 보정 인자와 실제 스텝 크기
============================================

Adam의 모멘트 :math:`m_t, v_t` 는 0에서 시작하는 지수 이동 평균이라, 그래디언트의 평균이 일정하면
:math:`\mathbb E[m_t] = (1 - \beta_1^t)\,\mathbb E[g]`, :math:`\mathbb E[v_t] = (1 - \beta_2^t)\,\mathbb E[g^2]`
입니다. 편향 보정은 이 인자로 나눕니다:
:math:`\hat m_t = m_t / (1 - \beta_1^t)`, :math:`\hat v_t = v_t / (1 - \beta_2^t)`.

이 예제는 (1) 보정 인자 :math:`1/(1 - \beta^t)` 가 언제 1에 가까워지는지와 (2) 보정이 없을 때
스텝이 실제로 얼마나 달라지는지를 그래디언트가 늘 1인 함수 :math:`f(x) = x` 에서 잽니다.
계산은 :func:`gdbook.experiments.adaptive.bias_correction_steps` 가 합니다.
"""

# %%
# 보정 인자와 스텝 크기
# ---------------------
import numpy as np

from gdbook import plotting
from gdbook.experiments import adaptive

bc = adaptive.bias_correction_steps(steps=5000)

fig, (ax0, ax1) = plotting.subplots(1, 2)
ax0.loglog(bc.t, bc.factor1, color=plotting.color_for("momentum"), label="$1/(1-\\beta_1^t)$, $\\beta_1 = 0.9$")
ax0.loglog(bc.t, bc.factor2, color=plotting.color_for("rmsprop"), label="$1/(1-\\beta_2^t)$, $\\beta_2 = 0.999$")
ax0.axhline(1.0, color="gray", linewidth=0.8, linestyle=":")
ax0.set_xlabel("스텝 $t$")
ax0.set_ylabel("보정 인자")
ax0.set_title("편향 보정 인자")
ax0.legend(fontsize=9)

ax1.semilogx(bc.t, bc.corrected, color=plotting.color_for("adam"), label="Adam (측정)")
ax1.semilogx(bc.t, bc.uncorrected, color=plotting.color_for("adam_no_bias_correction"),
             label="편향 보정 없음 (측정)")
ax1.semilogx(bc.t, bc.predicted, color="black", linestyle="--", linewidth=1,
             label="$(1-\\beta_1^t)/\\sqrt{1-\\beta_2^t}$")
i = int(np.argmax(bc.uncorrected))
for j, offset in ((0, (8, -4)), (i, (-20, 8))):
    ax1.annotate(f"$t = {bc.t[j]}$: {bc.uncorrected[j]:.2f}", (bc.t[j], bc.uncorrected[j]),
                 xytext=offset, textcoords="offset points", fontsize=9)
ax1.set_ylim(0.5, 9.0)
ax1.set_xlabel("스텝 $t$")
ax1.set_ylabel("스텝 크기 $|x_t - x_{t-1}| / \\eta$")
ax1.set_title("그래디언트가 일정할 때의 스텝")
ax1.legend(fontsize=9)
plotting.plt.show()

for t in (1, 10, 100, 1000, 3000):
    print(f"t = {t:4d}: 1/(1-β1^t) = {bc.factor1[t - 1]:.6g}, 1/(1-β2^t) = {bc.factor2[t - 1]:.4g}, "
          f"보정 없는 스텝 / 보정한 스텝 = {bc.uncorrected[t - 1] / bc.corrected[t - 1]:.4g}")
print(f"보정 없는 스텝의 최댓값: t = {bc.t[i]} 에서 {bc.uncorrected[i]:.4g} η")
print(f"1/(1-β2^t) < 1.1 이 되는 첫 스텝: {bc.t[np.argmax(bc.factor2 < 1.1)]}, "
      f"< 1.01: {bc.t[np.argmax(bc.factor2 < 1.01)]}")

# %%
# :math:`\beta_1 = 0.9` 의 보정은 수십 스텝이면 사라지지만(:math:`t = 100` 에서 1.00003),
# :math:`\beta_2 = 0.999` 의 보정은 :math:`t = 100` 에서도 약 10.5, :math:`t = 1000` 에서 약 1.58이고,
# 2397번째 스텝에 가서야 1.1 아래로 내려갑니다. 보정하지 않으면 스텝은 작아지는 것이 아니라
# **커집니다**: :math:`t = 1` 에서 :math:`(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16` 배이고,
# :math:`t = 12` 에서 약 6.57배로 가장 큽니다. :math:`v_t` 의 편향(:math:`\sqrt{\cdot}` 아래의
# :math:`1-\beta_2^t`)이 :math:`m_t` 의 편향(:math:`1-\beta_1^t`)보다 훨씬 크기 때문입니다.
# 측정한 스텝(실선)은 식(점선)과 겹칩니다.
#
# :math:`\hat v_t` 는 분산이 아니다
# ---------------------------------
# :math:`v_t` 는 :math:`g_t^2` 의 평균이므로 :math:`\hat v_t` 는 :math:`\mathbb E[g^2]` 를 추정합니다.
# 그래디언트가 늘 2이면(분산 0) :math:`\hat v_t = 4`, 부호만 번갈아 바뀌는 :math:`\pm 2` 이면
# (평균 0, 분산 4) :math:`|\hat m_t|` 는 약 0.105로 작고 :math:`\hat v_t = 4` 입니다.
const = adaptive.moment_estimates(np.full((200, 1), 2.0))
alt = adaptive.moment_estimates(2.0 * (-1.0) ** np.arange(200)[:, None])
print(f"일정한 g = 2:   m̂_200 = {const.m_hat[-1, 0]:.4f}, v̂_200 = {const.v_hat[-1, 0]:.4f}")
print(f"번갈아 g = ±2:  m̂_200 = {alt.m_hat[-1, 0]:.4f}, v̂_200 = {alt.v_hat[-1, 0]:.4f}")
