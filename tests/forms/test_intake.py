"""The one way in for a submission (forms.intake): every door, one set of checks."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from forms import intake
from forms.kinds import Channel
from forms.models import FormField, FormPage, Submission

pytestmark = pytest.mark.django_db


def form_page(slug="satisfaction-survey", language="ar"):
    return FormPage.objects.get(slug=slug, locale__language_code=language)


def survey_answers(**overrides):
    return {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4()), **overrides}


def make_request(page, data=None, *, user=None, host="testserver", session=None):
    request = RequestFactory().post(page.url, data or {}, HTTP_HOST=host)
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return request


def through_page_url(page, data, *, language=None, host="testserver", user=None):
    """The page-URL door as Wagtail's routing calls it once it has found the page."""
    request = make_request(page, data, user=user, host=host)
    with translation.override(language or page.locale.language_code):
        try:
            return page.form_view(request)
        except Http404:
            return 404


def through_send(client, page, data, *, language=None, host="testserver"):
    url = page.send_url
    if language:
        url = url.replace(f"/{page.locale.language_code}/", f"/{language}/", 1)
    return client.post(url, data, HTTP_HOST=host).status_code


def status_of(response):
    return response if isinstance(response, int) else response.status_code


# --- every door reaches the one entry --------------------------------------------------
def test_both_doors_reach_the_one_entry(client, site_pages, monkeypatch):
    page = form_page()
    calls = []
    real_submit = intake.submit

    def spy(page, data, files, entry):
        calls.append((page, entry.channel, entry.staff_entry))
        return real_submit(page, data, files, entry)

    monkeypatch.setattr(intake, "submit", spy)
    assert client.post(page.url, survey_answers()).status_code == 302  # through Wagtail's routing
    assert client.post(page.send_url, survey_answers()).status_code == 302
    assert [(getattr(p, "pk", p), channel, staff) for p, channel, staff in calls] == [
        (page.pk, Channel.WEBSITE, False),
        (page.pk, Channel.WEBSITE, False),
    ]
    assert Submission.objects.count() == 2


def test_both_doors_answer_what_the_entry_decides(client, site_pages, monkeypatch):
    """Neither door checks or stores anything itself: a refusal from the entry is what both answer."""
    page = form_page()

    def refuse(page, data, files, entry):
        found, _refusal = intake.open_page(page, entry)
        form = found.get_form(data, page=found, user=entry.user)
        return intake.Result(page=found, form=form, refusal=intake.Refusal(intake.RATE_LIMITED, 429, "Slow down"))

    monkeypatch.setattr(intake, "submit", refuse)
    for url in (page.url, page.send_url):
        response = client.post(url, survey_answers())
        assert response.status_code == 429 and "Slow down" in response.content.decode()
    assert Submission.objects.count() == 0


# --- refused the same way by both doors ---------------------------------------------------
def test_a_form_no_longer_live_is_refused_by_both_doors(client, site_pages):
    page = form_page()
    page.unpublish()  # `page` stays the instance routing had found before
    assert status_of(through_page_url(page, survey_answers())) == 404
    assert through_send(client, page, survey_answers()) == 404
    assert Submission.objects.count() == 0


def test_a_form_in_another_language_is_refused_by_both_doors(client, site_pages):
    page = form_page()  # Arabic, sent as if from an English page
    assert status_of(through_page_url(page, survey_answers(), language="en")) == 404
    assert through_send(client, page, survey_answers(), language="en") == 404
    assert Submission.objects.count() == 0


def test_a_form_of_another_site_is_refused_by_both_doors(client, site_pages):
    other_home = Page.get_first_root_node().add_child(instance=Page(title="بوابة الموظفين", slug="intranet"))
    Site.objects.create(hostname="intranet.example", port=80, root_page=other_home)
    page = other_home.add_child(
        instance=FormPage(title="نموذج داخلي", slug="internal", kind="general", collects_personal_data=False)
    )
    page.form_fields.create(label="ملاحظة", field_type="singleline", required=True, key="note")
    page.save()  # the field too
    answers = {"note": "x", "submission_token": str(uuid.uuid4())}
    assert status_of(through_page_url(page, answers)) == 404
    assert through_send(client, page, answers) == 404
    assert Submission.objects.count() == 0
    answers["submission_token"] = str(uuid.uuid4())
    assert status_of(through_page_url(page, answers, host="intranet.example")) == 302  # on its own host
    assert Submission.objects.get().data == {"note": "x"}


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_view_restriction_is_refused_the_same_way_by_both_doors(client, site_pages, restriction_type):
    page = form_page()
    PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, password="secret")
    by_url = through_page_url(page, survey_answers())
    by_send = client.post(page.send_url, survey_answers())
    if restriction_type == PageViewRestriction.LOGIN:
        assert by_url.status_code == by_send.status_code == 302
        assert "login" in by_url["Location"] and "login" in by_send["Location"]
    else:  # Wagtail's password form
        assert by_url.status_code == by_send.status_code == 200
        by_url.render()
        assert all("password" in r.content.decode().lower() for r in (by_url, by_send))
    assert Submission.objects.count() == 0


