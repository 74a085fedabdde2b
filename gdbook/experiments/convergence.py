r"""§2 수렴 분석의 실험과 연습 문제 1의 풀이.

책의 §2 (:doc:`/chapter/02_convergence`), 연습 문제 1 (:doc:`/exercises/ex1`), 갤러리
``02_convergence`` 의 그림과 본문 수치는 모두 이 모듈의 함수가 계산합니다. 정리가 예측하는
수치는 :mod:`gdbook.theory`, 실행은 :func:`gdbook.run` 의 것입니다.

- :func:`smoothness_check` — :math:`\nabla^2 f \preceq LI` 만으로는 그래디언트가
  :math:`L`-립시츠가 아님을 안장점 함수로 확인(§2.1, 노트의 오류).
- :func:`descent_lemma_check` — 최소제곱 회귀에서 스텝마다의 감소량과 하강 보조정리의 보장.
- :func:`convex_rate_experiment` — 볼록(강볼록이 아닌) 이차 함수에서 :math:`O(1/t)` 상한과 측정값.
- :func:`stability_sweep` — 이차 함수의 정확한 수축률 :math:`\max_i|1 - \eta\lambda_i|` 와
  안정성 한계 :math:`2/L` (학습률 200개를 한 번의 배치 실행으로).
- :func:`condition_number_sweep` — 노트 §2.4의 시뮬레이션을 바로잡아 다시 함(시드 고정,
  :math:`\kappa \in \{1, 10, 100, 1000\}`).
- :func:`exercise1` — 연습 문제 1: :math:`\kappa = 10, 100` 에서 스텝당 비율을 이론과 비교.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, theory
from gdbook.experiments.basics import last_step_ratio

__all__ = [
    "SmoothnessCheck",
    "smoothness_check",
    "DescentLemmaCheck",
    "descent_lemma_check",
    "ConvexRateExperiment",
    "convex_rate_experiment",
    "StabilitySweep",
    "stability_sweep",
    "ConditionNumberSweep",
    "condition_number_sweep",
    "Exercise1",
    "exercise1",
]


def _start_point(dim, seed) -> np.ndarray:
    """The seeded random start x0 ~ N(0, I); its own stream, independent of the rotation's."""
    return np.random.default_rng([seed, 1]).standard_normal(dim)


# --------------------------------------------------------------------------------------------
# §2.1 L-smoothness and the Hessian
# --------------------------------------------------------------------------------------------


class SmoothnessCheck(NamedTuple):
    r""":func:`smoothness_check` 의 결과.

    Attributes
    ----------
    objective : Saddle
        안장점 함수 :math:`\tfrac12 \sum_i a_i x_i^2`.
    hessian_max : float
        헤시안의 가장 큰 고윳값 :math:`\lambda_{\max}` (:math:`\nabla^2 f \preceq \lambda_{\max} I`).
    hessian_min : float
        헤시안의 가장 작은 고윳값(음수).
    L : float
        그래디언트의 참 립시츠 상수 :math:`\|\nabla^2 f\|_2 = \max_i |a_i|` (``objective.L``).
    lipschitz_measured : float
        무작위 점 쌍에서 잰 :math:`\max \|\nabla f(x) - \nabla f(y)\| / \|x - y\|`.
    upper_violation : float
        :math:`\max [f(y) - f(x) - \nabla f(x)^\top (y - x) - \tfrac{\lambda_{\max}}{2}\|y - x\|^2]`.
        0 이하이면 :math:`\lambda_{\max}` 로 쓴 위쪽 이차 상한(하강 보조정리의 부등식)이 성립.
    lower_violation : float
        :math:`\max [f(x) + \nabla f(x)^\top (y - x) - \tfrac{\lambda_{\max}}{2}\|y - x\|^2 - f(y)]`.
        양수이면 아래쪽 이차 하한이 깨짐(그래디언트가 :math:`\lambda_{\max}`-립시츠가 아님).
    """

    objective: functions.Saddle
    hessian_max: float
    hessian_min: float
    L: float
    lipschitz_measured: float
    upper_violation: float
    lower_violation: float


