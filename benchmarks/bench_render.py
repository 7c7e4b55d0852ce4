"""Rendering benchmark (issue 12): the site's pages from markdown-it-py's tokens against the
Python-Markdown configuration they replaced, side by side in one run.

The old configuration is the project at `--old` (default: the commit before the renderer),
exported with `git archive` into a temporary folder and imported first (PYTHONPATH), so the
old hooks, `github_compat.py` and the old `markdown_extensions` build exactly as they did.
On the course of `generate_course.py` (300 sessions, warm caches: what every build after
the first is), builds alternate and the best of each kind is kept:

- old plain: the old mkdocs.yml without hooks (Python-Markdown and its extensions only);
- old hooks: the old mkdocs.yml with hooks/course.py (rewriting, then Python-Markdown);
- new hooks: this tree (pages rendered from the page model's tokens).

With `--compare DIR...` it also reports how many pages of those folders render with
cmark-gfm's structure and visible text (`validators.render.compare`): rendered, and built
into a site by the old and the new tree (each page's `<article>`); and, when Node.js
and `npm` are there, how many heading ids equal github-slugger's (installed into a
temporary folder from the npm registry).

    .venv/bin/python -m benchmarks.bench_render [--sessions 300] [--repeat 3]
        [--old COMMIT] [--compare docs ../shared/course-sample/theory]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from benchmarks.generate_course import generate

ROOT = Path(__file__).resolve().parent.parent
OLD = "cea0253"  # the last commit rendering with Python-Markdown (hooks/github_compat.py)
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def export(commit: str, into: Path) -> Path:
    """The project as it was at `commit`, in `into` (node_modules shared with this tree)."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "node_modules").symlink_to(ROOT / "node_modules")
    return into


def config(course: Path, name: str, project: Path, hooks: bool) -> Path:
    path = course / f"{name}.yml"
    hook = f"hooks:\n  - {project / 'hooks' / 'course.py'}\n" if hooks else "hooks: []\n"
    path.write_text(
        f"INHERIT: {project / 'mkdocs.yml'}\nsite_name: {name}\n"
        f"theme:\n  custom_dir: {project / 'overrides'}\n{hook}"
        f"extra:\n  course:\n    cache_dir: .cache-{name}\n",
        encoding="utf-8",
    )
    return path


def build(config_file: Path, site: Path, project: Path) -> float:
    env = dict(ENV, PYTHONPATH=str(project))
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file),
               "-d", str(site)]  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(command, cwd=config_file.parent, env=env, capture_output=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return seconds


_RELATIVE = re.compile(r"<a href=(?!https?:|#|mailto:)[^>]*>|<img src=(?!https?:)\S*")


def built(folder: Path, project: Path, work: Path, name: str) -> tuple[int, int]:
    """(built pages with cmark-gfm's structure, built pages): `folder` built as a site by
    `project`'s mkdocs.yml and hooks; each page's `<article>` (the card, timeline and badges
    left out) against its Markdown. Relative URLs are the site's on one side and the
    Markdown's on the other, so they are compared as relative."""
    from validators.render.compare import github_html, structure

    course = work / f"built-{name}"
    course.mkdir()
    path = course / "mkdocs.yml"
    path.write_text(
        f"INHERIT: {project / 'mkdocs.yml'}\nsite_name: {name}\ndocs_dir: {folder.resolve()}\n"
        f"theme:\n  custom_dir: {project / 'overrides'}\n"
        f"hooks:\n  - {project / 'hooks' / 'course.py'}\n",
        encoding="utf-8",
    )
    build(path, course / "site", project)
    same = total = 0
    for source in sorted(folder.rglob("*.md")):
        relative = source.relative_to(folder)
        if source.stem in ("README", "index"):
            page = course / "site" / relative.parent / "index.html"
        else:
            page = course / "site" / relative.with_suffix("") / "index.html"
        html = page.read_text(encoding="utf-8") if page.exists() else ""
        if "<article" not in html:
            continue  # a page MkDocs dropped (course/dropped-page)
        article = html[html.index("<article") : html.index("</article>")]
        ours = _RELATIVE.sub("REL", structure(article[article.index(">") + 1 :]))
        github = _RELATIVE.sub("REL", structure(github_html(source.read_text(encoding="utf-8"))))
        total += 1
        same += ours == github
    return same, total


def compare(folders: list[Path]) -> tuple[int, int, list[str]]:
    """(pages with GitHub's structure, pages, the others) over `folders`."""
    from validators.page import parse_page
    from validators.render import render_page
    from validators.render.compare import github_html, structure

    same, total, others = 0, 0, []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            page = parse_page(str(path), path.read_text(encoding="utf-8"))
            total += 1
            if structure(render_page(page).html) == structure(github_html(page.text)):
                same += 1
            else:
                others.append(str(path))
    return same, total, others


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self.current is not None:
            self.items.append("".join(self.current))
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)


