"""Claims to check in one run: JSON Lines of {"claim", "speaker"} or a CSV with those columns."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path


class ClaimsError(ValueError):
    """A claims file that cannot be read: the message names the file and the line."""


@dataclass(frozen=True)
class Claim:
    claim: str
    speaker: str | None = None


def read_claims(path: str | Path) -> list[Claim]:
    """The claims of a ``.jsonl`` file (one object per line) or a ``.csv`` file, in order.

    Raises:
        ClaimsError: an unreadable file, a malformed line, or a line without a claim.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimsError(f"{path}: cannot read the claims ({exc})") from exc
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        numbered = [(k + 2, row) for k, row in enumerate(rows)]
    else:
        numbered = []
        for k, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ClaimsError(f"{path}:{k}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise ClaimsError(f"{path}:{k}: expected an object with a \"claim\"")
            numbered.append((k, row))
    claims = []
    for k, row in numbered:
        claim = row.get("claim")
        if not isinstance(claim, str) or not claim.strip():
            raise ClaimsError(f"{path}:{k}: no \"claim\"")
        speaker = row.get("speaker")
        claims.append(Claim(claim.strip(), speaker.strip() if isinstance(speaker, str) and speaker.strip() else None))
    return claims
