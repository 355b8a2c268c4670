"""Our linguistic resources, read from ``models/`` (installed as ``extractor.models``).

The lexicons are data, not code: each TSV file says in its header where its entries come from.
They are read once per process and cached.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Iterator

CUE_FRAMES = frozenset({"que", "de_inf", "inf", "a_inf", "quote"})


@dataclass(frozen=True)
class CueVerb:
    """A verb (or fixed verbal phrase) that reports speech or thought."""

    lemma: str
    cls: str
    frames: frozenset[str]
    weight: float


@dataclass(frozen=True)
class Role:
    """A noun that designates a speaker by function: "la ministre", "le parquet"."""

    noun: str
    gender: str  # m, f or x
    kind: str  # PER or ORG


@dataclass(frozen=True)
class Honorific:
    form: str
    gender: str
    expansion: str


def models_dir() -> Traversable:
    """``models/``: installed as the ``extractor.models`` package, or beside the package in a checkout."""
    try:
        return resources.files("extractor.models")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "models"


def trained_weights(name: str) -> dict | None:
    """A model we trained, stored as JSON in ``models/`` (the speaker ranker, the animacy model), or
    None when it has not been built."""
    path = models_dir().joinpath(name)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _rows(name: str) -> Iterator[dict[str, str]]:
    """The data rows of a TSV resource, comments skipped, first row the column names."""
    text = models_dir().joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


@lru_cache(maxsize=1)
def cue_verbs() -> dict[str, CueVerb]:
    """The cue-verb lexicon, by lemma ("déclarer", "faire valoir")."""
    out = {}
    for row in _rows("cue_verbs.tsv"):
        frames = frozenset(f.strip() for f in row["frames"].split(",") if f.strip())
        out[row["lemma"]] = CueVerb(row["lemma"], row["class"], frames & CUE_FRAMES, float(row["weight"]))
    return out


@lru_cache(maxsize=1)
def roles() -> dict[str, Role]:
    """Role nouns by their lowercase form ("porte-parole", "ministre", "parquet")."""
    return {r["noun"]: Role(r["noun"], r["gender"], r["kind"]) for r in _rows("roles.tsv")}


@lru_cache(maxsize=1)
def honorifics() -> dict[str, Honorific]:
    """Titles that precede a name (M., Mme, Dr) and the gender they give."""
    return {r["form"]: Honorific(r["form"], r["gender"], r["expansion"]) for r in _rows("honorifics.tsv")}


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """One list of ``models/word_lists.tsv`` ("clause_break", "naming_noun"…), in file order."""
    words = tuple(r["word"] for r in _rows("word_lists.tsv") if r["list"] == name)
    if not words:
        raise KeyError(f"word_lists.tsv has no list {name!r}")
    return words


@lru_cache(maxsize=1)
def naming_pattern() -> re.Pattern[str]:
    """Text ending in a noun that names a thing whose name follows in marks ("le plan", "baptisée")."""
    words = sorted(word_list("naming_noun"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")\W*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern[str]:
    """One regular expression matching a whole line of page furniture ("Partager sur Facebook")."""
    patterns = [r["pattern"] for r in _rows("furniture.tsv")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def speech_nouns() -> frozenset[str]:
    """Nouns naming what was said ("paroles", "communiqué"): their de-complement is the speaker."""
    return frozenset(r["noun"] for r in _rows("speech_nouns.tsv"))
