"""A layout written to an ESC/POS printer through python-escpos: text in the printer's
Vietnamese code pages, or every text block drawn as a 1-bit image with the bundled font.

Why both: the text path is small and fast, and python-escpos's automatic encoder prints
Vietnamese through TCVN-3 (code pages 30/31, switching mid-line). Some printers lack
those pages, or a site's printer is set up oddly; the raster path prints correctly on
any printer. Even in text mode a block holding a character no code page of the profile
has (an emoji, Chinese, a lone combining mark) is drawn as an image: python-escpos would
print '?' for it, or, for CJK, send the whole string as GB18030. `charcode()` is never
forced (CP1258 would print '?' for most Vietnamese letters; see platform-notes.md).

Runs on any worker thread (the printing pool or the CLI); it must never be needed on
the GUI thread, and it touches neither Qt nor the database. A printer object is used by
one thread at a time; fonts are cached per thread.
"""
from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from escpos.capabilities import get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.exceptions import ImageWidthError
from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont, ImageOps

from printers.layout import (QR, Align, Block, Columns, Field, Items, Layout, Rule, Space, Style,
                             Text)
from resources import resource_path

MODES = ("text", "raster")
_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIETNAMESE_LETTERS = _LOWER + _LOWER.upper()
_LINE_MM = 4.23  # the default line feed, 1/6 inch
_DEFAULT_DPI = 203
# Text mode: style -> (font, bold, width x, height x); HUGE's size is chosen to fit.
_TEXT_STYLE = {Style.SMALL: ("b", False, 1, 1), Style.BODY: ("a", False, 1, 1),
               Style.BOLD: ("a", True, 1, 1), Style.HEADING: ("a", True, 1, 2),
               Style.TITLE: ("a", True, 2, 2), Style.HUGE: ("a", True, 6, 6)}
# Raster mode: style -> (font px at 203 dpi, bold). HUGE: digits about 160 px tall.
_RASTER_STYLE = {Style.SMALL: (20, False), Style.BODY: (24, False), Style.BOLD: (24, True),
                 Style.HEADING: (30, True), Style.TITLE: (36, True), Style.HUGE: (220, True)}
# Controls never reach the printer (an ESC inside a name would be a command); CR is dropped.
_CONTROLS = {i: " " for i in [*range(32), *range(0x7F, 0xA0)] if i != 10} | {13: None}

Token = tuple[str, bool]  # a word, and whether it is bold
Line = tuple[float, list[Token]]  # indent (columns or pixels), words


@dataclass(frozen=True)
class _Piece:
    """Words in one style: a Text, a Field, one list item, a caption or the copy mark."""

    paragraphs: tuple[tuple[Token, ...], ...]
    style: Style = Style.BODY
    align: Align = Align.LEFT
    hanging: bool = False  # lines after the first start under the second word (list items)


def _paragraphs(*runs: tuple[str, bool]) -> tuple[tuple[Token, ...], ...]:
    paragraphs: list[list[Token]] = [[]]
    for text, bold in runs:
        clean = unicodedata.normalize("NFC", text).translate(_CONTROLS)
        for i, part in enumerate(clean.split("\n")):
            if i:
                paragraphs.append([])
            paragraphs[-1].extend((word, bold) for word in part.split())
    return tuple(tuple(p) for p in paragraphs)


def _ops(block: Block) -> Iterator[_Piece | QR | Rule | Space]:
    if isinstance(block, Text):
        yield _Piece(_paragraphs((block.text, False)), block.style, block.align)
    elif isinstance(block, Field):
        yield _Piece(_paragraphs((f"{block.label}:", True), (" " + block.value, False)))
    elif isinstance(block, Items):
        for n, line in enumerate(block.lines, 1):
            mark = f"{n}." if block.numbered else "-"
            yield _Piece(_paragraphs((f"{mark} {line}", False)), hanging=True)
    elif isinstance(block, Columns):  # a roll is narrow: one cell after another
        for cell in block.cells:
            for text in cell:
                yield from _ops(text)
    elif isinstance(block, QR):
        yield block
        if block.caption:
            yield _Piece(_paragraphs((block.caption, False)), Style.SMALL, Align.CENTER)
    else:
        yield block


def _wrap(piece: _Piece, limit: float, measure: Callable[[str, bool], float],
          space: float) -> list[Line]:
    """Greedy word wrap; a word longer than a whole line is cut (nothing else is)."""
    first = piece.paragraphs[0]
    hang = measure(*first[0]) + space if piece.hanging and first else 0.0
    hang = hang if hang <= limit / 2 else 0.0
    lines: list[Line] = []
    for paragraph in piece.paragraphs:
        line: list[Token] = []
        used = 0.0
        for word, bold in paragraph:
            indent = hang if lines else 0.0
            width = measure(word, bold)
            if line and used + space + width <= limit - indent:
                line.append((word, bold))
                used += space + width
                continue
            if line:
                lines.append((indent, line))
                indent = hang
            while width > limit - indent and len(word) > 1:
                cut = 1
                while cut < len(word) and measure(word[:cut + 1], bold) <= limit - indent:
                    cut += 1
                lines.append((indent, [(word[:cut], bold)]))
                word, indent = word[cut:], hang
                width = measure(word, bold)
            line, used = [(word, bold)], width
        lines.append((hang if lines else 0.0, line))
    return lines


