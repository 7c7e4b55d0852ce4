"""Issue 11's attacks, one page each, asserted from the host side (real rootless dockerd).

Each page is what a hostile (or careless) lesson would run; the test then looks at the
host: canary files unread (their content in no output) and unchanged, no new host file,
a host daemon's canary container still running, no process left, verdicts not forged.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fixtures.exec import fixture_images
from tests.fixtures.exec.leftovers import new_since, snapshot
from validators import parse_page
from validators.checks.exec import ExecReport, run_pages
from validators.checks.exec.sandbox import PATH, DockerAPI, Limits

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("dockerd_required")]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="attack-images-", dir="/tmp"))
    folder.chmod(0o755)  # readable by an unprivileged runner too
    path = fixture_images.build_archive(folder / "fixtures.tar")
    path.chmod(0o644)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def canary() -> Iterator[tuple[Path, str]]:
    """A secret file in root's home (/root/.ssh), as on a CI runner."""
    secret = f"canary-{secrets.token_hex(8)}"
    ssh = Path("/root/.ssh")
    made = not ssh.exists()
    ssh.mkdir(mode=0o700, exist_ok=True)
    path = ssh / f"course-canary-{secrets.token_hex(4)}"
    path.write_text(secret + "\n")
    yield path, secret
    path.unlink()
    if made:
        shutil.rmtree(ssh, ignore_errors=True)


def _run(tmp_path: Path, pages: dict[str, str], archive: Path, **options: object) -> ExecReport:
    docs = tmp_path / "docs"
    parsed = []
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
        parsed.append(parse_page(name, text))
    options.setdefault("timeout", 20)
    return run_pages(
        parsed,
        docs_dir=docs,
        image_archives=[archive],
        cache_dir=tmp_path / "cache",
        **options,  # type: ignore[arg-type]
    )


def _bash(body: str) -> str:
    return f"```bash\n{body}\n```\n"


def _everything(report: ExecReport) -> str:
    return repr(report)


def _verdicts(report: ExecReport, path: str) -> dict[int, str]:
    page = next(p for p in report.pages if p.path == path)
    return {c.line: c.verdict for block in page.blocks for c in block.commands}


def test_a_bind_mount_of_the_host_root_sees_only_the_private_root(
    tmp_path: Path, archive: Path, canary: tuple[Path, str]
) -> None:
    path, secret = canary
    planted = Path(f"/tmp/planted-{secrets.token_hex(4)}")
    page = _bash(
        f"docker run --rm -v /:/host fixture/busybox:latest cat /host{path}\n"
        f"docker run --rm -v /:/host fixture/busybox:latest sh -c 'echo x > /host{planted}'\n"
        f"docker run --rm -v /root:/r fixture/busybox:latest ls -la /r\n"
        f"cat {path}"
    )
    before = snapshot()
    report = _run(tmp_path, {"bind.md": page}, archive)
    assert secret not in _everything(report)
    assert path.read_text() == secret + "\n"
    assert not planted.exists()
    verdicts = _verdicts(report, "bind.md")
    assert verdicts[2] == verdicts[5] == "failed"  # no such file, in the private root
    assert new_since(before) == {}


