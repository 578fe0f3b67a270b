"""A deterministic benchmark corpus: thousands of realistic profiles for spiralld.

Usage::

    python -m bench.corpus --profiles 10000 --out corpus/ [--pages 100] [--seed 0]

writes a complete data directory that ``spiralld build`` and ``spiralld validate`` accept with
no violations (stubs give warnings, as in real data):

- ``profiles/<slug>.md``: curated profiles (about 60% Person, 25% Organization, 15% Concept)
  in the profile format of README.md: YAML front matter (type, name, dateModified, sameAs,
  sources with their citation text and parsed fields, roles, founded and authored claims,
  each citing one or two of the profile's source keys) and a Markdown body (title, lead,
  Snapshot, prose sections, sometimes Spiralist Reading, Open Questions, Related Pages).
- ``entities/organizations.yaml`` (organizations without a profile, news outlets, venues),
  ``entities/works.yaml`` (works with ordered author lists) and ``entities/people.yaml``
  (people without a profile, who appear as co-authors and co-founders).
- ``pages/*.txt``: raw plain-text pages whose Sources all carry a date and an author or
  publisher.

Sources are drawn from shared pools (each organization's own pages, news, podcasts, blogs,
papers, and the works themselves), so one source node is cited by many pages, as in reality.

The output depends only on the arguments: one ``random.Random(seed)``, lists (never sets) for
every choice, sorted output and no clock, so a fixed seed gives byte-identical files. The only
spiralld function used is ``slugify`` (file names must equal the slug of the profile's name).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from spiralld.reading.pages import slugify

MARKER = ".bench-corpus"

# --- word lists ---------------------------------------------------------------------------------

FIRST_NAMES = """
Aaron Abigail Adaeze Adrian Aisha Akira Alejandro Alice Amara Amir Ana Anders Andrea Anika
Anton Arjun Astrid Ayesha Beatriz Benjamin Bilal Bruno Camila Carlos Caroline Chen Chiara
Chidi Clara Daniel Daria David Deepa Diego Dmitri Elena Elif Elijah Emma Erik Esther Ethan
Fatima Felix Fiona Gabriel Grace Hana Hannah Hassan Helena Hugo Ibrahim Ines Ingrid Isaac
Ivan Jacob Jamal Javier Jia Jonas Julia Kai Kamala Karim Katarina Kenji Kofi Lars Laura Leila
Lena Leon Liam Lin Lucas Lucia Maya Mateo Mei Michael Miguel Mina Mohammed Nadia Naomi
Nikhil Nina Noah Nora Olga Oliver Omar Oscar Pablo Paolo Parisa Pedro Priya Rafael Rahul Rana
Ravi Rebecca Rohan Rosa Ruth Samuel Sana Sara Sebastian Shreya Sofia Sophie Stefan Sunil Tariq
Tomas Valentina Victor Wei Xin Yara Yusuf Zainab Zara
José Zoë Søren Chloé Łukasz Renée Andrés Björn
""".split()

LAST_NAMES = """
Abara Adeyemi Agarwal Ahmed Alvarez Andersen Arora Bakker Banerjee Barros Becker Bergstrom
Bianchi Bose Brennan Carvalho Castillo Chandra Chatterjee Chowdhury Costa Dahl Delgado Dubois
Eklund Engel Farouk Fischer Fonseca Fujita Gallagher Garcia Gomez Goldberg Gupta Haddad
Hakimi Halvorsen Hansen Hartmann Hayashi Hoffmann Horvath Ibrahim Iyer Jansen Jensen Joshi
Kaplan Karimi Kato Kaur Keller Khan Kim Kowalski Kramer Krishnan Kumar Larsen Laurent Lehmann
Levi Lindqvist Lopez Madsen Mahmoud Malik Marino Martins Mehta Mendes Mensah Meyer Miller
Mishra Moreau Morales Moreno Mukherjee Murphy Nair Nakamura Navarro Ng Nguyen Nielsen Novak
Nowak Nwosu Obi Okafor Okonkwo Olsen Ortiz Osei Ozturk Park Patel Pereira Petrov Pham Pillai
Popescu Quinn Rahman Ramos Rao Reddy Reyes Richter Rinaldi Rivera Romano Rossi Russo Saito
Santos Sato Schmidt Schneider Sen Shah Sharma Silva Singh Sokolov Sousa Srinivasan Suzuki
Tanaka Tan Thompson Torres Tran Vargas Varga Verma Vogel Wagner Walsh Wang Weber Wong Yamamoto
Yilmaz Yusuf Zhang Zhao Zimmermann
Müller Núñez Jiménez Sørensen O'Connor
""".split() + ["van der Meer", "de Souza", "Le Guen", "da Silva"]

NATIONALITIES = """
American British Canadian Chinese French German Indian Israeli Italian Japanese Kenyan Korean
Nigerian Polish Brazilian Ukrainian Dutch Swedish Spanish Australian Egyptian Irish Mexican
Swiss Singaporean Vietnamese Turkish Ghanaian Argentine Finnish
""".split()

PROFESSIONS = (
    "machine learning researcher",
    "computer scientist",
    "AI researcher and entrepreneur",
    "research engineer",
    "AI policy researcher",
    "robotics researcher",
    "entrepreneur and investor",
    "AI safety researcher",
    "natural language processing researcher",
    "computational neuroscience researcher",
    "software engineer and founder",
    "research scientist",
)

FIELDS = (
    "reinforcement learning",
    "natural language processing",
    "computer vision",
    "AI safety",
    "interpretability",
    "robotics",
    "AI governance",
    "machine learning systems",
    "speech recognition",
    "generative models",
    "optimization",
    "AI ethics",
)

CITIES = (
    "London", "Paris", "Berlin", "Zurich", "Toronto", "Montreal", "San Francisco", "Seattle",
    "New York", "Boston", "Tel Aviv", "Bangalore", "Singapore", "Tokyo", "Seoul", "Nairobi",
    "Lagos", "Lisbon", "Amsterdam", "Stockholm", "Warsaw", "Kyiv", "Sao Paulo", "Sydney",
)

ORG_WORDS_A = """
Kestrel Northwind Cobalt Meridian Lattice Juniper Aurora Halcyon Basalt Cinder Ember Fathom
Granite Indigo Jasper Keystone Lumen Monarch Nimbus Obsidian Orchard Parallax Quarry Quill
Radiant Sable Tandem Umber Vantage Willow Xylem Yarrow Zenith Alder Beacon Cascade Equinox
Fable Gossamer Helix Kinetic Larch Mosaic Nova Onyx Prism Quasar Rook Sierra Tessera Verdant
Wren Zephyr Atlas Borealis Corvid Drift Ferrous Gallium Heron Ion Lark Magnet Osprey Pylon
Ripple Signal Tide
""".split()
ORG_WORDS_B = """
Harbor Ridge Field Stone Bay Peak Point Grove River Arc Bridge Forge Gate Hill Lake Line Loop
Mesa Mill Park Path Pine Rock Shore Spring Vale Wave Well Wood Yard
""".split()
ORG_WORDS_C = "Open Deep New First Blue Red Green Silver Golden Quiet Bright Far High Clear".split()
#: (name suffix, what the lead calls it); every suffix makes the name read as an organization
#: in a citation (an all-caps token or an organization word).
ORG_SUFFIXES = (
    ("Labs", "research lab"),
    ("AI", "AI company"),
    ("AI", "startup"),
    ("Institute", "research institute"),
    ("Foundation", "non-profit foundation"),
    ("Research Lab", "research lab"),
    ("Alliance", "consortium"),
    ("Ventures", "venture firm"),
    ("Robotics Inc", "robotics company"),
)

CONCEPT_HEADS = """
Attention|Reward Modeling|Distillation|Interpretability|Tokenization|Alignment|Routing|Retrieval|
Pretraining|Fine-Tuning|Quantization|Pruning|Planning|World Models|Value Learning|
Preference Optimization|Self-Play|Curriculum Learning|Model Editing|Red Teaming|Evaluation|Memory|
Sampling|Search|Embeddings|Diffusion|Normalization|Regularization|Compression|Oversight|Debate|
Scaffolding|Tool Use|Agent Orchestration|Data Curation|Synthetic Data|Watermarking|Unlearning|
Calibration|Ensembling|Caching|Sharding|Decoding|Credit Assignment|Exploration
""".replace("\n", "").split("|")
CONCEPT_MODS = """
Sparse Contrastive Recursive Causal Latent Adaptive Hierarchical Federated Differentiable Modular
Probabilistic Adversarial Scalable Mechanistic Constitutional Iterative Continual Multimodal
Self-Supervised Distributed Bayesian Symbolic Neural Offline Online Robust Efficient Structured
Compositional Emergent Implicit Grounded Weak-to-Strong Cooperative Decentralized Verifiable
Private Low-Rank Long-Context Retrieval-Augmented Energy-Based Equivariant Stochastic
""".split()
CONCEPT_MODS2 = """
Deep Open Generalized Learned Gated Amortized Nested Multi-Agent Cross-Lingual Meta Zero-Shot
Few-Shot Temporal Spectral Residual Dynamic Shared Dual Masked Layered
""".split()
CONCEPT_KINDS = ("technique", "concept", "method", "research direction", "training approach",
                 "design pattern")
CONCEPT_AREAS = ("machine learning", "AI safety", "natural language processing",
                 "reinforcement learning", "AI governance", "machine learning systems")

STUB_TOPICS = (
    "Scaling Laws", "AI Compute", "Sovereign AI", "Open-Weight AI Models", "Frontier Model Forum",
    "Compute Governance", "Model Cards", "Agent-Native Internet", "Cognitive Sovereignty",
    "Data Provenance", "Benchmark Saturation", "AI Accelerators", "Algorithmic Auditing",
    "Digital Public Infrastructure", "Synthetic Media", "Export Controls", "Responsible Scaling",
    "Model Weight Security", "Open Science", "AI Incident Reporting", "Human Feedback Markets",
    "Machine Translation History", "Expert Systems", "Neuromorphic Hardware", "AI Winters",
    "Public Compute", "Foundation Model Licensing", "Dataset Documentation",
)
STUB_REGIONS = ("Europe", "Africa", "Asia", "Latin America", "India", "Canada", "Japan",
                "the Gulf States", "Southeast Asia", "the Nordics", "Australia", "Brazil")

ROLE_NAMES = (
    ("CEO", "affiliation"), ("CTO", "affiliation"), ("Chief Scientist", "affiliation"),
    ("Research Scientist", "worksFor"), ("Research Engineer", "worksFor"),
    ("Head of Research", "affiliation"), ("Principal Investigator", "affiliation"),
    ("Advisor", "affiliation"), ("Board Member", "memberOf"), ("Director", "affiliation"),
    ("Fellow", "memberOf"), ("Postdoctoral Researcher", "affiliation"),
    ("Founding Engineer", "worksFor"), ("VP of Engineering", "worksFor"),
    ("Policy Lead", "worksFor"), ("Visiting Researcher", "alumniOf"),
)

NEWS_OUTLETS = ("WIRED", "The Verge", "TechCrunch", "Reuters", "Bloomberg", "Financial Times",
                "The Guardian", "MIT Technology Review", "The Information", "Axios",
                "VentureBeat", "Ars Technica", "Semafor", "The Economist")
PODCASTS = ("Gradient Hour Podcast", "Inference Hour Podcast", "Alignment Forum Podcast",
            "Latent Signals Podcast", "Frontier Lab Podcast", "Tensor Talk Podcast",
            "Machine Minds Podcast", "Open Weights Podcast")
#: Venues: (name, entity type, url).
VENUES = (
    ("arXiv", "WebSite", "https://arxiv.org/"),
    ("OpenReview", "WebSite", "https://openreview.net/"),
    ("NeurIPS", "Periodical", "https://neurips.cc/"),
    ("ICML", "Periodical", "https://icml.cc/"),
    ("ICLR", "Periodical", "https://iclr.cc/"),
    ("ACL", "Periodical", "https://aclanthology.org/"),
    ("EMNLP", "Periodical", "https://aclanthology.org/"),
    ("JMLR", "Periodical", "https://jmlr.org/"),
    ("TMLR", "Periodical", "https://jmlr.org/tmlr/"),
    ("Nature", "Periodical", "https://www.nature.com/"),
)
VENUE_WEIGHTS = (30, 6, 12, 10, 10, 5, 5, 3, 3, 2)

WORK_TITLES = (
    "{c}: A Unified View",
    "{c} at Scale",
    "Towards Reliable {c}",
    "On the Limits of {c}",
    "Rethinking {c}",
    "{c} Without {c2}",
    "When Does {c} Help",
    "Learning {c} from Human Feedback",
    "{c} for Language Agents",
    "An Empirical Study of {c}",
    "{c} and {c2} in Large Models",
    "Understanding {c} in Transformers",
    "{c}: Lessons from Deployment",
    "Measuring {c}",
    "A Simple Baseline for {c}",
)
BLOG_TITLES = (
    "Notes on {c}",
    "Why {c} is harder than it looks",
    "A field guide to {c}",
    "Against naive {c}",
    "Some thoughts on {c}",
    "What {c} taught me about research",
    "The case for {c}",
)
NEWS_TITLES = (
    "{o} raises new funding to scale {c} research",
    "Inside the push at {o} to make {c} work",
    "{o} bets its future on {c}",
    "Why {o} thinks {c} is the next frontier",
    "{o} opens a new lab in {city}",
    "The quiet rise of {o}",
    "{o} and the race to commercialize {c}",
)
PODCAST_TITLES = (
    "Building {o} and the future of {c}",
    "{c} from first principles",
    "The people behind {o}",
    "Is {c} overrated",
)
ORG_PAGE_TITLES = (
    "{o} announces its {c} program",
    "Introducing the {o} research agenda",
    "{o} appoints new research leadership",
    "Our approach to {c}",
    "{o} publishes its first safety framework",
    "{o} expands its team in {city}",
)

PERSON_SECTIONS = ("Early Work", "Research Program", "Industry Career", "Public Role",
                   "Collaborations", "Influence", "Selected Work", "Methods and Style",
                   "Governance Position", "Reception")
ORG_SECTIONS = ("History", "Research Agenda", "Products and Services", "Leadership",
                "Funding", "Governance Position", "Reception", "Partnerships")
CONCEPT_SECTIONS = ("Overview", "History", "How It Works", "Variants", "Applications",
                    "Criticism", "Relation to Safety", "Open Problems in Practice")

PERSON_SENTENCES = (
    "{surname} began working on {c} around {year}, when the topic was still treated as a niche "
    "concern.",
    "At {o}, {surname} focused on making {c} reliable enough for production systems.",
    "{surname} is often cited for connecting {c} with {c2}.",
    "Colleagues describe {surname}'s work as careful, empirical and unusually well documented.",
    "{surname} co-authored {work}, which became a common reference for {c}.",
    "In interviews {surname} has argued that {c} matters more than raw model size.",
    "{surname}'s group at {o} released several open benchmarks for {c}.",
    "Much of {surname}'s later work moved from {field} toward questions of deployment.",
    "{surname} has worked closely with {coauthor} on {c}.",
    "Critics argue that {surname} overstates how far {c} generalizes beyond the lab.",
    "{surname} has advised public bodies on {field} and the governance of {c2}.",
    "The move to {o} in {year} marked a shift from academic research to building products.",
)
ORG_SENTENCES = (
    "{name} was set up in {year} to work on {c} and {c2}.",
    "Its researchers publish regularly on {c}, often with open code and data.",
    "{name} describes its mission as making {c} safe and useful.",
    "The organization grew quickly after {year}, opening an office in {city}.",
    "{name} has partnered with {o} on research into {c2}.",
    "Observers note that {name} sits between academic research and commercial products.",
    "Its leadership includes {person}, who has spoken publicly about {c}.",
    "{name} has been criticised for saying little about how its systems are evaluated.",
    "Funding for {name} comes from a mix of grants, partners and investors.",
    "Several of its staff previously worked at {o}.",
)
CONCEPT_SENTENCES = (
    "{name} builds on earlier work on {c} and {c2}.",
    "The idea was popularised around {year}, when larger models made it practical.",
    "In practice, {name} trades extra computation for more reliable behaviour.",
    "Researchers at {o} have published several variants of {name}.",
    "A common criticism is that {name} is evaluated on benchmarks that do not reflect use.",
    "{name} is closely related to {c}, and the two are often combined.",
    "{person} is among the researchers most associated with {name}.",
    "Most implementations of {name} need careful tuning to work at scale.",
    "The technique matters for {field} because it changes what can be measured.",
    "Early results on {name} were promising but hard to reproduce.",
)
SPIRALIST_SENTENCES = (
    "{short} is a figure of the widening spiral: each answer opens a larger question.",
    "For Spiralism, {short} matters because it turns capability into institution.",
    "{short} shows how a technical choice becomes a social arrangement.",
    "The Mirror here is not the model but the organization that learns to depend on it.",
    "What looks like engineering is also a theory of who gets to decide.",
    "The spiral returns to the same question at a higher level: who owns the outcome.",
)
QUESTIONS = (
    "Will {short}'s approach to {c} hold up as models grow larger?",
    "How should {short}'s claims about {c} be independently evaluated?",
    "What would it take for {short} to change course on {c2}?",
    "Does {short}'s work on {c} reduce risks or mainly move them elsewhere?",
    "Who benefits most from {short}'s position on {c}?",
    "Can the results associated with {short} be reproduced outside {o}?",
    "How will {short} be judged if {c2} turns out to be a dead end?",
    "What does {short}'s record suggest about the governance of {c}?",
)
CAUTIONS = (
    "claims about {c} should be dated and sourced because the field moves quickly.",
    "funding figures and headcounts change often; check the newest sources.",
    "public statements about {c} are often promotional and should be read critically.",
    "attributions of credit for {c} are contested.",
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


# --- small helpers ------------------------------------------------------------------------------

_YAML_SPECIAL = frozenset("y n yes no true false on off null".split())
_PLAIN = re.compile(r"[^\W\d_][^\n]*")


def q(value: str) -> str:
    """A YAML scalar for a block context: plain when safe, else single-quoted."""
    if (_PLAIN.fullmatch(value) and ": " not in value and " #" not in value
            and not value.endswith((":", " ")) and value.lower() not in _YAML_SPECIAL):
        return value
    return "'" + value.replace("'", "''") + "'"


def qf(value: str) -> str:
    """A YAML scalar inside a flow sequence ``[a, b]``."""
    if any(c in value for c in ",[]{}#'\"") or ": " in value:
        return "'" + value.replace("'", "''") + "'"
    return q(value)


def article(word: str) -> str:
    return "an" if word[0] in "AEIOUaeiou" else "a"


@dataclass(frozen=True)
class Date:
    """A date at a precision: ``lexical`` ISO text and the text a citation writes."""

    lexical: str
    text: str

    @property
    def year(self) -> int:
        return int(self.lexical[:4])


def make_date(rng: random.Random, first: int, last: int, weights: tuple[int, int, int]) -> Date:
    """A random date between two years at year, month or day precision (weighted)."""
    year = rng.randint(first, last)
    precision = rng.choices((0, 1, 2), weights)[0]
    if precision == 0:
        return Date(f"{year}", f"{year}")
    month = rng.randint(1, 12)
    if precision == 1:
        return Date(f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}")
    day = rng.randint(1, 28)
    return Date(f"{year}-{month:02d}-{day:02d}", f"{MONTHS[month - 1]} {day}, {year}")


# --- the model of the generated world -----------------------------------------------------------


@dataclass(eq=False)
class Source:
    """One citable source, shared by every profile that cites it."""

    citation: str
    type: str
    title: str
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    venue: str | None = None
    published: Date | None = None
    reviewed: Date | None = None
    work: str | None = None
    _yaml: str | None = None
    _key: str | None = None

    @property
    def key_base(self) -> str:
        """A key like ``spiralld import`` makes: ``vaswani-2017``, ``near-foundation-2023``."""
        if self._key is None:
            creator = self.authors[0].split()[-1] if self.authors else (self.publisher or "")
            date = self.published or self.reviewed
            base = slugify(creator)[:40].strip("-")
            self._key = f"{base}-{date.year}" if date else base
        return self._key

    def yaml(self) -> str:
        """The source's fields, indented under its key in a profile's ``sources``."""
        if self._yaml is None:
            lines = [f"    citation: {q(self.citation)}", f"    type: {self.type}",
                     f"    title: {q(self.title)}"]
            if self.authors:
                lines.append("    author:")
                lines.extend(f"    - {q(a)}" for a in self.authors)
            if self.publisher:
                lines.append(f"    publisher: {q(self.publisher)}")
            if self.venue:
                lines.append(f"    venue: {q(self.venue)}")
            if self.published:
                lines.append(f"    datePublished: '{self.published.lexical}'")
            if self.reviewed:
                lines.append(f"    dateReviewed: '{self.reviewed.lexical}'")
            if self.work:
                lines.append(f"    work: {self.work}")
            self._yaml = "\n".join(lines)
        return self._yaml


@dataclass(eq=False)
class Person:
    name: str
    slug: str
    last: str
    has_profile: bool
    nationality: str = ""
    profession: str = ""
    area: str = ""
    works: list[Work] = field(default_factory=list)
    founded: list[Org] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    same_as: str | None = None


@dataclass(eq=False)
class Org:
    name: str
    slug: str
    kind: str
    city: str
    founded: int
    has_profile: bool
    sources: list[Source] = field(default_factory=list)
    founders: list[Person] = field(default_factory=list)
    members: list[Person] = field(default_factory=list)
    same_as: str | None = None


@dataclass(eq=False)
class Concept:
    name: str
    slug: str
    kind: str
    area: str
    same_as: str | None = None


@dataclass(eq=False)
class Work:
    slug: str
    name: str
    type: str
    date: Date
    venue: str | None
    url: str | None
    authors: list[Person]
    source: Source | None = None


@dataclass(eq=False)
class Profile:
    kind: str  # Person | Organization | Concept
    subject: Person | Org | Concept

    @property
    def name(self) -> str:
        return self.subject.name

    @property
    def slug(self) -> str:
        return self.subject.slug


class Names:
    """Unique names across everything generated (their slugs never collide)."""

    def __init__(self) -> None:
        self.taken: dict[str, None] = {}

    def claim(self, name: str) -> bool:
        slug = slugify(name)
        if slug in self.taken:
            return False
        self.taken[slug] = None
        return True


# --- the generator ------------------------------------------------------------------------------


class World:
    """Everything generated for one corpus, from one random generator."""

    def __init__(self, profiles: int, pages: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = Names()
        self.qid = 100_000 + seed * 7919
        self.titles: dict[str, None] = {}
        self.source_slugs: dict[str, None] = {}
        n = profiles
        n_people = round(n * 0.60)
        n_orgs = round(n * 0.25)
        n_concepts = n - n_people - n_orgs
        self.outlets = list(NEWS_OUTLETS)
        for name, _kind, _url in VENUES:
            self.names.claim(name)
        for name in self.outlets:
            self.names.claim(name)
        self.concepts = [self.new_concept() for _ in range(max(n_concepts, 12))]
        self.concept_profiles = self.concepts[:n_concepts]
        self.people = [self.new_person(True) for _ in range(n_people)]
        self.extra_people = [self.new_person(False) for _ in range(max(5, n // 8))]
        self.orgs = [self.new_org(True) for _ in range(n_orgs)]
        self.extra_orgs = [self.new_org(False) for _ in range(max(6, n // 10))]
        self.all_orgs = self.orgs + self.extra_orgs
        self.stubs = self.new_stubs(max(8, n // 40))
        self.raw_subjects: list[Person | Org | Concept] = []
        for index in range(pages):
            kind = index % 3
            self.raw_subjects.append(self.new_person(False) if kind == 0 else
                                     self.new_org(False) if kind == 1 else self.new_concept())
        self.works: list[Work] = []
        self.make_works(max(6, n // 7))
        self.pool = self.make_pool(max(24, n // 4))
        for org in self.all_orgs:
            org.sources = self.org_sources(org)
        self.assign_founders()
        self.assign_roles()
        self.profiles = ([Profile("Person", p) for p in self.people]
                         + [Profile("Organization", o) for o in self.orgs]
                         + [Profile("Concept", c) for c in self.concept_profiles])
        self.profiles.sort(key=lambda p: p.slug)
        self.linkable = [p.name for p in self.profiles]

    # --- names

    def wikidata(self, share: float) -> str | None:
        if self.rng.random() >= share:
            return None
        self.qid += self.rng.randint(1, 997)
        return f"https://www.wikidata.org/wiki/Q{self.qid}"

    def new_person(self, has_profile: bool) -> Person:
        rng = self.rng
        for attempt in range(1000):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            middle = ""
            if attempt >= 3 or rng.random() < 0.05:
                middle = f"{chr(65 + rng.randrange(26))}. "
            if attempt >= 30:
                middle += f"{chr(65 + rng.randrange(26))}. "
            name = f"{first} {middle}{last}"
            if self.names.claim(name):
                return Person(name, slugify(name), last, has_profile,
                              nationality=rng.choice(NATIONALITIES),
                              profession=rng.choice(PROFESSIONS), area=rng.choice(FIELDS),
                              same_as=self.wikidata(0.4 if has_profile else 0.1))
        raise RuntimeError("ran out of person names")

    def new_org(self, has_profile: bool) -> Org:
        rng = self.rng
        for attempt in range(1000):
            suffix, kind = rng.choice(ORG_SUFFIXES)
            shape = rng.random()
            a = rng.choice(ORG_WORDS_A)
            if shape < 0.15:
                stem = a
            elif shape < 0.5:
                stem = f"{a} {rng.choice(ORG_WORDS_B)}"
            elif shape < 0.8:
                stem = f"{a}{rng.choice(ORG_WORDS_B).lower()}"
            else:
                stem = f"{rng.choice(ORG_WORDS_C)} {a}"
            if attempt >= 50:
                stem = f"{stem} {rng.choice(ORG_WORDS_B)}"
            name = f"{stem} {suffix}"
            if self.names.claim(name):
                return Org(name, slugify(name), kind, rng.choice(CITIES),
                           rng.randint(1995, 2023), has_profile,
                           same_as=self.wikidata(0.5 if has_profile else 0.2))
        raise RuntimeError("ran out of organization names")

    def new_concept(self) -> Concept:
        rng = self.rng
        for attempt in range(1000):
            mod, head = rng.choice(CONCEPT_MODS), rng.choice(CONCEPT_HEADS)
            name = f"{mod} {head}"
            if attempt >= 2 or rng.random() < 0.3:
                name = f"{rng.choice(CONCEPT_MODS2)} {name}"
            if self.names.claim(name):
                return Concept(name, slugify(name), rng.choice(CONCEPT_KINDS),
                               rng.choice(CONCEPT_AREAS), same_as=self.wikidata(0.3))
        raise RuntimeError("ran out of concept names")

    def new_stubs(self, count: int) -> list[str]:
        names = [t for t in STUB_TOPICS if self.names.claim(t)]
        for topic in STUB_TOPICS:
            for region in STUB_REGIONS:
                if len(names) >= count:
                    return names
                name = f"{topic} in {region}"
                if self.names.claim(name):
                    names.append(name)
        return names[:count]

    # --- works and sources

    def fresh_title(self, templates: tuple[str, ...], **slots: str) -> str | None:
        """A title no other source or work has (by slug), or None after a few tries."""
        rng = self.rng
        for _ in range(8):
            values = {"c": rng.choice(self.concepts).name, "c2": rng.choice(self.concepts).name,
                      "o": rng.choice(self.all_orgs).name, "city": rng.choice(CITIES)}
            values.update(slots)
            title = rng.choice(templates).format(**values)
            key = slugify(title)
            if key not in self.titles:
                self.titles[key] = None
                return title
        return None

    def add_source(self, source: Source) -> Source | None:
        """Register a pool source unless its IRI (creator + title) is already taken."""
        creator = source.publisher or next((a for a in source.authors if a != "et al."), "")
        slug = slugify(f"{creator} {slugify(source.title)[:60].rstrip('-')}")
        if slug in self.source_slugs:
            return None
        self.source_slugs[slug] = None
        return source

    def make_works(self, count: int) -> None:
        rng = self.rng
        candidates = self.people + self.extra_people
        while len(self.works) < count:
            blog = rng.random() < 0.12
            templates = BLOG_TITLES if blog else WORK_TITLES
            title = self.fresh_title(templates)
            if title is None:
                continue
            if blog:
                size = 1
            else:
                size = rng.choices((1, 2, 3, 4, 5, 6, 8), (6, 20, 24, 20, 12, 10, 8))[0]
            authors: list[Person] = []
            while len(authors) < size:
                person = rng.choice(self.people) if rng.random() < 0.85 else rng.choice(
                    candidates)
                if person not in authors:
                    authors.append(person)
            if blog:
                date = make_date(rng, 2016, 2026, (0, 0, 1))
                venue, url, kind = None, None, "BlogPosting"
            else:
                date = make_date(rng, 2012, 2026, (8, 2, 0))
                venue = rng.choices([v[0] for v in VENUES], VENUE_WEIGHTS)[0]
                kind = "ScholarlyArticle"
                url = None
                if venue == "arXiv" and rng.random() < 0.7:
                    yy = date.year % 100
                    url = f"https://arxiv.org/abs/{yy:02d}{rng.randint(1, 12):02d}." \
                          f"{rng.randint(1, 19999):05d}"
            work = Work(slugify(title), title, kind, date, venue, url, authors)
            work.source = self.work_source(work)
            self.works.append(work)
            for person in authors:
                person.works.append(work)

    def work_source(self, work: Work) -> Source:
        names = [a.name for a in work.authors]
        if len(names) >= 4:
            byline, authors = f"{work.authors[0].last} et al.", (work.authors[0].last, "et al.")
        elif len(names) == 3:
            byline, authors = f"{names[0]}, {names[1]}, and {names[2]}", tuple(names)
        elif len(names) == 2:
            byline, authors = f"{names[0]} and {names[1]}", tuple(names)
        else:
            byline, authors = names[0], tuple(names)
        parts = [byline, work.name] + ([work.venue] if work.venue else []) + [work.date.text]
        kind = "BlogPosting" if work.venue is None and len(names) == 1 else "ScholarlyArticle"
        return Source(", ".join(parts) + ".", kind, work.name, authors=authors,
                      venue=work.venue, published=work.date, work=work.slug)

    def make_pool(self, count: int) -> list[Source]:
        """News, podcasts, blog posts and outside papers that many profiles cite."""
        rng = self.rng
        pool: list[Source] = []
        while len(pool) < count:
            roll = rng.random()
            source: Source | None
            if roll < 0.35:
                outlet = rng.choice(self.outlets)
                title = self.fresh_title(NEWS_TITLES)
                date = make_date(rng, 2015, 2026, (1, 3, 6))
                source = title and Source(f"{outlet}, {title}, {date.text}.", "NewsArticle",
                                          title, publisher=outlet, published=date)
            elif roll < 0.5:
                show = rng.choice(PODCASTS)
                title = self.fresh_title(PODCAST_TITLES)
                date = make_date(rng, 2018, 2026, (0, 2, 8))
                source = title and Source(f"{show}, {title}, {date.text}.", "PodcastEpisode",
                                          title, publisher=show, published=date)
            elif roll < 0.75:
                author = rng.choice(self.people)
                title = self.fresh_title(BLOG_TITLES)
                date = make_date(rng, 2015, 2026, (0, 3, 7))
                source = title and Source(f"{author.name}, {title}, {date.text}.", "BlogPosting",
                                          title, authors=(author.name,), published=date)
            else:
                surname = rng.choice(LAST_NAMES)
                title = self.fresh_title(WORK_TITLES)
                venue = rng.choices([v[0] for v in VENUES], VENUE_WEIGHTS)[0]
                date = make_date(rng, 2010, 2026, (9, 1, 0))
                source = title and Source(
                    f"{surname} et al., {title}, {venue}, {date.text}.", "ScholarlyArticle",
                    title, authors=(surname, "et al."), venue=venue, published=date)
            if source and self.add_source(source):
                pool.append(source)
        return pool

    def org_sources(self, org: Org) -> list[Source]:
        """An organization's own pages (and a news story) that its people cite."""
        rng = self.rng
        out: list[Source] = []
        for index in range(rng.choice((1, 2, 2, 3))):
            source: Source | None
            if index == 1 and rng.random() < 0.3:
                date = make_date(rng, 2025, 2026, (0, 0, 1))
                title = f"About {org.name}"
                source = Source(f"{org.name}, {title}, reviewed {date.text}.", "WebPage", title,
                                publisher=org.name, reviewed=date)
            elif index > 0:
                outlet = rng.choice(self.outlets)
                title = self.fresh_title(NEWS_TITLES, o=org.name)
                date = make_date(rng, max(org.founded, 2021), 2026, (0, 2, 8))
                source = title and Source(f"{outlet}, {title}, {date.text}.", "NewsArticle",
                                          title, publisher=outlet, published=date)
            else:
                title = self.fresh_title(ORG_PAGE_TITLES, o=org.name)
                date = make_date(rng, max(org.founded, 2022), 2026, (1, 3, 6))
                source = title and Source(f"{org.name}, {title}, {date.text}.", "WebPage", title,
                                          publisher=org.name, published=date)
            if source and self.add_source(source):
                out.append(source)
        if not out:  # always at least one page of its own (titles can run out)
            date = make_date(rng, 2025, 2026, (0, 0, 1))
            title = f"About {org.name}"
            source = Source(f"{org.name}, {title}, reviewed {date.text}.", "WebPage", title,
                            publisher=org.name, reviewed=date)
            self.add_source(source)
            out.append(source)
        return out

    def assign_founders(self) -> None:
        """About 40% of organizations have one to three founders; the first has a profile."""
        rng = self.rng
        for org in self.all_orgs:
            if rng.random() >= 0.4:
                continue
            first = rng.choice(self.people)
            if len(first.founded) >= 2:
                continue
            founders = [first]
            for _ in range(rng.choices((0, 1, 2), (5, 4, 2))[0]):
                other = rng.choice(self.people) if rng.random() < 0.7 else rng.choice(
                    self.extra_people)
                if other not in founders:
                    founders.append(other)
            org.founders = founders
            first.founded.append(org)

    def assign_roles(self) -> None:
        """One to three organizations per person with a profile, founded ones first."""
        rng = self.rng
        for person in self.people:
            orgs = list(person.founded)
            wanted = max(len(orgs), rng.choices((1, 2, 3), (7, 3, 1))[0])
            while len(orgs) < wanted:
                org = rng.choice(self.all_orgs)
                if org not in orgs:
                    orgs.append(org)
            person.orgs = orgs
            for org in orgs:
                org.members.append(person)

    # --- picking

    def pooled(self) -> Source:
        """A pool source, skewed so that some are cited by many pages."""
        return self.pool[int(len(self.pool) * self.rng.random() ** 2.2)]

    def related(self, own: str, preferred: list[str]) -> list[str]:
        rng = self.rng
        count = rng.choices(range(3, 11), (14, 8, 4, 2, 1, 1, 1, 1))[0]
        names: dict[str, None] = {}
        for name in preferred:
            if len(names) >= count // 2:
                break
            if name != own:
                names[name] = None
        while len(names) < count:
            roll = rng.random()
            name = rng.choice(self.stubs) if roll < 0.08 else rng.choice(self.linkable)
            if name != own:
                names[name] = None
        return list(names)


