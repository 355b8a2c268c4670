"""The pages, in French as the report: Analyse (paste, upload or a link → the article with its
statements highlighted, the who-said-what and entity tables, exports), Vérifier (a claim → the verdict
and the passages, differences marked) and Base (search with facets, a page per speaker and per document).

Rendered on the server with Jinja2 (autoescaped: every text, id and name is shown as text, never as
markup); the article is drawn by the report's own functions (:func:`~extractor.io.report.segments`,
:func:`~extractor.io.report.speaker_colours`, :func:`~extractor.io.report.flags`), so the app and the
report highlight alike. The pages work without JavaScript; ``static/app.js`` only paints the speakers'
colours (from ``data-colour`` attributes: no inline style or script, as the Content-Security-Policy
wants) and filters the tables.
"""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..check.claims import words as claim_words
from ..check.lookup import Match, check_in_database, vectors_of
from ..io import report
from ..io.database import GENDERS, QueryError
from ..io.writers import OutputFormat, View, write
from ..records import REPORT_FLAGS, Analysis, __version__
from ..run.batch import Failure, Processed
from . import stored
from .app import HERE, ApiError, State, state_of
from .guard import UrlRefused
from .work import Busy, TimedOut, analyze_documents, text_document, upload_documents, url_documents

router = APIRouter(include_in_schema=False)
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True))
M = report.messages("fr")
EXPORTS = {"csv": ("text/csv; charset=utf-8", OutputFormat.csv_excel, View.quotes),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OutputFormat.xlsx, View.documents),
           "json": ("application/json", OutputFormat.json, View.documents)}
PAGE_SIZE = 50


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(m=M, version=__version__, **context), status_code=status)


def error_page(status: int, message: str) -> str:
    return ENV.get_template("error.html").render(m=M, version=__version__, status=status, message=message)


def article(position: int, text: str, analysis: Analysis, colours: dict[str, str]) -> dict[str, Any]:
    """What the templates show of one article: the report's paragraphs of segments, and its tables."""
    paragraphs = report.segments(text, analysis, colours)
    shown = {s.quote for p in paragraphs for s in p if s.kind == "quote" and s.first}
    anchor = f"doc-{position}"
    datetime, date = report.show_date(analysis.date)
    return {
        "anchor": anchor, "heading": analysis.title or report.source(analysis.url) or analysis.id,
        "host": report.source(analysis.url), "url": analysis.url if report.source(analysis.url) else None,
        "datetime": datetime, "date": date, "paragraphs": paragraphs, "analysis": analysis,
        "targets": {k: f"{anchor}-q{d}" for k, d in report.drawn_quotes(analysis).items() if d in shown},
        "colours": colours,
    }


def articles(pairs: list[tuple[str, Analysis]]) -> list[dict[str, Any]]:
    colours = report.speaker_colours(q.speaker for _, a in pairs for q in a.quotes if q.speaker)
    return [article(k, text, a, colours) for k, (text, a) in enumerate(pairs, 1)]


HELPERS = {"flags": report.flags, "describe": report.describe, "number": report.number, "count": report.count,
           "show_date": report.show_date, "month_of": stored.month_of, "unknown_colour": report.UNKNOWN_COLOUR,
           "flag_names": REPORT_FLAGS}


# -- Analyse --------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def analyse_form(request: Request) -> HTMLResponse:
    return render("analyse.html", page="analyse", **HELPERS)


async def _collect(state: State, text: str, url: str, files: list[UploadFile]) -> list[Any]:
    items: list[Any] = []
    if text.strip():
        items.append(text_document(text, "texte collé"))
    for upload in files:
        if upload.filename:
            items += await run_in_threadpool(upload_documents, upload.filename, await upload.read())
    if url.strip():
        try:
            state.guard.check(url.strip())
        except UrlRefused as exc:
            raise ApiError(400, str(exc)) from None
        s = state.settings
        items += await run_in_threadpool(url_documents, url.strip(), state.guard, s.fetch_timeout, s.fetch_max_bytes)
    if not items:
        raise ApiError(400, "Collez un texte, choisissez un fichier ou donnez une adresse.")
    return items


@router.post("/analyse", response_class=HTMLResponse)
async def analyse(
    request: Request, text: str = Form(""), url: str = Form(""), files: list[UploadFile] = [],  # noqa: B006
) -> HTMLResponse:
    state = state_of(request)
    items = await _collect(state, text, url, files)
    try:
        outcomes = await state.worker.run(analyze_documents, items, state.nlp)
    except (Busy, TimedOut) as exc:
        raise ApiError(503, str(exc)) from None
    done = [(o.document.text, o.analysis) for o in outcomes if isinstance(o, Processed)]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    token = await run_in_threadpool(state.exports.keep, [a for _, a in done]) if done else None
    return render("analyse.html", page="analyse", results=articles(done), failures=failures, token=token,
                  text=text, url=url, **HELPERS)


