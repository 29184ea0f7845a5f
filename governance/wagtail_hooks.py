"""Governance in the admin: its snippets, each association's own, the completeness report and the panel.

Staff list, choose and change only the records of the association they work in
(`organisation.scoping.WorkingSiteViewSetMixin`); a new record is that association's (its form has no site
field); another association's, reached by its address or in a chooser, is not found.
"""

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet, SnippetViewSetGroup

from core.arabic import to_western_digits
from governance import views
from governance.completeness import build_report
from governance.models import (
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    ExecutiveMember,
)
from organisation.associations import working_site_id
from organisation.scoping import WorkingSiteViewSetMixin

GOVERNANCE_MODELS = (AssemblyMeeting, BoardMember, Committee, DisclosureDocument, DisclosureItem, ExecutiveMember)


class OwnSiteCreateView(CreateView):
    """A new record is the association worked in's."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        instance.site_id = working_site_id(self.request)
        return instance


class PrefilledCreateView(OwnSiteCreateView):
    """The report's "add" links name the item and the year owed: start the form with them."""

    prefilled = ("fiscal_year",)

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        year = to_western_digits(self.request.GET.get("fiscal_year", "")).strip()
        if "fiscal_year" in self.prefilled and year.isdigit() and len(year) == 4:
            instance.fiscal_year = int(year)
        item = self.request.GET.get("item", "")
        if "item" in self.prefilled and item.isdigit():
            found = DisclosureItem.objects.for_site(instance.site_id).filter(pk=int(item)).first()
            if found is not None:
                instance.item = found
        return instance


class DocumentCreateView(PrefilledCreateView):
    prefilled = ("item", "fiscal_year")


# --- Choosers (a document's item, a committee's chair): the association worked in's records only ------------
class OwnChoicesMixin:
    def get_object_list(self):
        return super().get_object_list().for_site(working_site_id(self.request))


class OwnChooseView(OwnChoicesMixin, chooser.ChooseView):
    pass


class OwnChooseResultsView(OwnChoicesMixin, chooser.ChooseResultsView):
    pass


class OwnChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.model_class.objects.for_site(working_site_id(self.request)).get(pk=pk)


class OwnChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects(pks).for_site(working_site_id(self.request))


class OwnChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = OwnChooseView
    choose_results_view_class = OwnChooseResultsView
    chosen_view_class = OwnChosenView
    chosen_multiple_view_class = OwnChosenMultipleView


class OwnItemsFilterSet(WagtailFilterSet):
    """The documents' listing filters by the items of the association worked in only."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "item" in self.filters and request is not None:
            self.filters["item"].queryset = DisclosureItem.objects.for_site(working_site_id(request))


class DocumentIndexView(IndexView):
    base_filterset_class = OwnItemsFilterSet


class GovernanceViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    add_view_class = OwnSiteCreateView
    chooser_viewset_class = OwnChooserViewSet


class DisclosureDocumentViewSet(GovernanceViewSet):
    model = DisclosureDocument
    icon = "doc-full"
    menu_label = _("Disclosure documents")
    add_view_class = DocumentCreateView
    index_view_class = DocumentIndexView
    list_display = ["title", "item", "fiscal_year", "date", "locale"]
    list_filter = ["item", "fiscal_year"]
    search_fields = ["title"]


class DisclosureItemViewSet(GovernanceViewSet):
    model = DisclosureItem
    icon = "list-ul"
    menu_label = _("Disclosure list")
    list_display = ["name", "area", "renewal", "due_months", "active", "locale"]
    list_filter = ["area", "renewal", "active"]
    ordering = ["sort_order", "name"]


class BoardMemberViewSet(GovernanceViewSet):
    model = BoardMember
    icon = "group"
    list_display = ["name", "role", "term_start", "term_end", "locale"]
    search_fields = ["name"]


class CommitteeViewSet(GovernanceViewSet):
    model = Committee
    icon = "group"
    list_display = ["name", "chair", "locale"]


class ExecutiveMemberViewSet(GovernanceViewSet):
    model = ExecutiveMember
    icon = "user"
    list_display = ["name", "position", "locale"]


class AssemblyMeetingViewSet(GovernanceViewSet):
    model = AssemblyMeeting
    icon = "date"
    add_view_class = PrefilledCreateView
    list_display = ["title", "date", "fiscal_year", "locale"]
    list_filter = ["kind", "fiscal_year"]


class GovernanceSnippets(SnippetViewSetGroup):
    menu_label = _("Governance")
    menu_icon = "doc-full"
    items = (
        DisclosureDocumentViewSet,
        BoardMemberViewSet,
        CommitteeViewSet,
        ExecutiveMemberViewSet,
        AssemblyMeetingViewSet,
        DisclosureItemViewSet,
    )


register_snippet(GovernanceSnippets)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("governance/report/", views.report, name="governance_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Disclosure completeness"), reverse("governance_report"), icon_name="tasks", order=900)


class DisclosurePanel(Component):
    """How complete the disclosure section is, and what is missing or out of date, on the dashboard."""

    name = "governance_disclosure"
    order = 60

    def __init__(self, site_id):
        self.site_id = site_id

    def render_html(self, parent_context=None):
        report = build_report(self.site_id)
        return render_to_string("governance/admin/panel.html", {"report": report, "problems": report.problems[:6]})


@hooks.register("construct_homepage_panels")
def add_disclosure_panel(request, panels):
    if views.can_see_report(request.user):
        panels.append(DisclosurePanel(working_site_id(request)))


@hooks.register("before_bulk_action")
def own_records_only(request, action_type, objects, action_class_instance):
    """A bulk action (deleting several) on governance records: only on the association worked in's."""
    site_id = working_site_id(request)
    if any(isinstance(item, GOVERNANCE_MODELS) and item.site_id != site_id for item in objects):
        raise PermissionDenied
