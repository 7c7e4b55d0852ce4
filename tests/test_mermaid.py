"""The mermaid check in real Chromium with the pinned mermaid (never mocked).

- the seeds: exact findings for the 28 diagrams of docs/ (golden file
  fixtures/mermaid/seeds.json; UPDATE_GOLDEN=1 rewrites it, then review the diff);
- fixtures/mermaid/diagrams.md: diagrams of every type, good and bad, each preceded by the
  verdict Chromium reaches (`<!-- expect: rule@+N; parse: … -->`), for both tiers;
- error-line mapping, stray-node lint, the cache, a diagram that hangs the renderer.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT, require
from validators.assets import find_mermaid
from validators.checks.mermaid import MermaidChecker, MermaidUnavailable, check_mermaid
from validators.checks.mermaid.checker import SITE_CONFIG
from validators.checks.mermaid.source import error_line, line_map, preprocess, site_code, style_refs
from validators.findings import Finding, Severity
from validators.page import Page, parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "mermaid"
SEEDS = [
    "week1/day2/session_2.md",
    "week1/day2/session_4.md",
    "week1/day2/session_5.md",
    "week1/day3/README.md",
    "week1/day3/session_1.md",
]
# A real hang: mermaid expands `space:N` into N blocks, busy for minutes before it gives up.
HANG = "block-beta\n  columns 3\n  a space:1000000000 b\n"


@pytest.fixture(scope="module")
def mermaid_js() -> Path:
    """The site's pinned mermaid bundle, and Chromium to run it in."""
    require(Path(CHROMIUM).exists(), "chromium")
    path = find_mermaid(ROOT)
    require(path is not None, "mermaid (npm ci)")
    return path


@pytest.fixture(scope="module")
def render_checker(mermaid_js: Path) -> Iterator[MermaidChecker]:
    with MermaidChecker(mermaid_js, timeout=20, mode="render", chromium=CHROMIUM) as checker:
        yield checker


@pytest.fixture(scope="module")
def parse_checker(mermaid_js: Path) -> Iterator[MermaidChecker]:
    with MermaidChecker(mermaid_js, timeout=20, mode="parse", chromium=CHROMIUM) as checker:
        yield checker


def _seed_pages() -> list[Page]:
    return [parse_page(path, (ROOT / "docs" / path).read_text(encoding="utf-8")) for path in SEEDS]


def _md(*diagrams: str) -> Page:
    """A page of mermaid blocks, the first fence on line 3, each block after the last."""
    text = "# t\n\n" + "\n".join(f"```mermaid\n{code}```\n" for code in diagrams)
    return parse_page("t.md", text)


# -- the seeds -------------------------------------------------------------------------------


def _verdicts(pages: list[Page], findings: list[Finding]) -> dict[str, str]:
    verdicts = {}
    for page in pages:
        for fence in page.fences:
            if fence.lang != "mermaid":
                continue
            rules = sorted(
                {
                    f.rule
                    for f in findings
                    if f.path == page.path and fence.line <= f.line <= fence.end_line
                }
            )
            verdicts[f"{page.path}:{fence.line}"] = ", ".join(rules) or "ok"
    return verdicts


def test_seed_diagrams_render_as_in_chromium(mermaid_js: Path, tmp_path: Path) -> None:
    pages = _seed_pages()
    findings = check_mermaid(pages, mermaid_js=mermaid_js, cache_dir=tmp_path, timeout=20)
    actual = {
        "verdicts": _verdicts(pages, findings),
        "findings": [finding.to_dict() for finding in findings],
    }
    golden = FIXTURES / "seeds.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", "utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert len(actual["verdicts"]) == 28
    assert actual == expected


def test_seed_findings_in_the_parse_tier(parse_checker: MermaidChecker) -> None:
    # The seeds all render, so the fast tier must find exactly the same (the stray nodes).
    expected = json.loads((FIXTURES / "seeds.json").read_text(encoding="utf-8"))["findings"]
    assert [f.to_dict() for f in parse_checker.check(_seed_pages())] == expected


# -- every diagram type, good and bad: the verdicts stated in the fixture ---------------------

_EXPECT = re.compile(r"<!-- expect: (.*?)(?:; parse: (.*?))? -->")


