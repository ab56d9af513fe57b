"""The static timeline.html and the `dateline serve` page, used in a real browser.

Headless Chromium driven by Selenium clicks, filters, searches and uploads as
a reader would, and checks what the page shows, that hostile report text never
runs as script, and that the browser logs no JS error and no
Content-Security-Policy violation.

Marked ``browser``. The tests skip when Chromium or chromedriver is not
installed (Debian: ``apt-get install chromium chromium-driver``); set
DATELINE_CHROMIUM / DATELINE_CHROMEDRIVER to use other binaries. Screenshots
(desktop 1280x900, phone 375x812 with mobile emulation) go to the folder in
DATELINE_SCREENSHOTS, else to ``screenshots/`` in pytest's temporary folder;
the run prints where.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import httpx
import pytest
from conftest import COALITION, skip_without_coalition
from render_timelines import SCRIPT as HOSTILE_SCRIPT
from render_timelines import hostile_timeline
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from dateline.pipeline import run_build, sample_paths
from dateline.render import write_outputs
from dateline.render._story import story_header
from dateline.store.sqlite import STORE_NAME

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1280, 900, False), "phone": (375, 812, True)}
WAIT = 15  # seconds a page gets to show what it should
REBUILD_WAIT = 90  # seconds an upload's rebuild gets (spaCy over the new reports, on a busy CI machine)

# Runs before any page script: records CSP violations and every dialog a page tries to open.
PROBE = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at line " + e.lineNumber);
});
"""

UNIQUE_WORD = "Quennamarsh"
UPLOAD_REPORT = (
    f"Title: {UNIQUE_WORD} lighthouse reopens after dam inspection\n"
    "Outlet: Harbour Ledger\n"
    "Published: 2023-03-30\n\n"
    f"KESSLING, March 30, 2023 - The {UNIQUE_WORD} lighthouse reopened on Thursday after engineers "
    "finished inspecting the dam below the Hollin Gorge site, the harbour office said.\n\n"
    "\"The light is back on and the channel is safe again,\" said Tomas Reyl, the harbour master.\n"
)
HOSTILE_WORD = "Brindlecote"
HOSTILE_REPORT = (
    f"Title: {HOSTILE_SCRIPT} {HOSTILE_WORD} \"cracks' <img src=x onerror=alert(1)>\n"
    "Outlet: <img src=x onerror=alert(1)> Gazette\n"
    "URL: javascript:alert(1)\n"
    "Published: 2023-03-31\n\n"
    f"KESSLING, March 31, 2023 - Engineers inspected the {HOSTILE_SCRIPT} {HOSTILE_WORD} spillway on Friday "
    "after residents reported <img src=x onerror=alert(1)> new cracks below the collapsed dam.\n\n"
    f"\"{HOSTILE_SCRIPT} We will seal every crack,\" said Mara Quell, the engineer in charge of the "
    "<a href=\"javascript:alert(1)\">repair</a> works.\n"
)

# What a page may not contain once built: script URLs anywhere, inline handlers, images.
DOM_AUDIT = """
const bad = [];
for (const node of document.querySelectorAll("*")) {
  for (const attr of node.attributes) {
    if (/^on/i.test(attr.name)) bad.push(node.tagName + " has handler " + attr.name);
    if (/^\\s*(javascript|vbscript|data):/i.test(attr.value) && /^(href|src|action|formaction|xlink:href)$/i.test(attr.name))
      bad.push(node.tagName + " " + attr.name + "=" + attr.value);
  }
}
for (const a of document.querySelectorAll("a[href]")) {
  if (a.protocol === "javascript:") bad.push("link to " + a.href);
}
return {bad: bad, images: document.querySelectorAll("img, iframe, object, embed").length,
        scripts: document.scripts.length};
"""


# -- the browser -----------------------------------------------------------------------------


def _binary(env: str, names: tuple[str, ...]) -> str | None:
    chosen = os.environ.get(env)
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return next((found for name in names if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def driver():
    """One headless Chromium for the module, with its console log kept and the page probe installed."""
    chromium = _binary("DATELINE_CHROMIUM", ("chromium", "chromium-browser", "google-chrome"))
    chromedriver = _binary("DATELINE_CHROMEDRIVER", ("chromedriver",))
    if chromium is None or chromedriver is None:
        pytest.skip("browser tests need Chromium and chromedriver: `apt-get install chromium chromium-driver` "
                    "(or set DATELINE_CHROMIUM and DATELINE_CHROMEDRIVER)")
    profile = tempfile.mkdtemp(prefix="dateline-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=en-US",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.set_capability("unhandledPromptBehavior", "ignore")  # an alert stays open, for the test to find
    browser = webdriver.Chrome(options=options, service=Service(chromedriver))
    try:
        browser.set_page_load_timeout(30)
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def screens(tmp_path_factory, request) -> Path:
    folder = os.environ.get("DATELINE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots", numbered=False)
    path.mkdir(parents=True, exist_ok=True)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:  # said even when output is captured
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser screenshots: {path}")
    return path


def viewport(driver, kind: str) -> None:
    width, height, mobile = VIEWPORTS[kind]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def shot(driver, screens: Path, name: str) -> None:
    driver.save_screenshot(str(screens / f"{name}.png"))


def wait(driver, condition, message: str, timeout: float = WAIT):
    # The page replaces elements as it updates: one found and then replaced before it is read is looked up again at
    # the next poll, not a failure (this made the upload test fail now and then on a loaded machine).
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: condition(d), message)


def by_id(driver, name: str):
    return driver.find_element(By.CSS_SELECTOR, f"[data-testid={name}]")


def by_ids(driver, name: str):
    return driver.find_elements(By.CSS_SELECTOR, f"[data-testid={name}]")


def shown(elements) -> list:
    return [e for e in elements if e.is_displayed()]


def words(text: str) -> str:
    return " ".join(text.split())


def problems(driver, allowed: tuple[str, ...] = ()) -> list[str]:
    """JS errors, CSP violations and other severe console lines since the last call (minus ``allowed`` regexes)."""
    found = [f"CSP: {v}" for v in driver.execute_script("return window.__csp || []")]
    driver.execute_script("if (window.__csp) window.__csp.length = 0;")
    for entry in driver.get_log("browser"):
        message = entry["message"]
        if any(re.search(pattern, message) for pattern in allowed):
            continue
        if entry["level"] == "SEVERE" or "Content Security Policy" in message or "Uncaught" in message:
            found.append(f"{entry['level']}: {message}")
    return found


def no_alert(driver) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    pytest.fail(f"the page opened an alert: {text!r}")


def audit(driver) -> dict:
    return driver.execute_script(DOM_AUDIT)


def type_date(field, iso: str) -> None:
    """Type a date the way a person does into Chromium's en-US date field (month, day, year)."""
    year, month, day = iso.split("-")
    field.click()
    field.send_keys(month + day + year)
    assert field.get_attribute("value") == iso, f"typed {iso} but the field holds {field.get_attribute('value')!r}"


# -- builds ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "sample"
    result = run_build(sample_paths(), out=out)
    return out, result.timeline


# -- the static page ------------------------------------------------------------------------


def open_static(driver, page: Path) -> None:
    driver.get(page.resolve().as_uri())
    wait(driver, lambda d: d.find_element(By.ID, "filters").is_displayed(), "the page's script never showed the filters")


def check_context_panel(driver, button) -> str:
    """Click a cited sentence or source button; the panel must show the cited span highlighted. Returns it."""
    button.click()
    panel = by_id(driver, "context-panel")
    wait(driver, lambda d: panel.is_displayed(), "clicking a citation did not open the context panel")
    highlight = by_id(driver, "context-highlight")
    assert highlight.text.strip(), "the context panel highlights nothing"
    assert words(highlight.text) in words(by_id(driver, "context-paragraph").text)
    assert button.get_attribute("aria-expanded") == "true"
    return highlight.text


# The axis mark farthest from its neighbours (a click on it cannot land on another dot), as [index, entry].
LONELY_MARK = """
const marks = [...document.querySelectorAll("[data-testid=axis-mark]")];
const xs = marks.map((m) => { const r = m.getBoundingClientRect(); return r.left + r.width / 2; });
let best = 0, room = -1;
xs.forEach((x, i) => {
  const gap = Math.min(i > 0 ? x - xs[i - 1] : Infinity, i + 1 < xs.length ? xs[i + 1] - x : Infinity);
  if (gap > room) { room = gap; best = i; }
});
return [best, Number(marks[best].dataset.entry)];
"""
IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
return r.top >= -1 && r.top < window.innerHeight - 20;
"""


def check_header_and_axis(driver, timeline) -> None:
    """The story header names the story and the axis has one dot per date."""
    title = by_id(driver, "story-title").text
    assert title and title != "Timeline", "the story header has no title"
    header = story_header(timeline)
    assert words(title) == words(header.title)
    assert words(header.title) in words(driver.title), f"the page title {driver.title!r} does not name the story"
    assert by_id(driver, "time-axis").is_displayed()
    marks = by_ids(driver, "axis-mark")
    assert sorted(int(m.get_attribute("data-entry")) for m in marks) == list(range(len(timeline.entries)))


def check_axis_moves_to_entries(driver, timeline, served: bool = False) -> None:
    """A click on a dot, and arrow keys plus Enter, bring that dot's entry into view."""
    driver.execute_script("window.scrollTo(0, 0)")
    position, entry_index = driver.execute_script(LONELY_MARK)
    mark = by_ids(driver, "axis-mark")[position]
    driver.execute_script("arguments[0].parentNode.scrollIntoView({block: 'nearest', inline: 'center'})",
                          mark.find_element(By.CSS_SELECTOR, "circle"))
    mark.click()
    entry = driver.find_element(By.ID, f"entry-{entry_index}")
    wait(driver, lambda d: d.execute_script(IN_VIEW, entry), f"clicking the axis did not bring entry {entry_index} into view")
    if served:
        assert "current" in entry.get_attribute("class").split()
    else:
        assert driver.execute_script("return location.hash") == f"#entry-{entry_index}"
        assert driver.execute_script("return document.querySelector(':target') === arguments[0]", entry)
    # Keyboard: focus the first dot, move right twice, Enter.
    driver.execute_script("window.scrollTo(0, 0)")
    first = by_ids(driver, "axis-mark")[0]
    driver.execute_script("arguments[0].focus()", first)
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT).perform()
    focused = driver.switch_to.active_element
    target = by_ids(driver, "axis-mark")[min(2, len(timeline.entries) - 1)]
    assert focused == target, "the arrow keys did not move along the axis"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    entry = driver.find_element(By.ID, f"entry-{target.get_attribute('data-entry')}")
    wait(driver, lambda d: d.execute_script(IN_VIEW, entry), "Enter on a dot did not bring its entry into view")
    driver.execute_script("window.scrollTo(0, 0)")


def check_static_page(driver, page: Path, timeline, screens: Path, name: str) -> None:
    viewport(driver, "desktop")
    open_static(driver, page)
    entries = by_ids(driver, "entry")
    assert len(entries) == len(timeline.entries)
    assert all(e.find_elements(By.CSS_SELECTOR, "[data-testid=entry-sentence-text]") for e in entries)
    check_header_and_axis(driver, timeline)
    shot(driver, screens, f"{name}-desktop-top")
    check_axis_moves_to_entries(driver, timeline)
    open_static(driver, page)
    entries = by_ids(driver, "entry")

    # A sentence opens its paragraph with that very sentence highlighted.
    first = driver.find_element(By.CSS_SELECTOR, "[data-testid=entry-sentence-text]")
    highlight = check_context_panel(driver, first)
    ref = timeline.entries[0].sources[0]
    article = next(a for a in timeline.articles if a.id == ref.article)
    assert words(highlight) == words(article.text[ref.start:ref.end])
    assert (article.outlet.name or "unknown outlet") in by_id(driver, "context-source").text
    shot(driver, screens, f"{name}-desktop-context")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not by_id(d, "context-panel").is_displayed(), "Escape did not close the context panel")

    # Outlet filter: fewer dates, and every date left has a sentence from that outlet.
    outlet = Select(by_id(driver, "outlet-filter"))
    counts = {}
    for option in outlet.options[1:]:
        outlet.select_by_value(option.get_attribute("value"))
        counts[option.get_attribute("value")] = driver.execute_script(
            "return [...document.querySelectorAll('li.entry')].filter(e => e.getClientRects().length).length")
    value = min(counts, key=lambda v: (counts[v] == 0, counts[v]))
    outlet.select_by_value(value)
    visible = shown(entries)
    assert 0 < len(visible) <= len(entries), counts
    if len(counts) > 1:  # with one outlet nothing can be left out
        assert len(visible) < len(entries), counts
    for entry in visible:
        sentences = shown(entry.find_elements(By.CSS_SELECTOR, "[data-testid=entry-sentence]"))
        assert sentences and all(value in s.get_attribute("data-o").split() for s in sentences)
    assert by_id(driver, "filter-status").text.startswith(f"Showing {len(visible)} of {len(entries)} dates and ")
    by_id(driver, "filter-reset").click()
    assert len(shown(entries)) == len(entries)

    # Entity filter: the dates left all name the entity.
    entity = Select(by_id(driver, "entity-filter"))
    value = entity.options[-1].get_attribute("value")
    entity.select_by_value(value)
    visible = shown(entries)
    assert 0 < len(visible) < len(entries)
    assert all(value in e.get_attribute("data-n").split() for e in visible)
    by_id(driver, "filter-reset").click()

    # Date range: only the dates whose period overlaps it stay.
    spans = [(e.get_attribute("data-from"), e.get_attribute("data-to")) for e in entries]
    days = sorted({d for span in spans for d in span if d})
    start, end = days[len(days) // 2], days[min(len(days) - 1, len(days) // 2 + 2)]
    type_date(by_id(driver, "date-from"), start)
    type_date(by_id(driver, "date-to"), end)
    expected = sum(1 for first_day, last_day in spans if first_day and first_day <= end and last_day >= start)
    assert 0 < len(shown(entries)) == expected < len(entries)
    by_id(driver, "filter-reset").click()
    assert len(shown(entries)) == len(entries)

    # Quotes, charts, disagreements.
    assert len(by_ids(driver, "quote")) == sum(1 for _ in timeline.quotes)
    if timeline.quotes:
        check_context_panel(driver, driver.find_element(By.CSS_SELECTOR, "#quotes [data-testid=source-button]"))
    charts = by_ids(driver, "figure-chart")
    assert charts, "no figure chart"
    assert charts[0].find_elements(By.CSS_SELECTOR, "svg.chart circle.pt")
    assert by_id(driver, "disagreements").is_displayed()
    assert len(by_ids(driver, "disagreement")) == len(timeline.disagreements)
    driver.execute_script("arguments[0].scrollIntoView()", by_id(driver, "figures"))
    shot(driver, screens, f"{name}-desktop-figures")

    viewport(driver, "phone")
    open_static(driver, page)
    check_header_and_axis(driver, timeline)
    shot(driver, screens, f"{name}-phone-top")
    driver.execute_script("arguments[0].scrollIntoView()", by_id(driver, "figures"))
    shot(driver, screens, f"{name}-phone-figures")
    driver.execute_script("window.scrollTo(0, 0)")
    check_context_panel(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid=entry-sentence-text]"))
    shot(driver, screens, f"{name}-phone-context")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= VIEWPORTS["phone"][0], f"the page is {width}px wide on a 375px phone: it scrolls sideways"

    assert problems(driver) == []
    assert audit(driver)["bad"] == []


def test_static_sample_page_shows_filters_and_cites_in_a_browser(driver, sample_build, screens):
    out, timeline = sample_build
    check_static_page(driver, out / "timeline.html", timeline, screens, "static-sample")


def test_static_sample_page_shows_the_undated_section_and_cites_it_in_context(driver, sample_build, screens):
    out, timeline = sample_build
    assert timeline.undated
    viewport(driver, "desktop")
    open_static(driver, out / "timeline.html")
    buttons = by_ids(driver, "undated-sentence-text")
    assert [words(b.text) for b in buttons] == [words(u.text) for u in timeline.undated]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    assert words(check_context_panel(driver, buttons[0])) == words(timeline.undated[0].text)
    assert all(r.is_displayed() for r in by_ids(driver, "undated-reason"))
    shot(driver, screens, "static-sample-undated")
    assert problems(driver) == []


def test_static_coalition_page_works_in_a_browser(driver, screens, tmp_path):
    skip_without_coalition()
    result = run_build([COALITION], out=tmp_path / "coalition")
    check_static_page(driver, tmp_path / "coalition" / "timeline.html", result.timeline, screens, "static-coalition")


def test_hostile_static_page_runs_no_injected_script(driver, screens, tmp_path):
    viewport(driver, "desktop")
    write_outputs(hostile_timeline(), tmp_path, formats=["html"])
    open_static(driver, tmp_path / "timeline.html")
    buttons = driver.find_elements(By.CSS_SELECTOR, "button[data-ref]")
    assert buttons
    for button in buttons:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        no_alert(driver)
        assert by_id(driver, "context-highlight").text
    for name in ("outlet-filter", "entity-filter"):
        select = Select(by_id(driver, name))
        for option in select.options:
            select.select_by_value(option.get_attribute("value"))
            no_alert(driver)
    shot(driver, screens, "static-hostile-desktop")
    no_alert(driver)
    found = audit(driver)
    assert found == {"bad": [], "images": 0, "scripts": 2}
    # The markup is shown as text, not dropped.
    assert HOSTILE_SCRIPT in driver.find_element(By.TAG_NAME, "body").text
    assert problems(driver) == []


# -- the served page --------------------------------------------------------------------------


class _Served:
    def __init__(self, base: str, timeline, server, thread):
        self.base, self.timeline, self.server, self.thread = base, timeline, server, thread

    def api(self, path: str, **params):
        response = httpx.get(self.base + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def served(sample_build, tmp_path_factory):
    """`dateline serve`'s app under uvicorn on a free loopback port, over a copy of the sample build."""
    import uvicorn

    from dateline.web.server import create_app

    out, timeline = sample_build
    folder = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(out, folder)
    app = create_app(folder / STORE_NAME, timeline=timeline)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if server.started:
            break
        thread.join(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield _Served(base, timeline, server, thread)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def open_served(driver, served: _Served, hash_: str = "#/") -> None:
    driver.get(f"{served.base}/{hash_}")
    wait(driver, lambda d: by_ids(d, "entry") or by_id(d, "search-view").is_displayed()
         or by_id(d, "article-view").is_displayed(), "the served page showed nothing")


# The browser asks every site for /favicon.ico; `dateline serve` answers 204, so no console line is allowed.
FAVICON = ()


def timeline_status(driver) -> str:
    return by_id(driver, "timeline-status").text


def test_served_page_timeline_search_filter_and_article(driver, served, screens):
    viewport(driver, "desktop")
    open_served(driver, served)
    total = len(served.timeline.entries)
    wait(driver, lambda d: len(by_ids(d, "entry")) == total, f"the timeline did not show its {total} entries")
    assert f"{total} entries" in timeline_status(driver)
    wait(driver, lambda d: by_ids(d, "axis-mark"), "the served page drew no time axis")
    check_header_and_axis(driver, served.timeline)
    assert by_id(driver, "story-title").text == served.api("/api/story")["title"]
    shot(driver, screens, "serve-desktop-timeline")
    check_axis_moves_to_entries(driver, served.timeline, served=True)

    # The undated section under the timeline: each sentence with its source and why it has no date.
    undated = served.timeline.undated
    wait(driver, lambda d: len(by_ids(d, "undated-sentence")) == len(undated), "the undated section did not show")
    assert by_id(driver, "undated-view").is_displayed()
    shown_undated = by_ids(driver, "undated-sentence")
    assert [words(s.find_element(By.CSS_SELECTOR, ".text").text) for s in shown_undated] == [words(u.text) for u in undated]
    assert all(s.find_element(By.CSS_SELECTOR, "[data-testid=undated-reason]").text for s in shown_undated)

    # Search: highlighted matches.
    box = by_id(driver, "search-input")
    box.send_keys("evacuation", Keys.ENTER)
    wait(driver, lambda d: by_ids(d, "search-result"), "searching for 'evacuation' found nothing")
    assert "#/search?q=evacuation" in driver.current_url
    marks = driver.find_elements(By.CSS_SELECTOR, "[data-testid=search-snippet] mark")
    assert marks and all(m.text.casefold().startswith("evacu") for m in marks)
    assert re.match(r"\d+ reports? match", by_id(driver, "search-status").text)
    shot(driver, screens, "serve-desktop-search")

    # A filter: the outlet with the fewest dates, matching what the API says.
    by_id(driver, "home-link").click()
    wait(driver, lambda d: len(by_ids(d, "entry")) == total, "the home link did not bring the timeline back")
    wait(driver, lambda d: len(Select(by_id(d, "filter-outlet")).options) > 2, "the outlet choices never loaded")
    outlets = [o for o in served.api("/api/outlets") if o["name"]]
    counts = {o["name"]: served.api("/api/timeline", outlet=o["name"])["count"] for o in outlets}
    name = min(counts, key=lambda n: (counts[n] == 0, counts[n]))
    Select(by_id(driver, "filter-outlet")).select_by_value(name)
    by_id(driver, "filter-apply").click()
    wait(driver, lambda d: f"{counts[name]} of {total} entries" in timeline_status(d), "the outlet filter did nothing")
    assert 0 < len(by_ids(driver, "entry")) == counts[name] < total
    shot(driver, screens, "serve-desktop-filtered")
    by_id(driver, "filter-clear").click()
    wait(driver, lambda d: len(by_ids(d, "entry")) == total, "Clear did not bring every entry back")

    # An article: the sentence followed is focused, and the timeline's cited sentences are highlighted.
    sentence = by_ids(driver, "entry-sentence")[0]
    text = sentence.find_element(By.CSS_SELECTOR, ".text").text
    sentence.find_element(By.CSS_SELECTOR, "[data-testid=source-link]").click()
    wait(driver, lambda d: by_ids(d, "cited-span"), "the article view highlighted no cited sentence")
    focus = driver.find_elements(By.CSS_SELECTOR, "[data-testid=cited-span][data-focus=true]")
    assert focus and words(text) == words(" ".join(f.text for f in focus))
    kinds = {m.get_attribute("data-kind") for m in by_ids(driver, "cited-span")}
    assert "summary" in kinds
    assert by_id(driver, "article-title").text
    shot(driver, screens, "serve-desktop-article")

    viewport(driver, "phone")
    shot(driver, screens, "serve-phone-article")
    by_id(driver, "article-back").click()
    wait(driver, lambda d: len(by_ids(d, "entry")) == total, "Back did not return to the timeline")
    driver.execute_script("window.scrollTo(0, 0)")
    assert by_id(driver, "time-axis").is_displayed()
    shot(driver, screens, "serve-phone-timeline")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= VIEWPORTS["phone"][0], f"the page is {width}px wide on a 375px phone: it scrolls sideways"
    viewport(driver, "desktop")

    assert problems(driver, FAVICON) == []
    assert audit(driver) == {"bad": [], "images": 0, "scripts": 1}


def test_served_upload_rebuilds_and_makes_reports_searchable_without_running_their_markup(
        driver, served, screens, tmp_path):
    viewport(driver, "desktop")
    open_served(driver, served)
    good, bad = tmp_path / "lighthouse.txt", tmp_path / "hostile.txt"
    good.write_text(UPLOAD_REPORT, encoding="utf-8")
    bad.write_text(HOSTILE_REPORT, encoding="utf-8")
    # Remember every status line and whether the progress bar ever showed.
    driver.execute_script("""
      window.__upload = {progress: false, status: []};
      const bar = document.getElementById("upload-progress");
      const status = document.getElementById("upload-status");
      new MutationObserver(() => { if (!bar.hidden) window.__upload.progress = true; })
        .observe(bar, {attributes: true});
      new MutationObserver(() => window.__upload.status.push(status.textContent))
        .observe(status, {childList: true, characterData: true, subtree: true});
    """)
    by_id(driver, "upload-input").send_keys(f"{good}\n{bad}")
    by_id(driver, "upload-button").click()
    wait(driver, lambda d: by_id(d, "upload-status").text.startswith(("Done", "Upload refused", "The rebuild failed")),
         "the upload's rebuild did not finish", timeout=REBUILD_WAIT)
    status = by_id(driver, "upload-status").text
    seen = driver.execute_script("return window.__upload")
    shot(driver, screens, "serve-desktop-upload-done")
    assert status.startswith("Done: 2 added"), (status, seen["status"])
    assert seen["progress"], "the progress bar never showed"
    # The job's progress line ("<phase>: N reports read from F of 2 files…") showed before "Done".
    assert any(re.search(r": \d+ reports read from \d+ of 2 files", s) for s in seen["status"]), seen["status"]
    assert not by_id(driver, "upload-progress").is_displayed()

    # The new report is searchable and opens.
    box = by_id(driver, "search-input")
    box.clear()
    box.send_keys(UNIQUE_WORD, Keys.ENTER)
    wait(driver, lambda d: len(by_ids(d, "search-result")) == 1, f"the uploaded report is not found by {UNIQUE_WORD}")
    assert [m.text for m in driver.find_elements(By.CSS_SELECTOR, "[data-testid=search-result] mark")]
    by_id(driver, "search-result-link").click()
    wait(driver, lambda d: UNIQUE_WORD in by_id(d, "article-title").text, "the uploaded report did not open")

    # The hostile report: shown as text everywhere, never run.
    box = by_id(driver, "search-input")
    box.clear()
    box.send_keys(HOSTILE_WORD, Keys.ENTER)
    wait(driver, lambda d: len(by_ids(d, "search-result")) == 1, "the hostile report is not searchable")
    no_alert(driver)
    shot(driver, screens, "serve-desktop-hostile-search")
    by_id(driver, "search-result-link").click()
    wait(driver, lambda d: HOSTILE_WORD in by_id(d, "article-title").text, "the hostile report did not open")
    no_alert(driver)
    assert HOSTILE_SCRIPT in by_id(driver, "article-title").text
    url = by_id(driver, "article-url")
    assert url.tag_name == "span" and url.text == "javascript:alert(1)"
    shot(driver, screens, "serve-desktop-hostile-article")
    by_id(driver, "home-link").click()
    wait(driver, lambda d: by_ids(d, "entry"), "the timeline did not come back after the upload")
    for link in by_ids(driver, "entry-more")[:5]:
        link.click()
    no_alert(driver)
    assert audit(driver) == {"bad": [], "images": 0, "scripts": 1}
    assert problems(driver, FAVICON) == []
