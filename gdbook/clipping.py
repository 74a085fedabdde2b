r"""그래디언트 클리핑: 노름 클리핑과 값 클리핑(torch ``clip_grad_norm_`` / ``clip_grad_value_`` 와 같은 규칙).

노름 클리핑은 그래디언트 :math:`g` 의 방향은 두고 길이만 줄입니다.

.. math::

    g \leftarrow g \cdot \min\!\left(1,\ \frac{c}{\lVert g \rVert + \epsilon}\right),
    \qquad \epsilon = 10^{-6}

:math:`c` 는 ``max_norm`` 입니다. 배율이 1로 잘리므로 :math:`\lVert g \rVert + \epsilon \le c` 인
그래디언트는 비트 단위까지 그대로 남습니다. 값 클리핑은 원소마다
:math:`g_i \leftarrow \min(\max(g_i, -c), c)` 이고 방향이 바뀔 수 있습니다.

앞쪽 축이 독립인 실행이면(모양 ``(..., d)``) ``axis=-1`` 로 실행마다 노름 하나씩 계산합니다.

Examples
--------
>>> import numpy as np
>>> from gdbook.clipping import clip_by_global_norm
>>> clipped, norm = clip_by_global_norm(np.array([3.0, 4.0]), max_norm=1.0)
>>> print(np.round(clipped, 6), float(norm))
[0.6 0.8] 5.0
"""

from __future__ import annotations

import numpy as np

from gdbook._validation import check_bool, check_nonnegative, check_positive, check_scalar

__all__ = ["clip_by_global_norm", "clip_by_value"]