def smoothness_check(curvatures=(1.0, -4.0), *, n_pairs=2000, seed=0) -> SmoothnessCheck:
    r"""볼록이 아닌 함수에서 :math:`\nabla^2 f \preceq LI` 와 ":math:`\nabla f` 가 :math:`L`-립시츠" 가 다름을 확인합니다.

    :math:`f(x, y) = \tfrac12(a_1 x^2 + a_2 y^2)` (:math:`a_1 > 0 > a_2`)의 헤시안은
    :math:`\operatorname{diag}(a_1, a_2) \preceq a_1 I` 이지만, 그래디언트의 립시츠 상수는
    :math:`\max(|a_1|, |a_2|)` 입니다. 무작위 점 쌍 ``n_pairs`` 개에서 두 사실을 잽니다.

    Parameters
    ----------
    curvatures : sequence of float, optional
        곡률 :math:`a_i` (양수와 음수가 모두 있어야 함).
    n_pairs : int, optional
        점 쌍의 수.
    seed : int, optional
        난수 시드.

    Returns
    -------
    SmoothnessCheck

    Examples
    --------
    >>> c = smoothness_check()
    >>> c.hessian_max, c.L
    (1.0, 4.0)
    >>> bool(c.lipschitz_measured > 3.99), bool(c.upper_violation <= 1e-12), bool(c.lower_violation > 0)
    (True, True, True)
    """
    f = functions.Saddle(curvatures)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_pairs, f.dim))
    y = rng.standard_normal((n_pairs, f.dim))
    d = y - x
    dist_sq = np.sum(d * d, axis=-1)
    gx, gy = f.grad(x), f.grad(y)
    ratio = np.linalg.norm(gy - gx, axis=-1) / np.sqrt(dist_sq)
    lam = np.linalg.eigvalsh(f.hessian(np.zeros(f.dim)))
    lam_max = float(lam[-1])
    linear = f(x) + np.sum(gx * d, axis=-1)
    return SmoothnessCheck(
        objective=f,
        hessian_max=lam_max,
        hessian_min=float(lam[0]),
        L=float(f.L),
        lipschitz_measured=float(ratio.max()),
        upper_violation=float(np.max(f(y) - linear - lam_max / 2 * dist_sq)),
        lower_violation=float(np.max(linear - lam_max / 2 * dist_sq - f(y))),
    )


# --------------------------------------------------------------------------------------------
# §2.2 the descent lemma along runs
# --------------------------------------------------------------------------------------------


class DescentLemmaCheck(NamedTuple):
    r""":func:`descent_lemma_check` 의 결과. 배열의 마지막 축은 학습률의 순서입니다.

    Attributes
    ----------
    objective : LeastSquares
        최소제곱 목적 함수.
    lrs : numpy.ndarray, shape (n,)
        학습률들(:math:`\text{lr\_factors}/L`).
    result : RunResult
        학습률 ``n`` 개의 배치 실행(한 번).
    decrease : numpy.ndarray, shape (T, n)
        측정한 스텝마다의 감소량 :math:`f(x_{t-1}) - f(x_t)`.
    guaranteed : numpy.ndarray, shape (T, n)
        하강 보조정리가 보장하는 감소량 :math:`\eta(1 - L\eta/2)\|g_t\|^2`.
    valid : numpy.ndarray of bool, shape (T, n)
        보장된 감소량이 :math:`10^{-9} f(x_{t-1})` 보다 커서 반올림 오차(:math:`f` 의 약
        :math:`10^{-16}` 배)와 구별되는 스텝.
    min_ratio : numpy.ndarray, shape (n,)
        ``valid`` 인 스텝에서 :math:`\min_t` 측정/보장 (1 이상이면 보조정리가 그 스텝들에서 성립).
    """

    objective: functions.LeastSquares
    lrs: np.ndarray
    result: gdbook.RunResult
    decrease: np.ndarray
    guaranteed: np.ndarray
    valid: np.ndarray
    min_ratio: np.ndarray


