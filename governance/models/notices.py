"""When administrators were told about the completeness list (governance/notifications.py)."""

from django.db import models

from governance.models.items import DisclosureItem


class DisclosureNotice(models.Model):
    """Administrators were told that an item became due or out of date for a period: never twice."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="notices")
    period = models.CharField(max_length=40)
    state = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "period", "state"], name="unique_disclosure_notice"),
        ]

    def __str__(self):
        return f"{self.item} {self.period} {self.state}"
