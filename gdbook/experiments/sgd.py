r"""§3 확률적 경사 하강법의 실험과 연습 문제 2의 풀이.

책의 §3 (:doc:`/chapter/03_sgd`)과 연습 문제 2 (:doc:`/exercises/ex2`)의 그림과 본문의 수치는
모두 이 모듈의 함수가 계산합니다. 각 함수는 실험 하나를 처음부터 끝까지(목적 함수 만들기,
실행, 본문에 인용할 수치 계산) 맡고, 그림은 책과 갤러리가 :mod:`gdbook.plotting` 으로 그립니다.

- :func:`batch_size_experiment` — §3.3 배치 크기 실험(에포크당, 업데이트당 비교와 잡음 바닥).
- :func:`gradient_variance_experiment` — §3.4 미니배치 그래디언트의 분산(복원/비복원 추출).
- :func:`noise_floor_experiment` — 일정한 학습률의 잡음 바닥이 :math:`\eta` 에 비례함.
- :func:`decay_schedule_experiment` — :math:`\eta_0/\sqrt t` 와 :math:`\eta_0 t_0/(t_0 + t)` 감소.
- :class:`TwoLayerNet`, :func:`train_two_layer_net`, :func:`exercise2_experiment` — 연습 문제 2
  (2층 신경망, 배치 GD 대 미니배치 대 배치 크기 1).
- :func:`load_mnist`, :func:`load_digits_data` — 연습 문제 2의 데이터. MNIST는 독자의 컴퓨터에
  파일이 있을 때만 읽고(내려받지 않음), 책의 실행 결과는 scikit-learn에 들어 있는 손글씨 숫자
  데이터(``load_digits``)로 만듭니다.

알고리즘(업데이트 규칙, 실행 루프)은 구현하지 않습니다. 최소제곱 실험은 :func:`gdbook.run` 을
부르고, 신경망은 :mod:`gdbook.optimizers` 의 옵티마이저를 스텝마다 부릅니다. 신경망의 순전파와
역전파는 옵티마이저가 아니라 모델 코드이므로 여기에 있습니다.
"""

from __future__ import annotations

import gzip
import os
import struct
import time
from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, schedules

__all__ = [
    "per_sample_gradients",
    "gradient_variance",
    "BatchSizeExperiment",
    "batch_size_experiment",
    "StabilityExperiment",
    "stability_experiment",
    "GradientVarianceExperiment",
    "gradient_variance_experiment",
    "NoiseFloorExperiment",
    "noise_floor_experiment",
    "inverse_time",
    "DecayScheduleExperiment",
    "decay_schedule_experiment",
    "Dataset",
    "load_mnist",
    "load_digits_data",
    "TwoLayerNet",
    "TrainingRecord",
    "train_two_layer_net",
    "Exercise2Experiment",
    "exercise2_experiment",
]


# --------------------------------------------------------------------------------------------
# Small helpers on LeastSquares (per-sample gradients through the library's minibatch_grad)
# --------------------------------------------------------------------------------------------


def per_sample_gradients(objective, w) -> np.ndarray:
    r"""표본마다의 그래디언트 :math:`\nabla f_i(w)`, 모양 ``(n, d)``.

    :meth:`gdbook.functions.LeastSquares.minibatch_grad` 에 크기 1인 미니배치 :math:`n` 개를
    한 번에(실행 축으로) 넣어 계산합니다.

    Parameters
    ----------
    objective : gdbook.functions.LeastSquares
        최소제곱 목적 함수.
    w : array_like, shape (d,)
        점.

    Returns
    -------
    numpy.ndarray, shape (n, d)

    Examples
    --------
    >>> from gdbook.functions import LeastSquares
    >>> f = LeastSquares(n_samples=50, n_features=3, seed=1)
    >>> G = per_sample_gradients(f, np.zeros(3))
    >>> G.shape, bool(np.allclose(G.mean(axis=0), f.grad(np.zeros(3))))
    ((50, 3), True)
    """
    w = np.asarray(w, dtype=np.float64)
    n = objective.n_samples
    return objective.minibatch_grad(np.broadcast_to(w, (n, w.shape[-1])), np.arange(n)[:, None])


def gradient_variance(objective, w) -> float:
    r"""표본 그래디언트의 분산 :math:`\sigma^2(w) = \frac1n \sum_i \|\nabla f_i(w) - \nabla f(w)\|^2`.

    그래디언트는 벡터이므로 "분산"은 공분산 행렬의 대각합(평균 제곱 편차)입니다.

    Parameters
    ----------
    objective : gdbook.functions.LeastSquares
        최소제곱 목적 함수.
    w : array_like, shape (d,)
        점.

    Returns
    -------
    float

    Examples
    --------
    >>> from gdbook.functions import LeastSquares
    >>> f = LeastSquares.from_data([[1.0], [3.0]], [0.0, 0.0])
    >>> gradient_variance(f, [1.0])   # 그래디언트 1, 9; 평균 5
    16.0
    """
    G = per_sample_gradients(objective, w)
    return float(np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=-1)))


def _every(values, stride):
    """Entries 0, stride, 2*stride, ... of the first axis (epoch boundaries)."""
    return np.asarray(values)[::stride]


# --------------------------------------------------------------------------------------------
# §3.3 batch-size experiment
# --------------------------------------------------------------------------------------------


class BatchSizeExperiment(NamedTuple):
    r""":func:`batch_size_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.LeastSquares
        목적 함수(:math:`n = 1000`, :math:`d = 20`, 잡음 0.1).
    results : dict[int, gdbook.RunResult]
        배치 크기 :math:`b` 마다의 실행(업데이트마다 기록).
    updates_per_epoch : dict[int, int]
        에포크당 업데이트 수 :math:`n/b`.
    epoch_gap : dict[int, numpy.ndarray]
        에포크 경계(에포크 0, 1, ..., E)에서의 :math:`f(x) - f^*`.
    floor : dict[int, float]
        마지막 ``floor_epochs`` 에포크 동안 :math:`f(x) - f^*` 의 평균(업데이트마다 기록한 값의 평균).
    predicted_floor : dict[int, float]
        일차 근사 :math:`\frac{\eta}{4b}\frac{n-b}{n-1}\operatorname{tr}\Sigma_*` (본문 §3.4).
    trace_sigma_star : float
        최소점에서의 표본 그래디언트 분산 :math:`\operatorname{tr}\Sigma_* = \sigma^2(x^*)`.
    tuned_full_batch : gdbook.RunResult
        배치 GD(:math:`b = n`)에 학습률 :math:`1/L` 을 쓴 같은 수(에포크 수)의 업데이트.
    lr : float
        모든 배치 크기에 쓴 학습률.
    epochs : int
        에포크 수.
    floor_epochs : int
        ``floor`` 를 평균한 마지막 에포크 수.

    Examples
    --------
    >>> BatchSizeExperiment._fields[:3]
    ('objective', 'results', 'updates_per_epoch')
    """

    objective: object
    results: dict
    updates_per_epoch: dict
    epoch_gap: dict
    floor: dict
    predicted_floor: dict
    trace_sigma_star: float
    tuned_full_batch: object
    lr: float
    epochs: int
    floor_epochs: int


