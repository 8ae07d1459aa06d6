"""Users' SPARQL that could fetch, or nest deeply: refused on every engine and through `serve` (issue 12).

SERVICE, FROM, FROM NAMED and LOAD are hidden behind every escape, comment, case and whitespace
form the grammar allows; a loopback canary counts requests and must count none. Commands run as
real processes (`il7onto query --file`, `il7onto serve`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from canary import canary
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from il7onto.sparql.engine import RdflibBackend
from il7onto.core.errors import UnsafeInputError
from il7onto.sparql.sparql_guard import MAX_NESTING, expand_leniently, nesting_depth, query_depth
from servers import ROOT, run_cli

ENGINES = ("oxigraph", "rdflib")
BASE = "http://127.0.0.1:1"  # replaced by the canary's address when a query is run
MARK = "\x00"  # where the SERVICE keyword starts (removed before a query is run)


# --- the class of hostile queries ---------------------------------------------------------------

def _escape(char: str, form: int) -> str:
    """``char`` itself, or one of its codepoint escapes (\\u / \\U, upper- or lower-case hex)."""
    code = ord(char)
    return [char, f"\\u{code:04X}", f"\\u{code:04x}", f"\\U{code:08X}", f"\\U{code:08x}"][form]


@st.composite
def keyword(draw, word: str) -> str:
    """``word`` in any letter case, each letter possibly written as a codepoint escape."""
    letters = []
    for char in word:
        if char == " ":
            letters.append(draw(gap()))
            continue
        char = draw(st.sampled_from([char.upper(), char.lower()]))
        letters.append(_escape(char, draw(st.integers(0, 4))))
    return "".join(letters)


def gap(required: bool = True):
    """Whitespace and comments between tokens (the grammar's WS and comments, any mix)."""
    piece = st.sampled_from([" ", "\t", "\n", "\r\n", "\r", "# SERVICE <not:this> \n", "#}{\"'<\n",
                             "# ends at CR\r", "\\u0020", "\\u000A", "\\U00000009", "#\\u000A", "#\\u000D"])
    return st.lists(piece, min_size=1 if required else 0, max_size=3).map("".join)


@st.composite
def remote_iri(draw, path: str) -> tuple[str, str]:
    """(prologue, reference) naming BASE/path: a full IRI, a prefixed name, escapes in either."""
    form = draw(st.sampled_from(["iri", "escaped-iri", "pname", "pname-escape", "pname-percent"]))
    if form == "iri":
        return "", f"<{BASE}/{path}>"
    if form == "escaped-iri":  # a codepoint escape inside the IRI
        return "", f"<{BASE}/{_escape(path[0], draw(st.integers(1, 4)))}{path[1:]}>"
    prefix = draw(st.sampled_from(["ex", "s\\u0065rvice", "a.b", ""]))
    declared = f"{draw(keyword('PREFIX'))}{draw(gap())}{prefix}:{draw(gap(False))}<{BASE}/>{draw(gap())}"
    local = {"pname": path, "pname-escape": f"{path}\\#x\\.y\\~", "pname-percent": f"{path}%23x"}[form]
    return declared, f"{prefix}:{local}"


@st.composite
def decoy(draw) -> str:
    """Harmless patterns before the hidden keyword that a token scan could misread."""
    return draw(st.sampled_from([
        "",
        "?s <http://example.org/a#b> ?o .",
        '?s ?p "a # not a comment \\" still a string" .',
        "?s ?p '''multi\nline # { '''.",
        "?s ?p ?o FILTER(?o != \"\\\\\") .",
        "?s ?p ?o FILTER(?o != <x:a#b>) .",
        "BIND(\"#\" AS ?hash) .",
    ]))


@st.composite
def hostile_query(draw) -> tuple[str, str]:
    """(hidden keyword, query text) that fetches from BASE if an engine lets it."""
    kind = draw(st.sampled_from(["SERVICE", "FROM", "FROM NAMED", "LOAD"]))
    prologue, target = draw(remote_iri(kind.replace(" ", "-").lower()))
    select = f"{draw(keyword('SELECT'))}{draw(gap())}*{draw(gap(False))}"
    where = draw(keyword("WHERE"))
    if kind == "LOAD":
        return kind, f"{prologue}{draw(keyword('LOAD'))}{draw(gap())}{target}"
    if kind == "SERVICE":
        silent = draw(st.sampled_from(["", f"{draw(keyword('SILENT'))}{draw(gap())}"]))
        service = f"{draw(keyword('SERVICE'))}{draw(gap())}{silent}{target}{draw(gap(False))}{{ ?a ?b ?c }}"
        wrapper = draw(st.sampled_from(["{}", "{{ {} }}", "OPTIONAL {{ {} }}", "{{ ?s ?p ?o }} UNION {{ {} }}",
                                        "FILTER EXISTS {{ {} }}", "{{ SELECT * WHERE {{ {} }} }}"]))
        body = f"{{ {draw(decoy())}{draw(gap(False))}{wrapper.format(service)} }}"
        return kind, f"{prologue}{select}{where}{draw(gap(False))}{body}".replace(service, MARK + service)
    dataset = f"{draw(keyword(kind))}{draw(gap())}{target}{draw(gap())}"
    body = "{ GRAPH ?g { ?s ?p ?o } }" if kind == "FROM NAMED" else f"{{ {draw(decoy())} ?s ?p ?o }}"
    return kind, f"{prologue}{select}{dataset}{where}{draw(gap(False))}{body}"


def _aimed(query: str, base: str) -> str:
    return query.replace(MARK, "").replace(BASE, base)


def _expected(kind: str, query: str) -> dict[int, str]:
    """The acceptable refusals: exit code -> message.

    Always exit 4, except where rdflib's parser has a bug: its ServiceGraphPattern action re-scans
    the whole text for a SERVICE pattern and skips from each ``#`` to the end of the line, so a
    SERVICE preceded on its line by ``#`` outside a comment (an IRI ``<a#b>``, a string, a
    prefixed-name escape ``\\#``) usually fails to parse: then exit 3 (syntax error) is accepted
    too, still without a fetch. (il7onto writes every CR as LF before parsing.)
    """
    refused = {4: f"query uses {kind}:"}
    if kind == "SERVICE":
        before = expand_leniently(query.split(MARK)[0] if MARK in query else query[:query.upper().rfind("SERVICE")])
        if "#" in before.replace("\r", "\n").split("\n")[-1]:
            refused[3] = "SPARQL syntax error"
    return refused


KNOWN = [  # the bypasses found by the adversarial run, pinned
    ("SERVICE", f"PREFIX ex: <{BASE}/>\nSELECT * WHERE {{ ?s ex:a\\#b ?o . SERVICE ex:x {{ ?a ?b ?c }} }}"),
    ("SERVICE", f"SELECT * WHERE {{ \\u0053ERVICE <{BASE}/x> {{ ?a ?b ?c }} }}"),
    ("SERVICE", f"SELECT * WHERE {{ \\U00000053ervice <{BASE}/x> {{ ?a ?b ?c }} }}"),
    ("FROM", f"SELECT * \\u0046ROM <{BASE}/g> WHERE {{ ?s ?p ?o }}"),
    ("LOAD", f"\\u004cOAD <{BASE}/data.ttl>"),
    # a CR ends a comment for pyoxigraph but not for rdflib's parser: this passed the vetting parse
    ("SERVICE", f"SELECT * WHERE {{ ?s ?p ?o # x\rSERVICE <{BASE}/x> {{ ?a ?b ?c }} \n }}"),
    ("SERVICE", f"SELECT * WHERE {{ ?s ?p ?o # x\\u000DSERVICE <{BASE}/x> {{ ?a ?b ?c }} \n }}"),
]


# --- the CLI, as real processes, on every engine ------------------------------------------------

def _query_file(tmp_path, text: str, engine: str, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return run_cli("query", "--file", str(path), "--engine", engine, "--format", "json", *extra)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind, query", KNOWN, ids=[f"{k}-{i}" for i, (k, _) in enumerate(KNOWN)])
def test_known_bypasses_are_refused_with_exit_4(tmp_path, engine, kind, query):
    refused = _expected(kind, query)
    with canary() as (base, hits):
        proc = _query_file(tmp_path, _aimed(query, base), engine)
        assert hits == []
    assert proc.returncode in refused, proc.stderr
    err = proc.stderr.decode()
    assert refused[proc.returncode] in err and "q.rq" in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hostile_query())
def test_hidden_fetch_is_refused_by_the_cli(tmp_path, engine, case):
    kind, query = case
    with canary() as (base, hits):
        proc = _query_file(tmp_path, _aimed(query, base), engine)
        assert hits == [], query
    refused = _expected(kind, query)
    assert proc.returncode in refused, (query, proc.stderr)
    assert refused[proc.returncode].encode() in proc.stderr


@settings(max_examples=100, deadline=None)
@given(case=hostile_query())
def test_hidden_fetch_is_refused_by_the_python_api_on_every_engine(case):
    from il7onto.core.errors import InputError
    from il7onto.sparql.queries import run_text

    kind, query = case
    refused = _expected(kind, query)
    with canary() as (base, hits):
        for engine in ENGINES:
            with pytest.raises((InputError, UnsafeInputError)) as raised:
                run_text(_aimed(query, base), engine=engine)
            assert raised.value.exit_code in refused and refused[raised.value.exit_code] in str(raised.value)
        assert hits == []
    if kind != "LOAD":  # control: the query is valid SPARQL for pyoxigraph, which would run it if allowed
        with canary() as (base, hits):
            try:
                run_text(_aimed(query, base), engine="oxigraph", allow_remote=True)
            except InputError as exc:
                pytest.fail(f"pyoxigraph cannot parse the generated query: {exc}\n{query!r}")
            except RuntimeError:  # the canary answers JSON-LD, not SPARQL results
                assert hits


# --- serve, as a real process ---------------------------------------------------------------------

@contextmanager
def serve(*options: str):
    process = subprocess.Popen([sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main())",
                                "serve", "--port", "0", *options], stderr=subprocess.PIPE, cwd=ROOT)
    try:
        line = process.stderr.readline().decode()
        match = re.search(r"http://127\.0\.0\.1:\d+/sparql", line)
        assert match, line
        yield process, match.group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def endpoint():
    with serve() as (process, url):
        yield process, url


