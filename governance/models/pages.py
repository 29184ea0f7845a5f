"""Governance and disclosure (الحوكمة والشفافية): the pages. Each shows the snippets of its
disclosure area; pages point at the Arabic originals and show the reader's translation, as services do.
A page shows only its own association's records (the site it is on)."""

import datetime

from django.db import models
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.headless import FrontEndPreviewMixin
from core.localization import default_locale_id
from core.routing import RememberedViewRestrictionsMixin
from core.search import NormalisedSearchMixin
from core.translated import localized_all, with_translations
from governance.models.items import Area, DisclosureItem, source_items
from governance.models.settings import fiscal_calendar
from governance.models.snippets import (
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    ExecutiveMember,
    localized_in,
)
from organisation import facts as organisation_facts
from organisation.associations import pages_in_trees_of
from organisation.models import OrganisationSettings
from policies.models import PolicyIndexPage, PolicyPage
from services.models.facets import page_site_id


class OwnSiteMixin:
    """The association whose records a page shows: the site it is on."""

    @cached_property
    def governance_site_id(self) -> int:
        return page_site_id(self)

    def remember_site(self, request) -> int:
        """The page's site found through the request's cached site roots (no query once they are known)."""
        self.__dict__["governance_site_id"] = page_site_id(self, request)
        return self.governance_site_id


class DisclosureListMixin(OwnSiteMixin):
    """The documents of this page's area, item by item, newest first, older years kept as an archive."""

    disclosure_area = ""

    def disclosures(self, language: str | None = None) -> list[dict]:
        """Two queries, however many items and documents there are."""
        language = language or self.locale.language_code
        items = [(item, shown) for item, shown in self.area_items if item.source == DisclosureItem.Source.DOCUMENT]
        originals = DisclosureDocument.objects.for_site(self.governance_site_id).filter(
            item__in=[item for item, _shown in items], locale_id=default_locale_id(), document__isnull=False
        ).order_by("-fiscal_year", "-date", "title")
        documents = {}
        for original, shown in with_translations(originals, self.locale, select_related=("document",)):
            documents.setdefault(original.item_id, []).append(shown)
        groups = []
        for item, shown in items:
            found = documents.get(item.pk, [])
            groups.append(
                {"item": shown, "key": item.key, "yearly": item.is_yearly, "current": found[:1], "archive": found[1:]}
            )
        return groups

    def get_disclosure_area(self) -> str:
        return self.disclosure_area

    @cached_property
    def area_items(self) -> list[tuple]:
        """(original, in the reader's language) for each active item of this page's area: one query."""
        return with_translations(source_items(self.get_disclosure_area(), self.governance_site_id), self.locale)

    @property
    def disclosure_documents(self) -> list[dict]:
        language = self.locale.language_code
        return [
            {
                "item": group["item"].name,
                "key": group["key"],
                "yearly": group["yearly"],
                "documents": [
                    document.api_representation(language) for document in group["current"] + group["archive"]
                ],
            }
            for group in self.disclosures(language)
        ]


class GovernanceIndexPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page):
    """الحوكمة والشفافية: the registration facts and a way into every disclosure area."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [APIField("intro"), APIField("registration"), APIField("sections")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["governance.DisclosurePage", "governance.BoardPage", "governance.GeneralAssemblyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("governance index page")

    @property
    def registration(self) -> dict:
        site = self.get_site()
        organisation = OrganisationSettings.for_site(site) if site else None
        profile = organisation.profile if organisation and organisation.profile_id else None
        profile = localized_in(profile, self.locale) if profile else None
        return {
            "registration_number": organisation.registration_number if organisation else "",
            "registered_with": profile.ministry if profile else "",
            "name": profile.name if profile else "",
        }

    @property
    def sections(self) -> list[dict]:
        return [
            {"id": page.pk, "title": page.title, "url": page.url, "intro": getattr(page, "intro", "")}
            for page in self.get_children().live().specific()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the page's kept content (its template) has to be made again.
        context["sections"] = SimpleLazyObject(lambda: list(self.get_children().live().specific()))
        organisation = organisation_facts.organisation(request)
        context["registration"] = {
            "registration_number": organisation["registration_number"],
            "registered_with": organisation["ministry"],
            "name": organisation["name"],
        }
        return context


class DisclosurePage(
    RememberedViewRestrictionsMixin, DisclosureListMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page
):
    """One disclosure area: its documents by year, and for some areas their people or policies."""

    area = models.CharField(
        _("area"),
        max_length=30,
        choices=[choice for choice in Area.choices if choice[0] not in (Area.BOARD, Area.GENERAL_ASSEMBLY)],
        help_text=_("The page lists the published documents of the disclosure items of this area."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = Page.content_panels + [FieldPanel("area"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        *NormalisedSearchMixin.search_fields,
    ]
    api_fields = [
        APIField("area"),
        APIField("intro"),
        APIField("body"),
        APIField("disclosure_documents"),
        APIField("executive_team"),
        APIField("policy_links"),
    ]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("disclosure page")

    def get_disclosure_area(self) -> str:
        return self.area

    def executives(self):
        if self.area != Area.EXECUTIVE:
            return []
        originals = ExecutiveMember.objects.for_site(self.governance_site_id).filter(locale_id=default_locale_id())
        return [shown for _original, shown in with_translations(originals, self.locale, select_related=("photo",))]

    @property
    def executive_team(self) -> list[dict]:
        return [member.api_representation() for member in self.executives()]

    def policies(self) -> list:
        """The policies this area names, each in the reader's language when translated (never copied)."""
        items = [
            (item, shown)
            for item, shown in self.area_items
            if item.source == DisclosureItem.Source.POLICY and item.policy_id is not None
        ]
        if not items:
            return []
        keys = Page.objects.filter(pk__in=[item.policy_id for item, _shown in items]).values("translation_key")
        found = list(
            PolicyPage.objects.filter(
                models.Q(pk__in=[item.policy_id for item, _shown in items])
                | models.Q(translation_key__in=keys, locale=self.locale)
            ).select_related("locale")
        )
        by_pk = {page.pk: page for page in found}
        translated = {page.translation_key: page for page in found if page.locale_id == self.locale_id}
        pages = []
        for item, shown in items:
            original = by_pk.get(item.policy_id)
            if original is None:  # not a policy page
                continue
            policy = translated.get(original.translation_key, original)
            if policy.live:
                pages.append((shown, policy))
        return pages

    @property
    def policy_links(self) -> list[dict]:
        return [
            {"item": item.name, "key": item.key, "id": page.pk, "title": page.title, "url": page.url}
            for item, page in self.policies()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.remember_site(request)
        language = translation.get_language() or self.locale.language_code
        # Lazy: read only when the page's kept content (its template) has to be made again.
        context.update(
            groups=SimpleLazyObject(lambda: self.disclosures(language)),
            executives=SimpleLazyObject(self.executives),
            policies=SimpleLazyObject(self.policies),
            language=language,
        )
        if self.area == Area.POLICIES:  # the policy library of this page's own association
            context["policy_index"] = SimpleLazyObject(
                lambda: pages_in_trees_of(
                    self.governance_site_id, PolicyIndexPage.objects.live().filter(locale=self.locale)
                ).first()
            )
        return context


class BoardPage(
    RememberedViewRestrictionsMixin, DisclosureListMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page
):
    """مجلس الإدارة: the members in term, their committees, earlier members, and the board's documents."""

    intro = models.TextField(_("introduction"), blank=True)
    disclosure_area = Area.BOARD

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [
        APIField("intro"),
        APIField("board_members"),
        APIField("committees"),
        APIField("disclosure_documents"),
    ]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("board of directors page")

    def members(self, today=None, pairs=None) -> tuple[list, list]:
        """(in term, former), each in the reader's language."""
        current, former = [], []
        for member, shown in pairs if pairs is not None else self.localized_members():
            (current if member.in_term(today) else former).append(shown)
        former = [member for member in former if member.term_start <= (today or timezone.localdate())]
        former.sort(key=lambda member: member.term_end or datetime.date.max, reverse=True)
        return current, former

    def localized_members(self) -> list[tuple]:
        """(original, in the reader's language) for every board member: one query."""
        originals = BoardMember.objects.for_site(self.governance_site_id).filter(locale_id=default_locale_id())
        return with_translations(originals, self.locale, select_related=("photo",))

    def committee_list(self) -> list:
        """(in the reader's language, original) for every committee, with their members: two queries."""
        originals = Committee.objects.for_site(self.governance_site_id).filter(locale_id=default_locale_id())
        pairs = with_translations(originals, self.locale, select_related=("chair",), prefetch_related=("members",))
        return [(shown, original) for original, shown in pairs]

    @property
    def board_members(self) -> list[dict]:
        current, former = self.members()
        language = self.locale.language_code
        return [member.api_representation(language) for member in current + former]

    @property
    def committees(self) -> list[dict]:
        data = []
        for shown, _original in self.committee_list():
            data.append(shown.api_representation(self.locale))
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.remember_site(request)
        language = translation.get_language() or self.locale.language_code
        # Lazy: read only when the page's kept content (its template) has to be made again.
        board = SimpleLazyObject(lambda: self.board_context(language))
        context.update(
            {name: SimpleLazyObject(lambda name=name: board[name]) for name in BOARD_CONTEXT},
            today=timezone.localdate(),  # who is in term changes with the day
            language=language,
        )
        return context

    def board_context(self, language) -> dict:
        pairs = self.localized_members()
        current, former = self.members(pairs=pairs)
        committees = self.committee_list()
        # Committees point at source-language members (and chairs); readers see their translations.
        localized = {member.pk: shown for member, shown in pairs}
        people = [member for shown, _original in committees for member in shown.members.all()]
        people += [shown.chair for shown, _original in committees if shown.chair_id]
        people = [person for person in people if person.pk not in localized]
        localized.update(
            (person.pk, shown) for person, shown in zip(people, localized_all(people, self.locale), strict=True)
        )
        return {
            "current_members": current,
            "former_members": former,
            "committees": [
                {
                    "committee": shown,
                    "chair": localized[shown.chair.pk] if shown.chair_id else None,
                    "members": shown.member_names(self.locale, localized),
                }
                for shown, _original in committees
            ],
            "groups": self.disclosures(language),
        }


BOARD_CONTEXT = ("current_members", "former_members", "committees", "groups")


class GeneralAssemblyPage(
    RememberedViewRestrictionsMixin, DisclosureListMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page
):
    """الجمعية العمومية: how many members it has and its meetings, with their minutes."""

    intro = models.TextField(_("introduction"), blank=True)
    membership_size = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    membership_counted_on = models.DateField(_("members counted on"), null=True, blank=True)
    disclosure_area = Area.GENERAL_ASSEMBLY

    override_translatable_fields = [SynchronizedField("membership_size"), SynchronizedField("membership_counted_on")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("membership_size"), FieldPanel("membership_counted_on")]),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [APIField("intro"), APIField("membership"), APIField("meetings"), APIField("disclosure_documents")]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("general assembly page")

    def meeting_list(self) -> list:
        originals = AssemblyMeeting.objects.for_site(self.governance_site_id).filter(locale_id=default_locale_id())
        originals = originals.order_by("-date")
        return [shown for _original, shown in with_translations(originals, self.locale, select_related=("minutes",))]

    @property
    def membership(self) -> dict:
        return {
            "size": self.membership_size,
            "counted_on": self.membership_counted_on.isoformat() if self.membership_counted_on else None,
        }

    @property
    def meetings(self) -> list[dict]:
        language = self.locale.language_code
        calendar = fiscal_calendar(site=self.governance_site_id)
        return [meeting.api_representation(language, calendar) for meeting in self.meeting_list()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.remember_site(request)
        language = translation.get_language() or self.locale.language_code
        calendar = fiscal_calendar(request, self.governance_site_id)
        # Lazy: read only when the page's kept content (its template) has to be made again.
        context.update(
            meetings=SimpleLazyObject(
                lambda: [(meeting, meeting.api_representation(language, calendar)) for meeting in self.meeting_list()]
            ),
            groups=SimpleLazyObject(lambda: self.disclosures(language)),
            language=language,
        )
        return context