def descent_lemma_check(lr_factors=(0.5, 1.0, 1.5, 1.9), *, steps=30, seed=0) -> DescentLemmaCheck:
    r"""최소제곱 회귀에서 경사 하강법의 스텝마다 감소량을 하강 보조정리의 보장과 비교합니다.

    :class:`gdbook.functions.LeastSquares` (표본 200개, 특성 10개)에서 학습률
    :math:`\eta = c/L` (:math:`c` = ``lr_factors``, 모두 2 미만)을 한 번의 배치 실행으로 돌리고,
    스텝 :math:`t` 마다 :math:`f(x_{t-1}) - f(x_t)` 와 :math:`\eta(1 - L\eta/2)\|g_t\|^2` 를
    비교합니다(:math:`\|g_t\|` 는 ``RunResult.grad_norm``).

    Parameters
    ----------
    lr_factors : sequence of float, optional
        :math:`\eta L` 의 값들(0보다 크고 2보다 작게).
    steps : int, optional
        스텝 수(감소량이 반올림 오차보다 충분히 큰 동안).
    seed : int, optional
        데이터의 시드.

    Returns
    -------
    DescentLemmaCheck

    Examples
    --------
    >>> dl = descent_lemma_check()
    >>> bool(np.all(dl.min_ratio >= 1.0)), dl.valid.sum(axis=0).tolist()
    (True, [30, ..., ..., ...])
    """
    c = np.asarray(lr_factors, dtype=np.float64).ravel()
    if np.any(c <= 0) or np.any(c >= 2):
        raise ValueError(f"lr_factors must be in (0, 2), got {c.tolist()}")
    f = functions.LeastSquares(n_samples=200, n_features=10, seed=seed)
    lrs = c / f.L
    x0 = np.zeros((c.size, f.dim))
    res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, x0, steps)
    decrease = res.loss[:-1] - res.loss[1:]
    guaranteed = lrs * (1.0 - f.L * lrs / 2.0) * res.grad_norm**2
    valid = guaranteed > 1e-9 * res.loss[:-1]
    ratio = np.where(valid, decrease / guaranteed, np.inf)
    return DescentLemmaCheck(
        objective=f,
        lrs=lrs,
        result=res,
        decrease=decrease,
        guaranteed=guaranteed,
        valid=valid,
        min_ratio=np.min(ratio, axis=0),
    )


# --------------------------------------------------------------------------------------------
# §2.3 convex, not strongly convex: O(1/t)
# --------------------------------------------------------------------------------------------


class ConvexRateExperiment(NamedTuple):
    r""":func:`convex_rate_experiment` 의 결과.

    Attributes
    ----------
    objective : Quadratic
        고윳값이 0인 방향이 있는 볼록 이차 함수(:math:`L = 1`, :math:`m = 0`).
    x0 : numpy.ndarray, shape (d,)
        시작점.
    lr : float
        학습률 :math:`1/L`.
    result : RunResult
        실행 결과.
    dist0_sq : float
        가장 가까운 최소점까지 거리의 제곱 :math:`\|x_0 - x^*\|^2`.
    gap : numpy.ndarray, shape (T + 1,)
        :math:`f(x_t) - f^*`.
    bound : numpy.ndarray, shape (T + 1,)
        :math:`L\|x_0 - x^*\|^2 / (2t)` (:func:`gdbook.theory.gd_convex_bound`; :math:`t = 0` 은 ``nan``).
    ratio : numpy.ndarray, shape (T + 1,)
        측정값/상한 (:math:`t = 0` 은 ``nan``).
    max_ratio : float
        ``ratio`` 의 최댓값(1 이하면 상한이 모든 스텝에서 성립).
    t_times_gap : numpy.ndarray, shape (T + 1,)
        :math:`t\,(f(x_t) - f^*)`. :math:`O(1/t)` 이면 유계.
    """

    objective: functions.Quadratic
    x0: np.ndarray
    lr: float
    result: gdbook.RunResult
    dist0_sq: float
    gap: np.ndarray
    bound: np.ndarray
    ratio: np.ndarray
    max_ratio: float
    t_times_gap: np.ndarray


