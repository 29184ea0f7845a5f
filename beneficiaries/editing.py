"""Saving a family's file from the admin: the version check and the timeline's "what changed".

Two staff members may open one file at once. Each form carries the version it was read at; the save raises the
version only if it is still that one (one UPDATE ... WHERE version = seen), so the second to save is told and
nothing of the first is overwritten, as the inbox's moves do for requests.
"""

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.actions.edit import EditAction
from wagtail.admin.forms import WagtailAdminModelForm

from beneficiaries import audit
from beneficiaries.models import BeneficiaryFile, FileStatus, VerificationSettings
from services.models.facets import BeneficiaryGroup

STALE_MESSAGE = _(
    "Someone else saved this file while you were editing it. Nothing of yours was saved: open the file again "
    "to see their changes, then make yours."
)


class StaleFile(Exception):
    """The file changed since the form was read: the transaction is rolled back."""


class FileForm(WagtailAdminModelForm):
    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_seen"].initial = self.instance.version
        if "groups" in self.fields:  # the file's own association's groups
            self.fields["groups"].queryset = BeneficiaryGroup.objects.for_site(self.instance.site_id).originals()

    def changed_parts(self) -> list[str]:
        """Names of the changed fields and sections (members, incomes, expenses): names only, no values."""
        names = [name for name in self.changed_data if name != "version_seen"]
        names += [name for name, formset in self.formsets.items() if formset.has_changed()]
        return names


def claim_version(file: BeneficiaryFile, seen: int | None) -> None:
    """Raise the file's version if it is still `seen` (None: the caller read it just now)."""
    seen = file.version if seen is None else seen
    if not BeneficiaryFile.objects.filter(pk=file.pk, version=seen).update(version=F("version") + 1):
        raise StaleFile
    file.version = seen + 1


class FileEditAction(EditAction):
    """Wagtail's edit, with the version check and the changed parts on the file's timeline."""

    def __init__(self, instance, user=None, *, form=None, **kwargs):
        super().__init__(instance, user=user, form=form, **{**kwargs, "log_action": False})
        self.verified = False
        # Completing the registration: staff confirm and fill in what the request did not carry, and the file
        # (opened under registration when its request was accepted) becomes active.
        self.registering = False

    def _save_instance(self):
        seen = self.form.cleaned_data.get("version_seen") if self.form is not None else None
        claim_version(self.instance, seen)
        changed = self.form.changed_parts() if self.form is not None else []
        if self.verified:
            self.instance.last_verified_at = timezone.now()
        if self.registering and self.instance.status == FileStatus.REGISTERING:
            self.instance.status, self.instance.activated_at = FileStatus.ACTIVE, timezone.now()
        else:
            self.registering = False
        super()._save_instance()
        if self.registering:
            audit.record(self.instance, audit.ACTIVATED, user=self.user)
        if self.verified:
            if "next_verification" not in changed:  # what staff typed wins; else the groups' period from today
                settings = VerificationSettings.for_site(self.instance.site)
                self.instance.next_verification = settings.next_verification(
                    self.instance.groups.values_list("pk", flat=True), timezone.localdate()
                )
                self.instance.save(update_fields=["next_verification"])
            audit.record(
                self.instance, audit.VERIFIED, user=self.user, changed=changed,
                next_verification=str(self.instance.next_verification or ""),
            )  # fmt: skip
        elif changed:
            audit.record(self.instance, audit.CHANGED, user=self.user, changed=changed)
