"""The rendering check: Markdown that GitHub (and so the site) shows otherwise than its
author meant, such as a bold whose asterisks stay on the page (see `checker.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from validators.checks import Context
    from validators.findings import Finding

NAME = "rendering"
ORDER = 15
DEFAULT = True


def check(context: Context) -> list[Finding]:
    from validators.checks.rendering.checker import check_rendering

    return check_rendering(context.selected())
