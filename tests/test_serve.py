"""A real `mkdocs serve --dirty` on 127.0.0.1: a save shows the page, the nav, the timeline,
the health page and the findings panel up to date (and the panel stays out of `build`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_course
from validators import messages

DAY = "week1/day1"
TABLE = (
    "# Week 1 Day 1: 시작하기\n\n## 🕘 일일 스케줄\n\n| 시간 | 구분 | 내용 |\n|---|---|---|\n"
    "| **09:00-09:50** | 📚 이론 1 | [세션 1](./session_1.md) |\n"
    "| **09:50-10:00** | ☕ 휴식 | 휴식 |\n"
    "| **10:00-10:50** | 📚 이론 2 | [세션 2](./session_2.md) |\n"
)
FILES = {
    "index.md": "# 홈\n\n[첫날](week1/day1/README.md)\n",
    f"{DAY}/README.md": TABLE,
    f"{DAY}/session_1.md": "# Week 1 Day 1 Session 1: 컨테이너\n\n## 🕘 세션 정보\n\n"
    "**시간**: 09:00-09:50 (50분)\n\n## 핵심 개념\n\n첫 문단.\n",
    f"{DAY}/session_2.md": "# Week 1 Day 1 Session 2: 이미지\n\n## 🕘 세션 정보\n\n"
    "**시간**: 10:00-10:50 (50분)\n\n## 복습\n\n[앞 세션의 개념](./session_1.md#핵심-개념)\n",
}


ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))  # this tree's code


def _build(config: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        cwd=config.parent, env=ENV, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Serve:
    def __init__(self, root: Path, process: subprocess.Popen[str], port: int) -> None:
        self.root = root
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def findings(self) -> dict[str, list[dict[str, object]]]:
        return json.loads(self.get("course-health/findings.json"))["pages"]

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / "docs" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        time.sleep(0.05)  # a new modification time
        path.write_text(text.replace(old, new), encoding="utf-8")

    def until(self, what: Callable[[], bool], seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if what():
                    return
            except (urllib.error.URLError, ValueError, KeyError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"not seen within {seconds} s; serve said:\n{self.log()}")

    def log(self) -> str:
        return (self.root / "serve.log").read_text(encoding="utf-8")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[_Serve]:
    yield from _serving(tmp_path)


def _serving(tmp_path: Path, extra_config: str = "") -> Iterator[_Serve]:
    config = write_course(tmp_path, FILES, extra_config)
    port = _free_port()
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--dirty",
                "-f",
                str(config),
                "-a",
                f"127.0.0.1:{port}",
            ],  # fmt: skip
            cwd=tmp_path,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    served = _Serve(tmp_path, process, port)
    try:
        served.until(lambda: "Serving on" in served.log(), 120)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_save_brings_page_nav_timeline_and_health_page_up_to_date(serve: _Serve) -> None:
    session_1 = f"{DAY}/session_1/"
    assert "첫 문단" in serve.get(session_1)
    assert 'class="course-panel"' in serve.get(session_1)  # the panel's place
    assert serve.findings() == {}

    # a page: its new text, and a broken link in its panel and on the health page
    serve.edit(f"{DAY}/session_1.md", "첫 문단.", "고친 문단. [없는 곳](./session_9.md)")
    serve.until(lambda: "고친 문단" in serve.get(session_1))
    serve.until(lambda: f"{DAY}/session_1.md" in serve.findings())
    [item] = serve.findings()[f"{DAY}/session_1.md"]
    assert (item["rule"], item["line"], item["severity"]) == ("links/missing-page", 9, "error")
    assert "session_9.md" in serve.get("course-health/")

    # a title: the nav of a page that was not edited shows it
    assert "이미지" in serve.get(session_1)
    serve.edit(f"{DAY}/session_2.md", "Session 2: 이미지", "Session 2: 레지스트리")
    serve.until(lambda: "Session 2 · 레지스트리" in serve.get(session_1))
    assert "Session 2 · 이미지" not in serve.get(session_1)
    # the log names the broken link once, when it was new, and counts it since
    serve.until(lambda: _logged(serve, new=0, fixed=0, kept=1))
    assert serve.log().count("[links/missing-page]") == 1

    # a session time in the day table: the timeline, and both pages' findings
    readme = f"{DAY}/"
    assert "10:50" in serve.get(readme)
    serve.edit(f"{DAY}/README.md", "**10:00-10:50**", "**10:00-10:40**")
    serve.until(lambda: "10:40" in serve.get(readme) and "10:50" not in serve.get(readme))
    serve.until(lambda: f"{DAY}/session_2.md" in serve.findings())
    rules = {item["rule"] for item in serve.findings()[f"{DAY}/session_2.md"]}
    assert "schedule/session-table" in rules
    serve.until(lambda: "schedule/session-table" in serve.get("course-health/"))

    # a renamed heading: the page that links to it (not rebuilt) gets the finding
    serve.edit(f"{DAY}/session_1.md", "## 핵심 개념", "## 기본 개념")
    serve.until(
        lambda: (
            "links/missing-anchor"
            in {item["rule"] for item in serve.findings().get(f"{DAY}/session_2.md", [])}
        )
    )
    assert "links/missing-anchor" in serve.get("course-health/")

    # fixed again: the findings go away
    serve.edit(f"{DAY}/session_1.md", " [없는 곳](./session_9.md)", "")
    serve.until(lambda: f"{DAY}/session_1.md" not in serve.findings())
    assert "session_9.md" not in serve.get("course-health/")
    serve.until(lambda: _logged(serve, new=0, fixed=1, kept=2))


def _logged(serve: _Serve, **counts: int) -> bool:
    return messages.text("serve/findings", "ko", counts) in serve.log()


@pytest.fixture
def serve_with_search(tmp_path: Path) -> Iterator[_Serve]:
    yield from _serving(tmp_path, f"  - {ROOT / 'hooks' / 'search.py'}\n")  # a second hook


def test_the_search_keeps_every_page_when_a_save_rebuilds_one(serve_with_search: _Serve) -> None:
    def urls() -> set[str]:
        meta = json.loads(serve_with_search.get("search/course/meta.json"))
        return {doc[0].split("#")[0] for doc in meta["docs"]}

    assert {f"{DAY}/session_1/", f"{DAY}/session_2/"} <= urls()
    serve_with_search.edit(f"{DAY}/session_1.md", "첫 문단.", "고친 문단.")
    serve_with_search.until(lambda: "고친 문단" in serve_with_search.get(f"{DAY}/session_1/"))
    # the saved page, indexed again: in a thread beside the rebuild, so it may come after
    serve_with_search.until(lambda: "고친 문단" in serve_with_search.get("search/course/meta.json"))
    assert {f"{DAY}/session_1/", f"{DAY}/session_2/", f"{DAY}/"} <= urls()  # and the rest


def test_the_panel_stays_out_of_a_build(tmp_path: Path) -> None:
    _build(write_course(tmp_path, FILES))
    site = tmp_path / "site"
    assert (site / DAY / "session_1" / "index.html").is_file()
    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    assert not any("course-panel" in page for page in pages)
    assert not (site / "assets" / "javascripts" / "course-panel.js").exists()
    assert not (site / "course-health" / "findings.json").exists()


def _serving_processes(config: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in command and config.encode() in command:
            found.append(int(entry.name))
    return found


@pytest.fixture
def serve_warm(tmp_path: Path) -> Iterator[_Serve]:
    """serve with the search hook after a build: its analysis then runs in a process of its
    own (the build left nothing to analyse in MkDocs' process)."""
    extra = f"  - {ROOT / 'hooks' / 'search.py'}\n"
    _build(write_course(tmp_path, FILES, extra))
    yield from _serving(tmp_path, extra)


def _listened(port: int) -> bool:
    with socket.socket() as probe:  # closed connections may linger: they do not count
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def test_a_stopped_serve_leaves_no_process_and_frees_its_port(serve_warm: _Serve) -> None:
    served = serve_warm
    served.edit(f"{DAY}/session_1.md", "첫 문단.", "고친 문단.")
    served.until(lambda: "고친 문단" in served.get("search/course/meta.json"))
    config = str(served.root / "mkdocs.yml")
    port = served.port
    assert len(_serving_processes(config)) >= 3  # MkDocs, the checks, the search's analysis
    served.process.terminate()  # SIGTERM to MkDocs alone, not to its process group
    served.process.wait(timeout=20)
    deadline = time.monotonic() + 20  # a process with a large memory takes a moment to end
    while (_serving_processes(config) or _listened(port)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _serving_processes(config) == []
    assert not _listened(port)
