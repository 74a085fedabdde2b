"""Korean word handling for the book's search index (no Sphinx import: unit-testable alone).

See ``korean_search.py`` for the design. ``split_korean`` is the index-side splitter,
``strip_particle`` the query-side reduction (mirrored in JavaScript by ``korean_search``).
"""

from __future__ import annotations

import re

# Hangul syllables, jamo and compatibility jamo.
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_RUN_RE = re.compile(rf"[{_HANGUL}]+|[^{_HANGUL}]+")
_IS_HANGUL = re.compile(rf"[{_HANGUL}]")
_WORD_RE = re.compile(r"\w+")
MIN_PREFIX = 2

# Particles and copula endings stripped from the end of a Hangul *query* word (longest first).
PARTICLES = (
    "에서는", "으로는", "에서도", "이라는", "이라고", "입니다", "에서", "으로", "에게", "까지",
    "부터", "보다", "처럼", "마다", "이나", "라는", "이다", "하는", "하고", "하면", "에는",
    "와는", "과는", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로",
    "만", "나",
)


def hangul_prefixes(run: str) -> list[str]:
    """All prefixes of a Hangul run with at least two syllables (the run itself if shorter)."""
    if len(run) <= MIN_PREFIX:
        return [run]
    return [run[:k] for k in range(MIN_PREFIX, len(run) + 1)]


def split_korean(text: str) -> list[str]:
    """Cut text into index words: Hangul runs become their prefixes, other runs stay whole."""
    out: list[str] = []
    for word in _WORD_RE.findall(text):
        for run in _RUN_RE.findall(word):
            if _IS_HANGUL.match(run):
                out.extend(hangul_prefixes(run))
            elif run.strip("_"):
                out.append(run.strip("_"))
    return out


def strip_particle(word: str) -> str:
    """The query-side reduction (the Python twin of the JavaScript ``stemWord``)."""
    if not _IS_HANGUL.match(word):
        return word
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= MIN_PREFIX:
            return word[: -len(p)]
    return word
