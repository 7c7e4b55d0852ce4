"""Images for the sandbox: archives, a registry mirror, and a pull-through cache.

No registry may be reachable, and Docker Hub rate-limits those that are, so:

- `--image-archive TAR` files (`docker save` output) are loaded before any page runs;
- the daemon reaches the outside only through `EgressProxy`, an HTTP(S) proxy that the
  runner serves inside the sandbox's network namespace and that connects out from the
  host's: pulls work where the host has a network and fail fast where it has none;
- a `--registry-mirror` URL on the host's loopback is made reachable inside the sandbox
  by a port forward on the same address (Go never proxies loopback addresses);
- if Debian's `docker-registry` is installed and its upstream (the mirror, else Docker Hub)
  answers, a pull-through cache runs on the host's loopback (forwarded inside like the
  mirror) with its storage in the cache directory (`~/.cache/course-site/exec/registry`),
  as the daemon's first mirror: an image pulled once is served from disk on later runs,
  even when the upstream no longer has it.
  (registry 2.8 refuses to start while its upstream is unreachable; fully offline runs
  use --image-archive.)
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from validators.checks.exec.egress import DnsRelay, EgressProxy, PortForward, Relay
from validators.checks.exec.sandbox import (
    DNS_ADDRESS,
    PATH,
    DockerAPI,
    Sandbox,
    SandboxError,
    _die_with_parent,
)

PROXY_PORT = 65100  # inside the sandbox only: above Linux's ephemeral range
CACHE_PORT = 65101
REGISTRY_BINARIES = ("docker-registry", "registry")
DOCKER_HUB = "https://registry-1.docker.io"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "course-site" / "exec"


def load_archives(api: DockerAPI, archives: Sequence[Path]) -> list[str]:
    """`docker load` each archive into the sandbox; returns the loaded image names."""
    loaded: list[str] = []
    for archive in archives:
        path = Path(archive)
        if not path.is_file():
            raise SandboxError(f"image archive {path} not found (--image-archive takes a file)")
        with path.open("rb") as body:
            status, payload = api.request(
                "POST",
                "/images/load?quiet=1",
                body,
                {"Content-Type": "application/x-tar", "Content-Length": str(path.stat().st_size)},
                timeout=600,
            )
        messages = [json.loads(line) for line in payload.splitlines() if line.strip()]
        errors = [m.get("error") or m.get("message") for m in messages if "error" in m]
        if status >= 400 or errors:
            detail = "; ".join(str(e) for e in errors) or payload.decode(errors="replace")
            raise SandboxError(
                f"cannot load image archive {path}: {detail.strip()} "
                "(make it with `docker save -o FILE IMAGE…`)"
            )
        for message in messages:
            text = str(message.get("stream", "")).strip()
            if text.startswith("Loaded image"):
                loaded.append(text.split(": ", 1)[-1])
    return loaded


def _proxy_env() -> dict[str, str]:
    """The runner's own proxy settings, for the cache's pulls from its upstream."""
    names = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy")
    return {name: os.environ[name] for name in names if name in os.environ}


def registry_binary() -> str | None:
    for name in REGISTRY_BINARIES:
        found = shutil.which(name, path=PATH)
        if found:
            return found
    return None


def cache_config(cache_dir: Path, upstream: str) -> str:
    """The pull-through cache registry's configuration (YAML is a superset of JSON)."""
    storage = cache_dir / "registry"
    storage.mkdir(parents=True, exist_ok=True)
    return json.dumps(
        {
            "version": 0.1,
            "log": {"level": "warn", "accesslog": {"disabled": True}},
            "storage": {"filesystem": {"rootdirectory": str(storage)}},
            "http": {"addr": f"127.0.0.1:{CACHE_PORT}"},
            "proxy": {"remoteurl": upstream},
        }
    )


