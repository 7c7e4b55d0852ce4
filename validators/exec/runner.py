"""Run every shell block of the pages, in page order, in one disposable Docker daemon.

Each page gets a fresh interactive bash (see `shell.py`) in a fresh working directory (a
copy of the page's folder), with a scrubbed environment; the daemon is reset between pages
(containers, networks and volumes removed, images kept). Every command is judged on its
own, at its Markdown line:

- exec/failed: a command that should succeed exited non-zero;
- exec/expected-failure-succeeded: an intentional error that did not happen;
- exec/expected-message-mismatch: it failed, but without the stated message;
- exec/timeout: it did not finish within the timeout (interrupted; the page goes on);
- exec/needs-network (warning): it failed only because no network or registry is there;
- exec/shell-exited: the command ended the page's shell (`exit`, `set -e`): a new one goes on.

Findings carry the command's output, trimmed.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import shutil
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from validators.exec.extract import Block, Command, extract_blocks
from validators.exec.images import ImageService
from validators.exec.sandbox import Sandbox, SandboxError
from validators.exec.shell import PageShell, Result
from validators.findings import Finding, Severity
from validators.page import Page

DEFAULT_TIMEOUT = 60.0
Progress = Callable[[int, int, str], None]
"""progress(done, total, where): commands done so far, of all, and "path:line" running now."""

_MAX_LINES = 12
_MAX_LINE = 200
_WORKDIR_LIMIT = 50 * 1024 * 1024
_PREFIXES = re.compile(
    r"^(?:(?:docker|error|error response from daemon|err|fatal)\s*:\s*)+", re.IGNORECASE
)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_NETWORK_ERROR = re.compile(
    r"dial (?:tcp|udp)|no such host|network is unreachable|name resolution|could not resolve"
    r"|temporary failure resolving|i/o timeout|tls handshake timeout|sandbox egress failed"
    r"|failed to establish a new connection|connection timed out|no route to host"
    r"|try again later|proxyconnect",
    re.IGNORECASE,
)
_OUTSIDE_HOST = re.compile(
    r"(?:https?://|lookup |resolve host:? ?'?|resolving '|host=')"
    r"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_MISSING = re.compile(
    r"no such (?:image|container|object)|not found|is not running|unable to find image"
    r"|does not exist|pull access denied",
    re.IGNORECASE,
)


def run_pages(
    pages: Sequence[Page],
    *,
    docs_dir: Path,
    timeout: float = DEFAULT_TIMEOUT,
    image_archives: Sequence[Path] = (),
    registry_mirror: str | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> list[Finding]:
    """Run the shell blocks of `pages` in a disposable dockerd; return the findings.

    Raises SandboxError (with the way out) when the daemon cannot start or an image archive
    cannot be loaded; KeyboardInterrupt on Ctrl-C or SIGTERM, after tearing everything down.
    """
    plans: list[tuple[Page, list[Block]]] = []
    findings: list[Finding] = []
    for page in pages:
        blocks, problems = extract_blocks(page)
        findings += problems
        plans.append((page, blocks))
    total = sum(len(b.commands) for _, blocks in plans for b in blocks if not b.skip)
    if total == 0:
        return findings
    images = ImageService(
        image_archives=image_archives, registry_mirror=registry_mirror, cache_dir=cache_dir
    )
    counter = _Counter(total, progress)
    with _signals_raise_interrupt():
        sandbox = images.sandbox()
        try:
            sandbox.start()
            images.attach(sandbox)
            for number, (page, blocks) in enumerate(plans):
                if not any(b.commands and not b.skip for b in blocks):
                    continue
                if number:
                    sandbox.api.reset()
                findings += _run_page(sandbox, page, blocks, docs_dir, timeout, counter)
            if progress:
                progress(total, total, "")
        finally:
            with _signals_ignored():
                images.close()
                sandbox.stop()
    return findings


@dataclass
class _Counter:
    total: int
    progress: Progress | None
    done: int = 0

    def step(self, where: str) -> None:
        if self.progress:
            self.progress(self.done, self.total, where)
        self.done += 1


@dataclass
class _PageState:
    """What failed for lack of network, so that later failures it causes are explained."""

    network_line: int | None = None
    network_names: dict[str, int] = field(default_factory=dict)  # name -> line

    def remember(self, command: Command) -> None:
        for name in _names(command.text):
            self.network_names.setdefault(name, command.line)


def _run_page(
    sandbox: Sandbox,
    page: Page,
    blocks: list[Block],
    docs_dir: Path,
    timeout: float,
    counter: _Counter,
) -> list[Finding]:
    root = Path(str(sandbox.root))
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", page.path)[:60]
    workdir = root / "pages" / f"{counter.done}-{slug}" / "work"
    home = workdir.parent / "home"
    _prepare_workdir(docs_dir, page, workdir)
    shell = PageShell(sandbox, workdir, home)
    findings: list[Finding] = []
    state = _PageState()
    shell.start()
    try:
        for block in blocks:
            if block.skip:
                continue
            for command in block.commands:
                counter.step(f"{page.path}:{command.line}")
                result = shell.run(command.text, block.timeout or timeout)
                finding = judge(page, command, result, block.timeout or timeout, state)
                if finding:
                    findings.append(finding)
    finally:
        shell.close()
        shutil.rmtree(workdir.parent, ignore_errors=True)
    return findings


def _prepare_workdir(docs_dir: Path, page: Page, workdir: Path) -> None:
    """A copy of the page's folder (as a student's clone of the course), else empty."""
    source = (Path(docs_dir) / page.path).parent
    if source.is_dir() and _size(source) <= _WORKDIR_LIMIT:
        shutil.copytree(source, workdir, symlinks=True)
    else:
        workdir.mkdir(parents=True)


def _size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        if total > _WORKDIR_LIMIT:
            break
    return total


# --- judging -----------------------------------------------------------------------------


def judge(
    page: Page, command: Command, result: Result, timeout: float, state: _PageState | None = None
) -> Finding | None:
    """The finding for one command's result, or None when it did what the page says."""
    state = state if state is not None else _PageState()
    expect = command.expect
    code = f"`{command.summary}`"

    def finding(rule: str, severity: Severity, message: str, hint: str) -> Finding:
        text = message + _excerpt(result.output)
        return Finding(page.path, command.line, rule, severity, text, hint)

    if result.timed_out:
        lost = (
            "; the shell had to be replaced, so its directory, variables and functions are lost"
            if result.shell_lost
            else "; it was interrupted (Ctrl-C) and the page went on in the same shell"
        )
        return finding(
            "exec/timeout",
            Severity.ERROR,
            f"{code} did not finish within {timeout:g}s{lost}",
            "give it an end (`ping -c 3`, `docker logs` without -f, `docker stats "
            "--no-stream`); an interactive command (`-it`, a shell) waits for typing: "
            "<!-- exec: skip --> its block; or allow more time: <!-- exec: timeout=SECONDS -->",
        )
    if result.status != 0 and "[the shell exited]" in result.output:
        return finding(
            "exec/shell-exited",
            Severity.ERROR,
            f"{code} ended the page's shell (status {result.status}); later commands ran in "
            "a new shell without the earlier state",
            "do not `exit` or `set -e` in a lesson's terminal; run such code in `bash -c`",
        )
    if result.status != 0 and needs_network(result.output):
        state.network_line = state.network_line or command.line
        state.remember(command)
        return finding(
            "exec/needs-network",
            Severity.WARNING,
            f"{code} needs a network or registry that is not reachable here",
            "load the images with --image-archive or pull through --registry-mirror; "
            "commands that must reach the Internet (docker search) cannot be checked",
        )
    cause = _network_cause(result.output, state) if result.status != 0 else None
    if cause is not None:
        state.remember(command)
        return finding(
            "exec/needs-network",
            Severity.WARNING,
            f"{code} failed after an earlier command could not reach the network (line {cause})",
            "load the missing images with --image-archive or use --registry-mirror",
        )
    if expect is None:
        if result.status == 0:
            return None
        return finding(
            "exec/failed",
            Severity.ERROR,
            f"{code} failed with exit status {result.status}",
            "fix the command or what comes before it; if the failure is intended, put the "
            "expected error as a comment under it (# Error: …)",
        )
    if result.status == 0:
        return finding(
            "exec/expected-failure-succeeded",
            Severity.ERROR,
            f"{code} should fail"
            + (f" with {expect.message!r}" if expect.message else "")
            + " but succeeded",
            "make the intentional error really happen, or drop the error comment/annotation",
        )
    if expect.message and not message_matches(expect.message, result.output):
        return finding(
            "exec/expected-message-mismatch",
            Severity.ERROR,
            f"{code} failed (status {result.status}) but without the expected {expect.message!r}",
            "update the expected message under the command to what the command prints",
        )
    return None


