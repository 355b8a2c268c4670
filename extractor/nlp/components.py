"""The spaCy components: ``news_entities`` (entity clean-up and merging), ``quote_attributor``,
``cue_lemmas`` (before the lemmatizer: gives the lexicon's verbs their lemma where spaCy's misses it) and
``whole_names`` (before the parser: no sentence starts inside "Marine Le Pen", see ``first_names``).

The components are registered as factories, and as ``spacy_factories`` entry points, so that
``nlp.add_pipe("quote_attributor")`` works without importing this package::

    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("cue_lemmas", before="lemmatizer")  # optional: "Il estime que…" with "estime" as a noun
    nlp.add_pipe("whole_names", before="parser")  # optional: "Selon Marine Le Pen, …" parsed as one sentence
    nlp.add_pipe("news_entities", after="ner")
    nlp.add_pipe("quote_attributor")
    doc = nlp("« Nous ne reculerons pas », a déclaré Élisabeth Borne.")
    [(q.text, q._.speaker) for q in doc.spans["quotes"]]

Quotes go to ``doc.spans["quotes"]`` (the ``spans_key`` setting) with their details on ``Span._`` (speaker,
speaker_mention, speaker_label, speaker_role, cue, quote_type, confidence); each entity span carries its
canonical name in ``Span._.canonical`` and its entity number in ``Span._.entity_id``. Those names are
generic: the ``attr_prefix`` setting of each component renames them (``attr_prefix="x_"`` gives
``Span._.x_speaker``), and the Doc records the key and prefixes used, so that ``to_analysis`` finds them.

The lexicon (``models/``: cue verbs, roles, word lists, trained weights) is loaded when a component is
made, replaced by ``initialize(lexicon=FOLDER)``, written by ``nlp.to_disk()`` and read back by
``spacy.load()``; while a component runs, its lexicon is the current one (``lexicon.using``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import QUOTE_FIELDS
from .analysis import span_extension
from .cues import lemma_table, set_cue_lemmas
from .entities import Cluster, clean_entities, cluster_entities
from .first_names import keep_names_whole
from .lexicon import Lexicon, shipped, using
from .ranking.candidates import candidate_key
from .ranking.ranker import SpeakerRanker
from .statements.article import Article, FoundQuote
from .statements.attribute import Attributor
from .statements.reporting import how_reported
from .statements.speaker_gender import speaker_gender

# the quote record's fields on Span._ (but its text and offsets, which the span has): "type" is "quote_type"
QUOTE_EXTENSIONS = tuple(span_extension(f) for f in QUOTE_FIELDS if f not in ("text", "start", "end"))
ENTITY_EXTENSIONS = ("canonical", "entity_id", "entity_label")
# what a Doc records of the components that ran: the span group and the prefixes of the Span._ names
DOC_EXTENSIONS = ("quote_warnings", "quote_spans_key", "quote_attr_prefix", "entity_attr_prefix")


def register_extensions(quote_prefix: str = "", entity_prefix: str = "") -> None:
    """Declare the ``Span._`` and ``Doc._`` attributes once; calling again is harmless."""
    names = [quote_prefix + n for n in QUOTE_EXTENSIONS] + [entity_prefix + n for n in ENTITY_EXTENSIONS]
    for name in names:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class _WithLexicon:
    """A component that reads the lexicon: loaded when made, swapped in ``initialize``, saved with the
    pipeline."""

    lexicon: Lexicon

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   lexicon: str | None = None) -> None:
        """Load the lexicon from the folder ``lexicon`` (``models/`` when None)."""
        self._set_lexicon(Lexicon.load(lexicon) if lexicon else shipped())

    def _set_lexicon(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.lexicon.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> _WithLexicon:
        self._set_lexicon(Lexicon.load(path))
        return self


class NewsEntities(_WithLexicon):
    """Cleans ``doc.ents`` for news and merges mentions into entities with a canonical name."""

    def __init__(self, nlp: Language, name: str, attr_prefix: str = "") -> None:
        register_extensions(entity_prefix=attr_prefix)
        self.name = name
        self.attr_prefix = attr_prefix
        self.lexicon = shipped()

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicon):
            spans = clean_entities(doc)
            doc.ents = spans
            canonical, entity_id, entity_label = (self.attr_prefix + n for n in ENTITY_EXTENSIONS)
            for k, cluster in enumerate(cluster_entities(spans)):
                name = cluster.name
                for m in cluster.mentions:
                    ext = m._
                    setattr(ext, canonical, name)
                    setattr(ext, entity_id, k)
                    setattr(ext, entity_label, cluster.label)
        doc._.entity_attr_prefix = self.attr_prefix
        return doc


class WholeNames(_WithLexicon):
    """Forbids a sentence start inside "Marine Le Pen" (:func:`~extractor.nlp.first_names.keep_names_whole`)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = shipped()

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicon):
            return keep_names_whole(doc)


