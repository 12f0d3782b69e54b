"""User-facing errors.

Anything a coordinator or a department can cause (a wrong path, a broken file,
a bad period) is raised as :class:`UserError` with a Chinese message that names
the file, sheet and cell where it can; the CLI prints it without a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user must fix; ``exit_code`` 1 (work ran, found problems)."""

    exit_code = 1

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __reduce__(self):
        # pickled whole (details included) when raised in a worker process (report stage)
        return type(self), (self.message, self.details)

    def __str__(self) -> str:  # pragma: no cover - trivial
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class UsageError(UserError):
    """Bad command-line usage (unknown plan, malformed period): exit status 2."""

    exit_code = 2


class WorkFailed(UserError):
    """The work could not be done (a damaged or missing store, a missing signing secret, a full disk):
    exit status 3. The message says what to restore or free."""

    exit_code = 3


# Exit statuses of every command (DESIGN, "Command line"); the README lists them.
EXIT_OK = 0  # success
EXIT_NEEDS_ACTION = 1  # done, but there are problems the user must act on (rejected files, missing units)
EXIT_USAGE = 2  # bad usage
EXIT_FAILED = 3  # the work could not be done, or an unexpected failure
