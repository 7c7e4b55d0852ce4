"""The exec runner's results on the site: a badge before each block it ran.

`python -m validators check --exec` stores its results (validators/checks/exec/results.py); the
site only reads them. A block is found by its ordinal among the page's fences and the
digest of its content, so an edited block loses its badge; on a page whose text changed
since the run, the unchanged blocks keep theirs, marked stale. The wording here is shared
with the health page's "명령 실행 결과" section (hooks/validation.py): both come from the
message catalog (`health/verdict.*`, `health/count.*`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone

from jinja2 import Environment

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
    PageResult,
    count,
    digest,
)
from validators.messages import CATALOG, text
from validators.page import Page

RUN_COMMAND = "python -m validators check --exec"

# Command verdicts counted on the health page and in tooltips, in this order. Their words
# (and each verdict's icon and words) are the catalog's `health/verdict.*`, `health/count.*`.
COUNTED = (
    PASSED,
    EXPECTED_FAILURE,
    FAILED,
    TIMEOUT,
    NEEDS_NETWORK,
    NEEDS_CLUSTER,
    NEEDS_CLOUD,
    NEEDS_PROJECT,
    NEEDS_HOST,
    PLACEHOLDER,
)
_PROBLEMS = (FAILED, TIMEOUT, NEEDS_NETWORK, NEEDS_CLUSTER, NEEDS_CLOUD, NEEDS_PROJECT, NEEDS_HOST)


def verdict_label(verdict: str, lang: str = "ko") -> str:
    """'✅ 실행 확인' for a verdict (an unknown one is shown as is)."""
    key = f"health/verdict.{verdict}"
    if key in CATALOG:
        return text(key, lang)
    return text("health/verdict.unknown", lang, {"verdict": verdict})


def row_anchor(path: str) -> str:
    """The id of a page's row on the health page: `exec-week1-day2-session_2`."""
    return "exec-" + re.sub(r"\W+", "-", path.removesuffix(".md")).strip("-")


def when(ran_at: str) -> str:
    """An ISO 8601 time as '2026-11-23 10:05 UTC' (unparseable text is shown as is)."""
    try:
        moment = datetime.fromisoformat(ran_at.replace("Z", "+00:00"))
    except ValueError:
        return ran_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def tally(counts: Mapping[str, int], lang: str = "ko") -> str:
    """'통과 3, 의도한 오류 확인 1' (verdicts with no command left out)."""
    return ", ".join(
        text(
            "health/count", lang, {"name": text(f"health/count.{key}", lang), "count": counts[key]}
        )
        for key in COUNTED
        if counts.get(key)
    )


def exec_badges(
    page: Page, env: Environment, result: PageResult, page_sha256: str, health_link: str
) -> dict[int, str]:
    """Badge HTML for the blocks of `page` that `result` covers, keyed by the 0-based line
    of their fence (the renderer places each before its fence's token). `page_sha256` is
    the digest of the page file as it is now; `health_link` the URL of the page's row on
    the health page."""
    stale = result.sha256 != page_sha256
    fences = page.fences
    items = {t.map[0] for t in page.tokens if t.type == "list_item_open" and t.map}
    template = env.get_template("partials/exec-badge.html")
    inserts: dict[int, str] = {}
    for block in result.blocks:
        if not 0 <= block.index < len(fences):
            continue
        fence = fences[block.index]
        if digest(fence.content) != block.sha256:
            continue  # edited since the run
        line = fence.line - 1
        if line in items:
            continue  # `- ```bash`: no place before it inside the list item
        icon, _, words = verdict_label(block.verdict).partition(" ")
        inserts[line] = template.render(
            verdict=re.sub(r"[^a-z-]", "", block.verdict),
            icon=icon,
            words=words,
            href=health_link,
            stale=stale,
            details=_details(block, result, stale),
        )
    return inserts


def _details(block: BlockResult, result: PageResult, stale: bool) -> list[str]:
    """The tooltip's lines."""
    lines = []
    if block.verdict == FILE:
        name = f"{block.file}로 " if block.file else ""
        lines.append(f"파일 {name}저장하는 블록 (실행할 명령 없음)")
    elif block.verdict == SKIPPED:
        lines.append("<!-- exec: skip --> 표시로 실행하지 않은 블록")
    else:
        counts = count([block])
        lines.append(f"명령 {len(block.commands)}개: {tally(counts) or '없음'}")
        problems = [c for c in block.commands if c.verdict in _PROBLEMS]
        for command in problems[:5]:
            rule = f" ({command.rule})" if command.rule else ""
            lines.append(f"{command.line}번 줄: {verdict_label(command.verdict)}{rule}")
        if len(problems) > 5:
            lines.append(f"… 외 {len(problems) - 5}개")
        seconds = sum(command.seconds for command in block.commands)
        lines.append(f"실행 시간 {seconds:.1f}초")
    lines.append(f"{when(result.ran_at)}에 실행")
    if stale:
        lines.append("⚠️ 실행 후 페이지가 수정되었습니다: 다시 실행하면 결과가 달라질 수 있습니다")
    lines.append("누르면 코스 점검 페이지의 실행 결과로 갑니다")
    return lines
