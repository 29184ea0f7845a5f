"""The home page: identity, calls to action, featured services, policy, contact."""

import io
import re

import pytest
from django.core.management import call_command

from organisation.models import OrganisationSettings
from tests.support.services import service, stand_in_form

pytestmark = pytest.mark.django_db


def links(html, css_class="button"):
    return re.findall(rf'<a class="{css_class}" href="([^"]+)">([^<]+)</a>', html)


def test_arabic_home_shows_identity_and_every_section(client, catalogue):
    html = client.get("/ar/").content.decode()
    name = OrganisationSettings.for_site(catalogue.site).profile.name
    assert f"<h1>{name}</h1>" in html
    assert "جمعية أهلية تخدم الأسر المحتاجة" in html
    for heading in ("كيف نخدمك", "خدمات مختارة", "سياسة تنظيم العلاقة مع المستفيدين", "تواصل معنا"):
        assert f">{heading}</h2>" in html
    assert html.count('<li class="card">') >= 4 + 2  # four featured services, two branches
    assert "فرع الخرج" in html


def test_calls_to_action_lead_somewhere_or_are_left_out(client, catalogue):
    home_links = links(client.get("/ar/").content.decode())
    assert home_links[0] == ("/ar/help-request/", "قدّم طلبك")
    urls = [url for url, _label in home_links]
    assert "/ar/volunteer/" in urls and "/ar/complaints/" in urls and "/ar/services/" in urls
    # Following up a request leads to the request-tracking page.
    assert "/ar/track-request/" in urls


def test_english_home_resolves_every_link_in_english(client, catalogue):
    html = client.get("/en/").content.decode()
    assert ("/en/help-request/", "Apply") in links(html)
    featured = re.findall(r'<h3 class="card__title"><a href="([^"]+)">([^<]+)</a>', html)
    assert ("/en/services/food-basket/", "Monthly food basket") in featured
    assert all(url.startswith("/en/") for url, _title in featured)


@pytest.mark.demo  # what seed_demo does when run again on its own demo
def test_seeding_again_links_pages_once_they_exist(client, site_pages):
    from forms.models import FormPage

    forms = {page.slug: page for page in FormPage.objects.filter(locale__language_code="ar")}
    forms["track-request"] = stand_in_form("track-request")
    call_command("seed_demo", stdout=io.StringIO())
    home_links = links(client.get("/ar/").content.decode())
    for slug in ("help-request", "volunteer", "complaints", "track-request"):
        assert any(url == f"/ar/{slug}/" for url, _label in home_links), slug
    page = service("food-basket")
    assert page.request_form_id == forms["help-request"].pk
    assert f"/ar/help-request/?service={page.pk}" in client.get(page.url).content.decode()
    # A paused service stays closed even with a form.
    paused = service("eid-clothing")
    assert paused.request_form_id == forms["help-request"].pk
    assert "?service=" not in client.get(paused.url).content.decode()


def test_unpublished_featured_service_disappears(client, catalogue):
    service("food-basket").unpublish()
    html = client.get("/ar/").content.decode()
    assert "السلة الغذائية الشهرية" not in html.split("خدمات مختارة")[1].split("</section>")[0]
