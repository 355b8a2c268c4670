"""Does a change leave the output alone? The records of every article, before and after, compared.

Usage (from the repository root):
    .venv/bin/python benchmarks/same_records.py write build/records-before.jsonl
    ... change the code ...
    .venv/bin/python benchmarks/same_records.py compare build/records-before.jsonl

It analyses ``samples/`` and the texts of ``../shared/data/quotes-dev`` and ``../shared/data/quotes-train``
(the folders given with ``--folder`` instead, if any) and writes one ``Analysis.to_dict()`` per article;
``compare`` analyses them again and lists every article whose records differ, field by field. Exit 1
when one differs: a refactoring must not change a single record.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extractor.pipeline import analyze_many, load_pipeline

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "samples", ROOT.parent / "shared" / "data" / "quotes-dev" / "texts",
           ROOT.parent / "shared" / "data" / "quotes-train" / "texts")


def records(folders: list[Path]) -> dict[str, dict]:
    """``{article id: Analysis.to_dict()}`` for every .txt article of ``folders``."""
    paths = [p for folder in folders for p in sorted(folder.glob("*.txt"))]
    nlp = load_pipeline()
    items = ((p.read_text(encoding="utf-8"), f"{p.parent.name}/{p.name}") for p in paths)
    return {a.id: a.to_dict() for a in analyze_many(items, nlp)}


def differences(before: dict, after: dict) -> list[str]:
    """One line per article (or field) that differs."""
    lines = []
    for doc_id in sorted(set(before) | set(after)):
        if doc_id not in after or doc_id not in before:
            lines.append(f"{doc_id}: only {'before' if doc_id in before else 'after'}")
            continue
        for field in sorted(set(before[doc_id]) | set(after[doc_id])):
            old, new = before[doc_id].get(field), after[doc_id].get(field)
            if old != new:
                lines.append(f"{doc_id}: {field} differs")
                if isinstance(old, list) and isinstance(new, list):  # which records: "-" before, "+" after
                    lines += [f"  - {json.dumps(r, ensure_ascii=False)}" for r in old if r not in new]
                    lines += [f"  + {json.dumps(r, ensure_ascii=False)}" for r in new if r not in old]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("write", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--folder", type=Path, action="append", help="a folder of .txt articles (repeatable)")
    args = parser.parse_args(argv)
    folders = args.folder or [f for f in FOLDERS if f.is_dir()]
    now = records(folders)
    if args.action == "write":
        args.file.parent.mkdir(parents=True, exist_ok=True)
        with open(args.file, "w", encoding="utf-8") as out:
            for doc_id, record in now.items():
                out.write(json.dumps({"id": doc_id, "record": record}, ensure_ascii=False) + "\n")
        print(f"{len(now)} articles written to {args.file}")
        return 0
    with open(args.file, encoding="utf-8") as fh:
        before = {row["id"]: row["record"] for row in map(json.loads, fh)}
    lines = differences(before, now)
    print("\n".join(lines) if lines else f"the same records for all {len(now)} articles")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
