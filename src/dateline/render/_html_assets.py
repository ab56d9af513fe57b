"""The stylesheet and the one script of timeline.html.

Both are constants, so their SHA-256 hashes (which the page's
Content-Security-Policy allows, and nothing else) are stable; article
content never goes into them. The script reads its data with JSON.parse
from the ``application/json`` block and builds nodes with textContent,
never innerHTML.
"""

CSS = """
:root { --fg: #1d1f23; --muted: #5b6170; --bg: #fdfdfc; --card: #f3f4f6; --line: #d5d8de;
  --accent: #1f5fbf; --mark: #ffe58a; --bad: #c0262d; --ok: #2f7d4f; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e7ea; --muted: #a3a8b4; --bg: #16181c; --card: #22252b; --line: #3a3e46;
    --accent: #7fb0ff; --mark: #6b5a12; --bad: #ff7b80; --ok: #6fcf97; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); overflow-wrap: anywhere; }
header.page, main, footer.page { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.page h1 { margin: 1rem 0 0.25rem; font-size: 1.6rem; }
.summary, .muted, .source, .meta { color: var(--muted); }
nav.sections { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.5rem 0; }
#filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; padding: 0.75rem;
  background: var(--card); border-radius: 0.5rem; margin: 0.5rem 0 1rem; }
#filters label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
#filters select, #filters input, #filters button { font: inherit; min-height: 2.25rem; max-width: 100%;
  color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 0.25rem; }
#filter-status { flex-basis: 100%; margin: 0; font-size: 0.9rem; }
.layout { display: block; }
section { margin: 1.5rem 0; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
ol.entries, ul.sentences, ul.quotes, ul.disagreements, ul.values { list-style: none; padding: 0; margin: 0; }
li.entry { border-left: 3px solid var(--accent); padding: 0 0 0 0.75rem; margin: 0 0 1.25rem; }
li.entry h3 { margin: 0; font-size: 1.05rem; }
li.entry .meta { font-size: 0.85rem; margin: 0 0 0.25rem; }
li.undated-report { border-left: 3px dashed var(--muted); padding: 0 0 0 0.75rem; margin: 0 0 1.25rem; }
li.undated-report h3 { margin: 0; font-size: 1.05rem; overflow-wrap: anywhere; }
li.undated-report .meta { font-size: 0.85rem; margin: 0 0 0.25rem; }
.badge.new { background: var(--accent); color: var(--bg); margin-left: 0.4rem; }
li.sentence { margin: 0 0 0.6rem; }
button.cite { all: unset; cursor: pointer; border-bottom: 1px dotted var(--muted); }
button.cite:hover, button.cite:focus-visible { background: var(--card); outline: 2px solid var(--accent); }
button.cite.active { background: var(--mark); }
button.cite-source { all: unset; cursor: pointer; color: var(--accent); text-decoration: underline dotted; }
button.cite-source:focus-visible { outline: 2px solid var(--accent); }
.source { display: block; font-size: 0.85rem; }
.badge { display: inline-block; font-size: 0.75rem; padding: 0 0.4rem; border-radius: 0.75rem;
  border: 1px solid var(--line); }
.dated-mentioned { border-color: var(--ok); color: var(--ok); }
.dated-published, .dated-report-focus { border-color: var(--muted); }
.background { font-style: italic; }
#context-panel { background: var(--card); border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem;
  position: fixed; left: 0.5rem; right: 0.5rem; bottom: 0.5rem; max-height: 50vh; overflow: auto; z-index: 10;
  box-shadow: 0 0.25rem 1rem rgba(0, 0, 0, 0.25); }
#context-panel h2 { margin-top: 0; font-size: 1.05rem; display: flex; justify-content: space-between; gap: 1rem; }
#context-panel mark { background: var(--mark); color: inherit; padding: 0 0.1rem; }
#context-close { font: inherit; cursor: pointer; }
.context-paragraph { white-space: pre-wrap; }
@media (min-width: 60rem) {
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 1.5rem; align-items: start; }
  .layout:has(> #context-panel[hidden]) { grid-template-columns: minmax(0, 1fr); }
  #context-panel { position: sticky; top: 0.5rem; left: auto; right: auto; bottom: auto; max-height: 90vh;
    box-shadow: none; }
}
.speaker { margin: 0 0 1rem; }
.speaker h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
li.quote { margin: 0 0 0.75rem; }
li.quote blockquote { margin: 0; padding-left: 0.75rem; border-left: 3px solid var(--line); }
.variants { font-size: 0.85rem; color: var(--muted); }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
.figure-series { background: var(--card); border-radius: 0.5rem; padding: 0.5rem 0.75rem; margin: 0; }
.figure-series h3 { margin: 0.25rem 0; font-size: 1rem; }
.chart-wrap { display: flex; align-items: flex-start; }
.chart-wrap svg { display: block; flex: none; }
.chart-wrap svg.chart { flex: 1 1 auto; min-width: 0; overflow: visible; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .trend { stroke: var(--accent); stroke-width: 1.5; }
svg.chart .period { stroke: var(--accent); stroke-width: 3; stroke-linecap: round; opacity: 0.45; }
svg.chart .pt { fill: var(--accent); stroke: var(--accent); stroke-width: 1.5; }
svg.chart .pt.approx { fill: var(--card); }
svg.chart .pt.disputed { fill: var(--bad); stroke: var(--bad); }
svg.chart .pt.disputed.approx { fill: var(--card); }
svg.chart .dispute { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart text, .chart-values-axis text { fill: var(--muted); font-size: 11px; }
svg.chart text.dispute-label { fill: var(--bad); font-weight: bold; }
ul.chart-values { list-style: none; padding: 0; margin: 0.25rem 0 0; font-size: 0.85rem;
  columns: 22rem auto; column-gap: 1.5rem; }
ul.chart-values li { break-inside: avoid; margin: 0 0 0.15rem; }
ul.chart-values .when { color: var(--muted); font-variant-numeric: tabular-nums; }
ul.chart-values li.disputed strong { color: var(--bad); }
ul.other-values .measure { font-weight: 600; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); }
tr.disputed td { color: var(--bad); }
li.disagreement { margin: 0 0 1rem; padding: 0.5rem 0.75rem; border-left: 3px solid var(--bad); background: var(--card); }
.legend { font-size: 0.8rem; color: var(--muted); margin: 0.25rem 0; }
footer.page { color: var(--muted); font-size: 0.85rem; padding-bottom: 4rem; }
[hidden] { display: none !important; }
header.page .story h1 { margin: 1rem 0 0.15rem; font-size: 1.5rem; line-height: 1.25; overflow-wrap: anywhere; }
.story-place { margin: 0; font-weight: 600; color: var(--muted); }
.story-facts, .story .summary { margin: 0.15rem 0; color: var(--muted); }
ul.key-figures { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
ul.key-figures li { background: var(--card); border-radius: 0.4rem; padding: 0.2rem 0.6rem; font-size: 0.9rem; }
ul.key-figures .measure { display: block; font-size: 0.75rem; color: var(--muted); }
ul.key-figures .disputed { color: var(--bad); }
ul.key-figures .when { white-space: nowrap; }
@media (max-width: 40rem) {
  header.page .story h1 { font-size: 1.2rem; }
  ul.key-figures { display: block; }
  ul.key-figures li { background: none; padding: 0; }
  ul.key-figures .measure { display: inline; font-size: 0.85rem; }
  ul.key-figures .measure::after { content: ":"; }
}
.axis-wrap { overflow-x: auto; margin: 0.5rem 0 0; }
svg.axis { display: block; min-width: 40rem; }
svg.axis .stretch { stroke: var(--muted); stroke-width: 2; }
svg.axis .stretch.box { fill: var(--card); stroke-width: 1; stroke-dasharray: 3 2; }
svg.axis .bar { fill: var(--line); }
svg.axis .extent { stroke: var(--accent); stroke-width: 7; stroke-linecap: round; opacity: 0.3; }
svg.axis .mark circle { fill: var(--accent); fill-opacity: 0.75; stroke: var(--bg); stroke-width: 1; }
svg.axis .mark:hover circle, svg.axis .mark:focus circle { fill: var(--mark); fill-opacity: 1; stroke: var(--fg);
  stroke-width: 2; }
svg.axis .mark:focus { outline: none; }
svg.axis .mark.current circle { stroke: var(--fg); stroke-width: 2.5; fill-opacity: 1; }
svg.axis .mark.out circle { fill-opacity: 0.15; }
svg.axis text { fill: var(--muted); font-size: 10px; }
svg.axis .break-mark { stroke: var(--fg); stroke-width: 1.5; }
svg.axis .gap { font-size: 9px; }
svg.axis .tick-line { stroke: var(--muted); }
li.entry { scroll-margin-top: 0.75rem; }
li.entry:target, li.entry.current { background: var(--card); outline: 2px solid var(--accent); outline-offset: 2px; }
"""

