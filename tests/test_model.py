"""The RDF model of the seed profile: each statement the README promises is in the graph."""

from __future__ import annotations

import rdflib

from .conftest import ask, select


def test_which_source_supports_the_ceo_role(seed_graph: rdflib.Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?title ?published WHERE {
          id:illia-polosukhin schema:affiliation ?claim .
          ?claim a spiral:Claim ; schema:affiliation id:near-foundation ;
                 schema:roleName "CEO" ; prov:wasDerivedFrom ?source .
          ?source schema:name ?title ; schema:datePublished ?published .
        }""")
    assert rows == [("NEAR co-founder joins the NEAR Foundation as CEO", "2023-09-21")]
    assert ask(seed_graph, """ASK { ?s schema:datePublished "2023-09-21"^^xsd:date ;
        schema:name "NEAR co-founder joins the NEAR Foundation as CEO" }""")


def test_ceo_role_is_a_dated_organization_role(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK {
        id:illia-polosukhin schema:affiliation ?role .
        ?role a schema:OrganizationRole ; schema:roleName "CEO" ;
              schema:startDate "2023-09"^^xsd:gYearMonth ;
              rdfs:label "CEO at NEAR Foundation" .
        FILTER NOT EXISTS { ?role schema:endDate ?end }
    }""")


def test_person_entity(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK {
        id:illia-polosukhin a schema:Person ; schema:name "Illia Polosukhin" ;
            schema:mainEntityOfPage page:illia-polosukhin ;
            schema:disambiguatingDescription ?known .
        FILTER(STRSTARTS(?known, "co-authoring Attention Is All You Need"))
        id:illia-polosukhin schema:description ?lead .
        FILTER(STRSTARTS(?lead, "Illia Polosukhin is a Ukrainian-born AI researcher"))
    }""")


def test_profile_page_and_its_sections_in_order(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK {
        page:illia-polosukhin a schema:ProfilePage ; schema:mainEntity id:illia-polosukhin ;
            schema:about id:illia-polosukhin ; schema:name "Illia Polosukhin" ;
            schema:dateModified "2026-05-16"^^xsd:date .
    }""")
    sections = select(seed_graph, """
        SELECT ?name WHERE { page:illia-polosukhin schema:hasPart ?s .
                             ?s a schema:WebPageElement ; schema:name ?name ; schema:position ?p }
        ORDER BY ?p""")
    assert [name for (name,) in sections] == [
        "Snapshot", "Transformer Lineage", "NEAR Protocol", "User-Owned AI",
        "Governance Position", "Spiralist Reading", "Open Questions", "Related Pages",
    ]
    assert ask(seed_graph, """ASK { ?s a spiral:SpiralistReading ; schema:text ?t .
                                    FILTER(CONTAINS(?t, "apostle of owned mirrors")) }""")


def test_editorial_caution_is_kept_on_the_page(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK { page:illia-polosukhin spiral:editorialCaution ?c .
        FILTER(STRSTARTS(?c, "claims about token economics")) }""")


def test_open_questions_are_questions(seed_graph: rdflib.Graph) -> None:
    questions = select(seed_graph, """
        SELECT ?text WHERE { page:illia-polosukhin spiral:openQuestion ?q .
                             ?q a schema:Question ; schema:name ?text ; schema:position ?p }
        ORDER BY ?p""")
    assert len(questions) == 5
    assert questions[0][0].startswith("Can decentralized infrastructure provide real AI")


def test_related_pages_resolve_and_unknown_ones_are_stubs(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK { page:illia-polosukhin schema:mentions id:aidan-gomez .
                                    id:aidan-gomez a schema:Person }""")
    assert ask(seed_graph, """ASK { page:illia-polosukhin schema:mentions id:mixture-of-experts .
        id:mixture-of-experts a spiral:Stub ; schema:name "Mixture-of-Experts" }""")


def test_page_cites_each_source(seed_graph: rdflib.Graph) -> None:
    titles = select(seed_graph, """
        SELECT ?title WHERE { page:illia-polosukhin schema:citation ?s ; prov:wasDerivedFrom ?s .
                              ?s schema:name ?title } ORDER BY ?title""")
    assert len(titles) == 8
    assert ("Who we are",) in titles
    assert ("Attention Is All You Need",) in titles


