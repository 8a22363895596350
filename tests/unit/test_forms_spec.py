"""Loading a form spec: what is refused, with the exact path, and the catalog refusing it too."""
from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import load_catalog
from kiosk.errors import UserError
from kiosk.forms import GENERIC_FORM, FormSpecError, load_form, procedure_form
from tests.unit.test_catalog import catalog, entry, write
from tests.unit.test_forms_birth_registration import BIRTH_REGISTRATION


def page(*fields: dict, name: str = "p", kind: str = "group", **keys: Any) -> dict:
    return {"name": name, "type": kind, "label": {"vi": "Trang"}, "fields": list(fields), **keys}


def leaf(name: str, kind: str = "text", **keys: Any) -> dict:
    return {"name": name, "type": kind, "label": {"vi": name.upper()}, **keys}


def spec(*pages: dict) -> dict:
    return {"version": 1, "fields": list(pages)}


ONE_OF = [{"value": "a", "label": {"vi": "A"}}, {"value": "b", "label": {"vi": "B"}}]
MEMBERS = page(leaf("full_name"), leaf("born", "date"), name="members", kind="repeat")

BAD_SPECS: dict[str, tuple[dict, str, str]] = {
    "unknown field": (spec(page(leaf("province"), leaf("commune",
                                                      relevant="${provnce} != ''"))),
                      "fields[0].fields[1].relevant", "unknown field ${provnce}"),
    "unknown field in a sub-group": (
        spec(page(leaf("a")), page(leaf("b"), page(leaf("c", required="${x} = 1"), name="g"),
                                   name="q")),
        "fields[1].fields[1].fields[0].required", "unknown field ${x}"),
    "bad pattern": (spec(page(leaf("a", pattern="[0-9"))), "fields[0].fields[0].pattern",
                    "is not a valid regular expression"),
    "pattern not text": (spec(page(leaf("a", pattern=5))), "fields[0].fields[0].pattern",
                         "regular expression of 1 to 200"),
    "duplicate name": (spec(page(leaf("a")), page(leaf("a"), name="q")),
                       "fields[1].fields[0].name", "a is already used (at fields[0].fields[0])"),
    "page and field share a name": (spec(page(leaf("p"))), "fields[0].fields[0].name",
                                    "already used"),
    "repeat child named like its repeat": (spec(page(leaf("members"), name="members",
                                                     kind="repeat")),
                                           "fields[0].fields[0].name", "already used"),
    "unknown function": (spec(page(leaf("a", constraint="lenght(${a}) < 10"))),
                         "fields[0].fields[0].constraint", "unknown function lenght()"),
    "syntax error": (spec(page(leaf("a"), leaf("b", relevant="${a} = = 1"))),
                     "fields[0].fields[1].relevant", "unexpected '='"),
    "syntax error in a default": (spec(page(leaf("a", default={"expr": "today("}))),
                                  "fields[0].fields[0].default.expr", "ends too early"),
    "syntax error in min": (spec(page(leaf("d", "date", min="today() -"))),
                            "fields[0].fields[0].min", "ends too early"),
    "circular relevance": (spec(page(leaf("a", relevant="${b} = 1"), leaf("b",
                                                                          relevant="${a} = 1"))),
                           "fields[0].fields[0].relevant", "circular reference: ${a} -> ${b}"),
    "circular calculation": (spec(page(leaf("a", "calculate", calculation="${a} + 1"))),
                             "fields[0].fields[0].calculation", "${a} -> ${a}"),
    "group shown by its own field": (spec(page(page(leaf("a"), name="g", relevant="${a}"))),
                                     "fields[0].fields[0].relevant",
                                     "circular reference: ${g} -> ${a} -> ${g}"),
    "a group has no value": (spec(page(leaf("a", relevant="${p} = 1"))),
                             "fields[0].fields[0].relevant", "${p} is a group"),
    "a note has no value": (spec(page(leaf("n", "note"), leaf("a", relevant="${n}"))),
                            "fields[0].fields[1].relevant", "${n} is a note"),
    "repeat child from outside": (spec(page(leaf("a", relevant="${born} = 1")), MEMBERS),
                                  "fields[0].fields[0].relevant", "inside the repeat members"),
    "own repeat from inside": (spec(page(leaf("a", relevant="count(${members}) > 1"),
                                         name="members", kind="repeat")),
                               "fields[0].fields[0].relevant", "its own repeat"),
    "choice outside a filter": (spec(page(leaf("a", relevant="choice.x = 1"))),
                                "fields[0].fields[0].relevant", "only be used in a choice_filter"),
    "unknown choice key": (spec(page(leaf("s", "select_one", choices=ONE_OF,
                                          choice_filter="choice.province = '01'"))),
                           "fields[0].fields[0].choice_filter", "no choice has the key province"),
    "unknown list": (spec(page(leaf("s", "select_one", choices="districts"))),
                     "fields[0].fields[0].choices", "must be one of provinces, communes"),
    "no choices": (spec(page(leaf("s", "select_one"))), "fields[0].fields[0].choices",
                   "must be a list of 1 to 1000"),
    "repeated choice": (spec(page(leaf("s", "select_one", choices=ONE_OF + ONE_OF[:1]))),
                        "fields[0].fields[0].choices[2].value", "'a' is used twice"),
    "choice without label": (spec(page(leaf("s", "select_one", choices=[{"value": "a"}]))),
                             "fields[0].fields[0].choices[0].label", "is missing"),
    "unknown key": (spec(page(leaf("a", requried=True))), "fields[0].fields[0].requried",
                    "is not a known key"),
    "key of another type": (spec(page(leaf("a", "integer", pattern="x"))),
                            "fields[0].fields[0].pattern", "is not a known key"),
    "unknown type": (spec(page(leaf("a", "txt"))), "fields[0].fields[0].type",
                     "must be one of text, number"),
    "leaf as a page": (spec(leaf("a")), "fields[0].type", "must be a group or a repeat"),
    "repeat in a group": (spec(page(MEMBERS)), "fields[0].fields[0].type",
                          "a repeat must be a page"),
    "bad name": (spec(page(leaf("Họ_tên"))), "fields[0].fields[0].name", "is not a field name"),
    "name too long": (spec(page(leaf("a" * 41))), "fields[0].fields[0].name",
                      "is not a field name"),
    "label missing": (spec(page({"name": "a", "type": "text"})), "fields[0].fields[0].label",
                      "is missing"),
    "label without vi": (spec(page(leaf("a", label={"en": "A"}))),
                         "fields[0].fields[0].label.vi", "must be text"),
    "label with a control character": (spec(page(leaf("a", label={"vi": "A\x07"}))),
                                       "fields[0].fields[0].label.vi", "control character U+0007"),
    "required not bool or text": (spec(page(leaf("a", required=1))),
                                  "fields[0].fields[0].required", "must be text"),
    "readonly not bool": (spec(page(leaf("a", readonly="yes"))), "fields[0].fields[0].readonly",
                          "must be true or false"),
    "calculation on an editable field": (spec(page(leaf("a", calculation="1"))),
                                         "fields[0].fields[0].calculation", "readonly"),
    "calculate without calculation": (spec(page(leaf("a", "calculate"))),
                                      "fields[0].fields[0].calculation", "is missing"),
    "bad literal default": (spec(page(leaf("a", "integer", default="nine"))),
                            "fields[0].fields[0].default", "not a valid integer answer"),
    "default not a choice": (spec(page(leaf("s", "select_one", choices=ONE_OF, default="c"))),
                             "fields[0].fields[0].default", "not one of the choices"),
    "min above max": (spec(page(leaf("n", "number", min=5, max=1))), "fields[0].fields[0].min",
                      "more than max"),
    "date min not a date": (spec(page(leaf("d", "date", min=5))), "fields[0].fields[0].min",
                            "date like 2025-07-01"),
    "max_length too big": (spec(page(leaf("a", max_length=10**6))),
                           "fields[0].fields[0].max_length", "from 1 to 5000"),
    "max_count too big": (spec(page(leaf("a"), name="r", kind="repeat", max_count=1000)),
                          "fields[0].max_count", "from 1 to 100"),
    "min_count above max_count": (spec(page(leaf("a"), name="r", kind="repeat", min_count=5,
                                            max_count=2)), "fields[0].min_count", "max_count"),
    "map_to wrong type": (spec(page(leaf("a", map_to="applicant.phone"))),
                          "fields[0].fields[0].map_to", "needs a field of type phone"),
    "map_to twice": (spec(page(leaf("a", map_to="applicant.full_name"),
                               leaf("b", map_to="applicant.full_name"))),
                     "fields[0].fields[1].map_to", "already mapped by a"),
    "map_to in a repeat": (spec(page(leaf("a", map_to="applicant.full_name"), name="r",
                                     kind="repeat")), "fields[0].fields[0].map_to", "repeat"),
    "birth date field not a date": (spec(page(leaf("a"), leaf("i", "citizen_id",
                                                              birth_date_field="a"))),
                                    "fields[0].fields[1].birth_date_field", "not a date field"),
    "fields not a list": (spec(page(name="p") | {"fields": {}}), "fields[0].fields",
                          "must be a list"),
    "group without fields": (spec({"name": "p", "type": "group", "label": {"vi": "P"}}),
                             "fields[0].fields", "is missing"),
    "too deep": (spec(page(page(page(page(page(page(leaf("a"), name="g5"), name="g4"),
                                          name="g3"), name="g2"), name="g1"))),
                 "fields[0].fields[0].fields[0].fields[0].fields[0].fields", "nested more than"),
    "version": ({"version": 0, "fields": []}, "version", "whole number >= 1"),
    "top-level key": ({"version": 1, "fields": [], "title": "x"}, "title", "not a known key"),
}


