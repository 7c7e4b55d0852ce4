"""The disposable daemon: isolation, speed, and nothing left behind (real dockerd)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.exec.leftovers import new_since, snapshot
from validators.checks.exec.sandbox import PATH, Sandbox, SandboxError, sweep_stale
from validators.checks.exec.shell import PageShell

ROOT = Path(__file__).resolve().parent.parent


pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("dockerd_required")]


@pytest.fixture()
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


def _inside(sandbox: Sandbox, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*sandbox.enter_argv("/"), "bash", "-c", script],
        capture_output=True,
        text=True,
        env={"PATH": PATH},
        check=False,
    )


def test_daemon_starts_fast_and_is_isolated(sandbox: Sandbox) -> None:
    assert sandbox.started_at < 2.0
    host_links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
    # Inside, the default socket is the sandbox's daemon, and the network is its own.
    result = _inside(
        sandbox,
        "docker info --format '{{.DockerRootDir}}'; docker network create isolated-net >/dev/null;"
        " docker network ls --format '{{.Name}}'; ip -o link | wc -l",
    )
    assert result.returncode == 0, result.stderr
    root_dir, *rest = result.stdout.split()
    assert root_dir == str(sandbox.disk / "docker")
    assert "isolated-net" in rest
    assert subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout == host_links
    # A port taken inside is free on the host: published ports cannot clash.
    listener = sandbox.listen_inside(47999, "0.0.0.0")
    try:
        import socket

        with socket.socket() as host_side:
            host_side.bind(("0.0.0.0", 47999))
    finally:
        listener.close()


def test_stop_leaves_nothing_behind() -> None:
    before = snapshot()
    sandbox = Sandbox()
    sandbox.start()
    root = sandbox.root
    assert root is not None and root.is_dir()
    result = _inside(sandbox, "docker network create n1 >/dev/null && ip -o link | grep -c br-")
    assert result.stdout.strip() == "1", result.stderr
    assert new_since(before)  # something to clean up indeed
    sandbox.stop()
    assert new_since(before) == {}
    assert not root.exists()
    sandbox.stop()  # idempotent


def test_a_daemon_that_cannot_start_says_why(tmp_path: Path) -> None:
    sandbox = Sandbox(registry_mirrors=["not a url"])
    with pytest.raises(SandboxError, match="dockerd") as caught:
        sandbox.start()
    assert "mirror" in str(caught.value)  # dockerd's own complaint is quoted
    assert sandbox.root is None


def test_page_shell_overhead_per_command(sandbox: Sandbox) -> None:
    work = sandbox.disk / "pages" / "bench" / "work"
    shell = PageShell(sandbox, work, work.parent / "home")
    shell.start()
    try:
        begin = time.perf_counter()
        for _ in range(200):
            assert shell.run("true", 10).status == 0
        ours = (time.perf_counter() - begin) / 200
    finally:
        shell.close()
    begin = time.perf_counter()
    subprocess.run(["bash", "-c", "true\n" * 200], check=True)
    plain = (time.perf_counter() - begin) / 200
    assert ours - plain < 0.015, f"{(ours - plain) * 1000:.2f} ms overhead per command"


def _runner(page: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "validators.checks.exec", str(page), "--timeout", "60"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_process(marker: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    if marker.encode() in Path(f"/proc/{name}/cmdline").read_bytes():
                        return
                except OSError:
                    pass
        time.sleep(0.05)
    raise AssertionError(f"no process {marker!r} appeared")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_runner_tears_everything_down(tmp_path: Path, signum: int) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```bash\ndocker network create mid-run\nsleep 61.25 &\nsleep 61.5\n```\n",
        encoding="utf-8",
    )
    before = snapshot()
    runner = _runner(page)
    try:
        _wait_for_process("61.5")
        assert new_since(before)
        runner.send_signal(signum)
        _, stderr = runner.communicate(timeout=30)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == (130 if signum == signal.SIGINT else 143), stderr.decode()
    assert stderr.decode().strip().splitlines() == ["exec: interrupted; the sandbox is torn down"]
    assert new_since(before) == {}


def test_killed_runner_leaves_no_process_and_the_next_start_sweeps(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```bash\nsleep 62.5\n```\n", encoding="utf-8")
    before = snapshot()
    runner = _runner(page)
    try:
        _wait_for_process("62.5")
        runner.kill()  # SIGKILL: no cleanup code runs
        runner.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and new_since(before).get("processes"):
            time.sleep(0.05)
        left = new_since(before)
        assert "processes" not in left and "mounts" not in left and "links" not in left
        assert left.get("directories")  # only files remain, for the next start to sweep
    finally:
        if runner.poll() is None:
            runner.kill()
    assert sweep_stale()
    assert new_since(before) == {}
