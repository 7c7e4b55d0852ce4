"""The course health page: any message shown as text, links that land for any file name,
kept out of search, in the site's language, with the pages left out."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from hooks.validation import health_page
from tests.conftest import ROOT, build_course, write_course
from validators.checks.exec.results import BlockResult, PageResult
from validators.findings import Finding, Severity
from validators.page import parse_blocks, parse_page
from validators.render import render_page

# Messages as a check could make them from what a lesson links to: every one must show as
# written, in one table cell, making no image, link, HTML, emphasis or code.
HOSTILE = [
    "Link './없는 `코드` |파이프| 파일.md' points to nothing",
    "Image ![x](y) and a link [x](y) and <https://auto.example/link>",
    "<script>window.__pwned = 1</script><img src=x onerror=alert(1)>",
    "*bold* **strong** _under_ __init__ ~~gone~~ ~sub~ ^sup^ ==mark==",
    "a%20b/with spaces.md and https://evil.example/x?a=1&b=2 and www.example.com",
    "mail someone@example.com :smile: {: .injected } &amp; &lt;tag&gt; \\| \\`",
    "two\nlines\r\nand a \x02stash\x03 marker and a tab\there",
    "# not a heading | - not a list | 1. nor this | > nor a quote",
]


def _finding(line: int, message: str, hint: str = "") -> Finding:
    return Finding("week 1/세션 1.md", line, "links/missing-page", Severity.ERROR, message, hint)


def _shown(text: str) -> str:
    """What a cell should show for `text`: one line, as written."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


class _Cells(HTMLParser):
    """The rendered page's tags, and the text of each table row's cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.cell_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None:
            self.cell_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def parsed(fragment: str) -> _Cells:
    parser = _Cells()
    parser.feed(fragment)
    return parser


def links(page: _Cells) -> list[str]:
    """The hrefs of the page's links, permalinks left out."""
    return [
        attrs["href"]
        for tag, attrs in page.tags
        if tag == "a" and "headerlink" not in attrs.get("class", "")
    ]


def rendered(markdown: str) -> str:
    """The health page's Markdown as the site renders it (validators/render)."""
    return render_page(parse_page("course-health.md", markdown)).html


def no_anchor(path: str, line: int) -> str | None:
    return None


def test_any_message_is_shown_as_text_in_its_own_row() -> None:
    pages = [parse_blocks("week 1/세션 1.md", "# 세션\n")]
    findings = [_finding(n, m, hint=m) for n, m in enumerate(HOSTILE, 1)]
    page = parsed(rendered(health_page(findings, pages, no_anchor)))
    body = [row for row in page.rows if len(row) == 5 and row[0] != "줄"]
    assert [row[3] for row in body] == [_shown(m) for m in HOSTILE]
    assert [row[4] for row in body] == [_shown(m) for m in HOSTILE]
    assert [row[0] for row in body] == [str(n) for n in range(1, len(HOSTILE) + 1)]
    tags = [tag for tag, _ in page.tags]
    assert "img" not in tags and "script" not in tags
    # the page's heading and one link per line, to the page, and nothing else
    assert links(page) == ["week%201/%EC%84%B8%EC%85%98%201.md"] * (1 + len(HOSTILE))
    assert set(page.cell_tags) == {"a", "code"}  # the line links and the rule ids


def test_links_to_pages_and_lines_survive_any_file_name() -> None:
    names = ["week1/day1/[x](y) *z*.md", "week1/day1/a%20b.md", "week1/day1/세션 1.md"]
    pages = [parse_blocks(name, "# 제목\n") for name in names]
    findings = [Finding(name, 3, "schedule/table-gap", Severity.WARNING, "m") for name in names]
    anchors = {"week1/day1/a%20b.md": "개념-1-(50분)", "week1/day1/세션 1.md": "실습"}
    markdown = health_page(findings, pages, lambda path, line: anchors.get(path))
    page = parsed(rendered(markdown))
    hrefs = links(page)
    # MkDocs unquotes the path (and finds the file) and keeps the fragment as written
    assert [unquote(urlsplit(href).path) for href in hrefs] == [n for n in names for _ in (0, 1)]
    assert [unquote(urlsplit(href).fragment) for href in hrefs] == [
        "", "", "", "개념-1-(50분)", "", "실습",
    ]  # fmt: skip
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", rendered(markdown))
    assert [html.unescape(re.sub(r"<[^>]+>", "", h)).rstrip("¶") for h in headings] == names


