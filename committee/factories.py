"""Test factories for the research committee: its settings, sessions (numbered as the admin numbers them) with
their members, agenda, attendance and decisions.

`SessionFactory(cases=[...], present=2, status="open")` makes a session of three new members (or `members=`) on
the default site (or `site=`), puts the requests on its agenda (they must be with the committee:
`inbox.factories.CaseFactory(status="committee")`), records the first `present` members present, and opens it.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from beneficiaries.deliveries import funds_for
from committee import agenda, sessions
from committee.models import CommitteeSession, CommitteeSettings, Decision, Outcome, RejectionReason, SessionStatus
from organisation.factories import SiteSettingFactory, UserFactory, site_or_default
from services.factories import ServicePageFactory


class CommitteeSettingsFactory(SiteSettingFactory):
    class Meta:
        model = CommitteeSettings


class RejectionReasonFactory(DjangoModelFactory):
    class Meta:
        model = RejectionReason

    settings = factory.LazyFunction(lambda: CommitteeSettings.for_site(site_or_default()))
    text_ar = "الدخل يتجاوز حد الاستحقاق"
    text_en = "The income is above the eligibility limit"


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeSession

    site = factory.LazyFunction(site_or_default)
    date = factory.LazyFunction(timezone.localdate)
    place = "مقر الجمعية"

    @classmethod
    def _create(cls, model_class, *args, members=None, cases=(), present=None, status=SessionStatus.PREPARING,
                **values):  # fmt: skip
        members = list(members) if members is not None else [UserFactory(role="committee") for _ in range(3)]
        session = sessions.number_session(model_class(**values))
        session.members.set(members)
        if cases:
            agenda.add_requests(session, [case.pk for case in cases])
        if present is not None:
            sessions.record_attendance(session, [member.pk for member in members[:present]])
        if status == SessionStatus.OPEN:
            session = sessions.open_session(session, expected_version=session.version)
        return session


def decide(item, outcome=Outcome.ACCEPT, *, user=None, **values) -> Decision:
    """Record a decision on `item` as the admin's form would: unanimous unless `unanimous=False` and the votes are
    given; an acceptance a monthly 500 riyals for six months of a new service, from the association's first fund."""
    session = item.session
    if outcome == Outcome.ACCEPT:
        values = {
            "service": ServicePageFactory(), "amount": Decimal("500"), "months": 6,
            "fund": funds_for(session.site_id).first(), "starts_on": session.date + datetime.timedelta(days=7),
        } | values  # fmt: skip
    elif outcome == Outcome.REJECT:
        values = {"reason": RejectionReasonFactory(settings=sessions.settings_for(session.site))} | values
    elif outcome == Outcome.DEFER:
        values = {"missing": "صك الإعالة"} | values
    values = {"votes_for": len(sessions.eligible_voters(session, item))} | values
    return Decision.objects.create(
        item=item, outcome=outcome, number=f"{session.year}/{session.number}/{item.position}", recorded_by=user,
        **values,
    )  # fmt: skip
