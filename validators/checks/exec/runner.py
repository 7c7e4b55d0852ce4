"""Run every shell block of the pages, in page order, in disposable Docker daemons.

Each page gets a fresh interactive bash (see `shell.py`) in a fresh working directory (a
copy of the page's folder, where titled blocks are written as files), with a scrubbed
environment; the daemon is reset between pages (containers, networks and volumes removed,
images kept). With `jobs` > 1, each worker thread has its own daemon and takes the next
page. Every command is judged on its own, at its Markdown line:

- exec/failed: a command that should succeed exited non-zero;
- exec/expected-failure-succeeded: an intentional error that did not happen;
- exec/expected-message-mismatch: it failed, but without the stated message;
- exec/timeout: it did not finish within the timeout (interrupted; the page goes on);
- exec/needs-network (warning): it failed only because no network or registry is there;
- exec/needs-cluster, exec/needs-cloud (warnings): it needs a Kubernetes cluster or a cloud
  account (credentials, a Terraform provider), none is configured here, so it was not run
  or failed for that (see honest.py); a later failure it causes is reported the same way;
- exec/placeholder (info): the block's lines with a placeholder (`<container>`) were not run;
- exec/shell-exited: the command ended the page's shell (`exit`, `set -e`): a new one goes
  on; or, typed into a container's shell, ended that shell before its lines did;
- exec/output-mismatch: it did not print the output its comments show (check-output);
- exec/file-not-written: a titled block could not be written as a file;
- exec/sandbox-lost: the command killed the page's daemon (`pkill dockerd`, a container
  with `--pid=host`): the rest of the page is skipped, the next pages get a new sandbox.

Findings carry the command's output, trimmed.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from validators.checks.exec import honest
from validators.checks.exec.expected import missing_lines, output_diff
from validators.checks.exec.extract import Block, Command, extract_blocks
from validators.checks.exec.images import ImageService
from validators.checks.exec.results import (
    EXPECTED_FAILURE,
    FAILED,
    FILE,
    NEEDS_CLOUD,
    NEEDS_CLUSTER,
    NEEDS_HOST,
    NEEDS_NETWORK,
    NEEDS_PROJECT,
    PASSED,
    PLACEHOLDER,
    SKIPPED,
    TIMEOUT,
    BlockResult,
    CommandResult,
    PageResult,
    count,
    digest,
    worst,
)
from validators.checks.exec.sandbox import PATH, Inside, Limits, Sandbox, SandboxError
from validators.checks.exec.shell import Cancelled, PageShell, Result
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
    r"no such (?:image|container|object|volume|network)|not found|is not running"
    r"|unable to find image"
    r"|does not exist|pull access denied|no such file|cannot open|terraform init"
    r"|backend initialization required|missing required provider",
    re.IGNORECASE,
)


@dataclass
class ExecReport:
    """A run's findings, and every page's results (for the site and the results file)."""

    findings: list[Finding]
    pages: list[PageResult]
    notes: list[str] = field(default_factory=list)  # limits this host cannot enforce


def run_pages(
    pages: Sequence[Page],
    *,
    docs_dir: Path,
    timeout: float = DEFAULT_TIMEOUT,
    image_archives: Sequence[Path] = (),
    registry_mirror: str | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    jobs: int = 1,
    workdir_root: Path | None = None,
    limits: Limits | None = None,
    shared: Sequence[Path] = (),
    start_at_top: bool | None = None,
    course: Sequence[Page] = (),
) -> ExecReport:
    """Run the shell blocks of `pages` in disposable dockerds; return findings and results.

    With `jobs` > 1, that many pages run at once, each worker with its own daemon (so two
    pages may publish the same port or create the same network). Each page runs in a copy
    of its folder, or with `workdir_root` (`exec_workdir: repository`) in a copy of that
    folder (the course repository), from its top, as a student's clone. Raises SandboxError (with
    the way out) when a daemon cannot start or an image archive cannot be loaded;
    KeyboardInterrupt on Ctrl-C or SIGTERM, after tearing everything down. `limits`
    bound each sandbox (pids, memory, disk); `shared` host folders are visible read-write
    in every sandbox and page (tests use one as a barrier between parallel pages).

    The working copy holds the whole course (`workdir_root`, else `docs_dir`) when it fits,
    so that a path the lesson names relative to the page's folder or a folder above it is
    there (see `_elsewhere`); each page starts in its own folder, or at the copy's top
    with `start_at_top` (the default with `workdir_root`). `course` (all the course's
    pages, default `pages`) tells which lesson makes a folder in the reader's home.
    """
    plans: list[_Plan] = []
    findings: list[Finding] = []
    for page in pages:
        blocks, problems = extract_blocks(page)
        findings += problems
        plans.append(_Plan(page, blocks))
    runnable = [plan for plan in plans if plan.commands]
    results: dict[str, PageResult] = {
        plan.page.path: _not_run(plan) for plan in plans if not plan.commands and plan.blocks
    }
    if not runnable:
        return ExecReport(findings, [results[p.page.path] for p in plans if p.page.path in results])
    counter = _Counter(sum(plan.commands for plan in runnable), progress)
    jobs = max(1, min(jobs, len(runnable)))
    if jobs > 1:  # longest first: the last page to start is a short one
        runnable.sort(key=lambda plan: -plan.commands)
    run = _Run(runnable, docs_dir, timeout, counter, jobs, workdir_root)
    run.copy = _WorkingCopy.of(
        docs_dir, workdir_root, workdir_root is not None if start_at_top is None else start_at_top
    )
    run.makers = _home_makers(course or pages)
    run.order = {page.path: number for number, page in enumerate(course or pages)}
    run.limits = limits or Limits()
    run.shared = tuple(Path(p) for p in shared)
    workers = [
        threading.Thread(
            target=run.work,
            args=(
                ImageService(
                    image_archives=image_archives,
                    registry_mirror=registry_mirror,
                    cache_dir=cache_dir,
                ),
            ),
            name=f"course-exec-{number}",
            daemon=True,
        )
        for number in range(jobs)
    ]
    with _signals_raise_interrupt():
        try:
            for worker in workers:
                worker.start()
            # Not Thread.join(): a Ctrl-C inside it can leave the thread marked as ended.
            while not run.finished.wait(0.2):
                pass
        except BaseException:
            run.cancel.set()
            with _signals_ignored():
                while not run.finished.wait(0.2):
                    pass
            raise
    if run.error is not None:
        raise run.error
    if progress:
        progress(counter.total, counter.total, "")
    for plan in plans:
        if plan.page.path in run.results:
            findings += run.findings[plan.page.path]
            results[plan.page.path] = run.results[plan.page.path]
    pages_run = [results[p.page.path] for p in plans if p.page.path in results]
    if run.copy.shebang:  # said once, on the first page that ran
        first = next(plan.page.path for plan in plans if plan.page.path in run.results)
        findings.insert(0, _modes_finding(first, run.copy))
    return ExecReport(findings, pages_run, sorted(run.unenforced))


@dataclass
class _Plan:
    page: Page
    blocks: list[Block]

    @property
    def commands(self) -> int:
        return sum(len(block.commands) for block in self.blocks if not block.skip)


class _Run:
    """Pages handed out to workers; each worker owns one sandbox and runs pages in it."""

    def __init__(
        self,
        plans: list[_Plan],
        docs_dir: Path,
        timeout: float,
        counter: _Counter,
        jobs: int,
        workdir_root: Path | None = None,
    ) -> None:
        self.plans = list(plans)
        self.docs_dir = docs_dir
        self.workdir_root = workdir_root
        self.timeout = timeout
        self.counter = counter
        self.jobs = jobs
        self.lock = threading.Lock()
        self.cancel = threading.Event()
        self.error: BaseException | None = None
        self.running = jobs
        self.finished = threading.Event()  # every worker has torn its sandbox down
        self.findings: dict[str, list[Finding]] = {}
        self.results: dict[str, PageResult] = {}
        self.limits = Limits()
        self.shared: tuple[Path, ...] = ()
        self.unenforced: set[str] = set()
        self.copy = _WorkingCopy(Path(docs_dir), False)
        self.makers: dict[str, list[tuple[str, int]]] = {}
        self.order: dict[str, int] = {}

    def _sandbox(self, images: ImageService) -> Sandbox:
        sandbox = images.sandbox(limits=self.limits, shared=self.shared)
        sandbox.start()
        with self.lock:
            self.unenforced.update(sandbox.unenforced)
        try:
            images.attach(sandbox)
        except BaseException:
            images.close()
            sandbox.stop()
            raise
        return sandbox

    def _next(self) -> _Plan | None:
        with self.lock:
            if self.cancel.is_set() or not self.plans:
                return None
            return self.plans.pop(0)

    def work(self, images: ImageService) -> None:
        sandbox = None
        finish: Callable[[], None] | None = None  # closes the last page's shell
        try:
            plan = self._next()
            if plan is None:
                return
            sandbox = self._sandbox(images)
            while plan is not None:
                if finish is not None:
                    finish()
                    finish = None
                    if sandbox.alive():
                        with contextlib.suppress(OSError, RuntimeError):
                            sandbox.api.reset()
                if not sandbox.alive():  # a lesson killed it (reported on its page)
                    images.close()
                    sandbox.stop()
                    sandbox = None
                    sandbox = self._sandbox(images)
                found, result, finish = _run_page(
                    sandbox,
                    plan,
                    self.docs_dir,
                    self.timeout,
                    self.counter,
                    self.cancel,
                    self.copy,
                    self.makers,
                    self.order,
                )
                with self.lock:
                    self.findings[plan.page.path] = found
                    self.results[plan.page.path] = result
                plan = self._next()
        except BaseException as error:  # handed to the main thread
            with self.lock:
                if self.error is None and not isinstance(error, Cancelled):
                    self.error = error
            self.cancel.set()
        finally:
            # The daemon first: stopping it with the last page's shell still there is
            # about a second faster than the other way round.
            try:
                images.close()
                if sandbox is not None:
                    sandbox.stop()
                if finish is not None:
                    finish()
            finally:
                with self.lock:
                    self.running -= 1
                    if self.running == 0:
                        self.finished.set()


@dataclass
class _Counter:
    total: int
    progress: Progress | None
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def step(self, where: str) -> None:
        with self.lock:
            if self.progress:
                self.progress(self.done, self.total, where)
            self.done += 1


@dataclass
class _PageState:
    """What could not work here (no network, no cluster, no cloud account), so that later
    failures it causes are explained: by the names the command mentioned (an image, a
    folder it would have made) and the variables it set (`POD=$(kubectl get …)`)."""

    home: Path | None = None  # the page's home: a cluster's config, a cloud's credentials
    current: Command | None = None  # the command running now
    lost: bool = False  # the sandbox died: the rest of the page is not run
    names: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (rule, line)
    variables: dict[str, tuple[str, int]] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)  # names earlier commands used
    top: Path | None = None  # the working copy's top, inside the sandbox
    folder: Path | None = None  # the page's folder in the working copy
    page: str = ""  # the page's path (for the lessons that make a folder in the home)
    makers: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    astray: tuple[str, int] | None = None  # a `cd` that could not work here: (rule, line)
    order: dict[str, int] = field(default_factory=dict)  # the course's pages, in page order
    ran_in: Path | None = None  # where the last command ran again (`_elsewhere`)
    scripted: dict[str, int] = field(default_factory=dict)  # made by a lab script: line

    def remember(self, command: Command, rule: str = "exec/needs-network") -> None:
        ports = _PUBLISHED.findall(command.text) + _FORWARDED.findall(command.text)
        names = _names(command.text) | {f"port:{p}" for p in ports}
        if _COMPOSE.search(command.text):
            names.add(_COMPOSE_PROJECT)
        for name in names:
            self.names.setdefault(name, (rule, command.line))
        for name in honest.assigned(command.text):
            self.variables[name] = (rule, command.line)


def _run_page(
    sandbox: Sandbox,
    plan: _Plan,
    docs_dir: Path,
    timeout: float,
    counter: _Counter,
    cancel: threading.Event,
    copy: _WorkingCopy | None = None,
    makers: dict[str, list[tuple[str, int]]] | None = None,
    order: dict[str, int] | None = None,
) -> tuple[list[Finding], PageResult, Callable[[], None]]:
    """Run one page in its own shell; returns its findings and results, and a function
    that closes the shell and removes the page's working directory."""
    page = plan.page
    begin = time.monotonic()
    ran_at = _now()
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", page.path)[:60]
    workdir = sandbox.disk / "pages" / f"{secrets.token_hex(8)}-{slug}" / "work"
    home = workdir.parent / "home"
    copy = copy or _WorkingCopy(Path(docs_dir), False)
    start, folder = _prepare_workdir(sandbox, docs_dir, page, workdir, copy)
    shell = PageShell(sandbox, workdir, home, start)
    shell.cancel = cancel
    findings: list[Finding] = []
    results: list[BlockResult] = []
    state = _PageState(home=sandbox.outside(home), top=workdir, folder=folder, page=page.path)
    state.makers, state.order = makers or {}, order or {}

    def finish() -> None:
        shell.close()
        if sandbox.alive():
            sandbox.inside.rmtree(workdir.parent)

    try:
        shell.start()
        for block in plan.blocks:
            if state.lost:
                results.append(_unrun_block(block, lost=True))
                continue
            if block.file is not None or block.skip:
                if block.file is not None:
                    where = _shell_folder(shell, workdir.parent) if block.script else None
                    findings += _write_file(page, block, where or start, sandbox.inside)
                results.append(_unrun_block(block))
                continue
            try:
                found, commands = _run_block(shell, page, block, timeout, counter, state)
            except Exception:
                if sandbox.alive():
                    raise
                # It died between two commands, or while one was being set up.
                findings.append(_lost(page, state.current or block.commands[0], ""))
                state.lost = True
                results.append(_unrun_block(block, lost=True))
                continue
            findings += found
            results.append(_block_result(block, worst(c.verdict for c in commands), commands))
    except BaseException:
        finish()
        raise
    result = PageResult(
        path=page.path,
        sha256=digest(page.text),
        ran_at=ran_at,
        seconds=round(time.monotonic() - begin, 2),
        blocks=tuple(results),
        counts=count(results),
    )
    return findings, result, finish


