"""`extractor serve` through FastAPI's test client: every endpoint of the API, every error status, the
limits, the URL guard (a real HTTP server on 127.0.0.1; DNS answered by a function, so that no test
reaches the outside network), the security headers and the escaping of what the pages show."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from conftest import SAMPLES, child_pids
from fastapi.testclient import TestClient

from extractor.io.database import QuoteDatabase
from extractor.io.fetch import FetchError, fetch
from extractor.io.writers import OutputFormat, View, write
from extractor.records import Analysis, Document, Quote
from extractor.run.batch import analyze_corpus, store_corpus
from extractor.serve import Settings, create_app, stored
from extractor.serve.exports import ExportStore
from extractor.serve.guard import UrlGuard, UrlRefused, why_blocked
from extractor.serve.limits import CONTENT_SECURITY_POLICY

ARTICLE = ("« Nous ne reculerons pas », a déclaré Élisabeth Borne, Première ministre, devant les députés.\n\n"
           "Selon la CGT, la mobilisation « ne faiblira pas ».\n")
HOSTILE = ('« <script>alert("x")</script> [bold]gras[/bold] {{ 7*7 }} {% if 1 %}jinja{% endif %} », a déclaré '
           '<img src=x onerror=alert(1)> Jean Dupont.\n')


@pytest.fixture(scope="module")
def db_path(nlp, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("serve") / "quotes.db"
    docs = [Document(f"samples/{p.name}", p.read_text(encoding="utf-8"), path=str(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    with QuoteDatabase(path) as db:
        store_corpus(docs, nlp, db)
    return str(path)


def client_for(nlp, **settings) -> TestClient:
    guard = settings.pop("guard", None)
    return TestClient(create_app(Settings(**settings), nlp=nlp, guard=guard), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(nlp, db_path) -> Iterator[TestClient]:
    with client_for(nlp, db=db_path) as c:
        yield c


@pytest.fixture(scope="module")
def bare(nlp) -> Iterator[TestClient]:
    """A server without a database."""
    with client_for(nlp) as c:
        yield c


# -- the API ----------------------------------------------------------------------------------------
def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["model"] == "fr_core_news_md" and r.json()["database"] is True


def test_analyze_gives_the_line_of_analyze_jsonl(client, nlp):
    r = client.post("/api/analyze", json={"text": ARTICLE, "id": "a1"})
    assert r.status_code == 200
    out = __import__("io").StringIO()
    write(analyze_corpus([Document("a1", ARTICLE)], nlp), View.documents, OutputFormat.jsonl, out)
    assert r.json() == json.loads(out.getvalue())
    assert [q["speaker"] for q in r.json()["quotes"]][0] == "Élisabeth Borne"


@pytest.mark.parametrize("body, status", [
    ({}, 400), ({"text": "x", "url": "http://a.example/"}, 400), ({"text": "   "}, 400),
    ({"text": 12}, 422), ({"text": "x", "colour": "red"}, 422),
])
def test_analyze_refuses_what_makes_no_sense(client, body, status):
    r = client.post("/api/analyze", json=body)
    assert r.status_code == status and isinstance(r.json()["error"], str) and "Traceback" not in r.text


def test_bad_json_is_400(client):
    r = client.post("/api/analyze", content=b'{"text": "unclosed', headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json() == {"error": "the request body is not valid JSON"}


def test_check_gives_the_object_of_check_json(client):
    r = client.post("/api/check", json={"claim": "Nous ne reculerons jamais", "speaker": "Vasseur"})
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == "altered" and body["claim"] == "Nous ne reculerons jamais"
    assert body["matches"][0]["speaker"] == "Claire Vasseur"
    assert {"op": "replace", "claim": "jamais", "statement": "pas"} in body["matches"][0]["diff"]


def test_quotes_search_with_total_limit_and_offset(client):
    everything = client.get("/api/quotes", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["quotes"]) > 10
    page = client.get("/api/quotes", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == everything["total"] and page["quotes"] == everything["quotes"][2:5]
    found = client.get("/api/quotes", params={"q": "reculer", "speaker": "Vasseur"}).json()
    assert found["total"] >= 1 and all(q["speaker"] == "Claire Vasseur" for q in found["quotes"])
    direct = client.get("/api/quotes", params={"type": "direct", "limit": 1000}).json()
    assert 0 < direct["total"] < everything["total"] and {q["type"] for q in direct["quotes"]} == {"direct"}


def test_quotes_errors(client, bare):
    assert client.get("/api/quotes", params={"type": "shouted"}).status_code == 422
    assert client.get("/api/quotes", params={"limit": 0}).status_code == 422
    r = client.get("/api/quotes", params={"since": "hier"})
    assert r.status_code == 400 and "hier" in r.json()["error"]
    r = bare.get("/api/quotes")
    assert r.status_code == 503 and "--db" in r.json()["error"]
    assert bare.post("/api/check", json={"claim": "Nous ne reculerons pas"}).status_code == 503
    assert bare.get("/api/speakers").status_code == 503


def test_speakers_as_the_command(client, db_path):
    rows = client.get("/api/speakers", params={"limit": 5}).json()
    with QuoteDatabase(db_path, readonly=True) as db:
        assert rows == list(db.speakers(5))
        assert client.get("/api/speakers", params={"by": "gender"}).json() == list(db.parity(("gender",)))
    assert client.get("/api/speakers", params={"by": "colour"}).status_code == 422


def test_speaker_and_document(client):
    r = client.get("/api/speaker", params={"name": "Claire Vasseur"})
    assert r.status_code == 200 and r.json()["statements"] >= 1
    assert all(q["doc"] == "samples/01_reforme_retraites.txt" for q in r.json()["quotes"])
    assert client.get("/api/speaker", params={"name": "Personne Inconnue"}).status_code == 404
    r = client.get("/api/document", params={"id": "samples/01_reforme_retraites.txt"})
    doc = r.json()
    assert r.status_code == 200 and all(doc["text"][q["start"]:q["end"]] == q["text"] for q in doc["quotes"])
    assert client.get("/api/document", params={"id": "nowhere.txt"}).status_code == 404
    assert client.get("/api/nothing").json() == {"error": "no such page: /api/nothing"}


def test_openapi(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/health", "/api/analyze", "/api/check", "/api/quotes", "/api/speakers"} <= set(paths)


def test_the_openapi_page_loads_only_our_own_files(client):
    """/docs is Swagger UI served from here: every script and style it names is a local path the server
    answers, no script is inline, and the page has the policy of every other page."""
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    urls = re.findall(r'(?:src|href)="([^"]*)"', r.text)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, re.DOTALL)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in urls and "/static/docs.js" in urls
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert scripts and all('src="' in attributes and not body.strip() for attributes, body in scripts)
    for url in {u for u in urls if u.startswith("/static/")}:
        assert client.get(url).status_code == 200, url
    assert "SwaggerUIBundle(" in client.get("/static/docs.js").text
    assert client.get("/redoc").status_code == 404  # FastAPI's other page, from a CDN too: not served


# -- the limits -------------------------------------------------------------------------------------
def test_body_limit_declared_and_counted(nlp):
    with client_for(nlp, max_body=1000) as c:
        r = c.post("/api/analyze", json={"text": "mot " * 400})
        assert r.status_code == 413 and "larger than 1 kB" in r.json()["error"]
        # no Content-Length: the bytes are counted as they come
        r = c.post("/api/analyze", content=(b"x" * 300 for _ in range(5)), headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        assert c.post("/api/analyze", json={"text": ARTICLE}).status_code == 200


def test_time_limit_is_503(nlp):
    with client_for(nlp, time_limit=0.001) as c:
        r = c.post("/api/analyze", json={"text": ARTICLE * 20})
        assert r.status_code == 503 and "time limit" in r.json()["error"]


# -- the URL guard ----------------------------------------------------------------------------------
PAGE = (f"<html><head><title>Retraites</title></head><body><article><h1>Retraites</h1>"
        f"{''.join(f'<p>{line}</p>' for line in ARTICLE.split(chr(10)) if line)}</article></body></html>").encode()


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/secret")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_local_page_is_refused_unless_allowed(nlp, client, site):
    r = client.post("/api/analyze", json={"url": f"{site}/article.html"})
    assert r.status_code == 400 and "loopback" in r.json()["error"] and "--allow-private-urls" in r.json()["error"]
    with client_for(nlp, allow_private_urls=True) as allowed:
        r = allowed.post("/api/analyze", json={"url": f"{site}/article.html"})
        assert r.status_code == 200, r.text
        assert r.json()["url"] == f"{site}/article.html" and r.json()["quotes"][0]["speaker"] == "Élisabeth Borne"


def test_a_name_that_resolves_to_a_private_address_is_refused(nlp, site):
    port = site.rsplit(":", 1)[1]
    guard = UrlGuard(resolve=lambda host, port: {"intranet.example": ["10.1.2.3"], "news.example": ["127.0.0.1"]}[host])
    with client_for(nlp, guard=guard) as c:
        for host, why in (("intranet.example", "private"), ("news.example", "loopback")):
            r = c.post("/api/analyze", json={"url": f"http://{host}:{port}/article.html"})
            assert r.status_code == 400 and why in r.json()["error"], r.text
        assert c.post("/api/analyze", json={"url": "file:///etc/passwd"}).status_code == 400
        assert c.post("/api/analyze", json={"url": "http://169.254.169.254/latest/meta-data/"}).status_code == 400


def test_a_redirect_to_a_local_address_is_refused():
    """A public name (its DNS answered by a function) whose page redirects to 127.0.0.1: the guard is
    asked at every hop, so the second is refused before anything is sent there."""
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"}, stream=httpx.ByteStream(b""))
        return httpx.Response(200, text="secret")

    guard = UrlGuard(resolve=lambda host, port: ["93.184.215.14"])
    with httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False) as client:
        with pytest.raises(FetchError, match="loopback"):
            fetch("http://news.example/article", client=client, guard=guard)
        guard_dns = UrlGuard(resolve=lambda host, port: {"news.example": ["93.184.215.14"], "inside.example": ["192.168.1.5"]}[host])

        def to_inside(request: httpx.Request) -> httpx.Response:
            sent.append(str(request.url))
            return httpx.Response(301, headers={"Location": "http://inside.example/"}, stream=httpx.ByteStream(b""))

    with httpx.Client(transport=httpx.MockTransport(to_inside), follow_redirects=False) as client:
        with pytest.raises(FetchError, match="private"):
            fetch("http://news.example/article", client=client, guard=guard_dns)
    assert sent == ["http://news.example/article", "http://news.example/article"]  # never the inside


def test_the_guarded_connection_checks_the_address_it_connects_to(site):
    """DNS rebinding: the name resolves to a public address for the check, to 127.0.0.1 when connecting;
    the transport connects only to what it checked itself."""
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])
    guard = UrlGuard(resolve=lambda host, port: next(answers))
    port = site.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="loopback"):
        fetch(f"http://rebind.example:{port}/article.html", guard=guard, timeout=5)


@pytest.mark.parametrize("address, blocked", [
    ("127.0.0.1", True), ("10.0.0.1", True), ("172.16.3.4", True), ("192.168.0.1", True), ("169.254.169.254", True),
    ("100.64.0.1", True), ("0.0.0.0", True), ("224.0.0.1", True), ("::1", True), ("fe80::1", True), ("fd00::1", True),
    ("::ffff:127.0.0.1", True), ("240.0.0.1", True), ("93.184.215.14", False), ("2606:4700::1111", False),
])
def test_which_addresses_are_blocked(address, blocked):
    import ipaddress

    assert (why_blocked(ipaddress.ip_address(address)) is not None) is blocked


def test_the_guard_allows_private_addresses_when_asked():
    UrlGuard(allow_private=True, resolve=lambda h, p: ["127.0.0.1"]).check("http://localhost/")
    with pytest.raises(UrlRefused, match="only http"):
        UrlGuard(allow_private=True).check("ftp://example.org/")


# -- the pages: headers and escaping --------------------------------------------------------------
def test_security_headers(client):
    for path in ("/", "/api/health", "/base", "/static/style.css", "/docs"):
        r = client.get(path)
        policy = r.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy and "unsafe-inline" not in policy
        assert r.headers["x-content-type-options"] == "nosniff"


def test_pasted_markup_is_shown_as_text(client):
    r = client.post("/analyse", data={"text": HOSTILE})
    assert r.status_code == 200
    page = r.text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and "49" not in page and "[bold]gras[/bold]" in page and "jinja{%" in page
    assert "<script" not in page.replace('<script src="/static/app.js" defer></script>', "")


def test_the_analyse_page_and_its_exports(client):
    r = client.post("/analyse", data={"text": ARTICLE})
    assert r.status_code == 200 and '<span class="speaker">Élisabeth Borne</span>' in r.text
    token = r.text.split('/analyse/', 1)[1].split('/export', 1)[0]
    csv = client.get(f"/analyse/{token}/export.csv")
    assert csv.status_code == 200 and "Élisabeth Borne" in csv.content.decode("utf-8-sig")
    xlsx = client.get(f"/analyse/{token}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/analyse/{token}/export.json").json()[0]["quotes"][0]["speaker"] == "Élisabeth Borne"
    assert client.get("/analyse/nope/export.csv").status_code == 404


def _exported_elsewhere(folder: str, token: str) -> tuple[int, str]:
    """The CSV export of ``token`` asked of another application, in another Python process (as a second
    uvicorn worker is), sharing the exports folder: its status and text."""
    import subprocess
    import sys

    program = (
        "import sys, spacy\n"
        "from fastapi.testclient import TestClient\n"
        "from extractor.serve import Settings, create_app\n"
        "with TestClient(create_app(Settings(exports=sys.argv[1]), nlp=spacy.blank('fr'))) as c:\n"
        "    r = c.get(f'/analyse/{sys.argv[2]}/export.csv')\n"
        "    print(r.status_code, r.content.decode('utf-8-sig'))\n"
    )
    done = subprocess.run([sys.executable, "-c", program, folder, token], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    status, text = done.stdout.split(" ", 1)
    return int(status), text


def test_an_export_link_works_in_another_worker_process(nlp, tmp_path):
    """`serve --workers 2`: the page made by one process, its export link followed in another."""
    with client_for(nlp, exports=str(tmp_path)) as one:
        page = one.post("/analyse", data={"text": ARTICLE})
        token = page.text.split('/analyse/', 1)[1].split('/export', 1)[0]
    status, csv = _exported_elsewhere(str(tmp_path), token)
    assert status == 200 and "Élisabeth Borne" in csv and "Nous ne reculerons pas" in csv
    assert _exported_elsewhere(str(tmp_path), "unknown-token")[0] == 404


def test_the_export_store_keeps_the_latest(tmp_path, analyze_text):
    analyses = [analyze_text(ARTICLE), analyze_text(HOSTILE), analyze_text("Rien.")]
    store = ExportStore(tmp_path, size=2)
    tokens = [store.keep([a]) for a in analyses]
    assert store.get(tokens[0]) is None  # the oldest went when the third came
    assert [store.get(t) for t in tokens[1:]] == [[analyses[1]], [analyses[2]]]
    assert ExportStore(tmp_path, size=2).get(tokens[2]) == [analyses[2]]  # another process's store: the same file


def test_the_exports_folder_goes_with_the_application(nlp, tmp_path, monkeypatch):
    """Without a folder given, the application makes one and removes it when it stops; a folder given
    (by `extractor serve`, for all its workers) is left to whoever made it."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with client_for(nlp) as c:
        assert c.post("/analyse", data={"text": ARTICLE}).status_code == 200
        made = list(tmp_path.glob("extractor-exports-*"))
        assert len(made) == 1 and (made[0] / "exports.sqlite").is_file()
    assert not made[0].exists()
    given = tmp_path / "given"
    given.mkdir()
    with client_for(nlp, exports=str(given)) as c:
        assert c.post("/analyse", data={"text": ARTICLE}).status_code == 200
    assert (given / "exports.sqlite").is_file()


