"""인자 검사 도우미: 잘못된 입력을 매개변수 이름을 밝힌 ``ValueError``/``TypeError`` 로 거부합니다.

gdbook의 모든 공개 함수는 이 모듈로 인자를 검사합니다. 오류 메시지는 영어이고, 언제나
매개변수 이름과 받은 값을 담습니다(예: ``lr must be a positive finite number, got -0.1``).
숫자 자리에 수가 아닌 것(문자열, ``None``, 복소수, ``bool``)이 오면 ``TypeError`` 를,
수이지만 허용 범위를 벗어나면 ``ValueError`` 를 냅니다.

Examples
--------
>>> from gdbook._validation import check_positive
>>> check_positive("lr", 0.1)
0.1
>>> check_positive("lr", -0.1)
Traceback (most recent call last):
...
ValueError: lr must be a positive finite number, got -0.1
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np

__all__ = [
    "check_positive",
    "check_nonnegative",
    "check_unit_interval",
    "check_int",
    "check_finite_array",
    "check_real_array",
    "check_same_shape",
    "check_lr",
    "check_scalar",
    "check_bool",
    "check_lr_broadcast",
    "lr_at",
]


def _fmt(value) -> str:
    """Format a received value for an error message (``-0.1``, ``nan``, ``'abc'``)."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def _as_real_array(name: str, value) -> np.ndarray:
    """``value`` as a float64 array; ``TypeError`` naming ``name`` if it is not real numbers."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a real number, got {_fmt(value)}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged sequences and the like
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {value!r}") from exc
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a real number or an array of real numbers, got {_fmt(value)} "
            f"(dtype {arr.dtype})"
        )
    return arr.astype(np.float64)


def _first_bad(arr: np.ndarray, bad: np.ndarray) -> str:
    """Describe the first offending entry of an array: ``-0.1 at index (1, 0)``."""
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    return f"{_fmt(float(arr[idx]))} at index {idx}"


def _check_range(name: str, value, ok: Callable[[np.ndarray], np.ndarray], what: str):
    """Shared body of the range checks: scalar -> float, array -> float64 copy."""
    arr = _as_real_array(name, value)
    if arr.ndim == 0:
        x = float(arr)
        if not (np.isfinite(x) and ok(np.asarray(x))):
            raise ValueError(f"{name} must be a {what}, got {_fmt(x)}")
        return x
    if arr.size == 0:
        raise ValueError(f"{name} must not be an empty array")
    bad = ~(np.isfinite(arr) & ok(arr))
    if bad.any():
        raise ValueError(f"{name} must contain only {what}s, got {_first_bad(arr, bad)}")
    return arr


def check_positive(name, value, *, allow_zero=False):
    """``value`` 가 유한한 양수(``allow_zero=True`` 이면 0 이상)인지 검사합니다.

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름.
    value : float or array_like
        검사할 값. 배열이면 모든 원소를 검사합니다.
    allow_zero : bool, optional
        ``True`` 이면 0도 허용합니다.

    Returns
    -------
    float or numpy.ndarray
        스칼라이면 ``float``, 배열이면 float64 복사본.

    Raises
    ------
    TypeError
        실수가 아닐 때.
    ValueError
        유한하지 않거나 범위를 벗어날 때.

    Examples
    --------
    >>> check_positive("eps", 1e-8)
    1e-08
    >>> check_positive("lr", [[0.1], [0.2]]).shape
    (2, 1)
    >>> check_positive("lr", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, got nan
    """
    # a finite float in range (a schedule's value at every step): the answer of _check_range
    # without its round trip through numpy; anything else takes the general path
    if type(value) is float or type(value) is np.float64:
        if (0.0 <= value if allow_zero else 0.0 < value) and value < math.inf:
            return float(value)
    if allow_zero:
        return _check_range(name, value, lambda a: a >= 0, "non-negative finite number")
    return _check_range(name, value, lambda a: a > 0, "positive finite number")


def check_nonnegative(name, value):
    """``value`` 가 유한한 0 이상의 수인지 검사합니다(``check_positive(..., allow_zero=True)``).

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름.
    value : float or array_like
        검사할 값.

    Returns
    -------
    float or numpy.ndarray
        스칼라이면 ``float``, 배열이면 float64 복사본.

    Examples
    --------
    >>> check_nonnegative("weight_decay", 0)
    0.0
    >>> check_nonnegative("momentum", -0.5)
    Traceback (most recent call last):
    ...
    ValueError: momentum must be a non-negative finite number, got -0.5
    """
    return check_positive(name, value, allow_zero=True)


def check_scalar(name, value) -> float:
    """``value`` 가 실수 스칼라 하나인지 검사하고 ``float`` 으로 돌려줍니다(유한성은 검사하지 않음).

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름.
    value : float
        검사할 값.

    Returns
    -------
    float

    Examples
    --------
    >>> check_scalar("momentum", 0.9)
    0.9
    >>> check_scalar("momentum", [0.9, 0.5])
    Traceback (most recent call last):
    ...
    TypeError: momentum must be a single real number, got an array of shape (2,)
    """
    arr = _as_real_array(name, value)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single real number, got an array of shape {arr.shape}")
    return float(arr)


def check_bool(name, value) -> bool:
    """``value`` 가 ``bool`` (또는 ``numpy.bool_``)인지 검사합니다. ``0``/``1`` 같은 정수는 거부합니다.

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름.
    value : bool
        검사할 값.

    Returns
    -------
    bool

    Examples
    --------
    >>> check_bool("nesterov", True)
    True
    >>> check_bool("nesterov", 1)
    Traceback (most recent call last):
    ...
    TypeError: nesterov must be True or False, got 1
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_fmt(value)}")
    return bool(value)


