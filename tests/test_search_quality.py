"""Search quality in real Chromium: generated Korean lessons, built with the project's
hooks, each query typed into Material's search box; recall@10 per kind of query."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.search_browser import recall_at_10, run_queries, serve
from tests.conftest import ROOT, build_course, write_course
from tests.search_lessons import KINDS, course, write

GLOSSARY = "| 한국어 | English |\n|---|---|\n| 큐브씨티엘 | kubectl |\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("search-course")
    lessons, queries = course(40)
    config = write_course(root, {}, f"  - {ROOT / 'hooks' / 'search.py'}\n")
    write(root / "docs", lessons)
    (root / "docs" / "GLOSSARY.md").write_text(GLOSSARY, encoding="utf-8")
    build_course(config, root / "site")
    return root / "site", queries


def test_the_index_replaces_lunr_and_leaves_out_the_health_page(built) -> None:
    site, _ = built
    lunr = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert lunr["docs"] == [] and "separator" in lunr["config"]
    meta = json.loads((site / "search" / "course" / "meta.json").read_text(encoding="utf-8"))
    locations = [doc[0] for doc in meta["docs"]]
    assert "week1/day1/session_1/" in locations
    assert not [loc for loc in locations if loc.startswith("course-health")]
    assert ["큐브씨티엘", "kubectl"] in [g[:2] for g in meta["glossary"]] or any(
        "큐브씨티엘" in g for g in meta["glossary"]
    )
    html = (site / "week1" / "day1" / "session_1" / "index.html").read_text(encoding="utf-8")
    assert '"search": "../../../assets/javascripts/coursesearch.js"' in html
    assert "course-card" in html  # the card is on the page, but not in the index:
    docs_text = json.dumps(meta["docs"], ensure_ascii=False)
    assert "오늘의 학습 목표 정리" in docs_text  # the info block itself is indexed once
    assert (site / "assets" / "javascripts" / "coursesearch.js").exists()


@pytest.mark.browser
def test_recall_at_10_per_kind_typed_into_the_search_box(chromium, built, artifacts) -> None:
    site, queries = built
    with serve(site) as url:
        found = run_queries(chromium, url, [q.text for q in queries])
    recall: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        recall[q.kind].append(recall_at_10(found[q.text], q.relevant))
    per_kind = {kind: sum(v) / len(v) for kind, v in recall.items()}
    (artifacts / "search_quality.json").write_text(
        json.dumps({"recall@10": per_kind, "found": found}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    assert set(per_kind) == set(KINDS)
    for kind in KINDS:
        assert per_kind[kind] >= 0.9, (kind, per_kind, recall[kind])


@pytest.mark.browser
def test_a_glossary_file_word_and_the_highlight(chromium, built) -> None:
    site, queries = built
    target = next(q for q in queries if q.text == "kubectl 명령어")
    with serve(site) as url:
        found = run_queries(chromium, url, ["큐브씨티엘 명령어"])["큐브씨티엘 명령어"]
        assert set(found[:10]) >= target.relevant
        context = chromium.new_context(locale="ko-KR")
        tab = context.new_page()
        tab.goto(url)
        box = tab.locator("input.md-search__input")
        box.click()
        box.fill("명령어를")
        tab.keyboard.press("End")
        link = tab.locator(".md-search-result__item .md-search-result__link").first
        link.wait_for(timeout=15_000)
        assert "h=" in (link.get_attribute("href") or "")
        assert tab.locator(".md-search-result__item mark").count() > 0
        link.click()
        tab.wait_for_load_state("load")
        marks = tab.locator("article mark[data-md-highlight]")
        marks.first.wait_for(timeout=15_000)
        assert "명령어" in marks.first.inner_text()
        context.close()
