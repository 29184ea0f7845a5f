"""Verification kept current: a period per beneficiary group set by administrators, the "verified" step that
records who, when and what changed, the first due date at registration, and reminders to staff and families."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from beneficiaries import audit
from beneficiaries.factories import BeneficiaryFileFactory
from beneficiaries.linking import activate_file_of
from beneficiaries.models import (
    BeneficiaryFile,
    FileLogEntry,
    FileRequest,
    FileStatus,
    GroupVerificationPeriod,
    LinkedBy,
    VerificationSettings,
    add_months,
)
from beneficiaries.reminders import VERIFICATION_DUE, send_verification_reminders
from core.calendars import format_gregorian
from forms.models import Notification
from scripts.signin import sign_in
from services.factories import BeneficiaryGroupFactory
from tests.support.inbox import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 12, 15), 6, datetime.date(2028, 6, 15)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 5, 1), 12, datetime.date(2027, 5, 1)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_a_files_period_is_the_shortest_of_its_groups_else_the_default():
    orphans, widows, elderly = (BeneficiaryGroupFactory(name=name) for name in ("أيتام", "أرامل", "كبار السن"))
    config = VerificationSettings.for_site(Site.objects.get(is_default_site=True))
    GroupVerificationPeriod.objects.create(settings=config, group=orphans, months=6)
    GroupVerificationPeriod.objects.create(settings=config, group=widows, months=12)
    assert config.months_for([orphans.pk, widows.pk]) == 6
    assert config.months_for([widows.pk]) == 12
    assert config.months_for([elderly.pk]) == config.default_months == 12


def verify_form(family, **fields):
    data = {
        "head_name": family.head_name, "head_id": family.head_id, "mobile": family.mobile, "other_mobile": "",
        "city": family.city, "district": family.district, "status": family.status, "next_verification": "",
        "version_seen": str(family.version),
    }  # fmt: skip
    for formset in ("members", "incomes", "expenses"):
        data |= {f"{formset}-TOTAL_FORMS": "0", f"{formset}-INITIAL_FORMS": "0",
                 f"{formset}-MIN_NUM_FORMS": "0", f"{formset}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    return data | fields


def test_the_verified_step_records_who_when_and_what_changed(client, staff):
    orphans = BeneficiaryGroupFactory(name="أيتام")
    config = VerificationSettings.for_site(Site.objects.get(is_default_site=True))
    GroupVerificationPeriod.objects.create(settings=config, group=orphans, months=6)
    family = BeneficiaryFileFactory(head_name="هيا المطيري", status=FileStatus.ACTIVE)
    family.groups.add(orphans)
    sign_in(client, staff["researcher"])
    response = client.post(
        reverse("beneficiaries:verify", args=[family.pk]),
        verify_form(family, district="الملز", groups=[str(orphans.pk)]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    family.refresh_from_db()
    today = timezone.localdate()
    assert family.last_verified_at is not None and family.next_verification == add_months(today, 6)
    entry = FileLogEntry.objects.get(file_id=family.pk, action=audit.VERIFIED)
    assert entry.user == staff["researcher"] and entry.data["changed"] == ["district"]
    assert "هيا" not in str(entry.data) and "هيا" not in entry.label and family.head_id not in str(entry.data)
    sign_in(client, staff["relations"])
    page = client.get(reverse("beneficiaries:inspect", args=[family.pk])).content.decode()
    assert "تحقق" in page and "الحي" in page  # the timeline says it was verified and what changed


def test_what_staff_type_as_the_next_verification_wins(client, staff):
    family = BeneficiaryFileFactory(status=FileStatus.ACTIVE)
    sign_in(client, staff["relations"])
    chosen = timezone.localdate() + datetime.timedelta(days=40)
    response = client.post(
        reverse("beneficiaries:verify", args=[family.pk]), verify_form(family, next_verification=chosen.isoformat())
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.next_verification == chosen


def test_completing_the_registration_sets_the_first_verification(client, site_pages):
    case = make_case(applicant_national_id="1000000008", applicant_name="سعاد")
    family = BeneficiaryFileFactory(head_id="1000000008")
    FileRequest.objects.create(file=family, case=case, linked_by=LinkedBy.HEAD_ID)
    activate_file_of(case)
    family.refresh_from_db()
    assert family.status == FileStatus.ACTIVE
    assert family.next_verification == add_months(timezone.localdate(), 12)
    assert FileLogEntry.objects.filter(file_id=family.pk, action=audit.ACTIVATED).exists()


def due_family(days=5, status=FileStatus.ACTIVE):
    family = BeneficiaryFileFactory(
        status=status, next_verification=timezone.localdate() + datetime.timedelta(days=days)
    )
    case = make_case(applicant_email="family@example.org", applicant_mobile="+966505550000", applicant_name="عائشة")
    FileRequest.objects.create(file=family, case=case, linked_by=LinkedBy.STAFF)
    return family, case


def test_staff_and_the_family_are_reminded_once_per_due_date(site_pages, staff):
    family, case = due_family()
    later = BeneficiaryFileFactory(
        status=FileStatus.ACTIVE, next_verification=timezone.localdate() + datetime.timedelta(days=60)
    )
    counts = send_verification_reminders()
    # Those who keep files (who may open one: relations and administrators) are reminded, one email each.
    assert counts == {"files": 1, "families_told": 2, "staff_emails": 2}
    assert sorted(email.to[0] for email in mail.outbox) == sorted([staff["admin"].email, staff["relations"].email])
    email = mail.outbox[0]
    assert reverse("beneficiaries:inspect", args=[family.pk]) in email.body
    assert reverse("beneficiaries:inspect", args=[later.pk]) not in email.body
    assert family.head_name not in email.body + email.subject
    told = Notification.objects.filter(submission=case.submission, event=VERIFICATION_DUE)
    assert {n.channel for n in told} == {Notification.Channel.APPLICANT_EMAIL, Notification.Channel.APPLICANT_SMS}
    due = family.next_verification
    assert all(format_gregorian(due, "ar") in n.body and "{verification_date" not in n.body for n in told)

    assert send_verification_reminders() == {"files": 0, "families_told": 0, "staff_emails": 0}
    # Verified, then due again: reminded again.
    BeneficiaryFile.objects.filter(pk=family.pk).update(next_verification=due + datetime.timedelta(days=3))
    assert send_verification_reminders()["files"] == 1


def test_an_association_may_choose_not_to_tell_families(site_pages, staff):
    family, case = due_family()
    config = VerificationSettings.for_site(family.site)
    config.tell_family = False
    config.save()
    assert send_verification_reminders()["families_told"] == 0
    assert not Notification.objects.filter(event=VERIFICATION_DUE).exists()
    assert len(mail.outbox) == 2  # staff are still reminded


def test_a_file_under_registration_is_not_reminded_of(site_pages, staff):
    due_family(status=FileStatus.REGISTERING)
    assert send_verification_reminders()["files"] == 0


def test_administrators_alone_set_the_periods(client, staff):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["beneficiaries", "verificationsettings", site.pk])
    for role, allowed in (("admin", True), ("relations", False), ("researcher", False), ("editor", False)):
        sign_in(client, staff[role])
        response = client.get(url)
        assert (response.status_code == 200) == allowed, role
        client.logout()


def test_a_request_page_asks_to_complete_the_registration_and_the_file_becomes_active(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_id="1000000008", district="")
    case = make_case(applicant_national_id="1000000008", applicant_name="سعاد")  # linked on arrival
    sign_in(client, staff["relations"])
    page = client.get(reverse("inbox:detail", args=[case.pk])).content.decode()
    assert "لم يكتمل تسجيل الأسرة" in page and "الحي" in page
    register = reverse("beneficiaries:register", args=[family.pk])
    assert register in page
    back = reverse("inbox:detail", args=[case.pk])
    response = client.post(f"{register}?next={back}", verify_form(family, district="العزيزية"))
    assert response.status_code == 302 and response["Location"] == back
    family.refresh_from_db()
    assert (family.status, family.district) == (FileStatus.ACTIVE, "العزيزية")
    assert family.activated_at is not None and family.next_verification == add_months(timezone.localdate(), 12)
    assert FileLogEntry.objects.filter(file_id=family.pk, action=audit.ACTIVATED, user=staff["relations"]).exists()
    assert "لم يكتمل تسجيل الأسرة" not in client.get(back).content.decode()


def test_a_registration_returns_only_to_a_page_of_this_site(client, staff):
    family = BeneficiaryFileFactory()
    sign_in(client, staff["relations"])
    register = reverse("beneficiaries:register", args=[family.pk])
    response = client.post(f"{register}?next=https://evil.example/", verify_form(family))
    assert response["Location"] == reverse("beneficiaries:inspect", args=[family.pk])