def _run_block(
    shell: PageShell,
    page: Page,
    block: Block,
    default_timeout: float,
    counter: _Counter,
    state: _PageState,
) -> tuple[list[Finding], tuple[CommandResult, ...]]:
    timeout = block.timeout or default_timeout
    findings: list[Finding] = []
    results: list[CommandResult] = []
    templates: list[tuple[Command, str]] = []
    for command in block.commands:
        counter.step(f"{page.path}:{command.line}")
        if state.lost:
            results.append(CommandResult(command.line, SKIPPED))
            continue
        state.current = command
        if command.inside is not None and not shell.inner_open:
            # The container's shell did not open, or is gone (already reported).
            results.append(CommandResult(command.line, SKIPPED))
            continue
        mark = honest.placeholder(command.text)
        if mark is not None:  # `docker logs <container>`: for the reader to fill in
            templates.append((command, mark))
            results.append(CommandResult(command.line, PLACEHOLDER, 0.0, "exec/placeholder"))
            continue
        if honest.interactive(command.text):  # `vim Dockerfile`: for the reader's keyboard
            finding = _for_the_reader(page, command, state)
            findings.append(finding)
            results.append(CommandResult(command.line, NEEDS_HOST, 0.0, finding.rule))
            continue
        if honest.fork_bomb(command.text):  # `:(){ :|:& };:` would fill the pids limit
            finding = _fork_bomb(page, command)
            findings.append(finding)
            results.append(CommandResult(command.line, FAILED, 0.0, finding.rule))
            continue
        need = honest.needs(command.text, state.home)
        if need is not None:  # `kubectl get pods` with no cluster: not run
            finding = _unrunnable(page, command, need, state)
            findings.append(finding)
            results.append(
                CommandResult(command.line, verdict_of(command, finding), 0.0, finding.rule)
            )
            continue
        state.ran_in = None
        if command.inside is not None and command.exits:
            result = shell.close_inner(command.text, timeout)
        elif command.inside is not None:
            result = shell.run_inner(command.text, timeout)
        elif command.opens_shell:
            result = shell.open_inner(command.text, timeout)
        elif honest.streams(command.text):  # `docker logs -f`: a few seconds, then Ctrl-C
            result = shell.run(command.text, min(timeout, STREAM_SECONDS))
        else:
            result = shell.run(command.text, timeout)
            moved = _elsewhere(shell, command, result, state)
            if moved is not None:  # `./lab_scripts/x.sh` after the page `cd`'d away
                note, result = moved
                findings.append(note)
        finding = judge(page, command, result, timeout, state)
        script = _script_body(shell, command, state) if command.inside is None else None
        if script is not None:
            lines = _commands_of(script)
            for line in lines:
                if _CREATES.search(line):
                    for name in _names(line):
                        state.scripted.setdefault(name, command.line)
        if script is not None and finding is not None:
            if finding.rule in ("exec/failed", "exec/timeout"):
                finding = _script_needs(page, command, result, state, script) or finding
            if finding.rule in _VERDICTS and finding.severity is Severity.WARNING:
                for line in lines:  # what it would have made: `mysql-wordpress`
                    for name in _names(line):
                        state.names.setdefault(name, (finding.rule, command.line))
        if finding is not None and finding.rule == "exec/failed":
            state.remember(command, "exec/failed")  # what follows from it is not a new error
        state.mentioned |= _names(_without_heredocs(command.text))
        if _is_cd(command.text):  # where the page's next commands run
            if finding is not None and finding.severity is Severity.WARNING:
                state.astray = (finding.rule, command.line)
            elif finding is None and _CD_AWAY.search(command.text):
                state.astray = None  # `cd ~/lab`, `cd /srv/app`: a known place again
        if not shell.sandbox.alive():  # `kill` of the daemon: this page ends here
            finding = _lost(page, command, result.output)
            state.lost = True
        if finding:
            findings.append(finding)
        verdict = verdict_of(command, finding)
        results.append(
            CommandResult(
                command.line, verdict, round(result.seconds, 3), finding.rule if finding else None
            )
        )
    if shell.inner_open and not state.lost:  # the block ends in the container's shell: leave it
        shell.close_inner("exit", min(timeout, 10.0))
    if templates:
        findings.append(_placeholder_finding(page, templates))
    return findings, tuple(results)


