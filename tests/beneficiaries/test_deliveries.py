"""Deliveries on the family's file (سجل الصرف): recorded in the Arabic admin with dates in either calendar and
amounts in either digit set, positive; duplicate aid within a service's interval asks for a reason; a lapsed
verification is flagged; plans schedule due deliveries, listed per service and month, skipped only with a
reason; a receipt is checked before anything is stored; a confirmation code goes by SMS and the survey follows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from beneficiaries import deliveries
from beneficiaries.factories import BeneficiaryFileFactory, DeliveryFactory, FundFactory
from beneficiaries.models import (
    Delivery,
    DeliveryKind,
    DeliveryPlan,
    FileRequest,
    Fund,
    ScheduledDelivery,
    ScheduleStatus,
)
from core import calendars
from core.arabic import to_arabic_indic_digits
from forms.models import Notification
from forms.sms import MemoryBackend
from inbox import services
from inbox.lifecycle import Status
from scripts.signin import sign_in
from services.factories import ServicePageFactory
from tests.support.forms import pdf, private_files
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db
SARA = "1000000008"  # the applicant of tests.support.forms.help_request_data
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _empty_outbox():
    MemoryBackend.outbox.clear()


@pytest.fixture
def basket(site_pages):
    """A food basket: a service whose deliveries to one family are at least 30 days apart."""
    return ServicePageFactory(title="سلة غذائية", slug="food-basket", min_days_between_deliveries=30)


@pytest.fixture
def family(client, site_pages, staff):
    """Sara's family: a file with her accepted help request linked to it."""
    file = BeneficiaryFileFactory(head_name="سارة العتيبي", head_id=SARA)
    case = file_help_request(client)
    assert FileRequest.objects.get(case=case).file == file  # linked on arrival by her ID
    for status, role in [(Status.VERIFICATION, "relations"), (Status.COMMITTEE, "relations"),
                         (Status.ACCEPTED, "committee")]:  # fmt: skip
        case, _event = services.make_move(case.pk, status, user=staff[role])
    client.logout()
    file.case = case
    return file


