"""Make docs/viewer.png: the viewer over the articles of ../shared/corpus (or
any folder given), with one entity's panel open. Run by hand:

    python docs/screenshot.py [ARTICLES_DIR] [ENTITY]

Needs Debian's chromium (/usr/bin/chromium) and the playwright package.
"""

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

import kg
from kg.viz import write_html

ROOT = Path(__file__).resolve().parents[1]
articles = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
entity = sys.argv[2] if len(sys.argv) > 2 else "DeepSeek"

graph = kg.KnowledgeGraph.open()
graph.load_reference()
graph.add_files([articles])
page_path = Path(tempfile.mkdtemp()) / "viewer.html"
view = write_html(graph, page_path)
print(f"{len(view.nodes)} entities, {len(view.edges)} relations")

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1500, "height": 900}, device_scale_factor=1)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(page_path.as_uri())
    while not page.evaluate("!!(window.kgViewer && window.kgViewer.ready)"):
        time.sleep(0.1)
    page.fill("#kg-search", entity)
    page.press("#kg-search", "Enter")
    page.evaluate("network.moveTo({scale: 0.75, position: network.getPositions([network.getSelectedNodes()[0]])"
                  "[network.getSelectedNodes()[0]]})")
    time.sleep(0.5)
    page.screenshot(path=str(ROOT / "docs" / "viewer.png"))
    browser.close()
print("wrote docs/viewer.png")
