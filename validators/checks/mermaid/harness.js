// The mermaid checker's side of the browser page: loaded after the site's own mermaid.min.js.
// Python sends batches of jobs with `__mermaidCheck.run(jobs, mode)` (not awaited) and hears
// about each finished diagram through the `__mermaidCheckReport` CDP binding, so a diagram
// that hangs the page is noticed by Python's clock, not by this page.
(() => {
  "use strict";
  const PLACEHOLDER = "mermaidCheckStyleRef";
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

  // Nodes that exist only because a style statement named them. The probe is the source with
  // each style target swapped for a placeholder: a placeholder that became a node marks a
  // style statement mermaid really parsed, and its name is stray if the probe lacks it.
  async function strayNodes(job) {
    let diagram;
    try {
      diagram = await mermaid.mermaidAPI.getDiagramFromText(job.style.probe);
    } catch (error) {
      return null; // the probe does not parse: no verdict rather than a guess
    }
    if (!diagram.type.startsWith("flowchart")) return null;
    const nodes = new Set(diagram.db.getVertices().keys());
    const defined = new Set(nodes);
    for (const subgraph of diagram.db.getSubGraphs()) defined.add(subgraph.id);
    const stray = [];
    for (const [placeholder, name] of job.style.refs) {
      if (nodes.has(placeholder) && !defined.has(name) && !stray.includes(name)) stray.push(name);
    }
    if (!stray.length) return null;
    const known = [...defined].filter((name) => !name.startsWith(PLACEHOLDER));
    return { stray, defined: known };
  }

  async function check(job, mode) {
    const id = `mermaid-check-${++serial}`;
    const result = {};
    try {
      if (mode === "render") {
        result.type = (await mermaid.render(id, job.code)).diagramType;
      } else {
        result.type = (await mermaid.parse(job.code)).diagramType;
      }
    } catch (error) {
      result.error = describe(error);
      result.error.parses = false;
      if (mode === "render") {
        try {
          await mermaid.parse(job.code);
          result.error.parses = true; // parse() accepts what render() rejects
        } catch (ignored) {
          // a syntax error: render() reported the parser's error
        }
      }
    } finally {
      cleanup(id);
    }
    if (job.style && !result.error) {
      const stray = await strayNodes(job);
      if (stray) result.stray = stray;
    }
    return result;
  }

  window.__mermaidCheck = {
    init(config) {
      mermaid.initialize(config);
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
