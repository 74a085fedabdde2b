r"""학습률 스케줄: 완료된 스텝 수 :math:`k` 의 순수 함수 :math:`\eta(k)`.

스케줄은 :class:`Schedule` 객체입니다. ``schedule(k)`` 는 완료된 스텝 수 :math:`k = 0, 1, 2,
\dots` 에서의 학습률을 돌려주고, 업데이트 :math:`t` (1부터 셈)는 :math:`\eta(t-1)` 을 씁니다.
PyTorch에서 첫 ``optimizer.step()`` 이 초기 학습률을 쓰고 ``scheduler.step()`` 을 그 뒤에
부르는 것과 같은 약속이므로, 같은 인자로 만든 torch ``lr_scheduler`` 의
``optimizer.param_groups[0]["lr"]`` 을 :math:`k` 번 ``scheduler.step()`` 한 뒤 읽은 값이
``schedule(k)`` 입니다(``tests/cases_schedules.py`` 의 표가 이를 스텝마다 확인합니다).

torch의 스케줄러 대부분은 직전 학습률에 곱하는 점화식으로 구현되어 있지만, 여기서는 닫힌
꼴을 씁니다. 두 정의가 정확히 같은 범위에서는 값이 반올림 오차(상대 :math:`10^{-13}` 이하)
안에서 일치합니다. 예외는 :func:`cosine_annealing` 의 설명에 적었습니다.

``k`` 에는 정수 하나 또는 정수 배열을 넣을 수 있고, 배열이면 원소마다 계산한 배열을
돌려줍니다. 그래서 ``schedule(np.arange(steps))`` 가 학습률 곡선 전체입니다.

Examples
--------
>>> import numpy as np
>>> from gdbook import schedules
>>> s = schedules.step_decay(0.1, step_size=2, gamma=0.5)
>>> s
step_decay(lr=0.1, step_size=2, gamma=0.5)
>>> s(np.arange(5))
array([0.1  , 0.1  , 0.05 , 0.05 , 0.025])
"""

from __future__ import annotations

import numbers
from types import MappingProxyType

import numpy as np

from gdbook._validation import check_int, check_nonnegative, check_positive, check_scalar

__all__ = [
    "Schedule",
    "constant",
    "step_decay",
    "exponential",
    "inverse_sqrt",
    "cosine_annealing",
    "one_cycle",
    "linear_warmup",
    "sequential",
    "warmup_cosine",
]


def _check_k(k) -> np.ndarray:
    """``k`` as an int64 array (0-d for a scalar); TypeError/ValueError naming ``k``."""
    if isinstance(k, (bool, np.bool_)):
        raise TypeError(f"k must be an integer or an integer array, got {k!r}")
    if isinstance(k, numbers.Integral):
        arr = np.asarray(int(k), dtype=np.int64)
    else:
        arr = np.asarray(k)
        if arr.dtype.kind not in "iu":
            raise TypeError(
                f"k must be an integer or an integer array, got {k!r} (dtype {arr.dtype})"
            )
        arr = arr.astype(np.int64)
    if (arr < 0).any():
        raise ValueError(f"k must be >= 0 (the number of completed steps), got {k!r}")
    return arr


def _check_gamma(gamma) -> float:
    """``gamma`` in (0, 1]."""
    gamma = check_positive("gamma", check_scalar("gamma", gamma))
    if gamma > 1.0:
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")
    return gamma


def _check_lr(name, lr) -> float:
    """A positive finite scalar learning rate."""
    return check_positive(name, check_scalar(name, lr))


