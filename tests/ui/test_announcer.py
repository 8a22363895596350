"""The hall display's voice: calls play in the order queued, one at a time, whatever fails.

QMediaPlayer plays a WAV to EndOfMedia (silently, in real time) on a machine with no
sound device, so these tests really play. To keep them quick most use clips cut to
40 ms (the real files' first frames) and say the sentence once.
"""
from __future__ import annotations

import io
import logging
import time
import wave
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer

import ui.announcer as announcer_module
from kiosk.announcement import CLIP_DIR, announcement_text, build_announcement_wav
from ui.announcer import Announcer

CALLS = [("A025", 3), ("B1", 12), ("K107", 21)]


@pytest.fixture(scope="module")
def short_clips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled clips cut to their first 40 ms: the same names and format, quick to play."""
    folder = tmp_path_factory.mktemp("short_clips")
    for clip in CLIP_DIR.glob("*.wav"):
        with wave.open(str(clip), "rb") as source:
            params = source.getparams()
            frames = source.readframes(params.framerate * 40 // 1000)
        with wave.open(str(folder / clip.name), "wb") as target:
            target.setparams(params)
            target.writeframes(frames)
    return folder


@pytest.fixture
def quick(short_clips: Path) -> Callable[[str, int], bytes]:
    return partial(build_announcement_wav, repeat=1, gap_ms=100, clip_dir=short_clips)


@pytest.fixture
def make_announcer(qapp) -> Iterator[Callable[..., Announcer]]:
    made: list[Announcer] = []

    def make(**kwargs) -> Announcer:
        announcer = Announcer(**kwargs)
        made.append(announcer)
        return announcer

    yield make
    for announcer in made:
        announcer.deleteLater()


class Journal:
    """What the announcer said, when: ("started" | "finished", text, monotonic seconds)."""

    def __init__(self, announcer: Announcer) -> None:
        self.events: list[tuple[str, str, float]] = []
        announcer.started.connect(lambda text: self.note("started", text))
        announcer.finished.connect(lambda text: self.note("finished", text))

    def note(self, kind: str, text: str) -> None:
        self.events.append((kind, text, time.monotonic()))

    def kinds(self) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text, _ in self.events]


def _wait_finished_in_order(qtbot, announcer: Announcer, texts: list[str],
                            timeout: int = 10_000) -> None:
    for text in texts:
        with qtbot.waitSignal(announcer.finished, timeout=timeout) as blocker:
            pass
        assert blocker.args == [text]


def _strictly_one_after_another(journal: Journal, texts: list[str]) -> None:
    assert journal.kinds() == [(kind, text) for text in texts for kind in ("started", "finished")]
    times = [at for _, _, at in journal.events]
    assert times == sorted(times)  # started[i+1] comes after finished[i]


def test_calls_finish_in_the_order_queued_and_never_overlap(qtbot, make_announcer, quick) -> None:
    announcer = make_announcer(render=quick)
    journal = Journal(announcer)
    texts = [announcement_text(label, counter) for label, counter in CALLS]
    for label, counter in CALLS:
        announcer.announce(label, counter)  # all three at once: none may cut another off
    assert announcer.pending() == 3

    _wait_finished_in_order(qtbot, announcer, texts)

    _strictly_one_after_another(journal, texts)
    assert announcer.pending() == 0
    # each call really played to its end: it lasted as long as its WAV
    for (_, text, began), (_, _, ended) in zip(journal.events[::2], journal.events[1::2]):
        label, counter = CALLS[texts.index(text)]
        with wave.open(io.BytesIO(quick(label, counter)), "rb") as wav:
            length = wav.getnframes() / wav.getframerate()
        assert ended - began >= 0.8 * length, text


def test_muting_and_volume_changes_do_not_break_the_queue(qtbot, make_announcer, quick) -> None:
    announcer = make_announcer(render=quick)
    journal = Journal(announcer)
    announcer.set_muted(True)  # before any player exists
    announcer.set_volume(150)  # clamped
    texts = [announcement_text(label, counter) for label, counter in CALLS]
    for label, counter in CALLS:
        announcer.announce(label, counter)
    with qtbot.waitSignal(announcer.started, timeout=5_000):
        pass
    announcer.set_volume(10)  # while playing
    announcer.set_muted(False)
    announcer.set_muted(True)

    _wait_finished_in_order(qtbot, announcer, texts)

    _strictly_one_after_another(journal, texts)
    assert announcer._output is not None and announcer._output.isMuted()
    announcer.set_volume(0)
    assert announcer._output.volume() == 0
    announcer.set_muted(False)
    announcer.announce("C9", 1)  # and it still speaks afterwards
    _wait_finished_in_order(qtbot, announcer, [announcement_text("C9", 1)])


def test_a_call_that_cannot_be_played_does_not_hold_up_the_next(qtbot, make_announcer, quick,
                                                                caplog) -> None:
    def render(label: str, counter: int) -> bytes:
        return b"RIFF but not really a WAV" * 40 if label == "X1" else quick(label, counter)

    announcer = make_announcer(render=render)
    journal = Journal(announcer)
    calls = [("X1", 1), ("A-1", 2), ("A001", 3)]  # garbage bytes, an unspeakable label, fine
    texts = [announcement_text(label, counter) for label, counter in calls]
    with caplog.at_level(logging.WARNING, logger="ui.announcer"):
        for label, counter in calls:
            announcer.announce(label, counter)
        _wait_finished_in_order(qtbot, announcer, texts)
    _strictly_one_after_another(journal, texts)
    logged = caplog.text
    assert "X1" in logged and "A-1" in logged and "A001" not in logged


def test_without_a_media_backend_calls_still_go_through_and_it_is_logged_once(
        qtbot, make_announcer, quick, caplog, monkeypatch) -> None:
    monkeypatch.setattr(QMediaPlayer, "isAvailable", lambda self: False)
    announcer = make_announcer(render=quick)
    journal = Journal(announcer)
    texts = [announcement_text(label, counter) for label, counter in CALLS]
    with caplog.at_level(logging.WARNING, logger="ui.announcer"):
        for label, counter in CALLS:
            announcer.announce(label, counter)
        _wait_finished_in_order(qtbot, announcer, texts, timeout=2_000)
    _strictly_one_after_another(journal, texts)
    assert [r.message for r in caplog.records].count(
        "no Qt multimedia backend: calls are shown but not spoken") == 1


def test_a_player_that_never_ends_is_dropped_after_the_watchdog(qtbot, make_announcer, quick,
                                                                caplog, monkeypatch) -> None:
    monkeypatch.setattr(QMediaPlayer, "play", lambda self: None)  # stuck: no EndOfMedia ever
    monkeypatch.setattr(announcer_module, "WATCHDOG_SLACK_MS", 200)
    announcer = make_announcer(render=quick)
    journal = Journal(announcer)
    texts = [announcement_text(label, counter) for label, counter in CALLS[:2]]
    with caplog.at_level(logging.WARNING, logger="ui.announcer"):
        for label, counter in CALLS[:2]:
            announcer.announce(label, counter)
        _wait_finished_in_order(qtbot, announcer, texts)
    _strictly_one_after_another(journal, texts)
    overran = [r for r in caplog.records if "overran" in r.getMessage()]
    assert len(overran) == 1  # the same failure twice in a row is logged once


def test_the_bundled_clips_play_to_the_end(qtbot, make_announcer) -> None:
    announcer = make_announcer(render=partial(build_announcement_wav, repeat=1))
    journal = Journal(announcer)
    announcer.set_volume(80)
    announcer.announce("A025", 3)
    _wait_finished_in_order(qtbot, announcer, [announcement_text("A025", 3)], timeout=20_000)
    (_, _, began), (_, _, ended) = journal.events
    assert ended - began > 5  # one sentence with the chime lasts about 7 s
    assert announcer._player is not None
    assert announcer._player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia
