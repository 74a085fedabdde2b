r"""최적화 알고리즘의 업데이트 규칙.

알고리즘 하나는 :class:`Optimizer` 하나입니다. ``init(x0)`` 이 상태를 만들고,
``step(x, grad, state)`` 가 업데이트 :math:`t` 한 번, 곧 :math:`x_{t-1} \to x_t` 를 계산해
``(x_t, 새 상태)`` 를 돌려줍니다. 상태는 알고리즘마다 하나씩 있는 불변 ``NamedTuple`` 이고,
필드 이름은 책의 기호(:math:`t, v, m, G, \ldots`)입니다. 함수는 인자를 바꾸지 않고,
상태에 든 배열은 읽기 전용입니다.

기호는 책과 같습니다. 스텝 번호 :math:`t` 는 1부터 세고, 업데이트 :math:`t` 는
:math:`g_t = \nabla f(x_{t-1})` 를 씁니다. :math:`\eta` 는 학습률(``lr``),
:math:`\beta` 는 모멘텀(``momentum``), :math:`(\beta_1, \beta_2)` 는 ``betas``,
:math:`\epsilon` 은 ``eps``, :math:`\lambda` 는 가중치 감쇠(``weight_decay``)입니다.
하이퍼파라미터의 이름과 의미는 ``torch.optim`` 과 같아서, 같은 kwargs 하나로 두 쪽을 모두
돌릴 수 있고, 테스트가 float64에서 스텝마다 매개변수와 상태를 torch와 비교합니다.
torch의 관례가 논문과 다른 곳은 각 함수의 Notes에 적었습니다.

모든 연산은 원소별이라서 점의 모양은 ``(..., d)`` 이면 됩니다. 앞쪽 축은 서로 독립인
실행들입니다. 학습률은 양수, ``x`` 와 브로드캐스트되는 배열(예: 학습률 n개를 한 번에 돌리는
``(n, 1)``), 또는 스케줄 ``schedule(k)`` 이고, 업데이트 :math:`t` 는 ``schedule(t - 1)`` 을
씁니다(torch에서 ``optimizer.step()`` 뒤에 ``scheduler.step()`` 을 부르는 것과 같음).

Examples
--------
:math:`f(x) = \tfrac12 \lVert x \rVert^2` 에서 모멘텀 10스텝:

>>> import numpy as np
>>> from gdbook import optimizers
>>> opt = optimizers.sgd(lr=0.1, momentum=0.9)
>>> x = np.array([1.0, -2.0])
>>> state = opt.init(x)
>>> for _ in range(10):
...     x, state = opt.step(x, x, state)  # grad f(x) = x
>>> state.t, np.round(x, 4)
(10, array([-0.5888,  1.1776]))
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from gdbook._validation import (
    check_bool,
    check_finite_array,
    check_lr,
    check_lr_broadcast,
    check_nonnegative,
    check_positive,
    check_real_array,
    check_same_shape,
    check_scalar,
    check_unit_interval,
    lr_at,
)

__all__ = [
    "Optimizer",
    "SGDState",
    "AdagradState",
    "RMSpropState",
    "AdamState",
    "NadamState",
    "AdadeltaState",
    "sgd",
    "nesterov_lookahead",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
    "nadam",
    "adadelta",
]


class Optimizer(NamedTuple):
    r"""업데이트 규칙 하나: ``init``, ``step``, ``eval_point`` 와 검사를 마친 하이퍼파라미터.

    Attributes
    ----------
    name : str
        기계용 이름(예: ``"adam"``). 그림에서 색을 고르는 열쇠입니다.
    label : str
        그림의 범례에 쓰는 이름(예: ``"Adam"``, ``"모멘텀"``).
    init : callable
        ``init(x0) -> state``. 시작점 :math:`x_0` 에서 상태를 만듭니다(:math:`t = 0`).
    step : callable
        ``step(x, grad, state) -> (x_new, state_new)``. 업데이트 :math:`t` 한 번.
        ``grad`` 는 ``eval_point(x, state)`` 에서 계산한 그래디언트여야 합니다.
    eval_point : callable
        ``eval_point(x, state) -> point``. 다음 업데이트의 그래디언트를 계산할 점.
        :func:`nesterov_lookahead` 만 :math:`x` 와 다른 점을 돌려주고, 나머지는 ``x`` 그대로입니다.
    hyperparams : dict
        검사를 마친 하이퍼파라미터(``lr`` 포함).

    Examples
    --------
    >>> import numpy as np
    >>> opt = sgd(lr=0.5)
    >>> opt.name, opt.label, opt.hyperparams["lr"]
    ('sgd', 'SGD', 0.5)
    >>> x = np.array([2.0])
    >>> x, state = opt.step(x, opt.eval_point(x, opt.init(x)), opt.init(x))  # f(x) = x²/2
    >>> x
    array([1.])
    """

    name: str
    label: str
    init: Callable[[np.ndarray], Any]
    step: Callable[[np.ndarray, np.ndarray, Any], tuple[np.ndarray, Any]]
    eval_point: Callable[[np.ndarray, Any], np.ndarray]
    hyperparams: dict

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.hyperparams.items())
        return f"<Optimizer {self.name} ({self.label}): {params}>"


# --------------------------------------------------------------------------------------------
# States: one immutable NamedTuple per algorithm; the fields are the book's symbols.
# --------------------------------------------------------------------------------------------


class SGDState(NamedTuple):
    r"""SGD·모멘텀·네스테로프의 상태.

    Attributes
    ----------
    t : int
        완료한 업데이트 수.
    v : numpy.ndarray
        모멘텀 버퍼 :math:`v_t` (torch의 ``momentum_buffer``). 업데이트 전에는 0이고,
        첫 업데이트에서 :math:`v_1 = g_1` 입니다. 모멘텀이 없으면(:math:`\beta = 0`)
        :math:`v_t = g_t` 입니다(torch는 이때 버퍼를 두지 않음).

    Examples
    --------
    >>> import numpy as np
    >>> sgd(lr=0.1, momentum=0.9).init(np.zeros(2))
    SGDState(t=0, v=array([0., 0.]))
    """

    t: int
    v: np.ndarray


class AdagradState(NamedTuple):
    r"""Adagrad의 상태.

    Attributes
    ----------
    t : int
        완료한 업데이트 수.
    G : numpy.ndarray
        그래디언트 제곱의 누적합 :math:`G_t` (torch의 ``sum``). :math:`G_0` 은
        ``initial_accumulator_value`` 입니다.

    Examples
    --------
    >>> import numpy as np
    >>> adagrad(initial_accumulator_value=0.1).init(np.zeros(2))
    AdagradState(t=0, G=array([0.1, 0.1]))
    """

    t: int
    G: np.ndarray


class RMSpropState(NamedTuple):
    r"""RMSprop의 상태.

    Attributes
    ----------
    t : int
        완료한 업데이트 수.
    v : numpy.ndarray
        :math:`g_t^2` 의 지수 이동 평균 :math:`v_t` (torch의 ``square_avg``).
    g_avg : numpy.ndarray
        :math:`g_t` 의 지수 이동 평균 :math:`\bar g_t` (torch의 ``grad_avg``).
        ``centered=False`` 이면 0으로 남습니다.
    b : numpy.ndarray
        모멘텀 버퍼 :math:`b_t` (torch의 ``momentum_buffer``). ``momentum=0`` 이면
        이번 스텝의 방향 :math:`g_t / (\sqrt{\tilde v_t} + \epsilon)` 입니다.

    Examples
    --------
    >>> import numpy as np
    >>> rmsprop().init(np.zeros(1))
    RMSpropState(t=0, v=array([0.]), g_avg=array([0.]), b=array([0.]))
    """

    t: int
    v: np.ndarray
    g_avg: np.ndarray
    b: np.ndarray


class AdamState(NamedTuple):
    r"""Adam·AdamW의 상태.

    Attributes
    ----------
    t : int
        완료한 업데이트 수.
    m : numpy.ndarray
        1차 모멘트 :math:`m_t` (torch의 ``exp_avg``).
    v : numpy.ndarray
        2차 모멘트 :math:`v_t` (torch의 ``exp_avg_sq``).
    v_max : numpy.ndarray
        AMSGrad의 :math:`v^{\max}_t = \max(v^{\max}_{t-1}, v_t)` (torch의 ``max_exp_avg_sq``).
        ``amsgrad=False`` 이면 0으로 남습니다.

    Examples
    --------
    >>> import numpy as np
    >>> adam().init(np.zeros(1))
    AdamState(t=0, m=array([0.]), v=array([0.]), v_max=array([0.]))
    """

    t: int
    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray


class NadamState(NamedTuple):
    r"""NAdam의 상태.

    Attributes
    ----------
    t : int
        완료한 업데이트 수.
    m : numpy.ndarray
        1차 모멘트 :math:`m_t` (torch의 ``exp_avg``).
    v : numpy.ndarray
        2차 모멘트 :math:`v_t` (torch의 ``exp_avg_sq``).
    mu_product : float
        모멘텀 계수의 곱 :math:`\Pi_t = \mu_1 \mu_2 \cdots \mu_t` (torch의 ``mu_product``), :math:`\Pi_0 = 1`.

    Examples
    --------
    >>> import numpy as np
    >>> nadam().init(np.zeros(1))
    NadamState(t=0, m=array([0.]), v=array([0.]), mu_product=1.0)
    """

    t: int
    m: np.ndarray
    v: np.ndarray
    mu_product: float


class AdadeltaState(NamedTuple):
    r"""Adadelta의 상태.

    Attributes
    ----------
    t : int
        완료한 업데이트 수.
    v : numpy.ndarray
        :math:`g_t^2` 의 지수 이동 평균 :math:`v_t` (torch의 ``square_avg``).
    u : numpy.ndarray
        업데이트 제곱 :math:`\Delta_t^2` 의 지수 이동 평균 :math:`u_t` (torch의 ``acc_delta``).

    Examples
    --------
    >>> import numpy as np
    >>> adadelta().init(np.zeros(1))
    AdadeltaState(t=0, v=array([0.]), u=array([0.]))
    """

    t: int
    v: np.ndarray
    u: np.ndarray


# --------------------------------------------------------------------------------------------
# Update rules. One function per algorithm, one line per equation of its docstring's math
# block; the book prints these functions. `state.t` is the number of completed updates, so
# update t = state.t + 1 uses the learning rate lr_at(lr, t - 1) = schedule(t - 1).
# --------------------------------------------------------------------------------------------


def _sgd_step(x, g, state, *, lr, momentum, dampening, weight_decay, nesterov):
    """SGD, 헤비 볼 모멘텀, 네스테로프 모멘텀(torch 형식)의 업데이트 한 번."""
    t = state.t + 1
    eta = lr_at(lr, t - 1)
    g = g + weight_decay * x
    v = g if t == 1 else momentum * state.v + (1 - dampening) * g
    d = g + momentum * v if nesterov else v
    x = x - eta * d
    return x, SGDState(t, v)


def _nesterov_lookahead_step(x, g, state, *, lr, momentum):
    """책의 네스테로프 업데이트 한 번. ``g`` 는 미리 본 점 x - ηβv 에서의 그래디언트."""
    t = state.t + 1
    eta = lr_at(lr, t - 1)
    v = momentum * state.v + g
    x = x - eta * v
    return x, SGDState(t, v)


def _adagrad_step(x, g, state, *, lr, lr_decay, weight_decay, eps):
    """Adagrad의 업데이트 한 번."""
    t = state.t + 1
    eta = lr_at(lr, t - 1) / (1 + (t - 1) * lr_decay)
    g = g + weight_decay * x
    G = state.G + g**2
    x = x - eta * g / (np.sqrt(G) + eps)
    return x, AdagradState(t, G)


def _rmsprop_step(x, g, state, *, lr, alpha, eps, weight_decay, momentum, centered):
    """RMSprop의 업데이트 한 번."""
    t = state.t + 1
    eta = lr_at(lr, t - 1)
    g = g + weight_decay * x
    v = alpha * state.v + (1 - alpha) * g**2
    g_avg = alpha * state.g_avg + (1 - alpha) * g if centered else state.g_avg
    v_tilde = v - g_avg**2 if centered else v
    b = momentum * state.b + g / (np.sqrt(v_tilde) + eps)
    x = x - eta * b
    return x, RMSpropState(t, v, g_avg, b)


def _adam_step(x, g, state, *, lr, betas, eps, weight_decay, amsgrad, bias_correction,
               decoupled_weight_decay):
    """Adam(L2 가중치 감쇠)과 AdamW(분리된 가중치 감쇠)의 업데이트 한 번."""
    beta1, beta2 = betas
    t = state.t + 1
    eta = lr_at(lr, t - 1)
    if decoupled_weight_decay:
        x = x * (1 - eta * weight_decay)
    else:
        g = g + weight_decay * x
    m = beta1 * state.m + (1 - beta1) * g
    v = beta2 * state.v + (1 - beta2) * g**2
    v_max = np.maximum(state.v_max, v) if amsgrad else state.v_max
    c1, c2 = (1 - beta1**t, 1 - beta2**t) if bias_correction else (1.0, 1.0)
    m_hat = m / c1
    v_hat = (v_max if amsgrad else v) / c2
    x = x - eta * m_hat / (np.sqrt(v_hat) + eps)
    return x, AdamState(t, m, v, v_max)


def _nadam_step(x, g, state, *, lr, betas, eps, weight_decay, momentum_decay,
                decoupled_weight_decay):
    """NAdam의 업데이트 한 번(torch의 모멘텀 스케줄 μ_t 포함)."""
    beta1, beta2 = betas
    t = state.t + 1
    eta = lr_at(lr, t - 1)
    if decoupled_weight_decay:
        x = x * (1 - eta * weight_decay)
    else:
        g = g + weight_decay * x
    mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = state.mu_product * mu
    m = beta1 * state.m + (1 - beta1) * g
    v = beta2 * state.v + (1 - beta2) * g**2
    v_hat = v / (1 - beta2**t)
    d = (1 - mu) / (1 - mu_product) * g + mu_next / (1 - mu_product * mu_next) * m
    x = x - eta * d / (np.sqrt(v_hat) + eps)
    return x, NadamState(t, m, v, mu_product)


def _adadelta_step(x, g, state, *, lr, rho, eps, weight_decay):
    """Adadelta의 업데이트 한 번."""
    t = state.t + 1
    eta = lr_at(lr, t - 1)
    g = g + weight_decay * x
    v = rho * state.v + (1 - rho) * g**2
    delta = np.sqrt(state.u + eps) / np.sqrt(v + eps) * g
    u = rho * state.u + (1 - rho) * delta**2
    x = x - eta * delta
    return x, AdadeltaState(t, v, u)


# --------------------------------------------------------------------------------------------
# Plumbing shared by the factories: argument checks around the pure update rules.
# --------------------------------------------------------------------------------------------


def _identity_eval_point(x, state):
    return np.asarray(x, dtype=np.float64)


def _frozen(state):
    """Make the arrays of a state read-only, so that the state really is immutable."""
    for value in state:
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return state


class _StepParts(NamedTuple):
    """What a ``step`` made by :func:`_make` is made of (``step.parts``), for :func:`gdbook.run`.

    ``gdbook.run`` checks ``x``, the gradient and the state once per run instead of at every step
    and then calls ``rule`` itself; :mod:`gdbook.fast` reads ``update`` (the readable rule and its
    hyperparameters) to recognise the runs it can compute with a fused kernel, which it does only
    when the optimizer's ``init`` is this ``init`` (the state starts at zero).
    """

    rule: Callable  # rule(x, grad, state) -> (x_new, state_new), no checks; arrays not frozen
    state_type: type
    init: Callable
    update: functools.partial  # functools.partial(_<name>_step, **hyperparameters)


def _make(name, label, state_type, new_state, rule, hyperparams, *, eval_point=_identity_eval_point):
    """Wrap a pure update rule with the checks of the API: x finite, grad of x's shape, state type."""
    lr = hyperparams["lr"]

    def init(x0):
        x0 = check_finite_array("x0", x0)
        check_lr_broadcast(lr, x0.shape)
        return _frozen(new_state(x0))

    def step(x, grad, state):
        x = check_finite_array("x", x)
        grad = check_real_array("grad", grad)
        check_same_shape("grad", grad, "x", x)
        if not isinstance(state, state_type):
            raise TypeError(
                f"state must be a {state_type.__name__} made by this optimizer's init, "
                f"got {type(state).__name__}"
            )
        for field, value in zip(state._fields, state):
            if isinstance(value, np.ndarray):
                check_same_shape(f"state.{field}", value, "x", x)
        x_new, state_new = rule(x, grad, state)
        if x_new.shape != x.shape:  # only a schedule returning an ill-shaped array gets here
            check_lr_broadcast(lr_at(lr, state.t), x.shape)
        return x_new, _frozen(state_new)

    step.parts = _StepParts(rule, state_type, init, rule)
    return Optimizer(name, label, init, step, eval_point, hyperparams)


