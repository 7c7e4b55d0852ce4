"""How the mermaid check loads mermaid, in real Chromium: the parse-only `getConfig` memo
(bundle.py) on both pinned bundles, and the Chromium profile kept in the cache folder
(browser.py), one checker at a time."""

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


def test_both_pinned_bundles_get_the_memo(bundles: list[Path]) -> None:
    # a mermaid upgrade that renames getConfig's shape fails here, not silently slower
    for path in bundles:
        source, patched = bundle.load(path)
        assert patched, path
        assert source.count(bundle.FLAG) == 1


def test_patch_leaves_an_unknown_bundle_as_it_is() -> None:
    source = 'var getConfig=()=>structuredClone(config),x="getConfig";'
    assert bundle.patch(source) == (source, False)


def test_config_is_copied_once_per_configuration_only_while_parsing(bundles: list[Path]) -> None:
    # in a thread of its own: other tests may leave an asyncio loop in this one
    with ThreadPoolExecutor(1) as pool:
        same = pool.submit(_memo_answers, bundles[0]).result()
    assert same == {"drawing": False, "parsing": True, "renewed": True, "updated": True}


def _memo_answers(site: Path) -> dict[str, bool]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.add_script_tag(content=bundle.load(site)[0])
        same = page.evaluate(
            """flag => {
              const api = mermaid.mermaidAPI;
              window[flag] = false;
              const drawing = api.getConfig() === api.getConfig();
              window[flag] = true;
              const parsing = api.getConfig() === api.getConfig();
              const first = api.getConfig();
              api.reset();
              const renewed = first !== api.getConfig();
              api.setConfig({ fontSize: 20 });
              const updated = api.getConfig().fontSize === 20;
              window[flag] = false;
              return { drawing, parsing, renewed, updated };
            }""",
            bundle.FLAG,
        )
        browser.close()
    return same


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
