"""A disposable Docker daemon in its own PID, network and mount namespaces.

`Sandbox.start()` makes a temporary directory `course-exec-<id>` (data root, exec root,
sockets, pid file, logs), then `unshare` starts `_nsinit.py` as PID 1 of new namespaces,
which starts dockerd there. Published ports, bridges and iptables rules live in the
sandbox's network namespace; the overlay and netns mounts in its mount namespace, where
a private tmpfs on /run also hides the host's /var/run/docker.sock. Container cgroups go
under `course-exec-<id>`.

Teardown kills PID 1: the kernel then kills every process of the namespace (dockerd,
containerd, shims, containers, page shells) and the namespaces vanish with their
bridges, rules and mounts; `stop()` then removes the cgroups and the directory. If the
runner itself dies, `unshare` gets SIGKILL (parent-death signal) and kills PID 1 the
same way; the directory and cgroups of such a run are swept by the next `start()`.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

PREFIX = "course-exec-"
DNS_ADDRESS = "192.0.2.53"  # TEST-NET-1: the sandbox's nameserver, on its own `lo`
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_NSINIT = Path(__file__).with_name("_nsinit.py")
_CGROUP_ROOT = Path("/sys/fs/cgroup")
_TOOLS = ("unshare", "nsenter", "dockerd", "docker", "ip", "mount")
_PR_SET_PDEATHSIG = 1
_CLONE_NEWNET = 0x40000000
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded before any fork: preexec_fn uses it


class SandboxError(RuntimeError):
    """The sandbox daemon cannot be started; the message says what to do."""


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


class Sandbox:
    """One disposable dockerd; use as a context manager or call start() and stop()."""

    def __init__(
        self,
        *,
        registry_mirrors: Sequence[str] = (),
        daemon_env: Mapping[str, str] | None = None,
        start_timeout: float = 30.0,
    ) -> None:
        self.id = uuid.uuid4().hex[:10]
        self.registry_mirrors = tuple(registry_mirrors)
        self.daemon_env = dict(daemon_env or {})
        self.start_timeout = start_timeout
        self.root: Path | None = None
        self.started_at = 0.0
        self._unshare: subprocess.Popen[bytes] | None = None
        self._init_pid: int | None = None
        self._spawned: list[subprocess.Popen[bytes]] = []

    # --- paths -----------------------------------------------------------------------

    @property
    def cgroup_parent(self) -> str:
        return f"{PREFIX}{self.id}"

    @property
    def socket_path(self) -> Path:
        """The daemon socket as the runner reaches it (blocks use /var/run/docker.sock)."""
        return self._root / "docker.sock"

    @property
    def api(self) -> DockerAPI:
        return DockerAPI(self.socket_path)

    @property
    def init_pid(self) -> int:
        """Host pid of the namespace's PID 1."""
        if self._init_pid is None:
            raise SandboxError("the sandbox is not running")
        return self._init_pid

    @property
    def _root(self) -> Path:
        if self.root is None:
            raise SandboxError("the sandbox is not started")
        return self.root

    def enter_argv(self, workdir: Path | str) -> list[str]:
        """Argv prefix that runs a program inside the sandbox's namespaces."""
        return [
            "nsenter",
            f"--target={self.init_pid}",
            "--pid",
            "--net",
            "--mount",
            f"--wd={workdir}",
            "--",
        ]

    # --- life cycle ------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        _preflight()
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
        (root / "owner").write_text(f"{os.getpid()}\n", encoding="utf-8")
        (root / "daemon.json").write_text("{}\n", encoding="utf-8")
        dockerd = [
            "dockerd",
            f"--config-file={root / 'daemon.json'}",
            f"--data-root={root / 'data'}",
            f"--exec-root={root / 'exec'}",
            f"--pidfile={root / 'dockerd.pid'}",
            "--host=unix:///run/docker.sock",
            f"--host=unix://{root / 'docker.sock'}",
            "--exec-opt=native.cgroupdriver=cgroupfs",
            f"--cgroup-parent=/{self.cgroup_parent}",
            "--shutdown-timeout=1",
        ] + [f"--registry-mirror={mirror}" for mirror in self.registry_mirrors]
        services = {
            "dockerd": {
                "argv": dockerd,
                "env": {"PATH": PATH, **self.daemon_env},
                "log": str(root / "dockerd.log"),
            },
        }
        (root / "resolv.conf").write_text(f"nameserver {DNS_ADDRESS}\n", encoding="utf-8")
        config = {
            "services": services,
            "addresses": [f"{DNS_ADDRESS}/32"],
            "resolv_conf": str(root / "resolv.conf"),
            "ready": str(root / "init.ready"),
            "died": str(root / "init.died"),
        }
        (root / "init.json").write_text(json.dumps(config), encoding="utf-8")
        argv = [
            "unshare",
            "--pid",
            "--fork",
            "--mount-proc",
            "--net",
            "--mount",
            "--propagation=private",
            "--kill-child=SIGKILL",
            sys.executable,
            "-S",
            str(_NSINIT),
            str(root / "init.json"),
        ]
        with open(root / "init.log", "ab") as log:
            self._unshare = subprocess.Popen(
                argv,
                env={"PATH": PATH},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a terminal's Ctrl-C reaches the runner only
                preexec_fn=_die_with_parent,
            )
        (root / "unshare.pid").write_text(f"{self._unshare.pid}\n", encoding="utf-8")

    def _wait_ready(self, begin: float) -> None:
        root = self._root
        api = self.api
        deadline = begin + self.start_timeout
        while time.monotonic() < deadline:
            assert self._unshare is not None
            if self._unshare.poll() is not None or (root / "init.died").exists():
                raise SandboxError(self._failure("the sandbox daemon exited during start"))
            if self._init_pid is None and (root / "init.ready").exists():
                self._init_pid = _child_of(self._unshare.pid)
            if self._init_pid is not None and self.socket_path.exists() and api.ping(0.5):
                return
            time.sleep(0.01)
        raise SandboxError(self._failure(f"dockerd did not answer within {self.start_timeout}s"))

    def _failure(self, what: str) -> str:
        log = ""
        for name in ("init.died", "init.log", "dockerd.log", "registry.log"):
            path = self._root / name
            if path.exists():
                tail = path.read_text(errors="replace").strip().splitlines()[-8:]
                log += f"\n--- {name}\n" + "\n".join(tail)
        return (
            f"{what}. The exec runner needs root, util-linux (unshare, nsenter), iproute2 "
            f"and Debian's docker.io (dockerd, containerd, runc); run without --exec to skip "
            f"the shell blocks.{log}"
        )

    def spawn(self, argv: Sequence[str], env: Mapping[str, str], log: Path) -> None:
        """Start a helper process inside the sandbox; it dies with the sandbox."""
        with open(log, "ab") as output:
            process = subprocess.Popen(
                [*self.enter_argv("/"), *argv],
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self._spawned.append(process)

    def reachable_inside(self, host: str, port: int) -> bool:
        """Whether something accepts TCP connections at host:port inside the sandbox."""
        probe = socket_in_netns(self.init_pid)
        try:
            probe.settimeout(1)
            return probe.connect_ex((host, port)) == 0
        finally:
            probe.close()

    def stop(self) -> None:
        """Kill everything in the sandbox and remove its cgroups and directory."""
        if self._unshare is not None:
            # PID 1's exit completes once every process of the namespace is gone; unshare
            # then exits. Only if that does not happen in time is unshare killed too.
            init = self._init_pid or _child_of(self._unshare.pid)
            with contextlib.suppress(ProcessLookupError):
                if init is not None:
                    os.kill(init, signal.SIGKILL)
                else:
                    os.killpg(self._unshare.pid, signal.SIGKILL)
            try:
                self._unshare.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._unshare.pid, signal.SIGKILL)
                self._unshare.wait()
            self._unshare = None
        for process in self._spawned:  # their sandbox side died with PID 1: let them reap it
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self._spawned = []
        self._init_pid = None
        if self.root is not None:
            _remove_cgroups(self.cgroup_parent)
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def listen_inside(
        self, port: int, host: str = "127.0.0.1", kind: int = socket.SOCK_STREAM
    ) -> socket.socket:
        """A TCP (listening) or UDP socket bound to host:port in the sandbox's network."""
        return listen_in_netns(self.init_pid, host, port, kind)


