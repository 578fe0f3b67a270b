"""Third-party tools the tests check spiralld's output against (Jena, rapper, roqet).

Each is looked up on PATH, then in ``$PEERS_TOOLS/bin`` (default
``~/.cache/spiralld-peers/bin``, where ``tests/install-peers.sh`` puts its wrappers). One that
is in neither place is installed the documented way, by ``tests/install-peers.sh PART`` (a copy
of the peers script of docs/second-engine.md: Debian's packages, with Jena's wrappers), once per
test session. A test skips, saying why, only when that install fails (no apt-get, no network):
never because a tool was simply not there yet.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

INSTALL = Path(__file__).resolve().parent / "install-peers.sh"
#: Tool -> the part of install-peers.sh that installs it.
PARTS = {"jena-shacl": "jena", "jena-arq": "jena", "jena-riot": "jena",
         "rapper": "apt", "roqet": "apt"}


def tools_dir() -> Path:
    return Path(os.environ.get("PEERS_TOOLS", Path.home() / ".cache" / "spiralld-peers"))


def _find(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    wrapper = tools_dir() / "bin" / name
    return str(wrapper) if os.access(wrapper, os.X_OK) else None


@functools.cache
def _install(part: str) -> str:
    """Run install-peers.sh PART; its output when it failed, else ""."""
    parts = ["apt", part] if part == "jena" else [part]  # Jena's wrappers need the apt part
    done = subprocess.run(["bash", str(INSTALL), *parts], capture_output=True, text=True,
                          timeout=1200, env={**os.environ, "PEERS_TOOLS": str(tools_dir())})
    return "" if done.returncode == 0 else (done.stdout + done.stderr).strip()


def peer(name: str) -> str:
    """The path of a peer tool, installing it first if need be; skips when it cannot be."""
    found = _find(name)
    if found:
        return found
    failure = _install(PARTS[name])
    found = _find(name)
    if found is None:
        pytest.skip(f"{name} is not installed and `bash {INSTALL.name} {PARTS[name]}` could not "
                    f"install it: {failure.splitlines()[-1] if failure else 'no such tool after'}")
    return found
