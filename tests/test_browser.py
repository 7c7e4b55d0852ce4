"""The built site in real Chromium, served on 127.0.0.1: what a student's browser does."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

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
