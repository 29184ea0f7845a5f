"""Wagtail's site settings, each association's own: the settings menu opens the settings of the association
worked in, and another association's (its site's id in the address) is refused to all but superusers.
These views stand in front of wagtail.contrib.settings' own at the same addresses (organisation.wagtail_hooks).

Every choice a setting's form offers (a foreign key or many-to-many: a page, a person, a group, an image, a
snippet), in its own fields and in those of its inline panels at any depth, is one of the association whose
settings they are (`choices_of_site`): on GET the lists and choosers show none of another's, and on POST another's
row named by its id is refused as an invalid choice, since a field's scoped queryset is also what validates it.
`SITE_CHOICES` says how each kind of row is narrowed; tests/organisation/test_settings_scoping.py fails for a
setting field whose rows it does not cover."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import Http404
from django.shortcuts import redirect
from wagtail.contrib.settings import views
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site

from organisation.associations import (
    collections_of_others,
    groups_here_q,
    pages_in_trees_of,
    staff_of_site_q,
    working_site_id,
)
from organisation.models import OrganisationProfile, profiles_of


def _media(rows, site_id):
    """Documents and images outside the other associations' collections (the API's rule)."""
    return rows.exclude(collection__in=collections_of_others(site_id))


def _staff(rows, site_id):
    """People in a group that counts at the association (organisation.associations.staff_of_site_q)."""
    return rows.filter(pk__in=get_user_model().objects.filter(staff_of_site_q(site_id)).values("pk"))


def _of_site_key(rows, site_id):
    return rows.filter(site_id=site_id)


# The kind of row a choice names (it or a subclass) -> the rows of it the association on a site may choose.
SITE_CHOICES = (
    (Page, lambda rows, site_id: pages_in_trees_of(site_id, rows)),
    (AbstractImage, _media),
    (AbstractDocument, _media),
    (Group, lambda rows, site_id: rows.filter(groups_here_q(site_id))),
    (Site, lambda rows, site_id: rows.filter(pk=site_id)),
    (OrganisationProfile, lambda rows, site_id: profiles_of(rows, site_id)),
)


def _has_site_key(model) -> bool:
    """Records that carry their association (a `site` foreign key): beneficiary groups, service categories…"""
    field = next((field for field in model._meta.fields if field.name == "site"), None)
    return field is not None and field.is_relation and issubclass(field.related_model, Site)


def scope_of(model):
    """How the rows of `model` are narrowed to an association's (a function (queryset, site id) -> queryset), or
    None when nothing here says."""
    if issubclass(model, get_user_model()):
        return _staff
    for kind, scope in SITE_CHOICES:
        if issubclass(model, kind):
            return scope
    return _of_site_key if _has_site_key(model) else None


def narrowed(form_model, name, rows, site_id):
    """`rows`, a choice field's queryset, narrowed to the association on `site_id`; then by the form's model's own
    rule for that field, if it has one (`site_choices`: field name -> function (queryset, site id) -> queryset,
    for what the kind of row does not say, such as who holds a role there). Rows of a kind nothing here covers
    are offered none of."""
    scope = scope_of(rows.model)
    rows = scope(rows, site_id) if scope is not None else rows.none()
    own_rule = getattr(form_model, "site_choices", {}).get(name)
    return own_rule(rows, site_id) if own_rule is not None else rows


def choices_of_site(form, site_id, formset=None):
    """Narrow every choice field of `form` (a model form, possibly a ClusterForm with inline formsets) to the
    association on `site_id`, and those of each form its formsets make, at any depth (the empty form an inline
    panel copies for a new item included). `formset`: the one that made `form`, whose row id field offers only its
    own rows."""
    model = form._meta.model
    for name, field in form.fields.items():
        rows = getattr(field, "queryset", None)
        if rows is None:
            continue
        if formset is not None and name == formset.model._meta.pk.name and rows.model is formset.model:
            field.queryset = rows.filter(**{formset.fk.name: formset.instance.pk})
        else:
            field.queryset = narrowed(model, name, rows, site_id)
    for child_formset in getattr(form, "formsets", {}).values():
        _narrow_forms_of(child_formset, site_id)


def _narrow_forms_of(formset, site_id):
    """Each form `formset` makes (Django hands every one, the empty form too, to `add_fields`) is narrowed."""
    add_fields = formset.add_fields

    def add_and_narrow(form, index):
        add_fields(form, index)
        choices_of_site(form, site_id, formset)

    formset.add_fields = add_and_narrow
    formset.__dict__.pop("forms", None)  # made before now: made again, narrowed


def _refused(request, model, pk) -> bool:
    return issubclass(model, BaseSiteSetting) and not request.user.is_superuser and pk != working_site_id(request)


def open_setting(request, app_name, model_name):
    """The settings of the association worked in (Wagtail's own view would take the host's)."""
    model = views.get_model_from_url_params(app_name, model_name)
    if issubclass(model, BaseSiteSetting):
        return redirect("wagtailsettings:edit", app_name, model_name, working_site_id(request))
    return views.redirect_to_relevant_instance(request, app_name, model_name)


class EditView(views.EditView):
    def get_object(self, *args, **kwargs):
        if _refused(self.request, self.model, self.pk):
            raise Http404
        return super().get_object(*args, **kwargs)

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if issubclass(self.model, BaseSiteSetting):
            choices_of_site(form, self.object.site_id)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.request.user.is_superuser:  # no list of the other associations' sites
            context["site_switcher"] = None
            context["site_for_header"] = self.site
        return context


class PreviewOnEdit(views.PreviewOnEdit):
    def get_object(self, *args, **kwargs):
        if _refused(self.request, self.model, self.pk):
            raise Http404
        return super().get_object(*args, **kwargs)

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if issubclass(self.model, BaseSiteSetting):
            choices_of_site(form, self.object.site_id)
        return form
