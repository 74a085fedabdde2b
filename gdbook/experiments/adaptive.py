r"""§5 적응적 학습률 방법의 실험과 연습 문제 3의 풀이.

책의 §5 (:doc:`/chapter/05_adaptive`)와 연습 문제 3 (:doc:`/exercises/ex3`)의 그림과 본문의
수치는 모두 이 모듈의 함수가 계산합니다. 각 함수는 실험 하나(목적 함수, 옵티마이저, 시작점,
스텝 수를 정하고 :func:`gdbook.run` 으로 실행한 뒤 본문이 인용할 수치를 계산)를 맡고, 그림은
책과 갤러리가 :mod:`gdbook.plotting` 으로 그립니다.

- :func:`beale_note_comparison` — §5.4 원문 노트의 빌 함수 비교(노트의 하이퍼파라미터 그대로).
- :func:`beale_lr_sweep` — 같은 비교를 방법마다 학습률을 훑어서(한 번의 배치 실행) 다시 한 것.
- :func:`epsilon_placement` — :math:`\epsilon` 을 제곱근 밖(torch)과 안(노트의 식)에 둘 때의 첫 스텝.
- :func:`moment_estimates` — Adam의 :math:`\hat m_t`, :math:`\hat v_t` 가 무엇을 추정하는지.
- :func:`bias_correction_steps` — 그래디언트가 일정할 때 편향 보정이 있는/없는 Adam의 스텝 크기.
- :func:`weight_decay_comparison` — L2 항과 분리된 가중치 감쇠(SGD에서는 같고 Adam에서는 다름).
- :func:`exercise3_rosenbrock` — 연습 문제 3: 로젠브록 함수에서 편향 보정이 있는/없는 Adam.

알고리즘은 구현하지 않습니다. 업데이트 규칙은 모두 :mod:`gdbook.optimizers` 의 것이고, 실행은
:func:`gdbook.run` 이 합니다(:func:`moment_estimates` 만 옵티마이저의 ``step`` 을 직접 불러
상태 :math:`m_t, v_t` 를 읽습니다).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, theory

__all__ = [
    "BEALE_X0",
    "BEALE_STEPS",
    "MethodRun",
    "note_beale_optimizers",
    "beale_note_comparison",
    "LrSweep",
    "sweep_factories",
    "beale_lr_sweep",
    "EpsilonPlacement",
    "epsilon_placement",
    "MomentEstimates",
    "moment_estimates",
    "BiasCorrectionSteps",
    "linear_objective",
    "bias_correction_steps",
    "WeightDecayComparison",
    "weight_decay_comparison",
    "Exercise3",
    "exercise3_rosenbrock",
    "BiasCorrectionSweep",
    "exercise3_lr_sweep",
]

#: 원문 노트 §5.4의 시작점 :math:`x_0 = (3, 3)`.
BEALE_X0 = (3.0, 3.0)
#: 원문 노트 §5.4의 스텝 수.
BEALE_STEPS = 500


class MethodRun(NamedTuple):
    r"""방법 하나의 실행 결과와 본문이 인용하는 요약 수치.

    Attributes
    ----------
    label : str
        범례와 표에 쓰는 이름(예: ``"모멘텀"``).
    key : str
        색을 고르는 열쇠(:func:`gdbook.plotting.color_for`, 예: ``"momentum"``).
    optimizer : gdbook.optimizers.Optimizer
        실행한 옵티마이저.
    result : gdbook.RunResult
        실행 기록.
    final_loss : float
        :math:`f(x_T)`. 발산했으면 ``nan``.
    distance : float
        :math:`\lVert x_T - x^* \rVert` (최소점이 여러 개면 가장 가까운 것). 발산했으면 ``nan``.
    diverged_at : int
        발산한 스텝(손실이나 점이 처음 유한하지 않게 된 스텝). 발산하지 않았으면 -1.
    peak_loss : float
        실행 중 유한했던 손실의 최댓값 :math:`\max_t f(x_t)`.
    """

    label: str
    key: str
    optimizer: optimizers.Optimizer
    result: gdbook.RunResult
    final_loss: float
    distance: float
    diverged_at: int
    peak_loss: float


def _method_run(label, key, optimizer, result, objective) -> MethodRun:
    """Summarise one (unbatched) run."""
    diverged = bool(result.diverged)
    final = float("nan") if diverged else float(result.loss_final)
    dist = float("nan") if diverged else float(objective.distance_to_minimizers(result.x_final))
    loss = np.asarray(result.loss)
    peak = float(np.max(loss[np.isfinite(loss)]))
    return MethodRun(label, key, optimizer, result, final, dist, int(result.diverged_at), peak)


def note_beale_optimizers() -> dict[str, tuple[str, optimizers.Optimizer]]:
    r"""원문 노트 §5.4의 다섯 옵티마이저(노트의 하이퍼파라미터를 torch의 이름으로 옮긴 것).

    노트의 ``Momentum(0.001, beta=0.9)`` 는 :math:`v_t = \beta v_{t-1} + g_t`,
    :math:`x_t = x_{t-1} - \eta v_t` 이므로 torch의 ``SGD(lr=0.001, momentum=0.9)`` 와 같고,
    노트의 ``RMSProp(0.01, beta=0.9)`` 의 :math:`\beta` 는 torch의 ``alpha`` 입니다(torch의
    RMSprop에서 ``momentum`` 은 다른 매개변수). 노트의 AdaGrad는 :math:`\epsilon = 10^{-8}` 을 쓰지만
    여기서는 torch의 기본값 :math:`10^{-10}` 을 씁니다(500스텝 동안 :math:`\sqrt{G_t} \ge 10^{3}`
    이라 차이가 보이지 않습니다).

    Returns
    -------
    dict of str to (str, Optimizer)
        범례 이름 → (색 열쇠, 옵티마이저).

    Examples
    --------
    >>> opts = note_beale_optimizers()
    >>> list(opts)
    ['SGD', '모멘텀', 'AdaGrad', 'RMSProp', 'Adam']
    >>> opts["RMSProp"][1].hyperparams["alpha"]
    0.9
    """
    return {
        "SGD": ("sgd", optimizers.sgd(lr=1e-3)),
        "모멘텀": ("momentum", optimizers.sgd(lr=1e-3, momentum=0.9)),
        "AdaGrad": ("adagrad", optimizers.adagrad(lr=0.5)),
        "RMSProp": ("rmsprop", optimizers.rmsprop(lr=0.01, alpha=0.9)),
        "Adam": ("adam", optimizers.adam(lr=0.01, betas=(0.9, 0.999))),
    }


def beale_note_comparison(steps=BEALE_STEPS) -> dict[str, MethodRun]:
    r"""원문 노트 §5.4의 실험: 빌 함수에서 :math:`x_0 = (3, 3)` 부터 다섯 옵티마이저를 500스텝.

    :math:`f(3, 3) \approx 7245.7` 이고 :math:`\lVert \nabla f(3, 3) \rVert \approx 1.48 \times 10^4`
    이라, 학습률 0.001인 SGD의 첫 스텝 길이가 약 14.8입니다.

    Parameters
    ----------
    steps : int, optional
        스텝 수(노트: 500).

    Returns
    -------
    dict of str to MethodRun
        범례 이름 → 실행 결과와 요약(:func:`note_beale_optimizers` 의 순서).

    Examples
    --------
    >>> runs = beale_note_comparison()
    >>> runs["SGD"].diverged_at, runs["모멘텀"].diverged_at
    (4, 4)
    >>> print(f"{runs['RMSProp'].final_loss:.1e} {runs['Adam'].final_loss:.1f}")
    1.1e-03 88.3
    """
    f = functions.Beale()
    out = {}
    for label, (key, opt) in note_beale_optimizers().items():
        res = gdbook.run(opt, f, BEALE_X0, steps)
        out[label] = _method_run(label, key, opt, res, f)
    return out


def sweep_factories() -> dict[str, tuple[str, object]]:
    r"""학습률을 훑을 방법들: 범례 이름 → (색 열쇠, ``lr`` 을 받아 옵티마이저를 만드는 함수).

    노트의 다섯 방법(학습률 말고는 노트의 하이퍼파라미터)에 NAdam, AMSGrad, Adadelta를 더했습니다.

    Returns
    -------
    dict of str to (str, callable)

    Examples
    --------
    >>> fac = sweep_factories()
    >>> list(fac)
    ['SGD', '모멘텀', 'AdaGrad', 'RMSProp', 'Adam', 'NAdam', 'AMSGrad', 'Adadelta']
    >>> fac["모멘텀"][1](0.01).hyperparams["momentum"]
    0.9
    """
    return {
        "SGD": ("sgd", lambda lr: optimizers.sgd(lr=lr)),
        "모멘텀": ("momentum", lambda lr: optimizers.sgd(lr=lr, momentum=0.9)),
        "AdaGrad": ("adagrad", lambda lr: optimizers.adagrad(lr=lr)),
        "RMSProp": ("rmsprop", lambda lr: optimizers.rmsprop(lr=lr, alpha=0.9)),
        "Adam": ("adam", lambda lr: optimizers.adam(lr=lr)),
        "NAdam": ("nadam", lambda lr: optimizers.nadam(lr=lr)),
        "AMSGrad": ("amsgrad", lambda lr: optimizers.adam(lr=lr, amsgrad=True)),
        "Adadelta": ("adadelta", lambda lr: optimizers.adadelta(lr=lr)),
    }


class LrSweep(NamedTuple):
    r"""방법 하나의 학습률 훑기 결과.

    Attributes
    ----------
    label, key : str
        범례 이름과 색 열쇠.
    lrs : numpy.ndarray, shape (n,)
        훑은 학습률.
    final_loss : numpy.ndarray, shape (n,)
        학습률마다 :math:`f(x_T)`. 발산한 실행은 ``nan``.
    diverged_at : numpy.ndarray of int, shape (n,)
        학습률마다 발산한 스텝(-1 = 발산 없음).
    best_lr : float
        발산하지 않은 실행 가운데 :math:`f(x_T)` 가 가장 작은 학습률.
    best : MethodRun
        ``best_lr`` 로 다시 돌린 실행(배치 실행의 해당 실행과 같은 값).
    """

    label: str
    key: str
    lrs: np.ndarray
    final_loss: np.ndarray
    diverged_at: np.ndarray
    best_lr: float
    best: MethodRun


def beale_lr_sweep(lrs=None, steps=BEALE_STEPS, methods=None) -> dict[str, LrSweep]:
    r"""빌 함수 비교를 방법마다 학습률을 훑어 다시 합니다(방법마다 배치 실행 한 번).

    학습률 :math:`n` 개를 모양 ``(n, 1)`` 의 ``lr`` 로 주고 시작점을 ``(n, 2)`` 로 복제해
    :func:`gdbook.run` 한 번으로 돌립니다. 방법마다 발산하지 않은 실행 가운데 최종 손실이 가장
    작은 학습률을 고릅니다(같은 실행으로 고르고 평가하므로 "이 문제에 맞춘 최선"입니다).

    Parameters
    ----------
    lrs : array_like, optional
        훑을 학습률. 기본값 :math:`10^{-5}` 부터 :math:`10` 까지 로그 간격 25개(10배에 4개).
    steps : int, optional
        스텝 수(노트: 500).
    methods : sequence of str, optional
        :func:`sweep_factories` 의 이름 가운데 돌릴 것. 기본값은 모두.

    Returns
    -------
    dict of str to LrSweep

    Examples
    --------
    >>> sw = beale_lr_sweep(methods=["SGD"])
    >>> print(f"{sw['SGD'].best_lr:.0e} {sw['SGD'].best.final_loss:.3f}")
    1e-04 0.141
    >>> float(sw["SGD"].lrs[sw["SGD"].diverged_at >= 0].min())   # 이 학습률부터 발산
    0.0005623413251903491
    """
    lrs = np.logspace(-5, 1, 25) if lrs is None else np.asarray(lrs, dtype=np.float64).ravel()
    f = functions.Beale()
    x0 = np.broadcast_to(np.asarray(BEALE_X0), (lrs.size, 2))
    factories = sweep_factories()
    names = list(factories) if methods is None else list(methods)
    out = {}
    for label in names:
        key, make = factories[label]
        res = gdbook.run(make(lrs[:, None]), f, x0, steps)
        diverged = np.asarray(res.diverged)
        final = np.where(diverged, np.nan, res.loss_final)
        i = int(np.nanargmin(final))
        opt = make(float(lrs[i]))
        best = _method_run(label, key, opt, gdbook.run(opt, f, BEALE_X0, steps), f)
        out[label] = LrSweep(label, key, lrs, final, np.asarray(res.diverged_at), float(lrs[i]), best)
    return out


class EpsilonPlacement(NamedTuple):
    r""":math:`\epsilon` 의 자리에 따른 AdaGrad 첫 스텝의 크기(:math:`\eta = 1`).

    Attributes
    ----------
    grad : numpy.ndarray
        첫 그래디언트의 좌표값 :math:`g_1`.
    outside : numpy.ndarray
        라이브러리(torch)의 첫 스텝 :math:`|g_1| / (\sqrt{g_1^2} + \epsilon)`, :func:`gdbook.optimizers.adagrad` 로 계산.
    inside : numpy.ndarray
        노트의 식 :math:`|g_1| / \sqrt{g_1^2 + \epsilon}` 의 값.
    eps : float
        :math:`\epsilon`.
    """

    grad: np.ndarray
    outside: np.ndarray
    inside: np.ndarray
    eps: float


def epsilon_placement(grad=(1.0, 1e-3, 1e-6), eps=1e-8) -> EpsilonPlacement:
    r"""AdaGrad 첫 스텝: :math:`\epsilon` 을 제곱근 밖에 둘 때(torch, 노트의 코드)와 안에 둘 때(노트의 식).

    :math:`G_1 = g_1^2` 이므로 밖이면 :math:`\eta |g_1| / (|g_1| + \epsilon) \approx \eta`,
    안이면 :math:`\eta |g_1| / \sqrt{g_1^2 + \epsilon}` 이고, :math:`|g_1|` 이
    :math:`\sqrt\epsilon` 보다 작으면 두 값이 크게 다릅니다. 안쪽 식은 비교를 위한 한 줄 계산이고,
    바깥쪽 값은 라이브러리의 스텝에서 읽습니다.

    Parameters
    ----------
    grad : array_like
        첫 그래디언트(좌표마다 따로 비교).
    eps : float, optional
        :math:`\epsilon` (노트: :math:`10^{-8}`).

    Returns
    -------
    EpsilonPlacement

    Examples
    --------
    >>> e = epsilon_placement()
    >>> np.round(e.outside, 4), np.round(e.inside, 4)
    (array([1.    , 1.    , 0.9901]), array([1.   , 0.995, 0.01 ]))
    """
    g = np.asarray(grad, dtype=np.float64)
    opt = optimizers.adagrad(lr=1.0, eps=eps)
    x0 = np.zeros_like(g)
    x1, _ = opt.step(x0, g, opt.init(x0))
    outside = np.abs(x1 - x0)
    inside = np.abs(g) / np.sqrt(g**2 + eps)
    return EpsilonPlacement(g, outside, inside, float(eps))


class MomentEstimates(NamedTuple):
    r"""Adam의 편향 보정한 모멘트 추정 :math:`\hat m_t`, :math:`\hat v_t` (스텝마다).

    Attributes
    ----------
    m_hat, v_hat : numpy.ndarray, shape (T, d)
        :math:`\hat m_t = m_t / (1 - \beta_1^t)`, :math:`\hat v_t = v_t / (1 - \beta_2^t)`.
    """

    m_hat: np.ndarray
    v_hat: np.ndarray


def moment_estimates(grads, betas=(0.9, 0.999)) -> MomentEstimates:
    r"""주어진 그래디언트 열 :math:`g_1, \dots, g_T` 에 :func:`gdbook.optimizers.adam` 의 스텝을 적용해 상태를 읽습니다.

    :math:`v_t` 는 :math:`g_t^2` 의 지수 이동 평균이므로 :math:`\hat v_t` 는
    :math:`\mathbb E[g^2] = (\mathbb E g)^2 + \operatorname{Var} g` (중심화하지 않은 2차 모멘트)를
    추정합니다. 그래디언트가 일정하면 분산은 0인데 :math:`\hat v_t = g^2` 입니다.

    Parameters
    ----------
    grads : array_like, shape (T, d)
        그래디언트 열.
    betas : tuple of float, optional
        :math:`(\beta_1, \beta_2)`.

    Returns
    -------
    MomentEstimates

    Examples
    --------
    >>> est = moment_estimates(np.full((100, 1), 2.0))     # 일정한 그래디언트 2: 분산 0
    >>> print(f"{est.m_hat[-1, 0]:.4f} {est.v_hat[-1, 0]:.4f}")
    2.0000 4.0000
    """
    grads = np.asarray(grads, dtype=np.float64)
    opt = optimizers.adam(lr=1e-3, betas=betas)
    x = np.zeros(grads.shape[1:])
    state = opt.init(x)
    b1, b2 = opt.hyperparams["betas"]
    m_hat, v_hat = [], []
    for g in grads:
        x, state = opt.step(x, g, state)
        m_hat.append(state.m / (1 - b1**state.t))
        v_hat.append(state.v / (1 - b2**state.t))
    return MomentEstimates(np.array(m_hat), np.array(v_hat))


class BiasCorrectionSteps(NamedTuple):
    r"""그래디언트가 일정할 때 Adam의 스텝 크기(:math:`\eta` 로 나눈 값)와 이론값.

    Attributes
    ----------
    t : numpy.ndarray, shape (T,)
        스텝 :math:`1, \dots, T`.
    corrected : numpy.ndarray, shape (T,)
        편향 보정이 있는 Adam의 :math:`|x_t - x_{t-1}| / \eta` (측정).
    uncorrected : numpy.ndarray, shape (T,)
        편향 보정이 없는 Adam의 :math:`|x_t - x_{t-1}| / \eta` (측정).
    predicted : numpy.ndarray, shape (T,)
        보정이 없을 때의 이론값 :math:`(1 - \beta_1^t) / \sqrt{1 - \beta_2^t}`.
    factor1, factor2 : numpy.ndarray, shape (T,)
        보정 인자 :math:`1/(1 - \beta_1^t)`, :math:`1/(1 - \beta_2^t)`
        (:func:`gdbook.theory.adam_bias_correction`).
    results : dict of str to RunResult
        두 실행(``"Adam"``, ``"Adam (편향 보정 없음)"``).
    """

    t: np.ndarray
    corrected: np.ndarray
    uncorrected: np.ndarray
    predicted: np.ndarray
    factor1: np.ndarray
    factor2: np.ndarray
    results: dict


def linear_objective() -> functions.Quadratic:
    r"""그래디언트가 어디서나 1인 일차 함수 :math:`f(x) = x` (:math:`A = 0`, :math:`b = -1` 인 :class:`~gdbook.functions.Quadratic`).

    Returns
    -------
    gdbook.functions.Quadratic

    Examples
    --------
    >>> f = linear_objective()
    >>> f.grad([3.0]), f.minimizers.shape
    (array([1.]), (0, 1))
    """
    f = functions.Quadratic(np.zeros((1, 1)), b=[-1.0], label="일차 함수 $f(x) = x$")
    f.name = "linear"
    return f


def bias_correction_steps(steps=5000, lr=1e-3, betas=(0.9, 0.999)) -> BiasCorrectionSteps:
    r"""그래디언트가 늘 1인 :math:`f(x) = x` 에서 편향 보정이 있는/없는 Adam을 실행해 스텝 크기를 잽니다.

    그래디언트가 일정하면 :math:`m_t = (1 - \beta_1^t) g`, :math:`v_t = (1 - \beta_2^t) g^2` 이므로
    보정하면 스텝이 정확히 :math:`\eta\, g / (|g| + \epsilon) \approx \eta`, 보정하지 않으면
    :math:`\eta (1 - \beta_1^t) / \sqrt{1 - \beta_2^t}` (:math:`\epsilon` 무시)입니다.

    Parameters
    ----------
    steps : int, optional
        스텝 수.
    lr : float, optional
        학습률 :math:`\eta`.
    betas : tuple of float, optional
        :math:`(\beta_1, \beta_2)`.

    Returns
    -------
    BiasCorrectionSteps

    Examples
    --------
    >>> bc = bias_correction_steps(steps=20)
    >>> print(f"{bc.corrected[0]:.4f} {bc.uncorrected[0]:.4f} {bc.uncorrected.max():.4f}")
    1.0000 3.1623 6.5685
    """
    f = linear_objective()
    results = {}
    sizes = {}
    for label, bc in (("Adam", True), ("Adam (편향 보정 없음)", False)):
        res = gdbook.run(optimizers.adam(lr=lr, betas=betas, bias_correction=bc), f, [0.0], steps)
        results[label] = res
        sizes[bc] = np.abs(np.diff(res.x[:, 0])) / lr
    t = np.arange(1, steps + 1)
    b1, b2 = betas
    f1 = theory.adam_bias_correction(b1, t)
    f2 = theory.adam_bias_correction(b2, t)
    predicted = np.sqrt(f2) / f1
    return BiasCorrectionSteps(t, sizes[True], sizes[False], predicted, f1, f2, results)


class WeightDecayComparison(NamedTuple):
    r"""L2 항과 분리된 가중치 감쇠의 비교 결과.

    Attributes
    ----------
    results : dict of str to RunResult
        ``"SGD, weight_decay"``, ``"SGD, 벌점 함수"``, ``"Adam, weight_decay"``,
        ``"Adam, 벌점 함수"``, ``"AdamW"`` 의 실행.
    minimizer : numpy.ndarray
        :math:`f` 의 최소점 :math:`x^*`.
    penalized_minimizer : numpy.ndarray
        :math:`f + \tfrac\lambda2 \lVert x \rVert^2` 의 최소점.
    sgd_max_diff : float
        SGD의 두 궤적(``weight_decay`` 대 벌점 함수)의 최대 차이 :math:`\max_t \lVert \cdot \rVert_\infty`.
    adam_max_diff : float
        Adam의 두 궤적의 최대 차이.
    adamw_to_minimizer, adamw_to_penalized : float
        AdamW의 :math:`x_T` 에서 :math:`x^*` 와 벌점 함수의 최소점까지의 거리.
    adam_to_penalized : float
        Adam(L2)의 :math:`x_T` 에서 벌점 함수의 최소점까지의 거리.
    """

    results: dict
    minimizer: np.ndarray
    penalized_minimizer: np.ndarray
    sgd_max_diff: float
    adam_max_diff: float
    adamw_to_minimizer: float
    adamw_to_penalized: float
    adam_to_penalized: float


def weight_decay_comparison(weight_decay=0.1, *, sgd_lr=0.1, adam_lr=0.01, sgd_steps=200,
                            adam_steps=10_000) -> WeightDecayComparison:
    r"""노트의 이차 함수 :math:`f = (x-1)^2 + 2(y-2)^2` 에서 L2 항과 분리된 가중치 감쇠를 비교합니다.

    - ``weight_decay`` (torch의 SGD, Adam): 그래디언트에 :math:`\lambda x` 를 더합니다. 이것은
      벌점 함수 :math:`f_\lambda = f + \tfrac\lambda2 \lVert x \rVert^2` (헤시안 :math:`A + \lambda I`)
      를 같은 옵티마이저로 최소화하는 것과 **정확히** 같습니다(두 궤적을 비교해 확인).
    - AdamW: :math:`x \leftarrow (1 - \eta\lambda) x` 를 그래디언트와 따로 합니다.
      SGD에서는 :math:`(1 - \eta\lambda)x - \eta g = x - \eta(g + \lambda x)` 라 L2와 같은
      식이지만, Adam에서는 L2 항이 :math:`\sqrt{\hat v_t}` 로 나뉘므로 다릅니다.

    Parameters
    ----------
    weight_decay : float, optional
        :math:`\lambda`.
    sgd_lr, adam_lr : float, optional
        학습률.
    sgd_steps, adam_steps : int, optional
        스텝 수.

    Returns
    -------
    WeightDecayComparison

    Examples
    --------
    >>> wd = weight_decay_comparison(adam_steps=2000)
    >>> np.round(wd.penalized_minimizer, 4)
    array([0.9524, 1.9512])
    >>> bool(wd.sgd_max_diff < 1e-12 and wd.adam_max_diff < 1e-12)
    True
    """
    lam = float(weight_decay)
    f = functions.note_quadratic()
    f_pen = functions.Quadratic(f.A + lam * np.eye(2), b=f.b, c=f.c, label="벌점 함수")
    x0 = [-2.0, -1.0]
    res = {
        "SGD, weight_decay": gdbook.run(optimizers.sgd(sgd_lr, weight_decay=lam), f, x0, sgd_steps),
        "SGD, 벌점 함수": gdbook.run(optimizers.sgd(sgd_lr), f_pen, x0, sgd_steps),
        "Adam, weight_decay": gdbook.run(optimizers.adam(adam_lr, weight_decay=lam), f, x0, adam_steps),
        "Adam, 벌점 함수": gdbook.run(optimizers.adam(adam_lr), f_pen, x0, adam_steps),
        "AdamW": gdbook.run(optimizers.adamw(adam_lr, weight_decay=lam), f, x0, adam_steps),
    }
    x_star = f.minimizers[0]
    x_pen = f_pen.minimizers[0]

    def maxdiff(a, b):
        return float(np.max(np.abs(res[a].x - res[b].x)))

    def dist(name, point):
        return float(np.linalg.norm(res[name].x_final - point))

    return WeightDecayComparison(
        res, x_star, x_pen,
        maxdiff("SGD, weight_decay", "SGD, 벌점 함수"),
        maxdiff("Adam, weight_decay", "Adam, 벌점 함수"),
        dist("AdamW", x_star), dist("AdamW", x_pen), dist("Adam, weight_decay", x_pen),
    )  # fmt: skip


class Exercise3(NamedTuple):
    r"""연습 문제 3의 결과: 로젠브록 함수에서 편향 보정이 있는/없는 Adam.

    Attributes
    ----------
    runs : dict of str to MethodRun
        ``"Adam"`` 과 ``"Adam (편향 보정 없음)"``.
    first_steps : dict of str to numpy.ndarray
        처음 다섯 스텝의 길이 :math:`\lVert x_t - x_{t-1} \rVert / \eta`.
    """

    runs: dict
    first_steps: dict


def exercise3_rosenbrock(lr=0.1, steps=2000, x0=(-1.5, 2.0)) -> Exercise3:
    r"""연습 문제 3: 로젠브록 함수에서 편향 보정이 있는/없는 Adam (:math:`\beta = (0.9, 0.999)`).

    Parameters
    ----------
    lr : float, optional
        학습률 :math:`\eta`.
    steps : int, optional
        스텝 수.
    x0 : tuple of float, optional
        시작점.

    Returns
    -------
    Exercise3

    Examples
    --------
    >>> ex = exercise3_rosenbrock()
    >>> print(f"{ex.first_steps['Adam'][0]:.4f} {ex.first_steps['Adam (편향 보정 없음)'][0]:.4f}")   # √2, √2·3.162
    1.4142 4.4721
    >>> print(f"{ex.runs['Adam'].peak_loss:.1f} {ex.runs['Adam (편향 보정 없음)'].peak_loss:.1f}")
    12.5 88.5
    """
    f = functions.Rosenbrock()
    runs, first = {}, {}
    for label, key, bc in (("Adam", "adam", True), ("Adam (편향 보정 없음)", "adam_no_bias_correction", False)):
        opt = optimizers.adam(lr=lr, bias_correction=bc)
        res = gdbook.run(opt, f, x0, steps)
        runs[label] = _method_run(label, key, opt, res, f)
        first[label] = np.linalg.norm(np.diff(res.x[:6], axis=0), axis=-1) / lr
    return Exercise3(runs, first)


class BiasCorrectionSweep(NamedTuple):
    r"""연습 문제 3의 학습률 훑기: 학습률마다 편향 보정이 있는/없는 Adam의 최종 손실과 최대 손실.

    Attributes
    ----------
    lrs : numpy.ndarray, shape (n,)
        훑은 학습률.
    final_loss : dict of str to numpy.ndarray
        ``"Adam"``/``"Adam (편향 보정 없음)"`` → 학습률마다 :math:`f(x_T)` (발산이면 ``nan``).
    peak_loss : dict of str to numpy.ndarray
        학습률마다 :math:`\max_t f(x_t)` (시작값 :math:`f(x_0)` 보다 크면 처음에 튀어 오른 것).
    loss0 : float
        :math:`f(x_0)`.
    """

    lrs: np.ndarray
    final_loss: dict
    peak_loss: dict
    loss0: float


def exercise3_lr_sweep(lrs=None, steps=2000, x0=(-1.5, 2.0)) -> BiasCorrectionSweep:
    r"""연습 문제 3을 학습률 여러 개로: 변형마다 배치 실행 한 번.

    Parameters
    ----------
    lrs : array_like, optional
        학습률. 기본값 :math:`10^{-3}` 부터 1까지 로그 간격 13개.
    steps : int, optional
        스텝 수.
    x0 : tuple of float, optional
        시작점.

    Returns
    -------
    BiasCorrectionSweep

    Examples
    --------
    >>> sw = exercise3_lr_sweep(lrs=[0.1], steps=200)
    >>> print(f"{sw.loss0:.1f} {sw.peak_loss['Adam'][0]:.1f} {sw.peak_loss['Adam (편향 보정 없음)'][0]:.1f}")
    12.5 12.5 88.5
    """
    lrs = np.logspace(-3, 0, 13) if lrs is None else np.asarray(lrs, dtype=np.float64).ravel()
    f = functions.Rosenbrock()
    xs = np.broadcast_to(np.asarray(x0, dtype=np.float64), (lrs.size, 2))
    final, peak = {}, {}
    for label, bc in (("Adam", True), ("Adam (편향 보정 없음)", False)):
        res = gdbook.run(optimizers.adam(lr=lrs[:, None], bias_correction=bc), f, xs, steps)
        final[label] = np.where(np.asarray(res.diverged), np.nan, res.loss_final)
        peak[label] = np.nanmax(np.where(np.isfinite(res.loss), res.loss, np.nan), axis=0)
    return BiasCorrectionSweep(lrs, final, peak, float(f(np.asarray(x0, dtype=np.float64))))
