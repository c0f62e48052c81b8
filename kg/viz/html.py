"""Draw a :class:`~kg.viz.select.View` as one self-contained HTML page.

The network (nodes, edges, options) is assembled with pyvis; the page is our
own template (``assets/template.html``) into which the vis-network script and
stylesheet shipped inside the pyvis package are inlined, so the page makes no
request to any host. Its Content-Security-Policy forbids every fetch and runs
only the page's own scripts (by hash).

Text from articles travels as JSON inside ``<script type="application/json">``
blocks, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's
script puts it in the DOM as text only.

>>> safe_json({"s": "</script><img src=x>"})
'{"s":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from pathlib import Path
from string import Template

from kg.errors import Errors, ViewError
from kg.viz.select import LAYOUT_THRESHOLD, View

#: Colour, vis-network shape and legend symbol of each class.
CLASS_STYLE = {
    "Company": ("#4e79a7", "dot", "●"),
    "ResearchInstitution": ("#59a14f", "square", "■"),
    "GovernmentBody": ("#e15759", "hexagon", "⬢"),
    "Organization": ("#9c755f", "dot", "●"),
    "Person": ("#f28e2b", "triangle", "▲"),
    "Chip": ("#76b7b2", "diamond", "◆"),
    "AIModel": ("#b07aa1", "star", "★"),
    "Policy": ("#edc948", "triangleDown", "▼"),
    "Country": ("#ff9da7", "square", "■"),
}
#: Border of the entities a highlighted policy reaches (``kg viz --highlight-exposure``).
EXPOSURE_COLOR = "#d62728"
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(value) -> str:
    """JSON that cannot end the ``<script>`` element it sits in (see the module example)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _ESCAPES[m.group()], text)


def network_data(view: View) -> dict:
    """Nodes, edges and options for vis-network, built with a pyvis ``Network``."""
    from pyvis.network import Network

    fixed = view.positions is not None
    exposed = view.exposure["paths"] if view.exposure else {}
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for node in view.nodes:
        color, shape, _ = CLASS_STYLE[node.cls]
        extra = {"x": view.positions[node.id][0], "y": view.positions[node.id][1]} if fixed else {}
        border = _darker(color)
        if node.id in exposed or (view.exposure and node.id == view.exposure["policy"]):
            border = EXPOSURE_COLOR
            extra.update(borderWidth=4, borderWidthSelected=5)
            if node.id not in exposed:  # the policy itself: dashed
                extra["shapeProperties"] = {"borderDashes": [5, 3]}
        net.add_node(node.id, label=node.label, shape=shape, value=view.scores.get(node.id, 0),
                     color={"background": color, "border": border,
                            "highlight": {"background": color, "border": "#222"}}, **extra)
    for i, edge in enumerate(view.edges):
        confidence = edge.confidence
        reference = bool(edge.evidence) and all(e.sentence is None for e in edge.evidence)
        net.add_edge(edge.source, edge.target, id=f"e{i}", label=edge.prop, arrows="to",
                     width=1 + 2 * (confidence if confidence is not None else 0.5), dashes=reference)
    net.options = _options(fixed, len(view.nodes))
    nodes, edges, _, _, _, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def page_data(view: View) -> dict:
    """What the page's own script needs: labels, aliases, evidence, documents, legend."""
    present = {n.cls for n in view.nodes}
    exposed = view.exposure["paths"] if view.exposure else {}
    return {
        "nodes": {n.id: {"label": n.label, "cls": n.cls, "aliases": n.aliases, "sameAs": n.same_as,
                         "graphs": n.graphs, "score": round(view.scores.get(n.id, 0.0), 6),
                         "exposure": exposed.get(n.id)} for n in view.nodes},
        "edges": {f"e{i}": {"from": e.source, "to": e.target, "prop": e.prop,
                            "evidence": [{"graph": ev.graph, "source": ev.source, "sentence": ev.sentence,
                                          "confidence": ev.confidence} for ev in e.evidence]}
                  for i, e in enumerate(view.edges)},
        "documents": {d.iri: {"title": d.title, "source": d.source, "date": d.date, "reference": d.reference}
                      for d in view.documents.values()},
        "classes": [{"name": c, "color": s[0], "shape": s[1], "symbol": s[2]}
                    for c, s in CLASS_STYLE.items() if c in present],
        "properties": sorted({e.prop for e in view.edges}),
        "view": {**view.settings, "size_by": view.size_by, "fixed_layout": view.positions is not None},
        "exposure": None if not view.exposure else {"policy": view.exposure["policy"], "label": view.exposure["label"],
                                                    "count": len(exposed), "color": EXPOSURE_COLOR},
    }


def render_page(view: View, title: str = "airace-kg — graph viewer") -> str:
    """The whole page as one string."""
    if view.positions is None and len(view.nodes) > LAYOUT_THRESHOLD:
        from kg.viz.select import layout

        view.positions = layout(view)
    vis_js, vis_css = _vis_files()
    viewer_js = _asset("viewer.js")
    scripts = [vis_js, viewer_js]
    csp = ("default-src 'none'; " + "script-src " + " ".join(f"'{_sha256(s)}'" for s in scripts)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    return Template(_asset("template.html")).substitute(
        csp=csp, title=html.escape(title), vis_css=vis_css, viewer_css=_asset("viewer.css"),
        network_json=safe_json(network_data(view)), data_json=safe_json(page_data(view)),
        vis_js=vis_js, viewer_js=viewer_js)


def _options(fixed: bool, n: int) -> dict:
    return {
        "nodes": {"scaling": {"min": 10, "max": 40, "label": {"enabled": False}},
                  "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1.5},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "color": {"color": "#9aa3ad", "highlight": "#333"},
                  "font": {"size": 10, "align": "middle", "color": "#555", "strokeWidth": 3},
                  "smooth": False if fixed else {"enabled": True, "type": "dynamic"}},
        "physics": {"enabled": not fixed, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.3},
                    "stabilization": {"enabled": True, "iterations": 150 if n < 150 else 100,
                                      "updateInterval": 25, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 150, "navigationButtons": False},
        "layout": {"randomSeed": 7, "improvedLayout": n <= 150},
    }


def _vis_files() -> tuple[str, str]:
    """vis-network's script and stylesheet from the installed pyvis (newest version there)."""
    import pyvis

    root = Path(pyvis.__file__).parent
    found = sorted(root.glob("**/vis-*/vis-network.min.js"), key=lambda p: _version(p.parent.name))
    if not found or not (found[-1].parent / "vis-network.css").is_file():
        raise ViewError(Errors.E073.format(path=root))
    js = found[-1].read_text(encoding="utf-8")
    css = (found[-1].parent / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//[#@] sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*[#@] sourceMappingURL=.*?\*/", "", css)
    if "</script" in js.lower() or "</style" in css.lower():  # would end the inline element early
        raise ViewError(Errors.E073.format(path=found[-1].parent))
    return js, css


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


def _sha256(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _version(name: str) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", name))


def _darker(color: str, factor: float = 0.75) -> str:
    """
    >>> _darker("#ffffff")
    '#bfbfbf'
    """
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * factor):02x}" for c in (r, g, b))
