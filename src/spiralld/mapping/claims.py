"""Claims to RDF: qualified Role nodes, each prov:wasDerivedFrom its sources, with a review
status and, for an extracted claim, the section, sentence and extraction activity behind it."""

from __future__ import annotations

from pyoxigraph import NamedNode

from .. import __version__
from ..errors import ProfileError
from ..namespaces import PROV, RDFS, SCHEMA, SPIRAL
from ..reading.corpus import Corpus
from ..reading.pages import slugify
from ..reading.profiles import AuthorshipClaim, Evidence, FoundingClaim, Profile, RoleClaim, Source
from .entities import author_role
from .graph import Graph, Iris, date_literal, integer
from .pages import section_nodes
from .sources import SourceIndex

Claim = RoleClaim | FoundingClaim | AuthorshipClaim


def map_claims(graph: Graph, profile: Profile, corpus: Corpus, iris: Iris,
               sources: SourceIndex) -> None:
    """Roles, foundings and authorships of the profile's subject, with their sources."""
    for role, org_slug, fragment in _role_claims(profile, corpus):
        with graph.at(profile.path, role.line):
            _map_role(graph, profile, role, org_slug, fragment, corpus, iris, sources)

    for founding in profile.founded:
        with graph.at(profile.path, founding.line):
            _map_founding(graph, profile, founding, corpus, iris, sources)

    for authorship in profile.authored:
        with graph.at(profile.path, authorship.line):
            _map_authorship(graph, profile, authorship, corpus, iris, sources)


def _role_claims(profile: Profile, corpus: Corpus) -> list[tuple[RoleClaim, str, str]]:
    """Each role with its organization's slug and the fragment of its claim IRI.

    A claim's IRI says what identifies it, so that correcting its dates, role name or
    sources keeps it (links to it from elsewhere survive, and ``spiralld diff`` shows the
    claim as changed): ``role-<property>-<org>``, or the editor's own ``id:``
    (``role-<id>``). Only where two roles of the profile share that is more added, as
    little as tells them apart: the roleName, then the start date, then the end date
    (``-until-2019``). The same stint written twice is one claim.
    """
    orgs = [corpus.resolve(role.organization, f"{profile.path}:{role.line}", "Organization")
            for role in profile.roles]
    levels = [[[role.property, org],
               [slugify(role.role_name or "")],
               [role.start.lexical if role.start else ""],
               [f"until-{role.end.lexical}" if role.end else ""]]
              for role, org in zip(profile.roles, orgs, strict=True)]
    fragments: list[str] = [""] * len(levels)
    pinned: dict[str, int] = {}
    for index, role in enumerate(profile.roles):
        if role.id is not None:
            fragment = f"role-{role.id}"
            if fragment in pinned:
                raise ProfileError(f"claim id {role.id!r} is already the id of the role at "
                                   f"line {profile.roles[pinned[fragment]].line}",
                                   profile.path, role.line)
            pinned[fragment] = index
            fragments[index] = fragment

    def name(indices: list[int], depth: int) -> None:
        if len(indices) == 1 or depth == len(levels[indices[0]]):
            for index in indices:
                parts = [part for level in levels[index][:depth] for part in level]
                fragments[index] = "role-" + "-".join(p for p in parts if p)
            return
        groups: dict[tuple[str, ...], list[int]] = {}
        for index in indices:
            groups.setdefault(tuple(levels[index][depth]), []).append(index)
        for group in groups.values():
            name(group, depth + 1)

    unpinned: dict[tuple[str, ...], list[int]] = {}
    for index, role in enumerate(profile.roles):
        if role.id is None:
            unpinned.setdefault(tuple(levels[index][0]), []).append(index)
    for group in unpinned.values():
        name(group, 1)
    for index, fragment in enumerate(fragments):
        if fragment in pinned and pinned[fragment] != index:
            raise ProfileError(f"claim id {fragment.removeprefix('role-')!r} is already the "
                               f"IRI of the role at line {profile.roles[index].line}",
                               profile.path, profile.roles[pinned[fragment]].line)
    return [(role, org, fragment)
            for role, org, fragment in zip(profile.roles, orgs, fragments, strict=True)]


