"""Fixtures shared by the robustness tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_catalogue import ENTITIES, PAGE, PROFILE, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The catalogue's clean project, already built once into ``site/``."""
    project = Project(tmp_path)
    project.write("pages/ada-lovelace.txt", PAGE)
    project.write("profiles/grace-hopper.md", PROFILE)
    project.write("entities/organizations.yaml", ENTITIES)
    first = project.build()
    assert first.code == 0, first.output
    assert "validation: 0 violation(s), 0 warning(s)" in first.output
    return project
