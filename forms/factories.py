"""Test factories for request forms and what applicants send through them.

`FormPageFactory(kind=...)` builds a form page with the fields the demo's form of that kind has
(`every_kind=True`: one field of each field type); `SubmissionFactory(form_page=...)` fills that form
in with valid answers and real small files (a PDF and a PNG), validates it with the page's own form
and stores it through `forms.pipeline`, as the intake does: attachments in the private storage,
reference number, notifications owed, and (the inbox listening) its case opened.
"""

import io
import itertools
import uuid

import factory
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from factory.django import DjangoModelFactory
from PIL import Image

from forms import pipeline
from forms.kinds import FILE_TYPES, Channel, FieldRole, FieldType, FormKind
from forms.models import FormField, FormPage, Submission
from organisation.factories import TranslatablePageFactory

# (key, type, required, Arabic label, Arabic choices, role) of the fields of each kind's form.
NAME = ("full_name", FieldType.SINGLELINE, True, "الاسم الرباعي", "", FieldRole.NAME)
NATIONAL_ID = ("national_id", FieldType.NATIONAL_ID, True, "رقم الهوية الوطنية أو الإقامة", "", FieldRole.NATIONAL_ID)
MOBILE = ("mobile", FieldType.MOBILE, True, "رقم الجوال", "", FieldRole.MOBILE)
EMAIL = ("email", FieldType.EMAIL, False, "البريد الإلكتروني", "", FieldRole.EMAIL)
FIELDS = {
    FormKind.HELP_REQUEST: [
        NAME, NATIONAL_ID, MOBILE, EMAIL,
        ("city", FieldType.DROPDOWN, True, "المدينة", "الرياض\nالخرج\nأخرى", ""),
        ("family_size", FieldType.NUMBER, True, "عدد أفراد الأسرة", "", ""),
        ("needs", FieldType.MULTILINE, True, "صف حاجتك باختصار", "", ""),
        ("documents", FieldType.FILES, True, "المستندات", "", ""),
    ],
    FormKind.VOLUNTEER: [
        NAME, NATIONAL_ID, MOBILE, EMAIL,
        ("interests", FieldType.CHECKBOXES, True, "مجالات التطوع", "إداري\nميداني\nتقني", ""),
        ("cv", FieldType.FILE, False, "السيرة الذاتية", "", ""),
    ],
    FormKind.COMPLAINT: [
        NAME, MOBILE, EMAIL,
        ("details", FieldType.MULTILINE, True, "التفاصيل", "", ""),
        ("attachment", FieldType.FILE, False, "مرفق", "", ""),
    ],
    FormKind.SURVEY: [
        ("overall", FieldType.RATING, True, "رضاك عن الخدمة عمومًا", "", ""),
        ("comments", FieldType.MULTILINE, False, "ملاحظات واقتراحات", "", ""),
    ],
    FormKind.GENERAL: [NAME, MOBILE, EMAIL, ("message", FieldType.MULTILINE, True, "رسالتك", "", "")],
}  # fmt: skip
# One field of every type, the applicant's fields marked with their roles.
EVERY_KIND = [
    NAME, NATIONAL_ID, MOBILE, EMAIL,
    ("notes", FieldType.MULTILINE, True, "ملاحظات", "", ""),
    ("family_size", FieldType.NUMBER, True, "عدد أفراد الأسرة", "", ""),
    ("website_address", FieldType.URL, False, "موقعك", "", ""),
    ("agree", FieldType.CHECKBOX, True, "أوافق على الشروط", "", ""),
    ("interests", FieldType.CHECKBOXES, True, "مجالات التطوع", "إداري\nميداني\nتقني", ""),
    ("city", FieldType.DROPDOWN, True, "المدينة", "الرياض\nالخرج\nأخرى", ""),
    ("languages", FieldType.MULTISELECT, False, "اللغات", "العربية\nالإنجليزية", ""),
    ("marital_status", FieldType.RADIO, True, "الحالة الاجتماعية", "متزوج\nأرمل\nأعزب", ""),
    ("visit_date", FieldType.DATE, False, "تاريخ الزيارة", "", ""),
    ("campaign", FieldType.HIDDEN, False, "الحملة", "", ""),
    ("id_copy", FieldType.FILE, True, "صورة الهوية", "", ""),
    ("documents", FieldType.FILES, True, "المستندات", "", ""),
    ("overall", FieldType.RATING, True, "رضاك عن الخدمة عمومًا", "", ""),
    ("birth_date", FieldType.HIJRI_DATE, True, "تاريخ الميلاد", "", ""),
]  # fmt: skip