def post(url: str, query: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    return _open(request)


def _open(request) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hostile_query())
@example(case=KNOWN[0])
@example(case=KNOWN[1])
@example(case=KNOWN[5])
@example(case=KNOWN[6])
def test_hidden_fetch_is_refused_by_serve(endpoint, case):
    kind, query = case
    process, url = endpoint
    with canary() as (base, hits):
        status, _, body = post(url, _aimed(query, base))
        assert hits == [], query
    refused = {{4: 403, 3: 400}[code]: message for code, message in _expected(kind, query).items()}
    assert status in refused and process.poll() is None, (query, body)
    assert refused[status].encode() in body


# --- defence in depth: the rdflib engine cannot fetch even when handed raw text ------------------

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <{base}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{base}/x> { ?s ?p ?o } } LIMIT 1",
    "SELECT * FROM <{base}/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{base}/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_rdflib_engine_refuses_to_fetch_without_the_parse_check(query):
    import rdflib

    engine = RdflibBackend(graph=rdflib.Graph())
    with canary() as (base, hits):
        with pytest.raises(UnsafeInputError, match="rdflib engine refused"):
            engine.select(query.replace("{base}", base))
        assert hits == []


def test_rdflib_engine_guard_leaves_other_rdflib_users_alone():
    """The SERVICE switch is a context variable: rdflib queries outside il7onto behave as rdflib's own."""
    import rdflib

    RdflibBackend(graph=rdflib.Graph())  # registers the custom evaluation
    with canary() as (base, hits):
        with pytest.raises(Exception) as raised:  # rdflib fetched the canary, which answers no SPARQL results
            rdflib.Graph().query(f"SELECT * WHERE {{ SERVICE <{base}/x> {{ ?s ?p ?o }} }}").bindings
        assert len(hits) == 1 and not isinstance(raised.value, UnsafeInputError)


