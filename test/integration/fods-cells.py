"""Reads the cells LibreOffice Calc holds, from flat ODS files it wrote (soffice --convert-to fods).

Prints JSON: {file name: {sheet name: [row, ...]}}, each row a list of cells
{"t": value type ("string", "float", "percentage", "currency", "date", ... or null for empty),
 "v": the value (a number, an ISO date-time, or the text), "s": the text Calc shows,
 "f": the formula, or null}. Repeated empty rows and columns past the data are dropped.
Only the Python standard library: the test must not trust the app's own reader.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


def paragraph_text(p):
    """The text of a text:p as typed: text:s are spaces, text:tab tabs, text:line-break newlines."""
    out = [p.text or ""]
    for child in p:
        if child.tag == q("text", "s"):
            out.append(" " * int(child.get(q("text", "c"), "1")))
        elif child.tag == q("text", "tab"):
            out.append("\t")
        elif child.tag == q("text", "line-break"):
            out.append("\n")
        else:
            out.append(paragraph_text(child))
        out.append(child.tail or "")
    return "".join(out)


def cell_of(c):
    t = c.get(q("office", "value-type"))
    shown = "\n".join(paragraph_text(p) for p in c.findall("text:p", NS))
    if t in ("float", "percentage", "currency"):
        v = float(c.get(q("office", "value")))
    elif t == "date":
        v = c.get(q("office", "date-value"))
    elif t == "time":
        v = c.get(q("office", "time-value"))
    elif t == "boolean":
        v = c.get(q("office", "boolean-value")) == "true"
    else:
        v = shown if t else None
    return {"t": t, "v": v, "s": shown, "f": c.get(q("table", "formula"))}


def trim(cells):
    while cells and cells[-1]["t"] is None and cells[-1]["f"] is None:
        cells.pop()
    return cells


def sheet_rows(table):
    rows = []
    for row in table.iter(q("table", "table-row")):
        cells = []
        for c in row:
            if c.tag not in (q("table", "table-cell"), q("table", "covered-table-cell")):
                continue
            n = int(c.get(q("table", "number-columns-repeated"), "1"))
            cell = cell_of(c)
            if cell["t"] is None and n > 64:
                n = 1
            cells.extend(dict(cell) for _ in range(n))
        cells = trim(cells)
        n = int(row.get(q("table", "number-rows-repeated"), "1"))
        rows.extend(list(cells) for _ in range(n if cells or n <= 64 else 1))
    while rows and not rows[-1]:
        rows.pop()
    return rows


out = {}
for path in sys.argv[1:]:
    doc = ET.parse(path)
    sheets = {}
    for table in doc.iter(q("table", "table")):
        sheets[table.get(q("table", "name"))] = sheet_rows(table)
    out[os.path.basename(path)] = sheets
print(json.dumps(out, ensure_ascii=False))