def _map_role(graph: Graph, profile: Profile, role: RoleClaim, org_slug: str, fragment: str,
              corpus: Corpus, iris: Iris, sources: SourceIndex) -> None:
    subject = iris.entity(profile.slug)
    claim = Iris.part(subject, fragment)
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
    # On an organization's own profile, a founding of itself lists its founders ("DeepMind
    # was founded in 2010 by ..."): the profile's subject is what was founded, not a founder.
    itself = org_slug == profile.slug
    founders = ([] if itself else [profile.slug]) + [corpus.resolve(c, where, "Person")
                                                     for c in founding.cofounders]
    for founder in founders:
        fragment = corpus.founding(org_slug, founder, founding.role_name,
                                   founding.date.lexical if founding.date else "", where)
        claim = Iris.part(organization, fragment)
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
    cited = next((s for s in profile.sources if slugify(s.title) == work_slug), None)
    proposed = not authorship.reviewed
    if cited is None and proposed and (work is None or not work.is_work):
        # the extractor cites the sources that name the work as written (a title variant)
        cited = next((s for s in map(profile.source, authorship.sources) if s), None)
    if (work is None or not work.is_work) and cited is not None:
        _map_cited_authorship(graph, profile, authorship, cited, corpus, iris, sources)
        return
    positions = ([i for i, a in enumerate(work.authors, start=1) if slugify(a) == profile.slug]
                 if work is not None and work.is_work else [])
    if proposed and not positions:
        # A proposal is published for an editor to review, never an error: a work the
        # corpus does not know becomes a stub, and one whose byline does not list the
        # subject gets the claim unplaced (its authors are the editor's to correct).
        _map_unplaced_authorship(graph, profile, authorship, corpus, iris, sources)
        return
    if work is None or not work.is_work:
        raise ProfileError(f"authored work {authorship.work!r} is not a work in "
                           "data/entities nor the title of one of this profile's sources",
                           profile.path, authorship.line)
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


def _map_cited_authorship(graph: Graph, profile: Profile, authorship: AuthorshipClaim,
                          cited: Source, corpus: Corpus, iris: Iris,
                          sources: SourceIndex) -> None:
    """An authorship of a work the corpus knows only as one of the profile's sources: the
    claim is an author Role of that source's node (at the subject's place in its byline,
    when the citation names the subject)."""
    node = sources.node(profile, cited)
    claim = Iris.part(node, f"author-{profile.slug}")
    names = {slugify(name) for name in (profile.name, *profile.alternate_names)}
    surname = slugify(profile.name.split()[-1]) if profile.name.split() else ""
    positions = [i for i, author in enumerate(cited.authors, start=1)
                 if slugify(author) in names or slugify(author) == surname]
    graph.add(node, SCHEMA.author, claim)
    graph.type(claim, SCHEMA.Role, SPIRAL.Claim)
    graph.add(claim, SCHEMA.author, iris.entity(profile.slug))
    if positions:
        graph.type(claim, SCHEMA.ListItem)
        graph.add(claim, SCHEMA.position, integer(positions[0]))
    graph.text(claim, RDFS.label, f"{profile.name}, author of {cited.title}")
    keys = authorship.sources or (cited.key,)
    graph.link(claim, PROV.wasDerivedFrom, (sources.by_key(profile, k) for k in keys))
    map_review(graph, profile, claim, authorship, iris)


def _map_unplaced_authorship(graph: Graph, profile: Profile, authorship: AuthorshipClaim,
                             corpus: Corpus, iris: Iris, sources: SourceIndex) -> None:
    """A proposed authorship of a work known by no entry of the corpus (a stub of type
    CreativeWork, named as the page writes it) or whose byline does not list the subject:
    an author Role of the work with no byline position, ``<work>#author-<subject>``."""
    where = f"{profile.path}:{authorship.line}"
    name = authorship.work if slugify(authorship.work) != authorship.work else None
    work_slug = corpus.resolve(authorship.work, where, "CreativeWork", name)
    work = iris.entity(work_slug)
    claim = Iris.part(work, f"author-{profile.slug}")
    graph.add(work, SCHEMA.author, claim)
    graph.type(claim, SCHEMA.Role, SPIRAL.Claim)
    graph.add(claim, SCHEMA.author, iris.entity(profile.slug))
    graph.text(claim, RDFS.label, f"{profile.name}, author of {corpus.name_of(work_slug)}")
    graph.link(claim, PROV.wasDerivedFrom,
               (sources.by_key(profile, k) for k in authorship.sources))
    map_review(graph, profile, claim, authorship, iris)