ENGLISH = {
    "نموذج": "Form",
    "عبّئ النموذج وأرفق مستنداتك.": "Fill in the form and attach your documents.",
    "شكرًا لك، وصل طلبك.": "Thank you: your request has arrived.",
    "الاسم الرباعي": "Full name",
    "رقم الهوية الوطنية أو الإقامة": "National ID or Iqama number",
    "رقم الجوال": "Mobile number",
    "البريد الإلكتروني": "Email",
    "المدينة": "City",
    "الرياض\nالخرج\nأخرى": "Riyadh\nAl-Kharj\nOther",
    "عدد أفراد الأسرة": "Family size",
    "صف حاجتك باختصار": "Describe your need briefly",
    "المستندات": "Documents",
    "مجالات التطوع": "Areas of volunteering",
    "إداري\nميداني\nتقني": "Administrative\nField work\nTechnical",
    "السيرة الذاتية": "CV",
    "التفاصيل": "Details",
    "مرفق": "Attachment",
    "رضاك عن الخدمة عمومًا": "Overall satisfaction",
    "ملاحظات واقتراحات": "Comments and suggestions",
    "رسالتك": "Your message",
    "ملاحظات": "Notes",
    "موقعك": "Your website",
    "أوافق على الشروط": "I accept the terms",
    "اللغات": "Languages",
    "العربية\nالإنجليزية": "Arabic\nEnglish",
    "الحالة الاجتماعية": "Marital status",
    "متزوج\nأرمل\nأعزب": "Married\nWidowed\nSingle",
    "تاريخ الزيارة": "Date of the visit",
    "الحملة": "Campaign",
    "صورة الهوية": "A copy of the ID",
    "تاريخ الميلاد": "Date of birth",
}


def form_fields(specs) -> list[FormField]:
    """Unsaved fields for a page's `form_fields`, in order; each checked as the admin checks it."""
    fields = []
    for order, (key, field_type, required, label, choices, role) in enumerate(specs):
        field = FormField(
            key=key, field_type=field_type, required=required, label=label, choices=choices, role=role,
            sort_order=order,
        )  # fmt: skip
        field.clean()
        fields.append(field)
    return fields


class FormPageFactory(TranslatablePageFactory):
    """A request form of `kind`, with the fields the demo's form of that kind has (`fields=[...]` specs
    as in FIELDS; `every_kind=True`: EVERY_KIND). Under the home page of `site` (or `parent=`)."""

    class Meta:
        model = FormPage

    class Params:
        fields = None
        every_kind = factory.Trait(fields=EVERY_KIND)

    _english = ENGLISH

    title = factory.Sequence(lambda n: f"نموذج {n}")
    slug = factory.Sequence(lambda n: f"form-f{n}")
    kind = FormKind.GENERAL
    intro = "<p>عبّئ النموذج وأرفق مستنداتك.</p>"
    thank_you_text = "<p>شكرًا لك، وصل طلبك.</p>"
    collects_personal_data = factory.LazyAttribute(lambda page: page.kind != FormKind.SURVEY)
    form_fields = factory.LazyAttribute(lambda page: form_fields(page.fields or FIELDS[page.kind]))


