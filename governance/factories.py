"""Test factories for governance and disclosure: settings, the completeness list, published PDFs,
the board, its committees, the executive team, general assembly meetings, and the section's pages.
Records are the association's on `site=` (default: the default site)."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Collection

from forms.factories import small_pdf
from governance.models import (
    Area,
    AssemblyMeeting,
    BoardMember,
    BoardPage,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    DisclosurePage,
    ExecutiveMember,
    GeneralAssemblyPage,
    GovernanceIndexPage,
    GovernanceSettings,
)
from organisation.factories import (
    SiteSettingFactory,
    TranslatablePageFactory,
    TranslatableSnippetFactory,
    home_of,
    site_or_default,
)

ENGLISH = {
    "الحوكمة والشفافية": "Governance and transparency",
    "ما يطلبه معيار الحوكمة.": "What the governance standard asks for.",
    "بند": "Item",
    "وثيقة": "Document",
    "عضو المجلس": "Board member",
    "لجنة": "Committee",
    "موظف": "Staff member",
    "المدير التنفيذي": "Executive director",
    "أقرت الجمعية القوائم المالية.": "The assembly approved the financial statements.",
    "مجلس الإدارة": "The board",
    "الجمعية العمومية": "The general assembly",
    "صفحة الإفصاح": "Disclosure page",
}


class GovernanceSettingsFactory(SiteSettingFactory):
    class Meta:
        model = GovernanceSettings


class PdfDocumentFactory(wagtail_factories.DocumentFactory):
    """A Wagtail document holding a real one-page PDF."""

    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="document.pdf", data=small_pdf())


class GovernanceSnippetFactory(TranslatableSnippetFactory):
    """A governance record of the association on `site` (default: the default site)."""

    class Meta:
        abstract = True

    site = factory.LazyFunction(site_or_default)


class DisclosureItemFactory(GovernanceSnippetFactory):
    """An item of the completeness list, shown by published documents, kept current."""

    class Meta:
        model = DisclosureItem

    _english = ENGLISH

    key = factory.Sequence(lambda n: f"item-f{n}")
    name = factory.Sequence(lambda n: f"بند {n}")
    area = Area.REPORTS
    source = DisclosureItem.Source.DOCUMENT
    renewal = DisclosureItem.Renewal.ONCE


class DisclosureDocumentFactory(GovernanceSnippetFactory):
    """A published PDF for `item`, dated in the Hijri calendar (the Gregorian date is computed on clean)."""

    class Meta:
        model = DisclosureDocument

    _english = ENGLISH

    item = factory.SubFactory(DisclosureItemFactory, site=factory.SelfAttribute("..site"))
    title = factory.Sequence(lambda n: f"وثيقة {n}")
    date_calendar = "hijri"
    date_hijri = "25/06/1446"
    document = factory.SubFactory(PdfDocumentFactory)


class BoardMemberFactory(GovernanceSnippetFactory):
    """A board member in term (from a year ago to two years from now)."""

    class Meta:
        model = BoardMember

    _english = ENGLISH

    name = factory.Sequence(lambda n: f"عضو المجلس {n}")
    role = BoardMember.Role.MEMBER
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=730))


class CommitteeFactory(GovernanceSnippetFactory):
    """A committee of the board; `members=[...]` and `chair=` are Arabic board members."""

    class Meta:
        model = Committee

    _english = ENGLISH

    name = factory.Sequence(lambda n: f"لجنة {n}")
    members = factory.LazyFunction(list)


class ExecutiveMemberFactory(GovernanceSnippetFactory):
    class Meta:
        model = ExecutiveMember

    _english = ENGLISH

    name = factory.Sequence(lambda n: f"موظف {n}")
    position = "المدير التنفيذي"


class AssemblyMeetingFactory(GovernanceSnippetFactory):
    """An ordinary general assembly meeting, with its minutes as a PDF."""

    class Meta:
        model = AssemblyMeeting

    _english = ENGLISH

    number = factory.Sequence(lambda n: str(n + 1))
    date_calendar = "hijri"
    date_hijri = "10/05/1446"
    attendance = 40
    summary = "أقرت الجمعية القوائم المالية."
    minutes = factory.SubFactory(PdfDocumentFactory)


class GovernanceIndexPageFactory(TranslatablePageFactory):
    class Meta:
        model = GovernanceIndexPage

    _english = ENGLISH

    title = "الحوكمة والشفافية"
    slug = factory.Sequence(lambda n: f"governance-f{n}")
    intro = "ما يطلبه معيار الحوكمة."


def governance_of(site=None):
    """The governance section of `site` (default: the default site): its own, made when it has none."""
    home = home_of(site)
    return GovernanceIndexPage.objects.child_of(home).first() or GovernanceIndexPageFactory(parent=home)


class GovernanceChildPageFactory(TranslatablePageFactory):
    class Meta:
        abstract = True

    _english = ENGLISH

    parent = factory.LazyAttribute(lambda page: governance_of(page.site))


class DisclosurePageFactory(GovernanceChildPageFactory):
    class Meta:
        model = DisclosurePage

    title = factory.Sequence(lambda n: f"صفحة الإفصاح {n}")
    slug = factory.Sequence(lambda n: f"disclosure-f{n}")
    area = Area.REPORTS


class BoardPageFactory(GovernanceChildPageFactory):
    class Meta:
        model = BoardPage

    title = "مجلس الإدارة"
    slug = factory.Sequence(lambda n: f"board-f{n}")


class GeneralAssemblyPageFactory(GovernanceChildPageFactory):
    class Meta:
        model = GeneralAssemblyPage

    title = "الجمعية العمومية"
    slug = factory.Sequence(lambda n: f"assembly-f{n}")
    membership_size = 120
    membership_counted_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))
