r"""수렴 이론 도우미: 조건수, 학습률의 기준값, 수렴 정리의 상한과 수렴 속도.

책의 정리를 그대로 수식으로 옮긴 작은 함수들입니다. 기호는 책과 같습니다:
:math:`L` 은 그래디언트의 립시츠 상수, :math:`m` 은 강볼록 상수, :math:`\kappa = L/m`,
:math:`\eta` 는 학습률(``lr``), :math:`\beta` 는 모멘텀(``momentum``), 스텝 :math:`t` 는 1부터 셉니다.
각 정리는 ``tests/test_theorems.py`` 에서 무작위 인스턴스로 수치 검증합니다.

Examples
--------
>>> from gdbook import theory
>>> theory.condition_number(100.0, 1.0)
100.0
>>> th = theory.step_size_thresholds(4.0, 2.0)
>>> th.one_over_L, th.two_over_L_plus_m, th.two_over_L
(0.25, 0.3333333333333333, 0.5)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from gdbook._validation import (
    check_finite_array,
    check_int,
    check_nonnegative,
    check_positive,
    check_unit_interval,
)

__all__ = [
    "condition_number",
    "StepSizeThresholds",
    "step_size_thresholds",
    "gd_convex_bound",
    "gd_strongly_convex_factor",
    "quadratic_gd_factor",
    "MomentumParams",
    "heavy_ball_optimal",
    "heavy_ball_quadratic_bound",
    "nesterov_optimal",
    "nesterov_bound",
    "adam_bias_correction",
]


def _check_L_m(L, m, *, strongly=False) -> tuple[float, float]:
    """``L > 0`` and ``0 <= m <= L`` (``m > 0`` if ``strongly``), as floats."""
    L = check_positive("L", L)
    m = check_positive("m", m) if strongly else check_nonnegative("m", m)
    if not (np.ndim(L) == 0 and np.ndim(m) == 0):
        raise TypeError("L and m must be single numbers")
    if m > L:
        raise ValueError(f"m must be <= L, got m={m!r} > L={L!r}")
    return L, m


def _check_steps(t, *, minimum):
    """Step counts: an int, or an array of integers, all >= ``minimum``; returns int or int array."""
    if isinstance(t, (bool, np.bool_)):
        raise TypeError(f"t must be an integer or an array of integers, got {t!r}")
    if np.ndim(t) == 0:
        return check_int("t", t.item() if isinstance(t, np.generic) else t, minimum=minimum)
    arr = np.asarray(t)
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind != "f" or not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise TypeError(f"t must contain integers, got dtype {arr.dtype}")
    if arr.size and arr.min() < minimum:
        raise ValueError(f"t must contain integers >= {minimum}, got {arr.min()!r}")
    return arr.astype(np.int64)


def condition_number(L, m) -> float:
    r"""조건수 :math:`\kappa = L / m` (:math:`m = 0` 이면 ``inf``).

    Parameters
    ----------
    L : float
        그래디언트의 립시츠 상수(양수).
    m : float
        강볼록 상수(:math:`0 \le m \le L`).

    Returns
    -------
    float

    Examples
    --------
    >>> condition_number(4.0, 2.0)
    2.0
    >>> condition_number(1.0, 0.0)
    inf
    """
    L, m = _check_L_m(L, m)
    return math.inf if m == 0 else L / m


class StepSizeThresholds(NamedTuple):
    r"""학습률의 세 기준값.

    Attributes
    ----------
    one_over_L : float
        :math:`1/L`: 수렴 정리의 증명에 쓰는 학습률(상한이 아님).
    two_over_L_plus_m : float
        :math:`2/(L+m)`: 이차 함수에서 :math:`\max_i |1 - \eta\lambda_i|` 를 최소로 하는 학습률.
    two_over_L : float
        :math:`2/L`: 안정성 한계. 이차 함수에서 경사 하강법은 :math:`\eta < 2/L` 일 때만 수렴합니다.
    """

    one_over_L: float
    two_over_L_plus_m: float
    two_over_L: float


def step_size_thresholds(L, m=0.0) -> StepSizeThresholds:
    r"""학습률의 기준값 :math:`1/L`, :math:`2/(L+m)`, :math:`2/L` 을 돌려줍니다.

    고윳값이 :math:`[m, L]` 에 있는 이차 함수에서 경사 하강법의 스텝당 수축률은
    :math:`\max(|1 - \eta m|, |1 - \eta L|)` 이고(:func:`quadratic_gd_factor`),
    :math:`\eta = 2/(L+m)` 에서 최솟값 :math:`(\kappa - 1)/(\kappa + 1)` 을 가지며,
    :math:`\eta \ge 2/L` 이면 1 이상이 되어 수렴하지 않습니다.

    Parameters
    ----------
    L : float
        그래디언트의 립시츠 상수.
    m : float, optional
        강볼록 상수(기본값 0).

    Returns
    -------
    StepSizeThresholds

    Examples
    --------
    >>> step_size_thresholds(4.0, 2.0)
    StepSizeThresholds(one_over_L=0.25, two_over_L_plus_m=0.3333333333333333, two_over_L=0.5)
    """
    L, m = _check_L_m(L, m)
    return StepSizeThresholds(1.0 / L, 2.0 / (L + m), 2.0 / L)


def gd_convex_bound(t, L, dist0_sq, lr=None):
    r"""볼록 함수에서 경사 하강법의 상한 :math:`f(x_t) - f^* \le \dfrac{L \|x_0 - x^*\|^2}{2t}`.

    **정리.** :math:`f` 가 볼록이고 :math:`\nabla f` 가 :math:`L`-립시츠이며 최소점 :math:`x^*` 가
    있을 때, 학습률 :math:`0 < \eta \le 1/L` 의 경사 하강법 :math:`x_t = x_{t-1} - \eta \nabla f(x_{t-1})`
    은 모든 :math:`t \ge 1` 에서

    .. math::

        f(x_t) - f^* \le \frac{\|x_0 - x^*\|^2}{2 \eta t}
        \quad\Bigl(\eta = \tfrac1L \text{ 이면 } \frac{L \|x_0 - x^*\|^2}{2t}\Bigr)

    를 만족합니다(Beck 2017, Thm. 10.21; Garrigos & Gower 2023, §3). :math:`x^*` 는 아무
    최소점이나 되며, 가장 가까운 최소점을 쓰면 가장 좋은 상한이 됩니다.
    :math:`\eta = 1/L` 에서 정확한 최악의 값은 :math:`L\|x_0 - x^*\|^2 / (4t + 2)` 이므로
    (Drori & Teboulle 2014) 상한은 상수 2배 이내로 빈틈이 없습니다.

    Parameters
    ----------
    t : int or array_like of int
        스텝 수(1 이상). 배열이면 원소마다 계산합니다.
    L : float
        그래디언트의 립시츠 상수.
    dist0_sq : float
        :math:`\|x_0 - x^*\|^2`.
    lr : float, optional
        학습률 :math:`\eta \le 1/L`. 기본값 :math:`1/L`.

    Returns
    -------
    float or numpy.ndarray
        ``t`` 와 같은 모양.

    Examples
    --------
    >>> gd_convex_bound(10, L=4.0, dist0_sq=5.0)
    1.0
    >>> gd_convex_bound([1, 2, 4], L=1.0, dist0_sq=2.0)
    array([1.  , 0.5 , 0.25])
    """
    t = _check_steps(t, minimum=1)
    L = check_positive("L", L)
    dist0_sq = check_nonnegative("dist0_sq", dist0_sq)
    if lr is None:
        lr = 1.0 / L
    lr = check_positive("lr", lr)
    if lr * L > 1.0 + 1e-12:
        raise ValueError(f"lr must be <= 1/L = {1.0 / L!r} for this theorem, got {lr!r}")
    out = dist0_sq / (2.0 * lr * np.asarray(t, dtype=np.float64))
    return float(out) if np.ndim(out) == 0 else out


def gd_strongly_convex_factor(L, m, lr=None) -> float:
    r"""강볼록 함수에서 경사 하강법의 스텝당 수축률(거리의 제곱) :math:`1 - \eta m`.

    **정리.** :math:`f` 가 :math:`m`-강볼록이고 :math:`\nabla f` 가 :math:`L`-립시츠일 때,
    학습률 :math:`0 < \eta \le 1/L` 의 경사 하강법은 모든 :math:`t \ge 1` 에서

    .. math::

        \|x_t - x^*\|^2 \le (1 - \eta m)\, \|x_{t-1} - x^*\|^2,
        \qquad\text{따라서}\qquad
        \|x_t - x^*\|^2 \le (1 - \eta m)^t\, \|x_0 - x^*\|^2

    를 만족합니다(Garrigos & Gower 2023, §3). :math:`\eta = 1/L` 이면 수축률은
    :math:`1 - m/L = 1 - 1/\kappa` 입니다. 이 상한은 일반 강볼록 함수에 대한 것이고,
    이차 함수의 정확한 수축률은 :func:`quadratic_gd_factor` 입니다. 예를 들어
    :math:`\eta = 1/L` 이면 이차 함수에서 거리의 제곱은 :math:`(1 - m/L)^2` 배씩 줄어듭니다.

    Parameters
    ----------
    L : float
        그래디언트의 립시츠 상수.
    m : float
        강볼록 상수(:math:`0 \le m \le L`).
    lr : float, optional
        학습률 :math:`0 < \eta \le 1/L`. 기본값 :math:`1/L`.

    Returns
    -------
    float
        :math:`1 - \eta m`.

    Examples
    --------
    >>> gd_strongly_convex_factor(10.0, 1.0)
    0.9
    >>> gd_strongly_convex_factor(10.0, 1.0, lr=0.05)
    0.95
    """
    L, m = _check_L_m(L, m)
    if lr is None:
        lr = 1.0 / L
    lr = check_positive("lr", lr)
    if np.ndim(lr) != 0:
        raise TypeError("lr must be a single number")
    if lr * L > 1.0 + 1e-12:
        raise ValueError(
            f"lr must be <= 1/L = {1.0 / L!r} for this theorem, got {lr!r} "
            "(for a quadratic use quadratic_gd_factor, valid for any lr)"
        )
    return 1.0 - lr * m


def quadratic_gd_factor(eigenvalues, lr):
    r"""이차 함수에서 경사 하강법의 정확한 스텝당 수축률 :math:`\rho(\eta) = \max_i |1 - \eta \lambda_i|`.

    :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c` 에서 경사 하강법은
    :math:`x_t - x^* = (I - \eta A)(x_{t-1} - x^*)` 이므로

    .. math::

        \|x_t - x^*\| \le \rho(\eta)\, \|x_{t-1} - x^*\|,
        \qquad \rho(\eta) = \|I - \eta A\|_2 = \max_i |1 - \eta \lambda_i|,

    이고 :math:`\rho` 를 주는 고유벡터 방향에서 등호가 성립합니다. 그 방향 성분이 0이 아닌
    시작점에서는 :math:`\|x_t - x^*\| / \|x_{t-1} - x^*\| \to \rho(\eta)` 입니다.
    고윳값이 :math:`(0, L]` 에 있으면 :math:`\rho(\eta) < 1` 과 :math:`0 < \eta < 2/L` 이
    동치입니다(안정성 한계 :math:`2/L`).

    Parameters
    ----------
    eigenvalues : array_like, shape (d,)
        :math:`A` 의 고윳값.
    lr : float or array_like
        학습률 :math:`\eta` (양수). 배열이면 원소마다 계산합니다.

    Returns
    -------
    float or numpy.ndarray
        ``lr`` 과 같은 모양.

    Examples
    --------
    >>> quadratic_gd_factor([2.0, 4.0], 0.25)
    0.5
    >>> quadratic_gd_factor([1.0, 10.0], [0.1, 2 / 11, 0.25])
    array([0.9       , 0.81818182, 1.5       ])
    """
    lam = check_finite_array("eigenvalues", eigenvalues)
    if lam.ndim != 1:
        raise ValueError(f"eigenvalues must be a 1-D array, got shape {lam.shape}")
    lr = check_positive("lr", lr)
    out = np.max(np.abs(1.0 - np.multiply.outer(lr, lam)), axis=-1)
    return float(out) if np.ndim(out) == 0 else out


class MomentumParams(NamedTuple):
    r"""모멘텀 방법의 하이퍼파라미터와 수렴 속도.

    Attributes
    ----------
    lr : float
        학습률 :math:`\eta`.
    momentum : float
        모멘텀 :math:`\beta`.
    rate : float
        스텝당 수렴 속도 :math:`\rho`.
    """

    lr: float
    momentum: float
    rate: float


def heavy_ball_optimal(L, m) -> MomentumParams:
    r"""이차 함수에서 헤비 볼(모멘텀)의 최적 하이퍼파라미터(Polyak 1964).

    .. math::

        \eta = \frac{4}{(\sqrt L + \sqrt m)^2}, \qquad
        \beta = \Bigl(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Bigr)^2, \qquad
        \rho = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}.

    헤비 볼 :math:`x_t = x_{t-1} - \eta \nabla f(x_{t-1}) + \beta (x_{t-1} - x_{t-2})`
    (:math:`x_{-1} = x_0`)은 torch 형식 ``sgd(lr=η, momentum=β)``
    (:math:`v_t = \beta v_{t-1} + g_t`, :math:`x_t = x_{t-1} - \eta v_t`)와 같은 반복입니다.

    **정리.** 헤시안의 고윳값이 :math:`[m, L]` (:math:`m > 0`)에 있는 이차 함수에서 위
    하이퍼파라미터의 헤비 볼은 모든 :math:`t \ge 0` 에서

    .. math::

        \|x_t - x^*\| \le \bigl(1 + (1 + \rho)\, t\bigr)\, \rho^t\, \|x_0 - x^*\|

    를 만족합니다(:func:`heavy_ball_quadratic_bound`). 고유 방향마다 반복 행렬의 고윳값의
    절댓값이 모두 :math:`\rho = \sqrt\beta` 이고, :math:`\lambda = m, L` 에서는 중근이어서
    :math:`t` 에 비례하는 인자가 붙습니다(:math:`\lambda = L` 방향에서 등호). 증명: 고유 방향
    :math:`\lambda = \eta^{-1}(1 + \beta - 2\rho\cos\theta)` 마다 :math:`e_t / (\rho^t e_0)
    = U_t(\cos\theta) - \rho\, U_{t-1}(\cos\theta)` (:math:`U_t` 는 제2종 체비쇼프 다항식,
    :math:`|U_t| \le t + 1`)이기 때문입니다. 이 속도는
    경사 하강법의 최적값 :math:`(\kappa - 1)/(\kappa + 1)` 보다 훨씬 빠릅니다. 다만 이차가
    아닌 강볼록 함수에서는 헤비 볼이 수렴하지 않을 수 있습니다(Lessard, Recht, Packard 2016).

    Parameters
    ----------
    L : float
        가장 큰 고윳값.
    m : float
        가장 작은 고윳값(양수).

    Returns
    -------
    MomentumParams

    Examples
    --------
    >>> p = heavy_ball_optimal(100.0, 1.0)
    >>> print(f"{p.lr:.6f} {p.momentum:.6f} {p.rate:.6f}")
    0.033058 0.669421 0.818182
    """
    L, m = _check_L_m(L, m, strongly=True)
    sk = math.sqrt(L / m)
    rate = (sk - 1.0) / (sk + 1.0)
    return MomentumParams(4.0 / (math.sqrt(L) + math.sqrt(m)) ** 2, rate**2, rate)


def heavy_ball_quadratic_bound(t, L, m):
    r"""헤비 볼 정리의 상한 인자 :math:`(1 + (1 + \rho) t)\, \rho^t` (:func:`heavy_ball_optimal` 참고).

    :math:`\|x_t - x^*\| \le (1 + (1 + \rho) t) \rho^t \|x_0 - x^*\|`,
    :math:`\rho = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

    Parameters
    ----------
    t : int or array_like of int
        스텝 수(0 이상).
    L, m : float
        가장 큰/작은 고윳값.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> heavy_ball_quadratic_bound([0, 1, 2], 9.0, 1.0)
    array([1.  , 1.25, 1.  ])
    """
    t = _check_steps(t, minimum=0)
    rate = heavy_ball_optimal(L, m).rate
    tt = np.asarray(t, dtype=np.float64)
    out = (1.0 + (1.0 + rate) * tt) * rate**tt
    return float(out) if np.ndim(out) == 0 else out


def nesterov_optimal(L, m) -> MomentumParams:
    r"""강볼록 함수에서 네스테로프 가속 경사법(모멘텀 상수)의 하이퍼파라미터.

    .. math::

        \eta = \frac1L, \qquad \beta = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}, \qquad
        \rho = 1 - \frac{1}{\sqrt\kappa}.

    **정리** (Nesterov 2004, §2.2.1의 상수 스텝 방법 III).
    :math:`f` 가 :math:`m`-강볼록이고 :math:`\nabla f` 가 :math:`L`-립시츠일 때,
    :math:`y_0 = x_0` 에서 시작하는

    .. math::

        x_t = y_{t-1} - \eta \nabla f(y_{t-1}), \qquad y_t = x_t + \beta (x_t - x_{t-1})

    은 모든 :math:`t \ge 0` 에서

    .. math::

        f(x_t) - f^* \le \Bigl(1 - \frac{1}{\sqrt\kappa}\Bigr)^t
        \Bigl(f(x_0) - f^* + \frac m2 \|x_0 - x^*\|^2\Bigr)

    를 만족합니다(:func:`nesterov_bound`). 그래디언트를 계산하는 점은 :math:`y_t` 입니다.

    - 룩어헤드 형식 ``nesterov_lookahead(lr, momentum)`` 의 반복값이 바로 :math:`x_t` 입니다.
    - torch 형식 ``sgd(lr, momentum, nesterov=True)`` 의 반복값 :math:`p_t` 는 :math:`y_t`
      이고, 정리의 :math:`x_t` 는 :math:`x_t = p_{t-1} - \eta \nabla f(p_{t-1})` (:math:`t \ge 1`)
      입니다. 상한은 :math:`f(p_t)` 가 아니라 이 점의 값에 대한 것입니다.

    Parameters
    ----------
    L : float
        그래디언트의 립시츠 상수.
    m : float
        강볼록 상수(양수).

    Returns
    -------
    MomentumParams

    Examples
    --------
    >>> p = nesterov_optimal(100.0, 1.0)
    >>> print(f"{p.lr:.4f} {p.momentum:.6f} {p.rate:.4f}")
    0.0100 0.818182 0.9000
    """
    L, m = _check_L_m(L, m, strongly=True)
    sk = math.sqrt(L / m)
    return MomentumParams(1.0 / L, (sk - 1.0) / (sk + 1.0), 1.0 - 1.0 / sk)


def nesterov_bound(t, L, m, initial_gap):
    r"""네스테로프 정리의 상한 :math:`(1 - 1/\sqrt\kappa)^t \cdot \text{initial\_gap}`.

    ``initial_gap`` 은 :math:`f(x_0) - f^* + \frac m2 \|x_0 - x^*\|^2` 입니다
    (:func:`nesterov_optimal` 참고).

    Parameters
    ----------
    t : int or array_like of int
        스텝 수(0 이상).
    L, m : float
        립시츠 상수와 강볼록 상수.
    initial_gap : float
        :math:`f(x_0) - f^* + \frac m2 \|x_0 - x^*\|^2` (0 이상).

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> nesterov_bound([0, 1, 2], 100.0, 1.0, initial_gap=1.0)
    array([1.  , 0.9 , 0.81])
    """
    t = _check_steps(t, minimum=0)
    rate = nesterov_optimal(L, m).rate
    gap = check_nonnegative("initial_gap", initial_gap)
    out = gap * rate ** np.asarray(t, dtype=np.float64)
    return float(out) if np.ndim(out) == 0 else out


def adam_bias_correction(beta, t):
    r"""Adam의 편향 보정 인자 :math:`1 / (1 - \beta^t)`.

    0에서 시작하는 지수 이동 평균 :math:`m_t = \beta m_{t-1} + (1 - \beta) g_t` 는
    :math:`m_t = (1 - \beta) \sum_{i=1}^t \beta^{t-i} g_i` 이므로, 그래디언트의 평균이
    :math:`\mathbb E[g_i] = \bar g` 로 일정하면 :math:`\mathbb E[m_t] = (1 - \beta^t)\, \bar g`
    입니다. 따라서 :math:`\hat m_t = m_t / (1 - \beta^t)` 는 :math:`\bar g` 의 불편 추정량입니다.
    :math:`\beta_2 = 0.999` 이면 인자는 :math:`t = 100` 에서 약 10.5, :math:`t = 3000` 에서
    약 1.05입니다.

    Parameters
    ----------
    beta : float
        감쇠율 :math:`\beta \in [0, 1)`.
    t : int or array_like of int
        스텝 수(1 이상).

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> adam_bias_correction(0.9, 1)
    10.000000000000002
    >>> np.round(adam_bias_correction(0.999, [1, 100, 3000]), 3)
    array([1000.   ,   10.503,    1.052])
    """
    beta = check_unit_interval("beta", beta)
    t = _check_steps(t, minimum=1)
    out = 1.0 / (1.0 - beta ** np.asarray(t, dtype=np.float64))
    return float(out) if np.ndim(out) == 0 else out
