"""RTF and CSV: formats read as text, where a field or a cell can start a program."""

import re

from core.file_safety.base import Refused
from core.file_safety.office import check_field_codes

RTF_OBJECT = re.compile(rb"\\obj[a-z]", re.IGNORECASE)
RTF_FIELD_INSTRUCTION = re.compile(rb"\\fldinst")
RTF_HEX_ESCAPE = re.compile(rb"\\'([0-9a-fA-F]{2})")
RTF_CONTROL_WORD = re.compile(rb"\\([a-zA-Z]+)(-?\d+)? ?")
RTF_IGNORABLE_GROUP = re.compile(rb"\{\s*\\\*")


CSV_DDE_CELL = re.compile(r"""(?:^|[,;\t])\s*["']?\s*[=+\-@][^,;\t\n]*\|[^,;\t\n]*!""", re.MULTILINE)


def check_csv(data: bytes) -> None:
    """A cell Excel reads as a DDE formula (=cmd|' /c calc'!A0) starts a program when the file opens."""
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("latin-1")
    if CSV_DDE_CELL.search(text):
        raise Refused("active_content", "CSV DDE formula")


# --- RTF -------------------------------------------------------------------------------------
def check_rtf(data: bytes) -> None:
    """Control words cannot be escaped in RTF, so objects are found as written; a field's
    instruction text can, so its whole group is decoded (hex escapes, control words, groups) before reading."""
    if RTF_OBJECT.search(data):
        raise Refused("active_content", "RTF embedded object")
    for found in RTF_FIELD_INSTRUCTION.finditer(data):
        # Word skips {\*...} groups it does not know; read both with and without them, to miss neither.
        for instruction in rtf_group_text(data, found.end()):
            check_field_codes(instruction, "RTF field")


def rtf_group_text(data: bytes, start: int) -> tuple[str, str]:
    r"""The text from `start` to the end of its group: without the {\*...} groups in it, and with them."""
    without, everything = bytearray(), bytearray()
    depth, ignored_from = 0, None  # the depth of the {\*...} group being left out, if any
    position = 0
    while start + position < len(data):
        index = start + position
        character = data[index : index + 1]
        if character == b"{":
            depth += 1
            if ignored_from is None and RTF_IGNORABLE_GROUP.match(data, index):
                ignored_from = depth
            position += 1
            continue
        if character == b"}":
            if ignored_from == depth:
                ignored_from = None
            depth -= 1
            if depth < 0:
                break
            position += 1
            continue
        text = b""
        if character == b"\\":
            hex_escape = RTF_HEX_ESCAPE.match(data, index)
            control_word = RTF_CONTROL_WORD.match(data, index)
            if hex_escape:
                text, length = bytes([int(hex_escape.group(1), 16)]), hex_escape.end() - index
            elif control_word:
                length = control_word.end() - index
                if control_word.group(1) == b"bin" and control_word.group(2):  # raw bytes follow: skipped
                    length += max(int(control_word.group(2)), 0)
            else:  # a control symbol: \\, \{ and \} stand for the character itself
                symbol = data[index + 1 : index + 2]
                text, length = (symbol if symbol in (b"\\", b"{", b"}") else b""), 2
        elif character in (b"\r", b"\n"):
            length = 1
        else:
            text, length = character, 1
        everything += text
        if ignored_from is None:
            without += text
        position += length
    return without.decode("latin-1"), everything.decode("latin-1")
