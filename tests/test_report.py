"""The HTML report: highlights, speakers, summary, escaping, languages, article headers, paragraphs,
page furniture, links from the table to the passages, flags; no network."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

import pytest

from extractor.io.report import (
    render_report,
    reported,
    segments,
    show_date,
    source,
    speaker_colours,
    summary,
)
from extractor.nlp.entities import furniture_lines
from extractor.records import Analysis, Entity, Mention, Quote

TEXT = "« Nous tiendrons <b>bon</b> », a déclaré Claire Vasseur.\n\nLa CGT estime que la réforme est injuste."


def quote(text: str, qtype: str, speaker: str | None, source_text: str = TEXT, **fields: object) -> Quote:
    start = source_text.index(text)
    q = Quote(text, start, start + len(text), qtype, speaker, speaker, "PER", None, "déclarer", 0.9)  # type: ignore[arg-type]
    return replace(q, **fields)


ANALYSIS = Analysis(
    "a.txt",
    (Entity("Claire Vasseur", "PER", (Mention(TEXT.index("Claire"), TEXT.index("Claire") + 14, "Claire Vasseur"),)),
     Entity("CGT", "ORG", (Mention(TEXT.index("CGT"), TEXT.index("CGT") + 3, "CGT"),))),
    (quote("Nous tiendrons <b>bon</b>", "direct", "Claire Vasseur"),
     quote("que la réforme est injuste", "indirect", "CGT")),
)


def article(html: str, k: int = 1) -> str:
    """The HTML of the k-th article of a report."""
    return html.split(f'<article id="doc-{k}">', 1)[1].split("</article>", 1)[0]


def paragraphs(html: str, k: int = 1) -> list[str]:
    """The text of the paragraphs of the k-th article, tags and speaker labels left out."""
    body = re.sub(r'<span class="(?:speaker|flag)[^"]*">[^<]*</span>', "", article(html, k))
    return [unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", body, re.DOTALL)]


def test_report_highlights_quotes_names_speakers_and_escapes_text():
    html = render_report([(TEXT, ANALYSIS)])
    assert "<b>bon</b>" not in html and "&lt;b&gt;bon&lt;/b&gt;" in html  # the article's text is escaped
    assert html.count('<mark class="quote direct"') == 1 and html.count('<mark class="quote indirect"') == 1
    assert '<span class="speaker">Claire Vasseur</span>' in html and '<span class="speaker">CGT</span>' in html
    assert '<span class="mention PER" title="Claire Vasseur (PER)">Claire Vasseur</span>' in html
    assert "http://" not in html and "https://" not in html and "<link" not in html  # self-contained


def test_summary_counts_marked_and_indirect_per_speaker():
    assert summary([ANALYSIS]) == [
        {"speaker": "CGT", "marked": 0, "indirect": 1, "total": 1},
        {"speaker": "Claire Vasseur", "marked": 1, "indirect": 0, "total": 1},
    ]


def test_each_speaker_has_its_own_colour():
    colours = speaker_colours(["A", "B", "C", "A"])
    assert len(set(colours.values())) == 3 and set(colours) == {"A", "B", "C"}


def test_the_report_says_how_each_statement_is_reported_in_french_and_in_english():
    q = quote("que la réforme est injuste", "indirect", "CGT")
    assert reported(q) == "—"
    assert reported(replace(q, hearsay=True, via="Le Parisien", conditional=True)) == "via Le Parisien, conditionnel"
    assert reported(replace(q, negated=True, question=True)) == "démenti, question"
    assert reported(replace(q, hearsay=True, via="Le Parisien", conditional=True), "en") == "via Le Parisien, conditional"
    assert reported(replace(q, negated=True, question=True), "en") == "denied, question"


# --- languages --------------------------------------------------------------------------------------

UNKNOWN = Analysis("u.txt", (), (quote("que la réforme est injuste", "indirect", None),))


def test_the_report_is_in_french_by_default():
    html = render_report([(TEXT, ANALYSIS), (TEXT, UNKNOWN)])
    assert '<html lang="fr">' in html and "<title>Qui a dit quoi</title>" in html
    for label in ("Qui est cité", "Femmes, hommes, groupes", "Toutes les citations", ">Locuteur<", ">Citation<",
                  ">Confiance<", "discours indirect", "citation directe", "entre guillemets", "locuteur inconnu",
                  "2 citations, 2 entités", "Filtrer"):
        assert label in html, label
    for english in ("Who is quoted", "Women, men, groups", "All quotes", "speaker unknown", "in marks", ">quote<"):
        assert english not in html, english


def test_lang_en_gives_the_english_report():
    html = render_report([(TEXT, ANALYSIS), (TEXT, UNKNOWN)], lang="en")
    assert '<html lang="en">' in html and "<title>Who said what</title>" in html
    for label in ("Who is quoted", "Women, men, groups", "All quotes", "speaker unknown", "2 quotes, 2 entities",
                  ">indirect<", ">direct<"):
        assert label in html, label
    for french in ("Qui est cité", "Femmes", "Toutes les citations", "locuteur inconnu", "discours indirect"):
        assert french not in html, french
    assert "<title>Mon titre</title>" in render_report([(TEXT, ANALYSIS)], "Mon titre", "en")
    with pytest.raises(ValueError, match="fr, en"):
        render_report([(TEXT, ANALYSIS)], lang="de")


def test_the_report_command_takes_lang_en(tmp_path):
    # needs the --lang option of `extractor report` (extractor/cli.py)
    from typer.testing import CliRunner

    from extractor import cli

    article_path = tmp_path / "a.txt"
    article_path.write_text("« Nous tiendrons bon », a déclaré Claire Vasseur.\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli.app, ["report", str(article_path), "-o", str(tmp_path / "fr.html")]).exit_code == 0
    result = runner.invoke(cli.app, ["report", str(article_path), "--lang", "en", "-o", str(tmp_path / "en.html")])
    assert result.exit_code == 0, result.output
    french, english = ((tmp_path / name).read_text(encoding="utf-8") for name in ("fr.html", "en.html"))
    assert '<html lang="fr">' in french and "<h1>Qui a dit quoi</h1>" in french
    assert '<html lang="en">' in english and "<h1>Who said what</h1>" in english


# --- article headers ----------------------------------------------------------------------------------

def test_an_article_is_headed_by_its_title_source_and_date():
    meta = replace(ANALYSIS, title="Retraites : la CGT ne cède pas", date="2025-03-14",
                   url="https://www.lemonde.fr/politique/article/2025/03/14/retraites.html")
    html = render_report([(TEXT, meta)])
    head = article(html).split("</header>")[0]
    assert "<h2>Retraites : la CGT ne cède pas</h2>" in head and "a.txt" not in head
    assert '<a href="https://www.lemonde.fr/politique/article/2025/03/14/retraites.html">lemonde.fr</a>' in head
    assert '<time datetime="2025-03-14">14 mars 2025</time>' in head
    assert '<time datetime="2025-03-14">14 March 2025</time>' in render_report([(TEXT, meta)], lang="en")


def test_the_path_heads_an_article_only_when_there_is_nothing_else():
    assert "<h2>a.txt</h2>" in render_report([(TEXT, ANALYSIS)])
    html = render_report([(TEXT, replace(ANALYSIS, url="https://www.ouest-france.fr/a.html"))])
    assert "<h2>ouest-france.fr</h2>" in html and "a.txt" not in article(html)


def test_only_web_addresses_are_links():
    html = render_report([(TEXT, replace(ANALYSIS, title="T", url="javascript:alert(1)"))])
    assert "javascript:" not in html and source("javascript:alert(1)") is None
    assert source("http://WWW.Liberation.fr/x") == "liberation.fr"


def test_dates_are_written_as_readers_write_them():
    assert show_date("2025-03-01") == ("2025-03-01", "1er mars 2025")
    assert show_date("2025-08-14T09:40:00+02:00", "en") == ("2025-08-14", "14 August 2025")
    assert show_date("2025-02") == ("2025-02", "février 2025")
    assert show_date("hier") == (None, "hier") and show_date(None) == (None, None)


def test_a_markdown_title_line_is_not_repeated_under_the_heading():
    text = "# Grève à la SNCF\n\n" + TEXT
    shifted = Analysis("a.md", (), tuple(replace(q, start=q.start + 19, end=q.end + 19) for q in ANALYSIS.quotes),
                       title="Grève à la SNCF")
    html = render_report([(text, shifted)])
    assert "Grève à la SNCF" not in "".join(paragraphs(html)) and "<h2>Grève à la SNCF</h2>" in html


# --- paragraphs and page furniture ---------------------------------------------------------------------

def test_paragraphs_stay_paragraphs_whether_blank_lines_or_one_a_line():
    assert len(paragraphs(render_report([(TEXT, ANALYSIS)]))) == 2
    # trafilatura writes a web page's paragraphs one a line
    lines = "Premier paragraphe.\nDeuxième paragraphe.\nTroisième paragraphe."
    assert paragraphs(render_report([(lines, Analysis("p", (), ()))])) == [
        "Premier paragraphe.", "Deuxième paragraphe.", "Troisième paragraphe."]


PAYWALL = (
    "La suite est réservée aux abonnés…",
    "La suite de cet article est réservée à nos abonnés.",
    "Cet article est réservé aux abonnés",
    "Article réservé à nos abonnés",
    "Abonnez-vous",
    "Déjà abonné ? Se connecter",
    "Vous êtes abonné ? Connectez-vous",
    "Pour lire la suite, abonnez-vous",
    "Vous souhaitez lire la suite ?",
    "Il vous reste 72% de cet article à lire.",
    "Cet article vous est offert",
    "Offre spéciale : 1 € le premier mois",
    "Découvrir nos offres",
    "Accédez à tous nos contenus en illimité",
    "Soutenez une rédaction indépendante",
    "Essai gratuit",
)


def test_paywall_and_subscription_lines_are_page_furniture():
    text = "\n".join(PAYWALL)
    assert [text[a:b].strip() for a, b in furniture_lines(text)] == list(PAYWALL)
    sentences = ("Pour lire la suite de ses mémoires, il faudra attendre l'automne.",
                 "Offre et demande se sont rééquilibrées, a expliqué l'économiste.")
    assert furniture_lines("\n".join(sentences)) == []  # sentences that begin the same way stay text


def test_the_report_leaves_page_furniture_out_of_the_article():
    text = TEXT + "\n\n" + "\n\n".join(PAYWALL) + "\n\nPartager sur Facebook\n\nFin de l'article."
    html = render_report([(text, ANALYSIS)])
    shown = paragraphs(html)
    assert shown[-1] == "Fin de l'article." and len(shown) == 3
    for line in (*PAYWALL, "Partager sur Facebook"):
        assert line not in "\n".join(shown), line
    # a quote in a line that looks like furniture is still shown
    odd = "Abonnez-vous, a lancé Claire Vasseur."
    kept = Analysis("o", (), (quote("Abonnez-vous", "direct", "Claire Vasseur", odd),))
    assert "Abonnez-vous" in "".join(paragraphs(render_report([(odd, kept)])))


def test_a_paywall_line_gets_no_quote_and_no_entity(analyze_text):
    lines = ("Cet article est réservé aux abonnés du Figaro",
             "Vous êtes abonné au Monde ? Connectez-vous",
             "Pour lire la suite, abonnez-vous à Libération",
             "Offre spéciale « Printemps » : Le Parisien à 1 € par mois, a annoncé Jean Martin")
    text = "« Nous tiendrons bon », a déclaré Claire Vasseur.\n\n" + "\n\n".join(lines) + "\n"
    analysis = analyze_text(text)
    furniture = furniture_lines(text)
    assert len(furniture) == len(lines)
    assert [q.text for q in analysis.quotes] == ["Nous tiendrons bon"]
    for e in analysis.entities:
        for m in e.mentions:
            assert not any(a <= m.start < b for a, b in furniture), m


# --- quotes: anchors, flags, confidence, the unknown speaker --------------------------------------------

NESTED_TEXT = "Claire Vasseur a assuré que la réforme serait « injuste et brutale » pour les salariés."
NESTED = Analysis("n.txt", (), (
    quote("que la réforme serait « injuste et brutale » pour les salariés", "indirect", "Claire Vasseur", NESTED_TEXT),
    quote("injuste et brutale", "partial", "Claire Vasseur", NESTED_TEXT, parent=0),
))


def test_each_row_of_the_table_links_to_its_passage():
    html = render_report([(TEXT, ANALYSIS), (NESTED_TEXT, NESTED)])
    anchors = re.findall(r'<mark [^>]*id="([^"]+)"', html)
    assert anchors == ["doc-1-q0", "doc-1-q1", "doc-2-q0"]
    table = html.split('id="quotes"', 1)[1]
    links = re.findall(r'<a href="#([^"]+)"', table)
    # one link a row; the fragment inside the clause links to the clause, which is drawn for both
    assert links == ["doc-1-q0", "doc-1-q1", "doc-2-q0", "doc-2-q0"] and set(links) <= set(anchors)


def test_a_quote_over_two_paragraphs_is_anchored_once():
    text = "Elle a dit : « Premier temps.\n\nSecond temps. »"
    long_quote = Analysis("l", (), (quote("Premier temps.\n\nSecond temps.", "direct", "Anne Roy", text),))
    html = render_report([(text, long_quote)])
    assert html.count("<mark ") == 2 and len(re.findall(r'<mark [^>]*id="doc-1-q0"', html)) == 1
    assert html.count('<span class="speaker">Anne Roy</span>') == 1


def test_confidence_and_flags_are_shown_on_each_quote():
    flagged = replace(ANALYSIS, quotes=(
        replace(ANALYSIS.quotes[0], negated=True, confidence=0.42),
        replace(ANALYSIS.quotes[1], hearsay=True, via="Le Parisien", conditional=True, question=True),
    ))
    html = render_report([(TEXT, flagged)])
    text = article(html)
    assert 'title="Claire Vasseur · citation directe · confiance 0,42 · démenti"' in text
    assert 'title="CGT · discours indirect · confiance 0,90 · via Le Parisien, conditionnel, question"' in text
    for badge in ('<span class="flag negated">démenti</span>', '<span class="flag hearsay">via Le Parisien</span>',
                  '<span class="flag conditional">conditionnel</span>', '<span class="flag question">question</span>'):
        assert badge in text, badge
    assert '<span class="flag negated">denied</span>' in render_report([(TEXT, flagged)], lang="en")
    assert "0,42" in html.split('id="quotes"')[1]  # and in the table


def test_speaker_labels_do_not_break_across_lines():
    css = render_report([(TEXT, ANALYSIS)]).split("<style>")[1].split("</style>")[0]
    rule = re.search(r"(?m)^\.speaker\{([^}]*)\}", css)
    assert rule and "white-space:nowrap" in rule[1]


def test_the_filter_ignores_accents_and_case():
    script = render_report([(TEXT, ANALYSIS)]).split("<script>")[1]
    assert 'normalize("NFD")' in script and "\\u0300-\\u036f" in script and "toLowerCase()" in script


def test_the_unknown_speaker_is_not_ranked_among_people():
    quotes = tuple(quote("que la réforme est injuste", "indirect", None) for _ in range(5))
    many_unknown = Analysis("m", (), quotes)
    rows = summary([ANALYSIS, many_unknown])
    assert [r["speaker"] for r in rows] == ["CGT", "Claire Vasseur", None] and rows[-1]["total"] == 5
    html = render_report([(TEXT, ANALYSIS), (TEXT, many_unknown)])
    chart = html.split('<section id="summary">')[1].split("</section>")[0]
    people, apart = chart.split('<tbody class="unknown">')
    assert "locuteur inconnu" not in people and 'data-speaker="CGT"' in people
    assert '<td class="speaker-name">locuteur inconnu</td><td>5</td>' in apart
    assert '<span class="speaker nobody">locuteur inconnu</span>' in article(html, 2)


def test_no_external_resource_even_with_a_source_link():
    html = render_report([(TEXT, replace(ANALYSIS, url="https://www.lemonde.fr/a.html"))])
    assert re.findall(r"https?://[^\"<]+", html) == ["https://www.lemonde.fr/a.html"]
    assert "<link" not in html and " src=" not in html and "url(" not in html and "@import" not in html


def test_segments_keep_every_offset_of_the_text_they_show():
    colours = speaker_colours(["Claire Vasseur", "CGT"])
    shown = "".join(s.text for p in segments(TEXT, ANALYSIS, colours) for s in p)
    assert shown == TEXT.replace("\n\n", "")


# --- accessibility ---------------------------------------------------------------------------------------

def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_table_has_column_headers():
    html = render_report([(TEXT, ANALYSIS), (TEXT, UNKNOWN)])
    tables = re.findall(r"<table.*?</table>", html, re.DOTALL)
    assert len(tables) == 3
    for table in tables:
        head = table.split("</thead>")[0]
        assert "<thead>" in head and head.count('<th scope="col"') >= 3
        assert "<th scope=\"col\"></th>" not in head  # no header without a name


def test_text_colours_contrast_with_their_background():
    css = render_report([(TEXT, ANALYSIS)]).split("<style>")[1].split("</style>")[0]
    pairs = 0
    for rule in re.findall(r"\{([^}]*)\}", css):
        fg = re.search(r"(?:^|;)color:(#[0-9a-f]{6})", rule)
        bg = re.search(r"background:(#[0-9a-f]{6})", rule)
        if fg:
            pairs += 1
            assert contrast(fg[1], bg[1] if bg else "#ffffff") >= 4.5, rule
    assert pairs >= 5
    # the quote text (#222) on every speaker's colour and on the grey of the unknown speaker
    names = [f"Speaker {k}" for k in range(40)]
    assert min(contrast("#222222", c) for c in [*speaker_colours(names).values(), "#e0e0e0"]) >= 7
