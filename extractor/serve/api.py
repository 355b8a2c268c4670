"""The JSON API: what the pages do, for other newsroom tools. Each answer is what the command line
writes for the same question (``extractor analyze --format jsonl``, ``check --format json``, ``search``
and ``speakers --format json``), so a tool can move from one to the other.

Errors are ``{"error": message}`` with their status (see :mod:`.app`).
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from ..check.lookup import check_in_database, vectors_of
from ..io.database import QueryError
from ..io.readers import ReadError
from ..records import REPORT_FLAGS, Analysis, __version__
from ..run.batch import Failure, Processed
from . import stored
from .app import ApiError, State, state_of
from .guard import UrlRefused
from .work import Busy, TimedOut, analyze_documents, text_document, url_documents

router = APIRouter(prefix="/api", tags=["api"])
QuoteType = Literal["direct", "partial", "indirect"]
Flag = Literal[REPORT_FLAGS + tuple(f"not-{f}" for f in REPORT_FLAGS)]  # type: ignore[valid-type]
Gender = Literal["f", "m", "group", "organisation", "unknown"]


class AnalyzeRequest(BaseModel):
    """An article: its ``text`` (and an ``id`` for the result), or the ``url`` of a page to fetch."""

    model_config = ConfigDict(extra="forbid")
    text: Optional[str] = Field(None, description="The article's text.")
    id: Optional[str] = Field(None, max_length=1000, description="The document's id in the result (default '-').")
    url: Optional[str] = Field(None, max_length=4000, description="An http(s) page to fetch instead of text.")


class CheckRequest(BaseModel):
    """A claim said to be someone's words, and who (any form of the name, or the role)."""

    model_config = ConfigDict(extra="forbid")
    claim: str = Field(..., max_length=10_000)
    speaker: Optional[str] = Field(None, max_length=500)
    limit: int = Field(10, ge=1, le=100, description="At most this many matches.")


async def run(state: State, fn: Any, *args: Any) -> Any:
    """``fn(*args)`` on the analysis thread; a full queue or the time limit is 503."""
    try:
        return await state.worker.run(fn, *args)
    except (Busy, TimedOut) as exc:
        raise ApiError(503, str(exc)) from None


async def fetched(state: State, url: str) -> list[Any]:
    """The documents at ``url`` (fetched in a thread of the web server's, not the analysis thread):
    a refused address is 400, a page that cannot be had 422."""
    s = state.settings
    items = await run_in_threadpool(url_documents, url, state.guard, s.fetch_timeout, s.fetch_max_bytes)
    for item in items:
        if isinstance(item, ReadError):
            status = 400 if item.reason.startswith("refused") or "not an http" in item.reason else 422
            raise ApiError(status, f"{item.id}: {item.reason}")
    return items


async def analyzed_one(state: State, items: list[Any]) -> Analysis:
    outcomes = await run(state, analyze_documents, items[:1], state.nlp)
    outcome = outcomes[0]
    if isinstance(outcome, Failure):
        raise ApiError(422, f"{outcome.id}: {outcome.reason}")
    assert isinstance(outcome, Processed)
    return outcome.analysis


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Whether the server is up, its pipeline and version, and whether it has a database."""
    state = state_of(request)
    return {"status": "ok", "model": state.settings.model, "version": __version__, "database": state.settings.db is not None}


@router.post("/analyze")
async def analyze(body: AnalyzeRequest, request: Request) -> dict[str, Any]:
    """Who said what in one article: the object one line of ``extractor analyze --format jsonl`` gives
    (id, entities with mentions, quotes with speakers and offsets, warnings, title, date, url)."""
    state = state_of(request)
    if (body.text is None) == (body.url is None):
        raise ApiError(400, 'give either "text" or "url" (one of the two)')
    if body.text is not None:
        if not body.text.strip():
            raise ApiError(400, '"text" is empty')
        items: list[Any] = [text_document(body.text, body.id)]
    else:
        try:
            state.guard.check(body.url or "")
        except UrlRefused as exc:
            raise ApiError(400, str(exc)) from None
        items = await fetched(state, body.url or "")
    return (await analyzed_one(state, items)).to_dict()


def _check(state: State, claim: str, speaker: str | None, limit: int) -> dict[str, Any]:
    with state.database() as database:
        return check_in_database(database, claim, speaker, vectors_of(state.nlp.vocab), limit).to_dict()


@router.post("/check")
async def check(body: CheckRequest, request: Request) -> dict[str, Any]:
    """Did they really say it? The object of ``extractor check --format json``: the verdict (verbatim,
    altered, related, other-speaker, not-found) and the matching statements with their differences."""
    state = state_of(request)
    if not body.claim.strip():
        raise ApiError(400, '"claim" is empty')
    state.database().close()  # no database: 503 at once, not after a wait for the analysis thread
    return await run(state, _check, state, body.claim.strip(), (body.speaker or "").strip() or None, body.limit)  # type: ignore[no-any-return]


@router.get("/quotes")
def quotes(
    request: Request,
    q: Optional[str] = Query(None, max_length=1000, description="Words of the quote, speaker, role or title."),
    speaker: Optional[str] = Query(None, max_length=500, description="Words of the speaker's name or role."),
    type: Optional[QuoteType] = None,  # noqa: A002 - the name of the command line's option
    since: Optional[str] = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD."),
    until: Optional[str] = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD."),
    flag: list[Flag] = Query([], description="negated, hearsay, conditional, question, or not-FLAG (repeatable)."),  # type: ignore[valid-type]
    gender: Optional[Gender] = None,  # type: ignore[valid-type]
    source: Optional[str] = Query(None, max_length=300, description="The host of the article's URL (lemonde.fr)."),
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Search the quote database as ``extractor search`` does: ``{"quotes": [...], "total": n}``."""
    database = state_of(request).database()
    try:
        page = stored.search_page(
            database, query=q, speaker=speaker, quote_type=type, since=since, until=until, flags=tuple(flag),
            filters=stored.Filters(gender, source), limit=limit, offset=offset,
        )
    except QueryError as exc:
        raise ApiError(400, str(exc)) from None
    finally:
        database.close()
    return {"quotes": page.rows, "total": page.total}


@router.get("/speakers")
def speakers(
    request: Request,
    by: Optional[Literal["gender", "gender,month", "gender,source"]] = None,
    limit: Optional[int] = Query(None, ge=1, le=100_000),
    since: Optional[str] = None,
    until: Optional[str] = None,
) -> list[dict[str, Any]]:
    """The rows of ``extractor speakers``: who is quoted most, or with ``by`` the parity figures."""
    database = state_of(request).database()
    try:
        if by is not None:
            return list(database.parity(tuple(by.split(",")), since, until))
        return list(database.speakers(limit, since, until))
    except QueryError as exc:
        raise ApiError(400, str(exc)) from None
    finally:
        database.close()


@router.get("/speaker")
def speaker(request: Request, name: str = Query(..., max_length=500)) -> dict[str, Any]:
    """One person across the corpus: statements, roles, statements per month and by type."""
    with state_of(request).database() as database:
        found = stored.speaker(database, name)
    if found is None:
        raise ApiError(404, f"no speaker named {name!r} in the database")
    return found


@router.get("/document")
def document(request: Request, id: str = Query(..., max_length=4000)) -> dict[str, Any]:  # noqa: A002
    """A stored document: its analysis as ``extractor analyze --format jsonl`` writes it, and its text."""
    with state_of(request).database() as database:
        found = stored.document(database, id)
    if found is None:
        raise ApiError(404, f"no document {id!r} in the database")
    text, analysis = found
    return {**analysis.to_dict(), "text": text}
