"""Editors mark field roles in the form builder panel."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from forms.models import FormPage
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    from wagtail.users.models import UserProfile

    chief = django_user_model.objects.create_superuser("chief", password="x")
    profile = UserProfile.get_for_user(chief)
    profile.preferred_language = "en"  # the messages below are checked in English
    profile.save()
    sign_in(client, chief)
    return client


def test_the_role_is_in_the_form_builder_panel(editor_client, site_pages):
    page = FormPage.objects.get(slug="help-request", locale__language_code="ar")
    html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="form_fields-0-role"' in html
    assert '<option value="name" selected>' in html


def page_data(fields):
    return nested_form_data(
        {
            "title": "نموذج جديد",
            "slug": "new-form",
            "kind": "general",
            "intro": rich_text(""),
            "privacy_notice": rich_text(""),
            "thank_you_text": rich_text(""),
            "collects_personal_data": "",
            "form_fields": inline_formset(
                [
                    {"label": key, "key": key, "field_type": field_type, "role": role, "required": "", "choices": ""}
                    for key, field_type, role in fields
                ]
            ),
        }
    )


def add(editor_client, site_pages, fields):
    return editor_client.post(f"/admin/pages/add/forms/formpage/{site_pages['home_ar'].pk}/", page_data(fields))


def test_a_role_is_marked_once_per_form(editor_client, site_pages):
    response = add(editor_client, site_pages, [("a", "mobile", "mobile"), ("b", "mobile", "mobile")])
    assert response.status_code == 200
    assert "Another field of this form already has this role." in response.content.decode()
    assert not FormPage.objects.filter(slug="new-form").exists()


def test_a_role_on_a_field_of_another_type_is_refused(editor_client, site_pages):
    response = add(editor_client, site_pages, [("a", "singleline", "email")])
    assert response.status_code == 200
    assert "A field with this role must be of the type" in response.content.decode()
    assert not FormPage.objects.filter(slug="new-form").exists()


def test_marked_roles_are_saved(editor_client, site_pages):
    response = add(editor_client, site_pages, [("who", "singleline", "name"), ("tel", "mobile", "mobile")])
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = FormPage.objects.get(slug="new-form")
    assert {field.key: field.role for field in page.form_fields.all()} == {"who": "name", "tel": "mobile"}
