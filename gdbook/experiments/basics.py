r"""§1 경사 하강법 기본의 실험.

책의 §1 (:doc:`/chapter/01_basics`)과 갤러리 ``01_basics`` 의 그림과 본문 수치는 모두 이 모듈의
함수가 계산합니다. 각 함수는 실험 하나(목적 함수 만들기, :func:`gdbook.run` 으로 실행하기,
본문이 인용하는 수치 계산)를 맡고, 그림은 책과 갤러리가 :mod:`gdbook.plotting` 으로 그립니다.

- :func:`learning_rates_on_quadratic` — 강의 노트 §1.3의 실험: :math:`(x-1)^2 + 2(y-2)^2` 을
  :math:`(-2, -1)` 에서 학습률 :math:`\eta \in \{0.1, 0.3, 0.5, 0.9\}` 로 50스텝.
- :func:`lr_sweep_on_quadratic` — 같은 함수에서 학습률 200개를 한 번의 배치 실행으로 훑어
  안정성 한계 :math:`2/L` 을 가로지르는 실험(갤러리, §1.4).
- :func:`one_step_decrease` — 한 스텝의 감소량과 하강 보조정리의 예측(§1.2, §2.2).

여기에만 있는 작은 도우미: :func:`select_run` (배치 실행 결과에서 실행 하나를 꺼냄),
:func:`last_step_ratio` (오차 곡선에서 스텝당 비율 재기), :func:`quadratic_gap`
(반올림에 강한 :math:`f(x) - f^*`).
알고리즘은 구현하지 않습니다. 업데이트 규칙은 :func:`gdbook.optimizers.sgd`, 실행 루프는
:func:`gdbook.run`, 이론값은 :mod:`gdbook.theory` 의 것입니다.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, theory

__all__ = [
    "select_run",
    "last_step_ratio",
    "quadratic_gap",
    "LearningRateExperiment",
    "learning_rates_on_quadratic",
    "LrSweep",
    "lr_sweep_on_quadratic",
    "OneStepDecrease",
    "one_step_decrease",
]

#: 강의 노트 §1.3의 시작점.
NOTE_X0 = (-2.0, -1.0)


def select_run(result, index):
    r"""배치 실행 결과(실행 축이 하나인 :class:`gdbook.RunResult`)에서 실행 하나를 꺼냅니다.

    그림에서 패널마다 실행 하나를 그릴 때 씁니다. 계산은 하지 않고 배열을 자르기만 합니다.

    Parameters
    ----------
    result : RunResult
        ``x0`` 의 모양이 ``(n, d)`` 인 배치 실행의 결과.
    index : int
        꺼낼 실행의 번호(``0 <= index < n``).

    Returns
    -------
    RunResult
        실행 하나의 결과(``x`` 모양 ``(T + 1, d)``).

    Examples
    --------
    >>> import numpy as np, gdbook
    >>> from gdbook import functions, optimizers
    >>> lr = np.array([[0.1], [0.2]])
    >>> res = gdbook.run(optimizers.sgd(lr=lr), functions.note_quadratic(), np.zeros((2, 2)), 3)
    >>> one = select_run(res, 1)
    >>> one.x.shape, one.lr.shape, one.diverged
    ((4, 2), (3,), False)
    """
    diverged = np.asarray(result.diverged)
    if diverged.ndim != 1:
        raise ValueError(f"result must hold a batch of runs along one axis, got runs of shape {diverged.shape}")
    n = diverged.shape[0]
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"index must be an integer, got {index!r}")
    if not 0 <= index < n:
        raise ValueError(f"index must be in [0, {n}), got {index}")
    lr = np.asarray(result.lr)
    return dataclasses.replace(
        result,
        x=result.x[:, index],
        loss=result.loss[:, index],
        grad_norm=result.grad_norm[:, index],
        lr=lr[:, index] if lr.ndim >= 2 else lr,
        diverged=bool(diverged[index]),
        diverged_at=int(np.asarray(result.diverged_at)[index]),
    )


def quadratic_gap(objective, x):
    r"""이차 함수의 :math:`f(x) - f^* = \tfrac12 (x - x^*)^\top A (x - x^*)` 를 반올림에 강하게 계산합니다.

    ``objective(x) - objective.minimum`` 은 전개한 식 :math:`\tfrac12 x^\top A x - b^\top x + c`
    에서 큰 수끼리 빼므로, 노트의 이차 함수(:math:`c = 9`)에서는 약 :math:`2 \times 10^{-15}`
    보다 작은 차이를 구별하지 못합니다(0이나 음수가 나옴). 최소점에서의 오차
    :math:`e = x - x^*` 로 계산하면 :math:`e` 자체가 표현되는 한 정확합니다. 유한하지 않은 점은
    ``nan`` 을 돌려줍니다.

    Parameters
    ----------
    objective : Quadratic
        최소점이 있는 이차 함수.
    x : array_like, shape (..., d)
        점들.

    Returns
    -------
    numpy.ndarray, shape (...)

    Examples
    --------
    >>> from gdbook.functions import note_quadratic
    >>> f = note_quadratic()
    >>> x = np.array([1.0 + 1e-9, 2.0])
    >>> print(f"{float(f(x) - f.minimum):.3e} {float(quadratic_gap(f, x)):.3e}")
    0.000e+00 1.000e-18
    """
    x = np.asarray(x, dtype=np.float64)
    e = x - objective.minimizers[0]
    with np.errstate(all="ignore"):
        return 0.5 * np.einsum("...i,ij,...j->...", e, objective.A, e)


def last_step_ratio(err, *, tol=1e-8):
    r"""오차 곡선에서 스텝당 비율 :math:`e_k / e_{k-1}` 을 잽니다. :math:`k` 는 실행마다 정합니다.

    :math:`k` 는 :math:`e_k` 가 유한하고 :math:`e_k > \mathrm{tol}\cdot e_0` 인 마지막 스텝입니다.
    오래 돌릴수록 가장 느린 고유 방향만 남아 비율이 이론의 수축률에 가까워지고, 너무 작아진
    오차는 반올림(:math:`x_t` 의 유효 숫자)에 묻히므로 그 앞에서 멈춥니다. 발산해 멈춘 실행은
    마지막 유한한 스텝을 씁니다.

    Parameters
    ----------
    err : array_like, shape (T + 1, ...)
        오차 :math:`e_t = \|x_t - x^*\|` (앞쪽 축이 스텝).
    tol : float, optional
        상대 허용 오차.

    Returns
    -------
    numpy.ndarray, shape (...)
        실행마다 :math:`e_k / e_{k-1}`. :math:`e_0 = 0` 이면 ``nan``.

    Examples
    --------
    >>> e = np.array([[1.0, 1.0], [0.5, 2.0], [0.25, np.nan]])
    >>> last_step_ratio(e)
    array([0.5, 2. ])
    """
    err = np.asarray(err, dtype=np.float64)
    if err.ndim == 0 or err.shape[0] < 2:
        raise ValueError(f"err must have at least two steps along axis 0, got shape {err.shape}")
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(err) & (err > tol * err[:1])
    ok[0] = True
    T1 = err.shape[0]
    k = T1 - 1 - np.argmax(ok[::-1], axis=0)  # last step where ok
    k = np.maximum(k, 1)
    num = np.take_along_axis(err, k[None], axis=0)[0]
    den = np.take_along_axis(err, (k - 1)[None], axis=0)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


# --------------------------------------------------------------------------------------------
# §1.3 the note's experiment
# --------------------------------------------------------------------------------------------


class LearningRateExperiment(NamedTuple):
    r""":func:`learning_rates_on_quadratic` 의 결과.

    Attributes
    ----------
    objective : Quadratic
        :func:`gdbook.functions.note_quadratic` (:math:`L = 4`, :math:`m = 2`, :math:`x^* = (1, 2)`).
    lrs : numpy.ndarray, shape (n,)
        학습률들.
    x0 : numpy.ndarray, shape (2,)
        시작점.
    batch : RunResult
        학습률 ``n`` 개를 한 번에 돌린 배치 실행(``lr`` 모양 ``(n, 1)``).
    runs : dict of str to RunResult
        ``"η = 0.1"`` 같은 이름 → 실행 하나(:func:`select_run`). 그림의 패널용.
    gap : numpy.ndarray, shape (T + 1, n)
        :math:`f(x_t) - f^*` (:func:`quadratic_gap`). 발산한 스텝부터는 ``nan`` 이므로
        :func:`gdbook.plotting.loss_curves` 가 그 스텝에 발산을 표시합니다.
    final_loss : numpy.ndarray, shape (n,)
        :math:`f(x_T) - f^*` (:math:`f^* = 0`; 발산해 멈춘 실행은 ``nan``).
    final_distance : numpy.ndarray, shape (n,)
        :math:`\|x_T - x^*\|` (발산해 멈춘 실행은 ``nan``).
    axis_factors : numpy.ndarray, shape (n, 2)
        좌표축마다의 곱 인자 :math:`1 - \eta\lambda_i` (:math:`\lambda = (2, 4)`). 이 함수에서
        :math:`x_t - x^*` 의 각 좌표는 스텝마다 정확히 이 값을 곱한 것입니다.
    rate : numpy.ndarray, shape (n,)
        이론의 스텝당 수축률 :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|`
        (:func:`gdbook.theory.quadratic_gd_factor`).
    measured_rate : numpy.ndarray, shape (n,)
        측정한 스텝당 비율 :math:`\|x_k - x^*\| / \|x_{k-1} - x^*\|` (:func:`last_step_ratio`).
    diverged_at : numpy.ndarray of int, shape (n,)
        ``divergence_threshold`` 를 넘은 첫 스텝(-1이면 발산 없음).
    divergence_threshold : float
        발산으로 볼 손실의 임곗값(:math:`10^6 f(x_0)`).
    long_loss : numpy.ndarray, shape (long_steps + 1, n)
        임곗값 없이 돌린 긴 실행의 손실 :math:`f(x_t)` (넘친 스텝 뒤는 ``nan``).
    overflow_step : numpy.ndarray of int, shape (n,)
        임곗값 없이 ``long_steps`` 스텝을 돌렸을 때 손실이 float64로 표현되지 않게(무한대가)
        된 스텝. -1이면 그 안에 넘치지 않음.
    y_amplitude : numpy.ndarray, shape (n, T)
        스텝 :math:`t = 1, \dots, T` 의 :math:`|y_t - 2|` (η = 0.5의 진동 폭 확인용; 멈춘 실행은 ``nan``).
    """

    objective: functions.Quadratic
    lrs: np.ndarray
    x0: np.ndarray
    batch: gdbook.RunResult
    runs: dict
    gap: np.ndarray
    final_loss: np.ndarray
    final_distance: np.ndarray
    axis_factors: np.ndarray
    rate: np.ndarray
    measured_rate: np.ndarray
    diverged_at: np.ndarray
    divergence_threshold: float
    long_loss: np.ndarray
    overflow_step: np.ndarray
    y_amplitude: np.ndarray


def learning_rates_on_quadratic(lrs=(0.1, 0.3, 0.5, 0.9), steps=50, *, x0=NOTE_X0,
                                long_steps=1000) -> LearningRateExperiment:
    r"""강의 노트 §1.3: :math:`f(x, y) = (x-1)^2 + 2(y-2)^2` 위의 경사 하강법을 학습률별로 실행.

    모든 학습률을 한 번의 배치 실행(``lr`` 모양 ``(n, 1)``)으로 돌립니다. 손실이
    :math:`10^6 f(x_0)` 를 넘으면 발산으로 보고 그 실행을 멈춥니다(그림에서 발산한 실행이 다른
    곡선을 납작하게 만들지 않게). 따로, 임곗값 없이 ``long_steps`` 스텝을 돌려 손실이
    float64의 범위를 넘는(무한대가 되는) 스텝도 기록합니다.

    이 함수에서는 :math:`x_t - x^* = (I - \eta A)(x_{t-1} - x^*)`, :math:`A = \operatorname{diag}(2, 4)`
    이므로 두 좌표가 따로 :math:`1 - 2\eta`, :math:`1 - 4\eta` 배씩 변합니다.

    Parameters
    ----------
    lrs : sequence of float, optional
        학습률들(양수).
    steps : int, optional
        스텝 수 :math:`T`.
    x0 : sequence of float, optional
        시작점(기본값은 노트의 :math:`(-2, -1)`).
    long_steps : int, optional
        넘침(오버플로) 스텝을 찾는 긴 실행의 스텝 수.

    Returns
    -------
    LearningRateExperiment

    Examples
    --------
    >>> ex = learning_rates_on_quadratic()
    >>> ex.diverged_at.tolist(), ex.overflow_step.tolist()
    ([-1, -1, -1, 8], [-1, -1, -1, 370])
    >>> np.round(ex.rate, 2).tolist(), np.round(ex.measured_rate, 2).tolist()
    ([0.8, 0.4, 1.0, 2.6], [0.8, 0.4, 1.0, 2.6])
    >>> float(ex.final_loss[2]), float(ex.final_distance[2])      # η = 0.5: 스텝마다 같은 손실
    (18.0, 3.0)
    """
    f = functions.note_quadratic()
    lrs = np.asarray(lrs, dtype=np.float64).ravel()
    x0 = np.asarray(x0, dtype=np.float64)
    n = lrs.size
    x0s = np.broadcast_to(x0, (n, 2))
    threshold = 1e6 * float(f(x0))
    batch = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, x0s, steps, divergence_threshold=threshold)
    long = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, x0s, long_steps, record=False)
    x_star = f.minimizers[0]
    err = np.linalg.norm(batch.x - x_star, axis=-1)  # (T+1, n)
    measured = last_step_ratio(err)
    gap = quadratic_gap(f, batch.x)
    div = np.asarray(batch.diverged_at)
    t = np.arange(steps + 1)[:, None]
    gap = np.where((div[None, :] >= 0) & (t >= div[None, :]), np.nan, gap)
    names = [f"η = {lr:g}" for lr in lrs]
    return LearningRateExperiment(
        objective=f,
        lrs=lrs,
        x0=x0,
        batch=batch,
        runs={name: select_run(batch, i) for i, name in enumerate(names)},
        gap=gap,
        final_loss=gap[-1],
        final_distance=err[-1],
        axis_factors=1.0 - np.multiply.outer(lrs, f.eigenvalues),
        rate=np.asarray(theory.quadratic_gd_factor(f.eigenvalues, lrs)),
        measured_rate=measured,
        diverged_at=np.asarray(batch.diverged_at),
        divergence_threshold=threshold,
        long_loss=np.asarray(long.loss),
        overflow_step=np.asarray(long.diverged_at),
        y_amplitude=np.abs(batch.x[1:, :, 1] - x_star[1]).T,
    )


# --------------------------------------------------------------------------------------------
# §1.4 / gallery: a sweep across the stability limit
# --------------------------------------------------------------------------------------------


class LrSweep(NamedTuple):
    r""":func:`lr_sweep_on_quadratic` 의 결과.

    Attributes
    ----------
    objective : Quadratic
        노트의 이차 함수.
    lrs : numpy.ndarray, shape (n,)
        학습률들(오름차순).
    result : RunResult
        학습률 ``n`` 개의 배치 실행(한 번).
    final_gap : numpy.ndarray, shape (n,)
        :math:`f(x_T) - f^*` (:func:`quadratic_gap`).
    rate : numpy.ndarray, shape (n,)
        이론의 수축률 :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|`.
    measured_rate : numpy.ndarray, shape (n,)
        측정 비율 :math:`\|x_k - x^*\| / \|x_{k-1} - x^*\|` (:func:`last_step_ratio`).
    thresholds : gdbook.theory.StepSizeThresholds
        :math:`1/L`, :math:`2/(L+m)`, :math:`2/L`.
    best_rate : float
        이론의 가장 작은 수축률 :math:`(\kappa - 1)/(\kappa + 1)` (:math:`\eta = 2/(L+m)`).
    best_lr_on_grid : float
        격자에서 측정 비율이 가장 작은 학습률.
    largest_convergent_lr : float
        격자에서 측정 비율이 1보다 작은 가장 큰 학습률.
    """

    objective: functions.Quadratic
    lrs: np.ndarray
    result: gdbook.RunResult
    final_gap: np.ndarray
    rate: np.ndarray
    measured_rate: np.ndarray
    thresholds: theory.StepSizeThresholds
    best_rate: float
    best_lr_on_grid: float
    largest_convergent_lr: float


def lr_sweep_on_quadratic(n=200, *, lr_max=0.6, steps=50, x0=NOTE_X0) -> LrSweep:
    r"""노트의 이차 함수에서 학습률 ``n`` 개(:math:`(0, \eta_{\max}]` 균등 간격)를 한 번의 배치 실행으로 훑습니다.

    안정성 한계 :math:`2/L = 0.5` 를 가로질러, 측정한 스텝당 비율이 이론의
    :math:`\rho(\eta) = \max(|1 - 2\eta|, |1 - 4\eta|)` 와 같은지, 가장 빠른 학습률이
    :math:`2/(L+m) = 1/3` 인지 봅니다. 임곗값 없이 돌리므로 :math:`\eta > 1/2` 인 실행도
    :math:`T` 스텝 동안 유한하게 커집니다.

    Parameters
    ----------
    n : int, optional
        학습률의 수.
    lr_max : float, optional
        가장 큰 학습률.
    steps : int, optional
        스텝 수 :math:`T`.
    x0 : sequence of float, optional
        시작점.

    Returns
    -------
    LrSweep

    Examples
    --------
    >>> sw = lr_sweep_on_quadratic()
    >>> sw.result.x.shape
    (51, 200, 2)
    >>> round(sw.best_rate, 4), round(sw.best_lr_on_grid, 3), round(sw.largest_convergent_lr, 3)
    (0.3333, 0.333, 0.498)
    >>> bool(np.max(np.abs(sw.measured_rate - sw.rate)) < 5e-3)
    True
    """
    f = functions.note_quadratic()
    lrs = np.linspace(lr_max / n, lr_max, n)
    x0 = np.asarray(x0, dtype=np.float64)
    res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, np.broadcast_to(x0, (n, 2)), steps)
    err = np.linalg.norm(res.x - f.minimizers[0], axis=-1)
    measured = last_step_ratio(err)
    th = theory.step_size_thresholds(f.L, f.m)
    convergent = lrs[measured < 1.0]
    return LrSweep(
        objective=f,
        lrs=lrs,
        result=res,
        final_gap=quadratic_gap(f, res.x[-1]),
        rate=np.asarray(theory.quadratic_gd_factor(f.eigenvalues, lrs)),
        measured_rate=measured,
        thresholds=th,
        best_rate=float(theory.quadratic_gd_factor(f.eigenvalues, th.two_over_L_plus_m)),
        best_lr_on_grid=float(lrs[np.argmin(measured)]),
        largest_convergent_lr=float(convergent.max()) if convergent.size else float("nan"),
    )


# --------------------------------------------------------------------------------------------
# §1.2 / §2.2: one step and the descent lemma
# --------------------------------------------------------------------------------------------


class OneStepDecrease(NamedTuple):
    r""":func:`one_step_decrease` 의 결과.

    Attributes
    ----------
    objective : Quadratic
        노트의 이차 함수.
    x0 : numpy.ndarray, shape (2,)
        점 :math:`x`.
    lrs : numpy.ndarray, shape (n,)
        학습률들.
    result : RunResult
        한 스텝짜리 배치 실행.
    actual : numpy.ndarray, shape (n,)
        측정한 변화량 :math:`f(x - \eta\nabla f(x)) - f(x)`.
    lemma_bound : numpy.ndarray, shape (n,)
        하강 보조정리의 상한 :math:`-\eta(1 - L\eta/2)\|\nabla f(x)\|^2`.
    first_order : numpy.ndarray, shape (n,)
        1차 테일러 근사 :math:`-\eta\|\nabla f(x)\|^2`.
    grad_norm_sq : float
        :math:`\|\nabla f(x)\|^2`.
    L : float
        립시츠 상수.
    max_violation : float
        :math:`\max_\eta (\text{actual} - \text{lemma\_bound})` (0 이하이면 상한이 모든 격자점에서 성립).
    actual_zero_lr : float
        실제 변화량이 0이 되는 학습률 :math:`2\|g\|^2 / (g^\top A g)` (이차 함수의 닫힌 식).
    """

    objective: functions.Quadratic
    x0: np.ndarray
    lrs: np.ndarray
    result: gdbook.RunResult
    actual: np.ndarray
    lemma_bound: np.ndarray
    first_order: np.ndarray
    grad_norm_sq: float
    L: float
    max_violation: float
    actual_zero_lr: float


def one_step_decrease(n=120, *, lr_max=0.6, x0=NOTE_X0) -> OneStepDecrease:
    r"""한 스텝의 손실 변화량을 학습률 ``n`` 개에 대해 재고, 하강 보조정리의 상한과 비교합니다.

    점 :math:`x` (노트의 시작점)에서 한 스텝 :math:`x^+ = x - \eta\nabla f(x)` 를 학습률마다
    한 번의 배치 실행으로 계산합니다. 하강 보조정리는

    .. math::

        f(x^+) - f(x) \le -\eta\Bigl(1 - \frac{L\eta}{2}\Bigr)\|\nabla f(x)\|^2

    이고, 1차 테일러 근사는 :math:`-\eta\|\nabla f(x)\|^2` 입니다.

    Parameters
    ----------
    n : int, optional
        학습률의 수(:math:`(0, \eta_{\max}]` 균등 간격).
    lr_max : float, optional
        가장 큰 학습률.
    x0 : sequence of float, optional
        점 :math:`x`.

    Returns
    -------
    OneStepDecrease

    Examples
    --------
    >>> d = one_step_decrease()
    >>> d.grad_norm_sq, d.L, round(d.actual_zero_lr, 4)
    (180.0, 4.0, 0.5556)
    >>> bool(d.max_violation <= 1e-12)
    True
    >>> i = int(np.argmin(np.abs(d.lrs - 0.25)))          # η = 1/L
    >>> float(d.lrs[i]), float(d.lemma_bound[i]), float(d.actual[i])
    (0.25, -22.5, -24.75)
    """
    f = functions.note_quadratic()
    lrs = np.linspace(lr_max / n, lr_max, n)
    x0 = np.asarray(x0, dtype=np.float64)
    res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, np.broadcast_to(x0, (lrs.size, 2)), 1)
    g = f.grad(x0)
    gsq = float(g @ g)
    actual = res.loss[1] - res.loss[0]
    bound = -lrs * (1.0 - f.L * lrs / 2.0) * gsq
    return OneStepDecrease(
        objective=f,
        x0=x0,
        lrs=lrs,
        result=res,
        actual=actual,
        lemma_bound=bound,
        first_order=-lrs * gsq,
        grad_norm_sq=gsq,
        L=float(f.L),
        max_violation=float(np.max(actual - bound)),
        actual_zero_lr=2.0 * gsq / float(g @ f.A @ g),
    )
