r"""
날카로운 최소점과 평탄한 최소점: 보여 줄 수 있는 것
===================================================

원문 노트 §7.2는 :math:`x^2 + y^2` 와 :math:`0.1(x^2 + y^2)` 을 그리고 "일반화 낮음/높음" 이라는
제목을 붙였을 뿐, 아무것도 재지 않았습니다. 이 예제는 장난감 문제 두 개에서 **잴 수 있는 것** 만
잽니다.

1. 최소점이 둘인 1차원 함수(:class:`~gdbook.experiments.practice.TwoMinima`, 곡률 20과 1): 시험
   손실이 학습 손실을 :math:`s = 0.1` 만큼 옮긴 것이라고 **가정** 하면 두 최소점의 시험 손실,
   그리고 학습률 :math:`\eta` 에 따라 경사 하강법이 어느 최소점에 자리 잡는지
   (:func:`~gdbook.experiments.practice.sharp_flat_experiment`).
2. :math:`f(w) = \tfrac12(w_1 w_2 - 1)^2`: 쌍곡선 :math:`w_1 w_2 = 1` 의 모든 점이 같은 함수를
   나타내는 최소점인데 날카로움은 제각각이고, 경사 하강법이 멈춘 곳의 날카로움은 :math:`2/\eta`
   를 넘지 않습니다(:func:`~gdbook.experiments.practice.sharpness_vs_lr`).
"""

# %%
# 옮긴 시험 손실과 자리 잡기
# --------------------------
import numpy as np

from gdbook import plotting
from gdbook.experiments import practice

e = practice.sharp_flat_experiment()
a_s, a_f = e.train.curvatures
print(f"곡률: 날카로운 최소점 {a_s:g}, 평탄한 최소점 {a_f:g};  옮김 s = {e.shift:g}")
for k, name in (("sharp", "날카로운"), ("flat", "평탄한")):
    print(f"  {name} 최소점의 시험 손실 {e.test_loss[k]:.4f} (이차 근사 a s²/2 = {e.predicted[k]:.4f})")
print(f"안정성 한계 2/a: 날카로운 {e.stability_limit['sharp']:g}, 평탄한 {e.stability_limit['flat']:g}")
print("   η    날카로운  평탄한  어디에도  시험 손실 평균")
for i, lr in enumerate(e.lrs):
    print(f"{lr:6.3f}  {e.outcome['sharp'][i]:7.3f} {e.outcome['flat'][i]:7.3f} "
          f"{e.outcome['neither'][i]:8.3f}  {e.mean_test_loss[i]:.4f}")

