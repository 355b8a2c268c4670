"""An HTML report an editor can read: each article with its quotes highlighted, one colour per speaker.

One self-contained file (no network, no external asset), in French by default (``lang="en"`` for
English): per article, its title, source and date, then the text paragraph by paragraph without the
page furniture (share buttons, paywall banners: ``models/furniture.tsv``), every quote highlighted with
its speaker named, its confidence in the tooltip and a badge for how it is reported ("démenti", "via
X"), entity mentions underlined; a summary of who is quoted, how often, direct versus indirect, as a
small bar chart (statements without a known speaker apart, after the people); the share of statements
by women, men, groups; then a table of all quotes, each row linked to its passage, that can be sorted
and filtered (accents and case ignored). All text is escaped by Jinja2's autoescaping.

Example:
    >>> html = render_report([(text, analysis)], lang="fr")          # doctest: +SKIP
"""

from __future__ import annotations

import colorsys
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Literal, get_args
from urllib.parse import urlsplit

from jinja2 import Environment, select_autoescape

from ..nlp.entities import fold, furniture_lines
from ..records import Analysis, Quote

Language = Literal["fr", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)
UNKNOWN_COLOUR = "#e0e0e0"  # statements without a known speaker: grey, no speaker's colour
GENDERS = ("f", "m", "group", "organisation", "unknown")

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Qui a dit quoi",
        "who": "Qui est cité",
        "speaker": "Locuteur",
        "statements": "Déclarations",
        "split": "Guillemets / discours indirect",
        "detail": "Détail",
        "marked_bar": "entre guillemets : {n}",
        "indirect_bar": "discours indirect : {n}",
        "marked_detail": "{marked} entre guillemets, {indirect} en discours indirect",
        "more": "et {n} autres locuteurs : voir le tableau de toutes les citations ci-dessous",
        "legend_marked": "entre guillemets (citations directes et partielles)",
        "legend_indirect": "discours indirect",
        "unknown": "locuteur inconnu",
        "unknown_note": "Locuteur inconnu : déclarations dont l’outil n’a pas trouvé le locuteur.",
        "parity": "Femmes, hommes, groupes",
        "parity_note": "Part des déclarations selon le genre du locuteur (une citation partielle à l’intérieur "
                       "d’une déclaration comptée une fois ; déclarations sans locuteur exclues).",
        "gender": "Genre",
        "share": "Part",
        "gender_f": "femmes",
        "gender_m": "hommes",
        "gender_group": "groupes",
        "gender_organisation": "organisations",
        "gender_unknown": "genre inconnu",
        "quote_one": "citation",
        "quote_many": "citations",
        "entity_one": "entité",
        "entity_many": "entités",
        "all": "Toutes les citations",
        "filter": "Filtrer",
        "filter_hint": "locuteur, mots, type… (sans tenir compte des accents ni des majuscules)",
        "article": "Article",
        "quote": "Citation",
        "type": "Type",
        "cue": "Verbe",
        "confidence": "Confiance",
        "reported": "Statut",
        "sort": "Trier",
        "passage": "Voir le passage dans l’article",
        "type_direct": "citation directe",
        "type_partial": "citation partielle",
        "type_indirect": "discours indirect",
        "flag_negated": "démenti",
        "flag_hearsay": "ouï-dire",
        "flag_via": "via {via}",
        "flag_conditional": "conditionnel",
        "flag_question": "question",
        "confidence_tip": "confiance {c}",
        "decimal": ",",
        "percent": "{n} %",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "first_day": "1er",
    },
    "en": {
        "title": "Who said what",
        "who": "Who is quoted",
        "speaker": "Speaker",
        "statements": "Statements",
        "split": "Quotation marks / indirect",
        "detail": "Detail",
        "marked_bar": "in quotation marks: {n}",
        "indirect_bar": "indirect: {n}",
        "marked_detail": "{marked} in marks, {indirect} indirect",
        "more": "and {n} more speakers: see the table of all quotes below",
        "legend_marked": "in quotation marks (direct and partial)",
        "legend_indirect": "indirect speech",
        "unknown": "speaker unknown",
        "unknown_note": "Speaker unknown: statements whose speaker the tool did not find.",
        "parity": "Women, men, groups",
        "parity_note": "Share of statements by the speaker's gender (partial quotes inside a statement counted "
                       "once; statements without a speaker left out).",
        "gender": "Gender",
        "share": "Share",
        "gender_f": "women",
        "gender_m": "men",
        "gender_group": "groups",
        "gender_organisation": "organisations",
        "gender_unknown": "unknown",
        "quote_one": "quote",
        "quote_many": "quotes",
        "entity_one": "entity",
        "entity_many": "entities",
        "all": "All quotes",
        "filter": "Filter",
        "filter_hint": "speaker, words, type… (accents and case ignored)",
        "article": "Document",
        "quote": "Quote",
        "type": "Type",
        "cue": "Cue",
        "confidence": "Confidence",
        "reported": "Reported",
        "sort": "Sort",
        "passage": "Go to the passage in the article",
        "type_direct": "direct",
        "type_partial": "partial",
        "type_indirect": "indirect",
        "flag_negated": "denied",
        "flag_hearsay": "hearsay",
        "flag_via": "via {via}",
        "flag_conditional": "conditional",
        "flag_question": "question",
        "confidence_tip": "confidence {c}",
        "decimal": ".",
        "percent": "{n}%",
        "months": "January February March April May June July August September October November December",
        "first_day": "1",
    },
}


