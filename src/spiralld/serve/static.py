"""The release on disk as ``spiralld serve`` sends it: files found safely inside the
release (no traversal, no dot-files, no link leading out), with their media type, a weak
ETag, Last-Modified and Cache-Control, conditional GETs answered 304."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from .webservers import MEDIA_TYPES

#: Cache lifetime of files and redirects; clients revalidate with the ETag after it.
CACHE_CONTROL = "public, max-age=300"

#: Files up to this size are read whole and sent at once; larger ones are streamed (and
#: support Range requests).
SMALL_FILE_BYTES = 256 * 1024

# --- the release on disk ---------------------------------------------------------------

class Release:
    """Files of a release, looked up by URL path without ever leaving the directory."""

    def __init__(self, root: Path) -> None:
        self.path = root.absolute()

    def file(self, path: str) -> Path | None:
        """The regular file at a (decoded) URL path, or None.

        None for any path with an empty, ``.`` or ``..`` segment, a dot-file segment,
        a backslash or NUL, and for a path that resolves (through symlinks) outside the
        release or onto a dot-file.
        """
        parts = path.split("/")
        if any(not part or part.startswith(".") or "\\" in part or "\x00" in part
               for part in parts):
            return None
        try:
            # Resolved on every request: a release behind a symlink can be switched.
            root = self.path.resolve(strict=True)
            resolved = root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(root):
            return None
        if any(part.startswith(".") for part in resolved.relative_to(root).parts):
            return None
        return resolved if resolved.is_file() else None


def _media_type(path: Path) -> str:
    if not path.suffix:
        return "text/plain; charset=utf-8"  # dumps/SHA256SUMS
    return MEDIA_TYPES.get(path.suffix, "application/octet-stream")


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(mtime) <= since
    return False


def file_response(request: Request, path: Path, headers: Mapping[str, str] | None = None
                   ) -> Response:
    stat = path.stat()
    etag = f'W/"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    common = {"ETag": etag, "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
              "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if _not_modified(request, etag, stat.st_mtime):
        return Response(status_code=304, headers=common)
    if stat.st_size <= SMALL_FILE_BYTES:
        # Read at once: cheaper than FileResponse's worker-thread round trips per chunk.
        return Response(path.read_bytes(), media_type=_media_type(path), headers=common)
    return FileResponse(path, media_type=_media_type(path), headers=common, stat_result=stat)


def root_path(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")
