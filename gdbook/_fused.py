"""Compiled kernels of the fused run (:func:`gdbook.run` through :mod:`gdbook.fast`), numba only.

One kernel runs a whole :func:`gdbook.run` of a 2-D test function: every step's gradient, update,
loss, gradient norm, trajectory record and divergence check, for a block of runs at a time, with
no Python in the loop. There is one kernel per pair (update rule, objective); each is a thin
wrapper around :func:`_fused_run`, whose arguments ``rule`` and ``obj`` are then compile-time
constants, so that the compiler keeps only the code of that pair and vectorises the loop over the
runs of a block.

Every expression is the one of the readable implementation, in the same order, with no
reassociation and no fused multiply-add (``fastmath=False``): the update rules of
:mod:`gdbook.optimizers` (``_adam_step``, ``_sgd_step``; the weight-decay term is computed even
when it is zero, as there), ``Beale._value``/``_grad`` and ``Rosenbrock._value``/``_grad`` of
:mod:`gdbook.functions`, the gradient norm ``np.sqrt(np.sum(g * g, axis=-1))`` of the run loop.
IEEE arithmetic rounds each operation the same way in numpy and here, so the results are bitwise
those of the numpy loop; ``tests/test_fast.py`` compares them.

This module imports numba at import time, so :mod:`gdbook.fast` imports it only when numba is
installed and a fused run is asked for. The kernels are compiled on first use and cached on disk
(numba's ``cache=True``: ``__pycache__`` next to this file, or numba's user cache directory if
that is not writable), so a new process pays only for importing numba and loading them. Any edit
of this file invalidates the cache; keep every compiled function of the fused path in this file.
Without numba the decorators below are the identity (the functions are plain, very slow Python);
:mod:`gdbook.fast` never calls them then.
"""

from __future__ import annotations

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - gdbook.fast imports this module only when numba is there
    numba = None

__all__ = ["KERNELS", "BLOCK"]

#: Runs per block. A block goes through all the steps with its state (ten arrays of ``BLOCK``
#: floats, 1.3 MB) in the cache; step t writes its rows of the results for the block's runs. Large
#: blocks write the results nearly in memory order, while the pages the kernel just zeroed for them
#: are still in the cache (measured: 16384 runs is 5 % faster than 2048 on 10,000 fresh runs).
BLOCK = 16384

# Compile-time constants (numba freezes global integers).
ADAM, ADAM_AMSGRAD, SGD = 0, 1, 2
BEALE, ROSENBROCK = 0, 1


def _jit(**options):
    if numba is None:  # pragma: no cover
        return lambda f: f
    return numba.njit(fastmath=False, error_model="numpy", boundscheck=False, **options)


_inline = _jit(inline="always")
_kernel = _jit(cache=True, nogil=True)


# --- objectives: gdbook.functions.Beale and Rosenbrock, the same expressions -------------------


@_inline
def _grad(obj, a, b, u, v):  # pragma: no cover - compiled
    if obj == BEALE:
        v2 = v * v
        v3 = v2 * v
        r1 = 1.5 - u + u * v
        r2 = 2.25 - u + u * v2
        r3 = 2.625 - u + u * v3
        return (2 * (r1 * (v - 1) + r2 * (v2 - 1) + r3 * (v3 - 1)),
                2 * u * (r1 + 2 * v * r2 + 3 * v2 * r3))
    d = v - u * u  # Rosenbrock: u**2 is u * u in numpy
    return -2 * (a - u) - 4 * b * u * d, 2 * b * d


@_inline
def _value(obj, a, b, u, v):  # pragma: no cover - compiled
    if obj == BEALE:
        v2 = v * v
        r1 = 1.5 - u + u * v
        r2 = 2.25 - u + u * v2
        r3 = 2.625 - u + u * (v2 * v)
        return r1 * r1 + r2 * r2 + r3 * r3
    e = a - u
    d = v - u * u
    return e * e + b * (d * d)


# --- update rules: gdbook.optimizers._adam_step and _sgd_step, one coordinate ---------------------


@_inline
def _adam(x, g, m, v, v_max, amsgrad, decoupled, eta, decay, c1, c2, beta1, one_minus_beta1, beta2,
          one_minus_beta2, eps, weight_decay):  # pragma: no cover - compiled
    if decoupled:
        x = x * decay                     # decay = 1 - eta * weight_decay
    else:
        g = g + weight_decay * x
    m = beta1 * m + one_minus_beta1 * g
    v = beta2 * v + one_minus_beta2 * (g * g)
    if amsgrad:
        if v_max != v_max or v != v:      # np.maximum propagates nan
            v_max = v_max + v
        elif v > v_max:
            v_max = v
        v_hat = v_max / c2
    else:
        v_hat = v / c2
    return x - eta * (m / c1) / (np.sqrt(v_hat) + eps), m, v, v_max


