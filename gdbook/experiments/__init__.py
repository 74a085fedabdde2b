"""책의 실험: 본문의 코드 셀과 갤러리 예제가 함께 부르는 계산.

각 실험(원문 노트의 설정을 바로잡은 것)은 이 패키지의 모듈에 문서화된 함수로 **한 번만**
구현되어 있습니다. 함수는 실험에 쓰는 목적 함수, 최적화 알고리즘, 초기점과 스텝 수를 정하고
:func:`gdbook.run` 으로 실행한 뒤, 그 결과(:class:`gdbook.RunResult`)와 본문이 인용하는 숫자를
돌려줍니다. 책의 페이지(``docs/chapter/*.md``)와 갤러리 예제(``gallery/*/plot_*.py``)는 이
함수를 불러 그 결과를 :mod:`gdbook.plotting` 으로 그리기만 하므로, 알고리즘이나 실험 루프를
다시 구현하지 않고, 본문의 숫자와 그림과 예제가 서로 어긋나지 않습니다.

모듈은 책의 장을 따릅니다.

- ``gdbook.experiments.basics``: 1장, 업데이트 규칙과 학습률
- ``gdbook.experiments.convergence``: 2장, 수렴 이론과 시뮬레이션
- ``gdbook.experiments.sgd``: 3장, 확률적 경사 하강법과 배치 크기
- ``gdbook.experiments.momentum``: 4장, 모멘텀과 네스테로프 가속 경사법
- ``gdbook.experiments.adaptive``: 5장, AdaGrad, RMSProp, Adam
- ``gdbook.experiments.schedules``: 6장, 학습률 스케줄
- ``gdbook.experiments.practice``: 7장, 손실 지형, 그래디언트 클리핑, PyTorch 요령

이 패키지를 불러와도 하위 모듈은 불러오지 않습니다. 필요한 모듈을 직접 불러 씁니다.
"""