def messages(lang: str) -> dict[str, str]:
    """The report's texts in ``lang`` ("fr" or "en")."""
    if lang not in MESSAGES:
        raise ValueError(f"no report in {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return MESSAGES[lang]


@dataclass(frozen=True)
class Segment:
    """A run of article text: plain, a quote (with its speaker), or an entity mention."""

    text: str
    kind: str  # "text", "quote", "mention"
    name: str | None = None  # the speaker of a quote (None: unknown), the entity of a mention
    colour: str | None = None
    label: str | None = None
    first: bool = False  # the first segment of a quote carries the speaker's name and the anchor
    quote: int | None = None  # the quote's index in the analysis


def speaker_colours(names: Iterable[str]) -> dict[str, str]:
    """A distinct pastel colour per speaker, stable for a given order of names."""
    unique = list(dict.fromkeys(names))
    colours = {}
    for k, name in enumerate(unique):
        hue = (k * 0.618033988749895) % 1.0  # golden-ratio steps keep neighbours apart
        r, g, b = colorsys.hls_to_rgb(hue, 0.82, 0.75)
        colours[name] = f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"
    return colours


def drawn_quotes(analysis: Analysis) -> dict[int, int]:
    """Each quote's index mapped to the index of the quote drawn for it: itself, or the outer quote
    it lies inside (a fragment inside a reported clause is drawn with its clause)."""
    drawn: dict[int, int] = {}
    outer, covered_until = -1, -1
    for k, q in sorted(enumerate(analysis.quotes), key=lambda kq: (kq[1].start, -kq[1].end)):
        if q.start >= covered_until:
            outer, covered_until = k, q.end
        drawn[k] = outer
    return drawn


def _marks(analysis: Analysis, colours: dict[str, str]) -> list[tuple[int, int, Segment]]:
    """The highlighted spans, sorted and not overlapping: quotes first, then the mentions outside them."""
    drawn = drawn_quotes(analysis)
    marks = []
    for k in sorted(set(drawn.values())):
        q = analysis.quotes[k]
        colour = colours.get(q.speaker, UNKNOWN_COLOUR) if q.speaker else UNKNOWN_COLOUR
        marks.append((q.start, q.end, Segment("", "quote", q.speaker, colour, quote=k)))
    # the drawn quotes follow one another without overlapping: the one a mention may fall in is the last
    # that starts at or before it, found by bisection (a scan per mention was quadratic: issue 18)
    quoted = sorted((a, b) for a, b, _ in marks)
    starts = [a for a, _ in quoted]
    ends = [b for _, b in quoted]
    for e in analysis.entities:
        for m in e.mentions:
            k = bisect_right(starts, m.start) - 1
            if k < 0 or m.start >= ends[k]:
                marks.append((m.start, m.end, Segment("", "mention", label=e.label, name=e.name)))
    marks.sort(key=lambda x: x[0])
    kept: list[tuple[int, int, Segment]] = []
    for mark in marks:
        if not kept or mark[0] >= kept[-1][1]:
            kept.append(mark)
    return kept


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` as offsets: separated by blank lines when it has any, else one per
    line (trafilatura writes a web page's paragraphs one a line)."""
    brk = re.compile(r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n")
    spans, pos = [], 0
    for m in brk.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _pieces(text: str, analysis: Analysis, colours: dict[str, str]) -> list[tuple[int, int, Segment]]:
    """The whole text as offset runs: the marks, and the plain text between them without the lines
    of page furniture that lie wholly in it."""
    hidden = furniture_lines(text)
    pieces: list[tuple[int, int, Segment]] = []
    pos = 0
    for start, end, seg in [*_marks(analysis, colours), (len(text), len(text), Segment("", "end"))]:
        for a, b in _without(pos, start, hidden):
            pieces.append((a, b, Segment("", "text")))
        if seg.kind != "end":
            pieces.append((start, end, seg))
        pos = end
    return pieces


def _without(start: int, end: int, hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` less the hidden ranges that lie wholly inside it. ``hidden`` are lines, in text
    order: those that start in the run are found by bisection, not by a scan of them all per run."""
    runs, pos = [], start
    for a, b in hidden[bisect_left(hidden, (start,)) : bisect_left(hidden, (end,))]:
        if b <= end:
            if a > pos:
                runs.append((pos, a))
            pos = b
    if end > pos:
        runs.append((pos, end))
    return runs


def segments(text: str, analysis: Analysis, colours: dict[str, str]) -> list[list[Segment]]:
    """The article as paragraphs of segments, page furniture left out. Quotes take precedence over the
    mentions inside them; of overlapping quotes (a fragment inside a reported clause) the outer one is
    drawn; a quote over several paragraphs is drawn in each, its first part carrying its speaker."""
    pieces = _pieces(text, analysis, colours)
    paragraphs: list[list[Segment]] = []
    started: set[int] = set()
    k = 0
    for ps, pe in paragraph_spans(text):
        while k < len(pieces) and pieces[k][1] <= ps:
            k += 1
        para = []
        j = k
        while j < len(pieces) and pieces[j][0] < pe:
            a, b, seg = pieces[j]
            part = text[max(a, ps):min(b, pe)]
            if part:
                first = seg.kind == "quote" and seg.quote not in started
                if seg.kind == "quote":
                    started.add(seg.quote)  # type: ignore[arg-type]
                para.append(Segment(part, seg.kind, seg.name, seg.colour, seg.label, first, seg.quote))
            j += 1
        if any(s.text.strip() for s in para):
            paragraphs.append(para)
    return _without_title(paragraphs, analysis.title)


def _without_title(paragraphs: list[list[Segment]], title: str | None) -> list[list[Segment]]:
    """The paragraphs less a first one that repeats the title shown above the article ("# Title" in
    Markdown), unless a quote is in it."""
    if paragraphs and title:
        first = "".join(s.text for s in paragraphs[0]).strip().lstrip("#").strip()
        if fold(first) == fold(title) and not any(s.kind == "quote" for s in paragraphs[0]):
            return paragraphs[1:]
    return paragraphs


def summary(analyses: Iterable[Analysis]) -> list[dict[str, object]]:
    """Who is quoted, how often, direct (in marks) versus indirect: the people by number of statements,
    then the statements without a known speaker (``speaker`` None) apart, last, whatever their number."""
    counts: dict[str | None, Counter[str]] = {}
    for a in analyses:
        for q in a.quotes:
            if q.parent is not None:
                continue  # a fragment of a statement counted already: the statement is what was said
            counts.setdefault(q.speaker or None, Counter())["indirect" if q.type == "indirect" else "marked"] += 1
    rows = [{"speaker": n, "marked": c["marked"], "indirect": c["indirect"], "total": sum(c.values())}
            for n, c in counts.items()]
    return sorted(rows, key=lambda r: (r["speaker"] is None, -int(r["total"]), str(r["speaker"])))  # type: ignore[call-overload]


def gender_shares(analyses: Iterable[Analysis]) -> list[dict[str, object]]:
    """The share of statements by women, men, groups, organisations and speakers of unknown gender (a
    partial quote inside a statement is not counted again; statements without a speaker are left out)."""
    counts: Counter[str] = Counter()
    for a in analyses:
        for q in a.quotes:
            if q.parent is None and q.speaker:
                counts[q.speaker_gender or ("organisation" if q.speaker_label in ("ORG", "LOC") else "unknown")] += 1
    total = sum(counts.values())
    return [{"gender": g, "statements": counts[g], "share": counts[g] / total} for g in GENDERS if counts[g]]


def flags(quote: Quote, lang: Language = "fr") -> list[tuple[str, str]]:
    """How the article reports a statement, as (flag, words): ("hearsay", "via Le Parisien"), ("negated",
    "démenti")…"""
    m = messages(lang)
    marks = [(flag, m[f"flag_{flag}"]) for flag in ("negated", "conditional", "question") if getattr(quote, flag)]
    if quote.hearsay:
        marks.insert(0, ("hearsay", m["flag_via"].format(via=quote.via) if quote.via else m["flag_hearsay"]))
    return marks


def reported(quote: Quote, lang: Language = "fr") -> str:
    """How the article reports a statement, in a few words: "démenti", "via Le Parisien, conditionnel"."""
    return ", ".join(word for _, word in flags(quote, lang)) or "—"


def number(value: float, lang: Language, digits: int = 2) -> str:
    """``value`` written the way ``lang`` writes decimals: 0,90 in French."""
    return f"{value:.{digits}f}".replace(".", messages(lang)["decimal"])


def describe(quote: Quote, lang: Language = "fr") -> str:
    """The tooltip of a highlighted quote: speaker, type, confidence and how it is reported."""
    m = messages(lang)
    parts = [quote.speaker or m["unknown"], m[f"type_{quote.type}"],
             m["confidence_tip"].format(c=number(quote.confidence, lang))]
    how = reported(quote, lang)
    return " · ".join(parts + ([how] if how != "—" else []))


def source(url: str | None) -> str | None:
    """The host an article comes from ("lemonde.fr"), for a link to an http(s) URL only."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.removeprefix("www.")


_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def show_date(date: str | None, lang: Language = "fr") -> tuple[str | None, str | None]:
    """The machine-readable date (for ``<time datetime>``) and the date as a reader writes it
    ("14 mars 2025"); a date that is not ISO is shown as it is."""
    if not date:
        return None, None
    m = _DATE.match(date.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        return None, date
    months = messages(lang)["months"].split()
    month = f"{months[int(m[2]) - 1]} {m[1]}"
    if not m[3]:
        return m[0], month
    day = messages(lang)["first_day"] if int(m[3]) == 1 else str(int(m[3]))
    return m[0], f"{day} {month}"


def count(n: int, what: str, lang: Language) -> str:
    """``n`` things in ``lang``: "1 citation", "0 citation" in French, "0 quotes" in English."""
    one = n < 2 if lang == "fr" else n == 1
    return f"{n} {messages(lang)[what + ('_one' if one else '_many')]}"


def _article(position: int, text: str, analysis: Analysis, colours: dict[str, str], lang: Language) -> dict[str, object]:
    """What the template shows of one article: its anchor, heading, source and date, paragraphs."""
    paragraphs = segments(text, analysis, colours)
    shown = {s.quote for p in paragraphs for s in p if s.kind == "quote" and s.first}
    host = source(analysis.url)
    datetime, date = show_date(analysis.date, lang)
    anchor = f"doc-{position}"
    targets = {k: f"{anchor}-q{d}" for k, d in drawn_quotes(analysis).items() if d in shown}
    quotes = analysis.quotes
    return {
        "anchor": anchor, "heading": analysis.title or host or analysis.id,
        "host": host, "url": analysis.url if host else None, "datetime": datetime, "date": date,
        "paragraphs": paragraphs, "analysis": analysis, "genders": gender_shares([analysis]), "targets": targets,
        # each quote's words, once: a function called from the template costs more than the rest of its row
        "tips": [describe(q, lang) for q in quotes], "flags": [flags(q, lang) for q in quotes],
        "confidences": [number(q.confidence, lang) for q in quotes],
    }


def render_report(documents: Iterable[tuple[str, Analysis]], title: str | None = None, lang: Language = "fr") -> str:
    """The HTML report of ``(text, analysis)`` pairs, in ``lang`` ("fr" or "en"); ``title`` defaults to
    "Qui a dit quoi" ("Who said what")."""
    m = messages(lang)
    docs = list(documents)
    colours = speaker_colours(q.speaker for _, a in docs for q in a.quotes if q.speaker)
    rows = summary(a for _, a in docs)
    people = [r for r in rows if r["speaker"] is not None]
    articles = [_article(k, text, a, colours, lang) for k, (text, a) in enumerate(docs, 1)]
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(TEMPLATE).render(
        lang=lang, m=m, title=title or m["title"], articles=articles,
        genders=gender_shares(a for _, a in docs),
        people=people, unknown=[r for r in rows if r["speaker"] is None],
        widest=max((int(r["total"]) for r in rows), default=1),  # type: ignore[call-overload]
        quotes=[(art, k, q, colours.get(q.speaker, UNKNOWN_COLOUR) if q.speaker else UNKNOWN_COLOUR)
                for art in articles for k, q in enumerate(art["analysis"].quotes)],  # type: ignore[attr-defined]
        count=count,
    )


TEMPLATE = r"""<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<style>
body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fff;line-height:1.55}
h1,h2,h3,th,.meta,.bar,.speaker,.flag,input,label,button{font-family:Helvetica,Arial,sans-serif}
a{color:#0a4a9e}
.quote{padding:.1rem .15rem;border-radius:.2rem;color:#222;scroll-margin-top:3rem}
.quote.indirect{background:none!important;border-bottom:3px solid var(--c)}
.quote:target{outline:3px solid #222;outline-offset:2px}
.speaker{font-size:.7rem;font-weight:bold;vertical-align:super;margin-right:.15rem;padding:0 .25rem;border-radius:.2rem;background:#333;color:#fff;white-space:nowrap}
.flag{font-size:.7rem;vertical-align:super;margin-right:.15rem;padding:0 .25rem;border-radius:.2rem;border:1px solid #5c4400;background:#fff3cd;color:#5c4400;white-space:nowrap}
.flag.negated{border-color:#842029;background:#f8d7da;color:#842029}
.mention{border-bottom:1px dotted #666}
.mention.PER{border-bottom-color:#0a58ca}.mention.ORG{border-bottom-color:#b02a37}.mention.LOC{border-bottom-color:#198754}
.warning{color:#8a5a00;font-family:Helvetica,Arial,sans-serif;font-size:.85rem}
.chart th{font-size:.8rem;text-align:left;color:#444;font-weight:normal}
.chart td,.chart th{padding:.05rem .4rem;white-space:nowrap}.bar.gender-f{background:#b5528c}.bar.gender-m{background:#3f7cac}.bar.gender-group{background:#7a9a3a}.bar.gender-organisation{background:#999}.bar.gender-unknown{background:#ccc}.chart{font-size:.9rem}.bar{display:inline-block;height:.9rem}.bar.marked{background:#6c8ebf}.bar.indirect{background:#d79b00}
.chart tbody.unknown td{border-top:1px solid #bbb;font-style:italic}
article header h2{margin-bottom:.2rem}
table.quotes{border-collapse:collapse;width:100%;font-size:.9rem}table.quotes th,table.quotes td{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
table.quotes th{background:#f4f4f4}table.quotes th button{font:inherit;font-weight:bold;border:0;background:none;color:#222;cursor:pointer;padding:0}
.meta{color:#595959;font-size:.85rem}.nobody{font-style:italic}
</style></head><body><main>
<h1>{{ title }}</h1>
<section id="summary"><h2>{{ m.who }}</h2>
<table class="chart"><thead><tr><th scope="col">{{ m.speaker }}</th><th scope="col">{{ m.statements }}</th><th scope="col">{{ m.split }}</th><th scope="col">{{ m.detail }}</th></tr></thead>
{% macro bar_row(r, label, cls) %}<tr class="{{ cls }}" data-speaker="{{ label }}"><td class="speaker-name">{{ label }}</td><td>{{ r.total }}</td>
<td><span class="bar marked" title="{{ m.marked_bar.format(n=r.marked) }}" style="width:{{ (r.marked / widest * 20)|round(2) }}rem"></span><span class="bar indirect" title="{{ m.indirect_bar.format(n=r.indirect) }}" style="width:{{ (r.indirect / widest * 20)|round(2) }}rem"></span></td>
<td class="meta">{{ m.marked_detail.format(marked=r.marked, indirect=r.indirect) }}</td></tr>
{% endmacro %}<tbody class="people">
{% for r in people[:12] %}{{ bar_row(r, r.speaker, "person") }}{% endfor %}</tbody>
{% for r in unknown %}<tbody class="unknown">{{ bar_row(r, m.unknown, "unknown") }}</tbody>
{% endfor %}</table>
{% if people|length > 12 %}<p class="meta">{{ m.more.format(n=people|length - 12) }}</p>{% endif %}
{% if unknown %}<p class="meta">{{ m.unknown_note }}</p>{% endif %}
<p class="meta"><span class="bar marked" style="width:1rem"></span> {{ m.legend_marked }} <span class="bar indirect" style="width:1rem"></span> {{ m.legend_indirect }}</p>
</section>
<section id="parity"><h2>{{ m.parity }}</h2>
<p class="meta">{{ m.parity_note }}</p>
<table class="chart"><thead><tr><th scope="col">{{ m.gender }}</th><th scope="col">{{ m.statements }}</th><th scope="col">{{ m.share }}</th></tr></thead><tbody>
{% for g in genders %}<tr data-gender="{{ g.gender }}"><td>{{ m["gender_" + g.gender] }}</td><td>{{ g.statements }}</td><td>{{ m.percent.format(n="%.0f"|format(g.share * 100)) }}
<span class="bar gender-{{ g.gender }}" style="width:{{ (g.share * 20)|round(2) }}rem"></span></td></tr>
{% endfor %}</tbody></table></section>
{% for art in articles %}<article id="{{ art.anchor }}"><header><h2>{{ art.heading }}</h2>
{% if art.host or art.date %}<p class="meta source">{% if art.url %}<a href="{{ art.url }}">{{ art.host }}</a>{% endif %}{% if art.url and art.date %} · {% endif %}{% if art.date %}{% if art.datetime %}<time datetime="{{ art.datetime }}">{{ art.date }}</time>{% else %}{{ art.date }}{% endif %}{% endif %}</p>
{% endif %}<p class="meta">{{ count(art.analysis.quotes|length, "quote", lang) }}, {{ count(art.analysis.entities|length, "entity", lang) }}{% if art.genders %} · {% for g in art.genders %}{{ m["gender_" + g.gender] }} {{ m.percent.format(n="%.0f"|format(g.share * 100)) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}</p></header>
{% for w in art.analysis.warnings %}<p class="warning">⚠ {{ w }}</p>
{% endfor %}{% for para in art.paragraphs %}<p>{% for s in para %}{% if s.kind == "quote" %}{% set q = art.analysis.quotes[s.quote] %}<mark class="quote {{ q.type }}"{% if s.first %} id="{{ art.anchor }}-q{{ s.quote }}"{% endif %} style="--c:{{ s.colour }};background:{{ s.colour }}" data-speaker="{{ s.name or m.unknown }}" data-confidence="{{ "%.2f"|format(q.confidence) }}" title="{{ art.tips[s.quote] }}">{% if s.first %}<span class="speaker{% if not s.name %} nobody{% endif %}">{{ s.name or m.unknown }}</span>{% for flag, word in art.flags[s.quote] %}<span class="flag {{ flag }}">{{ word }}</span>{% endfor %}{% endif %}{{ s.text }}</mark>{% elif s.kind == "mention" %}<span class="mention {{ s.label }}" title="{{ s.name }} ({{ s.label }})">{{ s.text }}</span>{% else %}{{ s.text }}{% endif %}{% endfor %}</p>
{% endfor %}</article>
{% endfor %}
<section id="all-quotes"><h2>{{ m.all }}</h2>
<p><label for="filter">{{ m.filter }}</label> <input id="filter" type="search" placeholder="{{ m.filter_hint }}" size="50"></p>
<table class="quotes" id="quotes"><thead><tr>{% for h in ("article", "speaker", "quote", "type", "cue", "confidence", "reported") %}<th scope="col" data-k="{{ loop.index0 }}"><button type="button" title="{{ m.sort }}">{{ m[h] }}</button></th>{% endfor %}</tr></thead><tbody>
{% for art, k, q, colour in quotes %}<tr><td>{{ art.heading }}</td><td><span class="speaker{% if not q.speaker %} nobody{% endif %}" style="background:{{ colour }};color:#222">{{ q.speaker or m.unknown }}</span></td><td>{% if k in art.targets %}<a href="#{{ art.targets[k] }}" title="{{ m.passage }}">{{ q.text }}</a>{% else %}{{ q.text }}{% endif %}</td><td>{{ m["type_" + q.type] }}</td><td>{{ q.cue or "—" }}</td><td data-v="{{ "%.4f"|format(q.confidence) }}">{{ art.confidences[k] }}</td><td>{% for flag, word in art.flags[k] %}<span class="flag {{ flag }}">{{ word }}</span> {% else %}—{% endfor %}</td></tr>
{% endfor %}</tbody></table></section>
</main>
<script>
(function(){var t=document.getElementById("quotes"),b=t.tBodies[0],f=document.getElementById("filter");
function fold(s){return s.normalize("NFD").replace(/[\u0300-\u036f]/g,"").replace(/œ/g,"oe").replace(/æ/g,"ae").replace(/[’‘]/g,"'").toLowerCase();}
f.addEventListener("input",function(){var v=fold(f.value.trim());for(var r of b.rows){r.style.display=v&&fold(r.textContent).indexOf(v)<0?"none":"";}});
t.tHead.addEventListener("click",function(e){var th=e.target.closest("th");if(!th)return;var k=th.dataset.k,asc=t.dataset.k===k&&t.dataset.d!=="asc";t.dataset.k=k;t.dataset.d=asc?"asc":"desc";
for(var h of t.tHead.rows[0].cells){h.removeAttribute("aria-sort");}th.setAttribute("aria-sort",asc?"ascending":"descending");
function val(r){var c=r.cells[k];return c.dataset.v!==undefined?c.dataset.v:c.textContent;}
var rows=Array.from(b.rows);rows.sort(function(x,y){var a=val(x),c=val(y),n=parseFloat(a)-parseFloat(c);var r=isNaN(n)?a.localeCompare(c,document.documentElement.lang):n;return asc?r:-r;});rows.forEach(function(r){b.appendChild(r);});});})();
</script>
</body></html>
"""
