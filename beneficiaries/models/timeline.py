"""The family's timeline: Wagtail's audit log entries about one file, in a log model of their own.

Kept apart from Wagtail's ModelLogEntry for the reason the inbox keeps requests' entries apart: the site history
lists an entry only to those who may read family files. An entry outlives its file (a merged file's entries stay
readable as the merge's history): no database constraint, nothing cascades. Entries hold codes, counts and field
names, never what a family told us (beneficiaries.audit).
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from beneficiaries.models.files import BeneficiaryFile

VIEW_FILES = "beneficiaries.view_beneficiaryfile"


class FileLogEntryManager(BaseLogEntryManager):
    def get_instance_title(self, instance):
        """The file's number, never the family's name (Wagtail would write str(instance))."""
        return f"#{instance.pk}"

    def log_action(self, instance, action, **kwargs):
        kwargs.update(file=instance)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        if user.is_superuser:
            return self.all()
        if not user.has_perm(VIEW_FILES):
            return self.none()
        files = BeneficiaryFile.objects.all()
        site_id = getattr(user, "working_site_id", None)  # the association worked in (organisation.middleware)
        if site_id is not None:
            files = files.filter(site_id=site_id)
        return self.filter(file_id__in=files.values("pk"))

    def for_instance(self, instance):
        return self.filter(file_id=instance.pk)


class FileLogEntry(BaseLogEntry):
    file = models.ForeignKey(BeneficiaryFile, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    objects = FileLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("family file log entry")
        verbose_name_plural = _("family file log entries")

    def __str__(self):
        return f"FileLogEntry {self.pk}: {self.action!r} on file {self.file_id}"

    @cached_property
    def object_id(self):
        return str(self.file_id)
