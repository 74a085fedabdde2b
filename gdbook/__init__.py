"""gdbook: 경사 하강법 이론 책의 모든 그림과 수치를 만드는 작은 라이브러리.

numpy만으로 동작하는 핵심(최적화 알고리즘의 업데이트 규칙, 테스트 함수, 학습률 스케줄,
그래디언트 클리핑, 수렴 이론 도우미, 실행 루프)과, 필요할 때만 불러오는 그림 도우미
(:mod:`gdbook.plotting`, matplotlib)와 PyTorch 연결부(:mod:`gdbook.pytorch`, torch)로
이루어져 있습니다. ``import gdbook`` 은 torch도 matplotlib도 불러오지 않습니다.

Examples
--------
>>> import gdbook
>>> from gdbook import functions, optimizers
>>> res = gdbook.run(optimizers.sgd(lr=0.1), functions.note_quadratic(), [-2.0, -1.0], steps=50)
>>> bool(res.diverged)
False
"""

from importlib import import_module

__version__ = "0.1.0"

_SUBMODULES = (
    "optimizers",
    "functions",
    "schedules",
    "clipping",
    "theory",
    "runner",
    "plotting",
    "pytorch",
)

__all__ = ["run", "RunResult", *_SUBMODULES]


def __getattr__(name):
    # Submodules are imported on first use so that ``import gdbook`` stays cheap and never
    # imports matplotlib or torch.
    if name in _SUBMODULES:
        return import_module(f"gdbook.{name}")
    if name in ("run", "RunResult"):
        return getattr(import_module("gdbook.runner"), name)
    raise AttributeError(f"module 'gdbook' has no attribute {name!r}")


def __dir__():
    return sorted(__all__ + ["__version__"])
