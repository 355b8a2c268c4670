"""Entity clean-up and merging: one entry per person, organization or place, with a canonical name.

fr_core_news_md finds names well but leaves news-specific noise: an elided article inside a span
("l’OTAN"), a title inside a person ("M. Macron"), share buttons and comment forms taken for names.
Mentions of one entity are then merged: "Emmanuel Macron", "Macron" and "M. Macron" are one person,
and a one-letter misspelling of a longer name already in the article ("Borell" beside "Josep Borrell")
joins it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .first_names import complete_names, first_name_sex
from .hyphenated import glued_by_hyphen
from .lexicon import furniture_pattern, honorifics, roles, word_list

LABELS = ("PER", "ORG", "LOC", "MISC")
_ELIDED = {"l'", "l’", "d'", "d’"}
_OF = {"de", "d'", "d’", "du", "des"}
_LOWER_ARTICLES = {"le", "la", "les", "l'", "l’", "d'", "d’", "du", "des", "de", "un", "une", "au", "aux"}
# short words that do not count in an acronym ("Confédération générale du travail" -> CGT)
_ACRONYM_SKIP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "pour", "à", "au", "aux", "of", "the", "for", "and"}
_TRIM_CHARS = " \t\n\r\u00a0\u202f«»“”\"‹›()[],.;:!?–—-'’"


def without_format_characters(text: str) -> str:
    """The text without invisible format characters (right-to-left marks, zero-width spaces, soft
    hyphens) that web pages leave inside names: "Renaud Joubert\u200f" is "Renaud Joubert"."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name, for comparison only (cached: the
    speaker ranker compares the same few names many times)."""
    text = without_format_characters(text).replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines that are page furniture ("Partager sur Facebook", "LIRE AUSSI…")."""
    pattern = furniture_pattern()
    ranges = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) < 200 and pattern.fullmatch(stripped):
            ranges.append((pos, pos + len(line)))
        pos += len(line)
    return ranges


def _in_ranges(start: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in ranges)


def clean_span(span: Span) -> Span | None:
    """The span without elided articles, titles or punctuation at its edges; None if nothing is left."""
    doc = span.doc
    start, end = span.start, span.end
    titles = honorifics()
    while start < end:
        tok = doc[start]
        low = tok.lower_
        if tok.is_space or tok.is_punct or low in _ELIDED or (low in _LOWER_ARTICLES and tok.text.islower()):
            start += 1
        elif span.label_ == "PER" and (tok.text in titles or (tok.text.islower() and start + 1 < end)):
            start += 1  # "M. Macron", "président Hollande": the title is not the name
        else:
            break
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in ".)"):
        end -= 1
    if end > start and doc[end - 1].text == "." and not doc[end - 2 if end - 2 >= start else start].is_upper:
        end -= 1
    if end <= start:
        return None
    first = doc[start]
    if first.lower_ in roles() and roles()[first.lower_].kind == "PER":
        if first.text.islower():
            return None  # "ministre du Travail": a function, not a name
        if start + 2 < end and doc[start + 1].lower_ in _OF and first.text.isupper():
            start += 2  # "PDG d'Altaris" tagged as one organization: the function of a person, at Altaris
    text = doc[start:end].text.strip(_TRIM_CHARS)
    if not text or not any(c.isalpha() for c in text) or not any(c.isupper() for c in text[:1] + text):
        return None
    return Span(doc, start, end, label=span.label_)


def _is_demonym(span: Span, ents: list[Span]) -> bool:
    """ "le Danois Lars Henriksen": a nationality before a person's name is not a place."""
    doc = span.doc
    if len(span) != 1 or span.start == 0 or doc[span.start - 1].lower_ not in ("le", "la", "l'", "l’", "les"):
        return False
    return any(e.start == span.end and e.label_ == "PER" for e in ents)


# besides a company's nouns, the nouns of a body before a name that is its name, never a person's ("le
# gouvernement Castex", "la famille Dupont" are named after people)
_BODIES = frozenset({"association", "syndicat", "collectif", "fédération", "club", "parti", "ong", "fondation"})


def _relabel(span: Span) -> Span:
    """ "ministère russe des Affaires étrangères" tagged LOC: an institution noun makes it an organization,
    and so does a company's noun before it ("le groupe Veltane" tagged PER); "Mme Garnier-Rousseau" tagged
    LOC: a title before a name makes it a person."""
    first = span[0].lower_
    lexicon = roles()
    if span.label_ != "ORG" and first in lexicon and lexicon[first].kind == "ORG" and span[0].text.islower():
        return Span(span.doc, span.start, span.end, label="ORG")
    before = span.doc[span.start - 1] if span.start > 0 else None
    if (span.label_ != "ORG" and before is not None and span[0].text[:1].isupper()
            and (before.lower_ in _BODIES or before.lower_ in word_list("company_noun"))
            and not (span.label_ == "PER" and len(span) > 1 and first_name_sex(span[0].text)[0] is not None)):
        # (not a person's full name: "le premier secrétaire du parti Jean-Christophe Cambadélis")
        return Span(span.doc, span.start, span.end, label="ORG")  # "le groupe Veltane" tagged PER
    titles = honorifics()
    if span.label_ != "PER" and before is not None and before.text in titles and titles[before.text].gender in ("m", "f"):
        return Span(span.doc, span.start, span.end, label="PER")
    return span


def clean_entities(doc: Doc) -> list[Span]:
    """Cleaned entity spans of ``doc``, furniture lines left out, the names a first name completes
    joined (:func:`~extractor.nlp.first_names.complete_names`)."""
    furniture = furniture_lines(doc.text)
    ents = list(doc.ents)
    kept = []
    for ent in ents:
        if ent.label_ not in LABELS or _in_ranges(ent.start_char, furniture) or _is_demonym(ent, ents):
            continue
        span = clean_span(ent)
        if span is not None:
            kept.append(_relabel(span))
    return complete_names(doc, _hyphenated_names(doc, sorted(filter_spans(kept), key=lambda s: s.start)))


