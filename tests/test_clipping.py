"""gdbook.clipping: parity with torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (float64), errors."""

from __future__ import annotations

import numpy as np
import pytest

from gdbook.clipping import clip_by_global_norm, clip_by_value


def torch_clip_norm(arrays, max_norm, **kwargs):
    """torch.nn.utils.clip_grad_norm_ on float64 parameters whose .grad are ``arrays``."""
    torch = pytest.importorskip("torch")
    params = []
    for a in arrays:
        p = torch.zeros(a.shape, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(a, dtype=torch.float64)
        params.append(p)
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, **kwargs)
    return [p.grad.numpy().copy() for p in params], float(total)


def torch_clip_value(arrays, clip_value):
    torch = pytest.importorskip("torch")
    params = []
    for a in arrays:
        p = torch.zeros(a.shape, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(a, dtype=torch.float64)
        params.append(p)
    torch.nn.utils.clip_grad_value_(params, clip_value)
    return [p.grad.numpy().copy() for p in params]


# (id, shapes of the parameters, scale of the gradient entries, max_norm, inside the ball?)
NORM_CASES = [
    ("one-param-inside", [(5,)], 0.01, 1.0, True),
    ("one-param-outside", [(5,)], 10.0, 1.0, False),
    ("one-param-2d-outside", [(3, 4)], 3.0, 0.5, False),
    ("one-param-huge-max-norm", [(7,)], 1.0, 1e6, True),
    ("several-inside", [(3,), (2, 4), (5,)], 0.01, 1.0, True),
    ("several-outside", [(3,), (2, 4), (5,)], 5.0, 2.0, False),
    ("several-mixed-scales", [(1,), (10,)], 1.0, 0.1, False),
]


@pytest.mark.torch
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("case", NORM_CASES, ids=[c[0] for c in NORM_CASES])
def test_global_norm_parity(case, seed):
    _, shapes, scale, max_norm, inside = case
    rng = np.random.default_rng(seed)
    grads = [scale * rng.standard_normal(shape) for shape in shapes]
    originals = [a.copy() for a in grads]
    expected, expected_norm = torch_clip_norm(grads, max_norm)
    if len(grads) == 1:
        clipped, norm = clip_by_global_norm(grads[0], max_norm, axis=None)
        clipped = [clipped]
    else:
        clipped, norm = clip_by_global_norm(grads, max_norm, axis=None)
        assert isinstance(clipped, list)
    assert norm == pytest.approx(expected_norm, rel=1e-12)
    for got, want, orig in zip(clipped, expected, originals):
        assert got.shape == orig.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    for a, orig in zip(grads, originals):  # inputs untouched
        np.testing.assert_array_equal(a, orig)
    assert inside == (expected_norm + 1e-6 <= max_norm)  # each case is on its intended side
    if inside:  # untouched bitwise, in torch and here
        for got, want, orig in zip(clipped, expected, originals):
            np.testing.assert_array_equal(got, orig)
            np.testing.assert_array_equal(want, orig)
    else:
        total = np.sqrt(sum(np.sum(c * c) for c in clipped))
        assert total == pytest.approx(max_norm, rel=1e-5)  # max_norm / (norm + 1e-6) * norm


@pytest.mark.torch
@pytest.mark.parametrize("seed", range(3))
def test_per_run_axis_equals_a_loop_of_torch_calls(seed):
    rng = np.random.default_rng(seed)
    scales = np.array([0.01, 0.1, 1.0, 10.0, 100.0, 0.3])[:, None, None]
    g = scales * rng.standard_normal((6, 4, 3))  # leading run axes (6, 4), d = 3
    clipped, norm = clip_by_global_norm(g, 1.5)
    assert clipped.shape == g.shape and norm.shape == (6, 4)
    for i in np.ndindex(6, 4):
        (want,), want_norm = torch_clip_norm([g[i]], 1.5)
        assert norm[i] == pytest.approx(want_norm, rel=1e-12)
        np.testing.assert_allclose(clipped[i], want, rtol=1e-12, atol=0)
    inside = norm + 1e-6 <= 1.5
    assert inside.any() and (~inside).any()
    np.testing.assert_array_equal(clipped[inside], g[inside])


@pytest.mark.torch
def test_per_run_axis_with_several_params():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((5, 3)) * np.array([0.01, 0.1, 1, 10, 100])[:, None]
    b = rng.standard_normal((5, 2)) * np.array([0.01, 0.1, 1, 10, 100])[:, None]
    (ca, cb), norm = clip_by_global_norm((a, b), 0.8)  # a tuple in, a tuple out
    assert norm.shape == (5,)
    for i in range(5):
        (wa, wb), want_norm = torch_clip_norm([a[i], b[i]], 0.8)
        assert norm[i] == pytest.approx(want_norm, rel=1e-12)
        np.testing.assert_allclose(ca[i], wa, rtol=1e-12, atol=0)
        np.testing.assert_allclose(cb[i], wb, rtol=1e-12, atol=0)


@pytest.mark.torch
@pytest.mark.parametrize(
    "g",
    [
        np.array([1.0, np.inf, -2.0]),
        np.array([1.0, np.nan, -2.0]),
        np.array([1e200, 1e200, 3.0]),  # the squares overflow: norm inf in torch too
        np.array([-np.inf, np.inf]),
    ],
    ids=["inf", "nan", "overflow", "two-infs"],
)
def test_nonfinite_like_torch(g):
    (want,), want_norm = torch_clip_norm([g], 1.0)
    clipped, norm = clip_by_global_norm(g, 1.0)  # no RuntimeWarning (warnings are errors)
    np.testing.assert_array_equal(clipped, want)  # nan == nan here
    np.testing.assert_array_equal(norm, want_norm)
    with pytest.raises(RuntimeError, match="non-finite"):  # torch's error_if_nonfinite=True
        torch_clip_norm([g], 1.0, error_if_nonfinite=True)
    with pytest.raises(ValueError, match="g has a non-finite norm"):
        clip_by_global_norm(g, 1.0, error_if_nonfinite=True)


def test_finite_gradient_with_error_if_nonfinite():
    clipped, norm = clip_by_global_norm(np.array([3.0, 4.0]), 10.0, error_if_nonfinite=True)
    assert norm == 5.0 and clipped.tolist() == [3.0, 4.0]


def test_reference_values_without_torch():
    # coef = max_norm / (norm + eps): checked against the formula, not against the code
    g = np.array([[3.0, 4.0], [0.0, 0.5], [-6.0, 8.0]])
    clipped, norm = clip_by_global_norm(g, 2.0)
    np.testing.assert_array_equal(norm, [5.0, 0.5, 10.0])
    np.testing.assert_array_equal(clipped[0], g[0] * (2.0 / (5.0 + 1e-6)))
    np.testing.assert_array_equal(clipped[1], g[1])
    np.testing.assert_array_equal(clipped[2], g[2] * (2.0 / (10.0 + 1e-6)))
    clipped, norm = clip_by_global_norm(g, 2.0, eps=0.0)
    np.testing.assert_allclose(np.linalg.norm(clipped, axis=-1), [2.0, 0.5, 2.0], rtol=1e-15)
    clipped, norm = clip_by_global_norm(g, 2.0, axis=None)
    assert norm == pytest.approx(np.sqrt(25 + 0.25 + 100), rel=1e-15)
    np.testing.assert_array_equal(clipped, g * (2.0 / (norm + 1e-6)))
    # a 1-D gradient gives a scalar norm
    _, n = clip_by_global_norm([3.0, 4.0], 1.0)
    assert isinstance(n, float) and n == 5.0


@pytest.mark.torch
@pytest.mark.parametrize("seed", range(3))
def test_clip_by_value_parity(seed):
    rng = np.random.default_rng(seed)
    grads = [3 * rng.standard_normal((4,)), 3 * rng.standard_normal((2, 3))]
    grads[0][1] = np.nan
    grads[1][0, 0] = -np.inf
    expected = torch_clip_value(grads, 1.25)
    for a, want in zip(grads, expected):
        np.testing.assert_array_equal(clip_by_value(a, 1.25), want)
    got = clip_by_value(grads, 1.25)
    assert isinstance(got, list)
    for a, want in zip(got, expected):
        np.testing.assert_array_equal(a, want)


def test_clip_by_value_reference():
    assert clip_by_value([0.5, -3.0, 2.0, -1.0], 1.0).tolist() == [0.5, -1.0, 1.0, -1.0]


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: clip_by_global_norm([1.0, 2.0], 0.0), ValueError, "max_norm must be a positive finite number, got 0.0"),
        (lambda: clip_by_global_norm([1.0, 2.0], -1.0), ValueError, "max_norm must be a positive"),
        (lambda: clip_by_global_norm([1.0, 2.0], np.inf), ValueError, "max_norm must be a positive finite"),
        (lambda: clip_by_global_norm([1.0, 2.0], np.nan), ValueError, "max_norm"),
        (lambda: clip_by_global_norm([1.0, 2.0], [1.0, 2.0]), TypeError, "max_norm must be a single real number"),
        (lambda: clip_by_global_norm([1.0, 2.0], 1.0, eps=-1e-6), ValueError, "eps must be a non-negative"),
        (lambda: clip_by_global_norm([], 1.0), ValueError, "g must not be empty"),
        (lambda: clip_by_global_norm("abc", 1.0), TypeError, "g must be an array of real numbers"),
        (lambda: clip_by_global_norm(3.0, 1.0), ValueError, "g must have at least one axis"),
        (lambda: clip_by_global_norm([np.ones((2, 3)), np.ones((3, 3))], 1.0), ValueError, "same leading"),
        (lambda: clip_by_global_norm([np.ones(2), np.array(["a"])], 1.0), TypeError, r"g\[1\] must be an array of real"),
        (lambda: clip_by_global_norm([1.0], 1.0, error_if_nonfinite=1), TypeError, "error_if_nonfinite"),
        (lambda: clip_by_value([1.0, 2.0], 0.0), ValueError, "clip_value must be a positive finite number, got 0.0"),
        (lambda: clip_by_value([1.0, 2.0], np.inf), ValueError, "clip_value"),
        (lambda: clip_by_value(None, 1.0), TypeError, "g must be an array of real numbers"),
    ],
)  # fmt: skip
def test_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_scalar_with_axis_none():
    clipped, norm = clip_by_global_norm(-4.0, 2.0, axis=None)
    assert norm == 4.0 and clipped == pytest.approx(-2.0, rel=1e-6)
