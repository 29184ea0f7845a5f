"""Staff see submissions in the Wagtail admin: read-only, only with permission.

This is the foundation the moderation inbox builds on: a list with filters and
search, a detail view, and attachment downloads that check permission on every
request (files never have a public URL).
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from forms.models import Attachment, Submission, private_storage


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Submissions are what the applicant sent: nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


submission_policy = ReadOnlyPolicy(Submission)


def download_attachment(request, pk):
    """Stream an attachment to staff allowed to see submissions; nobody else."""
    if not submission_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment.objects.select_related("submission"), pk=pk)
    try:
        handle = private_storage().open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "form"
    menu_label = _("Submissions")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["reference", "form_title", "service_title", "applicant_name", "submitted_at", "reply_due"]
    list_filter = ["kind", "language", "submitted_at"]
    search_fields = ["reference", "applicant_name", "applicant_mobile", "form_title"]
    inspect_view_fields = [
        "reference", "kind", "form_title", "service_title", "language", "applicant_name", "applicant_mobile",
        "applicant_email", "complaint_type", "anonymous", "declaration_accepted", "privacy_consent_at",
        "submitted_at", "reply_due", "data",
    ]  # fmt: skip
    form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("attachment/<int:pk>/", download_attachment, name="attachment"),
        ]
