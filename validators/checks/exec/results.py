"""What the exec runner found, page by page and block by block, kept in a JSON file.

The site shows these results (a badge on each checked block, a table on the health page)
without running anything: `check --exec` writes them, a build reads them. Each page's
entry carries the SHA-256 of the text it ran, so a page edited since is shown as stale;
each block carries its ordinal among the page's fenced blocks and its content digest, so
the site can find it even where MkDocs' Markdown has different line numbers (front
matter stripped). Runs of a subset (`--page`, `--shard`) update only their pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

VERSION = 1
RESULTS_FILE = "exec/results.json"  # under the course's cache folder

# Verdicts, worst first: a block or page takes the worst of its parts.
FAILED = "failed"
TIMEOUT = "timeout"
NEEDS_NETWORK = "needs-network"
NEEDS_CLUSTER = "needs-cluster"  # no Kubernetes cluster here (kubectl, helm install)
NEEDS_CLOUD = "needs-cloud"  # no cloud account here (aws, gcloud, az, terraform apply)
NEEDS_PROJECT = "needs-project"  # a Compose project or container made elsewhere (a cheat sheet)
NEEDS_HOST = "needs-host"  # a program, privilege or person the reader's machine has
EXPECTED_FAILURE = "expected-failure"  # an intentional error happened as documented
PASSED = "passed"
FILE = "file"  # a block written into the working directory (title="Dockerfile")
PLACEHOLDER = "placeholder"  # a template line (`docker logs <container>`): not run
SKIPPED = "skipped"  # <!-- exec: skip -->
ORDER = (
    FAILED,
    TIMEOUT,
    NEEDS_NETWORK,
    NEEDS_CLUSTER,
    NEEDS_CLOUD,
    NEEDS_PROJECT,
    NEEDS_HOST,
    EXPECTED_FAILURE,
    PASSED,
    FILE,
    PLACEHOLDER,
    SKIPPED,
)


def worst(verdicts: Iterable[str]) -> str:
    """The worst verdict of `verdicts` (SKIPPED when there is none)."""
    present = set(verdicts)
    return next((verdict for verdict in ORDER if verdict in present), SKIPPED)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CommandResult:
    """One command's verdict at its 1-based Markdown line; `rule` names its finding."""

    line: int
    verdict: str
    seconds: float = 0.0
    rule: str | None = None


@dataclass(frozen=True)
class BlockResult:
    """A fenced block: `index` is its ordinal among the page's fences, `line` its fence."""

    index: int
    line: int
    sha256: str
    verdict: str
    commands: tuple[CommandResult, ...] = ()
    file: str | None = None  # the file name, for a FILE block


@dataclass(frozen=True)
class PageResult:
    path: str
    sha256: str  # of the page text that ran
    ran_at: str  # ISO 8601, UTC
    seconds: float
    blocks: tuple[BlockResult, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)  # command verdict -> number

    @property
    def verdict(self) -> str:
        return worst(block.verdict for block in self.blocks)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["verdict"] = self.verdict
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PageResult:
        blocks = []
        for block in data.get("blocks") or ():  # type: ignore[attr-defined]
            commands = tuple(CommandResult(**command) for command in block.get("commands", ()))
            blocks.append(BlockResult(**{**block, "commands": commands}))
        return cls(
            path=str(data["path"]),
            sha256=str(data["sha256"]),
            ran_at=str(data["ran_at"]),
            seconds=float(data["seconds"]),  # type: ignore[arg-type]
            blocks=tuple(blocks),
            counts=dict(data.get("counts") or {}),  # type: ignore[call-overload]
        )


def count(blocks: Iterable[BlockResult]) -> dict[str, int]:
    """How many commands got each verdict."""
    numbers: dict[str, int] = {}
    for block in blocks:
        for command in block.commands:
            numbers[command.verdict] = numbers.get(command.verdict, 0) + 1
    return numbers


def load_results(path: Path) -> dict[str, PageResult]:
    """The stored results by page path; {} when the file is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return {}
        return {key: PageResult.from_dict(value) for key, value in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_results(path: Path, results: Iterable[PageResult]) -> None:
    """Merge `results` into the file at `path` (other pages' entries are kept), atomically."""
    path = Path(path)
    pages = {key: value.to_dict() for key, value in load_results(path).items()}
    for result in results:
        pages[result.path] = result.to_dict()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"version": VERSION, "pages": dict(sorted(pages.items()))}, indent=1)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
