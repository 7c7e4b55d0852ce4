/*
 * Course search: a web worker that speaks Material's search worker protocol
 * (SETUP 0 → READY 1, QUERY 2 → RESULT 3), so Material's own search box, result list and
 * on-page highlight drive it. It answers from the index hooks/search.py prebuilt with
 * kiwipiepy (search/course/): meta.json first, then only the shards a query's keys need.
 *
 * A query word is normalised as the index was, without the analyser: Hangul words lose
 * their particles and endings by the index's rules (컨테이너를 → 컨테이너, 설치했습니다 →
 * 설치), the index's vocabulary picks the stripped form or splits a compound (이미지레이어 →
 * 이미지 + 레이어), Hangul bigrams catch what the analyser split otherwise, English words
 * are stemmed (coursesearch/analyze.py's english_stem), and the glossary adds the other
 * spellings (쿠버네티스 → Kubernetes). Every word is required; pages are ranked by where
 * the words are: title, heading, text, code.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const TITLE = 1, HEADING = 2, TEXT = 4, CODE = 8;
const HANGUL_RUN = /[가-힣]+/;
const WORDS = /[가-힣]+|[a-z0-9][a-z0-9_]*/g;

/* ---------------------------------------------------------------- analysis */

function normalize(text) {
  return text.normalize("NFKC").toLowerCase();
}

