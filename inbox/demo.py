"""Realistic fake requests for trying the inbox (`seed_demo --submissions N`) and for its benchmark.

Written in bulk, not through the forms: 100,000 requests through the pipeline
would take an hour. Names are made from common Arabic given and family names,
mobiles and IDs are valid Saudi numbers (the ID's check digit computed), and
the requests are spread over every kind, status, language and the last year.
"""

import datetime
import random
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Site

from core.arabic import normalise_for_search
from core.localization import default_locale_id
from forms.kinds import REFERENCE_PREFIXES, FormKind
from forms.models import FormPage, ReferenceCounter, Submission
from inbox.lifecycle import LIFECYCLES, Status
from inbox.models import Case, CaseEvent
from organisation.associations import reference_code

GIVEN = [
    "محمد",
    "عبدالله",
    "فهد",
    "خالد",
    "سلطان",
    "نورة",
    "سارة",
    "فاطمة",
    "هيا",
    "ريم",
    "منيرة",
    "عبدالعزيز",
    "ناصر",
    "سعود",
    "لطيفة",
    "أمل",
    "جواهر",
    "تركي",
    "بندر",
    "مشاعل",
]
FAMILY = [
    "العتيبي",
    "القحطاني",
    "الشمري",
    "الدوسري",
    "الحربي",
    "الغامدي",
    "الزهراني",
    "المطيري",
    "السبيعي",
    "العنزي",
    "الشهري",
    "الرشيدي",
    "البقمي",
    "السهلي",
    "الخالدي",
]
NEEDS = ["سداد إيجار ثلاثة أشهر", "سلة غذائية شهرية", "أجهزة منزلية", "رسوم دراسية للأبناء", "علاج ودواء"]
MOBILE_PREFIXES = ["50", "53", "54", "55", "56", "59"]
KINDS = [FormKind.HELP_REQUEST] * 6 + [FormKind.COMPLAINT] * 2 + [FormKind.VOLUNTEER, FormKind.SURVEY]


def national_id(rng) -> str:
    digits = [rng.choice("12")] + [str(rng.randrange(10)) for _ in range(8)]
    total = 0
    for index, char in enumerate(digits):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return "".join(digits) + str((10 - total % 10) % 10)


def reserve_references(kind, year, count, site_id=None) -> list[str]:
    """`count` references of the association on `site_id` (default: the default site's), as the intake numbers."""
    site_id = site_id or Site.objects.get(is_default_site=True).pk
    prefix = REFERENCE_PREFIXES[kind]
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        site_id=site_id, prefix=prefix, year=year
    )
    first = counter.last + 1
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + count)
    code = reference_code(site_id)
    start = f"{code}-{prefix}" if code else prefix
    return [f"{start}-{year}-{number:06d}" for number in range(first, first + count)]


def walk(lifecycle, rng) -> list[str]:
    """A plausible path through the procedure, stopping anywhere."""
    path = [lifecycle.first]
    while rng.random() < 0.7:
        # No reopening (an appeal needs its record): the paths staff walk.
        moves = [
            m
            for m in lifecycle.moves.get(path[-1], [])
            if not m.reopens and (m.to != Status.WAITING or rng.random() < 0.2)
        ]
        if not moves:
            break
        path.append(rng.choice(moves).to)
    if rng.random() < 0.03:
        path.append(Status.SPAM)
    return path


def create_fake_requests(count: int, *, seed: int = 2026, batch: int = 2000, site: Site | None = None) -> int:
    """`count` requests to the association on `site` (default: the default site, the demo's), through its own
    form pages and numbered by its own reference counters."""
    rng = random.Random(seed)  # noqa: S311 - fake data that must repeat, not secrets
    site = site or Site.objects.get(is_default_site=True)
    pages = {
        page.kind: page
        for page in FormPage.objects.filter(locale_id=default_locale_id()).descendant_of(site.root_page)
    }
    kinds = [kind for kind in KINDS if kind in pages]
    if not kinds:
        return 0
    now = timezone.now()
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            chosen = [rng.choice(kinds) for _ in range(size)]
            references = {
                kind: iter(reserve_references(kind, now.year, chosen.count(kind), site.pk)) for kind in set(chosen)
            }
            submissions, paths = [], []
            for kind in chosen:
                page = pages[kind]
                received = now - datetime.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
                name = f"{rng.choice(GIVEN)} {rng.choice(GIVEN)} {rng.choice(FAMILY)}"
                mobile = "+966" + rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(7))
                identity = national_id(rng) if kind != FormKind.SURVEY else ""
                submissions.append(
                    Submission(
                        site=site, reference=next(references[kind]), kind=kind, form_page=page, form_key=page.translation_key,
                        form_title=page.title, language=rng.choice(["ar", "ar", "ar", "en"]),
                        data={"full_name": name, "mobile": mobile, "needs": rng.choice(NEEDS)},
                        applicant_name=name if kind != FormKind.SURVEY else "",
                        applicant_name_search=normalise_for_search(name) if kind != FormKind.SURVEY else "",
                        applicant_national_id=identity, applicant_mobile=mobile if kind != FormKind.SURVEY else "",
                        submitted_at=received, reply_due=(received + datetime.timedelta(days=14)).date(),
                        idempotency_token=uuid.uuid4(), declaration_accepted=True, privacy_consent_at=received,
                    )
                )  # fmt: skip
                paths.append(walk(LIFECYCLES[kind], rng))
            Submission.objects.bulk_create(submissions)
            cases, events = [], []
            for submission, path in zip(submissions, paths, strict=True):
                lifecycle = LIFECYCLES[submission.kind]
                moved_at = [submission.submitted_at + datetime.timedelta(days=step) for step in range(len(path))]
                answered = next((moved_at[i] for i, s in enumerate(path) if s in lifecycle.answers and i), None)
                cases.append(
                    Case(
                        submission=submission, status=path[-1], due_date=submission.reply_due,
                        status_changed_at=moved_at[-1], answered_at=answered,
                        committee_at=next((moved_at[i] for i, s in enumerate(path) if s == Status.COMMITTEE), None),
                        closed_at=moved_at[-1] if path[-1] == Status.CLOSED else None,
                    )
                )  # fmt: skip
                events.append(CaseEvent(case_id=submission.pk, kind="received", to_status=path[0],
                                        created_at=submission.submitted_at))  # fmt: skip
                events.extend(
                    CaseEvent(case_id=submission.pk, kind="move", from_status=a, to_status=b, created_at=at)
                    for a, b, at in zip(path, path[1:], moved_at[1:], strict=False)
                )
            Case.objects.bulk_create(cases)
            CaseEvent.objects.bulk_create(events)
        made += size
    return made
