"""Claims to RDF: qualified Role nodes, each prov:wasDerivedFrom its sources, with a review
status and, for an extracted claim, the section, sentence and extraction activity behind it."""

from __future__ import annotations

from pyoxigraph import NamedNode

from .. import __version__
from ..corpus import Corpus
from ..errors import ProfileError
from ..namespaces import PROV, RDFS, SCHEMA, SPIRAL
from ..pages import slugify
from ..profiles import AuthorshipClaim, Evidence, FoundingClaim, Profile, RoleClaim
from .entities import author_role
from .graph import Graph, Iris, date_literal, integer
from .pages import section_nodes
from .sources import SourceIndex

Claim = RoleClaim | FoundingClaim | AuthorshipClaim


def map_claims(graph: Graph, profile: Profile, corpus: Corpus, iris: Iris,
               sources: SourceIndex) -> None:
    """Roles, foundings and authorships of the profile's subject, with their sources."""
    for role in profile.roles:
        with graph.at(profile.path, role.line):
            _map_role(graph, profile, role, corpus, iris, sources)

    for founding in profile.founded:
        with graph.at(profile.path, founding.line):
            _map_founding(graph, profile, founding, corpus, iris, sources)

    for authorship in profile.authored:
        with graph.at(profile.path, authorship.line):
            _map_authorship(graph, profile, authorship, corpus, iris, sources)


def _map_role(graph: Graph, profile: Profile, role: RoleClaim, corpus: Corpus, iris: Iris,
              sources: SourceIndex) -> None:
    subject = iris.entity(profile.slug)
    where = f"{profile.path}:{role.line}"
    org_slug = corpus.resolve(role.organization, where, "Organization")
    parts = [role.property, org_slug, slugify(role.role_name or "")]
    if role.start:
        parts.append(role.start.lexical)
    claim = Iris.part(subject, "role-" + "-".join(p for p in parts if p))
    predicate = SCHEMA[role.property]
    graph.add(subject, predicate, claim)
    graph.type(claim, SCHEMA.OrganizationRole, SPIRAL.Claim)
    graph.add(claim, predicate, iris.entity(org_slug))
    graph.text(claim, SCHEMA.roleName, role.role_name)
    if role.start:
        graph.add(claim, SCHEMA.startDate, date_literal(role.start))
    if role.end:
        graph.add(claim, SCHEMA.endDate, date_literal(role.end))
    what = f"{role.role_name} at" if role.role_name else "affiliated with"
    graph.text(claim, RDFS.label, f"{what} {corpus.name_of(org_slug)}")
    graph.link(claim, PROV.wasDerivedFrom, (sources.by_key(profile, k) for k in role.sources))
    map_review(graph, profile, claim, role, iris)


def _map_founding(graph: Graph, profile: Profile, founding: FoundingClaim, corpus: Corpus,
                  iris: Iris, sources: SourceIndex) -> None:
    where = f"{profile.path}:{founding.line}"
    org_slug = corpus.resolve(founding.organization, where, "Organization")
    organization = iris.entity(org_slug)
    founders = [profile.slug] + [corpus.resolve(c, where, "Person")
                                 for c in founding.cofounders]
    for founder in founders:
        claim = Iris.part(organization, f"founder-{founder}")
        graph.add(organization, SCHEMA.founder, claim)
        graph.type(claim, SCHEMA.Role, SPIRAL.Claim)
        graph.add(claim, SCHEMA.founder, iris.entity(founder))
        graph.text(claim, SCHEMA.roleName, founding.role_name)
        if founding.date:
            graph.add(claim, SCHEMA.startDate, date_literal(founding.date))
        graph.text(claim, RDFS.label, f"{corpus.name_of(founder)}, {founding.role_name} of "
                                      f"{corpus.name_of(org_slug)}")
        graph.link(claim, PROV.wasDerivedFrom,
                   (sources.by_key(profile, k) for k in founding.sources))
        map_review(graph, profile, claim, founding, iris)