/* The same steps as coursesearch.analyze.english_stem */
function stem(word) {
  let w = word.toLowerCase();
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const [suffix, least] of [["ing", 6], ["ed", 5]]) {
    if (w.endsWith(suffix) && w.length >= least) {
      w = w.slice(0, -suffix.length);
      const n = w.length;
      if (n > 2 && w[n - 1] === w[n - 2] && !"lsz".includes(w[n - 1])) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

function bigrams(run) {
  if (run.length === 1) return ["~" + run];
  const out = [];
  for (let i = 0; i + 1 < run.length; i++) out.push("~" + run.slice(i, i + 2));
  return [...new Set(out)];
}

class QueryAnalyzer {
  constructor(meta) {
    this.vocab = new Set(meta.vocab || []);
    const atoms = [...(meta.rules?.particles || []), ...(meta.rules?.endings || [])];
    this.atoms = [...new Set(atoms)].sort((a, b) => b.length - a.length);
    this.particles = new Set(meta.rules?.particles || []);
    this.glossary = new Map();
    for (const group of meta.glossary || []) {
      for (const form of group) this.glossary.set(this.glossaryKey(form), group);
    }
  }

  glossaryKey(form) {
    return (normalize(form).match(WORDS) || []).map(w => HANGUL_RUN.test(w) ? w : stem(w)).join(" ");
  }

  /* Is `tail` a run of particles and endings? */
  isTail(tail) {
    const ok = [true];
    for (let i = 1; i <= tail.length; i++) {
      ok[i] = false;
      for (const atom of this.atoms) {
        if (atom.length <= i && ok[i - atom.length] && tail.slice(i - atom.length, i) === atom) {
          ok[i] = true;
          break;
        }
      }
    }
    return ok[tail.length];
  }

  /* The word and its forms without a tail of particles/endings, longest first */
  candidates(run) {
    const out = [run];
    for (let i = run.length - 1; i >= 1; i--) if (this.isTail(run.slice(i))) out.push(run.slice(0, i));
    return out;
  }

  /* A split of `word` into vocabulary words of two syllables or more, fewest pieces */
  segment(word) {
    const best = [[]];
    for (let i = 1; i <= word.length; i++) {
      best[i] = null;
      for (let j = Math.max(0, i - 12); j <= i - 2; j++) {
        const piece = word.slice(j, i);
        if (piece.length === word.length) continue;
        if (best[j] && this.vocab.has(piece) && (!best[i] || best[j].length + 1 < best[i].length))
          best[i] = [...best[j], piece];
      }
    }
    const pieces = best[word.length];
    return pieces && pieces.length >= 2 ? pieces : null;
  }

  /* One query word: its label (what is highlighted) and alternatives, each a set of keys
     that must all be in one section, with a weight */
  word(run, glossary = true) {
    const alts = [];
    let label = run;
    let forms = [run];
    if (HANGUL_RUN.test(run)) {
      const cands = this.candidates(run);
      forms = cands;
      const known = cands.find(c => this.vocab.has(c));
      const short = [...cands].reverse().find(c => c.length >= 2) || run;
      label = known || short;
      if (known) alts.push({ keys: [known], w: 1, label: known });
      /* a compound written apart in the text: 이미지레이어 → 이미지 + 레이어 */
      for (const c of cands) {
        const pieces = this.segment(c);
        if (pieces) {
          alts.push({ keys: pieces, w: 0.9, label: pieces.join(" ") });
          if (!known) label = pieces.join(" ");
          break;
        }
      }
      /* the dictionary-free fallback: the word's syllable pairs, all in one section; weaker
         when the index knows the word (its pairs also occur inside other words) */
      alts.push({ keys: bigrams(known || run), w: known ? 0.5 : 0.8, label: known || run });
      if (!known && short !== run) alts.push({ keys: bigrams(short), w: 0.6, label: short });
    } else {
      alts.push({ keys: [stem(run)], w: 1, label: run });
      forms = [run];
    }
    if (glossary) {
      for (const form of forms) {
        const group = this.glossary.get(this.glossaryKey(form));
        if (!group) continue;
        for (const other of group) {
          if (this.glossaryKey(other) === this.glossaryKey(form)) continue;
          const parts = (normalize(other).match(WORDS) || []).map(w => this.word(w, false));
          if (!parts.length) continue;
          for (const alt of parts[0].alts) {
            const keys = [...alt.keys, ...parts.slice(1).flatMap(p => p.alts[0].keys)];
            alts.push({ keys, w: alt.w * 0.95, label: other });
          }
        }
        break;
      }
    }
    return { label, alts };
  }

  /* The query's words: Hangul and Latin runs apart (Docker볼륨 = docker + 볼륨); a run of
     particles right after an English word (Docker를) is dropped */
  words(query) {
    const out = [];
    const text = normalize(query);
    let prevEnd = -1, prevLatin = false;
    for (const m of text.matchAll(WORDS)) {
      const run = m[0];
      const hangul = HANGUL_RUN.test(run);
      const glued = m.index === prevEnd;
      if (hangul && glued && prevLatin && this.isTail(run)) { prevEnd = m.index + run.length; continue; }
      if (!hangul && run.length < 2) { prevEnd = m.index + run.length; prevLatin = true; continue; }
      out.push(this.word(run));
      prevEnd = m.index + run.length;
      prevLatin = !hangul;
    }
    return out;
  }
}

/* FNV-1a over UTF-16 code units, as coursesearch.index.key_hash */
function keyHash(key) {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/* ---------------------------------------------------------------- search */

class CourseSearch {
  constructor(meta, fetchShard) {
    this.meta = meta;
    this.docs = meta.docs;
    this.weights = meta.weights;
    this.analyzer = new QueryAnalyzer(meta);
    this.fetchShard = fetchShard;
    this.shards = new Map();
    this.pages = this.docs.filter(d => d[2] === -1).length || 1;
  }

  shard(n) {
    if (!this.shards.has(n)) this.shards.set(n, Promise.resolve(this.fetchShard(n)).catch(() => ({})));
    return this.shards.get(n);
  }

  async postings(keys) {
    const byShard = new Map();
    for (const key of keys) {
      const n = keyHash(key) % this.meta.shards;
      if (!byShard.has(n)) byShard.set(n, []);
      byShard.get(n).push(key);
    }
    const out = new Map();
    await Promise.all([...byShard].map(async ([n, ks]) => {
      const shard = await this.shard(n);
      for (const key of ks) {
        const flat = shard[key];
        const docs = new Map();
        if (flat) for (let i = 0, doc = 0; i < flat.length; i += 2) docs.set(doc += flat[i], flat[i + 1]);
        out.set(key, docs);
      }
    }));
    return out;
  }

  fieldWeight(mask) {
    let w = 0;
    for (let bit = 0; bit < 4; bit++) if (mask & (1 << bit)) w = Math.max(w, this.weights[bit]);
    return w;
  }

  pageOf(doc) {
    const parent = this.docs[doc][2];
    return parent === -1 ? doc : parent;
  }

  async search(query) {
    const words = this.analyzer.words(query);
    if (!words.length) return { items: [] };
    const keys = new Set(words.flatMap(w => w.alts.flatMap(a => a.keys)));
    const postings = await this.postings(keys);

    /* per word: doc → [score, alt label] */
    const scores = words.map(word => {
      const best = new Map();
      for (const alt of word.alts) {
        const lists = alt.keys.map(k => postings.get(k) || new Map()).sort((a, b) => a.size - b.size);
        for (const [doc] of lists[0]) {
          let weight = Infinity;
          for (const list of lists) {
            const mask = list.get(doc);
            if (mask === undefined) { weight = 0; break; }
            weight = Math.min(weight, this.fieldWeight(mask));
          }
          const score = weight * alt.w;
          if (score > 0 && score > (best.get(doc)?.[0] || 0)) best.set(doc, [score, alt.label]);
        }
      }
      return best;
    });

    /* idf over pages */
    const idf = scores.map(best => {
      const pages = new Set([...best.keys()].map(d => this.pageOf(d)));
      return Math.log(1 + this.pages / (1 + pages.size));
    });

    /* pages: which words they hold, and their best section per word */
    const pages = new Map();
    scores.forEach((best, i) => {
      for (const [doc, [score, label]] of best) {
        const p = this.pageOf(doc);
        if (!pages.has(p)) pages.set(p, { words: new Array(words.length).fill(0), labels: new Set(), docs: new Map() });
        const page = pages.get(p);
        page.words[i] = Math.max(page.words[i], score * idf[i]);
        page.labels.add(label);
        page.docs.set(doc, (page.docs.get(doc) || 0) + score * idf[i]);
      }
    });
    let found = [...pages].map(([p, page]) => {
      const count = page.words.filter(s => s > 0).length;
      const together = Math.max(...page.docs.values());
      const spread = Math.min(page.docs.size, 10);  /* more sections about it: more about it */
      const score = page.words.reduce((a, b) => a + b, 0) + 0.5 * together + 0.05 * spread;
      return { p, page, count, score };
    });
    const most = Math.max(0, ...found.map(f => f.count));
    found = found.filter(f => f.count === most);  /* all words, else the most words found */
    found.sort((a, b) => b.score - a.score || a.p - b.p);

    const items = found.slice(0, 100).map(({ p, page }) => {
      const terms = {};
      words.forEach((w, i) => { terms[w.label] = page.words[i] > 0; });
      for (const label of page.labels) if (!(label in terms)) terms[label] = true;
      const marks = Object.keys(terms).filter(t => terms[t]).flatMap(t => t.split(" "));
      const docs = [...page.docs].filter(([d]) => d !== p).sort((a, b) => b[1] - a[1]).slice(0, 8);
      const list = [[p, page.docs.get(p) || 0], ...docs].sort((a, b) => b[1] - a[1]);
      return list.map(([doc, score]) => {
        const [location, title, , teaser] = this.docs[doc];
        return { location, title: mark(title, marks), text: mark(teaser, marks), score, terms };
      });
    });
    return { items };
  }
}

function mark(html, words) {
  const parts = words.filter(w => w.length > 0).map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!parts.length) return html;
  return html.replace(new RegExp(`(${parts.sort((a, b) => b.length - a.length).join("|")})`, "gi"),
    "<mark>$1</mark>");
}

/* ---------------------------------------------------------------- worker */

if (typeof module !== "undefined" && module.exports) {
  module.exports = { stem, normalize, bigrams, keyHash, QueryAnalyzer, CourseSearch };
} else {
  const base = new URL("../../search/course/", self.location.href);
  let engine = null;
  let latest = 0;

  const load = async () => {
    const meta = await (await fetch(new URL("meta.json", base))).json();
    const version = meta.version;
    engine = new CourseSearch(meta, async n =>
      (await fetch(new URL(`s${n}.json?v=${version}`, base))).json());
  };

  self.addEventListener("message", async ev => {
    const message = ev.data;
    if (message.type === SETUP) {
      try { await load(); } catch (err) { engine = null; console.error("course search:", err); }
      self.postMessage({ type: READY });
    } else if (message.type === QUERY) {
      const seq = ++latest;
      let result = { items: [] };
      try { if (engine && message.data.trim()) result = await engine.search(message.data); }
      catch (err) { console.error("course search:", err); }
      if (seq === latest) self.postMessage({ type: RESULT, data: result });
    }
  });
}
