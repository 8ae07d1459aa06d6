"""The fast indented JSON writer gives exactly what the standard library gives."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from il7onto.core.jsontext import Records, indented_json

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                         max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS, st.integers(min_value=0, max_value=4))
def test_same_text_as_the_standard_library(document, indent):
    assert indented_json(document, indent) == json.dumps(document, indent=indent, ensure_ascii=False)


FLAT = SCALARS | st.lists(SCALARS, max_size=2) | st.dictionaries(st.text(), SCALARS, max_size=2)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=4, unique=True).flatmap(
    lambda fields: st.tuples(st.just(tuple(fields)), st.lists(st.tuples(*[FLAT] * len(fields)), max_size=4))),
    st.integers(min_value=0, max_value=4))
def test_records_are_written_as_the_list_of_dicts_they_stand_for(fields_and_rows, indent):
    fields, rows = fields_and_rows
    dicts = [dict(zip(fields, row)) for row in rows]
    document = {"before": 1, "results": Records(fields, rows), "after": [Records(fields, rows)]}
    expected = {"before": 1, "results": dicts, "after": [dicts]}
    assert indented_json(document, indent) == json.dumps(expected, indent=indent, ensure_ascii=False)


def test_records_refuse_what_a_list_of_dicts_cannot_be():
    with pytest.raises(ValueError, match="fields named twice"):
        Records(("a", "a"), [])
    with pytest.raises(ValueError):
        indented_json(Records(("a", "b"), [("only one",)]))


@pytest.mark.parametrize("document", [
    {"results": [], "conforms": True, "empty": {}},
    {"results": [{"focus": "a", "path": None, "é\n": "\x00"}, {"only": None}], "bundled": [{}], "n": {"k": 1}},
    {"é": "\u2028 \"quoted\" \\ \n\t\x00 ☃ 😀", "nested": [[], [{}], [1, 2.5, -0.0, 1e300]]},
    [None, True, False, 10**30, float("inf"), float("-inf")],
    "plain", 3, None,
])
def test_fixed_examples(document):
    assert indented_json(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_unserialisable_values_fail_as_in_the_standard_library():
    with pytest.raises(TypeError):
        json.dumps({"a": object()}, indent=2)
    with pytest.raises(TypeError):
        indented_json({"a": object()})
    with pytest.raises(TypeError):
        indented_json({(1, 2): 0})
