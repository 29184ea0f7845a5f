"""The forms of a session: the session itself, attendance and stand-asides, and the decision on one item.

Numbers are typed in either digit set (text inputs: browsers' number inputs refuse Arabic-Indic digits)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Locale

from beneficiaries import deliveries
from beneficiaries.delivery_forms import AmountField
from beneficiaries.models import DeliveryKind
from committee import sessions
from committee.models import ChairVote, CommitteeSession, Decision, Outcome
from core.arabic import to_western_digits
from organisation.associations import pages_of, staff_of_site_q
from services.models.service_page import ServicePage

NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4})
WHOLE_NUMBERS = ("months", "votes_for", "votes_against")


def committee_members(site_id):
    """Who may be invited: active staff of the association on `site_id` who see its committee's sessions
    (members, secretaries, administrators)."""
    # The group giving the permission counts there: its own, or one tied to no association (organisation.backends).
    sees_sessions = Q(groups__permissions__content_type__app_label="committee",
                      groups__permissions__codename="view_committeesession") & staff_of_site_q(site_id)  # fmt: skip
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(is_superuser=True) | sees_sessions).distinct().order_by("first_name", "last_name", "username")


def member_name(user) -> str:
    return user.get_full_name() or user.get_username()


class SessionForm(forms.ModelForm):
    online_link = forms.URLField(label=_("online meeting link"), required=False, assume_scheme="https")

    class Meta:
        model = CommitteeSession
        fields = ["date", "place", "online_link", "chair", "members"]
        widgets = {"date": AdminDateInput, "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = committee_members(self.instance.site_id)
        for name in ("chair", "members"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = member_name
        self.fields["members"].required = True

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("place") or "").strip() and not cleaned.get("online_link"):
            self.add_error("place", _("Say where the session meets, or give the link of the online meeting."))
        chair, members = cleaned.get("chair"), cleaned.get("members")
        if chair is not None and members is not None and chair not in members:
            self.add_error("chair", _("The chair must be one of the members invited."))
        return cleaned


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("members present"), queryset=get_user_model().objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = session.members.order_by("first_name", "last_name", "username")
        self.fields["present"].label_from_instance = member_name


class StandAsideForm(forms.Form):
    standing_aside = forms.ModelMultipleChoiceField(
        label=_("members standing aside (conflict of interest)"), queryset=get_user_model().objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standing_aside"].queryset = session.members.order_by("first_name", "last_name", "username")
        self.fields["standing_aside"].label_from_instance = member_name


def limit_choices(form, site):
    """The services, the association's funds and its reasons for rejecting, for a decision's form."""
    services = ServicePage.objects.live().filter(locale=Locale.get_default()).order_by("title")
    form.fields["service"].queryset = pages_of(site.pk, services)
    form.fields["fund"].queryset = deliveries.funds_for(site.pk)
    form.fields["fund"].label_from_instance = lambda fund: fund.shown
    form.fields["reason"].queryset = sessions.settings_for(site).rejection_reasons.all()
    form.fields["kind"].required = False  # cash unless said otherwise


def check_outcome(form, cleaned):
    """What each outcome needs: an acceptance its service, amount, months and fund; a rejection its reason; a
    deferral what is missing (a session's decision and a circulation's proposal alike)."""
    outcome = cleaned.get("outcome")
    cleaned["kind"] = cleaned.get("kind") or DeliveryKind.CASH
    if outcome == Outcome.ACCEPT:
        for name, message in (
            ("service", _("Choose the service the family receives.")),
            ("amount", _("Enter the amount a month in riyals.")),
            ("months", _("Enter for how many months.")),
            ("fund", _("Choose the fund it is paid from.")),
        ):
            if cleaned.get(name) in (None, "") and name not in form.errors:
                form.add_error(name, message)
    elif outcome == Outcome.REJECT and cleaned.get("reason") is None and "reason" not in form.errors:
        form.add_error("reason", _("Choose the reason for the rejection."))
    elif outcome == Outcome.DEFER and not (cleaned.get("missing") or "").strip():
        form.add_error("missing", _("Say what is missing before the committee can decide."))


def western_numbers(data, names):
    """A copy of the posted data with these whole numbers in Western digits (typed in either set)."""
    if data is None:
        return None
    data = data.copy()
    for name in names:
        if name in data:
            data[name] = to_western_digits(data[name]).strip()
    return data


class DecisionForm(forms.ModelForm):
    """The decision on one item, checked against who may vote on it: the members present not standing aside."""

    amount = AmountField(label=_("amount a month (riyals)"), required=False, max_digits=12)

    class Meta:
        model = Decision
        fields = [
            "outcome", "service", "kind", "amount", "months", "fund", "starts_on", "reason", "reason_text", "missing",
            "unanimous", "votes_for", "votes_against", "chair_vote", "dissent",
        ]  # fmt: skip
        widgets = {
            "outcome": forms.RadioSelect,
            "months": NUMERIC,
            "votes_for": NUMERIC,
            "votes_against": NUMERIC,
            "starts_on": AdminDateInput,
            "chair_vote": forms.RadioSelect,
        }

    def __init__(self, data=None, *args, item, **kwargs):
        super().__init__(western_numbers(data, WHOLE_NUMBERS), *args, **kwargs)
        self.item = item
        self.session = item.session
        limit_choices(self, self.session.site)
        self.fields["votes_for"].required = False
        self.fields["votes_against"].required = False
        self.fields["chair_vote"].required = False
        self.voters = sessions.eligible_voters(self.session, item)

    def clean(self):
        cleaned = super().clean()
        check_outcome(self, cleaned)
        self._clean_votes(cleaned)
        return cleaned

    def _clean_votes(self, cleaned):
        voters = len(self.voters)
        if not voters:
            raise forms.ValidationError(_("No member present may vote on this request: record the attendance first."))
        if cleaned.get("unanimous"):
            cleaned["votes_for"], cleaned["votes_against"], cleaned["chair_vote"] = voters, 0, ""
            return
        votes_for, votes_against = cleaned.get("votes_for") or 0, cleaned.get("votes_against") or 0
        chair = cleaned.get("chair_vote")
        if votes_for + votes_against > voters:
            self.add_error(
                "votes_for",
                _("%(votes)s votes were given but only %(voters)s members present may vote on this request.")
                % {"votes": votes_for + votes_against, "voters": voters},
            )
        elif votes_for + votes_against == 0:
            self.add_error("votes_for", _("Enter the votes for and against, or mark the decision unanimous."))
        elif votes_for < votes_against or (votes_for == votes_against and chair == ChairVote.AGAINST):
            self.add_error("votes_for", _("The votes did not carry this decision: record the one the majority took."))
        elif votes_for == votes_against and not chair:
            self.add_error("chair_vote", _("The votes are tied: record the chair's vote, which decides."))
        elif votes_for != votes_against:
            cleaned["chair_vote"] = ""

    def save(self, commit=True):
        decision = super().save(commit=False)
        decision.item = self.item
        decision.number = f"{self.session.year}/{self.session.number}/{self.item.position}"
        decision.votes_for = self.cleaned_data["votes_for"]
        decision.votes_against = self.cleaned_data["votes_against"]
        decision.chair_vote = self.cleaned_data["chair_vote"]
        if decision.outcome != Outcome.ACCEPT:
            decision.service = decision.amount = decision.months = decision.fund = decision.starts_on = None
        if decision.outcome != Outcome.REJECT:
            decision.reason, decision.reason_text = None, ""
        if decision.outcome != Outcome.DEFER:
            decision.missing = ""
        if decision.outcome == Outcome.ACCEPT and decision.starts_on is None:
            decision.starts_on = self.session.date
        if commit:
            decision.save()
        return decision
