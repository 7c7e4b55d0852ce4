"""`mkdocs serve` hears a save through inotify (hooks/serving.py `watch_with_inotify`), not
MkDocs' 0.5 s polling of the whole docs folder: a real LiveReloadServer, a real file."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.observers.inotify import InotifyObserver

from hooks.serving import watch_with_inotify


def test_a_save_is_heard_at_once_and_every_path_stays_watched(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "week_01").mkdir(parents=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(config))
    assert watch_with_inotify(server, logging.getLogger("test"))
    assert isinstance(server.observer, InotifyObserver)
    assert set(server._watched_paths) == {str(docs), str(config)}
    page = docs / "week_01" / "session_0.md"
    page.write_text("# 읽기만\n", encoding="utf-8")
    server.observer.start()
    try:
        time.sleep(0.1)
        assert page.read_text(encoding="utf-8")  # a read (the build's own): no rebuild
        time.sleep(0.3)
        assert not server._want_rebuild
        saved = time.perf_counter()
        (docs / "week_01" / "session_1.md").write_text("# 저장\n", encoding="utf-8")
        while not server._want_rebuild and time.perf_counter() - saved < 5:
            time.sleep(0.005)
    finally:
        server.observer.stop()
        server.observer.join()
    assert server._want_rebuild  # heard by inotify (the benchmark measures how soon)


def test_nothing_to_watch_leaves_the_server_as_it_is(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    polling = server.observer
    assert not watch_with_inotify(server, logging.getLogger("test"))
    assert server.observer is polling
