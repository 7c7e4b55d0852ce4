"""Internal links: pages, files, anchors and raw HTML, on small docs trees and on the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pymdownx.slugs import slugify as make_slugify

from tests.conftest import ROOT
from validators.checks.links.checker import (
    Link,
    anchor_ids,
    check_links,
    extract_links,
    heading_ids,
)
from validators.course import read_page
from validators.findings import Finding, Severity
from validators.page import parse_page
from validators.render import github_slug

SLUGIFY = make_slugify(case="lower")
DOCS = ROOT / "docs"
FIXTURES = Path(__file__).parent / "fixtures" / "links"
E, W = Severity.ERROR, Severity.WARNING


def make_docs(root: Path, files: dict[str, str]) -> Path:
    """A docs tree under `root`; values are file texts (pages and other files)."""
    docs = root / "docs"
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


def load(docs: Path) -> list:
    return [
        parse_page(path.relative_to(docs).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(docs.rglob("*.md"))
    ]


def check(docs: Path, **options: object) -> list[Finding]:
    return check_links(load(docs), docs, SLUGIFY, offline=True, **options)


def summary(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.rule) for f in findings]


# -- the seeds -----------------------------------------------------------------------------


def test_seed_pages_have_exactly_these_broken_links() -> None:
    findings = check(DOCS)
    assert [str(f) for f in findings] == [
        "week1/day2/session_2.md:363: error [links/missing-page] Link './session_3.md' points "
        "to 'week1/day2/session_3.md', which is not a page of the course "
        "(Did you mean './session_4.md'?)",
        "week1/day2/session_4.md:16: error [links/missing-file] Image "
        "'../images/image-container-relationship.svg' points to "
        "'week1/images/image-container-relationship.svg', which is not a file in docs/ "
        "(No file has a similar name: add it as docs/week1/images/"
        "image-container-relationship.svg or change the path)",
        "week1/day2/session_4.md:106: error [links/missing-file] Image "
        "'../images/container-layer-structure.svg' points to "
        "'week1/images/container-layer-structure.svg', which is not a file in docs/ "
        "(No file has a similar name: add it as docs/week1/images/"
        "container-layer-structure.svg or change the path)",
        "week1/day3/session_1.md:312: error [links/missing-page] Link './session_2.md' points "
        "to 'week1/day3/session_2.md', which is not a page of the course "
        "(No page has a similar name: create 'week1/day3/session_2.md' or change the link)",
    ]


def test_seed_lines_hold_the_links() -> None:
    for finding in check(DOCS):
        line = (DOCS / finding.path).read_text(encoding="utf-8").splitlines()[finding.line - 1]
        assert re.search(r"\]\((\.\./images/[\w-]+\.svg|\./session_\d\.md)\)", line), finding


def test_seed_external_links_are_found_but_not_requested_offline() -> None:
    page = parse_page(
        "week1/day2/session_4.md", (DOCS / "week1/day2/session_4.md").read_text(encoding="utf-8")
    )
    external = [(link.line, link.url) for link in extract_links(page) if "://" in link.url]
    assert external == [
        (320, "https://docs.docker.com/storage/storagedriver/"),
        (321, "https://docs.docker.com/docker-hub/official_images/"),
        (322, "https://docs.docker.com/develop/dev-best-practices/"),
        (323, "https://docs.docker.com/storage/storagedriver/overlayfs-driver/"),
        (324, "https://landscape.cncf.io/card-mode?category=container-registry"),
    ]


def test_localhost_urls_in_seed_code_blocks_are_not_links() -> None:
    page = parse_page(
        "week1/day2/session_5.md", (DOCS / "week1/day2/session_5.md").read_text(encoding="utf-8")
    )
    assert [link.url for link in extract_links(page)] == ["./session_4.md", "../day3/README.md"]


# -- heading ids, against the real build ---------------------------------------------------


def _site_ids(html: str) -> list[str]:
    return re.findall(r"<h[1-6][^>]*\bid=\"([^\"]*)\"", html)


def test_heading_ids_match_the_built_site_for_every_seed_page(site: Path) -> None:
    for path in sorted(DOCS.rglob("*.md")):
        rel = path.relative_to(DOCS).as_posix()
        folder, name = rel.rpartition("/")[0], rel.rpartition("/")[2]
        if name in ("index.md", "README.md"):
            html = site / folder / "index.html"
        else:
            html = site / rel[:-3] / "index.html"
        page = parse_page(rel, path.read_text(encoding="utf-8"))
        built = _site_ids(html.read_text(encoding="utf-8"))
        assert list(heading_ids(page, github_slug)) == built, rel  # GitHub's, by default


def test_heading_ids_of_the_day3_overview() -> None:
    page = parse_page("week1/day3/README.md", (DOCS / "week1/day3/README.md").read_text("utf-8"))
    ids = heading_ids(page, SLUGIFY)
    assert ids["week-1-day-3-docker-이미지--네트워킹--스토리지"] == 1  # `&` leaves two spaces
    # `#### 🎯 학습 목표` three times: toc's unique() suffixes
    assert (ids["-학습-목표"], ids["-학습-목표_1"], ids["-학습-목표_2"]) == (41, 141, 270)
    assert "-학습-목표_3" not in ids


def test_heading_ids_strip_formatting_like_toc() -> None:
    page = parse_page("week1/day3/session_1.md", (DOCS / "week1/day3/session_1.md").read_text())
    ids = heading_ids(page, SLUGIFY)
    assert ids["-개념-1-이미지-레이어-구조-12분"] == 39
    assert ids["-이미지-레이어-read-only"] == 117
    assert ids["-컨테이너-레이어-readwrite"] == 125


TRICKY = (FIXTURES / "tricky_headings.md").read_text(encoding="utf-8")


def _render_like_the_site(text: str) -> str:
    """Python-Markdown with the extensions sites had before rendering moved to
    validators/render: the ids of `heading_ids: mkdocs`."""
    import markdown
    from material.extensions import emoji

    extensions = ["toc", "attr_list", "md_in_html", "tables", "pymdownx.superfences"]
    extensions += ["admonition", "pymdownx.inlinehilite", "pymdownx.highlight", "pymdownx.emoji"]
    configs = {
        "toc": {"slugify": SLUGIFY},
        "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg},
    }
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return md.convert(text)


@pytest.mark.parametrize("path", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_heading_ids_match_python_markdown_for_each_seed_page(path: str) -> None:
    text = (DOCS / path).read_text(encoding="utf-8")
    assert list(heading_ids(parse_page(path, text), SLUGIFY)) == _site_ids(
        _render_like_the_site(text)
    )


def test_heading_ids_match_python_markdown_on_tricky_headings() -> None:
    ids = heading_ids(parse_page("week1/day1/session_1.md", TRICKY), SLUGIFY)
    assert list(ids) == _site_ids(_render_like_the_site(TRICKY))
    assert list(ids.items()) == [
        ("week-1-day-1-session-1-트릭", 1),
        ("-개념-1-이미지-레이어-구조-12분", 3),
        ("-개념-1-이미지-레이어-구조-12분_1", 4),
        ("개념-1-이미지-레이어-구조-12분_1", 5),
        ("-이미지-레이어-read-only", 6),
        ("a--tag--inline-link-del", 7),
        ("my-id", 8),
        ("my-id_1", 9),
        ("cls", 10),
        ("계정-notanemoji", 11),
        ("print-코드", 12),
        ("setext-제목", 13),
        ("안의-제목", 18),
        ("안의-제목_1", 22),
        ("1-숫자-강조-2_3", 23),
        ("_1", 24),
        ("_2", 25),
    ]


def test_anchor_ids_add_raw_html_and_attribute_list_ids() -> None:
    page = parse_page(
        "p.md",
        '# Title\n\n<a id="raw-a"></a>\n\nText <span id="inline">x</span>\n\n'
        'Para\n{: #para-id }\n\n<a name="old-style"></a>\n',
    )
    assert anchor_ids(page, SLUGIFY) == {
        "title": 1,
        "raw-a": 3,
        "inline": 5,
        "para-id": 7,
        "old-style": 10,
    }


# -- where links are found -----------------------------------------------------------------


def test_every_kind_of_link_is_found_at_its_own_line() -> None:
    page = parse_page("p.md", (FIXTURES / "kinds.md").read_text(encoding="utf-8"))
    assert extract_links(page) == [
        Link("p.md", 4, "a.md", "link"),
        Link("p.md", 5, "i.png", "image"),
        Link("p.md", 37, "ref.md", "link"),  # the reference definition holds the URL
        Link("p.md", 6, "https://example.com/x_(y)", "link"),
        Link("p.md", 8, "list.md", "link"),
        Link("p.md", 9, "list2.md", "link"),
        Link("p.md", 12, "quote.md", "link"),
        Link("p.md", 16, "table.md", "link"),
        Link("p.md", 21, "html-block.md", "link", html=True),
        Link("p.md", 21, "../img/a.png", "image", html=True),
        Link("p.md", 24, "inline.md", "link", html=True),
        Link("p.md", 25, "inline.png", "image", html=True),
        Link("p.md", 35, "adm.md", "link"),
        Link("p.md", 39, "multi.md", "link"),
        Link("p.md", 39, "https://auto.example.org/p", "link"),
        Link("p.md", 40, "http://www.example.com/w", "link"),
    ]


# -- pages and folders ---------------------------------------------------------------------


def test_missing_page_suggests_the_nearest_numbered_sibling(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "w/d/session_2.md": "# S2\n\n[next](./session_3.md)\n",
            "w/d/session_4.md": "# S4\n",
            "w/d/session_5.md": "# S5\n",
        },
    )
    assert check(docs) == [
        Finding(
            "w/d/session_2.md",
            3,
            "links/missing-page",
            E,
            "Link './session_3.md' points to 'w/d/session_3.md', which is not a page of the course",
            "Did you mean './session_4.md'?",
        )
    ]


def test_no_suggestion_from_another_day(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "w1/day2/session_2.md": "# D2S2\n",
            "w1/day3/session_1.md": "# D3S1\n\n[next](session_2.md)\n",
        },
    )
    assert [f.hint for f in check(docs)] == [
        "No page has a similar name: create 'w1/day3/session_2.md' or change the link"
    ]


def test_folder_typo_is_suggested(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {"w1/day2/session_2.md": "# D2S2\n", "index.md": "# Home\n\n[d](w1/dya2/session_2.md)\n"},
    )
    assert [f.hint for f in check(docs)] == ["Did you mean 'w1/day2/session_2.md'?"]


def test_readme_index_and_folder_links(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "index.md": "# Home\n\n[w](week1/)\n[d3](week1/day3)\n[d3r](week1/day3/README.md)\n"
            "[d4](week1/day4/)\n[self](./)\n[empty](week1/day5/)\n",
            "week1/index.md": "# Week 1\n\n[up](../)\n[readme](README.md)\n",
            "week1/README.md": "# ignored next to index.md\n",
            "week1/day3/README.md": "# Day 3\n",
            "week1/day4/index.md": "# Day 4\n",
            "week1/day5/session_1.md": "# D5S1\n",
        },
    )
    assert check(docs) == [
        Finding(
            "index.md",
            8,
            "links/missing-page",
            E,
            "Link 'week1/day5/' points to the folder 'week1/day5/', which has no index.md or "
            "README.md: GitHub shows the folder's file listing, but the site has no page there",
            "Add a README.md to the folder (the site shows it as the folder's page), "
            "or link a file in it: 'week1/day5/session_1.md'",
        ),
        Finding(
            "week1/index.md",
            4,
            "links/missing-page",
            E,
            "Link 'README.md' points to 'week1/README.md', which is not a page of the course",
            "MkDocs leaves out a README.md next to an index.md: link 'index.md' or merge the two",
        ),
    ]


def test_directory_style_and_html_links_point_to_the_markdown_page(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {"d/a.md": "# A\n\n[b](b/)\n[b](./b.html)\n", "d/b.md": "# B\n"},
    )
    assert [(f.line, f.rule, f.hint) for f in check(docs)] == [
        (3, "links/missing-page", "Did you mean 'b.md'?"),
        (4, "links/missing-page", "Did you mean './b.md'?"),
    ]


def test_same_file_name_prefers_the_pages_own_folder(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "week_01/day2/session_1.md": "# D2S1\n",
            "week_01/day4/session_1.md": "# D4S1\n",
            "week_01/day4/lab_1.md": "# Lab\n\n[session](../session_1.md)\n",
        },
    )
    assert check(docs) == [
        Finding(
            "week_01/day4/lab_1.md",
            3,
            "links/missing-page",
            E,
            "Link '../session_1.md' points to 'week_01/session_1.md', which is not a page of "
            "the course",
            "Did you mean './session_1.md'?",
        )
    ]


def test_same_file_name_never_suggests_another_week(tmp_path: Path) -> None:
    # `../week_03/README.md` from Day 4 of Week 2 means Week 3, never Week 2's overview.
    files = {
        "week_02/README.md": "# Week 2\n",
        "week_02/day4/README.md": "# Day 4\n\n[다음 주](../week_03/README.md)\n",
    }
    docs = make_docs(tmp_path / "without", files)
    assert [f.hint for f in check(docs)] == [
        "No page has a similar name: create 'week_02/week_03/README.md' or change the link"
    ]
    docs = make_docs(tmp_path / "with", {**files, "week_03/README.md": "# Week 3\n"})
    assert [f.hint for f in check(docs)] == ["Did you mean '../../week_03/README.md'?"]


def test_same_file_name_prefers_the_fewest_changed_segments(tmp_path: Path) -> None:
    # `../../shared/pic.png` is one folder name away from what was written; the copy next
    # to the page would need three segments changed.
    docs = make_docs(
        tmp_path,
        {
            "a/shared/pic.png": "png",
            "a/b/c/pic.png": "png",
            "a/b/c/page.md": "# Page\n\n![pic](../../common/pic.png)\n",
        },
    )
    assert check(docs) == [
        Finding(
            "a/b/c/page.md",
            3,
            "links/missing-file",
            E,
            "Image '../../common/pic.png' points to 'a/common/pic.png', which is not a file "
            "in docs/",
            "Did you mean '../../shared/pic.png'?",
        )
    ]


def test_folder_without_an_index_is_its_own_finding(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "w1/d1/lab_1.md": "# Lab\n\n[scripts](./lab_scripts/)\n[same](lab_scripts)\n"
            "[only folders](./nested/)\n",
            "w1/d1/lab_scripts/setup.sh": "echo hi\n",
            "w1/d1/lab_scripts/teardown.sh": "echo bye\n",
            "w1/d1/nested/deeper/notes.txt": "notes\n",
        },
    )
    message = (
        "Link '{}' points to the folder '{}', which has no index.md or README.md: GitHub "
        "shows the folder's file listing, but the site has no page there"
    )
    hint = "Add a README.md to the folder (the site shows it as the folder's page)"
    findings = check(docs)
    assert findings == [
        Finding(
            "w1/d1/lab_1.md",
            3,
            "links/missing-page",
            E,
            message.format("./lab_scripts/", "w1/d1/lab_scripts/"),
            hint + ", or link a file in it: './lab_scripts/setup.sh'",
        ),
        Finding(
            "w1/d1/lab_1.md",
            4,
            "links/missing-page",
            E,
            message.format("lab_scripts", "w1/d1/lab_scripts/"),
            hint + ", or link a file in it: 'lab_scripts/setup.sh'",
        ),
        Finding(
            "w1/d1/lab_1.md",
            5,
            "links/missing-page",
            E,
            message.format("./nested/", "w1/d1/nested/"),
            hint,
        ),
    ]
    assert [f.key for f in findings] == ["links/missing-page.folder"] * 3
    assert findings[0].localized("ko").message == (
        "링크 './lab_scripts/'가 가리키는 폴더 'w1/d1/lab_scripts/'에는 index.md도 README.md도 "
        "없습니다: GitHub은 폴더의 파일 목록을 보여 주지만 사이트에는 그 주소에 페이지가 없습니다"
    )


def test_readme_next_to_an_index_html_is_not_a_page(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "index.md": "# Home\n\n[demo](demo/README.md)\n[demo site](demo/)\n",
            "demo/README.md": "# Demo\n",
            "demo/index.html": "<h1>Demo</h1>\n",
        },
    )
    assert check(docs) == [
        Finding(
            "index.md",
            3,
            "links/missing-page",
            E,
            "Link 'demo/README.md' points to 'demo/README.md', which is not a page of the course",
            "MkDocs leaves out a README.md next to an index.html: link 'demo/index.html' "
            "instead, or rename or move the index.html",
        )
    ]


# -- pages that cannot be read whole -------------------------------------------------------


def test_fence_nested_in_a_fence_is_reported_where_it_starts(tmp_path: Path) -> None:
    text = (
        "# Writing config\n\n"  # 1-2
        "```markdown\n"  # 3: the outer fence
        "Save this as `app.yaml`:\n\n"  # 4-5
        "```yaml\n"  # 6: the inner fence (an info string: it cannot close line 3)
        "port: 8080\n"  # 7
        "```\n"  # 8: closes the fence of line 3
        "```\n"  # 9: opens a fence that runs to the end
        "\n## Next\n\nMore text.\n"
    )
    page = tmp_path / "p.md"
    page.write_text(text, encoding="utf-8")
    _, findings = read_page(page, "p.md")
    assert findings == [
        Finding(
            "p.md",
            3,
            "page/unterminated-fence",
            E,
            "Page code fence '```markdown' opened here holds a fence ('```yaml' at line 6) "
            "whose closing line closes it early, so the ``` at line 9 opens a new fence that "
            "runs to the end of the page",
            "Use a longer outer fence (````) here and at line 9, so the inner ``` lines stay "
            "inside it",
        )
    ]
    longer = text.replace("```markdown", "````markdown").replace("```\n```\n", "```\n````\n")
    page.write_text(longer, encoding="utf-8")
    assert read_page(page, "p.md")[1] == []


def test_unclosed_fence_without_nesting_keeps_the_plain_message(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# P\n\n```bash\nls\n```\n\ntext\n\n~~~\nopen\n", encoding="utf-8")
    assert read_page(page, "p.md")[1] == [
        Finding(
            "p.md",
            9,
            "page/unterminated-fence",
            E,
            "Page code fence '~~~' opened here is never closed",
            "Close it with a line of ~~~",
        )
    ]


def test_pages_on_disk_count_even_when_not_passed(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path, {"a.md": "# A\n\n[b](b.md#b-title)\n[b](b.md#nope)\n", "b.md": "# B title\n"}
    )
    pages = [parse_page("a.md", (docs / "a.md").read_text())]
    assert summary(check_links(pages, docs, SLUGIFY, offline=True)) == [
        ("a.md", 4, "links/missing-anchor")
    ]


# -- files ---------------------------------------------------------------------------------


def test_images_and_files_relative_to_the_page(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "w/images/layers.svg": "<svg/>",
            "w/d/files/lab.zip": "zip",
            "w/d/p.md": "# P\n\n![ok](../images/layers.svg)\n![typo](../images/layer.svg)\n"
            "![moved](images/layers.svg)\n[zip](files/lab.zip)\n![none](../images/none.png)\n",
        },
    )
    assert check(docs) == [
        Finding(
            "w/d/p.md",
            4,
            "links/missing-file",
            E,
            "Image '../images/layer.svg' points to 'w/images/layer.svg', "
            "which is not a file in docs/",
            "Did you mean '../images/layers.svg'?",
        ),
        Finding(
            "w/d/p.md",
            5,
            "links/missing-file",
            E,
            "Image 'images/layers.svg' points to 'w/d/images/layers.svg', "
            "which is not a file in docs/",
            "Did you mean '../images/layers.svg'?",
        ),
        Finding(
            "w/d/p.md",
            7,
            "links/missing-file",
            E,
            "Image '../images/none.png' points to 'w/images/none.png', "
            "which is not a file in docs/",
            "No file has a similar name: add it as docs/w/images/none.png or change the path",
        ),
    ]


def test_outside_docs_absolute_and_skipped_schemes(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "p.md": "# P\n\n[up](../README.md)\n[abs](/p.md)\n[m](mailto:a@b.c)\n"
            "[t](tel:+82)\n[js](javascript:void(0))\n[empty]()\n[top](#)\n",
        },
    )
    assert check(docs) == [
        Finding(
            "p.md",
            3,
            "links/outside-docs",
            E,
            "Link '../README.md' points outside docs/, so it is not part of the site",
            "Move the target into docs/ or link to it with a full https:// URL",
        ),
        Finding(
            "p.md",
            4,
            "links/absolute",
            W,
            "Link '/p.md' is absolute: on GitHub it starts at the repository root, "
            "on the site at the domain root",
            "Write it relative to this page, e.g. 'p.md'",
        ),
    ]


def test_code_is_not_links(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "p.md": '# P\n\n```md\n[x](missing.md)\n![y](missing.png)\n<a href="m.md">\n```\n\n'
            '    [indented](missing.md)\n\nSee `[x](missing.md)` and `<img src="m.png">`.\n'
            '<!-- [hidden](missing.md) <a href="missing.md"> -->\n',
        },
    )
    assert check(docs) == []


def test_links_in_an_admonition_body_are_checked(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {"p.md": '# P\n\n!!! tip "팁"\n\n    [x](missing.md)\n'})
    assert summary(check(docs)) == [("p.md", 5, "links/missing-page")]


# -- anchors -------------------------------------------------------------------------------


ANCHORS = {
    "w/d/target.md": "# 목표 페이지\n\n## 🔍 개념 1: 이미지 레이어 구조 (12분)\n\n"
    "## 실습\n\n## 실습\n\n"
    '## Custom {#custom-id}\n\n<a id="raw-anchor"></a>\n',
    "w/d/from.md": "# From\n\n## 레이어\n\n"
    "[a](target.md#-개념-1-이미지-레이어-구조-12분)\n"
    "[b](target.md#%EC%8B%A4%EC%8A%B5_1)\n"
    "[c](target.md#custom-id)\n"
    "[d](target.md#raw-anchor)\n"
    "[e](#레이어)\n"
    "[f](#%EB%A0%88%EC%9D%B4%EC%96%B4)\n"
    "[g](#top)\n"
    "[h](../d/#d-index)\n"
    "[i](target.md#개념-1-이미지-레이어-구조-12분)\n"
    "[j](#레이어-구조)\n"
    "[k](target.md#실습_2)\n"
    "[l](#nothing-like-it-at-all-xyz)\n"
    "[m](target.md#Custom-ID)\n",
    "w/d/index.md": "# D index\n",
}


def test_anchors_against_the_rendered_ids(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, ANCHORS)
    message = "Link '{}' points to '#{}', which is not an anchor of '{}'"
    assert check(docs) == [
        Finding(
            "w/d/from.md",
            13,
            "links/missing-anchor",
            E,
            message.format(
                "target.md#개념-1-이미지-레이어-구조-12분",
                "개념-1-이미지-레이어-구조-12분",
                "w/d/target.md",
            ),
            "Did you mean 'target.md#-개념-1-이미지-레이어-구조-12분' (line 3)?",
        ),
        Finding(
            "w/d/from.md",
            14,
            "links/missing-anchor",
            E,
            message.format("#레이어-구조", "레이어-구조", "w/d/from.md"),
            "Did you mean '#레이어' (line 3)?",
        ),
        Finding(
            "w/d/from.md",
            15,
            "links/missing-anchor",
            E,
            message.format("target.md#실습_2", "실습_2", "w/d/target.md"),
            "Did you mean 'target.md#실습_1' (line 7)?",
        ),
        Finding(
            "w/d/from.md",
            16,
            "links/missing-anchor",
            E,
            message.format(
                "#nothing-like-it-at-all-xyz", "nothing-like-it-at-all-xyz", "w/d/from.md"
            ),
            "Link to a heading's id: the ¶ link next to a heading on the site shows it",
        ),
        Finding(
            "w/d/from.md",
            17,
            "links/missing-anchor",
            E,
            message.format("target.md#Custom-ID", "Custom-ID", "w/d/target.md"),
            "Did you mean 'target.md#custom-id' (line 9)?",
        ),
    ]


# -- raw HTML ------------------------------------------------------------------------------


def test_raw_html_links(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "w/img/a.svg": "<svg/>",
            "w/d/README.md": '# Day\n\n<p align="center">\n  <img src="../img/a.svg">\n</p>\n',
            "w/d/s1.md": '# S1\n\n<div align="center">\n<p>\n'
            '  <img src="../img/a.svg" width="50%">\n'
            '  <a href="./s2.md">next</a> <a href="./s3.md">x</a>\n</p>\n</div>\n',
            "w/d/s2.md": "# S2\n",
        },
    )
    assert check(docs) == [
        Finding(
            "w/d/s1.md",
            5,
            "links/raw-html",
            W,
            "Image '../img/a.svg' is in raw HTML, which MkDocs does not rewrite: "
            "on the site it opens 'w/d/img/a.svg', not 'w/img/a.svg'",
            "Write it in Markdown: ![alt](../img/a.svg)",
        ),
        Finding(
            "w/d/s1.md",
            6,
            "links/missing-page",
            E,
            "Link './s3.md' points to 'w/d/s3.md', which is not a page of the course",
            "Did you mean './s2.md'?",
        ),
        Finding(
            "w/d/s1.md",
            6,
            "links/raw-html",
            W,
            "Link './s2.md' is in raw HTML, which MkDocs does not rewrite: "
            "on the site it opens 'w/d/s1/s2.md', not the page 'w/d/s2.md'",
            "Write it in Markdown: [text](./s2.md)",
        ),
    ]


# -- exclusions ----------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["./drafts/*", r"^\./drafts/.*\.md$", "[unclosed*"])
def test_exclude_patterns_skip_internal_links(tmp_path: Path, pattern: str) -> None:
    docs = make_docs(tmp_path, {"p.md": "# P\n\n[a](./drafts/a.md)\n[b](./missing.md)\n"})
    expected = [("p.md", 4, "links/missing-page")]
    if pattern == "[unclosed*":  # neither a matching glob nor a valid regex: skips nothing
        expected.insert(0, ("p.md", 3, "links/missing-page"))
    assert summary(check(docs, exclude=[pattern])) == expected
