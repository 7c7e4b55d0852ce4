"""The built course site: every seed page, faithful text, offline assets, nav and pictures."""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_course, write_course
from validators.render.compare import github_html

# The seed lessons are copied byte for byte: the validators find their mistakes.
SEEDS = {
    "week1/day2/session_2.md": "9e880d7925d9fdca0b3b3efefbcbea5312b85ef214bffae7343266050341dc9c",
    "week1/day2/session_4.md": "f444bf24168b2d1f1ad91de567ae954d09466451a78000cfdb707e7c8932adc8",
    "week1/day2/session_5.md": "b380e6c26195f9838ef28c3ba74c1eb51a020ea605b8dcbc420b085deeefce30",
    "week1/day3/README.md": "3b05a8c65c22472a87785a12e0e1241704cc69725476c443df4ab6f53ce418d7",
    "week1/day3/session_1.md": "d5189de2f9e51d7fe4fe0adbfd2d251854432b6e96414eca60b1de5cb882f9d2",
}
PAGES = {
    "week1/day2/session_2.md": "week1/day2/session_2/index.html",
    "week1/day2/session_4.md": "week1/day2/session_4/index.html",
    "week1/day2/session_5.md": "week1/day2/session_5/index.html",
    "week1/day3/README.md": "week1/day3/index.html",
    "week1/day3/session_1.md": "week1/day3/session_1/index.html",
}


def article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def visible_text(fragment: str) -> str:
    fragment = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("source", sorted(SEEDS))
def test_seed_sources_are_untouched(source: str) -> None:
    data = (ROOT / "docs" / source).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEEDS[source]


@pytest.mark.parametrize("source", sorted(PAGES))
def test_seed_page_built_without_literal_markdown(site: Path, source: str) -> None:
    text = visible_text(article(site / PAGES[source]))
    # `**이미지 다이제스트(Digest)**는`: GitHub shows these asterisks, and so does the site
    github = visible_text(github_html((ROOT / "docs" / source).read_text(encoding="utf-8")))
    assert text.count("**") == github.count("**")
    assert not re.search(r"\[[^\]]+\]\([^)]+\)", text), "a Markdown link was left as text"
    assert not re.search(r"^\s*[-*] \S", text, flags=re.M), "a list was left as text"
    assert not re.search(r"^\s*> ", text, flags=re.M), "a quote was left as text"


def test_day_overview_is_index_of_its_folder(site: Path) -> None:
    assert (site / "week1" / "day3" / "index.html").is_file()
    assert not (site / "week1" / "day3" / "README" / "index.html").exists()


def test_prev_next_links_land_on_pages(site: Path) -> None:
    page = article(site / "week1/day2/session_5/index.html")
    assert 'href="../session_4/">Session 4 - Docker 기본 실습</a>' in page
    assert 'href="../../day3/">Day 3 - Docker 심화</a>' in page


def test_github_anchor_ids(site: Path) -> None:
    page = article(site / "week1/day3/session_1/index.html")
    assert 'id="-개념-1-이미지-레이어-구조-12분"' in page
    assert 'id="\ufe0f-컨테이너-레이어-readwrite"' in page  # GitHub keeps U+FE0F (✏️)


def test_task_lists_tables_and_code(site: Path) -> None:
    page = article(site / "week1/day2/session_5/index.html")
    assert page.count('class="task-list-item"') == 18
    assert "<table>" not in page or "<th>" in page
    overview = article(site / "week1/day3/index.html")
    assert overview.count("<table>") == 2
    assert 'class="language-bash highlight"' in page
    assert 'class="language-dockerfile highlight"' in overview


def test_mermaid_fences_become_diagram_blocks(site: Path) -> None:
    counts = {  # drawn by the browser, or pre-rendered by hooks/diagrams.py
        source: len(
            re.findall(r'<pre class="mermaid">|<div class="mermaid ', article(site / target))
        )
        for source, target in PAGES.items()
    }
    assert counts == {
        "week1/day2/session_2.md": 10,
        "week1/day2/session_4.md": 2,
        "week1/day2/session_5.md": 1,
        "week1/day3/README.md": 9,
        "week1/day3/session_1.md": 6,
    }
    assert sum(counts.values()) == 28


def test_no_cdn_or_google_fonts(site: Path) -> None:
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js") or path.name == "mermaid.min.js":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com"):
            if host in text:
                offenders.append(f"{path.relative_to(site)}: {host}")
    # Material's bundle names the mermaid CDN as a fallback it never uses once
    # window.mermaid exists; every other reference would be a request off the site.
    assert [o for o in offenders if not o.startswith("assets/javascripts/bundle.")] == []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', text), page


def test_mermaid_served_from_pinned_package(site: Path) -> None:
    served = site / "assets" / "javascripts" / "mermaid.min.js"
    pinned = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    assert served.read_bytes() == pinned.read_bytes()
    for page in site.rglob("*.html"):  # only where a diagram is left for the browser
        text = page.read_text(encoding="utf-8")
        script = 'assets/javascripts/mermaid.min.js"></script>' in text
        assert script == ('<pre class="mermaid">' in text), page


