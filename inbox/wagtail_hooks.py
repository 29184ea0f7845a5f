from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from inbox import audit, bulk_actions, escalation
from inbox.lifecycle import Role
from inbox.models import Case, CaseLogEntry, Escalation, MessageTemplate
from inbox.roles import can_manage_personal_data, roles_of, works_inbox
from inbox.views import CaseViewSet, InboxPolicy, queue_summary
from organisation.scoping import WorkingSiteViewSetMixin

case_viewset = CaseViewSet("inbox")
register_permission_policy(Case, InboxPolicy(Case), exact_class=True)


@hooks.register("register_admin_viewset")
def register_case_viewset():
    return case_viewset


for action in (bulk_actions.Assign, bulk_actions.MarkSpam, bulk_actions.Close):
    hooks.register("register_bulk_action", action)


class MessageTemplateViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    """Each association's templates, to its own staff only (organisation.scoping)."""

    model = MessageTemplate
    icon = "mail"
    menu_label = _("Message templates")
    add_to_settings_menu = True
    list_display = ["event", "kind", "language", "subject"]
    list_filter = ["event", "kind", "language"]


register_snippet(MessageTemplateViewSet)


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    label = _("Applicants' data (PDPL)")
    return PersonalDataMenuItem(label, reverse("inbox:personal_data"), icon_name="user", order=900)


class QueuePanel(Component):
    """Each person's queue, what is overdue and what falls due this week, on the admin's dashboard."""

    name = "inbox_queue"
    order = 50

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        return render_to_string("inbox/queue_panel.html", {"summary": queue_summary(self.user)})


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if works_inbox(request.user):
        panels.append(QueuePanel(request.user))


class EscalationPanel(Component):
    """The complaints escalated to this person's level and still not answered: the supervisors see every
    escalated complaint, the executive director those escalated to them (inbox.escalation)."""

    name = "inbox_escalations"
    order = 40

    def __init__(self, level, site_id=None):
        self.level = level
        self.site_id = site_id

    def render_html(self, parent_context=None):
        cases = escalation.escalated_to(self.level, self.site_id)
        context = {"cases": list(cases[:20]), "total": cases.count(), "level": self.level}
        return render_to_string("inbox/escalation_panel.html", context)


@hooks.register("construct_homepage_panels")
def add_escalation_panel(request, panels):
    roles = roles_of(request.user)
    site_id = getattr(request.user, "working_site_id", None)
    if Role.DIRECTOR in roles:
        panels.append(EscalationPanel(Escalation.Level.DIRECTOR, site_id))
    elif Role.SUPERVISOR in roles:
        panels.append(EscalationPanel(Escalation.Level.SUPERVISOR, site_id))


@hooks.register("register_log_actions")
def register_inbox_log_actions(actions):
    audit.register_actions(actions)
    # A request's entries go to their own log model, whose site history shows them only to those who
    # may see the request (CaseLogEntryManager.viewable_by_user).
    actions.register_model(Case, CaseLogEntry)
