"""The exec runner's stored results on the built site: badges before blocks, the health page."""

from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import build_course, write_course
from validators.checks.exec.results import (
    EXPECTED_FAILURE,
    FAILED,
    FILE,
    NEEDS_NETWORK,
    PASSED,
    RESULTS_FILE,
    SKIPPED,
    TIMEOUT,
    BlockResult,
    CommandResult,
    PageResult,
    count,
    digest,
    save_results,
)

RAN_AT = "2026-11-23T10:05:00+00:00"
HEALTH = "../../../course-health/"

SESSION_1 = """\
# Week 1 Day 1 Session 1: 실행 확인

## 실습

컨테이너 목록:

```bash
docker ps
docker images
```

```python
print("hello")
```

1. 네트워크를 만듭니다:

    ```bash
    docker network create pair1-network
    docker network create pair1-network
    # Error: network with name pair1-network already exists
    ```

2. 확인합니다.

짧은 목록:

- 실패하는 명령:
  ```bash
  false
  ```
- 끝

```bash
echo edited
```

```console
$ docker search nginx
```
"""

SESSION_2_RAN = (
    "# Week 1 Day 1 Session 2: 수정됨\n\n```bash\necho same\n```\n\n```bash\necho old\n```\n"
)
SESSION_2 = SESSION_2_RAN.replace("echo old", "echo new")

SESSION_3 = """\
---
title: 파일과 제외
---

# Week 1 Day 1 Session 3: 파일

```dockerfile title="Dockerfile"
FROM busybox
```

<!-- exec: skip -->
```bash
docker logs -f web
```
"""

FILES = {
    "index.md": "# 홈\n",
    "week1/day1/session_1.md": SESSION_1,
    "week1/day1/session_2.md": SESSION_2,
    "week1/day1/session_3.md": SESSION_3,
    "week1/day1/session_4.md": "# Week 1 Day 1 Session 4: 아직\n\n```sh\nls\n```\n",
    "week1/day1/session_5.md": "# Week 1 Day 1 Session 5: 셸 없음\n\n[없는 페이지](./gone.md)\n",
}


def _page(path: str, text: str, blocks: list[BlockResult]) -> PageResult:
    return PageResult(path, digest(text), RAN_AT, 4.5, tuple(blocks), count(blocks))


def _results() -> list[PageResult]:
    one = [
        BlockResult(
            0,
            7,
            digest("docker ps\ndocker images\n"),
            PASSED,
            (CommandResult(8, PASSED, 0.5), CommandResult(9, PASSED, 0.25)),
        ),
        BlockResult(
            2,
            18,
            digest(
                "docker network create pair1-network\ndocker network create pair1-network\n"
                "# Error: network with name pair1-network already exists\n"
            ),
            EXPECTED_FAILURE,
            (CommandResult(19, PASSED, 0.5), CommandResult(20, EXPECTED_FAILURE, 0.5)),
        ),
        BlockResult(
            3, 29, digest("false\n"), FAILED, (CommandResult(30, FAILED, 0.1, "exec/failed"),)
        ),
        # Edited since the run: the stored digest is of the old content.
        BlockResult(4, 34, digest("echo before\n"), PASSED, (CommandResult(35, PASSED),)),
        BlockResult(
            5,
            38,
            digest("$ docker search nginx\n"),
            NEEDS_NETWORK,
            (CommandResult(39, NEEDS_NETWORK, 2.0, "exec/needs-network"),),
        ),
    ]
    two = [
        BlockResult(0, 3, digest("echo same\n"), PASSED, (CommandResult(4, PASSED),)),
        BlockResult(1, 7, digest("echo old\n"), TIMEOUT, (CommandResult(8, TIMEOUT, 60.0),)),
    ]
    three = [
        BlockResult(0, 7, digest("FROM busybox\n"), FILE, (), "Dockerfile"),
        BlockResult(1, 12, digest("docker logs -f web\n"), SKIPPED, (CommandResult(13, SKIPPED),)),
    ]
    return [
        _page("week1/day1/session_1.md", SESSION_1, one),
        _page("week1/day1/session_2.md", SESSION_2_RAN, two),  # the text before the edit
        _page("week1/day1/session_3.md", SESSION_3, three),
        _page("week9/day1/gone.md", "# 지운 페이지\n", []),  # a page deleted since
    ]


