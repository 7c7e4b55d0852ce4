"""Command lines of `docker`, `docker compose`/`docker-compose`, `kubectl` and `helm` in
shell blocks, checked by the real CLIs' own parsers: a misspelt flag or subcommand is
rejected (`unknown flag: --nmae`) before the CLI contacts anything.

Each distinct command line runs once (cached) with a short timeout, in a throwaway working
directory, with stdin closed and a scrubbed environment: `HOME` and `DOCKER_CONFIG` in a
temp dir, a plain `PATH`, and none of the user's `DOCKER_HOST`/`KUBECONFIG`. Why none of
them can act:

- **the network is gone**: every run is inside `unshare --net` (root or a user
  namespace), where even 127.0.0.1 is unreachable. This matters for the commands that go
  out without a daemon or cluster: `docker login`/`manifest`/`trust` talk to registries
  themselves, `kubectl kustomize <url>` runs git, `helm repo add` downloads. Where no
  network namespace can be made, those subcommands are not run at all;
- **docker** gets `DOCKER_HOST=unix:///nonexistent`, so anything needing the daemon fails
  with "Cannot connect" after the flags are parsed (a line with its own `-H`/`--host` is
  skipped: it could name the real socket);
- **kubectl** and **helm** get a kubeconfig whose only cluster is `http://127.0.0.1:1`
  (flags like `--server` before a subcommand would break kubectl's plugin lookup, so the
  kubeconfig does it); a line with its own `--kubeconfig` is skipped. `kubectl proxy`
  would serve inside the empty namespace until the timeout: a timeout counts as parsed.

Only the CLI's own words are checked: `sudo`, `env`, `time`, `watch`, assignments
(`FOO=1 docker …`) are dropped; each part of a pipe or `&&`/`;` list is its own command;
line continuations are joined (bashlex). Words with a parameter (`$POD`, `${TAG}`) get
the dummy value `x`, which a flag parser accepts wherever a value goes; a line with `$(…)`
or backticks in the CLI's words is skipped (the output could be any words, flags
included), and so is an unknown *command* that might have come from the dummy. Template
lines (`docker logs <container>`) are skipped (`_placeholders`).

A CLI (or a docker/kubectl plugin such as `docker compose`) that is not installed is one
info finding per run, at the first line that uses it; it is never silent.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validators.checks.blocks import _cache
from validators.checks.exec.extract import is_complete, split_commands
from validators.findings import Finding, Severity

try:
    from validators.checks.blocks._placeholders import is_template
except ImportError:  # pragma: no cover - the shared module is always there in this tree
    _TEMPLATE = re.compile(r"<[^\W\d_][\w.-]*>|\bYOUR_[A-Z_]+")

    def is_template(line: str) -> bool:
        return bool(_TEMPLATE.search(line))


if TYPE_CHECKING:
    import bashlex

    from validators.checks.blocks import CodeBlock

LANGS = ("bash", "sh", "shell", "console")

TIMEOUT = 3.0
# A CLI's first start on a busy machine (helm and kubectl are 50 MB Go binaries,
# docker-compose 1.x is Python) can take seconds; a line that keeps running once parsed
# (`kubectl proxy`) gets TIMEOUT, after which it counts as parsed.
_TIMEOUTS = {"docker-compose": 15.0, "helm": 15.0, "kubectl": 15.0, "docker": 15.0}
_KEEPS_RUNNING = frozenset({"proxy"})  # the others fail at once without a daemon or cluster
DUMMY = "x"
_CLIS = ("docker", "docker-compose", "kubectl", "helm")
# Words before the CLI that only run it: `sudo docker`, `time kubectl`, `watch kubectl`.
_WRAPPERS = {"sudo": {"-u", "-g", "-h", "-p", "-C"}, "env": {"-u"}, "time": set()}
_WRAPPERS |= {"nohup": set(), "exec": set(), "command": set(), "winpty": set()}
_WRAPPERS["watch"] = {"-n", "--interval", "-d"}
# Plugins: an "unknown command" for one of these means it is not installed.
_DOCKER_PLUGINS = frozenset(
    "compose buildx scan scout sbom init debug ai model mcp offload extension dev".split()
)
_KUBECTL_PLUGINS = frozenset(
    "krew ctx ns neat tree view-secret whoami images resource-capacity df-pv who-can "
    "access-matrix sniff stern tail score node-shell oidc-login cnpg kuttl argo-rollouts "
    "slice mtail minio rabbitmq cert-manager virt hns directpv gadget".split()
)
# Subcommands that reach the network without a daemon or cluster (run only in a netns).
_NETWORKED = {
    "docker": frozenset({"login", "logout", "manifest", "trust", "buildx"}),
    "kubectl": frozenset({"kustomize", "apply", "create", "delete", "diff", "replace"}),
    "helm": None,  # every helm subcommand may download charts or indexes
    "docker-compose": frozenset(),
}
_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: none
  cluster: {server: "http://127.0.0.1:1"}
contexts:
- name: none
  context: {cluster: none, user: none}
users:
- name: none
  user: {}
current-context: none
"""
_UNKNOWN_FLAG = re.compile(r"unknown (?:shorthand )?flag:")
_UNKNOWN_COMMAND = re.compile(r"unknown command|is not a docker command|No such command")
_HELP = re.compile(r"(?:See|Run) '([^']+(?:--help|-h))'")
_GROUP_USAGE = re.compile(r"^Usage:\s+(docker(?: [\w-]+)+) COMMAND\s*$", re.MULTILINE)
_PROMPT = re.compile(r"^\s*\$ ?")