def batch_size_experiment(batch_sizes=(1, 10, 50, 200, 1000), *, lr=0.01, epochs=20, seed=0,
                          data_seed=0, floor_epochs=10) -> BatchSizeExperiment:
    r"""§3.3 배치 크기 실험(강의 노트의 실험을 라이브러리로 다시 한 것).

    :class:`~gdbook.functions.LeastSquares` (:math:`n = 1000`, :math:`d = 20`, 잡음 0.1)에서
    :math:`x_0 = 0` 부터 배치 크기 :math:`b` 마다 같은 학습률 ``lr`` 로 ``epochs`` 에포크
    (업데이트 :math:`\text{epochs} \cdot n / b` 번) 동안 미니배치 SGD를 돌립니다. 미니배치는
    :func:`gdbook.run` 이 스텝마다 :meth:`~gdbook.functions.LeastSquares.sample_batch`
    (비복원 균일 추출)로 새로 뽑습니다. 노트의 코드처럼 에포크마다 섞어서 나누는 방식은 아니지만,
    두 방식 모두 한 에포크에 표본 그래디언트를 :math:`n` 번 계산합니다.

    비교를 공정하게 하기 위해 배치 GD에 학습률 :math:`1/L` 을 쓴 실행도 함께 돌립니다.

    Parameters
    ----------
    batch_sizes : sequence of int, optional
        배치 크기들(각각 :math:`n` 의 약수).
    lr : float, optional
        모든 배치 크기에 쓰는 학습률 :math:`\eta`.
    epochs : int, optional
        에포크 수.
    seed : int, optional
        미니배치 추출의 시드(배치 크기마다 같은 시드).
    data_seed : int, optional
        데이터의 시드.
    floor_epochs : int, optional
        잡음 바닥 ``floor`` 를 잴 마지막 에포크 수(``epochs`` 보다 크면 실행 전체). 그 구간에서는
        초기 오차가 이미 사라졌어야 합니다.

    Returns
    -------
    BatchSizeExperiment

    Examples
    --------
    >>> ex = batch_size_experiment(batch_sizes=(10, 100), epochs=3)
    >>> ex.updates_per_epoch
    {10: 100, 100: 10}
    >>> bool(ex.epoch_gap[10][-1] < ex.epoch_gap[100][-1])   # 에포크당: 작은 배치가 빠름
    True
    """
    if floor_epochs < 1:
        raise ValueError(f"floor_epochs must be >= 1, got {floor_epochs}")
    f = functions.LeastSquares(n_samples=1000, n_features=20, noise=0.1, seed=data_seed)
    n, d = f.n_samples, f.dim
    x0 = np.zeros(d)
    trace_sigma_star = gradient_variance(f, f.minimizers[0])
    results, per_epoch, epoch_gap, floor, predicted = {}, {}, {}, {}, {}
    for b in batch_sizes:
        if n % b:
            raise ValueError(f"batch_sizes must divide n_samples = {n}, got {b}")
        k = n // b
        res = gdbook.run(optimizers.sgd(lr=lr), f, x0, steps=epochs * k, batch_size=b, seed=seed)
        gap = res.loss - f.minimum
        results[b], per_epoch[b] = res, k
        epoch_gap[b] = _every(gap, k)
        floor[b] = float(np.mean(gap[-floor_epochs * k:]))
        predicted[b] = lr * trace_sigma_star / (4 * b) * (n - b) / (n - 1)
    tuned = gdbook.run(optimizers.sgd(lr=1.0 / f.L), f, x0, steps=epochs)
    return BatchSizeExperiment(f, results, per_epoch, epoch_gap, floor, predicted,
                               trace_sigma_star, tuned, lr, epochs, floor_epochs)


class StabilityExperiment(NamedTuple):
    r""":func:`stability_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.LeastSquares
        목적 함수.
    lrs : numpy.ndarray
        학습률들.
    batch_sizes : tuple of int
        배치 크기들.
    diverged_at : numpy.ndarray of int, shape (B, K)
        배치 크기 × 학습률마다 발산한 스텝(손실이 ``threshold`` 를 넘은 첫 스텝, 없으면 -1).
    final_gap : numpy.ndarray, shape (B, K)
        마지막 :math:`f(x_T) - f^*` (발산했으면 ``nan``).
    mean_square_limit : numpy.ndarray, shape (B,)
        등방 가우스 입력(:math:`\mathbb E[x_i x_i^\top] = I`)에서 어림한 평균 제곱 안정성 한계
        :math:`2 / (1 + (d+1)/b)`.
    two_over_L : float
        배치 경사 하강법의 안정성 한계 :math:`2/L`.
    threshold : float
        발산으로 보는 손실.

    Examples
    --------
    >>> StabilityExperiment._fields[:3]
    ('objective', 'lrs', 'batch_sizes')
    """

    objective: object
    lrs: np.ndarray
    batch_sizes: tuple
    diverged_at: np.ndarray
    final_gap: np.ndarray
    mean_square_limit: np.ndarray
    two_over_L: float
    threshold: float