@pytest.fixture(scope="module")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exec-site")
    config = write_course(root, FILES)
    save_results(root / ".cache" / "course" / RESULTS_FILE, _results())
    build_course(config, root / "site")
    return root / "site"


def _article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


_BADGE = re.compile(r'<a class="exec-badge ([^"]*)" href="([^"]*)" title="([^"]*)"[^>]*>(.*?)</a>')
_CODE = re.compile(
    r'<div class="language-(\w+) highlight">(?:<span class="filename">[^<]*</span>)?'
    r"(<pre>.*?</pre>)</div>",
    re.S,
)


def _blocks(article: str) -> list[tuple[str, str | None, dict[str, str] | None]]:
    """Each code block as (language, code text, badge right before it or None)."""
    found = []
    end = 0
    for code in _CODE.finditer(article):
        before = article[end : code.start()]
        badges = list(_BADGE.finditer(before))
        badge = None
        if badges and re.fullmatch(r"(</p>)?\s*", before[badges[-1].end() :]):
            last = badges[-1]
            badge = {
                "class": last[1],
                "href": last[2],
                "title": html.unescape(last[3]),
                "text": html.unescape(re.sub(r"<[^>]+>", "", last[4])),
            }
        text = html.unescape(re.sub(r"<[^>]+>", "", code[2]))
        found.append((code[1], text, badge))
        end = code.end()
    return found


def test_badges_sit_right_before_the_blocks_that_ran(course_site: Path) -> None:
    blocks = _blocks(_article(course_site / "week1/day1/session_1/index.html"))
    shown = [(lang, text.split("\n")[0], badge and badge["text"]) for lang, text, badge in blocks]
    assert shown == [
        ("bash", "docker ps", "✅ 실행 확인"),
        ("python", 'print("hello")', None),
        ("bash", "docker network create pair1-network", "🚨 의도한 오류 확인"),
        ("bash", "false", "❌ 실행 실패"),
        ("bash", "echo edited", None),  # changed since the run
        ("console", "$ docker search nginx", "🌐 네트워크 필요"),
    ]
    badges = [badge for _, _, badge in blocks if badge]
    assert [badge["class"] for badge in badges] == [
        "exec-badge--passed",
        "exec-badge--expected-failure",
        "exec-badge--failed",
        "exec-badge--needs-network",
    ]
    assert {badge["href"] for badge in badges} == {f"{HEALTH}#exec-week1-day1-session_1"}
    assert badges[0]["title"] == (
        "명령 2개: 통과 2\n실행 시간 0.8초\n2026-11-23 10:05 UTC에 실행\n"
        "누르면 코스 점검 페이지의 실행 결과로 갑니다"
    )
    assert "명령 2개: 통과 1, 의도한 오류 확인 1" in badges[1]["title"]
    assert "30번 줄: ❌ 실행 실패 (exec/failed)" in badges[2]["title"]


def test_badges_inside_list_items_keep_the_list(course_site: Path) -> None:
    article = _article(course_site / "week1/day1/session_1/index.html")
    assert article.count("<ol>") == 1 and article.count("<ul>") == 1
    loose = re.search(
        r"<ol>\s*<li>(.*?)</li>\s*<li>\s*<p>확인합니다.</p>\s*</li>\s*</ol>", article, re.S
    )
    assert loose, "the ordered list was split"
    assert re.fullmatch(
        r'\s*<p>네트워크를 만듭니다:</p>\s*<p><a class="exec-badge exec-badge--expected-failure"'
        r'[^>]*>.*?</a></p>\s*<div class="language-bash highlight">.*</div>\s*',
        loose[1],
        re.S,
    )
    tight = re.search(r"<ul>\s*<li>(.*?)</li>\s*<li>끝</li>\s*</ul>", article, re.S)
    assert tight, "the bullet list was split"
    assert re.fullmatch(
        r'실패하는 명령:\s*<a class="exec-badge exec-badge--failed"[^>]*>.*?</a>\s*'
        r'<div class="language-bash highlight">.*false.*</div>\s*',
        tight[1],
        re.S,
    )