# %%
# 왼쪽: 학습 손실(실선)과 :math:`s` 만큼 옮긴 시험 손실(점선). 오른쪽: 시작점 160개 가운데
# 2000스텝 뒤 각 최소점에 자리 잡은 비율(거리 :math:`10^{-4}` 이하)과 어디에도 자리 잡지 못한 비율.
SHARP_C, FLAT_C, NEITHER_C = "#D55E00", "#0072B2", "#999999"
fig, (ax0, ax1) = plotting.subplots(1, 2)
x = np.linspace(-2.2, 3.6, 600)[:, None]
ax0.plot(x[:, 0], e.train(x), color="black", linewidth=1.8, label="학습 손실 $f(x)$")
ax0.plot(x[:, 0], e.test(x), color="black", linewidth=1.2, linestyle="--", label=f"시험 손실 $f(x - {e.shift:g})$")
for k, c, color in (("sharp", e.train.centers[0], SHARP_C), ("flat", e.train.centers[1], FLAT_C)):
    ax0.plot([c], [e.test_loss[k]], "o", color=color, markersize=6)
    ax0.annotate(f"시험 손실 {e.test_loss[k]:.4f}", (c, e.test_loss[k]), xytext=(0, 28),
                 textcoords="offset points", color=color, fontsize=9, ha="center",
                 arrowprops=dict(arrowstyle="-", color=color, linewidth=0.8),
                 bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
ax0.set_ylim(-0.05, 1.0)
ax0.set_xlabel("$x$")
ax0.set_ylabel("손실")
ax0.set_title(f"곡률 {a_s:g}와 {a_f:g}인 두 최소점")
ax0.legend(fontsize=8, loc="upper center")

ax1.semilogx(e.lrs, e.outcome["sharp"], "o-", color=SHARP_C, label="날카로운 최소점에 자리 잡음")
ax1.semilogx(e.lrs, e.outcome["flat"], "s-", color=FLAT_C, label="평탄한 최소점에 자리 잡음")
ax1.semilogx(e.lrs, e.outcome["neither"], "^-", color=NEITHER_C, label="어디에도 자리 잡지 못함")
for key, txt in (("sharp", "$2/a_s$"), ("flat", "$2/a_f$")):
    ax1.axvline(e.stability_limit[key], color="0.4", linestyle=":", linewidth=1)
    ax1.text(e.stability_limit[key], 1.02, txt, transform=ax1.get_xaxis_transform(), ha="center",
             va="bottom", fontsize=9)
ax1.set_ylim(-0.03, 1.1)
ax1.set_xlabel(r"학습률 $\eta$")
ax1.set_ylabel("시작점의 비율")
ax1.legend(fontsize=8, loc="center right")
plotting.plt.show()

# %%
# :math:`\eta < 2/a_s = 0.1` 이면 시작점의 35%가 날카로운 최소점에 자리 잡고, 그보다 크면 하나도
# 자리 잡지 못합니다. :math:`0.105 \le \eta \le 0.2` 에서는 그 35%가 날카로운 최소점 주변을 도는
# 주기 궤도에 갇혀 어디에도 자리 잡지 못하고, :math:`\eta \ge 0.3` 에서는 모두 평탄한 최소점으로
# 갑니다. 옮긴 시험 손실은 날카로운 최소점에서 0.0980, 평탄한 최소점에서 0.0050으로 약 20배(곡률의
# 비) 차이입니다. 두 번째 사실은 "시험 손실 = 옮긴 학습 손실" 이라는 가정에서 나온 것이지 실행이
# 증명한 일반화가 아닙니다.
print(f"η > 2/a_s 에서 날카로운 최소점에 자리 잡은 비율의 최댓값: "
      f"{e.outcome['sharp'][e.lrs > e.stability_limit['sharp']].max():g}")

# %%
# 같은 함수, 다른 날카로움
# ------------------------
q = practice.sharpness_vs_lr()
print(f"시작점 {tuple(map(float, q.x0))}, 수렴한 학습률 {int(q.converged.sum())}/{q.lrs.size}")
print(f"경사 흐름이 예측하는 날카로움 sqrt(D² + 4) = {q.flow_sharpness:.4f}, "
      f"η = {q.lrs[0]:g} 의 측정값 {q.final_sharpness[0]:.4f}")
ratio = q.final_sharpness / q.limit
print(f"날카로움 / (2/η) 의 최댓값 = {np.nanmax(ratio):.4f} (η = {q.lrs[np.nanargmax(ratio)]:.4f})")
for p, s, w in zip(q.rescaled_points, q.rescaled_sharpness, q.rescaled_product):
    print(f"  최소점 ({p[0]:g}, {p[1]:g}): w1·w2 = {w:g}, 날카로움 {s:.4f}")

# %%
# 왼쪽: 수렴한 최소점의 날카로움 :math:`\lambda_{\max}` (점)과 :math:`2/\eta` (선). 오른쪽: 두
# 학습률의 궤적. 회색 곡선은 최소점의 집합 :math:`w_1 w_2 = 1` 입니다.
fig, (ax0, ax1) = plotting.subplots(1, 2)
gd = plotting.color_for("sgd")
ax0.loglog(q.lrs, q.limit, color="0.5", linewidth=1.6, label=r"$2/\eta$")
ax0.fill_between(q.lrs, q.limit, 1e3, color="0.9", zorder=0, label=r"$\eta\lambda_{\max} > 2$ (머물 수 없음)")
ax0.loglog(q.lrs, q.final_sharpness, "o", color=gd, markersize=4, label=r"측정 $\lambda_{\max}(x_T)$")
ax0.axhline(q.flow_sharpness, color="0.5", linestyle=":", linewidth=1, label="경사 흐름의 예측")
ax0.set_ylim(1, 500)
ax0.set_xlabel(r"학습률 $\eta$")
ax0.set_ylabel("날카로움")
ax0.set_title("학습률과 도착점의 날카로움")
ax0.legend(fontsize=8)

runs = {f"$\\eta = {lr:g}$": res for lr, res in q.paths.items()}
colors = [plotting.color_for("momentum"), plotting.color_for("nesterov")]
plotting.contour(ax1, q.objective, (-2.5, 5), (-2.5, 2.5), levels=[0.05, 0.5, 2, 8])
u = np.linspace(0.2, 5, 200)
ax1.plot(u, 1 / u, color="0.3", linewidth=2.2, label="최소점 $w_1 w_2 = 1$")
ax1.plot(-u, -1 / u, color="0.3", linewidth=2.2)
plotting.trajectories(ax1, runs, colors=colors, markers=False)
for (lr, res), color, (dx, ha) in zip(q.paths.items(), colors, ((-8, "right"), (8, "left"))):
    end = res.x_final
    lam = float(q.objective.sharpness(end))
    ax1.plot(*end, marker="*", markersize=13, color=color, markeredgecolor="black", zorder=7)
    ax1.annotate(f"$\\lambda_{{\\max}} = {lam:.2f}$", end, xytext=(dx, 10), textcoords="offset points",
                 color=color, fontsize=9, ha=ha, bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
ax1.legend(fontsize=8, loc="lower right")
ax1.set_xlabel("$w_1$")
ax1.set_ylabel("$w_2$")
ax1.set_title("두 학습률의 궤적과 도착점")
plotting.plt.show()

# %%
# 경사 하강법이 수렴한 40개 학습률 모두에서 :math:`\lambda_{\max} \le 2/\eta` 입니다. 작은
# :math:`\eta` 는 시작점이 정하는 날카로운 최소점(날카로움 약 16.12)으로 가고, :math:`\eta` 가
# :math:`2/16.12 \approx 0.124` 를 넘으면 그 점에 머물 수 없어 더 평탄한 최소점으로 갑니다. 그런데 이
# 최소점들은 모두 :math:`w_1 w_2 = 1`, 곧 **같은 예측 함수** 입니다. 날카로움이 2에서 100까지 달라도
# 어떤 데이터에서의 시험 손실도 같습니다. 날카로움은 매개화에 따라 달라지는 양입니다(Dinh 등, 2017).