def _corpus() -> tuple[Page, dict[str, dict[int, list[str]]]]:
    page = parse_page("diagrams.md", (FIXTURES / "diagrams.md").read_text(encoding="utf-8"))
    expected: dict[str, dict[int, list[str]]] = {"render": {}, "parse": {}}
    for fence in page.fences:
        match = _EXPECT.fullmatch(page.lines[fence.line - 2])
        assert match, f"diagrams.md:{fence.line}: no expectation above the fence"
        render, parse = match[1], match[2] if match[2] is not None else match[1]
        expected["render"][fence.line] = _findings_spec(render)
        expected["parse"][fence.line] = _findings_spec(parse)
    return page, expected


def _findings_spec(text: str) -> list[str]:
    return [] if text == "ok" else [item.strip() for item in text.split(",")]


def _actual(page: Page, findings: list[Finding]) -> dict[int, list[str]]:
    result = {}
    for fence in page.fences:
        inside = [f for f in findings if fence.line <= f.line <= fence.end_line]
        result[fence.line] = [
            f"{f.rule}@{'fence' if f.line == fence.line else f'+{f.line - fence.line}'}"
            for f in inside
        ]
    return result


@pytest.fixture(scope="module")
def corpus_render(render_checker: MermaidChecker) -> list[Finding]:
    return render_checker.check([_corpus()[0]])


@pytest.fixture(scope="module")
def corpus_parse(parse_checker: MermaidChecker) -> list[Finding]:
    return parse_checker.check([_corpus()[0]])


def test_every_type_renders_as_chromium_says(corpus_render: list[Finding]) -> None:
    page, expected = _corpus()
    assert sum(len(found) for found in _actual(page, corpus_render).values()) == len(corpus_render)
    assert _actual(page, corpus_render) == expected["render"]


def test_every_type_parses_as_chromium_says(corpus_parse: list[Finding]) -> None:
    page, expected = _corpus()
    assert _actual(page, corpus_parse) == expected["parse"]


def test_corpus_covers_every_diagram_type() -> None:
    page, expected = _corpus()
    kinds = {}
    for fence in page.fences:
        code = site_code(fence.content)
        kind = preprocess(code).split(None, 1)[0] if preprocess(code).strip() else ""
        kinds.setdefault(kind, set()).add(bool(expected["render"][fence.line]))
    for kind in (
        "flowchart",
        "graph",
        "sequenceDiagram",
        "classDiagram",
        "stateDiagram-v2",
        "erDiagram",
        "gantt",
        "pie",
        "journey",
        "mindmap",
        "timeline",
        "gitGraph",
        "requirementDiagram",
        "xychart-beta",
        "block-beta",
        "architecture-beta",
    ):
        assert kinds.get(kind) == {True, False}, f"{kind}: needs a good and a bad diagram"
    for kind in ("quadrantChart", "C4Context", "sankey-beta", "packet-beta", "kanban"):
        assert False in kinds[kind], f"{kind}: needs a good diagram"
    for kind in ("radar-beta", "treemap-beta"):
        assert kinds[kind] == {False}


def test_parse_accepts_what_render_rejects(
    corpus_render: list[Finding], corpus_parse: list[Finding]
) -> None:
    page, _ = _corpus()
    gantt = next(f for f in page.fences if "2024-13-45" in f.content)
    assert [f for f in corpus_parse if gantt.line <= f.line <= gantt.end_line] == []
    assert [f for f in corpus_render if gantt.line <= f.line <= gantt.end_line] == [
        Finding(
            "diagrams.md",
            gantt.line + 4,
            "mermaid/render",
            Severity.ERROR,
            "Mermaid parses this diagram but cannot draw it: Invalid date:2024-13-45",
            "Write the date in the chart's dateFormat, with a real month and day",
        )
    ]


# -- messages, error lines and the stray-node lint ----------------------------------------------


def test_syntax_error_quotes_the_line_and_mermaid(render_checker: MermaidChecker) -> None:
    page = _md(
        "graph TD\n    %% why\n\n    A --> B\n    B -> C\n", "flowchart LR\n    A[open --> B\n"
    )
    assert render_checker.check([page]) == [
        Finding(
            "t.md",
            8,
            "mermaid/syntax",
            Severity.ERROR,
            "Mermaid cannot parse 'B -> C': expecting 'SEMI', 'NEWLINE', 'EOF', 'AMP', …, "
            "got 'MINUS'",
            "Fix the syntax at this line",
        ),
        Finding(
            "t.md",
            13,
            "mermaid/syntax",
            Severity.ERROR,
            "Mermaid cannot parse 'A[open --> B': the diagram ends inside this statement "
            "(expecting 'SQE', 'DOUBLECIRCLEEND', 'PE', '-)', …)",
            "Close the bracket, quote or block that this line opens",
        ),
    ]


