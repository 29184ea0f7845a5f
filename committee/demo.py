"""The demo association's research and committee work (`seed_demo`): its social researcher and committee, requests
with the researcher (a visit made, a visit planned and rescheduled), a session held with its decisions, an appeal
against one of them waiting for the next session, which is being prepared with the requests waiting.

The staff here are names on the records, made without a password (nobody signs in as them); the demo's
administrator sees and works everything. Requests are written as the family file's demo writes its own
(`beneficiaries.demo.help_request`), then moved by the same code staff use: the session is closed by
`committee.closing`, the appeal made by `inbox.appeals` as the applicant's personal link makes it.

Safe to run again: nothing is added once the association has a committee session.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Site

from beneficiaries.deliveries import funds_for
from beneficiaries.demo import TO_CLOSED, TO_COMMITTEE, Family, Request, help_request
from committee import agenda, closing, sessions
from committee.models import CommitteeSession, Decision, Outcome, RejectionReason
from forms.kinds import FormKind
from forms.models import FormPage
from inbox import services
from inbox.appeals import applicant_appeal
from inbox.lifecycle import Status
from research import referrals, reports, visits
from research.models import Recommendation, VisitPlace, VisitStatus
from services.models import ServicePage

TO_RESEARCH = TO_CLOSED[:3]

# (username, first name, last name, staff group)
STAFF = [
    ("demo-researcher", "هند", "العتيبي", "Social researchers"),
    ("demo-chair", "عبدالله", "الشمري", "Research committee"),
    ("demo-member", "نورة", "القحطاني", "Research committee"),
    ("demo-member-2", "فهد", "الدوسري", "Research committee"),
    ("demo-secretary", "سلمى", "الحربي", "Committee secretaries"),
]


def family(head_name, head_id, mobile, needs, path, days_ago) -> Family:
    return Family(
        head_name=head_name, head_id=head_id, sex="female", mobile=mobile, city="الرياض", district="", groups=[],
        requests=[Request(needs, days_ago, path)], verification_in_days=None,
        incomes=[("social_security", "2400")],
    )  # fmt: skip


# National IDs below 1100000000, apart from the family file's demo families (10700…).
WITH_RESEARCHER = [
    family("لطيفة محمد السبيعي", "1080000019", "+966501110021", "ترميم سقف المنزل بعد الأمطار", TO_RESEARCH, 9),
    family("عائشة علي الغامدي", "1080000027", "+966501110022", "سلة غذائية شهرية وكسوة للأطفال", TO_RESEARCH, 6),
]
DECIDED = [
    family("منيرة سعد العنزي", "1080000035", "+966501110023", "إعانة شهرية بعد وفاة الزوج", TO_COMMITTEE, 25),
    family("سارة أحمد الزهراني", "1080000043", "+966501110024", "سداد إيجار سنة كاملة", TO_COMMITTEE, 24),
    family("هيلة ناصر المطيري", "1080000050", "+966501110025", "جهاز تنفس لابنتي", TO_COMMITTEE, 22),
]
WAITING = [family("وفاء خالد الشهري", "1080000068", "+966501110026", "أجهزة منزلية أساسية", TO_COMMITTEE, 12)]
APPEAL_REASON = "لم تُحتسب ديون الأسرة ولا علاج ابني الشهري، وأرفقت ما يثبتهما."


def seed(site: Site) -> CommitteeSession | None:
    """The research and committee demo on the association's site; nothing when it already has a session."""
    if CommitteeSession.objects.filter(site=site).exists():
        return None
    page = FormPage.objects.filter(
        kind=FormKind.HELP_REQUEST, locale=Locale.get_default(), path__startswith=site.root_page.path
    ).first()
    service = ServicePage.objects.filter(locale=Locale.get_default(), slug="food-basket").first()
    fund = funds_for(site.pk).filter(slug="zakat").first()
    if page is None or service is None or fund is None:
        return None
    with transaction.atomic():
        staff = demo_staff()
        seed_research(page, staff["demo-researcher"])
        held = seed_held_session(site, page, staff, service, fund)
    rejected = held.items.get(decision__outcome=Outcome.REJECT).case
    rejected.refresh_from_db()
    # The applicant asks for reconsideration from her personal link, after the session's messages went out.
    applicant_appeal(rejected.pk, APPEAL_REASON, link_secret=rejected.link_secret)
    with transaction.atomic():
        for each in WAITING:
            help_request(page, each, each.requests[0])
        # The next session: the appeal, the deferred request carried over, the researched one and one that came since.
        preparing = new_session(site, staff, timezone.localdate() + datetime.timedelta(days=5))
        agenda.add_requests(preparing, list(agenda.waiting_requests(site).values_list("pk", flat=True)))
    return held


