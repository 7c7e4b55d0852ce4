"""The built site in real Chromium, served on 127.0.0.1: what a student's browser does."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import _QuietHandler, build_course, write_course

pytestmark = pytest.mark.browser

# Resources the seed pages link to but the course does not have: the links
# validator reports them; the browser must fail on nothing else.
MISSING = {
    "week1/day2/session_4/": [
        "week1/day2/images/container-layer-structure.svg",
        "week1/day2/images/image-container-relationship.svg",
    ],
}
PAGES = {
    "week1/day2/session_2/": 10,
    "week1/day2/session_4/": 2,
    "week1/day2/session_5/": 1,
    "week1/day3/": 9,
    "week1/day3/session_1/": 6,
}

# Material draws each diagram into a closed shadow root; open it so the test can look inside.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, Object.assign({}, init, { mode: "open" }));
};
"""

DRAWN_DIAGRAMS = """
() => [...document.querySelectorAll("div.mermaid")].map((host) => {
  const svg = host.shadowRoot && host.shadowRoot.querySelector("svg");
  if (!svg) return { drawn: false, error: host.textContent.slice(0, 80) };
  const box = svg.getBoundingClientRect();
  const error = svg.getAttribute("aria-roledescription") === "error";
  return { drawn: box.width > 20 && box.height > 20 && !error };
})
"""


@pytest.fixture
def page(chromium, site_url: str):
    """A fresh browser page that records console errors and every request it makes."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    tab = context.new_page()
    tab.add_init_script(OPEN_SHADOW_ROOTS)
    tab.errors = []
    tab.requests = []
    tab.failed = []
    tab.on("response", lambda r: tab.failed.append(r.url) if r.status >= 400 else None)
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("request", lambda r: tab.requests.append(r.url))
    yield tab
    context.close()


def offsite(requests: list[str]) -> list[str]:
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and urlsplit(url).hostname != "127.0.0.1"
    ]


def wait_for_diagrams(page, expected: int) -> list[dict]:
    page.wait_for_function(
        "n => [...document.querySelectorAll('div.mermaid')]"
        ".filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg')).length >= n",
        arg=expected,
        timeout=20_000,
    )
    return page.evaluate(DRAWN_DIAGRAMS)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_seed_page_loads_and_draws_every_diagram(
    page, site_url: str, path: str, artifacts: Path
) -> None:
    page.goto(site_url + path, wait_until="networkidle")
    diagrams = wait_for_diagrams(page, PAGES[path])
    name = path.strip("/").replace("/", "_")
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    assert len(diagrams) == PAGES[path]
    assert [d for d in diagrams if not d["drawn"]] == []
    missing = [url.removeprefix(site_url) for url in page.failed]
    assert sorted(missing) == MISSING.get(path, [])
    assert [e for e in page.errors if "Failed to load resource" not in e] == []
    assert len(page.errors) == len(missing)
    assert offsite(page.requests) == []


def test_search_finds_korean_words(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("레이어")
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    page.screenshot(path=str(artifacts / "search_레이어.png"))
    assert results.count() >= 3
    titles = " ".join(page.locator(".md-search-result__article h1").all_inner_texts())
    assert "레이어" in titles or "Docker" in titles
    assert offsite(page.requests) == []


def test_session_card_is_visible(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + "week1/day2/session_5/", wait_until="networkidle")
    card = page.locator(".course-card")
    assert card.is_visible()
    assert "14:00-14:50 (50분)" in card.inner_text()
    card.screenshot(path=str(artifacts / "session_card.png"))


def test_day_timeline_is_visible_and_proportional(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + "week1/day3/", wait_until="networkidle")
    timeline = page.locator(".day-timeline")
    assert timeline.is_visible()
    timeline.screenshot(path=str(artifacts / "day_timeline.png"))
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.day-timeline__block')]"
        ".map(b => b.getBoundingClientRect().width)"
    )
    assert len(widths) == 9
    # 50-minute theory against the 180-minute challenge: widths follow minutes.
    assert widths[6] / widths[0] == pytest.approx(180 / 50, rel=0.05)


def test_copy_button_on_code_blocks(page, site_url: str) -> None:
    page.goto(site_url + "week1/day2/session_5/", wait_until="networkidle")
    buttons = page.locator('button.md-code__button[data-md-type="copy"]')
    assert buttons.count() == page.locator("div.highlight pre").count() == 14


def test_dark_palette_draws_diagrams(chromium, site_url: str, artifacts: Path) -> None:
    context = chromium.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.add_init_script(OPEN_SHADOW_ROOTS)
    tab.goto(site_url + "week1/day3/session_1/", wait_until="networkidle")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "slate"
    diagrams = wait_for_diagrams(tab, 6)
    assert all(d["drawn"] for d in diagrams)
    tab.locator("div.mermaid").first.screenshot(path=str(artifacts / "mermaid_dark.png"))
    context.close()


# --- the day timeline and the health page on courses built here --------------------------


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """`directory` served on 127.0.0.1 for one test module."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def small_courses(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The timeline course of tests/test_timeline.py and the hostile one of
    tests/test_health_page.py, built side by side and served together."""
    from tests.test_health_page import HOSTILE_FILES
    from tests.test_timeline import FILES

    root = tmp_path_factory.mktemp("browser-courses")
    for name, files in (("timeline", FILES), ("hostile", HOSTILE_FILES)):
        build_course(write_course(root / name, files), root / "sites" / name)
    with served(root / "sites") as url:
        yield url


# Every block's box against its track's box (1px of rounding allowed), per timeline.
BLOCKS_IN_TRACK = """
() => [...document.querySelectorAll('.day-timeline')].map((figure) => {
  const track = figure.querySelector('.day-timeline__track').getBoundingClientRect();
  const blocks = [...figure.querySelectorAll('.day-timeline__block')].map((block) => {
    const box = block.getBoundingClientRect();
    return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
            width: box.width, height: box.height};
  });
  const notes = [...figure.querySelectorAll('.day-timeline__note')].map((note) => {
    const box = note.getBoundingClientRect();
    return {left: box.left, right: box.right};
  });
  const page = document.documentElement.scrollWidth <= window.innerWidth;
  return {track: {left: track.left, right: track.right, top: track.top, bottom: track.bottom},
          blocks, notes, fits: page};
})
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["timeline/week1/day1/", "timeline/week1/day2/"])
def test_timeline_blocks_stay_inside_the_track(
    chromium, small_courses: str, artifacts: Path, path: str, width: int, scheme: str
) -> None:
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale="ko-KR", color_scheme=scheme
    )
    try:
        tab = context.new_page()
        tab.goto(small_courses + path, wait_until="networkidle")
        palette = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert palette == ("slate" if scheme == "dark" else "default")
        (timeline,) = tab.evaluate(BLOCKS_IN_TRACK)
        track = timeline["track"]
        assert track["right"] - track["left"] > 200
        for block in timeline["blocks"]:
            assert block["left"] >= track["left"] - 1 and block["right"] <= track["right"] + 1
            assert block["top"] >= track["top"] - 1 and block["bottom"] <= track["bottom"] + 1
            assert block["width"] >= 1 and block["height"] > 20
        for note in timeline["notes"]:  # the notes under short blocks stay in the figure too
            assert note["left"] >= track["left"] - 1 and note["right"] <= track["right"] + 1
        assert timeline["fits"], "the page scrolls sideways"
        name = f"timeline-{path.strip('/').replace('/', '_')}-{width}-{scheme}.png"
        tab.locator(".day-timeline").screenshot(path=str(artifacts / name))
    finally:
        context.close()