@_inline
def _sgd(x, g, buf, first, nesterov, eta, momentum, one_minus_dampening, weight_decay):  # pragma: no cover
    g = g + weight_decay * x
    if first:
        buf = g
    else:
        buf = momentum * buf + one_minus_dampening * g
    d = g + momentum * buf if nesterov else buf
    return x - eta * d, buf


# --- the run -------------------------------------------------------------------------------------


@_inline
def _fused_run(rule, obj, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms,
               diverged_at):  # pragma: no cover - compiled
    """gdbook.run's loop for ``x0`` of shape (R, 2); fills xs[1:], losses[1:], grad_norms, diverged_at.

    ``coef[t - 1]`` holds update t's (eta, c1, c2, 1 - eta * weight_decay) (Adam) or (eta, ...)
    (SGD); ``hp`` the constants: Adam (beta1, 1 - beta1, beta2, 1 - beta2, eps, weight_decay),
    SGD (momentum, 1 - dampening, weight_decay); ``flag`` is ``decoupled_weight_decay`` (Adam) or
    ``nesterov`` (SGD); ``a, b`` Rosenbrock's parameters; ``thr`` the divergence threshold (inf
    if none). A run that diverges at step t keeps its values at t and gets nan afterwards, and
    waits at its x0 while the other runs of its block go on, as in the numpy loop.
    """
    n_runs = x0.shape[0]
    steps = coef.shape[0]
    nan = np.nan
    size = min(BLOCK, n_runs)
    U, W, F, G = np.empty(size), np.empty(size), np.empty(size), np.empty(size)
    A0, A1, B0, B1 = np.empty(size), np.empty(size), np.empty(size), np.empty(size)
    C0, C1 = np.empty(size), np.empty(size)
    alive = np.empty(size, np.bool_)
    h0, h1, h2, h3, h4, h5 = hp[0], hp[1], hp[2], hp[3], hp[4], hp[5]
    for s in range(0, n_runs, size):
        n = min(size, n_runs - s)
        for i in range(n):
            U[i] = x0[s + i, 0]
            W[i] = x0[s + i, 1]
            A0[i] = 0.0
            A1[i] = 0.0
            B0[i] = 0.0
            B1[i] = 0.0
            C0[i] = 0.0
            C1[i] = 0.0
            alive[i] = True
            diverged_at[s + i] = -1
        n_alive = n
        for t in range(1, steps + 1):
            eta, c1, c2, decay = coef[t - 1, 0], coef[t - 1, 1], coef[t - 1, 2], coef[t - 1, 3]
            # every run of the block, alive or waiting, without branches (vectorised)
            if rule == SGD:
                first = t == 1
                for i in range(n):
                    u, w = U[i], W[i]
                    g0, g1 = _grad(obj, a, b, u, w)
                    G[i] = np.sqrt(g0 * g0 + g1 * g1)
                    u, A0[i] = _sgd(u, g0, A0[i], first, flag, eta, h0, h1, h2)
                    w, A1[i] = _sgd(w, g1, A1[i], first, flag, eta, h0, h1, h2)
                    F[i] = _value(obj, a, b, u, w)
                    U[i], W[i] = u, w
            elif rule == ADAM:
                for i in range(n):
                    u, w = U[i], W[i]
                    g0, g1 = _grad(obj, a, b, u, w)
                    G[i] = np.sqrt(g0 * g0 + g1 * g1)
                    u, A0[i], B0[i], _ = _adam(u, g0, A0[i], B0[i], 0.0, False, flag, eta, decay, c1, c2,
                                               h0, h1, h2, h3, h4, h5)
                    w, A1[i], B1[i], _ = _adam(w, g1, A1[i], B1[i], 0.0, False, flag, eta, decay, c1, c2,
                                               h0, h1, h2, h3, h4, h5)
                    F[i] = _value(obj, a, b, u, w)
                    U[i], W[i] = u, w
            else:  # ADAM_AMSGRAD
                for i in range(n):
                    u, w = U[i], W[i]
                    g0, g1 = _grad(obj, a, b, u, w)
                    G[i] = np.sqrt(g0 * g0 + g1 * g1)
                    u, A0[i], B0[i], C0[i] = _adam(u, g0, A0[i], B0[i], C0[i], True, flag, eta, decay, c1,
                                                   c2, h0, h1, h2, h3, h4, h5)
                    w, A1[i], B1[i], C1[i] = _adam(w, g1, A1[i], B1[i], C1[i], True, flag, eta, decay, c1,
                                                   c2, h0, h1, h2, h3, h4, h5)
                    F[i] = _value(obj, a, b, u, w)
                    U[i], W[i] = u, w
            # record step t; the runs that are alive at its start keep their values
            gn_t = grad_norms[t - 1]
            loss_t = losses[t]
            write_x = record or t == steps
            x_t = xs[t if record else 1]
            if n_alive == n:
                bad = False
                for i in range(n):
                    f = F[i]
                    gn_t[s + i] = G[i]
                    loss_t[s + i] = f
                    bad |= not (np.isfinite(U[i]) and np.isfinite(W[i]) and np.isfinite(f) and f <= thr)
                if write_x:
                    for i in range(n):
                        x_t[s + i, 0] = U[i]
                        x_t[s + i, 1] = W[i]
                if not bad:
                    continue
            else:
                for i in range(n):
                    if alive[i]:
                        gn_t[s + i] = G[i]
                        loss_t[s + i] = F[i]
                    else:
                        gn_t[s + i] = nan
                        loss_t[s + i] = nan
                if write_x:
                    for i in range(n):
                        x_t[s + i, 0] = U[i] if alive[i] else nan
                        x_t[s + i, 1] = W[i] if alive[i] else nan
            # divergence: stop the runs whose x or loss is not finite or whose loss is above thr
            for i in range(n):
                if alive[i]:
                    f = F[i]
                    if not (np.isfinite(U[i]) and np.isfinite(W[i]) and np.isfinite(f) and f <= thr):
                        alive[i] = False
                        diverged_at[s + i] = t
                        n_alive -= 1
                        U[i] = x0[s + i, 0]  # wait at x0 (finite), masked out
                        W[i] = x0[s + i, 1]
            if n_alive == 0:  # every run of the block stopped: the rest of its entries are nan
                for tt in range(t + 1, steps + 1):
                    for i in range(n):
                        grad_norms[tt - 1, s + i] = nan
                        losses[tt, s + i] = nan
                        if record:
                            xs[tt, s + i, 0] = nan
                            xs[tt, s + i, 1] = nan
                if not record and t < steps:
                    for i in range(n):
                        xs[1, s + i, 0] = nan
                        xs[1, s + i, 1] = nan
                break


