"""Configuration: one frozen dataclass read from spiralld.toml or ``[tool.spiralld]``."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pyoxigraph

from .errors import ConfigError

DEFAULT_BASE_IRI = "https://w3id.org/spiralld/"


@dataclass(frozen=True)
class Config:
    """Settings of a spiralld data project; every field has a default."""

    base_iri: str = field(
        default=DEFAULT_BASE_IRI,
        metadata={"help": "IRI under which entities (id/), pages (page/) and sources live."},
    )
    title: str = field(
        default="Spiral encyclopedia of the AI field",
        metadata={"help": "Title of the dataset."},
    )
    version: str = field(
        default="",
        metadata={"help": "Version of the release (default: the build date, YYYY-MM-DD)."},
    )
    sparql_endpoint: str = field(
        default="",
        metadata={"help": "Public SPARQL endpoint of the dataset, announced in void.ttl."},
    )
    cache_dir: str = field(
        default=".spiralld-cache",
        metadata={"help": "Where build keeps validation verdicts, each profile's parse "
                          "and graph, and the record of the releases it wrote (for "
                          "carrying files over), between runs (relative to the data "
                          "directory, and inside it: build --cache-dir puts it elsewhere)."},
    )
    dump_shard_quads: int = field(
        default=0,
        metadata={"help": "Also cut the N-Quads dump into dumps/shards/dataset-NNNNN.nq.gz "
                          "of at most this many quads each, for parallel bulk loaders "
                          "(0: no shards)."},
    )
    license: str = field(
        default="https://creativecommons.org/licenses/by-sa/4.0/",
        metadata={"help": "License IRI of the published data."},
    )

    def __post_init__(self) -> None:
        problem = base_iri_problem(self.base_iri)
        if problem is not None:
            raise ConfigError(f"base_iri {_shown(self.base_iri)}: {problem}")
        for name in PUBLISHED_IRIS:
            problem = published_iri_problem(getattr(self, name))
            if problem is not None:
                raise ConfigError(f"{name} {_shown(getattr(self, name))}: {problem}")
        if self.dump_shard_quads < 0:
            raise ConfigError(f"dump_shard_quads must be 0 or more, got {self.dump_shard_quads}")


def base_iri_problem(iri: str) -> str | None:
    """What makes ``iri`` unusable as the base IRI, or None: it must be an absolute http(s)
    IRI with a host and a path ending in ``/``, no user, query or fragment, and a path that
    the web server configurations written for it (nginx.conf, .htaccess) can carry."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as error:
        return f"not a valid IRI ({error})"
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https"):
        return "must be an http:// or https:// IRI"
    if "@" in parts.netloc:
        return "must not name a user (no '@' before the host)"
    if not parts.hostname:
        return "has no host"
    try:
        parts.port   # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return "has a port that is not a number"
    if "?" in iri or "#" in iri:
        return "must not have a query ('?') or a fragment ('#')"
    if not iri.endswith("/"):
        return "must end in '/'"
    path = unquote(parts.path)
    if "$" in path or any(ord(char) < 0x20 or char in "\\\"" for char in path):
        return "its path must not hold '$', '\\', '\"' or control characters (the nginx " \
               "and Apache configurations cannot carry them)"
    return None


#: Settings published as IRIs in the release (void.ttl, the pages): optional, but when given
#: an absolute http(s) IRI that names no user, since everything in them is public.
PUBLISHED_IRIS = ("sparql_endpoint", "license")


def published_iri_problem(iri: str) -> str | None:
    """What keeps ``iri`` from being published as a link, or None ("" is no link)."""
    if iri == "":
        return None
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an http:// or https:// IRI"
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as error:
        return f"not a valid IRI ({error})"
    if "@" in parts.netloc:
        return ("must not name a user or password: it is published in void.ttl (give "
                "credentials to spiralld publish and query with --user or SPIRALLD_USER)")
    return None


def _shown(iri: str) -> str:
    """``iri`` quoted for a message, any user and password in it hidden."""
    return repr(re.sub(r"^([^:/?#]*://)[^/?#]*@", r"\1***@", iri))


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) when set: the time to stamp outputs with."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"SOURCE_DATE_EPOCH must be an integer, got {value!r}") from None