def convex_rate_experiment(*, dim=50, n_zero=2, min_eig=1e-4, steps=2000, seed=0) -> ConvexRateExperiment:
    r"""볼록이지만 강볼록이 아닌 이차 함수에서 :math:`\eta = 1/L` 경사 하강법의 :math:`f(x_t) - f^*` 와 :math:`O(1/t)` 상한.

    고윳값은 0이 ``n_zero`` 개, 나머지는 :math:`[\lambda_{\min}, 1]` 에 로그 간격(:math:`L = 1`,
    :math:`m = 0`)이고 회전은 무작위(:func:`gdbook.functions.random_quadratic`)입니다. 최소점은
    하나가 아니라 영공간 방향의 부분공간이므로 상한에는 가장 가까운 최소점까지의 거리
    (:meth:`gdbook.functions.Objective.distance_to_minimizers`)를 넣습니다. 곡률이 아주 작은
    방향이 여러 크기로 있으므로 :math:`t \approx 1/\lambda_{\min}` 까지 :math:`f(x_t) - f^*` 가
    :math:`1/t` 처럼 줄어듭니다.

    Parameters
    ----------
    dim : int, optional
        차원.
    n_zero : int, optional
        고윳값 0의 개수(1 이상 ``dim`` 미만).
    min_eig : float, optional
        가장 작은 양의 고윳값.
    steps : int, optional
        스텝 수 :math:`T`.
    seed : int, optional
        회전과 시작점의 시드.

    Returns
    -------
    ConvexRateExperiment

    Examples
    --------
    >>> ex = convex_rate_experiment(steps=200)
    >>> ex.objective.L, ex.objective.m
    (1.0, 0.0)
    >>> bool(ex.max_ratio < 1), bool(np.nanmax(ex.t_times_gap) < ex.dist0_sq / 2)
    (True, True)
    """
    if not 1 <= n_zero < dim:
        raise ValueError(f"n_zero must be in [1, dim={dim}), got {n_zero!r}")
    eig = np.concatenate([np.zeros(n_zero), np.geomspace(min_eig, 1.0, dim - n_zero)])
    f = functions.random_quadratic(eig, seed=seed)
    x0 = _start_point(dim, seed)
    lr = 1.0 / f.L
    res = gdbook.run(optimizers.sgd(lr=lr), f, x0, steps)
    dist0_sq = float(f.distance_to_minimizers(x0)) ** 2
    gap = res.loss - f.minimum
    t = np.arange(steps + 1)
    bound = np.full(steps + 1, np.nan)
    bound[1:] = theory.gd_convex_bound(t[1:], f.L, dist0_sq)
    ratio = gap / bound
    return ConvexRateExperiment(
        objective=f,
        x0=x0,
        lr=lr,
        result=res,
        dist0_sq=dist0_sq,
        gap=gap,
        bound=bound,
        ratio=ratio,
        max_ratio=float(np.nanmax(ratio)),
        t_times_gap=t * gap,
    )


# --------------------------------------------------------------------------------------------
# §2.5 exact rate on quadratics and the stability limit
# --------------------------------------------------------------------------------------------


