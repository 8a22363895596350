"""The spoken call: which clips, in which order, joined into a valid WAV from the bundled files."""
from __future__ import annotations

import io
import shutil
import wave
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.announcement import (CLIP_DIR, announcement_clips, announcement_text,
                                build_announcement_wav, counter_words)
from kiosk.errors import UserError

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALL_STEMS = (["chime", "intro", "to_counter", "num_muoi_10", "num_muoi", "num_mot", "num_lam"]
             + [str(d) for d in range(10)] + [f"letter_{c.lower()}" for c in LETTERS])


def _read(data: bytes) -> tuple[Any, bytes]:
    """(the header's params, the frames) of a WAV file's bytes."""
    with wave.open(io.BytesIO(data), "rb") as wav:
        return wav.getparams(), wav.readframes(wav.getnframes())


def test_every_bundled_clip_is_there_in_one_format_and_small() -> None:
    formats = set()
    for stem in ALL_STEMS:
        params, frames = _read((CLIP_DIR / f"{stem}.wav").read_bytes())
        formats.add((params.nchannels, params.sampwidth, params.framerate, params.comptype))
        assert 0.1 < params.nframes / params.framerate < 3, stem
        assert frames.strip(b"\x00"), f"{stem}.wav is silent"
    assert formats == {(1, 2, 16000, "NONE")}
    assert sum(p.stat().st_size for p in CLIP_DIR.glob("*.wav")) < 1_500_000
    assert (CLIP_DIR / "README.txt").is_file()


def test_a025_to_counter_3_in_order() -> None:
    assert announcement_clips("A025", 3) == [
        "chime", "intro", "letter_a", "0", "2", "5", "to_counter", "3"]
    assert announcement_text("A025", 3) == "Xin mời công dân có số thứ tự A025 đến quầy số 3"


def test_b1_to_counter_12_reads_twelve_as_a_number() -> None:
    assert announcement_clips("B1", 12) == [
        "chime", "intro", "letter_b", "1", "to_counter", "num_muoi_10", "2"]


@pytest.mark.parametrize(("number", "words"), [
    (0, ["0"]), (7, ["7"]), (10, ["num_muoi_10"]), (11, ["num_muoi_10", "1"]),
    (14, ["num_muoi_10", "4"]), (15, ["num_muoi_10", "num_lam"]), (20, ["2", "num_muoi"]),
    (21, ["2", "num_muoi", "num_mot"]), (24, ["2", "num_muoi", "4"]),
    (35, ["3", "num_muoi", "num_lam"]), (99, ["9", "num_muoi", "9"]), (105, ["1", "0", "5"]),
])
def test_counter_numbers_as_vietnamese_reads_them(number: int, words: list[str]) -> None:
    assert counter_words(number) == words


def test_lower_case_and_surrounding_spaces_are_read_like_the_ticket() -> None:
    assert announcement_clips(" k007 ", 1)[2:6] == ["letter_k", "0", "0", "7"]


def test_the_wav_is_valid_and_lasts_a_plausible_time() -> None:
    once = build_announcement_wav("A025", 3, repeat=1)
    twice = build_announcement_wav("A025", 3)
    params, frames = _read(twice)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 16000)
    assert len(frames) == params.nframes * 2
    seconds = params.nframes / params.framerate
    assert 3 < seconds < 15
    once_seconds = _read(once)[0].nframes / 16000
    chime_seconds = _read((CLIP_DIR / "chime.wav").read_bytes())[0].nframes / 16000
    # the chime once, then the sentence again after a 0.7 s gap
    sentence_seconds = once_seconds - chime_seconds - 0.3
    assert seconds - once_seconds == pytest.approx(0.7 + sentence_seconds, abs=0.002)


def test_the_sentence_is_repeated_verbatim() -> None:
    once = _read(build_announcement_wav("C1", 2, repeat=1))[1]
    thrice = _read(build_announcement_wav("C1", 2, repeat=3, gap_ms=500))[1]
    head = len(_read((CLIP_DIR / "chime.wav").read_bytes())[1]) + 16000 * 2 * 300 // 1000
    sentence = once[head:]
    gap = b"\x00" * (16000 * 2 * 500 // 1000)
    assert thrice == once[:head] + gap.join([sentence] * 3)


@pytest.mark.parametrize("label", ["", "   ", "A-1", "Đ01", "A 1", "Ä1", "A١"])
def test_a_label_with_no_clip_is_refused(label: str) -> None:
    with pytest.raises(UserError) as caught:
        build_announcement_wav(label, 1)
    assert caught.value.code == "unspeakable_label"
    with pytest.raises(UserError):
        announcement_clips(label, 1)


def test_a_letter_whose_clip_is_missing_is_refused(tmp_path: Path) -> None:
    for clip in CLIP_DIR.glob("*.wav"):
        shutil.copy(clip, tmp_path)
    (tmp_path / "letter_q.wav").unlink()
    assert build_announcement_wav("A1", 1, clip_dir=tmp_path)
    with pytest.raises(UserError, match="'Q'"):
        build_announcement_wav("Q1", 1, clip_dir=tmp_path)


def test_clips_of_different_formats_are_not_joined(tmp_path: Path) -> None:
    for clip in CLIP_DIR.glob("*.wav"):
        shutil.copy(clip, tmp_path)
    params, frames = _read((CLIP_DIR / "intro.wav").read_bytes())
    with wave.open(str(tmp_path / "intro.wav"), "wb") as wav:
        wav.setparams(params._replace(framerate=22050))
        wav.writeframes(frames)
    with pytest.raises(ValueError, match="intro.wav"):
        build_announcement_wav("A1", 1, clip_dir=tmp_path)


@hypothesis_settings(max_examples=60, deadline=None)
@given(label=st.from_regex(r"[A-Z0-9]{1,6}", fullmatch=True),
       counter=st.integers(min_value=1, max_value=99))
def test_any_label_and_counter_make_a_valid_wav(label: str, counter: int) -> None:
    params, frames = _read(build_announcement_wav(label, counter))
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 16000)
    assert params.nframes > 0 and len(frames) == params.nframes * 2
    assert 3 < params.nframes / params.framerate < 25
    clips = announcement_clips(label, counter)
    assert clips[:2] == ["chime", "intro"] and "to_counter" in clips
    assert len(clips) == 2 + len(label) + 1 + len(counter_words(counter))
