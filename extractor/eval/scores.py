"""The scores of an evaluation written out: a table with the misses, JSON, or the misses as CSV."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from rich.table import Table

from ..io.writers import OutputFormat, cell_text, console_for, shorten
from .evaluation import Report


def report_dict(report: Report) -> dict[str, Any]:
    """The scores of an evaluation, as plain data."""
    out: dict[str, Any] = {"documents": report.documents}
    for name, c in (("marked_quotes", report.marked), ("indirect_quotes", report.indirect)):
        out[name] = {
            "precision": round(c.precision, 3), "recall": round(c.recall, 3), "f1": round(c.f1, 3),
            "attribution": round(c.attribution, 3), "end_to_end_f1": round(c.end_to_end_f1, 3),
            "tp": c.tp, "fp": c.fp, "fn": c.fn, "speaker_ok": c.speaker_ok,
        }
    out["misses"] = [
        {"kind": m.kind, "doc": m.doc, "text": m.text, "got": m.got, "want": list(m.want) if m.want else None}
        for m in report.misses
    ]
    return out


def write_report(report: Report, fmt: OutputFormat, out: IO[str], show_misses: bool = True) -> None:
    """Scores as a table (and the misses), or as JSON."""
    data = report_dict(report)
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        out.write(json.dumps(data, ensure_ascii=False, indent=1 if fmt is OutputFormat.json else None) + "\n")
        return
    if fmt in (OutputFormat.csv, OutputFormat.tsv):
        writer = csv.writer(out, delimiter="," if fmt is OutputFormat.csv else "\t")
        writer.writerow(["kind", "doc", "text", "got", "want"])
        writer.writerows([m["kind"], m["doc"], m["text"], cell_text(m["got"]), cell_text(m["want"])] for m in data["misses"])
        return
    console = console_for(out)
    table = Table(title=f"{report.documents} documents", title_justify="left")
    for col in ("", "precision", "recall", "F1", "attribution", "end-to-end F1", "found", "spurious", "missed"):
        table.add_column(col, justify="right" if col else "left")
    for name in ("marked_quotes", "indirect_quotes"):
        r = data[name]
        table.add_row(
            name.replace("_", " "), f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
            f"{r['attribution']:.3f}", f"{r['end_to_end_f1']:.3f}", str(r["tp"]), str(r["fp"]), str(r["fn"]),
        )
    console.print(table)
    if show_misses and report.misses:
        misses = Table(title="misses", title_justify="left")
        for col in ("kind", "doc", "text", "got", "want"):
            misses.add_column(col, overflow="fold")
        for m in report.misses:
            misses.add_row(m.kind, m.doc, shorten(m.text), m.got or "—", " | ".join(m.want) if m.want else "—")
        console.print(misses)
