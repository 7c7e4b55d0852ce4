"""Check mermaid diagrams in headless Chromium with the site's own pinned mermaid.

One browser serves the whole run; diagrams go to the page in batches and report back one by
one, so a diagram that hangs the renderer costs one timeout and a fresh page, nothing more.
Results are cached by content hash (the diagram, mermaid, GitHub's mermaid, this harness, the
site's mermaid configuration and the tier), so a second run over unchanged pages starts no
browser at all. With `keep_svg`, every diagram is drawn and its SVG kept beside its result
(`<key>.svg`), for the pages to show without mermaid (`svg`).

The render tier draws what can fail while drawing; a flowchart that parses is only drawn if
its subgraphs form a cycle (the one drawing error of a flowchart), and a sequence diagram that
parses is not drawn (its renderer throws nothing), so the verdict costs a parse for nearly all
lesson diagrams (`fast=False` draws everything, as before).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import threading
from collections import deque
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

from validators.checks.mermaid import bundle
from validators.checks.mermaid.browser import HOST, BundleServer, Profile, bundle_path
from validators.checks.mermaid.source import parse_tells_all, site_code, style_refs
from validators.checks.mermaid.verdict import findings_for
from validators.findings import Finding
from validators.page import Page

Mode = Literal["render", "parse"]
T = TypeVar("T")

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "harness.js"
SITE_CONFIG = HERE / "site_config.json"  # Material for MkDocs' mermaid.initialize() options
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BINDING = "__mermaidCheckReport"
# The page the diagrams are drawn in: the site's fonts, as Material hands them to mermaid
# (`--md-mermaid-font-family`), so a kept SVG measures its labels as the site does.
_FONTS = HERE.parent.parent.parent / "overrides" / "assets" / "stylesheets" / "course.css"
_FONT_VARS = (
    ":root>*{--md-text-font-family:var(--md-text-font,_),-apple-system,BlinkMacSystemFont,"
    "Helvetica,Arial,sans-serif;--md-mermaid-font-family:var(--md-text-font-family),sans-serif}"
)
_PAGE = '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>'
SVG_ID = "MERMAID_ID"  # the render id inside a kept SVG
_FORMAT = 2  # bump when the cached result's shape or the source analysis changes
_CRASHED = object()


# The export page: a host styled as the site's content, the SVG in its shadow root as on the
# site; the palette's values written into the SVG, which is then serialised as XML.
_IMAGE_PAGE = """body => {
  for (const [name, value] of Object.entries(body)) document.body.setAttribute(name, value);
  document.body.innerHTML = '<div class="md-typeset"><div id="host" class="mermaid"></div></div>';
  document.getElementById("host").attachShadow({ mode: "open" });
}"""
_IMAGE_SVG = """([svg]) => {
  const host = document.getElementById("host");
  const style = getComputedStyle(host);
  const resolved = svg.replace(/var\\((--[\\w-]+)\\)/g, (all, name) =>
    style.getPropertyValue(name).trim() || all);
  host.shadowRoot.innerHTML = resolved;
  const element = host.shadowRoot.querySelector("svg");
  return new XMLSerializer().serializeToString(element);
}"""


class MermaidUnavailable(RuntimeError):
    """Chromium or Playwright is missing; the message says what to install."""


@dataclass
class Stats:
    """What a checker did: diagrams checked in the browser, cache hits, pages opened."""

    checked: int = 0
    cached: int = 0
    pages: int = 0
    timeouts: int = 0


@dataclass
class _Job:
    key: str
    code: str
    style: dict[str, Any] | None
    svg: bool = False
    github: bool = False
    fast: bool = True
    parse_only: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "code": self.code,
            "style": self.style,
            "svg": self.svg,
            "github": self.github,
            "fast": self.fast,
            "parseOnly": self.parse_only,
        }


@dataclass
class _Lane:
    page: Any
    reports: asyncio.Queue = field(default_factory=asyncio.Queue)


def default_chromium() -> str | None:
    """Debian's Chromium, else whatever `chromium` is on PATH."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