def _check_betas(betas) -> tuple[float, float]:
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    return (check_unit_interval("betas[0]", betas[0]), check_unit_interval("betas[1]", betas[1]))


def _nonnegative(name, value) -> float:
    return check_nonnegative(name, check_scalar(name, value))


def _positive(name, value) -> float:
    return check_positive(name, check_scalar(name, value))


# --------------------------------------------------------------------------------------------
# Factories (public API).
# --------------------------------------------------------------------------------------------


def sgd(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False) -> Optimizer:
    r"""확률적 경사 하강법(SGD), 헤비 볼 모멘텀, 네스테로프 모멘텀(torch 형식).

    ``torch.optim.SGD`` 와 같은 규칙입니다. 업데이트 :math:`t = 1, 2, \ldots` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        g_t &\leftarrow g_t + \lambda x_{t-1} \\
        v_t &\leftarrow \begin{cases} g_t & t = 1 \\ \beta v_{t-1} + (1 - \tau) g_t & t > 1 \end{cases} \\
        d_t &\leftarrow \begin{cases} g_t + \beta v_t & \text{(nesterov)} \\ v_t & \text{(그 밖)} \end{cases} \\
        x_t &\leftarrow x_{t-1} - \eta_t d_t

    입니다. 여기서 :math:`g_t = \nabla f(x_{t-1})`, :math:`\beta` 는 모멘텀, :math:`\tau` 는
    모멘텀 댐프닝(``dampening``), :math:`\lambda` 는 가중치 감쇠입니다. :math:`\beta = 0` 이면
    :math:`d_t = g_t` 인 경사 하강법입니다.

    Parameters
    ----------
    lr : float, array_like or callable
        학습률 :math:`\eta`. 양수, ``x`` 와 브로드캐스트되는 배열, 또는 스케줄 ``schedule(k)``.
    momentum : float, optional
        모멘텀 :math:`\beta \ge 0`.
    dampening : float, optional
        모멘텀 댐프닝 :math:`\tau \in [0, 1]`. :math:`\beta = 0` 이면 효과가 없습니다(torch와 같음).
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0` (L2 항 :math:`\tfrac{\lambda}{2}\lVert x \rVert^2` 의 그래디언트를 더함).
    nesterov : bool, optional
        네스테로프 모멘텀. torch처럼 :math:`\beta > 0`, :math:`\tau = 0` 이어야 합니다.

    Returns
    -------
    Optimizer
        상태는 :class:`SGDState`.

    Raises
    ------
    ValueError
        ``lr`` 이 양의 유한한 수가 아니거나, ``momentum``/``weight_decay`` 가 음수이거나,
        ``dampening`` 이 :math:`[0, 1]` 밖이거나, ``nesterov=True`` 인데 ``momentum <= 0`` 또는
        ``dampening != 0`` 일 때.

    Notes
    -----
    torch의 모멘텀은 학습률을 버퍼 밖에서 곱합니다(:math:`x_t = x_{t-1} - \eta v_t`).
    폴랴크의 헤비 볼 :math:`x_t = x_{t-1} - \eta g_t + \beta (x_{t-1} - x_{t-2})` 와는
    학습률이 일정할 때만 같은 궤적이고, 학습률 스케줄을 쓰면 달라집니다.
    첫 버퍼는 0에서 시작한 지수 이동 평균이 아니라 :math:`v_1 = g_1` 이어서 첫 스텝에는
    댐프닝이 걸리지 않습니다. ``nesterov=True`` 는 벵지오 등의 재매개화로, 그래디언트를
    :math:`x_{t-1}` 에서 계산합니다. 책의 형식(미리 본 점에서 계산)은 :func:`nesterov_lookahead`
    이고, 두 형식은 변수 변환 :math:`y = x - \eta \beta v` 로 이어집니다.

    Examples
    --------
    >>> import numpy as np
    >>> opt = sgd(lr=0.1, momentum=0.9)
    >>> opt.label
    '모멘텀'
    >>> x = np.array([1.0, 2.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, np.array([1.0, 1.0]), state)
    >>> x, state.v
    (array([0.9, 1.9]), array([1., 1.]))
    >>> x, state = opt.step(x, np.array([1.0, 1.0]), state)
    >>> np.round(x, 4), state.v
    (array([0.71, 1.71]), array([1.9, 1.9]))
    """
    lr = check_lr(lr)
    momentum = _nonnegative("momentum", momentum)
    dampening = check_unit_interval("dampening", dampening, closed_right=True)
    weight_decay = _nonnegative("weight_decay", weight_decay)
    nesterov = check_bool("nesterov", nesterov)
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError(
            "nesterov=True requires momentum > 0 and dampening == 0, "
            f"got momentum={momentum!r}, dampening={dampening!r}"
        )
    hyperparams = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)
    if nesterov:
        name, label = "nesterov", "네스테로프"
    elif momentum > 0:
        name, label = "momentum", "모멘텀"
    else:
        name, label = "sgd", "SGD"
    # Without momentum torch keeps no buffer and ignores dampening: v_t = g_t.
    rule_params = dict(hyperparams, dampening=dampening if momentum > 0 else 0.0)
    return _make(
        name, label, SGDState,
        lambda x0: SGDState(0, np.zeros_like(x0)),
        functools.partial(_sgd_step, **rule_params),
        hyperparams,
    )