def test_korean_is_the_default_and_keeps_its_words() -> None:
    pages = [parse_blocks("a.md", "# A\n")]
    findings = [Finding("a.md", 1, "links/missing-page", Severity.ERROR, "m", "h")]
    markdown = health_page(findings, pages, no_anchor)
    assert markdown.startswith(
        "# 코스 점검 결과\n\n페이지 1개를 점검했습니다: 오류 **1**개, 경고 **0**개, 참고 **0**개.\n"
    )
    assert "| 줄 | 심각도 | 규칙 | 내용 | 해결 방법 |" in markdown
    assert "| [1](a.md) | 🔴 오류 | `links/missing-page` | m | h |" in markdown
    assert "모든 점검을 통과했습니다. ✅" in health_page([], pages, no_anchor)


def _exec_pages() -> tuple[list, dict[str, PageResult]]:
    shell = "# B\n\n```bash\necho hi\n```\n"
    pages = [parse_blocks("a.md", "# A\n"), parse_blocks("b.md", shell)]
    pages.append(parse_blocks("c.md", shell))
    block = BlockResult(index=0, line=3, sha256="x", verdict="failed")
    result = PageResult(
        path="b.md",
        sha256="stale",
        ran_at="2026-11-23T10:05:00+00:00",
        seconds=4.5,
        blocks=(block,),
        counts={"passed": 2, "failed": 1},
    )
    return pages, {"b.md": result}


def test_an_english_course_gets_an_english_page() -> None:
    pages, results = _exec_pages()
    findings = [
        Finding("a.md", 1, "links/missing-page", Severity.ERROR, "m", "h"),
        Finding("a.md", 2, "schedule/table-gap", Severity.WARNING, "w"),
        Finding("a.md", 3, "mermaid/x", Severity.INFO, "i"),
    ]
    left_out = [("week1/notes_backup.md", "matches the exclude glob '*_backup.md'")]
    markdown = health_page(findings, pages, no_anchor, results, lang="en", left_out=left_out)
    assert markdown.startswith(
        "# Course health\n\nChecked 3 pages: **1** errors, **1** warnings, **1** notes.\n"
    )
    assert "| Line | Severity | Rule | Problem | How to fix |" in markdown
    for label in ("🔴 Error", "🟡 Warning", "🔵 Note"):
        assert f"| {label} |" in markdown
    assert "## Pages left out" in markdown and "## Command results" in markdown
    assert "| Page | Result | Commands | Ran at |" in markdown
    assert "❌ Failed | 2 passed, 1 failed | 2026-11-23 10" in markdown
    assert "⚠️ The page was edited since: run it again" in markdown
    assert "⏳ Not run yet | 1 shell blocks" in markdown
    assert "1 pages have not been run yet" in markdown
    hangul = re.findall(r"[\uac00-\ud7a3]+", markdown)
    assert hangul == []


def test_the_exec_section_speaks_the_badges_words_in_korean() -> None:
    pages, results = _exec_pages()
    markdown = health_page([], pages, no_anchor, results)
    assert "## 명령 실행 결과" in markdown
    assert "| 페이지 | 결과 | 명령 | 실행 시각 |" in markdown
    assert (
        "| ❌ 실행 실패 | 통과 2, 실패 1 | 2026-11-23 10&#58;05 UTC (4.5초)<br>⚠️ 그 뒤" in markdown
    )
    assert "| ⏳ 아직 실행하지 않음 | 셸 블록 1개 |  |" in markdown
    assert (
        "명령 실행에 문제가 있는 페이지가 1개 있습니다: 아래 명령 실행 결과를 보세요." in markdown
    )
    # the verdicts' words in English too, from the same catalog as the badges'
    english = health_page([], pages, no_anchor, results, lang="en")
    assert "| ❌ Failed | 2 passed, 1 failed |" in english


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pages_left_out_are_listed_with_why(lang: str) -> None:
    left_out = [
        ("week1/day1/lab_1_backup.md", "제외 패턴 '*_backup.md'에 맞습니다"),
        ("week1/day1/README.md", "MkDocs serves 'week1/day1/index.md' at its URL"),
    ]
    markdown = health_page([], [], no_anchor, lang=lang, left_out=left_out)
    page = parsed(rendered(markdown))
    title = {"ko": "빠진 페이지", "en": "Pages left out"}[lang]
    assert f"## {title}" in markdown
    rows = [row for row in page.rows if len(row) == 2]
    assert rows[1:] == [list(item) for item in left_out]
    assert links(page) == []  # they are not on the site: no links
    assert "빠진 페이지" not in health_page([], [], no_anchor)


