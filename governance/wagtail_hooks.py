from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

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


class PrefilledCreateView(CreateView):
    """The report's "add" links name the item and the year owed: start the form with them."""

    prefilled = ("fiscal_year",)

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        year = to_western_digits(self.request.GET.get("fiscal_year", "")).strip()
        if "fiscal_year" in self.prefilled and year.isdigit() and len(year) == 4:
            instance.fiscal_year = int(year)
        item = self.request.GET.get("item", "")
        if "item" in self.prefilled and item.isdigit():
            found = DisclosureItem.objects.filter(pk=int(item)).first()
            if found is not None:
                instance.item = found
        return instance


class DocumentCreateView(PrefilledCreateView):
    prefilled = ("item", "fiscal_year")


class DisclosureDocumentViewSet(SnippetViewSet):
    model = DisclosureDocument
    icon = "doc-full"
    menu_label = _("Disclosure documents")
    add_view_class = DocumentCreateView
    list_display = ["title", "item", "fiscal_year", "date", "locale"]
    list_filter = ["item", "fiscal_year"]
    search_fields = ["title"]


class DisclosureItemViewSet(SnippetViewSet):
    model = DisclosureItem
    icon = "list-ul"
    menu_label = _("Disclosure list")
    list_display = ["name", "area", "renewal", "due_months", "active", "locale"]
    list_filter = ["area", "renewal", "active"]
    ordering = ["sort_order", "name"]


class BoardMemberViewSet(SnippetViewSet):
    model = BoardMember
    icon = "group"
    list_display = ["name", "role", "term_start", "term_end", "locale"]
    search_fields = ["name"]


class CommitteeViewSet(SnippetViewSet):
    model = Committee
    icon = "group"
    list_display = ["name", "chair", "locale"]


class ExecutiveMemberViewSet(SnippetViewSet):
    model = ExecutiveMember
    icon = "user"
    list_display = ["name", "position", "locale"]


class AssemblyMeetingViewSet(SnippetViewSet):
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

    def render_html(self, parent_context=None):
        report = build_report()
        return render_to_string("governance/admin/panel.html", {"report": report, "problems": report.problems[:6]})


@hooks.register("construct_homepage_panels")
def add_disclosure_panel(request, panels):
    if views.can_see_report(request.user):
        panels.append(DisclosurePanel())