class Schedule:
    r"""학습률 스케줄 :math:`\eta(k)`: 완료된 스텝 수 :math:`k` 를 받아 학습률을 돌려주는 호출 가능 객체.

    직접 만들기보다 :func:`cosine_annealing` 같은 생성 함수를 씁니다. 객체는 불변이며, 옵티마이저의
    ``lr`` 인자에 그대로 넣을 수 있습니다(업데이트 :math:`t` 는 :math:`\eta(t-1)` 을 씁니다).

    Parameters
    ----------
    name : str
        생성 함수의 이름(예: ``"cosine_annealing"``). 그림의 범례와 ``repr`` 에 쓰입니다.
    fn : callable
        0 이상의 int64 배열 ``k`` 를 받아 같은 모양의 float64 배열을 돌려주는 벡터화된 함수.
    **params
        생성 함수에 넘긴 인자. ``repr`` 과 :attr:`params` 에 그대로 보입니다.

    Attributes
    ----------
    name : str
        스케줄 이름.
    params : mapping
        읽기 전용 인자 사전.

    Examples
    --------
    >>> import numpy as np
    >>> s = Schedule("halving", lambda k: 1.0 / 2.0**k, lr=1.0)
    >>> s
    halving(lr=1.0)
    >>> s(3)
    0.125
    >>> s(np.array([0, 1, 2]))
    array([1.  , 0.5 , 0.25])
    >>> s(-1)
    Traceback (most recent call last):
    ...
    ValueError: k must be >= 0 (the number of completed steps), got -1
    """

    __slots__ = ("name", "params", "_fn")

    def __init__(self, name, fn, **params):
        object.__setattr__(self, "name", str(name))
        object.__setattr__(self, "_fn", fn)
        object.__setattr__(self, "params", MappingProxyType(dict(params)))

    def __setattr__(self, key, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __call__(self, k):
        r"""완료된 스텝 수 ``k`` (정수 또는 정수 배열)에서의 학습률.

        Parameters
        ----------
        k : int or numpy.ndarray of int
            완료된 스텝 수, 0 이상.

        Returns
        -------
        float or numpy.ndarray
            ``k`` 가 정수이면 ``float``, 배열이면 같은 모양의 float64 배열.

        Examples
        --------
        >>> constant(0.1)(7)
        0.1
        """
        arr = _check_k(k)
        out = np.asarray(self._fn(arr), dtype=np.float64)
        out = np.broadcast_to(out, arr.shape).copy() if out.shape != arr.shape else out
        return float(out) if out.ndim == 0 else out

    def __repr__(self):
        args = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.name}({args})"


def constant(lr) -> Schedule:
    r"""상수 학습률 :math:`\eta(k) = \eta_0`.

    Parameters
    ----------
    lr : float
        학습률 :math:`\eta_0 > 0`.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> constant(0.05)(np.arange(3))
    array([0.05, 0.05, 0.05])
    """
    lr = _check_lr("lr", lr)

    def eta(k):
        return np.full(k.shape, lr)

    return Schedule("constant", eta, lr=lr)


