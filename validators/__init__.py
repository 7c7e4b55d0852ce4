"""Course validators: pure Python over a parsed page model, with no MkDocs import.

course = load_course(Path("mkdocs.yml"))
pages, findings = read_pages(course.docs_dir)
findings += check_course(course, pages, Options(only=["schedule", "links"]))
"""

from validators.course import read_pages
from validators.course_model import CourseModel, build_model
from validators.findings import Finding, Severity, localized
from validators.kinds import Kind
from validators.page import Fence, Heading, Page, parse_page
from validators.run import CHECKS, Options, PreconditionError, check_course
from validators.settings import ConfigError, Course, Settings, load_course

__all__ = [
    "CHECKS",
    "ConfigError",
    "Course",
    "CourseModel",
    "Fence",
    "Finding",
    "Heading",
    "Kind",
    "Options",
    "Page",
    "PreconditionError",
    "Settings",
    "Severity",
    "build_model",
    "check_course",
    "load_course",
    "localized",
    "parse_page",
    "read_pages",
]