def test_timeline_short_block_has_a_tooltip_and_spoken_text(chromium, small_courses: str) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    try:
        tab = context.new_page()
        tab.goto(small_courses + "timeline/week1/day1/", wait_until="networkidle")
        block = tab.locator(".day-timeline__block--short").first
        assert block.get_attribute("title") == "09:50–09:55 ☕ 휴식 · 5분 휴식 (5분)"
        # its text is there for screen readers, not drawn over the thin block
        assert block.text_content() == block.get_attribute("title")
        hidden = tab.evaluate(
            "() => document.querySelector('.day-timeline__sr').getBoundingClientRect().width"
        )
        assert hidden <= 1
        assert tab.locator(".day-timeline__note").first.inner_text().endswith("5분")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_health_page_shows_hostile_messages_as_text(
    chromium, small_courses: str, artifacts: Path, scheme: str
) -> None:
    from tests.test_health_page import HOSTILE_LINKS

    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="ko-KR", color_scheme=scheme
    )
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("dialog", lambda dialog: (errors.append(dialog.message), dialog.dismiss()))
        tab.goto(small_courses + "hostile/course-health/", wait_until="networkidle")
        article = tab.locator("article")
        rows = article.locator("table tbody tr")
        assert rows.count() == len(HOSTILE_LINKS)
        messages = [rows.nth(n).locator("td").nth(3).inner_text() for n in range(rows.count())]
        for message, (_, _, written) in zip(messages, HOSTILE_LINKS, strict=True):
            assert f"'{written}'" in message
        assert article.locator("img").count() == 0
        assert article.locator("script").count() == 0
        assert tab.evaluate("() => window.__pwned") is None
        assert errors == []
        hrefs = article.locator("a:not(.headerlink)").evaluate_all("(as) => as.map(a => a.href)")
        assert len(hrefs) == 2 + len(HOSTILE_LINKS)
        for href in hrefs:
            response = tab.request.get(href.split("#", 1)[0])
            assert response.status == 200, href
        tab.screenshot(path=str(artifacts / f"health-hostile-{scheme}.png"), full_page=True)
        # A line link lands on its page.
        article.locator("table tbody tr").first.locator("a").click()
        tab.wait_for_load_state("networkidle")
        assert "퍼센트 이름" in tab.locator("h1").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lab_page_card_is_visible(
    chromium, small_courses: str, artifacts: Path, scheme: str
) -> None:
    context = chromium.new_context(
        viewport={"width": 1100, "height": 900}, locale="ko-KR", color_scheme=scheme
    )
    try:
        tab = context.new_page()
        tab.goto(small_courses + "timeline/week1/day1/lab_1/", wait_until="networkidle")
        card = tab.get_by_role("note", name="실습 정보")
        assert card.is_visible()
        assert "10:30-12:00 (90분)" in card.inner_text()
        assert "컨테이너 <직접> 만들기 & 공유" in card.inner_text()
        card.screenshot(path=str(artifacts / f"lab_card-{scheme}.png"))
    finally:
        context.close()