def check_unit_interval(name, value, *, closed_right=False) -> float:
    """``value`` 가 구간 :math:`[0, 1)` (``closed_right=True`` 이면 :math:`[0, 1]`)의 실수인지 검사합니다.

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름(예: ``"betas[1]"``).
    value : float
        검사할 스칼라.
    closed_right : bool, optional
        ``True`` 이면 1도 허용합니다.

    Returns
    -------
    float

    Examples
    --------
    >>> check_unit_interval("betas[0]", 0.9)
    0.9
    >>> check_unit_interval("betas[1]", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: betas[1] must be in [0, 1), got 1.0
    """
    x = check_scalar(name, value)
    ok = (0.0 <= x <= 1.0) if closed_right else (0.0 <= x < 1.0)
    if not ok:  # also rejects nan
        interval = "[0, 1]" if closed_right else "[0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {_fmt(x)}")
    return x


def check_int(name, value, *, minimum=0) -> int:
    """``value`` 가 ``minimum`` 이상의 정수인지 검사합니다. ``bool`` 과 ``float`` 은 거부합니다.

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름.
    value : int
        검사할 값(``int`` 또는 numpy 정수).
    minimum : int, optional
        허용하는 가장 작은 값.

    Returns
    -------
    int

    Examples
    --------
    >>> check_int("steps", 100)
    100
    >>> check_int("steps", 0, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: steps must be an integer >= 1, got 0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_fmt(value)} of type {type(value).__name__}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def check_finite_array(name, x) -> np.ndarray:
    """``x`` 를 비어 있지 않고 모든 원소가 유한한 float64 배열(복사본)로 돌려줍니다.

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름(예: ``"x0"``).
    x : array_like
        검사할 배열.

    Returns
    -------
    numpy.ndarray
        float64 복사본. 원래 배열과 메모리를 공유하지 않습니다.

    Examples
    --------
    >>> check_finite_array("x0", [1, 2])
    array([1., 2.])
    >>> check_finite_array("x0", [1.0, float("inf")])
    Traceback (most recent call last):
    ...
    ValueError: x0 must contain only finite numbers, got inf at index (1,)
    """
    arr = _as_real_array(name, x)  # astype always copies
    if arr.size == 0:
        raise ValueError(f"{name} must not be an empty array, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        if arr.ndim == 0:
            raise ValueError(f"{name} must be a finite number, got {_fmt(float(arr))}")
        raise ValueError(f"{name} must contain only finite numbers, got {_first_bad(arr, bad)}")
    return arr


def check_real_array(name, x) -> np.ndarray:
    """``x`` 를 float64 배열로 돌려줍니다. 유한성은 검사하지 않습니다(발산한 값도 통과).

    Parameters
    ----------
    name : str
        오류 메시지에 쓸 매개변수 이름(예: ``"grad"``).
    x : array_like
        실수 배열.

    Returns
    -------
    numpy.ndarray
        float64 배열(입력이 이미 float64 배열이면 복사하지 않을 수 있음).

    Examples
    --------
    >>> check_real_array("grad", [1, float("inf")])
    array([ 1., inf])
    >>> check_real_array("grad", ["a"])
    Traceback (most recent call last):
    ...
    TypeError: grad must be a real number or an array of real numbers, got ['a'] (dtype <U1)
    """
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        return x
    return _as_real_array(name, x)


def check_same_shape(name, a, ref_name, ref) -> None:
    """``a`` 와 ``ref`` 의 모양이 같은지 검사합니다.

    Parameters
    ----------
    name : str
        ``a`` 의 이름(예: ``"grad"``).
    a : array_like
        검사할 배열.
    ref_name : str
        기준 배열의 이름(예: ``"x"``).
    ref : array_like
        기준 배열.

    Raises
    ------
    ValueError
        모양이 다를 때.

    Examples
    --------
    >>> import numpy as np
    >>> check_same_shape("grad", np.zeros(2), "x", np.zeros(2))
    >>> check_same_shape("grad", np.zeros(3), "x", np.zeros(2))
    Traceback (most recent call last):
    ...
    ValueError: grad has shape (3,) but x has shape (2,)
    """
    if np.shape(a) != np.shape(ref):
        raise ValueError(f"{name} has shape {np.shape(a)} but {ref_name} has shape {np.shape(ref)}")


def check_lr(lr):
    """학습률 :math:`\\eta` 를 검사합니다: 양의 유한한 수, 양수만 담은 배열, 또는 스케줄(호출 가능 객체).

    배열은 점 ``x`` 와 브로드캐스트되어야 합니다(예: 학습률 n개를 한 번에 실행하는 ``(n, 1)``).
    스케줄 ``schedule(k)`` 의 값은 호출하기 전에는 알 수 없으므로 그대로 돌려주고,
    :func:`lr_at` 이 사용 시점에 검사합니다.

    Parameters
    ----------
    lr : float, array_like or callable
        학습률.

    Returns
    -------
    float, numpy.ndarray or callable

    Examples
    --------
    >>> check_lr(0.1)
    0.1
    >>> check_lr([[0.1], [0.01]]).ravel()
    array([0.1 , 0.01])
    >>> check_lr(0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, got 0.0
    """
    if callable(lr):
        return lr
    return check_positive("lr", lr)


def check_lr_broadcast(lr, shape) -> None:
    """배열 학습률이 모양 ``shape`` 의 점과 브로드캐스트되면서 그 모양을 바꾸지 않는지 검사합니다.

    학습률 n개를 한 번에 실행하려면 점도 실행마다 한 행씩, 모양 ``(n, d)`` 여야 합니다.

    Parameters
    ----------
    lr : float, numpy.ndarray or callable
        :func:`check_lr` 을 통과한 학습률. 배열이 아니면 아무것도 검사하지 않습니다.
    shape : tuple of int
        점 ``x`` 의 모양.

    Examples
    --------
    >>> import numpy as np
    >>> check_lr_broadcast(np.array([[0.1], [0.2]]), (2, 3))
    >>> check_lr_broadcast(np.array([[0.1], [0.2]]), (3,))
    Traceback (most recent call last):
    ...
    ValueError: lr has shape (2, 1), which does not broadcast to x of shape (3,) without changing it; give x one row per run, e.g. np.broadcast_to(x0, (2, 3))
    """
    lr_shape = np.shape(lr) if isinstance(lr, np.ndarray) else ()
    try:
        out = np.broadcast_shapes(lr_shape, tuple(shape))
    except ValueError:
        out = None
    if out != tuple(shape):
        hint = f"; give x one row per run, e.g. np.broadcast_to(x0, {out})" if out is not None else ""
        raise ValueError(
            f"lr has shape {lr_shape}, which does not broadcast to x of shape {tuple(shape)} "
            f"without changing it{hint}"
        )


def lr_at(lr, k):
    r"""완료된 스텝 수 ``k`` 에서의 학습률 값을 돌려줍니다(스케줄이면 ``lr(k)`` 를 검사해서).

    업데이트 :math:`t` 는 ``lr_at(lr, t - 1)`` 을 씁니다. torch에서 첫 ``optimizer.step()`` 이
    초기 학습률을 쓰고 ``scheduler.step()`` 을 그 뒤에 부르는 것과 같습니다.
    스케줄의 값은 0이어도 됩니다(예: :math:`\eta_{\min} = 0` 인 코사인 어닐링의
    :math:`k = T_{\max}`); 그 스텝은 점을 움직이지 않습니다. 음수나 유한하지 않은 값은 오류입니다.

    Parameters
    ----------
    lr : float, numpy.ndarray or callable
        :func:`check_lr` 을 통과한 학습률.
    k : int
        완료된 스텝 수(0부터).

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> lr_at(0.1, 5)
    0.1
    >>> lr_at(lambda k: 0.1 / (k + 1), 1)
    0.05
    >>> lr_at(lambda k: -1.0, 0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be a non-negative finite number, got -1.0 (schedule value at k=0)
    >>> lr_at(lambda k: 0.0, 3)
    0.0
    """
    if not callable(lr):
        return lr
    value = lr(k)
    try:
        return check_positive("lr", value, allow_zero=True)
    except ValueError as exc:
        raise ValueError(f"{exc} (schedule value at k={k})") from None
