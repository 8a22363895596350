"""Reads ESC/POS bytes back: the printed text, the images, the cuts and the QR payloads.

For tests and previews of what printers/escpos_render.py sends; not an emulator (no
layout, fonts or sizes). It knows the commands python-escpos emits and skips them with
their argument lengths; any other byte raises ValueError naming its offset, so a test
notices a command it has not been taught. Text is decoded through `ESC t n` code-page
switches: Python codecs for the standard pages, python-escpos's own tables for TCVN-3.
Images: `GS v 0` (python-escpos's default for image() and qr()), `GS ( L` and `ESC *`.
Pure function; any thread.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import zxingcpp
from escpos.capabilities import get_profile
from escpos.codepages import CodePages
from PIL import Image, ImageOps

ESC, GS, DLE = 0x1B, 0x1D, 0x10
# Commands with a fixed number of argument bytes after ESC x / GS x.
_ESC_ARGS = {b"@": 0, b"2": 0, b"t": 1, b"a": 1, b"E": 1, b"G": 1, b"!": 1, b"-": 1, b"d": 1,
             b"e": 1, b"J": 1, b"M": 1, b"3": 1, b"A": 1, b"+": 1, b"{": 1, b"r": 1,
             b"=": 1, b"R": 1, b"U": 1, b"V": 1, b" ": 1, b"$": 2, b"\\": 2, b"B": 2,
             b"c": 2, b"?": 2, b"p": 3}
_GS_ARGS = {b"!": 1, b"B": 1, b"b": 1, b"|": 1, b"H": 1, b"f": 1, b"h": 1, b"w": 1,
            b"a": 1, b"L": 2, b"W": 2, b"P": 2}
_INVERT = bytes(255 - i for i in range(256))  # ESC/POS: 1 = black dot; PIL "1": 1 = white


@dataclass
class Decoded:
    text: str = ""
    images: list[Image.Image] = field(default_factory=list)
    cuts: int = 0
    qr_payloads: list[str] = field(default_factory=list)
    code_pages: list[str] = field(default_factory=list)  # every page switched to, in order


@lru_cache(maxsize=128)
def _high_half(encoding: str) -> tuple[str, ...]:
    """Characters 0x80..0xFF of a code page, '\ufffd' where it has none."""
    try:
        page = CodePages.get_encoding(encoding)
    except KeyError:
        page = {}
    if "data" in page:
        chars = "".join(page["data"])
        return tuple("\ufffd" if c == " " else c for c in chars)  # " " marks a hole
    if "python_encode" in page:
        return tuple(bytes([b]).decode(page["python_encode"], errors="replace")
                     for b in range(0x80, 0x100))
    raise ValueError(f"no table for code page {encoding!r}")


class _Reader:
    def __init__(self, data: bytes, profile: str | None) -> None:
        self.data = data
        self.slots = {int(k): v for k, v in get_profile(profile).codePages.items()}
        self.out = Decoded()
        self.text: list[str] = []
        self.page = self.slots.get(0, "CP437")
        self.stripes: list[Image.Image] = []  # ESC * bands of one column-format image
        self.start = 0  # where the command being read begins

    def need(self, at: int, count: int) -> bytes:
        if at + count > len(self.data):
            raise ValueError(f"ESC/POS command at offset {self.start} is cut short")
        return self.data[at:at + count]

    def run(self) -> Decoded:
        i, data = 0, self.data
        while i < len(data):
            byte, self.start = data[i], i
            if byte == ESC:
                i = self.esc(i)
            elif byte == GS:
                i = self.gs(i)
            elif byte == DLE and data[i + 1:i + 2] == b"\x04":
                i += 3
            elif byte == 0x0A:
                if not self.stripes:
                    self.text.append("\n")
                i += 1
            elif byte in (0x0D, 0x0C):
                i += 1
            elif byte == 0x09 or 0x20 <= byte < 0x7F:
                self.flush_stripes()
                self.text.append(chr(byte))
                i += 1
            elif byte >= 0x80:
                char = _high_half(self.page)[byte - 0x80]
                if char == "\ufffd":
                    raise ValueError(f"byte 0x{byte:02x} at offset {i} is not in {self.page}")
                self.text.append(char)
                i += 1
            else:
                raise ValueError(f"unknown ESC/POS byte 0x{byte:02x} at offset {i}")
        self.flush_stripes()
        self.out.text = "".join(self.text)
        for image in self.out.images:
            framed = ImageOps.expand(image.convert("L"), border=32, fill=255)  # paper is white
            for code in zxingcpp.read_barcodes(framed, formats=zxingcpp.BarcodeFormat.QRCode):
                self.out.qr_payloads.append(code.text)
        return self.out

    def esc(self, i: int) -> int:
        cmd = self.need(i + 1, 1)
        if cmd == b"*":
            return self.column_image(i)
        if cmd == b"D":  # tab stops, NUL-terminated
            end = self.data.find(b"\x00", i + 2)
            if end < 0:
                raise ValueError(f"ESC D at offset {i} has no end")
            return end + 1
        if cmd not in _ESC_ARGS:
            raise ValueError(f"unknown command ESC 0x{cmd[0]:02x} at offset {i}")
        args = self.need(i + 2, _ESC_ARGS[cmd])
        if cmd == b"@":
            self.page = self.slots.get(0, "CP437")
        elif cmd == b"t":
            if args[0] not in self.slots:
                raise ValueError(f"ESC t {args[0]} at offset {i}: no such page in the profile")
            self.page = self.slots[args[0]]
            self.out.code_pages.append(self.page)
        elif cmd == b"d":
            self.text.append("\n" * args[0])
        elif cmd == b"2":
            self.flush_stripes()
        return i + 2 + len(args)

    def gs(self, i: int) -> int:
        cmd = self.need(i + 1, 1)
        self.flush_stripes()
        if cmd == b"V":  # cut: m, and a feed amount for m = 65/66
            m = self.need(i + 2, 1)[0]
            self.out.cuts += 1
            return i + (4 if m in (65, 66, 97, 98, 103, 104) else 3)
        if cmd == b"v":  # GS v 0 m xL xH yL yH d1...dk: raster bit image
            head = self.need(i + 2, 6)
            if head[0:1] != b"0":
                raise ValueError(f"unknown GS v variant at offset {i}")
            width_bytes, height = head[2] + 256 * head[3], head[4] + 256 * head[5]
            bits = self.need(i + 8, width_bytes * height)
            self.add_raster(width_bytes * 8, height, bits)
            return i + 8 + len(bits)
        if cmd == b"(":  # GS ( fn pL pH data: 2D codes, graphics
            fn, low, high = self.need(i + 2, 3)
            body = self.need(i + 5, low + 256 * high)
            if fn == ord("k") and body[:2] == b"1P":  # store QR data: cn fn m d1...dk
                self.out.qr_payloads.append(body[3:].decode("utf-8", errors="replace"))
            elif fn == ord("L") and body[1:2] in (b"p", b"q"):  # store raster graphics
                width, height = body[6] + 256 * body[7], body[8] + 256 * body[9]
                self.add_raster(width, height, body[10:])
            return i + 5 + len(body)
        if cmd == b"k":  # barcode: m <= 6 NUL-terminated, else n and n bytes
            m = self.need(i + 2, 1)[0]
            if m <= 6:
                end = self.data.find(b"\x00", i + 3)
                if end < 0:
                    raise ValueError(f"GS k at offset {i} has no end")
                return end + 1
            return i + 4 + self.need(i + 3, 1)[0]
        if cmd not in _GS_ARGS:
            raise ValueError(f"unknown command GS 0x{cmd[0]:02x} at offset {i}")
        return i + 2 + len(self.need(i + 2, _GS_ARGS[cmd]))

    def add_raster(self, width: int, height: int, bits: bytes) -> None:
        row = (width + 7) // 8
        image = Image.frombytes("1", (row * 8, height), bits[:row * height].translate(_INVERT))
        self.out.images.append(image.crop((0, 0, width, height)) if width % 8 else image)

    def column_image(self, i: int) -> int:
        """ESC * m nL nH: one band, 8 or 24 dots tall, column by column."""
        m, low, high = self.need(i + 2, 3)
        columns, tall = low + 256 * high, 3 if m in (32, 33) else 1
        bits = self.need(i + 5, columns * tall)
        band = Image.frombytes("1", (tall * 8, columns), bits.translate(_INVERT))
        self.stripes.append(band.transpose(Image.Transpose.TRANSPOSE))
        return i + 5 + len(bits)

    def flush_stripes(self) -> None:
        if not self.stripes:
            return
        width = max(s.width for s in self.stripes)
        image = Image.new("1", (width, sum(s.height for s in self.stripes)), 1)
        top = 0
        for stripe in self.stripes:
            image.paste(stripe, (0, top))
            top += stripe.height
        self.out.images.append(image)
        self.stripes = []


def decode_escpos(data: bytes, *, profile: str | None = None) -> Decoded:
    """What `data` prints. `profile` maps `ESC t n` slots to pages (default: python-escpos's
    "default" profile, whose slots are Epson's, as on the TM-T20II and TM-T88V)."""
    return _Reader(data, profile).run()
