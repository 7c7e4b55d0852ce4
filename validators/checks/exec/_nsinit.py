"""The daemon's keeper inside a sandbox: run as `python3 -S _nsinit.py CONFIG.json`.

The sandbox (sandbox.py) starts it through rootlesskit (a user, mount, PID, UTS, IPC and
cgroup namespace, as an unprivileged user), `unshare --net` (a network namespace with no
route out) and bwrap (a private root). As root of that user namespace it brings up `lo`
(with the sandbox's nameserver address), mounts the size-limited tmpfs that holds the
daemon's data root and the pages' working copies, starts dockerd and reaps orphans.

It also answers the runner on a unix socket: `{"listen": [host, port, "tcp"|"udp"]}` gets
back a socket bound (TCP: listening) in the sandbox's network, passed as a file
descriptor; the runner serves it from the host (egress proxy, DNS, a mirror's forward).

It ignores every signal the lesson could send; the runner ends the sandbox with SIGKILL
from outside. When dockerd dies it writes `died` and exits, and the sandbox ends with it.

This file is executed by path, not imported: it needs nothing but the standard library.
"""

from __future__ import annotations

import array
import json
import os
import select
import signal
import socket
import subprocess
import sys


def main(config_path: str) -> int:
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_IGN)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for address in config.get("addresses", []):
        subprocess.run(["ip", "addr", "add", address, "dev", "lo"], check=True)
    disk = config["disk"]
    os.makedirs(disk, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={config['disk_bytes']},mode=755", "course", disk],
        check=True,
    )
    for path in config.get("mkdirs", []):
        os.makedirs(path, exist_ok=True)

    control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    control.bind(config["control"])
    control.listen(16)

    service = config["dockerd"]
    with open(service["log"], "ab") as log:
        dockerd = subprocess.Popen(
            service["argv"],
            # rootlesskit's variables tell dockerd it runs in rootless mode
            env={
                **service["env"],
                **{k: v for k, v in os.environ.items() if k.startswith("ROOTLESSKIT_")},
            },
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd="/",
        )
    with open(config["ready"], "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))

    while True:
        ready, _, _ = select.select([control], [], [], 0.2)
        if ready:
            _answer(control)
        while True:  # reap orphans (processes of this namespace whose parent is gone)
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid = 0
            if pid == 0:
                break
            if pid == dockerd.pid:
                code = os.waitstatus_to_exitcode(status)
                with open(config["died"], "w", encoding="utf-8") as handle:
                    handle.write(f"dockerd exited with status {code}\n")
                return 1


def _answer(control: socket.socket) -> None:
    client, _ = control.accept()
    try:
        client.settimeout(5)
        request = json.loads(client.recv(4096).decode())
        host, port, kind = request["listen"]
        made = socket.socket(
            socket.AF_INET, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
        )
        try:
            made.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            made.bind((host, port))
            if kind != "udp":
                made.listen(64)
            fds = array.array("i", [made.fileno()])
            client.sendmsg([b"ok"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
        finally:
            made.close()
    except (OSError, ValueError, KeyError) as error:
        try:
            client.sendall(f"error {error}".encode())
        except OSError:
            pass
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
