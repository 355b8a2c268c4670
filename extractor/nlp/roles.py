"""Role nouns in a document: "la ministre", "le parquet", "le secrétaire général", "le chef de l'État".

The lexicon is ``models/roles.tsv``. A one-word role is the token's form or lemma; a multi-word role is
found by a ``PhraseMatcher`` on lowercase forms, run on the few tokens around a word that belongs to one
(most words belong to none, and a role is asked of many tokens: no per-document pass is needed).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .lexicon import Lexicon, current

_APOSTROPHES = ("'", "’")


def _words(role: str, apostrophe: str) -> list[str]:
    """The tokens spaCy makes of a role: "chef de l'état" → chef, de, l', état."""
    words = []
    for word in role.split():
        head, sep, tail = word.partition("'")
        words += [head + apostrophe, tail] if sep and tail else [word]
    return words


@lru_cache(maxsize=8)
def _multiword(lexicon: Lexicon, vocab: Vocab) -> tuple[PhraseMatcher, frozenset[str], int]:
    """The matcher of the multi-word roles, every word they are made of, and the longest one's length."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    words: set[str] = set()
    longest = 0
    for role in lexicon.roles:
        if " " not in role:
            continue
        variants = [_words(role, a) for a in _APOSTROPHES]
        matcher.add(role, [Doc(vocab, words=w) for w in variants])
        words.update(w for v in variants for w in v)
        longest = max(longest, len(variants[0]))
    return matcher, frozenset(words), longest


def role_of(token: Token) -> str | None:
    """The role-lexicon form of a noun token ("ministre", "porte-parole", "parquet"), if it is one: the
    longest multi-word role the token is part of ("premier ministre" for "ministre" and "premier"), else
    the token's own form or lemma, or the role it is another word for ("édile" -> "maire")."""
    lexicon = current()
    matcher, words, longest = _multiword(lexicon, token.doc.vocab)
    if token.lower_ in words:
        doc = token.doc
        window = doc[max(0, token.i - longest + 1) : min(len(doc), token.i + longest)]
        found = [s for s in matcher(window, as_spans=True) if s.start <= token.i < s.end]
        if found:
            return doc.vocab.strings[max(found, key=len).label]
    for form in (token.lower_, token.lemma_.lower()):
        if form in lexicon.roles:
            return lexicon.roles[form].same or form  # "l'édile": the maire
    return None