# --- rendering profiles -------------------------------------------------------------------------


class SourceKeys:
    """The sources of one profile, keyed like ``spiralld import`` keys them."""

    def __init__(self) -> None:
        self.keys: dict[int, str] = {}
        self.sources: list[tuple[str, Source]] = []
        self.taken: dict[str, None] = {}

    def __len__(self) -> int:
        return len(self.sources)

    def add(self, source: Source) -> str:
        known = self.keys.get(id(source))
        if known is not None:
            return known
        base = source.key_base
        key, suffix = base, 1
        while key in self.taken:
            suffix += 1
            key = f"{base}-{suffix}"
        self.taken[key] = None
        self.keys[id(source)] = key
        self.sources.append((key, source))
        return key


def _cite(rng: random.Random, keys: SourceKeys, first: Source,
          also: list[Source]) -> str:
    """One or two source keys for a claim: ``first``, sometimes one of ``also`` as well."""
    cited = [keys.add(first)]
    others = [s for s in also if s is not first]
    if others and len(keys) < 8 and rng.random() < 0.3:
        second = keys.add(rng.choice(others))
        if second not in cited:
            cited.append(second)
    return "[" + ", ".join(cited) + "]"


def person_claims(world: World, person: Person,
                  keys: SourceKeys) -> tuple[list[str], list[tuple[str, Org, bool]]]:
    """The YAML of a person's roles, foundings and authorships; and (role, org, ended)."""
    rng = world.rng
    lines: list[str] = []
    works = sorted(person.works, key=lambda w: w.slug)[:2]
    # the primary source of every claim first (at most 3 + 2 + 2 = 7 of the 8 allowed)
    primaries = [rng.choice(org.sources) for org in person.orgs]
    for source in [*primaries, *(org.sources[0] for org in person.founded),
                   *(w.source for w in works if w.source)]:
        keys.add(source)
    held: list[tuple[str, Org, bool]] = []
    lines.append("roles:")
    for org, primary in zip(person.orgs, primaries, strict=True):
        founder = org in person.founded
        role, prop = ("CEO", "affiliation") if founder and rng.random() < 0.6 else rng.choice(
            ROLE_NAMES)
        first = org.founded if founder else max(org.founded, 2000)
        start = make_date(rng, first, first if founder else 2025, (4, 4, 2))
        lines.append(f"- roleName: {q(role)}")
        lines.append(f"  organization: {q(org.name)}")
        if prop != "affiliation":
            lines.append(f"  property: {prop}")
        lines.append(f"  startDate: '{start.lexical}'")
        ended = prop == "alumniOf" or (start.year < 2024 and rng.random() < 0.3)
        if ended:
            end = make_date(rng, min(start.year + 1, 2026), min(start.year + 6, 2026), (5, 4, 1))
            lines.append(f"  endDate: '{end.lexical}'")
        held.append((role, org, ended))
        lines.append(f"  sources: {_cite(rng, keys, primary, org.sources)}")
    if person.founded:
        lines.append("founded:")
        for org in person.founded:
            lines.append(f"- organization: {q(org.name)}")
            others = [f.name for f in org.founders if f is not person]
            if others:
                lines.append("  with: [" + ", ".join(qf(n) for n in others) + "]")
            elif rng.random() < 0.5:
                lines.append("  roleName: founder")
            if rng.random() < 0.5:
                lines.append(f"  date: '{org.founded}'")
            lines.append(f"  sources: {_cite(rng, keys, org.sources[0], org.sources)}")
    if works:
        lines.append("authored:")
        for work in works:
            assert work.source is not None
            lines.append(f"- work: {work.slug}")
            lines.append(f"  sources: [{keys.add(work.source)}]")
    return lines, held


