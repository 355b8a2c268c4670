"""An HTML report an editor can read: each article with its quotes highlighted, one colour per speaker.

One self-contained file (no network, no external asset): per article, the text with every quote
highlighted and its speaker named at the quote, entity mentions underlined, and a summary of who is
quoted, how often, direct versus indirect, as a small bar chart; then a table of all quotes that can be
sorted and filtered. All text is escaped by Jinja2's autoescaping.

Example:
    >>> html = render_report([(text, analysis)])          # doctest: +SKIP
"""

from __future__ import annotations

import colorsys
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from jinja2 import Environment, select_autoescape

from ..records import Analysis, Quote


@dataclass(frozen=True)
class Segment:
    """A run of article text: plain, a quote (with its speaker), or an entity mention."""

    text: str
    kind: str  # "text", "quote", "mention"
    name: str | None = None  # the speaker of a quote, the entity of a mention
    colour: str | None = None
    qtype: str | None = None
    label: str | None = None
    first: bool = False  # the first segment of a quote carries the speaker's name


def speaker_colours(names: Iterable[str]) -> dict[str, str]:
    """A distinct pastel colour per speaker, stable for a given order of names."""
    unique = list(dict.fromkeys(names))
    colours = {}
    for k, name in enumerate(unique):
        hue = (k * 0.618033988749895) % 1.0  # golden-ratio steps keep neighbours apart
        r, g, b = colorsys.hls_to_rgb(hue, 0.82, 0.75)
        colours[name] = f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"
    return colours


def segments(text: str, analysis: Analysis, colours: dict[str, str]) -> list[list[Segment]]:
    """The article as paragraphs of segments. Quotes take precedence over the mentions inside them;
    of overlapping quotes (a fragment inside a reported clause) the outer one is drawn."""
    marks: list[tuple[int, int, Segment]] = []
    covered_until = -1
    for q in sorted(analysis.quotes, key=lambda q: (q.start, -q.end)):
        if q.start < covered_until:
            continue
        name = q.speaker or "speaker unknown"
        marks.append((q.start, q.end, Segment("", "quote", name, colours.get(name, "#e0e0e0"), q.type)))
        covered_until = q.end
    quoted = [(a, b) for a, b, _ in marks]
    for e in analysis.entities:
        for m in e.mentions:
            if not any(a <= m.start < b for a, b in quoted):
                marks.append((m.start, m.end, Segment("", "mention", label=e.label, name=e.name)))
    marks.sort(key=lambda x: x[0])
    out: list[Segment] = []
    pos = 0
    for start, end, seg in marks:
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start], "text"))
        out.append(Segment(text[start:end], seg.kind, seg.name, seg.colour, seg.qtype, seg.label, True))
        pos = end
    out.append(Segment(text[pos:], "text"))
    return _paragraphs(out)


def _paragraphs(flat: list[Segment]) -> list[list[Segment]]:
    paragraphs: list[list[Segment]] = [[]]
    for seg in flat:
        parts = seg.text.split("\n\n")
        for k, part in enumerate(parts):
            if k:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Segment(part, seg.kind, seg.name, seg.colour, seg.qtype, seg.label, seg.first and k == 0))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]


def summary(analyses: Iterable[Analysis]) -> list[dict[str, object]]:
    """Who is quoted, how often, direct (in marks) versus indirect."""
    counts: dict[str, Counter[str]] = {}
    for a in analyses:
        for q in a.quotes:
            if q.parent is not None:
                continue  # a fragment of a statement counted already: the statement is what was said
            name = q.speaker or "speaker unknown"
            counts.setdefault(name, Counter())["indirect" if q.type == "indirect" else "marked"] += 1
    rows = [{"speaker": n, "marked": c["marked"], "indirect": c["indirect"], "total": sum(c.values())} for n, c in counts.items()]
    return sorted(rows, key=lambda r: (-int(r["total"]), str(r["speaker"])))


GENDER_NAMES = {"f": "women", "m": "men", "group": "groups", "organisation": "organisations", "unknown": "unknown"}


