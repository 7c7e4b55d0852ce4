"""Shared fixtures: the built site, a local HTTP server on 127.0.0.1, real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


def require(available: bool, what: str) -> None:
    """Skip when a real part is missing on a developer machine; fail in CI (CI=true)."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required when CI=true (.ci/run installs it)")
    pytest.skip(f"{what} is not installed")


def build_course(config_file: Path, site_dir: Path) -> None:
    """Build a course in-process, exactly as `mkdocs build` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def write_course(root: Path, files: dict[str, str], extra_config: str = "") -> Path:
    """A small course next to `root` that inherits this project's mkdocs.yml."""
    for name, text in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        "site_name: 테스트 과정\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'course.py'}\n" + extra_config,
        encoding="utf-8",
    )
    return config


def run_exec(docs: Path, pages: dict[str, str], **options: object) -> Any:
    """`pages` written under `docs` and run by `--exec`'s runner (an ExecReport)."""
    from validators import parse_page
    from validators.checks.exec import run_pages

    parsed = []
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        parsed.append(parse_page(name, text))
    options.setdefault("cache_dir", docs.parent / "cache")
    options.setdefault("timeout", 20)
    return run_pages(parsed, docs_dir=docs, **options)  # type: ignore[arg-type]


def docker_problem() -> str | None:
    """Why the exec tests cannot run a disposable dockerd here, or None."""
    from tests.fixtures.exec.fixture_images import BUSYBOX
    from validators.checks.exec.sandbox import PATH

    tools = ("dockerd", "docker", "unshare", "nsenter", "rootlesskit", "newuidmap", "bwrap")
    missing = [tool for tool in tools if not shutil.which(tool, path=PATH)]
    if missing:
        return (
            f"{', '.join(missing)} not installed "
            "(Debian: docker.io, util-linux, rootlesskit, uidmap, bubblewrap)"
        )
    if not BUSYBOX.exists():
        return "busybox-static not installed (the stand-in images need /bin/busybox)"
    return None if os.geteuid() == 0 else "not root"


@pytest.fixture(scope="session")
def dockerd_required() -> None:
    """Skip without dockerd on a developer machine; fail when CI=true."""
    problem = docker_problem()
    require(problem is None, f"a disposable dockerd ({problem})")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course site, built once from this repository's mkdocs.yml."""
    site_dir = tmp_path_factory.mktemp("site")
    build_course(ROOT / "mkdocs.yml", site_dir)
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by playwright (one browser for the session)."""
    require(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (kept after the run for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lesson_registry_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The lessons' stand-in images (busybox) under their Docker Hub names, in a local
    registry on 127.0.0.1 to use as the mirror; its storage is kept in pytest's cache."""
    from tests.fixtures.exec.fixture_images import BUSYBOX
    from tests.fixtures.exec.registry import lesson_registry, registry_binary

    require(registry_binary() is not None, "Debian's docker-registry")
    require(BUSYBOX.exists(), "busybox-static")
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    workdir = cache.mkdir("exec-lesson-registry") if cache else tmp_path_factory.mktemp("reg")
    with lesson_registry(workdir) as url:
        yield url