def test_a_page_edited_since_the_run_is_stale(course_site: Path) -> None:
    blocks = _blocks(_article(course_site / "week1/day1/session_2/index.html"))
    assert [badge and badge["class"] for _, _, badge in blocks] == [
        "exec-badge--passed exec-badge--stale",
        None,  # its content changed: no badge
    ]
    badge = blocks[0][2]
    assert badge["text"] == "✅ 실행 확인 (수정 전 결과)"
    assert "⚠️ 실행 후 페이지가 수정되었습니다" in badge["title"]


def test_front_matter_page_is_compared_by_its_file(course_site: Path) -> None:
    blocks = _blocks(_article(course_site / "week1/day1/session_3/index.html"))
    assert [(badge["class"], badge["text"]) for _, _, badge in blocks] == [
        ("exec-badge--file", "📄 파일로 저장"),
        ("exec-badge--skipped", "⏭ 실행 제외"),
    ]
    assert blocks[0][2]["title"].startswith("파일 Dockerfile로 저장하는 블록")
    assert "수정되었습니다" not in blocks[1][2]["title"]


def _rows(health: str) -> dict[str, list[str]]:
    """The exec table's rows by row id, as cell texts."""
    section = health[health.index('id="명령-실행-결과"') :]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S):
        ident = re.search(r'<a class="exec-anchor" id="([^"]+)"></a>', row)
        if ident:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            cells = [re.sub(r"<[^>]+>", "", re.sub(r"<br ?/?>", "\n", cell)) for cell in cells]
            rows[ident[1]] = [html.unescape(cell) for cell in cells]
    return rows


def test_health_page_has_a_row_per_page(course_site: Path) -> None:
    health = _article(course_site / "course-health/index.html")
    ran = "2026-11-23 10:05 UTC (4.5초)"
    assert _rows(health) == {
        "exec-week1-day1-session_1": [
            "week1/day1/session_1.md",
            "❌ 실행 실패",
            # the edited block's old command is still counted: the page was not edited
            "통과 4, 의도한 오류 확인 1, 실패 1, 네트워크 필요 1",
            ran,
        ],
        "exec-week1-day1-session_2": [
            "week1/day1/session_2.md",
            "⏱ 시간 초과",
            "통과 1, 시간 초과 1",
            f"{ran}\n⚠️ 그 뒤 페이지가 수정됨: 다시 실행하세요",
        ],
        "exec-week1-day1-session_3": [
            "week1/day1/session_3.md",
            "📄 파일로 저장",
            "실행한 명령 없음",
            ran,
        ],
        "exec-week1-day1-session_4": [
            "week1/day1/session_4.md",
            "⏳ 아직 실행하지 않음",
            "셸 블록 1개",
            "",
        ],
    }
    assert '<a href="../week1/day1/session_1/">week1/day1/session_1.md</a>' in health
    assert (
        "아직 실행하지 않은 페이지가 1개 있습니다: <code>python -m validators check --exec</code>"
        in health
    )
    assert "명령 실행에 문제가 있는 페이지가 2개 있습니다: 아래 명령 실행 결과를 보세요." in health
    # The finding tables are still there, before the exec section.
    findings = health.index('<h2 id="week1day1session_5md"><a href="../week1/day1/session_5/">')
    assert findings < health.index('id="명령-실행-결과"')
    assert "<code>links/missing-page</code>" in health


def test_every_badge_links_to_an_existing_row(course_site: Path) -> None:
    checked = 0
    for page in sorted(course_site.glob("week1/day1/session_*/index.html")):
        base = "/" + page.parent.relative_to(course_site).as_posix() + "/"
        for match in _BADGE.finditer(page.read_text(encoding="utf-8")):
            target = urlsplit(urljoin(base, match[2]))
            assert target.path == "/course-health/"
            health = (course_site / "course-health/index.html").read_text(encoding="utf-8")
            assert health.count(f'id="{target.fragment}"') == 1
            checked += 1
    assert checked == 7


