"""The hall display's voice: calls are spoken one after another, never over each other.

GUI thread only (QMediaPlayer lives there). `announce()` queues a call and returns at
once; the WAV is joined from bundled clips (kiosk/announcement.py) and played from
memory through QMediaPlayer + QAudioOutput. The next call starts only when the player
reaches EndOfMedia, fails, or overruns a watchdog: a call must never wait on broken
audio. QSoundEffect is not used: it goes to Error on a machine with no sound device,
where QMediaPlayer still plays to EndOfMedia silently.

When the media backend is missing, or a call cannot be spoken, the call still goes
through the queue (started/finished are emitted, the caption can show) without sound,
and the reason is logged: a missing backend once, a failure that repeats call after
call once until a call plays again.
No database, no sockets here.
"""
from __future__ import annotations

import io
import logging
import wave
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QtAudio

from kiosk.announcement import announcement_text, build_announcement_wav
from kiosk.errors import UserError

log = logging.getLogger(__name__)

WATCHDOG_SLACK_MS = 5_000  # beyond the WAV's own length before a stuck call is dropped
WAV_BYTES_PER_MS_FALLBACK = 32  # 16 kHz mono 16-bit, if a header cannot be read

Render = Callable[[str, int], bytes]


@dataclass
class _Call:
    text: str
    wav: bytes | None  # None: nothing to play (unspeakable label, failed render)


class Announcer(QObject):
    """A queue of spoken calls. `started(text)` when a call begins, `finished(text)` when
    it ends (played, failed or dropped), strictly in the order of `announce()`."""

    started = Signal(str)
    finished = Signal(str)

    def __init__(self, parent: QObject | None = None, *,
                 render: Render = build_announcement_wav) -> None:
        super().__init__(parent)
        self._render = render
        self._queue: deque[_Call] = deque()
        self._current: _Call | None = None
        self._buffer: QBuffer | None = None  # the playing WAV; kept alive until replaced
        self._data: QByteArray | None = None
        self._volume = 80
        self._muted = False
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._no_backend = False  # logged once, then calls go through silently
        self._last_problem: str | None = None  # the same failure again is logged at debug
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._overran)

    # -- public ---------------------------------------------------------------------

    def announce(self, label: str, counter_number: int) -> None:
        """Queue the call of `label` to counter `counter_number`; returns at once."""
        text = announcement_text(label, counter_number)
        try:
            wav: bytes | None = self._render(label, counter_number)
        except UserError as exc:
            log.warning("announcement without sound: %s (%s)", text, exc)
            wav = None
        except Exception:  # noqa: BLE001 - broken clips must not stop the hall display
            log.exception("announcement without sound: could not build %r", text)
            wav = None
        self._queue.append(_Call(text, wav))
        if self._current is None:
            QTimer.singleShot(0, self, self._play_next)

    def set_volume(self, volume: int) -> None:
        """0 to 100, perceived loudness (a logarithmic slider, as Qt recommends)."""
        self._volume = max(0, min(100, int(volume)))
        if self._output is not None:
            self._output.setVolume(self._linear_volume())

    def set_muted(self, muted: bool) -> None:
        """Muted calls still play through the queue (silently) and signal as usual."""
        self._muted = bool(muted)
        if self._output is not None:
            self._output.setMuted(self._muted)

    def pending(self) -> int:
        """Calls queued or playing."""
        return len(self._queue) + (self._current is not None)

    # -- playing --------------------------------------------------------------------

    def _linear_volume(self) -> float:
        return QtAudio.convertVolume(self._volume / 100,
                                     QtAudio.VolumeScale.LogarithmicVolumeScale,
                                     QtAudio.VolumeScale.LinearVolumeScale)

    def _ensure_player(self) -> QMediaPlayer | None:
        if self._player is None and not self._no_backend:
            player = QMediaPlayer(self)
            if not player.isAvailable():
                log.error("no Qt multimedia backend: calls are shown but not spoken")
                self._no_backend = True
                player.deleteLater()
                return None
            self._output = QAudioOutput(self)
            self._output.setVolume(self._linear_volume())
            self._output.setMuted(self._muted)
            player.setAudioOutput(self._output)
            player.mediaStatusChanged.connect(self._status_changed)
            player.errorOccurred.connect(self._failed)
            self._player = player
        return self._player

    def _play_next(self) -> None:
        if self._current is not None or not self._queue:
            return
        call = self._current = self._queue.popleft()
        self.started.emit(call.text)
        player = self._ensure_player() if call.wav is not None else None
        if player is None or call.wav is None:
            QTimer.singleShot(0, self, lambda: self._finish(call))
            return
        data = QByteArray(call.wav)
        buffer = QBuffer(self)
        buffer.setData(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old = self._buffer
        self._data, self._buffer = data, buffer  # alive as long as the player reads them
        self._watchdog.start(_wav_ms(call.wav) + WATCHDOG_SLACK_MS)
        try:
            player.setSourceDevice(buffer, QUrl("announcement.wav"))
            player.play()
        except Exception as exc:  # noqa: BLE001 - a broken backend must not block the queue
            self._problem(f"could not play ({exc!r})", call)
            QTimer.singleShot(0, self, lambda: self._finish(call))
        if old is not None:
            old.close()
            old.deleteLater()

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._current is None:
            return
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._last_problem = None
            self._finish(self._current)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._problem("invalid media", self._current)
            self._finish(self._current)

    def _failed(self, error: QMediaPlayer.Error, message: str) -> None:
        if error == QMediaPlayer.Error.NoError or self._current is None:
            return
        self._problem(f"{error.name}: {message}", self._current)
        self._finish(self._current)

    def _overran(self) -> None:
        if self._current is None:
            return
        self._problem("overran its length, dropped", self._current)
        if self._player is not None:
            self._player.stop()
        self._finish(self._current)

    def _problem(self, problem: str, call: _Call) -> None:
        """Log a failed call; the same failure again and again is logged once."""
        level = logging.DEBUG if problem == self._last_problem else logging.WARNING
        self._last_problem = problem
        log.log(level, "announcement not played (%s): %s", problem, call.text)

    def _finish(self, call: _Call) -> None:
        """End `call` once (status, error and watchdog may all report it), then go on."""
        if self._current is not call:
            return
        self._current = None
        self._watchdog.stop()
        self.finished.emit(call.text)
        # Next turn of the event loop: never set a new source inside the player's signal.
        QTimer.singleShot(0, self, self._play_next)


def _wav_ms(wav: bytes) -> int:
    """The length of a PCM WAV from its header; a rough guess if the header is odd."""
    try:
        with wave.open(io.BytesIO(wav), "rb") as reader:
            return reader.getnframes() * 1000 // max(1, reader.getframerate())
    except (wave.Error, EOFError):
        return len(wav) // WAV_BYTES_PER_MS_FALLBACK
