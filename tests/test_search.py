"""The course search's parts without a browser: analysis, extraction, glossary, the index,
and the worker's query side run in Node against an index built here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coursesearch import (
    DEFAULT_GLOSSARY,
    Analyzer,
    build_index,
    english_stem,
    hangul_bigrams,
    key_hash,
    page_text,
    parse_glossary,
    query_rules,
)
from coursesearch.extract import mermaid_labels
from coursesearch.glossary import merge_groups
from tests.conftest import ROOT, require

WORKER = ROOT / "overrides" / "assets" / "javascripts" / "coursesearch.js"

PAGE = """<html><body><nav class="md-nav">내비게이션 메뉴</nav>
<article class="md-content__inner md-typeset">
<a href="x" class="md-content__button md-icon">편집</a>
<h1 id="week-1">Week 1 Day 2: 컨테이너 기초<a class="headerlink" href="#week-1">&para;</a></h1>
<div class="course-card" role="note"><span class="course-card__value">카드중복문장</span></div>
<p>도입 문단에서 (컨테이너)를 소개합니다.</p>
<h2 id="볼륨-관리">볼륨 관리<a class="headerlink" href="#볼륨-관리">&para;</a></h2>
<a class="exec-badge exec-badge--passed" href="../course-health/#x"><span>✅</span> 실행확인배지</a>
<div class="highlight"><pre><span></span><code>docker volume create data
</code></pre></div>
<p>D[네트워크]와 <strong>볼륨</strong>을 만들었습니다.</p>
<figure class="day-timeline"><span>타임라인중복</span></figure>
<pre class="mermaid"><code>graph LR
    A[호스트&lt;br/&gt;디렉터리] --&gt; B(컨테이너 경로)
    style A fill:#f9f
