"""The exec runner: every shell block of a page runs, in page order, in a disposable dockerd.

`run_pages()` is the entry point (see runner.py); `python -m validators.checks.exec PAGE.md …` runs
it from a terminal. Nothing here imports MkDocs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from validators.checks import PreconditionError
from validators.checks.exec.extract import (
    Block,
    Command,
    Expectation,
    extract_blocks,
    split_commands,
)
from validators.checks.exec.results import PageResult, load_results, save_results
from validators.checks.exec.runner import (
    DEFAULT_TIMEOUT,
    ExecReport,
    Interrupted,
    Progress,
    TerminalProgress,
    message_matches,
    needs_network,
    repository_root,
    run_pages,
)
from validators.checks.exec.sandbox import Limits, Sandbox, SandboxError

if TYPE_CHECKING:
    from validators.checks import Context
    from validators.findings import Finding

NAME = "exec"
ORDER = 50
DEFAULT = False  # opt-in: `--exec`, or `extra.course.exec_enabled` in the hooks

__all__ = [
    "DEFAULT_TIMEOUT",
    "Block",
    "Command",
    "ExecReport",
    "Expectation",
    "Interrupted",
    "PageResult",
    "Progress",
    "Sandbox",
    "SandboxError",
    "TerminalProgress",
    "extract_blocks",
    "load_results",
    "message_matches",
    "needs_network",
    "run_pages",
    "save_results",
    "split_commands",
]


def check(context: Context) -> list[Finding]:
    from validators.checks.exec.results import RESULTS_FILE

    course, options, progress = context.course, context.options, context.progress
    root = None
    if course.settings.exec_workdir == "repository":
        root = repository_root(course.docs_dir, course.config_file)
    try:
        report = run_pages(
            context.selected(),
            docs_dir=course.docs_dir,
            timeout=options.exec_timeout or course.settings.exec_timeout,
            image_archives=options.image_archives,
            registry_mirror=options.registry_mirror,
            progress=(lambda done, total, _: progress("exec", done, total)) if progress else None,
            jobs=options.jobs,
            workdir_root=root,
            course=context.pages,
            limits=Limits(
                pids=course.settings.exec_pids_limit,
                memory=course.settings.exec_memory_limit,
                disk=course.settings.exec_disk_limit,
            ),
        )
    except SandboxError as error:
        raise PreconditionError(str(error)) from None
    for note in report.notes:  # once per run: a limit this host cannot enforce
        print(f"exec: {note}", file=sys.stderr)
    save_results(options.results_file or course.cache_dir / RESULTS_FILE, report.pages)
    return report.findings
