"""Terminal output: one place for the console, tables and progress bars (rich)."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


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