@dataclass(frozen=True)
class Invocation:
    """One CLI command line as the CLI would see it: `argv[0]` is the CLI."""

    argv: tuple[str, ...]
    substituted: bool  # a `$VAR` was replaced by the dummy

    @property
    def cli(self) -> str:
        return self.argv[0]


@dataclass(frozen=True)
class Verdict:
    """What the CLI said: `rule` is None when it parsed the line fine."""

    rule: str | None
    error: str = ""
    help: str = ""
    missing: str = ""  # the CLI or plugin that is not installed


# --- finding the CLI's words --------------------------------------------------------------


def command_lines(block: CodeBlock) -> Iterator[tuple[int, str]]:
    """(0-based content line, source) of each command the block's reader would type."""
    if block.lang == "console":
        lines = block.text.split("\n")
        index = 0
        while index < len(lines):
            match = _PROMPT.match(lines[index])
            if not lines[index].lstrip().startswith("$") or match is None:
                index += 1
                continue
            start, pending = index, [lines[index][match.end() :]]
            index += 1
            while not is_complete("\n".join(pending)) and index < len(lines):
                pending.append(re.sub(r"^> ?", "", lines[index]))
                index += 1
            yield start, "\n".join(pending)
        return
    for command in split_commands(block.text, first_line=0):
        yield command.line, command.text


def invocations(source: str) -> list[Invocation]:
    """The CLI command lines inside one shell command (each part of a pipe or list)."""
    return list(_invocations(source))


@lru_cache(maxsize=8192)
def _invocations(source: str) -> tuple[Invocation, ...]:
    if not any(cli in source for cli in _CLIS) or is_template(source):
        return ()
    import bashlex  # loaded only when a line is split (0.2 s)

    try:
        trees = bashlex.parse(source)
    except Exception:  # a syntax error is shell.py's finding; nothing to ask a CLI
        return ()
    found: list[Invocation] = []
    for tree in trees:
        for node in _simple_commands(tree):
            invocation = _invocation(source, node)
            if invocation is not None:
                found.append(invocation)
    return tuple(found)