class _Charset:
    """Which characters the profile's code pages print, asked of python-escpos's own encoder."""

    def __init__(self, code_pages: dict[str, int]) -> None:
        self._encoder = Encoder(code_pages)
        self._known: dict[str, bool] = {}

    def printable(self, char: str) -> bool:
        if " " <= char < "\x7f":
            return True
        known = self._known.get(char)
        if known is None:
            known = (unicodedata.combining(char) == 0  # printers do not compose marks
                     and not "\u4e00" <= char <= "\u9fa5"  # escpos sends these as GB18030
                     and any(self._encoder.can_encode(cp, char) for cp in self._encoder.codepages))
            self._known[char] = known
        return known


@lru_cache(maxsize=32)
def _charset(code_pages: tuple[tuple[str, int], ...]) -> _Charset:
    return _Charset(dict(code_pages))


def _profile_charset(profile: object) -> _Charset:
    return _charset(tuple(sorted(profile.get_code_pages().items())))  # type: ignore[attr-defined]


@lru_cache(maxsize=64)
def text_mode_ok(profile_name: str | None) -> bool:
    """True if python-escpos can print every Vietnamese letter (NFC, both cases, đ Đ) as text.

    Decided by asking python-escpos's encoder letter by letter, not by page names. In
    practice that means TCVN-3-1 and TCVN-3-2 (TM-T20II, TM-T88V, "default"). CP1258 alone
    is not enough: it holds base letters plus combining tones, and the encoder only maps
    precomposed letters, so "ố" or "ự" would print '?' (POS-5890 has CP1258 and no TCVN:
    False). Unknown profile names raise KeyError, like python-escpos does.
    """
    charset = _profile_charset(get_profile(profile_name))
    return all(charset.printable(c) for c in VIETNAMESE_LETTERS)


def _media(profile: object, key: str) -> int | None:
    media = getattr(profile, "profile_data", {}).get("media", {})
    value = media.get("width", {}).get(key) if key != "dpi" else media.get("dpi")
    return int(value) if isinstance(value, (int, float)) else None


def _columns(profile: object, font: str) -> int:
    try:
        return profile.get_columns(font)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a profile without fonts: guess from the paper
        mm = _media(profile, "mm")
        base = 32 if mm is not None and mm < 60 else 48
        return base if font == "a" else base * 4 // 3


