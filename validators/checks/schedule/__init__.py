"""The schedule check: the times a course states must add up (see `checker.py`); day tables
and info blocks are read by `timetable.py`, durations by `durations.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from validators.checks import Context
    from validators.findings import Finding

NAME = "schedule"
ORDER = 10
DEFAULT = True


def check(context: Context) -> list[Finding]:
    from validators.checks.schedule.checker import check_schedule

    return check_schedule(
        context.pages,
        session_minutes=context.course.settings.session_minutes,
        paths=context.options.paths,
        model=context.model,
    )