def test_an_uploaded_jsonl_file(client):
    rows = "\n".join(json.dumps({"id": f"art{k}", "text": ARTICLE}) for k in range(2))
    r = client.post("/analyse", files=[("files", ("../../etc/articles.jsonl", rows.encode(), "application/jsonl"))])
    assert r.status_code == 200 and r.text.count('<article id="doc-') == 2


def test_the_pages_without_a_database_say_so(bare):
    for path in ("/base", "/verifier", "/base/locuteur?nom=X", "/base/document?id=x"):
        r = bare.get(path)
        assert r.status_code == 200 and "pas de base de citations" in r.text


def test_the_base_pages(client):
    r = client.get("/base", params={"q": "reculer"})
    assert r.status_code == 200 and "Claire Vasseur" in r.text
    r = client.get("/base/locuteur", params={"nom": "Claire Vasseur"})
    assert r.status_code == 200 and '<h1 id="speaker-name">Claire Vasseur</h1>' in r.text
    assert client.get("/base/locuteur", params={"nom": "<b>Nobody</b>"}).status_code == 404
    assert "&lt;b&gt;Nobody" in client.get("/base/locuteur", params={"nom": "<b>Nobody</b>"}).text
    r = client.get("/base/document", params={"id": "samples/01_reforme_retraites.txt", "at": 0})
    assert r.status_code == 200 and 'class="quote' in r.text
    assert client.get("/base/document", params={"id": "nowhere"}).status_code == 404
    r = client.get("/verifier", params={"claim": "Nous ne reculerons jamais", "speaker": "Vasseur"})
    assert r.status_code == 200 and 'data-verdict="altered"' in r.text and '<mark class="diff">pas</mark>' in r.text


