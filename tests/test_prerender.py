"""Diagrams pre-rendered at build time (hooks/diagrams.py) and exported for an LMS
(`python -m validators export-diagrams`): real `mkdocs build`, real Chromium, real mermaid.

- the HTML rewrite itself (pure): which fences are replaced, when the script goes;
- a course built cold: every diagram that draws is in the page, the mermaid script only on
  the page whose diagram does not draw; in Chromium **with JavaScript disabled** the diagrams
  show, in the light palette and in the dark one (screenshots in test-artifacts/);
- the export: SVG files that are XML with the palette written in, PNGs, Markdown copies.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT, require, write_course
from validators.checks.mermaid import SVG_ID
from validators.checks.mermaid.prerender import prerender

SCRIPT = '<script src="../assets/javascripts/mermaid.min.js"></script>\n'
FLOWCHART = """graph TB
    subgraph "호스트 머신"
        A[Docker CLI<br/>명령어] --> B[Docker Daemon<br/>dockerd]
    end
    B --> C[컨테이너]
    style A fill:#e8f5e8
"""
SEQUENCE = """sequenceDiagram
    participant U as 사용자
    participant W as 웹 서버 (포트 80)
    U->>W: HTTP 요청
    W-->>U: 응답
"""
FILES = {
    "index.md": f"# 구조\n\n```mermaid\n{FLOWCHART}```\n\n본문.\n\n```mermaid\n{SEQUENCE}```\n",
    "broken.md": "# 깨진 그림\n\n```mermaid\ngraph TD\n    A -->\n```\n",
    "plain.md": "# 글만\n\n다이어그램이 없습니다.\n",
}


# -- the rewrite (pure) ---------------------------------------------------------------------


def test_prerender_replaces_what_was_drawn_and_drops_the_script_when_nothing_is_left() -> None:
    page = (
        f'<p>x</p><pre class="mermaid"><code>graph TD\n  A --&gt; B[&lt;br/&gt;가]\n</code></pre>'
        f"<p>y</p>{SCRIPT}"
    )
    asked = []

    def svg_of(code: str) -> str | None:
        asked.append(code)
        return f'<svg id="{SVG_ID}"><style>#{SVG_ID}{{}}</style></svg>'

    result = prerender(page, svg_of)
    assert asked == ["graph TD\n  A --> B[<br/>가]"]  # the source as the check saw it
    assert (result.done, result.left) == (1, 0)
    assert result.html == (
        '<p>x</p><div class="mermaid course-diagram"><template shadowrootmode="open">'
        '<svg id="course-diagram-1"><style>#course-diagram-1{}</style></svg></template></div>'
        "<p>y</p>"
    )
    kept = prerender(page, lambda code: None)
    assert (kept.html, kept.done, kept.left) == (page, 0, 1)  # the browser draws it
    assert prerender(f"<p>no diagram</p>{SCRIPT}", svg_of).html == "<p>no diagram</p>"


# -- a course built cold, in Chromium without JavaScript ----------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(Path(CHROMIUM).exists(), "chromium")
    root = tmp_path_factory.mktemp("prerender")
    config = write_course(root, FILES, "extra:\n  course:\n    cache_dir: cache\n")
    text = config.read_text(encoding="utf-8")
    hook = f"  - {ROOT / 'hooks' / 'course.py'}\n"
    config.write_text(text.replace(hook, hook + f"  - {ROOT / 'hooks' / 'diagrams.py'}\n"))
    site = root / "site"
    cold = _build(config, site)  # the checks draw while MkDocs writes the pages
    assert "2 diagrams pre-rendered, 1 left to the browser" in cold
    first = (site / "index.html").read_text(encoding="utf-8")
    _build(config, root / "warm")  # every SVG is in the cache when the page is written
    assert (root / "warm" / "index.html").read_text(encoding="utf-8") == first
    return site


def _build(config: Path, site: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_built_pages_carry_their_diagrams(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    assert index.count('<div class="mermaid course-diagram"><template shadowrootmode="open">') == 2
    assert '<pre class="mermaid">' not in index and "mermaid.min.js" not in index
    broken = (built / "broken" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in broken and "mermaid.min.js" in broken
    assert "mermaid.min.js" not in (built / "plain" / "index.html").read_text(encoding="utf-8")
    assert "mermaid.min.js" not in (built / "404.html").read_text(encoding="utf-8")


SHOWN = """() => [...document.querySelectorAll("div.course-diagram")].map((host) => {
  const svg = host.shadowRoot && host.shadowRoot.querySelector("svg");
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const link = host.shadowRoot.querySelector(".flowchart-link");
  const actor = host.shadowRoot.querySelector("rect.actor");
  return {
    width: box.width, height: box.height, text: host.shadowRoot.textContent,
    colour: link ? getComputedStyle(link).stroke : getComputedStyle(actor).fill,
  };
})"""


def test_prerendered_page_shows_diagrams_without_javascript(
    built: Path, chromium, artifacts: Path
) -> None:
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1100, "height": 900}
    )
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto((built / "index.html").as_uri())
    shown = {}
    for scheme in ("default", "slate"):  # Material's palette attribute: light, then dark
        tab.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        shown[scheme] = tab.evaluate(SHOWN)
        tab.locator("article").screenshot(path=str(artifacts / f"prerendered_{scheme}.png"))
    context.close()
    assert not any(url.endswith("mermaid.min.js") for url in requests)
    for diagrams in shown.values():
        assert len(diagrams) == 2 and all(
            d and d["width"] > 100 and d["height"] > 80 for d in diagrams
        )
        assert "명령어" in diagrams[0]["text"] and "HTTP 요청" in diagrams[1]["text"]
    # the same SVG, coloured by the palette: the links and the actor boxes change colour
    assert shown["default"][0]["colour"] != shown["slate"][0]["colour"]
    assert shown["default"][1]["colour"] != shown["slate"][1]["colour"]


# -- the export -----------------------------------------------------------------------------


def test_export_writes_svg_png_and_markdown(tmp_path: Path) -> None:
    require(Path(CHROMIUM).exists(), "chromium")
    config = write_course(tmp_path / "course", FILES, "extra:\n  course:\n    cache_dir: cache\n")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "validators", "export-diagrams", str(out), "-f", str(config),
         "--lang", "en"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # broken.md's diagram does not draw
    assert "index.md: 2 diagrams written" in result.stdout
    assert "broken.md:3: diagram not exported" in result.stdout
    copy = (out / "index.md").read_text(encoding="utf-8")
    assert "```mermaid" not in copy and "본문." in copy
    assert "![Diagram 1](index_diagrams/1.png)" in copy
    assert "[SVG file](index_diagrams/2.svg)" in copy
    assert "```mermaid" in (out / "broken.md").read_text(encoding="utf-8")
    for number in (1, 2):
        svg = (out / "index_diagrams" / f"{number}.svg").read_text(encoding="utf-8")
        root = ElementTree.fromstring(svg)  # a standalone SVG file is XML
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "var(--" not in svg and not re.search(r"MERMAID_ID", svg)
        png = (out / "index_diagrams" / f"{number}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 2000
    assert "사용자" in (out / "index_diagrams" / "2.svg").read_text(encoding="utf-8")