def _placeholder_finding(page: Page, templates: list[tuple[Command, str]]) -> Finding:
    """One note per block for its template lines (command, placeholder) left unrun."""
    first, mark = templates[0]
    return Finding.of(
        page.path,
        first.line,
        "exec/placeholder",
        Severity.INFO,
        None,
        "exec/placeholder.hint",
        count=len(templates),
        placeholder=mark,
        command=first.summary,
    )


# kind -> (its rule, the message of a command run that failed for it, of a later failure
# it caused, and the hint)
_HONEST = {
    honest.CLUSTER: (
        "exec/needs-cluster",
        "exec/needs-cluster.output",
        "exec/needs-cluster.after",
        "exec/needs-cluster.hint",
    ),
    honest.CLOUD: (
        "exec/needs-cloud",
        "exec/needs-cloud.output",
        "exec/needs-cloud.after",
        "exec/needs-cloud.hint",
    ),
    honest.PROJECT: (
        "exec/needs-project",
        "exec/needs-project",
        "exec/needs-project.after",
        "exec/needs-project.hint",
    ),
    honest.HOST: (
        "exec/needs-host",
        "exec/needs-host.tool",
        "exec/needs-host.after",
        "exec/needs-host.hint",
    ),
}
_BY_RULE = {entry[0]: entry for entry in _HONEST.values()}
_VERDICTS = {
    "exec/timeout": TIMEOUT,
    "exec/needs-network": NEEDS_NETWORK,
    "exec/needs-cluster": NEEDS_CLUSTER,
    "exec/needs-cloud": NEEDS_CLOUD,
    "exec/needs-project": NEEDS_PROJECT,
    "exec/needs-host": NEEDS_HOST,
    "exec/placeholder": PLACEHOLDER,
    "exec/streamed": PASSED,
    "exec/alternative": PASSED,
    "exec/after-error": FAILED,
}
# How long a command that runs until stopped (`docker logs -f`) runs before it is stopped.
STREAM_SECONDS = 3.0


def _unrunnable(page: Page, command: Command, need: tuple[str, str], state: _PageState) -> Finding:
    """The warning for a command left unrun: it needs a cluster or a cloud account."""
    kind, tool = need
    rule, _, _, hint = _HONEST[kind]
    state.remember(command, rule)
    return Finding.of(
        page.path,
        command.line,
        rule,
        Severity.WARNING,
        None,
        hint,
        command=command.summary,
        tool=tool,
    )


def _for_the_reader(page: Page, command: Command, state: _PageState) -> Finding:
    """The warning for an editor or pager left unrun: it waits for a person."""
    state.remember(command, "exec/needs-host")
    return Finding.of(
        page.path,
        command.line,
        "exec/needs-host",
        Severity.WARNING,
        "exec/needs-host.input",
        "exec/needs-host.hint",
        command=command.summary,
        output="",
    )


def verdict_of(command: Command, finding: Finding | None) -> str:
    """A command's verdict from its finding (or from its expectation, without one)."""
    if finding is None:
        return EXPECTED_FAILURE if command.expect is not None else PASSED
    return _VERDICTS.get(finding.rule, FAILED)


