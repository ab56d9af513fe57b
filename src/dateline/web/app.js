// dateline's page: loads everything from the JSON API with fetch and builds the DOM with
// createElement and textContent only, never by parsing HTML, so no stored text can become markup.
"use strict";

(() => {
  const ARTICLE_ID = /^[0-9a-f]{16}$/;
  const FILTERS = ["from", "to", "outlet", "entity", "speaker"];
  const POLL_MS = 700;
  const $ = (id) => document.getElementById(id);

  // -- small helpers -----------------------------------------------------------------

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "testid") node.dataset.testid = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) node.append(child); // strings become text nodes
    return node;
  }

  // Snippet pieces ({text, mark}) as text nodes and <mark> elements.
  function appendParts(node, parts) {
    for (const part of parts) node.append(part.mark ? el("mark", { text: part.text }) : part.text);
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      if (body && typeof body.detail === "string") message = body.detail;
      else if (body && Array.isArray(body.detail)) message = body.detail.map((d) => d.msg).join("; ");
      throw new Error(message);
    }
    return body;
  }

  function setStatus(node, text, isError = false) {
    node.textContent = text;
    node.classList.toggle("error", isError);
  }

  function articleHref(ref) {
    const query = ref.start !== undefined && ref.start !== null ? `?start=${ref.start}&end=${ref.end}` : "";
    return `#/article/${encodeURIComponent(ref.article)}${query}`;
  }

  function sourceLabel(ref) {
    return [ref.outlet || "unknown outlet", ref.published || "date unknown"].join(", ");
  }

  function isWebAddress(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url);
  }

  // -- views and routing ---------------------------------------------------------------

  function show(view) {
    for (const name of ["timeline", "search", "article"]) $(`${name}-view`).hidden = name !== view;
  }

  function currentRoute() {
    const hash = location.hash.replace(/^#/, "") || "/";
    const at = hash.indexOf("?");
    const path = at < 0 ? hash : hash.slice(0, at);
    const params = new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
    return { path, params };
  }

  function route() {
    const { path, params } = currentRoute();
    if (path === "/search") {
      show("search");
      runSearch(params);
    } else if (path.startsWith("/article/")) {
      show("article");
      loadArticle(decodeURIComponent(path.slice("/article/".length)), params);
    } else {
      show("timeline");
      loadTimeline(params);
    }
  }

  // -- timeline --------------------------------------------------------------------------

  async function loadTimeline(params) {
    const query = new URLSearchParams();
    for (const key of FILTERS) {
      const value = params.get(key) || "";
      $(`filter-${key}`).value = value;
      if (value) query.set(key, value);
    }
    setStatus($("timeline-status"), "Loading the timeline…");
    try {
      const data = await api(`/api/timeline?${query}`);
      renderTimeline(data);
      renderUndated(data.undated ? await api("/api/undated") : []);
    } catch (error) {
      $("timeline").replaceChildren();
      renderUndated([]);
      setStatus($("timeline-status"), `Could not load the timeline: ${error.message}`, true);
    }
  }

  // The undated section: sentences of reports without a publication date, by report, each with why it has no date.
  function renderUndated(items) {
    const reports = new Map();
    for (const item of items) {
      if (!reports.has(item.source.article)) reports.set(item.source.article, []);
      reports.get(item.source.article).push(item);
    }
    $("undated").replaceChildren(...[...reports.values()].map((group) => {
      const first = group[0];
      return el("li", { class: "entry undated-report", testid: "undated-report" },
        el("h3", { text: first.source.title || "untitled report" }),
        el("p", { class: "meta", testid: "undated-bound", text: first.bound ? `${first.published} (${first.bound})` : first.published }),
        el("ul", { class: "sentences" }, ...group.map((item) =>
          el("li", { testid: "undated-sentence" },
            el("span", { class: "text", text: item.text }),
            el("a", { class: "source", href: articleHref(item.source), testid: "source-link", text: sourceLabel(item.source) }),
            el("span", { class: "meta", testid: "undated-reason", text: item.detail })))));
    }));
    $("undated-view").hidden = reports.size === 0;
  }

  function entryLabel(entry) {
    const when = entry.value || entry.date;
    return entry.granularity === "day" ? when : `${when} (${entry.granularity})`;
  }

  function renderTimeline(data) {
    const filtered = Object.keys(data.filters).length > 0;
    setStatus($("timeline-status"),
      `${filtered ? `${data.count} of ${data.total}` : data.total} entries from ${data.articles} reports` +
      (data.span ? `, published ${data.span.first} to ${data.span.last}` : ""));
    const items = data.entries.map((entry) => {
      const shown = new Set(entry.sentences.map((s) => `${s.source.article}:${s.source.start}`));
      const sentences = el("ul", { class: "sentences" }, ...entry.sentences.map((s) =>
        el("li", { testid: "entry-sentence" },
          el("span", { class: "text", text: s.text }),
          el("a", { class: "source", href: articleHref(s.source), testid: "source-link", text: sourceLabel(s.source) }))));
      const more = entry.events.flatMap((ev) => ev.sentences)
        .filter((s) => !shown.has(`${s.source.article}:${s.source.start}`));
      const item = el("li", { class: "entry", testid: "entry", id: `entry-${entry.index}`, tabindex: -1,
        "data-index": entry.index, "data-date": entry.date },
        el("h3", {},
          el("time", { datetime: entry.date, text: entryLabel(entry) }),
          el("span", { class: "count", text: `${entry.reports} report${entry.reports === 1 ? "" : "s"}` }),
          ...(entry.new ? [el("span", { class: "new", testid: "entry-new", title: "new since the previous build of this store", text: "new" })] : [])),
        sentences);
      if (more.length) {
        item.append(el("details", { testid: "entry-more" },
          el("summary", { text: `${more.length} more sentence${more.length === 1 ? "" : "s"} on this date` }),
          el("ul", {}, ...more.map((s) => el("li", { testid: "entry-more-sentence" },
            el("span", { text: s.text }),
            el("a", { class: "source", href: articleHref(s.source), text: sourceLabel(s.source) }))))));
      }
      const facts = [["Outlets", entry.outlets], ["Named", entry.entities.slice(0, 8)], ["Quotes from", entry.speakers]]
        .filter(([, values]) => values.length)
        .map(([name, values]) => `${name}: ${values.join(", ")}`);
      if (facts.length) item.append(el("p", { class: "meta", testid: "entry-meta", text: facts.join(" · ") }));
      return item;
    });
    $("timeline").replaceChildren(...items);
    markAxis();
    if (pendingEntry !== null && $(`entry-${pendingEntry}`)) {
      const index = pendingEntry;
      pendingEntry = null;
      goToEntry(index, axisMarks.find((m) => Number(m.dataset.entry) === index));
    }
  }

  // -- story header and time axis ---------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";
  let axisMarks = [];
  let pendingEntry = null; // an entry to go to once the unfiltered timeline is shown

  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    for (const child of children) node.append(child);
    return node;
  }

  function svgTitle(text) {
    const title = svg("title");
    title.textContent = text;
    return title;
  }

  function svgText(text, attrs) {
    const node = svg("text", attrs);
    node.textContent = text;
    return node;
  }

  async function loadStory() {
    try {
      renderStory(await api("/api/story"));
    } catch (error) {
      setStatus($("timeline-status"), `Could not load the story header: ${error.message}`, true);
    }
  }

  function renderStory(story) {
    document.title = `${story.page_title} · dateline`;
    $("story-title").textContent = story.title;
    $("story-title").title = story.basis;
    $("story-place").textContent = story.place || "";
    $("story-place").hidden = !story.place;
    const facts = [];
    if (story.asked) facts.push(story.asked.charAt(0).toUpperCase() + story.asked.slice(1));
    if (story.first && story.last) facts.push(`Dates from ${story.first} to ${story.last}`);
    if (story.event) facts.push(`most reported: ${story.event}`);
    facts.push(`${story.reports} report${story.reports === 1 ? "" : "s"} from ${story.outlets} named ` +
      `outlet${story.outlets === 1 ? "" : "s"}` +
      (story.published ? `, published ${story.published.first} to ${story.published.last}` : ""));
    $("story-facts").textContent = facts.join(" · ");
    $("key-figures").replaceChildren(...story.figures.map((f) => el("li", { testid: "key-figure" },
      el("span", { class: "measure", text: f.measure }), " ",
      el("strong", { class: f.disputed ? "disputed" : "", text: f.text }),
      f.date ? el("span", { class: "when", text: ` (${f.date}${f.disputed ? ", sources disagree" : ""})` }) : "")));
    $("axis-wrap").replaceChildren(...(story.axis.marks.length ? [drawAxis(story.axis)] : []));
    $("story").hidden = false;
    markAxis();
    // On a screen narrower than the axis, start with the most reported date in view.
    const wrap = $("axis-wrap");
    const salient = axisMarks.find((m) => Number(m.dataset.entry) === story.event_entry);
    if (salient && wrap.scrollWidth > wrap.clientWidth) {
      wrap.scrollLeft += salient.getBoundingClientRect().left - wrap.getBoundingClientRect().left - wrap.clientWidth / 3;
    }
  }

  function drawAxis(axis) {
    const g = axis.geometry;
    const pc = (share) => `${((g.end_room + share * (1 - 2 * g.end_room)) * 100).toFixed(2)}%`; // a position
    const pw = (share) => `${(share * (1 - 2 * g.end_room) * 100).toFixed(2)}%`; // a width
    const root = svg("svg", { class: "axis", id: "time-axis", "data-testid": "time-axis", width: "100%",
      height: g.height, role: "group",
      "aria-label": "Time axis: each dot is a date on the timeline, sized by its independent reports" });
    for (const s of axis.stretches) {
      if (s.to_scale) {
        root.append(svg("line", { class: "stretch", x1: pc(s.x0), y1: g.line_y, x2: pc(s.x1), y2: g.line_y }));
      } else {
        root.append(svg("rect", { class: "stretch box", x: pc(s.x0), y: g.line_y - 7, width: pw(s.x1 - s.x0),
          height: 14, rx: 3 }, svgTitle(`${s.label}: a long period, not to scale`)));
      }
    }
    for (const b of axis.bars) {
      const top = g.bars_bottom - (g.bars_bottom - g.bars_top) * b.height;
      const when = b.first === b.last ? b.first : `${b.first} to ${b.last}`;
      root.append(svg("rect", { class: "bar", x: pc(b.x0), y: top.toFixed(1),
        width: pw(Math.max(b.x1 - b.x0, 0.002)),
        height: (g.bars_bottom - top).toFixed(1) }, svgTitle(`${b.count} report${b.count === 1 ? "" : "s"} published ${when}`)));
    }
    for (const b of axis.breaks) {
      const group = svg("g", { class: "break" },
        svgTitle(b.label ? `${b.label} with nothing dated, left out` : "the box beside is not to scale"));
      for (const dx of [-2, 2]) {
        group.append(svg("svg", { x: pc(b.x), y: g.line_y - 7, width: 1, height: 14, overflow: "visible" },
          svg("line", { class: "break-mark", x1: dx - 2, y1: 14, x2: dx + 2, y2: 0 })));
      }
      if (b.label) group.append(svgText(shortGap(b.label), { class: "gap", x: pc(b.x), y: g.gap_y, "text-anchor": "middle" }));
      root.append(group);
    }
    for (const t of axis.ticks) {
      if (!t.major) root.append(svg("line", { class: "tick-line", x1: pc(t.x), y1: g.line_y, x2: pc(t.x), y2: g.line_y + 5 }));
      root.append(svgText(t.label, { class: t.major ? "tick" : "tick minor", x: pc(t.x), y: g.label_y + g.row * t.row,
        "text-anchor": t.anchor }));
    }
    for (const m of axis.marks) {
      if (m.x1 > m.x0) root.append(svg("line", { class: "extent", x1: pc(m.x0), y1: g.line_y, x2: pc(m.x1), y2: g.line_y }));
    }
    axisMarks = axis.marks.map((m, i) => {
      const link = svg("a", { class: "mark", href: "#/", "data-entry": m.entry, "data-testid": "axis-mark",
        "aria-label": m.label, tabindex: i === 0 ? 0 : -1 },
      svgTitle(m.label), svg("circle", { cx: pc(m.x), cy: g.line_y, r: m.radius }));
      root.append(link);
      return link;
    });
    root.addEventListener("click", (event) => {
      const mark = event.target.closest("a.mark");
      if (!mark) return;
      event.preventDefault();
      goToEntry(Number(mark.dataset.entry), mark);
    });
    root.addEventListener("keydown", (event) => {
      const mark = event.target.closest("a.mark");
      const i = axisMarks.indexOf(mark);
      if (i < 0) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        goToEntry(Number(mark.dataset.entry), mark);
        return;
      }
      const moves = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0,
        End: axisMarks.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = axisMarks[Math.max(0, Math.min(axisMarks.length - 1, moves[event.key]))];
      for (const m of axisMarks) m.setAttribute("tabindex", m === next ? "0" : "-1");
      next.focus();
    });
    return root;
  }

  function shortGap(label) {
    const [number, unit] = label.split(" ");
    const short = { days: "d", day: "d", weeks: "wk", months: "mo", years: "yr" }[unit] || unit;
    return `${number} ${short}`;
  }

  // Dims the dots of entries the filters leave out.
  function markAxis() {
    for (const mark of axisMarks) mark.classList.toggle("out", !$(`entry-${mark.dataset.entry}`));
  }

  function goToEntry(index, mark) {
    for (const m of axisMarks) {
      m.classList.toggle("current", m === mark);
      m.setAttribute("tabindex", m === mark ? "0" : "-1");
    }
    const entry = $(`entry-${index}`);
    if (!entry) { // filtered out, or another view: show the whole timeline, then go there
      pendingEntry = index;
      location.hash = "#/";
      return;
    }
    for (const e of document.querySelectorAll(".entry.current")) e.classList.remove("current");
    entry.classList.add("current");
    entry.scrollIntoView({ block: "start" });
    entry.focus({ preventScroll: true });
  }

  // -- filters ---------------------------------------------------------------------------

  async function loadFilterOptions() {
    try {
      const [outlets, entities, quotes] = await Promise.all(
        [api("/api/outlets"), api("/api/entities"), api("/api/quotes")]);
      const select = $("filter-outlet");
      const chosen = select.value;
      select.replaceChildren(el("option", { value: "", text: "any outlet" }),
        ...outlets.filter((o) => o.name).map((o) => el("option", { value: o.name, text: `${o.name} (${o.articles})` })));
      select.value = chosen;
      const top = entities.slice().sort((a, b) => b.mentions - a.mentions).slice(0, 500);
      $("entity-options").replaceChildren(...top.map((e) => el("option", { value: e.name })));
      const speakers = [...new Set(quotes.map((q) => q.speaker).filter(Boolean))].sort();
      $("speaker-options").replaceChildren(...speakers.map((s) => el("option", { value: s })));
    } catch (error) {
      setStatus($("timeline-status"), `Could not load the filter choices: ${error.message}`, true);
    }
  }

  function applyFilters(event) {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const key of FILTERS) {
      const value = $(`filter-${key}`).value.trim();
      if (value) query.set(key, value);
    }
    location.hash = `#/?${query}`;
  }

  function clearFilters() {
    $("filters").reset();
    location.hash = "#/";
  }

  // -- search ------------------------------------------------------------------------------

  function submitSearch(event) {
    event.preventDefault();
    const q = $("search-input").value.trim();
    const kind = $("search-kind").value;
    location.hash = `#/search?${new URLSearchParams({ q, kind })}`;
  }

  async function runSearch(params) {
    const q = params.get("q") || "";
    const kind = params.get("kind") === "sentences" ? "sentences" : "articles";
    $("search-input").value = q;
    $("search-kind").value = kind;
    const list = $("search-results");
    list.replaceChildren();
    if (!q.trim()) {
      setStatus($("search-status"), "Type words to search for.");
      return;
    }
    setStatus($("search-status"), "Searching…");
    try {
      const data = await api(`/api/search?${new URLSearchParams({ q, kind, limit: "50" })}`);
      const what = kind === "sentences" ? "sentence" : "report";
      setStatus($("search-status"), data.total === 0
        ? `No ${what}s match “${q}”.`
        : (data.total === 1 ? `1 ${what} matches “${q}”`
          : `${data.more ? "more than " : ""}${data.total.toLocaleString("en")} ${what}s match “${q}”`) +
          (data.total > data.hits.length ? `; the best ${data.hits.length} are shown.` : "."));
      list.replaceChildren(...data.hits.map((hit) => {
        const title = el("a", { href: articleHref(hit), class: "title", testid: "search-result-link" });
        if (hit.title_parts.length) appendParts(title, hit.title_parts);
        else title.textContent = hit.title || "(untitled report)";
        const snippet = el("p", { class: "snippet", testid: "search-snippet" });
        appendParts(snippet, hit.parts);
        const meta = [hit.outlet || "unknown outlet", hit.published || "date unknown"].join(" · ");
        return el("li", { testid: "search-result", "data-article": hit.article },
          title, snippet, el("p", { class: "meta", text: meta }));
      }));
    } catch (error) {
      setStatus($("search-status"), `Search failed: ${error.message}`, true);
    }
  }

  // -- article ------------------------------------------------------------------------------

  async function loadArticle(id, params) {
    $("article-title").textContent = "";
    $("article-meta").replaceChildren();
    $("article-text").replaceChildren();
    if (!ARTICLE_ID.test(id)) {
      setStatus($("article-status"), "There is no article with that id.", true);
      return;
    }
    setStatus($("article-status"), "Loading the report…");
    try {
      renderArticle(await api(`/api/articles/${encodeURIComponent(id)}`), params);
      setStatus($("article-status"), "");
    } catch (error) {
      setStatus($("article-status"), `Could not load the report: ${error.message}`, true);
    }
  }

  function renderArticle(article, params) {
    $("article-title").textContent = article.title || "(untitled report)";
    const meta = $("article-meta");
    meta.append([article.outlet || "unknown outlet",
      article.published ? `published ${article.published} (${article.publication.how})` : "publication date unknown",
      article.origin].join(" · "));
    if (isWebAddress(article.url)) {
      meta.append(" · ", el("a", { href: article.url, rel: "noopener noreferrer", target: "_blank",
        testid: "article-url", text: article.url }));
    } else if (article.url) {
      meta.append(" · ", el("span", { testid: "article-url", text: article.url }));
    }
    const text = article.text;
    const spans = article.cited.map((c) => ({ ...c, focus: false }));
    const start = Number.parseInt(params.get("start"), 10);
    const end = Number.parseInt(params.get("end"), 10);
    if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length) {
      spans.push({ start, end, kind: "focus", focus: true });
    }
    const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])]
      .filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
    const body = $("article-text");
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && b <= s.end);
      if (!covering.length) {
        body.append(piece);
        continue;
      }
      const cited = covering.filter((s) => !s.focus);
      const focus = covering.some((s) => s.focus);
      const summary = cited.some((s) => s.kind === "summary");
      const classes = [cited.length ? "cited" : "", cited.length && !summary ? "support" : "", focus ? "focus" : ""];
      const mark = el("mark", { class: classes.filter(Boolean).join(" "), testid: "cited-span", text: piece,
        "data-start": a, "data-end": b, "data-kind": summary ? "summary" : (cited.length ? "support" : "focus") });
      if (cited.length) mark.title = `cited on the timeline: ${[...new Set(cited.map((s) => s.date))].join(", ")}`;
      if (focus) mark.dataset.focus = "true";
      body.append(mark);
    }
    const focused = body.querySelector("mark.focus");
    if (focused) focused.scrollIntoView({ block: "center" });
    else window.scrollTo(0, 0);
  }

  function goBack() {
    if (history.length > 1) history.back();
    else location.hash = "#/";
  }

  // -- upload ---------------------------------------------------------------------------------

  async function upload(event) {
    event.preventDefault();
    const input = $("upload-input");
    const status = $("upload-status");
    const messages = $("upload-messages");
    messages.replaceChildren();
    if (!input.files.length) {
      setStatus(status, "Choose one or more files first.", true);
      return;
    }
    const form = new FormData();
    for (const file of input.files) form.append("files", file, file.name);
    $("upload-button").disabled = true;
    const progress = $("upload-progress");
    progress.hidden = false;
    progress.removeAttribute("value");
    setStatus(status, `Uploading ${input.files.length} file${input.files.length === 1 ? "" : "s"}…`);
    try {
      const job = await api("/api/upload", { method: "POST", body: form, headers: { "X-Dateline-Request": "1" } });
      input.value = "";
      await followJob(job);
    } catch (error) {
      setStatus(status, `Upload refused: ${error.message}`, true);
      progress.hidden = true;
    } finally {
      $("upload-button").disabled = false;
    }
  }

  async function followJob(job) {
    const status = $("upload-status");
    const progress = $("upload-progress");
    for (;;) {
      if (job.state === "done") {
        progress.hidden = true;
        setStatus(status, `Done: ${job.added} added, ${job.duplicates} already present, ` +
          `${job.skipped.length} skipped; the timeline has ${job.entries} entries.`);
        $("upload-messages").replaceChildren(...job.skipped.map((s) =>
          el("li", { testid: "upload-skipped", text: `skipped ${s.origin}: ${s.reason}` })));
        await loadFilterOptions();
        await loadStory();
        route();
        return;
      }
      if (job.state === "failed") {
        progress.hidden = true;
        setStatus(status, "The rebuild failed.", true);
        $("upload-messages").replaceChildren(...job.errors.map((e) => el("li", { class: "error", testid: "upload-error", text: e })));
        return;
      }
      if (job.phase === "reading the uploaded files" && job.files_total) {
        progress.max = job.files_total;
        progress.value = job.files_done;
      } else {
        progress.removeAttribute("value");
      }
      setStatus(status, `${job.phase}: ${job.reports_done} reports read from ${job.files_done} of ${job.files_total} files…`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      job = await api(`/api/jobs/${encodeURIComponent(job.id)}`);
    }
  }

  // -- start -------------------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    $("search-form").addEventListener("submit", submitSearch);
    $("filters").addEventListener("submit", applyFilters);
    $("filter-clear").addEventListener("click", clearFilters);
    $("upload-form").addEventListener("submit", upload);
    $("article-back").addEventListener("click", goBack);
    window.addEventListener("hashchange", route);
    loadFilterOptions();
    loadStory();
    route();
  });
})();
