"""The forms of a circulation: the secretary's proposal (the request, the decision proposed as a session's
decision form takes it, the members asked) and a member's answer."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from beneficiaries.delivery_forms import AmountField
from committee import agenda
from committee.decision_forms import (
    NUMERIC,
    check_outcome,
    committee_members,
    limit_choices,
    member_name,
    western_numbers,
)
from committee.models import Circulation, CirculationAnswer, CommitteeSession, Outcome


def request_label(case) -> str:
    return case.submission.reference


class CirculationForm(forms.ModelForm):
    amount = AmountField(label=_("amount a month (riyals)"), required=False, max_digits=12)

    class Meta:
        model = Circulation
        fields = ["case", "why_urgent", "outcome", "service", "kind", "amount", "months", "fund", "starts_on",
                  "reason", "reason_text", "members"]  # fmt: skip
        widgets = {
            "outcome": forms.RadioSelect,
            "months": NUMERIC,
            "starts_on": AdminDateInput,
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, data=None, *args, site, **kwargs):
        super().__init__(western_numbers(data, ["months"]), *args, **kwargs)
        self.site = site
        self.fields["case"].queryset = agenda.waiting_requests(site)
        self.fields["case"].label_from_instance = request_label
        self.fields["why_urgent"].required = True
        limit_choices(self, site)
        self.fields["members"].queryset = committee_members(site.pk)
        self.fields["members"].label_from_instance = member_name
        last = CommitteeSession.objects.filter(site=site).order_by("-date", "-pk").first()
        if last is not None and not self.is_bound:
            self.initial["members"] = list(last.members.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        check_outcome(self, cleaned)
        return cleaned

    def save(self, commit=False):
        circulation = super().save(commit=False)
        circulation.site = self.site
        if circulation.outcome != Outcome.ACCEPT:
            circulation.service = circulation.amount = circulation.months = circulation.fund = None
            circulation.starts_on = None
        elif circulation.starts_on is None:
            circulation.starts_on = timezone.localdate()
        if circulation.outcome != Outcome.REJECT:
            circulation.reason, circulation.reason_text = None, ""
        return circulation


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("your answer"), choices=CirculationAnswer.Answer.choices,
                               widget=forms.RadioSelect)  # fmt: skip