def stability_experiment(lrs=(0.05, 0.1, 0.2, 0.5), batch_sizes=(1, 10, 1000), *, steps=3000,
                         threshold=1e6, seed=0, data_seed=0) -> StabilityExperiment:
    r"""같은 학습률이 배치 GD에서는 안정하고 배치 크기 1에서는 발산함을 보입니다.

    배치 크기마다 학습률들을 :func:`gdbook.run` 한 번에(``lr`` 모양 ``(K, 1)``) ``steps`` 번 돌리고,
    손실이 ``threshold`` 를 넘으면 발산으로 기록합니다.

    Parameters
    ----------
    lrs : sequence of float, optional
        학습률들.
    batch_sizes : sequence of int, optional
        배치 크기들.
    steps : int, optional
        업데이트 수.
    threshold : float, optional
        발산으로 볼 손실(``divergence_threshold``).
    seed, data_seed : int, optional
        미니배치 추출과 데이터의 시드.

    Returns
    -------
    StabilityExperiment

    Examples
    --------
    >>> ex = stability_experiment(lrs=(0.05, 0.5), batch_sizes=(1, 1000), steps=1000)
    >>> ex.diverged_at
    array([[-1, 12],
           [-1, -1]])
    """
    f = functions.LeastSquares(n_samples=1000, n_features=20, noise=0.1, seed=data_seed)
    lrs = np.asarray(lrs, dtype=np.float64)
    x0 = np.zeros((lrs.size, f.dim))
    div, final = [], []
    for b in batch_sizes:
        res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, x0, steps=steps, batch_size=b, seed=seed,
                         divergence_threshold=threshold, record=False)   # only losses are used
        div.append(np.asarray(res.diverged_at))
        final.append(res.loss[-1] - f.minimum)
    b = np.asarray(batch_sizes, dtype=np.float64)
    limit = 2.0 / (1.0 + (f.dim + 1) / b)
    return StabilityExperiment(f, lrs, tuple(batch_sizes), np.array(div), np.array(final), limit,
                               2.0 / f.L, float(threshold))


# --------------------------------------------------------------------------------------------
# §3.4 variance of minibatch gradients
# --------------------------------------------------------------------------------------------


class GradientVarianceExperiment(NamedTuple):
    r""":func:`gradient_variance_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.LeastSquares
        목적 함수.
    point_labels : tuple of str
        분산을 잰 점의 이름(``"x_0 = 0"``, ``"x*"``).
    sigma2 : numpy.ndarray, shape (P,)
        각 점에서의 :math:`\sigma^2(x)`.
    batch_sizes : tuple of int
        배치 크기들.
    without_replacement : numpy.ndarray, shape (P, B)
        :meth:`~gdbook.functions.LeastSquares.sample_batch` (비복원)로 뽑은 미니배치의
        :math:`\mathbb E\|g_B - \nabla f(x)\|^2` 추정값.
    with_replacement : numpy.ndarray, shape (P, B)
        복원 추출(같은 행을 여러 번 뽑을 수 있음)의 추정값.
    predicted_without : numpy.ndarray, shape (P, B)
        :math:`\frac{\sigma^2}{b}\frac{n-b}{n-1}`.
    predicted_with : numpy.ndarray, shape (P, B)
        :math:`\frac{\sigma^2}{b}`.
    mean_error : numpy.ndarray, shape (P, B, d)
        비복원 미니배치 그래디언트 평균과 :math:`\nabla f(x)` 의 차(불편성 확인용).
    n_draws : int
        배치 크기마다 뽑은 미니배치 수.

    Examples
    --------
    >>> GradientVarianceExperiment._fields[:3]
    ('objective', 'point_labels', 'sigma2')
    """

    objective: object
    point_labels: tuple
    sigma2: np.ndarray
    batch_sizes: tuple
    without_replacement: np.ndarray
    with_replacement: np.ndarray
    predicted_without: np.ndarray
    predicted_with: np.ndarray
    mean_error: np.ndarray
    n_draws: int


