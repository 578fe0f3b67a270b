"""A build killed at any moment leaves the previous release intact and complete."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def snapshot(tree: Path) -> dict[str, str]:
    return {str(p.relative_to(tree)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(tree.rglob("*")) if p.is_file()}


def spiralld_build(data: Path, out: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1778889600"}
    return subprocess.Popen([sys.executable, "-m", "spiralld.cli", "build", str(data), "--out",
                             str(out), "-q"], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_at_several_points_never_damages_the_release(data_dir: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert spiralld_build(data_dir, out).wait(timeout=120) == 0
    before = snapshot(out)
    assert "page/illia-polosukhin.html" in before and "dumps/SHA256SUMS" in before
    for delay in (0.2, 0.6, 1.0, 1.5, 2.0, 2.5, 3.5):
        process = spiralld_build(data_dir, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert snapshot(out) == before, f"release changed after a kill at {delay} s"
    assert spiralld_build(data_dir, out).wait(timeout=120) == 0
    assert snapshot(out) == before
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == [], "no staging directories remain after a successful build"
