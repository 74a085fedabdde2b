"""Tests of gdbook.functions: derivatives against finite differences and scipy, minimizers,
constants L and m against Hessian eigenvalues, vectorisation, minibatch gradients, errors."""

import numpy as np
import pytest
import scipy.optimize

from gdbook import functions as F

RNG_SEED = 20240601


def _objectives():
    """(id, objective, sampling box half-width) for the derivative and vectorisation tests."""
    s, fl = F.sharp_flat_pair()
    return [
        ("note_quadratic", F.note_quadratic(), 3.0),
        ("random_quadratic", F.random_quadratic(dim=6, kappa=50.0, seed=3), 2.0),
        ("singular_quadratic", F.random_quadratic([0.0, 0.0, 0.5, 3.0], seed=4), 2.0),
        ("quadratic_with_b", F.random_quadratic(dim=3, kappa=5.0, seed=5, b=[1.0, -2.0, 0.5]), 2.0),
        ("rosenbrock", F.Rosenbrock(), 2.0),
        ("rosenbrock_a2_b10", F.Rosenbrock(a=2.0, b=10.0), 2.5),
        ("beale", F.Beale(), 2.0),
        ("saddle", F.Saddle(), 2.0),
        ("saddle_3d", F.Saddle([2.0, -0.5, 1.0]), 2.0),
        ("least_squares", F.LeastSquares(n_samples=60, n_features=4, seed=1), 2.0),
        ("least_squares_underdetermined", F.LeastSquares(n_samples=3, n_features=5, seed=2), 2.0),
        ("sharp", s, 2.0),
        ("flat", fl, 2.0),
    ]


OBJECTIVES = _objectives()
IDS = [o[0] for o in OBJECTIVES]


def _points(f, box, n=12, seed=RNG_SEED):
    return np.random.default_rng(seed).uniform(-box, box, size=(n, f.dim))


def _central_diff(fun, x, h):
    """Central differences of ``fun`` (values of shape (..., *out)) along each coordinate of x."""
    cols = []
    for i in range(x.shape[-1]):
        e = np.zeros(x.shape[-1])
        e[i] = h
        cols.append((fun(x + e) - fun(x - e)) / (2 * h))
    return np.stack(cols, axis=-1)


# --- derivatives ----------------------------------------------------------------------------


@pytest.mark.parametrize("name,f,box", OBJECTIVES, ids=IDS)
def test_grad_matches_central_differences(name, f, box):
    x = _points(f, box)
    g = f.grad(x)
    fd = _central_diff(f, x, 1e-5)
    scale = np.max(np.abs(g), axis=-1, keepdims=True) + 1.0
    np.testing.assert_allclose(g / scale, fd / scale, rtol=0, atol=1e-7)


@pytest.mark.parametrize("name,f,box", OBJECTIVES, ids=IDS)
def test_hessian_matches_differences_of_grad(name, f, box):
    x = _points(f, box)
    H = f.hessian(x)
    assert H.shape == x.shape + (f.dim,)
    np.testing.assert_allclose(H, np.swapaxes(H, -1, -2), rtol=0, atol=1e-12)
    fd = _central_diff(f.grad, x, 1e-5)  # fd[..., j, i] = d g_j / d x_i
    scale = np.max(np.abs(H), axis=(-2, -1), keepdims=True) + 1.0
    np.testing.assert_allclose(H / scale, fd / scale, rtol=0, atol=1e-7)


def test_derivative_check_detects_a_wrong_gradient():
    """The finite-difference comparison above is sharp enough to catch a small coefficient error."""
    f = F.Rosenbrock()
    x = _points(f, 2.0)
    wrong = f.grad(x) * np.array([1.0, 1.001])
    fd = _central_diff(f, x, 1e-5)
    scale = np.max(np.abs(wrong), axis=-1, keepdims=True) + 1.0
    assert np.max(np.abs(wrong - fd) / scale) > 1e-5


def test_rosenbrock_matches_scipy():
    f = F.Rosenbrock()
    for x in _points(f, 2.0, n=25):
        assert f(x) == pytest.approx(scipy.optimize.rosen(x), rel=1e-14, abs=1e-14)
        np.testing.assert_allclose(f.grad(x), scipy.optimize.rosen_der(x), rtol=1e-13, atol=1e-12)
        np.testing.assert_allclose(f.hessian(x), scipy.optimize.rosen_hess(x), rtol=1e-13, atol=1e-12)


