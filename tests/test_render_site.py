"""The renderer inside a real `mkdocs build`: links and images at the site's URLs, the toc
and permalinks from the same tokens, the `heading_ids` setting, and the rendering check's
finding for authors (page in, findings out)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_course, write_course
from validators.checks.rendering.checker import check_rendering
from validators.findings import Severity
from validators.page import parse_page

PAGES = {
    "index.md": "# 과정\n\n[세션](week1/day1/session_1.md#️-주의사항-1)\n",
    "week1/day1/session_1.md": (
        "# Week 1 Day 1 Session 1: 소개\n\n"
        "## ⚠️ 주의사항\n\n## ⚠️ 주의사항\n\n"
        "![그림](./img/a.png)\n\n"
        "[다음](./session_2.md) · [개요](../../index.md#과정) · [밖](https://example.com/a.md)\n\n"
        '<a href="./session_2.md">raw</a>\n\n'
        "> [!TIP]\n> 팁입니다\n\n"
        "```bash\necho hi\n```\n"
    ),
    "week1/day1/session_2.md": "# Week 1 Day 1 Session 2: 다음\n\n**도커(Docker)**는 도구입니다.\n",
    "week1/day1/img/a.png": "",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("render-site")
    build_course(write_course(root, PAGES), root / "site")
    return root / "site"


def _article(site: Path, page: str) -> str:
    text = (site / page).read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def test_links_and_images_at_the_sites_urls(site: Path) -> None:
    page = _article(site, "week1/day1/session_1/index.html")
    assert '<img src="../img/a.png" alt="그림" />' in page
    assert '<a href="../session_2/">다음</a>' in page
    assert '<a href="../../../#%EA%B3%BC%EC%A0%95">개요</a>' in page
    assert '<a href="https://example.com/a.md">밖</a>' in page
    assert '<a href="./session_2.md">raw</a>' in page  # raw HTML: as MkDocs leaves it


def test_toc_permalinks_and_ids_from_the_same_tokens(site: Path) -> None:
    html = (site / "week1/day1/session_1/index.html").read_text(encoding="utf-8")
    assert 'id="\ufe0f-주의사항"' in html and 'id="\ufe0f-주의사항-1"' in html
    toc = html[html.index('data-md-component="toc"') :]
    assert 'href="#\ufe0f-주의사항-1"' in toc  # Material's toc, from page.toc
    assert html.count('class="headerlink"') == 3
    index = _article(site, "index.html")
    assert 'href="week1/day1/session_1/#%EF%B8%8F-%EC%A3%BC%EC%9D%98%EC%82%AC%ED%95%AD-1"' in index


def test_materials_code_and_admonition_markup(site: Path) -> None:
    page = _article(site, "week1/day1/session_1/index.html")
    assert '<div class="language-bash highlight"><pre><span></span><code>' in page
    assert '<div class="admonition tip">\n<p class="admonition-title">Tip</p>' in page


def test_heading_ids_setting_keeps_the_old_ids(tmp_path: Path) -> None:
    pages = {"index.md": "# 과정\n\n## ⚠️ 주의\n\n## ⚠️ 주의\n"}
    config = write_course(tmp_path, pages, "extra:\n  course:\n    heading_ids: mkdocs\n")
    build_course(config, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2 id="([^"]*)"', html) == ["-주의", "-주의_1"]


def test_literal_asterisks_are_a_finding_for_authors() -> None:
    text = (
        "# 제목\n\n"
        "**도커 이미지(Image)**는 읽기 전용입니다.\n\n"
        "- 목록 안: **컨테이너(Container)**이\n\n"
        "**정상** 굵게, `**코드 안**`, \\*\\*일부러\\*\\*\n"
    )
    findings = check_rendering([parse_page("p.md", text)])
    assert [(f.line, f.rule, f.severity) for f in findings] == [
        (3, "rendering/literal-asterisks", Severity.WARNING),
        (5, "rendering/literal-asterisks", Severity.WARNING),
    ]
    assert findings[0].message == (
        "GitHub shows these asterisks: '**도커 이미지(Image)**는' is not bold (a closing '**' "
        "right after punctuation and right before a letter does not close), on GitHub and on "
        "the site"
    )
    assert findings[0].hint == (
        "End the bold before the punctuation ('**도커 이미지**(Image)는'), or write "
        "'<strong>…</strong>'"
    )
    assert findings[0].localized("ko").message.startswith("GitHub에서는 별표가 그대로 보입니다")


def test_the_finding_is_on_the_health_page(site: Path) -> None:
    health = (site / "course-health" / "index.html").read_text(encoding="utf-8")
    assert "<code>rendering/literal-asterisks</code>" in health
    assert "**도커(Docker)**는" in health


def test_the_check_runs_by_default() -> None:
    from validators.checks import registered

    check = registered()["rendering"]
    assert check.DEFAULT and check.NAME == "rendering"
