"""The quarterly Excel forms: one workbook per (plan, unit, period) that leads the person filling it.

Public entries:

* :func:`generate_forms` — write the forms and 发放清单.xlsx, returning :class:`FormsResult`;
* :func:`cli_templates` — the ``templates`` command;
* :func:`form_rows` — which task and target rows a unit gets (pure, used by tests and the collector);
* :mod:`.machine` — :class:`FormIdentity`, :func:`sign`, :func:`verify`,
  :func:`read_identity`, :func:`workspace_secret`: how the collector identifies a return;
* :mod:`.columns` — sheet names, header rows and columns of the form.
"""

from .cli import cli_templates
from .generate import FormsResult, SkippedUnit, WrittenForm, form_path, generate_forms, issued_plans
from .layout import FormContent, TargetRow, TaskRow, form_rows, goal_owner
from .machine import FormIdentity, FormStamp, read_identity, sign, verify, workspace_secret
from .previous import PreviousTarget, PreviousTask, PreviousValues

__all__ = [
    "FormContent",
    "FormIdentity",
    "FormStamp",
    "FormsResult",
    "PreviousTarget",
    "PreviousTask",
    "PreviousValues",
    "SkippedUnit",
    "TargetRow",
    "TaskRow",
    "WrittenForm",
    "cli_templates",
    "form_path",
    "form_rows",
    "generate_forms",
    "goal_owner",
    "issued_plans",
    "read_identity",
    "sign",
    "verify",
    "workspace_secret",
]