def test_korean_ui_and_search_language(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ko"]
    # the course search (hooks/search.py) answers from its own index, not lunr's
    meta = json.loads((site / "search" / "course" / "meta.json").read_text(encoding="utf-8"))
    assert "레이어" in meta["vocab"] and index["docs"] == []


class _NavTitles(HTMLParser):
    """Titles of the primary nav, in order, leaving out the table of contents."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self._navs: list[str] = []  # classes of the open <nav> elements
        self._spans = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav":
            self._navs.append(classes)
        elif tag == "span" and self._spans:
            self._spans += 1
        elif tag == "span" and "md-ellipsis" in classes and self._in_primary():
            self._spans = 1
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._navs:
            self._navs.pop()
        elif tag == "span" and self._spans:
            self._spans -= 1

    def handle_data(self, data: str) -> None:
        if self._spans:
            self.titles[-1] = " ".join(f"{self.titles[-1]} {data}".split())

    def _in_primary(self) -> bool:
        return any("md-nav--primary" in c for c in self._navs) and not any(
            "md-nav--secondary" in c for c in self._navs
        )


def nav_titles(page: str) -> list[str]:
    parser = _NavTitles()
    parser.feed(page)
    return parser.titles


def test_nav_week_day_session(site: Path) -> None:
    titles = nav_titles((site / "index.html").read_text(encoding="utf-8"))
    # The current page is listed twice (its label and its link).
    assert titles == [
        "DevOps 부트캠프 강의 자료",
        "DevOps 부트캠프 강의 자료",
        "Week 1",
        "Day 2",
        "Session 2 · Docker 아키텍처",
        "Session 4 · Docker 이미지와 컨테이너",
        "Session 5 · Docker 실습 - 이미지 관리",
        "Day 3 · Docker 이미지 & 네트워킹 & 스토리지",  # titled from its overview
        "Session 1 · Docker 이미지 구조와 레이어 시스템",
        "코스 점검 결과",
    ]
    overview = (site / "week1/day3/index.html").read_text(encoding="utf-8")
    assert "<title>Day 3 · Docker 이미지 & 네트워킹 & 스토리지 - " in overview


def test_footer_prev_next_follow_nav(site: Path) -> None:
    page = (site / "week1/day2/session_5/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="../session_4/" class="md-footer__link md-footer__link--prev"', page)
    assert re.search(r'href="../../day3/" class="md-footer__link md-footer__link--next"', page)


def test_session_card_and_day_timeline(site: Path) -> None:
    session = article(site / "week1/day2/session_5/index.html")
    card = session[session.index('<div class="course-card"') :]
    assert "14:00-14:50 (50분)" in card[:2000]
    assert "Docker 이미지 빌드, 관리, 공유 완전 습득" in card[:2000]
    assert session.index('class="course-card"') > session.index("<h1")
    overview = article(site / "week1/day3/index.html")
    blocks = re.findall(r'day-timeline__block--(\w+)".*?\((\d+)분\)', overview)
    assert blocks == [
        ("theory", "50"), ("break", "10"), ("theory", "50"), ("break", "10"),
        ("theory", "50"), ("lunch", "70"), ("practice", "180"), ("break", "15"),
        ("care", "105"),
    ]  # fmt: skip
    assert "width: 33.333%" in overview  # 180 of the day's 540 minutes
    assert overview.index("day-timeline") < overview.index("<table>")
    assert "course-card" not in overview


def test_natural_order_in_a_course_never_seen(tmp_path: Path) -> None:
    files = {
        "index.md": "# 홈\n",
        "week10/day1/session_1.md": "# Week 10 Day 1 Session 1: 마지막 주\n",
        "week2/day1/session_10.md": "# Week 2 Day 1 Session 10: 열 번째\n",
        "week2/day1/session_9.md": "# Week 2 Day 1 Session 9: 아홉 번째\n",
        "week2/day1/README.md": "# Week 2 Day 1: 첫날\n",
        "week9/day1/session_1.md": "# Week 9 Day 1 Session 1: 아홉째 주\n",
    }
    config = write_course(tmp_path, files)
    build_course(config, tmp_path / "site")
    titles = nav_titles((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert titles == [
        "홈",
        "Week 2", "Day 1 · 첫날", "Session 9 · 아홉 번째", "Session 10 · 열 번째",
        "Week 9", "Day 1", "Session 1 · 아홉째 주",
        "Week 10", "Day 1", "Session 1 · 마지막 주",
        "코스 점검 결과",
    ]  # fmt: skip
    day = (tmp_path / "site" / "week2" / "day1" / "index.html").read_text(encoding="utf-8")
    assert "<title>Day 1 · 첫날" in day