def _map_authorship(graph: Graph, profile: Profile, authorship: AuthorshipClaim, corpus: Corpus,
                    iris: Iris, sources: SourceIndex) -> None:
    work_slug = slugify(authorship.work)
    work = corpus.entities.get(work_slug)
    if work is None or not work.is_work:
        raise ProfileError(f"authored work {authorship.work!r} is not a work in "
                           "data/entities", profile.path, authorship.line)
    positions = [i for i, a in enumerate(work.authors, start=1)
                 if slugify(a) == profile.slug]
    if not positions:
        raise ProfileError(f"authored work {work.name!r} does not list {profile.name!r} "
                           f"among its authors ({work.path}:{work.line})",
                           profile.path, authorship.line)
    claim = author_role(iris.entity(work_slug), positions[0])
    graph.link(claim, PROV.wasDerivedFrom,
               (sources.by_key(profile, k) for k in authorship.sources))
    map_review(graph, profile, claim, authorship, iris)


def map_review(graph: Graph, profile: Profile, node: NamedNode, claim: Claim,
               iris: Iris) -> None:
    """The claim's review status; for an extracted claim, where it was read and by what.

    ``node spiral:extractedFrom <page#section-..>`` (a sub-property of prov:wasDerivedFrom
    that is not a source), ``node spiral:evidence <page#evidence-<hash>>`` quoting the
    sentence (``schema:text``, ``spiral:line``, ``prov:wasQuotedFrom`` the section), and
    ``node prov:wasGeneratedBy <activity/extraction-<version>-<rule>>``.
    """
    graph.add(node, SPIRAL.reviewStatus, SPIRAL.Reviewed if claim.reviewed else SPIRAL.Unreviewed)
    evidence = claim.evidence
    if evidence is None:
        return
    page = iris.page(profile.slug)
    section = evidence_section(page, profile, evidence)
    quote = Iris.part(page, "evidence-" + Iris.digest(f"{evidence.line}\n{evidence.text}"))
    graph.add(node, SPIRAL.extractedFrom, section)
    graph.add(node, SPIRAL.evidence, quote)
    graph.type(quote, SPIRAL.Evidence)
    graph.text(quote, SCHEMA.text, evidence.text)
    graph.add(quote, SPIRAL.line, integer(evidence.line))
    graph.add(quote, PROV.wasQuotedFrom, section)
    activity, agent = extraction_activity(iris, evidence.rule)
    graph.add(node, PROV.wasGeneratedBy, activity)
    graph.type(activity, PROV.Activity)
    graph.text(activity, SPIRAL.extractionRule, evidence.rule)
    graph.text(activity, RDFS.label, f"extraction rule {evidence.rule} (spiralld {__version__})")
    graph.add(activity, PROV.wasAssociatedWith, agent)
    graph.type(agent, PROV.SoftwareAgent, SCHEMA.SoftwareApplication)
    graph.text(agent, SCHEMA.name, "spiralld")
    graph.text(agent, SCHEMA.softwareVersion, __version__)


def extraction_activity(iris: Iris, rule: str) -> tuple[NamedNode, NamedNode]:
    """The activity of one extraction rule run by this spiralld version, and the software."""
    version = slugify(__version__)
    return (NamedNode(f"{iris.base}activity/extraction-{version}-{slugify(rule)}"),
            NamedNode(f"{iris.base}activity/spiralld-{version}"))


def evidence_section(page: NamedNode, profile: Profile, evidence: Evidence) -> NamedNode:
    """The section the sentence was read in: the last one named ``evidence.section`` that
    starts before its line (else the last section before the line; the page for the lead)."""
    sections = profile.page.sections
    nodes = section_nodes(page, sections)
    before = [(s, n) for s, n in zip(sections, nodes, strict=True) if s.line <= evidence.line]
    named = [(s, n) for s, n in zip(sections, nodes, strict=True)
             if s.name.lower() == evidence.section.lower()]
    for _section, node in reversed([pair for pair in before if pair in named] or before
                                   or named):
        return node
    return page
