"""Diagrams in a page's HTML replaced by the SVGs the check drew (pure: text in, text out).

The page carries each mermaid fence as `<pre class="mermaid"><code>…escaped source…</code>
</pre>`, which Material's script draws in the browser into `<div class="mermaid">` holding the
SVG in a shadow root. A pre-rendered diagram is that same element written into the HTML,
with a declarative shadow root (`<template shadowrootmode="open">`), so it shows without
JavaScript. The SVG's colours are Material's palette variables (`var(--md-mermaid-…)`, from
the site's mermaid configuration), which the shadow root inherits from the page: the same
SVG is drawn light under `data-md-color-scheme="default"` and dark under `"slate"`, as on the
live site, and prints as the page does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from validators.checks.mermaid.checker import SVG_ID
from validators.checks.mermaid.source import site_code

FENCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
# The site's copy of mermaid (hooks/course.py), as MkDocs writes extra_javascript.
SCRIPT = re.compile(r'[ \t]*<script src="[^"]*assets/javascripts/mermaid\.min\.js"></script>\n?')
PRERENDERED = "course-diagram"  # class of a pre-rendered diagram


@dataclass
class Prerendered:
    html: str
    done: int  # diagrams replaced by their SVG
    left: int  # diagrams the browser still has to draw


def prerender(page_html: str, svg_of: Callable[[str], str | None]) -> Prerendered:
    """`page_html` with each diagram whose SVG `svg_of(code)` knows written in; the mermaid
    script is left out when no diagram is left to draw."""
    done = left = 0
    serial = len(re.findall(rf'class="mermaid {PRERENDERED}"', page_html))

    def replace(match: re.Match[str]) -> str:
        nonlocal done, left, serial
        code = site_code(html.unescape(match[1]))
        svg = svg_of(code)
        if svg is None:
            left += 1
            return match[0]
        done += 1
        serial += 1
        return diagram_html(svg, f"course-diagram-{serial}")

    result = FENCE.sub(replace, page_html)
    if not FENCE.search(result):
        result = SCRIPT.sub("", result)
    return Prerendered(result, done, left)


def diagram_html(svg: str, element_id: str) -> str:
    """The element Material would draw for a diagram, with `svg` in a declarative shadow root."""
    svg = svg.replace(SVG_ID, element_id)
    return (
        f'<div class="mermaid {PRERENDERED}"><template shadowrootmode="open">{svg}</template></div>'
    )
