"""Validation findings as JSON Lines, written as they are found (``il7onto validate --format jsonl``).

One JSON object per finding (the keys of a result in the JSON report; ``"bundled": true`` on a
finding the bundled ontology has on its own, written only when asked for), then one summary line
with the JSON report's verdict and counts (``"summary": true``). At an endpoint each check's
findings are written as soon as its pages have arrived, so memory does not grow with the number of
findings and a reader sees them while the store works; a missing summary line means the run did
not finish (its error is on standard error, with the usual exit code).
"""

from __future__ import annotations

import json
from typing import Callable, Iterable

from ..core.errors import NONCONFORMING, OK
from .report import SEVERITIES, Result, _plain, finding_key, verdict


def write_lines(batches: Iterable[Iterable[Result]], write: Callable[[str], None], *, strict: bool = False,
                bundled: Iterable[Result] = (), include_bundled: bool = False) -> int:
    """Write each batch of findings as JSON Lines (one ``write`` per batch), then the summary line;
    return the exit code. Findings equal to one of ``bundled`` are set apart as in the reports."""
    own = {finding_key(r) for r in bundled}
    counts = dict.fromkeys(SEVERITIES, 0)
    set_apart = 0
    for batch in batches:
        lines = []
        for result in batch:
            if finding_key(result) in own:
                set_apart += 1
                if include_bundled:
                    lines.append(json.dumps({**_plain(result), "bundled": True}, ensure_ascii=False))
                continue
            counts[result.severity] += 1
            lines.append(json.dumps(_plain(result), ensure_ascii=False))
        if lines:
            write("\n".join(lines) + "\n")
    summary = {"summary": True, **verdict(counts, strict), "bundled_findings": set_apart}
    write(json.dumps(summary) + "\n")
    return OK if summary["conforms"] else NONCONFORMING