def test_beale_known_values():
    f = F.Beale()
    assert float(f([3.0, 3.0])) == pytest.approx(1.5**2 * 0 + 7.5**2 + 26.25**2 + 80.625**2)
    assert float(f([0.0, 0.0])) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)


def test_note_quadratic_is_the_note_formula():
    f = F.note_quadratic()
    x = _points(f, 3.0, n=50)
    u, v = x[:, 0], x[:, 1]
    np.testing.assert_allclose(f(x), (u - 1) ** 2 + 2 * (v - 2) ** 2, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(f.grad(x), np.stack([2 * (u - 1), 4 * (v - 2)], -1), atol=1e-13)
    assert (f.L, f.m, f.kappa, f.minimum) == (4.0, 2.0, 2.0, 0.0)
    np.testing.assert_array_equal(f.minimizers, [[1.0, 2.0]])


# --- minimizers -----------------------------------------------------------------------------

WITH_MINIMIZERS = [o for o in OBJECTIVES if o[1].minimizers.shape[0] > 0]


@pytest.mark.parametrize("name,f,box", WITH_MINIMIZERS, ids=[o[0] for o in WITH_MINIMIZERS])
def test_stated_minimizers_are_minimizers(name, f, box):
    xs = f.minimizers
    g = f.grad(xs)
    np.testing.assert_allclose(g, 0.0, atol=1e-10)
    eig = np.linalg.eigvalsh(f.hessian(xs))
    assert np.all(eig >= -1e-10), eig
    np.testing.assert_allclose(f(xs), f.minimum, rtol=1e-12, atol=1e-14)
    rng = np.random.default_rng(RNG_SEED)
    for radius in (1e-3, 1e-1, 1.0):
        near = xs[0] + radius * rng.standard_normal((500, f.dim))
        assert np.all(f(near) >= f.minimum - 1e-12), name


def test_no_minimizers_for_saddle_and_nonconvex_quadratic():
    for f in (F.Saddle(), F.Saddle([1.0, 2.0, -3.0]), F.Quadratic([[1.0, 2.0], [2.0, 1.0]])):
        assert f.minimizers.shape == (0, f.dim)
        assert f.minimum == -np.inf and f.m is None and f.kappa is None
        with pytest.raises(ValueError, match="no minimizers"):
            f.distance_to_minimizers(np.zeros(f.dim))
    s = F.Saddle()
    np.testing.assert_array_equal(s.grad(s.saddle_point), 0.0)
    assert s.L == 1.0


def test_singular_quadratic_without_minimizer_is_unbounded():
    f = F.Quadratic(np.diag([1.0, 0.0]), b=[0.0, 1.0])  # linear in y: no minimizer
    assert f.minimizers.shape == (0, 2) and f.minimum == -np.inf
    assert f.m == 0.0 and f.kappa == np.inf


def test_singular_quadratic_minimizer_set_and_distance():
    f = F.random_quadratic([0.0, 0.0, 1.0, 4.0], seed=7)
    assert f.m == 0.0 and f.L == 4.0 and f.kappa == np.inf
    # every point of the null space of A is a minimizer; the distance ignores those directions
    null = np.linalg.svd(f.A)[2][-2:].T  # the two right singular vectors of singular value 0
    x = np.random.default_rng(1).standard_normal((20, 4))
    moved = x + np.random.default_rng(2).standard_normal((20, 2)) @ null.T
    np.testing.assert_allclose(f.distance_to_minimizers(moved), f.distance_to_minimizers(x), atol=1e-12)
    # distance = norm of the projection onto the range of A
    P = f.A @ np.linalg.pinv(f.A)
    np.testing.assert_allclose(f.distance_to_minimizers(x), np.linalg.norm(x @ P, axis=-1), atol=1e-12)
    assert abs(float(f(3.0 * null[:, 0]))) < 1e-14  # a minimizer other than minimizers[0]


def test_least_squares_minimizer_matches_scipy_and_normal_equations():
    import scipy.linalg

    f = F.LeastSquares(n_samples=300, n_features=8, noise=0.3, seed=11)
    w_star = f.minimizers[0]
    ref = scipy.linalg.lstsq(f.X, f.y, lapack_driver="gelsy")[0]  # QR, not numpy's SVD driver
    np.testing.assert_allclose(w_star, ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(f.X.T @ f.X @ w_star, f.X.T @ f.y, rtol=1e-10, atol=1e-10)
    assert f.minimum == pytest.approx(0.5 * np.mean((f.X @ ref - f.y) ** 2), rel=1e-10)
    # with noise the fitted weights are close to, but not equal to, the true ones
    assert 0 < np.linalg.norm(w_star - f.w_true) < 0.2


def test_least_squares_underdetermined_min_norm():
    f = F.LeastSquares(n_samples=3, n_features=5, seed=2)
    assert f.m == 0.0 and f.minimum == pytest.approx(0.0, abs=1e-25)
    np.testing.assert_allclose(f.minimizers[0], np.linalg.pinv(f.X) @ f.y, atol=1e-12)


# --- constants L and m ------------------------------------------------------------------------

QUADRATIC_LIKE = [o for o in OBJECTIVES if isinstance(o[1], (F.Quadratic, F.LeastSquares))]


@pytest.mark.parametrize("name,f,box", QUADRATIC_LIKE, ids=[o[0] for o in QUADRATIC_LIKE])
def test_L_and_m_are_the_hessian_eigenvalue_extremes(name, f, box):
    eig = np.linalg.eigvalsh(f.hessian(np.zeros(f.dim)))
    assert f.L == pytest.approx(np.max(np.abs(eig)), rel=1e-12)
    if eig.min() < -1e-12:
        assert f.m is None
    else:
        assert f.m == pytest.approx(max(eig.min(), 0.0), rel=1e-10, abs=1e-12)
    # the defining inequalities on seeded random pairs
    rng = np.random.default_rng(RNG_SEED)
    x, y = rng.uniform(-box, box, (2, 200, f.dim))
    dg, dx = f.grad(x) - f.grad(y), x - y
    assert np.all(np.linalg.norm(dg, axis=-1) <= f.L * np.linalg.norm(dx, axis=-1) * (1 + 1e-12))
    if f.m is not None:
        assert np.all(np.sum(dg * dx, -1) >= f.m * np.sum(dx * dx, -1) * (1 - 1e-10) - 1e-12)


def test_L_is_attained_and_not_smaller():
    """L is the best constant: along the top eigenvector the gradient changes by exactly L."""
    f = F.random_quadratic(dim=5, kappa=20.0, seed=8)
    w, V = np.linalg.eigh(f.A)
    dx = V[:, -1]
    assert np.linalg.norm(f.grad(dx) - f.grad(np.zeros(5))) == pytest.approx(f.L, rel=1e-12)


def test_random_quadratic_spectrum_and_rotation():
    f = F.random_quadratic(dim=8, kappa=100.0, m=0.5, seed=9)
    np.testing.assert_allclose(np.linalg.eigvalsh(f.A), np.linspace(0.5, 50.0, 8), rtol=1e-12)
    assert (f.L, f.m, f.kappa) == (50.0, 0.5, 100.0)
    np.testing.assert_array_equal(f.minimizers, np.zeros((1, 8)))
    # seeded: same seed same matrix, other seed a different rotation
    np.testing.assert_array_equal(f.A, F.random_quadratic(dim=8, kappa=100.0, m=0.5, seed=9).A)
    assert not np.allclose(f.A, F.random_quadratic(dim=8, kappa=100.0, m=0.5, seed=10).A)
    assert np.count_nonzero(np.abs(f.A - np.diag(np.diag(f.A))) > 1e-3) > 0  # really rotated
    g = F.random_quadratic([3.0, 1.0, 2.0], seed=0, b=[1.0, 2.0, 3.0])
    np.testing.assert_allclose(g.A @ g.minimizers[0], [1.0, 2.0, 3.0], atol=1e-12)
    np.testing.assert_array_equal(g.eigenvalues, [1.0, 2.0, 3.0])


def test_local_L_rosenbrock():
    f = F.Rosenbrock()
    x = _points(f, 2.0)
    np.testing.assert_allclose(f.local_L(x), np.linalg.norm(f.hessian(x), ord=2, axis=(-2, -1)), rtol=1e-12)
    assert f.L is None and f.m is None and f.kappa is None
    q = F.random_quadratic(dim=4, kappa=7.0, seed=1)
    np.testing.assert_allclose(q.local_L(x[:, :1] * np.ones(4)), q.L, rtol=1e-12)


# --- vectorisation ----------------------------------------------------------------------------


@pytest.mark.parametrize("name,f,box", OBJECTIVES, ids=IDS)
def test_batched_equals_loop(name, f, box):
    x = np.random.default_rng(RNG_SEED).uniform(-box, box, size=(3, 4, f.dim))
    v, g, H = f(x), f.grad(x), f.hessian(x)
    assert v.shape == (3, 4) and g.shape == (3, 4, f.dim) and H.shape == (3, 4, f.dim, f.dim)
    for i in range(3):
        for j in range(4):
            assert v[i, j] == pytest.approx(float(f(x[i, j])), rel=1e-13, abs=1e-13)
            np.testing.assert_allclose(g[i, j], f.grad(x[i, j]), rtol=1e-13, atol=1e-13)
            np.testing.assert_allclose(H[i, j], f.hessian(x[i, j]), rtol=1e-13, atol=1e-13)
    assert np.shape(f(x[0, 0])) == ()
    # plain lists and integer arrays are accepted
    assert float(f(np.zeros(f.dim, dtype=int))) == pytest.approx(float(f([0.0] * f.dim)))


@pytest.mark.parametrize("f", [F.note_quadratic(), F.Rosenbrock(), F.Beale(), F.Saddle()], ids=lambda f: f.name)
def test_grid(f):
    X, Y, Z = f.grid((-2, 3), (-1, 2), n=7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    assert X[0, 0] == -2 and X[0, -1] == 3 and Y[0, 0] == -1 and Y[-1, 0] == 2
    for i, j in [(0, 0), (3, 5), (6, 2)]:
        assert Z[i, j] == pytest.approx(float(f([X[i, j], Y[i, j]])), rel=1e-14)


def test_nonfinite_points_give_nonfinite_values_without_error():
    f = F.Rosenbrock()
    v = f(np.array([[np.nan, 0.0], [1.0, 1.0]]))
    assert np.isnan(v[0]) and v[1] == 0.0


# --- least squares: minibatches ------------------------------------------------------------------


@pytest.fixture(scope="module")
def ls():
    return F.LeastSquares(n_samples=120, n_features=6, noise=0.5, seed=3)


def test_minibatch_over_all_rows_is_the_full_gradient(ls):
    w = np.random.default_rng(0).standard_normal((5, 6))
    np.testing.assert_allclose(ls.minibatch_grad(w, np.arange(120)), ls.grad(w), rtol=1e-12, atol=1e-13)


def test_minibatch_matches_the_per_sample_formula(ls):
    w = np.random.default_rng(1).standard_normal(6)
    idx = np.array([3, 17, 17, 99])
    expected = np.mean([ls.X[i] * (ls.X[i] @ w - ls.y[i]) for i in idx], axis=0)
    np.testing.assert_allclose(ls.minibatch_grad(w, idx), expected, rtol=1e-12, atol=1e-14)


def test_minibatch_gradient_is_unbiased_over_a_partition(ls):
    """Mean over the minibatches of one shuffled epoch (equal sizes) = the full gradient, exactly."""
    w = np.random.default_rng(2).standard_normal((3, 6))
    rng = np.random.default_rng(4)
    for batch_size in (1, 8, 30, 120):
        batches = list(ls.epoch_batches(rng, batch_size))
        assert len(batches) == 120 // batch_size
        np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(120))
        mean = np.mean([ls.minibatch_grad(w, b) for b in batches], axis=0)
        np.testing.assert_allclose(mean, ls.grad(w), rtol=1e-11, atol=1e-12)


def test_minibatch_gradient_is_unbiased_in_expectation(ls):
    """Monte Carlo mean of sample_batch gradients -> full gradient (within 5 standard errors)."""
    w = np.random.default_rng(5).standard_normal(6)
    rng = np.random.default_rng(6)
    idx = np.stack([ls.sample_batch(rng, 10) for _ in range(4000)])  # (4000, 10)
    g = ls.minibatch_grad(np.broadcast_to(w, (4000, 6)), idx)
    se = g.std(axis=0, ddof=1) / np.sqrt(len(g))
    assert np.all(np.abs(g.mean(axis=0) - ls.grad(w)) < 5 * se)


def test_uneven_last_batch(ls):
    sizes = [b.size for b in ls.epoch_batches(np.random.default_rng(0), 50)]
    assert sizes == [50, 50, 20]


def test_sample_batch_without_replacement_and_seeded(ls):
    a = ls.sample_batch(np.random.default_rng(7), 120)
    np.testing.assert_array_equal(np.sort(a), np.arange(120))
    b1 = ls.sample_batch(np.random.default_rng(8), 16)
    b2 = ls.sample_batch(np.random.default_rng(8), 16)
    np.testing.assert_array_equal(b1, b2)
    assert len(np.unique(b1)) == 16


def test_minibatch_per_run_indices(ls):
    w = np.random.default_rng(9).standard_normal((2, 3, 6))
    idx = np.random.default_rng(10).integers(0, 120, size=(2, 3, 5))
    g = ls.minibatch_grad(w, idx)
    for i in range(2):
        for j in range(3):
            np.testing.assert_allclose(g[i, j], ls.minibatch_grad(w[i, j], idx[i, j]), rtol=1e-13)


def test_least_squares_seeded_and_from_data():
    a, b = F.LeastSquares(50, 3, seed=1), F.LeastSquares(50, 3, seed=1)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    c = F.LeastSquares.from_data(a.X, a.y)
    np.testing.assert_array_equal(c.minimizers, a.minimizers)
    assert c.w_true is None and c.L == a.L and c.m == a.m
    # the note's data generation: X ~ N(0,1), y = X w_true + noise * eps
    resid = a.y - a.X @ a.w_true
    assert 0.05 < resid.std() < 0.15


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: F.note_quadratic()([1.0, 2.0, 3.0]), ValueError, r"x must have shape \(\.\.\., 2\)"),
        (lambda: F.note_quadratic().grad(np.zeros((4, 3))), ValueError, "x must have shape"),
        (lambda: F.Rosenbrock().hessian(1.0), ValueError, "x must have shape"),
        (lambda: F.Beale()("ab"), TypeError, "x must be"),
        (lambda: F.Beale()([1j, 2]), TypeError, "x must be"),
        (lambda: F.Quadratic([[1.0, 2.0], [0.0, 1.0]]), ValueError, "A must be symmetric"),
        (lambda: F.Quadratic([[1.0, 2.0, 3.0]]), ValueError, "A must be a square"),
        (lambda: F.Quadratic([[1.0, np.nan], [np.nan, 1.0]]), ValueError, "A must contain only finite"),
        (lambda: F.Quadratic(np.eye(2), b=[1.0, 2.0, 3.0]), ValueError, "b has shape"),
        (lambda: F.Quadratic(np.eye(2), c=np.inf), ValueError, "c must be"),
        (lambda: F.random_quadratic(), ValueError, "either eigenvalues"),
        (lambda: F.random_quadratic([1.0, 2.0], dim=2, kappa=2.0), ValueError, "not both"),
        (lambda: F.random_quadratic(dim=3, kappa=0.5), ValueError, "kappa must be >= 1"),
        (lambda: F.random_quadratic(dim=1, kappa=3.0), ValueError, "kappa must be 1"),
        (lambda: F.random_quadratic(dim=0, kappa=3.0), ValueError, "dim must be"),
        (lambda: F.random_quadratic(dim=3, kappa=3.0, m=-1.0), ValueError, "m must be"),
        (lambda: F.random_quadratic(dim=3, kappa=3.0, seed=1.5), TypeError, "seed must be"),
        (lambda: F.Saddle([1.0, 2.0]), ValueError, "curvatures must contain a positive and a negative"),
        (lambda: F.Rosenbrock(b=-1.0), ValueError, "b must be"),
        (lambda: F.sharp_flat_pair(sharp=0.1, flat=1.0), ValueError, "sharp must be larger"),
        (lambda: F.LeastSquares(n_samples=0), ValueError, "n_samples must be"),
        (lambda: F.LeastSquares(noise=-0.1), ValueError, "noise must be"),
        (lambda: F.LeastSquares.from_data(np.ones((3, 2)), np.ones(4)), ValueError, "y has shape"),
        (lambda: F.note_quadratic().grid((-1, 1), (1, -1)), ValueError, "ylim must be a pair"),
        (lambda: F.note_quadratic().grid((-1, 1), (-1, 1), n=1), ValueError, "n must be"),
        (lambda: F.random_quadratic(dim=3, kappa=2.0).grid((-1, 1), (-1, 1)), ValueError, "grid needs a 2-D"),
    ],
)
def test_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_least_squares_minibatch_errors(ls):
    with pytest.raises(ValueError, match="w must have shape"):
        ls.minibatch_grad(np.zeros(5), [0, 1])
    with pytest.raises(ValueError, match=r"idx must contain row indices in \[0, 120\)"):
        ls.minibatch_grad(np.zeros(6), [0, 120])
    with pytest.raises(TypeError, match="idx must be an array of integer"):
        ls.minibatch_grad(np.zeros(6), [0.0, 1.0])
    with pytest.raises(ValueError, match="idx must be a non-empty"):
        ls.minibatch_grad(np.zeros(6), np.array([], dtype=int))
    with pytest.raises(ValueError, match="batch_size must be <= n_samples"):
        ls.sample_batch(np.random.default_rng(0), 121)
    with pytest.raises(ValueError, match="batch_size must be"):
        ls.sample_batch(np.random.default_rng(0), 0)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        ls.sample_batch(0, 10)
    with pytest.raises(TypeError, match="rng must be"):
        next(ls.epoch_batches(None, 10))


