"""Reads every .docx in a folder the way an independent program does: python-docx for the text,
the tables, the pictures and the page, and Python's zipfile for every XML part (so a phone number
hidden anywhere in the package is found). Prints one JSON object keyed by file name."""

import json
import pathlib
import re
import sys
import zipfile

import docx
from docx.oxml.ns import qn

PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def table_of(table):
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            cells.append(cell.text)
        flag = None if row._tr.trPr is None else row._tr.trPr.find(qn("w:tblHeader"))
        header = flag is not None and flag.get(qn("w:val")) not in ("false", "0")
        rows.append({"cells": cells, "header": header})
    return rows


def read(path):
    document = docx.Document(str(path))
    section = document.sections[0]
    body_fonts = set()
    for element in document.element.body.iter(qn("w:rFonts")):
        east = element.get(qn("w:eastAsia"))
        if east:
            body_fonts.add(east)
    styles = document.styles.element
    for element in styles.iter(qn("w:rFonts")):
        east = element.get(qn("w:eastAsia"))
        if east:
            body_fonts.add(east)
    with zipfile.ZipFile(path) as package:
        xml = "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        )
        media = [
            name
            for name in package.namelist()
            if name.startswith("word/media/") and not name.endswith("/")
        ]
    return {
        "paragraphs": [p.text for p in document.paragraphs],
        "tables": [table_of(t) for t in document.tables],
        "images": len(document.inline_shapes),
        "media": media,
        "page": {
            "widthMm": round(section.page_width.mm),
            "heightMm": round(section.page_height.mm),
            "marginsMm": [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)],
        },
        "fonts": sorted(body_fonts),
        "phones": PHONE.findall(re.sub(r"<[^>]+>", "", xml)),
        "title": document.core_properties.title,
    }


def main(folder):
    out = {}
    for path in sorted(pathlib.Path(folder).iterdir()):
        if path.suffix == ".docx":
            out[path.name] = read(path)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