def test_the_command_checks_its_options_before_serving(tmp_path, db_path):
    from extractor.serve.command import ServeError, settings_for

    with pytest.raises(ServeError, match="no such database"):
        settings_for(db=str(tmp_path / "missing.db"))
    with pytest.raises(ServeError, match="positive"):
        settings_for(time_limit=0)
    settings = settings_for(db=db_path, max_body_mb=2.5, allow_private_urls=True)
    assert (settings.max_body, settings.allow_private_urls) == (2_500_000, True)
    import os

    saved = None  # the workers' settings travel in the environment
    saved = dict(os.environ)
    try:
        os.environ.update(settings.to_environment())
        assert Settings.from_environment() == settings
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_the_command_line_serves_and_stops_on_sigterm(db_path, tmp_path):
    """`extractor serve` as a user starts it: a one-line error for a missing database; then a real server
    on a free port of 127.0.0.1 that answers /api/health and ends cleanly on SIGTERM, its exports folder
    (made in the temporary folder) removed."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    from typer.testing import CliRunner

    from extractor import cli

    result = CliRunner().invoke(cli.app, ["serve", "--db", "/nonexistent/q.db"])
    assert result.exit_code == 1 and result.output.startswith("error:") and result.output.count("\n") == 1
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "extractor", "serve", "--db", db_path, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.3)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert len(list(tmp_path.glob("extractor-serve-*"))) == 1
        # the entity recognizer's process (extractor.nlp.entities_aside), forked by the server
        recognizers = [pid for pid in child_pids(server.pid) if "python" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert len(recognizers) == (1 if (os.cpu_count() or 1) > 1 else 0)
        answer = httpx.post(f"http://127.0.0.1:{port}/api/analyze", timeout=60,
                            json={"text": "« Nous ne céderons pas », a déclaré la ministre Claire Vasseur."})
        assert answer.status_code == 200 and answer.json()["quotes"][0]["speaker"] == "Claire Vasseur"
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in err
    assert list(tmp_path.glob("extractor-serve-*")) == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in recognizers)


# -- the database's pages on a corpus made by hand (dates, sources, genders, flags) ------------------
def _stored(doc_id: str, date: str | None, url: str | None, *said: tuple[str, str, str | None, str | None, str | None, dict]):
    """A document and its analysis from (words, type, speaker, label, gender, other fields) in order:
    the text is the words one after another, each quote at its place."""
    text = " ".join(f"« {words} »." for words, *_ in said)
    quotes = []
    for words, kind, speaker, label, gender, more in said:
        start = text.index(words)
        quotes.append(Quote(text=words, start=start, end=start + len(words), type=kind, speaker=speaker,
                            speaker_mention=speaker, speaker_label=label, speaker_role=None, cue="dire",
                            confidence=0.9, speaker_gender=gender, **more))
    return Document(doc_id, text, title=f"Article {doc_id}", date=date, url=url), Analysis(doc_id, (), tuple(quotes))


CORPUS = [
    _stored("paris/a1", "2024-01-10", "https://www.lemonde.fr/politique/a1.html",
            ("Nous ne reculerons pas sur la réforme", "direct", "Claire Vasseur", "PER", "f", {}),
            ("la réforme est injuste", "indirect", "CGT", "ORG", None, {}),
            ("Nous voulons reculer l'âge", "direct", "Paul Martin", "PER", "m", {})),
    _stored("paris/a2", "2024-01-25", "https://liberation.fr/a2",
            ("La réforme passera", "direct", "Claire Vasseur", "PER", "f", {"negated": True}),
            ("le texte serait retiré", "indirect", None, None, None,
             {"hearsay": True, "via": "Le Parisien", "conditional": True}),
            ("les syndicats jugent la loi brutale", "indirect", "Des syndicalistes", None, "group", {}),
            ("brutale", "partial", "Des syndicalistes", None, "group", {"parent": 2})),
    _stored("dépêches/a3", "2024-03-02", None,
            ("elle reculera sur la réforme", "indirect", "Claire Vasseur", "PER", "f", {}),
            ("Faut-il reculer encore", "direct", "Paul Martin", "PER", "m", {"question": True})),
    _stored("dépêches/a4", None, None, ("Rien ne change", "direct", "Jean Dupont", "PER", "m", {})),
    _stored("a5", "mars 2024", None, ("La mobilisation ne faiblira pas", "direct", "Sophie Binet", "PER", "f", {})),
    _stored("paris/a6", "2024-02-14", "https://www.lemonde.fr/a6", ("Nous tiendrons", "direct", "Élisabeth Borne", "PER", "f", {})),
]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with QuoteDatabase(path) as db:
        for document, analysis in CORPUS:
            db.add(document, analysis)
    return str(path)


SEARCHES = [
    stored.Search(), stored.Search(query="reculer"), stored.Search(query="réforme", quote_type="direct"),
    stored.Search(speaker="Vasseur"), stored.Search(since="2024-02", until="2024-03"),
    stored.Search(flags=("negated",)), stored.Search(flags=("not-hearsay",)), stored.Search(query="personne"),
]
FILTERS = [stored.Filters(), stored.Filters(gender="f"), stored.Filters(gender="organisation"),
           stored.Filters(gender="unknown"), stored.Filters(gender="group")]


@pytest.mark.parametrize("search", SEARCHES, ids=repr)
@pytest.mark.parametrize("filters", FILTERS, ids=repr)
@pytest.mark.parametrize("limit, offset", [(50, 0), (2, 1), (1, 100)])
def test_counted_in_sql_as_in_python(corpus_db, search, filters, limit, offset):
    """The totals, rows and facets SQLite counts are those of reading every match."""
    with QuoteDatabase(corpus_db, readonly=True) as db:
        in_sql = stored._page_in_sql(db, search, filters, limit, offset, True)
        assert in_sql == stored._page_in_python(db, search, filters, limit, offset, True)
        plain = stored._page_in_sql(db, search, filters, limit, offset, False)
        assert (plain.rows, plain.total, plain.facets) == (in_sql.rows, in_sql.total, {})
    if search == stored.Search() and filters == stored.Filters():
        assert in_sql.total == 12 and in_sql.facets["gender"] == [("f", 5), ("m", 3), ("group", 2), ("organisation", 1),
                                                                  ("unknown", 1)]


def test_the_sql_path_reads_the_page_rows_only(corpus_db, monkeypatch):
    """Without a source filter only the rows shown are read; with one (a URL's host, found in Python),
    every match is, and the total is the same as the rows say."""
    read = []
    found = QuoteDatabase.found

    def counted(self, *args):
        for row in found(self, *args):
            read.append(row)
            yield row

    monkeypatch.setattr(QuoteDatabase, "found", counted)
    with QuoteDatabase(corpus_db, readonly=True) as db:
        page = stored.search_page(db, limit=2)
        assert (page.total, len(page.rows), len(read)) == (12, 2, 2)
        read.clear()
        page = stored.search_page(db, limit=2, filters=stored.Filters(source="lemonde.fr"))
        assert (page.total, len(read)) == (4, 12) and all("lemonde.fr" in row["url"] for row in page.rows)


def test_the_base_page_has_a_month_facet(nlp, corpus_db):
    with client_for(nlp, db=corpus_db) as c:
        page = c.get("/base", params={"q": "réforme"})
        facet = page.text.split('id="facet-months"', 1)[1].split("</details>", 1)[0]
        assert '<a href="/base?q=r%C3%A9forme&amp;since=2024-01&amp;until=2024-01&amp;">' in facet
        assert '<time datetime="2024-01">janvier 2024</time></a> <span class="meta">3</span>' in facet
        assert '<time datetime="2024-03">mars 2024</time></a> <span class="meta">1</span>' in facet
        assert "2024-02" not in facet  # no match that month
        assert c.get("/api/quotes", params={"q": "réforme", "since": "2024-01", "until": "2024-01"}).json()["total"] == 3
        every = c.get("/base").text.split('id="facet-months"', 1)[1].split("</details>", 1)[0]
        counts = [int(n) for n in re.findall(r'<span class="meta">(\d+)</span>', every)]
        assert counts == [7, 1, 2]  # January, February, March; neither the undated nor "mars 2024"


def test_the_speaker_over_time_beside_the_corpus(nlp, corpus_db):
    with QuoteDatabase(corpus_db, readonly=True) as db:
        months = stored.timeline(db, "Claire Vasseur")
        by_month = list(db.parity(("gender", "month")))
    # January: 2 of the 5 statements with a speaker (the partial quote inside one not again); February
    # lies between her first and her last month
    assert [(m["month"], m["own"], m["statements"], round(m["share"], 3)) for m in months] == [
        ("2024-01", 2, 5, 0.4), ("2024-02", 0, 1, 0.0), ("2024-03", 1, 2, 0.5)]
    assert months[0]["shares"] == {r["gender"]: r["statement_share"] for r in by_month if r["month"] == "2024-01"}
    assert months[0]["shares"] == {"f": 0.4, "m": 0.2, "group": 0.2, "organisation": 0.2}
    with client_for(nlp, db=corpus_db) as c:
        page = c.get("/base/locuteur", params={"nom": "Claire Vasseur"}).text
        table = page.split('<table class="rows timeline">', 1)[1].split("</table>", 1)[0]
        assert '<th scope="col">femmes</th><th scope="col">hommes</th><th scope="col">groupes</th>' in table
        january = table.split('<time datetime="2024-01">janvier 2024</time>', 1)[1].split("</tr>", 1)[0]
        assert '<meter min="0" max="2" value="2">2</meter> 2' in january and "40,0 %" in january
        assert [cell for cell in re.findall(r"<td>(\d+ %)</td>", january)] == ["40 %", "20 %", "20 %", "20 %"]
        landing = c.get("/base").text.split('<table class="rows timeline">', 1)[1].split("</table>", 1)[0]
        assert '<a href="/base?since=2024-02&amp;until=2024-02"><time datetime="2024-02">février 2024</time></a>' in landing
        assert "sans date" in landing
