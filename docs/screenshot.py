"""Make the README's screenshots of the viewer. Run by hand:

    python docs/screenshot.py                       # both pictures below
    python docs/screenshot.py ARTICLES_DIR OUT.png [ENTITY]

- docs/viewer.png: the demo corpus (data/articles, our own words) with one
  entity's panel open, sentences included;
- docs/viewer-seed.png: the seed graph (the five real articles of
  ../shared/corpus) as a whole, with no panel: the articles' sentences are
  not ours to copy, so the picture shows only the graph.

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


def shoot(articles: Path, out: Path, entity: str | None) -> None:
    graph = kg.KnowledgeGraph.open()
    graph.load_reference()
    graph.add_files([articles])
    page_path = Path(tempfile.mkdtemp()) / "viewer.html"
    view = write_html(graph, page_path)
    print(f"{articles}: {len(view.nodes)} entities, {len(view.edges)} relations")
    _screenshot(page_path, out, entity)
    print(f"wrote {out}")


def _screenshot(page_path: Path, out: Path, entity: str | None) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1500, "height": 900}, device_scale_factor=1)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(page_path.as_uri())
        while not page.evaluate("!!(window.kgViewer && window.kgViewer.ready)"):
            time.sleep(0.1)
        if entity:
            page.fill("#kg-search", entity)
            page.press("#kg-search", "Enter")
            page.evaluate("network.moveTo({scale: 0.75, position: network.getPositions([network.getSelectedNodes()[0]])"
                          "[network.getSelectedNodes()[0]]})")
        else:
            page.evaluate("network.fit()")
        time.sleep(0.5)
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) > 2:
        shoot(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        shoot(ROOT / "data" / "articles", ROOT / "docs" / "viewer.png", "DeepSeek")
        shoot(ROOT.parent / "shared" / "corpus", ROOT / "docs" / "viewer-seed.png", None)
