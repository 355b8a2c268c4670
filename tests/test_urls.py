"""Web pages as inputs: URLs fetched from a local HTTP server (never the outside network), their
articles, metadata and one-line failures, and lists of URLs."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from extractor.io.fetch import USER_AGENT, Fetcher, FetchError, fetch
from extractor.io.readers import (
    Document,
    ReadError,
    count_documents,
    iter_documents,
    list_files,
    read_url_list,
)

ARTICLE = """<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Hôpital : les urgentistes en grève à Rouen | La Gazette de Seine</title>
<meta property="og:title" content="Hôpital : les urgentistes en grève à Rouen">
<meta name="author" content="Sophie Marchand">
<meta property="article:published_time" content="2024-05-21T07:45:00+02:00">
</head><body>
<header><nav><a href="/">Accueil</a> | <a href="/sante">Santé</a> | <a href="/abonnement">S'abonner</a></nav></header>
<main>
<article>
<h1>Hôpital : les urgentistes en grève à Rouen</h1>
<p class="chapo">Les médecins des urgences du CHU de Rouen ont entamé mardi une grève illimitée pour
dénoncer le manque de lits et l'épuisement des équipes, après un hiver marqué par des fermetures de nuit.</p>
<p>« Nous ne pouvons plus soigner correctement nos patients », a déclaré mardi Julien Morel, chef du
service des urgences, devant une centaine de soignants rassemblés dans le hall de l'hôpital.</p>
<p>Selon le syndicat Samu-Urgences de France, une vingtaine de services ont dû fermer au moins une nuit
depuis le début de l'année dans la région, faute de médecins disponibles pour assurer les gardes.</p>
<p>Le directeur général du CHU a assuré que des renforts seraient recrutés d'ici l'été et que des lits
supplémentaires seraient rouverts en médecine interne, sans préciser le calendrier ni le budget prévu.</p>
<p>La ministre de la Santé doit recevoir les représentants des urgentistes jeudi au ministère, a indiqué
son cabinet dans un communiqué publié dans la soirée.</p>
</article>
</main>
<footer>© La Gazette de Seine · Partager sur Facebook · Mentions légales</footer>
</body></html>
"""
QUOTE = "« Nous ne pouvons plus soigner correctement nos patients », a déclaré mardi Julien Morel"
NO_ARTICLE = "<html><head><title>Accueil</title></head><body><script>var a = 1;</script></body></html>"
LATIN1 = ARTICLE.replace('<meta charset="utf-8">\n', "")  # the charset is said by the server only
PLAIN = "« On ne reculera pas », a dit la syndicaliste à la sortie de la réunion."
HUGE = 200_000  # bytes of /huge and more; the tests allow 50 kB
LIMIT = 50_000


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a client that pools its connections reuses them
    log: list[tuple[str, str, int]]  # (path, User-Agent, client port) of each request
    closed: list[int]  # the client ports of the connections that ended

    def log_message(self, *_: object) -> None:  # silence
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout, a size limit): as expected
        finally:
            self.closed.append(self.client_address[1])

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # the name http.server calls
        self.log.append((self.path, self.headers.get("User-Agent", ""), self.client_address[1]))
        routes = {
            "/article.html": lambda: self._send(200, ARTICLE.encode()),
            "/latin1.html": lambda: self._send(200, LATIN1.encode("latin-1"), "text/html; charset=ISO-8859-1"),
            "/plain.txt": lambda: self._send(200, PLAIN.encode("cp1252"), "text/plain; charset=windows-1252"),
            "/redirect": lambda: self._send(302, b"", Location="/article.html"),
            "/loop": lambda: self._send(302, b"", Location="/loop"),
            "/ftp": lambda: self._send(302, b"", Location="ftp://127.0.0.1/article.html"),
            "/missing": lambda: self._send(404, b"<html><body>Not found</body></html>"),
            "/empty": lambda: self._send(200, NO_ARTICLE.encode()),
            "/report.pdf": lambda: self._send(200, b"%PDF-1.7\n" + b"0" * 1000, "application/pdf"),
            "/huge": lambda: self._send(200, b"<p>" + b"a" * HUGE + b"</p>"),
            "/endless": self._endless,
            "/slow": self._slow,
            "/drip": self._drip,
        }
        routes.get(self.path, lambda: self._send(404, b""))()

    def _endless(self) -> None:
        """A body with no announced length that goes on for 100 MB (unless the client hangs up)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for _ in range(1000):
            self.wfile.write(b"<p>" + b"a" * 100_000 + b"</p>")

    def _slow(self) -> None:
        time.sleep(2)
        self._send(200, ARTICLE.encode())

    def _drip(self) -> None:
        """An answer that comes byte by byte, each in time, the whole far too slowly."""
        body = ARTICLE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for k in range(0, len(body), 50):
            self.wfile.write(body[k : k + 50])
            self.wfile.flush()
            time.sleep(0.1)