class _Renderer:
    def __init__(self, printer: Escpos, vietnamese: str, width_px: int | None) -> None:
        if vietnamese not in MODES:
            raise ValueError(f"vietnamese must be one of {MODES}, not {vietnamese!r}")
        profile = printer.profile
        self.p = printer
        self.raster_only = vietnamese == "raster"
        self.charset = _profile_charset(profile)
        self.columns = _columns(profile, "a")
        self.small_font = "b" if "1" in profile.profile_data.get("fonts", {"1": 0}) else "a"
        self.small_columns = _columns(profile, self.small_font)
        self.dpi = _media(profile, "dpi") or _DEFAULT_DPI
        media_px = _media(profile, "pixels")
        self.width_px = width_px or media_px or 512
        if media_px is not None and self.width_px > media_px:
            raise ImageWidthError(f"{self.width_px} > {media_px}")
        self.centre_images = media_px is not None

    def copy(self, layout: Layout, mark: str) -> None:
        self.p.hw("INIT")  # ESC @: plain style, code page 0 ...
        self.p.magic.encoding = None  # ... so the encoder must announce its page again
        self.p.charcode("AUTO")  # undo any forced page on a reused printer object
        if mark:
            self.piece(_Piece(_paragraphs((mark, False)), Style.SMALL, Align.CENTER))
        for block in layout.blocks:
            for op in _ops(block):
                if isinstance(op, _Piece):
                    self.piece(op)
                elif isinstance(op, QR):
                    self.qr(op)
                elif isinstance(op, Rule):
                    self.plain()
                    self.p.text("-" * self.columns + "\n")
                elif isinstance(op, Space):
                    self.p.print_and_feed(max(1, min(255, round(op.mm / _LINE_MM))))
        self.plain()
        self.p.cut()  # feeds 6 lines, then cuts

    def plain(self, align: str = "left") -> None:
        self.p.set(custom_size=True, width=1, height=1)  # GS ! 0: ESC ! does not undo GS !
        self.p.set(normal_textsize=True, bold=False, font="a", align=align)

    def piece(self, piece: _Piece) -> None:
        chars = (c for paragraph in piece.paragraphs for word, _ in paragraph for c in word)
        if not self.raster_only and all(self.charset.printable(c) for c in chars):
            self.text_piece(piece)
        else:
            self.raster_piece(piece)

    def text_piece(self, piece: _Piece) -> None:
        font, bold, wide, high = _TEXT_STYLE[piece.style]
        font = self.small_font if font == "b" else font
        columns = self.small_columns if font == "b" else self.columns
        if piece.style is Style.HUGE:
            longest = max((len(w) for p in piece.paragraphs for w, _ in p), default=1)
            wide = high = next((k for k in range(6, 0, -1) if longest <= columns // k), 1)
        self.p.set(custom_size=True, width=1, height=1)
        self.p.set(normal_textsize=True, double_width=(wide, high) == (2, 2),
                   double_height=high == 2, bold=bold, font=font, align=piece.align.value)
        if wide > 2:
            self.p.set(custom_size=True, width=wide, height=high)
        segments: list[list] = []  # [text, bold] runs, neighbours merged
        for indent, line in _wrap(piece, max(1, columns // wide), lambda w, b: len(w), 1):
            words = [(" " * int(indent), bold)] if indent else []
            for i, (word, strong) in enumerate(line):
                words.append(((" " if i else "") + word, bold or strong))
            words.append(("\n", bold))
            for text, strong in words:
                if segments and segments[-1][1] == strong:
                    segments[-1][0] += text
                else:
                    segments.append([text, strong])
        current = bold
        for text, strong in segments:
            if strong != current:
                self.p.set(bold=strong)
                current = strong
            self.p.text(text)
        if current != bold:
            self.p.set(bold=bold)

    def raster_piece(self, piece: _Piece) -> None:
        size, bold = _RASTER_STYLE[piece.style]
        size = round(size * self.dpi / _DEFAULT_DPI)
        limit = self.width_px - 4
        if piece.style is Style.HUGE:
            longest = max((_font(True, size).getlength(w) for p in piece.paragraphs
                           for w, _ in p), default=0.0)
            if longest > limit:
                size = max(12, int(size * limit / longest))
        image = _draw(piece, size, bold, self.width_px, limit, crop=piece.style is Style.HUGE)
        self.p.image(image)

    def qr(self, block: QR) -> None:
        if not block.payload:
            return
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
        code.add_data(block.payload)
        # Only the version (python-escpos draws the code), plus its 1-module border.
        modules = code.best_fit() * 4 + 17 + 2
        box = max(1, min(16, round(block.size_mm / 25.4 * self.dpi / modules)))
        while box > 1 and modules * box > self.width_px:
            box -= 1
        self.plain(align="center")  # centres the image where the paper width is unknown
        self.p.qr(block.payload, ec=QR_ECLEVEL_M, size=box, native=False,
                  center=self.centre_images)


_fonts = threading.local()


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    cache = _fonts.__dict__.setdefault("cache", {})
    font = cache.get((bold, size))
    if font is None:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        font = cache[(bold, size)] = ImageFont.truetype(str(resource_path("fonts", name)), size)
    return font


def _draw(piece: _Piece, size: int, bold: bool, width: int, limit: int,
          crop: bool) -> Image.Image:
    """The piece as a 1-bit image `width` px wide, black on white, aligned inside."""
    def measure(word: str, strong: bool) -> float:
        return _font(bold or strong, size).getlength(word)

    space = measure(" ", False)
    lines = _wrap(piece, limit, measure, space)
    ascent, descent = _font(bold, size).getmetrics()
    pad = round(size * 0.12)  # stacked marks (Ố, Ẫ) reach above the ascent
    step = ascent + descent + round(size * 0.15)
    image = Image.new("1", (width, pad + step * len(lines)), 1)
    draw = ImageDraw.Draw(image)
    for row, (indent, line) in enumerate(lines):
        used = indent + sum(measure(w, b) for w, b in line) + space * max(0, len(line) - 1)
        x = {Align.LEFT: 0.0, Align.CENTER: (width - used) / 2, Align.RIGHT: width - used}
        left = max(0.0, x[piece.align]) + (indent if piece.align is Align.LEFT else 0.0)
        for word, strong in line:
            draw.text((left, pad + row * step), word, font=_font(bold or strong, size), fill=0)
            left += measure(word, strong) + space
    if crop:  # the ticket number: only the ink and a little margin
        box = ImageOps.invert(image.convert("L")).getbbox()
        if box:
            image = image.crop((0, max(0, box[1] - 8), width, min(image.height, box[3] + 8)))
    return image


def render_escpos(layout: Layout, printer: Escpos, *, vietnamese: str = "text",
                  width_px: int | None = None) -> None:
    """Write every copy of the layout to `printer`, each starting with ESC @ and ending cut.

    vietnamese="text": text through python-escpos's automatic encoder, except blocks with a
    character the profile cannot print (drawn instead). "raster": every text block drawn
    with DejaVu Sans, at most `width_px` wide (default: the profile's paper width, else 512;
    more than the profile's width raises ImageWidthError before anything is written).
    """
    renderer = _Renderer(printer, vietnamese, width_px)
    for mark in layout.copies:
        renderer.copy(layout, mark)


def escpos_bytes(layout: Layout, *, profile: str | None = "TM-T20II",
                 vietnamese: str = "text") -> bytes:
    """The whole job as bytes, rendered on python-escpos's Dummy printer (sent in one write)."""
    printer = Dummy(profile=profile)
    render_escpos(layout, printer, vietnamese=vietnamese)
    return printer.output