def nesterov_lookahead(lr, momentum) -> Optimizer:
    r"""책의 네스테로프 가속 경사법: 미리 본 점 :math:`x_{t-1} - \eta \beta v_{t-1}` 에서 그래디언트를 계산.

    수츠케버 등의 형식입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        g_t &= \nabla f(x_{t-1} - \eta_t \beta v_{t-1}) \\
        v_t &\leftarrow \beta v_{t-1} + g_t \\
        x_t &\leftarrow x_{t-1} - \eta_t v_t

    이고 :math:`v_0 = 0` 입니다. 그래디언트를 계산할 점은 ``eval_point(x, state)`` 가
    돌려주므로, 실행 루프는 ``grad = f.grad(opt.eval_point(x, state))`` 로 부릅니다.

    Parameters
    ----------
    lr : float, array_like or callable
        학습률 :math:`\eta`.
    momentum : float
        모멘텀 :math:`\beta > 0`.

    Returns
    -------
    Optimizer
        상태는 :class:`SGDState` (:math:`v_t` 는 이 형식의 속도).

    Notes
    -----
    미리 본 점 :math:`y_t = x_t - \eta \beta v_t` 로 변수를 바꾸면 (학습률이 일정할 때)

    .. math::

        y_t = y_{t-1} - \eta \bigl( \nabla f(y_{t-1}) + \beta v_t \bigr), \qquad
        v_t = \beta v_{t-1} + \nabla f(y_{t-1})

    가 되어, ``torch.optim.SGD(nesterov=True)`` 의 매개변수가 바로 :math:`y_t`, 그 모멘텀 버퍼가
    :math:`v_t` 입니다(:math:`y_0 = x_0`). 즉 torch는 미리 본 점을 매개변수로 들고 다니고,
    이 함수는 원래 점 :math:`x_t = y_t + \eta \beta v_t` 를 들고 다닙니다. 두 형식의 궤적은 이
    변환만큼 다르고, 같은 점으로 수렴합니다.

    Examples
    --------
    >>> import numpy as np
    >>> opt = nesterov_lookahead(lr=0.1, momentum=0.9)
    >>> x = np.array([1.0])
    >>> state = opt.init(x)
    >>> for _ in range(3):
    ...     y = opt.eval_point(x, state)          # 미리 본 점
    ...     x, state = opt.step(x, 2 * y, state)  # f(x) = x², grad = 2x
    >>> np.round(x, 4), np.round(opt.eval_point(x, state), 4)
    (array([0.1779]), array([-0.1084]))
    """
    lr = check_lr(lr)
    momentum = _positive("momentum", momentum)
    hyperparams = dict(lr=lr, momentum=momentum)

    def eval_point(x, state):
        return np.asarray(x, dtype=np.float64) - lr_at(lr, state.t) * momentum * state.v

    return _make(
        "nesterov", "네스테로프", SGDState,
        lambda x0: SGDState(0, np.zeros_like(x0)),
        functools.partial(_nesterov_lookahead_step, **hyperparams),
        hyperparams,
        eval_point=eval_point,
    )


