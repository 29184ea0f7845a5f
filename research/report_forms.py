"""The report's form: one field a question (by its answer kind), then the recommendation. Everything is optional
for a draft; research.reports.missing says what a submission still lacks. Numbers and amounts are typed in
either digit set."""

import re

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from beneficiaries.delivery_forms import AmountField
from core.arabic import to_western_digits
from forms.fields import AttachmentField
from organisation.associations import pages_of
from research.models import AnswerKind, Recommendation
from research.reports import Content
from services.models.service_page import ServicePage

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class CountField(django_forms.IntegerField):
    """A whole number typed in either digit set."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget = django_forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s,\u066c]", "", to_western_digits(value))
        return super().to_python(value)


def answer_field(row):
    common = {"label": row["question"], "help_text": row.get("help", ""), "required": False}
    kind = row["kind"]
    if kind == AnswerKind.YES_NO:
        return django_forms.ChoiceField(choices=YES_NO, widget=django_forms.RadioSelect, **common)
    if kind == AnswerKind.NUMBER:
        return CountField(**common)
    if kind == AnswerKind.AMOUNT:
        return AmountField(min_value=0, max_digits=12, **common)
    return django_forms.CharField(widget=django_forms.Textarea(attrs={"rows": 3}), max_length=4000, **common)


class ReportForm(django_forms.Form):
    recommendation = django_forms.ChoiceField(
        label=_("recommendation"), choices=Recommendation.choices, widget=django_forms.RadioSelect, required=False
    )
    service = django_forms.ModelChoiceField(label=_("service"), queryset=ServicePage.objects.none(), required=False)
    amount = AmountField(label=_("amount (riyals)"), required=False, max_digits=12)
    duration_months = CountField(label=_("duration (months)"), required=False, min_value=1, max_value=120)
    reason = django_forms.CharField(
        label=_("reason or what is missing"), required=False, max_length=4000,
        widget=django_forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason of a rejection, or what information is still needed."),
    )  # fmt: skip

    def __init__(self, *args, report, **kwargs):
        self.report = report
        initial = {f"answer_{n}": row["answer"] for n, row in enumerate(report.answers)}
        initial |= {
            "recommendation": report.recommendation, "service": report.service_id, "amount": report.amount,
            "duration_months": report.duration_months, "reason": report.reason,
        }  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        questions = {f"answer_{n}": answer_field(row) for n, row in enumerate(report.answers)}
        self.fields = questions | self.fields
        services = ServicePage.objects.live().filter(locale=Locale.get_default()).order_by("title")
        self.fields["service"].queryset = pages_of(report.site_id, services)  # the association's own

    def answer_fields(self):
        return [self[f"answer_{n}"] for n in range(len(self.report.answers))]

    def recommendation_fields(self):
        return [self[name] for name in ("recommendation", "service", "amount", "duration_months", "reason")]

    def content(self) -> Content:
        data = self.cleaned_data
        answers = {}
        for n, row in enumerate(self.report.answers):
            value = data.get(f"answer_{n}")
            answers[row["key"]] = "" if value is None else str(value)
        return Content(
            answers=answers, recommendation=data.get("recommendation") or "", service=data.get("service"),
            amount=data.get("amount"), duration_months=data.get("duration_months"), reason=data.get("reason") or "",
        )  # fmt: skip


class UploadForm(django_forms.Form):
    upload = AttachmentField(label=_("photo or document"), help_text=_("A photo (JPEG, PNG or WebP) or a PDF file."))
