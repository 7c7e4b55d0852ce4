"""Controlled openings out of the sandbox's network namespace, served by the runner.

The sandbox has no route out. What it may reach goes through sockets that the runner binds
*inside* its namespace (see `Sandbox.listen_inside`) and serves from the host's:

- `EgressProxy`: the daemon's HTTP(S) proxy, so pulls work wherever the host has a network
  and fail at once (with the host named in the error) where it has none;
- `PortForward`: a host loopback address (a local `--registry-mirror`) at the same address
  inside, since Go never sends loopback traffic through a proxy;
- `DnsRelay`: the sandbox's nameserver, relaying to the host's resolver, so that unknown
  names fail as fast as on the host instead of waiting for an unreachable server.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit


class Relay:
    """Accepts on a socket inside the sandbox and relays bytes to the host side."""

    def __init__(self, listener: socket.socket, handler: Callable[[socket.socket], None]):
        self._listener = listener
        self._handler = handler
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="course-relay")
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._track(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            self._handler(client)
        except OSError:
            pass
        finally:
            self._untrack(client)
            client.close()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)

    def connect(self, address: tuple[str, int]) -> socket.socket:
        upstream = socket.create_connection(address, timeout=15)
        upstream.settimeout(None)
        self._track(upstream)
        return upstream

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            for sock in list(self._sockets):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=2)


def _pipe(a: socket.socket, b: socket.socket, first: bytes = b"") -> None:
    if first:
        b.sendall(first)
    sockets = [a, b]
    while True:
        ready, _, _ = select.select(sockets, [], [], 300)
        if not ready:
            return
        for source in ready:
            data = source.recv(65536)
            if not data:
                return
            (b if source is a else a).sendall(data)


class EgressProxy(Relay):
    """An HTTP proxy (CONNECT and absolute-form) for the daemon, connecting out from the host."""

    def __init__(self, listener: socket.socket) -> None:
        super().__init__(listener, self._handle)

    def _handle(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(65536)
            if not chunk or len(head) > 65536:
                return
            head += chunk
        head, _, rest = head.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = (lines[0].split(" ") + ["", ""])[:3]
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            address = (host.strip("[]"), int(port or 443))
        else:
            url = urlsplit(target)
            address = (url.hostname or "", url.port or 80)
        try:
            upstream = self.connect(address)
        except OSError as error:
            reason = f"sandbox egress failed: cannot reach {address[0]}:{address[1]} ({error})"
            client.sendall(f"HTTP/1.1 502 {reason}\r\nContent-Length: 0\r\n\r\n".encode())
            return
        try:
            if method == "CONNECT":
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pipe(client, upstream, rest)
            else:
                path = urlsplit(target)._replace(scheme="", netloc="").geturl() or "/"
                headers = [
                    line
                    for line in lines[1:]
                    if not line.lower().startswith(("proxy-connection:", "connection:"))
                ]
                request = "\r\n".join([f"{method} {path} {version}", *headers, "Connection: close"])
                _pipe(client, upstream, request.encode("latin-1") + b"\r\n\r\n" + rest)
        finally:
            upstream.close()


class PortForward(Relay):
    """Makes host:port of the host reachable at the same address inside the sandbox."""

    def __init__(self, listener: socket.socket, target: tuple[str, int]) -> None:
        self._target = target
        super().__init__(listener, self._handle)

    def _handle(self, client: socket.socket) -> None:
        try:
            upstream = self.connect(self._target)
        except OSError:
            return
        try:
            _pipe(client, upstream)
        finally:
            upstream.close()


class DnsRelay:
    """Relays DNS over UDP from a socket inside the sandbox to the host's nameserver."""

    def __init__(self, listener: socket.socket, upstream: tuple[str, int] | None = None) -> None:
        self._listener = listener
        self._upstream = upstream or (host_nameserver(), 53)
        self._thread = threading.Thread(target=self._serve, daemon=True, name="course-dns")
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                query, client = self._listener.recvfrom(4096)
            except OSError:
                return
            if not client:  # shut down
                return
            threading.Thread(target=self._answer, args=(query, client), daemon=True).start()

    def _answer(self, query: bytes, client: tuple[str, int]) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as upstream:
            upstream.settimeout(5)
            try:
                upstream.sendto(query, self._upstream)
                answer, _ = upstream.recvfrom(65535)
            except OSError:
                answer = _servfail(query)
        with contextlib.suppress(OSError):
            self._listener.sendto(answer, client)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=2)


def host_nameserver(resolv_conf: Path = Path("/etc/resolv.conf")) -> str:
    """The host's first IPv4 nameserver (127.0.0.53 and the like work from the host)."""
    with contextlib.suppress(OSError):
        for line in resolv_conf.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] == "nameserver" and "." in parts[1]:
                return parts[1]
    return "127.0.0.53"


def _servfail(query: bytes) -> bytes:
    """A SERVFAIL answer to `query`: the name cannot be resolved right now."""
    if len(query) < 12:
        return b""
    flags = 0x8000 | (query[2] & 0x79) << 8 | 0x80 | 2  # QR, opcode+RD kept, RA, SERVFAIL
    return query[:2] + flags.to_bytes(2, "big") + query[4:6] + b"\0\0\0\0\0\0" + query[12:]
