"""Each analysis on graphs built from short texts (real pipeline) or by hand,
against answers checked by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from conftest import RES
from kg.analytics import blocs, central_by_class, centrality, compare, explain, supply_chains
from kg.analytics.projection import add_entity, add_relation, assign_countries, describe, new_graph
from kg.errors import AnalysisError

NVIDIA_SENTENCE = "Le groupe américain Nvidia conçoit la puce H800."
DEEPSEEK_SENTENCE = "DeepSeek, une entreprise chinoise, utilise des puces H800."


# -- supply chains ------------------------------------------------------------------
def test_supply_chain_deepseek_h800_nvidia_crosses_countries(race_graph):
    rows = race_graph.supply_chains()
    assert [(d.user_label, d.chip_label, d.producer_label, d.user_country, d.producer_country, d.cross_country)
            for d in rows] == [
        ("DeepSeek", "H800", "Nvidia", "China", "United States", True),
        ("DeepSeek-V3", "H800", "Nvidia", "China", "United States", True)]
    deepseek = rows[0]
    assert deepseek.direct and deepseek.via_labels == ["DeepSeek-V3"]
    assert deepseek.path == [RES + "DeepSeek", RES + "H800", RES + "Nvidia"]
    assert [h.sentence for h in deepseek.hops] == [DEEPSEEK_SENTENCE, NVIDIA_SENTENCE]
    assert describe(deepseek.hops) == "DeepSeek —usesChip→ H800 ←designs— Nvidia"


def test_supply_chain_through_a_model_and_within_one_country(later_graph):
    rows = {(d.user_label, d.chip_label): d for d in later_graph.supply_chains()}
    alibaba = rows[("Alibaba Group", "Ascend 910B")]
    assert not alibaba.direct and alibaba.via_labels == ["Qwen3"]
    assert describe(alibaba.hops) == "Alibaba Group —develops→ Qwen3 —usesChip→ Ascend 910B ←designs— Huawei"
    assert alibaba.producer_country == "China" and alibaba.user_country is None and not alibaba.cross_country
    assert rows[("Qwen3", "Ascend 910B")].user_country is None  # Alibaba's country is not said
    assert set(rows) == {("Alibaba Group", "Ascend 910B"), ("Qwen3", "Ascend 910B"), ("DeepSeek", "H800"),
                         ("DeepSeek-V3", "H800")}


def test_a_chip_nobody_is_said_to_make_has_an_unknown_producer():
    G = new_graph()
    add_entity(G, "m", "M", "AIModel")
    add_entity(G, "c", "C", "Chip")
    add_relation(G, "m", "usesChip", "c", confidence=0.5, graph="g", source="g")
    [row] = supply_chains(G)
    assert (row.producer, row.producer_country, row.cross_country, row.path) == (None, None, False, ["m", "c"])


# -- exposure -------------------------------------------------------------------------
def test_exposure_reaches_the_chip_directly_and_its_users_through_it(race_graph):
    rows = race_graph.exposure("US export controls")
    assert [(e.label, e.direct, e.path_labels) for e in rows] == [
        ("H800", True, ["US export controls", "H800"]),
        ("DeepSeek", False, ["US export controls", "H800", "DeepSeek"]),
        ("DeepSeek-V3", False, ["US export controls", "H800", "DeepSeek-V3"])]
    deepseek = rows[1]
    assert [(h.prop, h.forward) for h in deepseek.hops] == [("targets", True), ("usesChip", False)]
    assert deepseek.hops[1].sentence == DEEPSEEK_SENTENCE
    # every path: DeepSeek is also reached as the developer of DeepSeek-V3
    every = [e.path_labels for e in race_graph.exposure("US export controls", all_paths=True)]
    assert ["US export controls", "H800", "DeepSeek-V3", "DeepSeek"] in every and len(every) == 4


def test_exposure_through_a_country_reaches_the_organisations_based_there(later_graph):
    rows = [e for e in later_graph.exposure() if e.policy_label == "US sanctions"]
    assert [(e.label, describe(e.hops)) for e in rows] == [
        ("China", "US sanctions —targets→ China"),
        ("DeepSeek", "US sanctions —targets→ China ←basedIn— DeepSeek"),
        ("Huawei", "US sanctions —targets→ China ←basedIn— Huawei")]
    assert {e.policy_label for e in later_graph.exposure()} == {"US export controls", "US sanctions"}


def test_exposure_of_something_that_is_not_a_policy_is_an_error(race_graph):
    with pytest.raises(AnalysisError, match="E081 'H800' is of class Chip"):
        race_graph.exposure("H800")
    with pytest.raises(AnalysisError, match="E080"):
        race_graph.exposure("Export Rules Nobody Wrote")


# -- explain --------------------------------------------------------------------------
def test_explain_deepseek_nvidia_goes_through_the_h800_with_sentences(race_graph):
    [connection] = race_graph.explain("deepseek", "NVIDIA")
    assert connection.labels == ["DeepSeek", "H800", "Nvidia"]
    first, second = connection.hops
    assert (first.prop, first.forward, first.sentence) == ("usesChip", True, DEEPSEEK_SENTENCE)
    assert (second.prop, second.asserted, second.forward, second.sentence) == ("produces", ["designs"], False,
                                                                               NVIDIA_SENTENCE)
    assert second.title == "Puces et contrôles" and second.document.startswith("https://w3id.org/airace/document/")


def test_explain_across_two_articles_and_between_unconnected_or_unknown_entities(later_graph, toy_graph):
    [connection] = later_graph.explain("Qwen3", "DeepSeek")  # the two stories meet in China
    assert str(connection) == ("Qwen3 —usesChip→ Ascend 910B ; Ascend 910B ←designs— Huawei ; "
                               "Huawei —basedIn→ China ; China ←basedIn— DeepSeek")
    assert len({h.document for h in connection.hops}) == 2
    assert toy_graph.explain("Zed", "Alpha") == []
    with pytest.raises(AnalysisError, match="E080 no entity has the label, alias or IRI 'Zorglub'"):
        later_graph.explain("Zorglub", "Nvidia")


def test_explain_lists_every_shortest_path_in_label_order():
    G = new_graph()
    for n in "abcd":
        add_entity(G, n, n.upper(), "Company")
    for s, o in (("a", "c"), ("c", "d"), ("b", "a"), ("b", "d")):
        add_relation(G, s, "competesWith", o, confidence=0.5, graph="g", source="g", sentence=f"{s}-{o}")
    assert [c.labels for c in explain(G, "a", "d")] == [["A", "B", "D"], ["A", "C", "D"]]
    assert [c.labels for c in explain(G, "A", "D", max_paths=1)] == [["A", "B", "D"]]
    assert [h.forward for h in explain(G, "a", "d")[0].hops] == [False, True]


# -- centrality -----------------------------------------------------------------------
def test_the_h800_is_the_most_central_entity_of_the_race_text(race_graph):
    G = race_graph.to_networkx()
    top = centrality(G, by="degree", top=2)
    assert [(c.label, c.degree) for c in top] == [("H800", 4), ("DeepSeek", 3)]
    assert centrality(G, top=1)[0].label == "H800"                       # PageRank: everyone points to it
    assert centrality(G, by="betweenness", top=1)[0].label == "H800"     # it bridges the two sides
    per_class = central_by_class(G, by="degree", top=1)
    assert {cls: [c.label for c in rows] for cls, rows in per_class.items()} == {
        "Company": ["DeepSeek"], "Chip": ["H800"], "AIModel": ["DeepSeek-V3"], "Policy": ["US export controls"],
        "Country": ["United States"]}
    assert [c.label for c in centrality(G, by="degree", classes=["Organization"])] == ["DeepSeek", "Nvidia"]


@pytest.mark.parametrize("options, code", [({"by": "fame"}, "E082"), ({"top": 0}, "E083"), ({"classes": ["Chips"]}, "E082")])
def test_centrality_options_are_checked(race_graph, options, code):
    with pytest.raises(AnalysisError, match=code):
        centrality(race_graph.to_networkx(), **options)


def test_betweenness_of_a_star_and_a_path():
    G = new_graph()
    for n in "hxyzw":
        add_entity(G, n, n, "Company")
    for leaf in "xyz":
        add_relation(G, leaf, "competesWith", "h")
    add_relation(G, "z", "competesWith", "w")
    scores = {c.iri: c.betweenness for c in centrality(G, by="betweenness")}
    expected = nx.betweenness_centrality(nx.Graph([("x", "h"), ("y", "h"), ("z", "h"), ("z", "w")]))
    assert scores == pytest.approx(expected)
    assert max(scores, key=scores.get) == "h"


# -- blocs ----------------------------------------------------------------------------
def _two_camps():
    """Two dense camps of four, one American, one Chinese, linked by one relation."""
    G = new_graph()
    add_entity(G, "US", "United States", "Country")
    add_entity(G, "CN", "China", "Country")
    camps = {"US": ["nvidia", "openai", "amd", "meta"], "CN": ["huawei", "baidu", "alibaba", "smic"]}
    for country, members in camps.items():
        for m in members:
            add_entity(G, m, m.title(), "Company")
            add_relation(G, m, "basedIn", country)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                add_relation(G, a, "competesWith", b)
    add_relation(G, "nvidia", "competesWith", "huawei")
    assign_countries(G)
    return G


@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_blocs_follow_the_two_camps_and_line_up_with_countries(method):
    report = blocs(_two_camps(), method=method)
    assert sorted(sorted(b.labels) for b in report.blocs) == [
        ["Alibaba", "Baidu", "Huawei", "Smic"], ["Amd", "Meta", "Nvidia", "Openai"]]
    assert {b.main_country for b in report.blocs} == {"United States", "China"}
    assert all(b.share == 1.0 for b in report.blocs) and report.purity == 1.0 and report.modularity > 0.3
    with_countries = blocs(_two_camps(), method=method, countries=True)
    assert sum(len(b.members) for b in with_countries.blocs) == 10


def test_blocs_are_reproducible_and_checked(later_graph):
    G = later_graph.to_networkx()
    assert blocs(G) == blocs(G)
    with pytest.raises(AnalysisError, match="E082 unknown method 'spectral'"):
        blocs(G, method="spectral")


# -- compare --------------------------------------------------------------------------
def test_compare_before_and_after_a_new_article(race_graph, later_graph):
    diff = compare(race_graph, later_graph)
    assert [(e.cls, e.label) for e in diff.added_entities] == [
        ("AIModel", "Qwen3"), ("Chip", "Ascend 910B"), ("Company", "Alibaba Group"), ("Company", "Huawei"),
        ("Person", "Jensen Huang"), ("Policy", "US sanctions")]
    assert [str(r) for r in diff.added_relations] == [
        "Alibaba Group develops Qwen3", "Huawei basedIn China", "Huawei produces Ascend 910B",
        "Jensen Huang affiliatedWith Nvidia", "Qwen3 usesChip Ascend 910B", "US sanctions issuedBy United States",
        "US sanctions targets China"]
    assert diff.added_relations[3].sentences == ["Jensen Huang dirige Nvidia."]
    assert diff.removed_entities == [] and diff.removed_relations == []
    [again] = diff.more_sources  # "DeepSeek achète des puces H800." says it again
    assert str(again) == "DeepSeek usesChip H800" and len(again.sources) == 2 and len(again.new_sources) == 1
    back = compare(later_graph, race_graph)
    assert [e.label for e in back.removed_entities] == [e.label for e in diff.added_entities]
    assert back.added_relations == [] and not compare(race_graph, race_graph.to_networkx()).added_relations
    assert compare(race_graph, race_graph).unchanged
