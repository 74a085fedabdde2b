r"""빠른 경로: 큰 매개변수 벡터를 위한 Adam과 (모멘텀) SGD의 한 번 훑기 커널.

:mod:`gdbook.optimizers` 의 업데이트 규칙은 책이 그대로 보여 주는 읽기 쉬운 구현입니다.
식 한 줄이 numpy 연산 한두 개이고, 연산마다 새 배열을 만들어 메모리를 처음부터 끝까지 한 번씩
훑습니다. Adam 한 스텝이면 배열을 열 번 넘게 훑고 임시 배열을 여러 개 만듭니다. 매개변수가
:math:`10^6` 개를 넘으면 이 구현은 메모리 대역폭이 허락하는 속도의 몇 분의 일밖에 내지 못합니다.

이 모듈은 같은 식을 같은 순서의 부동소수점 연산으로 계산하되, 배열을 한 번만 훑습니다. 주
메모리에서는 :math:`x, g, m, v` 를 한 번 읽고 :math:`x, m, v` 를 한 번 쓰는 것으로 끝나고
(Adam: 배열 7개, 모멘텀: 배열 5개), 임시 배열을 새로 만들지 않습니다. 계산하는 방법(백엔드)은 둘입니다.

- ``"numba"``: 원소마다 모든 식을 끝내는 반복문 하나를 numba로 컴파일합니다. 가장 빠르지만
  numba가 설치되어 있어야 합니다(``pip install gdbook[fast]``). 프로세스마다 처음 부를 때
  컴파일하느라 몇 초 걸립니다.
- ``"numpy"``: 배열을 캐시에 들어가는 블록(기본 :data:`BLOCK_SIZE` 원소)으로 나누어, 블록마다
  모든 식을 numpy 유니버설 함수로 끝낸 뒤 다음 블록으로 넘어갑니다. 결과는 미리 잡아 둔 작업
  버퍼에 ``out=`` 으로 씁니다. numpy만 있으면 됩니다.

기본값은 numba가 있으면 ``"numba"``, 없으면 ``"numpy"`` 입니다(:func:`default_backend`). numexpr와
비교한 결과, 그리고 이렇게 고른 이유는 책의 부록 「벤치마크」와 ``benchmarks/`` 에 있습니다.

두 백엔드 모두 :mod:`gdbook.optimizers` 와 같은 연산을 같은 순서로 하므로 결과가 비트 단위로
같습니다(부호 있는 0만 다를 수 있음). ``tests/test_fast.py`` 가 모든 옵션에서 25스텝 동안 매개변수와
상태를 비교합니다.

두 가지 형태가 있습니다.

- **제자리(in-place) 커널** :func:`adam_step_inplace`, :func:`sgd_step_inplace`: 넘겨준 배열
  ``x``, ``m``, ``v`` 등을 **덮어씁니다**. 돌려주는 값이 없습니다. 상태를 직접 관리하는 큰
  문제(벤치마크)용입니다. :mod:`gdbook.optimizers` 의 상태는 읽기 전용이므로 그 배열을 넘기면
  오류가 납니다.
- **순수 옵티마이저** :func:`adam`, :func:`adamw`, :func:`sgd`: :class:`~gdbook.optimizers.Optimizer`
  를 돌려주며 :mod:`gdbook.optimizers` 의 같은 이름 함수와 인자, 상태, 결과가 같습니다. ``step`` 은
  입력을 바꾸지 않고 새 배열을 돌려주므로 :func:`gdbook.run` 에 그대로 넣을 수 있습니다.

**융합 실행.** 2차원 테스트 함수(빌, 로젠브록)에서 시작점을 많이 묶어 돌리면 비용은 매개변수
벡터가 아니라 스텝마다의 numpy 호출과 임시 배열입니다. 이때 :func:`gdbook.run` 은 실행 전체(그래디언트,
업데이트, 손실, 그래디언트 노름, 궤적 기록, 발산 검사)를 numba로 컴파일한 커널 하나로 계산합니다.
읽기 쉬운 구현과 같은 식을 같은 순서로 계산하므로 결과는 비트 단위로 같고(``tests/test_fast.py``),
어느 경우에 쓰는지는 :func:`run_engine` 에 있습니다. numba가 없으면 :func:`gdbook.run` 은 numpy
반복문으로 같은 결과를 냅니다.

Examples
--------
>>> import numpy as np
>>> from gdbook import fast, optimizers
>>> x = np.array([1.0, -2.0]); g = np.array([0.5, 0.25])
>>> ref = optimizers.adam(lr=0.1)
>>> x_ref, s_ref = ref.step(x, g, ref.init(x))
>>> m, v = np.zeros(2), np.zeros(2)
>>> fast.adam_step_inplace(x, g, m, v, t=1, lr=0.1)   # x, m, v 를 덮어씀
>>> bool(np.array_equal(x, x_ref) and np.array_equal(m, s_ref.m))
True
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from typing import NamedTuple

import numpy as np

from gdbook import functions, optimizers
from gdbook._validation import check_finite_array, check_same_shape, lr_at

__all__ = [
    "BLOCK_SIZE",
    "FUSED_MIN_WORK",
    "available_backends",
    "default_backend",
    "adam_step_inplace",
    "sgd_step_inplace",
    "adam",
    "adamw",
    "sgd",
    "run_engine",
]

#: ``"numpy"`` 백엔드에서 한 블록의 원소 수. Adam 커널은 블록마다 입력 4개와 작업 버퍼 2개를
#: 쓰므로 8192 원소(배열당 64 KiB)면 작업 집합 384 KiB가 L2 캐시(이 책을 빌드한 기계에서 코어당
#: 512 KiB)에 들어갑니다. ``benchmarks/`` 가 블록 크기를 바꿔 가며 잰 결과로 골랐습니다.
BLOCK_SIZE = 8192

BACKENDS = ("numba", "numpy")


# --------------------------------------------------------------------------------------------
# Backend "numba": one loop per rule, compiled on first use. Every element goes through the
# readable rule's operations in the readable rule's order; fastmath is off (no reassociation, no
# fused multiply-add), error_model="numpy" lets division follow IEEE (and the loop vectorize).
# --------------------------------------------------------------------------------------------

_NUMBA_KERNELS = None  # None: not tried yet; False: numba missing or broken; else the kernels
_DEFAULT_BACKEND = None


def _adam_element(xi, gi, mi, vi, vmi, eta, beta1, beta2, eps, weight_decay, amsgrad, c1, c2,
                  decoupled, decay):  # pragma: no cover - compiled
    """Update t of one coordinate: (x, m, v, v_max) from the previous ones, the readable order."""
    if decoupled:
        if weight_decay != 0.0:
            xi = xi * decay
    elif weight_decay != 0.0:
        gi = gi + weight_decay * xi
    mi = beta1 * mi + (1 - beta1) * gi
    vi = beta2 * vi + (1 - beta2) * (gi * gi)
    if amsgrad:
        if vmi != vmi or vi != vi:  # np.maximum propagates nan
            vmi = vmi + vi
        elif vi > vmi:
            vmi = vi
        vh = vmi
    else:
        vh = vi
    return xi - eta * (mi / c1) / (np.sqrt(vh / c2) + eps), mi, vi, vmi


def _sgd_element(xi, gi, vi, eta, momentum, dampening, weight_decay, nesterov, first):  # pragma: no cover
    """Update t of one coordinate: (x, v) from the previous ones, the readable order."""
    if weight_decay != 0.0:
        gi = gi + weight_decay * xi
    if first or momentum == 0.0:
        vi = gi
    else:
        vi = momentum * vi + (1 - dampening) * gi
    d = gi + momentum * vi if nesterov else vi
    return xi - eta * d, vi


# Two loops per rule: in place (outputs are the inputs) and into fresh arrays. One loop with
# output arguments that alias its inputs would fail LLVM's runtime overlap checks and run the
# scalar fallback, several times slower than the vectorised loop.


def _make_numba_kernels(numba):
    jit = numba.njit(cache=False, fastmath=False, boundscheck=False, error_model="numpy", nogil=True)
    adam_element = numba.njit(inline="always", fastmath=False, error_model="numpy")(_adam_element)
    sgd_element = numba.njit(inline="always", fastmath=False, error_model="numpy")(_sgd_element)

    @jit
    def adam_inplace(x, g, m, v, v_max, eta, beta1, beta2, eps, weight_decay, amsgrad, c1, c2,
                     decoupled):  # pragma: no cover - compiled
        decay = 1 - eta * weight_decay
        for i in range(x.shape[0]):
            vmi = v_max[i] if amsgrad else 0.0
            xi, mi, vi, vmi = adam_element(x[i], g[i], m[i], v[i], vmi, eta, beta1, beta2, eps,
                                           weight_decay, amsgrad, c1, c2, decoupled, decay)
            x[i] = xi
            m[i] = mi
            v[i] = vi
            if amsgrad:
                v_max[i] = vmi

    @jit
    def adam_out(x, g, m, v, v_max, x_out, m_out, v_out, v_max_out, eta, beta1, beta2, eps,
                 weight_decay, amsgrad, c1, c2, decoupled):  # pragma: no cover - compiled
        decay = 1 - eta * weight_decay
        for i in range(x.shape[0]):
            vmi = v_max[i] if amsgrad else 0.0
            xi, mi, vi, vmi = adam_element(x[i], g[i], m[i], v[i], vmi, eta, beta1, beta2, eps,
                                           weight_decay, amsgrad, c1, c2, decoupled, decay)
            x_out[i] = xi
            m_out[i] = mi
            v_out[i] = vi
            if amsgrad:
                v_max_out[i] = vmi

    @jit
    def sgd_inplace(x, g, v, eta, momentum, dampening, weight_decay, nesterov, first):  # pragma: no cover
        for i in range(x.shape[0]):
            x[i], v[i] = sgd_element(x[i], g[i], v[i], eta, momentum, dampening, weight_decay, nesterov, first)

    @jit
    def sgd_out(x, g, v, x_out, v_out, eta, momentum, dampening, weight_decay, nesterov, first):  # pragma: no cover
        for i in range(x.shape[0]):
            x_out[i], v_out[i] = sgd_element(x[i], g[i], v[i], eta, momentum, dampening, weight_decay,
                                             nesterov, first)

    return {"adam_inplace": adam_inplace, "adam_out": adam_out, "sgd_inplace": sgd_inplace, "sgd_out": sgd_out}


def _numba_kernels():
    global _NUMBA_KERNELS
    if _NUMBA_KERNELS is None:
        try:
            import numba
        except Exception:  # noqa: BLE001 - not installed, or installed but broken: use numpy
            _NUMBA_KERNELS = False
        else:
            _NUMBA_KERNELS = _make_numba_kernels(numba)
    return _NUMBA_KERNELS


def available_backends() -> tuple[str, ...]:
    """이 환경에서 쓸 수 있는 백엔드: ``("numba", "numpy")`` 또는 ``("numpy",)``.

    numba를 실제로 불러와 보므로 처음 부를 때 시간이 조금 걸립니다.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> "numpy" in available_backends()
    True
    """
    return BACKENDS if _numba_kernels() else ("numpy",)


def default_backend() -> str:
    """기본 백엔드: numba가 설치되어 있으면 ``"numba"``, 아니면 ``"numpy"``.

    numba를 불러오지 않고 설치 여부만 봅니다(``import gdbook.fast`` 를 가볍게 두려고).

    Returns
    -------
    str

    Examples
    --------
    >>> default_backend() in ("numba", "numpy")
    True
    """
    global _DEFAULT_BACKEND
    if _DEFAULT_BACKEND is None:
        _DEFAULT_BACKEND = "numba" if importlib.util.find_spec("numba") is not None else "numpy"
    return _DEFAULT_BACKEND


def _resolve_backend(backend):
    if backend is None:
        backend = default_backend()
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS} or None, got {backend!r}")
    if backend == "numba" and not _numba_kernels():
        backend = "numpy"  # numba is missing or does not import: the numpy kernels give the same numbers
    return backend


# --------------------------------------------------------------------------------------------
# Backend "numpy": blocked kernels. Each works on 1-D contiguous float64 arrays and may write its outputs over
# its inputs (out[i] depends only on in[i], and every ufunc below reads position i before it
# writes position i). The floating-point operations are those of the readable rules in
# gdbook/optimizers.py, in the same order, so the results are bitwise equal.
# --------------------------------------------------------------------------------------------


def _blocks(n, block_size):
    for start in range(0, n, block_size):
        yield slice(start, min(start + block_size, n))


def _adam_kernel(x, g, m, v, v_max, x_out, m_out, v_out, v_max_out, *, eta, beta1, beta2, eps,
                 weight_decay, amsgrad, c1, c2, decoupled_weight_decay, block_size):
    n = x.shape[0]
    b = min(block_size, n)
    a, d, gw = np.empty(b), np.empty(b), (np.empty(b) if weight_decay else None)
    for sl in _blocks(n, block_size):
        k = sl.stop - sl.start
        ta, td = a[:k], d[:k]
        xb, gb = x[sl], g[sl]
        xo, mo, vo = x_out[sl], m_out[sl], v_out[sl]
        if weight_decay and decoupled_weight_decay:      # x <- x (1 - eta lambda)
            np.multiply(xb, 1 - eta * weight_decay, out=xo)
            xb = xo
        elif weight_decay:                               # g <- g + lambda x
            tg = gw[:k]
            np.multiply(xb, weight_decay, out=tg)
            np.add(gb, tg, out=tg)
            gb = tg
        np.multiply(m[sl], beta1, out=mo)                # m <- beta1 m + (1 - beta1) g
        np.multiply(gb, 1 - beta1, out=ta)
        np.add(mo, ta, out=mo)
        np.multiply(v[sl], beta2, out=vo)                # v <- beta2 v + (1 - beta2) g^2
        np.multiply(gb, gb, out=ta)
        np.multiply(ta, 1 - beta2, out=ta)
        np.add(vo, ta, out=vo)
        if amsgrad:                                      # v_max <- max(v_max, v)
            np.maximum(v_max[sl], vo, out=v_max_out[sl])
            vh = v_max_out[sl]
        else:
            vh = vo
        if c2 != 1.0:                                    # sqrt(v / c2) + eps
            np.divide(vh, c2, out=ta)
            np.sqrt(ta, out=ta)
        else:
            np.sqrt(vh, out=ta)
        np.add(ta, eps, out=ta)
        if c1 != 1.0:                                    # eta (m / c1) / (...)
            np.divide(mo, c1, out=td)
            np.multiply(td, eta, out=td)
        else:
            np.multiply(mo, eta, out=td)
        np.divide(td, ta, out=td)
        np.subtract(xb, td, out=xo)                      # x <- x - ...


def _sgd_kernel(x, g, v, x_out, v_out, *, eta, momentum, dampening, weight_decay, nesterov, first,
                block_size):
    n = x.shape[0]
    b = min(block_size, n)
    a, gw = np.empty(b), (np.empty(b) if weight_decay else None)
    for sl in _blocks(n, block_size):
        k = sl.stop - sl.start
        ta = a[:k]
        xb, gb, vo = x[sl], g[sl], v_out[sl]
        if weight_decay:                                 # g <- g + lambda x
            tg = gw[:k]
            np.multiply(xb, weight_decay, out=tg)
            np.add(gb, tg, out=tg)
            gb = tg
        if first or momentum == 0:                       # v_1 = g_1 (and v = g without momentum)
            np.copyto(vo, gb)
        else:                                            # v <- beta v + (1 - tau) g
            np.multiply(v[sl], momentum, out=vo)
            if dampening:
                np.multiply(gb, 1 - dampening, out=ta)
                np.add(vo, ta, out=vo)
            else:
                np.add(vo, gb, out=vo)
        if nesterov:                                     # d = g + beta v
            np.multiply(vo, momentum, out=ta)
            np.add(gb, ta, out=ta)
            np.multiply(ta, eta, out=ta)
        else:                                            # d = v
            np.multiply(vo, eta, out=ta)
        np.subtract(xb, ta, out=x_out[sl])               # x <- x - eta d


_NO_V_MAX = np.zeros(1)  # stands in for v_max when amsgrad is off (never read or written)


def _adam(backend, x, g, m, v, v_max, x_out, m_out, v_out, v_max_out, *, eta, beta1, beta2, eps,
          weight_decay, amsgrad, c1, c2, decoupled_weight_decay, block_size):
    if _resolve_backend(backend) == "numba":
        k = _numba_kernels()
        if not amsgrad:
            v_max = v_max_out = _NO_V_MAX
        args = (eta, beta1, beta2, eps, weight_decay, amsgrad, c1, c2, decoupled_weight_decay)
        if x_out is x:
            k["adam_inplace"](x, g, m, v, v_max, *args)
        else:
            k["adam_out"](x, g, m, v, v_max, x_out, m_out, v_out, v_max_out, *args)
    else:
        _adam_kernel(x, g, m, v, v_max, x_out, m_out, v_out, v_max_out, eta=eta, beta1=beta1,
                     beta2=beta2, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, c1=c1, c2=c2,
                     decoupled_weight_decay=decoupled_weight_decay, block_size=block_size)


def _sgd(backend, x, g, v, x_out, v_out, *, eta, momentum, dampening, weight_decay, nesterov, first,
         block_size):
    if _resolve_backend(backend) == "numba":
        k = _numba_kernels()
        args = (eta, momentum, dampening, weight_decay, nesterov, first)
        if x_out is x:
            k["sgd_inplace"](x, g, v, *args)
        else:
            k["sgd_out"](x, g, v, x_out, v_out, *args)
    else:
        _sgd_kernel(x, g, v, x_out, v_out, eta=eta, momentum=momentum, dampening=dampening,
                    weight_decay=weight_decay, nesterov=nesterov, first=first, block_size=block_size)


# --------------------------------------------------------------------------------------------
# Argument handling shared by the public functions.
# --------------------------------------------------------------------------------------------


def _inplace_arrays(names_arrays, ref_shape=None):
    """Check the arrays of an in-place call: float64, C-contiguous, writeable where needed."""
    out = []
    for name, arr, writeable in names_arrays:
        if not isinstance(arr, np.ndarray) or arr.dtype != np.float64:
            raise TypeError(f"{name} must be a float64 numpy array, got {type(arr).__name__}"
                            + (f" of dtype {arr.dtype}" if isinstance(arr, np.ndarray) else ""))
        if not arr.flags.c_contiguous:
            raise ValueError(f"{name} must be C-contiguous (use np.ascontiguousarray)")
        if writeable and not arr.flags.writeable:
            raise ValueError(
                f"{name} is read-only; the in-place kernels overwrite their state, so pass arrays "
                f"you own (the states of gdbook.optimizers are immutable)"
            )
        if ref_shape is None:
            ref_shape = arr.shape
        elif arr.shape != ref_shape:
            raise ValueError(f"{name} has shape {arr.shape} but x has shape {ref_shape}")
        out.append(arr.reshape(-1))
    return out


def _scalar_eta(eta):
    """The kernels are blocked over the flattened arrays, so the step size must be one number."""
    if np.ndim(eta) != 0:
        raise ValueError(
            "the fast kernels need one learning rate for all entries, got an array of shape "
            f"{np.shape(eta)}; use gdbook.optimizers for per-run learning rates"
        )
    return float(eta)


def _block_size(block_size):
    if block_size is None:
        return BLOCK_SIZE
    if isinstance(block_size, bool) or not isinstance(block_size, (int, np.integer)) or block_size < 1:
        raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
    return int(block_size)


def _check_t(t):
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"t must be an integer >= 1 (the index of this update), got {t!r}")
    return int(t)


# --------------------------------------------------------------------------------------------
# Public in-place kernels.
# --------------------------------------------------------------------------------------------


def adam_step_inplace(x, g, m, v, *, t, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                      amsgrad=False, v_max=None, bias_correction=True,
                      decoupled_weight_decay=False, block_size=None, backend=None) -> None:
    r"""Adam(또는 AdamW) 업데이트 :math:`t` 한 번을 **제자리에서** 계산합니다.

    :func:`gdbook.optimizers.adam` 과 같은 식입니다.

    .. math::

        g_t &\leftarrow g_t + \lambda x_{t-1} \quad \text{(AdamW 이면 대신 } x_{t-1} \leftarrow (1 - \eta\lambda) x_{t-1}\text{)} \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        x_t &\leftarrow x_{t-1} - \eta \, (m_t / c_1) / (\sqrt{v_t / c_2} + \epsilon)

    :math:`(c_1, c_2) = (1 - \beta_1^t, 1 - \beta_2^t)` 이고, AMSGrad이면 :math:`v_t` 대신
    :math:`v^{\max}_t = \max(v^{\max}_{t-1}, v_t)` 로 나눕니다. ``x``, ``m``, ``v``
    (``amsgrad`` 이면 ``v_max`` 도)를 덮어쓰고 ``g`` 는 바꾸지 않습니다.

    Parameters
    ----------
    x, g, m, v : numpy.ndarray
        매개변수 :math:`x_{t-1}`, 그래디언트 :math:`g_t`, 모멘트 :math:`m_{t-1}`, :math:`v_{t-1}`.
        모두 같은 모양의 C 연속 float64 배열. 호출 뒤 ``x``, ``m``, ``v`` 는
        :math:`x_t`, :math:`m_t`, :math:`v_t` 입니다.
    t : int
        이번 업데이트의 번호(1부터). 편향 보정에 씁니다.
    lr : float
        이번 업데이트의 학습률 :math:`\eta` (스케줄이면 호출하는 쪽이 ``schedule(t - 1)`` 을 넘김).
    betas, eps, weight_decay, amsgrad, bias_correction
        :func:`gdbook.optimizers.adam` 과 같음. 여기서는 값을 다시 검사하지 않습니다.
    v_max : numpy.ndarray, optional
        ``amsgrad=True`` 일 때 :math:`v^{\max}_{t-1}` (덮어씀).
    decoupled_weight_decay : bool, optional
        ``True`` 이면 AdamW(:func:`gdbook.optimizers.adamw`)의 분리된 가중치 감쇠.
    block_size : int, optional
        ``"numpy"`` 백엔드의 블록 원소 수(기본 :data:`BLOCK_SIZE`).
    backend : {None, "numba", "numpy"}, optional
        계산 방법. ``None`` 이면 :func:`default_backend`. numba를 쓸 수 없으면 ``"numpy"``.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        배열이 float64 numpy 배열이 아닐 때.
    ValueError
        배열의 모양이 다르거나, C 연속이 아니거나, 덮어쓸 배열이 읽기 전용일 때,
        ``amsgrad=True`` 인데 ``v_max`` 가 없을 때, ``backend`` 가 알 수 없는 값일 때.

    Examples
    --------
    >>> import numpy as np
    >>> x, g = np.array([1.0, 1.0]), np.array([100.0, 0.01])
    >>> m, v = np.zeros(2), np.zeros(2)
    >>> adam_step_inplace(x, g, m, v, t=1, lr=0.1)
    >>> np.round(x, 4), np.round(m, 4)
    (array([0.9, 0.9]), array([1.e+01, 1.e-03]))
    """
    t = _check_t(t)
    arrays = [("x", x, True), ("g", g, False), ("m", m, True), ("v", v, True)]
    if amsgrad:
        if v_max is None:
            raise ValueError("amsgrad=True needs v_max (the running maximum of v)")
        arrays.append(("v_max", v_max, True))
    flat = _inplace_arrays(arrays)
    xf, gf, mf, vf = flat[:4]
    vmf = flat[4] if amsgrad else None
    beta1, beta2 = float(betas[0]), float(betas[1])
    c1, c2 = (1 - beta1**t, 1 - beta2**t) if bias_correction else (1.0, 1.0)
    _adam(backend, xf, gf, mf, vf, vmf, xf, mf, vf, vmf, eta=_scalar_eta(lr), beta1=beta1,
          beta2=beta2, eps=float(eps), weight_decay=float(weight_decay), amsgrad=bool(amsgrad),
          c1=float(c1), c2=float(c2), decoupled_weight_decay=bool(decoupled_weight_decay),
          block_size=_block_size(block_size))


def sgd_step_inplace(x, g, v, *, t, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                     nesterov=False, block_size=None, backend=None) -> None:
    r"""SGD·헤비 볼 모멘텀·네스테로프 모멘텀(torch 형식) 업데이트 :math:`t` 한 번을 **제자리에서** 계산합니다.

    :func:`gdbook.optimizers.sgd` 와 같은 식입니다.

    .. math::

        g_t &\leftarrow g_t + \lambda x_{t-1} \\
        v_t &\leftarrow \begin{cases} g_t & t = 1 \\ \beta v_{t-1} + (1 - \tau) g_t & t > 1 \end{cases} \\
        x_t &\leftarrow x_{t-1} - \eta \, d_t, \quad
        d_t = \begin{cases} g_t + \beta v_t & \text{(nesterov)} \\ v_t & \text{(그 밖)} \end{cases}

    ``x`` 와 ``v`` 를 덮어쓰고 ``g`` 는 바꾸지 않습니다. :math:`\beta = 0` 이면 :math:`v_t = g_t`
    입니다(:func:`gdbook.optimizers.sgd` 의 상태와 같음).

    Parameters
    ----------
    x, g, v : numpy.ndarray
        매개변수 :math:`x_{t-1}`, 그래디언트 :math:`g_t`, 모멘텀 버퍼 :math:`v_{t-1}`.
        같은 모양의 C 연속 float64 배열. 호출 뒤 ``x``, ``v`` 는 :math:`x_t`, :math:`v_t` 입니다.
    t : int
        이번 업데이트의 번호(1부터). :math:`t = 1` 이면 :math:`v_1 = g_1`.
    lr : float
        이번 업데이트의 학습률 :math:`\eta`.
    momentum, dampening, weight_decay, nesterov
        :func:`gdbook.optimizers.sgd` 와 같음. 여기서는 값을 다시 검사하지 않습니다.
    block_size : int, optional
        ``"numpy"`` 백엔드의 블록 원소 수(기본 :data:`BLOCK_SIZE`).
    backend : {None, "numba", "numpy"}, optional
        계산 방법. ``None`` 이면 :func:`default_backend`.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        배열이 float64 numpy 배열이 아닐 때.
    ValueError
        배열의 모양이 다르거나, C 연속이 아니거나, 덮어쓸 배열이 읽기 전용일 때,
        ``backend`` 가 알 수 없는 값일 때.

    Examples
    --------
    >>> import numpy as np
    >>> x, v = np.array([1.0, -2.0]), np.zeros(2)
    >>> for t in range(1, 11):
    ...     sgd_step_inplace(x, x.copy(), v, t=t, lr=0.1, momentum=0.9)  # grad f(x) = x
    >>> np.round(x, 4)
    array([-0.5888,  1.1776])
    """
    t = _check_t(t)
    xf, gf, vf = _inplace_arrays([("x", x, True), ("g", g, False), ("v", v, True)])
    momentum = float(momentum)
    _sgd(backend, xf, gf, vf, xf, vf, eta=_scalar_eta(lr), momentum=momentum,
         dampening=float(dampening) if momentum else 0.0, weight_decay=float(weight_decay),
         nesterov=bool(nesterov), first=(t == 1), block_size=_block_size(block_size))


# --------------------------------------------------------------------------------------------
# Pure optimizers with the API of gdbook.optimizers, on top of the same kernels.
# --------------------------------------------------------------------------------------------


def _fresh(shape):
    return np.empty(shape, dtype=np.float64)


def _readonly(*arrays):
    for a in arrays:
        a.flags.writeable = False


def _checked_inputs(x, grad, state, state_type):
    """The argument checks of gdbook.optimizers' step: finite x, grad of x's shape, state type."""
    xa = np.asarray(x, dtype=np.float64)
    if xa.ndim == 0 or not np.isfinite(xa).all():
        xa = check_finite_array("x", x)   # raises the library's own message
    ga = np.asarray(grad, dtype=np.float64)
    check_same_shape("grad", ga, "x", xa)
    if not isinstance(state, state_type):
        raise TypeError(f"state must be a {state_type.__name__} made by this optimizer's init, "
                        f"got {type(state).__name__}")
    for field, value in zip(state._fields, state):
        if isinstance(value, np.ndarray):
            check_same_shape(f"state.{field}", value, "x", xa)
    return np.ascontiguousarray(xa), np.ascontiguousarray(ga)


def _fast_optimizer(ref, rule, state_type):
    """Same name, label, init, eval_point and hyperparameters as ``ref``; the step is ours.

    ``rule(x, g, state)`` is our update without the argument checks; ``step`` checks like the
    readable step and calls it. ``step.parts`` tells gdbook.run the rule (which it calls without
    the per-step checks) and the readable rule it equals (what gdbook.fast's fused run computes).
    """

    def step(x, grad, state):
        x, g = _checked_inputs(x, grad, state, state_type)
        x_new, state_new = rule(x, g, state)
        return x_new, optimizers._frozen(state_new)

    step.parts = ref.step.parts._replace(rule=rule)
    return optimizers.Optimizer(ref.name, ref.label, ref.init, step, ref.eval_point, ref.hyperparams)


def _adam_like(ref, *, decoupled_weight_decay, bias_correction, backend):
    hp = ref.hyperparams
    lr, (beta1, beta2), eps = hp["lr"], hp["betas"], hp["eps"]
    weight_decay, amsgrad = hp["weight_decay"], hp["amsgrad"]

    def rule(x, g, state):
        eta = lr_at(lr, state.t)
        if np.ndim(eta) != 0:  # per-run learning rates: the readable rule handles broadcasting
            return ref.step.parts.rule(x, g, state)
        x, g = np.ascontiguousarray(x), np.ascontiguousarray(g)
        t = state.t + 1
        c1, c2 = (1 - beta1**t, 1 - beta2**t) if bias_correction else (1.0, 1.0)
        x_new, m, v = _fresh(x.shape), _fresh(x.shape), _fresh(x.shape)
        v_max = _fresh(x.shape) if amsgrad else state.v_max
        _adam(backend, x.reshape(-1), g.reshape(-1), np.ascontiguousarray(state.m).reshape(-1),
              np.ascontiguousarray(state.v).reshape(-1),
              np.ascontiguousarray(state.v_max).reshape(-1) if amsgrad else None,
              x_new.reshape(-1), m.reshape(-1), v.reshape(-1),
              v_max.reshape(-1) if amsgrad else None,
              eta=float(eta), beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay,
              amsgrad=amsgrad, c1=float(c1), c2=float(c2), decoupled_weight_decay=decoupled_weight_decay,
              block_size=BLOCK_SIZE)
        _readonly(m, v, *((v_max,) if amsgrad else ()))
        return x_new, optimizers.AdamState(t, m, v, v_max)

    return _fast_optimizer(ref, rule, optimizers.AdamState)


def adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
         bias_correction=True, *, backend=None) -> optimizers.Optimizer:
    r""":func:`gdbook.optimizers.adam` 과 같은 옵티마이저를 블록 커널로 계산합니다.

    인자, 검사, 상태(:class:`~gdbook.optimizers.AdamState`), 결과가
    :func:`gdbook.optimizers.adam` 과 같습니다. ``step`` 은 순수 함수입니다. 새 배열
    :math:`x_t, m_t, v_t` 를 만들어 돌려주고 입력은 바꾸지 않습니다. 학습률이 실행마다 다른
    배열이면 읽기 쉬운 구현으로 계산합니다.

    Parameters
    ----------
    lr, betas, eps, weight_decay, amsgrad, bias_correction
        :func:`gdbook.optimizers.adam` 과 같음.
    backend : {None, "numba", "numpy"}, optional
        계산 방법(:func:`adam_step_inplace` 와 같음).

    Returns
    -------
    Optimizer

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import optimizers
    >>> x, g = np.array([1.0, 1.0]), np.array([100.0, 0.01])
    >>> a, b = adam(lr=0.1), optimizers.adam(lr=0.1)
    >>> xa, sa = a.step(x, g, a.init(x))
    >>> xb, sb = b.step(x, g, b.init(x))
    >>> bool(np.array_equal(xa, xb) and np.array_equal(sa.v, sb.v)), sa.t
    (True, 1)
    """
    ref = optimizers.adam(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                          bias_correction=bias_correction)
    _resolve_backend(backend)  # reject an unknown name now, not at the first step
    return _adam_like(ref, decoupled_weight_decay=False, bias_correction=bool(bias_correction), backend=backend)


def adamw(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
          amsgrad=False, *, backend=None) -> optimizers.Optimizer:
    r""":func:`gdbook.optimizers.adamw` 과 같은 옵티마이저를 블록 커널로 계산합니다.

    인자, 검사, 상태, 결과가 :func:`gdbook.optimizers.adamw` 와 같고 ``step`` 은 순수 함수입니다.

    Parameters
    ----------
    lr, betas, eps, weight_decay, amsgrad
        :func:`gdbook.optimizers.adamw` 와 같음.
    backend : {None, "numba", "numpy"}, optional
        계산 방법(:func:`adam_step_inplace` 와 같음).

    Returns
    -------
    Optimizer

    Examples
    --------
    >>> import numpy as np
    >>> opt = adamw(lr=0.1, weight_decay=0.5)
    >>> x = np.array([2.0])
    >>> x1, state = opt.step(x, np.array([1.0]), opt.init(x))
    >>> np.round(x1, 4)   # 2 (1 - 0.1 * 0.5) - 0.1
    array([1.8])
    """
    ref = optimizers.adamw(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
    _resolve_backend(backend)
    return _adam_like(ref, decoupled_weight_decay=True, bias_correction=True, backend=backend)


def sgd(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, *,
        backend=None) -> optimizers.Optimizer:
    r""":func:`gdbook.optimizers.sgd` 와 같은 옵티마이저를 블록 커널로 계산합니다.

    인자, 검사, 상태(:class:`~gdbook.optimizers.SGDState`), 결과가
    :func:`gdbook.optimizers.sgd` 와 같습니다. ``step`` 은 순수 함수입니다.

    Parameters
    ----------
    lr, momentum, dampening, weight_decay, nesterov
        :func:`gdbook.optimizers.sgd` 와 같음.
    backend : {None, "numba", "numpy"}, optional
        계산 방법(:func:`sgd_step_inplace` 와 같음).

    Returns
    -------
    Optimizer

    Examples
    --------
    >>> import numpy as np
    >>> opt = sgd(lr=0.1, momentum=0.9)
    >>> x = np.array([1.0, -2.0])
    >>> state = opt.init(x)
    >>> for _ in range(10):
    ...     x, state = opt.step(x, x, state)  # grad f(x) = x
    >>> state.t, np.round(x, 4)
    (10, array([-0.5888,  1.1776]))
    """
    ref = optimizers.sgd(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                         nesterov=nesterov)
    _resolve_backend(backend)
    hp = ref.hyperparams
    lr, momentum, weight_decay, nesterov = hp["lr"], hp["momentum"], hp["weight_decay"], hp["nesterov"]
    dampening = hp["dampening"] if momentum > 0 else 0.0

    def rule(x, g, state):
        eta = lr_at(lr, state.t)
        if np.ndim(eta) != 0:
            return ref.step.parts.rule(x, g, state)
        x, g = np.ascontiguousarray(x), np.ascontiguousarray(g)
        t = state.t + 1
        x_new, v = _fresh(x.shape), _fresh(x.shape)
        _sgd(backend, x.reshape(-1), g.reshape(-1), np.ascontiguousarray(state.v).reshape(-1),
             x_new.reshape(-1), v.reshape(-1), eta=float(eta), momentum=momentum,
             dampening=dampening, weight_decay=weight_decay, nesterov=nesterov,
             first=(t == 1), block_size=BLOCK_SIZE)
        _readonly(v)
        return x_new, optimizers.SGDState(t, v)

    return _fast_optimizer(ref, rule, optimizers.SGDState)


# --------------------------------------------------------------------------------------------
# Fused runs: gdbook.run's whole loop in one compiled kernel (gdbook/_fused.py, numba), for the
# update rules and objectives that have one. gdbook.run asks _choose_engine which loop to use.
# --------------------------------------------------------------------------------------------

#: :func:`gdbook.run` (``fused=None``) 이 융합 커널로 넘어가는 작업량(실행 수 × 스텝 수의 합).
#: 한 프로세스에서 커널을 처음 쓸 때는 numba를 불러오고 디스크에 캐시된 커널을 읽느라 1초 안팎이
#: 듭니다(컴퓨터에서 처음이면 컴파일에 몇 초 더). 이 값은 numpy 반복문이 그만큼 걸리는 작업량입니다.
#: 커널을 쓸 수 있었던 실행들의 작업량이 (이번 실행까지 합쳐) 이 값에 이르면 그때부터 커널을 쓰고,
#: 커널을 이미 읽어 온 프로세스에서는 크기와 상관없이 씁니다. 작은 실행만 하면 numba를 불러오지
#: 않습니다.
FUSED_MIN_WORK = 10_000_000

_FUSED_OBJECTIVES = {functions.Beale: "beale", functions.Rosenbrock: "rosenbrock"}
_FUSED_MODULE = "gdbook._fused"
_FUSED_BROKEN = False  # numba is installed but gdbook._fused could not be imported
_numpy_work = 0  # run-steps that gdbook.run did in its numpy loop although a kernel could have


class _FusedPlan(NamedTuple):
    """A run that a fused kernel computes exactly as the numpy loop (see _fused_plan)."""

    kernel: tuple[str, str]  # key of gdbook._fused.KERNELS: (rule, objective)
    update: functools.partial  # the readable rule and its hyperparameters
    objective: object
    etas: np.ndarray | None  # (T,): the learning rate of every update (None: not computed yet)


def _fused_etas(lr, steps):
    """lr_at(lr, k) for k < steps as floats, or None if a value is not one number (or raises)."""
    if not callable(lr):
        return np.full(steps, float(lr)) if np.ndim(lr) == 0 else None
    try:
        values = [lr_at(lr, k) for k in range(steps)]
    except Exception:  # noqa: BLE001 - the numpy loop raises it at the right step
        return None
    if any(np.ndim(v) != 0 for v in values):
        return None
    return np.array(values, dtype=np.float64)


def _fused_plan(optimizer, objective, x0_shape, steps, *, clip_norm, clip_value, batch_size, etas=True):
    """A _FusedPlan if a fused kernel computes this run exactly as the numpy loop, else None.

    That is: full gradients, no clipping, at least one step; an objective that is exactly
    gdbook.functions.Beale or Rosenbrock (not a subclass) with x0 of shape (..., 2); an optimizer
    made by gdbook.optimizers.adam / adamw / sgd (momentum, nesterov) or the same functions of this
    module, with its own init (state starts at zero) and the plain eval_point; one learning rate
    per update for all runs (a number or a schedule of numbers). ``etas=False`` leaves the last
    condition (which calls a schedule ``steps`` times) to _with_etas.
    """
    if batch_size is not None or clip_norm is not None or clip_value is not None or steps < 1:
        return None
    obj = _FUSED_OBJECTIVES.get(type(objective))
    parts = getattr(optimizer.step, "parts", None)
    if obj is None or x0_shape[-1] != 2 or not isinstance(parts, optimizers._StepParts):
        return None
    if any(name in vars(objective) for name in ("_value", "_grad", "grad")):  # replaced on the instance
        return None
    if optimizer.init is not parts.init or optimizer.eval_point is not optimizers._identity_eval_point:
        return None
    update = parts.update
    if not isinstance(update, functools.partial):
        return None
    if update.func is optimizers._adam_step:
        rule = "amsgrad" if update.keywords["amsgrad"] else "adam"
    elif update.func is optimizers._sgd_step:
        rule = "sgd"
    else:
        return None
    plan = _FusedPlan((rule, obj), update, objective, None)
    return _with_etas(plan, steps) if etas else plan


def _with_etas(plan, steps):
    """``plan`` with its learning rates, or None if they are not one number per update."""
    etas = _fused_etas(plan.update.keywords.get("lr"), steps)
    return None if etas is None else plan._replace(etas=etas)


def _fused_arguments(plan):
    """(coef, hp, flag, a, b) of gdbook._fused._fused_run, computed as the readable rule does."""
    kw, etas = plan.update.keywords, plan.etas
    steps = etas.shape[0]
    coef = np.empty((steps, 4))
    coef[:, 0] = etas
    if plan.update.func is optimizers._adam_step:
        beta1, beta2 = kw["betas"]
        wd = kw["weight_decay"]
        if kw["bias_correction"]:  # the rule's Python floats: 1 - beta ** t
            coef[:, 1] = [1 - beta1**t for t in range(1, steps + 1)]
            coef[:, 2] = [1 - beta2**t for t in range(1, steps + 1)]
        else:
            coef[:, 1:3] = 1.0
        coef[:, 3] = [1 - eta * wd for eta in etas.tolist()]
        hp = np.array([beta1, 1 - beta1, beta2, 1 - beta2, kw["eps"], wd])
        flag = bool(kw["decoupled_weight_decay"])
    else:  # _sgd_step
        coef[:, 1:] = 1.0
        hp = np.array([kw["momentum"], 1 - kw["dampening"], kw["weight_decay"], 0.0, 0.0, 0.0])
        flag = bool(kw["nesterov"])
    f = plan.objective
    a, b = (f.a, f.b) if plan.kernel[1] == "rosenbrock" else (0.0, 0.0)
    return coef, hp, flag, float(a), float(b)


def _fused_kernels():
    """gdbook._fused.KERNELS, or None if numba is missing or broken (imports numba)."""
    global _FUSED_BROKEN
    if _FUSED_BROKEN or importlib.util.find_spec("numba") is None:
        return None
    try:
        return importlib.import_module(_FUSED_MODULE).KERNELS
    except Exception:  # noqa: BLE001 - a broken numba: the numpy loop gives the same numbers
        _FUSED_BROKEN = True
        return None


def _kernel_ready(key):
    """Whether the kernel ``key`` was already compiled or loaded in this process (cheap to call)."""
    mod = sys.modules.get(_FUSED_MODULE)
    return mod is not None and bool(getattr(mod.KERNELS[key], "signatures", ()))


def _choose_engine(optimizer, objective, x0_shape, steps, *, clip_norm=None, clip_value=None,
                   batch_size=None, fused=None, count=False):
    """("numba", plan) for a fused run, else ("numpy", None). See run_engine.

    ``count=True`` (gdbook.run) adds a run that goes to the numpy loop although a kernel could
    take it to the work that FUSED_MIN_WORK is compared with (run_engine only asks).
    """
    global _numpy_work
    if fused is False:
        return "numpy", None
    plan = _fused_plan(optimizer, objective, x0_shape, steps, clip_norm=clip_norm, clip_value=clip_value,
                       batch_size=batch_size, etas=False)
    if plan is None or _FUSED_BROKEN or not _numba_installed():
        return "numpy", None
    if fused is None and not _kernel_ready(plan.kernel):
        work = int(np.prod(x0_shape[:-1])) * steps
        if _numpy_work + work < FUSED_MIN_WORK:
            if count:
                _numpy_work += work
            return "numpy", None
    plan = _with_etas(plan, steps)
    return ("numpy", None) if plan is None else ("numba", plan)


def _numba_installed():
    return default_backend() == "numba"


def run_engine(optimizer, objective, x0, steps, *, clip_norm=None, clip_value=None, batch_size=None,
               seed=0, divergence_threshold=None, record=True, fused=None) -> str:
    r""":func:`gdbook.run` 이 이 인자들로 어느 반복문을 쓸지: ``"numba"`` (융합 커널) 또는 ``"numpy"``.

    :func:`gdbook.run` 의 반복문은 두 가지입니다. 결과는 비트 단위로 같고 속도만 다릅니다.

    - ``"numpy"``: 읽기 쉬운 구현 그대로의 반복문. 스텝마다 목적 함수, 옵티마이저의 ``step``
      규칙, 기록과 발산 검사를 numpy로 계산합니다. 언제나 쓸 수 있습니다.
    - ``"numba"``: 실행 전체(그래디언트, 업데이트, 손실, 그래디언트 노름, 궤적 기록, 발산 검사)를
      컴파일된 커널 하나로 계산합니다. 실행 블록을 캐시에 두고 스텝마다 파이썬을 거치지 않으므로
      numpy 반복문보다 몇 배(실행이 적으면 수십 배) 빠릅니다. numba가 있어야 하고(``gdbook[fast]``),
      다음 경우만 됩니다: 목적 함수가 :class:`~gdbook.functions.Beale` 또는
      :class:`~gdbook.functions.Rosenbrock` (하위 클래스가 아님), 옵티마이저가
      :func:`gdbook.optimizers.adam`, :func:`~gdbook.optimizers.adamw`,
      :func:`~gdbook.optimizers.sgd` (모멘텀, 네스테로프 포함) 또는 이 모듈의 같은 함수로 만든
      것이고 ``init``/``eval_point`` 를 바꾸지 않았을 때, 학습률이 모든 실행에 하나(수나 스케줄)일
      때, 미니배치와 클리핑이 없을 때. 커널은 처음 쓸 때 컴파일되어 디스크에 캐시되므로(numba
      ``cache=True``) 새 프로세스에서는 numba를 불러오고 커널을 읽는 시간만 듭니다.

    ``fused=None`` (기본값)이면 융합 커널을 쓸 수 있고, 이 프로세스에서 그 커널을 이미 썼거나
    커널을 쓸 수 있었던 실행들의 작업량(실행 수 × 스텝 수, 이번 실행 포함)이 :data:`FUSED_MIN_WORK`
    에 이르렀을 때 ``"numba"`` 를 고릅니다. 커널을 처음 읽어 오는 1초 안팎은 그만큼의 numpy 반복문이
    걸리는 시간이므로, 큰 실행을 한 번만 할 때도 여러 번 할 때도 크게 손해 보지 않습니다.
    ``fused=True`` 이면 쓸 수 있을 때 언제나, ``fused=False`` 이면 언제나 ``"numpy"`` 입니다.

    Parameters
    ----------
    optimizer, objective, x0, steps, clip_norm, clip_value, batch_size, fused
        :func:`gdbook.run` 과 같음(검사는 하지 않습니다).
    seed, divergence_threshold, record
        :func:`gdbook.run` 과 같은 인자를 그대로 넘길 수 있도록 받기만 합니다(선택에 영향 없음).

    Returns
    -------
    str
        ``"numba"`` 또는 ``"numpy"``.

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import functions, optimizers
    >>> beale, adam = functions.Beale(), optimizers.adam(lr=0.01)
    >>> run_engine(adam, functions.note_quadratic(), [0.0, 0.0], 100)   # 이차 함수는 커널이 없음
    'numpy'
    >>> run_engine(adam, beale, np.zeros((10, 2)), 100, fused=False)
    'numpy'
    >>> run_engine(adam, beale, np.zeros((10_000, 2)), 1000) == default_backend()   # numba가 있으면
    True
    """
    del seed, divergence_threshold, record  # both loops support them alike
    shape = np.shape(x0)
    if len(shape) == 0:
        return "numpy"
    return _choose_engine(optimizer, objective, shape, steps, clip_norm=clip_norm, clip_value=clip_value,
                          batch_size=batch_size, fused=fused)[0]


def _fused_run(plan, x0, loss0, steps, divergence_threshold, record):
    """Run the fused kernel: (xs, losses, grad_norms, lrs, diverged_at) shaped as gdbook.run's.

    Returns None if the kernel cannot be loaded (numba broken), for the numpy loop to take over.
    """
    kernels = _fused_kernels()
    if kernels is None:
        return None
    runs = x0.shape[:-1]
    n = int(np.prod(runs))
    x0r = np.ascontiguousarray(x0.reshape(n, 2))
    # np.empty: the kernel writes every entry of rows 1.. (nan for the runs that stopped)
    xs = np.empty((steps + 1 if record else 2, n, 2))
    losses = np.empty((steps + 1, n))
    grad_norms = np.empty((steps, n))
    diverged_at = np.empty(n, dtype=np.int64)
    xs[0] = x0r
    losses[0] = np.broadcast_to(loss0, runs).reshape(n)
    thr = np.inf if divergence_threshold is None else float(divergence_threshold)
    coef, hp, flag, a, b = _fused_arguments(plan)
    kernels[plan.kernel](x0r, coef, hp, flag, a, b, thr, bool(record), xs, losses, grad_norms, diverged_at)
    # RunResult.lr: every update's rate until the step at which the last run stopped
    last = steps if n == 0 or (diverged_at < 0).any() else int(diverged_at.max())
    lrs = np.full(steps, np.nan)
    lrs[:last] = plan.etas[:last]
    return (xs.reshape(xs.shape[0], *runs, 2), losses.reshape(steps + 1, *runs),
            grad_norms.reshape(steps, *runs), lrs, diverged_at.reshape(runs))
