"""Curated claims to RDF: qualified Role nodes, each prov:wasDerivedFrom its sources."""

from __future__ import annotations

from ..corpus import Corpus
from ..errors import ProfileError
from ..namespaces import PROV, RDFS, SCHEMA, SPIRAL
from ..pages import slugify
from ..profiles import AuthorshipClaim, FoundingClaim, Profile, RoleClaim
from .entities import author_role
from .graph import Graph, Iris, date_literal
from .sources import SourceIndex


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
    """Each role with its organization's slug and the fragment of its claim IRI:
    ``role-<property>-<org>-<roleName>`` and the start date if any. Stints that share that
    (the same roleName at the same organization, from the same start or none) are told
    apart by their end dates (``-until-2019``; an ongoing one has none); the same stint
    written twice is one."""
    bases, orgs = [], []
    for role in profile.roles:
        where = f"{profile.path}:{role.line}"
        org_slug = corpus.resolve(role.organization, where, "Organization")
        parts = [role.property, org_slug, slugify(role.role_name or "")]
        if role.start:
            parts.append(role.start.lexical)
        bases.append("role-" + "-".join(p for p in parts if p))
        orgs.append(org_slug)
    ends: dict[str, set[str | None]] = {}
    for base, role in zip(bases, profile.roles, strict=True):
        ends.setdefault(base, set()).add(role.end.lexical if role.end else None)
    return [(role, org, base + (f"-until-{role.end.lexical}"
                                if len(ends[base]) > 1 and role.end else ""))
            for base, org, role in zip(bases, orgs, profile.roles, strict=True)]


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


def _map_founding(graph: Graph, profile: Profile, founding: FoundingClaim, corpus: Corpus,
                  iris: Iris, sources: SourceIndex) -> None:
    where = f"{profile.path}:{founding.line}"
    org_slug = corpus.resolve(founding.organization, where, "Organization")
    organization = iris.entity(org_slug)
    founders = [profile.slug] + [corpus.resolve(c, where, "Person")
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