# --- helpers -------------------------------------------------------------------------------


def _preflight() -> None:
    missing = [tool for tool in _TOOLS if shutil.which(tool, path=PATH) is None]
    if missing:
        raise SandboxError(
            f"cannot start the exec sandbox: {', '.join(missing)} not found. Install "
            "docker.io, util-linux and iproute2 (Debian: apt-get install docker.io "
            "iproute2), or run without --exec."
        )
    if os.geteuid() != 0:
        raise SandboxError(
            "cannot start the exec sandbox: it needs root (its own dockerd and network "
            "namespace). Run as root, for example in CI or a VM, or run without --exec."
        )


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
            unshare = int((path / "unshare.pid").read_text())
        except (OSError, ValueError):
            continue
        if _pid_alive(owner) or _pid_alive(unshare):
            continue
        sandbox_id = path.name[len(PREFIX) :].split("-")[0]
        _remove_cgroups(f"{PREFIX}{sandbox_id}")
        shutil.rmtree(path, ignore_errors=True)
        removed.append(str(path))
    return removed


def socket_in_netns(pid: int, kind: int = socket.SOCK_STREAM) -> socket.socket:
    """A new socket in the network namespace of `pid`, for whoever uses it afterwards.

    A helper thread enters the namespace (setns affects only the calling thread), creates
    the socket and returns; a socket stays in the namespace it was made in.
    """
    result: dict[str, Any] = {}

    def enter() -> None:
        own = os.open(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/ns/net", os.O_RDONLY)
        target = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
        try:
            if _LIBC.setns(target, _CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns into the sandbox failed")
            try:
                result["socket"] = socket.socket(socket.AF_INET, kind)
            finally:
                _LIBC.setns(own, _CLONE_NEWNET)  # the thread ends here either way
        except BaseException as error:  # handed to the caller below
            result["error"] = error
        finally:
            os.close(own)
            os.close(target)

    thread = threading.Thread(target=enter, name="course-exec-setns")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["socket"]


def listen_in_netns(
    pid: int, host: str, port: int, kind: int = socket.SOCK_STREAM
) -> socket.socket:
    """A socket bound to host:port (TCP: listening) in the network namespace of `pid`."""
    server = socket_in_netns(pid, kind)
    try:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((host, port))
        if kind == socket.SOCK_STREAM:
            server.listen(64)
    except BaseException:
        server.close()
        raise
    return server
