"""The research report in the admin: its pages, the questions snippet, its panel on a request's page."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from organisation.scoping import WorkingSiteViewSetMixin
from research import report_views
from research.models import ResearchQuestion
from research.report_panels import research_reports


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("research/", include((report_views.urlpatterns, "research"), namespace="research"))]


hooks.register("inbox_case_panels", research_reports)


class ResearchQuestionViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    """The research report's questions, per service or the default set: administrators."""

    model = ResearchQuestion
    icon = "help"
    menu_label = _("Research questions")
    list_display = ["text", "service", "answer_kind", "sort_order", "active"]
    list_filter = ["active", "answer_kind"]


register_snippet(ResearchQuestionViewSet)