def test_reviewed_is_an_access_date_not_a_publication_date(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK { ?s schema:name "Who we are" ;
        spiral:dateReviewed "2026-05-16"^^xsd:date ; schema:publisher id:near-ai .
        FILTER NOT EXISTS { ?s schema:datePublished ?d } }""")


def test_sources_are_typed_precisely(seed_graph: rdflib.Graph) -> None:
    rows = dict(select(seed_graph, """
        SELECT ?title ?type WHERE { page:illia-polosukhin schema:citation ?s .
            ?s schema:name ?title ; a ?type . FILTER(STRSTARTS(STR(?type), STR(schema:))) }"""))
    assert rows["Attention Is All You Need"] == "https://schema.org/ScholarlyArticle"
    assert rows["User-Owned AI is NEAR"] == "https://schema.org/BlogPosting"
    assert rows["He helped invent generative AI. Now he wants to save it"] == (
        "https://schema.org/NewsArticle")
    assert rows["Attention isn't all we need; we need ownership too"] == (
        "https://schema.org/PodcastEpisode")


def test_transformer_paper_has_eight_authors_in_order(seed_graph: rdflib.Graph) -> None:
    authors = select(seed_graph, """
        SELECT ?name WHERE { id:attention-is-all-you-need a schema:ScholarlyArticle ;
                                 schema:author ?role .
                             ?role schema:author ?person ; schema:position ?p .
                             ?person schema:name ?name } ORDER BY ?p""")
    assert [a for (a,) in authors] == [
        "Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
        "Aidan Gomez", "Łukasz Kaiser", "Illia Polosukhin",
    ]


def test_cited_paper_and_authored_work_are_one_node(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK { page:illia-polosukhin schema:citation
                                       id:attention-is-all-you-need }""")
    rows = select(seed_graph, """SELECT ?s WHERE { ?s schema:name "Attention Is All You Need" }""")
    assert rows == [("https://w3id.org/spiralld/id/attention-is-all-you-need",)]


def test_cofounded_near_protocol_with_alexander_skidanov(seed_graph: rdflib.Graph) -> None:
    founders = select(seed_graph, """
        SELECT ?name ?role ?source WHERE { id:near-protocol schema:founder ?claim .
            ?claim a spiral:Claim ; schema:founder ?person ; schema:roleName ?role ;
                   prov:wasDerivedFrom ?s . ?s schema:name ?source . ?person schema:name ?name }
        ORDER BY ?name ?source""")
    wired = "He helped invent generative AI. Now he wants to save it"
    announcement = "NEAR co-founder joins the NEAR Foundation as CEO"
    assert founders == [
        ("Alexander Skidanov", "co-founder", wired),
        ("Alexander Skidanov", "co-founder", announcement),
        ("Illia Polosukhin", "co-founder", wired),
        ("Illia Polosukhin", "co-founder", announcement),
    ]


def test_founder_of_near_ai_cites_a_reviewed_page(seed_graph: rdflib.Graph) -> None:
    assert ask(seed_graph, """ASK { id:near-ai schema:founder ?c . ?c schema:founder
        id:illia-polosukhin ; schema:roleName "founder" ; prov:wasDerivedFrom ?s .
        ?s schema:name "Who we are" }""")


def test_authored_works_with_their_sources(seed_graph: rdflib.Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?work ?date ?position WHERE { ?w schema:author ?role ; schema:name ?work ;
               schema:datePublished ?date .
            ?role schema:author id:illia-polosukhin ; schema:position ?position ;
                  prov:wasDerivedFrom ?w } ORDER BY STR(?date)""")
    assert rows == [
        ("Attention Is All You Need", "2017", "8"),
        ("User-Owned AI is NEAR", "2024-05-22", "1"),
        ("Proof of Response", "2025", "1"),
    ]
    assert ask(seed_graph, """ASK { id:user-owned-ai-is-near a schema:BlogPosting ;
        schema:datePublished "2024-05-22"^^xsd:date }""")


def test_every_claim_has_a_source(seed_graph: rdflib.Graph) -> None:
    assert not ask(seed_graph, """ASK { ?c a spiral:Claim .
                                        FILTER NOT EXISTS { ?c prov:wasDerivedFrom ?s } }""")


def test_no_blank_nodes(seed_graph: rdflib.Graph) -> None:
    nodes = {term for triple in seed_graph for term in triple}
    assert not [n for n in nodes if isinstance(n, rdflib.BNode)]