@pytest.fixture()
def host_daemon(archive: Path) -> Iterator[tuple[Path, DockerAPI]]:
    """A plain root dockerd on a socket outside /run, with a running canary container."""
    folder = Path(tempfile.mkdtemp(prefix="hostd-", dir="/tmp"))
    folder.chmod(0o755)
    sock = folder / "docker.sock"
    daemon = subprocess.Popen(
        [
            "dockerd",
            f"--data-root={folder / 'data'}",
            f"--exec-root={folder / 'exec'}",
            f"--pidfile={folder / 'pid'}",
            f"--host=unix://{sock}",
            "--bridge=none",
            "--iptables=false",
            "--ip-masq=false",
        ],
        env={"PATH": PATH},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = DockerAPI(sock)
    try:
        deadline = time.monotonic() + 30
        while not (sock.exists() and api.ping()) and time.monotonic() < deadline:
            time.sleep(0.05)
        fixture_images.import_images(api, {"fixture/busybox:latest": ["sleep", "600"]})
        api.json("POST", "/containers/create?name=canary", {"Image": "fixture/busybox:latest"})
        api.request("POST", "/containers/canary/start")
        sock.chmod(0o666)  # even a socket open to everyone is out of reach
        yield sock, api
    finally:
        with_suppress = api.ping()
        if with_suppress:
            api.request("DELETE", "/containers/canary?force=1")
        daemon.terminate()
        daemon.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_host_daemon_socket_is_out_of_reach(
    tmp_path: Path, archive: Path, host_daemon: tuple[Path, DockerAPI]
) -> None:
    sock, api = host_daemon
    page = _bash(
        f"docker -H unix://{sock} rm -f canary\n"
        f"docker run --rm -v {sock}:/var/run/docker.sock fixture/busybox:latest "
        "test -S /var/run/docker.sock\n"
        f"ls {sock.parent}"
    )
    report = _run(tmp_path, {"sock.md": page}, archive)
    assert set(_verdicts(report, "sock.md").values()) == {"failed"}
    assert api.json("GET", "/containers/canary/json")["State"]["Running"] is True


def test_a_privileged_container_cannot_use_the_cgroup_release_agent(
    tmp_path: Path, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = f"token-{secrets.token_hex(8)}"
    monkeypatch.setenv("GITHUB_TOKEN", token)
    victim = subprocess.Popen(["sleep", "300"], start_new_session=True)
    escaped = Path(f"/tmp/escaped-{secrets.token_hex(4)}")
    exploit = (
        "mkdir -p /tmp/cg && (mount -t cgroup -o memory cgroup /tmp/cg || "
        "mount -t cgroup -o rdma cgroup /tmp/cg) && mkdir -p /tmp/cg/x && "
        "echo 1 > /tmp/cg/x/notify_on_release && "
        "d=$(sed -n 's/.*upperdir=\\([^,]*\\).*/\\1/p' /proc/mounts | head -1) && "
        "echo $d/cmd > /tmp/cg/release_agent && "
        f"printf '#!/bin/sh\\nkill -9 {victim.pid}\\ncat /proc/1/environ > {escaped}\\n' > /cmd "
        "&& chmod +x /cmd && sh -c 'echo $$ > /tmp/cg/x/cgroup.procs'"
    )
    page = _bash(
        f'docker run --rm --privileged fixture/busybox:latest sh -c "{exploit}"\n'
        "docker run --rm --cap-add=ALL --cap-drop=SYS_BOOT --security-opt seccomp=unconfined "
        f'--security-opt apparmor=unconfined fixture/busybox:latest sh -c "{exploit}"\n'
        f"kill -9 {victim.pid}"
    )
    try:
        report = _run(tmp_path, {"cgroup.md": page}, archive)
        time.sleep(0.5)
        assert victim.poll() is None  # still alive
    finally:
        victim.kill()
        victim.wait()
    assert not escaped.exists()
    assert token not in _everything(report)
    assert set(_verdicts(report, "cgroup.md").values()) == {"failed"}


def test_no_host_files_no_host_daemon_after_umount(
    tmp_path: Path, archive: Path, canary: tuple[Path, str]
) -> None:
    path, secret = canary
    config = Path("/root/.docker/config.json")
    planted = [Path(f"/{name}/planted-{secrets.token_hex(4)}") for name in ("etc", "usr", "var")]
    first = _bash(
        "cat /root/.ssh/* ~/.docker/config.json /root/.docker/config.json\n"
        "ls /home /root\n" + "\n".join(f"touch {p}" for p in planted) + "\numount -l /run\n"
        "umount -l /tmp\n"
        "docker rm -f $(docker ps -aq)\n"
        "docker -H unix:///var/run/docker.sock info"
    )
    second = _bash('docker info --format "{{.DockerRootDir}}" | grep -q course-exec-')
    report = _run(tmp_path, {"a.md": first, "b.md": second}, archive)
    assert secret not in _everything(report)
    assert not config.exists() or config.read_text() not in _everything(report)
    assert not any(p.exists() for p in planted)
    verdicts = _verdicts(report, "a.md")
    # /var is the daemon's own tmpfs inside: writable there, and still not the host's
    assert [verdicts[line] for line in (2, 3, 4, 5)] == ["failed"] * 4
    # umount is refused: it would need the host's privileges (a warning, never "passed")
    assert [verdicts[line] for line in (7, 8)] == ["needs-host"] * 2
    assert _verdicts(report, "b.md") == {2: "passed"}


def test_background_processes_die_with_their_page_and_limits_hold(
    tmp_path: Path, archive: Path, request: pytest.FixtureRequest
) -> None:
    shared = Path(tempfile.mkdtemp(prefix="ticks-", dir="/tmp"))
    shared.chmod(0o777)
    request.addfinalizer(lambda: shutil.rmtree(shared, ignore_errors=True))
    tick = shared / "tick"
    first = _bash(
        f"setsid sh -c 'while :; do date +%s%N > {tick}; sleep 0.05; done' &\n"
        "nohup sleep 1234 >/dev/null 2>&1 &\n"
        "sleep 1235 & disown\n"
        "dd if=/dev/zero of=big bs=1M count=300\n"
        "rm big; docker run --rm fixture/busybox:latest sh -c "
        "'head -c 300000000 /dev/zero > /big'\n"
        "bomb() { bomb | bomb & }; (bomb) >/dev/null 2>&1 &\n"
        "sleep 2"
    )
    second = _bash(
        f't=$(cat {tick}); sleep 1; test "$(cat {tick})" = "$t"\n'
        "! ps -e | grep -q 'sleep 123'\n"
        "docker run --rm fixture/busybox:latest true"
    )
    baseline = len([p for p in os.listdir("/proc") if p.isdigit()])
    peak = [baseline]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], len([p for p in os.listdir("/proc") if p.isdigit()]))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    before = snapshot()
    try:
        report = _run(
            tmp_path,
            {"a.md": first, "b.md": second},
            archive,
            limits=Limits(pids=400, disk="150m"),
            shared=[shared],
        )
    finally:
        done.set()
        watcher.join()
    assert peak[0] - baseline < 400 + 100  # the fork bomb hit the pids limit
    verdicts = _verdicts(report, "a.md")
    assert verdicts[5] == verdicts[6] == "failed"  # the disk is full at 150 MB
    # the container's write, in a full data root (`sleep 2` after the bomb may not fork)
    message = next(f.message for f in report.findings if f.path == "a.md" and f.line == 6)
    assert "No space left on device" in message or "I/O error" in message
    assert _verdicts(report, "b.md") == {2: "passed", 3: "passed", 4: "passed"}
    assert new_since(before) == {}