def test_view_restrictions_are_checked_for_the_entrys_user(site_pages, django_user_model):
    """A door that ignores the session (the API) passes AnonymousUser: a signed-in session does not open the form."""
    page = form_page()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    member = django_user_model.objects.create_user("member", password="x")
    request = make_request(page, user=member)
    refused = intake.submit(page.pk, survey_answers(), {}, intake.Entry.public(request, user=AnonymousUser()))
    assert refused.refusal.code == intake.RESTRICTED and refused.status == 403
    taken = intake.submit(page.pk, survey_answers(), {}, intake.Entry.public(request))
    assert taken.stored and taken.created


# --- the entry's own answers ----------------------------------------------------------------
def test_the_result_of_a_stored_an_invalid_and_a_repeated_submission(site_pages):
    page = form_page()
    request = make_request(page)
    with translation.override("ar"):
        answers = survey_answers()
        first = intake.submit(page, answers, {}, intake.Entry.public(request))
        again = intake.submit(page, answers, {}, intake.Entry.public(request))
        invalid = intake.submit(page, survey_answers(overall=""), {}, intake.Entry.public(request))
    assert first.stored and first.created and first.status == 201
    assert again.stored and not again.created and again.submission == first.submission and again.status == 200
    assert invalid.invalid and invalid.status == 400 and "overall" in invalid.form.errors
    assert Submission.objects.count() == 1


def test_a_repeat_is_answered_before_recaptcha_is_asked_again(client, site_pages, settings, monkeypatch):
    from django_recaptcha.client import RecaptchaResponse

    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "site-key", "secret-key"
    settings.RECAPTCHA_ALLOWED_HOSTNAMES = ["testserver"]
    asked = []

    def google(recaptcha_response, private_key, remoteip):
        asked.append(recaptcha_response)
        # Google answers a token once; asked again, it refuses it.
        return RecaptchaResponse(len(asked) == 1, extra_data={"hostname": "testserver"})

    monkeypatch.setattr("django_recaptcha.client.submit", google)
    answers = survey_answers(**{"g-recaptcha-response": "one-use"})
    first, second = client.post(form_page().send_url, answers), client.post(form_page().send_url, answers)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert asked == ["one-use"] and Submission.objects.count() == 1


def test_an_idempotency_key_from_the_door(site_pages):
    page = form_page()
    request = make_request(page)
    key = uuid.uuid4()
    answers = survey_answers()
    del answers["submission_token"]
    entry = intake.Entry.public(request, channel=Channel.API, user=AnonymousUser(), idempotency_token=str(key))
    first = intake.submit(page.pk, answers, {}, entry)
    again = intake.submit(page.pk, answers, {}, entry)
    assert first.created and not again.created and again.submission == first.submission
    assert first.submission.idempotency_token == key and first.submission.channel == Channel.API
    bad = intake.Entry.public(request, channel=Channel.API, idempotency_token="not-a-uuid")
    refused = intake.submit(page.pk, answers, {}, bad)
    assert refused.refusal.code == intake.BAD_IDEMPOTENCY_KEY and refused.status == 422
    assert Submission.objects.count() == 1


def test_refusals_are_worded_in_the_entrys_language(site_pages, settings):
    settings.FORMS_RATE_LIMIT = 0
    page = form_page(language="en")
    result = intake.submit(page, survey_answers(), {}, intake.Entry.public(make_request(page), language="en"))
    assert result.refusal.code == intake.RATE_LIMITED and result.status == 429
    assert "You have sent many forms" in result.refusal.message
    assert result.form is not None  # for a page to show again with the answers


# --- channel and who entered it -------------------------------------------------------------
@pytest.fixture
def staff_member(django_user_model):
    user = django_user_model.objects.create_user("relations", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="forms", codename="add_submission"))
    return django_user_model.objects.get(pk=user.pk)  # without a stale permission cache


