r"""§7 신경망 최적화의 실전 고려사항의 실험과 연습 문제 5의 풀이.

책의 §7 (:doc:`/chapter/07_practice`), 연습 문제 5 (:doc:`/exercises/ex5`), 관례의 함정
(:doc:`/appendix/traps`)과 갤러리 ``07_practice`` 의 그림과 본문 수치는 모두 이 모듈의 함수가
계산합니다. 그림은 책과 갤러리가 :mod:`gdbook.plotting` 으로 그립니다.

- :func:`saddle_escape` — §7.1 안장점 근처에서 시작한 경사 하강법과 모멘텀이 안장점을 벗어나는
  데 걸리는 스텝 수(처음 어긋남 :math:`\delta` 의 함수)와 정체 구간.
- :class:`TwoMinima`, :func:`sharp_flat_experiment` — §7.2 최소점이 둘(날카로운 것, 평탄한 것)인
  1차원 함수: 시험 손실이 학습 손실을 옮긴 것일 때 두 최소점의 손실, 그리고 학습률 :math:`\eta`
  에 따라 경사 하강법이 어느 최소점에 자리 잡는지.
- :class:`ScalarFactorization`, :func:`sharpness_vs_lr` — §7.2 :math:`f(w) = \tfrac12(w_1 w_2 - 1)^2`:
  같은 함수를 나타내는 최소점들의 날카로움이 제각각이고(재매개화), 경사 하강법이 멈춘 곳의
  날카로움은 :math:`2/\eta` 를 넘지 않습니다.
- :func:`clipping_experiment` — §7.3 로젠브록 함수에서 클리핑이 없으면 발산하고 있으면 수렴하는 실행.
- :func:`torch_clip_demo` — §7.3 노트의 클리핑 예제(잎 텐서가 아니어서 실패)와 고친 예제, 그리고
  :func:`gdbook.clipping.clip_by_global_norm` 과 torch의 결과 비교.
- :func:`train_classifier`, :func:`pytorch_recipe`, :func:`note_recipe` — §7.4 실제 데이터에서
  순전파·역전파·AdamW·클리핑·워밍업+코사인 스케줄로 학습하는 PyTorch 루프와, 노트의 레시피가
  실제로 하는 일.
- :func:`load_cifar10`, :func:`digits_images`, :func:`exercise5` — 연습 문제 5의 데이터와 풀이
  (네 가지 학습률 스케줄 비교).

torch는 그것이 필요한 함수 안에서만 불러옵니다(``import gdbook.experiments.practice`` 는 torch를
불러오지 않습니다). 알고리즘은 구현하지 않습니다. numpy 실험의 업데이트 규칙과 실행 루프는
:mod:`gdbook.optimizers` 와 :func:`gdbook.run`, 클리핑은 :mod:`gdbook.clipping`, 스케줄은
:mod:`gdbook.schedules` 의 것이고, 신경망 학습은 ``torch.optim`` 을 씁니다.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import warnings
from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, schedules
from gdbook.clipping import clip_by_global_norm
from gdbook.experiments.basics import select_run

__all__ = [
    "SaddleEscape",
    "saddle_escape",
    "TwoMinima",
    "SharpFlatExperiment",
    "sharp_flat_experiment",
    "ScalarFactorization",
    "SharpnessLrExperiment",
    "sharpness_vs_lr",
    "ClippingExperiment",
    "clipping_experiment",
    "TorchClipDemo",
    "torch_clip_demo",
    "ImageDataset",
    "digits_images",
    "load_cifar10",
    "make_model",
    "TrainingRun",
    "steps_per_epoch",
    "train_classifier",
    "RecipeResult",
    "pytorch_recipe",
    "NoteRecipe",
    "note_recipe",
    "Exercise5Result",
    "exercise5_schedules",
    "exercise5",
]


# --------------------------------------------------------------------------------------------
# §7.1 Saddle points
# --------------------------------------------------------------------------------------------


class SaddleEscape(NamedTuple):
    r""":func:`saddle_escape` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.Saddle
        :math:`f(x, y) = \tfrac12(x^2 - y^2)`.
    offsets : numpy.ndarray, shape (n,)
        처음 어긋남 :math:`\delta` (시작점 :math:`(1, \delta)`).
    lr, momentum : float
        학습률 :math:`\eta` 와 모멘텀 :math:`\beta`.
    radius : float
        벗어남의 기준 :math:`r`: :math:`|y_t| \ge r` 가 된 첫 스텝을 벗어난 스텝으로 셉니다.
    results : dict[str, gdbook.RunResult]
        ``"sgd"`` (경사 하강법)와 ``"momentum"``, 각각 :math:`\delta` 마다 실행 하나인 배치 실행.
    escape_step : dict[str, numpy.ndarray]
        :math:`\delta` 마다 벗어난 스텝(벗어나지 못했으면 -1).
    predicted_step : numpy.ndarray
        경사 하강법의 정확한 예측 :math:`\lceil \ln(r/\delta) / \ln(1 + \eta) \rceil`
        (:math:`\delta = 0` 이면 -1).
    growth : dict[str, float]
        음의 곡률 방향에서 :math:`|y_t|` 가 스텝마다 커지는 비율: 경사 하강법 :math:`1 + \eta`,
        모멘텀은 :math:`z^2 - (1 + \eta + \beta) z + \beta = 0` 의 큰 근.
    steps_per_decade : dict[str, float]
        측정한 벗어난 스텝을 :math:`\log_{10}(1/\delta)` 에 직선으로 맞춘 기울기.
    predicted_per_decade : dict[str, float]
        이론의 기울기 :math:`\ln 10 / \ln(\text{growth})`.
    stuck_distance : float
        :math:`\delta = 0` 인 경사 하강법 실행의 마지막 거리 :math:`\|x_T\|` (안장점으로 수렴).
    min_grad_norm : numpy.ndarray, shape (n,)
        경사 하강법 실행마다 :math:`\min_t \|g_t\|` (정체 구간의 그래디언트 크기).
    """

    objective: object
    offsets: np.ndarray
    lr: float
    momentum: float
    radius: float
    results: dict
    escape_step: dict
    predicted_step: np.ndarray
    growth: dict
    steps_per_decade: dict
    predicted_per_decade: dict
    stuck_distance: float
    min_grad_norm: np.ndarray


def _first_at_least(values, level):
    """First row index where ``values >= level`` per column, -1 if never (nan counts as never)."""
    hit = np.nan_to_num(values, nan=-np.inf) >= level
    first = np.argmax(hit, axis=0)
    return np.where(hit.any(axis=0), first, -1)


def saddle_escape(offsets=(0.0, *np.logspace(-12, -1, 12)), *, lr=0.1, momentum=0.9, steps=400,
                  radius=1.0) -> SaddleEscape:
    r"""§7.1 안장점: :math:`f(x, y) = \tfrac12(x^2 - y^2)` 를 :math:`(1, \delta)` 에서 최소화.

    원점은 그래디언트가 0인 안장점입니다. 경사 하강법의 한 스텝은
    :math:`x_t = (1 - \eta) x_{t-1}`, :math:`y_t = (1 + \eta) y_{t-1}` 이므로 :math:`x` 는 줄고
    :math:`y` 는 :math:`(1+\eta)^t \delta` 로 커집니다. :math:`|y_t| \ge r` 가 되는 스텝은 정확히
    :math:`\lceil \ln(r/\delta)/\ln(1+\eta) \rceil` 이고, :math:`\delta` 가 10배 작아질 때마다
    :math:`\ln 10/\ln(1+\eta)` 스텝씩 늘어납니다. 그동안 손실은 안장점의 값 0 근처에 머물고
    그래디언트는 작아서(정체 구간) 학습이 멈춘 것처럼 보입니다. :math:`\delta = 0` 이면 영원히
    벗어나지 못하고 안장점으로 수렴합니다. 모멘텀(torch 형식)으로도 같은 실험을 합니다.

    Parameters
    ----------
    offsets : sequence of float, optional
        처음 어긋남 :math:`\delta \ge 0`.
    lr : float, optional
        학습률 :math:`\eta`.
    momentum : float, optional
        모멘텀 실행의 :math:`\beta`.
    steps : int, optional
        스텝 수.
    radius : float, optional
        벗어남의 기준 :math:`r`.

    Returns
    -------
    SaddleEscape

    Examples
    --------
    >>> s = saddle_escape(offsets=(0.0, 1e-6, 1e-3), steps=200)
    >>> s.escape_step["sgd"], s.predicted_step
    (array([ -1, 145,  73]), array([ -1, 145,  73]))
    >>> print(f"{s.predicted_per_decade['sgd']:.2f} {s.predicted_per_decade['momentum']:.2f}")
    24.16 8.38
    """
    offsets = np.asarray(offsets, dtype=np.float64)
    if offsets.ndim != 1 or np.any(offsets < 0):
        raise ValueError(f"offsets must be a 1-D sequence of numbers >= 0, got {offsets!r}")
    f = functions.Saddle()
    x0 = np.stack([np.ones_like(offsets), offsets], axis=-1)
    opts = {"sgd": optimizers.sgd(lr=lr), "momentum": optimizers.sgd(lr=lr, momentum=momentum)}
    results = {name: gdbook.run(opt, f, x0, steps) for name, opt in opts.items()}
    escape = {name: _first_at_least(np.abs(res.x[..., 1]), radius) for name, res in results.items()}
    pos = offsets > 0
    predicted = np.full(offsets.shape, -1)
    predicted[pos] = np.ceil(np.log(radius / offsets[pos]) / np.log1p(lr)).astype(int)
    b = 1.0 + lr + momentum
    growth = {"sgd": 1.0 + lr, "momentum": (b + math.sqrt(b * b - 4.0 * momentum)) / 2.0}
    slope = {}
    for name, steps_ in escape.items():
        ok = pos & (steps_ > 0)
        slope[name] = float(np.polyfit(np.log10(1.0 / offsets[ok]), steps_[ok], 1)[0]) if ok.sum() > 1 else np.nan
    gd = results["sgd"]
    stuck = float(np.linalg.norm(gd.x[-1, ~pos][0])) if (~pos).any() else np.nan
    return SaddleEscape(
        objective=f, offsets=offsets, lr=float(lr), momentum=float(momentum), radius=float(radius),
        results=results, escape_step=escape, predicted_step=predicted, growth=growth,
        steps_per_decade=slope,
        predicted_per_decade={k: math.log(10.0) / math.log(g) for k, g in growth.items()},
        stuck_distance=stuck, min_grad_norm=np.nanmin(gd.grad_norm, axis=0),
    )


# --------------------------------------------------------------------------------------------
# §7.2 Sharp and flat minima: a 1-D function with one of each
# --------------------------------------------------------------------------------------------


class TwoMinima(functions.Objective):
    r"""날카로운 최소점과 평탄한 최소점을 하나씩 가진 1차원 함수(§7.2).

    .. math::

        f(x) = \frac{q_s(u)\, q_f(u)}{q_s(u) + q_f(u)}, \qquad
        q_s(u) = \tfrac{a_s}{2}(u - c_s)^2,\quad q_f(u) = \tfrac{a_f}{2}(u - c_f)^2,\quad u = x - s

    두 이차 함수의 "병렬 연결"이라 :math:`f \ge 0` 이고 :math:`f = 0` 인 점은 :math:`c_s + s` 와
    :math:`c_f + s` 뿐입니다. :math:`q_s` 가 0인 곳 근처에서 :math:`f = q_s - q_s^2/(q_s + q_f)`
    이므로 두 최소점의 곡률(헤시안)은 정확히 :math:`a_s` 와 :math:`a_f` 입니다. 그래디언트는
    :math:`f' = (q_s' q_f^2 + q_f' q_s^2)/(q_s + q_f)^2`. 옮김 :math:`s` 는 "시험 손실은 학습
    손실을 조금 옮긴 것"이라는 장난감 가정을 위한 것입니다.

    Parameters
    ----------
    sharp, flat : float, optional
        두 최소점의 곡률 :math:`a_s > a_f > 0`.
    centers : tuple of float, optional
        :math:`(c_s, c_f)`.
    shift : float, optional
        옮김 :math:`s`.

    Examples
    --------
    >>> f = TwoMinima()
    >>> f(np.array([[-1.0], [2.0], [0.0]]))
    array([0.        , 0.        , 1.66666667])
    >>> f.minimizers.ravel(), f.curvatures
    (array([-1.,  2.]), (20.0, 1.0))
    """

    name = "two_minima"
    label = "최소점이 둘인 함수"

    def __init__(self, sharp=20.0, flat=1.0, centers=(-1.0, 2.0), shift=0.0):
        sharp, flat, shift = float(sharp), float(flat), float(shift)
        if not (math.isfinite(sharp) and math.isfinite(flat) and sharp > flat > 0):
            raise ValueError(f"sharp and flat must satisfy sharp > flat > 0, got sharp={sharp}, flat={flat}")
        c_s, c_f = (float(c) for c in centers)
        if c_s == c_f:
            raise ValueError(f"centers must be two different points, got {centers!r}")
        self.curvatures = (sharp, flat)
        self.centers = (c_s, c_f)
        self.shift = shift
        super().__init__(1, minimizers=[[c_s + shift], [c_f + shift]], minimum=0.0)

    def _parts(self, x):
        u = x[..., 0] - self.shift
        (a_s, a_f), (c_s, c_f) = self.curvatures, self.centers
        return (0.5 * a_s * (u - c_s) ** 2, 0.5 * a_f * (u - c_f) ** 2, a_s * (u - c_s), a_f * (u - c_f))

    def _value(self, x):
        q_s, q_f, _, _ = self._parts(x)
        return q_s * q_f / (q_s + q_f)

    def _grad(self, x):
        q_s, q_f, d_s, d_f = self._parts(x)
        return ((d_s * q_f**2 + d_f * q_s**2) / (q_s + q_f) ** 2)[..., None]


class SharpFlatExperiment(NamedTuple):
    r""":func:`sharp_flat_experiment` 의 결과.

    Attributes
    ----------
    train, test : TwoMinima
        학습 손실과, 그것을 :math:`s` 만큼 옮긴 시험 손실.
    shift : float
        옮김 :math:`s`.
    test_loss : dict[str, float]
        ``"sharp"``, ``"flat"``: 학습 손실의 두 최소점에서 잰 시험 손실.
    predicted : dict[str, float]
        이차 근사 :math:`a s^2/2`.
    lrs : numpy.ndarray, shape (k,)
        학습률.
    starts : numpy.ndarray, shape (n,)
        시작점 :math:`x_0` 들(학습률마다 같음).
    outcome : dict[str, numpy.ndarray]
        ``"sharp"``, ``"flat"``, ``"neither"``: 학습률마다 그 최소점에 자리 잡은(:math:`T` 스텝 뒤
        거리 ``tol`` 이하) 실행의 비율과 어느 쪽에도 자리 잡지 못한 실행의 비율, 모양 ``(k,)``.
    final_x : numpy.ndarray, shape (k, n)
        마지막 점 :math:`x_T`.
    mean_test_loss : numpy.ndarray, shape (k,)
        학습률마다 마지막 점에서 잰 시험 손실의 평균.
    stability_limit : dict[str, float]
        :math:`2/a_s`, :math:`2/a_f`.
    diverged : numpy.ndarray, shape (k,)
        학습률마다 발산한 실행의 비율.
    """

    train: TwoMinima
    test: TwoMinima
    shift: float
    test_loss: dict
    predicted: dict
    lrs: np.ndarray
    starts: np.ndarray
    outcome: dict
    final_x: np.ndarray
    mean_test_loss: np.ndarray
    stability_limit: dict
    diverged: np.ndarray


def sharp_flat_experiment(*, sharp=20.0, flat=1.0, shift=0.1,
                          lrs=(0.01, 0.03, 0.05, 0.08, 0.095, 0.105, 0.12, 0.2, 0.3, 0.5, 1.0, 1.5),
                          n_starts=160, start_range=(-3.0, 5.0), steps=2000, tol=1e-4) -> SharpFlatExperiment:
    r"""§7.2 날카로운 최소점과 평탄한 최소점: 옮긴 시험 손실과 학습률에 따른 자리 잡기.

    (1) 학습 손실 :math:`f` (:class:`TwoMinima`)의 두 최소점에서, :math:`s` 만큼 옮긴 시험 손실
    :math:`f(x - s)` 를 잽니다. 이차 근사로는 :math:`a s^2/2` 이므로 곡률이 작은 쪽이 덜 잃습니다.
    이것은 "시험 손실 = 옮긴 학습 손실"이라는 **가정** 아래의 계산일 뿐입니다.
    (2) 같은 시작점 ``n_starts`` 개에서 학습률마다 경사 하강법을 :math:`T` 스텝 돌려(학습률과
    시작점 전체를 한 번의 배치 실행으로) 어느 최소점에 자리 잡는지 셉니다. 최소점 :math:`x^*` 에서
    경사 하강법이 안정하려면 :math:`\eta < 2/f''(x^*)` 여야 하므로, :math:`\eta > 2/a_s` 이면
    날카로운 최소점에는 (정확히 그 점에서 시작하지 않는 한) 자리 잡을 수 없습니다.

    Parameters
    ----------
    sharp, flat : float, optional
        두 최소점의 곡률 :math:`a_s, a_f`.
    shift : float, optional
        시험 손실의 옮김 :math:`s`.
    lrs : sequence of float, optional
        학습률.
    n_starts : int, optional
        시작점 수(``start_range`` 를 같은 간격으로 나눈 칸의 가운데).
    start_range : tuple of float, optional
        시작점의 범위.
    steps : int, optional
        스텝 수 :math:`T`.
    tol : float, optional
        자리 잡음의 기준 거리.

    Returns
    -------
    SharpFlatExperiment

    Examples
    --------
    >>> e = sharp_flat_experiment(lrs=(0.05, 0.5), n_starts=40, steps=500)
    >>> print(f"{e.test_loss['sharp']:.4f} {e.test_loss['flat']:.4f}")
    0.0980 0.0050
    >>> e.outcome["sharp"]          # η = 0.5 > 2/20 이면 날카로운 최소점에 자리 잡지 못함
    array([0.35, 0.  ])
    """
    train = TwoMinima(sharp, flat)
    test = TwoMinima(sharp, flat, shift=shift)
    (c_s, c_f), (a_s, a_f) = train.centers, train.curvatures
    test_loss = {"sharp": float(test([c_s])), "flat": float(test([c_f]))}
    predicted = {"sharp": a_s * shift**2 / 2, "flat": a_f * shift**2 / 2}
    lrs = np.asarray(lrs, dtype=np.float64)
    lo, hi = start_range
    starts = lo + (np.arange(n_starts) + 0.5) * (hi - lo) / n_starts
    X0 = np.tile(starts, lrs.size)[:, None]
    LR = np.repeat(lrs, n_starts)[:, None]
    res = gdbook.run(optimizers.sgd(lr=LR), train, X0, steps, record=False)
    xf = res.x_final[:, 0].reshape(lrs.size, n_starts)
    at_sharp = np.abs(xf - c_s) < tol
    at_flat = np.abs(xf - c_f) < tol
    with np.errstate(all="ignore"):
        test_at_final = test(xf[..., None])
    return SharpFlatExperiment(
        train=train, test=test, shift=float(shift), test_loss=test_loss, predicted=predicted,
        lrs=lrs, starts=starts,
        outcome={"sharp": at_sharp.mean(axis=1), "flat": at_flat.mean(axis=1),
                 "neither": (~at_sharp & ~at_flat).mean(axis=1)},
        final_x=xf, mean_test_loss=np.nanmean(test_at_final, axis=1),
        stability_limit={"sharp": 2.0 / a_s, "flat": 2.0 / a_f},
        diverged=np.asarray(res.diverged).reshape(lrs.size, n_starts).mean(axis=1),
    )


# --------------------------------------------------------------------------------------------
# §7.2 Sharpness is not invariant: f(w) = (w1 w2 - 1)^2 / 2
# --------------------------------------------------------------------------------------------


class ScalarFactorization(functions.Objective):
    r"""가장 작은 "2층 선형 신경망" :math:`f(w) = \tfrac12 (w_1 w_2 - c)^2` (§7.2).

    예측 :math:`w_1 w_2 x` 는 곱 :math:`w_1 w_2` 에만 달려 있으므로 쌍곡선 :math:`w_1 w_2 = c` 의
    모든 점이 **같은 함수** 를 나타내는 최소점입니다. 그래서 최소점은 하나로 적을 수 없고
    ``minimizers`` 는 비어 있습니다(``minimum`` 은 0). 헤시안은

    .. math::

        \nabla^2 f(w) = \begin{pmatrix} w_2^2 & 2 w_1 w_2 - c \\ 2 w_1 w_2 - c & w_1^2 \end{pmatrix}

    이고, 최소점에서는 :math:`(w_2, w_1)(w_2, w_1)^\top` 이라 가장 큰 고윳값(날카로움)이
    :math:`w_1^2 + w_2^2` 입니다. 같은 함수인데도 :math:`(1, 1)` 에서는 2, :math:`(10, 0.1)` 에서는
    100.01입니다(재매개화 :math:`(w_1, w_2) \to (\alpha w_1, w_2/\alpha)`).

    Parameters
    ----------
    target : float, optional
        :math:`c > 0`.

    Examples
    --------
    >>> f = ScalarFactorization()
    >>> w = np.array([[1.0, 1.0], [10.0, 0.1]])
    >>> f(w), np.round(f.sharpness(w), 4)
    (array([0., 0.]), array([  2.  , 100.01]))
    """

    name = "scalar_factorization"
    label = r"$\frac{1}{2}(w_1 w_2 - 1)^2$"

    def __init__(self, target=1.0):
        target = float(target)
        if not (math.isfinite(target) and target > 0):
            raise ValueError(f"target must be a positive finite number, got {target}")
        self.target = target
        super().__init__(2, minimizers=np.empty((0, 2)), minimum=0.0)

    def _value(self, w):
        return 0.5 * (w[..., 0] * w[..., 1] - self.target) ** 2

    def _grad(self, w):
        r = w[..., 0] * w[..., 1] - self.target
        return np.stack([r * w[..., 1], r * w[..., 0]], axis=-1)

    def _hessian(self, w):
        off = 2 * w[..., 0] * w[..., 1] - self.target
        row1 = np.stack([w[..., 1] ** 2, off], axis=-1)
        row2 = np.stack([off, w[..., 0] ** 2], axis=-1)
        return np.stack([row1, row2], axis=-2)

    def sharpness(self, w):
        r"""날카로움: 헤시안의 가장 큰 고윳값 :math:`\lambda_{\max}(\nabla^2 f(w))`.

        Parameters
        ----------
        w : array_like, shape (..., 2)
            점.

        Returns
        -------
        numpy.ndarray, shape (...)

        Examples
        --------
        >>> float(ScalarFactorization().sharpness([2.0, 0.5]))
        4.25
        """
        return np.linalg.eigvalsh(self.hessian(w))[..., -1]


class SharpnessLrExperiment(NamedTuple):
    r""":func:`sharpness_vs_lr` 의 결과.

    Attributes
    ----------
    objective : ScalarFactorization
    x0 : numpy.ndarray, shape (2,)
        시작점.
    lrs : numpy.ndarray, shape (k,)
        학습률.
    result : gdbook.RunResult
        학습률마다 실행 하나인 배치 실행.
    converged : numpy.ndarray of bool, shape (k,)
        마지막 손실이 ``loss_tol`` 이하인 실행.
    final_sharpness : numpy.ndarray, shape (k,)
        수렴한 실행의 마지막 점의 날카로움(나머지는 ``nan``).
    limit : numpy.ndarray, shape (k,)
        :math:`2/\eta`.
    flow_sharpness : float
        경사 흐름(:math:`\eta \to 0`)이 가는 최소점의 날카로움 :math:`\sqrt{D^2 + 4c^2}`,
        :math:`D = w_1^2 - w_2^2` 는 시작점에서의 값(경사 흐름에서 보존됨).
    rescaled_points : numpy.ndarray, shape (p, 2)
        같은 함수를 나타내는 최소점들 :math:`(\alpha\sqrt c, \sqrt c/\alpha)`.
    rescaled_sharpness : numpy.ndarray, shape (p,)
        그 점들의 날카로움.
    rescaled_product : numpy.ndarray, shape (p,)
        그 점들의 :math:`w_1 w_2` (모두 :math:`c`: 예측이 같음).
    paths : dict[float, gdbook.RunResult]
        그림용: 학습률 ``path_lrs`` 마다 궤적을 모두 기록한 실행(``path_steps`` 스텝).
    """

    objective: ScalarFactorization
    x0: np.ndarray
    lrs: np.ndarray
    result: object
    converged: np.ndarray
    final_sharpness: np.ndarray
    limit: np.ndarray
    flow_sharpness: float
    rescaled_points: np.ndarray
    rescaled_sharpness: np.ndarray
    rescaled_product: np.ndarray
    paths: dict


def sharpness_vs_lr(lrs=None, *, x0=(4.0, 0.05), steps=3000, loss_tol=1e-20,
                    alphas=(1.0, 2.0, 4.0, 10.0), path_lrs=(0.005, 0.19), path_steps=300) -> SharpnessLrExperiment:
    r"""§7.2 학습률과 날카로움: :math:`\tfrac12(w_1 w_2 - 1)^2` 에서 경사 하강법이 멈춘 최소점.

    같은 시작점에서 학습률 :math:`\eta` 만 바꿔(한 번의 배치 실행) 수렴한 최소점의 날카로움
    :math:`\lambda_{\max}` 를 잽니다. 경사 하강법이 어떤 점에 수렴했다면 그 점에서 선형화한 반복이
    안정해야 하므로 :math:`\lambda_{\max} \le 2/\eta` 입니다. 작은 :math:`\eta` 는 경사 흐름처럼
    :math:`w_1^2 - w_2^2` 를 거의 보존해 시작점이 정하는 날카로운 최소점으로 가고, 큰 :math:`\eta`
    는 그 점에 머물 수 없어 더 평탄한 최소점으로 갑니다. 모든 최소점이 같은 함수이므로 이
    날카로움의 차이는 어떤 데이터의 시험 손실도 바꾸지 않습니다.

    Parameters
    ----------
    lrs : sequence of float, optional
        학습률. 기본값은 0.005부터 0.24까지 40개(로그 간격). 이 시작점에서 :math:`\eta \ge 0.25` 는 발산합니다.
    x0 : tuple of float, optional
        시작점 :math:`(w_1, w_2)`.
    steps : int, optional
        스텝 수.
    loss_tol : float, optional
        수렴의 기준 손실.
    alphas : sequence of float, optional
        재매개화 배율 :math:`\alpha`.
    path_lrs : sequence of float, optional
        궤적을 기록할 학습률(그림용).
    path_steps : int, optional
        그 실행의 스텝 수.

    Returns
    -------
    SharpnessLrExperiment

    Examples
    --------
    >>> e = sharpness_vs_lr(lrs=(0.01, 0.15), steps=2000)
    >>> np.round(e.final_sharpness, 2), np.round(e.limit, 2)
    (array([16.12,  9.26]), array([200.  ,  13.33]))
    >>> print(f"{e.flow_sharpness:.3f}")
    16.122
    """
    f = ScalarFactorization()
    lrs = np.geomspace(0.005, 0.24, 40) if lrs is None else np.asarray(lrs, dtype=np.float64)
    x0 = np.asarray(x0, dtype=np.float64)
    res = gdbook.run(optimizers.sgd(lr=lrs[:, None]), f, np.tile(x0, (lrs.size, 1)), steps,
                     record=False)
    final_loss = np.asarray(res.loss_final)
    converged = np.isfinite(final_loss) & (final_loss <= loss_tol)
    sharp = np.full(lrs.size, np.nan)
    sharp[converged] = f.sharpness(res.x_final[converged])
    D = x0[0] ** 2 - x0[1] ** 2
    c = f.target
    alphas = np.asarray(alphas, dtype=np.float64)
    points = np.stack([alphas * math.sqrt(c), math.sqrt(c) / alphas], axis=-1)
    paths = {float(lr): gdbook.run(optimizers.sgd(lr=float(lr)), f, x0, path_steps) for lr in path_lrs}
    return SharpnessLrExperiment(
        objective=f, x0=x0, lrs=lrs, result=res, converged=converged, final_sharpness=sharp,
        limit=2.0 / lrs, flow_sharpness=math.sqrt(D * D + 4 * c * c), rescaled_points=points,
        rescaled_sharpness=f.sharpness(points), rescaled_product=points[:, 0] * points[:, 1],
        paths=paths,
    )


# --------------------------------------------------------------------------------------------
# §7.3 Gradient clipping
# --------------------------------------------------------------------------------------------


class ClippingExperiment(NamedTuple):
    r""":func:`clipping_experiment` 의 결과.

    Attributes
    ----------
    objective : gdbook.functions.Rosenbrock
    x0 : numpy.ndarray
        시작점.
    lr : float
        학습률 :math:`\eta`.
    max_norm : float
        노름 클리핑의 :math:`c` (값 클리핑의 한계도 같은 값).
    results : dict[str, gdbook.RunResult]
        ``"none"`` (클리핑 없음), ``"norm"`` (노름 클리핑), ``"value"`` (값 클리핑).
    clipped_steps : dict[str, int]
        클리핑이 실제로 그래디언트를 바꾼 스텝 수(노름: :math:`\|g_t\| > c`, 값: 어떤 성분이
        :math:`|g_{t,i}| > c`).
    first_below : dict[str, int]
        손실이 처음 ``loss_level`` 아래로 내려간 스텝(-1: 내려가지 않음).
    loss_level : float
        ``first_below`` 의 기준.
    local_limit : float
        최소점 :math:`(1, 1)` 에서의 안정성 한계 :math:`2/\lambda_{\max}(\nabla^2 f(x^*))`.
    beyond_lr, below_lr : float
        그 한계보다 큰 학습률과 작은 학습률.
    beyond : dict[str, gdbook.RunResult]
        최소점 바로 옆 :math:`(1.001, 1)` 에서 시작한 실행: ``"none"``, ``"norm"`` 은 ``beyond_lr``
        (클리핑 없음/있음), ``"below"`` 는 ``below_lr`` (클리핑 없음).
    tail_loss : dict[str, tuple of float]
        ``beyond`` 의 실행마다 뒤쪽 절반 스텝에서 손실의 (최솟값, 최댓값).
    grid_lrs : numpy.ndarray
        격자 실험의 학습률.
    grid_diverged : dict[str, numpy.ndarray]
        ``"none"``, ``"norm"``: 학습률마다 격자 시작점 가운데 발산한 비율.
    grid_size : int
        격자 시작점의 수.
    """

    objective: object
    x0: np.ndarray
    lr: float
    max_norm: float
    results: dict
    clipped_steps: dict
    first_below: dict
    loss_level: float
    local_limit: float
    beyond_lr: float
    below_lr: float
    beyond: dict
    tail_loss: dict
    grid_lrs: np.ndarray
    grid_diverged: dict
    grid_size: int


def clipping_experiment(x0=(-2.0, -1.0), *, lr=1.5e-3, max_norm=10.0, steps=3000, loss_level=1e-2,
                        beyond_lr=2.1e-3, below_lr=1.9e-3, beyond_steps=2000,
                        grid_lrs=(5e-4, 1e-3, 1.5e-3, 1.9e-3), grid_n=11, grid_steps=1500) -> ClippingExperiment:
    r"""§7.3 그래디언트 클리핑이 필요한 경우: 로젠브록 함수, 가파른 곳에서의 출발.

    시작점 :math:`(-2, -1)` 의 그래디언트 노름은 약 4129입니다. :math:`\eta = 1.5\times10^{-3}`
    은 최소점에서의 안정성 한계 :math:`2/\lambda_{\max} \approx 1.997\times10^{-3}` 보다 작은데도,
    첫 스텝이 :math:`\eta\|g_1\| \approx 6` 만큼 뛰어 더 가파른 곳에 떨어지고 발산합니다. 노름
    클리핑(:math:`c` = ``max_norm``)은 처음 몇 스텝의 길이를 :math:`\eta c` 로 묶어 두고, 그래디언트가
    작아진 뒤에는 아무것도 하지 않습니다. 값 클리핑도 함께 돌립니다.

    덧붙여 (1) 최소점 바로 옆 :math:`(1.001, 1)` 에서 한계보다 큰 ``beyond_lr`` 로 시작한 실행
    (클리핑은 발산을 막아도 수렴시키지는 못함)과 (2) :math:`[-2, 2]\times[-1, 3]` 의 격자 시작점
    ``grid_n``\ :sup:`2` 개에서 학습률마다 발산한 비율(클리핑 있음/없음)을 잽니다.

    Parameters
    ----------
    x0 : tuple of float, optional
        시작점.
    lr : float, optional
        학습률.
    max_norm : float, optional
        클리핑 한계 :math:`c`.
    steps : int, optional
        스텝 수.
    loss_level : float, optional
        ``first_below`` 의 기준 손실.
    beyond_lr, below_lr : float, optional
        안정성 한계보다 큰 학습률과 작은 학습률.
    beyond_steps : int, optional
        그 실행의 스텝 수.
    grid_lrs : sequence of float, optional
        격자 실험의 학습률.
    grid_n : int, optional
        격자 한 변의 점 수.
    grid_steps : int, optional
        격자 실험의 스텝 수.

    Returns
    -------
    ClippingExperiment

    Examples
    --------
    >>> e = clipping_experiment(steps=300, beyond_steps=10, grid_lrs=(1.5e-3,), grid_n=3, grid_steps=20)
    >>> e.results["none"].diverged_at, e.results["norm"].diverged
    (6, False)
    >>> print(f"{e.local_limit:.4e}")
    1.9968e-03
    """
    f = functions.Rosenbrock()
    x0 = np.asarray(x0, dtype=np.float64)
    opt = optimizers.sgd(lr=lr)
    results = {
        "none": gdbook.run(opt, f, x0, steps),
        "norm": gdbook.run(opt, f, x0, steps, clip_norm=max_norm),
        "value": gdbook.run(opt, f, x0, steps, clip_value=max_norm),
    }
    grads = f.grad(results["value"].x[:-1])
    clipped = {
        "none": 0,
        "norm": int(np.sum(results["norm"].grad_norm > max_norm)),
        "value": int(np.sum(np.any(np.abs(grads) > max_norm, axis=-1))),
    }
    first = {k: int(np.argmax(r.loss < loss_level)) if np.any(r.loss < loss_level) else -1
             for k, r in results.items()}
    local = 2.0 / float(f.local_L(f.minimizers[0]))
    near = np.array([1.001, 1.0])
    # 클리핑 없는 두 실행(beyond_lr, below_lr)은 학습률 축으로 한 번에 돌림
    pair = gdbook.run(optimizers.sgd(lr=np.array([[beyond_lr], [below_lr]])), f, np.tile(near, (2, 1)),
                      beyond_steps)
    beyond = {"none": select_run(pair, 0),
              "norm": gdbook.run(optimizers.sgd(lr=beyond_lr), f, near, beyond_steps, clip_norm=max_norm),
              "below": select_run(pair, 1)}
    tail = {k: (float(np.min(r.loss[beyond_steps // 2:])), float(np.max(r.loss[beyond_steps // 2:])))
            for k, r in beyond.items()}
    g = np.linspace(-2.0, 2.0, grid_n)
    h = np.linspace(-1.0, 3.0, grid_n)
    X0 = np.stack(np.meshgrid(g, h), axis=-1).reshape(-1, 2)
    grid_lrs = np.asarray(grid_lrs, dtype=np.float64)
    XX = np.tile(X0, (grid_lrs.size, 1))
    LR = np.repeat(grid_lrs, X0.shape[0])[:, None]
    grid_opt = optimizers.sgd(lr=LR)
    grid = {"none": gdbook.run(grid_opt, f, XX, grid_steps, record=False),
            "norm": gdbook.run(grid_opt, f, XX, grid_steps, clip_norm=max_norm, record=False)}
    grid_div = {k: np.asarray(r.diverged).reshape(grid_lrs.size, -1).mean(axis=1) for k, r in grid.items()}
    return ClippingExperiment(
        objective=f, x0=x0, lr=float(lr), max_norm=float(max_norm), results=results,
        clipped_steps=clipped, first_below=first, loss_level=float(loss_level), local_limit=local,
        beyond_lr=float(beyond_lr), below_lr=float(below_lr), beyond=beyond, tail_loss=tail, grid_lrs=grid_lrs, grid_diverged=grid_div,
        grid_size=int(X0.shape[0]),
    )


class TorchClipDemo(NamedTuple):
    r""":func:`torch_clip_demo` 의 결과.

    Attributes
    ----------
    note_error : str
        노트의 코드(``torch.randn(..., requires_grad=True) * 2``)가 낸 예외.
    note_warning : str
        그때 torch가 낸 경고(잎 텐서가 아닌 텐서의 ``.grad`` 를 읽음).
    note_is_leaf : bool
        노트의 ``W`` 가 잎 텐서인지(``False``).
    norm_before : float
        고친 코드에서 ``clip_grad_norm_`` 이 돌려준 클리핑 전 노름(float32).
    norm_after : float
        클리핑 뒤 ``W.grad`` 의 노름(float32).
    coef : float
        torch의 배율 :math:`\min(1, c/(\|g\| + 10^{-6}))`.
    gdbook_norm_before, gdbook_norm_after : float
        같은 그래디언트(float64로 바꾼 것)에 :func:`gdbook.clipping.clip_by_global_norm` 을 쓴 결과.
    max_diff_float64 : float
        float64로 바꾼 그래디언트에 torch의 ``clip_grad_norm_`` 과 gdbook을 쓴 결과의 최대 차이.
    max_rel_diff_float32 : float
        torch의 float32 결과와 gdbook(float64) 결과의 최대 상대 차이(float32 반올림).
    """

    note_error: str
    note_warning: str
    note_is_leaf: bool
    norm_before: float
    norm_after: float
    coef: float
    gdbook_norm_before: float
    gdbook_norm_after: float
    max_diff_float64: float
    max_rel_diff_float32: float


def _note_rnn(torch, W, hidden, steps):
    """The note's forward pass: h <- tanh(W h), 20 times, loss = sum(h); backward."""
    h = torch.randn(hidden, dtype=W.dtype)
    for _ in range(steps):
        h = torch.tanh(W @ h)
    h.sum().backward()


