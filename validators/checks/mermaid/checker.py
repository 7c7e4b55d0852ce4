"""Check mermaid diagrams in headless Chromium with the site's own pinned mermaid.

One browser serves the whole run; diagrams go to the page in batches and report back one by
one, so a diagram that hangs the renderer costs one timeout and a fresh page, nothing more.
Results are cached by content hash (the diagram, mermaid, this harness, the site's mermaid
configuration and the mode), so a second run over unchanged pages starts no browser at all.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import threading
from collections import deque
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

from validators.checks.mermaid.source import site_code, style_refs
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
_PAGE = '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>'
_FORMAT = 1  # bump when the cached result's shape or the source analysis changes
_CRASHED = object()


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

    def payload(self) -> dict[str, Any]:
        return {"key": self.key, "code": self.code, "style": self.style}


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
    ) -> None:
        if mode not in ("render", "parse"):
            raise ValueError(f"mode must be 'render' or 'parse', not {mode!r}")
        self.mermaid_js = Path(mermaid_js)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout = timeout
        self.mode: Mode = mode
        self.chromium = chromium
        # Pages rendering side by side (one renderer process each): one per core, at most 2.
        self.lanes = max(1, lanes if lanes is not None else min(2, os.cpu_count() or 1))
        self.stats = Stats()
        self._config = json.loads(SITE_CONFIG.read_text(encoding="utf-8"))
        self._harness = HARNESS.read_text(encoding="utf-8")
        self._salt = self._fingerprint()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._playwright: Any = None
        self._browser: Any = None
        self._context: Any = None
        self._idle: list[_Lane] = []  # pages ready for the next batch

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
        return self._browser is not None

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
        results = {key: result for key in jobs if (result := self._cached(key)) is not None}
        self.stats.cached += len(results)
        missing = [job for key, job in jobs.items() if key not in results]
        if missing:
            fresh = self._run(self._check_all(missing))
            self.stats.checked += len(fresh)
            for key, result in fresh.items():
                if not result.get("transient"):  # a timeout or crash may not recur
                    self._store(key, result)
            results.update(fresh)
        findings: list[Finding] = []
        for page, fence, job in occurrences:
            findings.extend(
                findings_for(page.path, fence, job.code, results[job.key], self.timeout)
            )
        return findings

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

    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        for part in (
            str(_FORMAT).encode(),
            self.mode.encode(),
            self.mermaid_js.read_bytes(),
            self._harness.encode(),
            json.dumps(self._config, sort_keys=True).encode(),
            (HERE / "source.py").read_bytes(),
        ):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def _job(self, code: str) -> _Job:
        refs = style_refs(code)
        style = None if refs is None else {"refs": refs.refs, "probe": refs.probe}
        key = hashlib.sha256(f"{self._salt}\0{code}".encode()).hexdigest()
        return _Job(key=key, code=code, style=style)

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
        path = self.cache_dir / f"{key}.json"
        temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

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
        if self._browser is not None:
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
        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        self._context = await self._browser.new_context()

    async def _shutdown(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
        self._browser = self._context = self._playwright = None
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
        await session.send("Runtime.addBinding", {"name": BINDING})
        await page.set_content(_PAGE)
        await page.add_script_tag(path=str(self.mermaid_js))
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
