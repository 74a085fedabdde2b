r"""
안장점 근처에서 출발한 경사 하강법: 벗어나는 데 걸리는 스텝
===========================================================

:math:`f(x, y) = \tfrac12(x^2 - y^2)` (:class:`gdbook.functions.Saddle`)의 원점은 그래디언트가
0인 안장점입니다. :math:`(1, \delta)` 에서 출발한 경사 하강법은 :math:`x_t = (1-\eta)^t`,
:math:`y_t = (1+\eta)^t \delta` 이므로, :math:`|y_t| \ge 1` 이 되는 스텝은 정확히
:math:`\lceil \ln(1/\delta) / \ln(1 + \eta) \rceil` 입니다. 그동안 손실은 안장점의 값 0 근처에
머뭅니다(정체 구간). 같은 실험을 모멘텀(:math:`\beta = 0.9`)으로도 합니다
(:func:`~gdbook.experiments.practice.saddle_escape`).
"""

# %%
# 벗어난 스텝: 측정과 예측
# ------------------------
import numpy as np

from gdbook import plotting
from gdbook.experiments import practice
from gdbook.experiments.basics import select_run

s = practice.saddle_escape()
print(f"η = {s.lr:g}, β = {s.momentum:g}, 기준 |y_t| ≥ {s.radius:g}")
print("      δ    경사 하강법  예측   모멘텀   min‖g_t‖ (경사 하강법)")
for i, d in enumerate(s.offsets):
    print(f"{d:8.0e}  {s.escape_step['sgd'][i]:8d}  {s.predicted_step[i]:6d}  {s.escape_step['momentum'][i]:6d}"
          f"   {s.min_grad_norm[i]:.2e}")
for k, name in (("sgd", "경사 하강법"), ("momentum", "모멘텀")):
    print(f"{name}: |y| 가 스텝마다 {s.growth[k]:.4f}배, δ가 10배 작아질 때 "
          f"{s.steps_per_decade[k]:.2f} 스텝 더 (이론 {s.predicted_per_decade[k]:.2f})")
print(f"δ = 0: 400 스텝 뒤 안장점까지 거리 {s.stuck_distance:.2e} (안장점으로 수렴)")
ok = s.offsets > 0
print(f"벗어난 스텝의 비(경사 하강법 / 모멘텀), δ > 0 평균: "
      f"{np.mean(s.escape_step['sgd'][ok] / s.escape_step['momentum'][ok]):.2f}")

# %%
# 왼쪽 위: 궤적(세 :math:`\delta`). 오른쪽 위: 벗어난 스텝(점: 측정, 선: 이론). 아래: 손실
# :math:`f(x_t)` — 0 근처에 머무는 구간의 길이가 :math:`\log(1/\delta)` 에 비례합니다.
fig = plotting.figure(figsize=(8, 7.2))
axd = fig.subplot_mosaic([["traj", "esc"], ["loss", "loss"]])
show = [i for i, d in enumerate(s.offsets) if d in (1e-1, 1e-4, 1e-8)]
colors = plotting.sweep_colors(len(show))
plotting.contour(axd["traj"], s.objective, (-0.3, 1.2), (-0.6, 1.2), levels=np.linspace(-0.6, 0.6, 13))
runs = {f"$\\delta = 10^{{{int(round(np.log10(s.offsets[i])))}}}$": select_run(s.results["sgd"], i) for i in show}
plotting.trajectories(axd["traj"], runs, colors=colors, markers=False)
axd["traj"].plot([0], [0], marker="P", markersize=10, color="black", linestyle="none", label="안장점")
axd["traj"].legend(fontsize=8, loc="upper right")

pos = s.offsets > 0
for k, name, marker in (("sgd", "경사 하강법", "o"), ("momentum", "모멘텀", "s")):
    axd["esc"].semilogx(s.offsets[pos], s.escape_step[k][pos], marker, color=plotting.color_for(k),
                        markersize=5, label=f"{name} (측정)")
    intercept = np.mean(s.escape_step[k][pos] - s.predicted_per_decade[k] * np.log10(1 / s.offsets[pos]))
    axd["esc"].semilogx(s.offsets[pos], intercept + s.predicted_per_decade[k] * np.log10(1 / s.offsets[pos]),
                        color=plotting.color_for(k), linewidth=1, label=f"기울기 $\\ln 10/\\ln {s.growth[k]:.3f}$")
axd["esc"].set_xlabel(r"처음 어긋남 $\delta$")
axd["esc"].set_ylabel("벗어난 스텝")
axd["esc"].legend(fontsize=7.5)

loss = {f"$\\delta = 10^{{{int(round(np.log10(s.offsets[i])))}}}$": s.results["sgd"].loss[:, i] for i in show}
plotting.loss_curves(axd["loss"], loss, log=False, colors=colors)
axd["loss"].set_ylim(-0.6, 0.55)
axd["loss"].set_xlim(0, 250)
axd["loss"].axhline(0, color="0.5", linewidth=0.8, linestyle=":")
axd["loss"].set_title("경사 하강법의 손실: 안장점의 값 0 근처의 정체 구간")
plotting.plt.show()

# %%
# 경사 하강법의 측정값은 예측 :math:`\lceil \ln(1/\delta)/\ln 1.1 \rceil` 과 모든 :math:`\delta` 에서
# 정확히 같습니다(:math:`\delta = 10^{-12}` 에서 290 스텝). :math:`\delta` 가 10배 작아질 때마다
# 약 24 스텝이 더 걸리므로, 안장점에 가까이 올수록 정체 구간이 로그로 길어집니다. 모멘텀은 음의
# 곡률 방향에서 :math:`|y|` 를 스텝마다 약 1.316배(경사 하강법은 1.1배)로 키워 평균 약 2.7배 빨리
# 벗어납니다. :math:`\delta = 0` 이면 :math:`y` 가 영원히 0이어서 경사 하강법은 안장점으로 수렴합니다.
