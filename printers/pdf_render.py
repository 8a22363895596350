"""Render a layout (printers.layout) to PDF: an A4 form or an 80 mm roll.

Why: the receipt (Mẫu số 01) and day reports go to A4 through the system
printer or into the record, and an 80 mm PDF previews a ticket or prints it
where no ESC/POS printer answers. reportlab's built-in fonts draw boxes for
Vietnamese, so the bundled DejaVu Sans TTFs are registered once, under a lock.

Thread: any worker thread. Renders are serialised by a module lock because
reportlab keeps process-global state (font registry, subset state on shared
TTFont objects); a render takes tens of ms. No Qt, no database.

Rules beyond the obvious:
- A4: each entry of `layout.copies` starts a new page; its mark ("Liên 1: Lưu")
  is drawn small in the top-right margin of every page of that copy.
- A4: a Columns block that opens the layout (Space aside) is the document
  header of Decree 30/2020/NĐ-CP: its lines shrink (to 85 % at most) rather
  than wrap, and the last bold line of each cell is underlined, in full in
  the right-most cell (the motto), 40 % of it elsewhere (the agency's name).
- Roll: 80 mm wide, 4 mm margins, Columns stacked, the copy mark a small first
  line, one page per copy measured to fit the content.
- Text is NFC-normalised, stripped of control characters and escaped for
  Paragraph markup: "&" and "<b>" in user text print literally.
- The same layout gives the same bytes (reportlab's `invariant`).
"""
from __future__ import annotations

import os
import re
import threading
import unicodedata
import uuid
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
import qrcode.constants
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, HRFlowable, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle)

from printers.layout import QR, Align, Block, Columns, Field, Items, Layout, Paper, Rule, Space, Style, Text
from resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
CREATOR = "mot-cua-kiosk"

A4_MARGIN_LEFT = 20 * mm
A4_MARGIN = 15 * mm  # top, right, bottom
ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm
MAX_PAGE_HEIGHT = 14400.0  # 200 in, the PDF viewers' limit; a longer roll continues on a new page

_FONT_LOCK = threading.Lock()
_RENDER_LOCK = threading.Lock()
_fonts_ready = False
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ALIGN = {Align.LEFT: TA_LEFT, Align.CENTER: TA_CENTER, Align.RIGHT: TA_RIGHT}
_BOLD_STYLES = (Style.BOLD, Style.HEADING, Style.TITLE, Style.HUGE)


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) with reportlab once per process."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _FONT_LOCK:
        if _fonts_ready:
            return
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        _fonts_ready = True


def _clean(text: str) -> str:
    """NFC, no control characters, tabs as spaces (line breaks kept)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def _markup(text: str) -> str:
    """Plain text as Paragraph mini-markup: escaped, line breaks kept."""
    return escape(_clean(text)).replace("\n", "<br/>")


_SIZES = {  # points; DejaVu Sans 11 pt is about as wide as the forms' Times 13 pt
    Paper.A4: {Style.SMALL: 9, Style.BODY: 11, Style.BOLD: 11, Style.HEADING: 12.5, Style.TITLE: 14,
               Style.HUGE: 72},
    Paper.ROLL_80: {Style.SMALL: 7.5, Style.BODY: 9, Style.BOLD: 9, Style.HEADING: 10, Style.TITLE: 11,
                    Style.HUGE: 60},
}
_GAP = {Paper.A4: 3.0, Paper.ROLL_80: 1.5}  # space after a paragraph


def _style(paper: Paper, style: Style, align: Align = Align.LEFT, scale: float = 1.0,
           after: float | None = None) -> ParagraphStyle:
    size, gap = _SIZES[paper][style] * scale, _GAP[paper]
    return ParagraphStyle(
        f"{style.value}-{align.value}-{size:.2f}", fontName=FONT_BOLD if style in _BOLD_STYLES else FONT,
        fontSize=size, leading=size * (1.12 if style is Style.HUGE else 1.3), alignment=_ALIGN[align],
        spaceBefore={Style.TITLE: 2 * gap, Style.HEADING: gap}.get(style, 0),
        spaceAfter=gap if after is None else after, bulletFontName=FONT, bulletFontSize=size,
    )


def _longest(text: str, style: ParagraphStyle) -> float:
    """Width of the longest line of the text, unwrapped."""
    return max(pdfmetrics.stringWidth(line, style.fontName, style.fontSize) for line in _clean(text).split("\n"))


def _shares(natural: list[float], width: float) -> list[float]:
    """Column widths: equal when every cell fits its share; natural plus an equal part of the slack
    when they fit together; else half an equal share each and the rest by natural width."""
    k = len(natural)
    equal = width / k
    if all(n <= equal for n in natural):
        return [equal] * k
    if sum(natural) <= width:
        return [n + (width - sum(natural)) / k for n in natural]
    capped = [min(n, width) for n in natural]
    return [equal / 2 + (width - k * equal / 2) * c / sum(capped) for c in capped]


class _Underline(Flowable):
    """A solid rule under the line above it (the header's agency name and motto)."""

    def __init__(self, length: float, align: Align) -> None:
        super().__init__()
        self.length, self.align = length, align

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return avail_width, 6

    def draw(self) -> None:
        length = min(self.length, self.avail_width)
        x = {Align.LEFT: 0.0, Align.CENTER: (self.avail_width - length) / 2,
             Align.RIGHT: self.avail_width - length}[self.align]
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 2, x + length, 2)


