"""One persistent interactive bash per page, on a pseudo-terminal, inside the sandbox.

The student's terminal, reproduced: bash runs interactively with job control, so every
command's pipeline gets its own process group and a Ctrl-C (SIGINT to the foreground
process group) ends it while the shell, its working directory, variables and functions
stay. Each command is written to a file and run as `eval "$(<file)"`; the shell's
PROMPT_COMMAND then prints a marker with a per-shell nonce and the exit status, which
ends that command's output on the terminal stream.

A command that opens a container's shell (`docker run -it ubuntu bash`) takes the terminal
over; the lines after it are typed into the container's shell, as a student types them.
That shell is set up with one typed line (no echo, no prompt); after each line, a typed
`printf` prints a second marker, numbered per line, with the line's status.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import secrets
import select
import shlex
import signal
import struct
import subprocess
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from validators.checks.exec.sandbox import PATH, Sandbox

MAX_OUTPUT = 1 << 20  # bytes kept per command
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r(?!\n)")
_INTERRUPT_GRACE = 2.0
_KILL_GRACE = 2.0
_SETTLE = 0.15  # quiet after a container shell's first output: it is reading
_SETUP_TIMEOUT = 15.0
_STRAY_MARKER = re.compile("\x1e[0-9a-f]{16}(?:-i\\d+)?:[^\x1e]{0,12}\x1e")


class Cancelled(KeyboardInterrupt):
    """Another thread asked the run to stop (Ctrl-C while pages run in parallel)."""


@dataclass(frozen=True)
class Result:
    """What one command did: exit status, terminal output (ANSI stripped), timing."""

    status: int
    output: str
    seconds: float
    timed_out: bool = False
    shell_lost: bool = False  # the shell died or had to be replaced: state is gone
    inner_ended: bool = False  # the container's shell this line was typed into is gone


# A reader's git, set up as the course's first lessons do (`git config --global …`), with
# GitHub's first branch name: `git commit` and `git checkout main` work as they do there.
GITCONFIG = (
    "[user]\n\tname = Course Reader\n\temail = reader@example.com\n[init]\n\tdefaultBranch = main\n"
)


def scrubbed_env(home: Path) -> dict[str, str]:
    """The environment a page's shell starts with: nothing of the runner's own."""
    return {
        "PATH": PATH,
        "HOME": str(home),
        "USER": "root",
        "LOGNAME": "root",
        "SHELL": "/bin/bash",
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "COLUMNS": "200",
        "LINES": "50",
    }


class PageShell:
    """An interactive bash inside the sandbox; `run()` one command at a time."""

    def __init__(
        self, sandbox: Sandbox, workdir: Path, home: Path, start: Path | None = None
    ) -> None:
        self.sandbox = sandbox
        self.workdir = workdir  # the working copy (its parent is all the shell sees)
        self.start_dir = start or workdir  # where it starts: the page's folder in the copy
        self.home = home
        self._nonce = secrets.token_hex(8)
        self._marker = re.compile(rb"\x1e" + self._nonce.encode() + rb":([^\x1e]{0,12})\x1e")
        self._inner_marker = re.compile(rb"\x1e" + self._nonce.encode() + rb"-i(\d+):(\d+)\x1e")
        self._buffer = bytearray()  # read from the terminal, not yet taken by a command
        self._typed = 0  # inner markers asked for so far
        self.inner_open = False  # a container's shell has the terminal
        self._before: set[int] = set()  # processes there before the running command
        self.cancel: threading.Event | None = None  # set from another thread: stop reading
        self._command_file = workdir.parent / f".cmd-{self._nonce}"
        self._rc_file = workdir.parent / f".rc-{self._nonce}"
        self._master = -1
        self._process: subprocess.Popen[bytes] | None = None
        self._bash_pid: int | None = None

    def start(self, timeout: float = 10.0) -> None:
        inside = self.sandbox.inside
        inside.mkdir(self.workdir)
        inside.mkdir(self.home)
        inside.write(self.home / ".gitconfig", GITCONFIG.encode())
        # The marker is bash's own prompt: printed by bash itself with the status, through
        # no function, alias, builtin, PATH or trap a block could redefine.
        rc = (
            "set +o history +H; unset HISTFILE MAIL MAILPATH\n"
            "PROMPT_COMMAND=''; PS2=''; PS0=''; PS4='+ '\n"
            f"PS1='\\036{self._nonce}:${{?}}\\036'\n"
            "shopt -s promptvars\n"
            "readonly PS1 PS2 PS0 PROMPT_COMMAND\n"
            # The shell is root (in its user namespace): `sudo docker …` runs the command.
            "command -v sudo >/dev/null || { sudo() { while [ $# -gt 0 ]; do case $1 in "
            "-u|-g|-h|-p|-C) shift 2;; --) shift; break;; -*) shift;; *) break;; esac; "
            'done; [ $# -eq 0 ] || "$@"; }; export -f sudo; }\n'
            f"cd {shlex.quote(str(self.start_dir))}\n"
        )
        inside.write(self._rc_file, rc.encode())
        master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        attrs[1] &= ~termios.ONLCR  # keep "\n" as it is
        attrs[3] &= ~(termios.ECHO | termios.ECHONL)  # the "typed" line is not echoed
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        argv = self.sandbox.page_argv(self.workdir, [self.workdir.parent]) + [
            "bash",
            "--noprofile",
            "--rcfile",
            str(self._rc_file),
            "--noediting",
            "-i",
        ]
        try:
            self._process = subprocess.Popen(
                argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=scrubbed_env(self.home),
                cwd="/",
                start_new_session=True,
                preexec_fn=self._prepare_child,
            )
        finally:
            os.close(slave)
        self._master = master
        status, output = self._read_until_marker(time.monotonic() + timeout)
        if status is None:
            self.close()
            raise RuntimeError(f"the page shell did not start: {output!r}")
        self._bash_pid = _bash_of(self._process.pid)

    def run(self, command: str, timeout: float) -> Result:
        """Run one command; on timeout interrupt it like Ctrl-C, then kill it."""
        begin = time.monotonic()
        if not self.alive:
            self.restart()
        self.sandbox.inside.write(self._command_file, (command + "\n").encode())
        before = set(_descendants(self._bash_pid)) if self._bash_pid else set()
        os.write(self._master, f'eval "$(<{self._command_file})"\n'.encode())
        status, output = self._read_until_marker(begin + timeout)
        if status is not None:
            return Result(status, output, time.monotonic() - begin)
        # Timed out: Ctrl-C, then SIGKILL what the command started, then a new shell.
        status, more = self._interrupt(before)
        output += more
        if status is not None:
            return Result(status, output, time.monotonic() - begin, timed_out=True)
        self.restart()
        return Result(-1, output, time.monotonic() - begin, timed_out=True, shell_lost=True)

    # --- a container's shell on the terminal --------------------------------------------

    def open_inner(self, command: str, timeout: float) -> Result:
        """Run a command that opens a container's shell; return once that shell answers
        (status 0, `inner_open` set) or the command has ended without one (its status)."""
        begin = time.monotonic()
        if not self.alive:
            self.restart()
        self.sandbox.inside.write(self._command_file, (command + "\n").encode())
        self._before = set(_descendants(self._bash_pid)) if self._bash_pid else set()
        os.write(self._master, f'eval "$(<{self._command_file})"\n'.encode())
        # The shell's prompt (or docker's pull messages) shows the command is under way.
        kind, status, output = self._read(begin + timeout, settle=_SETTLE)
        if kind == "outer":
            return Result(status, output, time.monotonic() - begin)
        if kind == "settled":
            number = self._next_marker()
            setup = f"stty -echo 2>/dev/null; PS1=''; PS2=''; {self._marker_command(number)}"
            os.write(self._master, f"{setup}\n".encode())
            deadline = min(begin + timeout, time.monotonic() + _SETUP_TIMEOUT)
            kind, status, more = self._read(deadline, inner=number)
            if kind == "inner":
                self.inner_open = True
                return Result(0, output, time.monotonic() - begin)
            output += more
            if kind == "outer":  # it ended; bash may have read the setup line: drain it
                self._sync()
                return Result(status, output, time.monotonic() - begin)
        self.inner_open = True
        return self._abandon_inner(output, begin)

    def run_inner(self, command: str, timeout: float) -> Result:
        """Type one command into the container's shell; on timeout press Ctrl-C."""
        begin = time.monotonic()
        number = self._next_marker()
        os.write(self._master, f"{command}\n{self._marker_command(number)}\n".encode())
        kind, status, output = self._read(begin + timeout, inner=number)
        if kind == "inner":
            return Result(status, self._unecho(output, command), time.monotonic() - begin)
        if kind in ("outer", "exited"):
            self.inner_open = False
            return Result(
                status if status else -1,
                output,
                time.monotonic() - begin,
                shell_lost=kind == "exited",
                inner_ended=True,
            )
        # Ctrl-C, then ask for the status again: the interrupt may have flushed the line.
        os.write(self._master, b"\x03")
        kind, status, more = self._read(time.monotonic() + _INTERRUPT_GRACE / 2, inner=number)
        output += more
        if kind != "inner":
            number = self._next_marker()
            os.write(self._master, f"{self._marker_command(number)}\n".encode())
            kind, status, more = self._read(time.monotonic() + _INTERRUPT_GRACE, inner=number)
            output += more
        if kind == "inner":
            output = self._unecho(output, command)
            return Result(status, output, time.monotonic() - begin, timed_out=True)
        result = self._abandon_inner(output, begin)
        return Result(-1, result.output, result.seconds, timed_out=True, inner_ended=True)

    def close_inner(self, command: str = "exit", timeout: float = 10.0) -> Result:
        """Type `command` (`exit`) and wait for the container's shell, and docker, to end."""
        begin = time.monotonic()
        os.write(self._master, f"{command}\n".encode())
        kind, status, output = self._read(begin + timeout, outer=True)
        if kind == "outer":  # left: `exit 3` does what it says, whatever docker's status
            self.inner_open = False
            return Result(0, self._unecho(output, command), time.monotonic() - begin)
        result = self._abandon_inner(output, begin)
        return Result(-1, result.output, result.seconds, timed_out=True, inner_ended=True)

    def _abandon_inner(self, output: str, begin: float) -> Result:
        """Stop the command holding the terminal (the container may go on running)."""
        status, more = self._interrupt(self._before)
        self.inner_open = False
        if status is None:
            self.restart()
            return Result(-1, output + more, time.monotonic() - begin, True, shell_lost=True)
        return Result(status, output + more, time.monotonic() - begin, timed_out=True)

    def _next_marker(self) -> int:
        self._typed += 1
        return self._typed

    def _marker_command(self, number: int) -> str:
        # `\command`: no alias, no function of the container's shell on the way (a shell
        # of the lesson's image has no prompt of ours to use, unlike the page's bash)
        return f"\\command printf '\\036{self._nonce}-i{number}:%d\\036' $?"

    def _sync(self) -> None:
        """After docker ended, bash may be reading lines meant for the container: let it run
        them, and take their output, up to a line of our own."""
        number = self._next_marker()
        os.write(self._master, f"{self._marker_command(number)}\n".encode())
        self._read(time.monotonic() + _KILL_GRACE, inner=number)
        self._read(time.monotonic() + _KILL_GRACE, outer=True)

    def _unecho(self, output: str, typed: str) -> str:
        """The output without what the terminal echoed (a shell without `stty` echoes)."""
        lines = output.replace("\r\n", "\n").split("\n")
        typed_lines = [line.strip() for line in typed.split("\n")]
        kept = [line for line in lines if self._nonce not in line]
        while kept and typed_lines and kept[0].strip() == typed_lines[0]:
            kept.pop(0)
            typed_lines.pop(0)
        return "\n".join(kept)

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def restart(self) -> None:
        self.close()
        self.start()

    def close(self) -> None:
        """Kill the shell and everything it started (background jobs too)."""
        if self._process is not None:
            # The page's PID namespace: when its first process dies, the kernel kills every
            # process the page started (`setsid`, `nohup`, `disown` included).
            for pid in _descendants(self._process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._process.pid, signal.SIGKILL)
            self._process.wait()
            self._process = None
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
        self._bash_pid = None
        self._buffer.clear()
        self.inner_open = False
        if self.sandbox.alive():
            for path in (self._command_file, self._rc_file):
                with contextlib.suppress(OSError):
                    self.sandbox.inside.rmtree(path)

    # --- internals ---------------------------------------------------------------------

    def _prepare_child(self) -> None:
        _take_terminal()
        self.sandbox.confine()  # the page's processes count in the sandbox's limits

    def _interrupt(self, before: set[int]) -> tuple[int | None, str]:
        output = ""
        try:
            foreground = os.tcgetpgrp(self._master)
        except OSError:
            foreground = self._bash_pid or 0
        if foreground > 0:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(foreground, signal.SIGINT)
        status, more = self._read_until_marker(time.monotonic() + _INTERRUPT_GRACE)
        output += more
        if status is not None:
            return status, output
        for pid in _descendants(self._bash_pid) if self._bash_pid else []:
            if pid not in before:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if foreground > 0 and foreground != self._bash_pid:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(foreground, signal.SIGKILL)
        self._reset_terminal()
        status, more = self._read_until_marker(time.monotonic() + _KILL_GRACE)
        return status, output + more

    def _reset_terminal(self) -> None:
        # A killed full-screen or `-it` program may leave the terminal in raw mode.
        with contextlib.suppress(OSError):
            attrs = termios.tcgetattr(self._master)
            attrs[1] &= ~termios.ONLCR
            attrs[3] |= termios.ICANON | termios.ISIG
            attrs[3] &= ~(termios.ECHO | termios.ECHONL)
            termios.tcsetattr(self._master, termios.TCSANOW, attrs)

    def _read_until_marker(self, deadline: float) -> tuple[int | None, str]:
        kind, status, output = self._read(deadline, outer=True)
        return (status if kind == "outer" else None), output

    def _read(
        self,
        deadline: float,
        *,
        outer: bool = True,
        inner: int | None = None,
        settle: float | None = None,
    ) -> tuple[str, int | None, str]:
        """Read the terminal until bash's marker ("outer"), the container shell's marker
        number `inner` ("inner"), `settle` seconds of quiet after some output ("settled"),
        the deadline ("timeout") or the shell's end ("exited"): (kind, status, output)."""
        buffer = self._buffer
        dropped = 0
        quiet_since = time.monotonic()
        while True:
            data = bytes(buffer)  # matches must not hold the growing buffer
            found = self._marker.search(data) if outer else None
            if inner is not None:
                mine = [m for m in self._inner_marker.finditer(data) if int(m[1]) == inner]
                if mine and (found is None or mine[0].start() < found.start()):
                    found = mine[0]
            if found:
                text = _clean(buffer[: found.start()], dropped)
                kind = "outer" if found.re is self._marker else "inner"
                value = found.group(found.re.groups)
                status = int(value) if value.isdigit() else 1  # `shopt -u promptvars`
                del buffer[: found.end()]
                return kind, status, _without_markers(text)
            now = time.monotonic()
            if now >= deadline:
                return "timeout", None, self._take(buffer, dropped)
            wait = deadline - now
            if settle is not None and buffer:
                if now - quiet_since >= settle:
                    return "settled", None, self._take(buffer, dropped)
                wait = min(wait, settle - (now - quiet_since))
            if self.cancel is not None:
                if self.cancel.is_set():
                    raise Cancelled("the run was interrupted")
                wait = min(wait, 0.2)
            ready, _, _ = select.select([self._master], [], [], wait)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the shell is gone
                chunk = b""
            if not chunk:
                return "exited", None, self._take(buffer, dropped) + "\n[the shell exited]"
            buffer += chunk
            quiet_since = time.monotonic()
            if len(buffer) > MAX_OUTPUT:
                # Keep the head and the tail; the marker can only be in the tail.
                cut = len(buffer) - MAX_OUTPUT // 2
                keep = MAX_OUTPUT // 4
                dropped += cut - keep
                del buffer[keep:cut]

    @staticmethod
    def _take(buffer: bytearray, dropped: int) -> str:
        text = _without_markers(_clean(buffer, dropped))
        buffer.clear()
        return text


