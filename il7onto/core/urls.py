"""HTTP(S) URLs of triple stores: checked and split (never with credentials in them), shown with any
user-info redacted, and given extra query parameters."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class UrlParts:
    scheme: str
    host: str
    port: int
    request_target: str


def split_url(url: str, option: str = "endpoint URL") -> UrlParts:
    """The parts of an http(s) URL; a malformed one (bad port, unbalanced IPv6 bracket, user-info)
    is a usage error naming ``option``."""
    try:
        parsed = urllib.parse.urlsplit(url)
        hostname = parsed.hostname
        port = parsed.port
    except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL", non-numeric port
        raise UsageError(f"{option} {redact(url)!r} is malformed: {exc}") from None
    if parsed.scheme not in ("http", "https") or not hostname:
        raise UsageError(f"{option} must be http:// or https://, got {redact(url)!r}")
    if "@" in parsed.netloc:
        raise UsageError(f"{option}: put credentials in --user/--password or IL7ONTO_USER/IL7ONTO_PASSWORD, "
                         "not in the URL")
    if port == 0:
        raise UsageError(f"{option} {redact(url)!r} is malformed: port 0")
    port = port or (443 if parsed.scheme == "https" else 80)
    target = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
    return UrlParts(parsed.scheme, hostname, port, target)


def check_url(url: str, option: str) -> str:
    """``url`` if it is a usable http(s) endpoint URL, else a usage error naming ``option``."""
    split_url(url, option)
    return url


def with_query(url: str, **params: str | None) -> str:
    """``url`` with extra query parameters appended (None values skipped)."""
    extra = urllib.parse.urlencode({k.replace("_", "-"): v for k, v in params.items() if v is not None})
    if not extra:
        return url
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + extra


def redact(url: str) -> str:
    """A URL without any user-info part (never echo credentials), even when it is malformed."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url.split("@", 1)[-1] if "@" in url.split("/", 1)[0] else url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{slash}{path}"
