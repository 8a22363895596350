"""The layout model: what a printed page says, independent of how it is printed.

A layout is a list of blocks built once from a domain object (ticket, receipt,
slip, day report). Backends only translate blocks: ESC/POS (text in the
printer's Vietnamese code page, or a raster image drawn with the bundled font)
and PDF (80 mm roll or A4). Plain immutable data: any thread may hold it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Style(str, Enum):
    SMALL = "small"  # notes, footers
    BODY = "body"
    BOLD = "bold"
    HEADING = "heading"  # section and form titles
    TITLE = "title"  # the form's title line
    HUGE = "huge"  # the ticket number


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Paper(str, Enum):
    ROLL_80 = "roll80"  # thermal roll or 80 mm PDF
    A4 = "a4"


@dataclass(frozen=True)
class Text:
    text: str
    style: Style = Style.BODY
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Field:
    """`label: value` on one line where it fits, the label set apart (bold on paper)."""

    label: str
    value: str


@dataclass(frozen=True)
class Items:
    """A list: numbered (1. 2. 3.) or with a bullet."""

    lines: tuple[str, ...]
    numbered: bool = True


@dataclass(frozen=True)
class Columns:
    """Side by side on A4 (the form's header, the two signatures); one after another on a roll."""

    cells: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class QR:
    payload: str
    caption: str = ""
    size_mm: float = 30.0


@dataclass(frozen=True)
class Rule:
    """A horizontal line."""


@dataclass(frozen=True)
class Space:
    mm: float = 4.0


Block = Text | Field | Items | Columns | QR | Rule | Space


@dataclass(frozen=True)
class Layout:
    kind: str  # ticket | receipt | slip | report | test
    title: str  # for the PDF's metadata and the job list
    blocks: tuple[Block, ...]
    paper: Paper = Paper.ROLL_80
    copies: tuple[str, ...] = field(default=("",))  # a mark printed on each copy, e.g. "Liên 1: Lưu"

    def plain_text(self) -> str:
        """Every word of the layout, in order (for tests, logs of job titles, and previews)."""
        out: list[str] = []

        def walk(block: Block) -> None:
            if isinstance(block, Text):
                out.append(block.text)
            elif isinstance(block, Field):
                out.append(f"{block.label}: {block.value}")
            elif isinstance(block, Items):
                out.extend(block.lines)
            elif isinstance(block, Columns):
                for cell in block.cells:
                    for text in cell:
                        walk(text)
            elif isinstance(block, QR) and block.caption:
                out.append(block.caption)

        for block in self.blocks:
            walk(block)
        return "\n".join(out)

    def qr_payloads(self) -> list[str]:
        return [b.payload for b in self.blocks if isinstance(b, QR)]
