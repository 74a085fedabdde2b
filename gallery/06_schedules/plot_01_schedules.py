r"""
학습률 스케줄: 노트의 네 스케줄과 워밍업 뒤 코사인 어닐링
=========================================================

원문 노트 §6의 네 스케줄(스텝 감쇠, 지수 감쇠, 코사인 어닐링, 1-사이클)에 워밍업 뒤 코사인
어닐링을 더해 :math:`T = 200` 스텝 동안 그립니다. 스케줄은 :mod:`gdbook.schedules` 의 순수 함수
:math:`\eta(k)` (:math:`k` = 완료된 스텝 수)이고, 업데이트 :math:`t` 는 :math:`\eta(t-1)` 을
씁니다. 매개변수는 :func:`gdbook.experiments.schedules.note_schedules` 에 있습니다.
"""

# %%
# 다섯 스케줄
# -----------
import numpy as np

from gdbook import plotting
from gdbook.experiments import schedules as xs

sched = xs.note_schedules()
fig, axes = plotting.subplots(2, 3, figsize=(9.0, 5.4), sharex=True)
for ax, (label, s) in zip(axes.flat, sched.items()):
    plotting.schedule_curves(ax, {label: s}, xs.NOTE_STEPS, legend=False)
    ax.set_title(label)
    ax.set_ylim(0, 0.105)
ax = axes.flat[-1]
plotting.schedule_curves(ax, sched, xs.NOTE_STEPS, legend=False)
ax.set_title("다섯 스케줄 함께")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=5, fontsize=8)
plotting.plt.show()

k = np.array([0, 50, 100, 150, 199])
for label, s in sched.items():
    print(f"{label:10s} {s!r}")
    print("           η(k), k = 0, 50, 100, 150, 199:", np.round(s(k), 5))

# %%
# 스텝 감쇠는 50스텝마다 절반, 지수 감쇠는 스텝마다 :math:`e^{-0.01}` 배(199스텝 뒤
# :math:`0.1 e^{-1.99} \approx 0.0137`), 코사인 어닐링은 :math:`k = T` 에서 0에 닿습니다.
# 1-사이클은 torch ``OneCycleLR`` 의 기본 정의로 :math:`0.1/25 = 0.004` 에서 시작해
# :math:`k \approx 0.3T - 1` 에서 최대 0.1에 닿은 뒤 곧바로 내려가 :math:`0.004/10^4` 에서 끝납니다.
# 워밍업 + 코사인은 처음 20스텝 동안 :math:`0.1/3` 에서 0.1로 선형으로 올린 뒤 코사인으로 내립니다.
#
# 1-사이클의 세 형태
# ------------------
# 노트의 본문은 1-사이클의 "중간: 최대 학습률 유지"를 말하지만, 스미스와 토핀의 1-사이클,
# torch의 ``OneCycleLR``, 그리고 노트 자신의 코드 어디에도 최대 학습률에 머무는 구간은 없습니다.
variants = xs.one_cycle_variants()
fig, ax = plotting.subplots()
plotting.schedule_curves(ax, variants, xs.NOTE_STEPS, colors=["#CC79A7", "#0072B2", "#000000"])
ax.set_title("1-사이클의 세 형태 (최대 학습률 0.1)")
plotting.plt.show()

for label, s in variants.items():
    v = s(np.arange(xs.NOTE_STEPS))
    at_max = int(np.sum(v >= 0.1 * (1 - 1e-12)))
    print(f"{label}: η = 0.1 인 스텝 수 {at_max}, 최대에 닿는 k = {int(np.argmax(v))}, 마지막 η = {v[-1]:.3g}")
