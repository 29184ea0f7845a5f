"""The ways to sort services: categories and beneficiary groups (translatable snippets), and
reading them in a language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from core import site_facts
from core.localization import default_locale_id
from core.translated import with_translations


class Facet(TranslatableMixin, models.Model):
    """A way to sort services (category, beneficiary group).

    The slug is shared by every translation, so a filtered address such as
    ?group=orphans means the same in both languages.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Short Latin name used in addresses, the same in every language.")
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("sort_order")]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def api_representation(self):
        return {"id": self.pk, "slug": self.slug, "name": self.name, "locale": self.locale.language_code}


class ServiceCategory(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_service_category_slug")]


class BeneficiaryGroup(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_beneficiary_group_slug")]


def source_locale_only():
    # Services always point at the source-language groups (wagtail-localize
    # copies many-to-many values as they are); readers see the translations.
    return {"locale": Locale.get_default()}


def localized_groups(groups, locale):
    """`groups` (source-language rows) as their translations into `locale`, in one query."""
    groups = list(groups)
    locale_id = locale.pk if isinstance(locale, Locale) else locale
    translated = {
        group.translation_key: group
        for group in BeneficiaryGroup.objects.filter(
            translation_key__in=[group.translation_key for group in groups], locale_id=locale_id
        ).select_related("locale")
    }
    return [translated.get(group.translation_key, group) for group in groups]


def facets(locale_id: int, request=None) -> dict:
    """The categories and beneficiary groups in a language, as plain values, kept by each worker
    until content changes (core/site_facts.py): (slug, name) choices of each, the groups'
    names by translation key, and the categories' names by id."""
    return site_facts.remembered(request, ("service-facets", locale_id), lambda: _facets(locale_id))


def _facets(locale_id: int) -> dict:
    categories = list(ServiceCategory.objects.filter(locale_id=locale_id))
    # The source-language groups and their translations, in one query.
    originals = BeneficiaryGroup.objects.filter(locale_id=default_locale_id())
    groups = [shown for _original, shown in with_translations(originals, locale_id)]
    return {
        "categories": tuple((category.slug, category.name) for category in categories),
        "groups": tuple((group.slug, group.name) for group in groups),
        "group_names": {group.translation_key: group.name for group in groups},
        "category_names": {category.pk: category.name for category in categories},
    }
