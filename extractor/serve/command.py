"""What ``extractor serve`` runs: check the options, then uvicorn with the application.

With one worker the application is made here, the pipeline loaded once before the first request;
with ``--workers N`` uvicorn starts N processes that each make it (and load the pipeline, about
600 MB each) from the settings passed in the environment. The analyses behind the export links are
kept in a temporary folder made here for the server's lifetime, which every process shares (see
:mod:`.exports`), and removed when the server stops.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import tempfile
from dataclasses import replace

from ..io.database import DatabaseError, QuoteDatabase
from ..pipeline import DEFAULT_MODEL
from .app import DEFAULT_MAX_BODY, Settings, create_app
from .work import DEFAULT_TIME_LIMIT


class ServeError(ValueError):
    """Options the server cannot start with: the message says why, on one line."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_for(
    db: str | None = None, model: str = DEFAULT_MODEL, allow_private_urls: bool = False,
    max_body_mb: float = DEFAULT_MAX_BODY / 1_000_000, time_limit: float = DEFAULT_TIME_LIMIT,
) -> Settings:
    """The server's settings from the command's options; a database that cannot be opened is said now,
    not at the first search.

    Raises:
        ServeError: a database that is missing or not a quote database, a limit that is not positive.
    """
    if max_body_mb <= 0 or time_limit <= 0:
        raise ServeError("--max-body-mb and --time-limit must be positive")
    if db is not None:
        try:
            QuoteDatabase(db, readonly=True).close()
        except DatabaseError as exc:
            raise ServeError(str(exc)) from exc
    return Settings(db=db, model=model, max_body=int(max_body_mb * 1_000_000), time_limit=time_limit,
                    allow_private_urls=allow_private_urls)


def serve(
    db: str | None = None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
    allow_private_urls: bool = False, max_body_mb: float = DEFAULT_MAX_BODY / 1_000_000,
    time_limit: float = DEFAULT_TIME_LIMIT, model: str = DEFAULT_MODEL,
) -> None:
    """Serve the pages and the API until interrupted (Ctrl-C).

    Raises:
        ServeError: see :func:`settings_for`.
        ModelNotFound: the pipeline is not installed (one worker: before the server starts).
    """
    import uvicorn

    settings = settings_for(db, model, allow_private_urls, max_body_mb, time_limit)
    if not _is_loopback(host):
        print(f"warning: serving on {host}, beyond this machine: put a reverse proxy with authentication and "
              "TLS in front (see the README, 'In the browser')", file=sys.stderr)
        if allow_private_urls:
            print("warning: --allow-private-urls on a server others reach lets them read your internal network",
                  file=sys.stderr)
    print(f"extractor serve: http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="extractor-serve-") as exports:
        settings = replace(settings, exports=exports)
        if workers > 1:
            os.environ.update(settings.to_environment())
            uvicorn.run("extractor.serve.app:app_from_environment", factory=True, host=host, port=port,
                        workers=workers, log_level="warning", server_header=False)
        else:
            uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", server_header=False)