@pytest.mark.parametrize("raw, path, words", BAD_SPECS.values(), ids=BAD_SPECS.keys())
def test_bad_spec_is_refused_with_its_path(raw, path, words):
    with pytest.raises(FormSpecError) as caught:
        load_form(raw)
    assert caught.value.path == path, caught.value
    assert words in caught.value.message, caught.value
    assert str(caught.value) == f"{path}: {caught.value.message}"


def test_too_many_fields():
    many = spec(*(page(*(leaf(f"f{p}_{i}") for i in range(60)), name=f"p{p}")
                  for p in range(9)))
    with pytest.raises(FormSpecError, match="at most 500 fields"):
        load_form(many)


def test_generic_form_and_the_example_load():
    generic = load_form(GENERIC_FORM)
    assert [p.name for p in generic.pages] == ["applicant", "request"]
    assert set(generic.mapped) == {"applicant.full_name", "applicant.id_number",
                                   "applicant.date_of_birth", "applicant.phone",
                                   "applicant.email", "applicant.address"}
    request = generic.fields["request_text"]
    assert request.required and request.max_length == 1000
    assert generic.fields["date_of_birth"].plausible_age
    birth = load_form(BIRTH_REGISTRATION)
    assert [p.name for p in birth.pages] == ["applicant", "child", "parents", "documents"]
    assert birth.fields["ethnicity"].default == "Kinh"


