"""How the mermaid check loads mermaid, in real Chromium: the parse-only patches (bundle.py:
configuration copies kept, labels not sanitized) on both pinned bundles, and the Chromium
profile kept in the cache folder (browser.py), one checker at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT, require
from validators.assets import find_mermaid
from validators.checks.mermaid import MermaidChecker, bundle, find_mermaid_github
from validators.page import parse_page
from validators.settings import Settings

GOOD = "```mermaid\nflowchart LR\n  A[시작] --> B[끝]\n```\n"


@pytest.fixture(scope="module")
def bundles() -> list[Path]:
    require(Path(CHROMIUM).exists(), "chromium")
    site = find_mermaid(ROOT)
    require(site is not None, "mermaid (npm ci)")
    return [site, find_mermaid_github(ROOT, Settings().mermaid_github_version)]


def test_both_pinned_bundles_get_their_patches(bundles: list[Path]) -> None:
    # a mermaid upgrade that changes a patched function's shape fails here, not silently slower
    site, github = (bundle.load(path)[1] for path in bundles)
    assert site == ("getConfig", "updateCurrentConfig", "sanitize")
    # 11.3's setConfig changes the configuration in place: its results are not kept
    assert github == ("getConfig", "setConfig", "sanitize")


def test_patch_leaves_an_unknown_bundle_as_it_is() -> None:
    source = 'var getConfig=()=>structuredClone(config),x="getConfig";'
    assert bundle.patch(source) == (source, ())


def test_config_is_copied_once_per_configuration_only_while_parsing(bundles: list[Path]) -> None:
    # in a thread of its own: other tests may leave an asyncio loop in this one
    with ThreadPoolExecutor(1) as pool:
        answers = [pool.submit(_memo_answers, path).result() for path in bundles]
    for answer in answers:
        assert answer == {
            "drawing": False,
            "parsing": True,
            "next parse": False,
            "updated": True,
            "reset": True,
            "updated again": True,
            "sanitized": True,
            "as written": True,
            "sanitized after": True,
        }


def _memo_answers(path: Path) -> dict[str, bool]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.add_script_tag(content=bundle.load(path)[0])
        answers = page.evaluate(
            """async flag => {
              mermaid.initialize({ startOnLoad: false });
              const api = mermaid.mermaidAPI;
              const label = async () => {
                api.reset();
                const code = 'flowchart LR\\n  A["<img src=x onerror=alert(1)>끝"]';
                const diagram = await api.getDiagramFromText(code);
                return diagram.db.getVertices().get("A").text;
              };
              const size = api.getConfig().fontSize;
              window[flag] = false;
              const drawing = api.getConfig() === api.getConfig();
              const sanitized = !(await label()).includes("onerror");
              window[flag] = 1;
              const parsing = api.getConfig() === api.getConfig();
              const first = api.getConfig();
              window[flag] = 2;
              const nextParse = first === api.getConfig();
              api.setConfig({ fontSize: 20 });
              const updated = api.getConfig().fontSize === 20;
              api.reset();
              const reset = api.getConfig().fontSize === size;
              api.setConfig({ fontSize: 20 });
              const updatedAgain = api.getConfig().fontSize === 20;
              const asWritten = (await label()).includes("onerror");
              window[flag] = false;
              const sanitizedAfter = !(await label()).includes("onerror");
              return {
                drawing, parsing, "next parse": nextParse, updated, reset,
                "updated again": updatedAgain, sanitized, "as written": asWritten,
                "sanitized after": sanitizedAfter,
              };
            }""",
            bundle.FLAG,
        )
        browser.close()
    return answers


def test_profile_is_kept_and_used_by_one_checker_at_a_time(
    bundles: list[Path], tmp_path: Path
) -> None:
    pages = [parse_page("a.md", GOOD)]
    with MermaidChecker(bundles[0], cache_dir=tmp_path, chromium=CHROMIUM) as first:
        assert first.check(pages) == []
        # a second checker on the same cache meanwhile: its own throw-away profile
        other = "```mermaid\nflowchart LR\n  C --> D\n```\n"
        with MermaidChecker(bundles[0], cache_dir=tmp_path, chromium=CHROMIUM) as second:
            assert second.check([parse_page("b.md", other)]) == []
            assert second._profile is not None and second._profile.temporary
            temporary = second._profile.path
        assert not temporary.exists()
        assert first._profile is not None and first._profile.path == tmp_path / "chromium"
    # the compiled bundles are in the kept profile for the next run
    assert list((tmp_path / "chromium").rglob("Code Cache/js/*"))