def test_a_lesson_that_kills_the_daemon_is_a_finding_and_the_run_goes_on(
    tmp_path: Path, archive: Path
) -> None:
    first = _bash(
        "kill 1; kill -9 1; true\n"
        "docker run --rm --pid=host --privileged fixture/busybox:latest "
        "sh -c 'kill -9 $(pidof dockerd)'\n"
        "echo never run"
    )
    second = _bash("docker run --rm fixture/busybox:latest echo fine")
    before = snapshot()
    report = _run(tmp_path, {"a.md": first, "b.md": second}, archive)
    assert [(f.path, f.line, f.rule) for f in report.findings] == [("a.md", 3, "exec/sandbox-lost")]
    assert _verdicts(report, "a.md") == {2: "passed", 3: "failed", 4: "skipped"}
    assert _verdicts(report, "b.md") == {2: "passed"}
    assert new_since(before) == {}


@pytest.mark.parametrize(
    "redefinition",
    [
        'printf() { builtin printf "$1" 0; }',
        "builtin() { :; }; echo() { :; }",
        "alias printf=true",
        "enable -n printf echo",
        "PATH=/nowhere",
        "trap 'return 0' DEBUG",
        "shopt -u promptvars",
    ],
)
def test_verdicts_cannot_be_forged(tmp_path: Path, archive: Path, redefinition: str) -> None:
    page = _bash(f"{redefinition}\nfalse\n/usr/bin/docker run no-such-image")
    report = _run(tmp_path, {"forge.md": page}, archive)
    verdicts = _verdicts(report, "forge.md")
    assert verdicts[3] == "failed"
    assert verdicts[4] in ("failed", "needs-network")