class StabilitySweep(NamedTuple):
    r""":func:`stability_sweep` 의 결과.

    Attributes
    ----------
    objective : Quadratic
        무작위 회전한 이차 함수(고윳값 ``numpy.linspace(1, κ, d)``).
    lrs : numpy.ndarray, shape (n,)
        학습률들.
    result : RunResult
        학습률 ``n`` 개의 배치 실행(한 번, ``lr`` 모양 ``(n, 1)``).
    measured_rate : numpy.ndarray, shape (n,)
        측정한 스텝당 비율 :math:`\|x_k - x^*\| / \|x_{k-1} - x^*\|` (:func:`gdbook.experiments.basics.last_step_ratio`).
    rate : numpy.ndarray, shape (n,)
        이론 :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|` (:func:`gdbook.theory.quadratic_gd_factor`).
    theorem_rate : numpy.ndarray, shape (n,)
        강볼록 정리가 보장하는 거리의 비율 :math:`\sqrt{1 - \eta m}` (:math:`\eta \le 1/L` 에서만; 그 밖은 ``nan``).
    thresholds : gdbook.theory.StepSizeThresholds
        :math:`1/L`, :math:`2/(L+m)`, :math:`2/L`.
    max_abs_error : float
        :math:`\max_\eta |\text{측정} - \text{이론}|`.
    largest_convergent_lr : float
        측정 비율이 1보다 작은 가장 큰 학습률.
    smallest_divergent_lr : float
        측정 비율이 1보다 큰 가장 작은 학습률.
    best_lr_on_grid : float
        측정 비율이 가장 작은 학습률.
    """

    objective: functions.Quadratic
    lrs: np.ndarray
    result: gdbook.RunResult
    measured_rate: np.ndarray
    rate: np.ndarray
    theorem_rate: np.ndarray
    thresholds: theory.StepSizeThresholds
    max_abs_error: float
    largest_convergent_lr: float
    smallest_divergent_lr: float
    best_lr_on_grid: float


def stability_sweep(*, kappa=10.0, dim=10, n=200, lr_max_factor=2.4, steps=200, seed=0) -> StabilitySweep:
    r"""학습률 ``n`` 개를 :math:`2/L` 너머까지 한 번의 배치 실행(``lr`` 모양 ``(n, 1)``)으로 훑어 수축률을 잽니다.

    이차 함수에서 :math:`x_t - x^* = (I - \eta A)^t (x_0 - x^*)` 이므로 측정한 스텝당 비율은
    :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|` 로 수렴하고, :math:`\rho < 1` 과
    :math:`0 < \eta < 2/L` 이 동치입니다.

    Parameters
    ----------
    kappa : float, optional
        조건수 :math:`\kappa` (:math:`m = 1`, :math:`L = \kappa`).
    dim : int, optional
        차원.
    n : int, optional
        학습률의 수(:math:`(0, \text{lr\_max\_factor}/L]` 균등 간격).
    lr_max_factor : float, optional
        가장 큰 학습률 :math:`\times L`.
    steps : int, optional
        스텝 수.
    seed : int, optional
        회전과 시작점의 시드.

    Returns
    -------
    StabilitySweep

    Examples
    --------
    >>> sw = stability_sweep()
    >>> sw.thresholds.two_over_L
    0.2
    >>> bool(sw.largest_convergent_lr < 0.2 < sw.smallest_divergent_lr), bool(sw.max_abs_error < 1e-2)
    (True, True)
    """
    f = functions.random_quadratic(dim=dim, kappa=kappa, seed=seed)
    x0 = _start_point(dim, seed)
    lr_max = lr_max_factor / f.L
    lrs = np.linspace(lr_max / n, lr_max, n)
    res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, np.broadcast_to(x0, (n, dim)), steps)
    err = np.linalg.norm(res.x - f.minimizers[0], axis=-1)
    measured = last_step_ratio(err)
    rate = np.asarray(theory.quadratic_gd_factor(f.eigenvalues, lrs))
    ok = lrs <= 1.0 / f.L
    theorem = np.full(n, np.nan)
    theorem[ok] = np.sqrt([theory.gd_strongly_convex_factor(f.L, f.m, lr) for lr in lrs[ok]])
    return StabilitySweep(
        objective=f,
        lrs=lrs,
        result=res,
        measured_rate=measured,
        rate=rate,
        theorem_rate=theorem,
        thresholds=theory.step_size_thresholds(f.L, f.m),
        max_abs_error=float(np.max(np.abs(measured - rate))),
        largest_convergent_lr=float(lrs[measured < 1].max()),
        smallest_divergent_lr=float(lrs[measured > 1].min()),
        best_lr_on_grid=float(lrs[np.argmin(measured)]),
    )