def test_a_website_submission_records_its_channel(client, site_pages):
    client.post(form_page().send_url, survey_answers())
    submission = Submission.objects.get()
    assert submission.channel == Channel.WEBSITE and submission.entered_by is None


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.LETTER, Channel.BRANCH])
def test_staff_enter_a_request_on_the_applicants_behalf(site_pages, settings, staff_member, channel):
    # reCAPTCHA keys set and no public attempt left: neither applies to staff.
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "site-key", "secret-key"
    settings.FORMS_RATE_LIMIT = 0
    page = form_page(language="en")
    request = make_request(page, user=staff_member)
    with translation.override("ar"):  # the staff member's admin language; the form is the English one
        result = intake.submit(page.pk, survey_answers(), {}, intake.Entry.staff(request, channel=channel))
    assert result.stored and result.created, (result.refusal, result.form and result.form.errors)
    submission = result.submission
    assert (submission.channel, submission.entered_by, submission.language) == (channel, staff_member, "en")
    assert "captcha" not in result.form.fields


def test_staff_entry_needs_the_permission(site_pages, django_user_model):
    page = form_page()
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    request = make_request(page, user=editor)
    result = intake.submit(page.pk, survey_answers(), {}, intake.Entry.staff(request, channel=Channel.PHONE))
    assert result.refusal.code == intake.NOT_PERMITTED and result.status == 403
    assert Submission.objects.count() == 0


def test_the_public_door_keeps_recaptcha_and_the_rate_limit(site_pages, settings):
    settings.FORMS_RATE_LIMIT = 0
    page = form_page()
    result = intake.submit(page.pk, survey_answers(), {}, intake.Entry.public(make_request(page)))
    assert result.refusal.code == intake.RATE_LIMITED


def test_an_entry_says_plainly_who_enters_it(site_pages, staff_member):
    request = make_request(form_page(), user=staff_member)
    with pytest.raises(ValueError):
        intake.Entry.staff(request, channel=Channel.WEBSITE)
    with pytest.raises(ValueError):
        intake.Entry(request=request, language="ar", user=staff_member, client_ip="", entered_by=staff_member)


