"""Untrusted input: web pages, odd Unicode, hostile names. Whatever the text,
the graph holds valid IRIs and intact labels, and nothing breaks."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.documents import Document, collect_paths
from kg.errors import InputError
from kg.extract.normalize import slug
from kg.graph.triples import entity_node

PAGE = """<!DOCTYPE html><html><head><title>Nvidia taille une puce pour la Chine</title>
<meta name="date" content="2024-05-02"><script>var tracker = "Huawei produit la puce Z999";</script></head>
<body><nav><a href="/">Accueil</a> | <a href="/tech">Tech</a> | Abonnez-vous</nav>
<article><h1>Nvidia taille une puce pour la Chine</h1>
<p>Nvidia a conçu la puce H20 pour le marché chinois après le durcissement des règles américaines.</p>
<p>La start-up chinoise Zorbex utilise des puces H20 pour entraîner son modèle Zorbo-7, selon l'entreprise.</p>
</article><footer>Mentions légales · Cookies · Plan du site</footer></body></html>"""


def test_web_page_main_text_title_and_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    assert collect_paths([tmp_path]) == [path]
    document = Document.from_file(path)
    assert document.title == "Nvidia taille une puce pour la Chine" and document.date == "2024-05-02"
    assert "Nvidia a conçu la puce H20" in document.text
    for boilerplate in ("tracker", "Z999", "Abonnez-vous", "Mentions légales"):
        assert boilerplate not in document.text
    graph = kg.KnowledgeGraph.open()
    report = graph.add_files([path])
    assert not report.failures
    assert graph.query("ASK { res:Nvidia air:designs|air:produces res:H20 }").boolean
    assert not graph.query("ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'Z999')) }").boolean


def test_web_page_without_article_text_is_one_clear_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Accueil</nav><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty.html: the web page holds no article text"):
        Document.from_file(path)


def test_odd_unicode_is_harmless(nlp):
    text = ("Nvidia\u200b a conçu la puce H20.\u202e Le groupe 英伟达 (Nvidia) 🚀 vend des puces en Chine. "
            "\u2066DeepSeek\u2069 utilise des puces H800.")
    graph = kg.KnowledgeGraph.open()
    graph.add_text(text, source="odd")
    labels = {row[0] for row in graph.query("SELECT ?l WHERE { ?e rdfs:label ?l }").rows}
    assert "Nvidia" in labels and "H800" in labels
    for (iri,) in graph.query("SELECT DISTINCT ?e WHERE { ?e rdfs:label ?l }").rows:
        ox.NamedNode(iri)  # valid IRIs only


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40))
def test_any_name_gives_a_valid_iri_and_keeps_its_label(name):
    store = kg.KnowledgeGraph.open().store
    subject = entity_node("company/" + slug(name))
    graph_name = "https://w3id.org/airace/document/test"
    label = ox.Literal(name.replace("\x00", ""))  # NUL never reaches the store: such files are refused as binary
    store.replace_graph(graph_name, [ox.Quad(subject, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), label,
                                             ox.NamedNode(graph_name))])
    rows = store.query("SELECT ?l WHERE { ?e rdfs:label ?l }").__iter__()
    assert [r["l"].value for r in rows] == [label.value]


@pytest.mark.parametrize("name", ['Zor"bex', "Zor<script>bex", "Zor bex > } ;", "Зорбекс", "ゾルベックス"])
def test_hostile_and_foreign_names_through_the_pipeline(name):
    graph = kg.KnowledgeGraph.open()
    graph.add_text(f"La start-up {name} a lancé son modèle Zorbo-7. La start-up {name} grandit.", source="hostile")
    for (iri,) in graph.query("SELECT DISTINCT ?e WHERE { ?e rdfs:label ?l }").rows:
        ox.NamedNode(iri)
    assert graph.query("ASK { ?e rdfs:label ?l }").boolean


def test_remove_document_keeps_the_others(tmp_path):
    graph = kg.KnowledgeGraph.open()
    first = graph.add_text("Nvidia a conçu la puce H20 pour la Chine.", source="a")
    second = graph.add_text("Huawei produit la puce Ascend 910B.", source="b")
    before = graph.store.count(second)
    assert graph.remove_document("a") == [first]  # by source, or by IRI
    assert graph.store.count(first) == 0 and graph.store.count(second) == before
    assert not graph.query("ASK { res:Nvidia ?p ?o }").boolean
    assert graph.query("ASK { res:Huawei ?p ?o }").boolean


def test_kg_remove_command(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    article = tmp_path / "a.txt"
    article.write_text("Huawei produit la puce Ascend 910B.", encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(article), "--store", store]).exit_code == 0
    result = runner.invoke(app, ["remove", str(article), "--store", store])
    assert result.exit_code == 0 and "removed" in result.output
    again = runner.invoke(app, ["remove", str(article), "--store", store])
    assert again.exit_code == 1 and "E023" in again.output
    with kg.KnowledgeGraph.open(store) as graph:
        assert graph.store.document_graphs() == []


def test_long_article_is_read_in_pieces_with_exact_offsets(tmp_path):
    from kg.extract.pipeline import MAX_CHUNK

    filler = "Les marchés ont peu bougé ce jour-là, et les analystes attendaient la suite.\n\n"
    text = "Un très long article\n\n" + filler * (2 * MAX_CHUNK // len(filler) + 10) + "Huawei produit la puce Ascend 910B.\n"
    assert len(text) > 2 * MAX_CHUNK
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    graph = kg.KnowledgeGraph.open()
    graph.add_files([path])
    rows = graph.query("""SELECT ?sentence ?start ?end WHERE {
        ?a rdf:subject res:Huawei ; rdf:predicate air:produces ; air:sentence ?sentence ;
           air:startOffset ?start ; air:endOffset ?end }""").rows
    assert rows and all(text[start:end] == sentence for sentence, start, end in rows)
    assert rows[0][1] > 2 * MAX_CHUNK


def test_a_5_mb_article_goes_in_with_bounded_memory(tmp_path):
    """Past spaCy's max_length (1,000,000 characters), read in pieces and in
    batches bounded in characters. Measured: 165 s and a 1.5 GB peak, of
    which 0.5 GB is spaCy and kg loaded and most of the rest the article's
    270,000 quads, written in one transaction (batches of 32 pieces: 11 GB)."""
    import re
    import subprocess
    import sys

    from kg.resources import data_dir

    paragraphs = [p for source in sorted((data_dir() / "articles").glob("*.txt"))
                  for p in source.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    pieces, size = ["Un très long dossier"], 0
    while size < 5_000_000:
        pieces.append(f"{paragraphs[len(pieces) % len(paragraphs)]} (paragraphe {len(pieces)})")
        size += len(pieces[-1].encode("utf-8")) + 2
    pieces.append("Huawei produit la puce Ascend 910B.")
    article = tmp_path / "dossier.txt"
    article.write_text("\n\n".join(pieces), encoding="utf-8")
    store = tmp_path / "store"
    # The build's own peak: VmHWM of its process image, read by the child as it exits. ru_maxrss
    # would keep the high-water mark of the forked test process (2 GB once the suite has loaded its models).
    peak = ("import atexit, re, sys\n"
            "atexit.register(lambda: sys.stderr.write('VmHWM ' + re.search(r'VmHWM:\\s+(\\d+)', "
            "open('/proc/self/status').read()).group(1) + '\\n'))\n"
            "from kg.cli import app\nsys.argv = ['kg'] + sys.argv[1:]\napp()\n")
    result = subprocess.run([sys.executable, "-c", peak, "build", str(article), "--store", str(store)],
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr
    peak_mb = int(re.search(r"VmHWM (\d+)", result.stderr).group(1)) / 1024
    assert peak_mb < 2000, f"peak RSS {peak_mb:.0f} MB"
    with kg.KnowledgeGraph.open(store, read_only=True) as graph:
        assert len(graph.store.document_graphs()) == 1
        text = article.read_text(encoding="utf-8")
        rows = graph.query("""SELECT ?start ?end ?sentence WHERE {
            ?a rdf:subject res:Huawei ; rdf:predicate air:produces ; rdf:object ?chip ;
               air:sentence ?sentence ; air:startOffset ?start ; air:endOffset ?end }""").rows
        last = text.rindex("Huawei produit la puce Ascend 910B.")  # the closing paragraph, past 5 MB
        assert any(start >= last and text[start:end] == sentence for start, end, sentence in rows), \
            (last, [r[:2] for r in rows][-3:])