def test_arrays_are_read_only():
    f = F.note_quadratic()
    with pytest.raises(ValueError):
        f.A[0, 0] = 5.0
    with pytest.raises(ValueError):
        f.minimizers[0, 0] = 5.0
    # the Hessian returned is a fresh array the caller may modify
    H = f.hessian([0.0, 0.0])
    H[0, 0] = 7.0
    assert f.A[0, 0] == 2.0


def test_labels_are_korean():
    labels = {o[1].name: o[1].label for o in OBJECTIVES}
    assert labels["rosenbrock"] == "로젠브록 함수"
    assert labels["beale"] == "빌 함수"
    assert labels["note_quadratic"] == "이차 함수"
    assert labels["saddle"] == "안장점 함수"
    assert labels["sharp_minimum"] == "날카로운 최소점"


def test_quadratic_gap_keeps_relative_precision_near_minimizer():
    # f - f* at a point 1e-8 away from x* must be ~1e-16 with full relative precision,
    # not rounded to 0 by the expanded form's cancellation (c = 9 for the note's quadratic).
    from gdbook.functions import note_quadratic

    f = note_quadratic()
    e = np.array([1e-8, -2e-8])
    gap = f(f.minimizers[0] + e) - f.minimum
    expected = e[0] ** 2 + 2 * e[1] ** 2
    assert gap == pytest.approx(expected, rel=1e-6)
    np.testing.assert_allclose(f.grad(f.minimizers[0] + e), [2 * e[0], 4 * e[1]], rtol=1e-6)