def message_matches(expected: str, output: str) -> bool:
    """Whether `output` contains the expected message, tolerant of Docker's prefixes.

    `Error:`, `docker:` and `Error response from daemon:` in front are ignored, as are case,
    spacing and typographic quotes; `...` or `…` in the expected text matches anything.
    """
    wanted = _PREFIXES.sub("", _normal(expected)).rstrip(".")
    haystack = _normal(output)
    position = 0
    for piece in _ELLIPSIS.split(wanted):
        if not piece:
            continue
        found = haystack.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def needs_network(output: str) -> bool:
    """Whether a failure's output says that a host outside the sandbox was unreachable."""
    return bool(_NETWORK_ERROR.search(output) and _OUTSIDE_HOST.search(output))


def _network_cause(output: str, state: _PageState) -> int | None:
    """The line of the network failure that this missing image or container comes from."""
    if state.network_line is None or not _MISSING.search(output):
        return None
    lines = [line for name, line in state.network_names.items() if name in output]
    return max(lines) if lines else None


def _names(text: str) -> set[str]:
    """Image and container names a command mentions (words that are not options)."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError:
        words = text.split()
    names = set()
    for word in words:
        if word.startswith("-") or "=" in word or len(word) < 3 or word in _COMMON:
            continue
        names.add(word)
        if ":" in word and not word.split(":")[-1].isdigit():
            names.add(word.rsplit(":", 1)[0])  # nginx:alpine also as nginx
    return names


_COMMON = frozenset(
    "docker pull run create start exec logs history images image inspect rm rmi tag push "
    "search build container network volume compose stop kill sudo".split()
)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"}))
    return re.sub(r"\s+", " ", text).strip().lower()


def _excerpt(output: str) -> str:
    """The output's last lines, each shortened, as indented lines under the message."""
    lines = [line.rstrip() for line in output.strip("\n").splitlines() if line.strip()]
    if not lines:
        return ""
    dropped = len(lines) - _MAX_LINES
    lines = lines[-_MAX_LINES:]
    lines = [line if len(line) <= _MAX_LINE else line[: _MAX_LINE - 1] + "…" for line in lines]
    head = [f"  | … ({dropped} earlier lines)"] if dropped > 0 else []
    return "\n" + "\n".join(head + [f"  | {line}" for line in lines])


# --- signals -------------------------------------------------------------------------------


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that everything is torn down."""


def _raise_interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


@contextlib.contextmanager
def _signals_raise_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    for signum in previous:
        signal.signal(signum, _raise_interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _signals_ignored() -> Iterator[None]:
    """Let teardown finish even if Ctrl-C is pressed again."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.getsignal(s) for s in signals}
    for signum in signals:
        signal.signal(signum, signal.SIG_IGN)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class TerminalProgress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, stream=None, width: int = 30) -> None:  # type: ignore[no-untyped-def]
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, where: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done + 1 < total:
            return
        self._last = now
        filled = self.width * done // max(total, 1)
        bar = "█" * filled + "·" * (self.width - filled)
        self.stream.write(f"\r\x1b[2Kexec [{bar}] {done}/{total} {where[-60:]}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


__all__ = [
    "DEFAULT_TIMEOUT",
    "Interrupted",
    "Progress",
    "SandboxError",
    "TerminalProgress",
    "judge",
    "message_matches",
    "needs_network",
    "run_pages",
]
