"""External link checks over HTTP with requests: concurrent, polite per host, retried, cached.

`ExternalChecker.check(urls)` answers one `LinkStatus` per URL:

- HEAD first; GET (streamed, body never read) when HEAD answers an error other than 429;
- redirects are followed by hand so that a permanent one (301/308) is seen with its new URL;
- 429, 5xx and timeouts are retried with exponential backoff (Retry-After honoured, bounded);
- at most `per_host` requests run at once against one host, started `host_delay` seconds apart;
- results are kept in `cache_dir/external-links.json`: answers for `cache_ttl` seconds,
  failures that may pass (no answer, 429, 5xx) for the shorter `failure_ttl`, so a second run
  makes no requests;
- no network at all (the first hosts asked do not resolve, or the network is unreachable)
  is found out once: the other URLs are not asked (`UNCHECKED`, `offline` set), and that is
  remembered for `offline_ttl` seconds, so the next runs make no request either;
- `request=False` asks nothing: only what the cache knows is answered.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

USER_AGENT = "Mozilla/5.0 (compatible; course-site-linkcheck/0.1; +https://www.mkdocs.org/)"
CACHE_FILE = "external-links.json"
_CACHE_VERSION = 2
_PROBES = 3  # hosts asked first to tell "no network" from one dead host

# Kinds of result.
OK = "ok"  # 2xx (possibly after temporary redirects)
REDIRECT = "redirect"  # 2xx after a permanent redirect: `new_url` is where the link should go
BROKEN = "broken"  # 404 or 410
DENIED = "denied"  # 401 or 403: the page exists for some people
STATUS = "status"  # any other unexpected status, after retries
UNREACHABLE = "unreachable"  # no answer: DNS, refused connection, timeout, TLS, redirect loop
UNCHECKED = "unchecked"  # not asked: no network, or the cache did not know it (request=False)

# Why an unreachable URL got no answer (`LinkStatus.cause`); "" for another request error.
TIMED_OUT = "timeout"
TLS = "tls"
NO_HOST = "dns"
REFUSED = "refused"
FAILED = "connection"
TOO_MANY_REDIRECTS = "redirects"
NO_NETWORK = "network"  # the network (or the proxy) cannot be reached at all

_PERMANENT = frozenset({301, 308})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class LinkStatus:
    """What one URL answered. `new_url` is set when the link should be updated.

    `reason` is the HTTP status (`404 Not Found`) or, unreachable, what went wrong in
    English; `cause` names the latter for the message catalog (`TIMED_OUT`, `TLS`…).
    """

    url: str
    kind: str
    code: int | None = None
    reason: str = ""
    new_url: str | None = None
    final_url: str | None = None
    checked_at: float = 0.0
    cause: str = ""

    @property
    def transient(self) -> bool:
        """Failures that may pass by themselves: cached for the shorter `failure_ttl`."""
        return self.kind == UNREACHABLE or (
            self.kind == STATUS and self.code is not None and (self.code == 429 or self.code >= 500)
        )


class _TooManyRedirects(Exception):
    pass


class _HostGate:
    """At most `limit` requests at once to one host, each started `delay` s after the last."""

    def __init__(self, limit: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, limit))
        self._lock = threading.Lock()
        self._next = 0.0
        self._delay = delay

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self._delay
            if start > now:
                time.sleep(start - now)
            yield


class ExternalChecker:
    """Checks http(s) URLs; `requests_made` counts the HTTP requests actually sent."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        per_host: int = 2,
        host_delay: float = 0.2,
        workers: int = 8,
        max_redirects: int = 10,
        cache_dir: Path | None = None,
        cache_ttl: float = 86400.0,
        failure_ttl: float = 3600.0,
        offline_ttl: float = 600.0,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.per_host = per_host
        self.host_delay = host_delay
        self.workers = workers
        self.max_redirects = max_redirects
        self.cache_dir = cache_dir
        self.cache_ttl = cache_ttl
        self.failure_ttl = min(failure_ttl, cache_ttl)
        self.offline_ttl = offline_ttl
        self.offline = False  # set when no network was found: nothing was asked
        self.user_agent = user_agent
        self.requests_made = 0
        self._count_lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self._local = threading.local()

    # -- public ------------------------------------------------------------------------------

    def check(
        self,
        urls: Iterable[str],
        progress: Callable[[int, int], object] | None = None,
        request: bool = True,
    ) -> dict[str, LinkStatus]:
        """Check each distinct URL once; `progress(done, total)` follows every answer.

        Without `request`, or with no network, URLs the cache does not know are UNCHECKED.
        """
        unique = list(dict.fromkeys(urls))
        total = len(unique)
        cache, offline_at = self._load_cache()
        now = time.time()
        results: dict[str, LinkStatus] = {}
        todo = []
        for url in unique:
            cached = cache.get(url)
            if cached is not None and now - cached.checked_at < self._ttl(cached):
                results[url] = cached
            else:
                todo.append(url)
        done = len(results)
        if progress is not None and done:
            progress(done, total)
        if todo and request and now - offline_at < self.offline_ttl:
            self.offline = True  # found out by an earlier run: ask nothing
        if todo and request and not self.offline:
            probed = self._probe(todo)
            results.update(probed)
            todo = [url for url in todo if url not in probed]
            if self.offline:
                offline_at = now
            else:
                with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(todo)))) as pool:
                    futures = {pool.submit(self._check_one, url): url for url in todo}
                    for future in as_completed(futures):
                        results[futures[future]] = future.result()
                        done += 1
                        if progress is not None:
                            progress(done, total)
                todo = []
            self._save_cache(cache, results, offline_at if self.offline else 0.0)
        for url in todo:
            results[url] = LinkStatus(url, UNCHECKED)
        if progress is not None and done < total:
            progress(total, total)
        return {url: results[url] for url in unique}

    def _ttl(self, status: LinkStatus) -> float:
        return self.failure_ttl if status.transient else self.cache_ttl

    def _probe(self, urls: list[str]) -> dict[str, LinkStatus]:
        """Ask one URL of each of the first hosts. When at least two hosts were asked and
        none resolved (or the network is unreachable), there is no network: `offline` is set
        and the probes' answers are dropped."""
        first: dict[str, str] = {}
        for url in urls:
            host = (urlsplit(url).hostname or "").lower()
            first.setdefault(host, url)
            if len(first) == _PROBES:
                break
        answers = {}
        without = 0
        for url in first.values():
            status, cut_off = self._ask_once(url)
            answers[url] = status
            without += cut_off
            if not cut_off:
                break  # an answer, or a host that is down: there is a network
        if len(answers) >= 2 and without == len(answers):
            self.offline = True
            return {}
        return answers

    def _ask_once(self, url: str) -> tuple[LinkStatus, bool]:
        """A probe: the URL's status and whether its failure says there is no network."""
        status = self._check_one(url)
        return status, status.kind == UNREACHABLE and status.cause in (NO_HOST, NO_NETWORK)

    # -- one URL -----------------------------------------------------------------------------

    def _check_one(self, url: str) -> LinkStatus:
        checked_at = time.time()
        try:
            return self._follow(url, checked_at)
        except _TooManyRedirects:
            reason = f"more than {self.max_redirects} redirects"
            return LinkStatus(
                url, UNREACHABLE, reason=reason, checked_at=checked_at, cause=TOO_MANY_REDIRECTS
            )
        except requests.RequestException as exc:
            cause, reason = _describe(exc)
            return LinkStatus(url, UNREACHABLE, reason=reason, checked_at=checked_at, cause=cause)

    def _follow(self, url: str, checked_at: float) -> LinkStatus:
        current = url
        new_url = None
        permanent = True  # every hop so far was permanent
        for _ in range(self.max_redirects + 1):
            code, headers = self._status(current)
            location = headers.get("Location")
            if code in _REDIRECTS and location:
                target = urljoin(current, location)
                permanent = permanent and code in _PERMANENT
                if permanent:
                    new_url = target
                current = target
                continue
            return _classify(url, code, new_url, current, checked_at)
        raise _TooManyRedirects

    def _status(self, url: str) -> tuple[int, requests.structures.CaseInsensitiveDict]:
        """One hop's status, with retries on 429, 5xx and timeouts."""
        use_get = False
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._request("GET" if use_get else "HEAD", url)
                if not use_get and response.status_code >= 400 and response.status_code != 429:
                    use_get = True  # HEAD refused or unreliable: ask with GET
                    response = self._request("GET", url)
            except (requests.Timeout, requests.ConnectionError) as exc:
                if last or not _retryable(exc):
                    raise
                self._sleep(self.backoff * 2**attempt)
                continue
            code = response.status_code
            if (code == 429 or code >= 500) and not last:
                wait = _retry_after(response.headers.get("Retry-After"))
                self._sleep(self.backoff * 2**attempt if wait is None else wait)
                continue
            return code, response.headers
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, method: str, url: str) -> requests.Response:
        with self._gate(url).slot():
            with self._count_lock:
                self.requests_made += 1
            response = self._session().request(
                method,
                url,
                allow_redirects=False,
                timeout=(self.timeout, self.timeout),
                stream=True,
            )
            response.close()  # the status and headers are all we need
            return response

    def _sleep(self, seconds: float) -> None:
        time.sleep(min(max(seconds, 0.0), self.max_wait))

    def _gate(self, url: str) -> _HostGate:
        host = (urlsplit(url).hostname or "").lower()
        with self._gates_lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.per_host, self.host_delay)
            return gate

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update({"User-Agent": self.user_agent, "Accept": "*/*"})
            self._local.session = session
        return session

    # -- cache -------------------------------------------------------------------------------

    def _cache_path(self) -> Path | None:
        return None if self.cache_dir is None else Path(self.cache_dir) / CACHE_FILE

    def _load_cache(self) -> tuple[dict[str, LinkStatus], float]:
        """The cached statuses, and when no network was last found (0.0: never)."""
        path = self._cache_path()
        if path is None or not path.is_file():
            return {}, 0.0
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != _CACHE_VERSION:
                return {}, 0.0
            entries = {url: LinkStatus(**entry) for url, entry in data["entries"].items()}
            return entries, float(data.get("offline_at", 0.0))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}, 0.0  # a damaged cache is only a slower run

    def _save_cache(
        self, cache: dict[str, LinkStatus], results: dict[str, LinkStatus], offline_at: float
    ) -> None:
        path = self._cache_path()
        if path is None:
            return
        now = time.time()
        merged = {url: s for url, s in cache.items() if now - s.checked_at < self._ttl(s)}
        merged.update({url: s for url, s in results.items() if s.kind != UNCHECKED})
        if not merged and not offline_at and not path.exists():
            return
        data = {
            "version": _CACHE_VERSION,
            "offline_at": offline_at,
            "entries": {u: asdict(s) for u, s in merged.items()},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".external-links-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(temporary, path)


def _classify(url: str, code: int, new_url: str | None, final: str, at: float) -> LinkStatus:
    reason = _reason(code)
    final_url = final if final != url else None
    if 200 <= code < 300:
        kind = REDIRECT if new_url else OK
    elif code in (404, 410):
        kind = BROKEN
    elif code in (401, 403):
        kind = DENIED
    else:
        kind = STATUS
    return LinkStatus(url, kind, code, reason, new_url, final_url, at)


def _reason(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, requests.Timeout):
        return True
    text = str(exc)
    return not any(marker in text for marker in _NO_RETRY)


_NO_RETRY = (
    "NameResolution",
    "Name or service not known",
    "nodename nor servname",
    "refused",
    "Network is unreachable",
)


def _describe(exc: requests.RequestException) -> tuple[str, str]:
    """The cause of a request error and its reason in English (the exception's class name
    for another error)."""
    text = str(exc)
    if isinstance(exc, requests.Timeout):
        return TIMED_OUT, "no answer before the timeout"
    if isinstance(exc, requests.exceptions.SSLError):
        return TLS, "TLS error"
    if any(marker in text for marker in _NO_RETRY[:3]) or "Failed to resolve" in text:
        return NO_HOST, "the host name does not resolve"
    if isinstance(exc, requests.exceptions.ProxyError) or "Network is unreachable" in text:
        return NO_NETWORK, "the network is unreachable"
    if "refused" in text:
        return REFUSED, "connection refused"
    if isinstance(exc, requests.ConnectionError):
        return FAILED, "connection failed"
    return "", type(exc).__name__