def _reachable(url: str, timeout: float = 3.0) -> bool:
    """Whether a registry answers at `url` from the host (any HTTP status will do)."""
    parts = urlsplit(url)
    factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = factory(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request("GET", "/v2/")
        connection.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


class ImageService:
    """Sets a sandbox up for images: egress, mirror forward, pull-through cache, archives."""

    def __init__(
        self,
        *,
        image_archives: Sequence[Path] = (),
        registry_mirror: str | None = None,
        cache_dir: Path | None = None,
        use_cache: bool = True,
    ) -> None:
        self.image_archives = tuple(Path(p) for p in image_archives)
        self.registry_mirror = registry_mirror.rstrip("/") if registry_mirror else None
        self.cache_dir = cache_dir or default_cache_dir()
        self.binary = registry_binary() if use_cache else None
        self._relays: list[Relay | DnsRelay] = []
        self._cache = False
        self._registry: subprocess.Popen[bytes] | None = None
        self.cache_problem: str | None = None
        if self.registry_mirror:
            parts = urlsplit(self.registry_mirror)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SandboxError(
                    f"--registry-mirror {registry_mirror!r} is not a URL: "
                    "write it as http(s)://HOST[:PORT]"
                )

    def sandbox(self, **options: Any) -> Sandbox:
        """A Sandbox configured for these images (not started)."""
        mirrors: list[str] = []
        self._cache = False
        if self.binary and _reachable(self._upstream) and self._cache_usable():
            # registry 2.8 will not start in proxy mode without its upstream.
            self._cache = True
            mirrors.append(f"http://127.0.0.1:{CACHE_PORT}")
        if self.registry_mirror:
            mirrors.append(self.registry_mirror)  # dockerd tries the mirrors in order
        proxy = f"http://127.0.0.1:{PROXY_PORT}"
        env = {"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "NO_PROXY": "localhost,127.0.0.1"}
        return Sandbox(registry_mirrors=mirrors, daemon_env=env, **options)

    @property
    def _upstream(self) -> str:
        return self.registry_mirror or DOCKER_HUB

    def _cache_usable(self) -> bool:
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.cache_dir, os.W_OK)

    def attach(self, sandbox: Sandbox) -> list[str]:
        """After start: serve egress and the mirror forward, load the archives."""
        self._relays.append(EgressProxy(sandbox.listen_inside(PROXY_PORT)))
        udp = sandbox.listen_inside(53, DNS_ADDRESS, socket.SOCK_DGRAM)
        self._relays.append(DnsRelay(udp))
        if self.registry_mirror:
            parts = urlsplit(self.registry_mirror)
            host = parts.hostname or ""
            port = parts.port or (443 if parts.scheme == "https" else 80)
            if host == "localhost" or host.startswith("127."):
                address = "127.0.0.1" if host == "localhost" else host
                listener = sandbox.listen_inside(port, address)
                self._relays.append(PortForward(listener, (address, port)))
        if self._cache and self.binary:
            self._start_cache(sandbox, self.binary)
        return load_archives(sandbox.api, self.image_archives)

    def _start_cache(self, sandbox: Sandbox, binary: str) -> None:
        """The pull-through cache: a registry on the host's loopback (its storage is in the
        runner's cache folder, which the sandbox does not see), forwarded inside."""
        root = Path(str(sandbox.root))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = root / "registry.json"
        text = cache_config(self.cache_dir, self._upstream).replace(str(CACHE_PORT), str(port))
        config.write_text(text, encoding="utf-8")
        with open(root / "registry.log", "ab") as log:
            self._registry = subprocess.Popen(
                [binary, "serve", str(config)],
                env={"PATH": PATH, **_proxy_env()},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self._registry.poll() is None:
            with socket.socket() as client:
                client.settimeout(0.5)
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    listener = sandbox.listen_inside(CACHE_PORT)
                    self._relays.append(PortForward(listener, ("127.0.0.1", port)))
                    return
            time.sleep(0.02)
        # dockerd falls back to the next mirror, then Docker Hub: slower, still correct.
        self.cache_problem = (root / "registry.log").read_text(errors="replace")[-2000:]

    def close(self) -> None:
        for relay in self._relays:
            relay.close()
        self._relays = []
        if self._registry is not None:
            self._registry.kill()
            self._registry.wait()
            self._registry = None