def adagrad(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10) -> Optimizer:
    r"""Adagrad: 그래디언트 제곱의 누적합으로 좌표마다 학습률을 나눕니다.

    ``torch.optim.Adagrad`` 와 같은 규칙입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) / (1 + (t - 1)\,\delta) \\
        g_t &\leftarrow g_t + \lambda x_{t-1} \\
        G_t &\leftarrow G_{t-1} + g_t^2 \\
        x_t &\leftarrow x_{t-1} - \eta_t \, g_t / (\sqrt{G_t} + \epsilon)

    이고 :math:`G_0` 은 ``initial_accumulator_value``, :math:`\delta` 는 ``lr_decay`` 입니다.
    제곱, 나눗셈, 제곱근은 모두 원소별입니다.

    Parameters
    ----------
    lr : float, array_like or callable, optional
        학습률 :math:`\eta`.
    lr_decay : float, optional
        학습률 감소 :math:`\delta \ge 0`.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0` (L2).
    initial_accumulator_value : float, optional
        :math:`G_0 \ge 0`.
    eps : float, optional
        :math:`\epsilon > 0`.

    Returns
    -------
    Optimizer
        상태는 :class:`AdagradState`.

    Notes
    -----
    torch는 :math:`\epsilon` 을 제곱근 밖에 더합니다(:math:`\sqrt{G_t} + \epsilon`).
    두치 등의 논문은 대각 행렬 :math:`\delta I + \mathrm{diag}(G_t)^{1/2}` 로 같은 자리에
    두지만, :math:`\sqrt{G_t + \epsilon}` 으로 쓰는 구현도 있습니다. ``lr_decay`` 는
    논문에 없는 torch의 추가 기능입니다.

    Examples
    --------
    >>> import numpy as np
    >>> opt = adagrad(lr=0.5)
    >>> x = np.array([1.0, 1.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, np.array([2.0, -0.1]), state)
    >>> np.round(x, 4), state.G
    (array([0.5, 1.5]), array([4.  , 0.01]))
    """
    lr = check_lr(lr)
    hyperparams = dict(
        lr=lr,
        lr_decay=_nonnegative("lr_decay", lr_decay),
        weight_decay=_nonnegative("weight_decay", weight_decay),
        initial_accumulator_value=_nonnegative("initial_accumulator_value", initial_accumulator_value),
        eps=_positive("eps", eps),
    )
    G0 = hyperparams["initial_accumulator_value"]
    rule = dict(hyperparams)
    del rule["initial_accumulator_value"]
    return _make(
        "adagrad", "Adagrad", AdagradState,
        lambda x0: AdagradState(0, np.full_like(x0, G0)),
        functools.partial(_adagrad_step, **rule),
        hyperparams,
    )


def rmsprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False) -> Optimizer:
    r"""RMSprop: 그래디언트 제곱의 지수 이동 평균으로 좌표마다 학습률을 나눕니다.

    ``torch.optim.RMSprop`` 과 같은 규칙입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        g_t &\leftarrow g_t + \lambda x_{t-1} \\
        v_t &\leftarrow \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        \bar g_t &\leftarrow \alpha \bar g_{t-1} + (1 - \alpha) g_t \quad \text{(centered 일 때만)} \\
        \tilde v_t &= v_t - \bar g_t^2 \ \text{(centered)}, \quad \tilde v_t = v_t \ \text{(그 밖)} \\
        b_t &\leftarrow \beta b_{t-1} + g_t / (\sqrt{\tilde v_t} + \epsilon) \\
        x_t &\leftarrow x_{t-1} - \eta_t b_t

    이고 :math:`v_0 = \bar g_0 = b_0 = 0` 입니다. :math:`\beta = 0` 이면
    :math:`x_t = x_{t-1} - \eta_t g_t / (\sqrt{\tilde v_t} + \epsilon)` 입니다.

    Parameters
    ----------
    lr : float, array_like or callable, optional
        학습률 :math:`\eta`.
    alpha : float, optional
        지수 이동 평균의 계수 :math:`\alpha \in [0, 1)`.
    eps : float, optional
        :math:`\epsilon > 0`.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0` (L2).
    momentum : float, optional
        모멘텀 :math:`\beta \ge 0`.
    centered : bool, optional
        :math:`g_t` 의 분산 추정 :math:`v_t - \bar g_t^2` 로 나눌지(그레이브스의 형식).

    Returns
    -------
    Optimizer
        상태는 :class:`RMSpropState`.

    Notes
    -----
    torch는 :math:`\epsilon` 을 제곱근 밖에 더하고(TensorFlow는 안에 더함), 모멘텀 버퍼에는
    학습률을 곱하지 않은 방향을 쌓습니다. 모멘텀 버퍼는 0에서 시작합니다(SGD의
    :math:`v_1 = g_1` 과 다름). 힌턴의 강의 노트에는 편향 보정이 없고 torch도 하지 않습니다.

    Examples
    --------
    >>> import numpy as np
    >>> opt = rmsprop(lr=0.01, alpha=0.9)
    >>> x = np.array([1.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, np.array([2.0]), state)
    >>> np.round(x, 4), np.round(state.v, 4)
    (array([0.9684]), array([0.4]))
    """
    lr = check_lr(lr)
    hyperparams = dict(
        lr=lr,
        alpha=check_unit_interval("alpha", alpha),
        eps=_positive("eps", eps),
        weight_decay=_nonnegative("weight_decay", weight_decay),
        momentum=_nonnegative("momentum", momentum),
        centered=check_bool("centered", centered),
    )
    return _make(
        "rmsprop", "RMSprop", RMSpropState,
        lambda x0: RMSpropState(0, np.zeros_like(x0), np.zeros_like(x0), np.zeros_like(x0)),
        functools.partial(_rmsprop_step, **hyperparams),
        hyperparams,
    )


