"""Golden tests for the site's rendering (validators/render): Markdown in, HTML out, and
GitHub agrees.

Each `golden/rendering/NAME.md` renders to `NAME.html` (the site's markup, as
`render_page` makes it), and its block structure and visible text equal GitHub's
(cmark-gfm through `cmarkgfm`, compared with `validators.render.compare.structure`). Set
UPDATE_GOLDEN=1 to rewrite the HTML files after a deliberate change, then review the diff.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validators.page import parse_page
from validators.render import Slugger, github_heading_ids, github_slug, render_page
from validators.render.compare import github_html, structure

GOLDEN = Path(__file__).parent / "golden" / "rendering"
CASES = sorted(path.stem for path in GOLDEN.glob("*.md"))


def render(text: str, path: str = "page.md") -> str:
    return render_page(parse_page(path, text)).html


def _diff(expected: str, actual: str, names: tuple[str, str] = ("expected", "actual")) -> str:
    lines = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), *names)
    return "".join(lines)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    actual = render(source)
    expected_file = GOLDEN / f"{case}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert actual == expected, _diff(expected, actual)


@pytest.mark.parametrize("case", CASES)
def test_golden_page_has_githubs_structure(case: str) -> None:
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    ours, github = structure(render(source)), structure(github_html(source))
    assert ours == github, _diff(github, ours, ("github", "site"))


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT / "docs").as_posix() for p in (
    ROOT / "docs").rglob("*.md")))  # fmt: skip
def test_seed_page_has_githubs_structure(path: str) -> None:
    source = (ROOT / "docs" / path).read_text(encoding="utf-8")
    page = parse_page(path, source)
    ours, github = structure(render_page(page).html), structure(github_html(page.text))
    assert ours == github, _diff(github, ours, ("github", "site"))


def test_the_comparison_sees_a_difference() -> None:
    """The structure comparison is not blind: a list that restarts, a bold that is not."""
    assert structure("<ol start='3'><li>a</li></ol>") != structure("<ol><li>a</li></ol>")
    assert structure("<p><strong>a</strong>이</p>") != structure("<p>**a**이</p>")
    assert structure("<ul><li><p>a</p></li></ul>") != structure("<ul><li>a</li></ul>")


# -- what each golden case is about --------------------------------------------------------


def test_details_and_centered_blocks_render_their_markdown() -> None:
    html = render((GOLDEN / "details_summary.md").read_text(encoding="utf-8"))
    assert "<summary>💡 힌트 보기</summary>" in html
    assert "<strong>문제 영역</strong>" in html and "**" not in html
    assert '<h4 id="해결-순서">' in html and "<ol>" in html
    html = render((GOLDEN / "div_image_opener.md").read_text(encoding="utf-8"))
    assert "<strong>그림 1</strong>" in html and "<li>왼쪽: 클라이언트</li>" in html


def test_lists_as_github_numbers_and_splits_them() -> None:
    html = render((GOLDEN / "list_resumes_after_image.md").read_text(encoding="utf-8"))
    assert '<ol start="2">' in html and '<ol start="3">' in html
    html = render((GOLDEN / "paren_markers.md").read_text(encoding="utf-8"))
    assert html.count("<li>") == 3 and "1)" not in html
    html = render((GOLDEN / "bullet_then_numbered.md").read_text(encoding="utf-8"))
    assert html.index("</ul>") < html.index("<ol>")
    html = render((GOLDEN / "loose_and_tight.md").read_text(encoding="utf-8"))
    assert "<li>빽빽한 목록 첫째</li>" in html and "<li>\n<p>느슨한 목록 첫째</p>" in html
    html = render((GOLDEN / "list_in_quote.md").read_text(encoding="utf-8"))
    assert "<blockquote>\n<p><strong>참고 사항</strong>:</p>\n<ul>" in html


def test_fences_pair_as_on_github() -> None:
    html = render((GOLDEN / "fence_after_div.md").read_text(encoding="utf-8"))
    # the HTML block runs to the next blank line: GitHub shows the fence as text
    assert "</div>\n```bash\ndocker run hello-world\n```\n" in html
    html = render((GOLDEN / "unclosed_fence.md").read_text(encoding="utf-8"))
    assert "다음 단계" in html and '<h2 id="다음-단계">' not in html  # code to the end


def test_bold_before_a_particle_keeps_githubs_asterisks() -> None:
    html = render((GOLDEN / "bold_before_particle.md").read_text(encoding="utf-8"))
    assert "<p>**도커 이미지(Image)**는 읽기 전용입니다.</p>" in html
    assert "<p>**컨테이너(Container)**이 실행 단위입니다.</p>" in html
    assert "<strong>볼륨</strong> 은" in html


def test_alerts_footnotes_emoji_and_autolinks() -> None:
    html = render((GOLDEN / "alerts_footnotes_emoji.md").read_text(encoding="utf-8"))
    assert '<div class="admonition note">\n<p class="admonition-title">Note</p>' in html
    assert '<div class="admonition warning">' in html
    assert "🚀" in html and "<del>옛 방식</del>" in html
    assert '<a href="https://docs.docker.com">https://docs.docker.com</a>' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<div class="footnote">' in html and '<li id="fn:1">' in html


def test_code_blocks_in_materials_markup() -> None:
    html = render((GOLDEN / "code_blocks.md").read_text(encoding="utf-8"))
    assert (
        '<div class="language-dockerfile highlight"><span class="filename">Dockerfile</span>'
        in (html)
    )
    assert html.count('<div class="language-text highlight">') == 2  # indented, no language
    mermaid = (
        '<pre class="mermaid"><code>graph TD\n'
        '    A[사용자] --&gt;|요청 &amp; 응답| B["서버 &lt;web&gt;"]</code></pre>'
    )
    assert mermaid in html


# -- heading ids ---------------------------------------------------------------------------


def test_heading_ids_like_github() -> None:
    html = render((GOLDEN / "heading_ids_emoji.md").read_text(encoding="utf-8"))
    assert 'id="\ufe0f-아키텍처-개요"' in html  # 🏗️: U+FE0F is a mark, kept
    assert 'id="\ufe0f-주의사항"' in html
    assert 'id="\ufe0f-주의사항-1"' in html and 'id="\ufe0f-주의사항-2"' in html
    assert 'id="step-1-설정-10분"' in html
    assert 'id="-개념-docker-ps--확인"' in html
    assert 'href="#\ufe0f-주의사항-1"' in html  # the permalink


def test_github_slugger_cases() -> None:
    assert github_slug("Hello World!") == "hello-world"
    assert github_slug("  a  b ") == "--a--b-"  # spaces are not collapsed or trimmed
    assert github_slug("foo_bar-baz") == "foo_bar-baz"
    assert github_slug("C++ & Ünïcödé") == "c--ünïcödé"
    assert github_slug("🏗️ 빌드") == "\ufe0f-빌드"
    slugger = Slugger()
    assert [slugger.slug(t) for t in ("a", "a", "a-1", "a")] == ["a", "a-1", "a-1-1", "a-2"]


def test_links_check_uses_the_same_ids() -> None:
    from validators.checks.links.checker import heading_ids

    text = (GOLDEN / "heading_ids_emoji.md").read_text(encoding="utf-8")
    page = parse_page("page.md", text)
    ids = heading_ids(page, github_slug)
    assert ids == github_heading_ids(page)
    rendered = render_page(page)
    assert [entry.id for entry in rendered.toc] == list(ids)


def test_mkdocs_heading_ids_keep_the_old_ids() -> None:
    from pymdownx.slugs import slugify

    from validators.render import mkdocs_ids

    page = parse_page("page.md", (GOLDEN / "korean_headings.md").read_text(encoding="utf-8"))
    html = render_page(page, ids=mkdocs_ids(slugify(case="lower"))).html
    assert 'id="-개념-1-이미지-레이어-구조-12분"' in html
    assert 'id="도커-설치"' in html and 'id="도커-설치_1"' in html
    html = render_page(page).html
    assert 'id="도커-설치"' in html and 'id="도커-설치-1"' in html


def test_toc_follows_the_headings() -> None:
    rendered = render_page(parse_page("p.md", "# A\n\n## B\n\n### C\n\n## B\n"))
    assert [(e.level, e.id, e.title) for e in rendered.toc] == [
        (1, "a", "A"),
        (2, "b", "B"),
        (3, "c", "C"),
        (2, "b-1", "B"),
    ]


# -- inserts and raw HTML ------------------------------------------------------------------


def test_inserts_go_before_the_block_of_their_line() -> None:
    page = parse_page("p.md", "# 제목\n\n| a |\n|---|\n| b |\n")
    html = render_page(page, {1: '<div class="card">카드</div>', 2: "<figure>t</figure>"}).html
    assert html.index("</h1>") < html.index('<div class="card">') < html.index("<figure>")
    assert html.index("<figure>") < html.index("<table>")


def test_githubs_tag_filter_but_not_for_the_sites_own_html() -> None:
    page = parse_page("p.md", "<script>alert(1)</script>\n\ntext\n")
    html = render_page(page, {2: "<style>.x{}</style>"}).html
    assert "&lt;script>alert(1)&lt;/script>" in html
    assert "<style>.x{}</style>" in html


def test_urls_go_through_the_sites_resolver() -> None:
    page = parse_page("p.md", "[a](./b.md#x) ![i](img/c.png) <a href='raw.md'>r</a>\n")
    html = render_page(page, url=lambda url: f"SITE({url})").html
    assert 'href="SITE(./b.md#x)"' in html and 'src="SITE(img/c.png)"' in html
    assert "href='raw.md'" in html  # raw HTML as written, as MkDocs leaves it


# -- code blocks: pymdownx.highlight's markup, made faster ---------------------------------


def _code_blocks() -> list[tuple[str, str, dict[str, str]]]:
    from validators.page import _ATTR

    blocks = []
    for path in sorted([*(ROOT / "docs").rglob("*.md"), *GOLDEN.glob("*.md")]):
        for token in parse_page(path.name, path.read_text(encoding="utf-8")).tokens:
            if token.type == "code_block":
                blocks.append((token.content, "", {}))
            elif token.type == "fence" and not token.info.startswith("mermaid"):
                lang, _, rest = token.info.strip().partition(" ")
                attrs = {m[1]: m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(rest)}
                blocks.append((token.content, lang, attrs))
    blocks.append(("x = 1\n\ny = 2\n", "python", {"hl_lines": "1 3", "title": "a.py"}))
    blocks.append(("\n  lead\n\n", "nosuchlang", {}))
    blocks.append(("a\nb\n", "yaml", {"linenums": "3"}))
    return blocks


def test_code_blocks_equal_pymdownx_highlight() -> None:
    from validators.render.html import highlight, pymdownx_highlight

    blocks = _code_blocks()
    assert len(blocks) > 40
    for source, lang, attrs in blocks:
        assert highlight(source, lang, attrs) == pymdownx_highlight(source, lang, attrs), lang


# -- the built site ------------------------------------------------------------------------

_RELATIVE = re.compile(r"<a href=(?!https?:|#|mailto:)[^>]*>|<img src=(?!https?:)\S*")


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT / "docs").as_posix() for p in (
    ROOT / "docs").rglob("*.md")))  # fmt: skip
def test_built_seed_page_has_githubs_structure(site: Path, path: str) -> None:
    """What readers get: the page's `<article>` in the built site (card, timeline, badges
    left out by the comparison; relative URLs compared as relative: the site's are its own)."""
    name = Path(path)
    built = (
        name.parent / "index.html"
        if name.stem in ("README", "index")
        else (name.with_suffix("") / "index.html")
    )
    html = (site / built).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    ours = _RELATIVE.sub("REL", structure(article[article.index(">") + 1 :]))
    source = (ROOT / "docs" / path).read_text(encoding="utf-8")
    github = _RELATIVE.sub("REL", structure(github_html(source)))
    assert ours == github, _diff(github, ours, ("github", "site"))