def test_beale_closed_form_matches_the_residual_form():
    """Beale's value and gradient are computed in closed form (multiplications only, as the
    note's beale_gradient); the residual form sum_i r_i^2, 2 sum_i r_i grad r_i (with v**i, libm
    pow) is the same function: they agree to rounding (the operations differ, so not bitwise;
    the tolerance is relative to the size of the terms that cancel)."""
    f = F.Beale()
    x = np.random.default_rng(RNG_SEED).uniform(-4.5, 4.5, size=(2000, 2))
    x = np.concatenate([x, f.minimizers, [[0.0, 0.0], [3.0, 3.0], [-1.0, 1.0]]])
    r, dr = f._residuals(x)[:2]
    value = np.sum(r**2, axis=-1)
    grad = 2 * np.einsum("...i,...ij->...j", r, dr)
    np.testing.assert_allclose(f(x), value, rtol=1e-13, atol=1e-300)
    scale = 2 * np.einsum("...i,...ij->...j", np.abs(r), np.abs(dr))
    assert np.all(np.abs(f.grad(x) - grad) <= 1e-14 * scale)
    # the note's formula, term by term, on a few points
    for u, v in x[:20]:
        note = [2 * (1.5 - u + u * v) * (-1 + v) + 2 * (2.25 - u + u * v**2) * (-1 + v**2)
                + 2 * (2.625 - u + u * v**3) * (-1 + v**3),
                2 * (1.5 - u + u * v) * u + 2 * (2.25 - u + u * v**2) * (2 * u * v)
                + 2 * (2.625 - u + u * v**3) * (3 * u * v**2)]
        np.testing.assert_allclose(f.grad([u, v]), note, rtol=1e-12, atol=1e-12)
    # batched and single points give the same numbers (elementwise expressions)
    np.testing.assert_array_equal(f.grad(x[:5]), np.array([f.grad(p) for p in x[:5]]))
    np.testing.assert_array_equal(f(x[:5]), np.array([f(p) for p in x[:5]]))
