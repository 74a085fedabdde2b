"""gdbook.fast: the blocked in-place kernels give the readable rules' results, option by option.

Every case runs 25 updates with fresh seeded gradients from the same start, once through the
readable rule of gdbook.optimizers and once through the fast path, and compares the parameters
and every state field after every update. The fast kernels do the same floating-point operations
in the same order, so the comparison is exact (``assert_array_equal``, which treats -0.0 == 0.0);
that is stronger than the rtol=1e-14 the kernels promise.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

import gdbook
from gdbook import fast, functions, optimizers, schedules

STEPS = 25
BACKENDS = [
    "numpy",
    pytest.param("numba", marks=pytest.mark.skipif(fast.available_backends() == ("numpy",),
                                                   reason="numba is not installed (extra `fast`)")),
]

ADAM_CASES = {
    "default": dict(lr=1e-3),
    "large_lr": dict(lr=0.1, betas=(0.8, 0.99)),
    "eps": dict(lr=0.01, eps=1e-3),
    "l2_weight_decay": dict(lr=0.01, weight_decay=0.1),
    "amsgrad": dict(lr=0.01, amsgrad=True),
    "amsgrad_l2": dict(lr=0.01, amsgrad=True, weight_decay=0.05),
    "no_bias_correction": dict(lr=0.01, bias_correction=False),
    "no_bias_correction_amsgrad": dict(lr=0.01, bias_correction=False, amsgrad=True),
    "beta1_zero": dict(lr=0.01, betas=(0.0, 0.999)),
}
ADAMW_CASES = {
    "default": dict(lr=1e-3),
    "strong_decay": dict(lr=0.05, weight_decay=0.5),
    "no_decay": dict(lr=0.01, weight_decay=0.0),
    "amsgrad": dict(lr=0.01, weight_decay=0.1, amsgrad=True),
}
SGD_CASES = {
    "plain": dict(lr=0.1),
    "plain_weight_decay": dict(lr=0.1, weight_decay=0.01),
    "momentum": dict(lr=0.05, momentum=0.9),
    "momentum_dampening": dict(lr=0.05, momentum=0.9, dampening=0.5),
    "momentum_weight_decay": dict(lr=0.05, momentum=0.9, weight_decay=0.1),
    "nesterov": dict(lr=0.05, momentum=0.9, nesterov=True),
    "nesterov_weight_decay": dict(lr=0.05, momentum=0.5, nesterov=True, weight_decay=0.1),
    "dampening_without_momentum": dict(lr=0.1, dampening=0.3),  # torch ignores dampening here
}
# (shape, block_size): one block, several blocks with a remainder, leading run axes, the default
# block size crossed by a large vector
SHAPES = [((7,), None), ((5, 3), 4), ((2, 3, 4), 5), ((20_000,), None)]


def _gradients(shape, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 3) for _ in range(STEPS)]


def _start(shape, seed=1):
    return np.random.default_rng(seed).standard_normal(shape)


def _assert_same(actual, expected, what):
    np.testing.assert_array_equal(actual, expected, err_msg=what)
    np.testing.assert_allclose(actual, expected, rtol=1e-14, atol=0, err_msg=what)


def _readable_trajectory(opt, x0, grads):
    x, state = x0, opt.init(x0)
    out = []
    for g in grads:
        x, state = opt.step(x, g, state)
        out.append((x, state))
    return out


# --- in-place kernels against the readable rules --------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("shape, block_size", SHAPES)
@pytest.mark.parametrize("decoupled, case", [(False, k) for k in ADAM_CASES] + [(True, k) for k in ADAMW_CASES])
def test_adam_inplace_equals_readable(decoupled, case, shape, block_size, backend):
    kwargs = (ADAMW_CASES if decoupled else ADAM_CASES)[case]
    ref = (optimizers.adamw if decoupled else optimizers.adam)(**kwargs)
    hp = ref.hyperparams
    x0, grads = _start(shape), _gradients(shape, seed=2)
    expected = _readable_trajectory(ref, x0, grads)

    x, m, v, v_max = x0.copy(), np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for t, (g, (x_ref, s_ref)) in enumerate(zip(grads, expected), start=1):
        g_before = g.copy()
        fast.adam_step_inplace(
            x, g, m, v, t=t, lr=hp["lr"], betas=hp["betas"], eps=hp["eps"],
            weight_decay=hp["weight_decay"], amsgrad=hp["amsgrad"], v_max=v_max,
            bias_correction=hp.get("bias_correction", True), decoupled_weight_decay=decoupled,
            block_size=block_size, backend=backend,
        )
        np.testing.assert_array_equal(g, g_before, err_msg="the kernel must not change g")
        _assert_same(x, x_ref, f"x after update {t}")
        _assert_same(m, s_ref.m, f"m after update {t}")
        _assert_same(v, s_ref.v, f"v after update {t}")
        if hp["amsgrad"]:
            _assert_same(v_max, s_ref.v_max, f"v_max after update {t}")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("shape, block_size", SHAPES)
@pytest.mark.parametrize("case", list(SGD_CASES))
def test_sgd_inplace_equals_readable(case, shape, block_size, backend):
    ref = optimizers.sgd(**SGD_CASES[case])
    hp = ref.hyperparams
    x0, grads = _start(shape), _gradients(shape, seed=3)
    expected = _readable_trajectory(ref, x0, grads)

    x, v = x0.copy(), np.zeros(shape)
    for t, (g, (x_ref, s_ref)) in enumerate(zip(grads, expected), start=1):
        fast.sgd_step_inplace(
            x, g, v, t=t, lr=hp["lr"], momentum=hp["momentum"], dampening=hp["dampening"],
            weight_decay=hp["weight_decay"], nesterov=hp["nesterov"], block_size=block_size,
            backend=backend,
        )
        _assert_same(x, x_ref, f"x after update {t}")
        _assert_same(v, s_ref.v, f"v after update {t}")


# --- pure optimizers: same API, same results, inputs untouched --------------------------------


PURE_CASES = (
    [("adam", k, v) for k, v in ADAM_CASES.items()]
    + [("adamw", k, v) for k, v in ADAMW_CASES.items()]
    + [("sgd", k, v) for k, v in SGD_CASES.items()]
)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("shape", [(3,), (4, 2), (20_000,)])
@pytest.mark.parametrize("name, case, kwargs", PURE_CASES, ids=[f"{n}-{c}" for n, c, _ in PURE_CASES])
def test_pure_optimizer_equals_readable(name, case, kwargs, shape, backend):
    ref, opt = getattr(optimizers, name)(**kwargs), getattr(fast, name)(**kwargs, backend=backend)
    assert (opt.name, opt.label, opt.hyperparams) == (ref.name, ref.label, ref.hyperparams)
    x0, grads = _start(shape), _gradients(shape, seed=4)
    expected = _readable_trajectory(ref, x0, grads)
    x, state = x0, opt.init(x0)
    for t, (g, (x_ref, s_ref)) in enumerate(zip(grads, expected), start=1):
        x_before, fields_before = x.copy(), [np.copy(f) for f in state]
        x_new, state_new = opt.step(x, g, state)
        np.testing.assert_array_equal(x, x_before, err_msg="step must not change x")
        for before, after in zip(fields_before, state):
            np.testing.assert_array_equal(after, before, err_msg="step must not change the state")
        assert type(state_new) is type(s_ref) and state_new.t == s_ref.t == t
        _assert_same(x_new, x_ref, f"x after update {t}")
        for field in s_ref._fields[1:]:
            _assert_same(getattr(state_new, field), getattr(s_ref, field), f"state.{field} after update {t}")
            if isinstance(getattr(state_new, field), np.ndarray):
                assert not getattr(state_new, field).flags.writeable, "states are immutable"
        x, state = x_new, state_new


def test_pure_optimizer_with_schedule_and_per_run_lr():
    sched = schedules.cosine_annealing(0.1, T_max=STEPS)
    per_run = np.array([[0.01], [0.1]])
    for kwargs, shape in ((dict(lr=sched), (6,)), (dict(lr=per_run), (2, 3))):
        for name in ("adam", "sgd"):
            extra = dict(momentum=0.9) if name == "sgd" else {}
            ref = getattr(optimizers, name)(**kwargs, **extra)
            opt = getattr(fast, name)(**kwargs, **extra)
            x0, grads = _start(shape), _gradients(shape, seed=5)
            x, state = x0, opt.init(x0)
            for g, (x_ref, s_ref) in zip(grads, _readable_trajectory(ref, x0, grads)):
                x, state = opt.step(x, g, state)
                _assert_same(x, x_ref, f"{name} with lr={kwargs['lr']!r}")


def test_fast_optimizer_inside_run_gives_the_same_run():
    """gdbook.run with fast.adam / fast.sgd reproduces the readable run (batched, with divergence)."""
    beale = functions.Beale()
    x0 = np.random.default_rng(0).uniform(-4.5, 4.5, size=(64, 2))
    for ref, opt in ((optimizers.adam(lr=0.05), fast.adam(lr=0.05)),
                     (optimizers.sgd(lr=1e-3, momentum=0.9), fast.sgd(lr=1e-3, momentum=0.9))):
        a, b = gdbook.run(ref, beale, x0, 200), gdbook.run(opt, beale, x0, 200)
        np.testing.assert_array_equal(b.x, a.x)
        np.testing.assert_array_equal(b.loss, a.loss)
        np.testing.assert_array_equal(b.diverged_at, a.diverged_at)
    assert a.diverged.any() and not a.diverged.all()  # the SGD case really exercises divergence


# --- errors ---------------------------------------------------------------------------------


def test_inplace_rejects_what_it_cannot_overwrite():
    x, g, m, v = np.ones(4), np.ones(4), np.zeros(4), np.zeros(4)
    frozen = optimizers.adam().init(x)
    with pytest.raises(ValueError, match="m is read-only"):
        fast.adam_step_inplace(x, g, frozen.m, v, t=1, lr=0.1)
    with pytest.raises(TypeError, match="x must be a float64 numpy array"):
        fast.adam_step_inplace(x.astype(np.float32), g, m, v, t=1, lr=0.1)
    with pytest.raises(TypeError, match="g must be a float64 numpy array, got list"):
        fast.sgd_step_inplace(x, [1.0, 1.0, 1.0, 1.0], v, t=1, lr=0.1)
    with pytest.raises(ValueError, match=r"v has shape \(3,\) but x has shape \(4,\)"):
        fast.sgd_step_inplace(x, g, np.zeros(3), t=1, lr=0.1)
    with pytest.raises(ValueError, match="C-contiguous"):
        fast.sgd_step_inplace(np.ones(8)[::2], g, v, t=1, lr=0.1)
    with pytest.raises(ValueError, match="amsgrad=True needs v_max"):
        fast.adam_step_inplace(x, g, m, v, t=1, lr=0.1, amsgrad=True)
    with pytest.raises(ValueError, match="t must be an integer >= 1"):
        fast.adam_step_inplace(x, g, m, v, t=0, lr=0.1)
    with pytest.raises(ValueError, match="one learning rate"):
        fast.sgd_step_inplace(x, g, v, t=1, lr=np.full((4,), 0.1))
    with pytest.raises(ValueError, match="block_size must be a positive integer"):
        fast.sgd_step_inplace(x, g, v, t=1, lr=0.1, block_size=0)


def test_pure_step_checks_like_the_readable_step():
    opt, ref = fast.adam(lr=0.1), optimizers.adam(lr=0.1)
    x = np.array([1.0, 2.0])
    for bad_x, bad_g, state in (
        (np.array([np.nan, 1.0]), np.ones(2), opt.init(x)),
        (x, np.ones(3), opt.init(x)),
        (x, np.ones(2), optimizers.sgd(lr=0.1).init(x)),
    ):
        with pytest.raises((ValueError, TypeError)) as fast_err:
            opt.step(bad_x, bad_g, state)
        with pytest.raises((ValueError, TypeError)) as ref_err:
            ref.step(bad_x, bad_g, state)
        assert (type(fast_err.value), str(fast_err.value)) == (type(ref_err.value), str(ref_err.value))
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        fast.sgd(lr=-0.1)


# --- dependencies ----------------------------------------------------------------------------


def test_fast_path_needs_only_numpy():
    """Without numba (extra `fast`) gdbook.fast falls back to its numpy kernels, same numbers."""
    code = (
        "import sys\n"
        "sys.modules['numba'] = None; sys.modules['numexpr'] = None  # as if not installed\n"
        "import numpy as np\n"
        "from gdbook import fast, optimizers\n"
        "assert fast.default_backend() == 'numpy', fast.default_backend()\n"
        "assert fast.available_backends() == ('numpy',)\n"
        "x, g, m, v = np.ones(5), np.ones(5), np.zeros(5), np.zeros(5)\n"
        "fast.adam_step_inplace(x, g, m, v, t=1, lr=0.5, backend='numba')  # asks for numba, gets numpy\n"
        "assert np.allclose(x, 0.5), x\n"
        "ref, opt = optimizers.sgd(lr=0.1, momentum=0.9), fast.sgd(lr=0.1, momentum=0.9)\n"
        "a, sa = ref.step(np.ones(3), np.ones(3), ref.init(np.ones(3)))\n"
        "b, sb = opt.step(np.ones(3), np.ones(3), opt.init(np.ones(3)))\n"
        "assert np.array_equal(a, b) and np.array_equal(sa.v, sb.v)\n"
        "assert not any(k in sys.modules and sys.modules[k] is not None for k in ('numba', 'numexpr'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_gdbook_fast_does_not_import_numba():
    code = "import sys, gdbook.fast; assert 'numba' not in sys.modules, 'numba imported eagerly'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_backend_is_rejected():
    with pytest.raises(ValueError, match="backend must be one of"):
        fast.adam(backend="cuda")
    with pytest.raises(ValueError, match="backend must be one of"):
        fast.sgd_step_inplace(np.ones(2), np.ones(2), np.zeros(2), t=1, lr=0.1, backend="numexpr")


def test_numexpr_alternative_agrees_when_installed():
    """The numexpr kernel measured in benchmarks/ computes the same Adam update (rtol 1e-14)."""
    pytest.importorskip("numexpr")
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    try:
        kernels = pytest.importorskip("benchmarks.kernels")
    finally:
        sys.path.pop(0)
    shape = (10_000,)
    x0, grads = _start(shape), _gradients(shape, seed=6)
    ref = optimizers.adam(lr=0.01)
    x, m, v = x0.copy(), np.zeros(shape), np.zeros(shape)
    for t, (g, (x_ref, s_ref)) in enumerate(zip(grads, _readable_trajectory(ref, x0, grads)), start=1):
        kernels.adam_numexpr(x, g, m, v, t=t, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8)
        np.testing.assert_allclose(x, x_ref, rtol=1e-14, atol=0)
        np.testing.assert_allclose(v, s_ref.v, rtol=1e-14, atol=0)


# --- the fused run: gdbook.run's whole loop in one compiled kernel ---------------------------
#
# gdbook.run(fused=True) and gdbook.run(fused=False) must give the same RunResult, bitwise:
# the kernel evaluates the readable expressions in the same order (fastmath off), so every
# entry is equal and even the signs of zeros agree (checked with np.signbit).

needs_numba = pytest.mark.skipif(fast.available_backends() == ("numpy",),
                                 reason="numba is not installed (extra `fast`)")
RESULT_FIELDS = ("x", "loss", "grad_norm", "lr", "diverged", "diverged_at")

FUSED_OPTIMIZERS = {
    "adam": lambda: optimizers.adam(lr=0.05),
    "adam_l2": lambda: optimizers.adam(lr=0.05, weight_decay=0.05),
    "adam_no_bias_correction": lambda: optimizers.adam(lr=0.02, bias_correction=False),
    "adamw": lambda: optimizers.adamw(lr=0.05, weight_decay=0.1),
    "amsgrad": lambda: optimizers.adam(lr=0.05, amsgrad=True, weight_decay=0.01),
    "adamw_amsgrad": lambda: optimizers.adamw(lr=0.05, amsgrad=True),
    "sgd": lambda: optimizers.sgd(lr=1e-3),
    "momentum": lambda: optimizers.sgd(lr=1e-3, momentum=0.9, weight_decay=0.01),
    "momentum_dampening": lambda: optimizers.sgd(lr=1e-3, momentum=0.9, dampening=0.3),
    "nesterov": lambda: optimizers.sgd(lr=1e-3, momentum=0.9, nesterov=True),
    "sgd_schedule": lambda: optimizers.sgd(lr=schedules.cosine_annealing(2e-3, T_max=60), momentum=0.5),
    "adam_schedule": lambda: optimizers.adam(lr=schedules.step_decay(0.1, step_size=20, gamma=0.5)),
    "fast.adam": lambda: fast.adam(lr=0.05),
    "fast.sgd": lambda: fast.sgd(lr=1e-3, momentum=0.9),
}
FUSED_OBJECTIVES = {
    "beale": functions.Beale,
    "rosenbrock": functions.Rosenbrock,
    "rosenbrock_a2_b10": lambda: functions.Rosenbrock(a=2.0, b=10.0),
}


def _assert_same_result(a, b):
    for name in RESULT_FIELDS:
        va, vb = np.asarray(getattr(a, name)), np.asarray(getattr(b, name))
        assert va.shape == vb.shape and va.dtype == vb.dtype, name
        np.testing.assert_array_equal(va, vb, err_msg=name)
        if va.dtype.kind == "f":
            np.testing.assert_array_equal(np.signbit(va), np.signbit(vb), err_msg=f"{name}: sign of zero")
    assert (a.optimizer, a.objective, a.divergence_threshold) == (b.optimizer, b.objective, b.divergence_threshold)


def _fused_and_numpy(opt, f, x0, steps, **kwargs):
    assert fast.run_engine(opt, f, x0, steps, fused=True, **kwargs) == "numba"
    assert fast.run_engine(opt, f, x0, steps, fused=False, **kwargs) == "numpy"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning may leak from either loop
        a = gdbook.run(opt, f, x0, steps, fused=True, **kwargs)
        b = gdbook.run(opt, f, x0, steps, fused=False, **kwargs)
    _assert_same_result(a, b)
    return a


@needs_numba
@pytest.mark.parametrize("obj", list(FUSED_OBJECTIVES))
@pytest.mark.parametrize("opt", list(FUSED_OPTIMIZERS))
def test_fused_run_equals_numpy_loop(opt, obj):
    f = FUSED_OBJECTIVES[obj]()
    # starting points spread wide enough that SGD diverges on some of them (Beale and Rosenbrock
    # grow like x^6 and x^4)
    x0 = np.random.default_rng(7).uniform(-4.5, 4.5, size=(3000, 2))
    res = _fused_and_numpy(FUSED_OPTIMIZERS[opt](), f, x0, 60)
    if opt.startswith(("sgd", "momentum", "nesterov", "fast.sgd")) and obj != "rosenbrock_a2_b10":
        assert res.diverged.any() and not res.diverged.all()  # the divergence path is exercised
    res = _fused_and_numpy(FUSED_OPTIMIZERS[opt](), f, x0[:5], 40, record=False)
    assert res.x.shape == (2, 5, 2)


@needs_numba
@pytest.mark.parametrize("block", [7, 64])
def test_fused_run_over_several_blocks(block, monkeypatch):
    """Runs are computed block by block (gdbook._fused.BLOCK runs): with small blocks, and with a
    block whose runs all stop early while the next blocks go on. (The kernel reads BLOCK when it
    is compiled, so the test compiles a copy, uncached.)"""
    from gdbook import _fused

    beale = functions.Beale()
    x0 = np.random.default_rng(5).uniform(-4.5, 4.5, size=(150, 2))
    x0[:7] = [[4.4, 4.4], [4.3, 4.4], [4.4, 4.3], [4.2, 4.4], [4.4, 4.2], [4.1, 4.4], [4.4, 4.1]]
    for opt in (optimizers.sgd(lr=1e-3, momentum=0.9), optimizers.adam(lr=0.05, amsgrad=True)):
        expected = gdbook.run(opt, beale, x0, 40, fused=False)
        key = fast._fused_plan(opt, beale, x0.shape, 40, clip_norm=None, clip_value=None, batch_size=None).kernel
        monkeypatch.setitem(_fused.KERNELS, key, _recompiled(_fused.KERNELS[key], block))
        got = gdbook.run(opt, beale, x0, 40, fused=True)
        monkeypatch.undo()
        _assert_same_result(got, expected)
        if opt.name == "momentum":  # the first block (of 7) stops completely, the others go on
            assert expected.diverged[:7].all() and not expected.diverged.all()


def _recompiled(kernel, block):
    import numba

    from gdbook import _fused

    glob = dict(_fused.__dict__, BLOCK=block)
    inner = numba.njit(inline="always", fastmath=False, error_model="numpy", boundscheck=False)(
        type(_fused._fused_run.py_func)(_fused._fused_run.py_func.__code__, glob, "_fused_run"))
    glob["_fused_run"] = inner
    return numba.njit(fastmath=False, error_model="numpy", boundscheck=False)(
        type(kernel.py_func)(kernel.py_func.__code__, glob, kernel.py_func.__name__))


@needs_numba
@pytest.mark.parametrize("record", [True, False])
def test_fused_run_divergence_threshold_and_early_end(record):
    beale = functions.Beale()
    x0 = np.random.default_rng(1).uniform(-2.0, 2.0, size=(2500, 2))
    x0 = x0[beale(x0) < 200.0]
    res = _fused_and_numpy(optimizers.sgd(lr=2e-3, momentum=0.9), beale, x0, 80, divergence_threshold=200.0,
                           record=record)
    assert res.diverged.any() and not res.diverged.all()
    above = res.loss[res.diverged_at[res.diverged], np.flatnonzero(res.diverged)]
    assert np.all((above > 200.0) | ~np.isfinite(above))
    # every run diverges: the run ends early, and the fused kernel fills the rest with nan
    res = _fused_and_numpy(optimizers.sgd(lr=0.5), beale, np.full((3, 2), 3.0) + [[0.0], [0.1], [0.2]], 50,
                           record=record)
    assert res.diverged.all() and res.diverged_at.max() < 50
    assert np.all(np.isnan(res.lr[res.diverged_at.max():])) and np.all(np.isnan(res.x_final))


@needs_numba
@pytest.mark.parametrize("shape", [(2,), (1, 2), (3, 4, 2), (2, 1, 3, 2)])
def test_fused_run_shapes_of_runs(shape):
    x0 = np.random.default_rng(3).uniform(-3.0, 3.0, size=shape)
    res = _fused_and_numpy(optimizers.adam(lr=0.05), functions.Beale(), x0, 30)
    assert res.x.shape == (31, *shape) and res.loss.shape == (31, *shape[:-1])
    if shape == (2,):
        assert isinstance(res.diverged, bool) and isinstance(res.diverged_at, int)
    # the runs of a batch are the runs done one by one
    for idx in np.ndindex(*shape[:-1]):
        single = gdbook.run(optimizers.adam(lr=0.05), functions.Beale(), x0[idx], 30, fused=True)
        np.testing.assert_array_equal(res.x[(slice(None), *idx)], single.x)


def test_run_engine_picks_the_numpy_loop_when_no_kernel_applies():
    beale, x0 = functions.Beale(), np.zeros((10, 2))
    adam = optimizers.adam(lr=0.01)

    class MyBeale(functions.Beale):  # a subclass may change anything: not fused
        pass

    patched = functions.Beale()
    patched._grad = lambda x: 2 * x
    custom_init = adam._replace(init=lambda x: optimizers.AdamState(0, np.ones_like(x), np.ones_like(x),
                                                                     np.zeros_like(x)))
    unsupported = [
        (optimizers.rmsprop(lr=0.01), beale, x0, {}),
        (optimizers.nadam(), beale, x0, {}),
        (optimizers.nesterov_lookahead(lr=0.01, momentum=0.9), beale, x0, {}),  # its own eval_point
        (custom_init, beale, x0, {}),
        (optimizers.adam(lr=np.full((10, 1), 0.01)), beale, x0, {}),       # one lr per run
        (optimizers.sgd(lr=lambda k: np.full((10, 1), 0.01)), beale, x0, {}),  # a schedule of arrays
        (adam, MyBeale(), x0, {}),
        (adam, patched, x0, {}),
        (adam, functions.note_quadratic(), x0, {}),
        (adam, functions.Quadratic(np.eye(3)), np.zeros((10, 3)), {}),
        (adam, beale, x0, dict(clip_norm=1.0)),
        (adam, beale, x0, dict(clip_value=1.0)),
        (adam, beale, x0, dict(fused=False)),
    ]
    for opt, f, x, kw in unsupported:
        assert fast.run_engine(opt, f, x, 100, **{"fused": True, **kw}) == "numpy", (opt, f, kw)
    ls = functions.LeastSquares(n_samples=20, n_features=2)
    assert fast.run_engine(adam, ls, x0, 100, batch_size=4, fused=True) == "numpy"
    assert fast.run_engine(adam, beale, x0, 0, fused=True) == "numpy"  # nothing to run


@needs_numba
def test_run_engine_automatic_choice(monkeypatch):
    """fused=None: the kernel once this process has it, or once the runs it could have taken add
    up to FUSED_MIN_WORK run-steps (about the cost of loading it); the numpy loop before."""
    beale, adam = functions.Beale(), optimizers.adam(lr=0.01)
    big = np.zeros((fast.FUSED_MIN_WORK // 100, 2))
    assert fast.run_engine(adam, beale, big, 100) == "numba"
    assert fast.run_engine(adam, beale, np.zeros((2, 2)), 100, fused=True) == "numba"
    monkeypatch.setattr(fast, "_kernel_ready", lambda key: False)  # as in a fresh process
    monkeypatch.setattr(fast, "_numpy_work", 0)
    assert fast.run_engine(adam, beale, np.zeros((2, 2)), 100) == "numpy"
    assert fast.run_engine(adam, beale, big, 100) == "numba"
    half = np.random.default_rng(0).uniform(-1, 1, size=(fast.FUSED_MIN_WORK // 200, 2))
    assert fast.run_engine(adam, beale, half, 100) == "numpy"
    gdbook.run(adam, beale, half[:10], 100)  # small runs count too, but only gdbook.run counts
    assert fast._numpy_work == 1000
    monkeypatch.setattr(fast, "_numpy_work", fast.FUSED_MIN_WORK // 2)  # as after a big numpy run
    assert fast.run_engine(adam, beale, half, 100) == "numba"
    assert fast.run_engine(optimizers.rmsprop(), beale, half, 100) == "numpy"  # no kernel: no change
    monkeypatch.setattr(fast, "_kernel_ready", lambda key: True)
    monkeypatch.setattr(fast, "_numpy_work", 0)
    assert fast.run_engine(adam, beale, np.zeros((2, 2)), 100) == "numba"


def test_fused_run_with_a_failing_schedule_fails_like_the_numpy_loop():
    """A schedule that raises at step 30 of 50: the kernel is not used (its learning rates are
    computed up front) and the numpy loop raises at that step; if every run stops before, no error."""
    def sched(k):
        if k >= 30:
            raise ValueError("no learning rate after 30 steps")
        return 0.01

    beale = functions.Beale()
    assert fast.run_engine(optimizers.adam(lr=sched), beale, np.zeros((4, 2)), 50, fused=True) == "numpy"
    with pytest.raises(ValueError, match="no learning rate after 30 steps"):
        gdbook.run(optimizers.adam(lr=sched), beale, np.zeros((4, 2)), 50, fused=True)
    res = gdbook.run(optimizers.sgd(lr=sched), beale, np.full((2, 2), 3.0), 50, fused=True)
    assert res.diverged.all() and res.diverged_at.max() < 30


def test_run_rejects_a_non_bool_fused():
    with pytest.raises(TypeError, match="fused must be True or False"):
        gdbook.run(optimizers.adam(), functions.Beale(), [1.0, 1.0], 3, fused=1)


def test_fused_request_without_numba_runs_the_numpy_loop():
    """Without numba gdbook.run(fused=True) still runs (the numpy loop), and never imports numba."""
    code = (
        "import sys\n"
        "sys.modules['numba'] = None  # as if not installed\n"
        "import numpy as np, gdbook\n"
        "from gdbook import fast, functions, optimizers\n"
        "x0 = np.random.default_rng(0).uniform(-4, 4, size=(50, 2))\n"
        "opt, f = optimizers.adam(lr=0.01), functions.Beale()\n"
        "assert fast.run_engine(opt, f, x0, 20, fused=True) == 'numpy'\n"
        "a = gdbook.run(opt, f, x0, 20, fused=True)\n"
        "b = gdbook.run(opt, f, x0, 20, fused=False)\n"
        "assert np.array_equal(a.x, b.x) and np.array_equal(a.grad_norm, b.grad_norm)\n"
        "assert not any(k in sys.modules and sys.modules[k] is not None for k in ('numba', 'gdbook._fused'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_small_runs_do_not_import_numba():
    """Runs below FUSED_MIN_WORK in a fresh process stay in numpy: numba is not even imported."""
    code = (
        "import sys, numpy as np, gdbook\n"
        "from gdbook import functions, optimizers\n"
        "gdbook.run(optimizers.adam(lr=0.01), functions.Beale(), np.zeros((10, 2)), 100)\n"
        "gdbook.run(optimizers.sgd(lr=0.1), functions.note_quadratic(), [0.0, 0.0], 100)\n"
        "assert 'numba' not in sys.modules, 'numba imported by a small run'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
