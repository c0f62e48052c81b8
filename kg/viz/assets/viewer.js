/* airace-kg viewer: legend and filters, search, details panel, freeze button.
 *
 * The page embeds two JSON blocks (kg-network-json: what vis-network draws;
 * kg-data-json: labels, aliases, evidence, documents). Text from articles
 * reaches the DOM only through textContent / createTextNode, never as HTML;
 * tooltips are DOM elements built the same way.
 */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var net = JSON.parse($("kg-network-json").textContent);
  var info = JSON.parse($("kg-data-json").textContent);
  var classByName = {};
  info.classes.forEach(function (c) { classByName[c.name] = c; });
  var ORGANIZATIONS = ["Organization", "Company", "ResearchInstitution", "GovernmentBody"];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fold(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  function link(url, text) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return el("span", text);
    var a = el("a", text); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function tip(lines) {
    var d = el("div");
    lines.forEach(function (line) { d.appendChild(el("div", line)); });
    return d;
  }
  function names(d) { return [d.label].concat(d.aliases); }

  net.nodes.forEach(function (n) {
    var d = info.nodes[n.id];
    n.title = tip([d.label, d.cls + (d.aliases.length ? " · " + d.aliases.join(", ") : "")]);
  });
  net.edges.forEach(function (e) {
    var d = info.edges[e.id];
    e.title = tip([info.nodes[d.from].label + " " + d.prop + " " + info.nodes[d.to].label,
                   d.evidence.length + " source(s)"]);
  });

  // -- filters ---------------------------------------------------------------
  var state = { classes: new Set(Object.keys(classByName)), props: new Set(info.properties), doc: "", minConf: 0 };
  var shown = { nodes: new Set(), edges: new Set() };
  var allNodes = new vis.DataSet(net.nodes), allEdges = new vis.DataSet(net.edges);
  var nodeView = new vis.DataView(allNodes, { filter: function (n) { return shown.nodes.has(n.id); } });
  var edgeView = new vis.DataView(allEdges, { filter: function (e) { return shown.edges.has(e.id); } });

  function confidence(d) {
    var best = null, found = !state.doc;
    d.evidence.forEach(function (ev) {
      if (state.doc && ev.graph !== state.doc) return;
      found = true;
      if (ev.confidence !== null && (best === null || ev.confidence > best)) best = ev.confidence;
    });
    return found ? best : undefined;
  }
  function compute() {
    shown.nodes.clear(); shown.edges.clear();
    var classOk = function (id) { return state.classes.has(info.nodes[id].cls); };
    var ends = new Set();
    Object.keys(info.edges).forEach(function (id) {
      var d = info.edges[id], c = confidence(d);
      if (!state.props.has(d.prop) || c === undefined || !classOk(d.from) || !classOk(d.to)) return;
      if (state.minConf > 0 && (c === null || c < state.minConf - 1e-9)) return;
      shown.edges.add(id); ends.add(d.from); ends.add(d.to);
    });
    Object.keys(info.nodes).forEach(function (id) {
      if (!classOk(id)) return;
      if (state.doc && !ends.has(id) && info.nodes[id].graphs.indexOf(state.doc) < 0) return;
      shown.nodes.add(id);
    });
  }
  function apply() {
    compute(); nodeView.refresh(); edgeView.refresh();
    $("kg-status").textContent = shown.nodes.size + " entities · " + shown.edges.size + " relations";
    writeUrl();
  }

  function checkbox(list, key, set, symbol, color, count) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = set.has(key); box.value = key;
    box.addEventListener("change", function () { if (box.checked) set.add(key); else set.delete(key); apply(); });
    label.appendChild(box);
    if (symbol) { var s = el("span", symbol, "kg-symbol"); s.style.color = color; label.appendChild(s); }
    label.appendChild(el("span", key));
    label.appendChild(el("span", count, "kg-count"));
    li.appendChild(label); list.appendChild(li);
  }
  function count(list, key, field) { return list.filter(function (d) { return d[field] === key; }).length; }
  function buildControls() {
    var nodeList = Object.keys(info.nodes).map(function (id) { return info.nodes[id]; });
    var edgeList = Object.keys(info.edges).map(function (id) { return info.edges[id]; });
    $("kg-legend").replaceChildren(); $("kg-properties").replaceChildren();
    info.classes.forEach(function (c) { checkbox($("kg-legend"), c.name, state.classes, c.symbol, c.color, count(nodeList, c.name, "cls")); });
    info.properties.forEach(function (p) { checkbox($("kg-properties"), p, state.props, null, null, count(edgeList, p, "prop")); });
    $("kg-document").value = state.doc;
    $("kg-confidence").value = state.minConf;
    $("kg-confidence-value").textContent = Number(state.minConf).toFixed(2);
  }
  Object.keys(info.documents).sort(function (a, b) {
    return info.documents[a].title.localeCompare(info.documents[b].title);
  }).forEach(function (iri) {
    var o = el("option", info.documents[iri].title); o.value = iri; $("kg-document").appendChild(o);
  });
  $("kg-document").addEventListener("change", function () { state.doc = this.value; apply(); });
  $("kg-confidence").addEventListener("input", function () {
    state.minConf = parseFloat(this.value) || 0;
    $("kg-confidence-value").textContent = state.minConf.toFixed(2);
    apply();
  });
  $("kg-size-by").textContent = info.view.size_by;
  if (info.exposure) {  // kg viz --highlight-exposure POLICY
    $("kg-exposure-mark").style.borderColor = info.exposure.color;
    $("kg-exposure-text").textContent = "border: exposed to " + info.exposure.label + " (" + info.exposure.count +
      " entities; dashed: the policy)";
    $("kg-exposure").hidden = false;
  }

  // -- URL: ?class=Chip,Company&property=usesChip&document=IRI&min_confidence=0.5&focus=DeepSeek
  function readUrl() {
    var p = new URLSearchParams(location.search);
    new URLSearchParams(location.hash.replace(/^#/, "")).forEach(function (v, k) { p.set(k, v); });
    var list = function (k) { return [].concat.apply([], p.getAll(k).map(function (v) { return v.split(","); })).filter(Boolean); };
    var classes = list("class");
    if (classes.indexOf("Organization") >= 0) classes = classes.concat(ORGANIZATIONS);
    if (classes.length) state.classes = new Set(classes.filter(function (c) { return classByName[c]; }));
    var props = list("property");
    if (props.length) state.props = new Set(props.filter(function (x) { return info.properties.indexOf(x) >= 0; }));
    if (p.get("document") && info.documents[p.get("document")]) state.doc = p.get("document");
    var conf = parseFloat(p.get("min_confidence"));
    if (conf >= 0 && conf <= 1) state.minConf = conf;
    return p.get("focus") || p.get("q");
  }
  function writeUrl() {
    var p = new URLSearchParams();
    if (state.classes.size !== info.classes.length) p.set("class", Array.from(state.classes).join(","));
    if (state.props.size !== info.properties.length) p.set("property", Array.from(state.props).join(","));
    if (state.doc) p.set("document", state.doc);
    if (state.minConf > 0) p.set("min_confidence", String(state.minConf));
    var hash = p.toString();
    try { history.replaceState(null, "", location.pathname + location.search + (hash ? "#" + hash : "")); } catch (e) { /* file: quirks */ }
  }

  // -- network ---------------------------------------------------------------
  var wanted = readUrl();
  buildControls();
  compute();
  var network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, net.options);
  var viewer = window.kgViewer = { network: network, nodes: allNodes, edges: allEdges, shown: shown, state: state, ready: false };
  window.network = network;
  apply();

  function setPhysics(on) {
    network.setOptions({ physics: { enabled: on } });
    $("kg-freeze").textContent = on ? "Freeze layout" : "Resume layout";
    viewer.physics = on;
  }
  function ready() {
    if (viewer.ready) return;
    viewer.ready = true;
    if (wanted) { var id = find(wanted); if (id) focusNode(id); }
  }
  if (net.options.physics && net.options.physics.enabled) {
    setPhysics(true);
    network.once("stabilizationIterationsDone", function () { setPhysics(false); ready(); });
  } else {
    setPhysics(false);
    network.once("afterDrawing", ready);
  }
  $("kg-freeze").addEventListener("click", function () { setPhysics(!viewer.physics); });
  $("kg-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  // -- search ----------------------------------------------------------------
  var seen = new Set();
  Object.keys(info.nodes).forEach(function (id) {
    names(info.nodes[id]).forEach(function (name) {
      if (seen.has(name)) return;
      seen.add(name);
      var o = document.createElement("option"); o.value = name; $("kg-names").appendChild(o);
    });
  });
  function find(text) {
    var q = fold(text), best = null, bestRank = 9;
    if (!q) return null;
    Object.keys(info.nodes).forEach(function (id) {
      var rank = id === text ? 0 : 9;
      names(info.nodes[id]).forEach(function (name, i) {
        var f = fold(name);
        var r = f === q ? (i ? 2 : 1) : f.indexOf(q) === 0 ? 3 : f.indexOf(q) >= 0 ? 4 : 9;
        if (r < rank) rank = r;
      });
      if (rank < bestRank || (rank === bestRank && rank < 9 && info.nodes[id].score > info.nodes[best].score)) {
        best = id; bestRank = rank;
      }
    });
    return best;
  }
  function focusNode(id) {
    if (!shown.nodes.has(id)) {  // hidden by a filter: show its class and every document again
      state.classes.add(info.nodes[id].cls); state.doc = ""; buildControls(); apply();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 300 } });
    showNode(id);
  }
  function search() {
    var text = $("kg-search").value, id = find(text);
    if (id) focusNode(id); else if (text) $("kg-status").textContent = "no entity matches “" + text + "”";
  }
  $("kg-search").addEventListener("keydown", function (e) { if (e.key === "Enter") search(); });
  $("kg-search").addEventListener("change", search);
  viewer.find = find; viewer.focus = focusNode;

  // -- details panel ---------------------------------------------------------
  function openPanel(parts) {
    var body = $("kg-panel-body");
    body.replaceChildren();
    parts.forEach(function (p) { body.appendChild(p); });
    $("kg-panel").hidden = false;
  }
  function entityButton(id) {
    var b = el("button", info.nodes[id].label, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function evidenceList(d) {
    var ul = el("ul");
    d.evidence.forEach(function (ev) {
      var li = el("li"), src = el("div", null, "kg-source"), doc = info.documents[ev.graph];
      if (ev.sentence) li.appendChild(el("blockquote", ev.sentence));
      if (doc && !doc.reference) {
        src.appendChild(document.createTextNode(doc.title + (doc.date ? " (" + doc.date + ")" : "") + (doc.source ? " — " + doc.source : "")));
      } else {
        src.appendChild(document.createTextNode("reference fact: "));
        src.appendChild(link(ev.source, ev.source || ""));
      }
      if (ev.confidence !== null) src.appendChild(document.createTextNode(" · confidence " + ev.confidence.toFixed(2)));
      li.appendChild(src); ul.appendChild(li);
    });
    if (!d.evidence.length) ul.appendChild(el("li", "no recorded source", "kg-source"));
    return ul;
  }
  function showNode(id) {
    var d = info.nodes[id], c = classByName[d.cls] || {}, parts = [el("h2", d.label)];
    var line = el("div", null, "kg-class"), sym = el("span", c.symbol, "kg-symbol");
    sym.style.color = c.color; line.appendChild(sym); line.appendChild(document.createTextNode(" " + d.cls));
    parts.push(line, el("div", id, "kg-iri"));
    if (d.aliases.length) parts.push(el("h3", "Aliases"), el("div", d.aliases.join(" · ")));
    if (d.exposure) parts.push(el("h3", "Exposed to " + info.exposure.label), el("div", d.exposure.join(" → ")));
    if (d.sameAs.length) {
      parts.push(el("h3", "Wikidata"));
      d.sameAs.forEach(function (u) { var p = el("div"); p.appendChild(link(u, u)); parts.push(p); });
    }
    var rels = Object.keys(info.edges).filter(function (e) { return info.edges[e].from === id || info.edges[e].to === id; });
    var ul = el("ul");
    rels.forEach(function (eid) {
      var e = info.edges[eid], out = e.from === id, li = el("li", null, "kg-relation"), head = el("div");
      head.appendChild(document.createTextNode(out ? e.prop + " → " : "← " + e.prop + " "));
      head.appendChild(entityButton(out ? e.to : e.from));
      li.appendChild(head); li.appendChild(evidenceList(e)); ul.appendChild(li);
    });
    parts.push(el("h3", "Relations (" + rels.length + ")"), ul);
    var docs = d.graphs.filter(function (g) { return info.documents[g]; });
    if (docs.length) {
      var dl = el("ul");
      docs.forEach(function (g) { dl.appendChild(el("li", info.documents[g].title, "kg-source")); });
      parts.push(el("h3", "Mentioned in"), dl);
    }
    openPanel(parts);
    viewer.panel = { node: id };
  }
  function showEdge(eid) {
    var e = info.edges[eid], head = el("h2");
    head.appendChild(entityButton(e.from));
    head.appendChild(document.createTextNode(" " + e.prop + " → "));
    head.appendChild(entityButton(e.to));
    openPanel([head, el("h3", "Sources (" + e.evidence.length + ")"), evidenceList(e)]);
    viewer.panel = { edge: eid };
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  $("kg-panel-close").addEventListener("click", function () { $("kg-panel").hidden = true; viewer.panel = null; });
  viewer.showNode = showNode; viewer.showEdge = showEdge;
})();
