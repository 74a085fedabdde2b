"""The claims that §7 (practice), exercise 5 and the convention-traps appendix quote, checked
against independent references: closed forms of the linear recursions, finite differences,
eigenvalues computed here, and torch itself. Each experiment runs once per module (fixtures)."""

from __future__ import annotations

import math
import os
import pickle

import numpy as np
import pytest

from gdbook import functions as F
from gdbook import schedules as S
from gdbook.experiments import practice as P

# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def saddle():
    return P.saddle_escape()


@pytest.fixture(scope="module")
def sharp_flat():
    return P.sharp_flat_experiment()


@pytest.fixture(scope="module")
def sharpness():
    return P.sharpness_vs_lr()


@pytest.fixture(scope="module")
def clipping():
    return P.clipping_experiment()


# ------------------------------------------------------------------------------ §7.1 saddle


def test_saddle_gd_escape_step_is_exact(saddle):
    # y_t = (1 + lr)^t * delta exactly, so the first t with |y_t| >= 1 is a ceiling of a log
    pos = saddle.offsets > 0
    expected = [math.ceil(math.log(1.0 / d) / math.log(1.1)) for d in saddle.offsets[pos]]
    assert saddle.escape_step["sgd"][pos].tolist() == expected
    # independent check from the trajectory itself
    y = saddle.results["sgd"].x[:, pos, 1]
    for j, t in enumerate(expected):
        assert abs(y[t, j]) >= 1.0 > abs(y[t - 1, j])


def test_saddle_slopes_match_theory(saddle):
    assert saddle.steps_per_decade["sgd"] == pytest.approx(math.log(10) / math.log(1.1), rel=0.01)
    z = (2.0 + math.sqrt(4.0 - 3.6)) / 2.0  # root of z^2 - (1 + 0.1 + 0.9) z + 0.9
    assert saddle.growth["momentum"] == pytest.approx(z, rel=1e-12)
    assert saddle.steps_per_decade["momentum"] == pytest.approx(math.log(10) / math.log(z), rel=0.02)


def test_saddle_momentum_escapes_faster_everywhere(saddle):
    pos = saddle.offsets > 0
    assert np.all(saddle.escape_step["momentum"][pos] < saddle.escape_step["sgd"][pos] / 2)


def test_saddle_zero_offset_converges_to_the_saddle(saddle):
    assert saddle.escape_step["sgd"][0] == -1 and saddle.escape_step["momentum"][0] == -1
    assert saddle.stuck_distance == pytest.approx(0.9**400, rel=1e-9)


def test_saddle_plateau_gradient_is_small(saddle):
    # the smaller delta, the smaller the gradient in the plateau
    g = saddle.min_grad_norm[1:]
    assert np.all(np.diff(g) > 0)
    assert g[0] < 1e-6


# ------------------------------------------------------------------------------ §7.2 sharp / flat


def test_two_minima_gradient_and_curvatures():
    f = P.TwoMinima()
    x = np.linspace(-3.7, 5.3, 301)[:, None]
    h = 1e-6
    fd = (f(x + h) - f(x - h)) / (2 * h)
    assert np.allclose(f.grad(x)[:, 0], fd, rtol=1e-6, atol=1e-6)
    assert np.all(f(x) >= 0)
    for c, a in zip(f.centers, f.curvatures):
        k = 1e-4
        second = (f([c + k]) - 2 * f([c]) + f([c - k])) / k**2
        assert second == pytest.approx(a, rel=1e-6)


def test_shifted_test_loss(sharp_flat):
    e = sharp_flat
    assert e.test_loss["sharp"] == pytest.approx(20 * 0.1**2 / 2, rel=0.03)
    assert e.test_loss["flat"] == pytest.approx(1 * 0.1**2 / 2, rel=0.001)
    assert e.test_loss["sharp"] / e.test_loss["flat"] > 19


def test_gd_cannot_settle_in_the_sharp_minimum_above_2_over_a(sharp_flat):
    e = sharp_flat
    above = e.lrs > e.stability_limit["sharp"]
    assert np.all(e.outcome["sharp"][above] == 0)
    assert np.all(e.outcome["sharp"][~above] > 0.3)
    # the runs that were in the sharp basin settle nowhere for 0.105 <= lr <= 0.2 (cycles)
    middle = above & (e.lrs <= 0.2)
    assert np.all(e.outcome["neither"][middle] > 0.3)
    big = e.lrs >= 0.3
    assert np.all(e.outcome["flat"][big] == 1)
    assert np.allclose(e.mean_test_loss[big], e.test_loss["flat"])
    assert not np.any(e.diverged)