def _adam_family(name, label, *, lr, betas, eps, weight_decay, amsgrad, bias_correction, decoupled_weight_decay):
    lr = check_lr(lr)
    hyperparams = dict(
        lr=lr,
        betas=_check_betas(betas),
        eps=_positive("eps", eps),
        weight_decay=_nonnegative("weight_decay", weight_decay),
        amsgrad=check_bool("amsgrad", amsgrad),
    )
    rule = dict(
        hyperparams,
        bias_correction=check_bool("bias_correction", bias_correction),
        decoupled_weight_decay=decoupled_weight_decay,
    )
    if hyperparams["amsgrad"]:
        label = "AMSGrad" if name == "adam" else f"{label} (AMSGrad)"
    if not rule["bias_correction"]:
        hyperparams["bias_correction"] = False
        name, label = f"{name}_no_bias_correction", f"{label} (편향 보정 없음)"
    return _make(
        name, label, AdamState,
        lambda x0: AdamState(0, np.zeros_like(x0), np.zeros_like(x0), np.zeros_like(x0)),
        functools.partial(_adam_step, **rule),
        hyperparams,
    )


def adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, bias_correction=True) -> Optimizer:
    r"""Adam: 1차 모멘트와 2차 모멘트의 지수 이동 평균, 그리고 편향 보정.

    ``torch.optim.Adam`` 과 같은 규칙입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        g_t &\leftarrow g_t + \lambda x_{t-1} \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        v^{\max}_t &\leftarrow \max(v^{\max}_{t-1}, v_t) \quad \text{(amsgrad 일 때만)} \\
        (c_1, c_2) &= (1 - \beta_1^t, \ 1 - \beta_2^t) \\
        \hat m_t &= m_t / c_1 \\
        \hat v_t &= v_t / c_2 \quad \text{(amsgrad 이면 } v^{\max}_t / c_2\text{)} \\
        x_t &\leftarrow x_{t-1} - \eta_t \, \hat m_t / (\sqrt{\hat v_t} + \epsilon)

    이고 :math:`m_0 = v_0 = v^{\max}_0 = 0` 입니다. ``bias_correction=False`` 이면 편향 보정을
    빼고 :math:`c_1 = c_2 = 1` 로 둡니다(책의 연습문제용, torch에는 없음).

    Parameters
    ----------
    lr : float, array_like or callable, optional
        학습률 :math:`\eta`.
    betas : tuple of float, optional
        :math:`(\beta_1, \beta_2)`, 각각 :math:`[0, 1)`.
    eps : float, optional
        :math:`\epsilon > 0`.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0`. L2 항으로 그래디언트에 더하므로 적응형 스케일링을
        함께 받습니다. 분리된 가중치 감쇠는 :func:`adamw`.
    amsgrad : bool, optional
        AMSGrad: 지금까지의 :math:`v_t` 의 최댓값으로 나눕니다.
    bias_correction : bool, optional
        ``False`` 이면 편향 보정을 하지 않습니다.

    Returns
    -------
    Optimizer
        상태는 :class:`AdamState`.

    Notes
    -----
    torch는 킹마와 바의 알고리즘 1처럼 :math:`\epsilon` 을 편향 보정한 :math:`\sqrt{\hat v_t}`
    에 더합니다. 논문 2절 끝의 "효율적인" 형식(TensorFlow의 구현)은 :math:`\sqrt{v_t}` 에
    더하므로 :math:`\epsilon` 의 실제 크기가 :math:`\sqrt{1 - \beta_2^t}` 배만큼 다릅니다.
    AMSGrad에서 torch는 편향 보정 전의 :math:`v_t` 로 최댓값을 잡고 그 최댓값을 보정합니다.
    레디 등의 논문에는 편향 보정이 없습니다.

    Examples
    --------
    첫 스텝은 편향 보정 덕분에 그래디언트 크기와 상관없이 거의 :math:`\eta` 만큼 움직입니다.

    >>> import numpy as np
    >>> opt = adam(lr=0.1)
    >>> x = np.array([1.0, 1.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, np.array([100.0, 0.01]), state)
    >>> np.round(x, 4)
    array([0.9, 0.9])
    >>> opt = adam(lr=0.1, bias_correction=False)
    >>> x = np.array([1.0, 1.0])
    >>> x, state = opt.step(x, np.array([100.0, 0.01]), opt.init(x))
    >>> np.round(x, 4)   # 보정이 없으면 m_1 / sqrt(v_1) = 0.1 g / (sqrt(0.001) |g|)
    array([0.6838, 0.6838])
    """
    return _adam_family(
        "adam", "Adam", lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
        bias_correction=bias_correction, decoupled_weight_decay=False,
    )