def _take_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _without_markers(text: str) -> str:
    """Markers of earlier lines (a drained setup line, a repeated status) are not output."""
    return _STRAY_MARKER.sub("", text)


def _clean(raw: bytes | bytearray, dropped: int) -> str:
    text = _ANSI.sub("", bytes(raw).decode("utf-8", errors="replace"))
    if dropped:
        text = text.replace("\n", f"\n[… {dropped} bytes of output left out …]\n", 1)
    return text


def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, session) of a process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2 :].split()
    return int(fields[1]), int(fields[3])


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for task in tasks:
        with contextlib.suppress(OSError):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    return found


def _descendants(root: int) -> list[int]:
    result, queue = [], [root]
    while queue:
        for child in _children(queue.pop()):
            result.append(child)
            queue.append(child)
    return result


def _session_members(session: int) -> list[int]:
    members = []
    for pid in _all_pids():
        info = _stat(pid)
        if info and info[1] == session:
            members.append(pid)
    return members


def _bash_of(nsenter_pid: int) -> int | None:
    """The page's bash, under nsenter and bwrap."""
    for _ in range(200):
        for pid in _descendants(nsenter_pid):
            with contextlib.suppress(OSError):
                if Path(f"/proc/{pid}/comm").read_text().strip() == "bash":
                    return pid
        time.sleep(0.005)
    return None
