"""Near-duplicate documents: the same article stored twice is flagged, so that it is not counted twice.

A copy of an article (two files, a file and a JSONL row, a wire story republished under another name
with a new title, a sentence added, typos fixed) is stored as usual, and its ``documents.duplicate_of``
names the first document of its kind: queries that count leave it out. :class:`DuplicateIndex` finds
that first document for each one stored, in the process that writes the database (``store_corpus``,
and the Dask driver as it loads partitions).

How a copy is found:

- **exact**: the same SHA-256 of the text (``Document.hash``, its first 64 bits kept; the stored text
  compared to be sure): no shingling, no MinHash;
- **near**: the Jaccard similarity of the two texts' sets of 5-word shingles (casefolded words,
  punctuation left out) is at least :data:`THRESHOLD`. Candidates come from MinHash signatures
  (datasketch, 64 permutations) cut into 16 bands of 4 values (LSH): a pair at Jaccard 0.7 shares a
  band with probability 0.988, at 0.8 0.9998, at 0.3 0.12, at 0.1 0.0016. The :data:`MAX_CHECKS`
  candidates sharing most bands are then measured exactly, from their stored text: MinHash only
  proposes, so its estimation error (±0.06 with 64 permutations) never decides.

Why 0.7, measured on the 610 Wikinews articles of ``winer-fr/dev`` (186,000 pairs): distinct articles
reach 0.54 at most (two Tour de France stage reports written from one template, with the same list of
links), 2 pairs are above 0.5, none above 0.6; an article republished with a new title line, one added
sentence of 12-30 words and two words changed scores at least 0.7 in 99% of articles of 200-300
words and in all longer ones, 76% of those of 150-200 words. 0.8 would miss 71% of the
200-300-word ones; 0.6 would leave 0.06 between a copy and two reports of one template. Shorter
articles changed that much are, by this measure, other articles: below about 150 words, an added
sentence is a large share of the text.

Memory: no text and no signature is kept. Per document, 17 entries of 12 bytes (a 64-bit key, a
32-bit slot) in sorted numpy arrays, its 16 bands and its exact hash: 204 bytes; a list slot and a dict
entry for its id, about 70 bytes; and the id itself (a Python string: 49 bytes and its length).
Measured with 31-character ids: 351 bytes per document for 10,000 documents, 368 for 100,000 (37 MB;
60 MB at the peak of the rebuild, when the arrays are copied to merge).
The latest :data:`MERGE_AT` entries wait in a dict (a few MB) before they are merged into the arrays;
a document marked again leaves its old entries behind until they are as many as the live ones, when
they are dropped. Time: about 0.5 to 1 ms per document stored (shingles, MinHash, lookups), next to
the tens of milliseconds of its analysis.

Rebuilt, not saved: :meth:`DuplicateIndex.for_database` reads the stored documents (``text``,
``duplicate_of``) in chunks of :data:`LOAD_ROWS`, in the order they were stored, when the first
document is stored — a resumed run with nothing new does not read them (100,000 documents: a minute).
The schema is unchanged. On Dask, the first of two copies is the one whose partition was loaded first.
A database made before copies were flagged (its ``meta`` lacks ``copies_flagged``) has its documents
compared as they are read in, each with those stored before it, the copies flagged in the database:
:meth:`DuplicateIndex.catch_up` does it at the start of a run, whether or not it has anything new.

Example:
    >>> texts = {"a": "Le conseil municipal a voté le budget de la ville pour l'année prochaine."}
    >>> index = DuplicateIndex(texts.get)
    >>> index.mark("a", texts["a"]) is None
    True
    >>> index.mark("b", texts["a"])
    'a'
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache, partial

import numpy as np

from ..io.database import QuoteDatabase
from ..records import content_hash

THRESHOLD = 0.7  # Jaccard similarity of the shingle sets from which a text is a copy (see above)
SHINGLE_WORDS = 5
NUM_PERM = 64
BANDS = 16  # LSH bands of NUM_PERM // BANDS = 4 values each
MAX_CHECKS = 8  # candidates measured exactly per document, those sharing most bands first
MERGE_AT = 1 << 15  # entries waiting in a dict before they go into the sorted arrays
LOAD_ROWS = 500  # stored documents read at a time when the index is rebuilt

_WORD = re.compile(r"\w+")
_SEED = 1


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[bytes]:
    """The runs of ``size`` consecutive words of ``text``, casefolded, without punctuation.

    A text of fewer words has none: only its exact copies are found.
    """
    words = _WORD.findall(text.casefold())
    return frozenset(" ".join(words[k : k + size]).encode() for k in range(len(words) - size + 1))


def jaccard(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """The size of the intersection over the size of the union (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The MinHash permutations, drawn once (datasketch draws them again for every new MinHash)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED).permutations


def signature(found: Iterable[bytes]) -> np.ndarray:
    """The MinHash signature of a set of shingles: ``NUM_PERM`` 32-bit values.

    Shingles are hashed with CRC-32 (datasketch mixes it before permuting), three times faster than
    its default SHA-1 and as deterministic: the same text gives the same bands in every run.
    """
    from datasketch import MinHash

    minhash = MinHash(NUM_PERM, seed=_SEED, hashfunc=zlib.crc32, permutations=_permutations(), scheme="affine32")
    minhash.update_batch(found)
    return minhash.hashvalues


