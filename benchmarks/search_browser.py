"""Drive a built site's search box in real Chromium: shared by the search quality test and
`benchmarks/bench_search.py` (so both measure the search a student uses)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Time from the load event to the first result item, read inside the page.
_WATCH = """
() => {
  window.__firstResult = null;
  new MutationObserver((_, obs) => {
    if (document.querySelector(".md-search-result__item")) {
      window.__firstResult = performance.now();
      obs.disconnect();
    }
  }).observe(document.body, { childList: true, subtree: true });
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` on 127.0.0.1, as a static host serves it."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def page_of(href: str, site_url: str) -> str:
    """A result link → the page path it opens (`week1/day2/session_1/`), without anchor
    and query."""
    path = unquote(urlsplit(href).path)
    return path.removeprefix(unquote(urlsplit(site_url).path))


def search(tab, site_url: str, query: str, timeout: float = 30.0) -> list[str]:
    """Type `query` into the search box of the open page; the result pages, best first."""
    box = tab.locator("input.md-search__input")
    box.click()
    tab.evaluate("() => { document.querySelector('.md-search-result__meta').textContent = ''; }")
    box.fill(query)
    tab.keyboard.press("End")  # Material reads the box on keyup
    tab.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   const t = m ? m.textContent.trim() : '';
                   return t !== '' && !/입력|초기화|Type|Initializing/.test(t); }""",
        timeout=timeout * 1000,
    )
    tab.wait_for_timeout(100)  # the result list renders right after the count
    links = tab.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.href)"
    )
    pages: list[str] = []
    for href in links:
        page = page_of(href, site_url)
        if page not in pages:
            pages.append(page)
    return pages


def run_queries(
    browser, site_url: str, queries: list[str], start: str = ""
) -> dict[str, list[str]]:
    """Each query typed into the search box of one loaded page (`start`, relative to the
    site); the result pages per query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    tab = context.new_page()
    tab.goto(site_url + start, wait_until="load")
    out = {}
    for query in queries:
        out[query] = search(tab, site_url, query)
    context.close()
    return out


def first_answer(browser, url: str, query: str) -> tuple[float, float]:
    """(ms from the load event to the first result, ms from navigation start) for `query`
    typed as soon as the page has loaded, in a fresh browser context (no cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.evaluate(_WATCH)
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill(query)
    tab.keyboard.press("End")  # Material reads the box on keyup
    tab.wait_for_function("() => window.__firstResult !== null", timeout=120_000)
    first = tab.evaluate("() => window.__firstResult")
    loaded = tab.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    context.close()
    return first - loaded, first


def recall_at_10(found: list[str], relevant: set[str]) -> float:
    """Relevant pages in the first 10 results, over the number that could be there."""
    if not relevant:
        return 1.0
    return len(set(found[:10]) & relevant) / min(10, len(relevant))


def found_at_all(found: list[str], relevant: set[str]) -> float:
    return len(set(found) & relevant) / len(relevant) if relevant else 1.0