def _block_result(block: Block, verdict: str, commands: tuple[CommandResult, ...]) -> BlockResult:
    return BlockResult(
        index=block.index,
        line=block.fence.line,
        sha256=digest(block.fence.content),
        verdict=verdict,
        commands=commands,
        file=block.file,
    )


def _lost(page: Page, command: Command, output: str) -> Finding:
    """The page's sandbox died under this command (a lesson can kill the daemon)."""
    return Finding.of(
        page.path,
        command.line,
        "exec/sandbox-lost",
        Severity.ERROR,
        None,
        "exec/sandbox-lost.hint",
        command=command.summary,
        output=_excerpt(output),
    )


def _unrun_block(block: Block, lost: bool = False) -> BlockResult:
    """The result of a block that is not run: a file, or skipped with all its commands."""
    if block.file is not None and not lost:
        return _block_result(block, FILE, ())
    skipped = tuple(CommandResult(command.line, SKIPPED) for command in block.commands)
    return _block_result(block, SKIPPED, skipped)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _not_run(plan: _Plan) -> PageResult:
    """A page whose blocks are all files or skipped: nothing to run, results all the same."""
    blocks = [_unrun_block(block) for block in plan.blocks]
    return PageResult(
        path=plan.page.path,
        sha256=digest(plan.page.text),
        ran_at=_now(),
        seconds=0.0,
        blocks=tuple(blocks),
        counts=count(blocks),
    )


def _pwd(shell: PageShell) -> Path | None:
    """The page's shell's current folder (None when the sandbox is gone)."""
    here = shell.run("pwd", 10.0).output.strip().splitlines() if shell.sandbox.alive() else []
    return Path(here[-1]) if here else None


def _shell_folder(shell: PageShell, within: Path) -> Path | None:
    """The page's shell's current folder, if it is within `within` (the page's copy and
    home)."""
    folder = _pwd(shell)
    return folder if folder is not None and folder.is_relative_to(within) else None


def _write_file(
    page: Page, block: Block, workdir: Path, inside: Inside | None = None
) -> list[Finding]:
    """Write a file block into the working directory, as a student saves it (into the
    sandbox through `inside`; without it, on the host)."""
    assert block.file is not None
    target = Path(os.path.normpath(workdir / block.file))
    try:
        inside = inside or Inside()
        if target.is_relative_to(workdir) and inside.resolves_within(target.parent, workdir):
            inside.mkdir(target.parent)
            inside.write(target, block.fence.content.encode())
            return []
        key, args = "exec/file-not-written.outside", {}
    except OSError as error:
        key, args = "exec/file-not-written", {"error": str(error)}
    return [
        Finding.of(
            page.path,
            block.fence.line,
            "exec/file-not-written",
            Severity.ERROR,
            key,
            "exec/file-not-written.hint",
            title=repr(block.file),
            file=block.file,
            **args,
        )
    ]


@dataclass
class _WorkingCopy:
    """What each page's working directory is a copy of (the course's folder: `docs_dir`,
    or the repository with `exec_workdir: repository`), where the page starts, and the
    modes its files get: git's when the course is a git checkout; when the folder has no
    executable file at all (a copy handed over without its modes), scripts starting with
    `#!` are made executable (`shebang` of them), which the run says once."""

    source: Path
    at_top: bool
    git: bool = False  # the course repository's files are copied (its history is not)
    executable: frozenset[Path] = frozenset()
    tracked: frozenset[Path] = frozenset()
    shebang: int = 0
    _fits: bool | None = None

    @classmethod
    def of(cls, docs_dir: Path, root: Path | None, at_top: bool) -> _WorkingCopy:
        source = Path(root if root is not None else docs_dir).resolve()
        copy = cls(source, at_top, root is not None)
        ignore = _ignored(source) if root is not None else _nothing
        modes = _git_modes(source)
        if modes is not None:
            copy.tracked = frozenset(modes)
            copy.executable = frozenset(path for path, mode in modes.items() if mode)
            return copy
        scripts, any_executable = [], False
        for top, folders, files in os.walk(source):
            left_out = ignore(top, folders)
            folders[:] = [name for name in folders if name not in left_out]
            for name in files:
                path = Path(top) / name
                with contextlib.suppress(OSError):
                    if path.is_symlink() or not path.is_file():
                        continue
                    if path.stat().st_mode & 0o111:
                        any_executable = True
                        break
                    with path.open("rb") as handle:
                        if handle.read(2) == b"#!":
                            scripts.append(path)
            if any_executable:
                break
        if scripts and not any_executable:
            copy.executable = frozenset(scripts)
            copy.shebang = len(scripts)
        return copy

    def ignore(self, folder: str, names: list[str]) -> set[str]:
        """What the copy leaves out of `folder`: pictures and videos, and with a repository
        `.git` and the top's virtual environments, `node_modules`, site and cache."""
        left_out = {name for name in names if Path(name).suffix.lower() in _MEDIA}
        if self.git:
            left_out |= _ignored(self.source)(folder, names)
        return left_out

    def fits(self) -> bool:
        """Whether the course fits in a page's working copy (measured once)."""
        if self._fits is None:
            self._fits = self.source.is_dir() and _size(self.source, self.ignore) <= _WORKDIR_LIMIT
        return self._fits

    def mode(self, path: Path, bits: int) -> int:
        """The copy's mode of `path`: writable by its owner, as a reader's clone is."""
        if path.is_dir():
            return bits | 0o700
        if path in self.tracked:
            return 0o755 if path in self.executable else 0o644
        return bits | 0o600 | (0o111 if path in self.executable else 0)


def _modes_finding(path: str, copy: _WorkingCopy) -> Finding:
    """The note that scripts got their executable bit from their `#!` line."""
    return Finding.of(
        path,
        1,
        "exec/modes",
        Severity.INFO,
        None,
        "exec/modes.hint",
        folder=str(copy.source),
        count=copy.shebang,
    )


