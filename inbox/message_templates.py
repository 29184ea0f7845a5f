"""Each association's own message templates: made from the defaults when an association is brought up,
and edited in the admin only by the association's own staff (inbox.wagtail_hooks, scoped by
organisation.scoping)."""

from inbox.default_templates import DEFAULT_TEMPLATES
from inbox.models import MessageTemplate

FIELDS = ("kind", "event", "language", "subject", "body", "sms")


def create_default_templates(site) -> int:
    """Give the association on `site` every default template it lacks; return how many were made.
    Running it again changes nothing (a template the association edited stays as edited)."""
    site_id = getattr(site, "pk", site)
    have = set(MessageTemplate.objects.for_site(site_id).values_list("kind", "event", "language"))
    missing = [
        MessageTemplate(site_id=site_id, **dict(zip(FIELDS, row, strict=True)))
        for row in DEFAULT_TEMPLATES
        if tuple(row[:3]) not in have
    ]
    MessageTemplate.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def templates_for_new_association(sender, instance, created, raw=False, **kwargs):
    """post_save of an Association: a new association starts with the default templates."""
    if created and not raw:
        create_default_templates(instance.site_id)
