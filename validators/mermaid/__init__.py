"""The mermaid check: every diagram rendered in headless Chromium with the site's pinned
mermaid (or only parsed, the fast tier for `mkdocs serve`), plus a lint for stray nodes."""

from validators.mermaid.checker import MermaidChecker, MermaidUnavailable, Stats, check_mermaid
from validators.mermaid.verdict import RENDER, STRAY_NODE, SYNTAX, TIMEOUT

__all__ = [
    "RENDER",
    "STRAY_NODE",
    "SYNTAX",
    "TIMEOUT",
    "MermaidChecker",
    "MermaidUnavailable",
    "Stats",
    "check_mermaid",
]
