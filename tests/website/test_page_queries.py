"""What a public page costs in queries, with the page cache off (core/site_facts.py,
core/routing.py and the pages' own listings keep it small and fixed):

- every public page, in both languages, makes at most MAX_QUERIES queries once a first
  request has filled the per-process caches, and as few right after a publish (which makes
  every page be worked out afresh, but leaves the routes, sites and locales a worker knows);
- each makes as many queries with 60 services, 30 policies and many governance items as
  with the catalogue's 6, 3 and few, both when each worker's memos are filled and right after
  a change emptied them;
- what the memos keep never outlives a change: the next request shows it, in both
  languages; a page moved, renamed, restricted or unpublished, or a home page gone from a
  language, is routed as Wagtail routes it; previews never reach them; a signed-in editor still
  gets the userbar.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site

from core import content_version
from forms.models import FormPage
from forms.views import thanks_token
from governance.models import (
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    ExecutiveMember,
)
from home.factories import StandardPageFactory
from organisation.models import OrganisationProfile, OrganisationSettings
from policies.models import PolicyCategory, PolicyIndexPage, PolicyPage
from scripts.signin import sign_in
from services.models import ServicePage
from tests.support.followup import status_path
from tests.support.inbox import make_case
from tests.support.services import add_services, service, service_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]
MAX_QUERIES = 12
MAX_QUERIES_AFTER_A_PUBLISH = 12
LANGUAGES = ("ar", "en")
SEARCH_WORDS = {"ar": ("خدمة", "سياسة"), "en": ("service", "policy")}


def public_pages(language, case=None) -> dict[str, str]:
    """Label -> address of every kind of public page in `language` (with `case`, a request sent
    through the help form: the thank-you page and the applicant's personal link too)."""

    def url(slug, depth=3):
        return Page.objects.live().get(locale__language_code=language, slug=slug, depth=depth).url

    policy = PolicyPage.objects.live().filter(locale__language_code=language).order_by("path").first()
    pages = {
        "home": f"/{language}/",
        "service catalog": service_index(language).url,
        "service catalog, by category": service_index(language).url + "?category=financial-aid",
        "service catalog, by group and category": service_index(language).url + "?group=orphans&category=seasonal",
        "service catalog, searched": service_index(language).url + "?q=" + SEARCH_WORDS[language][0],
        "service catalog, searched in a group": service_index(language).url + "?group=orphans&q=" + "خدمة",
        "service page": service("food-basket", language).url,
        "policy index": PolicyIndexPage.objects.get(locale__language_code=language).url,
        "policy page": policy.url,
        "governance index": url("governance"),
        "governance: board": url("board", 4),
        "governance: general assembly": url("general-assembly", 4),
        "governance: financial statements": url("financial-statements", 4),
        "governance: executive management": url("executive-management", 4),
        "governance: policies": url("policies", 4),
        "standard page": url("about"),
        "track-request lookup": url("track-request"),
        "form page": url("help-request"),
        "form page with services": url("complaints"),
        "privacy notice": f"/{language}/privacy/",
    }
    for word in SEARCH_WORDS[language]:
        pages[f"search results ({word})"] = f"/{language}/search/?q={word}"
    if case is not None:
        form = FormPage.objects.get(slug="help-request", locale__language_code=language)
        pages["form thank-you page"] = f"{form.url}thanks/{thanks_token(case.submission.reference)}/"
        pages["personal status link"] = status_path(case, language)
    return pages


# Every kind of public page, as public_pages() labels them (with a request sent).
PAGE_TYPES = (
    "home", "service catalog", "service catalog, by category", "service catalog, by group and category",
    "service catalog, searched", "service catalog, searched in a group", "service page", "policy index",
    "policy page", "governance index", "governance: board", "governance: general assembly",
    "governance: financial statements", "governance: executive management", "governance: policies",
    "standard page", "track-request lookup", "form page", "form page with services", "privacy notice",
    "search results", "form thank-you page", "personal status link",
)  # fmt: skip


@pytest.fixture
def sent_request(public_content):
    """A help request, as the applicant's thank-you page and personal link show it."""
    return make_case()


def count_queries(client, url) -> int:
    """Queries of one request, after one that filled the per-process caches."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def count_queries_after_a_change(client, url) -> int:
    """Queries of the first request after content changed (the memos emptied)."""
    content_version.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_makes_few_queries(client, public_content, sent_request, language):
    counts = {label: count_queries(client, url) for label, url in public_pages(language, sent_request).items()}
    too_many = {label: count for label, count in counts.items() if count > MAX_QUERIES}
    assert not too_many, counts


# --- Right after a publish -------------------------------------------------------------------
def publish_a_page():
    """What an editor's publish does: a page's new revision goes live (the about page, in the menu of
    every page), and with it the content version changes; the structure version does not."""
    before = content_version.versions()
    about = Page.objects.get(slug="about", locale__language_code="ar").specific
    about.title = f"{about.title}."
    about.save_revision().publish()
    after = content_version.versions()
    assert after[0] != before[0] and after[1] == before[1]


def count_queries_after_a_publish(client, url) -> int:
    """Queries of the first request for `url` after a publish, in a worker that has served it before."""
    assert client.get(url).status_code == 200, url
    publish_a_page()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def of_type(page_type, pages) -> list[str]:
    """The addresses of `pages` (public_pages()) of this type: "search results" is each search."""
    return [url for label, url in pages.items() if label == page_type or label.startswith(f"{page_type} (")]


def test_every_page_type_is_counted_after_a_publish(public_content, sent_request):
    for language in LANGUAGES:
        pages = public_pages(language, sent_request)
        assert sum(len(of_type(page_type, pages)) for page_type in PAGE_TYPES) == len(pages), pages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_makes_few_queries_right_after_a_publish(client, sent_request, language, page_type):
    urls = of_type(page_type, public_pages(language, sent_request))
    assert urls
    counts = {url: count_queries_after_a_publish(client, url) for url in urls}
    assert max(counts.values()) <= MAX_QUERIES_AFTER_A_PUBLISH, counts


# --- However much content there is -------------------------------------------------------------
def add_policies(count, language):
    """Publish `count` more policies, in several categories, each with the sections of the first policy."""
    index = PolicyIndexPage.objects.get(locale__language_code=language)
    model = PolicyPage.objects.filter(locale__language_code=language).order_by("path").first()
    categories = list(PolicyCategory.objects.filter(locale__language_code=language)) or [None]
    for number in range(count):
        page = PolicyPage(
            title=f"سياسة تجريبية {number}", slug=f"trial-policy-{number}", summary="سياسة للاختبار",
            category=categories[number % len(categories)], body=list(model.body.raw_data),
            approval_calendar="gregorian", approval_date=datetime.date(2025, 1, 1 + number % 28),
        )  # fmt: skip
        page.full_clean(exclude=["path", "depth", "translation_key", "locale", "draft_title", "url_path"])
        index.add_child(instance=page)
        page.save_revision().publish()


def add_governance_items(count):
    """`count` more board members, executives, committees, meetings and documents (Arabic, untranslated)."""
    arabic = Locale.objects.get(language_code="ar")
    site = Site.objects.get(is_default_site=True)  # the association whose pages are counted
    start = datetime.date.today() - datetime.timedelta(days=30)
    members = [
        BoardMember.objects.create(site=site, locale=arabic, name=f"عضو {number}", role="member", term_start=start)
        for number in range(count)
    ]
    for number in range(count):
        ExecutiveMember.objects.create(site=site, locale=arabic, name=f"موظف {number}", position="منسق")
        committee = Committee(
            site=site, locale=arabic, name=f"لجنة {number}", chair=members[number], sort_order=10 + number
        )
        committee.members = members[: number + 1]
        committee.save()
        AssemblyMeeting.objects.create(
            site=site, locale=arabic, kind="extraordinary", number=str(100 + number), date_calendar="gregorian",
            date=start - datetime.timedelta(days=number), minutes=None,
        )  # fmt: skip
    statements = DisclosureItem.objects.for_site(site).get(locale=arabic, key="financial-statements")
    existing = DisclosureDocument.objects.filter(item=statements, locale=arabic).first()
    for number in range(count):
        DisclosureDocument.objects.create(
            site=site, locale=arabic, item=statements, title=f"قوائم {number}", fiscal_year=1990 + number,
            document=existing.document, date_calendar="gregorian", date=datetime.date(1991 + number, 5, 1),
        )  # fmt: skip


def feature(home, pages):
    """Put `pages` in the home page's featured services block."""
    for block in home.body:
        if block.block_type == "featured_services":
            block.value["services"] = list(block.value["services"]) + pages
    home.save_revision().publish()


def all_counts(client):
    counts = {}
    for language in LANGUAGES:
        for label, url in public_pages(language).items():
            counts[(language, label)] = (count_queries(client, url), count_queries_after_a_change(client, url))
    return counts


def test_no_page_grows_with_services_policies_or_governance_items(client, public_content):
    assert ServicePage.objects.live().filter(locale__language_code="ar").count() == 6
    before = all_counts(client)

    for language in LANGUAGES:
        add_services(54, language=language)
        add_policies(27, language)
    extra = list(ServicePage.objects.filter(slug__startswith="extra-", locale__language_code="ar"))
    for language in LANGUAGES:
        feature(getattr(public_content, f"home_{language}"), extra)
    add_governance_items(20)
    after = all_counts(client)

    # Search results: one query per page type among the results shown, so a page of results of
    # fewer types costs less. Every other page costs exactly the same.
    def grew(page):
        if page[1].startswith("search"):
            return any(now > then for now, then in zip(after[page], before[page], strict=True))
        return after[page] != before[page]

    grown = {page: (before[page], after[page]) for page in before if grew(page)}
    assert not grown, f"(queries warm, after a change) before and after: {grown}"
    # The additions are shown: nothing was left out to keep the counts down.
    assert client.get(service_index("ar").url).content.decode().count('class="service-card"') == 60
    for language in LANGUAGES:  # untranslated services are featured in their own language
        assert client.get(f"/{language}/").content.decode().count("خدمة تجريبية") == 54
    assert (
        client.get(PolicyIndexPage.objects.get(locale__language_code="en").url).content.decode().count("سياسة تجريبية")
        == 27
    )
    board = Page.objects.get(slug="board", locale__language_code="en").url
    assert client.get(board).content.decode().count("عضو ") >= 20


# --- Changes show on the next request ----------------------------------------------------------
def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_new_organisation_name_shows_on_the_next_request_in_both_languages(client, public_content):
    pages = [f"/{language}/{path}" for language in LANGUAGES for path in ("", "about/", "services/", "privacy/")]
    warm(client, *pages)
    original = OrganisationSettings.objects.get(site=public_content.site).profile
    names = {}
    for profile in OrganisationProfile.objects.filter(translation_key=original.translation_key):
        profile.name = names[profile.locale.language_code] = f"جمعية جديدة {profile.locale.language_code}"
        profile.save()
    for url in pages:
        html = client.get(url).content.decode()
        language = url.split("/")[1]
        assert f"| {names[language]}</title>" in html, url
        assert html.count(names[language]) >= 3, url  # title, header and footer (and JSON-LD)


def test_a_new_phone_number_shows_on_the_next_request(client, site_pages):
    warm(client, "/ar/", "/en/")
    settings = OrganisationSettings.objects.get(site=site_pages["site"])
    settings.phone = "0119998877"
    settings.save()
    for language in LANGUAGES:
        assert "tel:0119998877" in client.get(f"/{language}/").content.decode()


def test_a_menu_change_shows_on_the_next_request_in_both_languages(client, public_content, about_pages):
    warm(client, "/ar/", "/en/", "/ar/services/", "/en/services/")
    for page, title in zip(about_pages, ("من نحن الآن", "About us now"), strict=True):
        page.title = title
        page.save_revision().publish()
    for language, title in zip(LANGUAGES, ("من نحن الآن", "About us now"), strict=True):
        assert f">{title}</a>" in client.get(f"/{language}/services/").content.decode()
    for page in about_pages:
        page.show_in_menus = False
        page.save_revision().publish()
    for language, title in zip(LANGUAGES, ("من نحن الآن", "About us now"), strict=True):
        assert f">{title}</a>" not in client.get(f"/{language}/services/").content.decode()


def test_a_new_service_title_shows_on_the_next_request_in_both_languages(client, public_content):
    services = {language: service("food-basket", language) for language in LANGUAGES}
    urls = [
        url
        for language, page in services.items()
        for url in (page.url, service_index(language).url, f"/{language}/", f"/{language}/search/?q=x")
    ]
    warm(client, *urls)
    for language, page in services.items():
        page.title = f"سلة محدثة {language}"
        page.save_revision().publish()
    for language, page in services.items():
        title = f"سلة محدثة {language}"
        assert f"<h1>{title}</h1>" in client.get(page.url).content.decode()
        assert title in client.get(service_index(language).url).content.decode()
        assert title in client.get(f"/{language}/").content.decode()  # the featured services block
        assert client.get(f"/{language}/services/food-basket/").status_code == 200


def test_a_renamed_board_member_and_policy_show_on_the_next_request_in_both_languages(client, public_content):
    boards = {language: Page.objects.get(slug="board", locale__language_code=language).url for language in LANGUAGES}
    indexes = {language: PolicyIndexPage.objects.get(locale__language_code=language).url for language in LANGUAGES}
    warm(client, *boards.values(), *indexes.values())
    member = BoardMember.objects.filter(locale__language_code="ar").first()
    for shown in BoardMember.objects.filter(translation_key=member.translation_key):
        shown.name = f"اسم جديد {shown.locale.language_code}"
        shown.save()
    for policy in PolicyPage.objects.filter(translation_key=PolicyPage.objects.first().translation_key):
        policy.title = f"سياسة بعنوان جديد {policy.locale.language_code}"
        policy.save_revision().publish()
    for language in LANGUAGES:
        assert f"اسم جديد {language}" in client.get(boards[language]).content.decode()
        assert f"سياسة بعنوان جديد {language}" in client.get(indexes[language]).content.decode()


def test_a_moved_or_unpublished_page_is_not_served_from_what_was_remembered(client, about_pages):
    about_ar, _about_en = about_pages
    warm(client, about_ar.url)
    about_ar.unpublish()
    assert client.get("/ar/about/").status_code == 404
    about_ar.save_revision().publish()
    assert client.get("/ar/about/").status_code == 200
    about_ar.slug = "who-we-are"
    about_ar.save_revision().publish()
    assert client.get("/ar/about/").status_code == 404
    assert client.get("/ar/who-we-are/").status_code == 200


def test_a_page_given_view_restrictions_is_no_longer_served_to_anyone(client, about_pages):
    about_ar, _about_en = about_pages
    warm(client, about_ar.url, "/ar/search/?q=%D9%85%D9%86")
    PageViewRestriction.objects.create(page=about_ar, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(about_ar.url).status_code == 302  # to the sign-in page


# --- Routes remembered across publishing are those Wagtail would find --------------------------
def served(client, url):
    """The id of the page `url` is served from (None when not a page, or not found)."""
    response = client.get(url)
    page = response.context.get("page") if response.status_code == 200 and response.context else None
    return getattr(page, "pk", None)


def wagtail_routes(url):
    """The id of the page Wagtail's own routing finds at `url` (/<language>/<path>), worked out afresh."""
    language, _, path = urlsplit(url).path.strip("/").partition("/")
    request = RequestFactory().get(url)
    with translation.override(language):
        result = Page.route_for_request(request, f"{path}/" if path else "")
    return result[0].pk if result else None


def test_every_page_is_routed_as_wagtail_routes_it_after_a_publish(client, sent_request):
    urls = [
        url
        for language in LANGUAGES
        for url in public_pages(language, sent_request).values()
        if not urlsplit(url).path.endswith(("/search/", "/privacy/"))
    ]
    warm(client, *urls)
    publish_a_page()
    routed = {url: (served(client, url), wagtail_routes(url)) for url in urls}
    assert all(mine == wagtail and mine is not None for mine, wagtail in routed.values()), routed


def test_a_page_moved_is_routed_at_its_new_address(client, about_pages):
    about_ar, _about_en = about_pages
    warm(client, "/ar/", "/ar/about/")
    section = StandardPageFactory(slug="section", title="قسم")
    about_ar.move(section, pos="last-child")
    old = client.get("/ar/about/")  # Wagtail leaves a redirect at the old address
    assert old.status_code == 301 and old["Location"] == "/ar/section/about/"
    assert served(client, "/ar/section/about/") == wagtail_routes("/ar/section/about/") == about_ar.pk


def test_a_view_restriction_on_a_section_reaches_the_pages_below_it(client, public_content):
    page, index = service("food-basket", "ar"), service_index("ar")
    search = "/ar/search/?q=" + page.title
    warm(client, page.url, index.url, search)
    assert page.url in client.get(search).content.decode()
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(page.url).status_code == 302  # to the sign-in page
    assert client.get(index.url).status_code == 302
    assert page.url not in client.get(search).content.decode()


def test_a_thank_you_page_follows_its_form_page(client, site_pages):
    case = make_case()
    token = thanks_token(case.submission.reference)
    form = FormPage.objects.get(slug="help-request", locale__language_code="ar")
    warm(client, form.url, f"{form.url}thanks/{token}/")
    form.slug = "ask-for-help"
    form.save_revision().publish()
    assert client.get(f"/ar/help-request/thanks/{token}/").status_code == 404
    response = client.get(f"/ar/ask-for-help/thanks/{token}/")
    assert response.status_code == 200 and case.submission.reference in response.content.decode()


def test_a_form_page_s_own_routes_come_before_a_page_below_it(client, site_pages):
    """A page below a routable page is remembered, but the longer paths are still the form's own routes."""
    case = make_case()
    form = FormPage.objects.get(slug="help-request", locale__language_code="ar")
    below = StandardPageFactory(parent=form, slug="thanks", title="شكرًا")
    assert served(client, "/ar/help-request/thanks/") == below.pk  # remembered
    publish_a_page()
    response = client.get(f"/ar/help-request/thanks/{thanks_token(case.submission.reference)}/")
    assert response.status_code == 200 and case.submission.reference in response.content.decode()


def test_english_addresses_follow_the_english_home_page_in_and_out_of_print(client, site_pages, about_pages):
    _about_ar, about_en = about_pages
    warm(client, "/en/", "/en/about/")
    home_en = site_pages["home_en"]
    home_en.unpublish()  # Wagtail then routes English addresses from the Arabic home page
    for url in ("/en/", "/en/about/"):
        assert served(client, url) == wagtail_routes(url) != about_en.pk
    home_en.save_revision().publish()
    assert served(client, "/en/about/") == wagtail_routes("/en/about/") == about_en.pk


def test_a_preview_never_reaches_visitors(client, site_pages):
    home = site_pages["home_ar"]
    warm(client, home.url)
    draft = home.get_latest_revision_as_object()
    draft.intro = "مسودة لم تنشر"
    draft.save_revision()
    preview = draft.make_preview_request()
    assert "مسودة لم تنشر" in preview.content.decode()
    assert "مسودة لم تنشر" not in client.get(home.url).content.decode()
    content_version.forget()
    draft.make_preview_request()  # a preview rendered while nothing is remembered
    assert "مسودة لم تنشر" not in client.get(home.url).content.decode()


def test_each_visitor_gets_their_own_form_tokens(client, site_pages):
    """A form's fields are kept by each worker, its tokens never are."""
    import re

    url = Page.objects.get(slug="help-request", locale__language_code="ar").url
    pages = [client.get(url).content.decode() for _ in range(3)]
    for name in ("csrfmiddlewaretoken", "submission_token"):
        values = [re.search(rf'name="{name}" value="([^"]+)"', page).group(1) for page in pages]
        assert len(set(values)) == 3, name


def test_a_signed_in_editor_still_gets_the_userbar(client, admin_user, public_content):
    warm(client, "/ar/", "/ar/about/", "/en/services/")
    assert "wagtail-userbar" not in client.get("/ar/about/").content.decode()
    sign_in(client, admin_user)
    for url in ("/ar/", "/ar/about/", "/en/services/"):
        assert "wagtail-userbar" in client.get(url).content.decode()