def adamw(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False) -> Optimizer:
    r"""AdamW: 가중치 감쇠를 그래디언트와 분리한 Adam.

    ``torch.optim.AdamW`` 와 같은 규칙입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        x_{t-1} &\leftarrow (1 - \eta_t \lambda) x_{t-1} \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        v^{\max}_t &\leftarrow \max(v^{\max}_{t-1}, v_t) \quad \text{(amsgrad 일 때만)} \\
        \hat m_t &= m_t / (1 - \beta_1^t), \quad \hat v_t = v_t / (1 - \beta_2^t) \\
        x_t &\leftarrow x_{t-1} - \eta_t \, \hat m_t / (\sqrt{\hat v_t} + \epsilon)

    입니다. :func:`adam` 과 다른 곳은 둘째 줄뿐입니다. 그래디언트 :math:`g_t = \nabla f(x_{t-1})`
    는 감쇠 전의 점에서 계산합니다.

    Parameters
    ----------
    lr : float, array_like or callable, optional
        학습률 :math:`\eta`.
    betas : tuple of float, optional
        :math:`(\beta_1, \beta_2)`, 각각 :math:`[0, 1)`.
    eps : float, optional
        :math:`\epsilon > 0`.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0`.
    amsgrad : bool, optional
        AMSGrad.

    Returns
    -------
    Optimizer
        상태는 :class:`AdamState`.

    Notes
    -----
    로시칠로프와 허터의 논문은 감쇠를 :math:`\eta_t \lambda` 가 아니라 스케줄 배수 하나만 곱한
    :math:`\lambda` 로 씁니다. torch(와 이 함수)는 학습률을 곱하므로, 학습률을 바꾸면 실제
    감쇠의 세기도 함께 바뀝니다.

    Examples
    --------
    그래디언트가 0이어도 점은 :math:`(1 - \eta \lambda)` 배로 줄어듭니다.

    >>> import numpy as np
    >>> opt = adamw(lr=0.1, weight_decay=0.5)
    >>> x = np.array([2.0])
    >>> x, state = opt.step(x, np.zeros(1), opt.init(x))
    >>> x
    array([1.9])
    """
    return _adam_family(
        "adamw", "AdamW", lr=lr, betas=betas, eps=eps,
        weight_decay=weight_decay, amsgrad=amsgrad, bias_correction=True, decoupled_weight_decay=True,
    )


