r"""§6 학습률 스케줄의 실험.

책의 §6 (:doc:`/chapter/06_schedules`)의 그림과 본문의 수치는 모두 이 모듈의 함수가
계산합니다. 스케줄은 :mod:`gdbook.schedules` 의 것, 실행은 :func:`gdbook.run` 의 것입니다.

- :func:`note_schedules` — 원문 노트 §6의 네 스케줄(노트의 매개변수)과 워밍업 뒤 코사인 어닐링.
- :func:`one_cycle_variants` — 1-사이클의 세 형태: torch ``OneCycleLR`` 기본값, 스미스와 토핀의
  세 구간 선형 형태, 노트의 코드.
- :func:`schedules_in_training` — 스케줄을 실제로 쓰는 실험: 최소제곱 문제의 미니배치 확률적 경사
  하강법에서 스케줄마다 최종 손실(시드 여러 개).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

import gdbook
from gdbook import functions, optimizers, schedules

__all__ = [
    "NOTE_STEPS",
    "note_schedules",
    "one_cycle_variants",
    "stacked",
    "training_schedules",
    "ScheduleTraining",
    "schedules_in_training",
]

#: 원문 노트 §6의 그림이 그리는 스텝 수(:math:`t = 0, \dots, 199`).
NOTE_STEPS = 200


def note_schedules(steps=NOTE_STEPS, lr=0.1) -> dict[str, schedules.Schedule]:
    r"""원문 노트 §6의 네 스케줄과 워밍업 뒤 코사인 어닐링(노트: :math:`\eta_0 = \eta_{\max} = 0.1`).

    - 스텝 감쇠: 노트의 ``step_decay(t, eta0=0.1, gamma=0.5, k=50)`` = ``step_decay(0.1, 50, 0.5)``.
    - 지수 감쇠: 노트의 :math:`\eta_0 e^{-\lambda t}`, :math:`\lambda = 0.01` =
      ``exponential(0.1, gamma=e^{-0.01})``.
    - 코사인 어닐링: 노트의 ``T=200`` = ``cosine_annealing(0.1, T_max=steps)``.
    - 1-사이클: torch ``OneCycleLR`` 의 기본 형태(``pct_start=0.3``, 올라갈 때도 내려갈 때도 코사인,
      :math:`\eta_{\max}/25` 에서 시작해 :math:`\eta_{\max}/(25 \cdot 10^4)` 에서 끝남). 노트 코드의
      형태는 :func:`one_cycle_variants`.
    - 워밍업 + 코사인: 처음 ``steps // 10`` 스텝 동안 :math:`\eta_0/3` 에서 선형으로 올린 뒤
      코사인 어닐링(``warmup_cosine``).

    Parameters
    ----------
    steps : int, optional
        전체 스텝 수 :math:`T` (코사인, 1-사이클, 워밍업 + 코사인이 :math:`T` 에 맞춰짐).
    lr : float, optional
        :math:`\eta_0` (1-사이클에서는 최대 학습률). 노트는 0.1.

    Returns
    -------
    dict of str to Schedule
        범례 이름 → 스케줄.

    Examples
    --------
    >>> s = note_schedules()
    >>> list(s)
    ['스텝 감쇠', '지수 감쇠', '코사인 어닐링', '1-사이클', '워밍업 + 코사인']
    >>> k = np.array([0, 50, 100, 199])
    >>> np.round(s["스텝 감쇠"](k), 4), np.round(s["지수 감쇠"](k), 4)
    (array([0.1   , 0.05  , 0.025 , 0.0125]), array([0.1   , 0.0607, 0.0368, 0.0137]))
    """
    return {
        "스텝 감쇠": schedules.step_decay(lr, step_size=50, gamma=0.5),
        "지수 감쇠": schedules.exponential(lr, gamma=float(np.exp(-0.01))),
        "코사인 어닐링": schedules.cosine_annealing(lr, T_max=steps),
        "1-사이클": schedules.one_cycle(lr, total_steps=steps),
        "워밍업 + 코사인": schedules.warmup_cosine(lr, warmup_steps=steps // 10, total_steps=steps),
    }


def one_cycle_variants(steps=NOTE_STEPS) -> dict[str, schedules.Schedule]:
    r"""1-사이클의 세 형태(최대 학습률 0.1).

    - ``"torch OneCycleLR (기본값)"``: 두 구간, 코사인 보간, ``pct_start=0.3``.
    - ``"스미스·토핀 (세 구간, 선형)"``: :math:`\eta_{\max}/25 \to \eta_{\max} \to \eta_{\max}/25`
      를 선형으로 오르내린 뒤 마지막 구간에서 훨씬 작은 값까지 내림(``three_phase=True``,
      ``anneal_strategy="linear"``, ``pct_start=0.45``).
    - ``"노트의 코드"``: 노트의 ``one_cycle`` 함수 그대로. 처음 30% 동안 0.001에서 0.1까지
      선형으로 올리고, 나머지 70% 동안 코사인으로 0.001까지 내림. :func:`gdbook.schedules.linear_warmup`
      과 :func:`gdbook.schedules.cosine_annealing` 을 :func:`gdbook.schedules.sequential` 로 이어
      정확히 같은 값을 만듭니다.

    세 형태 모두 최대 학습률에 머무는 구간이 없습니다.

    Parameters
    ----------
    steps : int, optional
        전체 스텝 수.

    Returns
    -------
    dict of str to Schedule

    Examples
    --------
    >>> v = one_cycle_variants()
    >>> note = v["노트의 코드"]
    >>> np.round(note(np.array([0, 30, 60, 130, 199])), 5)
    array([0.001  , 0.0505 , 0.1    , 0.0505 , 0.00101])
    """
    warm = int(round(0.3 * steps))
    return {
        "torch OneCycleLR (기본값)": schedules.one_cycle(0.1, total_steps=steps),
        "스미스·토핀 (세 구간, 선형)": schedules.one_cycle(
            0.1, total_steps=steps, pct_start=0.45, anneal_strategy="linear", three_phase=True
        ),
        "노트의 코드": schedules.sequential(
            [schedules.linear_warmup(0.1, warm, start_factor=0.01),
             schedules.cosine_annealing(0.1, T_max=steps - warm, eta_min=0.001)],
            [warm],
        ),  # fmt: skip
    }


def stacked(schedule_list, steps):
    r"""스케줄 여러 개를 실행 축으로 쌓은 학습률 함수: ``k`` → 모양 ``(n, 1)`` 의 배열.

    옵티마이저의 ``lr`` 은 ``x`` 와 브로드캐스트되는 배열을 돌려주는 호출 가능 객체여도 되므로,
    시작점을 ``(n, d)`` 로 복제하면 실행 :math:`i` 가 스케줄 :math:`i` 를 따르는 배치 실행 하나가
    됩니다. 값은 처음에 ``k = 0, ..., steps-1`` 에서 한 번에 계산해 둡니다.

    Parameters
    ----------
    schedule_list : sequence of Schedule
        쌓을 스케줄.
    steps : int
        계산해 둘 스텝 수.

    Returns
    -------
    callable
        ``lr(k) -> ndarray (n, 1)``.

    Examples
    --------
    >>> lr = stacked([schedules.constant(0.1), schedules.step_decay(0.1, 1, 0.5)], 3)
    >>> lr(2)
    array([[0.1  ],
           [0.025]])
    """
    table = np.stack([np.asarray(s(np.arange(steps)), dtype=np.float64) for s in schedule_list])

    def lr(k):
        return table[:, k, None]

    return lr


def training_schedules(lr=0.1, steps=NOTE_STEPS) -> dict[str, schedules.Schedule]:
    r""":func:`schedules_in_training` 이 비교하는 스케줄: 상수, 역제곱근(§3.4의 :math:`\eta_0/\sqrt t`)과 :func:`note_schedules` 의 다섯.

    Parameters
    ----------
    lr : float, optional
        :math:`\eta_0` (최대 학습률).
    steps : int, optional
        전체 스텝 수 :math:`T`.

    Returns
    -------
    dict of str to Schedule

    Examples
    --------
    >>> list(training_schedules())
    ['상수', '역제곱근', '스텝 감쇠', '지수 감쇠', '코사인 어닐링', '1-사이클', '워밍업 + 코사인']
    """
    return {"상수": schedules.constant(lr), "역제곱근": schedules.inverse_sqrt(lr), **note_schedules(steps, lr)}


class ScheduleTraining(NamedTuple):
    r""":func:`schedules_in_training` 의 결과.

    Attributes
    ----------
    labels : list of str
        스케줄 이름(:func:`training_schedules` 의 순서).
    schedules : dict of str to Schedule
        이름 → 스케줄.
    excess : numpy.ndarray, shape (n_seeds, n_schedules)
        시드와 스케줄마다 최종 초과 손실 :math:`f(x_T) - f^*`.
    mean_curves : numpy.ndarray, shape (T + 1, n_schedules)
        시드 평균 초과 손실 곡선 :math:`\overline{f(x_t) - f^*}`.
    mean, std : dict of str to float
        스케줄마다 최종 초과 손실의 평균과 표준편차(시드에 대해).
    wins_vs_constant : dict of str to float
        같은 시드(같은 미니배치 열)에서 상수 학습률보다 최종 초과 손실이 작은 시드의 비율.
    objective : gdbook.functions.LeastSquares
        목적 함수.
    """

    labels: list
    schedules: dict
    excess: np.ndarray
    mean_curves: np.ndarray
    mean: dict
    std: dict
    wins_vs_constant: dict
    objective: functions.LeastSquares


def schedules_in_training(lr=0.1, steps=NOTE_STEPS, batch_size=10, seeds=range(20)) -> ScheduleTraining:
    r"""최소제곱 선형 회귀(§3의 데이터)에서 미니배치 확률적 경사 하강법을 스케줄마다 실행합니다.

    목적 함수는 :class:`gdbook.functions.LeastSquares` 의 기본값(:math:`n = 1000`, :math:`d = 20`,
    잡음 0.1, 시드 0)이고 :math:`w_0 = 0` 에서 시작합니다. 시드마다 :func:`gdbook.run` 을 한 번
    부르며, 일곱 스케줄은 그 안에서 실행 축으로 함께 돌므로(:func:`stacked`) **같은 미니배치 열** 을
    씁니다. 따라서 스케줄 사이의 차이는 미니배치 운이 아니라 스케줄에서 옵니다.

    Parameters
    ----------
    lr : float, optional
        :math:`\eta_0`.
    steps : int, optional
        스텝 수 :math:`T` (노트의 그림과 같은 200).
    batch_size : int, optional
        배치 크기.
    seeds : iterable of int, optional
        미니배치 난수의 시드들.

    Returns
    -------
    ScheduleTraining

    Examples
    --------
    >>> tr = schedules_in_training(seeds=range(2))
    >>> tr.excess.shape
    (2, 7)
    >>> bool(tr.mean["코사인 어닐링"] < tr.mean["상수"])
    True
    """
    f = functions.LeastSquares()
    scheds = training_schedules(lr, steps)
    labels = list(scheds)
    lr_fn = stacked([scheds[k] for k in labels], steps)
    x0 = np.zeros((len(labels), f.dim))
    excess, curves = [], []
    for seed in seeds:
        res = gdbook.run(optimizers.sgd(lr_fn), f, x0, steps, batch_size=batch_size, seed=int(seed), record=False)
        curves.append(res.loss - f.minimum)
        excess.append(res.loss_final - f.minimum)
    excess = np.array(excess)
    mean_curves = np.mean(curves, axis=0)
    mean = {k: float(v) for k, v in zip(labels, excess.mean(axis=0))}
    std = {k: float(v) for k, v in zip(labels, excess.std(axis=0))}
    wins = {k: float(np.mean(excess[:, i] < excess[:, 0])) for i, k in enumerate(labels)}
    return ScheduleTraining(labels, scheds, excess, mean_curves, mean, std, wins, f)
