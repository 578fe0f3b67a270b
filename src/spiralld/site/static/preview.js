// spiralld serve DATA --watch: reload the page when a rebuild succeeds, and show the
// problems of the last rebuild (file:line and message) above the page until they are fixed.
(function () {
  "use strict";
  var script = document.currentScript;
  var events = script.getAttribute("data-events");
  var generation = script.getAttribute("data-generation");
  var box = null;

  function show(problems) {
    if (box) { box.remove(); box = null; }
    var shown = problems.filter(function (p) { return p.severity !== "warning"; });
    if (!shown.length) { return; }
    box = document.createElement("div");
    box.id = "spiralld-preview-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;" +
      "max-height:50vh;overflow:auto;margin:0;padding:0.75em 1em;background:#fff0f0;" +
      "color:#600;border-bottom:3px solid #c00;font:14px/1.4 monospace;";
    var title = document.createElement("strong");
    title.textContent = "The last edit did not build; this page is the last good version.";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0.5em 0 0;padding-left:1.2em;";
    shown.forEach(function (p) {
      var item = document.createElement("li");
      item.className = "spiralld-preview-problem";
      item.textContent = (p.file ? p.file + (p.line ? ":" + p.line : "") + ": " : "") +
        p.message;
      list.appendChild(item);
    });
    box.appendChild(list);
    document.documentElement.appendChild(box);
  }

  var source = new EventSource(events);
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (String(state.generation) !== generation) {
      source.close();
      window.location.reload();
      return;
    }
    show(state.problems);
  });
})();