def torch_clip_demo(*, seed=42, hidden=10, steps=20, scale=2.0, max_norm=1.0) -> TorchClipDemo:
    r"""§7.3 노트의 클리핑 예제를 그대로 돌리고(실패), 고쳐서 돌리고, gdbook과 비교합니다.

    노트의 ``W = torch.randn(10, 10, requires_grad=True) * 2`` 는 곱셈의 결과라서 잎 텐서가
    아닙니다. ``backward()`` 는 잎 텐서의 ``.grad`` 만 채우므로 ``W.grad`` 는 ``None`` 이고
    ``W.grad.norm()`` 은 ``AttributeError`` 입니다. 고친 코드는
    ``W = (torch.randn(10, 10) * 2).requires_grad_()`` 로 같은 값의 잎 텐서를 만듭니다.

    Parameters
    ----------
    seed : int, optional
        ``torch.manual_seed`` (노트와 같은 42).
    hidden : int, optional
        은닉 크기.
    steps : int, optional
        순환 스텝 수.
    scale : float, optional
        가중치 배율(노트의 2).
    max_norm : float, optional
        클리핑 한계 :math:`c`.

    Returns
    -------
    TorchClipDemo

    Examples
    --------
    >>> d = torch_clip_demo()
    >>> d.note_error
    "'NoneType' object has no attribute 'norm'"
    >>> print(f"{d.norm_before:.1f} {d.gdbook_norm_before:.1f} {d.gdbook_norm_after:.6f}")
    244480.7 244480.7 1.000000
    """
    import torch

    torch.manual_seed(seed)
    W = torch.randn(hidden, hidden, requires_grad=True) * scale
    _note_rnn(torch, W, hidden, steps)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            W.grad.norm()
            note_error = ""
        except AttributeError as exc:
            note_error = str(exc)
    note_warning = str(caught[0].message).split(". ")[0] + "." if caught else ""
    note_is_leaf = bool(W.is_leaf)

    torch.manual_seed(seed)
    W = (torch.randn(hidden, hidden) * scale).requires_grad_()
    _note_rnn(torch, W, hidden, steps)
    g32 = W.grad.detach().clone()
    g64 = g32.double().numpy()
    norm_before = float(torch.nn.utils.clip_grad_norm_([W], max_norm))
    norm_after = float(W.grad.norm())
    ours, ours_norm = clip_by_global_norm(g64, max_norm, axis=None)
    W64 = torch.tensor(g64, requires_grad=True)
    W64.grad = torch.tensor(g64)
    torch.nn.utils.clip_grad_norm_([W64], max_norm)
    diff64 = float(np.max(np.abs(W64.grad.numpy() - ours)))
    rel32 = float(np.max(np.abs(W.grad.double().numpy() - ours)) / np.max(np.abs(ours)))
    return TorchClipDemo(
        note_error=note_error, note_warning=note_warning, note_is_leaf=note_is_leaf,
        norm_before=norm_before, norm_after=norm_after,
        coef=min(1.0, max_norm / (norm_before + 1e-6)),
        gdbook_norm_before=float(ours_norm), gdbook_norm_after=float(np.linalg.norm(ours)),
        max_diff_float64=diff64, max_rel_diff_float32=rel32,
    )