def _simple_commands(node: bashlex.ast.node) -> Iterator[bashlex.ast.node]:
    from bashlex.ast import node as Node

    if node.kind == "command":
        yield node
        return
    if node.kind in ("commandsubstitution", "processsubstitution"):
        return
    for attr in ("parts", "list"):
        for child in getattr(node, attr, None) or ():
            if isinstance(child, Node):
                yield from _simple_commands(child)
    for attr in ("command",):
        child = getattr(node, attr, None)
        if isinstance(child, Node):
            yield from _simple_commands(child)


def _invocation(source: str, node: bashlex.ast.node) -> Invocation | None:
    words: list[str] = []
    substituted = False
    for part in node.parts:
        if part.kind == "assignment" and not words:
            continue
        if part.kind != "word":
            continue  # redirections
        kinds = {child.kind for child in getattr(part, "parts", ())}
        raw = source[part.pos[0] : part.pos[1]]
        if kinds & {"commandsubstitution", "processsubstitution"} or "`" in raw:
            if _is_cli_start(words):
                return None
            words.append(DUMMY)
            continue
        word = part.word
        if "parameter" in kinds:
            name = word.partition("=")[0]
            if word.startswith("-") and "$" in name:
                return None  # the flag's name itself is unknown
            word = re.sub(r"\$(?:\{[^}]*\}|[A-Za-z_]\w*|[0-9@*#?$!-])", DUMMY, word)
            substituted = True
        words.append(word)
    words = _strip_wrappers(words)
    if not words or os.path.basename(words[0]) not in _CLIS:
        return None
    words[0] = os.path.basename(words[0])
    if words[0] == "docker" and any(
        word in ("-H", "--host") or word.startswith(("--host=", "-H=")) for word in words
    ):
        return None
    if any(word == "--kubeconfig" or word.startswith("--kubeconfig=") for word in words):
        return None
    return Invocation(tuple(words), substituted)


def _is_cli_start(words: list[str]) -> bool:
    stripped = _strip_wrappers(list(words))
    return bool(stripped) and os.path.basename(stripped[0]) in _CLIS


def _strip_wrappers(words: list[str]) -> list[str]:
    while words and words[0] in _WRAPPERS:
        takes_value = _WRAPPERS[words[0]]
        words = words[1:]
        while words and (words[0].startswith("-") or "=" in words[0]):
            words = words[2:] if words[0] in takes_value else words[1:]
    return words


# --- asking the CLI -----------------------------------------------------------------------


@cache
def _sandbox() -> Path:
    root = Path(tempfile.mkdtemp(prefix="blocks-commands-"))
    atexit.register(_remove, root, os.getpid())
    (root / "work").mkdir()
    (root / ".docker").mkdir()
    (root / "kubeconfig").write_text(_KUBECONFIG, encoding="utf-8")
    return root


def _remove(root: Path, owner: int) -> None:
    """Removes the CLIs' home at exit, in the process that made it (not in a fork)."""
    if os.getpid() == owner:
        shutil.rmtree(root, ignore_errors=True)


