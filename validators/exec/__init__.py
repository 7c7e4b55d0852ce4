"""The exec runner: every shell block of a page runs, in page order, in a disposable dockerd.

`run_pages()` is the entry point (see runner.py); `python -m validators.exec PAGE.md …` runs
it from a terminal. Nothing here imports MkDocs.
"""

from validators.exec.extract import Block, Command, Expectation, extract_blocks, split_commands
from validators.exec.results import PageResult, load_results, save_results
from validators.exec.runner import (
    DEFAULT_TIMEOUT,
    ExecReport,
    Interrupted,
    Progress,
    TerminalProgress,
    message_matches,
    needs_network,
    run_pages,
)
from validators.exec.sandbox import Sandbox, SandboxError

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
