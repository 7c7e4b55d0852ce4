"""Pictures added to pages at build time: the session header card and the day timeline."""

from __future__ import annotations

from jinja2 import Environment

from validators.page import Page
from validators.timetable import clock, day_table, session_info


def pictures(page: Page, env: Environment) -> dict[int, str]:
    """The card and timeline HTML for `page`, keyed by the 0-based line they go before."""
    inserts: dict[int, str] = {}

    info = session_info(page)
    h1 = next((h for h in page.headings if h.level == 1), None)
    if info is not None and h1 is not None:
        html = env.get_template("partials/course-card.html").render(info=info)
        inserts[h1.line] = html

    table = day_table(page)
    if table is not None:
        rows = table.rows
        first, last = rows[0].start, rows[-1].end
        blocks = [
            {
                "kind": row.kind,
                "label": row.label,
                "content": row.content,
                "start": clock(row.start),
                "end": clock(row.end),
                "minutes": row.minutes,
                "share": round(100 * row.minutes / max(last - first, 1), 3),
            }
            for row in rows
        ]
        html = env.get_template("partials/day-timeline.html").render(
            blocks=blocks, start=clock(first), end=clock(last)
        )
        inserts[table.line - 1] = html

    return inserts
