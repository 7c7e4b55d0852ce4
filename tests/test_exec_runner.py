"""Running pages: state across blocks, expectations, timeouts, isolation (real dockerd)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_exec
from tests.fixtures.exec import fixture_images
from tests.fixtures.exec.leftovers import new_since, snapshot
from validators.checks.exec import ExecReport
from validators.checks.exec.sandbox import PATH, Sandbox
from validators.findings import Finding

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("dockerd_required")]


@pytest.fixture(scope="module")
def fixture_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixture/busybox and fixture/web, imported from busybox-static and saved."""
    return fixture_images.build_archive(tmp_path_factory.mktemp("images") / "fixtures.tar")


@pytest.fixture()
def no_cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _report(
    tmp_path: Path, pages: dict[str, str], archive: Path | None = None, **options: object
) -> ExecReport:
    options.setdefault("image_archives", [archive] if archive else [])
    return run_exec(tmp_path / "docs", pages, **options)


def _run(
    tmp_path: Path, pages: dict[str, str], archive: Path | None = None, **options: object
) -> list[Finding]:
    return _report(tmp_path, pages, archive, **options).findings


def _rules(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings]


def _bash(body: str) -> str:
    return f"```bash\n{body}\n```\n"


def test_state_carries_over_blocks_in_page_order(tmp_path: Path, fixture_archive: Path) -> None:
    (tmp_path / "docs" / "lesson").mkdir(parents=True)
    (tmp_path / "docs" / "lesson" / "data.txt").write_text("shipped with the lesson\n")
    page = (
        _bash("grep -q 'shipped with the lesson' data.txt")  # the page's folder is the cwd
        + "text\n\n"
        + _bash(
            'greet() { echo "hi $1"; }\nNAME=student\nmkdir made && cd made\n'
            "docker run -d --name keeper fixture/busybox:latest"
        )
        + "more text\n\n"
        + _bash(
            'test "$(greet you)" = "hi you"\ntest "$NAME" = student\n'
            'test "$(basename "$PWD")" = made\n'
            "docker inspect -f '{{.State.Running}}' keeper | grep -qx true"
        )
        + '```console\n$ test "$NAME" = student && echo ok\nok\n```\n'
    )
    before = snapshot()
    findings = _run(tmp_path, {"lesson/page.md": page}, fixture_archive)
    assert findings == []
    assert new_since(before) == {}


def test_each_page_starts_clean_but_keeps_images(tmp_path: Path, fixture_archive: Path) -> None:
    first = _bash(
        "docker network create leftnet\ndocker volume create leftvol\n"
        "docker run -d --name leftover --network leftnet -v leftvol:/data fixture/busybox:latest\n"
        "export FROM_FIRST=1"
    )
    second = _bash(
        'test -z "$(docker ps -aq)"\n! docker network inspect leftnet\n'
        '! docker volume inspect leftvol\ntest -z "${FROM_FIRST:-}"\n'
        "docker image inspect fixture/busybox:latest >/dev/null\n"
        "docker run -d --name leftover fixture/busybox:latest"
    )
    findings = _run(tmp_path, {"a.md": first, "b.md": second}, fixture_archive)
    assert findings == []


