"""Reads a zip of the year's ledger the way an assessor's tools do: Python's zipfile for the
entries (names, UTF-8 flag, method), openpyxl for every .xlsx (each sheet's rows as text) and
python-docx for every .docx (paragraphs and table cells). Prints one JSON object."""

import io
import json
import sys
import zipfile

import docx
import openpyxl


def text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def workbook(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [[text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def document(data):
    doc = docx.Document(io.BytesIO(data))
    return {
        "paragraphs": [p.text for p in doc.paragraphs],
        "tables": [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables],
        "images": len(doc.inline_shapes),
    }


def main(path):
    out = {"entries": [], "xlsx": {}, "docx": {}, "jpeg": {}}
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
        out["testzip"] = bad
        for info in archive.infolist():
            out["entries"].append(
                {
                    "name": info.filename,
                    "utf8": bool(info.flag_bits & 0x800),
                    "method": info.compress_type,
                    "size": info.file_size,
                }
            )
            data = archive.read(info)
            if info.filename.endswith(".xlsx"):
                out["xlsx"][info.filename] = workbook(data)
            elif info.filename.endswith(".docx"):
                out["docx"][info.filename] = document(data)
            elif info.filename.endswith(".jpg"):
                out["jpeg"][info.filename] = data[:3].hex()
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