class _QrCode(Flowable):
    """A QR code (qrcode package, level M), `size` points square with its 4-module quiet zone, centred.

    Drawn as rectangles straight on the canvas: reportlab's Drawing would pull Helvetica into the PDF."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(payload.encode("utf-8"))
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.size, self.hAlign = size, "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        module = self.size / len(self.matrix)
        self.canv.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(self.matrix):
            y = self.size - (r + 1) * module
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.canv.rect(start * module, y, (c - start) * module, module, stroke=0, fill=1)
                c += 1


class _CopyMarkSetter(Flowable):
    """Zero-size: records which copy the pages from here on belong to (A4)."""

    def __init__(self, holder: list[str], mark: str) -> None:
        super().__init__()
        self.holder, self.mark = holder, mark

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.holder[0] = self.mark


class _Builder:
    """Turns blocks into flowables for one paper."""

    def __init__(self, paper: Paper, width: float) -> None:
        self.paper, self.width, self.gap = paper, width, _GAP[paper]

    def text(self, block: Text, width: float | None = None, scale: float = 1.0,
             after: float | None = None) -> Flowable:
        style = _style(self.paper, block.style, block.align, scale, after)
        if not block.text.strip():
            return Spacer(1, style.leading)  # an empty line stays a line, as on the printer
        room = (width or self.width) - 2
        if block.style is Style.HUGE and _longest(block.text, style) > room:  # "A1025" must fit the roll
            size = max(style.fontSize * room / _longest(block.text, style), _SIZES[self.paper][Style.HEADING])
            style.fontSize, style.leading = size, size * 1.12
        para = Paragraph(_markup(block.text), style)
        para.keepWithNext = block.style in (Style.HEADING, Style.TITLE) and width is None
        return para

    def field(self, block: Field) -> Flowable:
        label, value = _markup(block.label), _markup(block.value)
        text = f"<b>{label}:</b> {value}" if label else value
        return Paragraph(text, _style(self.paper, Style.BODY))

    def items(self, block: Items) -> list[Flowable]:
        if not block.lines:
            return []
        base = _style(self.paper, Style.BODY)
        marks = [f"{i}." if block.numbered else "•" for i in range(1, len(block.lines) + 1)]
        indent = max(pdfmetrics.stringWidth(m, FONT, base.fontSize) for m in marks) + base.fontSize * 0.5
        style = ParagraphStyle(f"items-{indent}", parent=base, leftIndent=indent, bulletIndent=0,
                               spaceAfter=self.gap * 0.6)
        return [Paragraph(_markup(line), style, bulletText=mark) for mark, line in zip(marks, block.lines)]

    def qr(self, block: QR) -> list[Flowable]:
        out: list[Flowable] = []
        payload = _clean(block.payload)
        if payload:
            size = min(max(block.size_mm, 10.0) * mm, self.width)
            code = _QrCode(payload, size)
            code.keepWithNext = bool(block.caption.strip())
            out.append(code)
        if block.caption.strip():
            out.append(Paragraph(_markup(block.caption), _style(self.paper, Style.SMALL, Align.CENTER)))
        return out

    def rule(self) -> Flowable:
        return HRFlowable(width="100%", thickness=0.6, color="black", spaceBefore=self.gap,
                          spaceAfter=self.gap * 2)

    def columns(self, block: Columns, header: bool) -> list[Flowable]:
        cells = list(block.cells)
        if not cells:
            return []
        if self.paper is not Paper.A4:  # stacked on a roll
            out: list[Flowable] = []
            for i, cell in enumerate(cells):
                if i:
                    out.append(Spacer(1, self.gap * 2))
                out.extend(self.text(t) for t in cell)
            return out
        pad, k = 3.0, len(cells)
        extra = 2 * pad + 1  # padding, and a point so a line that just fits does not wrap
        natural = [max((_longest(t.text, _style(self.paper, t.style)) for t in cell), default=0.0)
                   for cell in cells]
        scale = 1.0  # shrink (to 85 % at most) rather than wrap: an official header never wraps
        if sum(natural) + k * extra > self.width and sum(natural):
            scale = max(0.85, min(1.0, (self.width - k * extra) / sum(natural)))
        widths = _shares([n * scale + extra for n in natural], self.width)
        row: list[list[Flowable]] = []
        for index, (cell, width) in enumerate(zip(cells, widths)):
            bold = [i for i, t in enumerate(cell) if t.style in _BOLD_STYLES and t.text.strip()]
            underline = bold[-1] if header and bold else -1
            content: list[Flowable] = []
            for i, text in enumerate(cell):
                content.append(self.text(text, width - 2 * pad, scale, after=0 if i == underline else None))
                if i == underline:  # the motto in full, the agency's name 40 % (Decree 30/2020)
                    length = min(_longest(text.text, content[-1].style), width - 2 * pad)
                    content.append(_Underline(length * (1.0 if index == k - 1 else 0.4), text.align))
            row.append(content or [Spacer(1, 1)])
        table = Table([row], colWidths=widths, splitInRow=1, hAlign="CENTER")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        table.spaceAfter = self.gap * 2
        return [table]

    def blocks(self, blocks: tuple[Block, ...]) -> list[Flowable]:
        out: list[Flowable] = []
        first = next((b for b in blocks if not isinstance(b, Space)), None)
        for block in blocks:
            if isinstance(block, Text):
                out.append(self.text(block))
            elif isinstance(block, Field):
                out.append(self.field(block))
            elif isinstance(block, Rule):
                out.append(self.rule())
            elif isinstance(block, Space):
                out.append(Spacer(1, max(block.mm, 0.0) * mm))
            elif isinstance(block, Items):
                out.extend(self.items(block))
            elif isinstance(block, Columns):
                out.extend(self.columns(block, header=block is first))
            elif isinstance(block, QR):
                out.extend(self.qr(block))
        return out


def _measure(flows: list[Flowable], width: float) -> float:
    """Height the flowables take in a frame of this width (an upper bound of Frame's own sum)."""
    total = 0.0
    for i, flow in enumerate(flows):
        _, height = flow.wrap(width, MAX_PAGE_HEIGHT * 100)
        total += (flow.getSpaceBefore() if i else 0.0) + height + flow.getSpaceAfter()
    return total


def _doc(buffer: BytesIO, layout: Layout, pagesize: tuple[float, float]) -> BaseDocTemplate:
    return BaseDocTemplate(
        buffer, pagesize=pagesize, title=_clean(layout.title), creator=CREATOR,
        subject=_clean(layout.kind), lang="vi-VN", invariant=1, initialFontName=FONT,
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
    )


def _render_a4(layout: Layout, buffer: BytesIO) -> None:
    width, height = A4
    frame_width = width - A4_MARGIN_LEFT - A4_MARGIN
    current = [""]

    def draw_mark(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if current[0]:
            canvas.saveState()
            canvas.setFont(FONT, _SIZES[Paper.A4][Style.SMALL])
            canvas.drawRightString(width - A4_MARGIN, height - A4_MARGIN + 3 * mm, current[0])
            canvas.restoreState()

    frame = Frame(A4_MARGIN_LEFT, A4_MARGIN, frame_width, height - 2 * A4_MARGIN, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = _doc(buffer, layout, A4)
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame], onPageEnd=draw_mark, pagesize=A4)])
    story: list[Flowable] = []
    builder = _Builder(Paper.A4, frame_width)
    for i, mark in enumerate((layout.copies or ("",))):
        if i:
            story.append(PageBreak())
        story.append(_CopyMarkSetter(current, _clean(mark)))
        story.extend(builder.blocks(layout.blocks))
    doc.build(story)


