"""Each association's own message templates: made from the defaults when an association is brought up,
and edited in the admin only by the association's own staff (the snippet views in inbox.wagtail_hooks)."""

from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

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


def working_site_id(user) -> int:
    """The association a staff member edits templates for: the one they work in (else the default site)."""
    site_id = getattr(user, "working_site_id", None)
    if site_id is None:
        site_id = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return site_id


class MessageTemplateForm(WagtailAdminModelForm):
    """The template's association is not a field: a new one belongs to the association worked in.
    It is still validated with the others, so a second template for the same kind, event and language
    of one association is an error on the form, not a failed save."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if self.instance.site_id is None:
            self.instance.site_id = working_site_id(for_user)

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("site")
        return exclusions


class OwnAssociationOnly:
    """For the snippet's views of one template: a template of another association is not found."""

    def get_object(self, *args, **kwargs):
        template = super().get_object(*args, **kwargs)
        if template.site_id != working_site_id(self.request.user):
            raise Http404
        return template