def _runner(page: Path, archive: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "validators.checks.exec",
            str(page),
            "--image-archive",
            str(archive),
            "--timeout",
            "30",
        ],  # fmt: skip
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_runs_at_once_see_only_their_own(tmp_path: Path, archive: Path) -> None:
    attack = (
        "for s in /tmp/course-exec-*/docker.sock /tmp/*/docker.sock /run/user/*/docker.sock; do\n"
        '  test -S "$s" && docker -H "unix://$s" rm -f $(docker -H "unix://$s" ps -aq)\n'
        "done; true"
    )
    runs = []
    for name in ("left", "right"):
        page = tmp_path / name / f"{name}.md"
        page.parent.mkdir()
        page.write_text(
            _bash(
                f"docker run -d --name {name} fixture/busybox:latest\n"
                "sleep 3\n"
                f"{attack}\n"
                'docker rm -f $(docker ps -aq | grep -v "$(docker ps -aq -f name=^/'
                f'{name}$)") 2>/dev/null; true\n'
                "sleep 2\n"
                f"docker inspect -f '{{{{.State.Running}}}}' {name} | grep -qx true\n"
                f'test "$(docker ps -a --format "{{{{.Names}}}}")" = {name}'
            )
        )
        runs.append(_runner(page, archive))
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err
        assert "error" not in out