def test_procedure_form_falls_back_to_the_generic_form():
    assert [p.name for p in procedure_form({"version": 1, "fields": []}).pages] == [
        "applicant", "request"]
    assert [p.name for p in procedure_form(None).pages] == ["applicant", "request"]
    assert procedure_form(BIRTH_REGISTRATION).pages[1].name == "child"


def test_order_puts_each_field_after_what_it_depends_on():
    form = load_form(spec(page(leaf("total", "calculate", calculation="${a} + ${b}"),
                               leaf("a", "integer"), leaf("b", "integer",
                                                          relevant="${a} > 0"))))
    order = [f.name for f in form.order]
    assert order.index("total") > order.index("b") > order.index("a")


# --- hostile specs --------------------------------------------------------------------

_scalars = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
            | st.text(max_size=20)
            | st.sampled_from(["text", "group", "repeat", "select_one", "date", "calculate",
                               "${a}", "a", "b", "(", "[a-", "provinces", "today()"]))
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["name", "type", "label", "fields", "vi", "relevant", "required",
                     "choices", "value", "default", "min", "max", "pattern", "calculation",
                     "expr", "choice_filter", "x"]), inner, max_size=5), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(raw=_json)
def test_any_json_loads_or_is_a_spec_error(raw):
    try:
        load_form({"version": 1, "fields": [raw]})
    except FormSpecError as exc:
        assert exc.path.startswith("fields")


