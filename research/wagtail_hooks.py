from wagtail import hooks
from wagtail.permissions import register_permission_policy

from research import report_hooks  # noqa: F401 -- the report's hooks, registered in a module of their own
from research.models import ResearchTask
from research.panels import research_summary
from research.referrals import suggested_researchers
from research.views import ResearchPolicy, ResearchTaskViewSet

register_permission_policy(ResearchTask, ResearchPolicy(ResearchTask), exact_class=True)
research_tasks_viewset = ResearchTaskViewSet("research_tasks")


@hooks.register("register_admin_viewset")
def register_research_tasks():
    return research_tasks_viewset


hooks.register("inbox_case_panels", research_summary)
# The researchers the association's rule names, offered first where the inbox refers a request.
hooks.register("inbox_suggested_researchers", suggested_researchers)