class Server:
    """The local news site of the tests: its base URL, and what it was asked."""

    def __init__(self, base: str, log: list[tuple[str, str, int]], closed: list[int]) -> None:
        self.base = base
        self.log = log
        self.closed = closed

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to another host than this one fails the test."""
    real = socket.create_connection

    def local_only(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert address[0] in ("127.0.0.1", "localhost"), f"a test tried to reach {address[0]}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)


@pytest.fixture(scope="module")
def site() -> Iterator[Server]:
    log: list[tuple[str, str, int]] = []
    closed: list[int] = []
    handler = type("Handler", (_Handler,), {"log": log, "closed": closed})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{server.server_address[1]}", log, closed)
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    """A port of this machine where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read(*urls: str, **kwargs) -> list[Document | ReadError]:  # type: ignore[no-untyped-def]
    with Fetcher(timeout=0.5, max_bytes=LIMIT) as fetcher:
        return list(iter_documents(list(urls), fetcher=fetcher, **kwargs))


def test_a_news_page_becomes_its_article_with_title_date_author_and_url(site: Server) -> None:
    (doc,) = _read(site.url("/article.html"))
    assert isinstance(doc, Document), doc
    assert QUOTE in doc.text
    assert "Partager sur Facebook" not in doc.text and "S'abonner" not in doc.text
    assert doc.id == doc.url == site.url("/article.html")
    assert doc.title == "Hôpital : les urgentistes en grève à Rouen"
    assert doc.date == "2024-05-21"
    assert doc.author == "Sophie Marchand"
    assert doc.path is None


def test_a_redirect_is_followed_the_id_is_the_url_given_the_url_the_final_one(site: Server) -> None:
    (doc,) = _read(site.url("/redirect"))
    assert isinstance(doc, Document), doc
    assert doc.id == site.url("/redirect")
    assert doc.url == site.url("/article.html")
    assert QUOTE in doc.text


def test_every_failure_is_a_one_line_reason_and_the_other_pages_come_through(site: Server) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}/article.html"
    expected = {
        site.url("/missing"): "HTTP 404",
        site.url("/empty"): "no article text found on the page",
        site.url("/report.pdf"): "not an HTML page (application/pdf)",
        site.url("/huge"): "larger than 50 kB",
        site.url("/slow"): "timed out after 0.5 s",
        site.url("/ftp"): "redirected to a non-HTTP address (ftp://127.0.0.1/article.html)",
        site.url("/loop"): "more than 5 redirects",
    }
    urls = [site.url("/article.html"), *expected, dead, site.url("/redirect")]
    items = _read(*urls)
    assert [item.id for item in items] == urls
    assert isinstance(items[0], Document) and isinstance(items[-1], Document)
    errors = {item.id: item.reason for item in items[1:-1] if isinstance(item, ReadError)}
    assert errors.pop(dead).startswith("cannot connect (")
    assert errors == expected
    assert all("\n" not in item.reason for item in items if isinstance(item, ReadError))


def test_fetch_errors_name_the_url_and_the_default_limits_are_the_documented_ones(site: Server) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/missing"))
    assert str(caught.value) == f"{site.url('/missing')}: HTTP 404"
    assert isinstance(caught.value, ValueError)
    page = fetch(site.url("/huge"))  # 200 kB: under the default 10 MB
    assert len(page.content) > HUGE and page.content_type == "text/html" and page.encoding == "utf-8"
    with pytest.raises(FetchError, match=r": not an http:// or https:// address$"):
        fetch("ftp://127.0.0.1/article.html")