def test_scalar_factorization_derivatives():
    f = P.ScalarFactorization()
    rng = np.random.default_rng(1)
    w = rng.normal(size=(20, 2)) * 2
    h = 1e-6
    eye = np.eye(2)
    fd_grad = np.stack([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in eye], axis=-1)
    assert np.allclose(f.grad(w), fd_grad, rtol=1e-6, atol=1e-6)
    fd_hess = np.stack([(f.grad(w + h * e) - f.grad(w - h * e)) / (2 * h) for e in eye], axis=-1)
    assert np.allclose(f.hessian(w), fd_hess, rtol=1e-5, atol=1e-5)
    m = np.array([[3.0, 1 / 3], [0.5, 2.0]])  # minimizers: sharpness = w1^2 + w2^2
    assert np.allclose(f.sharpness(m), (m**2).sum(-1))


def test_sharpness_never_exceeds_2_over_lr(sharpness):
    e = sharpness
    ok = e.converged
    assert ok.sum() == len(e.lrs)  # all 40 learning rates in [0.005, 0.24] converge
    assert np.all(e.final_sharpness[ok] <= e.limit[ok] * (1 + 1e-9))
    # small learning rates: the sharpness that gradient flow predicts
    assert e.final_sharpness[0] == pytest.approx(e.flow_sharpness, rel=1e-3)
    # large learning rates go to flatter minima
    assert e.final_sharpness[e.lrs > 0.15].max() < 10


def test_rescaled_minimizers_are_the_same_function(sharpness):
    e = sharpness
    assert np.allclose(e.rescaled_product, 1.0)
    assert np.allclose(e.rescaled_sharpness, [2.0, 4.25, 16.0625, 100.01])
    assert np.allclose(e.objective(e.rescaled_points), 0.0)


# ------------------------------------------------------------------------------ §7.3 clipping


def test_clipping_rescues_the_rosenbrock_run(clipping):
    c = clipping
    assert c.results["none"].diverged_at == 6
    assert not c.results["norm"].diverged and not c.results["value"].diverged
    assert c.results["norm"].loss_final < c.loss_level
    assert 0 < c.first_below["norm"] < c.results["norm"].steps
    # clipping is active only at the start
    active = np.nonzero(c.results["norm"].grad_norm > c.max_norm)[0]
    assert active.size == c.clipped_steps["norm"] > 0
    assert active.max() + 1 == active.size  # the first steps, one block
    # the first gradient: norm ~4129, the first unclipped step jumps by lr * |g_1| > 6
    g1 = F.Rosenbrock().grad(c.x0)
    assert np.linalg.norm(g1) == pytest.approx(c.results["none"].grad_norm[0])
    assert c.lr * np.linalg.norm(g1) > 6


def test_clipping_does_not_move_the_stability_limit(clipping):
    c = clipping
    lam = np.linalg.eigvalsh(F.Rosenbrock().hessian(np.array([1.0, 1.0])))[-1]
    assert c.local_limit == pytest.approx(2 / lam)
    assert c.below_lr < c.local_limit < c.beyond_lr
    assert c.tail_loss["below"][1] < 1e-7
    assert c.tail_loss["norm"][0] > 1e-2  # clipped, beyond the limit: bounded, not converging
    assert not c.beyond["none"].diverged and not c.beyond["norm"].diverged


def test_clipping_grid(clipping):
    c = clipping
    assert np.all(c.grid_diverged["norm"] == 0)
    assert c.grid_diverged["none"][-1] > 0.2
    assert c.grid_diverged["none"][0] == 0


# ------------------------------------------------------------------------------ data


def _write_fake_cifar(tmp_path, n=3):
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        batch = {b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8), b"labels": list(range(n))}
        with open(tmp_path / name, "wb") as fh:
            pickle.dump(batch, fh)


def test_load_cifar10(tmp_path):
    _write_fake_cifar(tmp_path)
    d = P.load_cifar10(tmp_path)
    assert d.X_train.shape == (15, 3072) and d.X_test.shape == (3, 3072)
    assert d.image_shape == (3, 32, 32) and d.n_classes == 10
    assert d.X_train.min() >= 0 and d.X_train.max() <= 1
    with open(tmp_path / "data_batch_1", "rb") as fh:
        raw = pickle.load(fh)
    assert np.allclose(d.X_train[:3] * 255, raw[b"data"])


def test_load_cifar10_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        P.load_cifar10(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="data_batch_1"):
        P.load_cifar10(tmp_path)
    _write_fake_cifar(tmp_path)
    with open(tmp_path / "test_batch", "wb") as fh:
        pickle.dump({b"data": np.zeros((2, 10), np.uint8), b"labels": [0, 1]}, fh)
    with pytest.raises(ValueError, match="not a CIFAR-10 batch"):
        P.load_cifar10(tmp_path)


