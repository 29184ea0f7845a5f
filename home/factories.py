"""Test factories for associations (Wagtail Sites) and their home and plain pages.

`SiteFactory()` makes a whole association: a site of its own host name whose root is an Arabic home
page with its English translation (wagtail-localize), and its organisation settings and profile.
Two of them make two associations that share nothing but the database.
"""

import factory
import wagtail_factories
from wagtail.models import Page

from home.models import HomePage, StandardPage
from organisation.associations import association_of
from organisation.factories import OrganisationSettingsFactory, TranslatablePageFactory

ENGLISH = {
    "الرئيسية": "Home",
    "جمعية أهلية تخدم الأسر المحتاجة.": "A community association serving families in need.",
    "من نحن": "Who we are",
    "نعمل مع الأسر والأيتام والأرامل.": "We work with families, orphans and widows.",
}


class HomePageFactory(TranslatablePageFactory):
    """An association's Arabic home page, at the top of the page tree (a site's root)."""

    class Meta:
        model = HomePage

    _english = ENGLISH

    title = factory.Sequence(lambda n: f"الرئيسية {n}")
    slug = factory.Sequence(lambda n: f"home-f{n}")
    parent = factory.LazyFunction(Page.get_first_root_node)
    intro = "جمعية أهلية تخدم الأسر المحتاجة."
    body = factory.LazyFunction(
        lambda: [("heading", {"text": "من نحن"}), ("paragraph", "<p>نعمل مع الأسر والأيتام والأرامل.</p>")]
    )

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        wanted = (results or {}).get("english")
        if wanted:
            # Both home pages sit at the top of the tree, where slugs are shared: "home-f3" and "home-f3-en".
            given = wanted if isinstance(wanted, dict) else {}
            results = {**results, "english": {instance.slug: f"{instance.slug}-en", **given}}
        super()._after_postgeneration(instance, create, results)


class StandardPageFactory(TranslatablePageFactory):
    class Meta:
        model = StandardPage

    _english = ENGLISH

    intro = "جمعية أهلية تخدم الأسر المحتاجة."
    body = factory.LazyFunction(
        lambda: [("heading", {"text": "من نحن"}), ("paragraph", "<p>نعمل مع الأسر والأيتام والأرامل.</p>")]
    )


class SiteFactory(wagtail_factories.SiteFactory):
    """An association: its own host name, an Arabic home page translated into English as its root, and
    (unless `organisation=False`) its organisation settings with a profile in both languages.

    The home pages are `site.root_page` and `site.root_page.english`; the settings `site.organisation`.
    """

    class Meta:
        skip_postgeneration_save = True

    hostname = factory.Sequence(lambda n: f"association-{n}.example.org")
    port = 80
    site_name = factory.Sequence(lambda n: f"Association {n}")
    root_page = factory.SubFactory(HomePageFactory, english=True)
    is_default_site = False

    @factory.post_generation
    def association(site, create, extracted, **kwargs):
        if create:
            site.association = association_of(site)  # its reference code

    @factory.post_generation
    def organisation(site, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        kwargs.setdefault("profile__english", True)
        site.organisation = OrganisationSettingsFactory(site=site, **kwargs)
