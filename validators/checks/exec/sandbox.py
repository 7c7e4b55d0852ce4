"""A disposable Docker daemon in rootless mode, in a private root, for one run.

`Sandbox.start()` makes a directory `course-exec-<id>` (sockets, logs, state), then runs,
as an unprivileged user (the runner itself, or, when the runner is root, the user
`course-exec` that it creates once with a subordinate uid range):

    rootlesskit --net=host --pidns --cgroupns --utsns --ipcns   (Docker's rootless mode:
      unshare --net                                             user namespace mapped from
        bwrap <private root>                                    /etc/subuid by newuidmap)
          python3 _nsinit.py  ->  dockerd

rootlesskit gives dockerd a user namespace (root inside is the unprivileged user outside,
`--privileged` is privileged only there), and mount, PID, UTS, IPC and cgroup namespaces.
The network namespace is a new one with only `lo`: nothing leaves it except through the
sockets the runner binds inside and serves from the host (see egress.py); it stands in
for rootlesskit's slirp4netns, which would give the lesson its own route out (and needs
/dev/net/tun open to the user). bwrap makes the private root: read-only /usr, a minimal
/etc, a fresh /tmp, /run, /dev and /proc, and this run's directory; no /root, no home
directories, no other run's files, no host sockets. A tmpfs of `Limits.disk` holds the
daemon's data root and the pages' working copies.

Each page's shell (`page_argv`) enters those namespaces and starts under its own bwrap:
a new PID namespace (killing its PID 1 ends every process the page started, `setsid` and
`nohup` included), new UTS, IPC and cgroup namespaces, no capabilities, a fresh /tmp.

Limits: pids by RLIMIT_NPROC (counted per user namespace, so it holds on cgroup v1), and
when the runner is root, pids and memory by a cgroup of `course-exec-<id>` that the
whole sandbox starts in. Teardown kills the PID namespace's first process: the kernel
kills the rest, and the namespaces vanish with their bridges, rules and mounts.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import fcntl
import http.client
import json
import os
import pwd
import re
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PREFIX = "course-exec-"
USER = "course-exec"  # the unprivileged user a root runner runs its sandboxes as
DNS_ADDRESS = "192.0.2.53"  # TEST-NET-1: the sandbox's nameserver, on its own `lo`
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PYTHON = "/usr/bin/python3"  # the keeper runs in the private root: the system's Python
_NSINIT = Path(__file__).with_name("_nsinit.py")
_CGROUP_ROOT = Path("/sys/fs/cgroup")
# tool -> the Debian package that has it
_TOOLS = {
    "rootlesskit": "rootlesskit",
    "newuidmap": "uidmap",
    "newgidmap": "uidmap",
    "bwrap": "bubblewrap",
    "unshare": "util-linux",
    "nsenter": "util-linux",
    "ip": "iproute2",
    "dockerd": "docker.io",
    "docker": "docker.io",
    "docker-proxy": "docker.io",
}
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded before any fork: preexec_fn uses it
# What of the host's /etc the private root shows (read-only); the rest is generated.
_ETC = (
    "alternatives",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "nsswitch.conf",
    "protocols",
    "services",
    "ethertypes",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "os-release",
    "inputrc",
    "terminfo",
)
_NO_MEMORY_LIMIT = (
    "the memory limit is not enforced: without root the sandbox cannot have a memory "
    "cgroup (cgroup v1, or v2 without delegation); pids and disk are still bounded"
)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


class SandboxError(RuntimeError):
    """The sandbox daemon cannot be started; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    """What one sandbox may use: processes, memory, and its disk (bytes or "4g")."""

    pids: int = 4096
    memory: int | str = "6g"
    disk: int | str = "4g"
    page_tmp: int | str = "256m"  # each page's /tmp

    def bytes(self, name: str) -> int:
        return parse_size(getattr(self, name))


def parse_size(value: int | str) -> int:
    """Bytes from 123, "512m", "4g", "1.5GiB"."""
    if isinstance(value, int):
        return value
    match = _SIZE.match(str(value))
    if not match:
        raise SandboxError(f"{value!r} is not a size: write it as 512m, 4g or a number of bytes")
    number, unit = float(match[1]), match[2].lower()
    return int(number * 1024 ** " kmgt".index(unit or " "))


