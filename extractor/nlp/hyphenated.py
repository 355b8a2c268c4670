"""Words joined by a hyphen that the French tokenizer cuts: one token each, as the parser was taught.

spaCy's French exceptions keep "celle-ci" or "peut-être" whole only in lowercase: at the start of a
sentence "Celle-ci a déclaré…" comes out as "Celle", "-", "ci", three subjects for one verb, none of them
a pronoun coreference can resolve. "ceux-ci" and "celui-là" are cut in any case. These special cases
keep the demonstrative pronouns whole, lower- and title-case, and the capitalised form of every hyphenated
exception the tokenizer already has. Names it cuts ("Rose-Marie", "Royaume-Uni") are not listed: there
are too many; :func:`glued_by_hyphen` lets the entity clean-up join their halves. A name with an elided
article after a hyphen ("Côtes-d'Armor", "Fontenay-d'Avril", "Saint-Ouen-l'Aumône") is kept whole by a
pattern (:data:`ELIDED_NAME`) as the tokenizer keeps the ones it knows ("Côte-d'Or", "Villeneuve-d'Ascq"):
cut in four ("Côtes", "-", "d'", "Armor"), no entity was found in it, and a speaker's name stopped at "d'".

Example:
    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> [t.text for t in nlp("Celle-ci a déclaré")]
    ['Celle', '-', 'ci', 'a', 'déclaré']
    >>> keep_hyphenated_words(nlp)
    >>> [t.text for t in nlp("Celle-ci a déclaré")]
    ['Celle-ci', 'a', 'déclaré']
"""

from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

# a capitalised word, hyphenated words, then d' or l' glued to a capitalised word: "Côtes-d'Armor"
# (case-sensitive inside the tokenizer's own case-insensitive pattern)
ELIDED_NAME = r"(?-i:^[A-ZÀ-Ý][^\W\d_]*(?:-[^\W\d_]+)*-[dl]['’][A-ZÀ-Ý][^\W\d_]*(?:-[^\W\d_]+)*$)"
"""A place or family name the French tokenizer would cut at its elided article."""

DEMONSTRATIVES = tuple(f"{pronoun}-{place}" for pronoun in ("celui", "celle", "ceux", "celles") for place in ("ci", "là"))
"""The demonstrative pronouns that point to someone named before: "celle-ci", "ceux-là"."""


def glued_by_hyphen(doc: Doc, i: int) -> bool:
    """Are ``doc[i]`` and ``doc[i + 2]`` one word the tokenizer cut at its hyphen ("Rose", "-", "Marie";
    "Royaume", "-", "Uni"): a hyphen between them and no space on either side?"""
    return (0 <= i and i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_
            and not doc[i + 1].whitespace_)


def keep_hyphenated_words(nlp: Language) -> None:
    """Add to ``nlp``'s tokenizer the special cases that keep the demonstratives and the capitalised
    hyphenated exceptions whole (each a single token, its text unchanged)."""
    tokenizer = nlp.tokenizer
    lowercase = [word for word in tokenizer.rules if "-" in word and word[:1].islower()]
    for word in (*DEMONSTRATIVES, *lowercase):
        for form in (word, word[:1].upper() + word[1:]):
            if form not in tokenizer.rules:
                tokenizer.add_special_case(form, [{ORTH: form}])
    match = tokenizer.token_match
    pattern = getattr(match, "__self__", None)
    if pattern is None:
        tokenizer.token_match = re.compile(ELIDED_NAME).match
    elif ELIDED_NAME not in pattern.pattern:  # not twice, when called again on the same pipeline
        tokenizer.token_match = re.compile(f"{pattern.pattern}|{ELIDED_NAME}", pattern.flags).match
