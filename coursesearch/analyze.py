"""Text → index keys: what a student types, found in what a lesson writes.

Three kinds of key, all plain strings in one key space:
- Korean morphemes from kiwipiepy: nouns and roots (`컨테이너`, `쿠버네티스`), verb and
  adjective stems (`만들`, `빠르`; `설치했습니다` gives `설치`), and nouns written together
  (`무중단배포`, also `무중단`);
- Hangul bigrams, prefixed `~` (`~컨테`, `~테이`, …; a one-syllable run is `~팀`): the
  dictionary-free fallback CJK search engines use, for words the analyser splits wrongly;
- English words, lowercased and lightly stemmed (`images` → `imag`), from prose and code.

The browser cannot run kiwipiepy, so `query_rules()` hands it the particle and ending atoms
with which it strips a query word (`컨테이너를` → `컨테이너`, `생성하기` → `생성`); the
index's own vocabulary tells it which stripped form, or which split of a compound, exists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

HANGUL_RUN = re.compile(r"[가-힣]+")
LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9_]*")
_ONLY_HANGUL = re.compile(r"[가-힣]+")

# kiwipiepy tags kept as terms (irregular variants such as `VA-I` count as `VA`)
_NOUN_TAGS = {"NNG", "NNP", "NR", "SH", "XR"}
_STEM_TAGS = {"VV", "VA"}
_COMPOUND_TAGS = _NOUN_TAGS | {"XPN", "XSN"}
# stems so common they find everything: 하다, 되다, 있다, 없다, 않다, 보다, 주다, 같다 …
STOP_STEMS = frozenset("하 되 있 없 않 보 주 같 이 아니 오 가 알 받 나 들 쓰 그렇".split())
_MAX_COMPOUND = 12  # syllables: longer runs of nouns are sentences without spaces

# The query side's stripping rules: a word's tail made only of these atoms is taken off
# (`설치했습니다` = 설치 + 했 + 습니다, `해보세요` = 해 + 보 + 세요).
PARTICLES = tuple(
    "이 가 을 를 은 는 의 에 에서 에게 께서 께 한테 로 으로 와 과 도 만 까지 부터 처럼 보다 "
    "이나 나 이랑 랑 이란 란 이든 든 마다 조차 밖에 들 이다 입니다 이에요 예요 이며 며 이고 "
    "고 인 이라 라고 이라고 라는 이라는 이죠 죠 이지 야 이야 로서 으로서 로써 으로써 뿐 대로 "
    "요 같이 에요 이요".split()
)
ENDINGS = tuple(
    "하 해 했 합 할 한 함 하여 되 돼 됐 됩 될 된 됨 시키 시켜 시킨 시킬 시켰 시킵 "
    "다 니다 습니다 기 는 은 을 며 면 면서 서 어 아 여 요 죠 지 게 도록 려고 려면 려 "
    "세요 셔 십시오 시오 시 었 았 였 겠 는데 지만 거나 든지 자 니까 므로 음 까 까요 "
    "보 봐 봤 봅 본 볼 주 줘 줬 줍 준 줄 있 없 않 싶 던 냐 나요 네요 군요".split()
)

# Light English stemming, the same steps as the worker's `stem()` (the test compares them).
_S_KEEP = ("ss", "us", "is")


def english_stem(word: str) -> str:
    """`images` → `imag`, `created` → `creat`, `running` → `run`, `kubernetes` → `kubernet`."""
    w = word.lower()
    if len(w) <= 3 or not w.isascii() or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(_S_KEEP):
        w = w[:-1]
    for suffix, least in (("ing", 6), ("ed", 5)):
        if w.endswith(suffix) and len(w) >= least:
            w = w[: -len(suffix)]
            if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def normalize(text: str) -> str:
    """NFKC (full-width letters, compatibility jamo) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def hangul_bigrams(run: str) -> list[str]:
    """The bigram keys of one Hangul run (`~컨테`, `~테이`, `~이너`); `~팀` for one syllable."""
    if len(run) == 1:
        return ["~" + run]
    return ["~" + run[i : i + 2] for i in range(len(run) - 1)]


def english_keys(text: str) -> list[str]:
    """English words and numbers of `text`, stemmed (one letter alone is left out)."""
    return [english_stem(w) for w in LATIN_WORD.findall(normalize(text)) if len(w) > 1]