def gradient_variance_experiment(batch_sizes=(1, 10, 100, 500), *, n_draws=4000, seed=0,
                                 data_seed=0) -> GradientVarianceExperiment:
    r"""§3.4 미니배치 그래디언트의 분산을 재고 공식과 비교합니다.

    같은 :class:`~gdbook.functions.LeastSquares` (:math:`n = 1000`, :math:`d = 20`)에서 두 점
    :math:`x_0 = 0` 과 :math:`x^*` 마다, 배치 크기 :math:`b` 의 미니배치를 ``n_draws`` 번 뽑아
    미니배치 그래디언트 :math:`g_B = \frac1b \sum_{i \in B} \nabla f_i(x)` 의 평균 제곱 편차
    :math:`\mathbb E\|g_B - \nabla f(x)\|^2` 를 추정합니다.

    - 비복원 추출(라이브러리의 ``sample_batch``): 공식 :math:`\frac{\sigma^2(x)}{b}\frac{n-b}{n-1}`.
    - 복원 추출(``rng.integers``): 공식 :math:`\frac{\sigma^2(x)}{b}`.

    Parameters
    ----------
    batch_sizes : sequence of int, optional
        배치 크기들.
    n_draws : int, optional
        배치 크기마다 뽑는 미니배치 수.
    seed : int, optional
        추출의 시드.
    data_seed : int, optional
        데이터의 시드.

    Returns
    -------
    GradientVarianceExperiment

    Examples
    --------
    >>> ex = gradient_variance_experiment(batch_sizes=(10,), n_draws=500)
    >>> ex.point_labels
    ('x_0 = 0', 'x*')
    >>> bool(ex.sigma2[0] > 100 * ex.sigma2[1])   # 분산은 점에 따라 다름
    True
    >>> ratio = ex.without_replacement / ex.predicted_without
    >>> bool(np.all(np.abs(ratio - 1) < 0.2))
    True
    """
    f = functions.LeastSquares(n_samples=1000, n_features=20, noise=0.1, seed=data_seed)
    n, d = f.n_samples, f.dim
    points = np.stack([np.zeros(d), f.minimizers[0]])
    labels = ("x_0 = 0", "x*")
    sigma2 = np.array([gradient_variance(f, p) for p in points])
    rng = np.random.default_rng(seed)
    shape = (len(points), len(batch_sizes))
    wo, wr, mean_err = np.empty(shape), np.empty(shape), np.empty(shape + (d,))
    chunk = 100
    fulls = np.stack([f.grad(w) for w in points])
    for j, b in enumerate(batch_sizes):
        idx_wo = np.stack([f.sample_batch(rng, b) for _ in range(n_draws)])
        idx_wr = rng.integers(0, n, size=(n_draws, b))
        sums = np.zeros((len(points), 2))
        g_sum = np.zeros((len(points), d))
        # the gradients of a block of draws at every point in one minibatch_grad call (each is its
        # own small matrix product: the same numbers); the sums still go in chunks of 100 draws
        block = chunk * max(1, 2000 // b)
        for bstart in range(0, n_draws, block):
            stop = min(bstart + block, n_draws)
            W = np.broadcast_to(points[:, None, :], (len(points), stop - bstart, d))
            g_wo_blk = f.minibatch_grad(W, idx_wo[bstart:stop])
            g_wr_blk = f.minibatch_grad(W, idx_wr[bstart:stop])
            for start in range(0, stop - bstart, chunk):
                for p in range(len(points)):
                    g_wo = g_wo_blk[p, start:start + chunk]
                    g_wr = g_wr_blk[p, start:start + chunk]
                    sums[p, 0] += np.sum((g_wo - fulls[p]) ** 2)
                    sums[p, 1] += np.sum((g_wr - fulls[p]) ** 2)
                    g_sum[p] += g_wo.sum(axis=0)
        for p in range(len(points)):
            wo[p, j], wr[p, j] = sums[p, 0] / n_draws, sums[p, 1] / n_draws
            mean_err[p, j] = g_sum[p] / n_draws - fulls[p]
    b = np.asarray(batch_sizes, dtype=np.float64)
    pred_with = sigma2[:, None] / b
    pred_without = pred_with * (n - b) / (n - 1)
    return GradientVarianceExperiment(f, labels, sigma2, tuple(batch_sizes), wo, wr,
                                      pred_without, pred_with, mean_err, n_draws)


# --------------------------------------------------------------------------------------------
# Noise floor of constant-lr SGD, and decaying schedules
# --------------------------------------------------------------------------------------------


class NoiseFloorExperiment(NamedTuple):
    r""":func:`noise_floor_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.LeastSquares
        목적 함수.
    result : gdbook.RunResult
        학습률마다 한 실행(앞쪽 축), :math:`x_0 = x^*` 에서 시작.
    lrs : numpy.ndarray
        학습률들.
    floor : numpy.ndarray
        ``burn_in`` 이후 :math:`f(x_t) - f^*` 의 평균.
    predicted : numpy.ndarray
        일차 근사 :math:`\frac{\eta}{4b}\frac{n-b}{n-1}\operatorname{tr}\Sigma_*`.
    slope : float
        :math:`\log(\text{floor})` 를 :math:`\log \eta` 에 직선 맞춤한 기울기(비례이면 1).
    batch_size : int
        배치 크기.
    burn_in : int
        평균에서 뺀 처음 스텝 수.

    Examples
    --------
    >>> NoiseFloorExperiment._fields[:3]
    ('objective', 'result', 'lrs')
    """

    objective: object
    result: object
    lrs: np.ndarray
    floor: np.ndarray
    predicted: np.ndarray
    slope: float
    batch_size: int
    burn_in: int


def noise_floor_experiment(lrs=(0.0025, 0.005, 0.01, 0.02), *, batch_size=1, steps=20000,
                           burn_in=2000, seed=0, data_seed=0) -> NoiseFloorExperiment:
    r"""일정한 학습률 SGD의 잡음 바닥을 재고 :math:`\eta` 에 비례하는지 확인합니다.

    :math:`x_0 = x^*` 에서 시작해(수렴 구간을 건너뛰려고) 학습률마다 ``steps`` 번 업데이트하고,
    처음 ``burn_in`` 스텝을 버린 뒤 :math:`f(x_t) - f^*` 를 평균합니다. 학습률들은
    :func:`gdbook.run` 한 번에 ``lr`` 배열(모양 ``(k, 1)``)로 함께 돌리며, 모든 실행이 같은
    미니배치 열을 씁니다.

    Parameters
    ----------
    lrs : sequence of float, optional
        학습률들.
    batch_size : int, optional
        배치 크기.
    steps : int, optional
        업데이트 수.
    burn_in : int, optional
        평균에서 뺄 처음 스텝 수.
    seed, data_seed : int, optional
        미니배치 추출과 데이터의 시드.

    Returns
    -------
    NoiseFloorExperiment

    Examples
    --------
    >>> ex = noise_floor_experiment(lrs=(0.005, 0.02), steps=6000, burn_in=1000)
    >>> bool(ex.floor[1] > 2 * ex.floor[0])
    True
    """
    f = functions.LeastSquares(n_samples=1000, n_features=20, noise=0.1, seed=data_seed)
    n = f.n_samples
    lrs = np.asarray(lrs, dtype=np.float64)
    x0 = np.broadcast_to(f.minimizers[0], (lrs.size, f.dim))
    res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, x0, steps=steps,
                     batch_size=batch_size, seed=seed)
    gap = res.loss - f.minimum
    floor = gap[burn_in:].mean(axis=0)
    trace = gradient_variance(f, f.minimizers[0])
    predicted = lrs * trace / (4 * batch_size) * (n - batch_size) / (n - 1)
    slope = float(np.polyfit(np.log(lrs), np.log(floor), 1)[0])
    return NoiseFloorExperiment(f, res, lrs, floor, predicted, slope, batch_size, burn_in)


def inverse_time(lr, t0) -> schedules.Schedule:
    r"""역시간 감소 :math:`\eta(k) = \eta_0\, t_0 / (t_0 + k)` (업데이트 :math:`t` 는 :math:`\eta(t-1)`).

    :math:`\sum_t \eta_t = \infty`, :math:`\sum_t \eta_t^2 < \infty` (로빈스–먼로 조건)를
    만족합니다. :math:`t_0` 은 초기 학습률을 유지하면서 감소 속도를 정하는 상수로,
    :math:`\eta_0 t_0 m > 1` 이면 강볼록 함수에서 :math:`\mathbb E[f(x_t) - f^*] = O(1/t)`
    입니다(Bottou, Curtis, Nocedal 2018, 정리 4.7). :mod:`gdbook.schedules` 에 없는 스케줄이라
    여기서 :class:`gdbook.schedules.Schedule` 로 만듭니다.

    Parameters
    ----------
    lr : float
        :math:`\eta_0`.
    t0 : float
        :math:`t_0 > 0`.

    Returns
    -------
    gdbook.schedules.Schedule

    Examples
    --------
    >>> s = inverse_time(0.1, 10.0)
    >>> s(np.array([0, 10, 90]))
    array([0.1 , 0.05, 0.01])
    """
    lr, t0 = float(lr), float(t0)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    if not (np.isfinite(t0) and t0 > 0):
        raise ValueError(f"t0 must be a positive finite number, got {t0!r}")
    return schedules.Schedule("inverse_time", lambda k: lr * t0 / (t0 + k), lr=lr, t0=t0)