def record_url(file, **query):
    url = reverse("beneficiaries:record_delivery", args=[file.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def hijri_typed(day: datetime.date) -> str:
    year, month, mday = calendars.parse_parts(calendars.gregorian_to_hijri(day))
    return to_arabic_indic_digits(f"{mday:02d}/{month:02d}/{year}")


def delivery_form(file, service, **fields):
    fund = deliveries.funds_for(file.site_id).get(slug="zakat")
    data = {
        "service": service.pk, "kind": DeliveryKind.CASH, "amount": "٥٠٠", "quantity": "", "unit": "",
        "fund": fund.pk, "case": "", "delivered_by": "", "note": "", "duplicate_reason": "",
        "delivered_on_0": "gregorian", "delivered_on_1": (TODAY() - datetime.timedelta(days=2)).isoformat(),
    }  # fmt: skip
    return {key: value for key, value in (data | fields).items() if value is not None}


def post_delivery(client, file, service, user, **fields):
    sign_in(client, user)
    data = delivery_form(file, service, **fields)
    data["delivered_by"] = data["delivered_by"] or user.pk
    return client.post(record_url(file), data)


# --- recording ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("calendar", ["hijri", "gregorian"])
def test_a_delivery_is_recorded_with_its_date_in_both_calendars_and_an_arabic_amount(
    client, staff, family, basket, calendar
):
    day = TODAY() - datetime.timedelta(days=3)
    typed = hijri_typed(day) if calendar == "hijri" else to_arabic_indic_digits(day.strftime("%d/%m/%Y"))
    response = post_delivery(
        client, family, basket, staff["relations"], amount="١٬٥٠٠٫٥٠", delivered_on_0=calendar, delivered_on_1=typed,
        note="سُلّمت للأم", case=family.case.pk,
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    delivery = Delivery.objects.get(file=family)
    assert delivery.amount == Decimal("1500.50") and delivery.delivered_on == day
    assert delivery.delivered_on_hijri == calendars.gregorian_to_hijri(day) and delivery.date_calendar == calendar
    assert (delivery.delivered_by, delivery.recorded_by) == (staff["relations"], staff["relations"])
    assert delivery.service_title == "سلة غذائية" and delivery.fund.slug == "zakat"
    page = client.get(reverse("beneficiaries:inspect", args=[family.pk])).content.decode()
    assert "سلة غذائية" in page and "1500.50 ريال" in page and calendars.hijri_display(day, "ar") in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-٥"}, "amount"),
        ({"amount": ""}, "amount"),  # cash needs its amount
        ({"kind": DeliveryKind.IN_KIND, "amount": "", "quantity": ""}, "quantity"),
        ({"kind": DeliveryKind.IN_KIND, "amount": "", "quantity": "٢", "unit": ""}, "unit"),
        ({"amount": "خمسمائة"}, "amount"),
        ({"delivered_on_1": "٣٠/١٣/١٤٤٧", "delivered_on_0": "hijri"}, "delivered_on"),
        ({"delivered_on_1": (TODAY() + datetime.timedelta(days=3)).isoformat()}, "delivered_on"),
    ],
)
def test_bad_amounts_and_dates_are_clear_errors_and_save_nothing(client, staff, family, basket, fields, field):
    response = post_delivery(client, family, basket, staff["relations"], **fields)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Delivery.objects.exists()


def test_the_database_refuses_amounts_and_quantities_that_are_not_positive(site_pages):
    for values in ({"amount": Decimal("0"), "quantity": None}, {"amount": None, "quantity": Decimal("-1")},
                   {"amount": None, "quantity": None}):  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            DeliveryFactory(**values)


def test_an_in_kind_delivery_counts_its_quantity(client, staff, family, basket):
    response = post_delivery(
        client, family, basket, staff["relations"], kind=DeliveryKind.IN_KIND, amount="", quantity="٢", unit="سلة"
    )
    assert response.status_code == 302
    assert Delivery.objects.values_list("quantity", "unit", "amount").get() == (Decimal("2"), "سلة", None)


# --- duplicate aid and lapsed verification ---------------------------------------------------------------
def test_the_same_service_within_its_interval_warns_and_needs_a_reason(client, staff, family, basket):
    DeliveryFactory(file=family, service=basket, delivered_on=TODAY() - datetime.timedelta(days=12))
    response = post_delivery(client, family, basket, staff["relations"])
    assert response.status_code == 200 and Delivery.objects.count() == 1
    page = response.content.decode()
    assert "مساعدة مكررة محتملة" in page and response.context["form"].errors["duplicate_reason"]
    response = post_delivery(client, family, basket, staff["relations"], duplicate_reason="حريق في المنزل")
    assert response.status_code == 302
    assert Delivery.objects.latest("pk").duplicate_reason == "حريق في المنزل"


def test_outside_the_interval_or_for_another_family_no_reason_is_asked(client, staff, family, basket):
    DeliveryFactory(file=family, service=basket, delivered_on=TODAY() - datetime.timedelta(days=40))
    DeliveryFactory(service=basket, delivered_on=TODAY() - datetime.timedelta(days=2))  # another family
    response = post_delivery(client, family, basket, staff["relations"], duplicate_reason="لا داعي")
    assert response.status_code == 302
    assert Delivery.objects.latest("pk").duplicate_reason == ""  # kept only when it was asked for


def test_a_lapsed_verification_is_flagged_wherever_a_delivery_is_recorded(client, staff, family, basket):
    family.next_verification = TODAY() - datetime.timedelta(days=1)
    family.save()
    sign_in(client, staff["relations"])
    flag = "انتهت مدة التحقق"
    assert flag in client.get(record_url(family)).content.decode()
    assert flag in client.get(reverse("beneficiaries:inspect", args=[family.pk])).content.decode()
    assert flag in client.get(reverse("beneficiaries:schedule_plan", args=[family.pk])).content.decode()
    plan_for(family, basket, staff)
    assert "انتهت مدة التحقق" in client.get(reverse("beneficiaries:due")).content.decode()
    family.next_verification = TODAY() + datetime.timedelta(days=30)
    family.save()
    assert flag not in client.get(record_url(family)).content.decode()


# --- plans and due deliveries ------------------------------------------------------------------------------
def plan_form(file, service, **fields):
    fund = deliveries.funds_for(file.site_id).get(slug="general")
    data = {
        "case": file.case.pk, "service": service.pk, "kind": DeliveryKind.IN_KIND, "amount": "", "quantity": "١",
        "unit": "سلة", "fund": fund.pk, "every_months": "١", "count": "٦",
        "starts_on_0": "gregorian", "starts_on_1": TODAY().isoformat(),
    }  # fmt: skip
    return data | fields


def plan_for(file, service, staff, client=None, **fields):
    from django.test import Client

    client = client or sign_in(Client(), staff["relations"])
    response = client.post(reverse("beneficiaries:schedule_plan", args=[file.pk]), plan_form(file, service, **fields))
    assert response.status_code == 302, response.content.decode()[:3000]
    return DeliveryPlan.objects.latest("pk")


def test_accepting_a_request_schedules_a_basket_monthly_for_six_months(client, staff, family, basket):
    sign_in(client, staff["relations"])
    request_page = client.get(reverse("inbox:detail", args=[family.case.pk])).content.decode()
    link = f"{reverse('beneficiaries:schedule_plan', args=[family.pk])}?case={family.case.pk}"
    assert link in request_page  # offered on the accepted request's family panel
    assert client.get(link).context["form"].initial["case"] == family.case.pk
    start = datetime.date(2026, 1, 31)
    plan = plan_for(family, basket, staff, client, starts_on_1="31/01/2026")
    due = list(plan.scheduled.values_list("due_on", "status"))
    assert [day for day, _status in due] == [
        start, datetime.date(2026, 2, 28), datetime.date(2026, 3, 31), datetime.date(2026, 4, 30),
        datetime.date(2026, 5, 31), datetime.date(2026, 6, 30),
    ]  # fmt: skip
    assert {status for _day, status in due} == {ScheduleStatus.DUE}


def test_a_plan_typed_in_hijri_counts_hijri_months(staff, family, basket):
    plan = plan_for(family, basket, staff, starts_on_0="hijri", starts_on_1="٠١/٠٩/١٤٤٨", count="٣", every_months="٢")
    hijri = [calendars.gregorian_to_hijri(day) for day in plan.scheduled.values_list("due_on", flat=True)]
    assert hijri == ["1448-09-01", "1448-11-01", "1449-01-01"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"count": "0"}, "count"),
        ({"count": "٦١"}, "count"),
        ({"every_months": ""}, "every_months"),
        ({"case": ""}, "case"),
    ],
)
def test_a_bad_plan_is_a_clear_error_and_schedules_nothing(client, staff, family, basket, fields, field):
    sign_in(client, staff["relations"])
    response = client.post(
        reverse("beneficiaries:schedule_plan", args=[family.pk]), plan_form(family, basket, **fields)
    )
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not ScheduledDelivery.objects.exists()


