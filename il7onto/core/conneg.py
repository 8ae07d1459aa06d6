"""HTTP content negotiation (RFC 9110 section 12.5.1) for the endpoint and the linked-data paths.

Hand-written on purpose (about 40 lines): the standard library has no Accept parser, and the
libraries that do (werkzeug, starlette) would bring a web framework into a package whose server
is ``http.server``. Rules followed: media ranges with q-values (``q=0`` means "not acceptable"),
the most specific range decides a type's quality (``text/turtle`` over ``text/*`` over ``*/*``),
ties go to the server's order of preference, and an empty or missing header accepts anything.
"""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; parameters other than q are ignored."""
    ranges = []
    for part in (header or "").split(","):
        fields = [field.strip() for field in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value an Accept header gives ``media`` (its most specific matching range)."""
    if not ranges:
        return 1.0
    kind = media.split("/")[0] + "/*"
    best, specificity = 0.0, -1
    for pattern, q in ranges:
        rank = 2 if pattern == media else 1 if pattern == kind else 0 if pattern == "*/*" else -1
        if rank > specificity:
            best, specificity = q, rank
    return best if specificity >= 0 else 0.0


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (ties: the first offer), or None if none is acceptable (406)."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for media in offers:
        q = quality(media, ranges)
        if q > best_q:
            best, best_q = media, q
    return best


def prefers_html(header: str | None) -> bool:
    """True when a browser asks: text/html is named explicitly and ranks at least as high as JSON results."""
    ranges = parse_accept(header)
    named = any(pattern in ("text/html", "application/xhtml+xml") for pattern, _ in ranges)
    return named and choose(header, ["text/html", "application/sparql-results+json"]) == "text/html"