class DecayScheduleExperiment(NamedTuple):
    r""":func:`decay_schedule_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.LeastSquares
        목적 함수.
    results : dict[str, gdbook.RunResult]
        ``"constant"``, ``"inverse_sqrt"``, ``"inverse_time"`` 의 실행.
    schedules : dict[str, gdbook.schedules.Schedule]
        각 실행의 학습률 스케줄.
    window_steps : numpy.ndarray
        창 평균을 낸 창의 끝 스텝.
    window_gap : dict[str, numpy.ndarray]
        창(``window`` 스텝)마다 평균한 :math:`f(x_t) - f^*`.
    final_gap : dict[str, float]
        마지막 창의 평균.
    sum_lr : dict[str, float]
        :math:`\sum_t \eta_t`.
    sum_lr_sq : dict[str, float]
        :math:`\sum_t \eta_t^2`.
    t0 : float
        역시간 감소의 :math:`t_0 = 2/(m \eta_0)`.
    tracking : dict[str, numpy.ndarray]
        창마다 잡음 바닥의 일차 근사에 그 창의 평균 학습률을 넣은 값
        :math:`\frac{\bar\eta}{4b}\frac{n-b}{n-1}\operatorname{tr}\Sigma_*` (학습률이 천천히 변하면
        :math:`f - f^*` 가 이 값을 따라갑니다).

    Examples
    --------
    >>> DecayScheduleExperiment._fields[:3]
    ('objective', 'results', 'schedules')
    """

    objective: object
    results: dict
    schedules: dict
    window_steps: np.ndarray
    window_gap: dict
    final_gap: dict
    sum_lr: dict
    sum_lr_sq: dict
    t0: float
    tracking: dict


def decay_schedule_experiment(lr=0.05, *, steps=20000, batch_size=1, window=500, seed=0,
                              data_seed=0) -> DecayScheduleExperiment:
    r"""일정한 학습률, :math:`\eta_0/\sqrt t`, :math:`\eta_0 t_0/(t_0 + t)` 의 SGD를 비교합니다.

    같은 최소제곱 문제에서 :math:`x_0 = 0` 부터 배치 크기 ``batch_size`` 로 ``steps`` 번
    업데이트합니다. :math:`t_0 = 2/(m \eta_0)` 로 두어 :math:`\eta_0 t_0 m = 2 > 1` 입니다.
    세 스케줄은 :func:`gdbook.run` 한 번에 실행 축으로 함께 돌리므로(학습률이 실행마다 다른
    호출 가능 객체) 모두 같은 미니배치 열을 씁니다. 잡음이 커서 업데이트마다의 값 대신
    ``window`` 스텝 창의 평균을 비교합니다.

    Parameters
    ----------
    lr : float, optional
        초기 학습률 :math:`\eta_0`.
    steps : int, optional
        업데이트 수(``window`` 의 배수).
    batch_size : int, optional
        배치 크기.
    window : int, optional
        평균을 내는 창의 길이.
    seed, data_seed : int, optional
        미니배치 추출과 데이터의 시드.

    Returns
    -------
    DecayScheduleExperiment

    Examples
    --------
    >>> ex = decay_schedule_experiment(steps=3000, window=500)
    >>> sorted(ex.results)
    ['constant', 'inverse_sqrt', 'inverse_time']
    >>> bool(ex.final_gap["inverse_sqrt"] < ex.final_gap["constant"])
    True
    """
    f = functions.LeastSquares(n_samples=1000, n_features=20, noise=0.1, seed=data_seed)
    if steps % window:
        raise ValueError(f"steps must be a multiple of window = {window}, got {steps}")
    t0 = 2.0 / (f.m * lr)
    scheds = {
        "constant": schedules.constant(lr),
        "inverse_sqrt": schedules.inverse_sqrt(lr),
        "inverse_time": inverse_time(lr, t0),
    }
    names = list(scheds)
    table = np.stack([scheds[name](np.arange(steps)) for name in names])   # (3, steps)

    def stacked(k):
        return table[:, k, None]   # shape (3, 1): the lr of update k + 1, one per run

    x0 = np.zeros((len(names), f.dim))
    res = gdbook.run(optimizers.sgd(lr=stacked), f, x0, steps=steps, batch_size=batch_size, seed=seed)
    ends = np.arange(window, steps + 1, window)
    n, b = f.n_samples, batch_size
    noise = gradient_variance(f, f.minimizers[0]) / (4 * b) * (n - b) / (n - 1)
    results, wgap, final, s1, s2, track = {}, {}, {}, {}, {}, {}
    for i, name in enumerate(names):
        results[name] = _select_run(res, i)
        gap = (res.loss[1:, i] - f.minimum)
        wg = gap.reshape(-1, window).mean(axis=1)
        wgap[name], final[name] = wg, float(wg[-1])
        etas = table[i]
        s1[name], s2[name] = float(np.sum(etas)), float(np.sum(etas**2))
        track[name] = noise * etas.reshape(-1, window).mean(axis=1)
    return DecayScheduleExperiment(f, results, scheds, ends, wgap, final, s1, s2, t0, track)


def _select_run(res, i):
    """The i-th run of a batched RunResult, as a RunResult of one run."""
    lr = res.lr[:, i] if res.lr.ndim > 1 else res.lr
    return type(res)(res.x[:, i], res.loss[:, i], res.grad_norm[:, i], lr,
                     bool(np.asarray(res.diverged)[i]), int(np.asarray(res.diverged_at)[i]),
                     res.optimizer, res.objective, res.divergence_threshold)


# --------------------------------------------------------------------------------------------
# Exercise 2: data
# --------------------------------------------------------------------------------------------


class Dataset(NamedTuple):
    r"""분류 데이터: 학습/시험 입력(모양 ``(n, p)``, 값 :math:`[0, 1]`)과 정수 레이블.

    Attributes
    ----------
    X_train, y_train, X_test, y_test : numpy.ndarray
        학습/시험 입력과 레이블.
    name : str
        데이터 이름(그림과 본문에 씀).
    n_classes : int
        클래스 수.

    Examples
    --------
    >>> Dataset._fields[:3]
    ('X_train', 'y_train', 'X_test')
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    name: str
    n_classes: int


_MNIST_FILES = {
    "X_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "X_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def _read_idx(path) -> np.ndarray:
    """Read one IDX file (optionally gzip-compressed) of unsigned bytes."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as fh:
        data = fh.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"path {path!r} is not an IDX file of unsigned bytes")
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(shape)):
        raise ValueError(f"path {path!r} holds {arr.size} values but its header says shape {shape}")
    return arr.reshape(shape)