def test_a_plan_is_only_for_the_familys_own_accepted_request(client, staff, family, basket):
    other = BeneficiaryFileFactory()
    sign_in(client, staff["relations"])
    response = client.post(reverse("beneficiaries:schedule_plan", args=[other.pk]), plan_form(family, basket))
    assert response.status_code == 200 and response.context["form"].errors["case"]
    assert not DeliveryPlan.objects.exists()


def test_skipping_a_due_delivery_needs_a_reason(client, staff, family, basket):
    row = plan_for(family, basket, staff).scheduled.first()
    sign_in(client, staff["relations"])
    skip = reverse("beneficiaries:skip_due", args=[row.pk])
    response = client.post(skip, {"reason": "   "})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    row.refresh_from_db()
    assert row.status == ScheduleStatus.DUE
    assert client.post(skip, {"reason": "الأسرة مسافرة هذا الشهر"}).status_code == 302
    row.refresh_from_db()
    assert (row.status, row.skip_reason, row.skipped_by) == (
        ScheduleStatus.SKIPPED, "الأسرة مسافرة هذا الشهر", staff["relations"]
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledDelivery.objects.filter(pk=row.pk).update(skip_reason="")


def test_due_deliveries_are_listed_per_service_and_month(client, staff, family, basket):
    rent = ServicePageFactory(title="دعم الإيجار", slug="rent-support")
    baskets = plan_for(family, basket, staff, count="٢", starts_on_1="2026-03-10")
    assert list(baskets.scheduled.values_list("due_on", flat=True)) == [
        datetime.date(2026, 3, 10), datetime.date(2026, 4, 10),
    ]  # fmt: skip
    plan_for(family, rent, staff, count="١", kind=DeliveryKind.CASH, amount="١٠٠٠", quantity="", unit="",
             starts_on_1="2026-03-20")  # fmt: skip
    sign_in(client, staff["relations"])
    period = {"calendar": "gregorian", "first": "٢٠٢٦-٠٣", "last": "2026-04"}
    page = client.get(reverse("beneficiaries:due"), period).content.decode()
    assert "سلة غذائية (2)" in page and "دعم الإيجار (1)" in page
    assert "مارس 2026" in page or "مارس ٢٠٢٦" in page
    groups = client.get(reverse("beneficiaries:due"), period).context["groups"]
    assert [(group["service"], [len(month["rows"]) for month in group["months"]]) for group in groups] == [
        ("دعم الإيجار", [1]), ("سلة غذائية", [1, 1]),
    ]  # fmt: skip
    only_rent = client.get(reverse("beneficiaries:due"), period | {"service": rent.pk}).context["groups"]
    assert [group["service"] for group in only_rent] == ["دعم الإيجار"]


def test_a_due_delivery_is_recorded_from_the_listing(client, staff, family, basket):
    row = plan_for(
        family, basket, staff, starts_on_1=(TODAY() - datetime.timedelta(days=1)).isoformat()
    ).scheduled.first()
    sign_in(client, staff["relations"])
    form = client.get(record_url(family, due=row.pk)).context["form"]
    assert form.initial["service"] == basket and form.initial["kind"] == DeliveryKind.IN_KIND
    data = delivery_form(family, basket, kind=DeliveryKind.IN_KIND, amount="", quantity="1", unit="سلة",
                         fund=form.initial["fund"].pk, case=family.case.pk, due=row.pk,
                         delivered_by=staff["relations"].pk)  # fmt: skip
    assert client.post(record_url(family), data).status_code == 302
    row.refresh_from_db()
    assert row.status == ScheduleStatus.DELIVERED and row.delivery.plan_id == row.plan_id
    assert client.post(record_url(family), data).status_code == 404  # no longer due: not recorded twice
    assert Delivery.objects.count() == 1


def test_a_due_delivery_of_another_family_is_not_found_through_this_file(client, staff, family, basket):
    row = plan_for(family, basket, staff).scheduled.first()
    other = BeneficiaryFileFactory()
    sign_in(client, staff["relations"])
    assert client.get(record_url(other, due=row.pk)).status_code == 404
    data = delivery_form(other, basket, due=row.pk, delivered_by=staff["relations"].pk)
    assert client.post(record_url(other), data).status_code == 404
    row.refresh_from_db()
    assert row.status == ScheduleStatus.DUE and not Delivery.objects.exists()


# --- the receipt, the code and the survey ------------------------------------------------------------------
def test_a_bad_receipt_is_refused_and_nothing_is_saved(client, staff, family, basket):
    before = private_files()
    fake = SimpleUploadedFile("receipt.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = post_delivery(client, family, basket, staff["relations"], receipt_upload=fake)
    assert response.status_code == 200 and response.context["form"].errors["receipt_upload"]
    assert not Delivery.objects.exists() and private_files() == before


def test_a_receipt_is_kept_privately_and_read_through_its_file_only(client, staff, family, basket):
    response = post_delivery(client, family, basket, staff["relations"], receipt_upload=pdf("إيصال.pdf"))
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.receipt_name == "إيصال.pdf" and delivery.receipt.name.startswith("deliveries/")
    url = reverse("beneficiaries:delivery_receipt", args=[family.pk, delivery.pk])
    download = client.get(url)
    assert download.status_code == 200 and "private, no-store" in download["Cache-Control"]
    other = BeneficiaryFileFactory()
    swapped = [
        reverse("beneficiaries:delivery_receipt", args=[other.pk, delivery.pk]),
        reverse("beneficiaries:confirm_delivery", args=[other.pk, delivery.pk]),
    ]
    assert [client.get(path).status_code for path in swapped] == [404, 404]
    client.logout()
    sign_in(client, staff["editor"])
    assert client.get(url).status_code in (302, 403)


def test_a_confirmation_code_goes_by_sms_and_the_family_reads_it_back(
    client, staff, family, basket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_delivery(client, family, basket, staff["relations"], send_code="on", case=family.case.pk)
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.code_sent_at and len(delivery.code_hash) == 64
    sms = Notification.objects.get(event="delivery_code", channel=Notification.Channel.APPLICANT_SMS)
    assert sms.submission_id == family.case.pk
    [(to, text)] = MemoryBackend.outbox
    assert to == "+966505550123" and family.case.submission.reference in text
    code = re.findall(r"\d{6}", text)[-1]
    confirm = reverse("beneficiaries:confirm_delivery", args=[family.pk, delivery.pk])
    wrong = client.post(confirm, {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert client.post(confirm, {"code": to_arabic_indic_digits(code)}).status_code == 302
    delivery.refresh_from_db()
    assert delivery.confirmed_at is not None


def test_a_code_needs_a_request_with_a_mobile(client, staff, basket, site_pages):
    walked_in = BeneficiaryFileFactory()  # a file staff opened by hand: no request to send through
    response = post_delivery(client, walked_in, basket, staff["relations"], send_code="on")
    assert response.status_code == 200 and response.context["form"].errors["send_code"]
    assert not Delivery.objects.exists()


def test_the_survey_invitation_follows_a_delivery_once_it_commits(
    client, staff, family, basket, django_capture_on_commit_callbacks
):
    from followup.models import SurveyInvitation

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_delivery(client, family, basket, staff["relations"], case=family.case.pk, invite_to_survey="on")
    assert Delivery.objects.exists() and not SurveyInvitation.objects.exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert SurveyInvitation.objects.filter(case=family.case).exists()
    owed = Notification.objects.filter(submission_id=family.case.pk, event="survey_after_delivery")
    assert set(owed.values_list("channel", flat=True)) == {"applicant_sms", "applicant_email"}
    assert "/track-request/survey/" in owed.get(channel="applicant_sms").body


def test_no_survey_without_the_tick_or_without_a_request(
    client, staff, family, basket, django_capture_on_commit_callbacks
):
    from followup.models import SurveyInvitation

    with django_capture_on_commit_callbacks(execute=True):
        post_delivery(client, family, basket, staff["relations"], case=family.case.pk)  # not ticked
        post_delivery(client, family, basket, staff["relations"], invite_to_survey="on", duplicate_reason="سبب")
    assert Delivery.objects.count() == 2 and not SurveyInvitation.objects.exists()


# --- the request's page, funds, permissions ----------------------------------------------------------------
def test_the_familys_panel_on_a_request_shows_its_recent_deliveries(client, staff, family, basket):
    DeliveryFactory(file=family, service=basket, kind=DeliveryKind.CASH, amount=Decimal("750"), quantity=None)
    sign_in(client, staff["committee"])
    page = client.get(reverse("inbox:detail", args=[family.case.pk])).content.decode()
    assert "آخر ما سُلّم" in page and "750.00 ريال" in page
    assert reverse("beneficiaries:schedule_plan", args=[family.pk]) not in page  # the committee reads only


def test_every_association_starts_with_three_funds_in_both_languages(site_pages):
    funds = deliveries.funds_for(site_pages["site"].pk)
    assert list(funds.values_list("slug", flat=True)) == ["zakat", "general", "restricted"]
    assert deliveries.funds_for(site_pages["site"].pk).count() == 3  # made once
    english = Fund.objects.get(slug="zakat", locale__language_code="en")
    assert english.name == "Zakat" and english.translation_key == funds[0].translation_key
    FundFactory(site=site_pages["site"], active=False)
    assert deliveries.funds_for(site_pages["site"].pk).count() == 3  # funds not in use are not offered


def test_administrators_keep_the_list_of_funds(client, staff, site_pages):
    deliveries.funds_for(site_pages["site"].pk)
    listing = reverse("wagtailsnippets_beneficiaries_fund:list")
    sign_in(client, staff["admin"])
    page = client.get(listing)
    assert page.status_code == 200 and "الزكاة" in page.content.decode()
    client.logout()
    sign_in(client, staff["relations"])
    assert outcome(client.get(listing)) == "denied"


def outcome(response):
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    return "ok" if response.status_code == 200 else f"status {response.status_code}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("relations", ["ok", "ok", "ok", "ok", "ok"]),
        ("researcher", ["ok", "denied", "ok", "denied", "ok"]),
        ("committee", ["denied", "denied", "ok", "denied", "ok"]),
        ("admin", ["ok", "ok", "ok", "ok", "ok"]),
        ("editor", ["denied"] * 5),
        ("moderator", ["denied"] * 5),
    ],
)
def test_who_may_do_what(client, staff, family, basket, role, expected):
    """Record a delivery, schedule a plan, the due listing, skip a due delivery, the file's deliveries."""
    row = plan_for(family, basket, staff).scheduled.first()
    signed = sign_in(client, staff[role])
    paths = [
        record_url(family),
        reverse("beneficiaries:schedule_plan", args=[family.pk]),
        reverse("beneficiaries:due"),
        reverse("beneficiaries:skip_due", args=[row.pk]),
    ]
    results = [outcome(signed.get(path)) for path in paths]
    inspect = signed.get(reverse("beneficiaries:inspect", args=[family.pk]))
    results.append("ok" if inspect.status_code == 200 and "سجل الصرف" in inspect.content.decode() else "denied")
    assert results == expected
