"""The family's file in the admin: its page, editing with the version check, the "verified" step, merging."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from beneficiaries import document_views, duplicates, views_deliveries
from beneficiaries.editing import STALE_MESSAGE, FileEditAction, StaleFile
from beneficiaries.models import BeneficiaryFile, FileLogEntry, FileRequest, Relation, Sex
from organisation.associations import working_site_id

HEALTH_NOTES = "beneficiaries.view_health_notes"
MERGE_FILES = "beneficiaries.merge_beneficiaryfile"
TIMELINE_SHOWN = 20


class FileEditView(EditView):
    action_class = FileEditAction
    verified = False

    registering = False

    def save_instance(self):
        action = self.action_class(self.form.instance, user=self.request.user, form=self.form)
        action.verified = self.verified
        action.registering = self.registering
        action.execute(skip_permission_checks=True)
        return self.form.instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleFile:
            form.add_error(None, STALE_MESSAGE)
            self.produced_error_code, self.produced_error_message = "stale", STALE_MESSAGE
            return self.form_invalid(form)


class FileVerifyView(FileEditView):
    """The "verified" step: staff go through the file with the family, correct it and confirm; the timeline
    records who, when and what changed, and the next verification is set from the file's groups."""

    verified = True
    page_title = _("Verify the family's data")
    success_message = _("The file was verified.")

    def get_success_url(self):
        return reverse("beneficiaries:inspect", args=[self.object.pk])


class FileRegisterView(FileVerifyView):
    """Completing the registration of a file opened when its request was accepted: staff confirm what the
    request carried and fill in the rest (district, groups, household, income), and the file becomes active.
    Back to the request it came from (`?next=`, a path of this site) when there is one."""

    registering = True
    page_title = _("Complete the family's registration")
    success_message = _("The registration is complete: the file is active.")

    def get_success_url(self):
        back = self.request.GET.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={self.request.get_host()}):
            return back
        return super().get_success_url()


class FamilyPageView(InspectView):
    """The family's page: household, income, requests, possible duplicates and the timeline."""

    template_name = "beneficiaries/file_page.html"
    page_title = _("The family's file")

    def get_object(self, *args, **kwargs):
        queryset = BeneficiaryFile.objects.select_related("site")
        return get_object_or_404(queryset, pk=self.pk, site_id=working_site_id(self.request))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file = self.object
        user = self.request.user
        members = list(file.members.all())
        incomes, expenses = list(file.incomes.all()), list(file.expenses.all())
        timeline = list(
            FileLogEntry.objects.filter(file_id=file.pk)
            .select_related("user")
            .order_by("-timestamp", "-pk")[:TIMELINE_SHOWN]
        )
        context.update(
            file=file,
            members=members,
            show_health=user.has_perm(HEALTH_NOTES),
            groups=list(file.groups.all()),
            incomes=incomes,
            expenses=expenses,
            household_size=1 + len(members),
            income_per_person=file.income_per_person(),
            verification_lapsed=file.verification_lapsed(),
            requests=list(
                FileRequest.objects.filter(file=file).select_related("case__submission").order_by("-linked_at")
            ),
            duplicates=duplicates.possible_duplicates(file),
            may_merge=user.has_perm(MERGE_FILES),
            timeline=timeline,
            verify_url=reverse("beneficiaries:verify", args=[file.pk]) if self.user_has_permission("change") else "",
            history_url=reverse("beneficiaries:history", args=[file.pk]),
            may_view_documents=user.has_perm(document_views.VIEW),
            may_add_documents=user.has_perm(document_views.ADD),
        )
        if context["may_view_documents"]:
            context["documents"] = document_views.document_rows(file.documents.visible_to(user), user)
        context.update(views_deliveries.deliveries_context(file, user))
        return context


class MergeForm(forms.Form):
    kept_version = forms.IntegerField(widget=forms.HiddenInput)
    merged_version = forms.IntegerField(widget=forms.HiddenInput)
    relation = forms.ChoiceField(label=_("relation to the head of the kept file"), choices=Relation.choices)
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)

    def __init__(self, *args, head_is_known=False, **kwargs):
        super().__init__(*args, **kwargs)
        if head_is_known:  # the other file's head is already a member here: nothing to ask
            del self.fields["relation"]
            del self.fields["sex"]


class MergeView(WagtailAdminTemplateMixin, FormView):
    """Merge file `other` into file `pk`: compare both, say how the other head is related, confirm."""

    template_name = "beneficiaries/merge.html"
    form_class = MergeForm
    page_title = _("Merge two family files")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MERGE_FILES):
            raise PermissionDenied
        self.kept = get_object_or_404(BeneficiaryFile, pk=kwargs["pk"], site_id=working_site_id(request))
        # Only a file of the same association: any other number is no file here (404).
        self.merged = get_object_or_404(
            BeneficiaryFile.objects.exclude(pk=self.kept.pk), pk=kwargs["other"], site_id=self.kept.site_id
        )
        self.head_is_known = self.merged.head_id in duplicates.ids_on(self.kept)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "head_is_known": self.head_is_known}

    def get_initial(self):
        return {"kept_version": self.kept.version, "merged_version": self.merged.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kept=self.kept, merged=self.merged, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        head = None if self.head_is_known else (data["relation"], data["sex"])
        try:
            duplicates.merge(
                self.kept, self.merged, versions=(data["kept_version"], data["merged_version"]),
                head_as_member=head, user=self.request.user,
            )  # fmt: skip
        except StaleFile:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("The two files were merged into one."))
        return redirect("beneficiaries:inspect", self.kept.pk)
