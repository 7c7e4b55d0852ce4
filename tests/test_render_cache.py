"""The rendered pages kept on disk by content hash (hooks/fragments.py): a warm build writes
what a cold one wrote, an edited page or template is rendered again, a bad cache file is an
empty cache."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from hooks.fragments import Fragments
from tests.conftest import ROOT, build_course, write_course

DAY = "week1/day1"
PAGES = {
    "index.md": "# 과정\n\n[첫날](week1/day1/README.md)\n",
    f"{DAY}/README.md": (
        "# Week 1 Day 1: 시작\n\n## 🕘 일일 스케줄\n\n| 시간 | 구분 | 내용 |\n|---|---|---|\n"
        "| **09:00-09:50** | 📚 이론 1 | [세션 1](./session_1.md) |\n"
        "| **09:50-10:00** | ☕ 휴식 | 휴식 |\n"
    ),
    f"{DAY}/session_1.md": (
        "# Week 1 Day 1 Session 1: 컨테이너\n\n## 🕘 세션 정보\n\n"
        "**시간**: 09:00-09:50 (50분)\n\n## 핵심 개념\n\n첫 문단. [개요](./README.md)\n\n"
        "```bash\necho hi\n```\n"
    ),
}
CACHE = Path(".cache/course/render/pages.pickle")


def _pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


def test_a_warm_build_writes_what_a_cold_one_wrote(tmp_path: Path) -> None:
    config = write_course(tmp_path, PAGES)
    build_course(config, tmp_path / "cold")
    cache = tmp_path / CACHE
    assert cache.is_file()
    entries = pickle.loads(cache.read_bytes())["entries"]
    assert len(entries) == len(PAGES)  # one per page (the health page is made each build)
    build_course(config, tmp_path / "warm")
    cold, warm = _pages(tmp_path / "cold"), _pages(tmp_path / "warm")
    assert cold == warm
    session = warm[f"{DAY}/session_1/index.html"]
    assert "course-card" in session and 'class="language-bash highlight"' in session
    assert "day-timeline" in warm[f"{DAY}/index.html"]


def test_an_edited_page_is_rendered_again_and_the_cache_keeps_only_what_is_used(
    tmp_path: Path,
) -> None:
    config = write_course(tmp_path, PAGES)
    build_course(config, tmp_path / "site")
    page = tmp_path / "docs" / DAY / "session_1.md"
    page.write_text(page.read_text(encoding="utf-8").replace("첫 문단", "고친 문단"), "utf-8")
    build_course(config, tmp_path / "site")
    html = (tmp_path / "site" / DAY / "session_1" / "index.html").read_text(encoding="utf-8")
    assert "고친 문단" in html and "첫 문단" not in html
    entries = pickle.loads((tmp_path / CACHE).read_bytes())["entries"]
    assert len(entries) == len(PAGES)  # the old rendering of the page is gone


def test_a_changed_template_renders_the_pages_again(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    config = write_course(tmp_path, PAGES)
    text = config.read_text(encoding="utf-8").replace(str(ROOT / "overrides"), str(overrides))
    config.write_text(text, encoding="utf-8")
    build_course(config, tmp_path / "site")
    card = overrides / "partials" / "course-card.html"
    card.write_text("<!-- card v2 -->\n" + card.read_text(encoding="utf-8"), encoding="utf-8")
    build_course(config, tmp_path / "site")
    html = (tmp_path / "site" / DAY / "session_1" / "index.html").read_text(encoding="utf-8")
    assert "<!-- card v2 -->" in html


def test_a_bad_or_foreign_cache_file_is_an_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "pages.pickle"
    path.write_bytes(b"not a pickle")
    assert Fragments(path, "v1").entries == {}
    cache = Fragments(path, "v1")
    cache.put(cache.key("a.md", "# A"), "made")
    cache.save(prune=True)
    assert Fragments(path, "v1").get(cache.key("a.md", "# A")) == "made"
    assert Fragments(path, "v2").entries == {}  # another context: other code or settings


def test_prune_keeps_what_the_build_used(tmp_path: Path) -> None:
    path = tmp_path / "pages.pickle"
    first = Fragments(path, "v1")
    first.put("old", 1)
    first.put("kept", 2)
    first.save(prune=True)
    second = Fragments(path, "v1")
    assert second.get("kept") == 2
    second.save(prune=True)
    assert Fragments(path, "v1").entries == {"kept": 2}
