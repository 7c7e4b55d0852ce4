// `mkdocs serve` only: the findings panel of a page, filled from course-health/findings.json
// (written after every rebuild, so a page shows findings that another page's edit caused).
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fill(panel, data) {
    var words = data.words;
    var items = data.pages[panel.dataset.page] || [];
    var errors = items.filter(function (item) { return item.severity === "error"; }).length;
    var warnings = items.length - errors;
    panel.textContent = "";
    panel.className = "course-panel course-panel--" +
      (errors ? "errors" : warnings ? "warnings" : "clean");
    var head = element("div", "course-panel__head");
    head.appendChild(element("strong", "", words.title));
    head.appendChild(document.createTextNode(" " + (items.length
      ? words.errors + " " + errors + " · " + words.warnings + " " + warnings
      : words.clean) + " · "));
    var health = element("a", "course-panel__health", words.health);
    health.href = panel.dataset.health;
    head.appendChild(health);
    panel.appendChild(head);
    if (items.length) {
      var list = element("ul", "course-panel__list");
      items.forEach(function (item) {
        var row = element("li", "course-panel__item course-panel__item--" + item.severity);
        var line = element("a", "course-panel__line", words.line + " " + item.line);
        line.href = item.anchor ? "#" + encodeURIComponent(item.anchor) : "#";
        row.appendChild(line);
        row.appendChild(element("code", "course-panel__rule", item.rule));
        row.appendChild(element("span", "course-panel__message",
          item.message + (item.hint ? " — " + item.hint : "")));
        list.appendChild(row);
      });
      panel.appendChild(list);
    }
    panel.hidden = false;
  }

  function load() {
    document.querySelectorAll(".course-panel[data-page]").forEach(function (panel) {
      fetch(panel.dataset.findings, { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) { fill(panel, data); })
        .catch(function () { panel.hidden = true; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
