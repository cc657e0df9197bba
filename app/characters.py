"""Which characters a text may hold: refused at input, stripped on the way out.

Control characters are invisible, break XML and iCalendar, and no one types them on purpose;
they arrive by pasting from other programs.
"""

from __future__ import annotations

import re

# C0, DEL and C1. Multi-line texts may keep tab, line feed and carriage return: browsers send a
# textarea's line breaks as CR LF.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
LINE_BREAKS_AND_TABS = frozenset("\t\n\r")
# XML 1.0 (section 2.2, "Char") allows these and nothing else, not even as character references.
_NOT_XML_CHARACTER = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def control_characters(text: str, multiline: bool) -> list[str]:
    """The control characters ``text`` may not hold, in order of appearance."""
    allowed = LINE_BREAKS_AND_TABS if multiline else frozenset()
    return [char for char in _CONTROL.findall(text) if char not in allowed]


def printable(text: str) -> str:
    """``text`` fit for XML 1.0 and iCalendar whatever was stored: line breaks become LF, tabs
    stay, every other control character and every character XML forbids goes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _NOT_XML_CHARACTER.sub("", text)
    return _CONTROL.sub(lambda found: found[0] if found[0] in LINE_BREAKS_AND_TABS else "", text)