def settings_help() -> dict[str, tuple[Any, str]]:
    """Each setting's name with its default and help line (for documentation)."""
    return {f.name: (f.default, f.metadata["help"]) for f in fields(Config)}


def load_config(data_dir: Path | None = None, config_file: Path | None = None,
                cache_dir: Path | None = None) -> Config:
    """Read settings from ``config_file``, else ``DATA_DIR/spiralld.toml``, else
    ``./spiralld.toml``, else ``[tool.spiralld]`` in ``./pyproject.toml``; else defaults.

    Settings come with the data, so their ``cache_dir`` must stay inside ``data_dir``
    (symbolic links followed); ``cache_dir`` given here (the command line's) goes anywhere.
    """
    config, source = _load(data_dir, config_file)
    if cache_dir is not None:
        return replace(config, cache_dir=str(cache_dir.resolve()))
    if data_dir is not None:
        _check_cache_dir(config, data_dir, source)
    return config


def _check_cache_dir(config: Config, data_dir: Path, source: tuple[Path, bool] | None) -> None:
    target = (data_dir / config.cache_dir).resolve()
    if target.is_relative_to(data_dir.resolve()):
        return
    where: tuple[Path, int | None] = (data_dir / config.cache_dir, None)   # the default's
    line = _key_line(*source, "cache_dir") if source is not None else None
    if source is not None and line is not None:
        where = (source[0], line)
    raise ConfigError(f"cache_dir {config.cache_dir!r} leads out of the data directory "
                      f"{data_dir} (to {target}); the data's settings keep the cache inside "
                      f"it (give --cache-dir to put it elsewhere)", *where)


def _key_line(path: Path, is_pyproject: bool, name: str) -> int | None:
    """The line of setting ``name`` (or its dashed spelling) in a settings file."""
    table = "tool.spiralld" if is_pyproject else ""
    current = ""
    key = re.compile(rf"\s*[\"']?{name.replace('_', '[_-]')}[\"']?\s*=")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        header = re.match(r"\s*\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip().replace(" ", "")
        elif current == table and key.match(line):
            return number
    return None


def _load(data_dir: Path | None,
          config_file: Path | None) -> tuple[Config, tuple[Path, bool] | None]:
    """The settings, and the file they came from (and whether it is a pyproject.toml)."""
    candidates: list[tuple[Path, bool]] = []
    if config_file is not None:
        candidates.append((config_file, False))
    else:
        if data_dir is not None:
            candidates.append((data_dir / "spiralld.toml", False))
        candidates.append((Path("spiralld.toml"), False))
        candidates.append((Path("pyproject.toml"), True))
    for path, is_pyproject in candidates:
        if not path.is_file():
            if config_file is not None:
                raise ConfigError("configuration file not found", path)
            continue
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"not valid TOML: {error}", path) from None
        table = document.get("tool", {}).get("spiralld") if is_pyproject else document
        if table is None:
            continue
        return _from_table(table, path, is_pyproject), (path, is_pyproject)
    return Config(), None


def _from_table(table: dict[str, Any], path: Path, is_pyproject: bool = False) -> Config:
    defaults = {f.name: f.default for f in fields(Config)}
    known = set(defaults)
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"unknown setting {key!r} (known: {', '.join(sorted(known))})", path)
        expected = type(defaults[name])
        if not isinstance(value, expected) or isinstance(value, bool):
            kind = "an integer" if expected is int else "a string"
            raise ConfigError(f"setting {key!r} must be {kind}", path)
        values[name] = value
    if "base_iri" in values:
        problem = base_iri_problem(values["base_iri"])
        if problem is not None:
            raise ConfigError(f"base_iri {_shown(values['base_iri'])}: {problem}", path,
                              _key_line(path, is_pyproject, "base_iri"))
    for name in PUBLISHED_IRIS:
        if name in values and (problem := published_iri_problem(values[name])) is not None:
            raise ConfigError(f"{name} {_shown(values[name])}: {problem}", path,
                              _key_line(path, is_pyproject, name))
    try:
        return Config(**values)
    except ConfigError as error:
        raise ConfigError(error.message, path) from None

