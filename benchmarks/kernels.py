"""Alternative one-pass / few-pass kernels, measured against gdbook.fast (not library code).

gdbook.fast has two backends: one numba-compiled loop per rule, and cache-sized blocks of in-place
numpy ufuncs (no dependency). The numexpr candidates it was chosen against live here so that
every run of the suite re-measures the choice:

- numexpr, three expressions over the whole arrays (m, v, then x): three streaming passes;
- numexpr, the same three expressions per cache-sized block (one pass over main memory).

They compute the readable Adam / momentum update in the same operation order (tests/test_fast.py
compares the Adam one at rtol 1e-14). Also here: STREAM-like triad kernels for the bandwidth.
"""

from __future__ import annotations

import numpy as np

try:
    import numexpr as ne
except ImportError:  # pragma: no cover - numexpr is in the bench extra
    ne = None

try:
    import numba
except ImportError:  # pragma: no cover - numba is in the bench extra
    numba = None


# --- numexpr -------------------------------------------------------------------------------

def adam_numexpr(x, g, m, v, *, t, lr, beta1, beta2, eps, block_size=None):
    """Adam in place with numexpr: m, v, x each one expression (over blocks if block_size)."""
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    omb1, omb2 = 1 - beta1, 1 - beta2
    n = x.shape[0]
    step = n if block_size is None else block_size
    for s in range(0, n, step):
        sl = slice(s, s + step)
        xb, gb, mb, vb = x[sl], g[sl], m[sl], v[sl]
        ne.evaluate("beta1 * mb + omb1 * gb", out=mb)
        ne.evaluate("beta2 * vb + omb2 * (gb * gb)", out=vb)
        ne.evaluate("xb - lr * (mb / c1) / (sqrt(vb / c2) + eps)", out=xb)


def momentum_numexpr(x, g, v, *, lr, momentum, block_size=None):
    """Heavy-ball momentum (t > 1, no dampening) in place with numexpr."""
    n = x.shape[0]
    step = n if block_size is None else block_size
    for s in range(0, n, step):
        sl = slice(s, s + step)
        xb, gb, vb = x[sl], g[sl], v[sl]
        ne.evaluate("momentum * vb + gb", out=vb)
        ne.evaluate("xb - lr * vb", out=xb)


# --- STREAM-like bandwidth kernels ---------------------------------------------------------

def triad_numexpr(a, b, c, s):
    ne.evaluate("b + s * c", out=a)


if numba is not None:

    @numba.njit(cache=False, boundscheck=False)
    def _triad_numba(a, b, c, s):  # pragma: no cover - compiled
        for i in range(a.shape[0]):
            a[i] = b[i] + s * c[i]


def triad_numba(a, b, c, s):
    _triad_numba(a, b, c, s)


if numba is not None:

    @numba.njit(cache=False, boundscheck=False)
    def _axpy_numba(a, b, s):  # pragma: no cover - compiled
        for i in range(a.shape[0]):
            a[i] += s * b[i]


def axpy_numba(a, b, s):
    _axpy_numba(a, b, s)
