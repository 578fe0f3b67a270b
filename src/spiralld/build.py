"""``spiralld build``: load the data project, map it to RDF, write the release."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .corpus import Corpus, load_corpus
from .errors import ValidationFailed
from .export import DEFAULT_FORMATS, exporter
from .mapping import Dataset, map_corpus
from .release import write_release
from .validate import Report, validate_dataset


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary line."""

    corpus: Corpus
    dataset: Dataset
    files: tuple[str, ...]
    triples: int
    report: Report

    def summary(self) -> list[str]:
        corpus = self.corpus
        raw = sum(1 for p in corpus.profiles if p.raw)
        lines = [
            f"profiles: {len(corpus.profiles)} "
            f"({len(corpus.profiles) - raw} curated, {raw} raw pages)",
            f"entities: {len(corpus.entities)}",
            f"stubs: {len(corpus.stubs)}"
            + (f" ({', '.join(sorted(corpus.stubs))})" if corpus.stubs else ""),
            f"triples: {self.triples}",
            f"validation: {self.report.summary()}",
        ]
        return lines


def build_dataset(data_dir: Path, config: Config) -> tuple[Corpus, Dataset]:
    """Load and map the data project, without writing anything."""
    corpus = load_corpus(data_dir, config)
    return corpus, map_corpus(corpus)


def validate_data(data_dir: Path, config: Config) -> Report:
    """Load, map and validate the data project (what ``spiralld validate`` runs)."""
    _corpus, dataset = build_dataset(data_dir, config)
    return validate_dataset(dataset, cache_file=cache_file(data_dir, config))


def cache_file(data_dir: Path, config: Config) -> Path:
    """The validation cache of a data project."""
    return data_dir / config.cache_dir / "validation.json"


def build(data_dir: Path, out_dir: Path, config: Config,
          formats: tuple[str, ...] = DEFAULT_FORMATS) -> BuildResult:
    """Validate, then build the release in ``out_dir``.

    Raises ValidationFailed (carrying the report) when the data has violations; on that or
    any other error ``out_dir`` is left as it was.
    """
    writers = [exporter(name) for name in formats]
    corpus, dataset = build_dataset(data_dir, config)
    report = validate_dataset(dataset, cache_file=cache_file(data_dir, config))
    if not report.conforms:
        raise ValidationFailed(
            f"{data_dir}: the data does not conform to the shapes: {report.summary()}; "
            "nothing was written", report)
    files = {writer.file_name: writer.write(dataset) for writer in writers}
    write_release(out_dir, files)
    return BuildResult(corpus, dataset, tuple(sorted(files)), len(dataset.triples()), report)