def _hyphenated_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Fer-Unité", "Deux-Sèvres": the tokenizer cuts a hyphenated name it does not know, and the recognizer
    may take one half alone; the capitalised word glued to it by the hyphen joins it (a person's first name
    is first_names' concern)."""
    taken = {i for span in spans for i in range(span.start, span.end)}

    def free_name(i: int) -> bool:  # a capitalised word in no entity
        return i not in taken and doc[i].text[:1].isupper() and doc[i].text.isalpha()

    out = []
    for span in spans:
        if span.label_ != "PER":
            start, end = span.start, span.end
            if glued_by_hyphen(doc, start - 2) and free_name(start - 2):
                start -= 2
            while glued_by_hyphen(doc, end - 1) and free_name(end + 1):
                end += 2  # "syndicat Fer" + "-Unité", "Papouasie" + "-Nouvelle" + "-Guinée"
            span = Span(doc, start, end, label=span.label_) if (start, end) != (span.start, span.end) else span
        out.append(span)
    return out


@dataclass
class Cluster:
    """The mentions of one entity."""

    label: str
    mentions: list[Span] = field(default_factory=list)

    @cached_property
    def name(self) -> str:
        """The canonical name (read once the mentions are complete)."""
        return canonical_name(self.mentions, self.label)


def _words(span: Span) -> list[str]:
    return fold(span.text).replace("-", " - ").split()


def _acronym(words: list[str]) -> str:
    words = [w[2:] if w[:2] in ("l'", "d'") and len(w) > 2 else w for w in words]  # l'Atlantique -> Atlantique
    return "".join(w[0] for w in words if w not in _ACRONYM_SKIP and w != "-" and w[0].isalnum())


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


def _joins(short: list[str], long: list[str], label: str) -> bool:
    """Does the shorter name ``short`` refer to the entity named ``long``?"""
    if short == long:
        return True
    if len(short) < len(long) and long[-len(short) :] == short and label in ("PER", "MISC"):
        return True  # Macron -> Emmanuel Macron, Le Pen -> Marine Le Pen
    if label == "PER" and len(short) < len(long) and long[: len(short)] == short and short[-1] != "-":
        return True  # the first name alone, once the full name is known: Charles-Antoine -> Charles-Antoine Casanova
    if len(short) == 1 and short[0] == _acronym(long) and len(short[0]) >= 2:
        return True  # CGT -> Confédération générale du travail
    if label in ("PER", "MISC") and len(long) > len(short) >= 1 and long[-len(short) : -1] == short[:-1]:
        last_s, last_l = short[-1], long[-1]
        return len(last_l) >= 5 and _one_edit(last_s, last_l)  # Borell -> Josep Borrell
    return False


def _parenthesised_acronyms(spans: list[Span]) -> dict[str, str]:
    """ "Airlines for Europe (A4E)": the acronym in brackets right after a name is that name."""
    aliases = {}
    for a, b in zip(spans, spans[1:]):
        doc = a.doc
        if b.start == a.end + 1 and doc[a.end].text == "(" and b.end < len(doc) and doc[b.end].text == ")":
            if len(b) == 1 and b.text.isupper() and len(a) > 1:
                aliases[" ".join(_words(b))] = " ".join(_words(a))
    return aliases


def canonical_name(mentions: list[Span], label: str) -> str:
    """The fullest form: most words, then most frequent, then first seen."""
    counts = Counter(m.text for m in mentions)
    first = {}
    for i, m in enumerate(mentions):
        first.setdefault(m.text, i)
    best = max(counts, key=lambda t: (len(t.split()) if label != "LOC" else 0, counts[t], -first[t]))
    return " ".join(without_format_characters(best).split())


def cluster_entities(spans: list[Span]) -> list[Cluster]:
    """Merge entity mentions into clusters: full names first, then the short forms that join them."""
    clusters: list[Cluster] = []
    keys: list[list[str]] = []
    by_text: dict[str, int] = {}
    aliases = _parenthesised_acronyms(spans)
    order = sorted(range(len(spans)), key=lambda i: (-len(_words(spans[i])), spans[i].start))
    for i in order:
        span = spans[i]
        words = _words(span)
        key = " ".join(words)
        target = by_text.get(key)
        if target is None and key in aliases:
            target = by_text.get(aliases[key])
        if target is None:
            candidates = [
                k for k, long in enumerate(keys) if len(long) > len(words) and _joins(words, long, clusters[k].label)
            ]
            if candidates:
                # the nearest full name mentioned before, else the first one after
                def distance(k: int) -> tuple[int, int]:
                    before = [m.start for m in clusters[k].mentions if m.start <= span.start]
                    return (0, span.start - max(before)) if before else (1, 0)

                target = min(candidates, key=distance)
        if target is None:
            clusters.append(Cluster(span.label_))
            keys.append(words)
            target = len(clusters) - 1
        clusters[target].mentions.append(span)
        by_text.setdefault(key, target)
    for cluster in clusters:
        cluster.mentions.sort(key=lambda s: s.start)
        labels = Counter(m.label_ for m in cluster.mentions)
        longest = max(cluster.mentions, key=lambda m: len(_words(m)))
        labels[longest.label_] += 1  # the full name's label counts twice: "Élodie Garnier-Rousseau" is a person
        cluster.label = max(labels, key=lambda lab: (labels[lab], -LABELS.index(lab)))
    clusters.sort(key=lambda c: c.mentions[0].start)
    return clusters

