"""Where form pages post to (forms.views.send), and the prepared pages behind it (forms.prepared)."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from core import content_version
from forms import prepared
from forms.models import FormField, FormPage, Submission
from organisation.models import OrganisationSettings
from tests.support.forms import help_request_data, private_files

pytestmark = pytest.mark.django_db


def form_page(slug, language="ar"):
    return FormPage.objects.get(slug=slug, locale__language_code=language)


def survey_answers(**overrides):
    return {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4()), **overrides}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_form_posts_to_its_page_by_id_in_its_language(client, site_pages, language):
    page = form_page("help-request", language)
    html = client.get(page.url).content.decode()
    action = re.search(r'<form class="request-form" action="([^"]+)"', html).group(1)
    assert action == f"/{language}/forms/{page.pk}/send/" == page.send_url


def test_a_help_request_sent_where_the_form_posts_lands_and_thanks(client, site_pages):
    page = form_page("help-request")
    response = client.post(page.send_url, help_request_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.form_page_id == page.pk and submission.language == "ar"
    assert submission.attachments.count() == 2
    assert response["Location"].startswith(page.url + "thanks/")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and submission.reference in thanks.content.decode()


def test_an_english_form_files_under_the_arabic_page(client, site_pages):
    english = form_page("help-request", "en")
    response = client.post(english.send_url, help_request_data())
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.form_page_id == form_page("help-request").pk and submission.language == "en"


def test_errors_are_shown_on_the_form_with_the_answers_kept(client, site_pages):
    before = private_files()
    response = client.post(form_page("help-request").send_url, help_request_data(national_id="1234567890"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "سارة محمد عبدالله العتيبي" in html and "رقم الهوية غير صحيح" in html
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert Submission.objects.count() == 0 and private_files() == before


def test_the_same_token_twice_creates_one_submission(client, site_pages):
    url = form_page("satisfaction-survey").send_url
    answers = survey_answers()
    first, second = client.post(url, answers), client.post(url, answers)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Submission.objects.count() == 1


def test_opening_the_address_leads_to_the_form(client, site_pages):
    page = form_page("satisfaction-survey")
    response = client.get(page.send_url)
    assert response.status_code == 302 and response["Location"] == page.url


@pytest.mark.parametrize(
    "url",
    [
        "/ar/forms/999999/send/",  # no such page
        "/en/forms/{ar_id}/send/",  # an Arabic form under the English prefix
        "/ar/forms/{home_id}/send/",  # a page that is not a form
    ],
)
def test_what_is_not_a_live_form_in_that_language_is_not_found(client, site_pages, url):
    url = url.format(ar_id=form_page("satisfaction-survey").pk, home_id=site_pages["home_ar"].pk)
    assert client.post(url, survey_answers()).status_code == 404
    assert Submission.objects.count() == 0


def test_an_unpublished_form_takes_nothing_more(client, site_pages):
    page = form_page("satisfaction-survey")
    assert client.post(page.send_url, survey_answers()).status_code == 302
    page.unpublish()
    assert client.post(page.send_url, survey_answers()).status_code == 404
    assert Submission.objects.count() == 1


def test_view_restrictions_apply_as_on_the_page(client, site_pages, django_user_model):
    page = form_page("satisfaction-survey")
    client.post(page.send_url, survey_answers())  # prepared before the restriction
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.post(page.send_url, survey_answers())
    assert response.status_code == 302 and "login" in response["Location"]
    assert Submission.objects.count() == 1
    client.force_login(django_user_model.objects.create_user("member", password="x"))
    assert client.post(page.send_url, survey_answers()).status_code == 302
    assert Submission.objects.count() == 2


def test_a_restriction_on_a_parent_page_applies_too(client, site_pages):
    page = form_page("satisfaction-survey")
    client.get(page.send_url)  # prepared before the restriction
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.post(page.send_url, survey_answers())
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert Submission.objects.count() == 0
    opened = client.get(page.send_url)  # nor does opening the address lead past it
    assert opened.status_code == 200 and "password" in opened.content.decode().lower()


def test_a_draft_is_not_followed_and_its_publication_is_at_once(client, site_pages):
    page = form_page("satisfaction-survey")
    assert client.post(page.send_url, survey_answers()).status_code == 302  # prepared now
    # In a revision: the rating is no longer required and the form answers in 3 days.
    fields = list(page.form_fields.all())
    next(field for field in fields if field.clean_name == "overall").required = False
    page.form_fields = fields
    page.reply_period_days = 3
    revision = page.save_revision()
    assert client.post(page.send_url, survey_answers(overall="")).status_code == 400  # a draft changes nothing
    revision.publish()
    response = client.post(page.send_url, survey_answers(overall=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Submission.objects.latest("pk")
    assert (latest.reply_due - latest.submitted_at.date()).days in (3, 4)


def test_a_new_default_reply_period_is_followed_at_once(client, site_pages):
    page = form_page("satisfaction-survey")
    assert not page.reply_period_days  # so the organisation's default applies
    client.post(page.send_url, survey_answers())
    settings = OrganisationSettings.for_site(site_pages["site"])
    settings.default_reply_period_days = 30
    settings.save()
    client.post(page.send_url, survey_answers())
    first, second = Submission.objects.order_by("pk")
    assert (first.reply_due - first.submitted_at.date()).days in (14, 15)
    assert (second.reply_due - second.submitted_at.date()).days in (30, 31)


def test_another_worker_sees_a_change_through_the_shared_version(site_pages, rf):
    page = form_page("satisfaction-survey")
    request = rf.post(page.send_url)
    kept = prepared.live_form_page(page.pk, request)
    assert prepared.live_form_page(page.pk, request) is kept  # kept while nothing changes
    FormField.objects.filter(pk=page.form_fields.first().pk).update(label="تغيّر")  # no signal, as in another process
    assert prepared.live_form_page(page.pk, request) is kept
    cache.set(content_version.VERSION_KEY, "another worker saved something", timeout=None)
    fresh = prepared.live_form_page(page.pk, request)
    assert fresh is not kept and "تغيّر" in [str(f.label) for f in fresh.get_form_class().base_fields.values()]


def test_a_change_is_announced_again_after_commit(site_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        Page.objects.get(pk=form_page("volunteer").pk).save()
    assert content_version._after_commit in callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        Submission.objects.create(
            site=Site.objects.get(is_default_site=True), reference="XX-1", kind="survey", form_key=uuid.uuid4(),
            reply_due="2030-01-01",
            idempotency_token=uuid.uuid4(),
        )  # fmt: skip
    assert content_version._after_commit not in callbacks  # submissions do not change forms


def test_a_submission_costs_the_same_few_queries_every_time(client, site_pages):
    url = form_page("satisfaction-survey").send_url
    client.post(url, survey_answers())  # the first prepares the page
    captured = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, survey_answers()).status_code == 302
        # The inbox's own rows for a new submission (its post_save) are its to count.
        captured.append([query["sql"] for query in queries.captured_queries if '"inbox_' not in query["sql"]])
    counts = [len(sqls) for sqls in captured]
    # The idempotency check, then in one transaction the reference counter, the
    # submission and its notification (the queued task follows the commit,
    # which a test's own transaction holds back): nothing about the page or site.
    assert counts == [counts[0]] * 3 and counts[0] <= 6, (counts, captured[0])
    assert not any("wagtailcore" in sql for sqls in captured for sql in sqls)


def test_a_form_outside_every_site_takes_nothing(client, site_pages):
    stray = Page.get_first_root_node().add_child(
        instance=FormPage(title="نموذج خارج الموقع", slug="stray-form", kind="general", collects_personal_data=False)
    )
    stray.form_fields.create(label="ملاحظة", field_type="singleline", required=True, key="note")
    response = client.post(f"/ar/forms/{stray.pk}/send/", {"note": "x", "submission_token": str(uuid.uuid4())})
    assert response.status_code == 404 and Submission.objects.count() == 0


def test_a_form_of_another_site_is_taken_only_on_its_own_host(client, site_pages):
    other_home = Page.get_first_root_node().add_child(instance=Page(title="بوابة الموظفين", slug="intranet"))
    Site.objects.create(hostname="intranet.example", port=80, root_page=other_home)
    page = other_home.add_child(
        instance=FormPage(title="نموذج داخلي", slug="internal", kind="general", collects_personal_data=False)
    )
    page.form_fields.create(label="ملاحظة", field_type="singleline", required=True, key="note")
    answers = {"note": "x", "submission_token": str(uuid.uuid4())}
    assert client.post(f"/ar/forms/{page.pk}/send/", answers).status_code == 404  # from the public site
    assert client.get(f"/ar/forms/{page.pk}/send/").status_code == 404
    assert Submission.objects.count() == 0
    response = client.post(f"/ar/forms/{page.pk}/send/", answers, HTTP_HOST="intranet.example")
    assert response.status_code == 302 and Submission.objects.count() == 1


def test_ids_that_are_not_forms_are_not_kept(client, site_pages):
    client.post("/ar/forms/999999/send/", survey_answers())
    assert ("form-page", 999999) not in content_version._kept


def test_nothing_is_kept_longer_than_its_age(site_pages, monkeypatch, rf):
    page = form_page("satisfaction-survey")
    request = rf.post(page.send_url)
    kept = prepared.live_form_page(page.pk, request)
    monkeypatch.setattr(content_version, "MAX_AGE_SECONDS", -1)
    assert prepared.live_form_page(page.pk, request) is not kept


@pytest.fixture
def cache_down(settings):
    """Production's cache configuration, on a Redis server that does not answer (nothing listens on port 9)."""
    from core.cache import redis_cache

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:9/0", "test")}


def test_with_the_cache_down_pages_are_still_published_and_submissions_taken(site_pages, cache_down):
    page = form_page("satisfaction-survey")
    page.title = "استبانة الرضا"
    page.save_revision().publish()  # the change cannot be announced, and is not refused for it
    # The cache fails soft: the form is taken, slower, and nothing is lost.
    client = Client(raise_request_exception=False)
    response = client.post(page.send_url, survey_answers())
    assert response.status_code == 302 and Submission.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200
