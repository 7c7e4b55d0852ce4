"""Where the checker's Chromium gets its page and the mermaid bundles from.

Compiling the two bundles (6 MB of JavaScript) costs about a second per page. Chromium keeps
compiled code for scripts it fetched over HTTP from a fixed URL, in its profile (made at their
second load, used from the third): so the bundles are served by a private HTTP server on
127.0.0.1 under a name that never changes (`http://mermaid.check/…`, mapped to the server's
port), and the profile is kept in the checker's cache folder, one Chromium at a time (another
checker running at the same time gets a throw-away profile). A bundle's URL carries its
digest, so an upgrade is fetched anew.
"""

from __future__ import annotations

import fcntl
import hashlib
import http.server
import shutil
import tempfile
import threading
from pathlib import Path
from typing import IO

HOST = "mermaid.check"


class BundleServer:
    """Serves `files` (URL path -> bytes) on 127.0.0.1, cached for good by the browser."""

    def __init__(self, files: dict[str, bytes]) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                kind = "text/html" if self.path.endswith("/") else "text/javascript"
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if not self.path.endswith("/"):
                    self.send_header("Cache-Control", "max-age=31536000, immutable")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="mermaid-bundles", daemon=True
        )
        self._thread.start()

    @property
    def resolver_rule(self) -> str:
        """The Chromium flag that sends `HOST` to this server."""
        return f"--host-resolver-rules=MAP {HOST} 127.0.0.1:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def bundle_path(name: str, source: str) -> str:
    """The URL path of a bundle: its name and digest."""
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    return f"/{name}-{digest}.js"


class Profile:
    """A Chromium profile folder: `cache_dir/chromium` when free, else a temporary one."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._lock: IO[str] | None = None
        self.temporary = True
        if cache_dir is not None:
            self._lock = _locked(cache_dir / "chromium.lock")
        if self._lock is not None:
            self.temporary = False
            self.path = cache_dir / "chromium"
        else:  # no cache, or another checker holds it: a profile of our own
            self.path = Path(tempfile.mkdtemp(prefix="mermaid-chromium-"))

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _locked(path: Path) -> IO[str] | None:
    """`path` opened and locked for this process, or None if another holds it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path, "w")  # noqa: SIM115 (held open while the profile is in use)
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock
