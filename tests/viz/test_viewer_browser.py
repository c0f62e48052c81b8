"""The viewer in a real headless Chromium (Debian's ``chromium`` through
Playwright, no browser download), over the page built from the demo articles.

Every request the page makes is recorded; anything but the page itself is
blocked, and each test checks that nothing was asked for. Skipped, with the
reason, when ``/usr/bin/chromium`` or the ``playwright`` package is missing
(``.ci/run`` installs both).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import PAYLOAD_LABEL, PAYLOAD_SENTENCE
from kg.viz import view_of, write_html

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package (test extra) is missing")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Viewer:
    """One page of the viewer, with every outgoing request and script error recorded."""

    def __init__(self, browser, path: Path, fragment: str = "", bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: r.url != self.url and self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.route("**/*", self._route)
        self.page.goto(self.url + fragment)
        self.wait("!!(window.kgViewer && window.kgViewer.ready)")

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def wait(self, expression: str, arg=None, timeout: float = 20.0):
        """Poll (page.wait_for_function would need eval, which the page's CSP forbids)."""
        end = time.monotonic() + timeout
        while not self.js(expression, arg):
            assert time.monotonic() < end, f"timed out waiting for {expression}"
            time.sleep(0.05)

    def counts(self) -> tuple[int, int]:
        return tuple(self.js("[network.body.data.nodes.length, network.body.data.edges.length]"))

    def click_node(self, iri: str) -> None:
        """Zoom on the node as a user would, then click its centre on the canvas."""
        x, y = self.js("""id => {
            network.focus(id, {scale: 1.5});
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.getElementById('kg-network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", iri)
        self.page.mouse.click(x, y)

    def panel(self) -> str:
        self.wait("!document.getElementById('kg-panel').hidden")
        return self.js("document.getElementById('kg-panel-body').textContent")

    def close(self) -> None:
        assert self.requests == [], f"the page asked for {self.requests}"
        self.context.close()


@pytest.fixture(scope="module")
def demo_page(demo_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "demo.html"
    return path, write_html(demo_graph, path)


@pytest.fixture()
def demo(browser, demo_page):
    viewer = Viewer(browser, demo_page[0])
    yield viewer
    assert viewer.errors == []
    viewer.close()


def test_draws_every_entity_of_the_graph_offline(demo, demo_page, demo_graph):
    entities = demo_graph.query("""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . FILTER(?c IN (air:Company,
        air:Organization, air:ResearchInstitution, air:GovernmentBody, air:Person, air:Chip, air:AIModel, air:Policy,
        air:Country)) }""").rows[0][0]
    assert demo.counts() == (entities, len(demo_page[1].edges))
    assert demo.js("network.physics.physicsEnabled") is False  # stabilised, then stopped
    assert demo.js("document.querySelectorAll('#kg-legend input').length") == len({n.cls for n in demo_page[1].nodes})


def test_search_by_alias_focuses_the_node(demo, demo_page):
    node = next(n for n in demo_page[1].nodes if n.aliases and n.aliases[0].isascii())
    demo.page.fill("#kg-search", node.aliases[0].lower())
    demo.page.press("#kg-search", "Enter")
    assert demo.js("network.getSelectedNodes()") == [node.id]
    demo.wait("""id => { const p = network.getPositions([id])[id], v = network.getViewPosition();
                         return Math.hypot(p.x - v.x, p.y - v.y) < 5; }""", node.id)
    assert demo.panel().startswith(node.label)


def test_click_on_a_node_opens_its_sources(demo, demo_page):
    view = demo_page[1]
    sentences = {}
    for edge in view.edges:
        for end in (edge.source, edge.target):
            sentences.setdefault(end, set()).update(ev.sentence for ev in edge.evidence if ev.sentence)
    iri = max(sentences, key=lambda i: len(sentences[i]))
    node = next(n for n in view.nodes if n.id == iri)
    demo.click_node(iri)
    text = demo.panel()
    assert text.startswith(node.label) and node.cls in text
    assert any(sentence in text for sentence in sentences[iri])
    assert demo.js("document.querySelectorAll('#kg-panel blockquote').length") >= 1
    if node.same_as:
        assert demo.js("document.querySelector('#kg-panel a').href").startswith("http://www.wikidata.org/entity/")


def test_filters_agree_with_the_python_view(demo, demo_graph):
    chips = demo.js("Object.values(JSON.parse(document.getElementById('kg-data-json').textContent).nodes)"
                    ".filter(n => n.cls === 'Chip').length")
    total = demo.counts()[0]
    demo.page.uncheck("#kg-legend input[value=Chip]")
    assert demo.counts()[0] == total - chips
    demo.page.check("#kg-legend input[value=Chip]")
    demo.js("v => { const s = document.getElementById('kg-confidence'); s.value = v; s.dispatchEvent(new Event('input')); }", "0.8")
    assert demo.counts()[1] == len(view_of(demo_graph, min_confidence=0.8).edges)
    assert "min_confidence=0.8" in demo.js("location.hash")
    document = demo.js("document.querySelectorAll('#kg-document option')[2].value")
    demo.page.select_option("#kg-document", document)
    view = view_of(demo_graph, documents=[document], min_confidence=0.8)
    assert demo.counts() == (len(view.nodes), len(view.edges))


def test_freeze_button_toggles_physics(demo):
    demo.page.click("#kg-freeze")
    assert demo.js("network.physics.physicsEnabled") is True
    demo.page.click("#kg-freeze")
    assert demo.js("network.physics.physicsEnabled") is False


def test_focus_and_filters_come_from_the_url(browser, demo_page, demo_graph):
    viewer = Viewer(browser, demo_page[0], "#class=Chip,Company&min_confidence=0.5&focus=DeepSeek")
    view = view_of(demo_graph, classes=["Chip", "Company"], min_confidence=0.5)
    assert viewer.counts() == (len(view.nodes), len(view.edges))
    assert viewer.js("network.getSelectedNodes()") == ["https://w3id.org/airace/resource/DeepSeek"]
    viewer.close()


def test_injected_markup_shows_as_text_and_runs_nothing(browser, hostile_graph, tmp_path):
    write_html(hostile_graph, tmp_path / "hostile.html")
    # without the page's CSP: escaping alone must hold
    viewer = Viewer(browser, tmp_path / "hostile.html", bypass_csp=True)
    viewer.page.fill("#kg-search", PAYLOAD_LABEL)
    viewer.page.press("#kg-search", "Enter")
    assert viewer.panel().startswith(PAYLOAD_LABEL)
    evil = viewer.js("network.getSelectedNodes()[0]")
    viewer.click_node(evil)  # hover tooltip and click
    viewer.wait("!!document.querySelector('div.vis-tooltip') && "
                "document.querySelector('div.vis-tooltip').textContent.length > 0")
    assert PAYLOAD_LABEL in viewer.js("document.querySelector('div.vis-tooltip').textContent")
    edge = viewer.js("Object.keys(network.body.edges).find(id => network.body.edges[id].options.label === 'usesChip')")
    x, y = viewer.js("""id => { const e = network.body.edges[id], p = e.edgeType.getPoint(0.5);
        const d = network.canvasToDOM(p), r = document.getElementById('kg-network').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", edge)
    viewer.page.mouse.click(x, y)
    viewer.wait("id => window.kgViewer.panel && window.kgViewer.panel.edge === id", edge)
    assert PAYLOAD_SENTENCE.split("\u2028")[0] in viewer.panel()
    assert viewer.js("Array.from(document.querySelectorAll('#kg-document option')).map(o => o.textContent)")[1] \
        == "<b onmouseover=window.__pwned=1>Titre</b>"
    assert viewer.js("typeof window.__pwned") == "undefined"
    assert viewer.js("document.querySelectorAll('img, b, iframe').length") == 0
    assert viewer.js("document.scripts.length") == 4
    assert viewer.js("document.querySelectorAll('a[href^=javascript]').length") == 0
    viewer.close()


def test_exposure_highlight_has_a_legend_line_and_a_panel_entry(browser, race_graph, tmp_path):
    write_html(race_graph, tmp_path / "exposure.html", highlight_exposure="US export controls", size_by="betweenness")
    viewer = Viewer(browser, tmp_path / "exposure.html")
    assert viewer.js("document.getElementById('kg-exposure').hidden") is False
    assert viewer.js("document.getElementById('kg-exposure-text').textContent").startswith(
        "border: exposed to US export controls (3 entities")
    deepseek = "https://w3id.org/airace/resource/DeepSeek"
    assert viewer.js("id => network.body.nodes[id].options.borderWidth", deepseek) == 4
    assert viewer.js("id => network.body.nodes[id].options.borderWidth",
                     "https://w3id.org/airace/resource/Nvidia") != 4
    viewer.click_node(deepseek)
    assert "Exposed to US export controls" in viewer.panel()
    assert "US export controls → H800 → DeepSeek" in viewer.panel()
    assert viewer.errors == []
    viewer.close()
