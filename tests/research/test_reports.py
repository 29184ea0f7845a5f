"""The research report: the questions of the request's service (or the default set), a draft saved and
submitted, an incomplete submission refused with nothing changed, the stale save of one draft told, amounts
typed in Arabic-Indic digits, and the request's page showing the recommendation within its query budget."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from research import reports
from research.default_questions import DEFAULT_QUESTIONS
from research.models import AnswerKind, Recommendation, ReportStatus, ResearchQuestion, ResearchReport
from research.questions import questions_for
from research.report_factories import (
    ResearchQuestionFactory,
    complete_content,
    draft_report,
    referred_case,
    submitted_report,
)
from scripts.signin import sign_in
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(site_pages):
    return ServicePageFactory(title="إعانة الإيجار")


def denied(response) -> bool:
    """Refused: a 403, or the admin's redirect to its dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def form_data(report, *, answers=None, submit=False, **recommendation):
    data = {"version": report.version}
    for n, row in enumerate(report.answers):
        data[f"answer_{n}"] = (answers or {}).get(row["kind"], {
            AnswerKind.TEXT: "شقة إيجار في حي النسيم", AnswerKind.YES_NO: "yes", AnswerKind.NUMBER: "٦",
            AnswerKind.AMOUNT: "١٬٢٥٠٫٥٠",
        }[row["kind"]])  # fmt: skip
    data.update(recommendation)
    data["submit" if submit else "save"] = "1"
    return data


# --- questions -------------------------------------------------------------------------------------------------
def test_an_association_gets_the_default_set_in_both_languages(site_pages):
    site = site_pages["site"]
    ResearchQuestion.objects.filter(site=site).delete()
    asked = questions_for(site.pk)
    assert [q.text for q in asked] == [row[2] for row in DEFAULT_QUESTIONS]
    assert {q.answer_kind for q in asked} == set(AnswerKind.values)
    with translation.override("en"):
        english = questions_for(site.pk)
    assert [q.shown_text for q in english] == [row[3] for row in DEFAULT_QUESTIONS]
    # Made once: asking again adds nothing.
    assert ResearchQuestion.objects.filter(site=site, locale=Locale.get_default()).count() == len(DEFAULT_QUESTIONS)


def test_a_service_with_questions_of_its_own_asks_them_and_others_the_default_set(site_pages, service, staff):
    site = site_pages["site"]
    own = ResearchQuestionFactory(site=site, service=service, text="هل العقد موثق في إيجار؟",
                                  answer_kind=AnswerKind.YES_NO)  # fmt: skip
    ResearchQuestionFactory(site=site, service=service, text="سؤال لم يعد يُسأل", active=False)
    assert [q.text for q in questions_for(site.pk, service)] == [own.text]
    # The English page of the service finds the same (Arabic) questions.
    english_page = service.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english_page is not None:
        assert [q.text for q in questions_for(site.pk, english_page)] == [own.text]
    default = questions_for(site.pk)
    assert own.text not in [q.text for q in default] and len(default) == len(DEFAULT_QUESTIONS)

    case = referred_case(staff["researcher"], service=service)
    report = draft_report(case)
    assert [(row["question"], row["kind"]) for row in report.answers] == [(own.text, AnswerKind.YES_NO)]


def test_later_edits_to_a_question_leave_the_report_as_asked(site_pages, service, staff):
    case = referred_case(staff["researcher"])
    report = submitted_report(case, service)
    asked = report.answers[0]["question"]
    ResearchQuestion.objects.filter(site=site_pages["site"]).update(text="نص جديد")
    report.refresh_from_db()
    assert report.answers[0]["question"] == asked != "نص جديد"