def bigram_keys(text: str) -> list[str]:
    keys: list[str] = []
    for run in HANGUL_RUN.findall(normalize(text)):
        keys.extend(hangul_bigrams(run))
    return keys


def query_rules() -> dict[str, list[str]]:
    """The atoms the browser strips from the end of a query word, longest first."""
    return {
        "particles": sorted(set(PARTICLES), key=lambda a: (-len(a), a)),
        "endings": sorted(set(ENDINGS), key=lambda a: (-len(a), a)),
    }


class Analyzer:
    """kiwipiepy, loaded on first use (about 1 s), with the glossary's Korean words added
    as proper nouns so it keeps them whole (`도커` is otherwise `도` + `크`)."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self.user_words = sorted({w for w in user_words if _ONLY_HANGUL.fullmatch(w)})
        self._kiwi = None

    @property
    def identity(self) -> str:
        """What the analysis depends on: kiwipiepy's and its model's versions, user words."""
        import kiwipiepy

        try:
            from importlib.metadata import version

            model = version("kiwipiepy-model")
        except Exception:  # noqa: BLE001 - the model's version is only part of a cache key
            model = "?"
        return f"kiwipiepy {kiwipiepy.__version__} model {model} words {','.join(self.user_words)}"

    def _load(self):
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            kiwi = Kiwi(num_workers=1)  # pieces are short: one thread, no batching
            for word in self.user_words:
                kiwi.add_user_word(word, "NNP", 0.0)
            self._kiwi = kiwi
        return self._kiwi

    def morphemes(self, texts: Sequence[str]) -> list[list[str]]:
        """The Korean terms of each text: nouns, roots, stems and written-together nouns."""
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            for piece in _pieces(text):
                pieces.append(piece)
                owner.append(i)
        out: list[list[str]] = [[] for _ in texts]
        if not pieces:
            return out
        kiwi = self._load()
        seen: dict[str, list[str]] = {}  # headings and boilerplate repeat across pages
        for i, piece in zip(owner, pieces, strict=True):
            if piece not in seen:
                seen[piece] = _terms(piece, kiwi.tokenize(piece))
            out[i].extend(seen[piece])
        return out


_SENTENCE_END = re.compile(r"(?<=[.!?:;|•·→])\s+|\s+(?=[-*•▶✅❌📌🔍💡⚠️])")
_PIECE = 60  # characters: kiwipiepy slows down sharply on long unsegmented inputs


def _pieces(text: str) -> list[str]:
    """`text` in short pieces that hold Hangul: sentences, long ones cut at spaces."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if not HANGUL_RUN.search(sentence):
            continue
        while len(sentence) > _PIECE:
            cut = sentence.rfind(" ", 0, _PIECE)
            if cut <= 0:
                cut = sentence.find(" ", _PIECE)
                if cut < 0:
                    break
            head, sentence = sentence[:cut], sentence[cut + 1 :]
            if HANGUL_RUN.search(head):
                out.append(head)
        if HANGUL_RUN.search(sentence):
            out.append(sentence)
    return out


def _terms(text: str, tokens: list) -> list[str]:
    terms: list[str] = []
    run: list = []

    def close_run() -> None:
        if len(run) >= 2:
            start, end = run[0].start, run[-1].start + run[-1].len
            surface = text[start:end]
            if end - start <= _MAX_COMPOUND and _ONLY_HANGUL.fullmatch(surface):
                terms.append(surface)
                if run[0].tag == "XPN" and len(run) > 2:  # 무중단배포: also 무중단
                    terms.append(text[start : run[1].start + run[1].len])
        run.clear()

    for tok in tokens:
        tag = tok.tag.split("-", 1)[0]
        form = tok.form
        if tag in _COMPOUND_TAGS and _ONLY_HANGUL.fullmatch(form):
            if run and tok.start != run[-1].start + run[-1].len:
                close_run()
            run.append(tok)
        else:
            close_run()
        if not _ONLY_HANGUL.fullmatch(form):
            continue
        if tag in _NOUN_TAGS or (tag in _STEM_TAGS and form not in STOP_STEMS):
            terms.append(form)
    close_run()
    return terms
