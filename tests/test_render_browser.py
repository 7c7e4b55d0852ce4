"""The rendered pages in real Chromium: Material's toc and the permalinks land on headings
whose GitHub ids keep U+FE0F (`### ✏️ **컨테이너 레이어 (Read/Write)**`), and every code
block keeps its copy button."""

from __future__ import annotations

import pytest

ID = "\ufe0f-컨테이너-레이어-readwrite"


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_toc_entry_scrolls_to_a_heading_with_u_fe0f(tab, site_url: str) -> None:
    tab.goto(site_url + "week1/day3/session_1/", wait_until="networkidle")
    entry = tab.locator(f'.md-sidebar--secondary a.md-nav__link[href="#{ID}"]')
    assert entry.count() == 1
    entry.click()
    tab.wait_for_function(f"decodeURIComponent(location.hash) === '#{ID}'")
    heading = tab.locator(f'[id="{ID}"]')
    top = heading.evaluate("(h) => h.getBoundingClientRect().top")
    assert 0 <= top < 200, top  # scrolled to it, under the header


@pytest.mark.browser
def test_permalink_and_a_link_with_the_github_anchor(tab, site_url: str) -> None:
    tab.goto(site_url + f"week1/day3/session_1/#{ID}", wait_until="networkidle")
    heading = tab.locator(f'[id="{ID}"]')
    assert heading.evaluate("(h) => h.getBoundingClientRect().top") < 200
    link = heading.locator("a.headerlink")
    assert link.get_attribute("href") == f"#{ID}"


@pytest.mark.browser
def test_copy_button_and_language_class_on_every_block(tab, site_url: str) -> None:
    tab.goto(site_url + "week1/day3/", wait_until="networkidle")
    blocks = tab.locator('article div.highlight[class*="language-"] pre')
    buttons = tab.locator('article button.md-code__button[data-md-type="copy"]')
    assert blocks.count() > 10 and buttons.count() == blocks.count()
