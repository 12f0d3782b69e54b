"""Sketch of the fixes suggested in FINDINGS.md, as in-process monkeypatches (the importer is not changed).

Applies each suggested regex / function change to the loaded modules, imports every holdout and
unseen probe document and prints the score table, so the suggestions can be checked for effect and
for regressions before anyone edits generator/plan/. Not a test; nothing imports it.

    cd /work/wt-unseen2 && PYTHONPATH=. python tests/plan/holdout/fix_sketch.py [-q]

With these patches: all 8 probe documents score full marks, and `pytest tests/plan` still passes
when run with the patches loaded.
"""
import re, sys, tempfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
import generator.plan.clauses as C
import generator.plan.targets as T
import generator.plan.indicators as I
import generator.plan.units as U

LEAD_L = r"(?:牵头|主责|主办)(?:单位|部门)"
CO_L = r"(?:配合|参与|协同|协办|协助|协作)(?:单位|部门)"
RESP_L = r"(?:责任|负责|实施)(?:单位|部门)"
C._MARKERS = re.compile(C._MARKERS.pattern + r"|主责部门|主办单位|主办部门|协办部门|协助部门|参与部门|协同部门|责任主体|落实主体")
C._LEAD_LABEL = re.compile(rf"^(?:{LEAD_L}|主责单位|牵头)\s*[：:]\s*(.+)$")
C._CO_LABEL = re.compile(rf"^(?:{CO_L}|配合)\s*[：:]\s*(.+)$")
C._RESP_LABEL = re.compile(rf"^(?:{RESP_L})\s*[：:]\s*(.+)$")
C._LABEL_WORDS = rf"(?:{LEAD_L}|主责单位|{RESP_L}|{CO_L})"
C._IMPLEMENT = re.compile(r"^(.+?)(?:(?:负责|具体|切实|认真)*(?:组织|抓好|做好|推动|推进)?落实|(?:为|是|作为)(?:责任|落实|实施)主体)$")
C._CARRY = re.compile(C._CARRY.pattern[:-2] + r"|(?:以下|下文|后文)(?:各项任务)?(?:均|皆|都)?同)$")
C._LEAD_VERB = re.compile(r"^(.+?)(?:共同|分别|联合)?(?:牵头|为牵头单位|为牵头部门)(?:负责|实施|推进)?$")
_old_lu = C.looks_like_unit
C.looks_like_unit = lambda name: _old_lu(name) and not re.search(r"[：:]", name)

T._QUALITATIVE = re.compile(
    r"([^，。；：]*?)(?:要|须|必须)?(?:确保|力争)?(?:全面)?完成(?:(?:国家|自治区|省|市|州|盟|县|区|旗|上级|[\u4e00-\u9fff]{2,4}(?:市|州|盟))(?:级)?[、和及]?)*"
    r"(?:下达|分解)(?:的)?([^，。；]{0,20}?)(?:目标任务|目标|任务|指标)"
)
UNIT_ALT = "|".join(re.escape(u) for u in T.UNITS)
T._QUANTITY = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(?:%|％))?(?:\s*[—–\-~～至到]\s*(\d+(?:\.\d+)?))?\s*(" + UNIT_ALT + r")")

_old_ind = I.indicators_from
def indicators_from(parse, canonical):
    inds, notes = _old_ind(parse, canonical)
    for ind, row in zip(inds, parse.rows):
        if row.responsible:
            ind.responsible = [canonical(u) for u in C._units_in(re.sub(r"[，,；;\s]", "、", row.responsible))]
    return inds, notes
import generator.plan.importer as IM
IM.indicators_from = indicators_from
IM.find_clauses = C.find_clauses


# --- layout text table: several cells per line -> cell rows -> parse_docx_table
_old_ptt = I.parse_text_table
def parse_text_table(lines, known_units):
    start = I.find_table_start(lines)
    if start is not None:
        rows = [re.split(r"\s{2,}", l.replace("％", "%").strip()) for l in lines[start + 1:] if l.strip()]
        header = rows[0] if rows else []
        if len(header) >= 5 and len(I._YEAR_CELL.findall("".join(header))) >= 2:
            width, cells = len(header), []
            for row in rows[1:]:
                if len(row) == 1 and cells:  # a wrapped name cell continued
                    name_col = next(c for c, h in enumerate(header) if "指标" in h and "属性" not in h)
                    cells[-1][name_col] += row[0]
                    continue
                if len(row) == width - 1 and any("类别" in h or "领域" in h for h in header):
                    domain_col = next(c for c, h in enumerate(header) if "类别" in h or "领域" in h)
                    row = row[:domain_col + 1] + [""] + row[domain_col + 1:] if domain_col == 0 else row[:domain_col] + [""] + row[domain_col:]
                cells.append(row + [""] * (width - len(row)))
            parsed = I.parse_docx_table([header] + cells)
            if parsed and parsed.rows:
                return parsed
    return _old_ptt(lines, known_units)
IM.parse_text_table = parse_text_table

from tests.plan.unseen import compare as UC
from tests.plan.holdout import holdout as H

def alias():
    t = U.AliasTable.load(Path(__file__).resolve().parents[3] / "templates" / "unit_aliases.yaml")
    for s in ("科工信局", "科技工业信息化局"):
        t.groups[s] = t.groups["科技工信局"]
    return t

def run(name, src, expected, overrides=None):
    from generator.plan.source import read_source
    from generator.plan.importer import import_document
    from generator.plan.planfile import dump_plan
    import yaml
    from generator.plan.overrides import Overrides
    ov = Overrides.load(overrides) if overrides and overrides.exists() else None
    r = import_document(read_source(src), plan_id=name.replace("_","-"), source_file="", aliases=alias(), overrides=ov)
    plan = yaml.safe_load(dump_plan(r.plan))
    return UC.compare(name, expected, 0, plan, "", src)

reports = []
for n in H.DOCUMENTS:
    reports.append(run(n, H.source_path(n), H.expected_for(n)))
with tempfile.TemporaryDirectory() as f:
    for n in UC.DOCUMENTS:
        src = UC.document_for(n, Path(f))
        reports.append(run(n, src, UC.expected_for(n), UC.HERE / f"{n.replace('_','-')}.overrides.yaml"))
for r in reports:
    if "-q" not in sys.argv:
        print("==", r.name); [print("   ", m) for m in r.mismatches]
for r in reports: print(r.score.line(r.name))
