"""Credentials for a SPARQL endpoint or store, and URLs shown without them.

Credentials are taken the way curl and httpx take them, the first found winning: a user
and password given (``--user`` with ``--password`` or ``SPIRALLD_PASSWORD``), the URL's
own userinfo (``http://user:password@host/query``), else the entry for the URL's host in
``$NETRC`` or ``~/.netrc``. Either way they travel in the ``Authorization`` header, never
in the URL, and a URL is only ever shown through :func:`redact`, which masks its password;
:meth:`Credentials.scrub` masks the secrets in any other text shown (a server's answer).
"""

from __future__ import annotations

import netrc
import os
import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..errors import SpiralldError

MASK = "***"
# user:password@, after a scheme or not (a URL given without one), in any text.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?"
                       r"(?P<user>[^/@:\s'\"<>]*):[^/@\s'\"<>]*@")


def redact(url: str) -> str:
    """``url`` with the password of its userinfo replaced by ``***`` (the user is kept)."""
    return _USERINFO.sub(lambda m: f"{m['scheme'] or ''}{m['user']}:{MASK}@", url)


@dataclass(frozen=True)
class Credentials:
    """A user and password (or a bearer token) for one run, with the URL to send them to."""

    url: str
    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False

    def auth(self) -> httpx.Auth | None:
        if self.user is None:
            return None
        password = self.password or ""
        return (httpx.DigestAuth(self.user, password) if self.digest
                else httpx.BasicAuth(self.user, password))

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def scrub(self, text: str) -> str:
        """``text`` with every URL redacted and the password and token masked."""
        text = redact(text)
        for secret in (self.password, self.token):
            if secret and len(secret) >= 3:   # masking one or two letters would garble text
                text = text.replace(secret, MASK)
        return text


def strip_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without its userinfo, and the user and password it held (percent-decoded)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url, None
    if not parsed.userinfo:
        return url, None
    return str(parsed.copy_with(username=None, password=None)), (parsed.username,
                                                                parsed.password)


def credentials(url: str, error: type[SpiralldError], *, auth: tuple[str, str] | None = None,
                token: str | None = None, digest: bool = False) -> Credentials:
    """The credentials for ``url`` (see the module's docstring), with ``url`` stripped of
    its userinfo. Raises ``error`` for a user and a token both given, or a ~/.netrc that
    does not parse."""
    clean, in_url = strip_userinfo(url)
    user = auth or in_url
    if user is not None and token is not None:
        raise error("give a user and password or a token, not both")
    if user is None and token is None:
        user = _netrc(clean, error)
    if user is None:
        return Credentials(clean, token=token)
    return Credentials(clean, user[0], user[1], token, digest)


def _netrc(url: str, error: type[SpiralldError]) -> tuple[str, str] | None:
    """The login and password for ``url``'s host in ``$NETRC`` or ``~/.netrc``."""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        host = httpx.URL(url).host
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as problem:
        raise error(f"{problem.filename}:{problem.lineno}: {problem.msg}") from None
    except (httpx.InvalidURL, OSError, UnicodeDecodeError):
        return None
    if entry is None or not entry[2]:
        return None
    return entry[0], entry[2]
