"""Zip archives, and the formats built on them: every member swept in turn, within bounds."""

import re
import zipfile
from io import BytesIO

from core.file_safety.base import Budget, Refused
from core.file_safety.office import check_office_open_xml, check_open_document


def check_zip(data: bytes, *, depth: int, budget: Budget, sweep) -> None:
    """`sweep` checks each member (the package's own, passed in to avoid a circular import)."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise Refused("unreadable", f"zip: {error!r}") from error
    budget.take(sum(info.file_size for info in members), members=len(members))
    names = set()
    for info in members:
        if info.flag_bits & 0x1:
            raise Refused("protected", "encrypted zip member")
        path = info.filename.replace("\\", "/")
        if path.startswith("/") or ".." in path.split("/") or re.match(r"^[A-Za-z]:", path):
            raise Refused("unsafe_paths", "zip member path leaves the archive")
        # Two members of one name (Office compares names case-insensitively): readers differ on which one counts.
        if path.casefold() in names:
            raise Refused("unreadable", f"zip member name given twice: {path}")
        names.add(path.casefold())
    try:
        with archive:
            contents = [(info.filename, read_member(archive, info)) for info in members]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise Refused("unreadable", f"zip member: {error!r}") from error
    by_folded_name = {member_name.replace("\\", "/").casefold(): content for member_name, content in contents}
    if "[content_types].xml" in by_folded_name:
        check_office_open_xml(by_folded_name)
    if by_folded_name.get("mimetype", b"").startswith(b"application/vnd.oasis.opendocument"):
        check_open_document(dict(contents))
    for member_name, content in contents:
        sweep(content, member_name, depth=depth + 1, budget=budget)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # zipfile stops at the declared size and checks the CRC: a member cannot unpack to more than it says.
    with archive.open(info) as member:
        return member.read(info.file_size + 1)