def _render_roll(layout: Layout, buffer: BytesIO) -> None:
    frame_width = ROLL_WIDTH - 2 * ROLL_MARGIN
    builder = _Builder(Paper.ROLL_80, frame_width)
    templates: list[PageTemplate] = []
    story: list[Flowable] = []
    for i, mark in enumerate((layout.copies or ("",))):
        flows: list[Flowable] = []
        if mark.strip():
            flows.append(Paragraph(_markup(mark), _style(Paper.ROLL_80, Style.SMALL, Align.RIGHT)))
        flows.extend(builder.blocks(layout.blocks))
        content = _measure(flows, frame_width) + 1 * mm  # slack for rounding
        page_height = min(content + 2 * ROLL_MARGIN, MAX_PAGE_HEIGHT)
        frame = Frame(ROLL_MARGIN, ROLL_MARGIN, frame_width, page_height - 2 * ROLL_MARGIN,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"roll{i}")
        templates.append(PageTemplate(id=f"copy{i}", frames=[frame], pagesize=(ROLL_WIDTH, page_height)))
        if i:
            story.extend([NextPageTemplate(f"copy{i}"), PageBreak()])
        story.extend(flows)
    doc = _doc(buffer, layout, (ROLL_WIDTH, templates[0].pagesize[1]))
    doc.addPageTemplates(templates)
    doc.build(story)


def render_pdf(layout: Layout) -> bytes:
    """The layout as a PDF document, all copies in one file."""
    register_fonts()
    buffer = BytesIO()
    with _RENDER_LOCK:
        (_render_a4 if Paper(layout.paper) is Paper.A4 else _render_roll)(layout, buffer)
    return buffer.getvalue()


def render_pdf_file(layout: Layout, path: Path) -> Path:
    """Write the PDF atomically: a temporary file in the same folder (created with the umask's
    permissions, unlike mkstemp's 0600), fsynced, then os.replace."""
    data = render_pdf(layout)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
