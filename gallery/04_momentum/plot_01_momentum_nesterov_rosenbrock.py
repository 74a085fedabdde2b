r"""
로젠브록 함수에서 모멘텀과 네스테로프
=====================================

강의 노트 §4.2의 실험을 그대로 다시 돌립니다: 로젠브록 함수, :math:`x_0 = (-1, 0.5)`,
:math:`\eta = 0.001`, :math:`\beta = 0.9`, 200 스텝. 경사 하강법, 모멘텀(torch 형식, 노트의 모멘텀
코드와 같음), 네스테로프(룩어헤드 :math:`x - \eta\beta v`), 그리고 노트 코드의 네스테로프(룩어헤드
:math:`x - \beta v`)를 비교합니다. 계산은 :func:`gdbook.experiments.momentum.rosenbrock_experiment` 에
있습니다.
"""

# %%
# 실행
# ----
from gdbook import plotting
from gdbook.experiments.momentum import rosenbrock_experiment

ex = rosenbrock_experiment()
labels = {"gd": "경사 하강법", "momentum": "모멘텀", "nesterov": "네스테로프 (룩어헤드)",
          "nesterov_torch": "네스테로프 (torch 형식)", "note_nesterov": "노트 코드의 네스테로프"}
print("방법                      최종 손실   (1,1)까지 거리  발산 스텝  손실이 커진 스텝")
for k, label in labels.items():
    print(f"{label:22s}  {ex.final_loss[k]:9.4g}   {ex.distance[k]:9.4g}   {ex.diverged_at[k]:6d}"
          f"   {ex.loss_increases[k]:8d}")
print("두 번째 업데이트의 그래디언트를 계산하는 점: 올바른", ex.first_lookahead["nesterov"].round(4),
      " 노트", ex.first_lookahead["note_nesterov"].round(4))

# %%
# 궤적과 손실
# -----------
# 노트 코드의 네스테로프는 발산한 스텝에 ``x`` 로 표시되고, 축 범위는 발산하지 않은 실행으로 정합니다.
f = ex.objective
shown = ["gd", "momentum", "nesterov", "note_nesterov"]
cols = {"gd": plotting.color_for("sgd"), "momentum": plotting.color_for("momentum"),
        "nesterov": plotting.color_for("nesterov"), "note_nesterov": "#777777"}
fig, (ax1, ax2) = plotting.subplots(1, 2, figsize=(9.5, 4))
plotting.contour(ax1, f, (-1.5, 1.5), (-0.5, 1.5), log=True)
plotting.trajectories(ax1, {labels[k]: ex.results[k] for k in shown}, colors=[cols[k] for k in shown],
                      legend=False)
ax1.set_xlabel("$x$")
ax1.set_ylabel("$y$")
ax1.set_title("로젠브록 함수 위의 궤적")
plotting.loss_curves(ax2, {labels[k]: ex.results[k] for k in shown}, colors=[cols[k] for k in shown],
                     relative_to=f)
ax2.set_title("200 스텝 동안의 $f(x_t) - f^*$");

# %%
# 무엇을 보여 주나
# ----------------
print(f"모멘텀 {ex.final_loss['momentum']:.4f} < 네스테로프 {ex.final_loss['nesterov']:.4f} "
      f"< 경사 하강법 {ex.final_loss['gd']:.3f} (200 스텝 뒤 손실)")
print(f"노트 코드의 네스테로프: 스텝 {ex.diverged_at['note_nesterov']}에서 발산")
print(f"볼록이 아닌 곳(헤시안에 음의 고윳값)의 반복점: 경사 하강법 {ex.nonconvex_points['gd']}/201, "
      f"모멘텀 {ex.nonconvex_points['momentum']}/201")

# %%
# 노트의 코드는 룩어헤드 점이 :math:`1/\eta = 1000` 배 멀어 곧바로 발산합니다. 올바른 네스테로프는
# 이 설정에서 모멘텀보다 최종 손실이 조금 높지만 훨씬 덜 출렁입니다. 두 모멘텀 방법 모두 200 스텝
# 안에 최소점 :math:`(1, 1)` 에 닿지는 못합니다. 로젠브록 함수는 볼록이 아니므로 가속 정리는 이
# 실험에 적용되지 않습니다.
