"""The account-help guide: the steps that lead a citizen to a portal account, as data.

Since 1 July 2024 a citizen signs in to the national portal with a VNeID
identity account, and how one gets there (what the police ask, what the app
asks) changes over time and is not even confirmed in detail; so the questions,
the consent text and the steps that remain are a JSON file, not code
(docs/ACCOUNT_HELP.md): the bundled resources/account_help/guide.json, or a
newer one an admin installs into the data folder with `kiosk guide import`.
The file comes from outside, so it is checked in full before it can reach a
kiosk: a bad one is refused with one message naming the step and the field.
This module also answers the flow's questions: which step follows, what remains.

No Qt, no database. Any thread: a `Guide` is immutable; `install_guide` and
`reset_guide` touch only the one override file, replaced atomically.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.errors import UserError
from resources import resource_path

log = logging.getLogger(__name__)

OVERRIDE_FILE = "account_guide.json"
KINDS = ("info", "question", "consent", "details", "finish")
MAX_FILE_BYTES = 1024 * 1024
_PICTURE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}\.(?:svg|png)")


@dataclass(frozen=True)
class Text:
    """A text in Vietnamese and (optionally) English; see `Guide.text`."""

    vi: str
    en: str = ""


@dataclass(frozen=True)
class Option:
    value: str  # kept under the question's key
    label: Text
    next: str


@dataclass(frozen=True)
class Step:
    id: str
    kind: str  # one of KINDS
    title: Text | None = None
    body: Text | None = None
    picture: str | None = None  # a file name beside the bundled guide
    next: str | None = None  # info, consent, details
    key: str | None = None  # question: where the answer is kept (default: the id)
    options: tuple[Option, ...] = ()  # question


@dataclass(frozen=True)
class Link:
    caption: Text
    url: str  # https


@dataclass(frozen=True)
class Remaining:
    """A step left to the citizen, shown when every key of `when` has one of its values."""

    when: tuple[tuple[str, tuple[str, ...]], ...]
    text: Text

    def matches(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(key) in values for key, values in self.when)


@dataclass(frozen=True)
class Guide:
    version: str
    consent_version: str
    consent_text: Text
    start: str
    steps: tuple[Step, ...]
    links: tuple[Link, ...] = ()
    remaining: tuple[Remaining, ...] = ()
    note: str = ""  # for staff: what to check locally; never shown to citizens
    source: str = ""  # the file it was read from
    _by_id: dict[str, Step] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {step.id: step for step in self.steps})

    def step(self, step_id: str) -> Step:
        found = self._by_id.get(step_id) if isinstance(step_id, str) else None
        if found is None:
            raise UserError("guide_unknown_step", f"The account guide {self.version} has no "
                            f"step {_show(step_id)}", step=step_id)
        return found

    def next_id(self, step_id: str, answer: str | None = None) -> str:
        """The step after `step_id`; for a question, after the option whose value is `answer`."""
        step = self.step(step_id)
        if step.kind == "finish":
            raise UserError("guide_finished", f"The step {step.id!r} ends the flow: "
                            "nothing follows it", step=step.id)
        if step.kind != "question":
            assert step.next is not None  # parse_guide made sure
            return step.next
        for option in step.options:
            if option.value == answer:
                return option.next
        raise UserError("guide_unknown_answer", f"The question {step.id!r} has no answer "
                        f"{_show(answer)}", step=step.id, answer=answer)

    def question_key(self, step: Step | str) -> str:
        """Where a question's answer is kept: its `key`, else its id."""
        found = self.step(step) if isinstance(step, str) else step
        if found.kind != "question":
            raise UserError("guide_not_a_question", f"The step {found.id!r} is a "
                            f"{found.kind} step, not a question", step=found.id)
        return found.key or found.id

    def steps_left(self, answers: Mapping[str, str], lang: str) -> list[str]:
        """The texts of every `remaining` entry that matches the answers, in order."""
        return [self.text(entry.text, lang) for entry in self.remaining
                if entry.matches(answers)]

    @staticmethod
    def text(t: Text | None, lang: str) -> str:
        """`t` in `lang`: English falls back to Vietnamese; None is empty."""
        if t is None:
            return ""
        return t.en if lang == "en" and t.en else t.vi

    def link_list(self, lang: str) -> list[tuple[str, str]]:
        """(caption, url) of every link, for the screen and the slip's QR codes."""
        return [(self.text(link.caption, lang), link.url) for link in self.links]


