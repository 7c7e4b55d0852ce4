"""The MkDocs adapters: strict builds fail on findings, the health page, serve's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import ROOT, build_course, write_course


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))  # this tree's code
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_strict_build_fails_on_the_seeds_naming_broken_links(tmp_path: Path) -> None:
    result = mkdocs("build", "--strict", "-d", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 1
    log = result.stderr
    assert "Aborted with" in result.stdout + log and "in strict mode!" in result.stdout + log
    # In the site's language (theme.language: ko), rule ids in English.
    assert (
        "WARNING -  course: week1/day2/session_2.md:363: [links/missing-page] "
        "링크 './session_3.md'가 가리키는 'week1/day2/session_3.md'은(는) 코스의 페이지가 "
        "아닙니다 — './session_4.md'을(를) 의도하셨나요?"
    ) in log
    assert (
        "WARNING -  course: week1/day3/session_1.md:312: [links/missing-page] "
        "링크 './session_2.md'가 가리키는 'week1/day3/session_2.md'"
    ) in log
    assert "course: week1/day2/session_2.md:227: [schedule/unknown-unit]" in log


def test_strict_build_passes_on_a_clean_course(tmp_path: Path) -> None:
    files = {
        "index.md": "# 홈\n\n[첫 세션](week1/day1/session_1.md)\n",
        "week1/day1/session_1.md": "# Week 1 Day 1 Session 1: 시작\n\n## 실습 (30분)\n",
    }
    config = write_course(tmp_path, files)
    result = mkdocs("build", "--strict", "-f", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    health = (tmp_path / "site" / "course-health" / "index.html").read_text(encoding="utf-8")
    assert "모든 점검을 통과했습니다" in health


def test_health_page_lists_findings_by_page_with_links(site: Path) -> None:
    health = (site / "course-health" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="코스-점검-결과">코스 점검 결과' in health
    assert (
        '<h2 id="week1day2session_2md"><a href="../week1/day2/session_2/">'
        "week1/day2/session_2.md</a>"
    ) in health
    # The line links to the heading the finding sits under on the rendered page.
    anchor = quote("-개념-3-docker-네트워킹과-스토리지-11뵔")  # URLs percent-encoded, as on GitHub
    assert f'href="../week1/day2/session_2/#{anchor}">227</a>' in health
    assert "<code>links/missing-page</code>" in health
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "코스 점검 결과" in index  # in the nav, after the course


def test_serve_revalidates_only_changed_pages(tmp_path: Path, monkeypatch) -> None:
    from hooks import validation as module
    from validators.checks import registered

    rendered: list[list[str]] = []
    mermaid = registered()["mermaid"]
    original = mermaid.check

    def counting(context):
        rendered.append(sorted(page.path for page in context.selected()))
        return original(context)

    monkeypatch.setattr(mermaid, "check", counting)
    diagram = "```mermaid\ngraph LR\n  A --> B\n```\n"
    files = {"a.md": "# A\n\n" + diagram, "b.md": "# B\n\n" + diagram.replace("B", "C")}
    config = write_course(tmp_path, files)
    from mkdocs.config import load_config

    state = module.Validation()
    state.command = "serve"
    state.configure(load_config(str(config)))
    state.serve_check()
    assert rendered == [["a.md", "b.md"]]
    state.serve_check()
    assert rendered == [["a.md", "b.md"]]  # nothing changed: nothing re-rendered
    (tmp_path / "docs" / "b.md").write_text("# B\n\n" + diagram.replace("B", "D"), "utf-8")
    state.serve_check()
    assert rendered == [["a.md", "b.md"], ["b.md"]]
    state.close()


@pytest.mark.parametrize("setting", ["session_minute: 50", "session_minutes: soon"])
def test_bad_settings_stop_the_build_with_the_way_out(tmp_path: Path, setting: str) -> None:
    config = write_course(tmp_path, {"index.md": "# 홈\n"}, f"extra:\n  course:\n    {setting}\n")
    result = mkdocs("build", "-f", str(config), cwd=tmp_path)
    assert result.returncode == 1
    assert "extra.course.session_minute" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_course_helper_builds_in_process(tmp_path: Path) -> None:
    config = write_course(tmp_path, {"index.md": "# 홈\n"})
    build_course(config, tmp_path / "out")
    assert (tmp_path / "out" / "course-health" / "index.html").is_file()


@pytest.mark.docker
def test_exec_opt_in_fails_a_strict_build(tmp_path: Path, dockerd_required: None) -> None:
    page = "# Week 1 Day 1 Session 1: 셸\n\n```bash\necho 준비\nfalse\n```\n"
    files = {"index.md": "# 홈\n", "week1/day1/session_1.md": page}
    config = write_course(tmp_path, files, "extra:\n  course:\n    exec_enabled: true\n")
    result = mkdocs("build", "--strict", "-f", str(config), cwd=tmp_path)
    assert result.returncode == 1
    assert "course: week1/day1/session_1.md:5: [exec/failed]" in result.stderr
    config.write_text(config.read_text(encoding="utf-8").replace("true", "false"), "utf-8")
    assert mkdocs("build", "--strict", "-f", str(config), cwd=tmp_path).returncode == 0


def test_serve_rechecks_links_and_schedule_only_where_needed(tmp_path: Path, monkeypatch) -> None:
    from mkdocs.config import load_config

    from hooks import validation as module
    from validators.checks import registered

    checked: list[list[str]] = []
    links = registered()["links"]
    original = links.check

    def counting(context):
        checked.append(sorted(context.options.paths))
        return original(context)

    monkeypatch.setattr(links, "check", counting)
    day = "week1/day1"
    table = (
        "# Week 1 Day 1: 시작\n\n| 시간 | 구분 | 내용 |\n|---|---|---|\n"
        "| **09:00-09:50** | 📚 이론 1 | [세션 1](./session_1.md) |\n"
        "| **09:50-10:00** | ☕ 휴식 | 휴식 |\n"
        "| **10:00-10:50** | 📚 이론 2 | [세션 2](./session_2.md) |\n"
    )
    files = {
        "a.md": "# A\n\n본문.\n\n[B의 개념](b.md#개념)\n",
        "b.md": "# B\n\n## 개념\n\n설명.\n",
        "c.md": "# C\n",
        f"{day}/README.md": table,
        f"{day}/session_1.md": "# Week 1 Day 1 Session 1: 하나\n\n## 🕘 세션 정보\n\n"
        "**시간**: 09:00-09:50 (50분)\n",
        f"{day}/session_2.md": "# Week 1 Day 1 Session 2: 둘\n\n## 🕘 세션 정보\n\n"
        "**시간**: 10:00-10:50 (50분)\n",
    }
    config = write_course(tmp_path, files)
    state = module.Validation()
    state.command = "serve"
    state.configure(load_config(str(config)))
    assert [f.rule for f in state.serve_check()] == []
    assert checked == [sorted(files)]

    docs = tmp_path / "docs"
    (docs / "a.md").write_text(files["a.md"].replace("본문", "새 본문"), "utf-8")
    assert state.serve_check() == []
    assert checked[-1] == ["a.md"]  # a body edit: only that page

    (docs / "b.md").write_text(files["b.md"].replace("개념", "원리"), "utf-8")
    findings = state.serve_check()
    assert checked[-1] == ["a.md", "b.md"]  # a heading changed: that page and its linkers
    assert [(f.path, f.line, f.rule) for f in findings] == [("a.md", 5, "links/missing-anchor")]

    assert state.serve_check() == findings
    assert len(checked) == 3  # nothing changed: nothing re-checked, findings kept

    session = docs / day / "session_2.md"
    session.write_text(files[f"{day}/session_2.md"].replace("10:50 (50분)", "10:40 (40분)"))
    found = state.serve_check()
    assert checked[-1] == [
        f"{day}/{name}" for name in ("README.md", "session_1.md", "session_2.md")
    ]
    assert (f"{day}/session_2.md", "schedule/session-table") in {(f.path, f.rule) for f in found}
    state.close()
