"""Every field a form shows ends up in the submission.

For each demo form, in both languages: render the form page, read every input
name its HTML shows, post a value for each, and check each was stored: in the
answers (`data`), as an attachment, or in the column it maps to. A field added
later that the pipeline does not store makes this fail.
"""

import uuid
from html.parser import HTMLParser

import pytest

from forms.kinds import FILE_TYPES, FieldType
from forms.models import FormPage, Submission
from tests.support.forms import pdf, png

pytestmark = pytest.mark.django_db

# Inputs that are not answers: the CSRF token, the idempotency token, the
# honeypot (must stay empty) and reCAPTCHA's (off without keys; listed should
# keys be set).
TECHNICAL = {"csrfmiddlewaretoken", "submission_token", "website", "captcha", "g-recaptcha-response"}

# The page's own fields and the column each is stored in.
COLUMNS = {
    "service": lambda submission, case: submission.service_id == case["service_ar"].pk,
    "related_service": lambda submission, case: submission.service_id == case["service_ar"].pk,
    "complaint_type": lambda submission, case: submission.complaint_type == case["posted"]["complaint_type"],
    "anonymous": lambda submission, case: submission.anonymous is True,
    "declaration": lambda submission, case: submission.declaration_accepted is True,
    "privacy_consent": lambda submission, case: submission.privacy_consent_at is not None,
}

TEXT_FOR_TYPE = {
    FieldType.NATIONAL_ID: "1000000008",
    FieldType.MOBILE: "0505550123",
    FieldType.EMAIL: "applicant@example.org",
    FieldType.NUMBER: "4",
    FieldType.URL: "https://example.org/",
    FieldType.HIJRI_DATE: "15/03/1405",  # the text part of the date (its calendar is a radio)
}


class FormInputs(HTMLParser):
    """The named inputs of <form class="request-form">: name -> [(tag, type, value or options)]."""

    def __init__(self):
        super().__init__()
        self.inputs: dict[str, list[dict]] = {}
        self._in_form = False
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "request-form" in (attrs.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag in ("input", "textarea", "select") and attrs.get("name"):
            item = {"tag": tag, "type": attrs.get("type", tag), "value": attrs.get("value"), "options": []}
            self.inputs.setdefault(attrs["name"], []).append(item)
            if tag == "select":
                self._select = item
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select["options"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def shown_inputs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = FormInputs()
    parser.feed(response.content.decode())
    assert parser.inputs, "no form found"
    return parser.inputs


def field_of(name, specs):
    """The editor field an input belongs to: itself, or a multi-part widget's (birth_date_0 -> birth_date)."""
    if name in specs:
        return name
    base, _sep, part = name.rpartition("_")
    return base if part.isdigit() and base in specs else None


def value_for(name, items, specs, case):
    first = items[0]
    if name == "submission_token":
        return str(uuid.uuid4())
    if name in ("service", "related_service"):
        return str(case["service"].pk)
    if name == "complaint_type":
        return "suggestion"
    key = field_of(name, specs)
    spec = specs.get(key)
    if first["type"] == "file":
        return [pdf(), png()] if spec.field_type == FieldType.FILES else pdf(f"{name}.pdf")
    if first["tag"] == "select":
        return first["options"][0]
    if first["type"] in ("radio", "checkbox"):
        values = [item["value"] or "on" for item in items]
        return values[0] if first["type"] == "radio" else values[:2] if len(values) > 1 else values[0]
    if spec is not None and spec.field_type in TEXT_FOR_TYPE:
        return TEXT_FOR_TYPE[spec.field_type]
    return f"جواب {name}"


def stored(name, submission, specs, case) -> bool:
    if name in COLUMNS:
        return COLUMNS[name](submission, case)
    key = field_of(name, specs)
    if key is None:
        return False
    if specs[key].field_type in FILE_TYPES:
        return submission.attachments.filter(field_key=key).exists()
    return submission.data.get(key) not in (None, "", [], {})


CASES = [
    ("help-request", False),
    ("volunteer", False),
    ("complaints", False),
    ("complaints", True),  # anonymous: who the applicant is is left out on purpose
    ("satisfaction-survey", False),
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("slug", "anonymous"), CASES)
def test_every_field_a_form_shows_is_stored(client, site_pages, services, language, slug, anonymous):
    from services.models import ServicePage

    page = FormPage.objects.get(slug=slug, locale__language_code=language)
    service = next(s for s in ServicePage.objects.live().filter(locale=page.locale) if s.accepts_requests)
    case = {"service": service, "service_ar": service.get_translation(site_pages["home_ar"].locale)}
    specs = {field.clean_name: field for field in page.get_form_fields()}
    inputs = shown_inputs(client, f"{page.url}?service={service.pk}")

    unknown = [name for name in inputs if name not in TECHNICAL and name not in COLUMNS and not field_of(name, specs)]
    assert unknown == [], f"inputs with nowhere to be stored: {unknown}"

    posted = {name: value_for(name, items, specs, case) for name, items in inputs.items()}
    posted["website"] = ""  # the honeypot stays empty
    posted.pop("csrfmiddlewaretoken", None)
    if "anonymous" in posted and not anonymous:
        posted.pop("anonymous")  # an unticked box sends nothing
    case["posted"] = posted
    response = client.post(page.send_url, posted)
    assert response.status_code == 302, response.content.decode()[:3000]

    submission = Submission.objects.get()
    assert str(submission.idempotency_token) == posted["submission_token"]
    assert submission.service_title == case["service_ar"].title
    personal = set(submission.personal_field_keys()) if anonymous else set()
    left_out = [
        name
        for name in posted
        if name not in TECHNICAL and field_of(name, specs) not in personal and not stored(name, submission, specs, case)
    ]
    assert left_out == [], f"posted but not stored: {left_out}"
    if anonymous:
        assert personal and not personal & set(submission.data)
        assert (submission.applicant_name, submission.applicant_mobile) == ("", "")