# --- draft and submit --------------------------------------------------------------------------------------------
def test_the_researcher_saves_a_draft_then_submits_it_read_only_after(client, site_pages, service, staff):
    researcher = staff["researcher"]
    case = referred_case(researcher)
    sign_in(client, researcher)
    start = client.get(reverse("research:start_report", args=[case.pk]))
    report = ResearchReport.objects.get(case=case)
    assert start["Location"] == reverse("research:report", args=[case.pk, report.pk])
    url = start["Location"]
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page and "research/report.js" in page and DEFAULT_QUESTIONS[0][2] in page

    saved = client.post(url, form_data(report, recommendation=Recommendation.ACCEPT))
    assert saved.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    assert report.answers[0]["answer"] == "شقة إيجار في حي النسيم"
    amounts = [row["answer"] for row in report.answers if row["kind"] == AnswerKind.AMOUNT]
    assert amounts and all(answer == "1250.50" for answer in amounts)  # Arabic-Indic digits and separators
    assert [row["answer"] for row in report.answers if row["kind"] == AnswerKind.NUMBER] == ["6"]

    submitted = client.post(url, form_data(
        report, submit=True, recommendation=Recommendation.ACCEPT, service=service.pk, amount="٢٬٥٠٠",
        duration_months="١٢",
    ))  # fmt: skip
    assert submitted.status_code == 302 and submitted["Location"] == reverse("inbox:detail", args=[case.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert (report.service, report.amount, report.duration_months) == (service.specific, Decimal("2500"), 12)

    # Read-only now: the page shows no form, and a post is refused.
    page = client.get(url).content.decode()
    assert "data-report-form" not in page and 'data-submitted="true"' in page
    assert denied(client.post(url, form_data(report, submit=True)))
    # A new report on the same request begins a new draft (sent back for more research).
    again = client.get(reverse("research:start_report", args=[case.pk]))
    assert again["Location"] != url and ResearchReport.objects.filter(case=case).count() == 2


@pytest.mark.parametrize(
    ("answers", "recommendation", "message"),
    [
        ({AnswerKind.TEXT: "  "}, {"recommendation": "reject", "reason": "الدخل يكفي"}, "أجب عن كل الأسئلة"),
        (None, {}, "اختر توصية"),
        (None, {"recommendation": "accept", "amount": "٥٠٠"}, "الخدمة والمبلغ والمدة"),
        (None, {"recommendation": "reject"}, "اذكر سبب"),
        (None, {"recommendation": "more_information"}, "ما المعلومات الناقصة"),
    ],
)
def test_an_incomplete_report_is_not_submitted_and_nothing_changes(client, staff, answers, recommendation, message):
    case = referred_case(staff["researcher"])
    report = draft_report(case)
    sign_in(client, staff["researcher"])
    url = reverse("research:report", args=[case.pk, report.pk])
    response = client.post(url, form_data(report, answers=answers, submit=True, **recommendation))
    assert response.status_code == 200
    assert message in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.version, report.recommendation) == (ReportStatus.DRAFT, 0, "")
    assert all(row["answer"] == "" for row in report.answers)


def test_of_two_saves_of_one_draft_the_stale_one_is_told(client, staff, service):
    case = referred_case(staff["researcher"])
    report = draft_report(case)
    sign_in(client, staff["researcher"])
    url = reverse("research:report", args=[case.pk, report.pk])
    first = form_data(report, answers={AnswerKind.TEXT: "من الهاتف"})
    second = form_data(report, answers={AnswerKind.TEXT: "من الحاسوب"})  # opened at the same version
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200 and "حُفظت هذه المسودة في مكان آخر" in response.content.decode()
    assert client.post(url, second).status_code == 200  # a second click is told again, until a reload
    report.refresh_from_db()
    assert report.version == 1 and report.answers[0]["answer"] == "من الهاتف"

    # The same at the level of the function, for a submission.
    with pytest.raises(reports.ReportError):
        reports.save(report, complete_content(report, service), expected_version=0, submit=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_one_draft_per_researcher_per_request(staff):
    case = referred_case(staff["researcher"])
    assert draft_report(case).pk == draft_report(case).pk
    assert ResearchReport.objects.filter(case=case).count() == 1


# --- the request's page ---------------------------------------------------------------------------------------------
def test_the_requests_page_shows_the_recommendation_and_the_link_for_its_researcher(client, staff, service):
    case = referred_case(staff["researcher"])
    sign_in(client, staff["researcher"])
    page = client.get(reverse("inbox:detail", args=[case.pk])).content.decode()
    assert "اكتب تقرير البحث" in page and reverse("research:start_report", args=[case.pk]) in page

    submitted_report(case, service)
    sign_in(client, staff["relations"])
    page = client.get(reverse("inbox:detail", args=[case.pk])).content.decode()
    assert "تقارير البحث" in page and "إعانة الإيجار" in page and "2000" in page
    assert "اكتب تقرير البحث" not in page  # only the request's researcher writes


def test_the_report_panel_costs_the_same_queries_for_one_report_or_five(client, staff, service, no_page_cache):
    case = referred_case(staff["researcher"])
    submitted_report(case, service)
    sign_in(client, staff["relations"])
    url = reverse("inbox:detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _n in range(4):
        submitted_report(case, service)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries][-10:]