def band_keys(values: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band of a signature (the band's number is part of what is hashed)."""
    return [
        int.from_bytes(hashlib.blake2b(bytes([band]) + row.tobytes(), digest_size=8).digest(), "little")
        for band, row in enumerate(values.reshape(BANDS, -1))
    ]


class _Fingerprint:
    """What the index needs of a text, each part computed when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.empty = _WORD.search(text) is None

    @cached_property
    def exact(self) -> int:
        return int(content_hash(self.text)[:16], 16)

    @cached_property
    def shingles(self) -> frozenset[bytes]:
        return shingles(self.text)

    @cached_property
    def bands(self) -> list[int]:
        return band_keys(signature(self.shingles))


class _Table:
    """A multimap from 64-bit keys to slots (document numbers): two sorted numpy arrays, 12 bytes an
    entry, and the latest additions in a dict until there are :data:`MERGE_AT` of them."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._slots = np.empty(0, dtype=np.uint32)
        self._recent: dict[int, list[int]] = {}
        self._waiting = 0

    def add(self, keys: Iterable[int], slot: int) -> None:
        for key in keys:
            self._recent.setdefault(key, []).append(slot)
            self._waiting += 1
        if self._waiting >= MERGE_AT:
            self._merge()

    def get(self, keys: list[int]) -> list[int]:
        """The slots under each of ``keys``: a slot under two of them comes twice."""
        wanted = np.array(keys, dtype=np.uint64)
        starts = np.searchsorted(self._keys, wanted, "left")
        ends = np.searchsorted(self._keys, wanted, "right")
        found = [slot for start, end in zip(starts, ends) if end > start for slot in self._slots[start:end].tolist()]
        for key in keys:
            found.extend(self._recent.get(key, ()))
        return found

    def keep(self, alive: np.ndarray) -> None:
        """Drop the entries of the slots that are not ``alive`` (a boolean per slot)."""
        self._merge()
        kept = alive[self._slots]
        self._keys, self._slots = self._keys[kept], self._slots[kept]

    def _merge(self) -> None:
        count = self._waiting
        keys = np.fromiter((key for key, slots in self._recent.items() for _ in slots), np.uint64, count)
        slots = np.fromiter((slot for slots in self._recent.values() for slot in slots), np.uint32, count)
        order = np.argsort(keys, kind="stable")
        at = np.searchsorted(self._keys, keys[order], "right")  # after the equal keys: earlier slots first
        self._keys = np.insert(self._keys, at, keys[order])
        self._slots = np.insert(self._slots, at, slots[order])
        self._recent.clear()
        self._waiting = 0


class DuplicateIndex:
    """The documents stored so far, to tell whether a new one is a copy of one of them.

    Args:
        text_of: the stored text of a document id (None if it has none): candidates are measured
            against it.
        threshold: the Jaccard similarity of 5-word shingles from which a text is a copy.
    """

    def __init__(self, text_of: Callable[[str], str | None], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.flagged = 0  # documents :meth:`mark` found to be copies
        self.flagged_earlier = 0  # documents stored by an earlier run, found to be copies when read in
        self._text_of = text_of
        self._ids: list[str | None] = []  # by slot; None once discarded
        self._slot_of: dict[str, int] = {}
        self._originals: dict[str, str] = {}  # a copy's id: the id of its first
        self._exact = _Table()
        self._bands = _Table()
        self._discarded = 0
        self._unread: QuoteDatabase | None = None  # read on first use (for_database)

    @classmethod
    def for_database(cls, db: QuoteDatabase, threshold: float = THRESHOLD) -> DuplicateIndex:
        """The index of what ``db`` holds, read in when the first document is marked."""
        index = cls(partial(_stored_text, db), threshold)
        index._unread = db
        return index

    def catch_up(self) -> int:
        """Read in the database now if it was made before copies were flagged, flagging the copies it
        holds (committed by the caller with the run); how many were flagged."""
        if self._unread is not None and not self._unread.copies_flagged:
            self._read()
        return self.flagged_earlier

    def __len__(self) -> int:
        self._read()
        return len(self._slot_of)

    def mark(self, doc_id: str, text: str) -> str | None:
        """Index a document as it is stored, and return the earlier document it copies, or None.

        What was indexed under ``doc_id`` is replaced first: a document stored again (a resumed run,
        ``force``, a changed text) is not its own copy, nor a copy of its copies. The answer is the
        first of its kind: a copy of a copy gets the id of the original.
        """
        self._read()
        original = self._mark(doc_id, text)
        self.flagged += original is not None
        return original

    def mark_copies(self, copies: list[tuple[str, str]]) -> list[str | None]:
        """Mark again the copies of a document stored again (its text may have changed, or it failed),
        given with their texts in the order they were stored; what each copies now, or None.

        Each is compared with those before it only, and not counted in ``flagged`` (it was when it
        was stored).
        """
        self._read()
        for copy_id, _ in copies:
            self.discard(copy_id)
        return [self._mark(copy_id, text) for copy_id, text in copies]

    def _mark(self, doc_id: str, text: str) -> str | None:
        fingerprint = _Fingerprint(text)
        original = None
        if not fingerprint.empty:
            exact = self._exact_original(doc_id, fingerprint)
            original = exact if exact is not None else self._near_original(doc_id, fingerprint)
        self.discard(doc_id)
        if not fingerprint.empty:
            self._add(doc_id, fingerprint, original)
        return original

    def add(self, doc_id: str, text: str, original: str | None = None) -> None:
        """Index a stored document as it is, a copy of ``original`` if that is given (not checked)."""
        self.discard(doc_id)
        fingerprint = _Fingerprint(text)
        if not fingerprint.empty:
            self._add(doc_id, fingerprint, original)

    def discard(self, doc_id: str) -> None:
        """Forget a document (stored again, or as a failure); nothing happens if it is not indexed."""
        slot = self._slot_of.pop(doc_id, None)
        if slot is None:
            return
        self._ids[slot] = None
        self._originals.pop(doc_id, None)
        self._discarded += 1
        if self._discarded >= max(len(self._slot_of), MERGE_AT // BANDS):
            alive = np.fromiter((i is not None for i in self._ids), bool, len(self._ids))
            self._exact.keep(alive)
            self._bands.keep(alive)
            self._discarded = 0

    def _add(self, doc_id: str, fingerprint: _Fingerprint, original: str | None) -> None:
        slot = len(self._ids)
        self._ids.append(doc_id)
        self._slot_of[doc_id] = slot
        if original is not None:
            self._originals[doc_id] = original
        self._exact.add([fingerprint.exact], slot)
        if fingerprint.shingles:  # an exact copy too: it stands in for its first if that one changes
            self._bands.add(fingerprint.bands, slot)

    def _exact_original(self, doc_id: str, fingerprint: _Fingerprint) -> str | None:
        for slot in self._exact.get([fingerprint.exact]):
            found = self._ids[slot]
            if self._other(found, doc_id) and self._text_of(found) == fingerprint.text:
                return self._first(found)
        return None

    def _near_original(self, doc_id: str, fingerprint: _Fingerprint) -> str | None:
        if not fingerprint.shingles:
            return None
        best, best_score = None, self.threshold
        for found in self._candidates(doc_id, fingerprint.bands):
            text = self._text_of(found)
            score = jaccard(fingerprint.shingles, shingles(text)) if text is not None else 0.0
            if score > best_score or (best is None and score >= best_score):
                best, best_score = found, score
        return self._first(best) if best is not None else None

    def _candidates(self, doc_id: str, bands: list[int]) -> list[str]:
        """The ids that share a band with these, those sharing most first (then the earliest), at
        most :data:`MAX_CHECKS`, none of them ``doc_id`` or a copy of it."""
        found = []
        for slot, _ in Counter(self._bands.get(bands)).most_common():
            other = self._ids[slot]
            if self._other(other, doc_id):
                found.append(other)
                if len(found) == MAX_CHECKS:
                    break
        return found

    def _other(self, found: str | None, doc_id: str) -> bool:
        """Whether ``found`` is indexed and is neither ``doc_id`` (as it was) nor one of its copies."""
        return found is not None and found != doc_id and self._first(found, doc_id) != doc_id

    def _first(self, doc_id: str, stop: str | None = None) -> str:
        """The original ``doc_id`` is a copy of, through copies of copies, among indexed documents
        (``stop`` if the way goes through it)."""
        seen = {doc_id}
        while doc_id != stop and (up := self._originals.get(doc_id)) is not None:
            if up not in self._slot_of or up in seen:
                break
            seen.add(up)
            doc_id = up
        return doc_id

    def _read(self) -> None:
        """Index the documents of the database given to :meth:`for_database`, in the order they were stored."""
        db, self._unread = self._unread, None
        if db is None:
            return
        check = not db.copies_flagged  # made before copies were flagged: compare each with those before it
        found: list[tuple[str, str]] = []  # (original, copy), written once the reading is over
        rows = db.conn.execute(
            "SELECT id, text, duplicate_of FROM documents WHERE status = 'ok' AND text IS NOT NULL ORDER BY rowid"
        )
        while chunk := rows.fetchmany(LOAD_ROWS):
            for doc_id, text, original in chunk:
                if check and original is None:
                    if (original := self._mark(doc_id, text)) is not None:
                        found.append((original, doc_id))
                else:
                    self.add(doc_id, text, original)
        if check:
            db.conn.executemany("UPDATE documents SET duplicate_of = ? WHERE id = ?", found)
            db.copies_flagged = True
            self.flagged_earlier = len(found)


def _stored_text(db: QuoteDatabase, doc_id: str) -> str | None:
    row = db.conn.execute("SELECT text FROM documents WHERE id = ? AND status = 'ok'", (doc_id,)).fetchone()
    return row[0] if row else None


__all__ = ["THRESHOLD", "DuplicateIndex", "band_keys", "jaccard", "shingles", "signature"]
