"""Test factories for the policy library: categories (translatable snippets), its index page and policies."""

import factory

from organisation.factories import TranslatablePageFactory, TranslatableSnippetFactory, home_of, site_or_default
from policies.models import PolicyCategory, PolicyIndexPage, PolicyPage

ENGLISH = {
    "تصنيف السياسات": "Policy category",
    "السياسات واللوائح": "Policies and regulations",
    "السياسات التي اعتمدها مجلس الإدارة.": "The policies the board has approved.",
    "سياسة": "Policy",
    "ما تنظمه السياسة ولمن.": "What the policy governs, and for whom.",
    "مجلس الإدارة": "Board of Directors",
    "تنظم هذه السياسة علاقة الجمعية بالمستفيدين.": (
        "This policy governs the association's relationship with beneficiaries."
    ),
}


class PolicyCategoryFactory(TranslatableSnippetFactory):
    """A policy category of the association on `site` (default: the default site)."""

    class Meta:
        model = PolicyCategory

    _english = ENGLISH

    site = factory.LazyFunction(site_or_default)

    name = factory.Sequence(lambda n: f"تصنيف السياسات {n}")


class PolicyIndexPageFactory(TranslatablePageFactory):
    """The policy library (السياسات واللوائح) under the home page of `site`."""

    class Meta:
        model = PolicyIndexPage

    _english = ENGLISH

    title = "السياسات واللوائح"
    slug = factory.Sequence(lambda n: f"policies-f{n}")
    intro = "السياسات التي اعتمدها مجلس الإدارة."


def library_of(site=None):
    """The policy library of `site` (default: the default site): its own, made when it has none."""
    home = home_of(site)
    return PolicyIndexPage.objects.child_of(home).first() or PolicyIndexPageFactory(parent=home)


def _site_of(page):
    """The site a policy being made goes on: its parent's, else `site=`."""
    return page.parent.get_site() or site_or_default(page.site)


class PolicyPageFactory(TranslatablePageFactory):
    """A policy in the library of `site` (or under `parent=`), approved by the board on a Hijri date
    (the Gregorian one is computed on save, as for an editor); `supersedes=` an earlier version."""

    class Meta:
        model = PolicyPage

    _english = ENGLISH

    title = factory.Sequence(lambda n: f"سياسة {n}")
    slug = factory.Sequence(lambda n: f"policy-f{n}")
    parent = factory.LazyAttribute(lambda page: library_of(page.site))
    summary = "ما تنظمه السياسة ولمن."
    category = factory.SubFactory(
        PolicyCategoryFactory, site=factory.LazyAttribute(lambda category: _site_of(category.factory_parent))
    )
    body = factory.LazyFunction(
        lambda: [("preamble", {"heading": "", "text": "<p>تنظم هذه السياسة علاقة الجمعية بالمستفيدين.</p>"})]
    )
    approving_body = "مجلس الإدارة"
    meeting_number = factory.Sequence(lambda n: str(100 + n))
    decision_number = factory.LazyAttribute(lambda page: f"{page.meeting_number}/1")
    approval_calendar = "hijri"
    approval_date_hijri = "25/06/1446"
