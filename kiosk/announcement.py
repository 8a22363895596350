"""The spoken call of the hall display, joined from bundled Vietnamese voice clips.

"Xin mời công dân có số thứ tự A 0 2 5 đến quầy số 3": a chime, then the sentence
twice, slightly slow. The clips in resources/audio/vi/ were rendered once with
espeak-ng (scripts/make_voice_clips.sh) and are committed, so calling works offline
on a machine with no speech engine. This module only picks the clips and joins the
WAV data with the stdlib `wave` module; playing it is the UI's job (ui/announcer.py).
Pure Python: no Qt, no database; safe from any thread.

A ticket label is read letter by letter and digit by digit ("A 0 2 5"), as queue
systems do; a counter below 100 is read as a number ("mười hai"), larger ones digit
by digit.
"""
from __future__ import annotations

import io
import wave
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kiosk.errors import UserError
from resources import resource_path

CLIP_DIR = resource_path("audio", "vi")
WORD_GAP_MS = 80  # between words of one phrase
PHRASE_GAP_MS = 200  # after "… số thứ tự", after the label, after "đến quầy số"
CHIME_GAP_MS = 300  # after the chime, before the first sentence

INTRO_TEXT = "Xin mời công dân có số thứ tự"
TO_COUNTER_TEXT = "đến quầy số"


class _Clip(NamedTuple):
    channels: int
    sample_width: int
    frame_rate: int
    frames: bytes


def announcement_text(label: str, counter_number: int) -> str:
    """The sentence as written, for the display's caption and the log."""
    return f"{INTRO_TEXT} {label.strip()} {TO_COUNTER_TEXT} {counter_number}"


def announcement_clips(label: str, counter_number: int) -> list[str]:
    """The clip stems of one announcement in order: chime, intro, the label's letters and
    digits, to_counter, the counter's number words. UserError for an unspeakable label."""
    return [stem for phrase in _phrases(label, counter_number) for stem in phrase]


def build_announcement_wav(label: str, counter_number: int, *, repeat: int = 2,
                           gap_ms: int = 700, clip_dir: Path | None = None) -> bytes:
    """The whole announcement as one WAV file: the chime once, then the sentence `repeat`
    times with `gap_ms` of silence between. All clips must share one format.

    UserError when the label has a character with no clip in `clip_dir`."""
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, not {repeat}")
    folder = Path(clip_dir) if clip_dir is not None else CLIP_DIR
    chime, *sentence = _phrases(label, counter_number, folder)
    first = _clip(folder / f"{chime[0]}.wav")
    fmt = first[:3]

    def silence(ms: int) -> bytes:
        frames = first.frame_rate * ms // 1000
        fill = b"\x80" if first.sample_width == 1 else b"\x00"  # 8-bit WAV is unsigned
        return fill * (frames * first.sample_width * first.channels)

    def frames(stem: str) -> bytes:
        clip = _clip(folder / f"{stem}.wav")
        if clip[:3] != fmt:
            raise ValueError(f"voice clip {stem}.wav is {_describe(clip)}, "
                             f"not {_describe(first)} like {chime[0]}.wav")
        return clip.frames

    spoken = silence(PHRASE_GAP_MS).join(
        silence(WORD_GAP_MS).join(frames(stem) for stem in phrase) for phrase in sentence)
    parts = [frames(chime[0]), silence(CHIME_GAP_MS), silence(gap_ms).join([spoken] * repeat)]
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(first.channels)
        wav.setsampwidth(first.sample_width)
        wav.setframerate(first.frame_rate)
        wav.writeframes(b"".join(parts))
    return out.getvalue()


def counter_words(counter_number: int) -> list[str]:
    """The clip stems of a counter number: 3 → ["3"], 12 → mười hai, 21 → hai mươi mốt,
    25 → hai mươi lăm, 105 → 1 0 5 (digit by digit from 100 on)."""
    if counter_number < 0:
        raise UserError("bad_counter_number", f"Counter number {counter_number} is negative",
                        counter=counter_number)
    if counter_number < 10 or counter_number >= 100:
        return list(str(counter_number))
    tens, unit = divmod(counter_number, 10)
    words = ["num_muoi_10"] if tens == 1 else [str(tens), "num_muoi"]
    if unit == 1 and tens >= 2:
        words.append("num_mot")  # hai mươi mốt, but mười một
    elif unit == 5:
        words.append("num_lam")  # mười lăm, hai mươi lăm
    elif unit:
        words.append(str(unit))
    return words


def _phrases(label: str, counter_number: int, folder: Path = CLIP_DIR) -> list[list[str]]:
    return [["chime"], ["intro"], _label_words(label, folder), ["to_counter"],
            counter_words(counter_number)]


def _label_words(label: str, folder: Path) -> list[str]:
    text = label.strip()
    if not text:
        raise UserError("unspeakable_label", "An empty ticket label cannot be announced",
                        label=label)
    words = []
    for char in text:
        stem = char if char.isascii() and char.isdigit() else \
            f"letter_{char.lower()}" if char.isascii() and char.isalpha() else None
        if stem is None or not (folder / f"{stem}.wav").is_file():
            raise UserError("unspeakable_label",
                            f"Ticket label {text!r} has {char!r}, which has no voice clip",
                            label=text, char=char)
        words.append(stem)
    return words


@lru_cache(maxsize=128)
def _clip(path: Path) -> _Clip:
    with wave.open(str(path), "rb") as wav:
        if wav.getcomptype() != "NONE":
            raise ValueError(f"voice clip {path.name} is compressed ({wav.getcompname()})")
        return _Clip(wav.getnchannels(), wav.getsampwidth(), wav.getframerate(),
                     wav.readframes(wav.getnframes()))


def _describe(clip: _Clip) -> str:
    return f"{clip.channels} channel(s), {8 * clip.sample_width}-bit, {clip.frame_rate} Hz"
