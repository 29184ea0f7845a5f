"""Two languages, Arabic first: URL prefixes, redirects, direction, switcher."""

import re

import pytest
from wagtail.models import Locale

from home.models import StandardPage
from organisation.models import OrganisationSettings
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("", "/ar/"),
        ("ar-SA,ar;q=0.9", "/ar/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9", "/ar/"),  # nothing matches: Arabic
        ("fr;q=1, en;q=0.5", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, site_pages, accept_language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(("path", "lang", "direction"), [("/ar/", "ar", "rtl"), ("/en/", "en", "ltr")])
def test_html_lang_and_dir(client, site_pages, path, lang, direction):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


def association_names(site):
    """The association's name in Arabic and in English (its organisation profile and the profile's translation)."""
    profile = OrganisationSettings.for_site(site).profile
    return profile.name, profile.get_translation(Locale.objects.get(language_code="en")).name


def test_arabic_home_is_in_arabic(client, site_pages):
    html = client.get("/ar/").content.decode()
    arabic, english = association_names(site_pages["site"])
    assert arabic in html and english not in html
    assert "تخطَّ إلى المحتوى" in html  # the skip link, translated
    assert "Skip to content" not in html


def test_english_home_is_in_english(client, site_pages):
    html = client.get("/en/").content.decode()
    arabic, english = association_names(site_pages["site"])
    assert english in html and arabic not in html
    assert "Skip to content" in html


def _switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)}


def test_switcher_leads_to_the_same_page_in_the_other_language(client, about_pages):
    about_ar, about_en = about_pages
    assert _switcher_links(client.get(about_ar.url).content.decode()) == {"en": about_en.url}
    assert _switcher_links(client.get(about_en.url).content.decode()) == {"ar": about_ar.url}
    assert about_ar.url == "/ar/about/" and about_en.url == "/en/about/"


def test_switcher_on_untranslated_page_falls_back_to_the_other_home(client, site_pages):
    page = site_pages["home_ar"].add_child(instance=StandardPage(title="صفحة جديدة", slug="new"))
    page.save_revision().publish()
    assert _switcher_links(client.get("/ar/new/").content.decode()) == {"en": "/en/"}


def test_switcher_on_a_view_that_is_not_a_page(client, site_pages):
    assert _switcher_links(client.get("/ar/privacy/").content.decode()) == {"en": "/en/privacy/"}


def test_english_tree_is_a_wagtail_localize_translation(site_pages, about_pages):
    from wagtail_localize.models import Translation

    assert site_pages["home_en"].translation_key == site_pages["home_ar"].translation_key
    assert site_pages["home_en"].locale == Locale.objects.get(language_code="en")
    for page in (site_pages["home_ar"], about_pages[0]):
        assert Translation.objects.filter(source__object_id=page.translation_key, target_locale__language_code="en")


def test_admin_speaks_each_staff_members_language(client, django_user_model):
    from wagtail.users.models import UserProfile

    for language, direction, word in (("ar", "rtl", "لوحة التحكم"), ("en", "ltr", "Dashboard")):
        user = django_user_model.objects.create_superuser(f"staff-{language}", f"{language}@example.org", "x")
        UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(preferred_language=language)
        sign_in(client, user)
        html = client.get("/admin/").content.decode()
        assert f'lang="{language}" dir="{direction}"' in html
        assert word in html


@pytest.mark.parametrize("path", ["/api/v3/pages/999999/", "/admin/no-such-view/", "/documents/999999/x.pdf"])
def test_missing_things_outside_the_language_prefix_are_plain_404s(admin_client, path):
    assert admin_client.get(path).status_code == 404


def test_unknown_page_without_prefix_still_redirects_to_the_language(client, site_pages):
    response = client.get("/about/")
    assert response.status_code == 302 and response["Location"] == "/ar/about/"
