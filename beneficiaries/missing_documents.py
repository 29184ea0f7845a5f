"""What a request for missing documents lists (the inbox's "inbox_missing_documents" hook): the service's
documents, each with what the family's file already holds, so a family is not asked twice for what is valid.

A service names its documents in its editors' words ("صورة الهوية الوطنية أو الإقامة لمقدم الطلب"): each name
is matched to a type of document on file by the words it holds, folded as search folds them. A name that
matches no type is listed as not on file. A request without a service lists the types the file holds, the
expired ones checked. Medical reports count for everyone (so they are not asked twice) but are shown only as a
state, never as a document, to those who may not see health data.
"""

import datetime
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beneficiaries.models import DocumentType, FileDocument, FileRequest
from core.arabic import normalise_for_search
from core.calendars import format_gregorian, hijri_display
from forms.kinds import FormKind
from inbox.messages import DocumentToAsk
from services.models import ServicePage

VIEW_FILES = "beneficiaries.view_beneficiaryfile"

# Words (folded: ة→ه, أ/إ/آ→ا, ى→ي) that say which type of document a service's document is; first match wins.
WORDS_OF_TYPE = [
    (DocumentType.NATIONAL_ID, ["هويه", "اقامه", "national id", "iqama", "residence permit", "identity card"]),
    (DocumentType.FAMILY_RECORD, ["سجل الاسره", "كرت العائله", "بطاقه العائله", "family record", "family card"]),
    (DocumentType.MEDICAL_REPORT, ["تقرير طبي", "التقرير الطبي", "medical report"]),
    (DocumentType.LEASE, ["ايجار", "lease", "tenancy"]),
    (DocumentType.BANK_STATEMENT, ["كشف حساب", "bank statement"]),
    (DocumentType.INCOME_PROOF, ["راتب", "دخل", "ضمان", "salary", "income", "social security"]),
    (DocumentType.DEATH_CERTIFICATE, ["وفاه", "death certificate"]),
    (DocumentType.DIVORCE_DEED, ["طلاق", "divorce"]),
]


def type_of_requirement(name: str) -> str | None:
    folded = normalise_for_search(name).casefold()
    for document_type, words in WORDS_OF_TYPE:
        for word in words:
            pattern = rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word)
            if re.search(pattern, folded):
                return document_type
    return None


def best_on_file(file) -> dict[str, FileDocument]:
    """Per type, the document that is good the longest: one that never expires, else the latest expiry."""
    best = {}
    for document in FileDocument.objects.filter(file=file).order_by("pk"):
        held = best.get(document.document_type)
        if held is None or _lasts(document) > _lasts(held):
            best[document.document_type] = document
    return best


def _lasts(document):
    return (document.expires_on is None, document.expires_on or datetime.date.min)


def service_documents(submission) -> list[tuple[str, bool]]:
    """(name, required) of each document the request's service asks for, in the service page's language."""
    if not submission.service_id:
        return []
    page = ServicePage.objects.filter(pk=submission.service_id).first()
    if page is None:
        return []
    return [(block.value["name"], bool(block.value["required"])) for block in page.required_documents]


def state_of(document, required: bool, today, language) -> tuple[str, bool]:
    """What staff are told of one document, and whether it is offered checked."""
    if document is None:
        return (_("not on file") if required else _("optional, not on file")), required
    if document.expires_on is None:
        return _("on file"), False
    dates = {
        "date": format_gregorian(document.expires_on, language),
        "hijri": hijri_display(document.expires_on, language),
    }
    if document.is_expired(today):
        return _("on file but expired on %(date)s (%(hijri)s)") % dates, required
    return _("on file, valid until %(date)s (%(hijri)s)") % dates, False


def documents_to_ask(request, case) -> list[DocumentToAsk] | None:
    submission = case.submission
    if submission.kind != FormKind.HELP_REQUEST or not request.user.has_perm(VIEW_FILES):
        return None
    link = FileRequest.objects.filter(case=case).select_related("file").first()
    on_file = best_on_file(link.file) if link is not None else {}
    today, language = timezone.localdate(), translation.get_language()
    asked = []
    needed = service_documents(submission)
    if needed:
        for name, required in needed:
            document_type = type_of_requirement(name)
            state, ask = state_of(on_file.get(document_type) if document_type else None, required, today, language)
            asked.append(DocumentToAsk(label=name, state=state, ask=ask))
        return asked
    with translation.override(submission.language):
        labels = {value: str(label) for value, label in DocumentType.choices}
    for document_type, document in sorted(on_file.items()):
        state, ask = state_of(document, True, today, language)
        asked.append(DocumentToAsk(label=labels[document_type], state=state, ask=ask))
    return asked