class MermaidChecker:
    """Renders (or, in "parse" mode, parses) diagrams like the reader's browser does.

    Use as a context manager; Chromium starts on the first diagram the cache cannot answer
    and stops on exit. `check` may be called many times (e.g. on every `mkdocs serve`
    rebuild) from any thread, one call at a time.
    """

    def __init__(
        self,
        mermaid_js: Path,
        cache_dir: Path | None = None,
        timeout: float = 10.0,
        mode: Mode = "render",
        *,
        chromium: str | None = None,
        lanes: int | None = None,
        github_js: Path | None = None,
        github_version: str = "",
        keep_svg: bool = False,
        fast: bool = True,
    ) -> None:
        if mode not in ("render", "parse"):
            raise ValueError(f"mode must be 'render' or 'parse', not {mode!r}")
        self.mermaid_js = Path(mermaid_js)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout = timeout
        self.mode: Mode = mode
        self.chromium = chromium
        # GitHub's mermaid, for the second verdict (parse only); None leaves it out.
        self.github_js = Path(github_js) if github_js is not None else None
        self.github_version = github_version
        self.keep_svg = keep_svg and mode == "render"
        self.fast = fast
        # Pages rendering side by side (one renderer process each): one per core, at most 2.
        self.lanes = max(1, lanes if lanes is not None else min(2, os.cpu_count() or 1))
        self.stats = Stats()
        self._config = json.loads(SITE_CONFIG.read_text(encoding="utf-8"))
        self._harness = HARNESS.read_text(encoding="utf-8")
        self._fonts = _site_fonts()
        self._salt = self._fingerprint(self.mode)
        # the parse tier may answer from the render tier's results (a superset of its own)
        self._render_salt = self._salt if mode == "render" else self._fingerprint("render")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._playwright: Any = None
        self._context: Any = None  # Chromium, with its profile (browser.py)
        self._server: BundleServer | None = None
        self._profile: Profile | None = None
        self._executable = ""
        self._idle: list[_Lane] = []  # pages ready for the next batch
        self._opening: asyncio.Lock | None = None

    # -- public -----------------------------------------------------------------------------

    def __enter__(self) -> MermaidChecker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def browser_started(self) -> bool:
        return self._context is not None

    def check(self, pages: Sequence[Page]) -> list[Finding]:
        """Findings for every mermaid fence of `pages`, in page order."""
        occurrences = []  # (page, fence, job) for every mermaid fence
        jobs: dict[str, _Job] = {}
        for page in pages:
            for fence in page.fences:
                if fence.lang != "mermaid":
                    continue
                job = self._job(site_code(fence.content))
                jobs.setdefault(job.key, job)
                occurrences.append((page, fence, job))
        results = {
            key: result for key, job in jobs.items() if (result := self._answer(job)) is not None
        }
        self.stats.cached += len(results)
        missing = [job for key, job in jobs.items() if key not in results]
        if missing:
            fresh = self._run(self._check_all(missing))
            self.stats.checked += len(fresh)
            for key, result in fresh.items():
                if not result.get("transient"):  # a timeout or crash may not recur
                    self._store(key, result)
                result.pop("svg", None)
            results.update(fresh)
        findings: list[Finding] = []
        for page, fence, job in occurrences:
            findings.extend(
                findings_for(
                    page.path, fence, job.code, results[job.key], self.timeout, self.github_version
                )
            )
        return findings

    def svg(self, code: str) -> str | None:
        """The kept SVG of diagram `code` (as the page carries it: `site_code`), with
        `SVG_ID` for its render id; None if it was not drawn (or does not draw)."""
        key = self._key(self._render_salt, code)
        if self.cache_dir is None:
            return None
        try:
            return (self.cache_dir / f"{key}.svg").read_text(encoding="utf-8")
        except OSError:
            return None

    def images(
        self, svgs: Sequence[str], css: str, body: dict[str, str]
    ) -> list[tuple[str, bytes]]:
        """Each kept SVG as a standalone file and a PNG, drawn in a page styled by `css`
        (the site's stylesheets) with `body`'s attributes (its palette): the SVG's palette
        variables replaced by their values there, serialised as XML."""
        return self._run(self._images(list(svgs), css, body))

    async def _images(
        self, svgs: list[str], css: str, body: dict[str, str]
    ) -> list[tuple[str, bytes]]:
        await self._start()
        browser = await self._playwright.chromium.launch(
            executable_path=self._executable, args=CHROMIUM_ARGS
        )
        page = await browser.new_page(device_scale_factor=2)
        try:
            await page.set_content(_PAGE)
            await page.add_style_tag(content=css + self._fonts)
            await page.evaluate(_IMAGE_PAGE, body)
            result = []
            for index, svg in enumerate(svgs):
                element_id = f"diagram-{index + 1}"
                xml = await page.evaluate(_IMAGE_SVG, [svg.replace(SVG_ID, element_id)])
                png = await page.locator("#host svg").screenshot()
                result.append((xml, png))
            return result
        finally:
            await browser.close()

    def close(self) -> None:
        """Stop Chromium (if it ran) and the checker's event loop."""
        if self._loop is None:
            return
        self._run(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join()
        self._loop.close()
        self._loop = self._thread = None

    # -- cache ------------------------------------------------------------------------------

    def _fingerprint(self, mode: str) -> str:
        digest = hashlib.sha256()
        for part in (
            str(_FORMAT).encode(),
            mode.encode(),
            _file_digest(self.mermaid_js),
            _file_digest(self.github_js) if self.github_js is not None else b"",
            self._harness.encode(),
            (HERE / "bundle.py").read_bytes(),
            self._fonts.encode(),
            json.dumps(self._config, sort_keys=True).encode(),
            (HERE / "source.py").read_bytes(),
        ):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    @staticmethod
    def _key(salt: str, code: str) -> str:
        return hashlib.sha256(f"{salt}\0{code}".encode()).hexdigest()

    def _job(self, code: str) -> _Job:
        refs = style_refs(code)
        style = None if refs is None else {"refs": refs.refs, "probe": refs.probe}
        return _Job(
            key=self._key(self._salt, code),
            code=code,
            style=style,
            svg=self.keep_svg,
            github=self.github_js is not None,
            fast=self.fast,
            parse_only=parse_tells_all(code),
        )

    def _answer(self, job: _Job) -> dict[str, Any] | None:
        """The cached result that answers `job`, if any: its own, else (parse tier) the
        render tier's; with `keep_svg`, only a drawn one whose SVG is kept (or an error)."""
        result = self._cached(job.key)
        if result is None and self._render_salt != self._salt:
            result = self._cached(self._key(self._render_salt, job.code))
        if result is not None and self.keep_svg and "error" not in result:
            if not result.get("full") or not (self.cache_dir / f"{job.key}.svg").is_file():
                return None
        return result

    def _cached(self, key: str) -> dict[str, Any] | None:
        if self.cache_dir is None:
            return None
        try:
            return json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _store(self, key: str, result: dict[str, Any]) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        if "svg" in result:
            _write(self.cache_dir / f"{key}.svg", result["svg"])
        kept = {name: value for name, value in result.items() if name != "svg"}
        _write(self.cache_dir / f"{key}.json", json.dumps(kept, ensure_ascii=False))

    # -- the event loop: Playwright's async API in a private thread -------------------------

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="mermaid-check", daemon=True
            )
            self._thread.start()
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _start(self) -> None:
        if self._context is not None:
            return
        executable = self.chromium or default_chromium()
        if executable is None or not Path(executable).exists():
            raise MermaidUnavailable(
                "Chromium is needed to check mermaid diagrams: install it "
                "(Debian: apt-get install chromium) or check with mode='parse'"
            )
        try:
            from playwright.async_api import async_playwright
        except ImportError as error:
            raise MermaidUnavailable(
                "Playwright is needed to check mermaid diagrams: pip install playwright"
            ) from error
        self._executable = executable
        self._playwright = await async_playwright().start()
        self._server = BundleServer(self._files())
        self._profile = Profile(self.cache_dir)
        try:
            self._context = await self._playwright.chromium.launch_persistent_context(
                str(self._profile.path),
                executable_path=executable,
                args=[*CHROMIUM_ARGS, self._server.resolver_rule],
            )
        except BaseException:
            await self._shutdown()
            raise

    def _files(self) -> dict[str, bytes]:
        """The checker's page and the bundles it loads: GitHub's first, kept aside as
        `mermaidGithub`, then the site's as `mermaid`."""
        scripts = []
        files: dict[str, bytes] = {}
        for name, path in (("mermaid-github", self.github_js), ("mermaid", self.mermaid_js)):
            if path is None:
                continue
            source = bundle.load(path)[0]
            url = bundle_path(name, source)
            files[url] = source.encode()
            scripts.append(f'<script src="{url}"></script>')
            if path is self.github_js:
                scripts.append(
                    "<script>window.mermaidGithub = window.mermaid; delete window.mermaid</script>"
                )
        files["/"] = _PAGE.replace("</head>", "".join(scripts) + "</head>").encode()
        return files

    async def _shutdown(self) -> None:
        if self._context is not None:
            await self._context.close()
        if self._playwright is not None:
            await self._playwright.stop()
        if self._server is not None:
            self._server.close()
        if self._profile is not None:
            self._profile.close()
        self._context = self._playwright = self._server = self._profile = None
        self._idle.clear()

    async def _open(self) -> _Lane:
        """A blank page with mermaid and the harness loaded and initialised like the site."""
        page = await self._context.new_page()
        lane = _Lane(page)
        session = await self._context.new_cdp_session(page)

        def on_binding(event: dict[str, Any]) -> None:
            if event.get("name") == BINDING:
                lane.reports.put_nowait(event["payload"])

        session.on("Runtime.bindingCalled", on_binding)
        page.on("crash", lambda _page: lane.reports.put_nowait(_CRASHED))
        await page.goto(f"http://{HOST}/")
        await session.send("Runtime.addBinding", {"name": BINDING})  # after: none survives it
        await page.add_style_tag(content=self._fonts)
        await page.add_script_tag(content=self._harness)
        await page.evaluate("config => window.__mermaidCheck.init(config)", self._config)
        self.stats.pages += 1
        return lane

    async def _check_all(self, jobs: list[_Job]) -> dict[str, dict[str, Any]]:
        await self._start()
        queue = deque(jobs)
        results: dict[str, dict[str, Any]] = {}
        lanes = min(self.lanes, len(jobs))
        await asyncio.gather(*(self._work(queue, results, lanes) for _ in range(lanes)))
        return results

    async def _work(self, queue: deque[_Job], results: dict, lanes: int) -> None:
        """Take batches from the shared queue until it is empty, in one page (kept for the
        next `check`), renewed after a hang or a crash."""
        lane: _Lane | None = self._idle.pop() if self._idle else None
        try:
            while queue:
                if lane is None:
                    # one page loads at a time: Chromium compiles a bundle for its cache
                    # the second time it loads it (browser.py), not when two load at once
                    self._opening = self._opening or asyncio.Lock()
                    async with self._opening:
                        lane = await self._open()
                size = max(1, min(32, len(queue) // (2 * lanes)))
                batch = [queue.popleft() for _ in range(min(size, len(queue)))]
                done = await self._batch(lane, batch, results)
                if done < len(batch):  # batch[done] hung or crashed the page
                    queue.extendleft(reversed(batch[done + 1 :]))
                    await lane.page.close()
                    lane = None
        except BaseException:
            if lane is not None:
                await lane.page.close()
            raise
        if lane is not None:
            self._idle.append(lane)

    async def _batch(self, lane: _Lane, batch: list[_Job], results: dict) -> int:
        """Run `batch` in the lane's page; the number of jobs that finished."""
        start = lane.page.evaluate(
            "([jobs, mode]) => window.__mermaidCheck.run(jobs, mode)",
            [[job.payload() for job in batch], self.mode],
        )
        try:
            await asyncio.wait_for(start, self.timeout)
        except asyncio.TimeoutError:
            pass  # the page is stuck: the first job will time out below
        for index, job in enumerate(batch):
            try:
                message = await asyncio.wait_for(lane.reports.get(), self.timeout)
            except asyncio.TimeoutError:
                message = None
            if message is None or message is _CRASHED:
                self.stats.timeouts += message is None
                what = "timeout" if message is None else "crash"
                results[job.key] = {what: True, "transient": True}
                return index
            report = json.loads(message)
            if report.get("key") != job.key:  # cannot happen: jobs report in order
                raise RuntimeError(f"mermaid harness reported {report!r} for job {job.key}")
            results[job.key] = report["result"]
        return len(batch)


def _site_fonts() -> str:
    """The page's font rules: Material's variables over the site's `--md-text-font` (only
    that declaration of course.css, so a style edit elsewhere keeps the cache)."""
    text = _FONTS.read_text("utf-8") if _FONTS.is_file() else ""
    font = re.search(r"--md-text-font\s*:[^;]*;", text)
    return _FONT_VARS + (f":root{{{font[0]}}}" if font else "")


def _write(path: Path, text: str) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def _file_digest(path: Path) -> bytes:
    """sha256 of a (large) file, remembered per path, size and mtime."""
    stat = path.stat()
    marker = (str(path), stat.st_size, stat.st_mtime_ns)
    if marker not in _DIGESTS:
        _DIGESTS[marker] = hashlib.sha256(path.read_bytes()).digest()
    return _DIGESTS[marker]


def check_mermaid(
    pages: Sequence[Page],
    *,
    mermaid_js: Path,
    cache_dir: Path | None = None,
    timeout: float = 10.0,
    mode: Mode = "render",
) -> list[Finding]:
    """Check every mermaid diagram of `pages` once, in one browser."""
    with MermaidChecker(mermaid_js, cache_dir=cache_dir, timeout=timeout, mode=mode) as checker:
        return checker.check(pages)