def _as_grad(name, g) -> np.ndarray:
    """``g`` as a float64 array; non-finite entries allowed (torch clips them too)."""
    if g is None or isinstance(g, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {g!r}")
    try:
        arr = np.asarray(g)
    except Exception as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be an array of real numbers, got {g!r}") from exc
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr.astype(np.float64)


def _as_grads(g) -> tuple[list[np.ndarray], bool]:
    """``([arrays], is_sequence)``: a list/tuple of numpy arrays is several parameters (torch)."""
    if isinstance(g, (list, tuple)) and g and all(isinstance(a, np.ndarray) for a in g):
        return [_as_grad(f"g[{i}]", a) for i, a in enumerate(g)], True
    return [_as_grad("g", g)], False


def _norm(a, axis):
    """Euclidean norm along ``axis`` (kept as a length-1 axis unless ``axis is None``)."""
    return np.sqrt(np.sum(a * a, axis=axis, keepdims=axis is not None))


def clip_by_global_norm(g, max_norm, *, axis=-1, eps=1e-6, error_if_nonfinite=False):
    r"""노름 클리핑(torch ``clip_grad_norm_`` 의 규칙): :math:`g \leftarrow g \min(1, c/(\lVert g \rVert + \epsilon))`.

    ``g`` 가 배열 하나이면 ``axis`` 를 따라 노름을 잽니다. 기본값 ``axis=-1`` 은 모양
    ``(..., d)`` 의 앞쪽 축을 독립인 실행으로 보고 실행마다 노름 하나를 계산하며,
    ``axis=None`` 은 배열 전체의 노름 하나를 씁니다. ``g`` 가 numpy 배열의 리스트(또는 튜플)이면
    torch에 매개변수 여러 개를 넘긴 것과 같이, 배열마다 잰 노름들을 다시 한 벡터로 보고 그
    노름(전역 노름) :math:`\sqrt{\sum_j \lVert g^{(j)} \rVert^2}` 으로 모두를 같은 배율로
    줄입니다(``axis=-1`` 이면 실행마다; 배열들의 앞쪽 모양이 같아야 합니다).

    torch처럼 유한하지 않은 그래디언트도 그대로 계산합니다: 노름이 ``inf`` 이면 배율이 0이 되어
    유한한 원소는 0, 무한한 원소는 ``nan`` 이 되고, 노름이 ``nan`` 이면 모두 ``nan`` 입니다.
    ``error_if_nonfinite=True`` 이면 대신 ``ValueError`` 를 냅니다. 경고는 내지 않습니다.

    Parameters
    ----------
    g : array_like or list of numpy.ndarray
        그래디언트. 원래 배열은 바꾸지 않습니다.
    max_norm : float
        최대 노름 :math:`c > 0`.
    axis : int, tuple of int or None, optional
        노름을 재는 축. 기본값 -1(실행마다), ``None`` 이면 전체.
    eps : float, optional
        분모에 더하는 :math:`\epsilon \ge 0` (torch는 :math:`10^{-6}` 으로 고정).
    error_if_nonfinite : bool, optional
        ``True`` 이면 노름이 유한하지 않을 때 ``ValueError``.

    Returns
    -------
    clipped : numpy.ndarray or list of numpy.ndarray
        클리핑한 그래디언트(``g`` 와 같은 모양, 리스트이면 리스트).
    norm_before : numpy.float64 or numpy.ndarray
        클리핑 전 노름. ``axis=-1`` 이면 모양 ``g.shape[:-1]``.

    Raises
    ------
    ValueError
        ``max_norm`` 이 양의 유한한 수가 아닐 때, 또는 ``error_if_nonfinite=True`` 인데 노름이
        유한하지 않을 때.

    Examples
    --------
    실행 두 개(행마다 노름 하나). 첫 행은 공 안에 있어 그대로입니다.

    >>> g = np.array([[0.3, 0.4], [6.0, 8.0]])
    >>> clipped, norm = clip_by_global_norm(g, max_norm=1.0)
    >>> norm
    array([ 0.5, 10. ])
    >>> np.round(clipped, 6)
    array([[0.3, 0.4],
           [0.6, 0.8]])

    매개변수 두 개의 전역 노름(torch에 매개변수 두 개를 넘긴 것과 같음):

    >>> (a, b), norm = clip_by_global_norm([np.array([3.0]), np.array([4.0, 0.0])], 2.5, axis=None)
    >>> float(norm), np.round(a, 6), np.round(b, 6)
    (5.0, array([1.5]), array([2., 0.]))
    """
    max_norm = check_positive("max_norm", check_scalar("max_norm", max_norm))
    eps = check_nonnegative("eps", check_scalar("eps", eps))
    error_if_nonfinite = check_bool("error_if_nonfinite", error_if_nonfinite)
    grads, is_sequence = _as_grads(g)
    if axis is not None and any(a.ndim == 0 for a in grads):
        raise ValueError("g must have at least one axis when axis is not None; use axis=None")
    with np.errstate(over="ignore", invalid="ignore"):
        norms = [_norm(a, axis) for a in grads]  # one norm per parameter (and per run)
        if len({n.shape for n in norms}) > 1:
            raise ValueError(
                f"the arrays in g must have the same leading (run) shape for axis={axis!r}, "
                f"got shapes {[a.shape for a in grads]}"
            )
        norm = norms[0] if len(norms) == 1 else np.sqrt(sum(n * n for n in norms))
        coef = np.minimum(max_norm / (norm + eps), 1.0)
        clipped = [a * coef for a in grads]
    norm_before = (norm if axis is None else np.squeeze(norm, axis=axis))[()]
    if error_if_nonfinite and not np.all(np.isfinite(norm_before)):
        raise ValueError(
            f"g has a non-finite norm ({norm_before}), so it cannot be clipped; "
            "pass error_if_nonfinite=False to clip it anyway (the result is 0/nan as in torch)"
        )
    if is_sequence:
        return type(g)(clipped), norm_before
    return clipped[0], norm_before


def clip_by_value(g, clip_value):
    r"""값 클리핑(torch ``clip_grad_value_``): 원소마다 :math:`g_i \leftarrow \min(\max(g_i, -c), c)`.

    노름 클리핑과 달리 방향이 바뀔 수 있습니다. ``nan`` 원소는 ``nan`` 으로 남습니다(torch와 같음).

    Parameters
    ----------
    g : array_like or list of numpy.ndarray
        그래디언트. numpy 배열의 리스트(또는 튜플)이면 배열마다 클리핑해 같은 종류로 돌려줍니다.
    clip_value : float
        :math:`c > 0`.

    Returns
    -------
    numpy.ndarray or list of numpy.ndarray
        클리핑한 그래디언트.

    Examples
    --------
    >>> clip_by_value(np.array([0.5, -3.0, 2.0]), 1.0)
    array([ 0.5, -1. ,  1. ])
    """
    clip_value = check_positive("clip_value", check_scalar("clip_value", clip_value))
    grads, is_sequence = _as_grads(g)
    clipped = [np.clip(a, -clip_value, clip_value) for a in grads]
    return type(g)(clipped) if is_sequence else clipped[0]