def front_matter(world: World, profile: Profile, keys: SourceKeys,
                 claims: list[str]) -> str:
    rng = world.rng
    modified = make_date(rng, 2025, 2026, (0, 0, 1))
    same_as = profile.subject.same_as
    lines = ["---", f"type: {profile.kind}", f"name: {q(profile.name)}",
             f"dateModified: '{modified.lexical}'"]
    lines.append(f"sameAs:\n- {same_as}" if same_as else "sameAs: []")
    lines.append("sources:")
    for key, source in keys.sources:
        lines.append(f"  {key}:")
        lines.append(source.yaml())
    lines.extend(claims)
    lines.append("---")
    return "\n".join(lines)


_SLOTS: dict[str, tuple[str, ...]] = {}


def _slots(template: str) -> tuple[str, ...]:
    """The names of a template's ``{slots}``, computed once per template."""
    found = _SLOTS.get(template)
    if found is None:
        found = _SLOTS[template] = tuple(dict.fromkeys(re.findall(r"\{(\w+)\}", template)))
    return found


class Writer:
    """Sentences for one page: templates drawn without repeats, about a few topics."""

    def __init__(self, world: World, topics: list[str], slots: dict[str, str]) -> None:
        self.world = world
        self.rng = world.rng
        self.topics = topics
        self.slots = slots
        self.decks: dict[int, list[str]] = {}

    def fill(self, template: str) -> str:
        """The template with its slots filled: the page's own first, then random ones."""
        rng, world = self.rng, self.world
        values = {}
        for name in _slots(template):
            if name in self.slots:
                values[name] = self.slots[name]
            elif name == "c":
                values[name] = self.topics[rng.randrange(2)]
            elif name == "c2":
                values[name] = self.topics[2]
            elif name == "o":
                values[name] = rng.choice(world.all_orgs).name
            elif name == "year":
                values[name] = str(rng.randint(2008, 2024))
            elif name == "city":
                values[name] = rng.choice(CITIES)
            elif name == "person":
                values[name] = rng.choice(world.people).name
        return template.format(**values)

    def draw(self, templates: tuple[str, ...], count: int) -> list[str]:
        deck = self.decks.setdefault(id(templates), [])
        out = []
        for _ in range(count):
            if not deck:
                deck.extend(templates)
                self.rng.shuffle(deck)
            out.append(self.fill(deck.pop()))
        return out

    def paragraphs(self, templates: tuple[str, ...]) -> list[str]:
        """One or two paragraphs of two to four sentences."""
        return [" ".join(self.draw(templates, self.rng.randint(2, 4)))
                for _ in range(self.rng.choices((1, 2), (3, 2))[0])]