# --------------------------------------------------------------------------------------------
# Data: scikit-learn digits (ships with the package) and CIFAR-10 (only if present locally)
# --------------------------------------------------------------------------------------------


class ImageDataset(NamedTuple):
    r"""이미지 분류 데이터.

    Attributes
    ----------
    X_train, X_test : numpy.ndarray
        모양 ``(n, C*H*W)``, 값 :math:`[0, 1]`, float32.
    y_train, y_test : numpy.ndarray
        정수 레이블, int64.
    image_shape : tuple of int
        ``(C, H, W)``.
    name : str
        데이터 이름.
    n_classes : int
        클래스 수.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    image_shape: tuple
    name: str
    n_classes: int


def digits_images(*, test_size=0.2, seed=0) -> ImageDataset:
    r"""scikit-learn에 들어 있는 손글씨 숫자(8×8 흑백, 1797장)를 학습/시험으로 나눕니다.

    :func:`gdbook.experiments.sgd.load_digits_data` 와 같은 나누기(층화, 시드 ``seed``)에
    이미지 모양 ``(1, 8, 8)`` 을 붙인 것입니다. 내려받기가 필요 없습니다.

    Parameters
    ----------
    test_size : float, optional
        시험 데이터의 비율.
    seed : int, optional
        나누기의 시드.

    Returns
    -------
    ImageDataset

    Examples
    --------
    >>> d = digits_images()
    >>> d.X_train.shape, d.X_test.shape, d.image_shape
    ((1437, 64), (360, 64), (1, 8, 8))
    """
    from gdbook.experiments.sgd import load_digits_data

    d = load_digits_data(test_size=test_size, seed=seed)
    return ImageDataset(d.X_train.astype(np.float32), d.y_train, d.X_test.astype(np.float32), d.y_test,
                        (1, 8, 8), d.name, d.n_classes)


_CIFAR_TRAIN = tuple(f"data_batch_{i}" for i in range(1, 6))
_CIFAR_TEST = "test_batch"


def load_cifar10(directory) -> ImageDataset:
    r"""독자의 컴퓨터에 있는 CIFAR-10을 읽습니다(내려받지 않습니다).

    ``directory`` 는 공식 "CIFAR-10 python version" 을 푼 폴더(보통 ``cifar-10-batches-py``)로,
    pickle 파일 ``data_batch_1`` … ``data_batch_5`` 와 ``test_batch`` 가 있어야 합니다. 각 파일은
    키 ``b"data"`` (모양 ``(10000, 3072)`` 의 uint8, 채널 R, G, B 순서로 32×32씩)와
    ``b"labels"`` 를 가진 사전입니다. 값을 255로 나눈 float32를 돌려줍니다.

    Parameters
    ----------
    directory : str or os.PathLike
        폴더.

    Returns
    -------
    ImageDataset
        ``image_shape`` 는 ``(3, 32, 32)``.

    Raises
    ------
    FileNotFoundError
        폴더나 배치 파일이 없을 때.
    ValueError
        배치 파일의 모양이 CIFAR-10과 다를 때.

    Examples
    --------
    작은 가짜 배치로 형식만 확인합니다.

    >>> import os, pickle, tempfile
    >>> tmp = tempfile.mkdtemp()
    >>> rng = np.random.default_rng(0)
    >>> for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
    ...     batch = {b"data": rng.integers(0, 256, (4, 3072), dtype=np.uint8), b"labels": [0, 1, 2, 3]}
    ...     with open(os.path.join(tmp, name), "wb") as fh:
    ...         pickle.dump(batch, fh)
    >>> d = load_cifar10(tmp)
    >>> d.X_train.shape, d.X_test.shape, d.image_shape, d.X_train.dtype
    ((20, 3072), (4, 3072), (3, 32, 32), dtype('float32'))
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            f"directory {directory!r} does not exist; download and extract the CIFAR-10 python "
            "version (cifar-10-python.tar.gz) and pass its cifar-10-batches-py folder"
        )

    def read(name):
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"directory {directory!r} has no CIFAR-10 batch file {name!r}")
        with open(path, "rb") as fh:
            batch = pickle.load(fh, encoding="bytes")
        data = np.asarray(batch[b"data"], dtype=np.uint8)
        labels = np.asarray(batch[b"labels"], dtype=np.int64)
        if data.ndim != 2 or data.shape[1] != 3072 or labels.shape != (data.shape[0],):
            raise ValueError(f"{path!r} is not a CIFAR-10 batch: data shape {data.shape}, labels shape {labels.shape}")
        return data, labels

    train = [read(name) for name in _CIFAR_TRAIN]
    X_test, y_test = read(_CIFAR_TEST)
    X_train = np.concatenate([d for d, _ in train]).astype(np.float32) / 255.0
    y_train = np.concatenate([y for _, y in train])
    return ImageDataset(X_train, y_train, X_test.astype(np.float32) / 255.0, y_test, (3, 32, 32), "CIFAR-10", 10)


