"""Reading a generated report back with python-docx for the tests."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_doc(path):
    return docx.Document(str(path))


def body_paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def full_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def all_runs(doc):
    """Every w:r in the body (tables included) and in every header/footer."""
    yield from doc.element.body.iter(qn("w:r"))
    for s in doc.sections:
        for part in (s.footer, s.even_page_footer, s.header):
            if not part.is_linked_to_previous:
                yield from part._element.iter(qn("w:r"))


def table_rows_text(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]
