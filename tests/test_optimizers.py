"""Behaviour of gdbook.optimizers that needs no torch: shapes, batching, lr forms, independent references."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cases import CASES, INERT_OPTIONS
from gdbook import optimizers as O

FACTORIES = [O.sgd, O.nesterov_lookahead, O.adagrad, O.rmsprop, O.adam, O.adamw, O.nadam, O.adadelta]
# One representative configuration per factory with every stateful option switched on.
RICH = {
    "sgd-heavy_ball": (O.sgd, dict(lr=0.05, momentum=0.9, dampening=0.2, weight_decay=0.1)),
    "sgd-nesterov": (O.sgd, dict(lr=0.05, momentum=0.9, nesterov=True)),
    "nesterov_lookahead": (O.nesterov_lookahead, dict(lr=0.05, momentum=0.9)),
    "adagrad": (O.adagrad, dict(lr=0.3, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.2)),
    "rmsprop": (O.rmsprop, dict(lr=0.01, momentum=0.5, centered=True, weight_decay=0.1)),
    "adam": (O.adam, dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
    "adam-no_bias_correction": (O.adam, dict(lr=0.05, bias_correction=False)),
    "adamw": (O.adamw, dict(lr=0.05, amsgrad=True, weight_decay=0.3)),
    "nadam": (O.nadam, dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True)),
    "adadelta": (O.adadelta, dict(lr=1.0, weight_decay=0.1)),
}


def seeded_problem(seed, shape, steps):
    rng = np.random.default_rng(seed)
    d = shape[-1]
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    A = q @ np.diag(np.linspace(0.5, 3.0, d)) @ q.T
    c = rng.standard_normal(shape)
    noise = 0.5 * rng.standard_normal((steps, *shape))
    x0 = rng.standard_normal(shape)
    return x0, (lambda x, k: (x - c) @ A + noise[k])


def run(opt, x0, grad, steps):
    """Trajectory (steps+1, *x0.shape) and final state of opt from x0."""
    x, state = np.array(x0, dtype=float), opt.init(x0)
    xs = [x]
    for k in range(steps):
        x, state = opt.step(x, grad(opt.eval_point(x, state), k), state)
        xs.append(x)
    return np.array(xs), state


def case_optimizer(case):
    kwargs = dict(case.kwargs)
    if case.lr_lambda is not None:
        base, f = kwargs["lr"], case.lr_lambda
        kwargs["lr"] = lambda k: base * f(k)
    return case.factory(**kwargs)


# ---------------------------------------------------------------------------------------------
# The library stays numpy-only.


def test_import_does_not_import_torch():
    code = "import gdbook, gdbook.optimizers, gdbook._validation, sys; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------
# Batching: leading axes are independent runs.


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_batched_step_equals_separate_runs(case):
    x0, grad = seeded_problem(1, (3, 5), 20)
    xs, state = run(case_optimizer(case), x0, grad, 20)
    for i in range(3):
        xs_i, state_i = run(case_optimizer(case), x0[i], lambda x, k: grad(np.broadcast_to(x, (3, 5)), k)[i], 20)
        np.testing.assert_array_equal(xs[:, i], xs_i)
        for field, value in zip(state._fields, state):
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(value[i], getattr(state_i, field))
            else:
                assert value == getattr(state_i, field)


@pytest.mark.parametrize("name", RICH)
def test_lr_column_equals_runs_with_scalar_lrs(name):
    factory, kwargs = RICH[name]
    lrs = np.array([0.5, 1.0, 2.0]) * kwargs["lr"]
    x0, grad = seeded_problem(2, (3, 4), 15)
    xs, _ = run(factory(**dict(kwargs, lr=lrs[:, None])), x0, grad, 15)
    for i, lr in enumerate(lrs):
        xs_i, _ = run(factory(**dict(kwargs, lr=float(lr))), x0[i], lambda x, k: grad(np.broadcast_to(x, (3, 4)), k)[i], 15)
        np.testing.assert_array_equal(xs[:, i], xs_i)
    assert not np.allclose(xs[:, 0], xs[:, 2])  # the learning rates really differ in effect


@pytest.mark.parametrize("name", RICH)
def test_any_leading_shape(name):
    factory, kwargs = RICH[name]
    x0, grad = seeded_problem(3, (2, 3, 4), 5)
    xs, state = run(factory(**kwargs), x0, grad, 5)
    assert xs.shape == (6, 2, 3, 4) and state.t == 5
    flat, _ = run(factory(**kwargs), x0.reshape(6, 4), lambda x, k: grad(x.reshape(2, 3, 4), k).reshape(6, 4), 5)
    np.testing.assert_array_equal(xs.reshape(6, 6, 4), flat)


@settings(max_examples=30, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=4),
    seed=st.integers(0, 2**16),
    name=st.sampled_from(sorted(RICH)),
)
def test_rows_are_independent_property(shape, seed, name):
    """Changing the gradient of one run never changes the other runs."""
    factory, kwargs = RICH[name]
    rng = np.random.default_rng(seed)
    x0 = rng.standard_normal(shape)
    grads = rng.standard_normal((4, *shape))
    grads2 = grads.copy()
    grads2[:, 0] = 10 * rng.standard_normal((4, *shape[1:]))
    xs, _ = run(factory(**kwargs), x0, lambda x, k: grads[k], 4)
    xs2, _ = run(factory(**kwargs), x0, lambda x, k: grads2[k], 4)
    np.testing.assert_array_equal(xs[:, 1:], xs2[:, 1:])


# ---------------------------------------------------------------------------------------------
# Learning-rate forms.


@pytest.mark.parametrize("name", RICH)
def test_constant_schedule_equals_float_lr(name):
    factory, kwargs = RICH[name]
    x0, grad = seeded_problem(4, (2, 3), 10)
    lr = kwargs["lr"]
    xs, _ = run(factory(**kwargs), x0, grad, 10)
    xs_sched, _ = run(factory(**dict(kwargs, lr=lambda k: lr)), x0, grad, 10)
    np.testing.assert_array_equal(xs, xs_sched)


def test_update_t_uses_schedule_of_t_minus_1():
    calls = []

    def schedule(k):
        calls.append(k)
        return 0.5 ** (k + 1)

    opt = O.sgd(lr=schedule)
    x, state = np.array([0.0]), opt.init(np.array([0.0]))
    steps = []
    for _ in range(4):
        x_new, state = opt.step(x, np.array([1.0]), state)
        steps.append(float(x[0] - x_new[0]))
        x = x_new
    assert steps == [0.5, 0.25, 0.125, 0.0625]
    assert sorted(set(calls)) == [0, 1, 2, 3]


def test_schedule_may_return_a_column_of_lrs():
    lrs = np.array([[0.1], [0.2]])
    x0, grad = seeded_problem(5, (2, 3), 6)
    a, _ = run(O.adam(lr=lambda k: lrs * 0.9**k), x0, grad, 6)
    b = [run(O.adam(lr=lambda k, lr=lr: lr * 0.9**k), x0[i], lambda x, k, i=i: grad(np.broadcast_to(x, (2, 3)), k)[i], 6)[0]
         for i, lr in enumerate(lrs[:, 0])]
    np.testing.assert_array_equal(a, np.stack(b, axis=1))


# ---------------------------------------------------------------------------------------------
# Independent references (no torch needed).


def test_heavy_ball_equals_polyak_form_with_constant_lr():
    """torch-form momentum == x_t = x_{t-1} - lr g_t + beta (x_{t-1} - x_{t-2}) for constant lr."""
    lr, beta = 0.05, 0.8
    x0, grad = seeded_problem(6, (2, 4), 25)
    xs, _ = run(O.sgd(lr=lr, momentum=beta), x0, grad, 25)
    prev, x = x0, x0 - lr * grad(x0, 0)
    for k in range(1, 25):
        prev, x = x, x - lr * grad(x, k) + beta * (x - prev)
        np.testing.assert_allclose(xs[k + 1], x, rtol=1e-12, atol=1e-13)


def test_nesterov_lookahead_maps_to_sgd_nesterov():
    """y_t = x_t - lr*beta*v_t of the book's form follows sgd(nesterov=True); both carry the same v_t."""
    lr, beta = 0.05, 0.9
    x0, grad_noisy = seeded_problem(7, (3, 4), 30)
    grad = lambda x, k: grad_noisy(x, 0)  # noqa: E731  (deterministic: gradient depends on x only)
    book, torch_form = O.nesterov_lookahead(lr=lr, momentum=beta), O.sgd(lr=lr, momentum=beta, nesterov=True)
    x, s = x0, book.init(x0)
    y, r = x0, torch_form.init(x0)
    for k in range(30):
        x, s = book.step(x, grad(book.eval_point(x, s), k), s)
        y, r = torch_form.step(y, grad(y, k), r)
        np.testing.assert_allclose(x - lr * beta * s.v, y, rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(s.v, r.v, rtol=1e-11, atol=1e-13)
    assert np.max(np.abs(x - y)) > 1e-3


def test_nesterov_lookahead_eval_point_is_the_lookahead():
    opt = O.nesterov_lookahead(lr=0.1, momentum=0.5)
    state = O.SGDState(3, np.array([2.0, -4.0]))
    np.testing.assert_allclose(opt.eval_point(np.array([1.0, 1.0]), state), [0.9, 1.2])
    assert O.sgd(lr=0.1, momentum=0.5).eval_point(np.array([1.0]), O.SGDState(3, np.array([2.0]))) == 1.0


def test_adam_without_bias_correction_matches_written_out_loop():
    lr, b1, b2, eps = 0.05, 0.8, 0.9, 1e-3
    rng = np.random.default_rng(8)
    grads = rng.standard_normal(20)
    opt = O.adam(lr=lr, betas=(b1, b2), eps=eps, bias_correction=False)
    x, state = np.array([1.5]), opt.init(np.array([1.5]))
    xr, m, v = 1.5, 0.0, 0.0
    for g in grads:
        x, state = opt.step(x, np.array([g]), state)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        xr = xr - lr * m / (v**0.5 + eps)
        assert x[0] == pytest.approx(xr, rel=1e-13)
        assert state.m[0] == pytest.approx(m, rel=1e-13) and state.v[0] == pytest.approx(v, rel=1e-13)


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_with_constant_gradient_moves_lr_per_step(amsgrad):
    """With bias correction, m_hat = g and v_hat = g^2 for a constant gradient: each step is lr*g/(|g|+eps)."""
    lr, eps = 0.01, 1e-8
    g = np.array([3.0, -0.2, 1e-3])
    opt = O.adam(lr=lr, eps=eps, amsgrad=amsgrad)
    x, state = np.zeros(3), opt.init(np.zeros(3))
    for t in range(1, 21):
        x, state = opt.step(x, g, state)
        np.testing.assert_allclose(x, -t * lr * g / (np.abs(g) + eps), rtol=1e-10)
    x_nb, _ = O.adam(lr=lr, bias_correction=False).step(np.zeros(3), g, O.adam().init(np.zeros(3)))
    np.testing.assert_allclose(x_nb, -lr * 0.1 * g / (np.sqrt(0.001) * np.abs(g) + eps))


def test_amsgrad_uses_running_max():
    opt = O.adam(lr=0.1, betas=(0.0, 0.5), amsgrad=True)
    x, state = np.zeros(1), opt.init(np.zeros(1))
    for g in [4.0, 0.0, 0.0, 1.0]:
        x, state = opt.step(x, np.array([g]), state)
    np.testing.assert_allclose(state.v, [1.5])  # v_4 = 0.5 * v_3 + 0.5 * 1, v_3 = 2
    np.testing.assert_allclose(state.v_max, [8.0])  # v_1 = 0.5 * 16


def test_adagrad_first_step_is_lr_times_sign():
    x, _ = O.adagrad(lr=0.3, eps=1e-10).step(np.zeros(3), np.array([5.0, -2.0, 0.1]), O.adagrad().init(np.zeros(3)))
    np.testing.assert_allclose(x, [-0.3, 0.3, -0.3], rtol=1e-8)


def test_dampening_without_momentum_has_no_effect_like_torch():
    x0, grad = seeded_problem(9, (2, 3), 10)
    a, _ = run(O.sgd(lr=0.1), x0, grad, 10)
    b, _ = run(O.sgd(lr=0.1, dampening=0.5), x0, grad, 10)
    np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------------------------------------
# Purity and the checks inside init/step.


@pytest.mark.parametrize("name", RICH)
def test_step_is_pure(name):
    factory, kwargs = RICH[name]
    opt = factory(**kwargs)
    x, g = np.array([[1.0, -2.0]]), np.array([[0.5, 0.25]])
    state = opt.init(x)
    x, state = opt.step(x, g, state)
    snapshot = [np.copy(v) for v in (x, g, *state)]
    x2, state2 = opt.step(x, g, state)
    x3, state3 = opt.step(x, g, state)
    for before, after in zip(snapshot, (x, g, *state)):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(x2, x3)
    assert x2 is not x and state2.t == state3.t == 2


@pytest.mark.parametrize("name", RICH)
def test_state_arrays_are_read_only(name):
    factory, kwargs = RICH[name]
    opt = factory(**kwargs)
    x = np.array([1.0, -2.0])
    for state in (opt.init(x), opt.step(x, x, opt.init(x))[1]):
        for field, value in zip(state._fields, state):
            if isinstance(value, np.ndarray):
                with pytest.raises(ValueError, match="read-only"):
                    value[...] = 0.0
    x_new, _ = opt.step(x, x, opt.init(x))
    x_new[0] = 5.0  # the returned point is the caller's to change


def test_init_copies_x0():
    x0 = np.array([1.0, 2.0])
    opt = O.sgd(lr=0.1)
    state = opt.init(x0)
    x, state = opt.step(x0, np.ones(2), state)
    np.testing.assert_array_equal(x0, [1.0, 2.0])


@pytest.mark.parametrize("factory", FACTORIES)
def test_step_rejects_grad_of_wrong_shape(factory):
    opt = factory(lr=0.1, momentum=0.9) if factory is O.nesterov_lookahead else factory(lr=0.1)
    x = np.zeros(2)
    with pytest.raises(ValueError, match=r"grad has shape \(3,\) but x has shape \(2,\)"):
        opt.step(x, np.zeros(3), opt.init(x))
    with pytest.raises(ValueError, match=r"grad has shape \(1, 2\) but x has shape \(2,\)"):
        opt.step(x, np.zeros((1, 2)), opt.init(x))


@pytest.mark.parametrize("grad", ["ab", [1 + 1j, 0], None])
def test_step_rejects_non_numeric_grad(grad):
    opt = O.sgd(lr=0.1)
    with pytest.raises(TypeError, match=r"^grad must be a real number"):
        opt.step(np.zeros(2), grad, opt.init(np.zeros(2)))


def test_step_accepts_non_finite_grad_and_lists():
    """A diverging run's gradient may overflow: step passes it on (the runner detects divergence)."""
    opt = O.sgd(lr=0.1)
    with np.errstate(all="ignore"):
        x, _ = opt.step([1.0, 2.0], [np.inf, 1], opt.init([0.0, 0.0]))
    assert x[0] == -np.inf and x[1] == 1.9


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_step_rejects_nonfinite_x(bad):
    opt = O.adam()
    state = opt.init(np.zeros(2))
    with pytest.raises(ValueError, match=r"^x must contain only finite numbers, got (nan|inf|-inf) at index \(1,\)"):
        opt.step(np.array([0.0, bad]), np.zeros(2), state)


@pytest.mark.parametrize("x0, match", [
    ([1.0, np.nan], r"^x0 must contain only finite numbers, got nan"),
    (np.inf, r"^x0 must be a finite number, got inf"),
    ([], r"^x0 must not be an empty array"),
])
def test_init_rejects_bad_x0(x0, match):
    with pytest.raises(ValueError, match=match):
        O.sgd(lr=0.1).init(x0)


@pytest.mark.parametrize("x0", ["abc", None, [1 + 2j], [[1.0], [1.0, 2.0]]])
def test_init_rejects_non_numeric_x0(x0):
    with pytest.raises(TypeError, match=r"^x0 must be a real number"):
        O.sgd(lr=0.1).init(x0)


def test_step_rejects_state_of_another_optimizer():
    x = np.zeros(2)
    with pytest.raises(TypeError, match=r"^state must be a AdamState .*got SGDState"):
        O.adam().step(x, x, O.sgd(lr=0.1).init(x))


def test_step_rejects_state_of_another_shape():
    opt = O.adam()
    with pytest.raises(ValueError, match=r"^state\.m has shape \(2,\) but x has shape \(3, 2\)"):
        opt.step(np.zeros((3, 2)), np.zeros((3, 2)), opt.init(np.zeros(2)))


def test_lr_array_must_not_change_the_shape_of_x():
    opt = O.sgd(lr=np.array([[0.1], [0.2], [0.3]]))
    with pytest.raises(ValueError, match=r"^lr has shape \(3, 1\), which does not broadcast to x of shape \(2,\)"):
        opt.init(np.zeros(2))
    with pytest.raises(ValueError, match=r"^lr has shape \(3, 1\), which does not broadcast to x of shape \(2, 2\) without changing it$"):
        opt.init(np.zeros((2, 2)))
    assert opt.init(np.zeros((3, 2))).t == 0


def test_schedule_returning_ill_shaped_array_is_rejected():
    opt = O.sgd(lr=lambda k: np.full((4, 1), 0.1))
    with pytest.raises(ValueError, match=r"^lr has shape \(4, 1\)"):
        opt.step(np.zeros(2), np.zeros(2), opt.init(np.zeros(2)))


@pytest.mark.parametrize("value", [-0.1, np.nan, np.inf])
def test_schedule_returning_bad_value_is_rejected(value):
    opt = O.adam(lr=lambda k: 0.1 if k < 2 else value)
    x, state = np.zeros(1), opt.init(np.zeros(1))
    x, state = opt.step(x, np.ones(1), state)
    x, state = opt.step(x, np.ones(1), state)
    with pytest.raises(ValueError, match=r"^lr must be a non-negative finite number, got .* \(schedule value at k=2\)"):
        opt.step(x, np.ones(1), state)


def test_schedule_value_zero_leaves_x_unchanged():
    # cosine annealing with eta_min=0 reaches exactly 0 at k=T_max; torch accepts it and so do we
    opt = O.sgd(lr=lambda k: 0.0 if k == 1 else 0.1, momentum=0.9)
    x, state = np.ones(2), opt.init(np.ones(2))
    x, state = opt.step(x, np.ones(2), state)
    x2, state = opt.step(x, np.ones(2), state)
    np.testing.assert_array_equal(x2, x)


# ---------------------------------------------------------------------------------------------
# Names, labels, hyperparams.


def test_names_and_labels():
    assert (O.sgd(lr=0.1).name, O.sgd(lr=0.1).label) == ("sgd", "SGD")
    assert (O.sgd(lr=0.1, momentum=0.9).name, O.sgd(lr=0.1, momentum=0.9).label) == ("momentum", "모멘텀")
    opt = O.sgd(lr=0.1, momentum=0.9, nesterov=True)
    assert (opt.name, opt.label) == ("nesterov", "네스테로프")
    assert O.nesterov_lookahead(lr=0.1, momentum=0.9).name == "nesterov"
    assert O.adam(amsgrad=True).label == "AMSGrad"
    assert O.adam(bias_correction=False).label == "Adam (편향 보정 없음)"
    assert [f().name for f in (O.adagrad, O.rmsprop, O.adam, O.adamw, O.nadam, O.adadelta)] == [
        "adagrad", "rmsprop", "adam", "adamw", "nadam", "adadelta"]


def test_hyperparams_are_the_validated_kwargs():
    opt = O.adam(lr=1, betas=[0.5, 0.75], eps=1e-6)
    assert opt.hyperparams == dict(lr=1.0, betas=(0.5, 0.75), eps=1e-6, weight_decay=0.0, amsgrad=False)
    assert isinstance(opt.hyperparams["lr"], float)
    assert "adam" in repr(opt) and "betas=(0.5, 0.75)" in repr(opt)


@pytest.mark.parametrize("factory", FACTORIES)
def test_defaults_are_torchs(factory):
    torch_defaults = {
        "sgd": dict(momentum=0, dampening=0, weight_decay=0, nesterov=False),
        "adagrad": dict(lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10),
        "rmsprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False),
        "adam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, bias_correction=True),
        "adamw": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False),
        "nadam": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                      decoupled_weight_decay=False),
        "adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0),
        "nesterov_lookahead": dict(),
    }[factory.__name__]
    params = inspect.signature(factory).parameters
    assert {k: p.default for k, p in params.items() if p.default is not inspect.Parameter.empty} == torch_defaults