# --- where inserted HTML goes (validators/render: before the block's token) --------------

BADGE = '<a class="exec-badge" href="#">✅ 실행 확인</a>'
LISTS = {
    "loose, four spaces": "- 실행:\n\n    ```bash\n    ls\n    ```\n\n- 끝\n",
    "loose, ordered": "1.  실행:\n\n    ```bash\n    ls\n    ```\n\n2.  끝\n",
    "tight, two spaces": "- 실행:\n  ```bash\n  ls\n  ```\n- 끝\n",
    "tight, three spaces": "1. 실행:\n   ```bash\n   ls\n   ```\n2. 끝\n",
    "quote": "> 실행:\n>\n> ```bash\n> ls\n> ```\n",
    "quote, tight": "> 실행:\n> ```bash\n> ls\n> ```\n",
    "nested list": "- 바깥\n  - 실행:\n\n    ```bash\n    ls\n    ```\n\n- 끝\n",
}


@pytest.mark.parametrize("case", sorted(LISTS))
def test_a_badge_changes_nothing_else(case: str) -> None:
    from validators.page import parse_page
    from validators.render import render_page

    page = parse_page("page.md", LISTS[case])
    line = page.fences[0].line - 1
    plain = render_page(page).html
    badged = render_page(page, {line: BADGE}).html
    assert BADGE in badged
    badge = re.escape(BADGE)
    without = re.sub(rf"<p>{badge}</p>\n|\n{badge}\n", lambda m: "", badged)
    assert without == plain


def test_inserts_go_before_the_block_of_their_line() -> None:
    from validators.page import parse_page
    from validators.render import render_page

    source = "# 제목\n\n- 실행:\n\n    ```bash\n    ls\n    ```\n"
    html_text = render_page(parse_page("page.md", source), {0: "<div>a</div>", 4: BADGE}).html
    assert html_text.startswith("<div>a</div>\n<h1")
    assert f'<li>\n<p>실행:</p>\n<p>{BADGE}</p>\n<div class="language-bash highlight">' in html_text


# --- in Chromium --------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def course_url(course_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(course_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badges_in_the_browser(chromium, course_url: str, artifacts: Path, scheme: str) -> None:
    context = chromium.new_context(
        viewport={"width": 1100, "height": 900}, locale="ko-KR", color_scheme=scheme
    )
    try:
        tab = context.new_page()
        tab.goto(course_url + "week1/day1/session_1/")
        palette = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert palette == ("slate" if scheme == "dark" else "default")
        badges = tab.locator("a.exec-badge")
        assert badges.count() == 4
        styles = tab.evaluate(
            """() => [...document.querySelectorAll('a.exec-badge')].map((badge) => {
                const box = badge.getBoundingClientRect();
                const code = badge.closest('p, li').querySelector('.highlight')
                    || badge.closest('p').nextElementSibling;
                const style = getComputedStyle(badge);
                return {
                    height: box.height, width: box.width, color: style.color,
                    radius: parseFloat(style.borderRadius),
                    gap: code.getBoundingClientRect().top - box.bottom,
                };
            })"""
        )
        for style in styles:
            assert 10 < style["height"] < 30 and 40 < style["width"] < 250
            assert style["radius"] > 5  # a pill
            assert 0 <= style["gap"] < 24  # right above its code block
        assert len({style["color"] for style in styles}) == 4  # a colour per verdict
        tab.screenshot(path=str(artifacts / f"exec-badges-{scheme}.png"), full_page=True)
        badges.first.click()
        tab.wait_for_url("**/course-health/#exec-week1-day1-session_1")
        row = tab.locator("tr:has(#exec-week1-day1-session_1)")
        assert row.is_visible() and row.bounding_box()["y"] >= 0
        tab.screenshot(path=str(artifacts / f"exec-health-{scheme}.png"))
    finally:
        context.close()