def test_stray_nodes_get_the_fix_in_the_hint(render_checker: MermaidChecker) -> None:
    page = _md(
        "graph LR\n"
        "    A[Base] --> B[Layer] --> C[Top]\n"
        "    style A,B,C fill:#e8f5e8\n"
        "    style Bb stroke:#333\n"
        "    style B fill:#fff\n"
    )
    assert render_checker.check([page]) == [
        Finding(
            "t.md",
            6,
            "mermaid/stray-node",
            Severity.WARNING,
            "'style A,B,C' draws an extra box labelled 'A,B,C' and styles none of A, B, C",
            "Give style one node id: write 'style A fill:#e8f5e8' for each of A, B, C, "
            "or 'classDef name fill:#e8f5e8' plus 'class A,B,C name'",
        ),
        Finding(
            "t.md",
            7,
            "mermaid/stray-node",
            Severity.WARNING,
            "'style Bb' draws an extra box labelled 'Bb': the diagram defines no node 'Bb'",
            "Did you mean 'B'? Style a node id the diagram defines",
        ),
    ]


def test_no_stray_node_when_every_style_names_a_node(render_checker: MermaidChecker) -> None:
    page = _md(
        "flowchart TB\n"
        "    subgraph G [Group]\n        A --> B\n    end\n"
        "    C@{ shape: circle } --> D:::x\n"
        "    classDef x fill:#f96\n"
        "    class A,B x\n"
        "    style G fill:#eee\n    style A fill:#f00\n    style C fill:#0f0\n"
        "    style D fill:#00f\n"
    )
    assert render_checker.check([page]) == []
    # every check of this module reused the checker's pages: no page per call
    assert render_checker.stats.pages <= render_checker.lanes


def test_preprocess_and_line_map_follow_mermaid() -> None:
    code = (
        "---\ntitle: x\n---\n%%{init: {'theme': 'dark'}}%%\n\ngraph TD\n"
        "    %% note\n\n    A --> B\n    %% more\n    B --> C"
    )
    # comment lines go, with the blank lines before them; a blank line after one stays
    assert preprocess(code) == "graph TD\n\n    A --> B\n    B --> C"
    assert line_map(code) == [5, 7, 8, 10]
    assert error_line(code, {"loc": {"first": 3, "last": 3}, "token": "PS"}) == 8
    # a token after blank (or comment) lines: the statement before them is unfinished
    assert error_line(code, {"loc": {"first": 2, "last": 2}, "token": "1"}) == 5
    assert error_line("graph TD\n\nA(-->\n", {"loc": {"first": 4, "last": 5}, "token": "1"}) == 2
    assert error_line("pie\n  x", {"message": "Parse error on line 2, column 3: y"}) == 1
    assert error_line("pie\n  x", {"message": "Cannot merge"}) is None


def test_site_code_is_what_the_page_carries() -> None:
    # Python-Markdown expands tabs and empties whitespace-only lines; the last newline goes.
    assert (
        site_code("graph TD\n\tA --> B\n   \n  B --> C\n") == "graph TD\n    A --> B\n\n  B --> C"
    )


def test_style_refs_swap_only_style_targets() -> None:
    refs = style_refs("graph TD\n  A --> B; style B,C fill:#f00\n  %% style Z fill:#000\n")
    assert refs is not None
    assert refs.lines == {"B,C": [1]}
    assert refs.refs == [("mermaidCheckStyleRef0", "B,C")]
    assert refs.probe == (
        "graph TD\n  A --> B; style mermaidCheckStyleRef0 fill:#f00\n  %% style Z fill:#000\n"
    )
    assert style_refs("sequenceDiagram\n  style A fill:#f00\n") is None
    assert style_refs("graph TD\n  A --> B\n") is None


# -- the cache, a hang, a missing browser ------------------------------------------------------


