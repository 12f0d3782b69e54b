"""What two stages write alike, kept out of both so that neither reaches into the other.

* :mod:`.summary_workbook` — ``reports/<period>/汇总表.xlsx``: collect writes it without the
  assessment, report writes it again with 序时进度 and 评估 (DESIGN, "汇总表").
* :mod:`.colours` — the fill of each status, the same in 汇总表 and in the Word report's tables.
* :mod:`.xmltext` — text made safe for the XML of .xlsx and .docx (both writers use it).

Nothing here imports python-docx: collect loads this package on every run.
"""