def nadam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
          decoupled_weight_decay=False) -> Optimizer:
    r"""NAdam: 네스테로프 모멘텀을 넣은 Adam(도자트).

    ``torch.optim.NAdam`` 과 같은 규칙입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        g_t &\leftarrow g_t + \lambda x_{t-1} \quad \text{(또는 분리: } x_{t-1} \leftarrow (1 - \eta_t \lambda) x_{t-1}\text{)} \\
        \mu_t &= \beta_1 \bigl(1 - \tfrac12 \, 0.96^{t \psi}\bigr) \\
        \mu_{t+1} &= \beta_1 \bigl(1 - \tfrac12 \, 0.96^{(t+1) \psi}\bigr) \\
        \Pi_t &\leftarrow \Pi_{t-1} \mu_t \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat v_t &= v_t / (1 - \beta_2^t) \\
        d_t &= \frac{1 - \mu_t}{1 - \Pi_t} g_t + \frac{\mu_{t+1}}{1 - \Pi_t \mu_{t+1}} m_t \\
        x_t &\leftarrow x_{t-1} - \eta_t \, d_t / (\sqrt{\hat v_t} + \epsilon)

    이고 :math:`\psi` 는 ``momentum_decay``, :math:`\Pi_0 = 1`, :math:`m_0 = v_0 = 0` 입니다.

    Parameters
    ----------
    lr : float, array_like or callable, optional
        학습률 :math:`\eta`.
    betas : tuple of float, optional
        :math:`(\beta_1, \beta_2)`, 각각 :math:`[0, 1)`.
    eps : float, optional
        :math:`\epsilon > 0`.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0`.
    momentum_decay : float, optional
        모멘텀 스케줄의 :math:`\psi \ge 0`.
    decoupled_weight_decay : bool, optional
        ``True`` 이면 AdamW처럼 가중치 감쇠를 분리합니다.

    Returns
    -------
    Optimizer
        상태는 :class:`NadamState`.

    Notes
    -----
    torch는 도자트의 모멘텀 스케줄 :math:`\mu_t` 를 쓰지만, :math:`m_t` 의 지수 이동 평균에는
    :math:`\mu_t` 가 아니라 상수 :math:`\beta_1` 을 씁니다. :math:`\psi = 0` 이면
    :math:`\mu_t = \beta_1 / 2` 로 일정합니다(:math:`\beta_1` 이 아님).

    Examples
    --------
    >>> import numpy as np
    >>> opt = nadam(lr=0.1)
    >>> x = np.array([1.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, np.array([3.0]), state)
    >>> np.round(x, 4), round(state.mu_product, 6)
    (array([0.9]), 0.450073)
    """
    lr = check_lr(lr)
    hyperparams = dict(
        lr=lr,
        betas=_check_betas(betas),
        eps=_positive("eps", eps),
        weight_decay=_nonnegative("weight_decay", weight_decay),
        momentum_decay=_nonnegative("momentum_decay", momentum_decay),
        decoupled_weight_decay=check_bool("decoupled_weight_decay", decoupled_weight_decay),
    )
    return _make(
        "nadam", "NAdam", NadamState,
        lambda x0: NadamState(0, np.zeros_like(x0), np.zeros_like(x0), 1.0),
        functools.partial(_nadam_step, **hyperparams),
        hyperparams,
    )


def adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0) -> Optimizer:
    r"""Adadelta: 업데이트 크기의 지수 이동 평균으로 단위를 맞춘 적응형 방법(자일러).

    ``torch.optim.Adadelta`` 와 같은 규칙입니다. 업데이트 :math:`t` 는

    .. math::

        \eta_t &= \mathrm{lr}(t - 1) \\
        g_t &\leftarrow g_t + \lambda x_{t-1} \\
        v_t &\leftarrow \rho v_{t-1} + (1 - \rho) g_t^2 \\
        \Delta_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} \, g_t \\
        u_t &\leftarrow \rho u_{t-1} + (1 - \rho) \Delta_t^2 \\
        x_t &\leftarrow x_{t-1} - \eta_t \Delta_t

    이고 :math:`v_0 = u_0 = 0` 입니다.

    Parameters
    ----------
    lr : float, array_like or callable, optional
        학습률 :math:`\eta` (논문에는 없고, torch의 기본값 1이 논문과 같음).
    rho : float, optional
        지수 이동 평균의 계수 :math:`\rho \in [0, 1]`.
    eps : float, optional
        :math:`\epsilon > 0`.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda \ge 0` (L2).

    Returns
    -------
    Optimizer
        상태는 :class:`AdadeltaState`.

    Notes
    -----
    다른 적응형 방법과 달리 :math:`\epsilon` 이 두 제곱근 안에 있습니다. 그래서 첫 스텝의 크기는
    :math:`\sqrt{\epsilon}` 정도로 매우 작습니다.

    Examples
    --------
    >>> import numpy as np
    >>> opt = adadelta()
    >>> x = np.array([1.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, np.array([1.0]), state)
    >>> print(f"{1.0 - x[0]:.3e}")   # 첫 스텝 ≈ sqrt(eps / 0.1)
    3.162e-03
    """
    lr = check_lr(lr)
    hyperparams = dict(
        lr=lr,
        rho=check_unit_interval("rho", rho, closed_right=True),
        eps=_positive("eps", eps),
        weight_decay=_nonnegative("weight_decay", weight_decay),
    )
    return _make(
        "adadelta", "Adadelta", AdadeltaState,
        lambda x0: AdadeltaState(0, np.zeros_like(x0), np.zeros_like(x0)),
        functools.partial(_adadelta_step, **hyperparams),
        hyperparams,
    )
