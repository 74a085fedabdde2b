"""Bad input raises ValueError/TypeError whose message names the parameter and the value received."""

from __future__ import annotations

import numpy as np
import pytest

from gdbook import _validation as V
from gdbook import optimizers as O

# ---------------------------------------------------------------------------------------------
# gdbook._validation itself.


@pytest.mark.parametrize("value, expected", [(0.1, 0.1), (3, 3.0), (np.float32(0.5), 0.5), (np.array(2.0), 2.0)])
def test_check_positive_accepts_and_returns_float(value, expected):
    out = V.check_positive("lr", value)
    assert out == expected and type(out) is float


def test_check_positive_array_returns_float64_copy():
    a = np.array([[1], [2]])
    out = V.check_positive("lr", a)
    assert out.dtype == np.float64 and out.shape == (2, 1) and out is not a
    b = np.array([0.1, 0.2])
    assert V.check_positive("lr", b) is not b


@pytest.mark.parametrize("value, shown", [(-0.1, "-0.1"), (0, "0.0"), (np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_check_positive_rejects(value, shown):
    with pytest.raises(ValueError, match=rf"^lr must be a positive finite number, got {shown}$"):
        V.check_positive("lr", value)


def test_check_positive_allow_zero():
    assert V.check_positive("eps", 0.0, allow_zero=True) == 0.0
    with pytest.raises(ValueError, match=r"^eps must be a non-negative finite number, got -1.0$"):
        V.check_positive("eps", -1.0, allow_zero=True)


@pytest.mark.parametrize("value, match", [
    ([[0.1], [-0.2]], r"^lr must contain only positive finite numbers, got -0.2 at index \(1, 0\)$"),
    ([0.1, np.nan], r"^lr must contain only positive finite numbers, got nan at index \(1,\)$"),
    ([0.0, 0.1], r"^lr must contain only positive finite numbers, got 0.0 at index \(0,\)$"),
    (np.zeros((0, 1)), r"^lr must not be an empty array$"),
])
def test_check_positive_rejects_arrays(value, match):
    with pytest.raises(ValueError, match=match):
        V.check_positive("lr", value)


@pytest.mark.parametrize("value", ["0.1", None, True, np.bool_(True), 1j, [0.1, "a"], object()])
def test_check_positive_rejects_non_numbers(value):
    with pytest.raises(TypeError, match=r"^lr must be a real number"):
        V.check_positive("lr", value)


def test_check_nonnegative():
    assert V.check_nonnegative("weight_decay", 0) == 0.0
    with pytest.raises(ValueError, match=r"^weight_decay must be a non-negative finite number, got -1e-05$"):
        V.check_nonnegative("weight_decay", -1e-5)
    with pytest.raises(ValueError, match=r"^weight_decay must contain only non-negative finite numbers"):
        V.check_nonnegative("weight_decay", [0.0, -1.0])


def test_check_scalar():
    assert V.check_scalar("momentum", np.float64(0.9)) == 0.9
    with pytest.raises(TypeError, match=r"^momentum must be a single real number, got an array of shape \(2,\)$"):
        V.check_scalar("momentum", [0.9, 0.5])
    with pytest.raises(TypeError, match=r"^momentum must be a real number, got 'a'$"):
        V.check_scalar("momentum", "a")


@pytest.mark.parametrize("value", [0.0, 0.5, 0.999999])
def test_check_unit_interval_accepts(value):
    assert V.check_unit_interval("betas[0]", value) == value


@pytest.mark.parametrize("value, shown", [(1.0, "1.0"), (-0.1, "-0.1"), (np.nan, "nan"), (2, "2.0")])
def test_check_unit_interval_rejects(value, shown):
    with pytest.raises(ValueError, match=rf"^betas\[1\] must be in \[0, 1\), got {shown}$"):
        V.check_unit_interval("betas[1]", value)


def test_check_unit_interval_closed_right():
    assert V.check_unit_interval("rho", 1.0, closed_right=True) == 1.0
    with pytest.raises(ValueError, match=r"^rho must be in \[0, 1\], got 1.5$"):
        V.check_unit_interval("rho", 1.5, closed_right=True)


def test_check_int():
    assert V.check_int("steps", np.int64(5)) == 5 and type(V.check_int("steps", np.int64(5))) is int
    with pytest.raises(ValueError, match=r"^steps must be an integer >= 1, got 0$"):
        V.check_int("steps", 0, minimum=1)
    with pytest.raises(ValueError, match=r"^steps must be an integer >= 0, got -3$"):
        V.check_int("steps", -3)
    for bad in (True, 2.0, "3", None):
        with pytest.raises(TypeError, match=r"^steps must be an integer, got"):
            V.check_int("steps", bad)


def test_check_bool():
    assert V.check_bool("amsgrad", np.bool_(False)) is False
    for bad in (0, 1, "True", None):
        with pytest.raises(TypeError, match=r"^amsgrad must be True or False, got"):
            V.check_bool("amsgrad", bad)


def test_check_finite_array():
    x = np.array([1.0, 2.0])
    out = V.check_finite_array("x0", x)
    assert out is not x and out.dtype == np.float64
    assert V.check_finite_array("x0", [1, 2]).dtype == np.float64
    with pytest.raises(ValueError, match=r"^x0 must contain only finite numbers, got -inf at index \(0, 1\)$"):
        V.check_finite_array("x0", [[0.0, -np.inf]])
    with pytest.raises(ValueError, match=r"^x0 must not be an empty array"):
        V.check_finite_array("x0", np.zeros((2, 0)))
    with pytest.raises(TypeError, match=r"^x0 must be a real number"):
        V.check_finite_array("x0", ["a", "b"])


def test_check_same_shape():
    V.check_same_shape("grad", np.zeros((2, 3)), "x", np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"^grad has shape \(3,\) but x has shape \(2,\)$"):
        V.check_same_shape("grad", np.zeros(3), "x", np.zeros(2))


def test_check_lr():
    assert V.check_lr(0.1) == 0.1
    sched = lambda k: 0.1  # noqa: E731
    assert V.check_lr(sched) is sched
    assert V.check_lr([[0.1], [0.2]]).shape == (2, 1)
    with pytest.raises(ValueError, match=r"^lr must be a positive finite number, got -0.1$"):
        V.check_lr(-0.1)
    with pytest.raises(TypeError, match=r"^lr must be a real number"):
        V.check_lr("0.1")


def test_lr_at():
    assert V.lr_at(0.1, 7) == 0.1
    assert V.lr_at(lambda k: 1.0 / (k + 1), 3) == 0.25
    # a schedule may reach exactly zero (cosine annealing with eta_min=0 at k=T_max), as in torch
    assert V.lr_at(lambda k: 0.0, 2) == 0.0
    with pytest.raises(ValueError, match=r"^lr must be a non-negative finite number, got nan \(schedule value at k=4\)$"):
        V.lr_at(lambda k: float("nan"), 4)


def test_check_lr_broadcast():
    V.check_lr_broadcast(0.1, (2,))
    V.check_lr_broadcast(np.ones((3, 1)), (3, 2))
    V.check_lr_broadcast(np.ones(2), (3, 2))
    with pytest.raises(ValueError, match=r"^lr has shape \(3,\), which does not broadcast to x of shape \(2,\)"):
        V.check_lr_broadcast(np.ones(3), (2,))


# ---------------------------------------------------------------------------------------------
# The optimizer factories: every bad hyperparameter is named in the message.

BAD_ARGS = [
    # lr: every factory
    *[(f, dict(lr=lr), ValueError, r"^lr must be a positive finite number, got " + shown)
      for f in (O.sgd, O.adagrad, O.rmsprop, O.adam, O.adamw, O.nadam, O.adadelta)
      for lr, shown in [(-0.1, r"-0\.1$"), (0.0, r"0\.0$"), (np.nan, "nan$"), (np.inf, "inf$")]],
    (O.nesterov_lookahead, dict(lr=-1.0, momentum=0.9), ValueError, r"^lr must be a positive finite number, got -1\.0$"),
    (O.sgd, dict(lr=[[0.1], [-0.1]]), ValueError, r"^lr must contain only positive finite numbers, got -0\.1 at index \(1, 0\)$"),
    (O.adam, dict(lr=[0.1, np.nan]), ValueError, r"^lr must contain only positive finite numbers, got nan"),
    (O.sgd, dict(lr="0.1"), TypeError, r"^lr must be a real number"),
    (O.sgd, dict(lr=None), TypeError, r"^lr must be a real number"),
    # SGD
    (O.sgd, dict(lr=0.1, momentum=-0.9), ValueError, r"^momentum must be a non-negative finite number, got -0\.9$"),
    (O.sgd, dict(lr=0.1, momentum=np.nan), ValueError, r"^momentum must be a non-negative finite number, got nan$"),
    (O.sgd, dict(lr=0.1, momentum=[0.9, 0.5]), TypeError, r"^momentum must be a single real number"),
    (O.sgd, dict(lr=0.1, dampening=-0.1), ValueError, r"^dampening must be in \[0, 1\], got -0\.1$"),
    (O.sgd, dict(lr=0.1, dampening=1.5), ValueError, r"^dampening must be in \[0, 1\], got 1\.5$"),
    (O.sgd, dict(lr=0.1, weight_decay=-1e-4), ValueError, r"^weight_decay must be a non-negative finite number, got -0\.0001$"),
    (O.sgd, dict(lr=0.1, nesterov=True), ValueError, r"^nesterov=True requires momentum > 0 and dampening == 0, got momentum=0\.0, dampening=0\.0$"),
    (O.sgd, dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), ValueError, r"^nesterov=True requires .*dampening=0\.1$"),
    (O.sgd, dict(lr=0.1, momentum=0.9, nesterov=1), TypeError, r"^nesterov must be True or False, got 1$"),
    (O.nesterov_lookahead, dict(lr=0.1, momentum=0.0), ValueError, r"^momentum must be a positive finite number, got 0\.0$"),
    (O.nesterov_lookahead, dict(lr=0.1, momentum=-0.5), ValueError, r"^momentum must be a positive finite number, got -0\.5$"),
    # Adagrad
    (O.adagrad, dict(lr_decay=-0.1), ValueError, r"^lr_decay must be a non-negative finite number, got -0\.1$"),
    (O.adagrad, dict(initial_accumulator_value=-1.0), ValueError, r"^initial_accumulator_value must be a non-negative"),
    (O.adagrad, dict(weight_decay=-1.0), ValueError, r"^weight_decay must be a non-negative"),
    (O.adagrad, dict(eps=0.0), ValueError, r"^eps must be a positive finite number, got 0\.0$"),
    # RMSprop
    (O.rmsprop, dict(alpha=1.0), ValueError, r"^alpha must be in \[0, 1\), got 1\.0$"),
    (O.rmsprop, dict(alpha=-0.1), ValueError, r"^alpha must be in \[0, 1\), got -0\.1$"),
    (O.rmsprop, dict(eps=-1e-8), ValueError, r"^eps must be a positive finite number, got -1e-08$"),
    (O.rmsprop, dict(momentum=-0.1), ValueError, r"^momentum must be a non-negative finite number"),
    (O.rmsprop, dict(weight_decay=np.inf), ValueError, r"^weight_decay must be a non-negative finite number, got inf$"),
    (O.rmsprop, dict(centered="yes"), TypeError, r"^centered must be True or False, got 'yes'$"),
    # Adam family
    *[(f, dict(betas=b), ValueError, m) for f in (O.adam, O.adamw, O.nadam) for b, m in [
        ((1.0, 0.999), r"^betas\[0\] must be in \[0, 1\), got 1\.0$"),
        ((-0.1, 0.999), r"^betas\[0\] must be in \[0, 1\), got -0\.1$"),
        ((0.9, 1.0), r"^betas\[1\] must be in \[0, 1\), got 1\.0$"),
        ((0.9, np.nan), r"^betas\[1\] must be in \[0, 1\), got nan$"),
    ]],
    *[(f, dict(betas=b), TypeError, r"^betas must be a pair \(beta1, beta2\)") for f in (O.adam, O.nadam)
      for b in [0.9, (0.9,), (0.9, 0.99, 0.999), "ab"]],
    *[(f, dict(eps=e), ValueError, r"^eps must be a positive finite number") for f in (O.adam, O.adamw, O.nadam)
      for e in (0.0, -1e-8, np.nan)],
    *[(f, dict(weight_decay=-0.01), ValueError, r"^weight_decay must be a non-negative finite number, got -0\.01$")
      for f in (O.adam, O.adamw, O.nadam, O.adadelta)],
    (O.adam, dict(amsgrad=1), TypeError, r"^amsgrad must be True or False, got 1$"),
    (O.adamw, dict(amsgrad=None), TypeError, r"^amsgrad must be True or False, got None$"),
    (O.adam, dict(bias_correction=0), TypeError, r"^bias_correction must be True or False, got 0$"),
    (O.nadam, dict(momentum_decay=-4e-3), ValueError, r"^momentum_decay must be a non-negative finite number, got -0\.004$"),
    (O.nadam, dict(decoupled_weight_decay="no"), TypeError, r"^decoupled_weight_decay must be True or False"),
    # Adadelta
    (O.adadelta, dict(rho=1.5), ValueError, r"^rho must be in \[0, 1\], got 1\.5$"),
    (O.adadelta, dict(rho=-0.5), ValueError, r"^rho must be in \[0, 1\], got -0\.5$"),
    (O.adadelta, dict(eps=0.0), ValueError, r"^eps must be a positive finite number, got 0\.0$"),
]


@pytest.mark.parametrize(
    "factory, kwargs, exc, match", BAD_ARGS,
    ids=[f"{f.__name__}-{'-'.join(f'{k}={v!r}' for k, v in kw.items())}" for f, kw, _, _ in BAD_ARGS],
)
def test_factory_rejects_bad_hyperparameter(factory, kwargs, exc, match):
    if factory in (O.sgd,) and "lr" not in kwargs:
        kwargs = dict(kwargs, lr=0.1)
    with pytest.raises(exc, match=match):
        factory(**kwargs)


@pytest.mark.parametrize("factory, kwargs", [
    (O.sgd, dict(lr=0.1, momentum=1.5)),  # torch allows momentum >= 1 (it diverges: a book example)
    (O.sgd, dict(lr=0.1, dampening=1.0)),
    (O.adadelta, dict(rho=1.0)),  # torch's range for rho is [0, 1]
    (O.adadelta, dict(rho=0.0)),
    (O.rmsprop, dict(alpha=0.0)),
    (O.adam, dict(betas=(0.0, 0.0))),
    (O.adam, dict(betas=np.array([0.9, 0.99]))),
    (O.sgd, dict(lr=np.array([[0.1], [0.2]]))),
    (O.sgd, dict(lr=lambda k: 0.1)),
])
def test_factory_accepts_edge_values(factory, kwargs):
    factory(**kwargs)


def test_check_real_array():
    g = np.array([1.0, np.inf])
    assert V.check_real_array("grad", g) is g  # no copy needed: step never writes to it
    assert V.check_real_array("grad", [1, 2]).dtype == np.float64
    for bad in ("a", None, [1j], [[1.0], [1.0, 2.0]]):
        with pytest.raises(TypeError, match=r"^grad must be a real number"):
            V.check_real_array("grad", bad)