def parse_guide(data: Any, source: str) -> Guide:
    """Check a guide read from JSON; raises UserError("guide_invalid") naming the place."""
    from kiosk.account_guide_checks import check_guide

    return check_guide(data, source)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = type(value).__name__
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"the key {_show(key)} appears twice in one object")
        obj[key] = value
    return obj


def _read_json(path: Path) -> tuple[bytes, Any]:
    """The file's bytes and the JSON they hold; UserError("guide_invalid") if neither."""
    from kiosk.account_guide_checks import _Checker

    check = _Checker(str(path))
    try:
        if not path.is_file():
            check.fail("", "is not a file" if path.exists() else "does not exist")
        if path.stat().st_size > MAX_FILE_BYTES:
            check.fail("", f"is larger than {MAX_FILE_BYTES // 1024} KB: not an account guide")
        raw = path.read_bytes()
        return raw, json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError as exc:
        check.fail("", f"is not UTF-8 text (bad byte at offset {exc.start})")
    except RecursionError:
        check.fail("", "is not valid JSON: nested too deeply")
    except ValueError as exc:  # JSONDecodeError, duplicate keys, over-long integers
        check.fail("", f"is not valid JSON: {exc}")
    except OSError as exc:
        check.fail("", f"cannot be read ({exc.strerror or exc})")


def load_guide(path: Path | str) -> Guide:
    """Read and check a guide file; raises UserError("guide_invalid") saying what is wrong."""
    return parse_guide(_read_json(Path(path))[1], str(path))


def bundled_guide_path() -> Path:
    return resource_path("account_help", "guide.json")


def override_path(data_folder: Path) -> Path:
    """Where `kiosk guide import` puts a guide; when present it wins over the bundled one."""
    return Path(data_folder) / OVERRIDE_FILE


def picture_path(name: str) -> Path:
    """A picture beside the bundled guide; refuses anything but a plain file name."""
    if not isinstance(name, str) or "/" in name or "\\" in name or ".." in name \
            or not _PICTURE.fullmatch(name):
        raise UserError("guide_bad_picture", f"{_show(name)} is not a picture's plain file "
                        "name (like vneid.svg: no folder, no '..')", picture=name)
    return resource_path("account_help", name)


def current_guide(data_folder: Path) -> Guide:
    """The installed guide if there is a good one, else the bundled guide."""
    override = override_path(data_folder)
    if override.exists():
        try:
            return load_guide(override)
        except UserError as exc:  # a kiosk keeps working: the bundled guide still helps
            log.warning("account guide refused, using the bundled one: %s", exc.message)
    return load_guide(bundled_guide_path())


def install_guide(data_folder: Path, file: Path | str) -> Guide:
    """Check `file`, then make it the guide in force (atomically: all or nothing)."""
    file = Path(file)
    raw, data = _read_json(file)
    guide = parse_guide(data, str(file))
    target = override_path(data_folder)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".account_guide.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        if os.name == "posix":  # make the rename itself durable (Windows cannot open a folder)
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    except OSError as exc:
        raise UserError("guide_not_installed", f"{target} cannot be written: "
                        f"{exc.strerror or exc}", path=str(target)) from None
    log.info("account guide %s installed from %s", guide.version, file.name)
    return replace(guide, source=str(target))


def reset_guide(data_folder: Path) -> bool:
    """Remove the installed guide, so the bundled one is in force; False if there was none."""
    target = override_path(data_folder)
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise UserError("guide_not_reset", f"{target} cannot be removed: "
                        f"{exc.strerror or exc}", path=str(target)) from None
    log.info("installed account guide removed: the bundled one is in force")
    return True