def gender_shares(analyses: Iterable[Analysis]) -> list[dict[str, object]]:
    """The share of statements by women, men, groups, organisations and speakers of unknown gender (a
    partial quote inside a statement is not counted again; statements without a speaker are left out)."""
    counts: Counter[str] = Counter()
    for a in analyses:
        for q in a.quotes:
            if q.parent is None and q.speaker:
                counts[q.speaker_gender or ("organisation" if q.speaker_label in ("ORG", "LOC") else "unknown")] += 1
    total = sum(counts.values())
    return [{"gender": g, "name": GENDER_NAMES[g], "statements": counts[g], "share": counts[g] / total}
            for g in GENDER_NAMES if counts[g]]


def render_report(documents: Iterable[tuple[str, Analysis]], title: str = "Who said what") -> str:
    """The HTML report of ``(text, analysis)`` pairs."""
    docs = list(documents)
    names = [q.speaker or "speaker unknown" for _, a in docs for q in a.quotes]
    colours = speaker_colours(names)
    rows = summary(a for _, a in docs)
    widest = max((int(r["total"]) for r in rows), default=1)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(TEMPLATE).render(
        title=title,
        articles=[{"id": a.id, "paragraphs": segments(text, a, colours), "analysis": a, "genders": gender_shares([a])}
                  for text, a in docs],
        genders=gender_shares(a for _, a in docs),
        summary=rows,
        widest=widest,
        colours=colours,
        quotes=[(a.id, q, colours.get(q.speaker or "speaker unknown")) for _, a in docs for q in a.quotes],
        reported=reported,
    )


def reported(quote: Quote) -> str:
    """How the article reports a statement, in a few words: "denied", "via Le Parisien, conditional"."""
    marks = [word for flag, word in (("negated", "denied"), ("conditional", "conditional"), ("question", "question"))
             if getattr(quote, flag)]
    if quote.hearsay:
        marks.insert(0, f"via {quote.via}" if quote.via else "hearsay")
    return ", ".join(marks) or "—"