# --- Answers and files ---------------------------------------------------------------------
def small_pdf() -> bytes:
    """The smallest real PDF: one blank page, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name="id-copy.pdf"):
    return SimpleUploadedFile(name, small_pdf(), content_type="application/pdf")


def png_upload(name="scan.png"):
    return SimpleUploadedFile(name, small_png(), content_type="image/png")


_numbers = itertools.count(1)


def national_id(serial: int) -> str:
    """A valid national ID (1…, Luhn check digit) for `serial`."""
    body = f"1{serial % 10**8:08d}"
    total = 0
    for index, char in enumerate(body):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return body + str(-total % 10)


def _first_choice(field) -> str:
    return next(str(value) for value, _label in field.choices if value != "")


def sample_answer(spec, field, serial: int):
    """A valid answer to the editor's field `spec` (a FormField), as a browser posts it; `field` is the
    Django form field built from it. None for a file field (the files are separate)."""
    field_type = spec.field_type
    if field_type in FILE_TYPES:
        return None
    if field_type in (FieldType.DROPDOWN, FieldType.RADIO):
        return _first_choice(field)
    if field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT):
        return [_first_choice(field)]
    return {
        FieldType.SINGLELINE: "سارة محمد عبدالله العتيبي" if spec.role == FieldRole.NAME else "نص قصير",
        FieldType.MULTILINE: "سداد إيجار ثلاثة أشهر",
        FieldType.EMAIL: f"applicant{serial}@example.org",
        FieldType.NUMBER: "5",
        FieldType.RATING: "4",
        FieldType.URL: "https://example.org",
        FieldType.CHECKBOX: "on",
        FieldType.DATE: "2024-01-15",
        FieldType.HIDDEN: "factory",
        FieldType.NATIONAL_ID: national_id(serial),
        FieldType.MOBILE: f"0505{serial % 10**6:06d}",
        FieldType.HIJRI_DATE: ["hijri", "15/03/1405"],
    }[field_type]


def sample_answers(page, attach=True) -> tuple[dict, dict]:
    """(data, files) that fill in `page`'s form validly, with the page's own fields (declaration,
    privacy consent, complaint type, token) and, for file fields, a PDF (and a PNG where several
    files are taken). `attach=False` leaves optional file fields empty."""
    serial = next(_numbers)
    form = page.get_form(page=page, user=AnonymousUser(), captcha=False)
    data, files = {}, {}
    for name in form.editor_fields:
        spec = form.field_specs[name]
        if spec.field_type == FieldType.FILES:
            files[name] = [pdf_upload(), png_upload()] if attach or spec.required else []
        elif spec.field_type == FieldType.FILE:
            files[name] = [pdf_upload()] if attach or spec.required else []
        elif spec.field_type == FieldType.HIJRI_DATE:
            data[f"{name}_0"], data[f"{name}_1"] = sample_answer(spec, form.fields[name], serial)
        else:
            data[name] = sample_answer(spec, form.fields[name], serial)
    for name, value in (("declaration", "on"), ("privacy_consent", "on"), ("complaint_type", "complaint")):
        if name in form.fields:
            data[name] = value
    data["submission_token"] = str(uuid.uuid4())
    return data, files


def as_posted(values: dict) -> MultiValueDict:
    """A dict of answers as a browser's POST (or FILES) carries it: every value a list."""
    return MultiValueDict({key: value if isinstance(value, list) else [value] for key, value in values.items()})


class InvalidAnswers(ValueError):
    """The answers given do not pass the form's validation; `errors` says why."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors.as_text())


class SubmissionFactory(DjangoModelFactory):
    """A submission of `form_page` (default: a new form of `kind` on `site`), sent as an applicant sends
    it: valid answers (`answers={...}` overrides them, by field name as posted; `files={...}` the files),
    checked by the page's form, stored by `forms.pipeline.create_submission`. Its case is
    `submission.case`. `language` defaults to the page's; `channel`, `entered_by` and `service` as the
    pipeline takes them."""

    class Meta:
        model = Submission

    class Params:
        kind = FormKind.GENERAL
        site = None

    form_page = factory.SubFactory(FormPageFactory, kind=factory.SelfAttribute("..kind"),
                                   site=factory.SelfAttribute("..site"))  # fmt: skip
    answers = None
    files = None
    attach = True
    language = None
    service = None
    channel = Channel.WEBSITE
    entered_by = None

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("A submission is made by the pipeline: use SubmissionFactory() or .create().")

    @classmethod
    def _create(cls, model_class, form_page, answers=None, files=None, attach=True, language=None, **pipeline_args):
        page = form_page.specific
        data, uploads = sample_answers(page, attach=attach)
        data.update(answers or {})
        uploads.update(files or {})
        form = page.get_form(as_posted(data), as_posted(uploads), page=page, user=AnonymousUser(), captcha=False)
        if not form.is_valid():
            raise InvalidAnswers(form.errors)
        # The association whose site the form is on, as the intake finds it through the host.
        site_id = pipeline_args.pop("site_id", None) or page.get_site().pk
        submission, _created = pipeline.create_submission(
            page, form, site_id=site_id, language=language or page.locale.language_code, **pipeline_args
        )
        return submission