def test_second_run_renders_nothing(mermaid_js: Path, tmp_path: Path) -> None:
    page = _md(
        "graph TD\n  A --> B\n  style B,C fill:#f00\n", 'pie\n  "a": 1\n', "graph TD\n  A -->\n"
    )
    with MermaidChecker(mermaid_js, cache_dir=tmp_path, timeout=20, lanes=1) as first:
        cold = first.check([page])
        assert (first.stats.checked, first.stats.cached, first.browser_started) == (3, 0, True)
    assert [f.rule for f in cold] == ["mermaid/stray-node", "mermaid/syntax"]
    assert len(list(tmp_path.glob("*.json"))) == 3
    with MermaidChecker(mermaid_js, cache_dir=tmp_path, timeout=20, lanes=1) as second:
        assert second.check([page]) == cold
        assert (second.stats.checked, second.stats.cached) == (0, 3)
        assert not second.browser_started  # nothing to render: Chromium never started
    with MermaidChecker(mermaid_js, cache_dir=tmp_path, timeout=20, mode="parse") as parse:
        assert parse.check([page]) == cold  # the render tier's results answer the parse tier
        assert (parse.stats.checked, parse.browser_started) == (0, False)
    other = tmp_path / "parse-first"
    with MermaidChecker(mermaid_js, cache_dir=other, timeout=20, mode="parse") as parse:
        parse.check([page])
    with MermaidChecker(mermaid_js, cache_dir=other, timeout=20, lanes=1) as render:
        render.check([page])
        assert render.stats.checked == 3  # parse results never answer the render tier


def test_a_hanging_diagram_times_out_and_the_run_goes_on(mermaid_js: Path, tmp_path: Path) -> None:
    page = _md(HANG, "graph TD\n  A --> B\n", "graph TD\n  A -->\n")
    timeout = 1.5
    with MermaidChecker(mermaid_js, cache_dir=tmp_path, timeout=timeout, lanes=1) as checker:
        findings = checker.check([page])
        assert (checker.stats.timeouts, checker.stats.pages) == (1, 2)  # a fresh page after it
    assert findings == [
        Finding(
            "t.md",
            3,
            "mermaid/timeout",
            Severity.ERROR,
            "Mermaid did not finish this diagram within 1.5 s: "
            "the reader's browser tab hangs on it",
            "Shrink the diagram (fewer nodes, links or repeated blocks) or split it",
        ),
        Finding(
            "t.md",
            16,
            "mermaid/syntax",
            Severity.ERROR,
            "Mermaid cannot parse 'A -->': the diagram ends inside this statement "
            "(expecting 'AMP', 'COLON', 'PIPE', 'TESTSTR', …)",
            "Close the bracket, quote or block that this line opens",
        ),
    ]
    with MermaidChecker(mermaid_js, cache_dir=tmp_path, timeout=timeout, lanes=1) as again:
        assert again.check([page]) == findings
        assert (again.stats.checked, again.stats.cached) == (1, 2)  # a timeout is not cached


def test_missing_chromium_is_a_clear_error(tmp_path: Path) -> None:
    page = _md("graph TD\n  A --> B\n")
    mermaid_js = tmp_path / "mermaid.min.js"
    mermaid_js.write_text("// not used: the browser is missing", encoding="utf-8")
    with MermaidChecker(mermaid_js, chromium=str(tmp_path / "no-chromium")) as checker:
        with pytest.raises(MermaidUnavailable, match="Chromium is needed"):
            checker.check([page])


def test_site_config_is_materials() -> None:
    """The harness initialises mermaid with the options Material for MkDocs passes."""
    import material

    bundles = list(
        (Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob(
            "bundle.*.min.js"
        )
    )
    assert len(bundles) == 1
    script = bundles[0].read_text(encoding="utf-8")
    call = re.search(
        r"mermaid\.initialize\(\{startOnLoad:!1,themeCSS:(\w+),sequence:\{([^}]*)\}\}\)", script
    )
    assert call, "Material no longer calls mermaid.initialize as expected: update site_config.json"
    css = re.search(rf"\bvar {call[1]}=(\"(?:[^\"\\\\]|\\\\.)*\")", script)
    assert css
    expected = {
        "startOnLoad": False,
        "themeCSS": json.loads(css[1]),
        "sequence": dict(re.findall(r'(\w+):"([^"]*)"', call[2])),
    }
    assert json.loads(SITE_CONFIG.read_text(encoding="utf-8")) == expected