# --- deep nesting ------------------------------------------------------------------------------------

def _nested(kind: str, depth: int) -> str:
    """A query whose brackets of ``kind`` nest ``depth`` deep (counting every bracket)."""
    if kind == "group":
        return "SELECT * WHERE " + "{ " * depth + "?s a ?o" + " }" * depth + " LIMIT 1"
    if kind == "paren":
        return "SELECT * WHERE { BIND(" + "(" * (depth - 2) + "1" + ")" * (depth - 2) + " AS ?x) }"
    if kind == "bnode":
        return "SELECT * WHERE { ?s ?p " + "[ <x:p> " * (depth - 1) + "1" + " ]" * (depth - 1) + " }"
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["group", "paren", "bnode"])
@pytest.mark.parametrize("engine", ENGINES)
def test_nesting_at_the_documented_limit_runs_and_one_more_is_exit_3(tmp_path, kind, engine):
    at_limit, beyond = _nested(kind, MAX_NESTING), _nested(kind, MAX_NESTING + 1)
    assert (nesting_depth(at_limit), nesting_depth(beyond)) == (MAX_NESTING, MAX_NESTING + 1)
    ok = _query_file(tmp_path, at_limit, engine)
    assert ok.returncode == 0, ok.stderr
    refused = _query_file(tmp_path, beyond, engine)
    assert refused.returncode == 3, refused.stderr
    assert refused.stderr.decode() == (f"il7onto: error: {tmp_path / 'q.rq'}: query nested {MAX_NESTING + 1} levels "
                                       f"deep; il7onto accepts at most {MAX_NESTING} (deeper queries can crash "
                                       "SPARQL parsers)\n")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("extra", [(), ("--allow-remote",)])
