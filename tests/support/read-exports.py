"""Reads every export a test wrote, the way a person's tools do: pandas with default options
(read_csv, read_excel of every sheet) and openpyxl for each XLSX cell's type and number format.
Prints one JSON object: per file, what pandas saw and the typed cells openpyxl found."""

import datetime
import json
import pathlib
import sys

import openpyxl
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def frame(df):
    return {
        "columns": [str(c) for c in df.columns],
        "rows": int(len(df)),
        "dtypes": {str(c): str(t) for c, t in df.dtypes.items()},
    }


def cells(path):
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        seen = []
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if isinstance(value, datetime.datetime):
                    kind = "date"
                    value = value.isoformat()
                elif isinstance(value, (int, float)):
                    kind = "number"
                elif isinstance(value, str):
                    kind = "text"
                else:
                    kind = type(value).__name__
                seen.append(
                    {
                        "ref": cell.coordinate,
                        "kind": kind,
                        "type": cell.data_type,
                        "format": cell.number_format,
                        "value": value,
                    }
                )
        found[sheet.title] = seen
    return [sheet.title for sheet in book.worksheets], found


def main(folder):
    out = {}
    for path in sorted(pathlib.Path(folder).iterdir()):
        if path.suffix == ".csv":
            out[path.name] = {"csv": frame(pd.read_csv(path))}
        elif path.suffix == ".xlsx":
            sheets = pd.read_excel(path, sheet_name=None)
            names, typed = cells(path)
            out[path.name] = {
                "sheetNames": names,
                "sheets": {name: frame(df) for name, df in sheets.items()},
                "cells": typed,
            }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