def load_mnist(path) -> Dataset:
    r"""독자의 컴퓨터에 있는 MNIST를 읽습니다(내려받지 않습니다).

    ``path`` 는 둘 중 하나입니다.

    - 표준 IDX 파일 네 개(``train-images-idx3-ubyte[.gz]``, ``train-labels-idx1-ubyte[.gz]``,
      ``t10k-images-idx3-ubyte[.gz]``, ``t10k-labels-idx1-ubyte[.gz]``)가 있는 폴더,
    - 또는 키 ``x_train``, ``y_train``, ``x_test``, ``y_test`` 를 가진 ``.npz`` 파일
      (Keras의 ``mnist.npz`` 형식).

    입력은 :math:`[0, 1]` 로 나눈 float64, 모양 ``(n, 784)`` 입니다.

    Parameters
    ----------
    path : str or os.PathLike
        폴더 또는 ``.npz`` 파일(``~`` 는 홈 폴더로 바꿉니다).

    Returns
    -------
    Dataset

    Raises
    ------
    FileNotFoundError
        파일이 없을 때.

    Examples
    --------
    >>> import tempfile, os
    >>> tmp = os.path.join(tempfile.mkdtemp(), "tiny.npz")
    >>> rng = np.random.default_rng(0)
    >>> np.savez(tmp, x_train=rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
    ...          y_train=np.arange(5), x_test=np.zeros((2, 28, 28), np.uint8), y_test=[1, 2])
    >>> data = load_mnist(tmp)
    >>> data.X_train.shape, data.X_test.shape, float(data.X_train.max()) <= 1.0
    ((5, 784), (2, 784), True)
    """
    path = os.path.expanduser(os.fspath(path))
    if os.path.isdir(path):
        arrays = {}
        for key, stem in _MNIST_FILES.items():
            for candidate in (stem + ".gz", stem, stem.replace("-idx", ".idx")):
                full = os.path.join(path, candidate)
                if os.path.exists(full):
                    arrays[key] = _read_idx(full)
                    break
            else:
                raise FileNotFoundError(f"path {path!r} has no file {stem}[.gz]")
    elif os.path.isfile(path):
        with np.load(path) as npz:
            arrays = {key: npz[key.replace("X_", "x_")] for key in _MNIST_FILES}
    else:
        raise FileNotFoundError(f"path {path!r} does not exist")
    X_train = arrays["X_train"].reshape(len(arrays["X_train"]), -1) / 255.0
    X_test = arrays["X_test"].reshape(len(arrays["X_test"]), -1) / 255.0
    return Dataset(X_train, np.asarray(arrays["y_train"], dtype=np.int64), X_test,
                   np.asarray(arrays["y_test"], dtype=np.int64), "MNIST", 10)


def _digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn에 들어 있는 ``digits.csv.gz`` 의 (픽셀 (1797, 64), 레이블).

    scikit-learn을 import하지 않고(약 1.5초) 그 패키지 안의 파일을 바로 읽습니다. 파일이 없으면
    :func:`sklearn.datasets.load_digits` 를 씁니다.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the digits data comes with scikit-learn: pip install scikit-learn")
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data" / "digits.csv.gz"
    if path.is_file():
        data = np.loadtxt(path, delimiter=",")
        return data[:, :-1], data[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits  # pragma: no cover - another layout of the package

    digits = load_digits()  # pragma: no cover
    return digits.data, digits.target.astype(np.int64)  # pragma: no cover


#: 기본 나누기(``test_size=0.2, seed=0``)의 행 번호: 학습 1437개, 이어서 시험 360개.
#: scikit-learn의 ``train_test_split(..., stratify=레이블, random_state=0)`` 이 주는 것과 같습니다
#: (테스트가 확인합니다). 책과 예제는 이 나누기만 쓰므로 scikit-learn을 import하지 않습니다.
_DIGITS_SPLIT = "_digits_split.npy"


def load_digits_data(*, test_size=0.2, seed=0) -> Dataset:
    r"""scikit-learn에 들어 있는 손글씨 숫자 데이터(8×8 픽셀, 1797장)를 나눠 돌려줍니다.

    MNIST(28×28, 70000장)를 내려받을 수 없는 환경에서 연습 문제 2의 풀이를 실행하려고 씁니다.
    픽셀 값(0–16)을 16으로 나누고, 레이블 비율을 유지하며(층화) 학습/시험으로 나눕니다.
    나누기는 scikit-learn의 ``train_test_split(stratify=레이블, random_state=seed)`` 와 같습니다.

    Parameters
    ----------
    test_size : float, optional
        시험 데이터의 비율.
    seed : int, optional
        나누기의 시드.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> data = load_digits_data()
    >>> data.X_train.shape, data.X_test.shape, data.n_classes
    ((1437, 64), (360, 64), 10)
    """
    pixels, labels = _digits_arrays()
    X = pixels / 16.0
    if test_size == 0.2 and seed == 0 and len(labels) == 1797:
        from pathlib import Path

        order = np.load(Path(__file__).with_name(_DIGITS_SPLIT)).astype(np.intp)
        train, test = order[:1437], order[1437:]
        return Dataset(X[train], labels[train], X[test], labels[test], "손글씨 숫자(scikit-learn digits)", 10)
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, labels, test_size=test_size, stratify=labels, random_state=seed)
    return Dataset(X_train, y_train, X_test, y_test, "손글씨 숫자(scikit-learn digits)", 10)


# --------------------------------------------------------------------------------------------
# Exercise 2: a two-layer network (model code: forward and backward pass)
# --------------------------------------------------------------------------------------------