@router.get("/analyse/{token}/export.{fmt}")
def export(request: Request, token: str, fmt: str) -> Response:
    if fmt not in EXPORTS:
        raise ApiError(404, f"no export in {fmt!r}: csv, xlsx or json")
    analyses = state_of(request).exports.get(token)
    if analyses is None:
        raise ApiError(404, "Cette analyse n’est plus conservée : relancez-la pour l’exporter.")
    media, output, view = EXPORTS[fmt]
    buffer: Any = io.BytesIO() if output.binary else io.StringIO()
    write(analyses, view, output, buffer)
    body = buffer.getvalue()
    return Response(body if isinstance(body, bytes) else body.encode("utf-8"), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="citations.{fmt}"'})


# -- Vérifier -------------------------------------------------------------------------------------
def marked_statement(match: Match) -> list[tuple[str, bool]]:
    """The statement's matching words as runs of text, those that differ from the claim marked True."""
    text = match.statement.text[match.comparison.start : match.comparison.end]
    changed = {w for change in match.comparison.diff for w, _, _ in claim_words(change.statement)}
    runs: list[tuple[str, bool]] = []
    pos = 0
    for word, start, end in claim_words(text):
        if word in changed:
            runs += [(text[pos:start], False), (text[start:end], True)]
            pos = end
    runs.append((text[pos:], False))
    return [(t, mark) for t, mark in runs if t]


@router.get("/verifier", response_class=HTMLResponse)
async def verifier(request: Request, claim: str = Query("", max_length=10_000), speaker: str = Query("", max_length=500)) -> HTMLResponse:
    state = state_of(request)
    has_db = state.settings.db is not None
    verdict = None
    if claim.strip() and has_db:
        def check() -> Any:
            with state.database() as database:
                return check_in_database(database, claim.strip(), speaker.strip() or None, vectors_of(state.nlp.vocab))
        try:
            verdict = await state.worker.run(check)
        except (Busy, TimedOut) as exc:
            raise ApiError(503, str(exc)) from None
    return render("verifier.html", page="verifier", has_db=has_db, claim=claim, speaker=speaker, verdict=verdict,
                  marked=marked_statement, **HELPERS)


# -- Base -----------------------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def genders_in(months: list[dict[str, Any]]) -> list[str]:
    """The genders that have a share in some month, in the parity figures' order (the table's columns)."""
    return [g for g in GENDERS if any(g in month["shares"] for month in months)]


@router.get("/base", response_class=HTMLResponse)
def base(
    request: Request, q: str = Query("", max_length=1000), speaker: str = Query("", max_length=500),
    type: str = Query(""), gender: str = Query(""), flag: str = Query(""),  # noqa: A002
    since: str = Query("", max_length=10), until: str = Query("", max_length=10), source: str = Query("", max_length=300),
    page: int = Query(1, ge=1, le=100_000),
) -> HTMLResponse:
    state = state_of(request)
    if state.settings.db is None:
        return render("base.html", page="base", has_db=False, form={}, **HELPERS)
    form = {"q": q, "speaker": speaker, "type": type, "gender": gender, "flag": flag, "since": since, "until": until,
            "source": source}
    database = state.database()
    try:
        result = stored.search_page(
            database, query=q or None, speaker=speaker or None, quote_type=type or None,
            since=since or None, until=until or None, flags=(flag,) if flag else (),
            filters=stored.Filters(gender or None, source or None), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
            facets=True,
        )
        landing = not any(form.values())  # the corpus as a whole, before any search
        top = list(database.speakers(15)) if landing else []
        parity = stored.parity(database) if landing else []
        months = stored.parity_by_month(database) if landing else []
    except QueryError as exc:
        raise ApiError(400, str(exc)) from None
    finally:
        database.close()
    pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
    return render("base.html", page="base", has_db=True, form=form, result=result, number_page=page, pages=pages,
                  top=top, parity=parity, months=months, genders=genders_in(months), **HELPERS)


@router.get("/base/locuteur", response_class=HTMLResponse)
def speaker_page(request: Request, nom: str = Query(..., max_length=500)) -> HTMLResponse:
    state = state_of(request)
    if state.settings.db is None:
        return render("base.html", page="base", has_db=False, form={}, **HELPERS)
    with state.database() as database:
        found = stored.speaker(database, nom)
        parity = stored.parity(database) if found else []
        months = stored.timeline(database, nom) if found else []
    if found is None:
        raise ApiError(404, f"Aucun locuteur « {nom} » dans la base.")
    widest = max((month["own"] for month in months), default=1)
    return render("speaker.html", page="base", s=found, parity=parity, months=months, genders=genders_in(months),
                  widest=widest, **HELPERS)


@router.get("/base/document", response_class=HTMLResponse)
def document_page(
    request: Request, id: str = Query(..., max_length=4000), at: int | None = Query(None, ge=0),  # noqa: A002
) -> HTMLResponse:
    """A stored article with its highlights; ``at``, an offset, names the statement to show (``#cible``)."""
    state = state_of(request)
    if state.settings.db is None:
        return render("base.html", page="base", has_db=False, form={}, **HELPERS)
    with state.database() as database:
        found = stored.document(database, id)
    if found is None:
        raise ApiError(404, f"Aucun document « {id} » dans la base.")
    target = None
    if at is not None:
        drawn = report.drawn_quotes(found[1])
        target = next((drawn[k] for k, q in enumerate(found[1].quotes) if q.start <= at < q.end), None)
    return render("document.html", page="base", results=articles([found]), target=target, **HELPERS)
