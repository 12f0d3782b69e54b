"""Terminal output: one place for the console, tables and progress bars (rich)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import Iterable, Iterator, TypeVar

from rich.cells import cell_len
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

T = TypeVar("T")


class _Console(Console):
    """A console whose tables never cut a name, whatever the terminal width.

    On a terminal every column folds long words onto the next line instead of
    ending them with "…", and a table too wide even for that is printed as one
    block of ``列名：值`` lines per row; when the output is not a terminal (a log file, a pipe,
    a test) a table is printed as plain lines, one row per line, cells separated
    by tabs, with nothing cut or wrapped.
    """

    def print(self, *objects, **kwargs):  # noqa: A003 - rich's name
        if not self.is_terminal and any(isinstance(obj, Table) for obj in objects):
            # Written as is: no wrapping at the console width, tabs kept for pasting into Excel.
            for obj in objects:
                if isinstance(obj, Table):
                    self.file.write(plain_table(obj) + "\n")
                else:
                    super().print(obj, **kwargs)
            return
        out = []
        for obj in objects:
            if isinstance(obj, Table):
                if _narrowest(obj) > self.width:
                    obj = record_table(obj)
                    kwargs.setdefault("markup", False)
                else:
                    for column in obj.columns:
                        column.overflow, column.no_wrap = "fold", False
            out.append(obj)
        super().print(*out, **kwargs)


def _plain(cell) -> str:
    if isinstance(cell, Text):
        return cell.plain
    try:
        return Text.from_markup(str(cell)).plain
    except Exception:  # noqa: BLE001 - text that merely looks like markup
        return str(cell)


def _narrowest(table: Table) -> int:
    """The narrowest a table can print without breaking a word or squeezing a CJK character out of its column."""
    total = 1
    for column in table.columns:
        words = [w for cell in [column.header, *column.cells] for w in re.split(r"[\s\u3000-\u303f\uff00-\uffef]+", _plain(cell)) if w]
        longest = max([2] + [cell_len(w) if w.isascii() else 2 for w in words])
        total += longest + 3  # padding and border
    return total


def record_table(table: Table) -> str:
    """A table too wide for the terminal, as one block per row: ``列名：值`` lines (nothing cut)."""
    lines = [_plain(table.title)] if table.title else []
    headers = [_plain(c.header) for c in table.columns]
    for n, cells in enumerate(zip(*(list(c.cells) for c in table.columns)), start=1):
        lines.append(f"— {n} —")
        lines += [f"{h}：{_plain(cell)}" for h, cell in zip(headers, cells)]
    return "\n".join(lines)


def plain_table(table: Table) -> str:
    """A rich table as plain text: its title, the header row, then one line per row (tab-separated)."""
    lines = [_plain(table.title)] if table.title else []
    columns = table.columns
    lines.append("\t".join(_plain(c.header) for c in columns))
    for cells in zip(*(list(c.cells) for c in columns)):
        lines.append("\t".join(_plain(cell).replace("\n", " / ") for cell in cells))
    return "\n".join(lines)


console = _Console(highlight=False, soft_wrap=True)
err_console = _Console(stderr=True, highlight=False, soft_wrap=True)


def quiet() -> bool:
    """Progress bars only on an interactive terminal (tests and CI logs stay clean)."""
    return not sys.stderr.isatty() or bool(os.environ.get("MAKE_REPORTS_QUIET"))


@contextlib.contextmanager
def progress(description: str, total: int) -> Iterator["_Advance"]:
    if quiet() or total <= 1:
        yield _Advance(None, None)
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)
        yield _Advance(bar, task)


class _Advance:
    def __init__(self, bar, task):
        self._bar, self._task = bar, task

    def __call__(self, step: int = 1, description: str | None = None) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=step, **({"description": description} if description else {}))


def track(items: Iterable[T], description: str, total: int) -> Iterator[T]:
    with progress(description, total) as advance:
        for item in items:
            yield item
            advance()