# --------------------------------------------------------------------------------------------
# §2.6 the note's simulation, redone
# --------------------------------------------------------------------------------------------


class ConditionNumberSweep(NamedTuple):
    r""":func:`condition_number_sweep` 의 결과. 배열의 마지막 축은 ``kappas`` 의 순서입니다.

    Attributes
    ----------
    kappas : numpy.ndarray, shape (K,)
        조건수들.
    x0 : numpy.ndarray, shape (d,)
        모든 :math:`\kappa` 에 같은 시작점(시드 고정).
    objectives : list of Quadratic
        :math:`\kappa` 마다 목적 함수(고윳값 ``numpy.linspace(1, κ, d)``, :math:`m = 1`, :math:`L = \kappa`).
    results : dict of str to RunResult
        ``"κ = 10"`` 같은 이름 → 실행(:math:`\eta = 1/L`).
    sq_dist : numpy.ndarray, shape (T + 1, K)
        :math:`\|x_t - x^*\|^2`.
    note_bound : numpy.ndarray, shape (T + 1, K)
        정리의 상한 :math:`(1 - 1/\kappa)^t \|x_0 - x^*\|^2` (노트의 "이론" 선).
    quadratic_bound : numpy.ndarray, shape (T + 1, K)
        이차 함수의 정확한 수축률로 쓴 상한 :math:`\rho^{2t} \|x_0 - x^*\|^2`,
        :math:`\rho = \max_i|1 - \lambda_i/L| = 1 - 1/\kappa`.
    note_factor : numpy.ndarray, shape (K,)
        :func:`gdbook.theory.gd_strongly_convex_factor`: 거리의 제곱에 대한 정리의 비율 :math:`1 - 1/\kappa`.
    rate : numpy.ndarray, shape (K,)
        :func:`gdbook.theory.quadratic_gd_factor`: 거리의 정확한 비율 :math:`\rho`.
    measured_rate : numpy.ndarray, shape (K,)
        측정한 거리의 스텝당 비율(:func:`gdbook.experiments.basics.last_step_ratio`).
    measured_sq_rate : numpy.ndarray, shape (K,)
        측정한 거리 제곱의 스텝당 비율(= ``measured_rate**2``).
    zero_step : numpy.ndarray of int, shape (K,)
        :math:`\|x_t - x^*\|^2` 가 처음 정확히 0이 된 스텝(-1이면 없음).
    bound_holds : numpy.ndarray of bool, shape (K,)
        모든 스텝에서 측정값 :math:`\le` 두 상한(반올림 여유 :math:`10^{-12}` 상대).
    """

    kappas: np.ndarray
    x0: np.ndarray
    objectives: list
    results: dict
    sq_dist: np.ndarray
    note_bound: np.ndarray
    quadratic_bound: np.ndarray
    note_factor: np.ndarray
    rate: np.ndarray
    measured_rate: np.ndarray
    measured_sq_rate: np.ndarray
    zero_step: np.ndarray
    bound_holds: np.ndarray


def _kappa_label(kappa) -> str:
    return f"κ = {kappa:g}"


