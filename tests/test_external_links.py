"""External links against real HTTP servers on 127.0.0.1, started here in threads."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymdownx.slugs import slugify as make_slugify

from validators.checks.links.checker import check_links
from validators.checks.links.external import CACHE_FILE, ExternalChecker, _retry_after
from validators.findings import Finding, Severity
from validators.page import parse_page

SLUGIFY = make_slugify(case="lower")
FAST = {"timeout": 1.0, "retries": 1, "backoff": 0.05, "host_delay": 0.0, "private_hosts": True}


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes by path; every request is counted in `server.hits[(method, path)]`."""

    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        server = self.server
        path = self.path
        with server.lock:
            server.hits[(method, path)] += 1
            seen = sum(n for (_, p), n in server.hits.items() if p == path)
            server.active += 1
            server.peak = max(server.peak, server.active)
            server.starts.append(time.monotonic())
        try:
            self._route(method, path, seen)
        finally:
            with server.lock:
                server.active -= 1

    def _route(self, method: str, path: str, seen: int) -> None:
        if path == "/ok" or path.startswith("/ok?"):
            self._send(200)
        elif path.startswith("/slow"):
            time.sleep(0.3)
            self._send(200)
        elif path == "/moved":
            self._send(301, Location="/ok")
        elif path == "/moved308":
            self._send(308, Location=f"http://127.0.0.1:{self.server.server_port}/ok")
        elif path == "/temporary":
            self._send(302, Location="/ok")
        elif path == "/moved-then-temporary":
            self._send(301, Location="/temporary")
        elif path == "/moved-to-gone":
            self._send(301, Location="/gone")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path == "/gone":
            self._send(404)
        elif path == "/removed":
            self._send(410)
        elif path == "/busy":  # 429 first, then fine
            self._send(429, **{"Retry-After": "1"}) if seen == 1 else self._send(200)
        elif path == "/busy0":
            self._send(429, **{"Retry-After": "0"}) if seen == 1 else self._send(200)
        elif path == "/flaky":  # two 503s (HEAD, then GET), then fine
            self._send(503) if seen <= 2 else self._send(200)
        elif path == "/down":
            self._send(503)
        elif path == "/no-head":
            self._send(405 if method == "HEAD" else 200)
        elif path in ("/a%2Fb", "/%EB%AC%B8%EC%84%9C"):
            self._send(200)
        elif path == "/private":
            self._send(403)
        else:
            self._send(404)

    def _send(self, code: int, **headers: str) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.hits: Counter[tuple[str, str]] = Counter()
        self.active = 0
        self.peak = 0
        self.starts: list[float] = []

    @property
    def requests(self) -> int:
        return sum(self.hits.values())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_port}{path}"


