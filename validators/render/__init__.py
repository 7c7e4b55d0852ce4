"""Pages rendered from the page model's tokens, as GitHub renders them (no MkDocs here).

`render_page` gives a page's HTML in Material's markup and its table of contents;
`github_slug` / `github_heading_ids` give GitHub's heading ids, for the site and the
links check alike.
"""

from validators.render.html import Rendered, TocEntry, mkdocs_ids, render_gfm, render_page
from validators.render.slug import Slugger, github_heading_ids, github_slug

__all__ = [
    "Rendered",
    "Slugger",
    "TocEntry",
    "github_heading_ids",
    "github_slug",
    "mkdocs_ids",
    "render_gfm",
    "render_page",
]