TEMPLATE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.55}
h1,h2,h3,th,.meta,.bar,.speaker,input,select{font-family:Helvetica,Arial,sans-serif}
.quote{padding:.1rem .15rem;border-radius:.2rem}
.quote.indirect{background:none!important;border-bottom:3px solid var(--c)}
.speaker{font-size:.7rem;font-weight:bold;vertical-align:super;margin-right:.15rem;padding:0 .25rem;border-radius:.2rem;background:#333;color:#fff}
.mention{border-bottom:1px dotted #666}
.mention.PER{border-bottom-color:#0a58ca}.mention.ORG{border-bottom-color:#b02a37}.mention.LOC{border-bottom-color:#198754}
.warning{color:#8a5a00;font-family:Helvetica,Arial,sans-serif;font-size:.85rem}
.chart td{padding:.05rem .4rem;white-space:nowrap}.bar.gender-f{background:#b5528c}.bar.gender-m{background:#3f7cac}.bar.gender-group{background:#7a9a3a}.bar.gender-organisation{background:#999}.bar.gender-unknown{background:#ccc}.chart{font-size:.9rem}.bar{display:inline-block;height:.9rem}.bar.marked{background:#6c8ebf}.bar.indirect{background:#d79b00}
table.quotes{border-collapse:collapse;width:100%;font-size:.9rem}table.quotes th,table.quotes td{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
table.quotes th{cursor:pointer;background:#f4f4f4}.meta{color:#666;font-size:.85rem}
</style></head><body>
<h1>{{ title }}</h1>
<section id="summary"><h2>Who is quoted</h2>
<table class="chart">
{% for r in summary[:12] %}<tr data-speaker="{{ r.speaker }}"><td>{{ r.speaker }}</td><td>{{ r.total }}</td>
<td><span class="bar marked" title="in quotation marks: {{ r.marked }}" style="width:{{ (r.marked / widest * 20)|round(2) }}rem"></span><span class="bar indirect" title="indirect: {{ r.indirect }}" style="width:{{ (r.indirect / widest * 20)|round(2) }}rem"></span></td>
<td class="meta">{{ r.marked }} in marks, {{ r.indirect }} indirect</td></tr>
{% endfor %}</table>
{% if summary|length > 12 %}<p class="meta">and {{ summary|length - 12 }} more speakers: see the table of all quotes below</p>{% endif %}
<p class="meta"><span class="bar marked" style="width:1rem"></span> in quotation marks (direct and partial) <span class="bar indirect" style="width:1rem"></span> indirect speech</p>
</section>
<section id="parity"><h2>Women, men, groups</h2>
<p class="meta">Share of statements by the speaker's gender (partial quotes inside a statement counted once; statements without a speaker left out).</p>
<table class="chart">
{% for g in genders %}<tr data-gender="{{ g.gender }}"><td>{{ g.name }}</td><td>{{ g.statements }}</td><td>{{ "%.0f"|format(g.share * 100) }} %</td>
<td><span class="bar gender-{{ g.gender }}" style="width:{{ (g.share * 20)|round(2) }}rem"></span></td></tr>
{% endfor %}</table></section>
{% for art in articles %}<article id="doc-{{ loop.index }}"><h2>{{ art.id }}</h2>
<p class="meta">{{ art.analysis.quotes|length }} quotes, {{ art.analysis.entities|length }} entities{% if art.genders %} · {% for g in art.genders %}{{ g.name }} {{ "%.0f"|format(g.share * 100) }} %{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}</p>
{% for w in art.analysis.warnings %}<p class="warning">⚠ {{ w }}</p>
{% endfor %}{% for para in art.paragraphs %}<p>{% for s in para %}{% if s.kind == "quote" %}<mark class="quote {{ s.qtype }}" style="--c:{{ s.colour }};background:{{ s.colour }}" data-speaker="{{ s.name }}" title="{{ s.name }} ({{ s.qtype }})">{% if s.first %}<span class="speaker">{{ s.name }}</span>{% endif %}{{ s.text }}</mark>{% elif s.kind == "mention" %}<span class="mention {{ s.label }}" title="{{ s.name }} ({{ s.label }})">{{ s.text }}</span>{% else %}{{ s.text }}{% endif %}{% endfor %}</p>
{% endfor %}</article>
{% endfor %}
<section id="all-quotes"><h2>All quotes</h2>
<p><input id="filter" type="search" placeholder="Filter: speaker, words, type…" size="40"></p>
<table class="quotes" id="quotes"><thead><tr><th data-k="0">document</th><th data-k="1">speaker</th><th data-k="2">quote</th><th data-k="3">type</th><th data-k="4">cue</th><th data-k="5">confidence</th><th data-k="6">reported</th></tr></thead><tbody>
{% for doc, q, colour in quotes %}<tr><td>{{ doc }}</td><td><span class="speaker" style="background:{{ colour }};color:#222">{{ q.speaker or "—" }}</span></td><td>{{ q.text }}</td><td>{{ q.type }}</td><td>{{ q.cue or "—" }}</td><td>{{ "%.2f"|format(q.confidence) }}</td><td>{{ reported(q) }}</td></tr>
{% endfor %}</tbody></table></section>
<script>
(function(){var t=document.getElementById("quotes"),b=t.tBodies[0],f=document.getElementById("filter");
f.addEventListener("input",function(){var v=f.value.toLowerCase();for(var r of b.rows){r.style.display=r.textContent.toLowerCase().indexOf(v)<0?"none":"";}});
t.tHead.addEventListener("click",function(e){var k=e.target.dataset.k;if(k===undefined)return;var asc=t.dataset.k===k&&t.dataset.d!=="asc";t.dataset.k=k;t.dataset.d=asc?"asc":"desc";
var rows=Array.from(b.rows);rows.sort(function(x,y){var a=x.cells[k].textContent,c=y.cells[k].textContent,n=parseFloat(a)-parseFloat(c);var r=isNaN(n)?a.localeCompare(c,"fr"):n;return asc?r:-r;});rows.forEach(function(r){b.appendChild(r);});});})();
</script>
</body></html>
"""
