"""The page cache: public pages kept and served from the shared cache, never stale after a
change, never carrying one visitor's tokens, and what CDNs are told (core/page_cache.py)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.snippets.models import get_snippet_models

from core import content_version
from governance.models import BoardMember, BoardPage
from organisation.models import OrganisationProfile, OrganisationSettings
from scripts.signin import sign_in
from services.models import ServiceCategory
from tests.support.services import service, service_index

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "en")


def public_urls() -> list[str]:
    """Every live public page of the association in both languages, and the views beside the tree."""
    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    return [*urls, "/ar/search/?q=خدمة", "/en/search/?q=service", "/ar/privacy/", "/en/privacy/", "/sitemap.xml"]


def twice(client, url):
    first = client.get(url)
    return first, client.get(url)


def test_public_pages_are_kept_and_served_from_the_cache(client, site_pages):
    url = site_pages["home_ar"].url
    first = client.get(url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content
    assert second["Content-Language"] == "ar" and "Content-Security-Policy" in second
    assert int(second["Age"]) >= 0


def test_no_kept_page_carries_a_token_or_a_cookie(client, site_pages, site_content):
    kept = 0
    for url in public_urls():
        client.cookies.clear()
        first, second = twice(client, url)
        for response in (first, second):
            assert response.status_code == 200, url
            if response.get("X-Cache") in ("hit", "miss"):
                body = response.content
                assert b"csrfmiddlewaretoken" not in body and b"submission_token" not in body, url
                assert not response.cookies, url
                assert "private" not in response["Cache-Control"], url
        if second.get("X-Cache") == "hit":
            kept += 1
        else:  # a page that holds a form: marked private for every cache on the way
            assert "private" in second["Cache-Control"] and "no-store" in second["Cache-Control"], url
    assert kept >= 20  # the content pages in both languages (site_content's too), search, privacy, sitemap


def test_form_pages_and_personal_pages_are_never_kept(client, site_pages):
    for url in ("/ar/help-request/", "/en/complaints/", "/ar/track-request/"):
        first, second = twice(client, url)
        assert first.status_code == 200 and "X-Cache" not in second, url
        assert b"csrfmiddlewaretoken" in second.content
        assert "private" in second["Cache-Control"]


def test_signed_in_editors_are_never_served_a_kept_page(client, site_pages, django_user_model):
    url = site_pages["home_en"].url
    client.get(url)  # kept for visitors
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    sign_in(client, editor)
    response = client.get(url)
    assert "X-Cache" not in response
    assert b"wagtail-userbar" in response.content or b"w-userbar" in response.content


def test_campaign_parameters_share_one_kept_page(client, site_pages):
    url = site_pages["home_ar"].url
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url + "?utm_source=twitter&utm_campaign=ramadan&fbclid=abc")["X-Cache"] == "hit"
    assert client.get(url + "?page=2")["X-Cache"] == "miss"  # a parameter a page may read


def test_public_pages_tell_cdns_how_long_they_may_keep_them(client, site_pages, settings):
    response = client.get(site_pages["home_ar"].url)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control
    assert f"s-maxage={settings.PAGE_CACHE_CDN_SECONDS}" in cache_control
    again = client.get(site_pages["home_ar"].url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["X-Cache"] == "hit"


def test_api_reads_are_kept_with_their_etag(client, site_pages):
    url = "/api/v3/pages/?locale=ar"
    first = client.get(url)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert first["X-Cache"] == "miss" and second.status_code == 304 and second["X-Cache"] == "hit"
    home = site_pages["home_ar"]
    home.title = "الصفحة الرئيسية الجديدة"
    home.save_revision().publish()
    third = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert third.status_code == 200 and third["ETag"] != first["ETag"]
    assert "الصفحة الرئيسية الجديدة" in [item["title"] for item in third.json()["items"]]
    # A token's reads are private: never kept, never from the cache.
    assert "X-Cache" not in client.get(url, HTTP_AUTHORIZATION="Bearer nothing")


# --- never stale: each kind of change is seen on the next request, in both languages -------------


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url).get("X-Cache") == "hit", url


def test_publishing_a_page_shows_everywhere_it_appears(client, site_pages, site_content):
    page = service("food-basket", "en")
    urls = [page.url, service_index("en").url, "/en/search/?q=basket", site_pages["home_en"].url]
    warm(client, *urls, "/sitemap.xml")
    assert page.title in client.get(site_pages["home_en"].url).content.decode()  # the home page features it
    page.title = "Ramadan food basket"
    page.save_revision().publish()
    for url in urls:
        assert "Ramadan food basket" in client.get(url).content.decode(), url
    arabic = service("food-basket", "ar")
    warm(client, arabic.url, service_index("ar").url)
    arabic.title = "سلة رمضان الغذائية"
    arabic.save_revision().publish()
    assert "سلة رمضان الغذائية" in client.get(arabic.url).content.decode()
    assert "سلة رمضان الغذائية" in client.get(service_index("ar").url).content.decode()


def test_unpublishing_and_deleting_a_page_take_it_off_every_page(client, site_pages, site_content):
    page = service("food-basket", "ar")
    index_url, sitemap = service_index("ar").url, "/sitemap.xml"
    warm(client, page.url, index_url, sitemap)
    page_url = page.url
    page.unpublish()
    assert client.get(page_url).status_code == 404
    assert page.title not in client.get(index_url).content.decode()
    assert page_url not in client.get(sitemap).content.decode()
    english = service("food-basket", "en")
    warm(client, english.url, service_index("en").url)
    english_url, title = english.url, english.title
    english.delete()
    assert client.get(english_url).status_code == 404
    assert title not in client.get(service_index("en").url).content.decode()


def test_moving_a_page_shows_it_at_its_new_address(client, site_pages, site_content):
    page = service("food-basket", "ar")
    old_url = page.url
    warm(client, old_url, "/sitemap.xml")
    page.move(site_pages["home_ar"], pos="last-child")
    page.refresh_from_db()
    moved = client.get(old_url)  # Wagtail leaves a redirect behind
    assert moved.status_code == 301 and moved["Location"] == page.url
    assert client.get(page.url).status_code == 200
    assert page.url in client.get("/sitemap.xml").content.decode()


def test_a_restricted_page_is_no_longer_served_from_the_cache(client, site_pages, site_content):
    page = service("food-basket", "ar")
    warm(client, page.url)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(page.url).status_code == 302


def test_snippets_and_settings_pages_show_are_seen_on_every_page(client, site_pages, site_content):
    home_ar, home_en = site_pages["home_ar"].url, site_pages["home_en"].url
    services_ar = service_index("ar").url
    board = BoardPage.objects.live().get(locale__language_code="ar")
    warm(client, home_ar, home_en, services_ar, board.url)

    profile = OrganisationProfile.objects.get(locale=Locale.get_default())
    profile.name = "جمعية البر التجريبية المحدّثة"
    profile.save()
    assert "جمعية البر التجريبية المحدّثة" in client.get(home_ar).content.decode()

    settings_row = OrganisationSettings.objects.get()
    settings_row.phone = "0112345678"
    settings_row.save()
    for url in (home_ar, home_en):
        assert "0112345678" in client.get(url).content.decode(), url

    category = ServiceCategory.objects.filter(locale=Locale.get_default()).first()
    category.name = "فئة بعد التعديل"
    category.save()
    assert "فئة بعد التعديل" in client.get(services_ar).content.decode()

    member = BoardMember.objects.filter(locale=board.locale).first()
    member.name = "عضو بعد التعديل"
    member.save()
    assert "عضو بعد التعديل" in client.get(board.url).content.decode()


def test_menus_follow_the_page_tree(client, site_pages):
    about = Page.objects.get(locale__language_code="en", slug="about").specific
    warm(client, site_pages["home_en"].url)
    about.show_in_menus = not about.show_in_menus
    about.save_revision().publish()
    in_menu = about.title in re.sub(
        r"<main.*</main>", "", client.get(site_pages["home_en"].url).content.decode(), flags=re.S
    )
    assert in_menu is about.show_in_menus


def test_a_change_made_in_the_admin_is_seen_at_once(client, site_pages, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    visitor = Client()
    warm(visitor, site_pages["home_ar"].url)
    settings_row = OrganisationSettings.objects.get()
    sign_in(client, admin)
    edit_url = f"/admin/settings/organisation/organisationsettings/{settings_row.site_id}/"
    form = client.get(edit_url)
    assert form.status_code == 200
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data(
        {
            "profile": settings_row.profile_id or "",
            "registration_number": settings_row.registration_number,
            "po_box": "99887",
            "postal_code": settings_row.postal_code,
            "phone": settings_row.phone,
            "mobile": settings_row.mobile,
            "toll_free": settings_row.toll_free,
            "email": settings_row.email,
            "iban": settings_row.iban,
            "default_reply_period_days": settings_row.default_reply_period_days,
            "reply_days_counted": settings_row.reply_days_counted,
            "social_accounts": streamfield([]),
            "public_holidays": streamfield([]),
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "٩٩٨٨٧" in visitor.get(site_pages["home_ar"].url).content.decode()


def test_every_model_public_pages_show_is_watched():
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.models import get_page_models

    shown = [*get_page_models(), *get_snippet_models(), *settings_registry]
    assert [model for model in shown if not content_version.is_watched(model)] == []


# --- the cache server down ---------------------------------------------------------------------


def test_pages_are_served_uncached_when_the_cache_is_down(site_pages, site_content, settings):
    from core.cache import redis_cache

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:9/0", "test")}  # nothing listens there
    client = Client(raise_request_exception=False)
    for url in (site_pages["home_ar"].url, site_pages["home_en"].url, service_index("ar").url, "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200 and "X-Cache" not in response, url
        assert "public" in response["Cache-Control"]  # a CDN still shields the site