@cache
def _netns() -> tuple[str, ...] | None:
    """The prefix that runs a command without any network, or None if none works."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    for prefix in ((unshare, "--net"), (unshare, "--user", "--map-root-user", "--net")):
        try:
            done = subprocess.run(
                [*prefix, "true"], capture_output=True, timeout=TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return None


def _environment() -> dict[str, str]:
    root = _sandbox()
    return {
        "HOME": str(root),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "DOCKER_CONFIG": str(root / ".docker"),
        "DOCKER_HOST": "unix:///nonexistent",
        "KUBECONFIG": str(root / "kubeconfig"),
        "HELM_CONFIG_HOME": str(root / "helm"),
        "HELM_CACHE_HOME": str(root / "helm-cache"),
        "HELM_DATA_HOME": str(root / "helm-data"),
        "NO_COLOR": "1",
    }


@cache
def executable(cli: str) -> str | None:
    """The CLI's path on the user's PATH, or None if it is not installed."""
    return shutil.which(cli)


@cache
def _docker_plugin(path: str, name: str) -> bool:
    """Whether the docker CLI has the plugin `name` (`compose`, `buildx`)."""
    done = subprocess.run(
        [path, name],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT,
        cwd=_sandbox() / "work",
        env=_environment(),
        check=False,
    )
    return not _UNKNOWN_COMMAND.search(done.stdout + done.stderr)


def _subcommand(argv: tuple[str, ...]) -> str:
    """The first word after the CLI that is not a flag (a rough guess, for the plugins)."""
    return next((word for word in argv[1:] if not word.startswith("-")), "")


# docker's CLI plugins (`docker compose`) live here; they are part of docker's identity.
_PLUGIN_DIRS = (
    "/usr/local/lib/docker/cli-plugins",
    "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins",
    "/usr/libexec/docker/cli-plugins",
)


@cache
def _space(cli: str, path: str) -> str:
    """The store namespace of `cli`'s verdicts: this module and the CLI's identity."""
    parts = [_cache.source(__name__), f"{cli}={_cache.tool(path)}"]
    if cli == "docker":
        for folder in _PLUGIN_DIRS:
            if os.path.isdir(folder):
                parts.extend(_cache.tool(str(p)) for p in sorted(Path(folder).iterdir()))
    return _cache.namespace("commands", *parts)


def _stored(invocation: Invocation) -> Verdict | None:
    path = executable(invocation.cli)
    if path is None:
        return None
    stored = _cache.current().get(_space(invocation.cli, path), invocation.argv)
    return None if stored is _cache.MISS else Verdict(*stored)


_DIGITS = re.compile(r"[0-9]+")


def shape(argv: tuple[str, ...]) -> tuple[str, ...]:
    """The line with every run of digits in its values and arguments made `1` (flag names
    untouched): `docker run -p 8001:80 web-1` and `… -p 8002:80 web-2` parse alike, so they
    share one verdict. A digit run stays a digit run, so a typed value (`--replicas=3`,
    `--timeout 60s`, `--cpus 0.5`) still parses, and nothing that names a subcommand or a
    flag has digits."""
    if argv[0] == "docker-compose":
        return _compose_shape(argv)
    words = [argv[0]]
    for word in argv[1:]:
        if word.startswith("-"):
            name, equals, value = word.partition("=")
            words.append(name + equals + _DIGITS.sub("1", value) if equals else word)
        else:
            words.append(_DIGITS.sub("1", word))
    return tuple(words)


# docker-compose 1.x's global options that take a value (`-f docker-compose.prod.yml up`).
_COMPOSE_VALUED = frozenset(
    "-f --file -p --project-name --profile -c --context --env-file --project-directory "
    "-H --host --log-level --ansi --tlscacert --tlscert --tlskey".split()
)


def _compose_shape(argv: tuple[str, ...]) -> tuple[str, ...]:
    """docker-compose 1.x is judged by its command word alone (see `_compose_v1`): the
    line up to that word."""
    index = 1
    while index < len(argv) and argv[index].startswith("-"):
        index += 2 if argv[index] in _COMPOSE_VALUED else 1
    if index >= len(argv):
        return argv
    return (argv[0], argv[index])


@_cache.memo
@lru_cache(maxsize=4096)
def verdict(invocation: Invocation) -> Verdict:
    """The verdict for the line's shape; a line whose shape the CLI rejects is asked again
    as written, so the message names the line's own words."""
    general = Invocation(shape(invocation.argv), invocation.substituted)
    if general != invocation:
        result = _verdict(general)
        if result.rule is None:
            return result
    return _verdict(invocation)


