"""Bulk actions on the inbox listing: assign, mark as spam, close. Each row is checked again:
a row this person may not change, or that cannot make the move at its status, is left as it is and named."""

from urllib.parse import urlsplit

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from inbox import services
from inbox.filters import filtered_cases
from inbox.lifecycle import Status
from inbox.models import Case
from inbox.roles import works_inbox


class CaseBulkAction(BulkAction):
    template_name = "inbox/bulk_confirm.html"

    @classproperty
    def models(cls):
        return [Case]

    def dispatch(self, request, *args, **kwargs):
        if not works_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, model, object_ids):
        # Only among the requests this person may see, never by id alone.
        return list(services.visible_cases(self.request.user).filter(pk__in=object_ids).select_related("submission"))

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Every request in the listing" means the listing as filtered and searched, which the
        page it came from (`next`) carries in its query string: never every request there is."""
        listing = QueryDict(urlsplit(self.next_url).query)
        return filtered_cases(self.request, listing).values_list("pk", flat=True)

    def object_context(self, obj):
        return {"item": obj, "reference": obj.submission.reference}

    def get_execution_context(self):
        return {"user": self.request.user, "form": self.cleaned_form, "view": self}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        return context

    def get_success_message(self, done, refused):
        message = ngettext("%(count)d request changed.", "%(count)d requests changed.", done) % {"count": done}
        if refused:
            message += " " + ngettext(
                "%(count)d was left as it was (not allowed at its status).",
                "%(count)d were left as they were (not allowed at their status).",
                refused,
            ) % {"count": refused}
        return message


class MoveBulkAction(CaseBulkAction):
    to = None

    def check_perm(self, case):
        return any(move.to == self.to for move in services.allowed_moves(self.request.user, case))

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        done = refused = 0
        for case in objects:
            try:
                services.make_move(case.pk, cls.to, user=user, expected_version=case.version)
                done += 1
            except services.InboxError:
                refused += 1
        return done, refused


class MarkSpam(MoveBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected requests as spam")
    to = Status.SPAM


class Close(MoveBulkAction):
    display_name = _("Close")
    action_type = "close"
    aria_label = _("Close the selected requests")
    to = Status.CLOSED


class AssignBulkForm(django_forms.Form):
    assignee = django_forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args, site_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody (unassign)"))] + [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in services.staff_in_inbox(site_id)
        ]


class Assign(CaseBulkAction):
    """Also how a departing colleague's queue is handed over: filter by their name, select all, assign."""

    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected requests")
    form_class = AssignBulkForm

    def check_perm(self, case):
        return services.can_assign(self.request.user)

    def get_form_kwargs(self):
        # Only the staff of the association worked in.
        return {**super().get_form_kwargs(), "site_id": getattr(self.request.user, "working_site_id", None)}

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        assignee_id = form.cleaned_data.get("assignee") if form else ""
        staff = services.staff_in_inbox(getattr(user, "working_site_id", None))
        assignee = staff.filter(pk=assignee_id).first() if assignee_id else None
        done = refused = 0
        for case in objects:
            try:
                services.assign(case.pk, assignee, user=user)
                done += 1
            except services.InboxError:
                refused += 1
        return done, refused
