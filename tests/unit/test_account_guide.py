"""The account-help guide: the bundled file, the checks on import, the flow, install/reset."""
from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.account_guide import (
    Guide,
    Text,
    bundled_guide_path,
    current_guide,
    install_guide,
    load_guide,
    override_path,
    parse_guide,
    picture_path,
    reset_guide,
)
from kiosk.errors import UserError

BUNDLED_DATA: dict[str, Any] = json.loads(bundled_guide_path().read_text(encoding="utf-8"))
ALL_GOOD = {"chip_card": "yes", "vneid": "level2", "own_phone": "yes", "email": "yes",
            "portal_account": "no"}


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(bundled_guide_path())


def data() -> dict[str, Any]:
    """A fresh copy of the bundled guide's JSON, to break."""
    return copy.deepcopy(BUNDLED_DATA)


def step_of(raw: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(step for step in raw["steps"] if step["id"] == step_id)


def paths(guide: Guide, step_id: str, trail: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every way through the flow from `step_id`, one option at a time."""
    trail = (*trail, step_id)
    step = guide.step(step_id)
    if step.kind == "finish":
        yield trail
        return
    answers = [option.value for option in step.options] or [None]
    for answer in answers:
        yield from paths(guide, guide.next_id(step_id, answer), trail)


# the bundled guide

def test_the_bundled_guide_parses(guide: Guide) -> None:
    assert guide.version and guide.consent_version
    assert guide.start == "welcome"
    assert [s.id for s in guide.steps] == ["welcome", "chip_card", "vneid", "own_phone", "email",
                                           "portal_account", "consent", "details", "done",
                                           "has_account"]
    assert guide.source == str(bundled_guide_path())
    assert guide.note  # tells staff what to check locally
    for step in guide.steps:
        assert step.title is not None and step.title.vi and step.title.en, step.id
        if step.kind in ("info", "question"):
            assert step.picture and picture_path(step.picture).is_file(), step.id
    for text in (guide.consent_text.vi, guide.consent_text.en):
        assert "13/2023" in text and "2025" in text


def test_every_step_and_every_branch_is_reachable(guide: Guide) -> None:
    every = list(paths(guide, guide.start))
    assert {step for trail in every for step in trail} == {s.id for s in guide.steps}
    taken = {(trail[i], trail[i + 1]) for trail in every for i in range(len(trail) - 1)}
    for step in guide.steps:  # each option leads somewhere, and that edge is walked
        for option in step.options:
            assert (step.id, option.next) in taken
    assert {trail[-1] for trail in every} == {"done", "has_account"}
    for trail in every:
        if "details" in trail:
            assert trail.index("consent") == trail.index("details") - 1
        if trail[-1] == "has_account":
            assert "consent" not in trail and "details" not in trail


def test_next_id_follows_next_and_options(guide: Guide) -> None:
    assert guide.next_id("welcome") == "chip_card"
    assert guide.next_id("chip_card", "no") == "vneid"
    assert guide.next_id("portal_account", "yes") == "has_account"
    assert guide.next_id("portal_account", "no") == "consent"
    assert guide.next_id("consent") == "details"
    assert guide.next_id("details") == "done"
    with pytest.raises(UserError) as caught:
        guide.next_id("vneid", "level3")
    assert caught.value.code == "guide_unknown_answer"
    with pytest.raises(UserError) as caught:
        guide.next_id("vneid")
    assert caught.value.code == "guide_unknown_answer"
    with pytest.raises(UserError) as caught:
        guide.next_id("done")
    assert caught.value.code == "guide_finished"
    with pytest.raises(UserError) as caught:
        guide.step("nowhere")
    assert caught.value.code == "guide_unknown_step"


def test_question_key_defaults_to_the_step_id() -> None:
    raw = data()
    step_of(raw, "email")["key"] = "has_email"
    for entry in raw["remaining"]:
        if "email" in entry["when"]:
            entry["when"]["has_email"] = entry["when"].pop("email")
    guide = parse_guide(raw, "test")
    assert guide.question_key("vneid") == "vneid"
    assert guide.question_key(guide.step("email")) == "has_email"
    assert guide.steps_left({"portal_account": "no", "has_email": "no"}, "en")[0] \
        .startswith("Optional")
    with pytest.raises(UserError) as caught:
        guide.question_key("welcome")
    assert caught.value.code == "guide_not_a_question"


@pytest.mark.parametrize(("answers", "expected"), [
    (ALL_GOOD, ["dichvucong.gov.vn"]),
    ({**ALL_GOOD, "vneid": "level1"}, ["level 2", "dichvucong.gov.vn"]),
    ({**ALL_GOOD, "vneid": "not_installed"}, ["Install the VNeID app", "level 2",
                                              "dichvucong.gov.vn"]),
    ({"chip_card": "no", "vneid": "no_smartphone", "own_phone": "no", "email": "no",
      "portal_account": "no"},
     ["chip ID card", "SIM", "smartphone", "Optional", "dichvucong.gov.vn"]),
    ({**ALL_GOOD, "chip_card": "no", "vneid": "level1", "email": "no"},
     ["chip ID card", "level 2", "Optional", "dichvucong.gov.vn"]),
    ({**ALL_GOOD, "portal_account": "yes"}, []),
    ({}, []),
])
def test_steps_left_in_order_in_both_languages(guide: Guide, answers: dict[str, str],
                                               expected: list[str]) -> None:
    english = guide.steps_left(answers, "en")
    assert len(english) == len(expected)
    for text, words in zip(english, expected, strict=True):
        assert words in text
    vietnamese = guide.steps_left(answers, "vi")
    assert len(vietnamese) == len(expected)
    assert all(vi != en for vi, en in zip(vietnamese, english, strict=True))
    if expected:
        assert "Đăng nhập bằng VNeID" in vietnamese[-1]


def test_english_falls_back_to_vietnamese(guide: Guide) -> None:
    raw = data()
    del raw["remaining"][-1]["text"]["en"]
    step_of(raw, "welcome")["title"]["en"] = ""
    bare = parse_guide(raw, "test")
    assert bare.steps_left({"portal_account": "no"}, "en") == \
        guide.steps_left({"portal_account": "no"}, "vi")
    assert bare.text(bare.step("welcome").title, "en") == "Vào Cổng Dịch vụ công bằng VNeID"
    assert Guide.text(Text("xin chào", "hello"), "en") == "hello"
    assert Guide.text(Text("xin chào", "hello"), "vi") == "xin chào"
    assert Guide.text(None, "vi") == ""


def test_links_for_the_slip(guide: Guide) -> None:
    assert guide.link_list("vi") == [("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
                                     ("Ứng dụng VNeID", "https://vneid.gov.vn")]
    assert guide.link_list("en")[0] == ("National Public Service Portal",
                                        "https://dichvucong.gov.vn")


# the checks on import: each broken guide is refused, naming where

def _set(step_id: str, key: str, value: Any) -> Callable[[dict], None]:
    return lambda raw: step_of(raw, step_id).__setitem__(key, value)


def _option(step_id: str, index: int, key: str, value: Any) -> Callable[[dict], None]:
    return lambda raw: step_of(raw, step_id)["options"][index].__setitem__(key, value)


T = {"vi": "Xin chào", "en": "Hello"}
BROKEN: list[tuple[str, Callable[[dict], None] | bytes, str]] = [
    ("missing next target", _set("welcome", "next", "nowhere"),
     "steps[0] (id 'welcome').next: no step 'nowhere'"),
    ("missing option target", _option("vneid", 1, "next", "x"),
     "steps[2] (id 'vneid').options[1].next: no step 'x'"),
    ("missing start", lambda raw: raw.__setitem__("start", "begin"), "start: no step 'begin'"),
    ("cycle", _option("email", 0, "next", "chip_card"),
     ("steps[4] (id 'email').options[0].next: makes a loop "
      "(chip_card → vneid → own_phone → email → chip_card)")),
    ("unreachable step", lambda raw: raw["steps"].append(
        {"id": "orphan", "kind": "finish", "title": T}),
     "steps[10] (id 'orphan'): cannot be reached"),
    ("details without consent before it", _option("email", 1, "next", "details"),
     ("steps[7] (id 'details'): a details step must come after a consent step, but it can "
      "be reached from 'email' without one")),
    ("question with one option", lambda raw: step_of(raw, "chip_card")["options"].pop(),
     "steps[1] (id 'chip_card').options: must be a list of 2 to 12 options"),
    ("duplicate option values", _option("chip_card", 1, "value", "yes"),
     "steps[1] (id 'chip_card').options[1].value: 'yes' is already the value of options[0]"),
    ("missing vi text", _set("welcome", "title", {"en": "Hello"}),
     "steps[0] (id 'welcome').title.vi: is missing"),
    ("empty vi text", _option("vneid", 3, "label", {"vi": "  ", "en": "x"}),
     "steps[2] (id 'vneid').options[3].label.vi: must not be empty"),
    ("text too long", _set("welcome", "body", {"vi": "ạ" * 2001}),
     "steps[0] (id 'welcome').body.vi: is 2001 characters long, more than 2000"),
    ("consent text too long", lambda raw: raw["consent"]["text"].__setitem__("en", "a" * 2001),
     "consent.text.en: is 2001 characters long"),
    ("picture with '/'", _set("welcome", "picture", "../account_help/vneid.svg"),
     "steps[0] (id 'welcome').picture: \"../account_help/vneid.svg\" is not a picture's plain"),
    ("picture with a backslash", _set("vneid", "picture", "sub\\vneid.svg"),
     "steps[2] (id 'vneid').picture:"),
    ("picture that does not exist", _set("vneid", "picture", "vneid2.svg"),
     "steps[2] (id 'vneid').picture: no picture \"vneid2.svg\""),
    ("http link", lambda raw: raw["links"][0].__setitem__("url", "http://dichvucong.gov.vn"),
     "links[0].url: must be an https:// address, not \"http://dichvucong.gov.vn\""),
    ("finish with next", _set("done", "next", "welcome"),
     "steps[8] (id 'done').next: a finish step ends the flow"),
    ("question with its own next", _set("email", "next", "portal_account"),
     "steps[4] (id 'email').next: a question goes on through its options' next"),
    ("info without next", lambda raw: step_of(raw, "welcome").pop("next"),
     "steps[0] (id 'welcome').next: is missing"),
    ("duplicate step id", _set("has_account", "id", "done"),
     "steps[9].id: 'done' is already the id of steps[8]"),
    ("unknown kind", _set("welcome", "kind", "video"),
     "steps[0] (id 'welcome').kind: must be one of info, question, consent, details, finish"),
    ("unknown field", _set("welcome", "colour", "red"),
     "steps[0] (id 'welcome').colour: is not a known field here"),
    ("when names no question", lambda raw: raw["remaining"][0]["when"].__setitem__("age", "old"),
     "remaining[0].when.age: no question keeps its answer under this key"),
    ("when names no answer", lambda raw: raw["remaining"][4]["when"].__setitem__(
        "vneid", ["level1", "level3"]), "remaining[4].when.vneid: \"level3\" is not an answer"),
    ("two questions, one key", _set("email", "key", "own_phone"),
     "steps[4] (id 'email').key: 'own_phone' already keeps the answer of another question"),
    ("control character", _set("welcome", "title", {"vi": "Xin\x07 chào"}),
     "steps[0] (id 'welcome').title.vi: contains the control character U+0007"),
    ("not an object", b"[1, 2]", "must hold a JSON object (an account guide), not a list"),
    ("not JSON", b'{"version": "1",', "is not valid JSON"),
    ("duplicate key", b'{"version": "1", "version": "2"}',
     'is not valid JSON: the key "version" appears twice'),
    ("not UTF-8", "{\"version\": \"Hà Nam\"}".encode("cp1258"), "is not UTF-8 text"),
]


@pytest.mark.parametrize(("change", "where"), [(c, w) for _, c, w in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_a_broken_guide_is_refused_naming_where(tmp_path: Path, change: Any, where: str) -> None:
    file = tmp_path / "guide.json"
    if isinstance(change, bytes):
        file.write_bytes(change)
    else:
        raw = data()
        change(raw)
        file.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_guide(file)
    assert caught.value.code == "guide_invalid"
    assert caught.value.message.startswith(f"{file}: ")
    assert where in caught.value.message
    assert "\n" not in caught.value.message
    with pytest.raises(UserError):  # and it cannot be installed either
        install_guide(tmp_path / "data", file)
    assert not override_path(tmp_path / "data").exists()


def test_the_refusal_names_the_path_for_programs_too() -> None:
    raw = data()
    step_of(raw, "vneid")["options"][1]["next"] = "x"
    with pytest.raises(UserError) as caught:
        parse_guide(raw, "guide.json")
    assert caught.value.message == "guide.json: steps[2] (id 'vneid').options[1].next: no step 'x'"
    assert caught.value.params["path"] == "steps[2].options[1].next"
    assert caught.value.params["problem"] == "no step 'x'"


def test_a_missing_or_unreadable_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_guide(tmp_path / "none.json")
    assert caught.value.message == f"{tmp_path / 'none.json'}: does not exist"
    with pytest.raises(UserError) as caught:
        load_guide(tmp_path)
    assert "is not a file" in caught.value.message


@pytest.mark.parametrize("name", ["../guide.json", "a/vneid.svg", "a\\vneid.svg", "..svg", "",
                                  ".hidden.svg", "vneid.exe", "/etc/passwd"])
def test_picture_path_takes_only_plain_names(name: str) -> None:
    with pytest.raises(UserError) as caught:
        picture_path(name)
    assert caught.value.code == "guide_bad_picture"


def test_picture_path_finds_the_bundled_pictures() -> None:
    assert picture_path("vneid.svg") == bundled_guide_path().parent / "vneid.svg"
    assert picture_path("vneid.svg").is_file()


def test_a_minimal_guide_is_enough() -> None:
    minimal = {"version": "1", "consent": {"version": "1", "text": {"vi": "Đồng ý"}},
               "start": "end", "steps": [{"id": "end", "kind": "finish", "title": {"vi": "Hết"}}]}
    guide = parse_guide(minimal, "minimal")
    assert guide.links == () and guide.remaining == () and guide.steps_left({}, "en") == []


# never anything but a Guide or a UserError

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.sampled_from(["welcome", "info", "question", "finish", "consent", "details", "yes",
                       "vneid.svg", "https://a.vn", "../x.svg"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "kind", "next", "title", "vi", "en", "options",
                                       "value", "label", "key", "when", "text"])
                      | st.text(max_size=6), inner, max_size=5),
    max_leaves=30)


def _places(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _places(item, (*path, i))


PLACES = [p for p in _places(BUNDLED_DATA) if p]


def _parse_or_refuse(raw: Any) -> None:
    try:
        result = parse_guide(raw, "fuzz")
    except UserError as exc:
        assert exc.code == "guide_invalid" and exc.message.startswith("fuzz: ")
    else:
        assert isinstance(result, Guide)


@settings(max_examples=300, deadline=None)
@given(JSONISH)
def test_random_json_gives_a_guide_or_a_user_error(raw: Any) -> None:
    _parse_or_refuse(raw)
    _parse_or_refuse({"version": "1", "consent": {"version": "1", "text": {"vi": "x"}},
                      "start": "welcome", "steps": raw})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PLACES), JSONISH), min_size=1, max_size=3))
def test_a_randomly_damaged_guide_gives_a_guide_or_a_user_error(
        changes: list[tuple[tuple, Any]]) -> None:
    raw = data()
    for place, value in changes:
        target = raw
        try:
            for key in place[:-1]:
                target = target[key]
            target[place[-1]] = value
        except (KeyError, IndexError, TypeError):  # an earlier change moved it
            continue
    _parse_or_refuse(raw)


# installing and resetting

def test_install_then_reset(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    assert current_guide(folder).source == str(bundled_guide_path())
    raw = data()
    raw["version"] = "2027.01"
    step_of(raw, "welcome")["title"]["vi"] = "Chào mừng"
    file = tmp_path / "new guide.json"
    file.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")

    installed = install_guide(folder, file)
    assert installed.version == "2027.01"
    assert installed.source == str(override_path(folder))
    assert override_path(folder).read_bytes() == file.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["account_guide.json"]  # no temp file
    in_force = current_guide(folder)
    assert in_force.version == "2027.01" and in_force == installed
    assert in_force.text(in_force.step("welcome").title, "vi") == "Chào mừng"

    assert reset_guide(folder) is True
    assert not override_path(folder).exists()
    assert current_guide(folder).source == str(bundled_guide_path())
    assert reset_guide(folder) is False


def test_a_refused_import_keeps_the_guide_in_force(tmp_path: Path) -> None:
    raw = data()
    raw["version"] = "2027.01"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(raw), encoding="utf-8")
    install_guide(tmp_path, good)
    before = override_path(tmp_path).read_bytes()
    raw["start"] = "nowhere"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(UserError):
        install_guide(tmp_path, bad)
    assert override_path(tmp_path).read_bytes() == before
    assert current_guide(tmp_path).version == "2027.01"


def test_a_broken_override_falls_back_to_the_bundled_guide(tmp_path: Path, caplog) -> None:
    override_path(tmp_path).write_text('{"version": "9"', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.account_guide"):
        guide = current_guide(tmp_path)
    assert guide.source == str(bundled_guide_path())
    assert "is not valid JSON" in caplog.text and str(override_path(tmp_path)) in caplog.text
