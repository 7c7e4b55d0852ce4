"""The GFM spec's examples (0.29, `tests/fixtures/gfm/spec.txt`, as shipped in marko's sdist)
rendered by the site's parser against the spec's HTML (GitHub's, from cmark-gfm).

Both sides are normalised as the spec's own test runner does (attributes sorted, whitespace
between block tags dropped, entities decoded). The examples we knowingly render differently
are listed in DIFFERENT, each with its reason; the test fails if one of them starts to
pass (so the list stays true) and if the pass rate drops below 97 %.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from validators.render import render_gfm

SPEC = Path(__file__).parent / "fixtures" / "gfm" / "spec.txt"
_FENCE = "`" * 32


def examples() -> list[tuple[int, str, str, str]]:
    """(number, section, markdown, html) of each example, in spec order."""
    result = []
    section = ""
    lines = SPEC.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#") and not line.startswith("#" * 7):
            section = line.lstrip("#").strip()
        if line.startswith(_FENCE + " example"):
            end = lines.index(_FENCE, index + 1)
            body = "\n".join(lines[index + 1 : end]) + "\n"
            source, _, expected = body.partition("\n.\n")
            if body.startswith(".\n"):
                source, expected = "", body[2:]
            source = source + "\n" if source else ""
            result.append(
                (len(result) + 1, section, source.replace("→", "\t"), expected.replace("→", "\t"))
            )
            index = end
        index += 1
    return result


_BLOCK = {
    "article", "blockquote", "body", "dd", "details", "div", "dl", "dt", "figure", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "hr", "html", "li", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
}  # fmt: skip


class _Normaliser(HTMLParser):
    """The spec runner's normalisation, in short."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.last = ""
        self.in_pre = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "pre":
            self.in_pre = True
        if tag in _BLOCK:
            self._strip()
        shown = "".join(f' {k}="{v}"' if v is not None else f" {k}" for k, v in sorted(attrs))
        self.out.append(f"<{tag}{shown}>")
        self.last = "starttag"

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
        if tag in _BLOCK:
            self._strip()
        self.out.append(f"</{tag}>")
        self.last = "endtag"

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if self.last in ("starttag", "endtag") and self._after_block():
                data = data.lstrip()
        self.out.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        self.last = "data"

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def _after_block(self) -> bool:
        last = self.out[-1] if self.out else ""
        match = re.match(r"</?(\w+)", last)
        return bool(match and match[1] in _BLOCK)

    def _strip(self) -> None:
        if self.out and not self.in_pre:
            self.out[-1] = (
                self.out[-1].rstrip() if not self.out[-1].startswith("<") else (self.out[-1])
            )


def normalise(text: str) -> str:
    parser = _Normaliser()
    parser.feed(text)
    parser.close()
    return "".join(parser.out).strip()


# Examples we knowingly render differently from GitHub's spec HTML, with the reason.
_TAG = "GitHub's tag filter (on at github.com) shows <style>/<script>/<textarea> as text;"
_TAG += " this core example expects them raw"
_AUTO = "GitHub's autolink extension (cmarkgfm: the same) links the bare URL or address that"
_AUTO += " this CommonMark-core example leaves as text"
DIFFERENT: dict[int, str] = {
    140: _TAG,
    141: _TAG,
    142: _TAG,
    145: _TAG,
    147: _TAG,
    616: _AUTO,
    619: _AUTO,
    620: _AUTO,
    628: "mdit-py-plugins' GFM autolinks know http(s) and www., not ftp://",
    631: "mdit-py-plugins' GFM autolinks take no `_` in an address's local part (a.b-c_d@a.b)",
}

ALL = examples()


@pytest.mark.parametrize(("number", "section", "source", "expected"), ALL, ids=[
    f"{n}-{s}" for n, s, _, _ in ALL
])  # fmt: skip
def test_example(number: int, section: str, source: str, expected: str) -> None:
    actual = normalise(render_gfm(source))
    if number in DIFFERENT:
        assert actual != normalise(expected), f"example {number} passes now: drop it from DIFFERENT"
        return
    assert actual == normalise(expected), f"{section}, example {number}:\n{source}"


def test_spec_is_all_there() -> None:
    assert len(ALL) == 672


def test_pass_rate_is_at_least_97_percent() -> None:
    passed = sum(
        normalise(render_gfm(source)) == normalise(expected) for _, _, source, expected in ALL
    )
    assert passed / len(ALL) >= 0.97, f"{passed}/{len(ALL)}"
