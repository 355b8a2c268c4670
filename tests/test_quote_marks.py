"""Pairing quotation marks, without the model."""

from __future__ import annotations

import pytest

from extractor.nlp.marks import find_marked_spans


def contents(text: str) -> list[str]:
    spans, _ = find_marked_spans(text)
    return [s.content(text) for s in spans if s.depth == 0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Il a dit : « Non, jamais. »", ["Non, jamais."]),
        ("Elle a dit : «\u00a0Non\u00a0» hier.", ["Non"]),  # non-breaking spaces
        ("Elle a dit : «\u202fNon\u202f» hier.", ["Non"]),  # narrow non-breaking spaces
        ("Il parle d’une “faute grave”.", ["faute grave"]),
        ('Il parle d’une "faute grave" et d’un "échec".', ["faute grave", "échec"]),
        ("Un écran de 17\" et un \"vrai\" test.", ["vrai"]),
    ],
)
def test_quote_styles(text, expected):
    assert contents(text) == expected


def test_nested_marks_are_inside_the_outer_quote():
    text = "« Ils m’ont dit ‹ nous sommes prêts ›, et je les crois », a-t-elle dit."
    spans, warnings = find_marked_spans(text)
    assert [(s.content(text), s.depth) for s in spans] == [
        ("Ils m’ont dit ‹ nous sommes prêts ›, et je les crois", 0),
        ("nous sommes prêts", 1),
    ]
    assert warnings == []


def test_quotation_over_several_paragraphs_reopened_with_guillemets():
    text = "Il a déclaré : « Premier paragraphe.\n\n« Deuxième paragraphe.\n\n« Fin. »\n\nSuite."
    spans, warnings = find_marked_spans(text)
    assert len(spans) == 1 and warnings == []
    assert spans[0].content(text) == "Premier paragraphe.\n\n« Deuxième paragraphe.\n\n« Fin."
    assert spans[0].paragraphs == 3


@pytest.mark.parametrize(
    "text",
    ["Un « jamais fermé.\n\nAutre paragraphe.", "Un » perdu.", "« « «", "»»» «", "« a\n« b\n\nc", '"', "« \u00a0 »"],
)
def test_unbalanced_marks_never_raise_and_warn(text):
    spans, warnings = find_marked_spans(text)
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)
    assert warnings or not spans or all(s.content(text) for s in spans)


def test_unclosed_mark_is_dropped_with_a_warning_naming_the_offset():
    text = "Il a dénoncé « un mépris total.\n\nLe trafic reprendra « demain »."
    spans, warnings = find_marked_spans(text)
    assert [s.content(text) for s in spans] == ["demain"]
    assert warnings == ["unclosed « at offset 13 dropped at the end of its paragraph"]


def test_thousands_of_unclosed_marks_give_a_few_warnings_and_a_count():
    from extractor.nlp.marks import WARNINGS_SHOWN, find_marked_spans

    _, warnings = find_marked_spans("« " * 2000 + "fin.")
    assert len(warnings) == WARNINGS_SHOWN + 1 and warnings[-1] == f"{2000 - WARNINGS_SHOWN} more: unclosed «"
