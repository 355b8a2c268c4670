"""The ASGI application: :func:`create_app` puts the API, the pages, the limits and the error handlers
together around one pipeline, loaded once.

Errors never show a traceback: the API answers ``{"error": message}`` with its status (400 a request
that makes no sense, 404 an unknown document or speaker, 413 a body too large, 422 a field of the wrong
type or an input the tool cannot read, 503 no database, a full queue or the time limit), the pages a
short French page with the same status; anything unexpected is logged and answered 500 with no detail.

Example:
    >>> app = create_app(Settings(db="quotes.db"), nlp=load_pipeline())   # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)                      # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from spacy.language import Language
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..io.database import DatabaseError, QuoteDatabase
from ..io.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..nlp.entities_aside import set_aside
from ..pipeline import DEFAULT_MODEL, load_pipeline
from ..records import __version__
from .exports import ExportStore
from .guard import UrlGuard
from .limits import BodyLimit, SecurityHeaders
from .work import DEFAULT_TIME_LIMIT, Worker

HERE = Path(__file__).parent
DEFAULT_MAX_BODY = 5_000_000
log = logging.getLogger("extractor.serve")


@dataclass(frozen=True)
class Settings:
    """How the server runs (the options of ``extractor serve``).

    Args:
        db: the quote database to search and check against, opened read-only; None: the pages and
            endpoints that need one say so (503).
        model: the spaCy pipeline loaded at start-up.
        max_body: the largest request body, in bytes (413 beyond).
        time_limit: seconds an analysis or a check may take, waiting included (503 beyond).
        allow_private_urls: fetch private and local addresses too (see :mod:`.guard`).
        fetch_timeout, fetch_max_bytes: the limits of a fetched page, as on the command line.
        exports: the folder where the analyses behind the export links are kept, shared by the worker
            processes (:mod:`.exports`); None: a temporary folder made with the application and removed
            when it stops.
    """

    db: str | None = None
    model: str = DEFAULT_MODEL
    max_body: int = DEFAULT_MAX_BODY
    time_limit: float = DEFAULT_TIME_LIMIT
    allow_private_urls: bool = False
    fetch_timeout: float = DEFAULT_TIMEOUT
    fetch_max_bytes: int = DEFAULT_MAX_BYTES
    exports: str | None = None

    @classmethod
    def from_environment(cls) -> Settings:
        """The settings :func:`extractor.serve.command.serve` passes to each uvicorn worker process."""
        env = os.environ
        return cls(
            db=env.get("EXTRACTOR_SERVE_DB") or None,
            model=env.get("EXTRACTOR_SERVE_MODEL", DEFAULT_MODEL),
            max_body=int(env.get("EXTRACTOR_SERVE_MAX_BODY", DEFAULT_MAX_BODY)),
            time_limit=float(env.get("EXTRACTOR_SERVE_TIME_LIMIT", DEFAULT_TIME_LIMIT)),
            allow_private_urls=env.get("EXTRACTOR_SERVE_ALLOW_PRIVATE_URLS") == "1",
            exports=env.get("EXTRACTOR_SERVE_EXPORTS") or None,
        )

    def to_environment(self) -> dict[str, str]:
        return {
            "EXTRACTOR_SERVE_DB": self.db or "", "EXTRACTOR_SERVE_MODEL": self.model,
            "EXTRACTOR_SERVE_MAX_BODY": str(self.max_body), "EXTRACTOR_SERVE_TIME_LIMIT": str(self.time_limit),
            "EXTRACTOR_SERVE_ALLOW_PRIVATE_URLS": "1" if self.allow_private_urls else "0",
            "EXTRACTOR_SERVE_EXPORTS": self.exports or "",
        }


class ApiError(Exception):
    """A request the server answers with ``status`` and a one-line message (never a traceback)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class State:
    """What every request shares: the settings, the pipeline, the analysis thread, the URL guard and
    the analyses behind the export links."""

    settings: Settings
    nlp: Language
    worker: Worker
    guard: UrlGuard
    exports: ExportStore

    def database(self) -> QuoteDatabase:
        """The quote database, opened read-only for one request (SQLite connections stay in their thread)."""
        if self.settings.db is None:
            raise ApiError(503, "no quote database: start the server with --db FILE (made by `extractor batch`)")
        try:
            return QuoteDatabase(self.settings.db, readonly=True)
        except DatabaseError as exc:
            raise ApiError(503, str(exc)) from exc


def state_of(request: Request) -> State:
    return request.app.state.extractor  # type: ignore[no-any-return]


def create_app(settings: Settings = Settings(), nlp: Language | None = None, guard: UrlGuard | None = None) -> Any:
    """The application: API under ``/api``, pages at ``/``, ``/verifier`` and ``/base``, static files
    under ``/static``, OpenAPI at ``/docs`` (see :mod:`.docs`); wrapped in the body limit and the
    security headers.

    Args:
        settings: see :class:`Settings`.
        nlp: a pipeline already loaded (the tests' own); by default ``settings.model`` is loaded now, once,
            its entity recognizer set aside in a process of its own on a machine of two cores or more
            (:mod:`extractor.nlp.entities_aside`: an article comes back in two thirds of the time).
        guard: the URL policy; by default :class:`UrlGuard` with ``settings.allow_private_urls``.
    """
    from .api import router as api_router
    from .docs import SWAGGER_UI, SWAGGER_UI_PATH
    from .docs import router as docs_router
    from .pages import router as page_router

    folder, made = settings.exports, None
    if folder is None:  # one process, the tests: a folder of our own, removed when the application stops
        made = tempfile.TemporaryDirectory(prefix="extractor-exports-")
        folder = made.name
    aside = None
    if nlp is None:
        nlp = load_pipeline(settings.model)
        if (os.cpu_count() or 1) > 1 and "ner" in nlp.pipe_names:
            # one article at a time: its entities found in another process while this one parses
            aside = set_aside(nlp)
    state = State(
        settings, nlp, Worker(settings.time_limit),
        guard or UrlGuard(allow_private=settings.allow_private_urls), ExportStore(folder),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.worker.close()
            if aside is not None:
                aside.close()
            if made is not None:
                made.cleanup()

    # FastAPI's own /docs and /redoc load their scripts from a CDN: ours is served from here (.docs)
    app = FastAPI(
        title="extractor", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        description="Who said what in French news: analyse an article, check a claim, search the quote database.",
    )
    app.state.extractor = state
    app.include_router(api_router)
    app.include_router(page_router)
    app.include_router(docs_router)
    app.mount(SWAGGER_UI, StaticFiles(directory=SWAGGER_UI_PATH), name="swagger-ui")  # before /static: it is inside
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handle_errors(app)
    return SecurityHeaders(BodyLimit(app, settings.max_body))


def app_from_environment() -> Any:
    """The factory uvicorn calls in each worker process (``--workers N``)."""
    return create_app(Settings.from_environment())


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _answer(request: Request, status: int, message: str) -> Any:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    from .pages import error_page

    return HTMLResponse(error_page(status, message), status_code=status)


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    """400 for a body that is not JSON at all, 422 for a field of the wrong type, with the fields named."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "the request body is not valid JSON"
    parts = []
    for e in errors[:5]:
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
    return 422, "; ".join(parts) or "invalid request"


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Any:
        return _answer(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        status, message = _validation_message(exc)
        return _answer(request, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return _answer(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Any:
        log.exception("unexpected error on %s", request.url.path)
        return _answer(request, 500, "internal error (the server's log has the details)")
