from tests.report.conftest import sample_report  # noqa: F401 - 汇总表 as the report stage writes it (with assessments)
