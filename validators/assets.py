"""Where the pinned front-end assets live (installed by `npm ci` from package.json)."""

from __future__ import annotations

from pathlib import Path

MERMAID_URI = "assets/javascripts/mermaid.min.js"
_MERMAID = Path("node_modules", "mermaid", "dist", "mermaid.min.js")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def find_mermaid(course_dir: Path) -> Path | None:
    """The mermaid bundle next to the course, else the one installed with this project."""
    for root in (course_dir, PROJECT_ROOT):
        candidate = root / _MERMAID
        if candidate.is_file():
            return candidate
    return None