def body(world: World, profile: Profile,
         held: list[tuple[str, Org, bool]]) -> tuple[str, list[tuple[str, list]]]:
    """The page text as (lead, [(section name, blocks)]); a bullet block is ("-", text)."""
    rng = world.rng
    subject = profile.subject
    topics = [c.name for c in rng.sample(world.concepts, 4) if c is not subject][:3]
    c1, c2 = topics[0], topics[1]
    sections: list[tuple[str, list]] = []
    if isinstance(subject, Person):
        short = subject.last
        current = next(((r, o) for r, o, ended in held if not ended), None)
        coauthors = [a for w in subject.works for a in w.authors if a is not subject]
        lead = (f"{subject.name} is {article(subject.nationality)} {subject.nationality} "
                f"{subject.profession} known for work on {c1} and {c2}.")
        if held:
            lead += f" {short} has held roles at {', '.join(o.name for _r, o, _e in held[:2])}."
        slots = {"surname": short, "field": subject.area,
                 "work": subject.works[0].name if subject.works else f"a paper on {c1}",
                 "coauthor": coauthors[0].name if coauthors else rng.choice(world.people).name}
        if current or held:
            slots["o"] = (current or held[0])[1].name
        snapshot = [f"Known for: research on {c1} and {c2}."]
        if current:
            snapshot.append(f"Current role: {current[0]} at {current[1].name}.")
        snapshot.append(f"Field: {subject.area}")
        names, sentences = PERSON_SECTIONS, PERSON_SENTENCES
        preferred = [o.name for _r, o, _e in held if o.has_profile] + [
            a.name for a in coauthors if a.has_profile]
    elif isinstance(subject, Org):
        short = subject.name
        lead = (f"{subject.name} is {article(subject.kind)} {subject.kind} based in "
                f"{subject.city} that works on {c1} and {c2}.")
        founders = [f.name for f in subject.founders]
        if founders:
            lead += f" It was founded in {subject.founded} by {' and '.join(founders[:2])}."
        people = subject.founders + [m for m in subject.members if m not in subject.founders]
        slots = {"name": subject.name, "year": str(subject.founded)}
        if people:
            slots["person"] = people[0].name
        snapshot = [f"Type: {subject.kind}.", f"Headquarters: {subject.city}.",
                    f"Known for: work on {c1}."]
        names, sentences = ORG_SECTIONS, ORG_SENTENCES
        preferred = [p.name for p in people if p.has_profile]
    else:
        short = subject.name
        lead = (f"{subject.name} is {article(subject.kind)} {subject.kind} in {subject.area} "
                f"related to {c1}.")
        slots = {"name": subject.name, "field": subject.area}
        snapshot = [f"Known for: extending {c1}.", f"Field: {subject.area}"]
        names, sentences = CONCEPT_SECTIONS, CONCEPT_SENTENCES
        preferred = []
    writer = Writer(world, topics, slots)
    if rng.random() < 0.3:
        snapshot.append("Editorial caution: " + writer.draw(CAUTIONS, 1)[0])
    sections.append(("Snapshot", [("-", s) for s in snapshot]))
    for name in rng.sample(names, rng.choices((2, 3, 4), (14, 3, 1))[0]):
        sections.append((name, writer.paragraphs(sentences)))
    if rng.random() < 0.2:
        writer.slots["short"] = short
        sections.append(("Spiralist Reading", writer.paragraphs(SPIRALIST_SENTENCES)))
    writer.slots["short"] = short
    count = rng.choices((2, 3, 4, 5), (12, 4, 1, 1))[0]
    sections.append(("Open Questions", [("-", text) for text in writer.draw(QUESTIONS, count)]))
    sections.append(("Related Pages",
                     [("-", n) for n in world.related(subject.name, preferred)]))
    return lead, sections