def step_decay(lr, step_size, gamma=0.1) -> Schedule:
    r"""계단식 감소(torch ``StepLR``): :math:`\eta(k) = \eta_0\,\gamma^{\lfloor k / s \rfloor}`.

    :math:`s` (``step_size``) 스텝마다 학습률에 :math:`\gamma` 를 곱합니다.

    Parameters
    ----------
    lr : float
        초기 학습률 :math:`\eta_0 > 0`.
    step_size : int
        감소 간격 :math:`s \ge 1`.
    gamma : float, optional
        감소 비율 :math:`\gamma \in (0, 1]`.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> step_decay(1.0, step_size=3, gamma=0.1)(np.arange(7))
    array([1.  , 1.  , 1.  , 0.1 , 0.1 , 0.1 , 0.01])
    """
    lr = _check_lr("lr", lr)
    step_size = check_int("step_size", step_size, minimum=1)
    gamma = _check_gamma(gamma)

    def eta(k):
        return lr * gamma ** (k // step_size)

    return Schedule("step_decay", eta, lr=lr, step_size=step_size, gamma=gamma)


def exponential(lr, gamma) -> Schedule:
    r"""지수 감소(torch ``ExponentialLR``): :math:`\eta(k) = \eta_0\,\gamma^{k}`.

    책의 :math:`\eta_0 e^{-\lambda k}` 는 ``gamma`` :math:`= e^{-\lambda}` 입니다
    (``exponential(lr, np.exp(-lam))``). :math:`k` 는 완료된 스텝 수이므로 업데이트 :math:`t` 는
    :math:`\eta_0 e^{-\lambda (t-1)}` 을 씁니다.

    Parameters
    ----------
    lr : float
        초기 학습률 :math:`\eta_0 > 0`.
    gamma : float
        스텝마다 곱하는 비율 :math:`\gamma \in (0, 1]`.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> s = exponential(0.1, gamma=np.exp(-0.5))
    >>> print(f"{s(2):.6f} {0.1 * np.exp(-1.0):.6f}")
    0.036788 0.036788
    """
    lr = _check_lr("lr", lr)
    gamma = _check_gamma(gamma)

    def eta(k):
        return lr * gamma**k

    return Schedule("exponential", eta, lr=lr, gamma=gamma)


def inverse_sqrt(lr) -> Schedule:
    r"""역제곱근 감소: :math:`\eta(k) = \eta_0 / \sqrt{k + 1}`.

    업데이트 :math:`t` 는 :math:`\eta(t-1) = \eta_0/\sqrt{t}` 를 쓰므로 책의 :math:`\eta_t =
    \eta_0/\sqrt{t}` 와 같습니다. torch에는 전용 클래스가 없고
    ``LambdaLR(opt, lambda k: 1 / math.sqrt(k + 1))`` 가 같은 스케줄입니다.

    Parameters
    ----------
    lr : float
        초기 학습률 :math:`\eta_0 > 0`.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> inverse_sqrt(1.0)(np.array([0, 3, 8]))
    array([1.        , 0.5       , 0.33333333])
    """
    lr = _check_lr("lr", lr)

    def eta(k):
        return lr / np.sqrt(k + 1.0)

    return Schedule("inverse_sqrt", eta, lr=lr)


def cosine_annealing(lr, T_max, eta_min=0.0) -> Schedule:
    r"""코사인 어닐링(torch ``CosineAnnealingLR`` 의 닫힌 꼴).

    .. math::

        \eta(k) = \eta_{\min} + \frac{\eta_0 - \eta_{\min}}{2}
                  \left(1 + \cos\frac{\pi k}{T_{\max}}\right)

    :math:`k = 0` 에서 :math:`\eta_0`, :math:`k = T_{\max}` 에서 :math:`\eta_{\min}` 입니다.

    **T_max 이후.** 식은 :math:`k > T_{\max}` 에서도 그대로 계산되어 코사인이 다시 올라가고,
    :math:`k = 2T_{\max}` 에서 :math:`\eta_0` 으로 돌아옵니다(주기 :math:`2T_{\max}`). torch 2.13의
    점화식도 같은 곡선을 따라갑니다: :math:`k = T_{\max}+1` 에서
    :math:`(\eta_0-\eta_{\min})(1-\cos(\pi/T_{\max}))/2` 를 더하고 그 뒤로 비율을 곱해 가므로,
    :math:`\eta_{\min}` 에 머무르지 않습니다. 두 정의의 차이는 점화식에 쌓이는 반올림 오차뿐입니다.
    :math:`[0, T_{\max}]` 에서는 상대 차이가 :math:`10^{-15}` 이하이고, 그 뒤로는 점화식의 오차가
    천천히 커집니다. ``T_max=10, eta_min=0, lr=1`` 로 측정하면 :math:`k = 20` 에서 torch는
    ``1.0000000000000042`` (닫힌 꼴 ``1.0``), :math:`k \le 200` 에서 상대 차이 최댓값
    :math:`2.7\times 10^{-14}`, :math:`k = 3411` 에서 처음 :math:`10^{-12}` 를 넘고,
    :math:`k \le 10000` 에서 최댓값 :math:`3.0\times 10^{-12}` 입니다. :math:`T_{\max}` 이후에
    :math:`\eta_{\min}` 에 머물게 하려면 ``sequential([cosine_annealing(lr, T), constant(eta_min)],
    [T])`` 를 쓰십시오(이것은 torch의 ``CosineAnnealingLR`` 과 :math:`k > T` 에서 다릅니다).

    Parameters
    ----------
    lr : float
        초기 학습률 :math:`\eta_0 > 0`.
    T_max : int
        반주기 :math:`T_{\max} \ge 1` (학습률이 :math:`\eta_{\min}` 에 닿는 스텝).
    eta_min : float, optional
        최소 학습률 :math:`0 \le \eta_{\min} \le \eta_0`.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> s = cosine_annealing(1.0, T_max=4, eta_min=0.1)
    >>> np.round(s(np.arange(9)), 4)
    array([1.    , 0.8682, 0.55  , 0.2318, 0.1   , 0.2318, 0.55  , 0.8682, 1.    ])
    """
    lr = _check_lr("lr", lr)
    T_max = check_int("T_max", T_max, minimum=1)
    eta_min = check_nonnegative("eta_min", check_scalar("eta_min", eta_min))
    if eta_min > lr:
        raise ValueError(f"eta_min must be <= lr ({lr!r}), got {eta_min!r}")

    def eta(k):
        return eta_min + (lr - eta_min) * (1 + np.cos(np.pi * k / T_max)) / 2

    return Schedule("cosine_annealing", eta, lr=lr, T_max=T_max, eta_min=eta_min)


def one_cycle(
    max_lr,
    total_steps,
    pct_start=0.3,
    anneal_strategy="cos",
    div_factor=25.0,
    final_div_factor=1e4,
    three_phase=False,
) -> Schedule:
    r"""원 사이클 스케줄(torch ``OneCycleLR`` 과 같은 정의).

    :math:`\eta_{\text{init}} = \eta_{\max}/\texttt{div\_factor}` 에서 :math:`\eta_{\max}` 까지
    올렸다가 :math:`\eta_{\text{fin}} = \eta_{\text{init}}/\texttt{final\_div\_factor}` 까지 내립니다.
    :math:`T` = ``total_steps``, :math:`p` = ``pct_start`` 일 때 구간의 끝점은 torch와 같이
    :math:`e_1 = pT - 1` 이고, 두 구간이면 :math:`e_2 = T - 1`, 세 구간이면
    :math:`e_2 = 2pT - 2,\ e_3 = T - 1` 입니다. :math:`k \le e_1` 이면 첫 구간, 그다음 끝점까지가
    다음 구간이며(마지막 구간은 나머지 전부), 구간 :math:`[e_{i-1}, e_i]` (:math:`e_0 = 0`)
    안에서는 :math:`r = (k - e_{i-1})/(e_i - e_{i-1})` 로 시작값 :math:`a` 와 끝값 :math:`b` 를
    잇습니다.

    .. math::

        \text{cos}:\ b + \frac{a - b}{2}\,(1 + \cos \pi r), \qquad
        \text{linear}:\ a + (b - a)\, r

    두 구간: :math:`\eta_{\text{init}} \to \eta_{\max} \to \eta_{\text{fin}}`. 세 구간:
    :math:`\eta_{\text{init}} \to \eta_{\max} \to \eta_{\text{init}} \to \eta_{\text{fin}}`.
    torch처럼 :math:`k \le T` 에서만 정의되고 :math:`k > T` 이면 ``ValueError`` 입니다.
    :math:`k = T` 는 :math:`T` 번째 업데이트 뒤의 값이라 :math:`T` 스텝 실행에는 쓰이지 않으며,
    :math:`r > 1` 로 외삽되므로 ``"linear"`` 에서는 음수일 수도 있습니다(torch도 같습니다). 각 구간의 길이가 양수이도록 :math:`pT > 1` (세
    구간이면 :math:`2pT - 2 < T - 1` 도)을 요구합니다. torch의 모멘텀 순환(``cycle_momentum``)은
    학습률 스케줄이 아니므로 다루지 않습니다.

    Parameters
    ----------
    max_lr : float
        최대 학습률 :math:`\eta_{\max} > 0`.
    total_steps : int
        전체 스텝 수 :math:`T \ge 1`.
    pct_start : float, optional
        학습률을 올리는 비율 :math:`p \in (0, 1)`.
    anneal_strategy : {"cos", "linear"}, optional
        구간 안의 보간 방법.
    div_factor : float, optional
        :math:`\eta_{\text{init}} = \eta_{\max}/\texttt{div\_factor}`, 양수.
    final_div_factor : float, optional
        :math:`\eta_{\text{fin}} = \eta_{\text{init}}/\texttt{final\_div\_factor}`, 양수.
    three_phase : bool, optional
        ``True`` 이면 세 구간(원 논문의 형태).

    Returns
    -------
    Schedule

    Examples
    --------
    >>> s = one_cycle(1.0, total_steps=10, pct_start=0.3, anneal_strategy="linear")
    >>> np.round(s(np.arange(10)), 4)
    array([0.04  , 0.52  , 1.    , 0.8571, 0.7143, 0.5714, 0.4286, 0.2857, 0.1429, 0.    ])
    """
    max_lr = _check_lr("max_lr", max_lr)
    total_steps = check_int("total_steps", total_steps, minimum=1)
    pct_start = check_scalar("pct_start", pct_start)
    if not 0.0 < pct_start < 1.0:
        raise ValueError(f"pct_start must be in (0, 1), got {pct_start!r}")
    if anneal_strategy not in ("cos", "linear"):
        raise ValueError(f"anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}")
    div_factor = check_positive("div_factor", check_scalar("div_factor", div_factor))
    final_div_factor = check_positive(
        "final_div_factor", check_scalar("final_div_factor", final_div_factor)
    )
    if not isinstance(three_phase, (bool, np.bool_)):
        raise TypeError(f"three_phase must be a bool, got {three_phase!r}")
    three_phase = bool(three_phase)

    initial_lr = max_lr / div_factor
    min_lr = initial_lr / final_div_factor
    end_1 = float(pct_start * total_steps) - 1
    if end_1 <= 0:
        raise ValueError(
            f"pct_start * total_steps must be > 1 so that the warm-up phase has positive length, "
            f"got pct_start={pct_start!r}, total_steps={total_steps}"
        )
    if three_phase:
        end_2 = float(2 * pct_start * total_steps) - 2
        if not end_2 < total_steps - 1:
            raise ValueError(
                f"pct_start must satisfy 2 * pct_start * total_steps - 2 < total_steps - 1 "
                f"with three_phase=True, got pct_start={pct_start!r}, total_steps={total_steps}"
            )
        phases = [(0.0, end_1, initial_lr, max_lr), (end_1, end_2, max_lr, initial_lr),
                  (end_2, total_steps - 1, initial_lr, min_lr)]  # fmt: skip
    else:
        phases = [(0.0, end_1, initial_lr, max_lr), (end_1, total_steps - 1, max_lr, min_lr)]

    def anneal(a, b, r):
        if anneal_strategy == "cos":
            return b + (a - b) / 2.0 * (np.cos(np.pi * r) + 1)
        return (b - a) * r + a

    def eta(k):
        if (k > total_steps).any():
            raise ValueError(f"k must be <= total_steps ({total_steps}), got {k.max()}")
        out = np.empty(k.shape)
        done = np.zeros(k.shape, dtype=bool)
        for i, (start, end, a, b) in enumerate(phases):
            here = ~done if i == len(phases) - 1 else ~done & (k <= end)
            out[here] = anneal(a, b, (k[here] - start) / (end - start))
            done |= here
        return out

    return Schedule(
        "one_cycle", eta, max_lr=max_lr, total_steps=total_steps, pct_start=pct_start,
        anneal_strategy=anneal_strategy, div_factor=div_factor,
        final_div_factor=final_div_factor, three_phase=three_phase,
    )  # fmt: skip


def linear_warmup(lr, warmup_steps, start_factor=1.0 / 3) -> Schedule:
    r"""선형 워밍업(torch ``LinearLR``, ``end_factor=1``).

    .. math::

        \eta(k) = \eta_0 \left(s + (1 - s)\,\frac{\min(k, K)}{K}\right)

    :math:`s` = ``start_factor``, :math:`K` = ``warmup_steps``. :math:`k \ge K` 이면 :math:`\eta_0`.

    Parameters
    ----------
    lr : float
        워밍업이 끝난 뒤의 학습률 :math:`\eta_0 > 0`.
    warmup_steps : int
        워밍업 스텝 수 :math:`K \ge 1` (torch의 ``total_iters``).
    start_factor : float, optional
        시작 배율 :math:`s \in (0, 1]` (torch 기본값 1/3).

    Returns
    -------
    Schedule

    Examples
    --------
    >>> np.round(linear_warmup(0.3, warmup_steps=3)(np.arange(5)), 4)
    array([0.1 , 0.1667, 0.2333, 0.3 , 0.3 ])
    """
    lr = _check_lr("lr", lr)
    warmup_steps = check_int("warmup_steps", warmup_steps, minimum=1)
    start_factor = check_positive("start_factor", check_scalar("start_factor", start_factor))
    if start_factor > 1.0:
        raise ValueError(f"start_factor must be in (0, 1], got {start_factor!r}")

    def eta(k):
        return lr * (start_factor + (1.0 - start_factor) * np.minimum(k, warmup_steps) / warmup_steps)

    return Schedule("linear_warmup", eta, lr=lr, warmup_steps=warmup_steps, start_factor=start_factor)


def sequential(schedules, milestones) -> Schedule:
    r"""스케줄 이어 붙이기(torch ``SequentialLR``).

    ``milestones`` :math:`m_1 < m_2 < \dots` 로 구간을 나누고, :math:`m_{i} \le k < m_{i+1}` 이면
    ``schedules[i](k - m_i)`` 를 씁니다(:math:`m_0 = 0`). 즉 마일스톤에서 다음 스케줄이 자기
    :math:`k = 0` 부터 다시 시작합니다. torch에서는 모든 스케줄이 옵티마이저의 초기 학습률 하나를
    공유하지만, 여기서는 각 스케줄이 자기 ``lr`` 을 가집니다(같은 값을 주면 torch와 같습니다).

    Parameters
    ----------
    schedules : sequence of Schedule
        이어 붙일 스케줄, 하나 이상.
    milestones : sequence of int
        ``len(schedules) - 1`` 개의 1 이상이고 순증가하는 정수.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> s = sequential([constant(0.01), step_decay(0.1, step_size=2, gamma=0.5)], milestones=[2])
    >>> s(np.arange(6))
    array([0.01, 0.01, 0.1 , 0.1 , 0.05, 0.05])
    """
    schedules = list(schedules)
    if not schedules:
        raise ValueError("schedules must contain at least one Schedule, got an empty sequence")
    for i, s in enumerate(schedules):
        if not isinstance(s, Schedule):
            raise TypeError(f"schedules[{i}] must be a Schedule, got {s!r}")
    milestones = [check_int(f"milestones[{i}]", m, minimum=1) for i, m in enumerate(milestones)]
    if len(milestones) != len(schedules) - 1:
        raise ValueError(
            f"milestones must have len(schedules) - 1 = {len(schedules) - 1} entries, "
            f"got {len(milestones)}"
        )
    if any(b <= a for a, b in zip(milestones, milestones[1:])):
        raise ValueError(f"milestones must be strictly increasing, got {milestones}")
    starts = np.array([0, *milestones])

    def eta(k):
        which = np.searchsorted(milestones, k, side="right")
        out = np.empty(k.shape)
        for i, s in enumerate(schedules):
            here = which == i
            out[here] = s(k[here] - starts[i])
        return out

    return Schedule("sequential", eta, schedules=schedules, milestones=milestones)


def warmup_cosine(lr, warmup_steps, total_steps, eta_min=0.0, start_factor=1.0 / 3) -> Schedule:
    r"""선형 워밍업 뒤 코사인 어닐링: :func:`linear_warmup` 과 :func:`cosine_annealing` 을 :func:`sequential` 로 이은 것.

    :math:`k < K` 이면 :math:`\eta_0(s + (1-s)k/K)`, :math:`k \ge K` 이면
    :math:`T_{\max} = T - K` 인 코사인 어닐링을 :math:`k - K` 에서 계산합니다(:math:`K` =
    ``warmup_steps``, :math:`T` = ``total_steps``). :math:`k = T` 에서 :math:`\eta_{\min}` 에
    닿고, 그 뒤로는 :func:`cosine_annealing` 처럼 다시 올라갑니다. torch에서는
    ``SequentialLR(opt, [LinearLR(opt, s, total_iters=K), CosineAnnealingLR(opt, T - K, eta_min)],
    milestones=[K])`` 입니다.

    Parameters
    ----------
    lr : float
        최대 학습률 :math:`\eta_0 > 0`.
    warmup_steps : int
        워밍업 스텝 수 :math:`K \ge 1`.
    total_steps : int
        :math:`\eta_{\min}` 에 닿는 스텝 :math:`T > K`.
    eta_min : float, optional
        최소 학습률 :math:`0 \le \eta_{\min} \le \eta_0`.
    start_factor : float, optional
        워밍업 시작 배율 :math:`s \in (0, 1]` (torch ``LinearLR`` 기본값 1/3).

    Returns
    -------
    Schedule

    Examples
    --------
    >>> s = warmup_cosine(1.0, warmup_steps=2, total_steps=6, start_factor=0.5)
    >>> np.round(s(np.arange(7)), 4)
    array([0.5   , 0.75  , 1.    , 0.8536, 0.5   , 0.1464, 0.    ])
    """
    lr = _check_lr("lr", lr)
    warmup_steps = check_int("warmup_steps", warmup_steps, minimum=1)
    total_steps = check_int("total_steps", total_steps, minimum=1)
    if total_steps <= warmup_steps:
        raise ValueError(
            f"total_steps must be > warmup_steps ({warmup_steps}), got {total_steps}"
        )
    eta_min = check_nonnegative("eta_min", check_scalar("eta_min", eta_min))
    start_factor = check_scalar("start_factor", start_factor)
    joined = sequential(
        [linear_warmup(lr, warmup_steps, start_factor),
         cosine_annealing(lr, total_steps - warmup_steps, eta_min)],
        [warmup_steps],
    )  # fmt: skip
    return Schedule(
        "warmup_cosine", joined, lr=lr, warmup_steps=warmup_steps, total_steps=total_steps,
        eta_min=eta_min, start_factor=start_factor,
    )  # fmt: skip
