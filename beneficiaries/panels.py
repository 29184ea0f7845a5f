"""The family's summary on a request's page in the inbox (the inbox's "inbox_case_panels" hook): the file, its
recent deliveries and, for an accepted request, the way to schedule its deliveries."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from wagtail.admin.ui.components import Component

from beneficiaries import document_views, duplicates, linking
from beneficiaries.delivery_forms import ACCEPTED_OR_LATER
from beneficiaries.models import Delivery, FileRequest, FileStatus, localize_names
from forms.kinds import FormKind

VIEW_FILES = "beneficiaries.view_beneficiaryfile"
CHANGE_FILES = "beneficiaries.change_beneficiaryfile"
VIEW_DELIVERIES = "beneficiaries.view_delivery"
RECORD = "beneficiaries.add_delivery"
PLAN = "beneficiaries.add_deliveryplan"
RECENT = 5


class FamilySummary(Component):
    template_name = "beneficiaries/case_family.html"

    def __init__(self, case, link, request):
        self.case = case
        self.link = link
        self.request = request

    def get_context_data(self, parent_context=None):
        if self.link is None:
            return {"file": None}
        file = self.link.file
        earlier = (
            FileRequest.objects.filter(file=file)
            .exclude(case=self.case)
            .select_related("case__submission")
            .order_by("-case__submission__submitted_at")
        )
        user = self.request.user
        context = {
            "file": file,
            "linked_by": self.link.get_linked_by_display(),
            "household_size": file.household_size,
            "income_per_person": file.income_per_person(),
            "verification_lapsed": file.verification_lapsed(),
            "earlier": [link.case for link in earlier],
            "file_url": reverse("beneficiaries:inspect", args=[file.pk]),
            "deliveries": None,
        }
        # A possible duplicate of this family's file (same mobile, same name, a person on another file).
        context["duplicates"] = duplicates.possible_duplicates(file)
        if file.status == FileStatus.REGISTERING and user.has_perm(CHANGE_FILES):
            # Completing the registration: what the request did not carry, and where to fill it in.
            context["missing"] = linking.missing_for_registration(file)
            register = reverse("beneficiaries:register", args=[file.pk])
            context["register_url"] = f"{register}?{urlencode({'next': self.request.get_full_path()})}"
        if user.has_perm(document_views.VIEW):
            context["documents"] = document_views.document_rows(file.documents.visible_to(user), user)
            context["may_view_documents"] = True
        if user.has_perm(document_views.ADD):
            form = document_views.KeepForm(file=file, user=user, only_case=self.case, auto_id="keep_%s")
            if form.fields["attachments"].queryset.exists():
                context["keep_form"] = form
                context["keep_url"] = reverse("beneficiaries:document_keep", args=[file.pk])
                context["back_url"] = self.request.get_full_path()
        if user.has_perm(VIEW_DELIVERIES):
            language = translation.get_language() or "ar"
            recent = list(Delivery.objects.filter(file=file).select_related("fund", "service")[:RECENT])
            localize_names(recent)
            for delivery in recent:
                delivery.hijri = delivery.hijri_display(language)
            context["deliveries"] = recent
        if user.has_perm(RECORD):
            context["record_url"] = reverse("beneficiaries:record_delivery", args=[file.pk])
        if user.has_perm(PLAN) and self.case.status in ACCEPTED_OR_LATER:
            context["plan_url"] = f"{reverse('beneficiaries:schedule_plan', args=[file.pk])}?case={self.case.pk}"
        return context


def family_summary(request, case):
    """The panel for a help request, to those who may read family files."""
    if case.submission.kind != FormKind.HELP_REQUEST or not request.user.has_perm(VIEW_FILES):
        return None
    link = FileRequest.objects.filter(case=case).select_related("file").first()
    return FamilySummary(case, link, request)