_SLUGGER = """
const {default: Slugger} = await import(process.argv[1]);
const pages = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(pages.map((hs) => { const s = new Slugger(); return hs.map((h) => s.slug(h)); })));
"""  # noqa: E501


def heading_ids(folders: list[Path], work: Path) -> tuple[int, int] | None:
    """(ids equal to github-slugger's, headings): the text of each heading of cmark-gfm's
    HTML slugged by github-slugger in Node, against the site's ids."""
    from validators.page import parse_page
    from validators.render import render_page
    from validators.render.compare import github_html

    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    npm = work / "npm"
    npm.mkdir()
    install = ["npm", "install", "github-slugger@2", "--no-audit", "--no-fund",
               "--loglevel=error", "--prefix", str(npm)]  # fmt: skip
    subprocess.run(install, check=True, capture_output=True)
    texts, ours = [], []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            page = parse_page(str(path), path.read_text(encoding="utf-8"))
            headings = _Headings()
            headings.feed(github_html(page.text))
            texts.append(headings.items)
            ours.append([entry.id for entry in render_page(page).toc])
    module = npm / "node_modules" / "github-slugger" / "index.js"
    result = subprocess.run(
        ["node", "-e", f"(async () => {{ {_SLUGGER} }})()", str(module)],
        input=json.dumps(texts), capture_output=True, text=True, check=True,
    )  # fmt: skip
    theirs = json.loads(result.stdout)
    pairs = zip(ours, theirs, strict=True)
    equal = sum(a == b for mine, their in pairs for a, b in zip(mine, their, strict=False))
    return equal, sum(len(their) for their in theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind (best kept)")
    parser.add_argument("--old", default=OLD, help="the commit to compare with")
    parser.add_argument("--compare", nargs="*", type=Path, default=[], help="folders of pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old = export(args.old, work / "old")
        course = generate(work / "course", args.sessions).parent
        kinds = {
            "old-plain": (config(course, "old-plain", old, hooks=False), old),
            "old-hooks": (config(course, "old-hooks", old, hooks=True), old),
            "new-hooks": (config(course, "new-hooks", ROOT, hooks=True), ROOT),
        }
        for name, (path, project) in kinds.items():  # caches warmed (diagrams, blocks)
            build(path, work / f"site-{name}", project)
        runs: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(args.repeat):  # alternated: the machine is noisy
            for name, (path, project) in kinds.items():
                runs[name].append(build(path, work / f"site-{name}", project))
        best = {name: min(times) for name, times in runs.items()}
        ids = heading_ids(args.compare, work) if args.compare else None
        sites = [
            (str(folder), built(folder, old, work, f"old{n}"), built(folder, ROOT, work, f"new{n}"))
            for n, folder in enumerate(args.compare)
        ]
    plain, old_hooks, new_hooks = best["old-plain"], best["old-hooks"], best["new-hooks"]
    print(f"{'pages':40} {args.sessions:>10}")
    print(f"{'mkdocs build, old config, plain (best)':40} {plain:>8.2f} s")
    print(f"{'mkdocs build, old config, hooks (best)':40} {old_hooks:>8.2f} s"
          f"  {old_hooks / plain:.2f}x old plain")  # fmt: skip
    ratios = f"{new_hooks / plain:.2f}x old plain, {new_hooks / old_hooks:.2f}x old hooks"
    print(f"{'mkdocs build, new renderer, hooks (best)':40} {new_hooks:>8.2f} s  {ratios}")
    if args.compare:
        same, total, others = compare(args.compare)
        print(f"{'pages with cmark-gfm structure':40} {same:>6} / {total}")
        for path in others:
            print(f"  differs: {path}")
        for folder, (old_same, old_total), (new_same, new_total) in sites:
            print(f"built pages of {folder} with cmark-gfm structure: "
                  f"old {old_same} / {old_total}, new {new_same} / {new_total}")  # fmt: skip
        if ids is not None:
            print(f"{'heading ids equal to github-slugger':40} {ids[0]:>6} / {ids[1]}")


if __name__ == "__main__":
    main()