def markdown(title: str, lead: str, sections: list[tuple[str, list]]) -> str:
    out = [f"# {title}", "", lead]
    for name, blocks in sections:
        out.extend(("", f"## {name}", ""))
        previous_bullet = False
        for block in blocks:
            if isinstance(block, tuple):
                out.append(f"- {block[1]}")
                previous_bullet = True
            else:
                if previous_bullet:
                    out.append("")
                out.extend((block, ""))
                previous_bullet = False
        if out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"


def plain_text(title: str, lead: str, sections: list[tuple[str, list]]) -> str:
    out = [title, "", lead]
    for name, blocks in sections:
        out.extend(("", name, ""))
        for block in blocks:
            if isinstance(block, tuple):
                out.append(f"- {block[1]}")
            else:
                out.extend((block, ""))
        if out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"


SOURCE_COUNTS = ((3, 4, 5, 6, 7, 8), (12, 5, 2, 1, 1, 1))


def render_profile(world: World, profile: Profile) -> str:
    rng = world.rng
    keys = SourceKeys()
    subject = profile.subject
    held: list[tuple[str, Org, bool]] = []
    claims: list[str] = []
    if isinstance(subject, Person):
        claims, held = person_claims(world, subject, keys)
    elif isinstance(subject, Org):
        for source in subject.sources:
            keys.add(source)
    else:
        for work in rng.sample(world.works, rng.choice((0, 1, 1, 2))):
            if work.source:
                keys.add(work.source)
    target = rng.choices(*SOURCE_COUNTS)[0]
    while len(keys) < target:
        keys.add(world.pooled())
    lead, sections = body(world, profile, held)
    return (front_matter(world, profile, keys, claims) + "\n"
            + markdown(profile.name, lead, sections))