# --------------------------------------------------------------------------------------------
# §7.4 and exercise 5: a real PyTorch training loop
# --------------------------------------------------------------------------------------------


def make_model(image_shape, n_classes, *, kind="mlp", hidden=64):
    r"""작은 분류 모델(torch ``nn.Sequential``)을 만듭니다.

    - ``"mlp"``: 펼친 입력 → 선형(``hidden``) → ReLU → 선형(``n_classes``).
    - ``"cnn"``: 합성곱 3×3(16) → ReLU → 최대 풀링 2 → 합성곱 3×3(32) → ReLU → 최대 풀링 2 →
      선형(``n_classes``). 입력 높이와 너비는 4의 배수여야 합니다(8×8 손글씨, 32×32 CIFAR-10).

    Parameters
    ----------
    image_shape : tuple of int
        ``(C, H, W)``.
    n_classes : int
        클래스 수.
    kind : {"mlp", "cnn"}, optional
        모델 종류.
    hidden : int, optional
        MLP의 은닉 크기.

    Returns
    -------
    torch.nn.Sequential
        입력은 모양 ``(n, C*H*W)`` 의 펼친 이미지입니다.

    Examples
    --------
    >>> import torch
    >>> _ = torch.manual_seed(0)
    >>> model = make_model((1, 8, 8), 10, kind="cnn")
    >>> model(torch.zeros(2, 64)).shape
    torch.Size([2, 10])
    >>> sum(p.numel() for p in make_model((1, 8, 8), 10).parameters())
    4810
    """
    from torch import nn

    c, h, w = (int(v) for v in image_shape)
    if kind == "mlp":
        return nn.Sequential(nn.Linear(c * h * w, hidden), nn.ReLU(), nn.Linear(hidden, n_classes))
    if kind == "cnn":
        if h % 4 or w % 4:
            raise ValueError(f"image_shape must have height and width divisible by 4 for kind='cnn', got {image_shape}")
        return nn.Sequential(
            nn.Unflatten(1, (c, h, w)),
            nn.Conv2d(c, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * (h // 4) * (w // 4), n_classes),
        )
    raise ValueError(f"kind must be 'mlp' or 'cnn', got {kind!r}")


class TrainingRun(NamedTuple):
    r""":func:`train_classifier` 의 기록.

    Attributes
    ----------
    lr : numpy.ndarray, shape (T,)
        ``optimizer.step()`` :math:`t` 가 실제로 쓴 학습률(``param_groups[0]["lr"]`` 을 스텝
        직전에 읽은 값).
    loss : numpy.ndarray, shape (T,)
        스텝 :math:`t` 의 미니배치 손실(업데이트 전).
    grad_norm : numpy.ndarray, shape (T,)
        스텝 :math:`t` 의 클리핑 전 그래디언트 전체 노름.
    train_loss : numpy.ndarray, shape (E,)
        에포크가 끝날 때마다 학습 데이터 전체에서 잰 손실.
    test_accuracy : numpy.ndarray, shape (E,)
        에포크가 끝날 때마다 시험 정확도.
    steps_per_epoch : int
        에포크당 스텝 수 :math:`\lceil n/B \rceil`.
    total_steps : int
        전체 스텝 수 :math:`T`.
    clipped_steps : int
        클리핑이 그래디언트를 줄인 스텝 수.
    """

    lr: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    train_loss: np.ndarray
    test_accuracy: np.ndarray
    steps_per_epoch: int
    total_steps: int
    clipped_steps: int


def steps_per_epoch(n_samples, batch_size) -> int:
    r"""에포크당 스텝 수 :math:`\lceil n / B \rceil` (마지막 미니배치가 작아도 한 스텝).

    Parameters
    ----------
    n_samples : int
        학습 데이터 수 :math:`n`.
    batch_size : int
        배치 크기 :math:`B`.

    Returns
    -------
    int

    Examples
    --------
    >>> steps_per_epoch(1437, 64)
    23
    """
    return -(-int(n_samples) // int(batch_size))


@contextlib.contextmanager
def _torch_threads(torch, n):
    old = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def train_classifier(data, schedule, *, optimizer="adamw", weight_decay=1e-2, momentum=0.9,
                     max_norm=None, epochs=10, batch_size=64, model="mlp", hidden=64, seed=0) -> TrainingRun:
    r"""torch로 분류 모델을 학습합니다: 미니배치마다 순전파, 역전파, 클리핑, 업데이트, 스케줄 한 칸.

    학습률은 gdbook 스케줄 ``schedule`` 이 정합니다. 옵티마이저를 ``lr=1.0`` 으로 만들고
    ``LambdaLR(opt, schedule)`` 을 붙이면 torch가 쓰는 학습률이 정확히 ``1.0 * schedule(k)``
    입니다(:math:`k` = 완료한 ``optimizer.step()`` 수). ``scheduler.step()`` 은 **미니배치마다**
    부르므로 스케줄의 길이는 에포크 수가 아니라 전체 스텝 수 :math:`T` 로 세어야 합니다.
    클리핑은 ``backward()`` 뒤, ``optimizer.step()`` 앞입니다. 계산은 float32, torch 스레드 하나,
    시드 ``seed`` 로 고정합니다.

    Parameters
    ----------
    data : ImageDataset
        데이터(:func:`digits_images`, :func:`load_cifar10`).
    schedule : callable
        ``schedule(k)`` → 학습률(:mod:`gdbook.schedules`). :math:`k = 0, \dots, T` 에서 불립니다.
    optimizer : {"adamw", "adam", "sgd"}, optional
        torch 옵티마이저. ``"sgd"`` 는 ``momentum`` 을 씁니다.
    weight_decay : float, optional
        가중치 감쇠 :math:`\lambda` (AdamW는 분리된 감쇠, Adam과 SGD는 L2 항).
    momentum : float, optional
        ``"sgd"`` 의 모멘텀.
    max_norm : float, optional
        주면 ``clip_grad_norm_(model.parameters(), max_norm)``.
    epochs : int, optional
        에포크 수 :math:`E`.
    batch_size : int, optional
        배치 크기 :math:`B`.
    model : {"mlp", "cnn"}, optional
        :func:`make_model` 의 종류.
    hidden : int, optional
        MLP의 은닉 크기.
    seed : int, optional
        가중치 초기화와 미니배치 순서의 시드.

    Returns
    -------
    TrainingRun

    Examples
    --------
    >>> data = digits_images()
    >>> T = 2 * steps_per_epoch(len(data.X_train), 64)
    >>> run = train_classifier(data, schedules.warmup_cosine(3e-3, 5, T, eta_min=1e-5), epochs=2, max_norm=1.0)
    >>> run.total_steps, run.lr[:3]
    (46, array([0.001 , 0.0014, 0.0018]))
    """
    import torch
    import torch.nn.functional as F

    optimizers_ = {"adamw": torch.optim.AdamW, "adam": torch.optim.Adam, "sgd": torch.optim.SGD}
    if optimizer not in optimizers_:
        raise ValueError(f"optimizer must be 'adamw', 'adam' or 'sgd', got {optimizer!r}")
    extra = {"momentum": momentum} if optimizer == "sgd" else {}
    X, y, X_test, y_test = (torch.from_numpy(np.ascontiguousarray(a)) for a in (
        np.asarray(data.X_train, np.float32), np.asarray(data.y_train, np.int64),
        np.asarray(data.X_test, np.float32), np.asarray(data.y_test, np.int64)))
    with _torch_threads(torch, 1):
        torch.manual_seed(seed)
        net = make_model(data.image_shape, data.n_classes, kind=model, hidden=hidden)
        opt = optimizers_[optimizer](net.parameters(), lr=1.0, weight_decay=weight_decay, **extra)
        # LambdaLR: 학습률 = 1.0 * schedule(k), k = 완료한 optimizer.step() 수
        scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: float(schedule(k)))
        spe = steps_per_epoch(len(X), batch_size)
        gen = torch.Generator().manual_seed(seed)
        lrs, losses, norms, train_loss, test_acc = [], [], [], [], []
        for _ in range(epochs):
            perm = torch.randperm(len(X), generator=gen)
            for i in range(spe):
                idx = perm[i * batch_size:(i + 1) * batch_size]
                loss = F.cross_entropy(net(X[idx]), y[idx])   # 순전파
                opt.zero_grad()
                loss.backward()                               # 역전파: p.grad 를 채움
                grads = [p.grad for p in net.parameters()]
                if max_norm is not None:                      # 클리핑: backward 뒤, step 앞
                    norm = torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm)
                else:
                    norm = torch.nn.utils.get_total_norm(grads)
                lrs.append(opt.param_groups[0]["lr"])         # 이 스텝이 실제로 쓰는 학습률
                opt.step()                                    # 업데이트
                scheduler.step()                              # 스케줄 한 칸(미니배치마다)
                losses.append(loss.item())
                norms.append(float(norm))
            with torch.no_grad():
                train_loss.append(float(F.cross_entropy(net(X), y)))
                test_acc.append(float((net(X_test).argmax(dim=1) == y_test).float().mean()))
    norms = np.array(norms)
    return TrainingRun(
        lr=np.array(lrs), loss=np.array(losses), grad_norm=norms, train_loss=np.array(train_loss),
        test_accuracy=np.array(test_acc), steps_per_epoch=spe, total_steps=spe * epochs,
        clipped_steps=int(np.sum(norms + 1e-6 > max_norm)) if max_norm is not None else 0,
    )


class RecipeResult(NamedTuple):
    r""":func:`pytorch_recipe` 의 결과.

    Attributes
    ----------
    run : TrainingRun
        학습 기록.
    schedule : gdbook.schedules.Schedule
        쓴 스케줄(워밍업 + 코사인 어닐링, 길이 :math:`T` 스텝).
    max_lr_diff : float
        torch가 실제로 쓴 학습률과 ``schedule(np.arange(T))`` 의 최대 차이.
    data : ImageDataset
        데이터.
    warmup_steps : int
        워밍업 스텝 수.
    """

    run: TrainingRun
    schedule: object
    max_lr_diff: float
    data: ImageDataset
    warmup_steps: int


def pytorch_recipe(*, epochs=10, batch_size=64, lr=1e-2, weight_decay=1e-2, warmup_frac=0.1,
                   eta_min=1e-5, max_norm=1.0, seed=0) -> RecipeResult:
    r"""§7.4 노트의 레시피를 고친 것: 손글씨 숫자 데이터에서 AdamW + 클리핑 + 워밍업·코사인 스케줄.

    스케줄의 길이는 **실제 스텝 수** :math:`T = E \lceil n/B \rceil` 입니다(:math:`E` 에포크,
    :math:`n = 1437` 학습 데이터, 배치 크기 :math:`B`). 처음 ``warmup_frac`` 동안 선형 워밍업하고
    나머지 동안 ``eta_min`` 까지 코사인 어닐링합니다(:func:`gdbook.schedules.warmup_cosine`).

    Parameters
    ----------
    epochs : int, optional
        에포크 수.
    batch_size : int, optional
        배치 크기.
    lr : float, optional
        최대 학습률.
    weight_decay : float, optional
        AdamW의 가중치 감쇠 :math:`\lambda`.
    warmup_frac : float, optional
        워밍업 비율.
    eta_min : float, optional
        마지막 학습률.
    max_norm : float, optional
        클리핑 한계.
    seed : int, optional
        시드.

    Returns
    -------
    RecipeResult

    Examples
    --------
    >>> r = pytorch_recipe(epochs=2)
    >>> r.run.total_steps, r.warmup_steps, r.max_lr_diff
    (46, 5, 0.0)
    """
    data = digits_images()
    T = epochs * steps_per_epoch(len(data.X_train), batch_size)
    warmup = max(1, int(round(warmup_frac * T)))
    sched = schedules.warmup_cosine(lr, warmup, T, eta_min=eta_min)
    run = train_classifier(data, sched, optimizer="adamw", weight_decay=weight_decay, max_norm=max_norm,
                           epochs=epochs, batch_size=batch_size, seed=seed)
    diff = float(np.max(np.abs(run.lr - sched(np.arange(run.total_steps)))))
    return RecipeResult(run=run, schedule=sched, max_lr_diff=diff, data=data, warmup_steps=warmup)


class NoteRecipe(NamedTuple):
    r""":func:`note_recipe` 의 결과.

    Attributes
    ----------
    printed_lr : numpy.ndarray, shape (E,)
        노트의 루프가 에포크마다 출력한 ``scheduler.get_last_lr()[0]``.
    param_change : float
        노트의 루프 전후 매개변수의 최대 절대 변화(역전파가 없으므로 0).
    grads_none : bool
        루프 안에서 모든 매개변수의 ``.grad`` 가 ``None`` 이었는지.
    per_epoch_lr : numpy.ndarray, shape (E,)
        ``CosineAnnealingLR(T_max)`` 을 에포크마다 step 할 때 에포크 :math:`e` 의 학습률(torch).
    per_batch_lr : numpy.ndarray, shape (E * spe,)
        같은 스케줄러를 미니배치마다 step 할 때 스텝마다의 학습률(torch, :math:`T_{\max}` 를 지나 다시 오름).
    correct_lr : numpy.ndarray, shape (E * spe,)
        ``T_max`` 를 전체 스텝 수로 둘 때(torch).
    closed_form_diff : float
        위 세 torch 곡선과 :func:`gdbook.schedules.cosine_annealing` 닫힌 꼴의 최대 상대 차이.
    T_max : int
        노트의 :math:`T_{\max}`.
    steps_per_epoch : int
        미니배치 예의 에포크당 스텝 수.
    """

    printed_lr: np.ndarray
    param_change: float
    grads_none: bool
    per_epoch_lr: np.ndarray
    per_batch_lr: np.ndarray
    correct_lr: np.ndarray
    closed_form_diff: float
    T_max: int
    steps_per_epoch: int


def note_recipe(*, epochs=10, T_max=100, lr=1e-3, steps_per_epoch=23, seed=0) -> NoteRecipe:
    r"""§7.4 노트의 레시피를 그대로 돌려 무엇을 하는지 잽니다.

    노트의 루프는 ``loss.backward()`` 가 주석 처리되어 있어 그래디언트가 없고(``.grad`` 가
    ``None``), ``optimizer.step()`` 은 아무것도 바꾸지 않습니다. ``CosineAnnealingLR(T_max=100)``
    을 에포크마다 10번 step 하므로 코사인의 10분의 1만 지나갑니다. 같은 스케줄러를 미니배치마다
    step 하면(에포크당 ``steps_per_epoch`` 스텝) 스텝 :math:`T_{\max}` 에서 0이 된 뒤 다시 올라갑니다.

    Parameters
    ----------
    epochs : int, optional
        에포크 수(노트의 10).
    T_max : int, optional
        노트의 ``T_max``.
    lr : float, optional
        노트의 ``lr``.
    steps_per_epoch : int, optional
        미니배치 예의 에포크당 스텝 수(손글씨 숫자 데이터, 배치 크기 64이면 23).
    seed : int, optional
        모델 초기화의 시드.

    Returns
    -------
    NoteRecipe

    Examples
    --------
    >>> n = note_recipe()
    >>> n.param_change, n.grads_none
    (0.0, True)
    >>> print(f"{n.printed_lr[-1]:.6f}")
    0.000976
    """
    import torch
    from torch import nn

    with _torch_threads(torch, 1):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 1))   # 노트의 SimpleNN
        before = [p.detach().clone() for p in model.parameters()]
        opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999))
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T_max)
        printed, grads_none = [], True
        for _ in range(epochs):
            grads_none &= all(p.grad is None for p in model.parameters())
            opt.step()
            opt.zero_grad()
            sched.step()
            printed.append(sched.get_last_lr()[0])
        change = max(float((p.detach() - b).abs().max()) for p, b in zip(model.parameters(), before))

        def torch_curve(t_max, n):
            p = torch.zeros(1, requires_grad=True)
            o = torch.optim.SGD([p], lr=lr)
            s = torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=t_max)
            out = []
            for _ in range(n):
                out.append(o.param_groups[0]["lr"])
                o.step()
                s.step()
            return np.array(out)

        T = epochs * steps_per_epoch
        per_epoch = torch_curve(T_max, epochs)
        per_batch = torch_curve(T_max, T)
        correct = torch_curve(T, T)
    k_e, k_b = np.arange(epochs), np.arange(T)
    ref = [(per_epoch, schedules.cosine_annealing(lr, T_max)(k_e)),
           (per_batch, schedules.cosine_annealing(lr, T_max)(k_b)),
           (correct, schedules.cosine_annealing(lr, T)(k_b))]
    diff = max(float(np.max(np.abs(a - b) / lr)) for a, b in ref)
    return NoteRecipe(
        printed_lr=np.array(printed), param_change=change, grads_none=bool(grads_none),
        per_epoch_lr=per_epoch, per_batch_lr=per_batch, correct_lr=correct, closed_form_diff=diff,
        T_max=int(T_max), steps_per_epoch=int(steps_per_epoch),
    )