def _git_modes(folder: Path) -> dict[Path, bool] | None:
    """Whether each file git tracks under `folder` is executable (git's mode 100755), or
    None when `folder` is not in a git checkout (or git is not there)."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-s", "-z", "--full-name", "."],
            capture_output=True,
            timeout=30,
            check=True,
        )
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    root = Path(top.stdout.strip()).resolve()
    modes = {}
    for entry in listed.stdout.decode("utf-8", "surrogateescape").split("\0"):
        info, _, name = entry.partition("\t")
        if name:
            modes[root / name] = info.startswith("100755")
    return modes or None


def _prepare_workdir(
    sandbox: Sandbox, docs_dir: Path, page: Page, workdir: Path, copy: _WorkingCopy
) -> tuple[Path, Path]:
    """A copy of the course (`copy.source`: the course's folder, or the repository without
    `.git` and, at its top, virtual environments, `node_modules`, the built site and the
    cache), as a student's clone without its pictures and videos (the bulk of a course, and
    no lesson's command needs them); when it is bigger than 50 MB, only the page's folder
    (none with `exec_workdir: repository`). Returns where the page starts and the page's
    folder in the copy. Symbolic links stay links."""
    source = copy.source
    page_folder = (Path(docs_dir).resolve() / page.path).parent
    relative = page_folder.relative_to(source) if page_folder.is_relative_to(source) else None
    folder = workdir / relative if relative is not None else workdir
    fits = copy.fits()
    if fits:
        sandbox.inside.copytree(source, workdir, ignore=copy.ignore, mode=copy.mode)
    else:
        sandbox.inside.mkdir(workdir)
    # the page outside the copy, or the course too big: only the page's folder
    if not copy.at_top and (
        relative is None
        or not fits
        and page_folder.is_dir()
        and _size(page_folder) <= _WORKDIR_LIMIT
    ):
        sandbox.inside.copytree(page_folder, folder, mode=copy.mode)
    return (workdir if copy.at_top else folder), folder


# Pictures and videos: left out of the working copy.
_MEDIA = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".mp4", ".mov",
                    ".webm", ".pdf"})  # fmt: skip
# Not part of a student's clone (and often the bulk of a repository's folder).
_TOP_IGNORED = frozenset({".venv", "venv", "node_modules", "site", ".cache"})


def _ignored(top: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        at_top = Path(folder) == top
        return {n for n in names if n == ".git" or at_top and n in _TOP_IGNORED}

    return ignore


def _nothing(folder: str, names: list[str]) -> set[str]:
    return set()


def _size(folder: Path, ignore: Callable[[str, list[str]], set[str]] = _nothing) -> int:
    total = 0
    for top, folders, files in os.walk(folder):
        left_out = ignore(top, folders + files)
        folders[:] = [name for name in folders if name not in left_out]
        for name in files:
            if name in left_out:
                continue
            path = Path(top) / name
            with contextlib.suppress(OSError):
                if not path.is_symlink():
                    total += path.stat().st_size
            if total > _WORKDIR_LIMIT:
                return total
    return total


def repository_root(docs_dir: Path, config_file: Path) -> Path:
    """The working directory's source for `exec_workdir: repository`: the git repository
    holding docs_dir (the folder with `.git`), else the folder of mkdocs.yml."""
    for folder in (Path(docs_dir).resolve(), *Path(docs_dir).resolve().parents):
        if (folder / ".git").exists():
            return folder
    return Path(config_file).resolve().parent


# --- judging -----------------------------------------------------------------------------


def judge(
    page: Page, command: Command, result: Result, timeout: float, state: _PageState | None = None
) -> Finding | None:
    """The finding for one command's result, or None when it did what the page says."""
    state = state if state is not None else _PageState()
    expect = command.expect

    def finding(rule: str, severity: Severity, key: str | None, hint: str, **args) -> Finding:
        return Finding.of(
            page.path,
            command.line,
            rule,
            severity,
            key,
            hint,
            command=command.summary,
            output=_excerpt(result.output),
            **args,
        )

    if result.timed_out and not result.shell_lost and honest.streams(command.text):
        return finding(
            "exec/streamed", Severity.INFO, None, None, timeout=min(timeout, STREAM_SECONDS)
        )
    if result.timed_out and not result.shell_lost and expect is None and honest.asks(result.output):
        state.remember(command, "exec/needs-host")
        return finding(
            "exec/needs-host", Severity.WARNING, "exec/needs-host.input", "exec/needs-host.hint"
        )
    if result.timed_out and not result.shell_lost and _SERVICE.search(command.text):
        if _NO_IMAGE.search(result.output):  # `docker service create` waits for its tasks
            found = _cause(command, result.output, state) or ("exec/needs-network", 0)
            state.remember(command, found[0])
            if found[1] == 0:
                return finding(
                    "exec/needs-network",
                    Severity.WARNING,
                    "exec/needs-network.service",
                    "exec/needs-network.hint",
                )
            _, _, key, hint = _BY_RULE.get(found[0], _NETWORK_AFTER)
            return finding(found[0], Severity.WARNING, key, hint, cause=found[1])
    if result.timed_out and not result.shell_lost and _PULL.search(result.output):
        state.remember(command)  # `docker run` waiting on a registry it cannot reach
        return finding("exec/needs-network", Severity.WARNING, None, "exec/needs-network.hint")
    if result.timed_out:
        if result.shell_lost:
            key = "exec/timeout.shell-lost"
        elif result.inner_ended:
            key = "exec/timeout.inner-ended"
        else:
            key = "exec/timeout"
        return finding("exec/timeout", Severity.ERROR, key, "exec/timeout.hint", timeout=timeout)
    if result.status != 0 and "[the shell exited]" in result.output:
        return finding(
            "exec/shell-exited",
            Severity.ERROR,
            None,
            "exec/shell-exited.hint",
            status=result.status,
        )
    if result.inner_ended and not command.exits:
        return finding(
            "exec/shell-exited",
            Severity.ERROR,
            "exec/shell-exited.inner",
            "exec/shell-exited.inner.hint",
            inside=command.inside or 0,
        )
    kind = honest.needs_by_output(result.output) if result.status != 0 else None
    unexplained = kind is None and result.status != 0 and expect is None
    maker = _home_maker(command, result.output, state) if unexplained else None
    if maker is not None:  # `cd ~/docker-network-lab`, made by an earlier lesson
        state.remember(command, "exec/needs-project")
        lesson, line = maker
        return finding(
            "exec/needs-project",
            Severity.WARNING,
            "exec/needs-project.earlier",
            "exec/needs-project.earlier.hint",
            folder=_home_word(command.text) or "",
            lesson=lesson,
            where=line,
        )
    port = _node_port(command, result.output, state) if unexplained else None
    if port is not None:  # `curl localhost:30080`: a Service's NodePort, on a cluster's node
        state.remember(command, "exec/needs-cluster")
        return finding(
            "exec/needs-cluster",
            Severity.WARNING,
            "exec/needs-cluster.nodeport",
            "exec/needs-cluster.hint",
            port=port,
        )
    other = _other_lessons(command, result.output, state) if unexplained else None
    if other is not None:  # `docker network rm frontend-net`: made by another lesson
        state.remember(command, "exec/needs-project")
        return finding(
            "exec/needs-project",
            Severity.WARNING,
            f"exec/needs-project.{other[0]}",
            "exec/needs-project.hint",
            name=other[1],
        )
    made = _made_by_script(result.output, state) if result.status != 0 else None
    if made is not None:  # the page's script made it, and the manual steps make it again
        return finding(
            "exec/alternative",
            Severity.INFO,
            None,
            "exec/alternative.hint",
            name=made[0],
            cause=made[1],
        )
    if unexplained and _made_elsewhere(command, result.output, state):
        kind = honest.PROJECT
    elif unexplained and honest.installs_packages(command.text):  # from the mirrors
        state.remember(command)
        return finding(
            "exec/needs-network",
            Severity.WARNING,
            "exec/needs-network.packages",
            "exec/needs-network.packages.hint",
        )
    elif unexplained:
        program = honest.missing_program(result.output, _installed())
        program = program or honest.missing_plugin(result.output)
        if program is not None or honest.host_by_output(result.output):
            state.remember(command, "exec/needs-host")
            key = "exec/needs-host.tool" if program else None
            return finding(
                "exec/needs-host", Severity.WARNING, key, "exec/needs-host.hint", tool=program or ""
            )
    if kind is not None:  # run anyway (a script calling kubectl): no cluster answered
        rule, key, _, hint = _HONEST[kind]
        state.remember(command, rule)
        return finding(rule, Severity.WARNING, key, hint)
    if result.status != 0 and needs_network(result.output):
        state.remember(command)
        return finding("exec/needs-network", Severity.WARNING, None, "exec/needs-network.hint")
    found = _cause(command, result.output, state, result.status) if result.status != 0 else None
    if found is not None and found[0] == "exec/failed":  # `docker stats app` after its run failed
        return finding(
            "exec/after-error", Severity.INFO, None, "exec/after-error.hint", cause=found[1]
        )
    if found is not None:
        rule, cause = found
        state.remember(command, rule)
        if rule == "exec/needs-network":
            return finding(
                rule,
                Severity.WARNING,
                "exec/needs-network.after",
                "exec/needs-network.after.hint",
                cause=cause,
            )
        _, _, key, hint = _BY_RULE[rule]
        return finding(rule, Severity.WARNING, key, hint, cause=cause)
    if expect is None:
        if result.status == 0:
            return _output_finding(page, command, result)
        if honest.probes(command.text) and (
            not result.output.strip() or _USAGE.search(result.output)
        ):
            return finding(  # `lsof -i :8080`, `pkill -f monitor.sh`: nothing of it here
                "exec/needs-host",
                Severity.WARNING,
                "exec/needs-host.probe",
                "exec/needs-host.probe.hint",
            )
        return finding(
            "exec/failed", Severity.ERROR, None, "exec/failed.hint", status=result.status
        )
    if result.status == 0:
        if expect.message:
            return finding(
                "exec/expected-failure-succeeded",
                Severity.ERROR,
                "exec/expected-failure-succeeded.message",
                "exec/expected-failure-succeeded.hint",
                expected=repr(expect.message),
            )
        return finding(
            "exec/expected-failure-succeeded",
            Severity.ERROR,
            None,
            "exec/expected-failure-succeeded.hint",
        )
    if expect.message and not message_matches(expect.message, result.output):
        return finding(
            "exec/expected-message-mismatch",
            Severity.ERROR,
            None,
            "exec/expected-message-mismatch.hint",
            status=result.status,
            expected=repr(expect.message),
        )
    return None


