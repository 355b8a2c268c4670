"""Long runs of punctuation tokenized in linear time, the ``Doc``'s text still the text given.

spaCy's tokenizer takes a run of characters without a space one affix at a time: for a run of prefix or
suffix punctuation ("=====", "«««««", "!!!!!", "*****"), every step matches the suffix pattern against the
whole rest of the run, hashes it and copies it, so the run costs the square of its length (4,000 "=" take
5 s, 20,000 « about a minute, 200,000 « a quarter of an hour). And a run split one character to a token
gives the tagger, the parser and the entity recognizer as many tokens as characters.

:class:`PunctuationRunsTokenizer` is that tokenizer, except for a run of at least :data:`LONG_RUN`
characters that are neither letters, digits nor spaces: its first and last :data:`PIECE` characters are
tokenized as usual (a quotation mark that opens or closes beside the words keeps its token), the
characters between them make one token per :data:`PIECE` characters, and the text on either side is
tokenized as usual. The tokens are put into the ``Doc`` directly (``Doc(vocab, words, spaces)``), so
``doc.text`` is the text given, character for character, and every offset stays an offset into it.

A text without such a run is tokenized as before, token for token (by the tokenizer's own ``__call__``).

The tokenizer is registered as ``extractor.PunctuationRunsTokenizer.v1`` and named in ``nlp.config``, so a
pipeline saved by ``nlp.to_disk()`` loads with it again (``spacy.load()``: the package declares it in
spaCy's ``spacy_tokenizers`` entry points).

Example:
    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> use_punctuation_runs(nlp)
    >>> text = "Texte " + "=" * 1000 + " fin."
    >>> doc = nlp(text)
    >>> doc.text == text, len(doc), [len(t) for t in doc[31:35]], doc[-2].text
    (True, 97, [1, 1, 32, 32], 'fin')
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

NAME = "extractor.PunctuationRunsTokenizer.v1"
"""The tokenizer's name in spaCy's registry, and in a saved pipeline's config."""

LONG_RUN = 100
"""Runs of punctuation this long or longer are cut in pieces; shorter ones are tokenized as they always were."""

PIECE = 32
"""Characters of a long run's edges tokenized as usual, and of each token between them."""

# characters that are neither letters, digits nor spaces (the underscore counts as punctuation here)
_RUN = re.compile(r"(?:[^\w\s]|_)+")


def settings_of(tokenizer: Tokenizer) -> dict[str, Any]:
    """What makes a tokenizer tokenize as it does (special cases, affixes, infixes, URL and token
    patterns): ``Tokenizer(vocab, **settings_of(other))`` tokenizes as ``other``."""
    return {
        "rules": tokenizer.rules, "prefix_search": tokenizer.prefix_search, "suffix_search": tokenizer.suffix_search,
        "infix_finditer": tokenizer.infix_finditer, "token_match": tokenizer.token_match,
        "url_match": tokenizer.url_match, "faster_heuristics": tokenizer.faster_heuristics,
    }


def long_runs(text: str, minimum: int = LONG_RUN) -> list[tuple[int, int]]:
    """``(start, end)`` of every run of at least ``minimum`` characters that are neither letters, digits
    nor spaces.

    Example:
        >>> long_runs("a ==== b «««", minimum=3)
        [(2, 6), (9, 12)]
    """
    return [m.span() for m in _RUN.finditer(text) if m.end() - m.start() >= minimum]


class PunctuationRunsTokenizer(Tokenizer):
    """spaCy's tokenizer, in linear time on long runs of punctuation (see the module's documentation).

    Everything else is the ordinary tokenizer's: its rules, patterns, cache, serialization.
    """

    @classmethod
    def from_tokenizer(cls, tokenizer: Tokenizer) -> PunctuationRunsTokenizer:
        """The same tokenizer (vocabulary, special cases, prefixes, suffixes, infixes, URL and token
        patterns), made linear on long runs."""
        return cls(tokenizer.vocab, **settings_of(tokenizer), max_cache_size=tokenizer.max_cache_size)

    def __call__(self, text: str) -> Doc:
        runs = long_runs(text, LONG_RUN)
        if not runs:
            return super().__call__(text)
        words: list[str] = []
        spaces: list[bool] = []
        done = 0
        for start, end in runs:
            self._add(text[done:start], words, spaces)
            edge = min(PIECE, (end - start) // 2)
            self._add(text[start : start + edge], words, spaces)  # the run's edges as the tokenizer has them
            for piece in range(start + edge, end - edge, PIECE):  # its middle a piece to a token
                words.append(text[piece : min(piece + PIECE, end - edge)])
                spaces.append(False)
            self._add(text[end - edge : end], words, spaces)
            done = end
            if text.startswith(" ", end):  # the space after a token is its whitespace, as the tokenizer has it
                spaces[-1] = True
                done = end + 1
        self._add(text[done:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _add(self, text: str, words: list[str], spaces: list[bool]) -> None:
        """The ordinary tokenizer's tokens of ``text``, added to ``words`` and ``spaces``."""
        if text:
            for token in super().__call__(text):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))


@registry.tokenizers(NAME)
def make_punctuation_runs_tokenizer() -> Callable[[Language], PunctuationRunsTokenizer]:
    """spaCy's default tokenizer for the language (``spacy.Tokenizer.v1``), linear on long runs."""
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> PunctuationRunsTokenizer:
        return PunctuationRunsTokenizer.from_tokenizer(default(nlp))

    return make


def use_punctuation_runs(nlp: Language) -> None:
    """Give ``nlp`` the tokenizer that is linear on long runs of punctuation, with the settings of the
    one it has, and name it in ``nlp.config`` so that ``nlp.to_disk()`` saves it. Done once: a pipeline
    that has it already keeps it, and one with a tokenizer of another kind keeps its own."""
    if isinstance(nlp.tokenizer, PunctuationRunsTokenizer) or type(nlp.tokenizer) is not Tokenizer:
        return
    nlp.tokenizer = PunctuationRunsTokenizer.from_tokenizer(nlp.tokenizer)
    nlp.config["nlp"]["tokenizer"] = {"@tokenizers": NAME}
