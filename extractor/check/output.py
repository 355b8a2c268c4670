"""Verdicts out: one JSON object per claim, CSV rows per match, or a table with the differences marked."""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..io.writers import OutputFormat, cell_text, console_for, printable, shorten
from ..records import REPORT_FLAGS
from .lookup import Match, Verdict

CSV_COLUMNS = [
    "claim", "asked_speaker", "verdict", "match_verdict", "similarity", "speaker", "speaker_role", "text", "type",
    "doc", "title", "date", "url", "start", "end", "context", "diff", "negated", "hearsay", "via", "conditional",
    "question",
]
_STYLE = {"verbatim": "bold green", "altered": "bold red", "related": "bold yellow", "other-speaker": "bold magenta",
          "not-found": "bold"}


def diff_text(match: Match) -> str:
    """The word-level changes, claim side → statement side: "reculerons → céderons; + jamais"."""
    parts = []
    for change in match.comparison.diff:
        if change.claim and change.statement:
            parts.append(f"{change.claim} → {change.statement}")
        elif change.claim:
            parts.append(f"− {change.claim}")
        else:
            parts.append(f"+ {change.statement}")
    return "; ".join(parts)


def csv_rows(verdict: Verdict) -> Iterable[dict[str, Any]]:
    """One row per match (one row without a match for ``not-found``)."""
    head = {"claim": verdict.claim, "asked_speaker": verdict.speaker, "verdict": verdict.verdict}
    if not verdict.matches:
        yield head
    for match in verdict.matches:
        d = match.to_dict()
        yield {
            **head, **{k: d[k] for k in ("similarity", "speaker", "speaker_role", "text", "type", "start", "end",
                                         "context", "negated", "hearsay", "via", "conditional", "question")},
            "match_verdict": d["verdict"], "doc": d["document"]["id"], "title": d["document"]["title"],
            "date": d["document"]["date"], "url": d["document"]["url"], "diff": diff_text(match),
        }


def _marked(match: Match) -> Text:
    """The statement's matching words, those that differ from the claim in red."""
    text = match.statement.text
    c = match.comparison
    shown = Text(printable(shorten(text[c.start : c.end]) if c.end - c.start > 200 else text[c.start : c.end], keep="\n"))
    for change in c.diff:
        if change.statement:
            for word in change.statement.split():
                shown.highlight_words([word], style="bold red")
    return shown


def write_verdicts(verdicts: Iterable[Verdict], fmt: OutputFormat, out: IO[str], console: Console | None = None) -> int:
    """Write each verdict in ``fmt``; returns how many claims were written."""
    count = 0
    if fmt is OutputFormat.jsonl:
        for verdict in verdicts:
            out.write(json.dumps(verdict.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
            count += 1
    elif fmt is OutputFormat.json:
        items = [v.to_dict() for v in verdicts]
        count = len(items)
        out.write(json.dumps(items[0] if count == 1 else items, ensure_ascii=False, indent=1) + "\n")
    elif fmt in (OutputFormat.csv, OutputFormat.tsv):
        writer = csv.DictWriter(out, CSV_COLUMNS, delimiter="," if fmt is OutputFormat.csv else "\t", extrasaction="ignore")
        writer.writeheader()
        for verdict in verdicts:
            writer.writerows({k: cell_text(v) for k, v in row.items()} for row in csv_rows(verdict))
            count += 1
    else:
        console = console_for(out, console)
        for verdict in verdicts:
            who = f" — {verdict.speaker}" if verdict.speaker else ""
            console.print(Text.assemble("« ", printable(verdict.claim), " »", printable(who), " : ",
                                        (verdict.verdict, _STYLE[verdict.verdict])))
            if verdict.matches:
                table = Table(expand=False)
                for col in ("verdict", "similarity", "speaker", "statement", "differences", "document", "flags"):
                    table.add_column(col, overflow="fold")
                for m in verdict.matches:
                    s = m.statement
                    flags = [f for f in REPORT_FLAGS if getattr(s, f)]
                    if s.via:
                        flags.append(f"via {s.via}")
                    doc = " ".join(x for x in (s.document.title or s.document.id, s.document.date or "") if x)
                    cells = (m.verdict, f"{m.comparison.similarity:.2f}", s.speaker or "—", diff_text(m) or "—", doc,
                             ", ".join(flags) or "—")
                    verdict, similarity, speaker, diff, source, flagged = (Text(printable(c, keep="\n")) for c in cells)  # data, not markup
                    table.add_row(verdict, similarity, speaker, _marked(m), diff, source, flagged)
                console.print(table)
            count += 1
    return count