def demo_staff() -> dict:
    people = {}
    for username, first_name, last_name, group in STAFF:
        person, made = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if made:
            person.set_unusable_password()
            person.save(update_fields=["password"])
            person.groups.add(Group.objects.get(name=group))
        people[username] = person
    return people


def seed_research(page, researcher):
    """Two requests with the researcher: one visited at home, one whose office visit was moved a day later."""
    today = timezone.localdate()
    done, moved = (help_request(page, each, each.requests[0]) for each in WITH_RESEARCHER)
    for case in (done, moved):
        case.researcher = researcher
        case.save(update_fields=["researcher"])
    visited = visits.plan(
        referrals.open_task(done), date=today, starts_at=datetime.time(9), ends_at=datetime.time(11),
        place=VisitPlace.HOME, user=researcher,
    )  # fmt: skip
    visits.finish(visited, VisitStatus.DONE, user=researcher)
    submit_report(done, researcher)
    # With the report in, the researcher sends the request to the committee: it waits for the next session.
    services.make_move(done.pk, Status.COMMITTEE, user=researcher)
    planned = visits.plan(
        referrals.open_task(moved), date=today + datetime.timedelta(days=2), starts_at=datetime.time(10),
        ends_at=datetime.time(12), place=VisitPlace.HOME, user=researcher,
    )  # fmt: skip
    visits.reschedule(
        planned, date=today + datetime.timedelta(days=3), starts_at=datetime.time(10), ends_at=datetime.time(11),
        place=VisitPlace.OFFICE, reason="طلبت الأسرة الحضور إلى مقر الجمعية", user=researcher,
    )  # fmt: skip


# The visited family's answers, by the default questions' kind and topic (research.default_questions).
ANSWERS = {
    "text": "بيت شعبي مستأجر، سقفه متضرر من الأمطار وأثاثه قليل.",
    "amount": "2400",
    "yes_no": "no",
    "number": "5",
}


def submit_report(case, researcher):
    """The researcher's report after the home visit: every question answered, recommending a monthly basket."""
    report = reports.draft_for(case, researcher)
    service = ServicePage.objects.filter(locale=Locale.get_default(), slug="food-basket").first()
    content = reports.Content(
        answers={row["key"]: ANSWERS.get(row["kind"], ANSWERS["text"]) for row in report.answers},
        recommendation=Recommendation.ACCEPT, service=service, amount=Decimal("400"), duration_months=6,
    )  # fmt: skip
    return reports.save(report, content, expected_version=report.version, submit=True)


def new_session(site, staff, date) -> CommitteeSession:
    settings = sessions.settings_for(site)
    if settings.chair_id is None:
        settings.chair = staff["demo-chair"]
        settings.save()
    session = sessions.number_session(CommitteeSession(site=site, date=date, place="قاعة الاجتماعات بمقر الجمعية"))
    session.members.set([staff["demo-chair"], staff["demo-member"], staff["demo-member-2"]])
    return session


def seed_held_session(site, page, staff, service, fund) -> CommitteeSession:
    """Last week's session: all three members present; one request accepted (a monthly basket for six months),
    one rejected by two votes to one with a dissenting note, one deferred for a missing document."""
    cases = [help_request(page, each, each.requests[0]) for each in DECIDED]
    session = new_session(site, staff, timezone.localdate() - datetime.timedelta(days=7))
    agenda.add_requests(session, [case.pk for case in cases])
    members = list(session.members.all())
    sessions.record_attendance(session, [member.pk for member in members])
    session = sessions.open_session(session, expected_version=session.version)
    accepted, rejected, deferred = session.items.order_by("position")
    settings = sessions.settings_for(site)
    reason = settings.rejection_reasons.first() or RejectionReason.objects.create(
        settings=settings, text_ar="الدخل بعد المصروفات فوق حد الاستحقاق", text_en="Income after expenses is above the limit"
    )  # fmt: skip
    secretary = staff["demo-secretary"]
    number = f"{session.year}/{session.number}/"
    common = {"recorded_by": secretary}
    Decision.objects.create(
        item=accepted, outcome=Outcome.ACCEPT, number=number + str(accepted.position), service=service,
        amount=Decimal("400"), months=6, fund=fund, starts_on=session.date + datetime.timedelta(days=10),
        votes_for=len(members), **common,
    )  # fmt: skip
    Decision.objects.create(
        item=rejected, outcome=Outcome.REJECT, number=number + str(rejected.position), reason=reason,
        unanimous=False, votes_for=2, votes_against=1,
        dissent="أرى قبول الطلب ستة أشهر لأن الأسرة تعول مريضًا.", **common,
    )  # fmt: skip
    Decision.objects.create(
        item=deferred, outcome=Outcome.DEFER, number=number + str(deferred.position),
        missing="تقرير طبي حديث عن حالة الابنة", votes_for=len(members), **common,
    )  # fmt: skip
    session.refresh_from_db()
    return closing.close_session(session.pk, user=secretary, expected_version=session.version)