@settings(max_examples=200, deadline=None)
@given(where=st.sampled_from([("fields", 0, "fields", 0), ("fields", 1, "fields", 2),
                              ("fields", 2, "fields", 3, "fields", 0), ("fields", 0),
                              ("fields", 1, "fields", 3)]),
       key=st.sampled_from(["relevant", "required", "default", "type", "name", "choices",
                            "min", "label", "fields", "constraint", "map_to"]),
       value=_json)
def test_any_change_to_a_real_form_loads_or_is_a_spec_error(where, key, value):
    raw = copy.deepcopy(BIRTH_REGISTRATION)
    target = raw
    for step in where:
        target = target[step]
    target[key] = value
    try:
        load_form(raw)
    except FormSpecError as exc:
        assert exc.path.startswith("fields")


# --- the catalog refuses a bad form ---------------------------------------------------

def test_catalog_refuses_a_bad_form_naming_entry_and_field_path(tmp_path):
    broken = copy.deepcopy(BIRTH_REGISTRATION)
    broken["fields"][1]["fields"][0]["relevant"] = "${provnce} = '01'"
    path = write(tmp_path / "procedures.json",
                 catalog(entry("1.000001"), entry("1.001193", form=broken)))
    with pytest.raises(UserError) as caught:
        load_catalog(path)
    assert caught.value.code == "bad_catalog"
    assert caught.value.message == ('procedures.json: entry 2 (1.001193): '
                                    '"form.fields[1].fields[0].relevant" unknown field ${provnce}')
    assert caught.value.params["field"] == "form.fields[1].fields[0].relevant"


@pytest.mark.parametrize("form, key, words", [
    ({"version": 1, "fields": [leaf("a")]}, "form.fields[0].type", "must be a group"),
    ({"version": 1, "fields": [page(leaf("a", pattern="("))]}, "form.fields[0].fields[0].pattern",
     "not a valid regular expression"),
    ({"version": 1, "fields": [page(leaf("a"), leaf("a"))]}, "form.fields[0].fields[1].name",
     "already used"),
])
def test_catalog_refuses_other_bad_forms(tmp_path, form, key, words):
    path = write(tmp_path / "c.json", catalog(entry("1.000001", form=form)))
    with pytest.raises(UserError) as caught:
        load_catalog(path)
    assert f'c.json: entry 1 (1.000001): "{key}" ' in caught.value.message
    assert words in caught.value.message


def test_catalog_accepts_and_keeps_a_good_form(tmp_path):
    nfd = json.loads(json.dumps(BIRTH_REGISTRATION).replace(
        "Ng\\u01b0\\u1eddi \\u0111\\u01b0\\u1ee3c", "Ngu\\u031b\\u01a1\\u0300i \\u0111\\u01b0\\u1ee3c"))
    assert nfd != BIRTH_REGISTRATION
    path = write(tmp_path / "c.json", catalog(entry("1.001193", form=nfd)))
    [procedure] = load_catalog(path)
    assert procedure.form == BIRTH_REGISTRATION  # NFC on the way in
    assert load_form(procedure.form).fields["child"].label.vi == "Người được khai sinh"