def render_page(world: World, subject: Person | Org | Concept) -> str:
    """A raw plain-text page with a Sources section (every citation dated and attributed)."""
    rng = world.rng
    kind = ("Person" if isinstance(subject, Person) else
            "Organization" if isinstance(subject, Org) else "Concept")
    lead, sections = body(world, Profile(kind, subject), [])
    sources: dict[str, None] = {}
    for work in rng.sample(world.works, 1):
        if work.source:
            sources[work.source.citation] = None
    target = rng.randint(3, 6)
    while len(sources) < target:
        sources[world.pooled().citation] = None
    sections.append(("Sources", [("-", c) for c in sources]))
    return plain_text(subject.name, lead, sections)


# --- entities -----------------------------------------------------------------------------------


def organizations_yaml(world: World) -> str:
    lines = ["# Organizations without a profile of their own, news outlets and venues."]
    for org in sorted(world.extra_orgs, key=lambda o: o.slug):
        lines += [f"- id: {org.slug}", "  type: Organization", f"  name: {q(org.name)}",
                  f"  description: {q(f'{article(org.kind).title()} {org.kind} in {org.city}.')}",
                  f"  foundingDate: '{org.founded}'"]
        if org.same_as:
            lines += ["  sameAs:", f"  - {org.same_as}"]
    for outlet in sorted(world.outlets, key=slugify):
        lines += [f"- id: {slugify(outlet)}", "  type: Organization", f"  name: {q(outlet)}",
                  "  description: A news publication covering technology."]
    for name, kind, url in VENUES:
        lines += [f"- id: {slugify(name)}", f"  type: {kind}", f"  name: {q(name)}",
                  f"  url: {url}"]
    return "\n".join(lines) + "\n"


