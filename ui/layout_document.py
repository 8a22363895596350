"""A layout as a QTextDocument: what Qt's print support prints and previews (A4 at the counter).

The PDF and ESC/POS backends live in printers/; this third translation exists
because printing to a system printer and its preview dialog are Qt's. Any
thread may build one (it is not shown), the GUI thread previews it.
"""
from __future__ import annotations

import html
import io

import qrcode
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from printers.layout import QR, Columns, Field, Items, Layout, Paper, Rule, Space, Style, Text

POINTS = {Paper.A4: {Style.SMALL: 9, Style.BODY: 12, Style.BOLD: 12, Style.HEADING: 13,
                     Style.TITLE: 15, Style.HUGE: 64},
          Paper.ROLL_80: {Style.SMALL: 7, Style.BODY: 9, Style.BOLD: 9, Style.HEADING: 11,
                          Style.TITLE: 12, Style.HUGE: 48}}


def _text(block: Text, paper: Paper, underline: bool = False, points: int | None = None) -> str:
    weight = "bold" if block.style in (Style.BOLD, Style.HEADING, Style.TITLE, Style.HUGE) else "normal"
    decoration = "; text-decoration: underline" if underline else ""
    words = html.escape(block.text) if block.text.strip() else "&nbsp;"  # keep signing space
    return (f'<p align="{block.align.value}" style="font-size:{points or POINTS[paper][block.style]}pt; '
            f'font-weight:{weight}{decoration}; margin:0">{words}</p>')


def _cell(texts: tuple[Text, ...], paper: Paper, header: bool) -> str:
    """A column; in the form's header (Decree 30/2020) the last bold line is underlined."""
    last_bold = max((i for i, t in enumerate(texts) if t.style is Style.BOLD), default=-1)
    points = HEADER_POINTS if header else None
    return "".join(_text(t, paper, header and i == last_bold, points)
                   for i, t in enumerate(texts))


HEADER_POINTS = 9  # the agency and the motto each fit on one line of half an A4 page


def _qr_image(payload: str) -> QImage:
    buffer = io.BytesIO()
    qrcode.make(payload, border=1).save(buffer, format="PNG")
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


def layout_document(layout: Layout) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet("p { margin: 0; } td { padding: 2px; }")
    size = POINTS[layout.paper][Style.BODY]
    parts: list[str] = []
    qr_count = 0
    for index, mark in enumerate(layout.copies):
        style = ' style="page-break-before: always"' if index else ""
        parts.append(f'<div{style}><p align="right" style="font-size:{size - 2}pt">'
                     f'{html.escape(mark)}</p>')
        for position, block in enumerate(layout.blocks):
            if isinstance(block, Text):
                parts.append(_text(block, layout.paper))
            elif isinstance(block, Field):
                parts.append(f'<p style="font-size:{size}pt"><b>{html.escape(block.label)}:</b> '
                             f'{html.escape(block.value)}</p>')
            elif isinstance(block, Items):
                tag = "ol" if block.numbered else "ul"
                items = "".join(f"<li>{html.escape(line)}</li>" for line in block.lines)
                parts.append(f'<{tag} style="font-size:{size}pt; margin:0">{items}</{tag}>')
            elif isinstance(block, Columns):
                width = 100 // max(1, len(block.cells))
                header = position == 0 and layout.paper is Paper.A4
                size = POINTS[layout.paper][Style.BODY] - (1 if header else 0)
                cells = "".join(f'<td width="{width}%" style="font-size:{size}pt">'
                                + _cell(cell, layout.paper, header) + "</td>"
                                for cell in block.cells)
                parts.append(f'<table width="100%"><tr>{cells}</tr></table>')
            elif isinstance(block, QR):
                qr_count += 1
                name = f"qr://{qr_count}"
                document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                                     _qr_image(block.payload))
                pixels = int(block.size_mm * 4)
                parts.append(f'<p align="center"><img src="{name}" width="{pixels}" '
                             f'height="{pixels}"/></p><p align="center" style="font-size:'
                             f'{size - 2}pt">{html.escape(block.caption)}</p>')
            elif isinstance(block, Rule):
                parts.append("<hr/>")
            elif isinstance(block, Space):
                parts.append(f'<p style="font-size:{max(1, int(block.mm * 2))}pt">&nbsp;</p>')
        parts.append("</div>")
    document.setHtml("".join(parts))
    return document
