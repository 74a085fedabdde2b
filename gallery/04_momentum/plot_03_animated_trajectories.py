r"""
궤적 애니메이션: 경사 하강법, 모멘텀, 네스테로프
================================================

조건수 25인 2차원 이차 함수(``random_quadratic(dim=2, kappa=25, seed=3)``)에서 :math:`x_0 = (-4, 3)`
부터 세 방법을 같은 학습률 :math:`\eta = 1/L` 로 40 스텝 돌리고(모멘텀과 네스테로프는 같은
:math:`\beta = 0.9`), 궤적이 자라는 모습을 두 스텝마다 한 프레임으로 그립니다. 계산은
:func:`gdbook.experiments.momentum.trajectory_animation_experiment` 에 있습니다.
"""

# %%
# 실행
# ----
import numpy as np
from matplotlib.animation import FuncAnimation

from gdbook import plotting
from gdbook.experiments.momentum import trajectory_animation_experiment

out = trajectory_animation_experiment(steps=40)
f, results = out["objective"], out["results"]
labels = {"gd": "경사 하강법", "momentum": "모멘텀", "nesterov": "네스테로프"}
for k, d in out["distance"].items():
    print(f"{labels[k]}: 40 스텝 뒤 최소점까지 거리 {d:.3g}")

# %%
# 애니메이션
# ----------
# 프레임 :math:`t` 는 :math:`x_0, \dots, x_t` 를 보여 줍니다. 두 스텝마다 한 프레임이라
# :math:`t = 0, 2, \dots, 40` 의 프레임 21개입니다.
# 400×280 픽셀: 갤러리의 썸네일 GIF도 같은 크기로 저장되므로 모든 프레임이 배경 이미지와 같은 해상도
fig, ax = plotting.subplots(figsize=(5, 3.5), dpi=80)
plotting.contour(ax, f, (-5, 5), (-4.5, 4.5), levels=10, n=100)
lines = {}
for k, label in labels.items():   # 경사 하강법을 맨 위에: 처음 몇 스텝은 네스테로프와 같은 길
    (lines[k],) = ax.plot([], [], "o-", markersize=3 if k != "gd" else 2, linewidth=1.4 if k != "gd" else 1.0,
                          color=plotting.color_for(k), label=label, zorder=4 if k == "gd" else 3)
ax.plot(-4, 3, "o", mfc="none", color="0.3", markersize=8)
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.legend(fontsize=8, loc="lower right")
title = ax.set_title("스텝 0", fontsize=9, y=1)  # y를 정해 두면 프레임마다 제목 위치를 다시 계산하지 않음
steps = results["gd"].steps
fig.canvas.draw()               # 그림의 레이아웃을 한 번 계산하고
fig.set_layout_engine(None)     # 레이아웃 엔진을 꺼서 모든 프레임에 그 레이아웃을 그대로 씀

# 프레임마다 바뀌지 않는 부분(등고선, 눈금, 축 이름, 범례)은 한 번만 그려 배경 이미지로 깔고,
# 프레임마다 다시 그리는 것은 세 궤적과 제목뿐입니다(블리팅과 같은 생각). 그리기 시간의 대부분이
# 글자(눈금 숫자, 범례)라서 프레임마다 그림 전체를 다시 그리면 몇 배 느립니다.
title.set_text("")
fig.canvas.draw()
background = np.asarray(fig.canvas.buffer_rgba()).copy()
for artist in ax.get_children():
    if artist not in (*lines.values(), title):
        artist.set_visible(False)
bg_ax = fig.add_axes((0, 0, 1, 1), zorder=-1)
bg_ax.imshow(background, aspect="auto", interpolation="none")
bg_ax.set_axis_off()


def draw(t):
    for k, line in lines.items():
        xs = results[k].x[: t + 1]
        line.set_data(xs[:, 0], xs[:, 1])
    dist = {k: np.linalg.norm(results[k].x[t] - f.minimizers[0]) for k in results}
    title.set_text(f"스텝 {t}: 거리 " + ", ".join(f"{labels[k]} {d:.2f}" for k, d in dist.items()))
    return [*lines.values(), title]


anim = FuncAnimation(fig, draw, frames=range(0, steps + 1, 2), interval=300, blit=False)

# %%
# 무엇을 보여 주나
# ----------------
# 경사 하강법은 곡률이 큰 방향으로 한 번에 골짜기 바닥에 떨어진 뒤 완만한 방향을 따라 천천히 갑니다.
# 모멘텀은 관성 때문에 골짜기를 가로질러 크게 출렁이고, 네스테로프는 같은 :math:`(\eta, \beta)` 에서
# 곡률이 큰 방향의 출렁임이 거의 없습니다(연습 문제 4의 (2)). 40 스텝 뒤 거리는 위에 출력한 값입니다.