def test_3000_deep_query_is_exit_3_not_a_crash(tmp_path, engine, extra):
    proc = _query_file(tmp_path, _nested("group", 3000), engine, *extra)
    assert proc.returncode == 3, proc.stderr
    assert b"query nested 3000 levels deep" in proc.stderr and proc.stderr.count(b"\n") == 1


@pytest.mark.parametrize("text, depth", [
    ('SELECT * WHERE { ?s ?p "' + "{" * 100 + '" }', 1),  # brackets in strings, IRIs, comments do not count
    ("SELECT * WHERE { ?s ?p '''" + "(\n" * 100 + "''' }", 1),
    ("SELECT * WHERE { ?s ?p <x:" + "(" * 100 + "> }", 1),
    ("SELECT * WHERE { ?s ?p ?o # " + "{" * 100 + "\n}", 1),
    ("SELECT * WHERE { ?s ?p ?o } " + "}" * 50 + "{{{", 3),  # extra closing brackets cannot lower the count
    ("SELECT * WHERE " + "\\u007B " * 100 + "?s ?p ?o" + " \\u007D" * 100, 100),  # escapes cannot hide brackets
    ('SELECT * WHERE { ?s ?p \\u0022' + " {" * 100 + " }", 101),  # nor open a string that hides them
])
def test_nesting_depth_counts_what_parsers_see(text, depth):
    assert query_depth(text) == depth


def test_serve_survives_a_3000_deep_query(endpoint):
    process, url = endpoint
    status, _, body = post(url, _nested("group", 3000))
    assert status == 400 and b"query nested 3000 levels deep" in body
    assert process.poll() is None
    status, _, body = post(url, COUNT, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


# --- CORS ------------------------------------------------------------------------------------------

def test_serve_sends_no_cors_headers_and_refuses_other_origins_by_default(endpoint):
    _, url = endpoint
    status, headers, _ = post(url, COUNT)
    assert status == 200 and not [h for h in headers if h.lower().startswith("access-control")]
    status, headers, _ = _open(urllib.request.Request(url, method="OPTIONS", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}))
    assert status == 204 and not [h for h in headers if h.lower().startswith("access-control")]
    status, _, body = post(url, COUNT, headers={"Origin": "http://evil.example"})  # a form POST from a web page
    assert status == 403 and b"--cors" in body
    same = "http://" + urllib.parse.urlsplit(url).netloc
    assert post(url, COUNT, headers={"Origin": same})[0] == 200


