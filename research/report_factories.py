"""Test data for research reports (test-only: nothing the site runs imports this): a request referred to a
researcher, questions, a draft or submitted report, photos with or without their location."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image
from wagtail.models import Locale

from forms.kinds import FormKind
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from organisation.factories import site_or_default
from research import reports
from research.models import AnswerKind, Recommendation, ResearchQuestion

GPS_IFD = 0x8825
MAKE = 0x010F


def referred_case(researcher, *, service=None, site=None):
    """A help request with the social researcher `researcher`."""
    return CaseFactory(status=Status.RESEARCH, kind=FormKind.HELP_REQUEST, researcher=researcher, service=service,
                       site=site)  # fmt: skip


class ResearchQuestionFactory(DjangoModelFactory):
    """A question in Arabic (the source locale); `service=None` puts it in the default set."""

    class Meta:
        model = ResearchQuestion

    site = factory.LazyFunction(site_or_default)
    locale = factory.LazyFunction(Locale.get_default)
    service = None
    text = factory.Sequence(lambda n: f"سؤال رقم {n}")
    help_text = ""
    answer_kind = AnswerKind.TEXT
    sort_order = factory.Sequence(int)
    active = True


def draft_report(case, researcher=None):
    """The researcher's draft on `case`, begun as the page begins it."""
    return reports.draft_for(case, researcher or case.researcher)


def complete_content(report, service, **changes) -> reports.Content:
    """Every question answered (by its kind) and a recommendation to accept."""
    sample = {AnswerKind.TEXT: "بيت شعبي قديم", AnswerKind.YES_NO: "no", AnswerKind.NUMBER: "5",
              AnswerKind.AMOUNT: "1500.00"}  # fmt: skip
    answers = {row["key"]: sample[row["kind"]] for row in report.answers}
    content = reports.Content(
        answers=answers, recommendation=Recommendation.ACCEPT, service=service, amount=Decimal("2000"),
        duration_months=6,
    )  # fmt: skip
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def submitted_report(case, service, researcher=None):
    report = draft_report(case, researcher)
    return reports.save(report, complete_content(report, service), expected_version=report.version, submit=True)


def photo_bytes(width=3200, height=2400, *, gps=True, fmt="JPEG") -> bytes:
    """A photo as a phone takes it: large, with the camera's make and (when `gps`) the place it was taken."""
    image = Image.new("RGB", (width, height), "olive")
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (24.0, 42.0, 51.0), 3: "E", 4: (46.0, 43.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), quality=80)
    return buffer.getvalue()


def photo_upload(name="home.jpg", **options):
    return SimpleUploadedFile(name, photo_bytes(**options), content_type="image/jpeg")
