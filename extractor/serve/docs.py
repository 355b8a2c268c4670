"""The OpenAPI page (``/docs``), served offline: Swagger UI's files come from the ``swagger-ui-bundle``
package and are served under ``/static/swagger-ui``, and ``static/docs.js`` starts it, so that the
page loads nothing from another site and runs no inline script (the Content-Security-Policy of every
other page holds here too).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .pages import render

try:
    from swagger_ui_bundle import swagger_ui_path
except ImportError as exc:  # an environment installed before the dependency was declared
    raise ImportError("the OpenAPI page needs Swagger UI's files: pip install swagger-ui-bundle-v2") from exc

router = APIRouter(include_in_schema=False)
SWAGGER_UI = "/static/swagger-ui"  # where the package's files are served (mounted by create_app)
SWAGGER_UI_PATH = str(swagger_ui_path)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI over the application's OpenAPI schema (``/openapi.json``)."""
    return render("docs.html", page="api", swagger=SWAGGER_UI, schema=request.app.openapi_url)
