"""The gdbook benchmark suite (``nox -s bench`` or ``python -m benchmarks``); see README.md."""