# --- built sites --------------------------------------------------------------------------

HOSTILE_LESSON = """\
# Week 1 Day 1 Session 1: 적대적인 메시지

## 링크들

[파이프](<./없는 `코드` |파이프| 파일.md>)

[이미지 문법](<./![x](y).md>)

[스크립트](./x<script>window.__pwned=1</script>.md)

[강조](./*굵게*_밑줄_.md)

[퍼센트](./missing%20page.md)

![그림](<./img/없는 그림 [1].png>)
"""
PERCENT_LESSON = """\
# Week 1 Day 1 Session 2: 퍼센트 이름

## 링크

[어디](<./no such | page.md#a b>)
"""
HOSTILE_FILES = {
    "index.md": "# 홈\n\n[세션](week1/day1/세션%201.md) [퍼센트](week1/day1/a%2520b.md)\n",
    "week1/day1/세션 1.md": HOSTILE_LESSON,
    "week1/day1/a%20b.md": PERCENT_LESSON,
}
# (page, line, what the lesson wrote): each makes exactly one finding.
HOSTILE_LINKS = [
    ("week1/day1/a%20b.md", 5, "./no such | page.md#a b"),
    ("week1/day1/세션 1.md", 5, "./없는 `코드` |파이프| 파일.md"),
    ("week1/day1/세션 1.md", 7, "./![x](y).md"),
    ("week1/day1/세션 1.md", 9, "./x<script>window.__pwned=1</script>.md"),
    ("week1/day1/세션 1.md", 11, "./*굵게*_밑줄_.md"),
    ("week1/day1/세션 1.md", 13, "./missing page.md"),
    ("week1/day1/세션 1.md", 15, "./img/없는 그림 [1].png"),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    build_course(write_course(root, HOSTILE_FILES), root / "site")
    return root / "site"


def article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def test_built_page_has_a_row_per_finding_and_only_its_own_links(hostile_site: Path) -> None:
    page = parsed(article(hostile_site / "course-health/index.html"))
    body = [row for row in page.rows if len(row) == 5 and row[0] != "줄"]
    assert [int(row[0]) for row in body] == [line for _, line, _ in HOSTILE_LINKS]
    for row, (_, _, written) in zip(body, HOSTILE_LINKS, strict=True):
        assert f"'{written}'" in row[3]
    tags = [tag for tag, _ in page.tags]
    assert "img" not in tags and "script" not in tags
    links = [
        attrs
        for tag, attrs in page.tags
        if tag == "a" and "headerlink" not in attrs.get("class", "")
    ]
    assert len(links) == 2 + len(HOSTILE_LINKS)  # a heading per page, a link per line
    for attrs in links:
        target = urlsplit(urljoin("/course-health/", attrs["href"]))
        assert (hostile_site / unquote(target.path).lstrip("/") / "index.html").is_file()


def test_health_page_is_not_in_the_search_index(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith("week1/day1/") for location in locations)
    assert [loc for loc in locations if loc.startswith("course-health")] == []


def test_an_english_course_builds_an_english_health_page(tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n[gone](missing.md)\n",
        "week1/day1/session_1.md": "# Week 1 Day 1 Session 1: Start\n",
        "week1/day1/session_1_backup.md": "# old copy\n",
    }
    write_course(tmp_path, files)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        "site_name: English course\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n  language: en\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'course.py'}\n",
        encoding="utf-8",
    )
    build_course(config, tmp_path / "site")
    health = article(tmp_path / "site/course-health/index.html")
    assert '<h1 id="course-health">Course health' in health
    assert "Checked 2 pages: <strong>1</strong> errors" in health
    assert "<th>How to fix</th>" in health and "🔴 Error" in health
    assert '<h2 id="pages-left-out">Pages left out' in health
    page = parsed(health)
    assert ["week1/day1/session_1_backup.md", "matches the exclude glob '*_backup.md' "
            "(extra.course.exclude)"] in page.rows  # fmt: skip