# ---------------------------------------------------------------------------------------------
# The parity table covers every optimizer and every option, and each option matters on its problem.


def test_parity_table_covers_every_option():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    for factory in FACTORIES:
        if factory is O.nesterov_lookahead:  # no torch equivalent; its own change-of-variables test
            continue
        cases = [c for c in CASES if c.factory is factory]
        assert cases, factory.__name__
        params = inspect.signature(factory).parameters
        for name, p in params.items():
            if name == "bias_correction":  # exercise variant, no torch equivalent
                continue
            assert any(name in c.kwargs and c.kwargs[name] != p.default for c in cases), (factory.__name__, name)
        assert any(c.lr_lambda is not None for c in cases), f"{factory.__name__}: no schedule case"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_option_of_a_case_changes_the_trajectory(case):
    """Resetting any non-default option changes the result, so the parity test would see it ignored."""
    x0, grad = seeded_problem(10, (3, 5), 30)
    base, _ = run(case_optimizer(case), x0, grad, 30)
    defaults = inspect.signature(case.factory).parameters
    for name, value in case.kwargs.items():
        if name == "lr" or defaults[name].default is inspect.Parameter.empty:
            continue
        try:
            other = case_optimizer(case._replace(kwargs=dict(case.kwargs, **{name: defaults[name].default})))
        except ValueError:  # e.g. nesterov=True without momentum: cannot be ignored silently either
            continue
        changed = not np.allclose(run(other, x0, grad, 30)[0], base, rtol=1e-10, atol=0)
        assert changed != (name in INERT_OPTIONS.get(case.id, set())), (case.id, name)
