"""`--exec` where the lessons expect to run: the page's folder, a folder above it, a folder
an earlier lesson makes in the home; scripts' modes; what a cluster serves; fork bombs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_exec
from validators import parse_page
from validators.checks.exec import ExecReport
from validators.checks.exec.extract import Command
from validators.checks.exec.honest import fork_bomb, project_by_output
from validators.checks.exec.runner import _PageState, _WorkingCopy, judge
from validators.checks.exec.shell import Result
from validators.findings import Severity

_SCRIPT = '#!/bin/sh\necho "ran $(basename "$0") in $(basename "$PWD")"\n'


def _run(docs: Path, pages: dict[str, str], **options: object) -> ExecReport:
    return run_exec(docs, pages, **options)


def _found(report: ExecReport) -> list[tuple[str, int, str, str, Severity]]:
    return [(f.path, f.line, f.rule, f.key, f.severity) for f in report.findings]


LAB_1 = (
    "# Lab 1\n\n```bash\n"
    "mkdir -p ~/net-lab\n"  # 4
    "cd ~/net-lab\n"  # 5
    "```\n\n```bash\n"
    "./lab_scripts/lab1/run.sh\n"  # 9: written for the page's folder
    "```\n"
)
LAB_2 = (
    "# Lab 2\n\n```bash\n"
    "cd ~/net-lab\n"  # 4: lab 1 makes it
    "mkdir -p certs && cd certs\n"  # 5: runs (in the page's folder)
    "cat notes/today.txt\n"  # 6: would be in ~/net-lab/certs
    "curl -s http://localhost:30080/health\n"  # 7: a Service's NodePort
    "./lab_scripts/lab1/deploy.sh\n"  # 8: calls kubectl, checks the cluster itself
    "```\n\n```bash\n"
    ":(){ :|:& };:\n"  # 12: not run
    "echo still-here\n"  # 13
    "```\n"
)
SCRIPTS = (
    "# Scripts\n\n```bash\n"
    "cd lab_scripts/lab1\n"  # 4: written for the day's folder
    "./run.sh\n"  # 5
    "```\n"
)


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_lessons_run_where_they_expect_and_say_what_other_lessons_make(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    lab = docs / "week_01" / "day1" / "lab_scripts" / "lab1"
    lab.mkdir(parents=True)
    (lab / "run.sh").write_text(_SCRIPT)  # 0644, as a copy handed over without modes
    (lab / "deploy.sh").write_text(
        "#!/bin/bash\nkubectl cluster-info >/dev/null 2>&1 || { echo 'no cluster'; exit 1; }\n"
    )
    report = _run(
        docs,
        {
            "week_01/day1/lab_1.md": LAB_1,
            "week_01/day1/lab_2.md": LAB_2,
            "week_01/day1/lab_scripts/README.md": SCRIPTS,
        },
    )
    assert _found(report) == [
        ("week_01/day1/lab_1.md", 1, "exec/modes", "exec/modes", Severity.INFO),
        ("week_01/day1/lab_1.md", 9, "exec/workdir", "exec/workdir", Severity.INFO),
        (
            "week_01/day1/lab_2.md",
            4,
            "exec/needs-project",
            "exec/needs-project.earlier",
            Severity.WARNING,
        ),
        (
            "week_01/day1/lab_2.md",
            6,
            "exec/needs-project",
            "exec/needs-project.after",
            Severity.WARNING,
        ),
        (
            "week_01/day1/lab_2.md",
            7,
            "exec/needs-cluster",
            "exec/needs-cluster.nodeport",
            Severity.WARNING,
        ),
        ("week_01/day1/lab_2.md", 8, "exec/workdir", "exec/workdir", Severity.INFO),  # from certs
        (
            "week_01/day1/lab_2.md",
            8,
            "exec/needs-cluster",
            "exec/needs-cluster.script",
            Severity.WARNING,
        ),
        ("week_01/day1/lab_2.md", 12, "exec/fork-bomb", "exec/fork-bomb", Severity.ERROR),
        (
            "week_01/day1/lab_scripts/README.md",
            4,
            "exec/workdir",
            "exec/workdir",
            Severity.INFO,
        ),
    ]
    modes, moved, earlier, after, node, _, script, _, up = report.findings
    assert dict(modes.args)["count"] == 2
    assert dict(moved.args) | {"command": ""} == {
        "command": "",
        "file": "./lab_scripts/lab1/run.sh",
        "folder": "week_01/day1",
        "was": "~/net-lab",
    }
    assert dict(earlier.args)["lesson"] == "week_01/day1/lab_1.md"
    assert dict(earlier.args)["where"] == 4
    assert dict(after.args)["cause"] == 4
    assert dict(node.args)["port"] == 30080
    assert dict(script.args)["tool"] == "kubectl"
    assert dict(up.args)["folder"] == "week_01/day1"
    verdicts = {
        result.path: [c.verdict for block in result.blocks for c in block.commands]
        for result in report.pages
    }
    assert verdicts == {
        "week_01/day1/lab_1.md": ["passed", "passed", "passed"],
        "week_01/day1/lab_2.md": [
            "needs-project",
            "passed",
            "needs-project",
            "needs-cluster",
            "needs-cluster",
            "failed",
            "passed",
        ],
        "week_01/day1/lab_scripts/README.md": ["passed", "passed"],
    }


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_a_git_checkout_gives_its_modes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    scripts = repo / "theory" / "week_01" / "day1" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "run.sh").write_text(_SCRIPT)
    (scripts / "notes.sh").write_text(_SCRIPT)  # git says 100644: stays a plain file
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "update-index", "--chmod=+x", "theory/week_01/day1/scripts/run.sh")
    page = (
        "# S\n\n```bash\n"
        "./scripts/run.sh\n"  # 4
        "test ! -x scripts/notes.sh\n"  # 5
        "```\n"
    )
    report = _run(repo / "theory", {"week_01/day1/session_1.md": page})
    assert report.findings == []  # no note: git's modes, not the `#!` lines
    assert report.pages[0].counts == {"passed": 2}
    copy = _WorkingCopy.of(repo / "theory", None, False)
    assert copy.shebang == 0
    assert copy.executable == {(scripts / "run.sh").resolve()}


def test_fork_bombs_and_swarms() -> None:
    assert fork_bomb(":(){ :|:& };:")
    assert fork_bomb("bomb() { bomb | bomb & }; bomb")
    assert not fork_bomb("f() { echo hi; }; f")
    assert project_by_output(
        'Error response from daemon: This node is not a swarm manager. Use "docker swarm '
        'init" or "docker swarm join" to connect this node to swarm and try again.'
    )


def test_a_service_waiting_for_an_image_it_cannot_pull() -> None:
    page = parse_page("w/d/README.md", "# R\n")
    state = _PageState()
    waiting = Result(
        130,
        "overall progress: 0 out of 3 tasks\n1/3: No such image: myapp/frontend:latest",
        60.0,
        timed_out=True,
    )
    service = Command("docker service create --name web --publish 8080:80 myapp/frontend", 4)
    found = judge(page, service, waiting, 60.0, state)
    assert found is not None
    assert (found.rule, found.key) == ("exec/needs-network", "exec/needs-network.service")
    refused = Result(7, "curl: (7) Failed to connect to localhost port 8080 after 0 ms", 0.1)
    after = judge(page, Command("curl http://localhost:8080", 9), refused, 60.0, state)
    assert after is not None
    assert (after.rule, after.key, dict(after.args)["cause"]) == (
        "exec/needs-network",
        "exec/needs-network.after",
        4,
    )


def test_the_working_copy_leaves_pictures_out_and_measures_the_course_once(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "images" / "diagram.PNG").write_bytes(b"\0" * 60 * 1024 * 1024)  # 60 MB
    (docs / "run.sh").write_text(_SCRIPT)
    copy = _WorkingCopy.of(docs, None, False)
    assert copy.ignore(str(docs / "images"), ["diagram.PNG", "notes.txt"]) == {"diagram.PNG"}
    assert copy.fits()  # the picture does not count
    (docs / "big.tar").write_bytes(b"\0" * 60 * 1024 * 1024)
    assert copy.fits()  # measured once per run
    assert not _WorkingCopy.of(docs, None, False).fits()


LESSON = (
    "# Lab\n\n```bash\n"
    "#!/bin/bash\n"  # 4: a script's text, saved as make-net.sh
    "# make-net.sh - 실습 네트워크 만들기\n"
    "docker network create \\\n"
    "  --driver bridge \\\n"
    "  lab-net\n"
    "exit 0\n"
    "```\n\n```bash\n"
    "chmod +x make-net.sh && ./make-net.sh\n"  # 13: the script
    "docker network create lab-net\n"  # 14: the manual way, after the script
    "sudo apt-get install -y jq\n"  # 15: from the mirrors
    "pgrep -f no-such-process-here\n"  # 16: nothing of the reader's machine here
    "docker network rm old-net\n"  # 17: made by another lesson
    "git clone https://github.com/example/team-app.git\n"  # 18: the network
    "cd team-app\n"  # 19: follows from 18
    "docker run -d --name secure-app --no-new-privileges busybox\n"  # 20: the lesson's error
    "docker stats --no-stream secure-app\n"  # 21: follows from 20, counted once
    "```\n"
)


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_scripts_alternatives_packages_probes_and_other_lessons(tmp_path: Path) -> None:
    report = _run(tmp_path / "docs", {"week_01/day2/lab_1.md": LESSON})
    page = "week_01/day2/lab_1.md"
    assert _found(report) == [
        (page, 14, "exec/alternative", "exec/alternative", Severity.INFO),
        (page, 15, "exec/needs-network", "exec/needs-network.packages", Severity.WARNING),
        (page, 16, "exec/needs-host", "exec/needs-host.probe", Severity.WARNING),
        (page, 17, "exec/needs-project", "exec/needs-project.network", Severity.WARNING),
        (page, 18, "exec/needs-network", "exec/needs-network", Severity.WARNING),
        (page, 19, "exec/needs-network", "exec/needs-network.after", Severity.WARNING),
        (page, 20, "exec/failed", "exec/failed", Severity.ERROR),
        (page, 21, "exec/after-error", "exec/after-error", Severity.INFO),
    ]
    alternative = report.findings[0]
    assert dict(alternative.args)["name"] == "lab-net" and dict(alternative.args)["cause"] == 13
    assert dict(report.findings[-1].args)["cause"] == 20
    (result,) = report.pages
    assert result.blocks[0].file == "make-net.sh"
    assert [c.verdict for c in result.blocks[1].commands][:2] == ["passed", "passed"]


PROJECT = (
    "# Cheat sheet\n\n```bash\n"
    "cat > check.sh << 'EOF'\n"  # 4: writes a script naming shop-db
    "#!/bin/sh\n"
    "docker exec shop-db true\n"
    "EOF\n"
    "docker exec shop-db true\n"  # 8: named only in the script it wrote: another lesson's
    "sh check.sh\n"  # 9: follows from 8
    "docker-compose up -d\n"  # 10: no compose file here
    "curl -s http://localhost:8080/\n"  # 11: refused, silently (-s): follows from 10
    "```\n"
)


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_what_a_heredoc_names_is_not_made_and_silent_refusals_follow(tmp_path: Path) -> None:
    report = _run(tmp_path / "docs", {"sheet.md": PROJECT})
    assert _found(report) == [
        ("sheet.md", 8, "exec/needs-project", "exec/needs-project", Severity.WARNING),
        ("sheet.md", 9, "exec/needs-project", "exec/needs-project.after", Severity.WARNING),
        ("sheet.md", 10, "exec/needs-project", "exec/needs-project", Severity.WARNING),
        ("sheet.md", 11, "exec/needs-project", "exec/needs-project.after", Severity.WARNING),
    ]
