// The mermaid checker's side of the browser page: loaded after the site's own mermaid.min.js
// (and, for the GitHub verdict, after GitHub's mermaid, kept as `window.mermaidGithub`).
// Python sends batches of jobs with `__mermaidCheck.run(jobs, mode)` (not awaited) and hears
// about each finished diagram through the `__mermaidCheckReport` CDP binding, so a diagram
// that hangs the page is noticed by Python's clock, not by this page.
(() => {
  "use strict";
  const PLACEHOLDER = "mermaidCheckStyleRef";
  const SVG_ID = "MERMAID_ID"; // the render id in a kept SVG, for the page to replace
  // Diagram types whose drawing cannot fail once they parse, except, for flowcharts, a
  // subgraph cycle (graphlib's "would create a cycle"), which `parentCycle` finds in the model.
  const FLOWCHART = new Set(["flowchart", "flowchart-v2"]);
  const FAST = new Set([...FLOWCHART, "sequence"]);
  let serial = 0;

  const report = (message) => window.__mermaidCheckReport(JSON.stringify(message));

  // What Python needs from a mermaid error: the message and the parser's position, if any.
  function describe(error) {
    const hash = (error && error.hash) || null;
    const loc = hash && hash.loc;
    return {
      message: String((error && error.message) || error),
      name: (error && error.constructor && error.constructor.name) || "",
      loc: loc ? { first: loc.first_line, last: loc.last_line } : null,
      line: hash && typeof hash.line === "number" ? hash.line : null,
      token: hash && hash.token != null ? String(hash.token) : null,
    };
  }

  // mermaid.render leaves its temporary elements behind when it fails.
  function cleanup(id) {
    for (const selector of [`#d${id}`, `#i${id}`, `#${id}`]) {
      document.querySelectorAll(selector).forEach((element) => element.remove());
    }
  }

  // A subgraph that (through its members) contains itself: the layout throws on it. The
  // parents are assigned as mermaid's flowchart getData() does (last subgraph first).
  function parentCycle(db) {
    const parent = new Map();
    const subgraphs = db.getSubGraphs();
    for (let i = subgraphs.length - 1; i >= 0; i--) {
      for (const id of subgraphs[i].nodes) parent.set(id, subgraphs[i].id);
    }
    for (const start of parent.keys()) {
      const seen = new Set([start]);
      for (let id = parent.get(start); id !== undefined; id = parent.get(id)) {
        if (seen.has(id)) return true;
        seen.add(id);
      }
    }
    return false;
  }

  // Nodes that exist only because a style statement named them. A named vertex that has a
  // label of its own, a link or a subgraph was made by another statement: not stray. For the
  // rest, the probe is the source with each style target swapped for a placeholder: a
  // placeholder that became a node marks a style statement mermaid really parsed, and its
  // name is stray if the probe lacks it.
  async function strayNodes(job, diagram) {
    if (diagram) {
      const vertices = diagram.db.getVertices();
      const linked = new Set();
      for (const edge of diagram.db.getEdges()) linked.add(edge.start).add(edge.end);
      const grouped = new Set();
      for (const subgraph of diagram.db.getSubGraphs()) {
        grouped.add(subgraph.id);
        subgraph.nodes.forEach((id) => grouped.add(id));
      }
      const open = job.style.refs.some(([, name]) => {
        const vertex = vertices.get(name);
        return vertex && vertex.text === name && !linked.has(name) && !grouped.has(name);
      });
      if (!open) return null;
    }
    let probe;
    try {
      probe = await parsing(() => mermaid.mermaidAPI.getDiagramFromText(job.style.probe));
    } catch (error) {
      return null; // the probe does not parse: no verdict rather than a guess
    }
    if (!probe.type.startsWith("flowchart")) return null;
    const nodes = new Set(probe.db.getVertices().keys());
    const defined = new Set(nodes);
    for (const subgraph of probe.db.getSubGraphs()) defined.add(subgraph.id);
    const stray = [];
    for (const [placeholder, name] of job.style.refs) {
      if (nodes.has(placeholder) && !defined.has(name) && !stray.includes(name)) stray.push(name);
    }
    if (!stray.length) return null;
    const known = [...defined].filter((name) => !name.startsWith(PLACEHOLDER));
    return { stray, defined: known };
  }

  // Render as the site does; keep the SVG (its render id replaced) when asked.
  async function draw(id, job, result) {
    const rendered = await mermaid.render(id, job.code);
    result.type = rendered.diagramType;
    result.full = true;
    if (job.svg) result.svg = rendered.svg.split(id).join(SVG_ID);
  }

  // Runs `work` (a parse, never a drawing) with mermaid's configuration copied once per
  // configuration rather than at every node, and labels not sanitized (bundle.py). The flag
  // counts the parses: no parse sees a configuration copy another parse was given.
  let parses = 0;
  async function parsing(work) {
    window.__mermaidCheckParsing = ++parses;
    try {
      return await work();
    } finally {
      window.__mermaidCheckParsing = false;
    }
  }

  // mermaid.parse(code) is reset() + the configuration of the code's front matter and
  // directives + getDiagramFromText(code). Without front matter or directives, the last two
  // give the same verdict and keep the parsed model (parse() throws it away).
  const plain = (code) => !code.includes("%%") && !/^\s*---/.test(code);

  async function parsed(code) {
    if (!plain(code)) {
      const type = (await parsing(() => mermaid.parse(code))).diagramType;
      return { type, diagram: null };
    }
    const diagram = await parsing(() => {
      mermaid.mermaidAPI.reset();
      return mermaid.mermaidAPI.getDiagramFromText(code);
    });
    return { type: diagram.type, diagram };
  }

  // The verdict without drawing, for a flowchart or a sequence diagram that parses: its
  // model, or null when the drawing is needed (another type, a subgraph cycle that throws).
  function model(job, type, diagram) {
    if (!diagram || !FAST.has(type)) return null;
    return FLOWCHART.has(type) && parentCycle(diagram.db) ? null : diagram;
  }

  async function check(job, mode) {
    const id = `mcheck${++serial}z`;
    const result = {};
    let diagram = null;
    try {
      if (mode === "parse") {
        result.type = (await parsing(() => mermaid.parse(job.code))).diagramType;
      } else if (job.fast && job.parseOnly && !job.svg) {
        const first = await parsed(job.code);
        result.type = first.type;
        diagram = model(job, first.type, first.diagram);
        if (!diagram) await draw(id, job, result);
      } else {
        await draw(id, job, result);
      }
    } catch (error) {
      result.error = describe(error);
      result.error.parses = false;
      if (mode === "render") {
        try {
          await parsing(() => mermaid.parse(job.code));
          result.error.parses = true; // parse() accepts what render() rejects
        } catch (ignored) {
          // a syntax error: render() reported the parser's error
        }
      }
    } finally {
      cleanup(id);
    }
    if (job.style && !result.error) {
      const stray = await strayNodes(job, diagram);
      if (stray) result.stray = stray;
    }
    if (job.github && !result.error) {
      try {
        await parsing(() => window.mermaidGithub.parse(job.code));
      } catch (error) {
        result.github = describe(error);
      }
    }
    return result;
  }

  window.__mermaidCheck = {
    init(config) {
      mermaid.initialize(config);
      if (window.mermaidGithub) window.mermaidGithub.initialize(config);
    },
    // Checks the jobs one after another, reporting each. Starts in a new task, so that the
    // evaluate() call returns at once even when the first diagram keeps the page busy.
    run(jobs, mode) {
      setTimeout(async () => {
        for (const job of jobs) {
          let result;
          try {
            result = await check(job, mode);
          } catch (error) {
            result = { error: { ...describe(error), parses: false, internal: true } };
          }
          report({ key: job.key, result });
        }
      }, 0);
    },
  };
})();