def test_expected_failures_confirmed_mismatched_and_succeeding(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = (
        "**🚨 의도적 오류 포인트 1**: 네트워크 이름 중복\n"
        + _bash(
            "docker network create dup-net\n"
            "docker network create dup-net\n"
            "# Error: network with name dup-net already exists"
        )
        + "\n**🚨 의도적 오류 포인트 2**: 통신\n"
        + _bash(
            "# 다른 네트워크 (오류 발생)\n"
            "docker run -d --name alone fixture/web:latest\n"
            "docker run -d --name other fixture/web:latest\n"
            "docker exec other ping -c 1 alone\n"
            "# ping: bad address 'alone'"
        )
        + "\n**🚨 의도적 오류 포인트 3**: 틀린 메시지\n"
        + _bash("docker rm not-there\n# Error: port is already allocated")
        + "\n**🚨 의도적 오류 포인트 4**: 성공해 버림\n"
        + _bash("docker network ls\n# Error: network ls should fail")
        + '\n<!-- exec: expect-error="No such container" -->\n'
        + _bash("docker logs nobody")
    )
    findings = _run(tmp_path, {"errors.md": page}, fixture_archive)
    assert _rules(findings) == [
        (19, "exec/expected-message-mismatch"),
        (25, "exec/expected-failure-succeeded"),
    ]
    mismatch = findings[0]
    assert "No such container: not-there" in mismatch.message
    assert "port is already allocated" in mismatch.message


def test_hung_commands_time_out_and_the_shell_goes_on(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = (
        _bash(
            "export KEEP=kept\nmkdir -p deep && cd deep\n"
            "sleep 30\n"
            'test "$KEEP" = kept && test "$(basename "$PWD")" = deep\n'
            "while :; do :; done\n"
            'test "$KEEP" = kept\n'
            "docker run -d --name chatty fixture/busybox:latest \\\n"
            "  sh -c 'while :; do echo tick; sleep 0.2; done'\n"
            "docker logs -f chatty\n"
            'echo "still here: $KEEP" && test "$KEEP" = kept'
        )
        + "\n<!-- exec: timeout=10 -->\n"
        + _bash("sleep 3")
    )
    findings = _run(tmp_path, {"hang.md": page}, fixture_archive, timeout=1.5)
    assert _rules(findings) == [(4, "exec/timeout"), (6, "exec/timeout"), (10, "exec/streamed")]
    assert "within 1.5s" in findings[0].message
    assert "tick" in findings[2].message  # `logs -f` runs until stopped; its output is kept


def test_blocks_see_a_scrubbed_environment_and_only_their_daemon(
    tmp_path: Path, fixture_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Sandbox() as canary:
        fixture_images.import_images(canary.api, {"fixture/busybox:latest": ["sleep", "600"]})
        canary.api.json(
            "POST", "/containers/create?name=canary", {"Image": "fixture/busybox:latest"}
        )
        canary.api.request("POST", "/containers/canary/start")
        monkeypatch.setenv("DOCKER_HOST", f"unix://{canary.socket_path}")
        monkeypatch.setenv("DOCKER_CONTEXT", "no-such-context")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "do-not-leak")
        page = _bash(
            'test -z "${AWS_SECRET_ACCESS_KEY:-}"\n'
            "! env | grep -q do-not-leak\n"
            'test -z "${DOCKER_HOST:-}" && test -z "${DOCKER_CONTEXT:-}"\n'
            "docker run -d --name victim fixture/busybox:latest\n"
            "docker rm -f $(docker ps -aq)\n"
            "docker system prune -af --volumes\n"
            "! docker -H unix:///var/run/docker.sock ps -a | grep -q canary\n"
            f'test "$(docker info --format "{{{{.DockerRootDir}}}}")" != "{canary.root}/data"'
        )
        findings = _run(tmp_path, {"prune.md": page}, fixture_archive)
        assert findings == []
        state = canary.api.json("GET", "/containers/canary/json")["State"]
        assert state["Running"] is True


def test_network_needs_are_warnings_and_failures_keep_their_output(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = _bash(
        "docker search nginx\n"
        "docker pull fixture/never-pulled:1\n"
        "docker history fixture/never-pulled:1\n"
        'for i in $(seq 1 40); do echo "line $i"; done; cat /no-such-net'
    )
    findings = _run(tmp_path, {"net.md": page}, fixture_archive)
    assert [(f.line, f.rule, f.severity.value) for f in findings] == [
        (2, "exec/needs-network", "warning"),
        (3, "exec/needs-network", "warning"),
        (4, "exec/needs-network", "warning"),
        (5, "exec/failed", "error"),
    ]
    assert "follows" not in findings[0].message and "line 3" in findings[2].message
    failed = findings[3].message
    assert "no-such-net" in failed and "line 40" in failed and "line 5\n" not in failed


def test_progress_reports_every_command(tmp_path: Path, fixture_archive: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    page = _bash("true\ntrue") + "<!-- exec: skip -->\n" + _bash("false") + _bash("true")
    findings = _run(tmp_path, {"p.md": page}, fixture_archive, progress=lambda *a: calls.append(a))
    assert findings == []
    assert calls == [(0, 3, "p.md:2"), (1, 3, "p.md:3"), (2, 3, "p.md:10"), (3, 3, "")]


def test_pages_without_shell_blocks_start_no_daemon(tmp_path: Path) -> None:
    before = snapshot()
    assert _run(tmp_path, {"empty.md": "# Nothing\n\n```python\nprint(1)\n```\n"}) == []
    assert not (tmp_path / "cache").exists() and new_since(before) == {}


@pytest.fixture()
def upstream_registry(tmp_path: Path) -> Iterator[str]:
    """A plain registry on the host's loopback: the 'remote' a mirror fetches from."""
    binary = shutil.which("docker-registry", path=PATH)
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's docker-registry is required when CI=true")
        pytest.skip("Debian's docker-registry is not installed")
    import socket
    import subprocess
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "upstream.json"
    settings = {
        "version": 0.1,
        "log": {"level": "error"},
        "http": {"addr": f"127.0.0.1:{port}"},
        "storage": {"filesystem": {"rootdirectory": str(tmp_path / "upstream")}},
    }
    config.write_text(json.dumps(settings))
    process = subprocess.Popen(
        [binary, "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_registry_mirror_and_pulls_cached_across_runs(
    tmp_path: Path, fixture_archive: Path, upstream_registry: str
) -> None:
    address = upstream_registry.removeprefix("http://")
    # Publish a fixture image upstream (from a sandbox that reaches it through the forward).
    publish = _bash(
        f"docker tag fixture/web:latest {address}/library/cached-web:1\n"
        f"docker push {address}/library/cached-web:1"
    )
    assert (
        _run(tmp_path, {"push.md": publish}, fixture_archive, registry_mirror=upstream_registry)
        == []
    )
    pull = _bash(
        "docker pull cached-web:1\n"
        "docker run -d --name web -p 8080:80 cached-web:1\n"
        "sleep 0.5; exec 3<>/dev/tcp/127.0.0.1/8080\n"
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; grep -q 'course-site fixture' <&3"
    )
    # No archive: the image can only come through the mirror, and the cache keeps it.
    assert _run(tmp_path, {"pull.md": pull}, registry_mirror=upstream_registry) == []
    shutil.rmtree(tmp_path / "upstream" / "docker" / "registry" / "v2")
    assert _run(tmp_path, {"pull.md": pull}, registry_mirror=upstream_registry) == []
    # Not in the cache nor the mirror: dockerd falls back to Docker Hub, unreachable here.
    gone = _bash("docker pull library/never-pushed:1")
    assert _rules(_run(tmp_path, {"gone.md": gone}, registry_mirror=upstream_registry)) == [
        (2, "exec/needs-network")
    ]


# --- as students live them: container shells, files, output, parallel pages -----------------


def test_lines_after_docker_run_it_are_typed_into_the_container_shell(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = (
        "---\nexec:\n  check-output: true\n---\n\n"  # lines 1-5
        + _bash(  # line 6
            "docker run -it --name demo fixture/busybox:latest sh\n"  # 7
            "echo hello > /tmp/newfile.txt\n"  # 8: in the container, not on the host
            "cat /tmp/newfile.txt\n"  # 9
            "# hello\n"
            "hostname\n"  # 11
            "# <container-id>\n"
            "cat /tmp/missing\n"  # 13: fails inside, reported at its own line
            "HERE=container\n"  # 14: the container shell keeps its state
            'test "$HERE" = container\n'  # 15
            "exit\n"  # 16
            "test ! -e /tmp/newfile.txt\n"  # 17: back on the host
            'test -z "${HERE:-}"\n'  # 18
            "docker diff demo\n"  # 19
            "# A /tmp/newfile.txt  (A = Added)"
        )
        + "\n<!-- exec: timeout=2 -->\n"  # 23
        + _bash(  # 24
            "docker start demo\n"  # 25
            "docker exec -it demo sh\n"  # 26
            "sleep 60\n"  # 27: hangs; Ctrl-C in the container, the shell goes on
            "cat /tmp/newfile.txt\n"  # 28
            "# hello"
        )  # the block ends in the container's shell: it is left with `exit`
        + _bash("docker exec demo cat /tmp/gone\n# Error: No such file")  # 32: on the host
    )
    report = _report(tmp_path, {"shell.md": page}, fixture_archive)
    assert _rules(report.findings) == [
        (13, "exec/failed"),
        (27, "exec/timeout"),
    ]
    assert "cat: can't open '/tmp/missing'" in report.findings[0].message
    assert "Ctrl-C" in report.findings[1].message
    (result,) = report.pages
    verdicts = [(c.line, c.verdict) for block in result.blocks for c in block.commands]
    assert verdicts[:12] == [
        (7, "passed"),
        (8, "passed"),
        (9, "passed"),
        (11, "passed"),
        (13, "failed"),
        (14, "passed"),
        (15, "passed"),
        (16, "passed"),
        (17, "passed"),
        (18, "passed"),
        (19, "passed"),
        (25, "passed"),
    ]
    assert verdicts[12:] == [
        (26, "passed"),
        (27, "timeout"),
        (28, "passed"),
        (32, "expected-failure"),
    ]


def test_a_container_shell_that_cannot_open_skips_its_lines(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = _bash(
        "docker run -it --name nope fixture/busybox:latest-missing sh\n"
        "touch /tmp/never\n"
        "exit\n"
        "test ! -e /tmp/never"  # the typed lines never reached the host's shell
    )
    report = _report(tmp_path, {"nope.md": page}, fixture_archive)
    assert _rules(report.findings) == [(2, "exec/needs-network")]
    verdicts = [(c.line, c.verdict) for c in report.pages[0].blocks[0].commands]
    assert verdicts == [(2, "needs-network"), (3, "skipped"), (4, "skipped"), (5, "passed")]


def test_titled_blocks_are_written_before_the_commands_after_them(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = (
        '```dockerfile title="Dockerfile.multi"\n'
        "FROM fixture/busybox:latest AS builder\n"
        "COPY app/package.json /src/\n"
        "RUN cat /src/package.json > /built\n"
        "FROM fixture/busybox:latest\n"
        "COPY --from=builder /built /built\n"
        'CMD ["cat", "/built"]\n'
        "```\n\n"
        '```json title="app/package.json"\n{"name": "lesson-app"}\n```\n\n'
        "<!-- exec: check-output -->\n"
        + _bash(
            "docker build -t myapp:optimized -f Dockerfile.multi .\n"
            "docker run --rm myapp:optimized\n"
            '# {"name": "lesson-app"}'
        )
    )
    report = _report(tmp_path, {"build/page.md": page}, fixture_archive)
    assert report.findings == []
    blocks = report.pages[0].blocks
    assert [(b.index, b.verdict, b.file) for b in blocks] == [
        (0, "file", "Dockerfile.multi"),
        (1, "file", "app/package.json"),
        (2, "passed", None),
    ]
    # The course's own folder is untouched: files go into the page's working copy.
    assert not (tmp_path / "docs" / "build" / "Dockerfile.multi").exists()


def test_expected_output_mismatch_is_a_finding_with_a_diff(
    tmp_path: Path, fixture_archive: Path
) -> None:
    page = "<!-- exec: check-output -->\n" + _bash(
        "docker run -d --name web fixture/web:latest\n"
        "docker ps\n"
        "# CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\n"
        "# 0123456789ab   fixture/web:latest   ...   2 seconds ago   Up 1 second   web\n"
        "docker logs web\n"
        "# serving on :8080"
    )
    report = _report(tmp_path, {"out.md": page}, fixture_archive)
    assert _rules(report.findings) == [(7, "exec/output-mismatch")]
    message = report.findings[0].message
    assert "  | -serving on :8080" in message
    assert "  | +fixture web serving on :80" in message


def test_parallel_pages_each_get_their_own_daemon(
    tmp_path: Path, fixture_archive: Path, request: pytest.FixtureRequest
) -> None:
    # pytest's folder is root's own (0700): the sandboxes' unprivileged user needs a way in.
    barrier = Path(tempfile.mkdtemp(prefix="barrier-", dir="/tmp"))
    barrier.chmod(0o777)
    request.addfinalizer(lambda: shutil.rmtree(barrier, ignore_errors=True))

    def page(me: str, other: str) -> str:
        return _bash(
            "docker network create pair1-network\n"
            "docker run -d --name web --network pair1-network -p 8080:80 fixture/web:latest\n"
            f"touch {barrier}/{me}\n"
            # Both pages hold port 8080 and pair1-network at the same moment.
            f"for i in $(seq 150); do test -e {barrier}/{other} && break; sleep 0.1; done\n"
            f"test -e {barrier}/{other}\n"
            "sleep 0.3; exec 3<>/dev/tcp/127.0.0.1/8080\n"
            "printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; grep -q 'course-site fixture' <&3"
        )

    before = snapshot()
    report = _report(
        tmp_path,
        {"a.md": page("a", "b"), "b.md": page("b", "a")},
        fixture_archive,
        jobs=2,
        shared=[barrier],  # the only host folder both sandboxes see
    )
    assert report.findings == []
    assert [(p.path, p.verdict) for p in report.pages] == [("a.md", "passed"), ("b.md", "passed")]
    assert new_since(before) == {}
