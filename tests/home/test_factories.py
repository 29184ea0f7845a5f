"""home.factories: an association is a Wagtail Site with its own Arabic home page and its English
translation; two of them share nothing a reader or a setting can see."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site
from wagtail_localize.models import Translation, TranslationSource

from home.factories import HomePageFactory, SiteFactory, StandardPageFactory
from home.models import HomePage
from organisation.factories import arabic, english, translate
from organisation.models import OrganisationSettings

pytestmark = pytest.mark.django_db


def assert_translation_of(translated, original):
    """`translated` is wagtail-localize's English translation of `original`, not an unrelated copy."""
    assert translated.locale == english() and original.locale == arabic()
    assert translated.translation_key == original.translation_key
    source = TranslationSource.objects.get(object_id=original.translation_key, locale=arabic())
    assert source.get_source_instance().pk == original.pk
    assert Translation.objects.filter(source=source, target_locale=english(), enabled=True).exists()
    assert original.get_translation(english()).pk == translated.pk


def test_an_association_is_a_site_with_a_home_page_in_both_languages():
    site = SiteFactory()
    home = site.root_page
    assert isinstance(home.specific, HomePage) and home.live and home.locale == arabic()
    assert home.get_parent().is_root() and home.get_latest_revision() is not None
    assert_translation_of(home.english, home)
    assert home.english.live and home.english.title == home.title.replace("الرئيسية", "Home")
    assert home.english.intro == "A community association serving families in need."
    assert home.url == f"http://{site.hostname}/ar/" and home.english.url == f"http://{site.hostname}/en/"
    settings = OrganisationSettings.for_site(site)
    assert settings == site.organisation and settings.profile.get_translation(english()).name.startswith("Al-Birr")


def test_two_associations_are_isolated(client):
    first, second = SiteFactory(), SiteFactory()
    page = StandardPageFactory(site=first, english=True)
    other = StandardPageFactory(site=second, title="صفحة أخرى", slug="another")
    for site, own, foreign in ((first, page, other), (second, other, page)):
        assert client.get("/ar/", HTTP_HOST=site.hostname).context["page"].pk == site.root_page.pk
        assert client.get(f"/ar/{own.slug}/", HTTP_HOST=site.hostname).status_code == 200
        assert client.get(f"/ar/{foreign.slug}/", HTTP_HOST=site.hostname).status_code == 404
        assert own.get_site() == site and own.get_url_parts()[0] == site.pk
    assert client.get(f"/en/{page.slug}/", HTTP_HOST=first.hostname).context["page"].pk == page.english.pk
    assert client.get(f"/en/{page.slug}/", HTTP_HOST=second.hostname).status_code == 404
    assert OrganisationSettings.for_site(first).profile != OrganisationSettings.for_site(second).profile
    roots = {(root.site_id, root.language_code) for root in Site.get_site_root_paths()}
    assert {(first.pk, "ar"), (first.pk, "en"), (second.pk, "ar"), (second.pk, "en")} <= roots


def test_a_standard_page_is_valid_and_its_english_is_a_translation():
    site = SiteFactory(organisation=False)
    page = StandardPageFactory(site=site, english={"صفحة عن الجمعية": "About the association"},
                               title="صفحة عن الجمعية")  # fmt: skip
    page.full_clean()
    assert page.get_parent().pk == site.root_page.pk and page.live
    assert_translation_of(page.english, page)
    assert page.english.title == "About the association"
    assert page.english.get_parent().pk == site.root_page.english.pk
    assert [block.value for block in page.english.body][0]["text"] == "Who we are"
    # Translated again after an edit: the same English page, synchronised (an editor's "Sync translated pages").
    page.intro = "مقدمة جديدة"
    page.save_revision().publish()
    again = translate(Page.objects.get(pk=page.pk).specific, {"مقدمة جديدة": "A new introduction"})
    assert again.pk == page.english.pk and again.intro == "A new introduction"


def test_drafts_and_the_default_site():
    draft = StandardPageFactory(live=False)
    assert not draft.live and draft.get_latest_revision() is not None
    assert draft.get_parent().pk == Site.objects.get(is_default_site=True).root_page_id
    with pytest.raises(ValidationError):  # slugs are checked as in the admin
        StandardPageFactory(parent=draft.get_parent(), slug=draft.slug)


def test_home_pages_alone():
    home = HomePageFactory(english=True)
    assert home.depth == 2 and home.english.depth == 2 and home.english.slug == f"{home.slug}-en"
    assert not Site.objects.filter(root_page=home).exists()


def test_an_untranslated_parent_is_copied_first():
    site = SiteFactory(organisation=False)
    parent = StandardPageFactory(site=site)
    child = StandardPageFactory(parent=parent, english=True)
    copied = child.english.get_parent()
    assert copied.translation_key == parent.translation_key and copied.locale == english()
    assert copied.get_parent().pk == site.root_page.english.pk
