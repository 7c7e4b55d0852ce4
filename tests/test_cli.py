"""`python -m validators check`: exit codes, formats, settings and bad input, as a user runs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import ROOT
from validators.settings import ConfigError, load_course

SESSION = """# Week 1 Day 1 Session 1: 소개

## 🕘 세션 정보

**시간**: 09:00-09:50 (50분)

## 📖 핵심 개념 (30분)

### 개념 1 (20분)

### 개념 2 (20분)

다음: [Session 2](./session_2.md)
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "validators", "check", "--quiet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def course(tmp_path: Path, pages: dict[str, bytes | str], config: str = "") -> Path:
    for name, content in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        path.write_bytes(data)
    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text("site_name: 시험 과정\n" + config, encoding="utf-8")
    return mkdocs


def test_findings_exit_1_from_any_directory(tmp_path: Path) -> None:
    config = course(tmp_path / "course", {"week1/day1/session_1.md": SESSION})
    result = run("-f", str(config), "--only", "schedule,links", "--offline", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "week1/day1/session_1.md:7: error [schedule/over-budget] Section '핵심 개념' budgets 30분"
    )
    assert any(line.startswith("week1/day1/session_1.md:13: error [links/") for line in lines)
    assert lines[-1].startswith("2 errors, 0 warnings, 0 info in 1 pages")