JS = """
(function () {
  "use strict";
  var dataNode = document.getElementById("dateline-data");
  if (!dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var panel = document.getElementById("context-panel");
  var panelSource = document.getElementById("context-source");
  var panelBody = document.getElementById("context-body");
  var active = null;

  function safeUrl(url) {
    return (typeof url === "string" && /^https?:\\/\\/[^\\s]+$/i.test(url)) ? url : null;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showContext(button) {
    var ref = data.refs[Number(button.getAttribute("data-ref"))];
    if (!ref) { return; }
    var para = data.paragraphs[ref[0]];
    var article = data.articles[para[0]];
    clear(panelSource);
    clear(panelBody);
    panelSource.appendChild(el("strong", "outlet", article[0]));
    panelSource.appendChild(document.createTextNode(", "));
    var url = safeUrl(article[2]);
    if (url) {
      var link = el("a", "article-link", article[1]);
      link.href = url;
      link.rel = "noopener noreferrer nofollow";
      panelSource.appendChild(link);
    } else {
      panelSource.appendChild(el("span", "article-title", article[1]));
    }
    panelSource.appendChild(el("span", "muted", article[3] ? " \\u00b7 published " + article[3] : " \\u00b7 publication date unknown"));
    var text = para[2];
    var start = Math.max(0, Math.min(text.length, ref[1] - para[1]));
    var end = Math.max(start, Math.min(text.length, ref[2] - para[1]));
    var p = el("p", "context-paragraph");
    p.setAttribute("data-testid", "context-paragraph");
    p.appendChild(document.createTextNode((para[3] ? "\\u2026" : "") + text.slice(0, start)));
    var mark = el("mark", null, text.slice(start, end));
    mark.setAttribute("data-testid", "context-highlight");
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(end) + (para[4] ? "\\u2026" : "")));
    panelBody.appendChild(p);
    if (active) { active.classList.remove("active"); active.setAttribute("aria-expanded", "false"); }
    active = button;
    button.classList.add("active");
    button.setAttribute("aria-expanded", "true");
    panel.hidden = false;
    panel.focus({ preventScroll: window.matchMedia("(min-width: 60rem)").matches });
  }
  function hideContext() {
    panel.hidden = true;
    if (active) {
      active.classList.remove("active");
      active.setAttribute("aria-expanded", "false");
      active.focus();
      active = null;
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest("button[data-ref]") : null;
    if (button) { event.preventDefault(); showContext(button); }
  });
  document.getElementById("context-close").addEventListener("click", hideContext);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { hideContext(); }
  });

  var form = document.getElementById("filters");
  var outletSel = document.getElementById("filter-outlet");
  var entitySel = document.getElementById("filter-entity");
  var fromInput = document.getElementById("filter-from");
  var toInput = document.getElementById("filter-to");
  var status = document.getElementById("filter-status");
  var noMatch = document.getElementById("no-match");
  var entries = Array.prototype.slice.call(document.querySelectorAll("li.entry"));

  function has(node, attr, value) {
    if (!value || !node.hasAttribute(attr)) { return true; }
    return node.getAttribute(attr).split(" ").indexOf(value) >= 0;
  }
  function inRange(node, from, to) {
    if (!from && !to) { return true; }
    if (!node.hasAttribute("data-from")) { return true; }
    var first = node.getAttribute("data-from");
    var last = node.getAttribute("data-to") || first;
    if (!first) { return false; }
    return (!to || first <= to) && (!from || last >= from);
  }
  function apply() {
    var outlet = outletSel.value, entity = entitySel.value, from = fromInput.value, to = toInput.value;
    var shown = 0;
    entries.forEach(function (entry) {
      var any = false;
      entry.querySelectorAll("li.sentence").forEach(function (s) {
        var ok = has(s, "data-o", outlet);
        s.hidden = !ok;
        any = any || ok;
      });
      var ok = any && has(entry, "data-n", entity) && inRange(entry, from, to);
      entry.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var quotesShown = 0;
    document.querySelectorAll("li.quote, li.disagreement").forEach(function (item) {
      item.hidden = !(has(item, "data-o", outlet) && has(item, "data-n", entity) && inRange(item, from, to));
      if (!item.hidden && item.classList.contains("quote")) { quotesShown += 1; }
    });
    document.querySelectorAll(".speaker").forEach(function (group) {
      group.hidden = !group.querySelector("li.quote:not([hidden])");
    });
    var filtered = outlet || entity || from || to;
    // a person quoted only in undated reports has quotes but no dates: say so, not just "0 of N dates"
    status.textContent = filtered ? ("Showing " + shown + " of " + entries.length + " dates and " + quotesShown +
      " quote" + (quotesShown === 1 ? "" : "s") + ".") : "";
    noMatch.hidden = !(filtered && shown === 0);
  }
  [outletSel, entitySel, fromInput, toInput].forEach(function (input) {
    input.addEventListener("change", apply);
    input.addEventListener("input", apply);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    outletSel.value = ""; entitySel.value = ""; fromInput.value = ""; toInput.value = "";
    apply();
  });
  form.hidden = false;
  apply();

  // The time axis: each dot is a link to its entry (works without this script); arrows move between dots.
  var axis = document.getElementById("time-axis");
  var marks = axis ? Array.prototype.slice.call(axis.querySelectorAll(".mark")) : [];
  function entryOf(mark) { return document.getElementById("entry-" + mark.getAttribute("data-entry")); }
  function markFilters() {
    marks.forEach(function (mark) {
      var entry = entryOf(mark);
      mark.classList.toggle("out", !!(entry && entry.hidden));
    });
  }
  function go(mark) {
    var entry = entryOf(mark);
    if (!entry) { return; }
    if (entry.hidden) { document.getElementById("filter-reset").click(); }
    marks.forEach(function (m) { m.classList.toggle("current", m === mark); });
    entries.forEach(function (e) { e.classList.toggle("current", e === entry); });
    marks.forEach(function (m) { m.setAttribute("tabindex", m === mark ? "0" : "-1"); });
  }
  if (marks.length) {
    marks.forEach(function (mark, i) { mark.setAttribute("tabindex", i === 0 ? "0" : "-1"); });
    axis.addEventListener("click", function (event) {
      var mark = event.target.closest ? event.target.closest(".mark") : null;
      if (mark) { go(mark); }
    });
    axis.addEventListener("keydown", function (event) {
      var mark = event.target.closest ? event.target.closest(".mark") : null;
      var i = marks.indexOf(mark);
      if (i < 0) { return; }
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        go(mark);
        location.hash = "entry-" + mark.getAttribute("data-entry");
        return;
      }
      var moves = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0,
        End: marks.length - 1 };
      if (!(event.key in moves)) { return; }
      event.preventDefault();
      var next = marks[Math.max(0, Math.min(marks.length - 1, moves[event.key]))];
      marks.forEach(function (m) { m.setAttribute("tabindex", m === next ? "0" : "-1"); });
      next.focus();
    });
    [outletSel, entitySel, fromInput, toInput].forEach(function (input) {
      input.addEventListener("change", markFilters);
      input.addEventListener("input", markFilters);
    });
    document.getElementById("filter-reset").addEventListener("click", markFilters);
    markFilters();
    // On a screen narrower than the axis, start with the most reported date in view.
    var salient = axis.querySelector(".mark.salient");
    var wrap = axis.parentNode;
    if (salient && wrap.scrollWidth > wrap.clientWidth) {
      var box = salient.getBoundingClientRect(), outer = wrap.getBoundingClientRect();
      wrap.scrollLeft += box.left - outer.left - wrap.clientWidth / 3;
    }
  }
})();
"""