def test_a_body_without_a_length_is_cut_off_past_the_limit(site: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/endless"), max_bytes=LIMIT, timeout=5)
    assert caught.value.reason == "larger than 50 kB"
    assert time.monotonic() - started < 3  # not the 100 MB the server would send


def test_a_page_that_comes_too_slowly_times_out_as_a_whole(site: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/drip"), timeout=0.4)  # each piece in time, the whole not
    assert caught.value.reason == "timed out after 0.4 s"
    assert time.monotonic() - started < 2.5  # the whole page takes 3.5 s


def test_the_charset_declared_by_the_server_is_used(site: Server) -> None:
    page, text = _read(site.url("/latin1.html"), site.url("/plain.txt"))
    assert isinstance(page, Document) and QUOTE in page.text
    assert isinstance(text, Document) and text.text == PLAIN
    assert text.url == site.url("/plain.txt") and text.encoding == "windows-1252"


def test_one_connection_with_the_tools_user_agent_serves_a_run_and_is_closed_after(site: Server) -> None:
    first = len(site.log)
    documents = iter_documents([site.url("/article.html"), site.url("/redirect"), site.url("/plain.txt")])
    next(documents), next(documents)
    asked = site.log[first:]
    assert [path for path, _, _ in asked] == ["/article.html", "/redirect", "/article.html"]
    assert {agent for _, agent, _ in asked} == {USER_AGENT} == {"extractor/0.1 (+news quote extraction)"}
    (port,) = {port for _, _, port in asked}  # one connection, kept open between the pages
    assert port not in site.closed
    documents.close()  # the run ends early: its client is closed all the same
    for _ in range(100):
        if port in site.closed:
            break
        time.sleep(0.02)
    assert port in site.closed


def test_a_url_list_skips_comments_and_blank_lines_and_names_a_bad_line(site: Server, tmp_path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# the pages of the week\n{site.url('/article.html')}\n\n   \nwww.example.fr/sans-schema\n"
        f"  {site.url('/missing')}  \n",
        encoding="utf-8",
    )
    bad = ReadError(f"{urls}:5", "line 5: not an http:// or https:// URL ('www.example.fr/sans-schema')")
    assert read_url_list(str(urls)) == [site.url("/article.html"), bad, site.url("/missing")]
    given, listed, error, missing = _read(site.url("/redirect"), url_lists=[str(urls)])  # the paths, then the list
    assert isinstance(given, Document) and given.id == site.url("/redirect")
    assert isinstance(listed, Document) and listed.id == site.url("/article.html")
    assert error == bad
    assert missing == ReadError(site.url("/missing"), "HTTP 404")


def test_a_url_list_that_is_missing_or_empty_is_an_error(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n", encoding="utf-8")
    missing = str(tmp_path / "nope.txt")
    items = list(iter_documents([], url_lists=[missing, str(empty)]))
    assert items == [
        ReadError(missing, "no such file"),
        ReadError(str(empty), "no URL in this file (only blank lines and comments)"),
    ]


def test_counting_for_the_progress_bar_fetches_nothing(site: Server, tmp_path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.url('/article.html')}\n# note\nnot a url\n{site.url('/slow')}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("« Oui », a dit Paul.", encoding="utf-8")
    asked = len(site.log)
    paths = [str(tmp_path / "a.txt"), site.url("/article.html"), site.url("/slow")]
    assert count_documents(paths, url_lists=[str(urls)]) == 6
    assert count_documents(paths, url_lists=[str(urls)], at_most=2) == 2
    assert len(site.log) == asked


def test_the_workers_of_a_cluster_are_given_files_not_urls(site: Server) -> None:
    (item,) = list_files([site.url("/article.html")])
    assert isinstance(item, ReadError) and item.id == site.url("/article.html")
    assert "web page" in item.reason


def test_the_commands_read_urls_and_url_lists_and_keep_title_date_and_url(site: Server, nlp, monkeypatch, tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from extractor import cli

    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["analyze", site.url("/article.html"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert (record["title"], record["date"], record["url"]) == (
        "Hôpital : les urgentistes en grève à Rouen", "2024-05-21", site.url("/article.html"))
    assert any(q["speaker"] == "Julien Morel" for q in record["quotes"])
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# the desk's list\n{site.url('/article.html')}\n\n{site.url('/missing')}\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["quotes", "--urls", str(urls), "--format", "csv"])
    assert result.exit_code == 1 and "HTTP 404" in result.stderr  # the bad page named, the good one read
    rows = result.stdout.splitlines()
    assert len(rows) >= 2 and "Julien Morel" in result.stdout and "Hôpital : les urgentistes" in result.stdout
