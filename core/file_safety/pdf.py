"""PDF, read with pypdf: every object visited, names decoded and references resolved."""

import contextvars
import logging
from io import BytesIO
from urllib.parse import urlsplit

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from core.file_safety.base import PROGRAM_EXTENSIONS, Budget, Refused, extension_of

# PDF actions refused wherever they are: they run code, open or import other files, send data out, play media.
PDF_REFUSED_ACTIONS = {
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToR", "/GoToE", "/Rendition", "/RichMediaExecute",
    "/Movie", "/Sound",
}  # fmt: skip
# The only actions allowed to start by themselves (on opening, on a page, on a field): they stay inside the document
# (a /Thread action with /F opens another file, and is refused wherever it is).
PDF_AUTOMATIC_ACTIONS_ALLOWED = {"/GoTo", "/Named", "/SetOCGState", "/Hide", "/Trans", "/ResetForm", "/Thread"}
PDF_LINK_SCHEMES = {"http", "https", "mailto", "tel"}


# Given one key twice in a dictionary, pypdf keeps the first value and only logs a warning; other
# readers keep the last. Such a file means one thing here and another in a viewer: it is refused.
# The warnings of the sweep under way are collected through a filter on pypdf's logger.
DUPLICATE_KEY_WARNING = "Multiple definitions in dictionary"
duplicate_keys_seen = contextvars.ContextVar("duplicate_pdf_keys_seen", default=None)


class DuplicateKeyWatch(logging.Filter):
    def filter(self, record):
        seen = duplicate_keys_seen.get()
        if seen is not None and str(record.msg).startswith(DUPLICATE_KEY_WARNING):
            seen.append(record.getMessage())
        return True


pypdf_dictionaries = logging.getLogger("pypdf.generic._data_structures")
pypdf_dictionaries.setLevel(logging.WARNING)  # a filter only sees records the logger lets through
pypdf_dictionaries.addFilter(DuplicateKeyWatch())


def check_pdf(data: bytes, *, depth: int, budget: Budget, sweep) -> None:
    """`sweep` checks an attached file (the package's own, passed in to avoid a circular import)."""
    seen = duplicate_keys_seen.set([])
    try:
        budget.allowance.check_time()
        reader = PdfReader(BytesIO(data), strict=False)
        budget.allowance.check_time()  # reading the cross-reference tables may have taken long
        if reader.is_encrypted and not reader.decrypt(""):  # restricted but readable without a password is fine
            raise Refused("protected", "PDF needs a password")
        PdfSweep(reader, depth, budget, sweep).run()
        if duplicate_keys_seen.get():
            raise Refused("unreadable", "PDF dictionary with a key given twice")
    except Refused:
        raise
    except Exception as error:  # pypdf's many ways of saying the file is not a PDF it can read
        raise Refused("unreadable", f"PDF: {error!r}") from error
    finally:
        duplicate_keys_seen.reset(seen)