# --- the complaint's related service --------------------------------------------------------
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_related_service_of_a_complaint_is_stored(client, site_pages, services, language):
    page = form_page("complaints", language)
    arabic = services.available
    service = arabic if language == "ar" else arabic.english
    data = {
        "complaint_type": "complaint", "full_name": "منى", "mobile": "0505550123", "details": "تأخر الرد",
        "related_service": str(service.pk), "privacy_consent": "on", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post(page.send_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.service_id == arabic.pk and submission.service_title == arabic.title
    assert (submission.reply_due - submission.submitted_at.date()).days in (30, 31)  # the service's period


def test_a_complaint_opened_from_a_service_starts_with_it_chosen(client, site_pages, services):
    service = services.available
    html = client.get(f"{form_page('complaints').url}?service={service.pk}").content.decode()
    assert f'<option value="{service.pk}" selected>' in html
    assert 'name="service"' not in html  # one service input, the visible one


def test_a_service_that_is_not_offered_is_refused(client, site_pages, services):
    data = {
        "complaint_type": "complaint", "full_name": "منى", "mobile": "0505550123", "details": "x",
        "related_service": str(form_page().pk), "privacy_consent": "on", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post(form_page("complaints").send_url, data)
    assert response.status_code == 400 and Submission.objects.count() == 0


# --- roles ------------------------------------------------------------------------------------
def role_form(site_pages, fields, kind="general", slug="roles-form"):
    home = site_pages["home_ar"]
    fields = [
        FormField(label=key, field_type=field_type, required=False, key=key, role=role, locale=home.locale)
        for key, field_type, role in fields
    ]
    page = FormPage(title="نموذج الأدوار", slug=slug, kind=kind, collects_personal_data=False, form_fields=fields)
    return home.add_child(instance=page)


def test_roles_fill_the_applicant_columns_whatever_the_keys(client, site_pages):
    page = role_form(
        site_pages,
        [
            ("relative_mobile", "mobile", ""),  # first of its type, but another is marked
            ("who", "singleline", "name"),
            ("id_no", "national_id", "national_id"),
            ("reach_me", "mobile", "mobile"),
            ("mail", "email", "email"),
            ("notes", "multiline", ""),
        ],
    )
    answers = {
        "relative_mobile": "0505550999", "who": "  أَحمد   الزهرانيّ ", "id_no": "١٠٠٠٠٠٠٠٠٨",
        "reach_me": "٠٥٠ ٥٥٥ ٠١٢٣", "mail": "ahmad@example.org", "notes": "—",
        "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post(page.send_url, answers)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.applicant_name == "أَحمد   الزهرانيّ"
    assert submission.applicant_name_search == "احمد الزهراني"
    assert submission.applicant_national_id == "1000000008"
    assert submission.applicant_mobile == "+966505550123"
    assert submission.applicant_email == "ahmad@example.org"
    assert submission.personal_field_keys() == ["relative_mobile", "who", "id_no", "reach_me", "mail"]
    assert submission.personal_fields_by_role() == {
        "mobile": ["relative_mobile", "reach_me"], "name": ["who"], "national_id": ["id_no"], "email": ["mail"],
    }  # fmt: skip


def test_unmarked_fields_of_a_personal_type_still_count(client, site_pages):
    page = role_form(site_pages, [("full_name", "singleline", ""), ("tel", "mobile", ""), ("id", "national_id", "")])
    answers = {"full_name": "سارة", "tel": "0505550123", "id": "1000000008", "submission_token": str(uuid.uuid4())}
    assert client.post(page.send_url, answers).status_code == 302
    submission = Submission.objects.get()
    assert (submission.applicant_mobile, submission.applicant_national_id) == ("+966505550123", "1000000008")
    assert submission.applicant_name == ""  # a name is known only by its role, not by a key
    assert submission.personal_field_keys() == ["tel", "id"]


def test_an_anonymous_complaint_drops_the_fields_with_roles(client, site_pages):
    page = role_form(
        site_pages,
        [("caller", "singleline", "name"), ("contact", "mobile", ""), ("what", "multiline", "")],
        kind="complaint",
        slug="roles-complaint",
    )
    answers = {
        "complaint_type": "complaint", "anonymous": "on", "caller": "خالد", "contact": "0505550123",
        "what": "تأخر الرد", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post(page.send_url, answers)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.anonymous and submission.data == {"what": "تأخر الرد"}
    assert (submission.applicant_name, submission.applicant_mobile, submission.applicant_name_search) == ("", "", "")


def test_personal_fields_of_a_row_made_outside_the_pipeline_come_from_its_form(site_pages):
    page = form_page("help-request")
    submission = Submission.objects.create(
        site=page.get_site(), reference="HR-1", kind="help_request", form_page=page, form_key=page.translation_key,
        reply_due="2030-01-01", idempotency_token=uuid.uuid4(), applicant_name="سارة العتيبي",
    )  # fmt: skip
    assert submission.personal_field_keys() == ["full_name", "national_id", "mobile", "email"]
    assert submission.applicant_name_search == "ساره العتيبي"
    submission.applicant_name = "نورة"
    submission.save(update_fields=["applicant_name"])  # the folded copy follows
    submission.refresh_from_db()
    assert submission.applicant_name_search == "نوره"


def test_the_demo_forms_mark_their_roles_in_both_languages(site_pages):
    for language in ("ar", "en"):
        roles = dict(
            FormField.objects.filter(page__slug="help-request", locale__language_code=language)
            .exclude(role="")
            .values_list("key", "role")
        )
        assert roles == {"full_name": "name", "national_id": "national_id", "mobile": "mobile", "email": "email"}


def test_a_role_must_fit_the_field_type(site_pages):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        FormField(label="x", key="x", field_type="singleline", role="mobile").clean()
    assert "role" in raised.value.message_dict
    FormField(label="x", key="x", field_type="mobile", role="mobile").clean()


def test_the_old_rules_mark_one_field_per_role(site_pages):
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("forms.migrations.0005_mark_field_roles")
    fields = [
        SimpleNamespace(clean_name=key, field_type=field_type, role=role)
        for key, field_type, role in [
            ("full_name", "singleline", ""),
            ("name", "singleline", ""),  # a second name: left unmarked
            ("phone", "singleline", ""),  # not a type or key the old rules knew
            ("mobile", "mobile", ""),
            ("other_mobile", "mobile", ""),
            ("mail", "email", "email"),  # already marked
            ("email", "email", ""),
            ("bio", "multiline", ""),
        ]
    ]
    assert migration.roles_for(fields) == ["name", "", "", "mobile", "", "email", "", ""]


def test_the_data_migration_marks_rows_and_revisions(site_pages):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("forms.migrations.0005_mark_field_roles")
    page = form_page("help-request")
    FormField.objects.filter(page=page).update(role="")
    revision = page.latest_revision
    for data in revision.content["form_fields"]:
        data.pop("role", None)
    revision.save(update_fields=["content"])

    migration.mark_roles(apps, None)
    roles = dict(FormField.objects.filter(page=page).exclude(role="").values_list("key", "role"))
    assert roles == {"full_name": "name", "national_id": "national_id", "mobile": "mobile", "email": "email"}
    revision.refresh_from_db()
    assert {data["clean_name"]: data["role"] for data in revision.content["form_fields"]}["mobile"] == "mobile"
    page.latest_revision.publish()  # publishing what an editor would open keeps the roles
    assert FormField.objects.get(page=page, key="full_name").role == "name"
