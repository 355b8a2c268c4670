"""`extractor serve`: the newsroom web app and its JSON API, over the same library as the command line.

The pipeline is loaded once when the server starts; each article then takes a fraction of a second
instead of a cold run's seconds. Modules, one idea each:

- :mod:`.app`: :func:`create_app`, the ASGI application (settings, error handlers, security headers);
- :mod:`.api`: the JSON API under ``/api``;
- :mod:`.docs`: its OpenAPI page at ``/docs`` (Swagger UI, served by the server itself);
- :mod:`.pages`: the French pages Analyse, Vérifier and Base, rendered on the server with Jinja2;
- :mod:`.exports`: the analyses behind the Analyse page's export links, shared by the worker processes;
- :mod:`.work`: the analyses, run one at a time in a thread of their own with a time limit;
- :mod:`.limits`: the request body limit and the security headers (Content-Security-Policy);
- :mod:`.guard`: which URLs the server may fetch (no server-side request forgery);
- :mod:`.stored`: the reads of the quote database that the pages need (a document, a speaker, facets);
- :mod:`.command`: :func:`serve`, what ``extractor serve`` runs (uvicorn).

Example:
    >>> from extractor.serve import Settings, create_app
    >>> app = create_app(Settings(db="quotes.db"))        # doctest: +SKIP
"""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
