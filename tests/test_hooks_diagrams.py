"""hooks/diagrams.py writes into a page exactly what `prerender` writes (page in, page out)."""

from __future__ import annotations

import hooks.diagrams as diagrams
from validators.checks.mermaid.checker import SVG_ID
from validators.checks.mermaid.prerender import prerender

SVGS = {
    "graph TD\n  A --> B": f'<svg id="{SVG_ID}"><style>#{SVG_ID} .node{{fill:red}}</style></svg>',
    "graph LR\n  C --> D": f'<svg id="{SVG_ID}" aria-roledescription="flowchart"></svg>',
}
PAGE = (
    '<html><body><article class="md-content__inner md-typeset">'
    '<pre class="mermaid"><code>graph TD\n  A --&gt; B</code></pre>'
    "<p>text</p>"
    '<pre class="mermaid"><code>graph LR\n  C --&gt; D</code></pre>'
    "{rest}</article>\n"
    '  <script src="../assets/javascripts/mermaid.min.js"></script>\n</body></html>'
)


class _Store:
    """The mermaid check's cache as the hook reads it: SVG by source."""

    def svg(self, code: str) -> str | None:
        return SVGS.get(code)


def test_prerendered_writes_what_prerender_writes(monkeypatch) -> None:
    monkeypatch.setattr(diagrams.state, "store", _Store())
    for rest in ("", '<pre class="mermaid"><code>graph BT\n  E --&gt; F</code></pre>'):
        page = PAGE.format(rest=rest)
        expected = prerender(page, _Store().svg)
        got = diagrams.prerendered(page)
        assert (got.html, got.done, got.left) == (expected.html, expected.done, expected.left)
    assert "mermaid.min.js" not in diagrams.prerendered(PAGE.format(rest="")).html
    assert 'id="course-diagram-2"' in diagrams.prerendered(PAGE.format(rest="")).html
