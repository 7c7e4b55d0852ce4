"""`python -m validators export-diagrams DIR`: every diagram as SVG and PNG, and a Markdown
copy of each page with diagrams that shows the PNGs instead (for an LMS that cannot run
mermaid).

    DIR/week1/day2/session_2.md               the page, each mermaid fence replaced by
                                              ![다이어그램 1](session_2_diagrams/1.png) and
                                              a link to the SVG
    DIR/week1/day2/session_2_diagrams/1.svg   drawn by the site's mermaid, the site's light
    DIR/week1/day2/session_2_diagrams/1.png   palette written in (no CSS variables), 2x

The diagrams are drawn by the mermaid check (`keep_svg`), so a course checked or built
before exports from the cache without drawing again. A diagram that does not draw keeps its
fence in the copy and is reported.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from validators import messages
from validators.checks.mermaid import checker_for
from validators.checks.mermaid.source import site_code
from validators.page import Page
from validators.settings import Course, read_config


@dataclass
class Exported:
    pages: int = 0
    diagrams: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)  # (page, line)


def material_css() -> str:
    """Material for MkDocs' stylesheets (its palette variables), read from the package."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return ""
    folder = Path(next(iter(spec.submodule_search_locations)), "templates/assets/stylesheets")
    return "".join(path.read_text("utf-8") for path in sorted(folder.glob("*.min.css")))


def palette_of(course: Course) -> dict[str, str]:
    """The body attributes of the site's first (light) palette."""
    try:
        theme = read_config(course.config_file).get("theme") or {}
    except Exception:  # noqa: BLE001 — the check already reported a broken config
        theme = {}
    palette = theme.get("palette") if isinstance(theme, dict) else None
    first = palette[0] if isinstance(palette, list) and palette else palette
    first = first if isinstance(first, dict) else {}
    return {
        "data-md-color-scheme": str(first.get("scheme", "default")),
        "data-md-color-primary": str(first.get("primary", "indigo")).replace(" ", "-"),
        "data-md-color-accent": str(first.get("accent", "indigo")).replace(" ", "-"),
    }


def export_diagrams(
    course: Course, pages: Sequence[Page], out: Path, lang: str = "en", say=print
) -> Exported:
    """Write the diagrams of `pages` and their Markdown copies under `out`."""
    report = Exported()
    with checker_for(course, "render", keep_svg=True) as checker:
        checker.check(pages)  # draws what the cache does not hold yet
        wanted: list[tuple[Page, list[tuple[int, int, str | None]]]] = []
        svgs: list[str] = []
        for page in pages:
            fences = []
            for fence in page.fences:
                if fence.lang != "mermaid":
                    continue
                svg = checker.svg(site_code(fence.content))
                fences.append((fence.line, fence.end_line, svg))
                if svg is not None:
                    svgs.append(svg)
            if fences:
                wanted.append((page, fences))
        images = iter(checker.images(svgs, material_css(), palette_of(course)) if svgs else [])
        for page, fences in wanted:
            path = PurePosixPath(page.path)
            folder = f"{path.stem}_diagrams"
            target = out / path.parent
            lines = list(page.lines)
            written = 0
            drawn = [(n, start, end, next(images) if svg else None)
                     for n, (start, end, svg) in enumerate(fences, 1)]  # fmt: skip
            for number, start, end, image in reversed(drawn):  # last first: lines stay put
                if image is None:
                    report.failed.append((page.path, start))
                    continue
                xml, png = image
                (target / folder).mkdir(parents=True, exist_ok=True)
                (target / folder / f"{number}.svg").write_text(xml, encoding="utf-8")
                (target / folder / f"{number}.png").write_bytes(png)
                indent = lines[start - 1][: len(lines[start - 1]) - len(lines[start - 1].lstrip())]
                alt = messages.text("export/alt", lang, {"number": number})
                link = messages.text("export/svg-link", lang, {})
                lines[start - 1 : end] = [
                    f"{indent}![{alt}]({folder}/{number}.png)",
                    "",
                    f"{indent}[{link}]({folder}/{number}.svg)",
                ]
                written += 1
            target.mkdir(parents=True, exist_ok=True)
            (out / path).write_text("\n".join(lines) + "\n", encoding="utf-8")
            report.pages += 1
            report.diagrams += written
            say(messages.text("export/page", lang, {"path": page.path, "count": written}))
    for page_path, line in sorted(report.failed):
        say(messages.text("export/failed", lang, {"path": page_path, "line": line}))
    return report
