"""碳达峰实施方案调度工具 — the carbon-peaking plan progress toolkit.

The package is laid out as the pipeline runs: ``plan`` (import and check plan
documents), ``forms`` (the quarterly Excel forms), ``collect`` and ``store``
(returns into SQLite), ``assess`` (status against targets and 序时进度) and
``report`` (the Word report), with ``cli`` on top.
"""

__version__ = "0.1.0"