class DockerAPI:
    """A minimal Docker Engine API client over a unix socket."""

    def __init__(self, socket_path: str | Path, timeout: float = 60.0) -> None:
        self.socket_path = str(socket_path)
        self.timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> tuple[int, bytes]:
        connection = _UnixHTTPConnection(self.socket_path, timeout or self.timeout)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def json(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        status, payload = self.request(
            method, path, data, {"Content-Type": "application/json"} if data else None
        )
        if status >= 400:
            raise RuntimeError(f"{method} {path}: {status} {payload.decode(errors='replace')}")
        return json.loads(payload) if payload.strip() else None

    def ping(self, timeout: float = 1.0) -> bool:
        try:
            status, _ = self.request("GET", "/_ping", timeout=timeout)
        except OSError:
            return False
        return status == 200

    def reset(self) -> None:
        """Remove every container, user network and volume; keep the images."""
        for container in self.json("GET", "/containers/json?all=1"):
            self.request("DELETE", f"/containers/{container['Id']}?force=1&v=1")
        for network in self.json("GET", "/networks"):
            if network["Name"] not in ("bridge", "host", "none"):
                self.request("DELETE", f"/networks/{network['Id']}")
        for volume in self.json("GET", "/volumes").get("Volumes") or []:
            self.request("DELETE", f"/volumes/{volume['Name']}?force=1")


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


@dataclass(frozen=True)
class Account:
    """Who the sandbox runs as, on the host."""

    name: str
    uid: int
    gid: int


class Sandbox:
    """One disposable rootless dockerd; use as a context manager or start() and stop()."""

    def __init__(
        self,
        *,
        registry_mirrors: Sequence[str] = (),
        daemon_env: Mapping[str, str] | None = None,
        start_timeout: float = 30.0,
        limits: Limits | None = None,
        shared: Sequence[Path] = (),
    ) -> None:
        self.id = uuid.uuid4().hex[:10]
        self.registry_mirrors = tuple(registry_mirrors)
        self.daemon_env = dict(daemon_env or {})
        self.start_timeout = start_timeout
        self.limits = limits or Limits()
        self.shared = tuple(Path(p) for p in shared)  # host folders seen inside (tests)
        self.root: Path | None = None
        self.account: Account | None = None
        self.started_at = 0.0
        self.unenforced: list[str] = []  # limits this host cannot enforce (said once)
        self._kit: subprocess.Popen[bytes] | None = None
        self._init_pid: int | None = None  # the keeper (_nsinit.py), host pid
        self._top_pid: int | None = None  # the PID namespace's first process, host pid
        self._inside: Inside | None = None
        self._dockerd_pid: int | None = None
        self._cgroup_dirs: list[Path] = []
        self._nproc = self.limits.pids

    # --- paths -----------------------------------------------------------------------

    @property
    def cgroup_parent(self) -> str:
        return f"{PREFIX}{self.id}"

    @property
    def socket_path(self) -> Path:
        """The daemon socket as the runner reaches it (blocks use /run/docker.sock)."""
        return self._root / "docker.sock"

    @property
    def disk(self) -> Path:
        """The sandbox's size-limited tmpfs, as seen inside (see `outside`)."""
        return self._root / "disk"

    @property
    def api(self) -> DockerAPI:
        return DockerAPI(self.socket_path)

    @property
    def init_pid(self) -> int:
        """Host pid of the sandbox's keeper, whose namespaces page shells enter."""
        if self._init_pid is None:
            raise SandboxError("the sandbox is not running")
        return self._init_pid

    @property
    def _root(self) -> Path:
        if self.root is None:
            raise SandboxError("the sandbox is not started")
        return self.root

    def outside(self, path: Path | str) -> Path:
        """Where the runner reaches `path` of the sandbox's private root."""
        return Path(f"/proc/{self.init_pid}/root") / Path(path).relative_to("/")

    @property
    def inside(self) -> Inside:
        """File operations in the private root (links resolved there, never on the host)."""
        if self._inside is None:
            account = self.account
            owner = (account.uid, account.gid) if account else None
            self._inside = Inside(f"/proc/{self.init_pid}/root", owner)
        return self._inside

    def enter_argv(self, workdir: Path | str) -> list[str]:
        """Argv prefix that runs a program in the sandbox's namespaces, as its root."""
        return [
            "nsenter",
            f"--target={self.init_pid}",
            "--user",
            "--mount",
            "--net",
            "--pid",
            "--uts",
            "--ipc",
            "--cgroup",
            f"--wdns={workdir}",
            "--",
        ]

    def page_argv(self, workdir: Path, keep: Sequence[Path]) -> list[str]:
        """Argv prefix for a page's shell: its own PID, UTS, IPC and cgroup namespaces,
        no capabilities, a fresh /tmp; of the run's directory only `keep` is visible."""
        argv = [
            *self.enter_argv(workdir),
            "bwrap",
            "--dev-bind",
            "/",
            "/",
            "--size",
            str(self.limits.bytes("page_tmp")),
            "--tmpfs",
            "/tmp",
        ]
        for path in (*keep, *self.shared):
            argv += ["--bind", str(path), str(path)]
        argv += [
            "--proc",
            "/proc",
            "--unshare-pid",
            "--unshare-uts",
            "--unshare-ipc",
            "--unshare-cgroup-try",
            "--hostname",
            "lesson",
            "--cap-drop",
            "ALL",
            "--die-with-parent",
            "--chdir",
            str(workdir),
            "--",
        ]
        return argv

    # --- life cycle ------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        _preflight()
        self.account = sandbox_account()
        sweep_stale()
        begin = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.id}-", dir=_tmp_base()))
        try:
            self._launch()
            self._wait_ready(begin)
        except BaseException:
            self.stop()
            raise
        self.started_at = time.monotonic() - begin

    def _launch(self) -> None:
        root = self._root
        account = self.account
        assert account is not None
        (root / "owner").write_text(f"{os.getpid()}\n", encoding="utf-8")
        (root / "daemon.json").write_text("{}\n", encoding="utf-8")
        shutil.copy(_NSINIT, root / "nsinit.py")
        _write_etc(root / "etc")
        cgroup = self._cgroups()
        runtime = Path("/run/user-0")
        dockerd = [
            "dockerd",
            f"--config-file={root / 'daemon.json'}",
            f"--data-root={self.disk / 'docker'}",
            "--exec-root=/run/docker",
            "--pidfile=/run/dockerd.pid",
            "--host=unix:///run/docker.sock",
            f"--host=unix://{root / 'docker.sock'}",
            "--userland-proxy-path=/usr/sbin/docker-proxy",  # ports stay in the sandbox
            # networks the lesson does not give a subnet: out of the 172.18+ a lesson writes
            # (the daemon hands pools out in turn, so after earlier pages' networks a bare
            # `docker network create` took 172.20.0.0/16 from the next `--subnet=172.20…`)
            "--default-address-pool=base=10.201.0.0/16,size=24",
            "--shutdown-timeout=1",
        ] + [f"--registry-mirror={mirror}" for mirror in self.registry_mirrors]
        config = {
            "dockerd": {
                "argv": dockerd,
                "env": {
                    "PATH": PATH,
                    "HOME": "/run/home",
                    "XDG_RUNTIME_DIR": str(runtime),
                    **self.daemon_env,
                },
                "log": str(root / "dockerd.log"),
            },
            "addresses": [f"{DNS_ADDRESS}/32"],
            "disk": str(self.disk),
            "disk_bytes": self._disk_bytes(bool(cgroup)),
            "mkdirs": [
                str(self.disk / "docker"),
                str(self.disk / "pages"),
                "/run/home",
                str(runtime),
            ],
            "control": str(root / "control.sock"),
            "ready": str(root / "init.ready"),
            "died": str(root / "init.died"),
        }
        (root / "init.json").write_text(json.dumps(config), encoding="utf-8")
        for path in (root, *root.iterdir(), *(root / "etc").iterdir()):
            if os.geteuid() == 0:
                os.chown(path, account.uid, account.gid)
        argv = [
            "rootlesskit",
            "--net=host",  # the network namespace is unshare's, below
            "--pidns",
            "--cgroupns",
            "--utsns",
            "--ipcns",
            "--propagation=rslave",
            f"--state-dir={root / 'rootlesskit'}",
            "unshare",
            "--net",
            "--",
            *_private_root(root, self.shared),
            PYTHON,
            "-S",
            "-I",
            str(root / "nsinit.py"),
            str(root / "init.json"),
        ]
        env = {
            "PATH": PATH,
            "HOME": str(root),
            "USER": account.name,
            "XDG_RUNTIME_DIR": str(root),
            "LANG": "C.UTF-8",
        }
        # RLIMIT_NPROC counts per user namespace, and, at the top, every sandbox of the
        # same user: with a pids cgroup of its own (root), it is only a backstop.
        self._cgroup_dirs = cgroup
        self._nproc = self.limits.pids * (16 if cgroup else 1)

        def become_account() -> None:
            self.confine()
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(account.gid)
                os.setuid(account.uid)
            _die_with_parent()  # after setuid, which clears it

        with open(root / "init.log", "ab") as log:
            self._kit = subprocess.Popen(
                argv,
                env=env,
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a terminal's Ctrl-C reaches the runner only
                preexec_fn=become_account,
            )
        (root / "kit.pid").write_text(f"{self._kit.pid}\n", encoding="utf-8")

    def confine(self) -> None:
        """In a child before exec (preexec_fn): put it under the sandbox's limits (its
        cgroups, RLIMIT_NPROC), as page shells started by the runner must be too."""
        for directory in self._cgroup_dirs:
            (directory / "cgroup.procs").write_text("0")
        resource.setrlimit(resource.RLIMIT_NPROC, (self._nproc, self._nproc))

    def _disk_bytes(self, memory_bounded: bool) -> int:
        """The disk's size. Its tmpfs counts in the memory limit: with one, the disk fills
        (ENOSPC for the lesson) before the memory does (the OOM killer would pick the
        daemon, the sandbox's biggest process, as the pages' files are no one's)."""
        disk = self.limits.bytes("disk")
        return min(disk, self.limits.bytes("memory") * 3 // 4) if memory_bounded else disk

    def _cgroups(self) -> list[Path]:
        """A pids and a memory cgroup for the whole sandbox (root only; cgroup v1 or v2).
        What cannot be enforced goes to `unenforced`."""
        memory = self.limits.bytes("memory")
        made: list[Path] = []
        if os.geteuid() == 0:
            v2 = (_CGROUP_ROOT / "cgroup.controllers").exists()
            wanted = {"pids": str(self.limits.pids), "memory": str(memory)}
            for controller, value in wanted.items():
                base = _CGROUP_ROOT if v2 else _CGROUP_ROOT / controller
                directory = base / self.cgroup_parent
                limit = f"{controller}.max" if v2 or controller == "pids" else None
                limit = limit or "memory.limit_in_bytes"
                try:
                    directory.mkdir(exist_ok=True)
                    (directory / limit).write_text(value)
                    if directory not in made:
                        made.append(directory)
                except OSError:
                    if controller == "memory":
                        self.unenforced.append(_NO_MEMORY_LIMIT)
            return made
        self.unenforced.append(_NO_MEMORY_LIMIT)
        return made

    def _wait_ready(self, begin: float) -> None:
        root = self._root
        api = self.api
        deadline = begin + self.start_timeout
        while time.monotonic() < deadline:
            assert self._kit is not None
            if self._kit.poll() is not None or (root / "init.died").exists():
                raise SandboxError(self._failure("the sandbox daemon exited during start"))
            if self._init_pid is None and (root / "init.ready").exists():
                self._find_pids()
            if self._init_pid is not None and self.socket_path.exists() and api.ping(0.5):
                if self._dockerd_pid is None:
                    self._find_pids()
                return
            time.sleep(0.01)
        raise SandboxError(self._failure(f"dockerd did not answer within {self.start_timeout}s"))

    def _find_pids(self) -> None:
        assert self._kit is not None
        nsinit = str(self._root / "nsinit.py").encode()
        for pid in _descendants(self._kit.pid):
            if self._top_pid is None:
                self._top_pid = pid  # rootlesskit's child: the PID namespace's first
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if nsinit in argv and argv[0].endswith(b"python3"):
                self._init_pid = pid
                break
        for pid in _descendants(self._init_pid) if self._init_pid else []:
            with contextlib.suppress(OSError):
                if Path(f"/proc/{pid}/comm").read_text().strip() == "dockerd":
                    self._dockerd_pid = pid

    def alive(self) -> bool:
        """Whether the daemon and its keeper still run (a lesson can kill them)."""
        if self._init_pid is None or self.root is None:
            return False
        return (
            _pid_alive(self._init_pid)
            and (self._dockerd_pid is None or _pid_alive(self._dockerd_pid))
            and not (self.root / "init.died").exists()
        )

    def _failure(self, what: str) -> str:
        log = ""
        for name in ("init.died", "init.log", "dockerd.log"):
            path = self._root / name
            if path.exists():
                tail = path.read_text(errors="replace").strip().splitlines()[-8:]
                log += f"\n--- {name}\n" + "\n".join(tail)
        return (
            f"{what}. The exec runner needs Docker's rootless mode (Debian: docker.io, "
            f"rootlesskit, uidmap, bubblewrap) and a user with a /etc/subuid range; run "
            f"without --exec to skip the shell blocks.{log}"
        )

    def stop(self) -> None:
        """Kill everything in the sandbox and remove its cgroups and directory."""
        if self._kit is not None:
            # The PID namespace's first process: when it dies, the kernel kills the rest.
            top = self._top_pid or _child_of(self._kit.pid)
            with contextlib.suppress(ProcessLookupError):
                if top is not None:
                    os.kill(top, signal.SIGKILL)
                os.killpg(self._kit.pid, signal.SIGKILL)
            try:
                self._kit.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._kit.pid, signal.SIGKILL)
                self._kit.wait()
            self._kit = None
            deadline = time.monotonic() + 10
            while top is not None and _pid_alive(top) and time.monotonic() < deadline:
                time.sleep(0.01)
        if self._inside is not None:
            self._inside.close()
            self._inside = None
        self._init_pid = None
        self._top_pid = None
        self._dockerd_pid = None
        if self.root is not None:
            _remove_cgroups(self.cgroup_parent)
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def listen_inside(
        self, port: int, host: str = "127.0.0.1", kind: int = socket.SOCK_STREAM
    ) -> socket.socket:
        """A TCP (listening) or UDP socket bound to host:port in the sandbox's network,
        made there by the keeper and handed over as a file descriptor."""
        request = {"listen": [host, port, "udp" if kind == socket.SOCK_DGRAM else "tcp"]}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(10)
            client.connect(str(self._root / "control.sock"))
            client.sendall(json.dumps(request).encode())
            fds = array.array("i")
            message, ancillary, _, _ = client.recvmsg(1024, socket.CMSG_SPACE(fds.itemsize))
            for level, kind_, data in ancillary:
                if level == socket.SOL_SOCKET and kind_ == socket.SCM_RIGHTS:
                    fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
        if not fds:
            raise OSError(f"the sandbox cannot listen on {host}:{port}: {message.decode()}")
        return socket.socket(fileno=fds[0])


