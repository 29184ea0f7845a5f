"""The ways to sort services: categories and beneficiary groups (translatable snippets), each association's
own, and reading them in a language.

A facet belongs to its association's site: two associations may both have "orphans", each its own row
(unique by site, language and slug). A translation carries its source's site (wagtail-localize copies and
synchronises the field). Whatever lists facets for choosing or reading filters them by a site: the page's, the
family file's, the association worked in (`for_site`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Site, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from core import site_facts
from core.localization import default_locale_id
from core.translated import with_translations


class FacetQuerySet(models.QuerySet):
    def for_site(self, site):
        """The facets of the association on `site` (a Site or its id)."""
        return self.filter(site_id=getattr(site, "pk", site))

    def originals(self):
        """In the site's main language: what services and family files point at."""
        return self.filter(**source_locale_only())


class Facet(TranslatableMixin, models.Model):
    """A way to sort services (category, beneficiary group), of one association.

    The slug is shared by every translation, so a filtered address such as
    ?group=orphans means the same in both languages.
    """

    site = models.ForeignKey(
        Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+", editable=False
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Short Latin name used in addresses, the same in every language.")
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    # A translation is of its source's association: copied when made, kept in step after.
    override_translatable_fields = [
        SynchronizedField("slug"), SynchronizedField("sort_order"), SynchronizedField("site", overridable=False)
    ]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    objects = FacetQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        """The slug unique within the association and language (the admin's form has no site field, so Django
        would not check the constraint itself)."""
        super().clean()
        if self.site_id and self.locale_id and self.slug:
            taken = type(self).objects.filter(site_id=self.site_id, locale_id=self.locale_id, slug=self.slug)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError({"slug": _("This association already has one with this slug.")})

    def api_representation(self):
        return {"id": self.pk, "slug": self.slug, "name": self.name, "locale": self.locale.language_code}


class ServiceCategory(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        constraints = [
            models.UniqueConstraint(fields=["site", "locale", "slug"], name="unique_service_category_slug")
        ]


class BeneficiaryGroup(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        constraints = [
            models.UniqueConstraint(fields=["site", "locale", "slug"], name="unique_beneficiary_group_slug")
        ]


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


def page_site_id(page, request=None) -> int:
    """The site `page` is on, from Wagtail's cached site root paths (no query once they are known); for a page
    not yet routable (a new page's preview), the request's site, else the default site."""
    url_parts = page.get_url_parts(request) if page.url_path else None
    if url_parts is not None:
        return url_parts[0]
    return site_facts.site_id(request) or Site.objects.get(is_default_site=True).pk


def facets(locale_id: int, request=None, site_id: int | None = None) -> dict:
    """The categories and beneficiary groups of an association (`site_id`, else the request's site) in a
    language, as plain values, kept by each worker until content changes (core/site_facts.py): (slug, name)
    choices of each, the groups' names by translation key, and the categories' names by id."""
    if site_id is None:
        site_id = site_facts.site_id(request) or Site.objects.get(is_default_site=True).pk
    return site_facts.remembered(request, ("service-facets", site_id, locale_id), lambda: _facets(site_id, locale_id))


def _facets(site_id: int, locale_id: int) -> dict:
    categories = list(ServiceCategory.objects.for_site(site_id).filter(locale_id=locale_id))
    # The source-language groups and their translations, in one query.
    originals = BeneficiaryGroup.objects.for_site(site_id).filter(locale_id=default_locale_id())
    groups = [shown for _original, shown in with_translations(originals, locale_id)]
    return {
        "categories": tuple((category.slug, category.name) for category in categories),
        "groups": tuple((group.slug, group.name) for group in groups),
        "group_names": {group.translation_key: group.name for group in groups},
        "category_names": {category.pk: category.name for category in categories},
    }
