"""The operator's permission. Hosting keeps no records of its own: an association is organisation's
`Association` on a Wagtail `Site`; this model only carries `hosting.operate_associations`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

OPERATE_PERMISSION = "hosting.operate_associations"
OPERATORS_GROUP = "Operators"


class Hosting(models.Model):
    class Meta:
        managed = False  # no table: a holder for the permission
        default_permissions = ()
        permissions = [("operate_associations", _("Can list, create, suspend and resume associations"))]
        verbose_name = _("hosting")

    def __str__(self):
        return str(self._meta.verbose_name)