def test_clean_course_exits_0(tmp_path: Path) -> None:
    config = course(tmp_path, {"index.md": "# 홈\n\n[세션](a.md)\n", "a.md": "# A\n"})
    result = run("-f", str(config), "--only", "schedule,links", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == result.stdout.strip().splitlines()[-1]


def test_json_format(tmp_path: Path) -> None:
    config = course(tmp_path, {"s.md": SESSION})
    result = run("-f", str(config), "--only", "schedule", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["findings"][0] == {
        "rule": "schedule/over-budget",
        "severity": "error",
        "path": "s.md",
        "line": 7,
        "message": data["findings"][0]["message"],
        "hint": data["findings"][0]["hint"],
    }
    assert "40분" in data["findings"][0]["message"]
    assert data["stats"]["errors"] == 1 and data["stats"]["pages"] == 1
    assert data["stats"]["by_rule"] == {"schedule/over-budget": 1}


def test_junit_and_output_file(tmp_path: Path) -> None:
    config = course(tmp_path, {"s.md": SESSION, "ok.md": "# 괜찮음\n"})
    report = tmp_path / "reports" / "junit.xml"
    result = run(
        "-f", str(config), "--only", "schedule", "--format", "junit", "--output", str(report),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert "1 errors" in result.stderr
    root = ElementTree.parse(report).getroot()
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "schedule"
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("type") == "schedule/over-budget"
    assert "s.md:7" in (failure.text or "")


def test_github_annotations(tmp_path: Path) -> None:
    config = course(tmp_path, {"s.md": SESSION})
    result = run("-f", str(config), "--only", "schedule", "--format", "github", cwd=tmp_path)
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=docs/s.md,line=7,title=schedule/over-budget::Section")


def test_inherit_and_settings(tmp_path: Path) -> None:
    base = tmp_path / "base.yml"
    base.write_text("extra:\n  course:\n    session_minutes: 30\n", encoding="utf-8")
    page = "# Week 1 Day 1 Session 1: 소개\n\n## 실습 (40분)\n"
    config = course(tmp_path, {"session_1.md": page}, "INHERIT: base.yml\n")
    assert load_course(config).settings.session_minutes == 30
    result = run("-f", str(config), "--only", "schedule", cwd=tmp_path)
    assert "session_1.md:3: error [schedule/session-length]" in result.stdout
    base.write_text("extra:\n  course:\n    session_minutes: 40\n", encoding="utf-8")
    assert run("-f", str(config), "--only", "schedule", cwd=tmp_path).returncode == 0


def test_site_slug_function_comes_from_config() -> None:
    course_ = load_course(ROOT / "mkdocs.yml")
    assert course_.slugify("🔍 개념 1: 이미지 레이어 구조 (12분)", "-") == (
        "-개념-1-이미지-레이어-구조-12분"
    )
    assert course_.settings.session_minutes == 50


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("site_name: [unclosed\n", "invalid YAML"),
        (
            "extra:\n  course:\n    session_minute: 50\n",
            "unknown setting extra.course.session_minute",
        ),
        ("extra:\n  course:\n    session_minutes: fifty\n", "must be int, got 'fifty'"),
        ("docs_dir: nowhere\n", "is not a folder"),
        ("INHERIT: missing.yml\n", "missing.yml: no such file"),
    ],
)
def test_bad_config_exits_2(tmp_path: Path, config: str, message: str) -> None:
    mkdocs = course(tmp_path, {"a.md": "# A\n"}, config)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_course(mkdocs)
    result = run("-f", str(mkdocs), "--only", "schedule", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run("--only", "spelling", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown check 'spelling'" in result.stderr
    result = run("-f", str(tmp_path / "none.yml"), cwd=tmp_path)
    assert result.returncode == 2
    assert "none.yml: no such file" in result.stderr


def test_bad_input_is_a_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    pages = {
        "latin1.md": "# Cafe\n\nhé".encode("latin-1"),
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "fence.md": "# Open\n\ntext\n\n```bash\necho never closed\n",
        "huge.md": "# Huge\n\n" + "가나다라 " * 500_000,
        "images/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        "good.md": SESSION,
    }
    config = course(tmp_path, pages)
    result = run("-f", str(config), "--only", "schedule,links", "--offline", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "binary.md:1: error [page/binary] Page is a binary file, not Markdown" in out
    assert "fence.md:5: error [page/unterminated-fence]" in out
    assert "huge.md:1: error [page/too-large]" in out
    assert "latin1.md:3: error [page/encoding] Page is not valid UTF-8 (byte 0xe9" in out
    assert "good.md:7: error [schedule/over-budget]" in out  # the rest still checked
    assert "logo.png" not in out


EXEC_PAGE = """# Week 1 Day 1 Session 1: 셸

```bash
cd /tmp && mkdir -p work && cd work
export GREETING=안녕
```

```bash
echo "$GREETING from $(pwd)"
test -z "$AWS_SECRET_ACCESS_KEY"
ls /no/such/dir
```

**🚨 의도적 오류 포인트 1**: 없는 네트워크
```bash
docker network inspect no-such-network
# Error: network no-such-network not found
```
"""


@pytest.mark.docker
def test_exec_through_the_cli(tmp_path: Path, dockerd_required: None) -> None:
    config = course(tmp_path, {"week1/day1/session_1.md": EXEC_PAGE})
    result = subprocess.run(
        [sys.executable, "-m", "validators", "check", "--quiet", "-f", str(config),
         "--only", "exec", "--timeout", "20", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "AWS_SECRET_ACCESS_KEY": "runner-secret"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("exec/failed", 11)]
    assert "ls /no/such/dir" in findings[0]["message"]


@pytest.mark.docker
def test_jobs_pages_shards_and_results_files(tmp_path: Path, dockerd_required: None) -> None:
    web = "```bash\ndocker network create pair1-network\n```\n"
    pages = {
        "week1/day1/session_1.md": web,
        "week1/day1/session_2.md": web,
        "week2/day1/session_1.md": "```bash\nfalse\n```\n",
        "index.md": "# 홈\n",
    }
    config = course(tmp_path, pages, "extra:\n  course:\n    cache_dir: cache\n")
    common = ["-f", str(config), "--only", "exec", "--format", "json"]
    both = run(*common, "--jobs", "2", "--page", "week1/**", cwd=tmp_path)
    assert both.returncode == 0, both.stderr
    stored = json.loads((tmp_path / "cache" / "exec" / "results.json").read_text())
    assert {path: page["verdict"] for path, page in stored["pages"].items()} == {
        "week1/day1/session_1.md": "passed",
        "week1/day1/session_2.md": "passed",
    }
    # Shards: each runs its share into its own file; merged, they cover every page once.
    for shard in ("1/2", "2/2"):
        part = run(*common, "--shard", shard, "--results", f"shard{shard[0]}.json", cwd=tmp_path)
        assert part.returncode in (0, 1), part.stderr
    one, two = (json.loads((tmp_path / f"shard{n}.json").read_text())["pages"] for n in "12")
    assert not set(one) & set(two)
    assert set(one) | set(two) == set(pages) - {"index.md"}
    merged = subprocess.run(
        [sys.executable, "-m", "validators", "merge-results", "all.json", "shard1.json",
         "shard2.json"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert merged.returncode == 0
    verdicts = {
        path: page["verdict"]
        for path, page in json.loads((tmp_path / "all.json").read_text())["pages"].items()
    }
    assert verdicts["week2/day1/session_1.md"] == "failed"
    assert len(verdicts) == 3
    nothing = run(*common, "--page", "week9/**", cwd=tmp_path)
    assert nothing.returncode == 2
    assert "no page matches --page week9/**" in nothing.stderr


def test_page_reads_the_selected_pages_and_their_day_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from validators import cli
    from validators import course as reading

    pages = {
        "week1/day1/session_1.md": "# Week 1 Day 1 Session 1: 하나\n\n"
        "[둘째 날](../day2/session_1.md#intro)\n",
        "week1/day1/session_2.md": "# Week 1 Day 1 Session 2: 둘\n",
        "week1/day2/session_1.md": "# Week 1 Day 2 Session 1: 다른 날\n\n## Intro\n",
        "week1/day3/session_1.md": "# Week 1 Day 3 Session 1: 셋\n",
        "week2/day1/broken.md": b"# \xff\n",
    }
    config = course(tmp_path, pages)
    read: list[str] = []
    original = reading.read_page

    def counting(path: Path, relative: str):
        read.append(relative)
        return original(path, relative)

    monkeypatch.setattr(reading, "read_page", counting)
    arguments = ["check", "-f", str(config), "--only", "schedule,links", "--offline"]
    status = cli.main([*arguments, "--quiet", "--page", "week1/day1/session_1.md"])
    assert status == 0  # the anchor on day 2 is found, the broken page elsewhere not read
    assert sorted(read) == ["week1/day1/session_1.md", "week1/day1/session_2.md"]
    read.clear()
    assert cli.main([*arguments, "--quiet"]) == 1  # the whole course: the broken page
    assert len(read) == 5


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only_and_not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from validators.cli import _Progress

    monkeypatch.delenv("CI", raising=False)
    terminal = _Terminal()
    progress = _Progress(True, terminal)
    progress("pages", 1, 2)
    progress("pages", 2, 2)
    assert terminal.getvalue().startswith("\r   pages [")
    assert terminal.getvalue().endswith("2/2\n")
    assert _Progress(False, _Terminal()).enabled is False  # --quiet
    assert _Progress(True, io.StringIO()).enabled is False  # not a terminal
    monkeypatch.setenv("CI", "true")
    assert _Progress(True, _Terminal()).enabled is False


def test_checks_without_their_own_progress_report_it_in_units(tmp_path: Path) -> None:
    from validators.course import read_pages
    from validators.run import Options, check_course

    blocks = "".join(f'```json\n{{"n": {n}}}\n```\n\n' for n in range(45))
    config = course(tmp_path, {"a.md": "# A\n\n" + blocks, "b.md": "# B\n\n" + blocks[:40]})
    loaded = load_course(config)
    pages, _ = read_pages(loaded.docs_dir)
    seen: list[tuple[str, int, int]] = []
    options = Options(only=["blocks"], blocks_commands=False)
    check_course(loaded, pages, options, lambda what, done, total: seen.append((what, done, total)))
    assert seen == [("blocks", 0, 47), ("blocks", 45, 47), ("blocks", 47, 47)]