def _output_finding(page: Page, command: Command, result: Result) -> Finding | None:
    """A mismatch between the output shown in comments under a command and its output."""
    missing = missing_lines(command.output, result.output) if command.output else []
    if not missing:
        return None
    shown = ", ".join(repr(line) for line in missing[:3]) + (" …" if len(missing) > 3 else "")
    diff = "\n".join(
        f"  | {line}" for line in output_diff(command.output, result.output).split("\n")
    )
    return Finding.of(
        page.path,
        command.line,
        "exec/output-mismatch",
        Severity.ERROR,
        hint="exec/output-mismatch.hint",
        command=command.summary,
        missing=shown,
        diff=diff,
    )


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


@functools.cache
def _installed() -> frozenset[str]:
    """The programs on the sandbox's PATH (the host's system folders, read-only)."""
    names: set[str] = set()
    for folder in PATH.split(":"):
        with contextlib.suppress(OSError):
            names.update(os.listdir(folder))
    return frozenset(names)


def _made_elsewhere(command: Command, output: str, state: _PageState) -> bool:
    """Whether a failure says its Compose project is not here, or names a container that
    no earlier command of the page mentions (made in another lesson; a name close to one
    the page made, `webb` after `web`, is a typo: the lesson's error)."""
    if honest.project_by_output(output) or honest.project_by_command(command.text, output):
        return True
    container = honest.missing_container(output)
    if container is None or container in state.mentioned:
        return False
    return not honest.near_miss(container, state.mentioned, 0.75)


def _other_lessons(command: Command, output: str, state: _PageState) -> tuple[str, str] | None:
    """The network, volume or image a failure says does not exist, when no earlier command
    of the page names it (another lesson made it; `webb` after `web` is a typo) and it is
    not a Compose project's (`app_default` after a `docker compose up` that failed)."""
    missing = honest.missing_object(output)
    if missing is None:
        return None
    name = missing[1]
    names = state.mentioned | set(state.names) | set(state.scripted)
    if name in names or name.split(":")[0] in names:
        return None
    if "_" in name and _COMPOSE_PROJECT in state.names:
        return None
    if honest.near_miss(name, state.mentioned, 0.75):
        return None
    return missing


_EXISTS = re.compile(
    r"(?:network|volume) with name (?P<a>[\w.-]+) already exists"
    r"|container name \"/(?P<b>[\w.-]+)\" is already in use"
    r"|volume (?P<c>[\w.-]+) already exists",
    re.IGNORECASE,
)


def _made_by_script(output: str, state: _PageState) -> tuple[str, int] | None:
    """(name, line) when a failure says a network, volume or container exists already and
    a script the page ran before made it (the lesson offers the script or the manual
    steps: a reader takes one)."""
    found = _EXISTS.search(output)
    if found is None:
        return None
    name = found.group("a") or found.group("b") or found.group("c")
    return (name, state.scripted[name]) if name in state.scripted else None


def needs_network(output: str) -> bool:
    """Whether a failure's output says that a host outside the sandbox was unreachable."""
    return bool(_NETWORK_ERROR.search(output) and _OUTSIDE_HOST.search(output))


_CURL = re.compile(r"\s*(?:sudo\s+)?curl\b")


def _cause(
    command: Command, output: str, state: _PageState, status: int = 1
) -> tuple[str, int] | None:
    """The rule and line of the earlier command that could not work here (no network, no
    cluster, no cloud account) that this failure comes from: a variable it set, or a
    missing image, container, file or folder it would have made; None if there is none."""
    used = {name for name in state.variables if honest.uses(command.text, {name})}
    causes = [state.variables[name] for name in used]
    if _MISSING.search(output):
        causes += [cause for name, cause in state.names.items() if _named(name, output)]
    # what it works on: `docker images | grep my-app` (silent) after `docker build -t
    # my-app` could not pull its base image; `docker-compose exec` after `docker-compose
    # up`; `curl localhost:3000` refused after `docker run -p 3000:3000` could not start
    words: set[str] = set()
    if not output.strip():  # a silent failure (`grep` found nothing): what it looked for
        words |= _names(command.text)
    refused = _REFUSED.search(output) or (_CURL.match(command.text) and status == 7)
    if not output.strip() or refused:
        words |= _ports(command.text + "\n" + output)
    if _COMPOSE.search(command.text):
        words.add(_COMPOSE_PROJECT)
    missing = honest.missing_object(output)
    if missing is not None and "_" in missing[1] or refused:
        words.add(_COMPOSE_PROJECT)  # `app_default`, `localhost:80`: what `up` would start
    if _NO_FILE.search(output):  # `docker exec -i db mysql < backup.sql`: db's project
        words |= _names(command.text)
    causes += [state.names[word] for word in words if word in state.names]
    if state.astray is not None and _NO_FILE.search(output):  # not where the lesson went
        causes.append(state.astray)
    if not causes:
        return None
    return max(causes, key=lambda cause: cause[1])


# --- where the lesson expects its commands to run ------------------------------------------