@_cache.memo
@lru_cache(maxsize=4096)
def _verdict(invocation: Invocation) -> Verdict:
    """Run the invocation's CLI on its words (parse only) and classify what it says: once
    per command line and CLI version (the store keeps it)."""
    path = executable(invocation.cli)
    if path is None:
        return Verdict(None, missing=invocation.cli)
    stored = _stored(invocation)
    if stored is not None:
        return stored
    result, keep = _run(invocation, path)
    if keep:
        _cache.current().put(
            _space(invocation.cli, path),
            invocation.argv,
            (result.rule, result.error, result.help, result.missing),
        )
    return result


def _run(invocation: Invocation, path: str) -> tuple[Verdict, bool]:
    """The verdict, and whether it holds wherever the CLI is the same (not when no
    network namespace could be made, or the CLI could not be started)."""
    cli = invocation.cli
    word = _subcommand(invocation.argv)
    if cli == "docker" and word in _DOCKER_PLUGINS and not _docker_plugin(path, word):
        return Verdict(None, missing=f"docker {word}"), True
    netns = _netns()
    networked = _NETWORKED[cli]
    if netns is None and (networked is None or _subcommand(invocation.argv) in networked):
        return Verdict(None), False  # it could reach the network: not run
    try:
        done = subprocess.run(
            [*(netns or ()), path, *invocation.argv[1:]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT
            if _KEEPS_RUNNING.intersection(invocation.argv)
            else _TIMEOUTS.get(cli, TIMEOUT),
            cwd=_sandbox() / "work",
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Verdict(None), True  # still running after parsing (`kubectl proxy`)
    except OSError:
        return Verdict(None, missing=cli), False
    output = done.stdout + "\n" + done.stderr
    if cli == "docker-compose":
        return _compose_v1(invocation, output), True
    if done.returncode == 0:
        return Verdict(None), True
    return classify(invocation, output), True


def _compose_v1(invocation: Invocation, output: str) -> Verdict:
    """docker-compose 1.x (docopt): only an unknown command counts. An option 1.x lacks is
    often one the lessons' Compose v2 has (`ps --format`), and docopt does not name it."""
    if "No such command" in output:
        return classify(invocation, output)
    return Verdict(None)


def classify(invocation: Invocation, output: str) -> Verdict:
    """The verdict for a failed run's output."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    help_match = _HELP.search(output)
    help_text = help_match.group(1) if help_match else f"{invocation.cli} --help"
    for line in lines:
        error = re.sub(r"^(?:Error|error|docker):\s*", "", line)
        if _UNKNOWN_FLAG.search(line):
            return Verdict("blocks/command/unknown-flag", error, help_text)
        if _UNKNOWN_COMMAND.search(line):
            return _unknown_command(invocation, error, help_text)
    group = _GROUP_USAGE.search(output)  # docker 20.10: `docker image lss` prints usage
    if group and not any("Cannot connect" in line for line in lines):
        words = group.group(1).split()
        rest = [word for word in invocation.argv[1:] if not word.startswith("-")]
        extra = rest[len(words) - 1 : len(words)]
        if extra:
            error = f"unknown command: {' '.join(words + extra)}"
            return _unknown_command(invocation, error, f"{group.group(1)} --help")
    return Verdict(None)


def _unknown_command(invocation: Invocation, error: str, help_text: str) -> Verdict:
    word = _subcommand(invocation.argv)
    plugins = _DOCKER_PLUGINS if invocation.cli == "docker" else _KUBECTL_PLUGINS
    if invocation.cli in ("docker", "kubectl") and word in plugins:
        return Verdict(None, missing=f"{invocation.cli} {word}")
    if invocation.substituted:
        return Verdict(None)  # the dummy may sit where a command name goes
    return Verdict("blocks/command/unknown-command", error, help_text)


# --- the check ----------------------------------------------------------------------------

_WORKERS = 8  # the CLIs mostly wait
# Where each missing CLI was first seen: the same finding every time, one per run.
_MISSING_AT: dict[str, tuple[str, int]] = {}


def _jobs_space() -> str:
    modules = (__name__, "validators.checks.exec.extract", "validators.checks.blocks._placeholders")
    return _cache.namespace("commands-lines", _cache.source(*modules), _cache.package("bashlex"))


@_cache.memo
@lru_cache(maxsize=4096)
def _jobs(lang: str, text: str) -> tuple[tuple[int, Invocation], ...]:
    """(0-based content line, invocation) of each CLI command line of a block: splitting
    a block into commands asks bash, so the store keeps them too."""
    key = (lang == "console", text)
    space = _jobs_space()
    stored = _cache.current().get(space, key)
    if stored is not _cache.MISS:
        return tuple(
            (offset, Invocation(argv, substituted)) for offset, argv, substituted in stored
        )
    block = _Text(lang, text)
    jobs = tuple(
        (offset, invocation)
        for offset, source in command_lines(block)  # type: ignore[arg-type]
        for invocation in invocations(source)
    )
    plain = tuple((offset, i.argv, i.substituted) for offset, i in jobs)
    _cache.current().put(space, key, plain)
    return jobs


@dataclass(frozen=True)
class _Text:
    """What `command_lines` reads of a block."""

    lang: str
    text: str


def prepare(blocks: Iterable[CodeBlock]) -> None:
    """Split every block into command lines, then ask the CLIs about every distinct one at
    once (thread pools: bash and the CLIs mostly wait), so `check` finds it all ready."""
    texts = list(
        dict.fromkeys(
            ("console" if block.lang == "console" else "bash", block.text) for block in blocks
        )
    )
    space = _jobs_space()
    new = [
        key
        for key in texts
        if _cache.current().get(space, (key[0] == "console", key[1])) is _cache.MISS
    ]
    _in_threads(lambda key: _jobs(*key), new)
    _ask({invocation for key in texts for _, invocation in _jobs(*key)})


def _ask(invocations: Iterable[Invocation]) -> None:
    """Run the CLIs on the invocations the store has no verdict for, in threads."""
    asked = {i for i in invocations if executable(i.cli) is not None}
    shapes = {Invocation(shape(i.argv), i.substituted) for i in asked}
    todo = [i for i in shapes if _stored(i) is None]
    if todo:
        _sandbox(), _netns()  # made once, before the threads
        _in_threads(_verdict, todo)
    rejected = [
        i
        for i in asked
        if shape(i.argv) != i.argv
        and _verdict(Invocation(shape(i.argv), i.substituted)).rule
        and _stored(i) is None
    ]
    _in_threads(_verdict, rejected)


def _in_threads(function: Callable[[Any], object], items: list) -> None:
    """`function` on every item, in a pool made for the call: a pool kept across calls
    would hang a process forked meanwhile (`mkdocs build` checks in a forked child)."""
    if len(items) <= 1:
        for item in items:
            function(item)
        return
    with ThreadPoolExecutor(min(_WORKERS, len(items)), "blocks-commands") as pool:
        list(pool.map(function, items))


def check(block: CodeBlock) -> Iterable[Finding]:
    jobs = _jobs("console" if block.lang == "console" else "bash", block.text)
    if not jobs:
        return []
    _ask(invocation for _, invocation in jobs)
    verdicts = [verdict(invocation) for _, invocation in jobs]
    findings = []
    for (offset, invocation), result in zip(jobs, verdicts, strict=True):
        if result.missing:
            path, line = _MISSING_AT.setdefault(
                result.missing, (block.page.path, block.line + offset)
            )
            findings.append(
                Finding.of(
                    path,
                    line,
                    "blocks/command/cli-missing",
                    Severity.INFO,
                    hint="blocks/command/cli-missing.hint",
                    cli=result.missing,
                )
            )
        elif result.rule:
            findings.append(
                block.finding(
                    offset,
                    result.rule,
                    Severity.ERROR,
                    hint=f"{result.rule}.hint",
                    cli=invocation.cli,
                    error=result.error,
                    help=result.help,
                )
            )
    return findings
