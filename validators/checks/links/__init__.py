"""The links check: pages, anchors, files and external URLs (see `checker.py`); external URLs
are requested by `external.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from validators.checks import Context
    from validators.findings import Finding

NAME = "links"
ORDER = 30
DEFAULT = True


def check(context: Context) -> list[Finding]:
    from validators.checks.links.checker import check_links

    course = context.course
    return check_links(
        context.pages,
        course.docs_dir,
        course.slugify,
        offline=context.options.offline,
        external=context.options.external or "check",
        exclude=course.settings.link_exclude,
        timeout=course.settings.link_timeout,
        cache_dir=course.cache_dir / "links",
        cache_ttl=course.settings.link_cache_ttl,
        failure_ttl=course.settings.link_failure_ttl,
        progress=context.report("links"),
        paths=context.options.paths,
    )
