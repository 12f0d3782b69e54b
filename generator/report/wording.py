"""The report's wording: Jinja2 templates under ``templates/report/`` (workspace copy first).

A template produces lines of a tiny markup that :mod:`.render` turns into Word paragraphs:

=================  ======================================================================
``@title T``       title line, 2号 方正小标宋简体, centred (several lines allowed)
``@to T``          主送机关 line, no indent
``# T``            一、 heading (黑体)          ``## T``  （一） heading (楷体_GB2312)
``### T``          1. heading (仿宋 bold)       ``@item LEAD @@ BODY``  bold lead-in + text
``@item2 LEAD @@ BODY``  a （一） heading in 楷体 with its text going on in the same paragraph
``@plain T``       paragraph without first-line indent
``@right T``       right-aligned line (signature, date), four characters from the margin
``@center T``      centred line
``@blank``         empty line                   ``@pagebreak``  new page
``@landscape``     new landscape section        ``@portrait``  new portrait section
``@annex T``       annex label (附件1), 黑体, no indent
``@annextitle T``  annex title, 小标宋, centred
``@table NAME``    a table made by code         ``@chart NAME [caption]``  a chart made by code
``@caption T``     a table or figure caption, centred
``@keep``          keep the paragraph just written on the page of the next one (closing block)
anything else      a body paragraph (仿宋, first line indented two characters)
=================  ======================================================================

Every ``{{ value }}`` is cleaned and folded to one line before it is printed, so what a
unit typed can never start a heading or break the markup.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..errors import UserError
from ..workspace import BUILTIN_TEMPLATES
from . import text as tx


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return tx.fmt_num(value)
    s = tx.oneline(value)
    if s[:1] in ("#", "@"):
        s = "\u2060" + s  # word joiner: invisible, keeps a typed “#”/“@” from being read as markup
    return s


def environment(workspace_templates: Path | None) -> jinja2.Environment:
    dirs = []
    if workspace_templates is not None and (workspace_templates / "report").is_dir():
        dirs.append(str(workspace_templates / "report"))
    dirs.append(str(BUILTIN_TEMPLATES / "report"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(dict.fromkeys(dirs)), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=False,  # a line ending in {% endif %} must keep its line break
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        condense=tx.condense,
        num=tx.fmt_num,
        cn=tx.cn_number,
        strip_end=tx.strip_end,
        pct=lambda x: "—" if x is None else f"{tx.fmt_num(x, 1)}%",
        units=lambda xs: "、".join(xs) if xs else "（未明确）",
        counts=counts,
        md=lambda d: f"{d.month}月{d.day}日" if d else "",
    )
    return env


def counts(pairs, measure: str = "项", sep: str = "，") -> str:
    """``[("已完成", 2), ("明显滞后", 0), ("正常", 20)]`` → “已完成2项，正常20项”: zero counts are left out."""
    return sep.join(f"{label}{n}{measure}" for label, n in pairs if n)


def _template_line(exc: BaseException, name: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename and filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render one template; a missing or broken template is a :class:`UserError` naming file and line."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        searched = "、".join(str(Path(d) / name) for d in env.loader.searchpath)
        raise UserError(f"找不到报告模板“{name}”（查找位置：{searched}）。请从工具的 templates/report/ 复制一份。") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(
            f"报告模板“{exc.filename or name}”第 {exc.lineno} 行有语法错误：{exc.message}。"
            "请检查 {{ }}、{% %} 是否成对、拼写是否正确。"
        ) from exc
    try:
        return template.render(**context)
    except jinja2.UndefinedError as exc:
        line = _template_line(exc, name)
        where = f"第 {line} 行" if line else "某处"
        raise UserError(f"报告模板“{template.filename}”{where}用到了不存在的内容：{exc.message}。") from exc
    except jinja2.TemplateError as exc:
        line = _template_line(exc, name)
        where = f"第 {line} 行" if line else "某处"
        raise UserError(f"报告模板“{template.filename}”{where}出错：{exc}。") from exc
    except (TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as exc:
        line = _template_line(exc, name)
        if line is None:
            raise
        raise UserError(f"报告模板“{template.filename}”第 {line} 行出错：{exc}。") from exc