def test_exec_as_a_normal_user_with_a_subuid_range(archive: Path) -> None:
    """No root at all: a user with a /etc/subuid range runs --exec."""
    user = "course-author"
    if subprocess.run(["id", user], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
    table = Path("/etc/subuid").read_text()
    if not any(line.startswith(f"{user}:") for line in table.splitlines()):
        subprocess.run(
            ["usermod", "--add-subuids", "300000-365535", "--add-subgids", "300000-365535", user],
            check=True,
        )
    closed: list[tuple[Path, int]] = []  # folders the author could not enter, and the bits
    folder = Path(tempfile.mkdtemp(prefix="author-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        page = folder / "page.md"
        page.write_text(
            _bash(
                'test "$(id -u)" = 0\n'  # root only in its user namespace
                "docker run --rm fixture/busybox:latest echo from-a-container\n"
                "docker network create n && docker run -d --name web --network n -p 8080:80 "
                "fixture/web:latest\n"
                "sleep 1; docker run --rm --network n fixture/busybox:latest wget -qO- http://web/\n"
                "false"
            )
        )
        page.chmod(0o644)
        site = next(Path(ROOT / ".venv" / "lib").glob("python3*/site-packages"))
        # The author must reach the project: a clone in a 0700 folder (mktemp -d) is not.
        # (the project's own folder readable too: Python lists a folder to import from it)
        for shut in (ROOT, *ROOT.parents):
            missing = (0o005 if shut == ROOT else 0o001) & ~shut.stat().st_mode
            if missing:
                shut.chmod(shut.stat().st_mode | missing)
                closed.append((shut, missing))
        result = subprocess.run(
            [
                "/usr/sbin/runuser",
                "-u",
                user,
                "--",
                "/usr/bin/python3",
                "-m",
                "validators.checks.exec",
                str(page),
                "--image-archive",
                str(archive),
                "--timeout",
                "30",
            ],  # fmt: skip
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT}:{site}", "HOME": f"/home/{user}"},
            cwd="/",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        errors = [line.split(" ")[0] for line in result.stdout.splitlines() if ": error" in line]
        assert errors == ["page.md:6:"], result.stdout + result.stderr
        assert "memory limit is not enforced" in result.stderr  # said once
        assert result.stderr.count("memory limit") == 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for shut, missing in closed:
            shut.chmod(shut.stat().st_mode & ~missing)


def test_a_privileged_container_cannot_mount_the_host_disk(
    tmp_path: Path, archive: Path, canary: tuple[Path, str]
) -> None:
    """The course's `--privileged -it ubuntu bash`, then `mount /dev/sda1 /mnt; chroot`."""
    path, secret = canary
    device = os.stat("/").st_dev
    major, minor = os.major(device), os.minor(device)
    page = _bash(
        "docker run --rm --privileged fixture/busybox:latest sh -c "
        "'for d in /dev/sd?* /dev/vd?* /dev/nvme* /dev/xvd?* /dev/mapper/*; do "
        'mount "$d" /mnt && exit 0; done; exit 1\'\n'
        "docker run --rm --privileged fixture/busybox:latest sh -c "
        f"'mknod /dev/host b {major} {minor} && mount /dev/host /mnt && cat /mnt{path}'\n"
        "docker run --rm --privileged -v /:/rootfs:ro fixture/busybox:latest "  # cadvisor
        f"cat /rootfs{path}"
    )
    report = _run(tmp_path, {"disk.md": page}, archive)
    assert set(_verdicts(report, "disk.md").values()) == {"failed"}
    assert secret not in _everything(report)


def test_memory_is_bounded_when_the_runner_is_root(tmp_path: Path, archive: Path) -> None:
    """A cgroup of the whole sandbox (cgroup v1 or v2), made before the daemon starts."""
    hog = _bash(  # busybox sort holds its input: 1.2 GB against a 512 MB limit
        "docker run --rm fixture/busybox:latest sh -c 'head -c 1200000000 /dev/zero | sort'"
    )
    after = _bash(
        # the disk (a tmpfs, counted as memory) is at most 3/4 of it: full, not out of memory
        "docker run --rm fixture/busybox:latest sh -c 'head -c 600000000 /dev/zero > /big'\n"
        "docker run --rm fixture/busybox:latest echo still-here"
    )
    report = _run(
        tmp_path, {"hog.md": hog, "after.md": after}, archive, limits=Limits(memory="512m")
    )
    assert report.notes == []  # root: nothing to say about unenforced limits
    assert _verdicts(report, "hog.md") == {2: "failed"}
    # the OOM killer took the biggest process: sort (137), or the daemon (sandbox lost)
    message = report.findings[0].message
    assert "status 137" in message or report.findings[0].rule == "exec/sandbox-lost"
    assert _verdicts(report, "after.md") == {2: "failed", 3: "passed"}


def test_a_container_shell_cannot_forge_its_verdicts(tmp_path: Path, archive: Path) -> None:
    page = _bash(
        "docker run -it --rm fixture/busybox:latest sh\n"
        "printf() { :; }\n"
        "alias printf=true\n"
        "false\n"
        "exit"
    )
    report = _run(tmp_path, {"inner.md": page}, archive)
    assert _verdicts(report, "inner.md") == {
        2: "passed",
        3: "passed",
        4: "passed",
        5: "failed",
        6: "passed",
    }


def test_the_page_shell_has_no_capabilities_and_namespaces_of_its_own(
    tmp_path: Path, archive: Path
) -> None:
    kinds = ("user", "mnt", "pid", "net", "uts", "ipc", "cgroup")
    host = {kind: os.readlink(f"/proc/self/ns/{kind}") for kind in kinds}
    page = _bash(
        "grep -qx 'CapEff:\t0000000000000000' /proc/self/status\n"
        "grep -qx 'CapPrm:\t0000000000000000' /proc/self/status\n"
        "grep -qx 'NoNewPrivs:\t1' /proc/self/status\n"  # nothing executed regains them
        'test "$(hostname)" = lesson\n'
        + "\n".join(f'test "$(readlink /proc/self/ns/{k})" != "{v}"' for k, v in host.items())
        + "\n! hostname hacked\n! mount -t tmpfs x /mnt\n! ls /root /home"
    )
    report = _run(tmp_path, {"caps.md": page}, archive)
    assert report.findings == []
    assert set(_verdicts(report, "caps.md").values()) == {"passed"}
    assert len(_verdicts(report, "caps.md")) == 14
