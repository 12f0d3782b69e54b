"""Text a unit typed, made safe for the XML inside .xlsx and .docx packages.

XML 1.0 forbids most C0 control characters, lone surrogates and U+FFFE/U+FFFF (W3C XML 1.0, §2.2
"Characters"); python-docx raises on them and Excel refuses a workbook holding them. Collect already
refuses such characters in a return, so this is the last guard for text from elsewhere (the plan).
"""

from __future__ import annotations

import re

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text) -> str:
    """``text`` as a string without the characters XML cannot hold (line breaks and tabs kept);
    ``None`` gives ``""``."""
    if text is None:
        return ""
    return _INVALID.sub("", str(text))
