"""A Korean search language for Sphinx's built-in full-text search.

Sphinx has no Korean search language. Its English fallback indexes whole space-separated words
with their particles attached (``경사하강법은``), and the search page only looks for substrings
of query words longer than two characters, so two-syllable queries such as ``경사``, ``학습``
or ``발산`` find nothing.

Design (index side, Python):

- Text is cut into words with ``\\w+``; each word is further cut where the script changes, so
  ``Adam의`` gives ``Adam`` and ``의``, and ``L-평활`` gives ``L`` and ``평활``.
- A run of Hangul syllables is indexed under every prefix of two or more syllables (and a
  one-syllable word under itself): ``학습률은`` -> ``학습``, ``학습률``, ``학습률은``. Korean
  attaches particles and endings at the end of a word, so the stem is always one of the
  prefixes; no dictionary or morphological analyser is needed (and none could be installed
  offline on Read the Docs). Compounds written without a space match by their first part only
  (``경사하강법`` is found by ``경사``, not by ``하강법``); the glossary spaces the book's
  compound terms (``경사 하강법``), so each part is a word of its own.
- Any other run (Latin letters, digits) is treated exactly as Sphinx's English search does:
  lower-cased, English stop words dropped, Snowball English stemmer (``adam``, ``momentum``,
  ``schedul``...).

Query side (JavaScript, embedded into ``language_data.js``): the query is split by Sphinx's
default splitter and cut at script changes like the index (``Adam의`` -> ``Adam``, ``의``); each
Hangul query word is reduced by one trailing particle (``학습률은`` ->
``학습률``, when at least two syllables remain) and then looked up exactly, which succeeds for
any prefix of an indexed word; other words go through the same Snowball English stemmer as the
index. Because the index holds every prefix, stripping a particle can only add matches, never
lose one.

Registered as ``ko``; ``html_search_language = "ko"`` (the default once ``language = "ko"``)
selects it.
"""

from __future__ import annotations

import snowballstemmer
from korean_text import _IS_HANGUL, MIN_PREFIX, PARTICLES, split_korean
from sphinx.search import _MINIFIED_JS_PATH, SearchLanguage, languages
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS


def _js_stemmer() -> str:
    base = (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8")
    english = (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8")
    particles = ",".join(f'"{p}"' for p in PARTICLES)
    return f"""{base}
{english}
/* Korean search (docs/_ext/korean_search.py): Hangul words lose one trailing particle and
 * are looked up as prefixes (the index holds every prefix of two or more syllables); other
 * words use Snowball's English stemmer, as Sphinx's English search does. */
var KoreanStemmer = function () {{
  const english = new EnglishStemmer();
  const hangul = /^[\\uac00-\\ud7a3\\u1100-\\u11ff\\u3130-\\u318f]/;
  const particles = [{particles}];
  this.stemWord = function (w) {{
    if (!hangul.test(w)) return english.stemWord(w);
    for (const p of particles) {{
      if (w.endsWith(p) && w.length - p.length >= {MIN_PREFIX}) return w.slice(0, -p.length);
    }}
    return w;
  }};
}};
var Stemmer = KoreanStemmer;
window.Stemmer = KoreanStemmer;
"""


# Query splitter: Sphinx's default (split at anything that is not a letter, digit, "_" or emoji),
# then cut at each change between Hangul and other scripts, as split_korean does for the index
# (the query "Adam의" becomes "Adam", "의").
JS_SPLITTER = r"""
var splitQuery = (query) =>
  query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .flatMap((w) => w.match(/[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+|[^\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+/g) || [])
    .filter((term) => term);
"""

# One-syllable particles standing alone after a script change (``Adam의`` -> ``의``): never
# worth a search; also given to the search page, which skips them in queries.
KOREAN_STOPWORDS = frozenset(p for p in PARTICLES if len(p) == 1)


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    stopwords = ENGLISH_STOPWORDS | KOREAN_STOPWORDS
    js_stemmer_rawcode = ""
    js_splitter_code = JS_SPLITTER

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stemmer = snowballstemmer.stemmer("english")
        self.js_stemmer_code = _js_stemmer()

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        return split_korean(input)

    def stem(self, word: str) -> str:
        if _IS_HANGUL.match(word):
            return word
        return self.stemmer.stemWord(word.lower())

    def word_filter(self, word: str) -> bool:
        if _IS_HANGUL.match(word):
            return word not in KOREAN_STOPWORDS
        return len(word) > 1 and not word.isdigit() and word not in self.stopwords


def setup(app):
    languages["ko"] = SearchKorean
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