class _Silent:
    """Accepts TCP connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent() -> Iterator[_Silent]:
    quiet = _Silent()
    yield quiet
    quiet.close()


def _page(tmp_path: Path, lines: list[str]) -> tuple[list, Path]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    text = "# Links\n\n" + "\n".join(lines) + "\n"
    (docs / "p.md").write_text(text, encoding="utf-8")
    return [parse_page("p.md", text)], docs


def _check(pages: list, docs: Path, **options: object) -> list[Finding]:
    merged = {**FAST, **options}
    return check_links(pages, docs, SLUGIFY, **merged)  # type: ignore[arg-type]


def test_each_kind_of_answer(tmp_path: Path, server: _Server) -> None:
    u = server.url
    pages, docs = _page(
        tmp_path,
        [
            f"[ok]({u('/ok')})",  # line 3
            f"[slow]({u('/slow')})",
            f"[moved]({u('/moved')})",  # 5
            f"[moved308]({u('/moved308')})",
            f"[temporary]({u('/temporary')})",  # 7
            f"[gone]({u('/gone')})",
            f"[removed]({u('/removed')})",  # 9
            f"[no-head]({u('/no-head')})",
            f"[private]({u('/private')})",  # 11
            f"[moved to gone]({u('/moved-to-gone')})",
            f"[loop]({u('/loop')})",  # 13
            f"Bare {u('/gone')}#part and <{u('/ok')}>.",
            f"[chain]({u('/moved-then-temporary')})",  # 15
        ],
    )
    gone = u("/gone")
    assert _check(pages, docs) == [
        Finding(
            "p.md",
            5,
            "links/external-redirect",
            Severity.WARNING,
            f"Link '{u('/moved')}' redirects permanently to '{u('/ok')}'",
            f"Replace the link with '{u('/ok')}'",
        ),
        Finding(
            "p.md",
            6,
            "links/external-redirect",
            Severity.WARNING,
            f"Link '{u('/moved308')}' redirects permanently to '{u('/ok')}'",
            f"Replace the link with '{u('/ok')}'",
        ),
        Finding(
            "p.md",
            8,
            "links/external-broken",
            Severity.ERROR,
            f"Link '{gone}' answers 404 Not Found",
            "The page is gone: link to where it moved, or remove the link",
        ),
        Finding(
            "p.md",
            9,
            "links/external-broken",
            Severity.ERROR,
            f"Link '{u('/removed')}' answers 410 Gone",
            "The page is gone: link to where it moved, or remove the link",
        ),
        Finding(
            "p.md",
            11,
            "links/external-denied",
            Severity.INFO,
            f"Link '{u('/private')}' answers 403 Forbidden",
            "Check it in a browser: the page may need a login or refuse robots",
        ),
        Finding(
            "p.md",
            12,
            "links/external-broken",
            Severity.ERROR,
            f"Link '{u('/moved-to-gone')}' answers 404 Not Found (at '{gone}')",
            "The page is gone: link to where it moved, or remove the link",
        ),
        Finding(
            "p.md",
            13,
            "links/external-unreachable",
            Severity.WARNING,
            f"Link '{u('/loop')}' is unreachable: more than 10 redirects",
            "Check the host name; if the site is only down for now, run the check again later",
        ),
        Finding(
            "p.md",
            14,
            "links/external-broken",
            Severity.ERROR,
            f"Link '{gone}#part' answers 404 Not Found",
            "The page is gone: link to where it moved, or remove the link",
        ),
        Finding(
            "p.md",
            15,
            "links/external-redirect",
            Severity.WARNING,
            f"Link '{u('/moved-then-temporary')}' redirects permanently to '{u('/temporary')}'",
            f"Replace the link with '{u('/temporary')}'",
        ),
    ]
    # one check per distinct URL: /gone is linked twice (once with a fragment)
    # /gone is checked twice: as itself (linked twice, once with a fragment: one check) and
    # as the end of /moved-to-gone; a HEAD error is confirmed with GET
    assert server.hits[("HEAD", "/gone")] == 2
    assert server.hits[("GET", "/gone")] == 2


def test_urls_are_requested_as_written(tmp_path: Path, server: _Server) -> None:
    # an encoded slash stays encoded; a Korean path is sent as UTF-8 percent-encoding
    pages, docs = _page(tmp_path, [f"[a]({server.url('/a%2Fb')})", f"[b]({server.url('/문서')})"])
    assert _check(pages, docs) == []
    assert server.hits == Counter({("HEAD", "/a%2Fb"): 1, ("HEAD", "/%EB%AC%B8%EC%84%9C"): 1})


def test_head_refused_then_get(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(tmp_path, [f"[x]({server.url('/no-head')})"])
    assert _check(pages, docs) == []
    assert server.hits == Counter({("HEAD", "/no-head"): 1, ("GET", "/no-head"): 1})


@pytest.mark.parametrize(("path", "least"), [("/busy", 1.0), ("/busy0", 0.0)])
def test_429_then_200_honours_retry_after(
    tmp_path: Path, server: _Server, path: str, least: float
) -> None:
    pages, docs = _page(tmp_path, [f"[x]({server.url(path)})"])
    started = time.monotonic()
    assert _check(pages, docs, backoff=5.0) == []  # Retry-After wins over the backoff
    elapsed = time.monotonic() - started
    assert least <= elapsed < least + 1.0
    assert server.hits == Counter({("HEAD", path): 2})


def test_5xx_is_retried_with_backoff(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(tmp_path, [f"[x]({server.url('/flaky')})", f"[y]({server.url('/down')})"])
    findings = _check(pages, docs, retries=2)
    assert findings == [
        Finding(
            "p.md",
            4,
            "links/external-status",
            Severity.WARNING,
            f"Link '{server.url('/down')}' answers 503 Service Unavailable",
            "Check it in a browser; if the site is only down for now, run the check again later",
        )
    ]
    # /flaky: HEAD 503, GET 503 (confirmation), then GET 200; /down: three attempts
    assert server.hits[("HEAD", "/flaky")] == 1 and server.hits[("GET", "/flaky")] == 2
    assert server.hits[("HEAD", "/down")] + server.hits[("GET", "/down")] == 4


def test_slow_answer_within_the_timeout_is_fine(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(tmp_path, [f"[x]({server.url('/slow')})"])
    assert _check(pages, docs, timeout=2.0) == []


def test_slow_answer_past_the_timeout_is_unreachable(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(tmp_path, [f"[x]({server.url('/slow')})"])
    findings = _check(pages, docs, timeout=0.1, retries=1)
    assert [(f.rule, f.message) for f in findings] == [
        (
            "links/external-unreachable",
            f"Link '{server.url('/slow')}' is unreachable: no answer before the timeout",
        )
    ]
    assert server.hits[("HEAD", "/slow")] == 2  # first try and one retry


def test_silent_server_times_out_after_retries(tmp_path: Path, silent: _Silent) -> None:
    url = f"http://127.0.0.1:{silent.port}/page"
    pages, docs = _page(tmp_path, [f"[x]({url})"])
    started = time.monotonic()
    findings = _check(pages, docs, timeout=0.3, retries=2, backoff=0.05)
    elapsed = time.monotonic() - started
    assert findings == [
        Finding(
            "p.md",
            3,
            "links/external-unreachable",
            Severity.WARNING,
            f"Link '{url}' is unreachable: no answer before the timeout",
            "Check the host name; if the site is only down for now, run the check again later",
        )
    ]
    assert len(silent.connections) == 3  # three attempts
    assert 0.9 <= elapsed < 3.0


def test_connection_refused_is_unreachable_without_retries(tmp_path: Path) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    url = f"http://127.0.0.1:{port}/"
    pages, docs = _page(tmp_path, [f"[x]({url})"])
    findings = _check(pages, docs, backoff=5.0)  # a retry would take 5 s
    assert [(f.rule, f.message) for f in findings] == [
        ("links/external-unreachable", f"Link '{url}' is unreachable: connection refused")
    ]


def test_cache_second_run_makes_no_requests(tmp_path: Path, server: _Server) -> None:
    cache = tmp_path / "cache"
    pages, docs = _page(
        tmp_path,
        [f"[a]({server.url('/ok')})", f"[b]({server.url('/gone')})", f"[c]({server.url('/down')})"],
    )
    first = _check(pages, docs, cache_dir=cache, retries=0)
    assert server.requests == 5  # /ok HEAD; /gone HEAD+GET; /down HEAD+GET
    entries = json.loads((cache / CACHE_FILE).read_text(encoding="utf-8"))["entries"]
    # the 503 is kept too, for the shorter failure TTL
    assert sorted(entries) == sorted(server.url(p) for p in ("/ok", "/gone", "/down"))

    second = _check(pages, docs, cache_dir=cache, retries=0)
    assert second == first
    assert server.requests == 5


def test_failures_expire_sooner_than_answers(tmp_path: Path, server: _Server) -> None:
    cache = tmp_path / "cache"
    pages, docs = _page(tmp_path, [f"[a]({server.url('/ok')})", f"[b]({server.url('/down')})"])
    options = {"cache_dir": cache, "retries": 0, "cache_ttl": 60.0, "failure_ttl": 0.3}
    first = _check(pages, docs, **options)
    assert [f.rule for f in first] == ["links/external-status"]
    assert server.requests == 3  # /ok HEAD; /down HEAD+GET
    _check(pages, docs, **options)
    assert server.requests == 3
    time.sleep(0.4)
    assert _check(pages, docs, **options) == first
    assert server.hits[("HEAD", "/down")] == 2 and server.hits[("HEAD", "/ok")] == 1


def _no_network_page(tmp_path: Path, server: _Server) -> tuple[list, Path]:
    # `.invalid` never resolves (RFC 6761): three hosts that do not resolve, as with no
    # network at all, then a URL that would answer
    lines = [f"[{n}](http://host{n}.invalid/x)" for n in range(3)]
    return _page(tmp_path, [*lines, f"[ok]({server.url('/gone')})"])


def test_no_network_is_found_once_and_reported_once(tmp_path: Path, server: _Server) -> None:
    cache = tmp_path / "cache"
    pages, docs = _no_network_page(tmp_path, server)
    started = time.monotonic()
    findings = _check(pages, docs, cache_dir=cache, backoff=5.0)  # a retry would take 5 s
    assert time.monotonic() - started < 3.0
    assert [(f.path, f.line, f.rule, f.severity, f.message) for f in findings] == [
        (
            "p.md",
            3,
            "links/external-offline",
            Severity.INFO,
            "No network: 4 external links on 1 pages were not checked",
        )
    ]
    assert server.requests == 0  # the URL after the probes was never asked
    # the next run remembers it: no probe, no request, the same one finding
    checker = ExternalChecker(cache_dir=cache, timeout=1.0)
    urls = [f"http://host{n}.invalid/x" for n in range(3)] + [server.url("/gone")]
    results = checker.check(urls)
    assert checker.offline and checker.requests_made == 0
    assert {status.kind for status in results.values()} == {"unchecked"}
    assert _check(pages, docs, cache_dir=cache) == findings


def test_one_dead_host_is_not_no_network(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(tmp_path, ["[x](http://gone.invalid/x)", f"[ok]({server.url('/gone')})"])
    rules = [f.rule for f in _check(pages, docs)]
    assert rules == ["links/external-unreachable", "links/external-broken"]


def test_cache_mode_asks_nothing_and_reports_what_is_known(tmp_path: Path, server: _Server) -> None:
    cache = tmp_path / "cache"
    pages, docs = _page(tmp_path, [f"[a]({server.url('/gone')})"])
    assert _check(pages, docs, cache_dir=cache, external="cache") == [
        Finding(
            "p.md",
            3,
            "links/external-unchecked",
            Severity.INFO,
            "1 external links on 1 pages are not checked yet (the build asks none)",
            "Run `python -m validators check` (its results are cached for the build), "
            "or set extra.course.link_external: check",
        )
    ]
    assert server.requests == 0
    checked = _check(pages, docs, cache_dir=cache)  # what the CLI does
    assert [f.rule for f in checked] == ["links/external-broken"]
    asked = server.requests
    assert _check(pages, docs, cache_dir=cache, external="cache") == checked
    assert server.requests == asked
    assert _check(pages, docs, cache_dir=cache, external="off") == []


def test_cache_entries_expire(tmp_path: Path, server: _Server) -> None:
    cache = tmp_path / "cache"
    pages, docs = _page(tmp_path, [f"[a]({server.url('/ok')})"])
    _check(pages, docs, cache_dir=cache, cache_ttl=0.3)
    _check(pages, docs, cache_dir=cache, cache_ttl=0.3)
    assert server.requests == 1
    time.sleep(0.4)
    _check(pages, docs, cache_dir=cache, cache_ttl=0.3)
    assert server.requests == 2


def test_damaged_cache_is_ignored(tmp_path: Path, server: _Server) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_FILE).write_text("{not json", encoding="utf-8")
    pages, docs = _page(tmp_path, [f"[a]({server.url('/gone')})"])
    assert [f.rule for f in _check(pages, docs, cache_dir=cache)] == ["links/external-broken"]
    assert server.requests == 2


@pytest.mark.parametrize("pattern", ["http://127.0.0.1:*/gone*", r"/gone$", r"127\.0\.0\.1:\d+/go"])
def test_excluded_urls_are_not_requested(tmp_path: Path, server: _Server, pattern: str) -> None:
    pages, docs = _page(tmp_path, [f"[a]({server.url('/gone')})", f"[b]({server.url('/ok')})"])
    assert _check(pages, docs, exclude=[pattern]) == []
    assert server.hits == Counter({("HEAD", "/ok"): 1})


def test_offline_makes_no_requests(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(tmp_path, [f"[a]({server.url('/gone')})", "[b](missing.md)"])
    findings = _check(pages, docs, offline=True)
    assert [f.rule for f in findings] == ["links/missing-page"]
    assert server.requests == 0


def test_private_hosts_are_not_requested_by_default(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(
        tmp_path,
        [f"[a]({server.url('/gone')})", f"http://localhost:{server.server_port}/gone"],
    )
    assert _check(pages, docs, private_hosts=False) == []
    assert server.requests == 0


def test_progress_is_reported_per_distinct_url(tmp_path: Path, server: _Server) -> None:
    pages, docs = _page(
        tmp_path,
        [f"[{n}]({server.url(f'/ok?{n}')})" for n in range(4)]
        + [f"[again]({server.url('/ok?0')})"],
    )
    calls: list[tuple[int, int]] = []
    _check(pages, docs, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_per_host_limit_and_spacing(server: _Server) -> None:
    checker = ExternalChecker(timeout=2.0, per_host=2, host_delay=0.05, workers=8)
    urls = [server.url(f"/slow?{n}") for n in range(6)]
    started = time.monotonic()
    results = checker.check(urls)
    elapsed = time.monotonic() - started
    assert {status.kind for status in results.values()} == {"ok"}
    assert server.peak == 2  # concurrent, but never more than two at once on one host
    assert 0.9 <= elapsed < 2.0  # three rounds of 0.3 s
    gaps = [b - a for a, b in zip(server.starts, server.starts[1:], strict=False)]
    assert min(gaps) >= 0.03  # started apart (0.05 s, minus scheduling jitter)
    assert checker.requests_made == 6


def test_retry_after_forms() -> None:
    assert _retry_after("2") == 2.0
    assert _retry_after("-5") == 0.0
    assert _retry_after(None) is None
    assert _retry_after("soon") is None
    date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 28 <= (_retry_after(date) or 0) <= 30
