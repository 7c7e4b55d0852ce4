"""The command-line check runs the real docker, docker-compose and kubectl parsers."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from validators.checks.blocks import _cache, check_blocks
from validators.checks.blocks.commands import Invocation, invocations, shape, verdict
from validators.page import parse_page


def _need(cli: str) -> None:
    if shutil.which(cli) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{cli} is not installed in CI")
        pytest.skip(f"{cli} is not installed")


def _findings(body: str, lang: str = "bash") -> list[tuple[int, str, str]]:
    page = parse_page("week1/day1/session_1.md", f"# T\n\n```{lang}\n{body}\n```\n")
    return [
        (f.line, f.rule, dict(f.args).get("error", ""))
        for f in check_blocks([page])
        if f.rule.startswith("blocks/command/")
    ]


# content line n of the block is Markdown line n + 4
CLEAN = [
    "docker run -d --name web -p 8080:80 nginx",
    "docker ps -a --format '{{.Names}}'",
    "sudo docker ps",
    "docker logs <container>",
    "docker ps | grep web && docker images",
    "FOO=1 docker run --rm \\\n  -e A=$A \\\n  alpine echo hi",
]
KUBE_CLEAN = [
    "kubectl get pods -n kube-system -o wide",
    "kubectl apply -f deploy.yaml",
    "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
    "kubectl exec -it pod -- sh -c 'ls -la --nope'",
    "kubectl get pods | grep x",
    "kubectl logs $POD -f && kubectl get svc",
]


def test_docker_planted_and_clean() -> None:
    _need("docker")
    body = "\n".join([*CLEAN, "docker run --nmae web nginx", "sudo docker image lss"])
    assert _findings(body) == [
        (12, "blocks/command/unknown-flag", "unknown flag: --nmae"),
        (13, "blocks/command/unknown-command", "unknown command: docker image lss"),
    ]


def test_kubectl_planted_and_clean() -> None:
    _need("kubectl")
    body = "\n".join([*KUBE_CLEAN, "kubectl get pods --namespcae x", "kubectl gett pods"])
    assert _findings(body) == [
        (10, "blocks/command/unknown-flag", "unknown flag: --namespcae"),
        (11, "blocks/command/unknown-command", 'unknown command "gett" for "kubectl"'),
    ]


def test_console_block_checks_prompt_lines_only() -> None:
    _need("kubectl")
    body = "$ kubectl get pods --namespcae x\nNAME  READY\n--nmae output line"
    assert _findings(body, "console") == [
        (4, "blocks/command/unknown-flag", "unknown flag: --namespcae")
    ]


def test_docker_compose_unknown_command() -> None:
    _need("docker-compose")
    assert _findings("docker-compose up -d\ndocker-compose upp") == [
        (5, "blocks/command/unknown-command", "No such command: upp")
    ]


def test_missing_cli_is_one_info_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from validators.checks.blocks import commands

    real = commands.executable
    monkeypatch.setattr(commands, "executable", lambda cli: None if cli == "helm" else real(cli))
    monkeypatch.setattr(commands, "_MISSING_AT", {})
    page = parse_page("a.md", "# T\n\n```bash\nhelm install a b\nhelm list\n```\n")
    with _cache.use(_cache.Store()):  # a fresh store, its memos emptied
        found = [f for f in check_blocks([page, page]) if f.rule == "blocks/command/cli-missing"]
    monkeypatch.undo()
    for memo in (commands.verdict, commands._verdict):
        memo.cache_clear()
    assert len(found) == 1 and dict(found[0].args)["cli"] == "helm"


def test_words_the_cli_cannot_see() -> None:
    assert invocations("docker rm -f $(docker ps -aq)") == []
    assert invocations("docker --host unix:///var/run/docker.sock ps") == []
    assert [i.argv for i in invocations("sudo -E watch -n 1 kubectl top pods | sort")] == [
        ("kubectl", "top", "pods")
    ]


def test_timing_200_lines_and_cache(capsys: pytest.CaptureFixture[str]) -> None:
    _need("docker")
    _need("kubectl")
    lines = [f"docker run -d --name web{n} -p {8000 + n}:80 nginx" for n in range(100)]
    lines += [f"kubectl get pods -n ns{n} -o wide" for n in range(100)]
    body = "\n".join(lines)
    start = time.monotonic()
    assert _findings(body) == []
    first = time.monotonic() - start
    start = time.monotonic()
    assert _findings(body) == []
    again = time.monotonic() - start
    with capsys.disabled():
        print(f"\n200 distinct command lines: {first:.2f}s, cached re-run: {again:.3f}s")
    assert again < first / 5
    assert verdict.cache_info().hits >= 200
    assert isinstance(next(iter(invocations(lines[0]))), Invocation)


def test_the_site_build_leaves_the_cli_checks_out() -> None:
    """`mkdocs build`/`serve` skip the slow modules (one CLI process per command line),
    also for a script a heredoc writes; `python -m validators check` runs them."""
    from validators.checks.blocks import SLOW

    text = (
        "# A\n\n```bash\ndocker run --nmae web nginx\n"
        "cat > run.sh <<'EOF'\ndocker ps --al\nEOF\n```\n"
    )
    page = parse_page("site.md", text)
    rules = [(f.line, f.rule) for f in check_blocks([page]) if f.rule.startswith("blocks/command")]
    assert rules == [(4, "blocks/command/unknown-flag"), (6, "blocks/command/unknown-flag")]
    assert [f for f in check_blocks([page], SLOW) if f.rule.startswith("blocks/command")] == []


def test_lines_of_one_shape_ask_the_cli_once() -> None:
    _need("docker")
    assert shape(("docker", "run", "--name", "web-12", "-p", "8001:80", "nginx:1.27")) == (
        ("docker", "run", "--name", "web-1", "-p", "1:1", "nginx:1.1")
    )
    assert shape(("docker", "run", "--ipv6", "--cpus=0.5", "-p8080:80", "alpine")) == (
        ("docker", "run", "--ipv6", "--cpus=1.1", "-p8080:80", "alpine")
    )
    assert shape(("docker-compose", "-f", "prod.yml", "up", "-d", "--build")) == (
        ("docker-compose", "up")
    )
    lines = [f"docker run -d --name web-{n} -p {8000 + n}:80 nginx:1.{n}" for n in range(20)]
    store = _cache.Store()
    with _cache.use(store):
        assert _findings("\n".join(lines)) == []
        asked = [ns for ns in store._added if ns.startswith("commands|")]
        assert [len(store._added[ns]) for ns in asked] == [1]


def test_a_rejected_shape_is_reported_in_the_lines_own_words() -> None:
    _need("docker")
    body = "docker run --rm=true --cpus=0.5 --nmae web-1 nginx:1.27\ndocker web-2 ps"
    assert _findings(body) == [
        (4, "blocks/command/unknown-flag", "unknown flag: --nmae"),
        (5, "blocks/command/unknown-command", "unknown command: docker web-2"),
    ]


HELM_CLEAN = [
    "helm repo add bitnami https://charts.bitnami.com/bitnami",
    "helm install my-release bitnami/nginx --set service.type=NodePort -n web --create-namespace",
    "helm upgrade --install web ./chart -f values.yaml --wait --timeout 5m",
    "helm template web ./chart --values values.yaml | kubectl apply -f -",
    "helm list -A && helm history web",
]


def test_helm_planted_and_clean() -> None:
    _need("helm")
    body = "\n".join([*HELM_CLEAN, "helm instal web ./chart", "helm install web ./chart --nmae x"])
    assert _findings(body) == [
        (9, "blocks/command/unknown-command", 'unknown command "instal" for "helm"'),
        (10, "blocks/command/unknown-flag", "unknown flag: --nmae"),
    ]
