"""`--exec` honest about what it cannot run: clusters, clouds, template lines, the workdir."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_exec
from validators import parse_page
from validators.checks.exec import ExecReport
from validators.checks.exec.honest import (
    CLOUD,
    CLUSTER,
    asks,
    host_by_output,
    interactive,
    missing_container,
    missing_program,
    needs,
    placeholder,
    project_by_command,
    project_by_output,
    streams,
)
from validators.checks.exec.runner import repository_root
from validators.findings import Severity
from validators.settings import ConfigError, parse_settings


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("kubectl get pods", (CLUSTER, "kubectl")),
        ("POD=$(kubectl get pods -o name | head -1)", (CLUSTER, "kubectl")),
        ("sudo kubectl apply -f app.yaml && echo ok", (CLUSTER, "kubectl")),
        ("kubectl version", (CLUSTER, "kubectl")),
        ("kubectl version --client", None),
        ("kubectl --help", None),
        ("kubectl create deployment web --image=nginx --dry-run=client -o yaml", None),
        ("helm install web ./chart", (CLUSTER, "helm")),
        ("helm template web ./chart", None),
        ("helm version", None),
        ("kind create cluster --name lab", (CLUSTER, "kind")),
        ("aws s3 mb s3://lesson-bucket", (CLOUD, "aws")),
        ("aws --version", None),
        ("gcloud container clusters list", (CLOUD, "gcloud")),
        ("eksctl create cluster -f cluster.yaml", (CLOUD, "eksctl")),
        ("terraform init", (CLOUD, "terraform init")),
        ("cd infra && terraform apply -auto-approve", (CLOUD, "terraform apply")),
        ("terraform fmt -check", None),
        ("terraform version", None),
        ("docker ps", None),
        ("echo kubectl", None),
    ],
)
def test_commands_for_a_cluster_or_a_cloud(command: str, expected: object) -> None:
    assert needs(command) == expected


def test_a_configured_cluster_runs(tmp_path: Path) -> None:
    (tmp_path / ".kube").mkdir()
    (tmp_path / ".kube" / "config").write_text("apiVersion: v1\n")
    assert needs("kubectl get pods", tmp_path) is None
    assert needs("aws s3 ls", tmp_path) == (CLOUD, "aws")


def test_template_lines() -> None:
    assert placeholder("docker logs <container>  # 전체 로그") == "<container>"
    assert placeholder("docker stop [NAME]") == "[NAME]"
    assert placeholder("aws s3 mb s3://YOUR_BUCKET") == "YOUR_BUCKET"
    assert placeholder('echo "<h1>hi</h1>" > index.html') is None
    assert placeholder("[ -f x ] && cat < in.txt") is None


def test_exec_workdir_setting(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    assert parse_settings(None, config).exec_workdir == "page"
    assert parse_settings({"exec_workdir": "repository"}, config).exec_workdir == "repository"
    with pytest.raises(ConfigError, match="exec_workdir must be 'page' or 'repository'"):
        parse_settings({"exec_workdir": "root"}, config)


def test_repository_root_is_the_git_repository_else_the_config_folder(tmp_path: Path) -> None:
    docs = tmp_path / "course" / "theory"
    docs.mkdir(parents=True)
    config = tmp_path / "course" / "site" / "mkdocs.yml"
    assert repository_root(docs, config) == config.parent.resolve()
    (tmp_path / "course" / ".git").mkdir()
    assert repository_root(docs, config) == (tmp_path / "course").resolve()


def _run(docs: Path, pages: dict[str, str], **options: object) -> ExecReport:
    return run_exec(docs, pages, **options)


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_a_kubernetes_and_cloud_lab_gives_warnings_not_errors(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    lab = docs / "week_03" / "day2"
    lab.mkdir(parents=True)
    script = lab / "deploy.sh"  # as a lab's script calling kubectl prints it, with no cluster
    script.write_text(
        "#!/bin/sh\necho 'The connection to the server localhost:8080 was refused - did "
        "you specify the right host or port?' >&2\nexit 1\n"
    )
    script.chmod(0o755)
    page = (
        "# Lab\n\n```bash\n"
        "kubectl apply -f deployment.yaml\n"  # 4
        "kubectl get pods\n"  # 5
        "POD=$(kubectl get pods -o name | head -1)\n"  # 6
        'echo "pod: $POD"\n'  # 7: runs, passes
        'cat "$POD.log"\n'  # 8: fails because of line 6
        "./deploy.sh\n"  # 9: run, its output says no cluster
        "aws s3 mb s3://lesson-bucket\n"  # 10
        "gcloud source repos clone lesson-app\n"  # 11
        "cd lesson-app\n"  # 12: the folder line 11 would have made
        "terraform init\n"  # 13
        "terraform apply -auto-approve\n"  # 14
        "```\n"
    )
    report = _run(docs, {"week_03/day2/lab_1.md": page})
    found = [(f.line, f.rule, f.key) for f in report.findings]
    assert found == [
        (4, "exec/needs-cluster", "exec/needs-cluster"),
        (5, "exec/needs-cluster", "exec/needs-cluster"),
        (6, "exec/needs-cluster", "exec/needs-cluster"),
        (8, "exec/needs-cluster", "exec/needs-cluster.after"),
        (9, "exec/needs-cluster", "exec/needs-cluster.output"),
        (10, "exec/needs-cloud", "exec/needs-cloud"),
        (11, "exec/needs-cloud", "exec/needs-cloud"),
        (12, "exec/needs-cloud", "exec/needs-cloud.after"),
        (13, "exec/needs-cloud", "exec/needs-cloud"),
        (14, "exec/needs-cloud", "exec/needs-cloud"),
    ]
    assert all(f.severity is Severity.WARNING for f in report.findings)
    assert dict(report.findings[3].args)["cause"] == 6
    assert dict(report.findings[7].args)["cause"] == 11
    (result,) = report.pages
    assert result.counts == {"needs-cluster": 5, "passed": 1, "needs-cloud": 5}
    assert result.verdict == "needs-cluster"
    commands = {c.line: c.verdict for c in result.blocks[0].commands}
    assert commands[7] == "passed" and commands[12] == "needs-cloud"


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_a_cheat_sheet_of_templates_runs_nothing(tmp_path: Path) -> None:
    page = (
        "# Cheat sheet\n\n```bash\n"
        "docker logs <container>  # 전체 로그\n"  # 4
        "docker logs -f <컨테이너>  # 실시간\n"
        "docker stop [NAME]\n"
        "docker run -d --name web YOUR_IMAGE\n"
        "touch your-marker.txt\n"
        "touch marker [NAME]\n"
        "docker exec -it <container> sh\n"  # 10: its shell never opens
        "touch inner-marker\n"  # 11: meant for that shell: not run either
        "exit\n"
        "```\n\n```bash\n"
        'test -z "$(ls -A | grep marker)"\n'  # 16
        'test ! -e container && test -z "$(docker ps -aq)"\n'
        "```\n"
    )
    report = _run(tmp_path / "docs", {"guide/cheatsheet.md": page})
    assert [(f.line, f.rule, f.severity) for f in report.findings] == [
        (4, "exec/placeholder", Severity.INFO)
    ]
    assert dict(report.findings[0].args) == {
        "count": 7,
        "placeholder": "<container>",
        "command": "docker logs <container>  # 전체 로그",
    }
    (result,) = report.pages
    first, second = result.blocks
    assert first.verdict == "placeholder"
    assert [c.verdict for c in first.commands] == ["placeholder"] * 7 + ["skipped"] * 2
    assert second.verdict == "passed"
    assert not (tmp_path / "docs" / "guide" / "your-marker.txt").exists()


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_exec_workdir_repository_runs_from_the_repository_top(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "mkdocs.yml").write_text("docs_dir: theory\n")
    scripts = repo / "theory" / "week_01" / "day1" / "scripts"
    scripts.mkdir(parents=True)
    run = scripts / "run.sh"
    run.write_text('#!/bin/sh\ntest -x "$0" && echo ran-next-to-the-page\n')
    run.chmod(0o755)
    page = {
        "week_01/day1/session_1.md": "# S\n\n```bash\n"
        "cd theory/week_01/day1/scripts && ./run.sh\n"
        "test ! -e ../../../../.git\n"  # the repository's history is not copied
        "```\n"
    }
    root = repository_root(repo / "theory", repo / "mkdocs.yml")
    report = _run(repo / "theory", page, workdir_root=root)
    assert report.findings == []
    assert report.pages[0].counts == {"passed": 2}
    # As before, by default the page's folder is the working directory:
    default = _run(repo / "theory", page)
    assert [(f.line, f.rule) for f in default.findings] == [(4, "exec/failed")]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("docker logs -f web", True),
        ("docker compose logs --follow backend", True),
        ("docker-compose logs -f", True),
        ("docker events --filter type=container", True),
        ("docker events --since 1m --until 0s", False),
        ("docker stats", True),
        ("docker stats --no-stream", False),
        ("kubectl get pods -w", True),
        ("watch -n 1 docker ps", True),
        ("tail -f /var/log/app.log", True),
        ("while true; do curl -s localhost:8080; sleep 1; done", True),
        ("ping google.com", False),  # it never ends: the lesson should say -c 3
        ("while :; do :; done", False),  # a busy loop is a hang
        ("docker logs web", False),
        ("docker ps -a && docker images", False),
        ("top -b -n 1", False),
    ],
)
def test_commands_that_run_until_stopped(command: str, expected: bool) -> None:
    assert streams(command) is expected


def test_a_project_or_container_made_elsewhere() -> None:
    assert project_by_output(
        "ERROR:\n        Can't find a suitable configuration file in this directory or any\n"
        "        parent. Are you in the right directory?"
    )
    assert project_by_output("no configuration file provided: not found")
    assert not project_by_output("ERROR: for web  Cannot start service web: port is in use")
    assert missing_container("Error: No such container: fullstack-backend") == ("fullstack-backend")
    assert missing_container("Error response from daemon: Container 3f2a9c is not running") == (
        "3f2a9c"
    )
    assert missing_container("Error: No such image: nginx:latest") is None  # the lesson pulls
    assert missing_container("pull access denied for app") is None
    assert project_by_output("fatal: not a git repository (or any of the parent directories)")
    assert project_by_command("docker stop $(docker ps -q) 2>/dev/null", "")
    assert not project_by_command("docker stop web 2>/dev/null", "")


def test_what_the_readers_machine_has() -> None:
    installed = {"docker", "bash", "curl"}
    assert missing_program("bash: trivy: command not found", installed) == "trivy"
    assert missing_program("bash: python3.11: command not found", installed) == "python3.11"
    assert missing_program("bash: dokcer: command not found", installed) is None  # a typo
    for text in ("├──", ".env", "npm-debug.log", "SET", "container_memory_usage_bytes"):
        assert missing_program(f"bash: {text}: command not found", installed) is None
    assert host_by_output("iptables: Could not fetch rule set generation id: Permission denied")
    assert host_by_output("System has not been booted with systemd as init system (PID 1).")
    assert not host_by_output("curl: (7) Failed to connect to localhost port 80")
    assert asks("WARNING! This will remove all images.\nAre you sure you want to continue? [y/N] ")
    assert asks("계속하시겠습니까? (y/N): ")
    assert not asks("tick\ntick")
    assert interactive("vim Dockerfile") and interactive("sudo nano /etc/hosts")
    assert not interactive("cat file | less") and not interactive("vimdiff a b")


@pytest.mark.docker
@pytest.mark.usefixtures("dockerd_required")
def test_a_project_made_elsewhere_and_a_stream_are_not_lesson_errors(tmp_path: Path) -> None:
    from tests.fixtures.exec import fixture_images

    archive = fixture_images.build_archive(tmp_path / "fixtures.tar")
    page = (
        "# Cheat sheet\n\n```bash\n"
        "docker-compose logs backend\n"  # 4: no compose file here
        "docker exec fullstack-backend ls /app\n"  # 5: a container of another lesson
        "docker run -d --name web fixture/web:latest\n"  # 6
        "docker logs -f web\n"  # 7: follows until stopped
        "docker logs webb\n"  # 8: a typo of line 6's name: the lesson's error
        "docker stats\n"  # 9: streams
        "```\n"
    )
    report = _run(tmp_path / "docs", {"guide/cheatsheet.md": page}, image_archives=[archive])
    found = [(f.line, f.rule, f.severity) for f in report.findings]
    assert found == [
        (4, "exec/needs-project", Severity.WARNING),
        (5, "exec/needs-project", Severity.WARNING),
        (7, "exec/streamed", Severity.INFO),
        (8, "exec/failed", Severity.ERROR),
        (9, "exec/streamed", Severity.INFO),
    ]
    (result,) = report.pages
    verdicts = {c.line: c.verdict for c in result.blocks[0].commands}
    assert verdicts == {
        4: "needs-project",
        5: "needs-project",
        6: "passed",
        7: "passed",
        8: "failed",
        9: "passed",
    }


def test_a_port_that_could_not_be_published_explains_its_curl() -> None:
    from validators.checks.exec.extract import Command
    from validators.checks.exec.runner import _PageState, judge
    from validators.checks.exec.shell import Result

    state = _PageState()
    state.remember(Command("docker run -d -p 127.0.0.1:3000:3000 --name app app:v1", 6))
    refused = "curl: (7) Failed to connect to localhost port 3000 after 0 ms"
    page = parse_page("lab.md", "# Lab\n")
    after = judge(
        page, Command("curl http://localhost:3000/health", 9), Result(7, refused, 0.1), 20, state
    )
    assert after is not None and (after.rule, after.key) == (
        "exec/needs-network",
        "exec/needs-network.after",
    )
    elsewhere = refused.replace("3000", "4000")
    other = judge(
        page, Command("curl http://localhost:4000", 10), Result(7, elsewhere, 0.1), 20, state
    )
    assert other is not None and other.rule == "exec/failed"
