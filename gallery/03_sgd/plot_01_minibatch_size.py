r"""
배치 크기: 에포크당 대 업데이트당
=================================

강의 노트 §3.3의 실험입니다. 최소제곱 선형 회귀(:math:`n = 1000`, :math:`d = 20`, 잡음 0.1, 시드 0)를
:math:`w_0 = 0` 에서 배치 크기 :math:`b \in \{1, 10, 50, 200, 1000\}` 의 미니배치 SGD로 10 에포크
학습합니다. 모든 배치 크기가 **같은 학습률** :math:`\eta = 0.01` 을 씁니다(노트와 같음). 노트는 50
에포크, 책의 §3.3은 20 에포크를 돌리고, 여기서는 실행 시간을 줄이려고 10 에포크만 돌립니다. 계산은
모두 :func:`gdbook.experiments.sgd.batch_size_experiment` 에 있습니다.
"""

# %%
# 실행
# ----
# 미니배치는 :func:`gdbook.run` 이 스텝마다 비복원으로 새로 뽑습니다. 표의 "바닥"은 마지막 3
# 에포크 동안의 평균 :math:`f - f^*` 이고(:math:`b = 10` 은 7 에포크쯤에야 바닥에 닿으므로 그 뒤만
# 평균합니다), "일차 근사"는 본문 §3.4의
# :math:`\frac{\eta}{4b}\frac{n-b}{n-1}\operatorname{tr}\Sigma_*` 입니다.
from gdbook import plotting
from gdbook.experiments.sgd import batch_size_experiment

ex = batch_size_experiment(epochs=10, floor_epochs=3)
f = ex.objective
print(f"L = {f.L:.3f}, m = {f.m:.3f}, f* = {f.minimum:.5f}, tr Σ* = {ex.trace_sigma_star:.4f}")
print(f"   b  업데이트 수   1 에포크 뒤   {ex.epochs} 에포크 뒤   바닥        일차 근사")
for b, res in ex.results.items():
    g = ex.epoch_gap[b]
    print(f"{b:4d}  {res.steps:9d}   {g[1]:10.3e}   {g[-1]:10.3e}   {ex.floor[b]:.3e}   {ex.predicted_floor[b]:.3e}")

# %%
# 에포크당과 업데이트당
# ---------------------
# 왼쪽은 에포크(표본 그래디언트 계산 :math:`n` 번)마다, 오른쪽은 처음 2000번의 업데이트마다 잰
# :math:`f(w) - f^*` 입니다. 오른쪽의 점(●)은 각 배치 크기의 10 에포크가 끝난 곳, 점선은 잡음
# 바닥의 일차 근사(:math:`b = 1, 10`)입니다.
colors = plotting.sweep_colors(len(ex.results))
fig, (ax1, ax2) = plotting.subplots(1, 2, figsize=(9, 3.8))
plotting.loss_curves(ax1, {f"$b = {b}$": ex.epoch_gap[b] for b in ex.results}, colors=colors,
                     xlabel="에포크 (표본 그래디언트 계산 $n$ 번)", ylabel="$f(w) - f^*$")
ax1.set_title("에포크당")
T = 2000
plotting.loss_curves(ax2, {f"$b = {b}$": r.loss[: T + 1] - f.minimum for b, r in ex.results.items()},
                     colors=colors, xlabel="업데이트 수 $t$", ylabel="$f(w_t) - f^*$", legend=False)
for (b, r), c in zip(ex.results.items(), colors):
    t_end = min(r.steps, T)
    ax2.plot(t_end, r.loss[t_end] - f.minimum, "o", color=c, markersize=5)
for b, c in zip((1, 10), colors):
    ax2.axhline(ex.predicted_floor[b], color=c, linestyle="--", linewidth=1)
ax2.set_title(f"업데이트당 (처음 {T}번)");

# %%
# 무엇을 보여 주나
# ----------------
tuned = ex.tuned_full_batch.loss[-1] - f.minimum
print(f"에포크당: {ex.epochs} 에포크 뒤 b = 1000 은 {ex.epoch_gap[1000][-1]:.2f}, b = 1 은 {ex.epoch_gap[1][-1]:.1e}")
print(f"업데이트 수: b = 1000 은 {ex.results[1000].steps}번, b = 1 은 {ex.results[1].steps}번")
print(f"잡음 바닥: b = 1 {ex.floor[1]:.2e}, b = 10 {ex.floor[10]:.2e} (비 {ex.floor[1] / ex.floor[10]:.1f})")
print(f"배치 GD에 η = 1/L = {1 / f.L:.3f} 을 쓰면 {ex.epochs}번의 업데이트 뒤 f - f* = {tuned:.1e}")

# %%
# 같은 학습률에서 에포크당으로는 작은 배치가 훨씬 빠릅니다(노트의 "큰 배치: 빠른 수렴"과 반대).
# 업데이트당으로는 모든 배치 크기가 처음에 같은 선을 따라 내려가고, 작은 배치부터 잡음 바닥에 걸려
# 멈춥니다. 바닥의 비 15.0은 일차 근사의 비(약 10, 곧 대략 :math:`1/b`)와 같은 크기입니다.
# :math:`b = 10` 의 바닥은 마지막 300번의 업데이트로만 잰 값이라 잡음이 큽니다(20 에포크를 돌리는
# 책의 §3.3에서는 비가 10.4). 큰 배치의 진짜 이점은 더 큰 학습률을 쓸 수 있다는 것입니다: 배치 경사
# 하강법에 :math:`\eta = 1/L` 을 쓰면 10번의 업데이트로 :math:`f - f^* \approx 4.6 \times 10^{-9}` 까지
# 내려가, 같은 10 에포크 동안 :math:`b = 1` 이 머무는 잡음 바닥보다 다섯 자릿수 낮습니다.
