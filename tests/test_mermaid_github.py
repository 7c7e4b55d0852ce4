"""The second verdict: GitHub's mermaid (the npm alias mermaid-github, 11.3.0), in real
Chromium beside the site's pinned mermaid; and the render tier's shortcut (flowcharts that
parse are not drawn) against drawing every diagram, on the 60-diagram verdict fixture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT, require
from tests.test_mermaid import _corpus
from validators.assets import find_mermaid
from validators.checks import PreconditionError
from validators.checks.mermaid import SVG_ID, MermaidChecker, find_mermaid_github
from validators.findings import Finding, Severity
from validators.page import Page, parse_page
from validators.settings import Settings

VERSION = Settings().mermaid_github_version


@pytest.fixture(scope="module")
def bundles() -> tuple[Path, Path]:
    require(Path(CHROMIUM).exists(), "chromium")
    site = find_mermaid(ROOT)
    require(site is not None, "mermaid (npm ci)")
    assert site is not None
    return site, find_mermaid_github(ROOT, VERSION)


@pytest.fixture(scope="module")
def checker(bundles: tuple[Path, Path]) -> Iterator[MermaidChecker]:
    site, github = bundles
    with MermaidChecker(
        site, timeout=20, chromium=CHROMIUM, github_js=github, github_version=VERSION
    ) as checker:
        yield checker


def _md(*diagrams: str) -> Page:
    text = "# t\n\n" + "\n".join(f"```mermaid\n{code}```\n" for code in diagrams)
    return parse_page("t.md", text)


def test_the_setting_is_the_installed_alias() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["mermaid-github"] == f"npm:mermaid@{VERSION}"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/mermaid-github"]["version"] == VERSION


def test_architecture_titles_github_rejects(checker: MermaidChecker) -> None:
    # The authors' own history: titles with '-', '.', '/' or Korean draw on the site only.
    page = _md(
        "architecture-beta\n    group api(cloud)[API-Server]\n"
        "    service db(database)[Database] in api\n",
        "architecture-beta\n    service db(database)[DB]\n    service web(server)[웹 서버]\n",
        "architecture-beta\n    service a(server)[v1.2]\n",
        "architecture-beta\n    service a(disk)[data/logs]\n",
        "architecture-beta\n    group api(cloud)[API Server]\n"
        "    service db(database)[DB] in api\n",
    )
    findings = checker.check([page])
    assert findings[0] == Finding(
        "t.md",
        5,
        "mermaid/github",
        Severity.WARNING,
        f"GitHub's mermaid {VERSION} cannot parse the architecture-beta title '[API-Server]': "
        "it allows only letters, digits, spaces and _ there",
        "Write the titles without '-', '.', '/' or Korean (e.g. 'API Server' for "
        "'API-Server'), or explain them in the text around the diagram",
    )
    assert [(f.rule, f.line, f.message.split("'")[2]) for f in findings] == [
        ("mermaid/github", 5, "[API-Server]"),
        ("mermaid/github", 12, "[웹 서버]"),
        ("mermaid/github", 17, "[v1.2]"),
        ("mermaid/github", 22, "[data/logs]"),
    ]  # the last diagram parses on both


def test_a_type_github_does_not_know(checker: MermaidChecker) -> None:
    page = _md("radar-beta\n  axis a, b, c\n  curve x{1,2,3}\n", "graph TD\n  A --> B\n")
    assert checker.check([page]) == [
        Finding(
            "t.md",
            4,
            "mermaid/github",
            Severity.WARNING,
            f"GitHub's mermaid {VERSION} does not know 'radar-beta' diagrams: "
            "the site draws it, GitHub shows an error box",
            "Use a type GitHub's mermaid knows (flowchart, sequenceDiagram, classDiagram, …) "
            "if students read this page on GitHub",
        )
    ]


def test_an_error_on_the_site_is_not_repeated_for_github(checker: MermaidChecker) -> None:
    findings = checker.check([_md("graph TD\n  A -->\n", "architecture-beta\n  service x[a-b\n")])
    assert [f.rule for f in findings] == ["mermaid/syntax", "mermaid/syntax"]


def test_wrong_or_missing_github_mermaid_says_the_fix(tmp_path: Path) -> None:
    with pytest.raises(PreconditionError, match='"mermaid-github": "npm:mermaid@9.9.9"'):
        find_mermaid_github(ROOT, "9.9.9")


def test_fixture_verdicts_unchanged_by_the_shortcut(bundles: tuple[Path, Path]) -> None:
    """Drawing every diagram (before) and drawing only what can fail while drawing (now):
    the same findings on the verdict fixture, with and without GitHub's verdict."""
    site, github = bundles
    page, _ = _corpus()
    with MermaidChecker(site, timeout=20, chromium=CHROMIUM, fast=False) as before:
        drawn = before.check([page])
    with MermaidChecker(
        site, timeout=20, chromium=CHROMIUM, github_js=github, github_version=VERSION
    ) as now:
        found = now.check([page])
    assert len(page.fences) >= 59
    assert [f for f in found if f.rule != "mermaid/github"] == drawn
    # the fixture's newer types are the ones GitHub's mermaid does not know
    github = sorted({f.message.split("'")[2] for f in found if f.rule == "mermaid/github"})
    assert "radar-beta" in github and "treemap-beta" in github


def test_kept_svgs_answer_every_tier(bundles: tuple[Path, Path], tmp_path: Path) -> None:
    site, _ = bundles
    page = _md("graph TD\n  A[가] --> B\n", "graph TD\n  A -->\n")
    code = "graph TD\n  A[가] --> B"
    with MermaidChecker(site, cache_dir=tmp_path, timeout=20, chromium=CHROMIUM) as fast:
        fast.check([page])
        assert fast.svg(code) is None  # the verdict alone draws no flowchart
    with MermaidChecker(
        site, cache_dir=tmp_path, timeout=20, chromium=CHROMIUM, keep_svg=True
    ) as drawing:
        drawing.check([page])
        assert drawing.stats.checked == 1  # the error needs no drawing; the other does
        svg = drawing.svg(code)
    assert svg is not None and svg.startswith("<svg") and f'id="{SVG_ID}"' in svg
    assert "가" in svg and "var(--md-mermaid-node-bg-color)" in svg
    with MermaidChecker(site, cache_dir=tmp_path, timeout=20, chromium=CHROMIUM) as again:
        again.check([page])
        assert (again.stats.checked, again.browser_started) == (0, False)