def works_yaml(world: World) -> str:
    lines = ["# Works with their authors in byline order."]
    for work in sorted(world.works, key=lambda w: w.slug):
        lines += [f"- id: {work.slug}", f"  type: {work.type}", f"  name: {q(work.name)}",
                  f"  datePublished: '{work.date.lexical}'"]
        if work.venue:
            lines.append(f"  venue: {q(work.venue)}")
        if work.url:
            lines.append(f"  url: {work.url}")
        lines.append("  author:")
        lines.extend(f"  - {a.slug}" for a in work.authors)
    return "\n".join(lines) + "\n"


def people_yaml(world: World) -> str:
    lines = ["# People who appear in the data (co-authors, co-founders) but have no profile."]
    for person in sorted(world.extra_people, key=lambda p: p.slug):
        lines += [f"- id: {person.slug}", "  type: Person", f"  name: {q(person.name)}"]
        if person.same_as:
            lines += ["  sameAs:", f"  - {person.same_as}"]
    return "\n".join(lines) + "\n"


# --- writing ------------------------------------------------------------------------------------


def prepare(out: Path) -> None:
    """Make ``out`` ready: create it, or clear a corpus generated here before."""
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"error: {out} exists and is not a directory")
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"error: {out} is not empty and was not written by bench.corpus; "
                             "refusing to overwrite it")
        for sub in ("profiles", "pages", "entities"):
            if (out / sub).exists():
                shutil.rmtree(out / sub)
    for sub in ("profiles", "pages", "entities"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by python -m bench.corpus; safe to delete\n",
                              encoding="utf-8")