# --------------------------------------------------------------------------------------------
# Exercise 5: four learning-rate schedules
# --------------------------------------------------------------------------------------------


def exercise5_schedules(lr, total_steps) -> dict:
    r"""연습 문제 5의 네 스케줄(같은 최대 학습률 ``lr``, 길이 ``total_steps``).

    - ``"constant"``: :math:`\eta_0`.
    - ``"step_decay"``: :math:`\lceil T/3 \rceil` 스텝마다 0.1배(학습의 3분의 1, 3분의 2 지점).
    - ``"cosine_annealing"``: :math:`T_{\max} = T`, :math:`\eta_{\min} = 0`.
    - ``"one_cycle"``: torch ``OneCycleLR`` 의 기본값(처음 30% 동안 :math:`\eta_0/25` 에서
      :math:`\eta_0` 까지 올렸다가 :math:`\eta_0/(25\cdot10^4)` 까지 코사인으로 내림).

    Parameters
    ----------
    lr : float
        최대 학습률 :math:`\eta_0`.
    total_steps : int
        전체 스텝 수 :math:`T`.

    Returns
    -------
    dict[str, gdbook.schedules.Schedule]

    Examples
    --------
    >>> s = exercise5_schedules(0.1, 300)
    >>> {k: round(float(v(150)), 4) for k, v in s.items()}
    {'constant': 0.1, 'step_decay': 0.01, 'cosine_annealing': 0.05, 'one_cycle': 0.0806}
    """
    return {
        "constant": schedules.constant(lr),
        "step_decay": schedules.step_decay(lr, step_size=-(-int(total_steps) // 3), gamma=0.1),
        "cosine_annealing": schedules.cosine_annealing(lr, total_steps),
        "one_cycle": schedules.one_cycle(lr, total_steps),
    }


class Exercise5Result(NamedTuple):
    r""":func:`exercise5` 의 결과.

    Attributes
    ----------
    data : ImageDataset
        데이터.
    schedules : dict[str, gdbook.schedules.Schedule]
        네 스케줄.
    runs : dict[str, list[TrainingRun]]
        스케줄마다 시드별 학습 기록.
    final_accuracy : dict[str, numpy.ndarray]
        스케줄마다 시드별 마지막 시험 정확도.
    final_train_loss : dict[str, numpy.ndarray]
        스케줄마다 시드별 마지막 학습 손실(학습 데이터 전체).
    seeds : tuple of int
        시드.
    model : str
        모델 종류.
    total_steps : int
        실행마다 스텝 수.
    """

    data: ImageDataset
    schedules: dict
    runs: dict
    final_accuracy: dict
    final_train_loss: dict
    seeds: tuple
    model: str
    total_steps: int


def exercise5(data=None, *, model="mlp", epochs=20, batch_size=128, lr=0.3, momentum=0.9,
              weight_decay=0.0, seeds=(0, 1, 2)) -> Exercise5Result:
    r"""연습 문제 5: 네 학습률 스케줄(고정, 계단식 감소, 코사인 어닐링, 원 사이클)로 같은 모델을 학습.

    모든 실행은 같은 모델, 같은 모멘텀 SGD, 같은 최대 학습률, 같은 스텝 수를 쓰고 스케줄만
    다릅니다(:func:`exercise5_schedules`). 스케줄은 미니배치마다 한 칸씩 나아갑니다. 시드마다
    가중치 초기화와 미니배치 순서가 다르고, 같은 시드에서는 네 스케줄이 같은 초기화와 같은
    미니배치 순서를 씁니다.

    Parameters
    ----------
    data : ImageDataset, optional
        기본값은 :func:`digits_images`. CIFAR-10이 있으면 ``load_cifar10(폴더)`` 를 넘깁니다.
    model : {"mlp", "cnn"}, optional
        :func:`make_model` 의 종류.
    epochs : int, optional
        에포크 수.
    batch_size : int, optional
        배치 크기.
    lr : float, optional
        최대 학습률.
    momentum : float, optional
        SGD 모멘텀.
    weight_decay : float, optional
        가중치 감쇠(L2).
    seeds : sequence of int, optional
        시드.

    Returns
    -------
    Exercise5Result

    Examples
    --------
    >>> r = exercise5(epochs=1, seeds=(0,))
    >>> sorted(r.final_accuracy), r.total_steps
    (['constant', 'cosine_annealing', 'one_cycle', 'step_decay'], 12)
    """
    data = digits_images() if data is None else data
    T = epochs * steps_per_epoch(len(data.X_train), batch_size)
    scheds = exercise5_schedules(lr, T)
    runs = {name: [train_classifier(data, s, optimizer="sgd", momentum=momentum, weight_decay=weight_decay,
                                    epochs=epochs, batch_size=batch_size, model=model, seed=seed)
                   for seed in seeds]
            for name, s in scheds.items()}
    return Exercise5Result(
        data=data, schedules=scheds, runs=runs,
        final_accuracy={k: np.array([r.test_accuracy[-1] for r in v]) for k, v in runs.items()},
        final_train_loss={k: np.array([r.train_loss[-1] for r in v]) for k, v in runs.items()},
        seeds=tuple(seeds), model=model, total_steps=T,
    )