def test_steps_per_epoch():
    assert P.steps_per_epoch(1437, 64) == 23
    assert P.steps_per_epoch(1437, 1437) == 1
    assert P.steps_per_epoch(1438, 1437) == 2


# ------------------------------------------------------------------------------ torch


torch = pytest.importorskip("torch")


def test_torch_clip_demo():
    d = P.torch_clip_demo()
    assert "NoneType" in d.note_error and not d.note_is_leaf
    assert "not a leaf Tensor" in d.note_warning
    assert d.gdbook_norm_before == pytest.approx(d.norm_before, rel=1e-6)
    assert d.norm_before > 1e5  # the note's weights do make the gradient explode
    assert d.max_diff_float64 < 1e-15
    assert d.max_rel_diff_float32 < 1e-6
    assert d.norm_after <= 1.0 and d.gdbook_norm_after < 1.0
    # torch's +1e-6: the clipped norm is max_norm * |g| / (|g| + 1e-6), slightly below max_norm
    assert d.gdbook_norm_after == pytest.approx(d.norm_before / (d.norm_before + 1e-6), rel=1e-7)


@pytest.fixture(scope="module")
def recipe():
    return P.pytorch_recipe()


def test_recipe_schedule_spans_the_real_steps(recipe):
    r = recipe
    T = r.run.total_steps
    assert T == 10 * 23
    assert r.max_lr_diff == 0.0
    ref = S.warmup_cosine(1e-2, r.warmup_steps, T, eta_min=1e-5)
    assert np.array_equal(r.run.lr, ref(np.arange(T)))
    assert r.run.lr[r.warmup_steps] == 1e-2
    assert r.run.lr[-1] < 2e-5  # the cosine is nearly done at the last step


def test_recipe_learns(recipe):
    r = recipe
    assert r.run.test_accuracy[-1] > 0.94
    assert r.run.train_loss[-1] < r.run.train_loss[0] / 3
    assert r.run.loss[0] == pytest.approx(math.log(10), rel=0.05)  # untrained: -log(1/10)


def test_recipe_is_deterministic():
    a = P.pytorch_recipe(epochs=1)
    b = P.pytorch_recipe(epochs=1)
    assert np.array_equal(a.run.loss, b.run.loss)


def test_note_recipe():
    n = P.note_recipe()
    assert n.param_change == 0.0 and n.grads_none
    expected = [1e-3 * (1 + math.cos(math.pi * e / 100)) / 2 for e in range(1, 11)]
    assert np.allclose(n.printed_lr, expected, rtol=1e-12)
    assert n.per_batch_lr[100] < 1e-12 and n.per_batch_lr[200] == pytest.approx(1e-3)
    assert n.correct_lr[-1] < 1e-7
    assert n.closed_form_diff < 1e-12


def test_train_classifier_uses_the_schedule_and_clips():
    data = P.digits_images()
    sched = S.one_cycle(0.05, 2 * P.steps_per_epoch(len(data.X_train), 128))
    run = P.train_classifier(data, sched, optimizer="sgd", epochs=2, batch_size=128, max_norm=0.01,
                             model="cnn")
    assert np.array_equal(run.lr, sched(np.arange(run.total_steps)))
    assert run.clipped_steps == run.total_steps  # max_norm 0.01 is always active


def test_train_classifier_bad_optimizer():
    with pytest.raises(ValueError, match="optimizer must be"):
        P.train_classifier(P.digits_images(), S.constant(0.1), optimizer="lbfgs", epochs=1)


def test_make_model_rejects_bad_shapes():
    with pytest.raises(ValueError, match="divisible by 4"):
        P.make_model((3, 30, 30), 10, kind="cnn")
    with pytest.raises(ValueError, match="kind must be"):
        P.make_model((1, 8, 8), 10, kind="rnn")


def test_exercise5_on_fake_cifar(tmp_path):
    _write_fake_cifar(tmp_path, n=8)
    r = P.exercise5(P.load_cifar10(tmp_path), model="cnn", epochs=1, batch_size=8, seeds=(0,))
    assert r.total_steps == 5 and set(r.final_accuracy) == {"constant", "step_decay", "cosine_annealing", "one_cycle"}


@pytest.mark.slow
def test_exercise5_quoted_claims():
    main = P.exercise5()
    means = {k: v.mean() for k, v in main.final_accuracy.items()}
    assert max(means.values()) - min(means.values()) < 0.015
    assert min(means.values()) > 0.96
    hot = P.exercise5(lr=1.0)
    assert hot.final_accuracy["constant"].min() < 0.5
    assert hot.final_accuracy["cosine_annealing"].min() > 0.9
    assert hot.final_accuracy["one_cycle"].min() > 0.9