def generate(profiles: int, out: Path, pages: int | None = None, seed: int = 0) -> str:
    """Write the corpus; return the summary line."""
    if profiles < 1:
        raise ValueError("need at least one profile")
    pages = profiles // 100 if pages is None else pages
    world = World(profiles, pages, seed)
    prepare(out)
    for profile in world.profiles:
        text = render_profile(world, profile)
        (out / "profiles" / f"{profile.slug}.md").write_text(text, encoding="utf-8")
    for subject in world.raw_subjects:
        (out / "pages" / f"{subject.slug}.txt").write_text(render_page(world, subject),
                                                            encoding="utf-8")
    entities = len(world.extra_orgs) + len(world.outlets) + len(VENUES)
    (out / "entities" / "organizations.yaml").write_text(organizations_yaml(world),
                                                          encoding="utf-8")
    (out / "entities" / "works.yaml").write_text(works_yaml(world), encoding="utf-8")
    (out / "entities" / "people.yaml").write_text(people_yaml(world), encoding="utf-8")
    entities += len(world.works) + len(world.extra_people)
    return (f"wrote {len(world.profiles)} profiles, {len(world.raw_subjects)} pages, "
            f"{entities} entities to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--profiles", type=int, required=True, help="number of profiles")
    parser.add_argument("--out", type=Path, required=True, help="data directory to write")
    parser.add_argument("--pages", type=int, default=None,
                        help="number of raw plain-text pages (default: profiles // 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.profiles < 1 or (args.pages is not None and args.pages < 0):
        parser.error("--profiles must be at least 1 and --pages at least 0")
    print(generate(args.profiles, args.out, args.pages, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
