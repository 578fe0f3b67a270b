"""The errors spiralld raises: one hierarchy, messages of the form ``path:line: what is wrong``."""

from __future__ import annotations

from pathlib import Path


class SpiralldError(Exception):
    """Base class of every error spiralld reports to a user."""


class SourceError(SpiralldError):
    """An error located in an input file, reported as ``path:line: message``."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class PageError(SourceError):
    """A plain-text page cannot be read or parsed."""


class ProfileError(SourceError):
    """A profile or shared-entity file is malformed or inconsistent."""


class ConfigError(SourceError):
    """The configuration file is malformed."""


class ValidationFailed(SpiralldError):
    """The data does not conform to the shapes; carries the report."""

    def __init__(self, message: str, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class QueryError(SpiralldError):
    """A query or its parameters are invalid."""


class PublishError(SpiralldError):
    """Writing or uploading a release failed."""