# --- helpers -------------------------------------------------------------------------------


def _preflight() -> None:
    missing = sorted(
        {package for tool, package in _TOOLS.items() if not shutil.which(tool, path=PATH)}
        | (set() if Path(PYTHON).exists() else {"python3"})
    )
    if missing:
        raise SandboxError(
            f"cannot start the exec sandbox: install {', '.join(missing)} (Debian: apt-get "
            f"install {' '.join(missing)}), or run without --exec"
        )
    for knob, what in (
        ("/proc/sys/kernel/unprivileged_userns_clone", "kernel.unprivileged_userns_clone=1"),
        ("/proc/sys/user/max_user_namespaces", "user.max_user_namespaces=15000"),
        (
            "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
            "kernel.apparmor_restrict_unprivileged_userns=0",
        ),
    ):
        with contextlib.suppress(OSError, ValueError):
            value = int(Path(knob).read_text())
            bad = value != 0 if "apparmor" in knob else value == 0
            if bad:
                raise SandboxError(
                    f"cannot start the exec sandbox: user namespaces are disabled; set "
                    f"`sysctl {what}` (as root), or run without --exec"
                )


def sandbox_account() -> Account:
    """The unprivileged user the sandbox runs as: this user, or (for root) `course-exec`,
    created with a subordinate uid and gid range if missing."""
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
        for table in ("/etc/subuid", "/etc/subgid"):
            if not _has_range(Path(table), entry.pw_name, os.geteuid()):
                raise SandboxError(
                    f"cannot start the exec sandbox: {entry.pw_name} has no range in {table}; "
                    f"an admin adds one with `sudo usermod --add-subuids 100000-165535 "
                    f"--add-subgids 100000-165535 {entry.pw_name}`, or run without --exec"
                )
        return Account(entry.pw_name, entry.pw_uid, entry.pw_gid)
    with open("/etc/.course-exec.lock", "w") as lock:  # two runs creating it at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            entry = pwd.getpwnam(USER)
        except KeyError:
            _admin(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", USER])  # fmt: skip
            entry = pwd.getpwnam(USER)
        if not (
            _has_range(Path("/etc/subuid"), USER, entry.pw_uid)
            and _has_range(Path("/etc/subgid"), USER, entry.pw_uid)
        ):
            first = _free_range()
            span = f"{first}-{first + 65535}"
            _admin(["usermod", "--add-subuids", span, "--add-subgids", span, USER])
    return Account(USER, entry.pw_uid, entry.pw_gid)


def _admin(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, env={"PATH": PATH})
    if result.returncode != 0:
        raise SandboxError(
            f"cannot create the sandbox user {USER}: `{' '.join(argv)}` said "
            f"{result.stderr.strip()!r}; create it with a /etc/subuid range, or run without --exec"
        )


def _has_range(table: Path, name: str, uid: int) -> bool:
    try:
        lines = table.read_text().splitlines()
    except OSError:
        return False
    for line in lines:
        parts = line.strip().split(":")
        if len(parts) == 3 and parts[0] in (name, str(uid)) and int(parts[2]) >= 65536:
            return True
    return False


def _free_range() -> int:
    """The first 65536 ids above every range in /etc/subuid and /etc/subgid."""
    top = 100000
    for table in ("/etc/subuid", "/etc/subgid"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines():
                parts = line.strip().split(":")
                if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                    top = max(top, int(parts[1]) + int(parts[2]))
    return top


def _write_etc(folder: Path) -> None:
    """The private root's generated /etc files."""
    folder.mkdir()
    files = {
        "passwd": "root:x:0:0:root:/run/home:/bin/bash\n"
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
        "group": "root:x:0:\nnogroup:x:65534:\n",
        "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
        "resolv.conf": f"nameserver {DNS_ADDRESS}\n",
        "hostname": "lesson\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _private_root(root: Path, shared: Sequence[Path] = ()) -> list[str]:
    """bwrap arguments for the daemon's private root."""
    argv = ["bwrap", "--die-with-parent"]
    for name in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            argv += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            argv += ["--ro-bind", str(path), str(path)]
    for name in _ETC:
        argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    for path in sorted((root / "etc").iterdir()):
        argv += ["--ro-bind", str(path), f"/etc/{path.name}"]
    argv += ["--symlink", "../proc/self/mounts", "/etc/mtab"]
    argv += [
        "--proc", "/proc",
        "--dev", "/dev",
        "--ro-bind", "/sys", "/sys",
        "--tmpfs", "/tmp",
        "--tmpfs", "/run",
        "--tmpfs", "/var",
        "--dir", "/var/tmp",
        "--symlink", "../run", "/var/run",
        "--dir", "/var/lib",
        "--bind", str(root), str(root),
        "--remount-ro", "/",
        "--chdir", "/",
    ]  # fmt: skip
    for path in shared:
        argv[-4:-4] = ["--bind", str(path), str(path)]
    return argv


def _tmp_base() -> str:
    # Unix socket paths are limited to 107 bytes: keep the base short.
    base = tempfile.gettempdir()
    return base if len(base) <= 40 else "/tmp"


def _die_with_parent() -> None:
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _child_of(pid: int) -> int | None:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def _descendants(root: int) -> list[int]:
    """Every descendant of `root`, parents before children."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop(0)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            with contextlib.suppress(OSError):
                for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                    found.append(int(child))
                    queue.append(int(child))
    return found


def _cgroup_dirs(name: str) -> Iterator[Path]:
    if not _CGROUP_ROOT.is_dir():
        return
    yield from _CGROUP_ROOT.glob(name)
    yield from _CGROUP_ROOT.glob(f"*/{name}")


def _remove_cgroups(name: str) -> None:
    """Remove the cgroup tree `name` in every hierarchy (its processes are gone)."""
    for top in list(_cgroup_dirs(name)):
        for attempt in range(50):
            for directory, _, _ in sorted(os.walk(top, topdown=False), key=lambda w: -len(w[0])):
                with contextlib.suppress(OSError):
                    os.rmdir(directory)
            if not top.exists():
                break
            time.sleep(0.02 * (attempt + 1))


def _pid_alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for its parent does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].split()[0] not in ("Z", "X")


def sweep_stale() -> list[str]:
    """Remove directories and cgroups of sandboxes whose runner died without cleaning up."""
    removed = []
    for path in Path(_tmp_base()).glob(f"{PREFIX}*"):
        try:
            owner = int((path / "owner").read_text())
            kit = int((path / "kit.pid").read_text())
        except (OSError, ValueError):
            continue
        if _pid_alive(owner) or _pid_alive(kit):
            continue
        sandbox_id = path.name[len(PREFIX) :].split("-")[0]
        _remove_cgroups(f"{PREFIX}{sandbox_id}")
        shutil.rmtree(path, ignore_errors=True)
        removed.append(str(path))
    return removed


# --- files inside the private root -----------------------------------------------------------
# The runner writes the pages' files through /proc/PID/root, where a lesson may have left
# symbolic links: every path is resolved by openat2(RESOLVE_IN_ROOT), inside that root.

_SYS_OPENAT2 = 437  # the same number on every architecture
_RESOLVE_NO_MAGICLINKS = 0x02
_RESOLVE_IN_ROOT = 0x10


class _OpenHow(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64), ("resolve", ctypes.c_uint64)]


def _openat2(dirfd: int, path: str, flags: int, mode: int = 0) -> int:
    how = _OpenHow(flags | os.O_CLOEXEC, mode, _RESOLVE_IN_ROOT | _RESOLVE_NO_MAGICLINKS)
    syscall = _LIBC.syscall
    syscall.restype = ctypes.c_long
    fd = syscall(
        ctypes.c_long(_SYS_OPENAT2),
        ctypes.c_int(dirfd),
        ctypes.c_char_p(os.fsencode(path)),
        ctypes.byref(how),
        ctypes.c_size_t(ctypes.sizeof(how)),
    )
    if fd < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error), path)
    return int(fd)


class Inside:
    """File operations on the sandbox's private root, from the host, safe from links."""

    def __init__(self, root: str = "/", owner: tuple[int, int] | None = None) -> None:
        self._root_fd = os.open(root, os.O_PATH | os.O_DIRECTORY)
        self._owner = owner if os.geteuid() == 0 else None  # (uid, gid) to make files as

    def close(self) -> None:
        if self._root_fd >= 0:
            os.close(self._root_fd)
            self._root_fd = -1

    def _parent(self, path: Path) -> int:
        return _openat2(self._root_fd, str(path.parent), os.O_PATH | os.O_DIRECTORY)

    @contextlib.contextmanager
    def _as_owner(self) -> Iterator[None]:
        """Make files as the sandbox's user: its tmpfs has no place for the host's root.
        setfsuid and setfsgid change only the calling thread."""
        if not self._owner:
            yield
            return
        _LIBC.setfsgid(self._owner[1])
        _LIBC.setfsuid(self._owner[0])
        try:
            yield
        finally:
            _LIBC.setfsuid(0)
            _LIBC.setfsgid(0)

    def mkdir(self, path: Path | str, mode: int = 0o755) -> None:
        """mkdir -p, inside."""
        with self._as_owner():
            self._mkdir(Path(path), mode)

    def _mkdir(self, path: Path, mode: int) -> None:
        for part in [*reversed(path.parents), path]:
            if part == Path("/"):
                continue
            parent = self._parent(part)
            try:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part.name, mode, dir_fd=parent)
            finally:
                os.close(parent)

    def write(self, path: Path | str, data: bytes, mode: int = 0o644) -> None:
        with self._as_owner():
            self._write(Path(path), data, mode)

    def _write(self, path: Path, data: bytes, mode: int) -> None:
        parent = self._parent(path)
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.name, dir_fd=parent)  # a link left there is replaced, not followed
            fd = os.open(
                path.name,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                mode,
                dir_fd=parent,
            )
        finally:
            os.close(parent)
        try:
            os.write(fd, data) if len(data) < 65536 else _write_all(fd, data)
            os.fchmod(fd, mode)
        finally:
            os.close(fd)

    def symlink(self, target: str, path: Path | str) -> None:
        path = Path(path)
        with self._as_owner():
            parent = self._parent(path)
            try:
                os.symlink(target, path.name, dir_fd=parent)
            finally:
                os.close(parent)

    def read(self, path: Path | str, limit: int = 1 << 20) -> bytes:
        """Up to `limit` bytes of the file `path` of the private root (links followed inside)."""
        fd = _openat2(self._root_fd, str(path), os.O_RDONLY)
        try:
            return os.read(fd, limit)
        finally:
            os.close(fd)

    def exists(self, path: Path | str) -> bool:
        """Whether `path` exists in the private root (links followed inside only)."""
        try:
            fd = _openat2(self._root_fd, str(path), os.O_PATH)
        except OSError:
            return False
        if fd < 0:
            return False
        os.close(fd)
        return True

    def resolves_within(self, path: Path | str, top: Path | str) -> bool:
        """Whether `path` (links followed inside) stays under `top`."""
        try:
            fd = _openat2(self._root_fd, str(path), os.O_PATH)
        except OSError:
            fd = -1
        if fd < 0:
            return Path(os.path.normpath(path)).is_relative_to(top)
        try:
            real = os.readlink(f"/proc/self/fd/{fd}")
        finally:
            os.close(fd)
        return Path(real).is_relative_to(top)

    def copytree(self, source: Path, target: Path, ignore: Any = None, mode: Any = None) -> None:
        """Copy a host folder into the sandbox (modes kept, links kept as links); `mode`
        (path, its mode) -> the copy's mode, when given."""
        mode = mode or (lambda path, bits: bits)
        self.mkdir(target)
        for top, folders, files in os.walk(source):
            here = Path(top)
            left_out = ignore(top, folders + files) if ignore else set()
            folders[:] = [name for name in folders if name not in left_out]
            destination = target / here.relative_to(source)
            for name in list(folders):
                if (here / name).is_symlink():
                    folders.remove(name)
                    self.symlink(os.readlink(here / name), destination / name)
                else:
                    bits = (here / name).stat().st_mode & 0o7777
                    self.mkdir(destination / name, mode(here / name, bits))
            for name in files:
                if name in left_out:
                    continue
                file = here / name
                if file.is_symlink():
                    self.symlink(os.readlink(file), destination / name)
                elif file.is_file():
                    bits = file.stat().st_mode & 0o7777
                    self.write(destination / name, file.read_bytes(), mode(file, bits))

    def rmtree(self, path: Path | str) -> None:
        path = Path(path)
        with self._as_owner(), contextlib.suppress(OSError):
            parent = self._parent(path)
            try:
                shutil.rmtree(path.name, dir_fd=parent, ignore_errors=True)
            finally:
                os.close(parent)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
