"""The table of torch-parity cases for gdbook.schedules (one row per case).

Each case pairs a gdbook schedule with the torch ``lr_scheduler`` built to mean the same thing.
``tests/test_schedules.py`` steps a torch SGD (float64 dummy parameter) with the scheduler and
compares ``optimizer.param_groups[0]["lr"]`` after ``k`` scheduler steps with ``schedule(k)`` for
every ``k`` in ``agree`` (rtol 1e-12).

This module must not import torch: the torch side is a function ``make(lrs, opt)`` that receives
``torch.optim.lr_scheduler`` and the optimizer. ``base_lr`` is the lr the torch optimizer is
created with (it is the schedule's eta_0 for every scheduler except OneCycleLR, which overwrites
it with ``max_lr / div_factor``).

Where the definitions agree: everywhere in this table (the closed forms used by gdbook equal
torch's recursions up to round-off). The one documented region where they drift apart, cosine
annealing far past ``T_max``, has its own explicit tests in ``test_schedules.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from gdbook import schedules as S


@dataclass(frozen=True)
class ScheduleCase:
    id: str
    schedule: Callable[[], S.Schedule]  # builds the gdbook schedule
    make: Callable  # make(lrs, opt) -> torch LRScheduler; lrs = torch.optim.lr_scheduler
    base_lr: float  # lr the torch SGD is created with
    steps: int  # number of k values compared: k = 0 .. steps - 1
    agree: range | None = None  # k values where the definitions agree (default: all)

    @property
    def agree_range(self) -> range:
        return range(self.steps) if self.agree is None else self.agree


def _seq(lrs, opt, parts, milestones):
    return lrs.SequentialLR(opt, [make(lrs, opt) for make in parts], milestones=milestones)


CASES: list[ScheduleCase] = [
    # constant
    ScheduleCase("constant", lambda: S.constant(0.1),
                 lambda lrs, opt: lrs.LambdaLR(opt, lambda k: 1.0), 0.1, 60),
    # StepLR
    ScheduleCase("step_decay-7-0.5", lambda: S.step_decay(0.1, step_size=7, gamma=0.5),
                 lambda lrs, opt: lrs.StepLR(opt, step_size=7, gamma=0.5), 0.1, 80),
    ScheduleCase("step_decay-default-gamma", lambda: S.step_decay(1.0, step_size=10),
                 lambda lrs, opt: lrs.StepLR(opt, step_size=10), 1.0, 60),
    ScheduleCase("step_decay-1-gamma1", lambda: S.step_decay(0.3, step_size=1, gamma=1.0),
                 lambda lrs, opt: lrs.StepLR(opt, step_size=1, gamma=1.0), 0.3, 50),
    # ExponentialLR
    ScheduleCase("exponential-0.95", lambda: S.exponential(0.1, gamma=0.95),
                 lambda lrs, opt: lrs.ExponentialLR(opt, gamma=0.95), 0.1, 200),
    ScheduleCase("exponential-e^-0.05", lambda: S.exponential(0.5, gamma=math.exp(-0.05)),
                 lambda lrs, opt: lrs.ExponentialLR(opt, gamma=math.exp(-0.05)), 0.5, 150),
    # inverse sqrt (no torch class: LambdaLR)
    ScheduleCase("inverse_sqrt", lambda: S.inverse_sqrt(0.2),
                 lambda lrs, opt: lrs.LambdaLR(opt, lambda k: 1 / math.sqrt(k + 1)), 0.2, 100),
    # CosineAnnealingLR
    ScheduleCase("cosine-T50", lambda: S.cosine_annealing(1.0, T_max=50),
                 lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=50), 1.0, 51),
    ScheduleCase("cosine-T60-eta_min", lambda: S.cosine_annealing(0.1, T_max=60, eta_min=1e-3),
                 lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=60, eta_min=1e-3), 0.1, 61),
    # past T_max: both continue the cosine (period 2 T_max); they agree to rtol 1e-12 here
    ScheduleCase("cosine-T10-past-T_max", lambda: S.cosine_annealing(1.0, T_max=10, eta_min=0.1),
                 lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=10, eta_min=0.1), 1.0, 100),
    ScheduleCase("cosine-T7-past-T_max-eta0", lambda: S.cosine_annealing(0.5, T_max=7),
                 lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=7), 0.5, 300),
    # OneCycleLR (k = 0 .. total_steps: torch allows exactly total_steps scheduler steps)
    ScheduleCase("one_cycle-cos", lambda: S.one_cycle(0.1, total_steps=100),
                 lambda lrs, opt: lrs.OneCycleLR(opt, max_lr=0.1, total_steps=100,
                                                 cycle_momentum=False), 0.1, 101),
    ScheduleCase("one_cycle-linear",
                 lambda: S.one_cycle(1.0, total_steps=80, pct_start=0.25, anneal_strategy="linear"),
                 lambda lrs, opt: lrs.OneCycleLR(opt, max_lr=1.0, total_steps=80, pct_start=0.25,
                                                 anneal_strategy="linear", cycle_momentum=False),
                 1.0, 81),
    ScheduleCase("one_cycle-three-phase-cos",
                 lambda: S.one_cycle(0.5, total_steps=90, pct_start=0.3, three_phase=True),
                 lambda lrs, opt: lrs.OneCycleLR(opt, max_lr=0.5, total_steps=90, pct_start=0.3,
                                                 three_phase=True, cycle_momentum=False),
                 0.5, 91),
    ScheduleCase("one_cycle-three-phase-linear-divs",
                 lambda: S.one_cycle(2.0, total_steps=64, pct_start=0.4, anneal_strategy="linear",
                                     div_factor=10.0, final_div_factor=100.0, three_phase=True),
                 lambda lrs, opt: lrs.OneCycleLR(opt, max_lr=2.0, total_steps=64, pct_start=0.4,
                                                 anneal_strategy="linear", div_factor=10.0,
                                                 final_div_factor=100.0, three_phase=True,
                                                 cycle_momentum=False),
                 2.0, 65),
    ScheduleCase("one_cycle-odd-steps",
                 lambda: S.one_cycle(0.3, total_steps=57, pct_start=0.15, div_factor=5.0),
                 lambda lrs, opt: lrs.OneCycleLR(opt, max_lr=0.3, total_steps=57, pct_start=0.15,
                                                 div_factor=5.0, cycle_momentum=False),
                 0.3, 58),
    # LinearLR (end_factor=1)
    ScheduleCase("linear_warmup-default", lambda: S.linear_warmup(0.1, warmup_steps=10),
                 lambda lrs, opt: lrs.LinearLR(opt, total_iters=10), 0.1, 60),
    ScheduleCase("linear_warmup-0.01", lambda: S.linear_warmup(1.0, 25, start_factor=0.01),
                 lambda lrs, opt: lrs.LinearLR(opt, start_factor=0.01, total_iters=25), 1.0, 60),
    # SequentialLR
    ScheduleCase("sequential-warmup-cosine",
                 lambda: S.sequential([S.linear_warmup(0.1, 10, start_factor=0.1),
                                       S.cosine_annealing(0.1, T_max=40, eta_min=1e-3)], [10]),
                 lambda lrs, opt: _seq(lrs, opt, [
                     lambda lrs, opt: lrs.LinearLR(opt, start_factor=0.1, total_iters=10),
                     lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=40, eta_min=1e-3)], [10]),
                 0.1, 50),
    ScheduleCase("sequential-three",
                 lambda: S.sequential([S.linear_warmup(0.2, 5, start_factor=0.5),
                                       S.step_decay(0.2, step_size=4, gamma=0.5),
                                       S.exponential(0.2, gamma=0.9)], [8, 30]),
                 lambda lrs, opt: _seq(lrs, opt, [
                     lambda lrs, opt: lrs.LinearLR(opt, start_factor=0.5, total_iters=5),
                     lambda lrs, opt: lrs.StepLR(opt, step_size=4, gamma=0.5),
                     lambda lrs, opt: lrs.ExponentialLR(opt, gamma=0.9)], [8, 30]),
                 0.2, 70),
    ScheduleCase("sequential-lambda-then-cosine",
                 lambda: S.sequential([S.inverse_sqrt(1.0), S.cosine_annealing(1.0, 20)], [15]),
                 lambda lrs, opt: _seq(lrs, opt, [
                     lambda lrs, opt: lrs.LambdaLR(opt, lambda k: 1 / math.sqrt(k + 1)),
                     lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=20)], [15]),
                 1.0, 60),
    # warmup_cosine == SequentialLR(LinearLR, CosineAnnealingLR)
    ScheduleCase("warmup_cosine",
                 lambda: S.warmup_cosine(0.1, warmup_steps=10, total_steps=100, eta_min=1e-4,
                                         start_factor=0.1),
                 lambda lrs, opt: _seq(lrs, opt, [
                     lambda lrs, opt: lrs.LinearLR(opt, start_factor=0.1, total_iters=10),
                     lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=90, eta_min=1e-4)], [10]),
                 0.1, 101),
    ScheduleCase("warmup_cosine-default-start",
                 lambda: S.warmup_cosine(1.0, warmup_steps=5, total_steps=55),
                 lambda lrs, opt: _seq(lrs, opt, [
                     lambda lrs, opt: lrs.LinearLR(opt, total_iters=5),
                     lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=50)], [5]),
                 1.0, 56),
]

CASE_IDS = [case.id for case in CASES]
assert len(set(CASE_IDS)) == len(CASE_IDS), "duplicate case id"
assert all(case.steps >= 50 for case in CASES)
assert all(case.agree_range.stop <= case.steps for case in CASES)

# The documented disagreement: the cosine closed form vs torch's recursion far past T_max.
# (T_max, eta_min, lr, steps) measured in test_schedules.py; see cosine_annealing's docstring.
COSINE_DRIFT = dict(T_max=10, eta_min=0.0, lr=1.0, steps=10_001)

__all__ = ["ScheduleCase", "CASES", "CASE_IDS", "COSINE_DRIFT"]
