"""Office Open XML (docx, xlsx, pptx) and OpenDocument packages, once unpacked by archives.py."""

import re
from urllib.parse import urlsplit

from defusedxml import ElementTree

from core.file_safety.base import Refused

OOXML_MACRO_CONTENT = re.compile(r"macroEnabled|vbaProject|vbaData|activeX|oleObject|macrosheet", re.IGNORECASE)
# Part names in an Office package are case-insensitive: these are matched against case-folded names.
OOXML_FORBIDDEN_PARTS = re.compile(
    r"(^|/)(vbaproject\.bin|vbadata\.xml|oleobject\d*\.bin)$|(^|/)(activex|macrosheets)/|(^|/)embeddings/.*\.bin$"
)
# Relationship types that make Office fetch something when the document opens (hyperlinks are not among them).
OOXML_FETCHING_RELATIONSHIPS = {
    "oleobject", "attachedtemplate", "externallink", "externallinkpath", "frame", "subdocument", "package", "afchunk",
}  # fmt: skip
DDE_FIELD = re.compile(r"\bDDE(AUTO)?\b", re.IGNORECASE)
# Fields that pull in another file; refused when it is on another computer (a local or relative path is not).
INCLUDE_FIELD = re.compile(r"\b(?:INCLUDEPICTURE|INCLUDETEXT|INCLUDE|IMPORT)\s+(\"[^\"]*\"?|\S+)", re.IGNORECASE)
DDE_FORMULA = re.compile(r"[\w.]+\s*\|\s*'?[^'!]*'?\s*!")  # Excel's app|topic!item, e.g. cmd|'/c calc'!A0
W_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_SCRIPT_NAMESPACE = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def parse_xml(content: bytes, part: str):
    try:
        return ElementTree.fromstring(content)
    except Exception as error:  # broken XML, or entities defusedxml forbids
        raise Refused("unreadable", f"XML part {part}: {error!r}") from error


def check_office_open_xml(parts: dict) -> None:
    """`parts` by case-folded name. Word and Excel find their parts through relationships, wherever they
    are, so every XML part is read for DDE fields, formulas and links, whatever its name."""
    for part in parts:
        if OOXML_FORBIDDEN_PARTS.search(part):
            raise Refused("active_content", f"Office part {part}")
    types = parse_xml(parts["[content_types].xml"], "[Content_Types].xml")
    for declaration in types:
        if OOXML_MACRO_CONTENT.search(declaration.get("ContentType", "")):
            raise Refused("active_content", f"Office content type {declaration.get('ContentType')}")
    for part, content in parts.items():
        if part.endswith((".xml", ".rels")):
            check_office_part(parse_xml(content, part), part)


def check_office_part(root, part: str) -> None:
    if local_name(root.tag) == "Relationships":
        check_relationships(root, part)
    field_codes = []  # Word splits one field code over several runs: their text is joined first
    for element in root.iter():
        name = local_name(element.tag)
        if name == "instrText":
            field_codes.append(element.text or "")
        elif name == "fldSimple":
            field_codes.append(f" {element.get(f'{W_NAMESPACE}instr', '')} ")
        elif name == "f" and DDE_FORMULA.search(element.text or ""):
            raise Refused("active_content", f"Excel DDE formula in {part}")
        elif name in {"ddeLink", "oleLink"}:
            raise Refused("active_content", f"Excel {name} in {part}")
    check_field_codes("".join(field_codes), f"Word field in {part}")


def check_field_codes(codes: str, where: str) -> None:
    """DDE fields run a program; INCLUDEPICTURE, INCLUDETEXT and the like fetch a file, refused when remote."""
    if DDE_FIELD.search(codes):
        raise Refused("active_content", f"DDE: {where}")
    for found in INCLUDE_FIELD.finditer(codes):
        target = found.group(1).strip('"').replace("\\\\", "\\")  # a quoted path doubles its backslashes
        if is_remote(target):
            raise Refused("active_content", f"remote include: {where}")


def check_relationships(root, part: str) -> None:
    for relationship in root:
        if (relationship.get("TargetMode") or "").lower() != "external":
            continue
        kind = (relationship.get("Type") or "").rstrip("/").rsplit("/", 1)[-1].lower()
        target = relationship.get("Target") or ""
        if is_network_share(target):  # Windows signs in to the share, sending the reader's credentials
            raise Refused("active_content", f"Office {kind} on a network share in {part}")
        if kind in OOXML_FETCHING_RELATIONSHIPS and is_remote(target):
            raise Refused("active_content", f"Office external {kind} in {part}")


def is_network_share(target: str) -> bool:
    target = target.strip().replace("\\", "/")
    if target.startswith("//"):
        return True
    parts = urlsplit(target)
    if parts.scheme.lower() != "file":
        return False
    return parts.netloc.lower() not in {"", "localhost"} or parts.path.startswith("//")


def is_remote(target: str) -> bool:
    """Whether opening the target would reach another computer (a local drive path cannot be an attacker's)."""
    target = target.strip()
    if is_network_share(target):
        return True
    if re.match(r"^[A-Za-z]:[\\/]", target):
        return False  # a drive letter
    # No scheme: a path relative to the document; file: a file on this computer (another's is a share, above).
    scheme = urlsplit(target).scheme.lower()
    return bool(scheme) and scheme != "file"


def check_open_document(contents: dict) -> None:
    for part, content in contents.items():
        if part.startswith(("Basic/", "Scripts/")):
            raise Refused("active_content", f"OpenDocument macro {part}")
        if part.endswith(".xml") and part != "META-INF/manifest.xml":
            for element in parse_xml(content, part).iter():
                if element.tag == f"{ODF_SCRIPT_NAMESPACE}event-listener":
                    raise Refused("active_content", f"OpenDocument event listener in {part}")
                if element.get(XLINK_HREF, "").lower().startswith(("vnd.sun.star.script:", "macro:")):
                    raise Refused("active_content", f"OpenDocument script link in {part}")


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