def condition_number_sweep(kappas=(1, 10, 100, 1000), *, dim=10, steps=100, seed=0) -> ConditionNumberSweep:
    r"""강의 노트 §2.4의 시뮬레이션을 바로잡아 다시 합니다: :math:`\eta = 1/L` 경사 하강법의 :math:`\|x_t - x^*\|^2`.

    노트와 같이 고윳값을 :math:`[m, L] = [1, \kappa]` 에 균등 간격으로 놓은 ``dim`` 차원 이차
    함수를 무작위 회전으로 만들고(:func:`gdbook.functions.random_quadratic`, 시드 고정), 모든
    :math:`\kappa` 에서 같은 시작점 :math:`x_0 \sim N(0, I)` 로 :math:`\eta = 1/L` 경사 하강법을
    돌립니다. :math:`\kappa = 1` 이면 :math:`Q I Q^\top = I` 이므로 헤시안을 정확히 :math:`I` 로
    두어, 정확한 산술에서처럼 :math:`x_1 = x^*` 가 됩니다(회전한 행렬을 쓰면 반올림 때문에
    :math:`10^{-16}` 수준의 오차가 남음).

    노트의 "이론" 선 :math:`(1 - 1/\kappa)^t` 는 정리의 상한이고, 이차 함수에서 실제 거리의
    제곱은 :math:`(1 - 1/\kappa)^{2t}` 처럼 줄어듭니다(기울기가 두 배).

    Parameters
    ----------
    kappas : sequence of float, optional
        조건수들(1 이상).
    dim : int, optional
        차원(:math:`\kappa > 1` 이면 2 이상).
    steps : int, optional
        스텝 수 :math:`T`.
    seed : int, optional
        회전과 시작점의 시드.

    Returns
    -------
    ConditionNumberSweep

    Examples
    --------
    >>> cs = condition_number_sweep()
    >>> cs.zero_step.tolist(), cs.bound_holds.tolist()
    ([1, -1, -1, -1], [True, True, True, True])
    >>> np.round(cs.note_factor, 4).tolist()
    [0.0, 0.9, 0.99, 0.999]
    >>> np.round(cs.measured_sq_rate, 4).tolist()
    [0.0, 0.81, 0.9801, 0.998]
    """
    kappas = np.asarray(kappas, dtype=np.float64).ravel()
    x0 = _start_point(dim, seed)
    objectives, results = [], {}
    for kappa in kappas:
        if kappa == 1:
            f = functions.Quadratic(np.eye(dim))
            f.name = "random_quadratic"
        else:
            f = functions.random_quadratic(dim=dim, kappa=kappa, seed=seed)
        objectives.append(f)
        results[_kappa_label(kappa)] = gdbook.run(optimizers.sgd(lr=1.0 / f.L), f, x0, steps)
    sq = np.stack(
        [np.sum((r.x - f.minimizers[0]) ** 2, axis=-1) for r, f in zip(results.values(), objectives)],
        axis=-1,
    )
    t = np.arange(steps + 1)[:, None]
    note_factor = np.array([theory.gd_strongly_convex_factor(f.L, f.m) for f in objectives])
    rate = np.array([theory.quadratic_gd_factor(f.eigenvalues, 1.0 / f.L) for f in objectives])
    note_bound = sq[0] * note_factor**t
    quad_bound = sq[0] * rate ** (2 * t)
    measured = last_step_ratio(np.sqrt(sq))
    is_zero = sq == 0
    zero_step = np.where(is_zero.any(axis=0), np.argmax(is_zero, axis=0), -1)
    slack = 1e-12 * sq[0]
    holds = np.all(sq <= note_bound + slack, axis=0) & np.all(sq <= quad_bound + slack, axis=0)
    return ConditionNumberSweep(
        kappas=kappas,
        x0=x0,
        objectives=objectives,
        results=results,
        sq_dist=sq,
        note_bound=note_bound,
        quadratic_bound=quad_bound,
        note_factor=note_factor,
        rate=rate,
        measured_rate=measured,
        measured_sq_rate=measured**2,
        zero_step=zero_step,
        bound_holds=holds,
    )


# --------------------------------------------------------------------------------------------
# Exercise 1
# --------------------------------------------------------------------------------------------


