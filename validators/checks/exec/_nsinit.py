"""PID 1 of a sandbox: run as `python _nsinit.py CONFIG.json` inside fresh namespaces.

`unshare --pid --fork --mount-proc --net --mount` starts it, so it is the first process of
its own PID, network and mount namespaces. It brings up `lo` (with the sandbox's
nameserver address), hides the host's /run (and so its docker.sock) under a private tmpfs,
points /etc/resolv.conf at the sandbox's nameserver, starts dockerd and reaps every
orphan. When it exits, for any reason, the kernel kills every process of the namespace;
the namespaces' bridges, iptables rules and mounts disappear with them.

This file is executed by path, not imported: it needs nothing but the standard library.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys


def main(config_path: str) -> int:
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides when we stop
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for address in config.get("addresses", []):
        subprocess.run(["ip", "addr", "add", address, "dev", "lo"], check=True)
    resolv = os.path.realpath("/etc/resolv.conf")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755", "course-exec", "/run"], check=True)
    if config.get("resolv_conf"):
        _use_resolv_conf(config["resolv_conf"], resolv)
    for path in config.get("mkdirs", []):
        os.makedirs(path, exist_ok=True)

    watched: dict[int, str] = {}
    for name, service in config["services"].items():
        with open(service["log"], "ab") as log:
            process = subprocess.Popen(
                service["argv"],
                env=service["env"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=service.get("cwd", "/"),
            )
        watched[process.pid] = name
    with open(config["ready"], "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))

    # Reap until a service dies (the runner notices that) or we are told to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return 1
        if pid in watched:
            code = os.waitstatus_to_exitcode(status)
            with open(config["died"], "w", encoding="utf-8") as handle:
                handle.write(f"{watched[pid]} exited with status {code}\n")
            return 1


def _use_resolv_conf(source: str, target: str) -> None:
    """Make /etc/resolv.conf (or the file it links to) read as `source`, in this namespace."""
    if target.startswith("/run/"):  # a link into /run: our tmpfs now, write it there
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(source, "rb") as src, open(target, "wb") as dst:
            dst.write(src.read())
        return
    if not os.path.exists(target):
        return
    subprocess.run(["mount", "--bind", source, target], check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