class TwoLayerNet:
    r"""은닉층이 하나인 2층 신경망(ReLU, 소프트맥스 교차 엔트로피). 파라미터는 벡터 하나입니다.

    .. math::

        z = X W_1 + b_1, \quad h = \max(z, 0), \quad s = h W_2 + b_2, \quad
        \ell(\theta) = -\frac1N \sum_{k=1}^N \log \operatorname{softmax}(s_k)_{y_k}.

    파라미터 :math:`\theta = (W_1, b_1, W_2, b_2)` 를 한 벡터로 펼쳐 두므로
    :mod:`gdbook.optimizers` 의 옵티마이저를 그대로 쓸 수 있습니다. 역전파는

    .. math::

        \partial_s \ell = \tfrac1N(\operatorname{softmax}(s) - Y), \quad
        \partial_{W_2} = h^\top \partial_s, \quad \partial_{b_2} = \mathbf 1^\top \partial_s, \quad
        \partial_z = (\partial_s W_2^\top) \odot [z > 0], \quad
        \partial_{W_1} = X^\top \partial_z, \quad \partial_{b_1} = \mathbf 1^\top \partial_z

    입니다(:math:`Y` 는 원-핫 레이블).

    Parameters
    ----------
    n_in, n_hidden, n_classes : int
        입력, 은닉, 출력의 크기.

    Attributes
    ----------
    size : int
        파라미터 수.

    Examples
    --------
    >>> net = TwoLayerNet(4, 3, 2)
    >>> net.size
    23
    >>> theta = net.init_params(seed=0)
    >>> X, y = np.ones((5, 4)), np.array([0, 1, 0, 1, 1])
    >>> loss, grad = net.loss_and_grad(theta, X, y)
    >>> grad.shape, bool(loss > 0)
    ((23,), True)
    """

    def __init__(self, n_in, n_hidden, n_classes):
        self.n_in, self.n_hidden, self.n_classes = int(n_in), int(n_hidden), int(n_classes)
        self._shapes = [(self.n_in, self.n_hidden), (self.n_hidden,),
                        (self.n_hidden, self.n_classes), (self.n_classes,)]
        self._sizes = [int(np.prod(s)) for s in self._shapes]
        self.size = sum(self._sizes)

    def unpack(self, theta):
        r"""벡터 :math:`\theta` 를 :math:`(W_1, b_1, W_2, b_2)` 로 나눕니다(복사하지 않는 뷰).

        Parameters
        ----------
        theta : numpy.ndarray, shape (size,)
            파라미터 벡터.

        Returns
        -------
        list of numpy.ndarray
            네 개의 뷰.

        Examples
        --------
        >>> [p.shape for p in TwoLayerNet(4, 3, 2).unpack(np.zeros(23))]
        [(4, 3), (3,), (3, 2), (2,)]
        """
        theta = np.asarray(theta, dtype=np.float64)
        if theta.shape != (self.size,):
            raise ValueError(f"theta must have shape ({self.size},), got {theta.shape}")
        parts, start = [], 0
        for shape, size in zip(self._shapes, self._sizes):
            parts.append(theta[start:start + size].reshape(shape))
            start += size
        return parts

    def init_params(self, seed=0) -> np.ndarray:
        r"""He 초기화: :math:`W_1 \sim N(0, 2/n_{\text{in}})`, :math:`W_2 \sim N(0, 2/n_{\text{hidden}})`, 편향 0.

        Parameters
        ----------
        seed : int, optional
            난수 시드.

        Returns
        -------
        numpy.ndarray, shape (size,)

        Examples
        --------
        >>> theta = TwoLayerNet(4, 3, 2).init_params(seed=1)
        >>> theta.shape, float(theta[-2:].sum())
        ((23,), 0.0)
        """
        rng = np.random.default_rng(seed)
        W1 = rng.standard_normal(self._shapes[0]) * np.sqrt(2.0 / self.n_in)
        W2 = rng.standard_normal(self._shapes[2]) * np.sqrt(2.0 / self.n_hidden)
        return np.concatenate([W1.ravel(), np.zeros(self.n_hidden), W2.ravel(), np.zeros(self.n_classes)])

    def scores(self, theta, X) -> np.ndarray:
        r"""출력 점수(로짓) :math:`s`, 모양 ``(N, n_classes)``.

        Parameters
        ----------
        theta : numpy.ndarray, shape (size,)
            파라미터.
        X : numpy.ndarray, shape (N, n_in)
            입력.

        Returns
        -------
        numpy.ndarray, shape (N, n_classes)

        Examples
        --------
        >>> TwoLayerNet(2, 2, 3).scores(np.zeros(15), np.ones((4, 2))).shape
        (4, 3)
        """
        W1, b1, W2, b2 = self.unpack(theta)
        return np.maximum(X @ W1 + b1, 0.0) @ W2 + b2

    def loss_and_grad(self, theta, X, y):
        r"""평균 교차 엔트로피 :math:`\ell(\theta)` 와 그래디언트 :math:`\nabla \ell(\theta)`.

        Parameters
        ----------
        theta : numpy.ndarray, shape (size,)
            파라미터.
        X : numpy.ndarray, shape (N, n_in)
            입력.
        y : numpy.ndarray of int, shape (N,)
            레이블.

        Returns
        -------
        loss : float
            평균 교차 엔트로피.
        grad : numpy.ndarray, shape (size,)
            그래디언트.

        Examples
        --------
        >>> net = TwoLayerNet(2, 2, 3)
        >>> loss, grad = net.loss_and_grad(np.zeros(15), np.ones((4, 2)), np.array([0, 1, 2, 0]))
        >>> print(f"{loss:.4f}")   # 모든 점수가 0이면 log 3
        1.0986
        """
        W1, b1, W2, b2 = self.unpack(theta)
        N = len(y)
        z = X @ W1 + b1
        h = np.maximum(z, 0.0)
        s = h @ W2 + b2
        s = s - s.max(axis=1, keepdims=True)
        log_p = s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))
        loss = -float(np.mean(log_p[np.arange(N), y]))
        ds = np.exp(log_p)
        ds[np.arange(N), y] -= 1.0
        ds /= N
        dz = (ds @ W2.T) * (z > 0)
        grad = np.concatenate([(X.T @ dz).ravel(), dz.sum(axis=0), (h.T @ ds).ravel(), ds.sum(axis=0)])
        return loss, grad

    def loss(self, theta, X, y) -> float:
        r"""평균 교차 엔트로피 :math:`\ell(\theta)`.

        Parameters
        ----------
        theta : numpy.ndarray, shape (size,)
            파라미터.
        X : numpy.ndarray, shape (N, n_in)
            입력.
        y : numpy.ndarray of int, shape (N,)
            레이블.

        Returns
        -------
        float

        Examples
        --------
        >>> print(f"{TwoLayerNet(2, 2, 3).loss(np.zeros(15), np.ones((1, 2)), np.array([1])):.4f}")
        1.0986
        """
        return self.loss_and_grad(theta, X, y)[0]

    def accuracy(self, theta, X, y) -> float:
        r"""정확도: 점수가 가장 큰 클래스가 레이블과 같은 비율.

        Parameters
        ----------
        theta : numpy.ndarray, shape (size,)
            파라미터.
        X : numpy.ndarray, shape (N, n_in)
            입력.
        y : numpy.ndarray of int, shape (N,)
            레이블.

        Returns
        -------
        float

        Examples
        --------
        >>> net = TwoLayerNet(1, 1, 2)
        >>> net.accuracy(np.array([1.0, 0.0, -1.0, 1.0, 0.0, 0.0]), np.array([[1.0], [2.0]]), np.array([1, 1]))
        1.0
        """
        return float(np.mean(np.argmax(self.scores(theta, X), axis=1) == y))