class CueLemmas(_WithLexicon):
    """Gives the regular forms of the lexicon's verbs their infinitive as lemma (:func:`set_cue_lemmas`)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = shipped()

    def __call__(self, doc: Doc) -> Doc:
        set_cue_lemmas(doc, lemma_table(self.lexicon))
        return doc


class QuoteAttributor(_WithLexicon):
    """Finds direct, partial and indirect quotes and their speakers; writes ``doc.spans[spans_key]``."""

    def __init__(
        self, nlp: Language, name: str, spans_key: str = "quotes", use_ranker: bool = True,
        ranker: SpeakerRanker | None = None, attr_prefix: str = "",
    ) -> None:
        register_extensions(quote_prefix=attr_prefix)
        self.name = name
        self.spans_key = spans_key
        self.attr_prefix = attr_prefix
        self.use_ranker = use_ranker
        self._given_ranker = ranker
        self._set_lexicon(shipped())

    def _set_lexicon(self, lexicon: Lexicon) -> None:
        # the learned speaker ranker (speaker_ranker.json) overrules the rules' choice of speaker
        self.lexicon = lexicon
        ranker = self._given_ranker
        if ranker is None and self.use_ranker:
            with using(lexicon):
                ranker = SpeakerRanker.load()
        self.ranker = ranker

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicon):
            attributor = Attributor(doc, entity_clusters(doc))
            if self.ranker is not None:
                quotes = self.ranker.rank(attributor, attributor.run(tentative=True))
            else:
                quotes = attributor.run()
            names = {n: self.attr_prefix + n for n in QUOTE_EXTENSIONS}
            kept = [(q, span) for q in quotes if (span := doc.char_span(q.start, q.end, alignment_mode="expand"))]
            parents = parent_statements([q for q, _ in kept])
            kept = [(_in_statement(q, kept[p][0]) if p is not None else q, span) for (q, span), p in zip(kept, parents)]
            spans = []
            for (q, span), parent in zip(kept, parents):
                # every field is set, None included: a Doc attributed twice keeps nothing of the first time
                sp = q.speaker
                how = how_reported(attributor, q)
                gender = speaker_gender(attributor, q)
                values = {
                    "quote_type": q.type, "cue": q.cue, "speaker": sp.name if sp else None,
                    "speaker_mention": sp.mention if sp else None, "speaker_label": sp.label if sp else None,
                    "speaker_role": sp.role if sp else None, "confidence": sp.confidence if sp else 0.0,
                    "context": context_of(attributor, span), "parent": parent, "negated": how.negated,
                    "hearsay": how.hearsay, "via": how.via, "conditional": how.conditional, "question": how.question,
                    "speaker_gender": gender.gender, "speaker_gender_evidence": gender.evidence,
                }
                ext = span._
                for field, value in values.items():
                    setattr(ext, names[field], value)
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.quote_spans_key = self.spans_key
        doc._.quote_attr_prefix = self.attr_prefix
        doc._.quote_warnings = list(attributor.warnings)
        return doc


def _in_statement(partial: FoundQuote, statement: FoundQuote) -> FoundQuote:
    """A partial quote inside a reported statement is its speaker's words ("X considère qu'il s'agit
    « d'une attaque délibérée »"): the statement's speaker, when it has one, whoever the partial's own
    candidates ranked first (a place named nearby, a noun of the quoted words)."""
    if statement.speaker is None or (
        partial.speaker is not None and candidate_key(partial.speaker) == candidate_key(statement.speaker)
    ):
        return partial  # the same person: the partial's own reading (its mention, its confidence)
    return replace(partial, speaker=statement.speaker)


def parent_statements(quotes: list[FoundQuote]) -> list[int | None]:
    """For each quote, the index of the indirect statement that holds it when it is a partial quote
    inside one ("a estimé que la réforme était « injuste »"), else None: the first that does.

    ``quotes`` are in text order (by start), as the attributor gives them: the statements that start
    early enough are then the first ones, and among those the first that ends late enough is found by
    bisection on the longest end so far, not by a walk over all the statements for each quote."""
    indirect = [k for k, s in enumerate(quotes) if s.type == "indirect"]
    starts = [quotes[k].start for k in indirect]
    longest = list(accumulate((quotes[k].end for k in indirect), max))
    parents: list[int | None] = []
    for q in quotes:
        holder = None
        if q.type == "partial":
            j = bisect_left(longest, q.end)
            if j < bisect_right(starts, q.start):
                holder = indirect[j]
        parents.append(holder)
    return parents


def context_of(article: Article, span: Span) -> str:
    """The writer's sentences from the one where ``span`` starts to the one where it ends."""
    return article.context(span.start, span.end - 1)


def entity_clusters(doc: Doc) -> list[Cluster]:
    """The entities of ``doc``: as merged by ``news_entities`` when it ran, else merged now."""
    ents = list(doc.ents)
    prefix = doc._.entity_attr_prefix
    if not ents or prefix is None or getattr(ents[0]._, prefix + "entity_id") is None:
        return cluster_entities(ents)
    groups: dict[int, Cluster] = {}
    for ent in ents:
        ext = ent._
        label = getattr(ext, prefix + "entity_label") or ent.label_
        groups.setdefault(getattr(ext, prefix + "entity_id"), Cluster(label)).mentions.append(ent)
    return [groups[k] for k in sorted(groups)]


@Language.factory(
    "news_entities",
    default_config={"attr_prefix": ""},
    requires=["doc.ents"],
    assigns=["doc.ents"],
)
def make_news_entities(nlp: Language, name: str, attr_prefix: str) -> NewsEntities:
    return NewsEntities(nlp, name, attr_prefix)


@Language.factory("whole_names", assigns=["token.is_sent_start"])
def make_whole_names(nlp: Language, name: str) -> WholeNames:
    return WholeNames(nlp, name)


@Language.factory("cue_lemmas", assigns=["token.lemma"], requires=["token.pos", "token.dep"])
def make_cue_lemmas(nlp: Language, name: str) -> CueLemmas:
    return CueLemmas(nlp, name)


@Language.factory(
    "quote_attributor",
    default_config={"spans_key": "quotes", "use_ranker": True, "attr_prefix": ""},
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc.spans"],
)
def make_quote_attributor(
    nlp: Language, name: str, spans_key: str, use_ranker: bool, attr_prefix: str,
) -> QuoteAttributor:
    return QuoteAttributor(nlp, name, spans_key, use_ranker, attr_prefix=attr_prefix)