class Exercise1(NamedTuple):
    r""":func:`exercise1` 의 결과. 배열은 ``kappas`` 의 순서입니다.

    Attributes
    ----------
    sweep : ConditionNumberSweep
        실행과 곡선.
    kappas : numpy.ndarray, shape (K,)
        조건수들.
    measured_rate : numpy.ndarray, shape (K,)
        측정한 거리의 스텝당 비율.
    predicted_rate : numpy.ndarray, shape (K,)
        :math:`1 - 1/\kappa` (연습 문제의 :math:`O((1-1/\kappa)^t)`, 거리의 비율).
    measured_sq_rate : numpy.ndarray, shape (K,)
        측정한 거리 제곱의 스텝당 비율.
    predicted_sq_rate : numpy.ndarray, shape (K,)
        :math:`(1 - 1/\kappa)^2`.
    tol : float
        상대 정확도 목표 :math:`\|x_t - x^*\|^2 \le \text{tol} \cdot \|x_0 - x^*\|^2`.
    steps_measured : numpy.ndarray of int, shape (K,)
        목표에 처음 닿은 스텝(측정).
    steps_note_bound : numpy.ndarray of int, shape (K,)
        정리의 상한 :math:`(1-1/\kappa)^t \le \text{tol}` 가 보장하는 스텝 수.
    steps_quadratic_bound : numpy.ndarray of int, shape (K,)
        이차 함수의 상한 :math:`(1-1/\kappa)^{2t} \le \text{tol}` 가 보장하는 스텝 수.
    """

    sweep: ConditionNumberSweep
    kappas: np.ndarray
    measured_rate: np.ndarray
    predicted_rate: np.ndarray
    measured_sq_rate: np.ndarray
    predicted_sq_rate: np.ndarray
    tol: float
    steps_measured: np.ndarray
    steps_note_bound: np.ndarray
    steps_quadratic_bound: np.ndarray


def exercise1(kappas=(10, 100), *, dim=10, steps=700, seed=0, tol=1e-6) -> Exercise1:
    r"""연습 문제 1: :math:`\kappa = 10, 100` 에서 경사 하강법(:math:`\eta = 1/L`)의 수렴 속도를 이론과 비교합니다.

    :func:`condition_number_sweep` 로 실행하고, 거리와 거리 제곱의 스텝당 비율, 그리고
    :math:`\|x_t - x^*\|^2 \le \text{tol}\cdot\|x_0 - x^*\|^2` 에 닿는 스텝 수를 측정값과
    두 상한의 예측으로 나란히 돌려줍니다.

    Parameters
    ----------
    kappas : sequence of float, optional
        조건수들.
    dim : int, optional
        차원.
    steps : int, optional
        스텝 수(가장 큰 :math:`\kappa` 에서 목표에 닿을 만큼).
    seed : int, optional
        시드.
    tol : float, optional
        상대 정확도 목표(0과 1 사이).

    Returns
    -------
    Exercise1

    Examples
    --------
    >>> ex = exercise1()
    >>> np.round(ex.measured_rate, 4).tolist(), np.round(ex.predicted_rate, 4).tolist()
    ([0.9, 0.99], [0.9, 0.99])
    >>> ex.steps_measured.tolist(), ex.steps_quadratic_bound.tolist(), ex.steps_note_bound.tolist()
    ([..., ...], [66, 688], [132, 1375])
    """
    if not 0 < tol < 1:
        raise ValueError(f"tol must be in (0, 1), got {tol!r}")
    sw = condition_number_sweep(kappas, dim=dim, steps=steps, seed=seed)
    pred = 1.0 - 1.0 / sw.kappas
    reached = sw.sq_dist <= tol * sw.sq_dist[0]
    steps_measured = np.where(reached.any(axis=0), np.argmax(reached, axis=0), -1)
    log_tol = math.log(tol)
    return Exercise1(
        sweep=sw,
        kappas=sw.kappas,
        measured_rate=sw.measured_rate,
        predicted_rate=pred,
        measured_sq_rate=sw.measured_sq_rate,
        predicted_sq_rate=pred**2,
        tol=float(tol),
        steps_measured=steps_measured,
        steps_note_bound=np.ceil(log_tol / np.log(sw.note_factor)).astype(int),
        steps_quadratic_bound=np.ceil(log_tol / (2 * np.log(sw.rate))).astype(int),
    )