class TrainingRecord(NamedTuple):
    r""":func:`train_two_layer_net` 의 기록(에포크 0부터 E까지, 에포크 경계마다).

    Attributes
    ----------
    label : str
        그림의 범례(예: ``"배치 크기 32"``).
    batch_size : int
        배치 크기.
    updates : numpy.ndarray of int, shape (E+1,)
        그때까지의 업데이트 수.
    train_loss : numpy.ndarray, shape (E+1,)
        학습 데이터 전체의 평균 교차 엔트로피.
    test_accuracy : numpy.ndarray, shape (E+1,)
        시험 정확도.
    wall_time : numpy.ndarray, shape (E+1,)
        그때까지 학습(그래디언트와 업데이트)에 쓴 벽시계 시간(초). 평가 시간은 빼며,
        컴퓨터에 따라 다릅니다.
    theta : numpy.ndarray
        마지막 파라미터.

    Examples
    --------
    >>> TrainingRecord._fields[:3]
    ('label', 'batch_size', 'updates')
    """

    label: str
    batch_size: int
    updates: np.ndarray
    train_loss: np.ndarray
    test_accuracy: np.ndarray
    wall_time: np.ndarray
    theta: np.ndarray


def train_two_layer_net(optimizer, data, net, theta0, *, batch_size, epochs, seed=0,
                        label=None) -> TrainingRecord:
    r"""2층 신경망을 ``optimizer`` 로 에포크 단위로 학습합니다(옵티마이저는 스텝마다 부름).

    에포크마다 학습 데이터를 섞고 ``batch_size`` 개씩 잘라(마지막 미니배치는 더 작을 수 있음)
    미니배치마다 업데이트 한 번을 합니다. 그래디언트는 ``optimizer.eval_point`` 가 돌려주는
    점에서 계산합니다. 에포크가 끝날 때마다 학습 손실과 시험 정확도를 기록합니다.

    Parameters
    ----------
    optimizer : gdbook.optimizers.Optimizer
        옵티마이저.
    data : Dataset
        데이터.
    net : TwoLayerNet
        신경망.
    theta0 : numpy.ndarray
        초기 파라미터.
    batch_size : int
        배치 크기(:math:`n` 이면 배치 경사 하강법).
    epochs : int
        에포크 수.
    seed : int, optional
        섞기의 시드.
    label : str, optional
        기록의 이름.

    Returns
    -------
    TrainingRecord

    Examples
    --------
    >>> from gdbook import optimizers
    >>> data = load_digits_data()
    >>> net = TwoLayerNet(64, 16, 10)
    >>> rec = train_two_layer_net(optimizers.sgd(lr=0.1), data, net, net.init_params(0),
    ...                           batch_size=128, epochs=2)
    >>> rec.updates.tolist()
    [0, 12, 24]
    >>> bool(rec.train_loss[-1] < rec.train_loss[0])
    True
    """
    n = len(data.y_train)
    rng = np.random.default_rng(seed)
    theta = np.array(theta0, dtype=np.float64)
    state = optimizer.init(theta)
    updates, losses, accs, times = [0], [], [], [0.0]
    losses.append(net.loss(theta, data.X_train, data.y_train))
    accs.append(net.accuracy(theta, data.X_test, data.y_test))
    elapsed = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        perm = rng.permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            point = optimizer.eval_point(theta, state)
            _, grad = net.loss_and_grad(point, data.X_train[idx], data.y_train[idx])
            theta, state = optimizer.step(theta, grad, state)
        elapsed += time.perf_counter() - start
        updates.append(state.t)
        times.append(elapsed)
        losses.append(net.loss(theta, data.X_train, data.y_train))
        accs.append(net.accuracy(theta, data.X_test, data.y_test))
    label = label if label is not None else f"배치 크기 {batch_size}"
    return TrainingRecord(label, int(batch_size), np.array(updates), np.array(losses),
                          np.array(accs), np.array(times), theta)


class Exercise2Experiment(NamedTuple):
    r""":func:`exercise2_experiment` 의 결과.

    Attributes
    ----------
    data : Dataset
        데이터.
    records : dict[int, TrainingRecord]
        배치 크기마다의 기록(배치 GD는 키 :math:`n`).
    lr : float
        학습률.
    epochs : int
        에포크 수.
    hidden : int
        은닉 유닛 수.

    Examples
    --------
    >>> Exercise2Experiment._fields[:3]
    ('data', 'records', 'lr')
    """

    data: Dataset
    records: dict
    lr: float
    epochs: int
    hidden: int


def exercise2_experiment(data=None, *, batch_sizes=(None, 512, 128, 32, 1), lr=0.1, epochs=10,
                         hidden=32, seed=0) -> Exercise2Experiment:
    r"""연습 문제 2: 배치 GD, 미니배치 SGD(32, 128, 512), 배치 크기 1의 비교.

    모든 배치 크기가 같은 초기 파라미터, 같은 학습률 ``lr`` (모멘텀 없는 SGD), 같은 에포크 수를
    씁니다. 배치 크기 ``None`` 은 학습 데이터 전체(배치 경사 하강법)입니다.

    Parameters
    ----------
    data : Dataset, optional
        데이터. 없으면 :func:`load_digits_data` (MNIST가 있으면 ``load_mnist(path)`` 를 넣으세요).
    batch_sizes : sequence of int or None, optional
        배치 크기들.
    lr : float, optional
        학습률.
    epochs : int, optional
        에포크 수.
    hidden : int, optional
        은닉 유닛 수.
    seed : int, optional
        초기화와 섞기의 시드.

    Returns
    -------
    Exercise2Experiment

    Examples
    --------
    >>> ex = exercise2_experiment(batch_sizes=(None, 32), epochs=2)
    >>> [int(r.updates[-1]) for r in ex.records.values()]
    [2, 90]
    """
    data = load_digits_data(seed=seed) if data is None else data
    n = len(data.y_train)
    net = TwoLayerNet(data.X_train.shape[1], hidden, data.n_classes)
    theta0 = net.init_params(seed=seed)
    records = {}
    for b in batch_sizes:
        size = n if b is None else int(b)
        label = f"배치 GD (b = {n})" if b is None else f"b = {size}"
        records[size] = train_two_layer_net(optimizers.sgd(lr=lr), data, net, theta0,
                                            batch_size=size, epochs=epochs, seed=seed, label=label)
    return Exercise2Experiment(data, records, float(lr), int(epochs), int(hidden))
