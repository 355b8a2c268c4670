"""Our linguistic resources, read from ``models/`` (installed as ``extractor.models``).

The lexicons are data, not code: each TSV file says in its header where its entries come from. A
:class:`Lexicon` is one set of them, read from a folder; the components load it in ``initialize()``
(``models/`` unless told another folder) and save it with ``nlp.to_disk()``, so a saved pipeline keeps
the lexicon it ran with and a project can swap in its own. While a component runs, its lexicon is the
*current* one (:func:`using`, a context variable as thinc's ``use_ops``): the rule functions read
``cue_verbs()``, ``roles()``… from it, and outside any component from the shipped one.
"""

from __future__ import annotations

import csv
import json
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Iterator, Mapping

CUE_FRAMES = frozenset({"que", "de_inf", "inf", "a_inf", "quote"})
# the files a lexicon is made of: what the rules read at run time (training data stays in models/)
FILES = (
    "cue_verbs.tsv", "roles.tsv", "honorifics.tsv", "word_lists.tsv", "speech_nouns.tsv", "furniture.tsv",
    "animacy.json", "speaker_ranker.json",
)
OPTIONAL_FILES = frozenset({"animacy.json", "speaker_ranker.json"})  # trained weights, absent before training


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
    same: str = ""  # the role this noun is another word for ("édile" -> "maire"), if any
    covers: tuple[str, ...] = ()  # the roles it may stand for as a wider word ("magistrat" -> procureur, juge…)


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


def _rows(text: str) -> Iterator[dict[str, str]]:
    """The data rows of a TSV resource, comments skipped, first row the column names."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the caches below are per lexicon
class Lexicon:
    """One set of resources: the text of each file of :data:`FILES`, parsed on first use."""

    files: Mapping[str, str] = field(repr=False)
    source: str = "models/"

    @classmethod
    def load(cls, directory: Traversable | str | None = None) -> Lexicon:
        """The lexicon in ``directory`` (``models/`` when None).

        Raises:
            FileNotFoundError: a required file is missing, named.
        """
        folder = models_dir() if directory is None else Path(directory)
        files = {}
        for name in FILES:
            path = folder.joinpath(name)
            if path.is_file():
                files[name] = path.read_text(encoding="utf-8")
            elif name not in OPTIONAL_FILES:
                raise FileNotFoundError(f"lexicon {folder}: no {name}")
        return cls(files, "models/" if directory is None else str(directory))

    def to_disk(self, directory: str | Path) -> None:
        """Write every file as it was read, so that :meth:`load` gives the same lexicon back."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.files.items():
            (folder / name).write_text(text, encoding="utf-8")

    def _table(self, name: str) -> Iterator[dict[str, str]]:
        return _rows(self.files[name])

    def weights(self, name: str) -> dict | None:
        """A trained model's weights (``animacy.json``, ``speaker_ranker.json``), None before training."""
        text = self.files.get(name)
        return json.loads(text) if text is not None else None

    @cached_property
    def cue_verbs(self) -> dict[str, CueVerb]:
        out = {}
        for row in self._table("cue_verbs.tsv"):
            frames = frozenset(f.strip() for f in row["frames"].split(",") if f.strip())
            out[row["lemma"]] = CueVerb(row["lemma"], row["class"], frames & CUE_FRAMES, float(row["weight"]))
        return out

    @cached_property
    def roles(self) -> dict[str, Role]:
        return {
            r["noun"]: Role(r["noun"], r["gender"], r["kind"], r.get("same", ""), tuple(w for w in r.get("covers", "").split("|") if w))
            for r in self._table("roles.tsv")
        }

    @cached_property
    def honorifics(self) -> dict[str, Honorific]:
        return {r["form"]: Honorific(r["form"], r["gender"], r["expansion"]) for r in self._table("honorifics.tsv")}

    @cached_property
    def word_lists(self) -> dict[str, tuple[str, ...]]:
        lists: dict[str, list[str]] = {}
        for r in self._table("word_lists.tsv"):
            lists.setdefault(r["list"], []).append(r["word"])
        return {name: tuple(words) for name, words in lists.items()}

    @cached_property
    def speech_nouns(self) -> frozenset[str]:
        return frozenset(r["noun"] for r in self._table("speech_nouns.tsv"))

    @cached_property
    def naming_pattern(self) -> re.Pattern[str]:
        words = sorted(word_list("naming_noun", self), key=len, reverse=True)
        return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")\W*$", re.IGNORECASE)

    @cached_property
    def person_nouns(self) -> dict[str, str]:
        """The nouns of a person that are not roles, by the gender their form says: "la mère" f, "le père" m."""
        return {w: "m" for w in word_list("man_noun", self)} | {w: "f" for w in word_list("woman_noun", self)}

    @cached_property
    def charge_pattern(self) -> re.Pattern[str]:
        """A charge named before marks: "mis en examen pour « … »", "soupçonné de « … »", "pour « A » et « B »"."""
        words = sorted(word_list("charge_word", self), key=len, reverse=True)
        judicial = "|".join(re.escape(w) for w in words)
        marks_before = r"(?:«[^»]*»\s*(?:,|et|ou)\s*)*$"  # "pour « A » et « B »": B is a charge too
        return re.compile(
            rf"\b(?:{judicial})\b.{{0,80}}\bpour\s*{marks_before}|\b(?:soupçonn|suspect)ée?s?\s+d(?:e\s*|['’]\s*){marks_before}",
            re.IGNORECASE,
        )

    @cached_property
    def furniture_pattern(self) -> re.Pattern[str]:
        patterns = [r["pattern"] for r in self._table("furniture.tsv")]
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def shipped() -> Lexicon:
    """The lexicon of ``models/``, read once per process."""
    return Lexicon.load()