_USAGE = re.compile(r"^\S+: usage: ", re.MULTILINE)  # `kill` given nothing to kill
_NO_FILE = re.compile(
    r"no such file or directory|cannot access|cannot stat|can't cd|can't open", re.IGNORECASE
)
_CD = re.compile(r"(?:^|[;&|({]\s*)cd(?:\s|$)")
_GLOB = re.compile(r"[*?\[]")


_CD_AWAY = re.compile(r"(?:^|[;&|({]\s*)cd\s+(?:/|~|\$HOME|\$\{HOME\}|\"\$HOME)")
_SCRIPT = re.compile(r"^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:(?:ba)?sh\s+)?(\.{0,2}/?[\w./-]+\.sh)\b")


def _commands_of(script: str) -> list[str]:
    """A script's lines that work on containers, images or a cluster."""
    lines = script.replace("\\\n", " ").splitlines()  # `docker network create \` …
    return [line for line in lines if _TOOLS.search(line) and "echo" not in line]


_EXEC_INTO = re.compile(r"\bdocker\s+exec\s+(?:-\w+\s+)*([\w][\w.-]+)")
_TOOLS = re.compile(r"\b(?:docker|docker-compose|kubectl|helm)\b")
_CREATES = re.compile(r"\b(?:create|run|build)\b")


def _script_body(shell: PageShell, command: Command, state: _PageState) -> str | None:
    """The text of the lab script the command runs (`./lab_scripts/x.sh`, `chmod +x x.sh
    && ./x.sh`), if any."""
    found = next(
        (m for part in re.split(r"&&|\|\||;", command.text) if (m := _SCRIPT.match(part))), None
    )
    if found is None or not shell.sandbox.alive():
        return None
    folder = state.ran_in or _pwd(shell)
    if folder is None:
        return None
    try:
        return shell.sandbox.inside.read(folder / found.group(1)).decode("utf-8", "replace")
    except OSError:
        return None


def _script_needs(
    page: Page, command: Command, result: Result, state: _PageState, body: str
) -> Finding | None:
    """A lab script that failed or did not finish, for what it needed: a cluster or a cloud
    account (it calls kubectl and checked for a cluster itself), packages or images from
    the network, or what an earlier command could not make (a container it uses)."""
    lines = [line for line in body.splitlines() if not line.lstrip().startswith(("#", "echo"))]
    for line in lines:
        need = honest.needs(line, state.home)
        if need is not None:
            state.remember(command, _HONEST[need[0]][0])
            return _script_finding(page, command, need, result.output)
    if any(honest.installs_packages(line) for line in lines) or _PULL.search(result.output):
        state.remember(command)
        return _script_finding(page, command, ("network", ""), result.output)
    known = state.mentioned | set(state.names) | set(state.scripted)
    for line in _commands_of(body):
        found = _EXEC_INTO.search(line)
        if found and found.group(1) not in known and "$" not in found.group(1):
            state.remember(command, "exec/needs-project")  # made by another lesson
            return Finding.of(
                page.path,
                command.line,
                "exec/needs-project",
                Severity.WARNING,
                "exec/needs-project.script",
                "exec/needs-project.hint",
                command=command.summary,
                name=found.group(1),
                output=_excerpt(result.output),
            )
    used = "\n".join(_commands_of(body))
    causes = [cause for name, cause in state.names.items() if _named(name, used)]
    if causes:
        rule, cause = max(causes, key=lambda cause: cause[1])
        if rule == "exec/failed":
            return Finding.of(
                page.path,
                command.line,
                "exec/after-error",
                Severity.INFO,
                None,
                "exec/after-error.hint",
                command=command.summary,
                cause=cause,
                output=_excerpt(result.output),
            )
        _, _, key, hint = _BY_RULE.get(rule, _NETWORK_AFTER)
        state.remember(command, rule)
        return Finding.of(
            page.path,
            command.line,
            rule,
            Severity.WARNING,
            key,
            hint,
            command=command.summary,
            cause=cause,
            output=_excerpt(result.output),
        )
    return None


def _script_finding(page: Page, command: Command, need: tuple[str, str], output: str) -> Finding:
    if need[0] == "network":  # packages or images from the network
        return Finding.of(
            page.path,
            command.line,
            "exec/needs-network",
            Severity.WARNING,
            "exec/needs-network.script",
            "exec/needs-network.hint",
            command=command.summary,
            output=_excerpt(output),
        )
    rule, _, _, hint = _HONEST[need[0]]
    return Finding.of(
        page.path,
        command.line,
        rule,
        Severity.WARNING,
        f"{rule}.script",
        hint,
        command=command.summary,
        tool=need[1],
        output=_excerpt(output),
    )


def _workdir_note(path: str, command: Command, file: str, folder: str, was: str) -> Finding:
    """The note for a command run again from the folder where the path it names is."""
    return Finding.of(
        path,
        command.line,
        "exec/workdir",
        Severity.INFO,
        None,
        "exec/workdir.hint",
        command=command.summary,
        file=file,
        folder=folder,
        was=was,
    )


def _fork_bomb(page: Page, command: Command) -> Finding:
    return Finding.of(
        page.path,
        command.line,
        "exec/fork-bomb",
        Severity.ERROR,
        None,
        "exec/fork-bomb.hint",
        command=command.summary,
    )


def _is_cd(text: str) -> bool:
    return bool(_CD.search(text))


def _elsewhere(
    shell: PageShell, command: Command, result: Result, state: _PageState
) -> tuple[Finding, Result] | None:
    """A command that failed because a relative path it names is not where it ran (the
    page `cd`'d away, or a `lab_scripts/README.md` written for the day's folder), while
    the path is in the page's folder or a folder above it in the course's copy (up to the
    repository's top: `cd theory/week_03/...`): it runs again from there, the folder the
    lesson expects, with a note. Returns the note and the new result, or None."""
    if (
        result.status == 0
        or not shell.sandbox.alive()
        or result.timed_out
        or result.shell_lost
        or command.expect is not None
        or state.top is None
        or state.folder is None
        or not _NO_FILE.search(result.output)
    ):
        return None
    paths = _relative_paths(command.text, result.output)
    if not paths:
        return None
    inside = shell.sandbox.inside
    folders = [state.folder, *state.folder.parents]
    folders = folders[: folders.index(state.top) + 1] if state.top in folders else folders[:1]
    where = _pwd(shell)
    for folder in folders:
        if folder == where:
            continue
        for path in paths:
            prefix = Path(*[p for p in Path(path).parts[: _first_glob(path)]])
            if str(prefix) in ("", ".") or not inside.exists(folder / prefix):
                continue
            if shell.run(f"cd -- {shlex.quote(str(folder))}", 10.0).status != 0:
                return None
            again = shell.run(command.text, result.seconds + 60.0)
            state.ran_in = folder
            if where is not None and not _is_cd(command.text):  # the reader is still there
                shell.run(f"cd -- {shlex.quote(str(where))}", 10.0)
            was = _shown(where, state) if where is not None else "?"
            return _workdir_note(state.page, command, path, _shown(folder, state), was), again
    return None


def _first_glob(path: str) -> int:
    """How many leading parts of `path` hold no glob character (`lab_scripts/*/x.sh`: 1)."""
    parts = Path(path).parts
    for number, part in enumerate(parts):
        if _GLOB.search(part):
            return number
    return len(parts)


