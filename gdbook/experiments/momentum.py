r"""§4 모멘텀과 네스테로프 가속 경사법의 실험과 연습 문제 4의 풀이.

책의 §4 (:doc:`/chapter/04_momentum`)와 연습 문제 4 (:doc:`/exercises/ex4`)의 그림과 수치는
모두 이 모듈의 함수가 계산합니다. 업데이트 규칙은 :mod:`gdbook.optimizers`, 실행 루프는
:func:`gdbook.run`, 이론값은 :mod:`gdbook.theory` 의 것을 씁니다.

- :func:`rosenbrock_experiment` — 강의 노트의 로젠브록 실험(노트의 잘못된 룩어헤드 포함).
- :func:`forms_experiment` — 모멘텀과 네스테로프의 여러 형식이 같은 반복인지 확인.
- :func:`quadratic_acceleration_experiment` — :math:`\kappa = 100` 이차 함수에서 최적
  하이퍼파라미터의 경사 하강법, 헤비 볼, 네스테로프를 이론과 비교.
- :func:`lessard_experiment` — 이차가 아닌 강볼록 함수에서 헤비 볼이 수렴하지 않는 예
  (Lessard, Recht, Packard 2016).
- :func:`exercise4_experiment` — 연습 문제 4: 언제 네스테로프가 나은가.
- :func:`trajectory_animation_experiment` — 애니메이션 그림용 2차원 궤적.

여기에만 있는 작은 도우미: :func:`note_nesterov` (노트 코드의 룩어헤드를 재현하려고
``eval_point`` 만 바꾼 옵티마이저), :class:`LessardFunction` (위 반례의 1차원 목적 함수),
:func:`momentum_spectral_radius` (이차 함수에서 반복 행렬의 스펙트럼 반지름).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, theory

__all__ = [
    "note_nesterov",
    "RosenbrockExperiment",
    "rosenbrock_experiment",
    "FormsExperiment",
    "forms_experiment",
    "AccelerationExperiment",
    "quadratic_acceleration_experiment",
    "LessardFunction",
    "LessardExperiment",
    "lessard_experiment",
    "momentum_spectral_radius",
    "Exercise4Experiment",
    "exercise4_experiment",
    "trajectory_animation_experiment",
]


def note_nesterov(lr, momentum) -> optimizers.Optimizer:
    r"""강의 노트 코드의 네스테로프: 그래디언트를 :math:`x - \beta v` 에서 계산(잘못된 룩어헤드).

    노트의 코드는 ``x_lookahead = x - beta * v`` 에서 그래디언트를 계산하고
    ``x = x - learning_rate * v`` 로 움직입니다. 한 스텝의 이동은 :math:`\eta v` 이므로 올바른
    룩어헤드는 :math:`x - \eta\beta v` 입니다. 이 함수는 :func:`gdbook.optimizers.nesterov_lookahead`
    의 업데이트 규칙은 그대로 두고 ``eval_point`` 만 노트의 것으로 바꾼 옵티마이저를 돌려줍니다
    (책의 그림에서 노트의 버그를 재현하는 용도이며, 쓰면 안 되는 방법입니다).

    Parameters
    ----------
    lr : float
        학습률 :math:`\eta`.
    momentum : float
        모멘텀 :math:`\beta`.

    Returns
    -------
    gdbook.optimizers.Optimizer
        이름 ``"note_nesterov"``.

    Examples
    --------
    >>> opt = note_nesterov(0.001, 0.9)
    >>> state = opt.init(np.zeros(1))._replace(v=np.array([10.0]))
    >>> opt.eval_point(np.zeros(1), state)                       # x - βv
    array([-9.])
    >>> optimizers.nesterov_lookahead(0.001, 0.9).eval_point(np.zeros(1), state)   # x - ηβv
    array([-0.009])
    """
    base = optimizers.nesterov_lookahead(lr, momentum)
    beta = base.hyperparams["momentum"]

    def eval_point(x, state):
        return np.asarray(x, dtype=np.float64) - beta * state.v

    return base._replace(name="note_nesterov", label="노트의 네스테로프 ($x - \\beta v$)",
                         eval_point=eval_point)


# --------------------------------------------------------------------------------------------
# The note's Rosenbrock experiment
# --------------------------------------------------------------------------------------------


class RosenbrockExperiment(NamedTuple):
    r""":func:`rosenbrock_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.Rosenbrock
        로젠브록 함수(:math:`a = 1`, :math:`b = 100`).
    results : dict[str, gdbook.RunResult]
        키 ``"gd"``, ``"momentum"``, ``"nesterov"`` (룩어헤드 형식), ``"nesterov_torch"``
        (torch 형식), ``"note_nesterov"`` (노트의 잘못된 룩어헤드).
    final_loss : dict[str, float]
        마지막 손실(발산했으면 ``nan``).
    distance : dict[str, float]
        마지막 점에서 최소점 :math:`(1, 1)` 까지의 거리(발산했으면 ``nan``).
    diverged_at : dict[str, int]
        발산한 스텝(발산하지 않았으면 -1).
    first_lookahead : dict[str, numpy.ndarray]
        두 번째 업데이트의 그래디언트를 계산한 점(룩어헤드)의 노트 형식과 올바른 형식.
    nonconvex_points : dict[str, int]
        궤적의 유한한 점 :math:`x_0, \dots, x_T` 가운데 헤시안이 음의 고윳값을 갖는(볼록이 아닌
        곳의) 점의 수.
    loss_increases : dict[str, int]
        손실이 직전 스텝보다 커진 스텝의 수(진동의 척도).

    Examples
    --------
    >>> RosenbrockExperiment._fields[:3]
    ('objective', 'results', 'final_loss')
    """

    objective: object
    results: dict
    final_loss: dict
    distance: dict
    diverged_at: dict
    first_lookahead: dict
    nonconvex_points: dict
    loss_increases: dict


def rosenbrock_experiment(x0=(-1.0, 0.5), *, lr=0.001, momentum=0.9, steps=200) -> RosenbrockExperiment:
    r"""강의 노트의 로젠브록 실험(:math:`x_0 = (-1, 0.5)`, :math:`\eta = 0.001`, :math:`\beta = 0.9`, 200 스텝).

    경사 하강법, 모멘텀(torch 형식 = 노트의 모멘텀 코드), 네스테로프(룩어헤드 형식과 torch 형식),
    노트 코드의 잘못된 네스테로프(:func:`note_nesterov`)를 같은 설정으로 돌립니다.

    Parameters
    ----------
    x0 : array_like, optional
        시작점.
    lr : float, optional
        학습률.
    momentum : float, optional
        모멘텀.
    steps : int, optional
        업데이트 수.

    Returns
    -------
    RosenbrockExperiment

    Examples
    --------
    >>> ex = rosenbrock_experiment(steps=20)
    >>> ex.diverged_at["note_nesterov"] > 0, ex.diverged_at["nesterov"]
    (True, -1)
    """
    f = functions.Rosenbrock()
    x0 = np.asarray(x0, dtype=np.float64)
    opts = {
        "gd": optimizers.sgd(lr=lr),
        "momentum": optimizers.sgd(lr=lr, momentum=momentum),
        "nesterov": optimizers.nesterov_lookahead(lr=lr, momentum=momentum),
        "nesterov_torch": optimizers.sgd(lr=lr, momentum=momentum, nesterov=True),
        "note_nesterov": note_nesterov(lr, momentum),
    }
    results, final, dist, div, nonconvex, inc = {}, {}, {}, {}, {}, {}
    for name, opt in opts.items():
        res = gdbook.run(opt, f, x0, steps=steps)
        results[name] = res
        finite = np.all(np.isfinite(res.x), axis=-1)
        nonconvex[name] = int(np.sum(np.linalg.eigvalsh(f.hessian(res.x[finite]))[:, 0] < 0))
        inc[name] = int(np.sum(np.diff(res.loss) > 0))
        final[name] = float(res.loss[-1])
        dist[name] = float(np.linalg.norm(res.x[-1] - f.minimizers[0]))
        div[name] = int(res.diverged_at)
    # The look-ahead point of update 2: v_1 = g_1 = grad f(x0) for both forms.
    state = optimizers.SGDState(1, f.grad(x0))
    x1 = x0 - lr * f.grad(x0)
    look = {name: opts[name].eval_point(x1, state) for name in ("nesterov", "note_nesterov")}
    return RosenbrockExperiment(f, results, final, dist, div, look, nonconvex, inc)


# --------------------------------------------------------------------------------------------
# Equivalent forms
# --------------------------------------------------------------------------------------------


class FormsExperiment(NamedTuple):
    r""":func:`forms_experiment` 의 결과(모두 최대 절댓값 차이이거나 비율).

    Attributes
    ----------
    polyak_residual : float
        torch 형식 모멘텀의 궤적이 폴랴크 형식
        :math:`x_t = x_{t-1} - \eta g_t + \beta(x_{t-1} - x_{t-2})` 을 만족하는 정도.
    ema_vs_plain : float
        지수 이동 평균 형식(:math:`m_t = \beta m_{t-1} + (1-\beta) g_t`, :math:`m_0 = 0`,
        :math:`x_t = x_{t-1} - \alpha m_t`)을 ``sgd(lr=α(1-β), momentum=β)`` 로 돌린 궤적과
        torch의 ``dampening=β`` (``sgd(lr=α, momentum=β, dampening=β)``) 궤적의 차이.
    first_step_ratio : float
        두 궤적의 첫 이동 거리의 비(``dampening=β`` 쪽 / 지수 이동 평균 쪽) = :math:`1/(1-\beta)`.
    nesterov_change_of_variables : float
        torch ``nesterov=True`` 의 반복값 :math:`p_t` 와 룩어헤드 형식에서 계산한
        :math:`x_t + \beta(x_t - x_{t-1}) = x_t - \eta\beta v_t` 의 차이.
    nesterov_iterates_differ : float
        두 네스테로프 형식의 반복값 자체의 차이(0이 아님: 다른 점을 들고 다님).

    Examples
    --------
    >>> FormsExperiment._fields[:3]
    ('polyak_residual', 'ema_vs_plain', 'first_step_ratio')
    """

    polyak_residual: float
    ema_vs_plain: float
    first_step_ratio: float
    nesterov_change_of_variables: float
    nesterov_iterates_differ: float


def forms_experiment(*, lr=0.01, momentum=0.9, steps=100, kappa=100.0, dim=20, seed=0) -> FormsExperiment:
    r"""모멘텀과 네스테로프의 여러 형식을 같은 이차 함수에서 돌려 서로 비교합니다.

    ``random_quadratic(dim=dim, kappa=kappa, seed=seed)`` 에서 :math:`x_0 = (1, \dots, 1)` 로
    시작합니다.

    Parameters
    ----------
    lr : float, optional
        학습률 :math:`\eta` (지수 이동 평균 형식에서는 :math:`\alpha`).
    momentum : float, optional
        모멘텀 :math:`\beta`.
    steps : int, optional
        업데이트 수.
    kappa, dim, seed : optional
        이차 함수의 조건수, 차원, 시드.

    Returns
    -------
    FormsExperiment

    Examples
    --------
    >>> ex = forms_experiment(steps=30)
    >>> ex.polyak_residual < 1e-12, ex.nesterov_change_of_variables < 1e-12
    (True, True)
    >>> round(ex.first_step_ratio, 6)
    10.0
    """
    f = functions.random_quadratic(dim=dim, kappa=kappa, seed=seed)
    x0 = np.ones(dim)
    eta, beta = lr, momentum
    hb = gdbook.run(optimizers.sgd(lr=eta, momentum=beta), f, x0, steps=steps).x
    g = f.grad(hb[:-1])                                   # g_t = grad f(x_{t-1}), t = 1..T
    prev = np.vstack([hb[:1], hb[:-2]])                   # x_{t-2} with x_{-1} = x_0
    polyak = hb[:-1] - eta * g + beta * (hb[:-1] - prev)
    ema = gdbook.run(optimizers.sgd(lr=eta * (1 - beta), momentum=beta), f, x0, steps=steps).x
    damp = gdbook.run(optimizers.sgd(lr=eta, momentum=beta, dampening=beta), f, x0, steps=steps).x
    ratio = np.linalg.norm(damp[1] - damp[0]) / np.linalg.norm(ema[1] - ema[0])
    look = gdbook.run(optimizers.nesterov_lookahead(lr=eta, momentum=beta), f, x0, steps=steps).x
    torch_form = gdbook.run(optimizers.sgd(lr=eta, momentum=beta, nesterov=True), f, x0, steps=steps).x
    y = np.vstack([look[:1], look[1:] + beta * (look[1:] - look[:-1])])
    return FormsExperiment(
        float(np.max(np.abs(polyak - hb[1:]))),
        float(np.max(np.abs(ema - damp))),
        float(ratio),
        float(np.max(np.abs(torch_form - y))),
        float(np.max(np.abs(torch_form - look))),
    )


# --------------------------------------------------------------------------------------------
# Optimal parameters on an ill-conditioned quadratic
# --------------------------------------------------------------------------------------------


def _tail_rate(values, start, window=1) -> float:
    r"""측정 속도: 수열의 포락선이 스텝마다 줄어드는 평균 비율.

    ``start`` 와 마지막 인덱스에서 끝나는 길이 ``window`` 의 창마다 최댓값을 취하고, 두 값의 비를
    스텝 수로 거듭제곱근합니다. 복소수 근 때문에 진동하는 오차도 창이 한 주기보다 길면 포락선의
    감소를 잽니다(``window=1`` 이면 두 점의 비).

    Examples
    --------
    >>> t = np.arange(201)
    >>> round(_tail_rate(0.9**t * (1.5 + np.cos(0.3 * t)), 100, window=30), 3)
    0.9
    """
    values = np.asarray(values, dtype=np.float64)
    end = len(values) - 1
    hi = np.max(values[end - window + 1:end + 1])
    lo = np.max(values[start - window + 1:start + 1])
    return float((hi / lo) ** (1.0 / (end - start)))


class AccelerationExperiment(NamedTuple):
    r""":func:`quadratic_acceleration_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.Quadratic
        ``random_quadratic(dim, kappa, seed)`` (:math:`m = 1`, :math:`L = \kappa`, :math:`x^* = 0`).
    x0 : numpy.ndarray
        시작점(시드로 뽑은 단위 벡터의 10배).
    params : dict[str, gdbook.theory.MomentumParams]
        ``"gd"`` (:math:`\eta = 2/(L+m)`, :math:`\beta = 0`), ``"heavy_ball"``, ``"nesterov"``
        의 하이퍼파라미터와 이론 속도 :math:`\rho`.
    results : dict[str, gdbook.RunResult]
        방법마다의 실행(:math:`x_0` 에서 ``steps`` 스텝).
    distance : dict[str, numpy.ndarray]
        :math:`\|x_t - x^*\|`.
    gap : dict[str, numpy.ndarray]
        :math:`f(x_t) - f^*`.
    heavy_ball_bound : numpy.ndarray
        :math:`(1 + (1+\rho)t)\rho^t \|x_0 - x^*\|` (:func:`gdbook.theory.heavy_ball_quadratic_bound`).
    nesterov_bound : numpy.ndarray
        :math:`(1 - 1/\sqrt\kappa)^t (f(x_0) - f^* + \frac m2 \|x_0 - x^*\|^2)`
        (:func:`gdbook.theory.nesterov_bound`).
    distance_rate : dict[str, float]
        스텝 ``steps//2`` 부터 끝까지 :math:`\|x_t - x^*\|` 의 스텝당 평균 감소 비율(측정값).
    gap_rate : dict[str, float]
        같은 구간에서 :math:`f(x_t) - f^*` 의 스텝당 평균 감소 비율(측정값).

    Examples
    --------
    >>> AccelerationExperiment._fields[:3]
    ('objective', 'x0', 'params')
    """

    objective: object
    x0: np.ndarray
    params: dict
    results: dict
    distance: dict
    gap: dict
    heavy_ball_bound: np.ndarray
    nesterov_bound: np.ndarray
    distance_rate: dict
    gap_rate: dict


def quadratic_acceleration_experiment(*, kappa=100.0, dim=20, steps=300, seed=0) -> AccelerationExperiment:
    r"""조건수 :math:`\kappa` 인 이차 함수에서 최적 하이퍼파라미터의 세 방법을 이론과 비교합니다.

    - 경사 하강법: :math:`\eta = 2/(L+m)`, 이론 속도 :math:`(\kappa-1)/(\kappa+1)`.
    - 헤비 볼: :func:`gdbook.theory.heavy_ball_optimal`, 이론 속도 :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`.
    - 네스테로프(룩어헤드 형식): :func:`gdbook.theory.nesterov_optimal`, 상한의 속도 :math:`1 - 1/\sqrt\kappa`.

    Parameters
    ----------
    kappa : float, optional
        조건수.
    dim : int, optional
        차원(고윳값은 :math:`[1, \kappa]` 에 균등 간격).
    steps : int, optional
        업데이트 수.
    seed : int, optional
        회전 행렬과 시작점의 시드.

    Returns
    -------
    AccelerationExperiment

    Examples
    --------
    >>> ex = quadratic_acceleration_experiment(steps=200)
    >>> print(f"{ex.params['heavy_ball'].rate:.4f} {ex.params['nesterov'].rate:.4f}")
    0.8182 0.9000
    >>> bool(np.all(ex.distance["heavy_ball"] <= ex.heavy_ball_bound * (1 + 1e-12)))
    True
    """
    f = functions.random_quadratic(dim=dim, kappa=kappa, seed=seed)
    L, m = f.L, f.m
    rng = np.random.default_rng(seed)
    u = rng.standard_normal(dim)
    x0 = 10.0 * u / np.linalg.norm(u)
    x_star = f.minimizers[0]
    params = {
        "gd": theory.MomentumParams(2.0 / (L + m), 0.0, (kappa - 1.0) / (kappa + 1.0)),
        "heavy_ball": theory.heavy_ball_optimal(L, m),
        "nesterov": theory.nesterov_optimal(L, m),
    }
    opts = {
        "gd": optimizers.sgd(lr=params["gd"].lr),
        "heavy_ball": optimizers.sgd(lr=params["heavy_ball"].lr, momentum=params["heavy_ball"].momentum),
        "nesterov": optimizers.nesterov_lookahead(lr=params["nesterov"].lr, momentum=params["nesterov"].momentum),
    }
    results, dist, gap, drate, grate = {}, {}, {}, {}, {}
    for name, opt in opts.items():
        res = gdbook.run(opt, f, x0, steps=steps)
        results[name] = res
        dist[name] = np.linalg.norm(res.x - x_star, axis=-1)
        gap[name] = res.loss - f.minimum
        drate[name] = _tail_rate(dist[name], steps // 2, window=steps // 10)
        grate[name] = _tail_rate(gap[name], steps // 2, window=steps // 10)
    t = np.arange(steps + 1)
    d0 = float(np.linalg.norm(x0 - x_star))
    hb_bound = theory.heavy_ball_quadratic_bound(t, L, m) * d0
    initial_gap = float(f(x0) - f.minimum) + 0.5 * m * d0**2
    nes_bound = theory.nesterov_bound(t, L, m, initial_gap)
    return AccelerationExperiment(f, x0, params, results, dist, gap, hb_bound, nes_bound, drate, grate)


# --------------------------------------------------------------------------------------------
# Heavy ball on a non-quadratic strongly convex function (Lessard, Recht, Packard 2016)
# --------------------------------------------------------------------------------------------


class LessardFunction(functions.Objective):
    r"""Lessard, Recht, Packard (2016)의 1차원 반례: 조각마다 이차인 강볼록 함수.

    .. math::

        f(x) = \begin{cases}
        \tfrac{25}{2} x^2 & x < 1 \\
        \tfrac12 x^2 + 24 x - 12 & 1 \le x < 2 \\
        \tfrac{25}{2} x^2 - 24 x + 36 & x \ge 2
        \end{cases}, \qquad
        f'(x) = \begin{cases} 25 x \\ x + 24 \\ 25 x - 24 \end{cases}

    :math:`f''` 는 1 또는 25이므로 :math:`m = 1`, :math:`L = 25` (:math:`\kappa = 25`)이고,
    최소점은 :math:`x^* = 0`, 최솟값은 0입니다. :mod:`gdbook.functions` 에 없는 함수라서
    여기에 둡니다.

    Examples
    --------
    >>> f = LessardFunction()
    >>> f(np.array([[0.5], [1.0], [2.0]]))
    array([ 3.125, 12.5  , 38.   ])
    >>> f.grad(np.array([[1.0], [2.0]]))
    array([[25.],
           [26.]])
    """

    name = "lessard"
    label = "레사드 등의 반례"

    def __init__(self):
        super().__init__(1, minimizers=[[0.0]], minimum=0.0, L=25.0, m=1.0)

    def _value(self, x):
        u = x[..., 0]
        return np.where(u < 1, 12.5 * u**2, np.where(u < 2, 0.5 * u**2 + 24 * u - 12, 12.5 * u**2 - 24 * u + 36))

    def _grad(self, x):
        return np.where(x < 1, 25 * x, np.where(x < 2, x + 24, 25 * x - 24))

    def _hessian(self, x):
        return np.where(x < 1, 25.0, np.where(x < 2, 1.0, 25.0))[..., None]


class LessardExperiment(NamedTuple):
    r""":func:`lessard_experiment` 의 결과.

    Attributes
    ----------
    objective : LessardFunction
        목적 함수.
    results : dict[str, gdbook.RunResult]
        ``"heavy_ball"`` (이차 함수의 최적값 :math:`\eta = 1/9`, :math:`\beta = 4/9`)와 ``"nesterov"``.
    params : dict[str, gdbook.theory.MomentumParams]
        방법마다의 하이퍼파라미터와 이론 속도.
    cycle : numpy.ndarray
        헤비 볼의 마지막 세 반복값(주기 3의 순환).
    final_gap : dict[str, float]
        마지막 :math:`f(x_t) - f^*`.

    Examples
    --------
    >>> LessardExperiment._fields[:3]
    ('objective', 'results', 'params')
    """

    objective: object
    results: dict
    params: dict
    cycle: np.ndarray
    final_gap: dict


def lessard_experiment(x0=3.3, *, steps=100) -> LessardExperiment:
    r"""이차가 아닌 강볼록 함수에서 헤비 볼(이차 함수용 최적값)은 수렴하지 않습니다.

    :class:`LessardFunction` (:math:`m = 1`, :math:`L = 25`)에서 :math:`x_0` 부터 헤비 볼과
    네스테로프를 :func:`gdbook.theory` 의 하이퍼파라미터로 돌립니다.

    Parameters
    ----------
    x0 : float, optional
        시작점.
    steps : int, optional
        업데이트 수.

    Returns
    -------
    LessardExperiment

    Examples
    --------
    >>> ex = lessard_experiment()
    >>> np.round(ex.cycle, 4)
    array([ 0.6465, -1.8024,  2.1159])
    >>> ex.final_gap["nesterov"] < 1e-20
    True
    """
    f = LessardFunction()
    params = {"heavy_ball": theory.heavy_ball_optimal(f.L, f.m), "nesterov": theory.nesterov_optimal(f.L, f.m)}
    opts = {
        "heavy_ball": optimizers.sgd(lr=params["heavy_ball"].lr, momentum=params["heavy_ball"].momentum),
        "nesterov": optimizers.nesterov_lookahead(lr=params["nesterov"].lr, momentum=params["nesterov"].momentum),
    }
    results = {name: gdbook.run(opt, f, [float(x0)], steps=steps) for name, opt in opts.items()}
    hb = results["heavy_ball"].x[:, 0]
    k = (steps - 2) - (steps - 2) % 3     # phase-aligned so the printed cycle does not depend on steps
    cycle = hb[k:k + 3]
    final = {name: float(res.loss[-1] - f.minimum) for name, res in results.items()}
    return LessardExperiment(f, results, params, cycle, final)


# --------------------------------------------------------------------------------------------
# Exercise 4
# --------------------------------------------------------------------------------------------


def momentum_spectral_radius(eigenvalues, lr, momentum, *, nesterov=False) -> float:
    r"""이차 함수에서 모멘텀 반복 행렬의 스펙트럼 반지름(점근 수렴 속도).

    고유 방향 :math:`\lambda` 마다 오차 :math:`e_t` 는

    - 헤비 볼: :math:`e_t = (1 + \beta - \eta\lambda) e_{t-1} - \beta e_{t-2}`,
    - 네스테로프(룩어헤드 형식): :math:`e_t = (1+\beta)(1 - \eta\lambda) e_{t-1} - \beta(1 - \eta\lambda) e_{t-2}`

    를 따르므로, 특성 다항식 :math:`z^2 - a z + b` 의 근의 절댓값 중 최댓값을 모든 고윳값에서
    취합니다. :mod:`gdbook.theory` 에 없는 도우미라 여기에 둡니다.

    Parameters
    ----------
    eigenvalues : array_like
        헤시안의 고윳값.
    lr, momentum : float
        :math:`\eta`, :math:`\beta`.
    nesterov : bool, optional
        네스테로프이면 ``True``.

    Returns
    -------
    float

    Examples
    --------
    >>> p = theory.heavy_ball_optimal(100.0, 1.0)
    >>> print(f"{momentum_spectral_radius([1.0, 50.0, 100.0], p.lr, p.momentum):.4f}")
    0.8182
    >>> q = theory.nesterov_optimal(100.0, 1.0)
    >>> print(f"{momentum_spectral_radius([1.0, 100.0], q.lr, q.momentum, nesterov=True):.4f}")
    0.9000
    """
    return float(_spectral_radii(eigenvalues, lr, momentum, nesterov=nesterov))


def _spectral_radii(eigenvalues, lr, momenta, *, nesterov=False) -> np.ndarray:
    r""":func:`momentum_spectral_radius` 를 :math:`\beta` 여러 개에 한 번에(모양 ``np.shape(momenta)``).

    :math:`z^2 - a z + b = 0` 의 두 근의 절댓값 중 큰 것은 판별식 :math:`a^2 - 4b \ge 0` 이면
    :math:`(|a| + \sqrt{a^2 - 4b})/2`, 음수이면(켤레 복소수 근, :math:`b > 0`) :math:`\sqrt b` 입니다.

    Examples
    --------
    >>> q = theory.nesterov_optimal(100.0, 1.0)
    >>> np.round(_spectral_radii([1.0, 100.0], q.lr, [0.0, q.momentum], nesterov=True), 4)
    array([0.99, 0.9 ])
    """
    lam = np.asarray(eigenvalues, dtype=np.float64).ravel()
    beta = np.asarray(momenta, dtype=np.float64)[..., None]
    if nesterov:
        a = (1 + beta) * (1 - lr * lam)
        b = beta * (1 - lr * lam)
    else:
        a = 1 + beta - lr * lam
        b = np.broadcast_to(beta, a.shape)
    disc = a * a - 4.0 * b
    modulus = np.where(disc >= 0, 0.5 * (np.abs(a) + np.sqrt(np.maximum(disc, 0.0))), np.sqrt(np.abs(b)))
    return np.max(modulus, axis=-1)


class Exercise4Experiment(NamedTuple):
    r""":func:`exercise4_experiment` 의 결과.

    Attributes
    ----------
    acceleration : AccelerationExperiment
        최적 하이퍼파라미터의 비교(:func:`quadratic_acceleration_experiment`).
    same_params : tuple of float
        같은 :math:`(\eta, \beta)` 비교에 쓴 값.
    same_results : dict[str, gdbook.RunResult]
        ``"momentum"``, ``"nesterov"`` 를 같은 :math:`(\eta, \beta)` 로 돌린 결과.
    top_mode : dict[str, numpy.ndarray]
        가장 큰 고윳값(:math:`\lambda = L`) 방향 오차 성분 :math:`u_L^\top (x_t - x^*)`.
    loss_increases : dict[str, int]
        같은 :math:`(\eta, \beta)` 에서 손실이 늘어난 스텝 수(처음 ``steps`` 스텝).
    same_rate : dict[str, float]
        같은 :math:`(\eta, \beta)` 에서 :math:`\|x_t - x^*\|` 의 측정 속도.
    same_rate_theory : dict[str, float]
        같은 :math:`(\eta, \beta)` 에서 :func:`momentum_spectral_radius`.
    betas : numpy.ndarray
        :math:`\eta = 1/L` 에서 훑은 모멘텀 값.
    sweep_rate : dict[str, numpy.ndarray]
        훑은 :math:`\beta` 마다 측정 속도.
    sweep_theory : dict[str, numpy.ndarray]
        훑은 :math:`\beta` 마다 스펙트럼 반지름.
    betas_fine : numpy.ndarray
        곡선을 그리기 위한 촘촘한 :math:`\beta` 격자(400개, 두 최적값 포함).
    theory_fine : dict[str, numpy.ndarray]
        ``betas_fine`` 에서의 스펙트럼 반지름.
    lessard : LessardExperiment
        이차가 아닌 강볼록 함수의 반례.

    Examples
    --------
    >>> Exercise4Experiment._fields[:3]
    ('acceleration', 'same_params', 'same_results')
    """

    acceleration: AccelerationExperiment
    same_params: tuple
    same_results: dict
    top_mode: dict
    loss_increases: dict
    same_rate: dict
    same_rate_theory: dict
    betas: np.ndarray
    sweep_rate: dict
    sweep_theory: dict
    betas_fine: np.ndarray
    theory_fine: dict
    lessard: LessardExperiment


def exercise4_experiment(*, kappa=100.0, dim=20, steps=300, seed=0, momentum=0.9,
                         betas=None) -> Exercise4Experiment:
    r"""연습 문제 4: :math:`\kappa = 100` 이차 함수에서 모멘텀과 네스테로프의 비교.

    1. 이론의 최적 하이퍼파라미터로 각각 조정한 비교(:func:`quadratic_acceleration_experiment`).
    2. 같은 :math:`(\eta, \beta) = (1/L, \text{momentum})` 의 비교: 진동과 속도.
    3. :math:`\eta = 1/L` 에서 :math:`\beta` 를 훑은 측정 속도와 스펙트럼 반지름.
    4. 이차가 아닌 강볼록 함수의 반례(:func:`lessard_experiment`).

    Parameters
    ----------
    kappa, dim, steps, seed : optional
        :func:`quadratic_acceleration_experiment` 와 같음.
    momentum : float, optional
        같은 :math:`(\eta, \beta)` 비교의 :math:`\beta`.
    betas : array_like, optional
        훑을 :math:`\beta` 값들. 기본값은 0부터 0.95까지 20개에, :math:`\eta = 1/L` 에서 두 방법의
        최적값 :math:`(1 - \sqrt{\eta m})^2` (헤비 볼)과 :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`
        (네스테로프)을 더한 것.

    Returns
    -------
    Exercise4Experiment

    Examples
    --------
    >>> ex = exercise4_experiment(steps=200, betas=[0.5, 0.9])
    >>> ex.loss_increases["nesterov"] < ex.loss_increases["momentum"]
    True
    """
    acc = quadratic_acceleration_experiment(kappa=kappa, dim=dim, steps=steps, seed=seed)
    f, x0 = acc.objective, acc.x0
    x_star = f.minimizers[0]
    lr = 1.0 / f.L
    u_top = np.linalg.eigh(f.A)[1][:, -1]
    same = {
        "momentum": gdbook.run(optimizers.sgd(lr=lr, momentum=momentum), f, x0, steps=steps),
        "nesterov": gdbook.run(optimizers.nesterov_lookahead(lr=lr, momentum=momentum), f, x0, steps=steps),
    }
    top, inc, rate, rate_th = {}, {}, {}, {}
    for name, res in same.items():
        top[name] = (res.x - x_star) @ u_top
        inc[name] = int(np.sum(np.diff(res.loss) > 0))
        rate[name] = _tail_rate(np.linalg.norm(res.x - x_star, axis=-1), steps // 2, window=steps // 5)
        rate_th[name] = momentum_spectral_radius(f.eigenvalues, lr, momentum, nesterov=name == "nesterov")
    if betas is None:
        sk = np.sqrt(f.L / f.m)
        betas = np.unique(np.r_[np.linspace(0.0, 0.95, 20), (1 - np.sqrt(lr * f.m)) ** 2, (sk - 1) / (sk + 1)])
    betas = np.asarray(betas, dtype=np.float64)
    sweep, sweep_th = {"momentum": [], "nesterov": []}, {"momentum": [], "nesterov": []}
    for beta in betas:
        for name in ("momentum", "nesterov"):
            if name == "momentum":
                opt = optimizers.sgd(lr=lr, momentum=float(beta))
            else:
                opt = optimizers.nesterov_lookahead(lr=lr, momentum=float(beta)) if beta > 0 else optimizers.sgd(lr=lr)
            res = gdbook.run(opt, f, x0, steps=steps)
            sweep[name].append(_tail_rate(np.linalg.norm(res.x - x_star, axis=-1), steps // 2,
                                          window=steps // 5))
            sweep_th[name].append(momentum_spectral_radius(f.eigenvalues, lr, float(beta),
                                                           nesterov=name == "nesterov"))
    sweep = {k: np.array(v) for k, v in sweep.items()}
    sweep_th = {k: np.array(v) for k, v in sweep_th.items()}
    sk = np.sqrt(f.L / f.m)
    fine = np.unique(np.r_[np.linspace(0.0, max(0.95, float(betas.max())), 400),
                           (1 - np.sqrt(lr * f.m)) ** 2, (sk - 1) / (sk + 1)])
    fine_th = {name: _spectral_radii(f.eigenvalues, lr, fine, nesterov=name == "nesterov")
               for name in ("momentum", "nesterov")}
    return Exercise4Experiment(acc, (lr, float(momentum)), same, top, inc, rate, rate_th, betas,
                               sweep, sweep_th, fine, fine_th, lessard_experiment())


# --------------------------------------------------------------------------------------------
# Animated trajectories (gallery)
# --------------------------------------------------------------------------------------------


def trajectory_animation_experiment(*, kappa=25.0, steps=50, momentum=0.9, seed=3) -> dict:
    r"""애니메이션 그림용: 2차원 이차 함수에서 경사 하강법, 모멘텀, 네스테로프의 궤적.

    ``random_quadratic(dim=2, kappa=kappa, seed=seed)`` 에서 :math:`x_0 = (-4, 3)` 부터 세 방법을
    같은 학습률 :math:`\eta = 1/L` 로 돌립니다(모멘텀과 네스테로프는 같은 :math:`\beta`).

    Parameters
    ----------
    kappa : float, optional
        조건수.
    steps : int, optional
        업데이트 수(애니메이션의 프레임 수 - 1).
    momentum : float, optional
        :math:`\beta`.
    seed : int, optional
        회전 행렬의 시드.

    Returns
    -------
    dict
        ``"objective"`` (이차 함수)와 ``"results"`` (``"gd"``, ``"momentum"``, ``"nesterov"`` →
        RunResult), ``"distance"`` (마지막 :math:`\|x_T - x^*\|`).

    Examples
    --------
    >>> out = trajectory_animation_experiment(steps=10)
    >>> sorted(out["results"]), out["results"]["gd"].x.shape
    (['gd', 'momentum', 'nesterov'], (11, 2))
    """
    f = functions.random_quadratic(dim=2, kappa=kappa, seed=seed)
    lr = 1.0 / f.L
    x0 = np.array([-4.0, 3.0])
    opts = {
        "gd": optimizers.sgd(lr=lr),
        "momentum": optimizers.sgd(lr=lr, momentum=momentum),
        "nesterov": optimizers.nesterov_lookahead(lr=lr, momentum=momentum),
    }
    results = {name: gdbook.run(opt, f, x0, steps=steps) for name, opt in opts.items()}
    dist = {name: float(np.linalg.norm(res.x[-1] - f.minimizers[0])) for name, res in results.items()}
    return {"objective": f, "results": results, "distance": dist}
