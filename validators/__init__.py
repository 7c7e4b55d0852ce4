"""Course validators: pure Python over a parsed page model, with no MkDocs import."""

from validators.findings import Finding, Severity
from validators.page import Fence, Heading, Page, parse_page

__all__ = ["Fence", "Finding", "Heading", "Page", "Severity", "parse_page"]