def test_serve_with_cors_answers_preflight_and_allows_any_origin():
    with serve("--cors") as (_, url):
        status, headers, body = _open(urllib.request.Request(url, method="OPTIONS", headers={
            "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"}))
        assert (status, body) == (204, b"")
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in headers["Access-Control-Allow-Methods"].split(", ")
        assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
        status, headers, _ = post(url, COUNT, headers={"Origin": "http://example.org"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


# --- the oracle works: with --allow-remote the same queries do reach the canary ------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_canary_counts_a_fetch_when_the_user_allows_it(tmp_path, engine):
    with canary() as (base, hits):
        proc = _query_file(tmp_path, f"SELECT * WHERE {{ \\u0053ERVICE <{base}/x> {{ ?a ?b ?c }} }}", engine,
                           "--allow-remote")
        assert len(hits) >= 1, proc.stderr
    assert b"Traceback" not in proc.stderr


# --- codepoint escapes ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { ?s ?p \\u005Cu0022 }", "produces another escape (\\u0022)"),
    ("SELECT * WHERE { ?s ?p ?o }\n# \\UFFFFFFFF", "line 2: \\UFFFFFFFF is not a Unicode code point"),
    ("SELECT * WHERE { ?s ?p \\uD800 }", "\\uD800 is not a Unicode code point"),
])
def test_bad_codepoint_escapes_are_exit_3(tmp_path, text, message):
    proc = _query_file(tmp_path, text, "oxigraph")
    assert proc.returncode == 3 and message in proc.stderr.decode(), proc.stderr


def test_escaped_keywords_and_iris_still_run(tmp_path):
    text = ("\\u0053ELECT (COUNT(*) AS ?n) \\u0057HERE { ?s a <http://www.w3.org/2002/07/owl#\\u0043lass> }\r\n"
            "# a comment\r")
    proc = _query_file(tmp_path, text, "oxigraph")
    plain = _query_file(tmp_path, COUNT, "rdflib")
    assert proc.returncode == plain.returncode == 0 and proc.stdout == plain.stdout


# --- large stacks: constructs chained beyond the default stack do not crash -----------------------

def _binds(count: int) -> str:
    """``count`` BINDs in one group: pyoxigraph segfaults on 3,000 of them with an 8 MiB stack."""
    return "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(count)) + " }"


def test_3000_chained_binds_run_from_the_cli(tmp_path):
    proc = _query_file(tmp_path, _binds(3000), "oxigraph")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]


def test_serve_answers_3000_chained_binds_and_goes_on():
    with serve("--timeout", "300") as (process, url):
        status, _, body = post(url, _binds(3000), headers={"Accept": "text/csv"})
        assert (status, body, process.poll()) == (200, b"n\r\n1\r\n", None)
        assert post(url, COUNT)[0] == 200


def test_bigstack_call_returns_and_raises_like_the_function():
    from il7onto.core.bigstack import call

    assert call(divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        call(divmod, 1, 0)


# --- operator chains ------------------------------------------------------------------------------

def test_operator_count_limit(tmp_path):
    from il7onto.core.errors import InputError
    from il7onto.sparql.sparql_guard import MAX_OPERATORS, check_nesting, query_operators

    def chain(count: int) -> str:  # count operators: the *, count - 2 pluses, the !=
        return "SELECT * WHERE { BIND(" + "+".join(["1"] * (count - 1)) + ' AS ?x) FILTER("a+b" != <x:a/b>) }'

    assert query_operators(chain(12)) == 12  # '+' in strings and '/' in IRIs do not count
    check_nesting(chain(MAX_OPERATORS))
    with pytest.raises(InputError, match=f"query has {MAX_OPERATORS + 1} operators; il7onto accepts at most"):
        check_nesting(chain(MAX_OPERATORS + 1))
    proc = _query_file(tmp_path, chain(10_000), "oxigraph")  # pyoxigraph segfaults on this chain
    assert proc.returncode == 3 and b"query has 10000 operators" in proc.stderr, proc.stderr
