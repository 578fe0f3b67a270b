"""The live preview's validation: pySHACL in a process kept between builds, and the shared
graph's untouched buckets taken by their previous keys."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from spiralld.build import build, build_dataset
from spiralld.config import load_config
from spiralld.errors import ValidationFailed
from spiralld.rebuild.live import Session
from spiralld.validate import WarmValidator, load_shapes
from spiralld.validate.engine import split_shapes
from spiralld.validate.units import UnitKeys, VerdictCache, make_units, start_units

from .test_validate import PROFILE, data_with

BAD = PROFILE.replace("organization: Acme", "organization: Ada Lovelace")


def _units(data: Path):
    _corpus, dataset = build_dataset(data, load_config(data))
    return dataset, list(make_units(dataset, "salt"))


def test_the_warm_process_finds_what_this_process_finds(tmp_path: Path) -> None:
    _dataset, units = _units(data_with(tmp_path, BAD))
    core, _constraints = split_shapes(load_shapes())
    here = start_units(units, core, VerdictCache(None))()
    warm = WarmValidator()
    try:
        there = start_units(units, core, VerdictCache(None), warm=warm)()
        assert [r.message for r in there] == [r.message for r in here]
        assert any("claim 'CEO at Ada Lovelace' must link an organization" in r.message
                   for r in there)
        # Its process gone, the next batch is validated here, with the same results.
        os.kill(warm._process.pid, signal.SIGKILL)
        warm._process.join()
        again = start_units(units, core, VerdictCache(None), warm=warm)()
        assert [r.message for r in again] == [r.message for r in here]
    finally:
        warm.close()
    assert warm._process is None


def test_an_untouched_bucket_of_the_shared_graph_is_not_read_again(tmp_path: Path) -> None:
    dataset, units = _units(data_with(tmp_path))
    shared = [unit for unit in units if "#" in unit.name]
    assert shared and all(unit.own for unit in shared)
    known = UnitKeys("salt", {unit.name: (unit.key, unit.documents) for unit in shared})
    again = {unit.name: unit for unit in make_units(dataset, "salt", known)}
    for unit in shared:
        assert again[unit.name].key == unit.key
        assert again[unit.name].own == [] and again[unit.name].context == []


def test_a_session_build_of_bad_data_moves_no_page_in(tmp_path: Path) -> None:
    data = data_with(tmp_path)
    out = tmp_path / "site"
    session = Session()
    try:
        build(data, out, load_config(data), session=session)
        page = out / "page" / "grace-example.html"
        before = page.read_bytes()
        (data / "profiles" / "grace-example.md").write_text(
            BAD.replace("Grace Example is", "Grace Example (edited) is"))
        with pytest.raises(ValidationFailed, match=r"1 violation\(s\)"):
            build(data, out, load_config(data), session=session)
        assert page.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    finally:
        session.close()
