"""Run KGX's validator on KGX TSV files with the Biolink model from the ``biolink-model`` PyPI package,
never from the network (kgx and bmt would otherwise download the model, the predicate map and a JSON-LD
context at start).

Usage: python tests/kgx_offline.py NODES.tsv EDGES.tsv REPORT.json

Any attempt to open a network connection (other than a local socket) is refused and recorded; the report
lists the validator's findings by level and the refused connections. Exit 0 when the validator ran.
"""

from __future__ import annotations

import json
import socket
import sys
from importlib.resources import files

REFUSED: list[str] = []
EXTRA_PREFIXES = ("il7",)
_real_getaddrinfo = socket.getaddrinfo


def _no_network(host, *args, **kwargs):
    if host in ("localhost", "127.0.0.1", "::1", None):
        return _real_getaddrinfo(host, *args, **kwargs)
    REFUSED.append(str(host))
    raise OSError(f"network access refused in this check: {host}")


def _no_connect(self, address):
    REFUSED.append(repr(address))
    raise OSError(f"network access refused in this check: {address!r}")


socket.getaddrinfo = _no_network
socket.socket.connect = _no_connect  # type: ignore[method-assign]


def main(nodes: str, edges: str, report: str) -> int:
    from bmt import Toolkit

    model = files("biolink_model")
    # kgx builds toolkits with the defaults (a GitHub URL) when imported: make the packaged model the default
    Toolkit.__init__.__defaults__ = (str(model / "schema" / "biolink_model.yaml"), {"predicate mappings": []})
    toolkit = Toolkit()
    prefix_map = json.loads((model / "prefixmaps" / "biolink-model-prefix-map.json").read_text(encoding="utf-8"))

    import kgx.config
    import kgx.utils.kgx_utils
    from kgx.cli.cli_utils import validate

    from il7onto.core.namespaces import CURIE_MAP

    # the Biolink context plus the prefixes it lacks from the package's CURIE map (il7 for nodes with no
    # exact match elsewhere); every Biolink prefix keeps its Biolink expansion
    kgx.config.jsonld_context_map["biolink"] = {**{p: CURIE_MAP[p] for p in EXTRA_PREFIXES}, **prefix_map}
    kgx.utils.kgx_utils._default_toolkit = toolkit
    errors = validate([nodes, edges], "tsv", None, report + ".kgx.json")
    summary = {"biolink_version": toolkit.get_model_version(), "refused": REFUSED,
               "findings": {level: {kind: sorted(messages) for kind, messages in kinds.items()}
                            for level, kinds in (errors or {}).items()}}
    with open(report, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1, sort_keys=True, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