</code></pre>
<h3>아이디 없는 제목</h3><p>끝 문단</p>
</article><footer>바닥글</footer></body></html>"""


def test_extract_reads_sections_by_the_rendered_heading_ids() -> None:
    page = page_text(PAGE, "Day 2 · 컨테이너 기초")
    assert page.title == "Day 2 · 컨테이너 기초"
    assert page.h1 == "Week 1 Day 2: 컨테이너 기초"
    assert [(s.id, s.title) for s in page.sections] == [
        (None, "Day 2 · 컨테이너 기초"),
        ("볼륨-관리", "볼륨 관리"),
    ]
    top, volume = page.sections
    assert top.text == "도입 문단에서 (컨테이너)를 소개합니다."
    assert volume.code == "docker volume create data"
    assert "D[네트워크]와 볼륨을 만들었습니다." in volume.text
    assert "호스트 디렉터리 컨테이너 경로" in volume.text  # mermaid: labels only
    assert "아이디 없는 제목 끝 문단" in volume.text


def test_extract_leaves_out_cards_badges_timelines_and_chrome() -> None:
    page = page_text(PAGE)
    everything = page.digest_source()
    for left_out in (
        "카드중복문장",
        "실행확인배지",
        "타임라인중복",
        "내비게이션",
        "바닥글",
        "편집",
        "¶",
    ):
        assert left_out not in everything
    assert "graph" not in everything and "fill" not in everything


def test_mermaid_labels_drop_syntax() -> None:
    source = "sequenceDiagram\n    participant U as 사용자\n    U->>S: 요청 보내기\n    %% 주석"
    assert mermaid_labels(source) == "사용자 요청 보내기"


def test_english_stem_and_bigrams() -> None:
    assert [english_stem(w) for w in ("images", "image", "created", "running", "K8s")] == [
        "imag",
        "imag",
        "creat",
        "run",
        "k8s",
    ]
    assert english_stem("Kubernetes") == english_stem("kubernetes") == "kubernet"
    assert hangul_bigrams("컨테이너") == ["~컨테", "~테이", "~이너"]
    assert hangul_bigrams("팀") == ["~팀"]


def test_glossary_file_tables_and_lists() -> None:
    text = (
        "# 용어집\n\n| 한국어 | English |\n|---|---|\n| **쿠버네티스** | Kubernetes, K8s |\n"
        "| 파드 | Pod |\n\n- 인그레스 ↔ Ingress\n- `헬름` = Helm / helm chart\n- 그냥 문장\n"
    )
    assert parse_glossary(text) == [
        ["쿠버네티스", "Kubernetes", "K8s"],
        ["파드", "Pod"],
        ["인그레스", "Ingress"],
        ["헬름", "Helm", "helm chart"],
    ]
    merged = merge_groups([["도커", "Docker"]], [["docker", "도커엔진"]])
    assert merged == [["도커", "Docker", "도커엔진"]]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer([n for g in DEFAULT_GLOSSARY for n in g])


def test_kiwi_terms_stems_and_compounds(analyzer: Analyzer) -> None:
    terms = analyzer.morphemes(
        ["도커 볼륨을 설치했습니다", "무중단배포를 빠르게 만들었습니다", "Docker 없음"]
    )
    assert {"도커", "볼륨", "설치"} <= set(terms[0])
    assert {"무중단배포", "무중단", "중단", "배포", "빠르", "만들"} <= set(terms[1])
    assert terms[2] == []


def _node_available() -> None:
    require(shutil.which("node") is not None, "node")


def _node(script: str) -> object:
    result = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(result.stdout)


def test_worker_stems_and_hashes_as_python_does() -> None:
    _node_available()
    words = ["images", "image", "created", "running", "kubernetes", "classes", "status", "pods"]
    keys = ["컨테이너", "~컨테", "docker", "쿠버네티스", "a"]
    out = _node(
        f"const w = require({json.dumps(str(WORKER))});"
        f"console.log(JSON.stringify([{json.dumps(words)}.map(w.stem),"
        f" {json.dumps(keys, ensure_ascii=False)}.map(w.keyHash)]))"
    )
    assert out == [[english_stem(w) for w in words], [key_hash(k) for k in keys]]


def _words(queries: list[str], vocab: list[str]) -> list:
    meta = {"vocab": vocab, "rules": query_rules(), "glossary": [list(g) for g in DEFAULT_GLOSSARY]}
    return _node(
        f"const w = require({json.dumps(str(WORKER))});"
        f"const a = new w.QueryAnalyzer({json.dumps(meta, ensure_ascii=False)});"
        f"console.log(JSON.stringify({json.dumps(queries, ensure_ascii=False)}.map(q =>"
        " a.words(q).map(x => [x.label, x.alts.map(t => t.keys.join('+'))]))))"
    )


def test_query_words_lose_particles_and_endings_and_split_compounds() -> None:
    _node_available()
    vocab = ["컨테이너", "설치", "생성", "이미지", "레이어", "삭제", "볼륨", "만들"]
    out = _words(
        ["컨테이너를", "설치했습니다", "생성하기", "삭제하는", "이미지레이어", "만들었습니다"],
        vocab,
    )
    labels = [[w[0] for w in q] for q in out]
    assert labels == [["컨테이너"], ["설치"], ["생성"], ["삭제"], ["이미지 레이어"], ["만들"]]
    assert out[4][0][1][0] == "이미지+레이어"
    assert "~이미+~미지+~지레+~레이+~이어" in out[4][0][1]  # the bigram fallback too


def test_query_splits_scripts_and_adds_glossary_names() -> None:
    _node_available()
    out = _words(["Docker볼륨", "Docker를", "쿠버네티스"], ["볼륨"])
    assert [w[0] for w in out[0]] == ["docker", "볼륨"]
    assert [w[0] for w in out[1]] == ["docker"]  # 를 is a particle, not a word
    assert "kubernet" in out[2][0][1] and "k8s" in out[2][0][1]


def _section(title: str, text: str, sid: str | None = None):
    from coursesearch import Section

    return Section(sid, title, 2 if sid else 1, text)


def test_index_answers_with_every_word_required_and_ranks_the_title(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    _node_available()
    from coursesearch import PageText

    pages = [
        ("a/", PageText("Dockerfile 작성", "", [_section("Dockerfile 작성", "Dockerfile Docker 이미지")])),  # noqa: E501
        ("b/", PageText("실습", "", [_section("실습", "도입"), _section("Docker 네트워크", "브리지 네트워크를 만듭니다", "net")])),  # noqa: E501
        ("c/", PageText("Docker 네트워크 심화", "", [_section("Docker 네트워크 심화", "오버레이")])),  # noqa: E501
        ("d/", PageText("네트워크", "", [_section("네트워크", "라우터의 네트워크")])),
    ]  # fmt: skip
    cache = tmp_path / "cache.json"
    stats = build_index(pages, tmp_path / "idx", analyzer, DEFAULT_GLOSSARY, cache)
    assert stats.pages == 4 and stats.analysed == 4 and cache.exists()
    again = build_index(pages, tmp_path / "idx", analyzer, DEFAULT_GLOSSARY, cache)
    assert again.analysed == 0  # from the cache
    idx = tmp_path / "idx"
    out = _node(
        f"const w = require({json.dumps(str(WORKER))}); const fs = require('fs');"
        f"const dir = {json.dumps(str(idx))};"
        "const meta = JSON.parse(fs.readFileSync(dir + '/meta.json'));"
        "const s = new w.CourseSearch(meta, n => JSON.parse(fs.readFileSync(`${dir}/s${n}.json`)));"
        "(async () => { const out = [];"
        " for (const q of ['Docker 네트워크', '도커 네트워크를', 'dockerfile', '라우터 없는말']) {"
        "  const r = await s.search(q); out.push(r.items.map(i => i.map(d => d.location)));"
        " } console.log(JSON.stringify(out)); })();"
    )
    both, korean, english, partial = out
    assert [item[0] for item in both] == ["c/", "b/#net"]  # the title first; a and d lack a word
    assert both[1] == ["b/#net", "b/"]  # the section with both words leads its page
    assert [item[0] for item in korean] == ["c/", "b/#net"]  # 도커 = Docker, 네트워크를
    assert [item[0] for item in english] == ["a/"]
    assert [item[0] for item in partial] == ["d/"]  # no page has both: the most words found


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("bogus: 1", "unknown setting extra.course.search.bogus"),
        ("glossary: [쿠버네티스]", "extra.course.search.glossary must be a list of lists"),
    ],
)
def test_a_wrong_search_setting_stops_the_build_with_the_fix(
    tmp_path: Path, setting: str, message: str
) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from hooks import search
    from tests.conftest import write_course

    config_file = write_course(
        tmp_path,
        {"index.md": "# 홈\n"},
        f"  - {ROOT / 'hooks' / 'search.py'}\nextra:\n  course:\n    search:\n      {setting}\n",
    )
    config = load_config(str(config_file))
    config.theme["language"] = "en"
    with pytest.raises(PluginError, match=message):
        search.on_config(config)