class PdfSweep:
    """Visit every object of a PDF: those the cross-reference tables list (object streams included)
    and those reachable from the trailer, names already decoded and references resolved by pypdf."""

    def __init__(self, reader, depth, budget, sweep):
        self.reader, self.depth, self.budget, self.sweep = reader, depth, budget, sweep
        self.seen = set()  # (number, generation) of objects already visited
        self.attachments_swept = set()

    def run(self):
        references = [(number, generation) for generation, numbers in self.reader.xref.items() for number in numbers]
        references += [(number, 0) for number in self.reader.xref_objStm]
        stack = [self.reader.trailer]
        stack += [IndirectObject(number, generation, self.reader) for number, generation in references]
        if "/Root" not in self.reader.trailer:
            raise Refused("unreadable", "PDF without a catalog")
        allowance = self.budget.allowance
        while stack:
            allowance.check_time()
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in self.seen:
                    continue
                self.seen.add(key)
                allowance.take_pdf_object()
                item = item.get_object()
            if isinstance(item, DictionaryObject):  # streams are dictionaries too
                self.inspect(item)
                stack.extend(item.values())
            elif isinstance(item, ArrayObject):
                stack.extend(item)

    def inspect(self, entry: DictionaryObject) -> None:
        # A script, the document's JavaScript name tree, or a 3D model's script.
        if "/JS" in entry or "/JavaScript" in entry or "/OnInstantiate" in entry:
            raise Refused("active_content", "PDF JavaScript")
        if "/XFA" in entry:
            raise Refused("active_content", "PDF XFA form")
        if "/RichMediaContent" in entry or resolve(entry.get("/Subtype")) == "/RichMedia":
            raise Refused("active_content", "PDF RichMedia")
        action = resolve(entry.get("/S"))
        if action in PDF_REFUSED_ACTIONS:
            raise Refused("active_content", f"PDF action {action}")
        if action == "/URI":
            self.check_link(resolve(entry.get("/URI")))
        if action == "/Thread" and "/F" in entry:
            raise Refused("active_content", "PDF thread action in another file")
        if "/OpenAction" in entry:
            opening = resolve(entry["/OpenAction"])
            if isinstance(opening, DictionaryObject):  # an array is a destination: fine
                self.check_automatic(opening)
        if "/AA" in entry:
            triggers = resolve(entry["/AA"])
            if isinstance(triggers, DictionaryObject):
                for action_entry in triggers.values():
                    self.check_automatic(resolve(action_entry))
        if "/EF" in entry:
            self.check_attachment(entry)
        elif resolve(entry.get("/Type")) == "/EmbeddedFile" and isinstance(entry, StreamObject):
            self.sweep_attached(entry, "")

    def check_automatic(self, action) -> None:
        """An action that starts by itself, with the actions chained after it by /Next."""
        pending = [action]
        while pending:
            current = resolve(pending.pop())
            if isinstance(current, ArrayObject):
                pending.extend(current)
                continue
            if not isinstance(current, DictionaryObject):
                continue
            kind = resolve(current.get("/S"))
            if kind not in PDF_AUTOMATIC_ACTIONS_ALLOWED:
                raise Refused("active_content", f"PDF automatic action {kind}")
            if "/Next" in current:
                pending.append(current["/Next"])

    def check_link(self, target) -> None:
        if isinstance(target, bytes):
            target = target.decode("latin-1")
        target = str(target or "").strip()
        if not target:
            return  # a link to nowhere opens nothing
        if target.startswith(("\\\\", "//", "\\/", "/\\")):
            raise Refused("active_content", "PDF link to a network share")
        scheme = urlsplit(target).scheme.lower()
        if scheme not in PDF_LINK_SCHEMES:  # without a scheme, a reader may take it for a file to open
            raise Refused("active_content", f"PDF link scheme {scheme or '(none)'}")

    def check_attachment(self, file_spec: DictionaryObject) -> None:
        names = [str(resolve(file_spec.get(key)) or "") for key in ("/UF", "/F", "/DOS", "/Mac", "/Unix")]
        for name in filter(None, names):
            if extension_of(name) in PROGRAM_EXTENSIONS:
                raise Refused("active_content", f"PDF attachment named .{extension_of(name)}")
        streams = resolve(file_spec["/EF"])
        if isinstance(streams, DictionaryObject):
            for stream in streams.values():
                stream = resolve(stream)
                if isinstance(stream, StreamObject):
                    self.sweep_attached(stream, next(filter(None, names), ""))

    def sweep_attached(self, stream: StreamObject, name: str) -> None:
        if id(stream) in self.attachments_swept:
            return
        self.attachments_swept.add(id(stream))
        content = stream.get_data()  # decoded, within pypdf's own bound on decompressed size
        self.budget.take(len(content), members=1)
        self.sweep(content, name, depth=self.depth + 1, budget=self.budget)


def resolve(value):
    while isinstance(value, IndirectObject):
        value = value.get_object()
    return value
