"""Golden tests for the GitHub-compatible rendering corrections (Markdown in, HTML out).

Each `golden/rendering/NAME.md` renders to `NAME.html` with the site's own Markdown
configuration plus `hooks.github_compat`. Set UPDATE_GOLDEN=1 to rewrite the HTML files
after a deliberate change, then review the diff.
"""

from __future__ import annotations

import difflib
import os
from functools import cache
from pathlib import Path

import markdown
import pytest

from hooks.github_compat import to_python_markdown

GOLDEN = Path(__file__).parent / "golden" / "rendering"
CASES = sorted(path.stem for path in GOLDEN.glob("*.md"))


@cache
def _site_markdown_config() -> tuple[list, dict]:
    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).parent.parent / "mkdocs.yml"))
    return config.markdown_extensions, config.mdx_configs


def render(text: str) -> str:
    extensions, configs = _site_markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    actual = render(to_python_markdown(source)) + "\n"
    expected_file = GOLDEN / f"{case}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True), "expected", "actual"
        )
    )
    assert actual == expected, diff


# Cases where plain Python-Markdown differs from GitHub, so the correction must matter.
CORRECTED = [
    "centered_block",
    "list_after_paragraph",
    "nested_list_two_spaces",
    "quote_after_bold_line",
]


@pytest.mark.parametrize("case", CORRECTED)
def test_correction_is_needed(case: str) -> None:
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    assert render(source) != render(to_python_markdown(source))


def test_centered_block_renders_markdown() -> None:
    html = render(to_python_markdown((GOLDEN / "centered_block.md").read_text()))
    assert "<strong>📦 이미지 구조 마스터</strong>" in html
    assert '<a href="./session_4.md">Session 4 - Docker 기본 실습</a>' in html
    assert "**" not in html


def test_lists_and_nesting_like_github() -> None:
    html = render(to_python_markdown((GOLDEN / "nested_list_two_spaces.md").read_text()))
    assert html.count("<ul>") == 2
    assert "<li>오늘 만든 이미지들 보관</li>" in html
    html = render(to_python_markdown((GOLDEN / "list_after_paragraph.md").read_text()))
    assert "<ol>" in html and html.count("<li>") == 4


def test_anchor_ids_like_github() -> None:
    html = render(to_python_markdown((GOLDEN / "korean_headings.md").read_text()))
    assert 'id="-개념-1-이미지-레이어-구조-12분"' in html
    assert 'id="-이미지-레이어-read-only"' in html
    assert 'id="도커-설치"' in html and 'id="도커-설치_1"' in html


def test_code_inside_fences_is_left_alone() -> None:
    source = '```html\n<div align="center">\n</div>\ntext\n- item\n```\n'
    assert to_python_markdown(source) == source


def test_untouched_when_already_python_markdown_friendly() -> None:
    source = "# Title\n\nParagraph.\n\n- a\n- b\n"
    assert to_python_markdown(source) == source