_CURRENT: ContextVar[Lexicon | None] = ContextVar("extractor_lexicon", default=None)


def current() -> Lexicon:
    """The lexicon of the component that is running, else the shipped one."""
    return _CURRENT.get() or shipped()


@contextmanager
def using(lexicon: Lexicon) -> Iterator[Lexicon]:
    """Make ``lexicon`` the current one inside the ``with`` block (per thread and per task)."""
    token = _CURRENT.set(lexicon)
    try:
        yield lexicon
    finally:
        _CURRENT.reset(token)


def cue_verbs() -> dict[str, CueVerb]:
    """The cue-verb lexicon, by lemma ("déclarer", "faire valoir")."""
    return current().cue_verbs


def roles() -> dict[str, Role]:
    """Role nouns by their lowercase form ("porte-parole", "ministre", "parquet")."""
    return current().roles


def honorifics() -> dict[str, Honorific]:
    """Titles that precede a name (M., Mme, Dr) and the gender they give."""
    return current().honorifics


def word_list(name: str, lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """One list of ``word_lists.tsv`` ("clause_break", "naming_noun"…), in file order."""
    words = (lexicon or current()).word_lists.get(name)
    if not words:
        raise KeyError(f"word_lists.tsv has no list {name!r}")
    return words


def person_nouns() -> dict[str, str]:
    """The nouns of a person that are not roles (``man_noun``, ``woman_noun``), by gender: "mère" → f."""
    return current().person_nouns


def charge_pattern() -> re.Pattern[str]:
    """Words before marks that name a charge in a court case (``charge_word`` in word_lists.tsv)."""
    return current().charge_pattern


def naming_pattern() -> re.Pattern[str]:
    """Text ending in a noun that names a thing whose name follows in marks ("le plan", "baptisée")."""
    return current().naming_pattern


def furniture_pattern() -> re.Pattern[str]:
    """One regular expression matching a whole line of page furniture ("Partager sur Facebook")."""
    return current().furniture_pattern


def speech_nouns() -> frozenset[str]:
    """Nouns naming what was said ("paroles", "communiqué"): their de-complement is the speaker."""
    return current().speech_nouns
