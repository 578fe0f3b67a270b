"""Property tests of the parsers on generated hostile input (see properties.py): a valid
result or spiralld's own error at file:line, never another exception; unique, IRI-safe slugs;
Turtle and JSON-LD that read back as the same graph. ``python -m bench.fuzz`` runs the same
properties with a far larger budget."""

from __future__ import annotations

import pytest

from .properties import PROPERTIES, Property, runner


@pytest.mark.parametrize("prop", PROPERTIES, ids=[p.name for p in PROPERTIES])
def test_property(prop: Property) -> None:
    """page_parser, citation_parser, front_matter_loader, front_matter_values, unique_slugs,
    rdf_round_trip: each holds for its CI budget of generated inputs."""
    runner(prop, prop.examples)()