# One kernel per (rule, objective). Arguments: x0 (R, 2), coef (T, 4), hp (6,), flag (bool),
# a, b, thr (float), record (bool); outputs xs (T + 1 or 2, R, 2), losses (T + 1, R),
# grad_norms (T, R), diverged_at (R,) int64.


@_kernel
def adam_beale(x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at):  # pragma: no cover
    _fused_run(ADAM, BEALE, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at)


@_kernel
def adam_rosenbrock(x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at):  # pragma: no cover
    _fused_run(ADAM, ROSENBROCK, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at)


@_kernel
def amsgrad_beale(x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at):  # pragma: no cover
    _fused_run(ADAM_AMSGRAD, BEALE, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms,
               diverged_at)


@_kernel
def amsgrad_rosenbrock(x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms,
                       diverged_at):  # pragma: no cover
    _fused_run(ADAM_AMSGRAD, ROSENBROCK, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms,
               diverged_at)


@_kernel
def sgd_beale(x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at):  # pragma: no cover
    _fused_run(SGD, BEALE, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at)


@_kernel
def sgd_rosenbrock(x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at):  # pragma: no cover
    _fused_run(SGD, ROSENBROCK, x0, coef, hp, flag, a, b, thr, record, xs, losses, grad_norms, diverged_at)


#: ``KERNELS[(rule, objective)]``: rule in ``"adam", "amsgrad", "sgd"``, objective in
#: ``"beale", "rosenbrock"``.
KERNELS = {
    ("adam", "beale"): adam_beale,
    ("adam", "rosenbrock"): adam_rosenbrock,
    ("amsgrad", "beale"): amsgrad_beale,
    ("amsgrad", "rosenbrock"): amsgrad_rosenbrock,
    ("sgd", "beale"): sgd_beale,
    ("sgd", "rosenbrock"): sgd_rosenbrock,
}