def _relative_paths(command: str, output: str) -> list[str]:
    """The relative paths a command names that its failure's output names too."""
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        words = command.split()
    found = []
    for number, word in enumerate(words):
        if (
            word.startswith(("-", "/", "~"))
            or "$" in word
            or "=" in word
            or word in _COMMON
            or (number == 0 and "/" not in word)  # the program
            or word.strip("./") == ""
        ):
            continue
        if word in output or word.lstrip("./") in output:
            found.append(word)
    return found


def _shown(folder: Path, state: _PageState) -> str:
    """A folder of the sandbox as the author knows it: in the course, or in the home."""
    home = state.home
    if state.top is not None and folder.is_relative_to(state.top):
        return str(folder.relative_to(state.top)) if folder != state.top else "."
    if home is not None and state.top is not None:
        inside_home = state.top.parent / "home"
        if folder.is_relative_to(inside_home):
            return "~/" + str(folder.relative_to(inside_home)) if folder != inside_home else "~"
    return str(folder)


# --- what another lesson made --------------------------------------------------------------

_HOME = re.compile(r"(?:~|\$HOME|\$\{HOME\})/([\w.-]+)")
_MAKES = re.compile(
    r"\b(?:mkdir|git\s+clone|cp|mv|tar)\b[^\n;&|]*?(?:~|\$HOME|\$\{HOME\})/([\w.-]+)"
)


def _home_makers(pages: Sequence[Page]) -> dict[str, list[tuple[str, int]]]:
    """For each folder in the reader's home that a lesson makes (`mkdir -p
    ~/docker-network-lab`), the pages and lines that make it, in page order."""
    makers: dict[str, list[tuple[str, int]]] = {}
    for page in pages:
        blocks, _ = extract_blocks(page)
        for block in blocks:
            for command in block.commands:
                for name in _MAKES.findall(command.text):
                    places = makers.setdefault(name, [])
                    if not any(place[0] == page.path for place in places):
                        places.append((page.path, command.line))
    return makers


def _home_word(text: str) -> str | None:
    found = _HOME.search(text)
    return f"~/{found.group(1)}" if found else None


def _home_maker(command: Command, output: str, state: _PageState) -> tuple[str, int] | None:
    """The lesson (page, line) that makes the folder of the reader's home that this
    failure did not find (`cd ~/docker-network-lab`): the last one before this page in
    page order, else the first after it; None when no other lesson makes it."""
    found = _HOME.search(command.text)
    if found is None or not _NO_FILE.search(output) or found.group(1) not in output:
        return None
    places = state.makers.get(found.group(1), [])
    order = [place[0] for place in places]
    others = [place for place in places if place[0] != state.page]
    if not others:
        return None
    if state.page in order:  # this page makes it too, later: the page's own order
        return None
    position = state.order.get(state.page, len(state.order))
    earlier = [place for place in others if state.order.get(place[0], 0) < position]
    return earlier[-1] if earlier else others[0]


# --- ports a cluster would serve -----------------------------------------------------------

_NODE_PORTS = range(30000, 32768)  # Kubernetes' default NodePort range
_FORWARDED = re.compile(r"port-forward\b[^\n;&|]*?\s(\d+):\d+")
_SERVICE = re.compile(r"\bdocker\s+service\s+(?:create|scale|update)\b")
_NO_IMAGE = re.compile(r"no such image|could not be accessed on a registry", re.IGNORECASE)
_PULL = re.compile(r"unable to find image '[^']+' locally|pull access denied", re.IGNORECASE)
_NETWORK_AFTER = (
    "exec/needs-network",
    "exec/needs-network",
    "exec/needs-network.after",
    "exec/needs-network.after.hint",
)


def _node_port(command: Command, output: str, state: _PageState) -> int | None:
    """The NodePort (30000-32767) a refused `curl localhost:30080` asked, when no command
    of the page published it (`docker run -p 30080:80`): a Kubernetes Service serves it."""
    if output.strip() and not _REFUSED.search(output):
        return None
    for name in _ports(command.text + "\n" + output):
        number = int(name.split(":")[1])
        published = any(
            word.split(":")[-2:-1] == [str(number)] or word.startswith(f"{number}:")
            for word in state.mentioned
        )
        if number in _NODE_PORTS and not published:
            return number
    return None


def _named(name: str, output: str) -> bool:
    """Whether `output` names `name` as a word (`.git` does not name `git`)."""
    return re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", output) is not None


_COMPOSE = re.compile(r"\bdocker(?:-compose| compose)\b")
_REFUSED = re.compile(r"connection refused|couldn't connect|failed to connect", re.IGNORECASE)
_COMPOSE_PROJECT = "(the compose project)"
_PUBLISHED = re.compile(r"(?:^|\s)(?:-p|--publish)[=\s]*(?:[\d.]+:)?(\d+):\d+")
_PORT = re.compile(
    r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?|port (\d+)|(?<![\w.])[:](\d{2,5})\b"
)


def _ports(text: str) -> set[str]:
    """`port:N` for each local port a command or its output names (`curl localhost:8080`,
    `netstat … | grep :8080`, `port 8080`; plain `localhost` is port 80)."""
    found = set()
    for match in _PORT.finditer(text):
        number = next((group for group in match.groups() if group), "80")
        found.add(f"port:{number}")
    return found


_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1[^\n]*\n(?:.*\n)*?\s*\2\s*(?:\n|$)")


def _without_heredocs(text: str) -> str:
    """`text` without the bodies of its here-documents (a script it writes is not run)."""
    return _HEREDOC.sub("\n", text)


def _names(text: str) -> set[str]:
    """Image, container, file and folder names a command mentions (words that are not
    options, nor the program: `cat: x: No such file` names cat for every cat)."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError:
        words = text.split()
    names = set()
    for word in words[1:]:
        if word.startswith("-") or "=" in word or len(word) < 3 or word in _COMMON:
            continue
        names.add(word)
        if ":" in word and not word.split(":")[-1].isdigit():
            names.add(word.rsplit(":", 1)[0])  # nginx:alpine also as nginx
        if "|" in word:  # `grep -E "(web|api)"` looks for web and api
            names |= {
                part.strip("()^$") for part in word.split("|") if len(part.strip("()^$")) >= 3
            }
        if "://" in word:  # `git clone https://…/team-app.git` makes `team-app`
            last = word.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
            if len(last) >= 3:
                names.add(last)
    return names


_COMMON = frozenset(
    "docker pull run create start exec logs history images image inspect rm rmi tag push "
    "search build container network volume compose stop kill sudo get apply delete describe "
    "install upgrade list pods pod deployment deployments service services svc namespace "
    "nodes node all yaml json name wide grep egrep awk sed head tail sort uniq cut tr tee "
    "xargs cat echo curl wget less ls cd mkdir cp mv chmod chown find".split()
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


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """The shell's status for a run ended by a signal: 130 (Ctrl-C), 143 (SIGTERM), 129."""
    names = {"SIGTERM": 143, "SIGHUP": 129}
    return names.get(str(interrupt), 130) if isinstance(interrupt, Interrupted) else 130


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
    "ExecReport",
    "Interrupted",
    "Progress",
    "SandboxError",
    "TerminalProgress",
    "exit_status",
    "judge",
    "message_matches",
    "needs_network",
    "repository_root",
    "run_pages",
    "verdict_of",
]
