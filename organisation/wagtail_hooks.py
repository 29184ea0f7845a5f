from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from organisation import associations, redirect_views, settings_views, translation_scoping
from organisation.models import OrganisationProfile, profiles_of
from organisation.scoping import WorkingSiteViewSetMixin, of_site
from organisation.views import association_name, choose_association


class OrganisationProfileViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    """Each association's profile, to its own staff only (organisation.scoping). One is made with the association
    (hosting.creation); one added here belongs to no association until its settings choose it."""

    model = OrganisationProfile
    site_field = staticmethod(profiles_of)
    icon = "site"
    menu_label = gettext_lazy("Organisation profile")
    add_to_settings_menu = True
    list_display = ["name", "locale"]


register_snippet(OrganisationProfileViewSet)


@hooks.register("register_admin_urls")
def register_association_urls():
    """The choice of association, and the site settings and redirects of the one worked in, in front of Wagtail's
    own views at the same addresses (this app's hooks are registered before wagtail.contrib.settings' and
    wagtail.contrib.redirects')."""
    return [
        path("associations/choose/", choose_association, name="organisation_choose_association"),
        path("settings/<slug:app_name>/<slug:model_name>/", settings_views.open_setting),
        path("settings/<slug:app_name>/<slug:model_name>/<int:pk>/", settings_views.EditView.as_view()),
        path("settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/", settings_views.PreviewOnEdit.as_view()),
        # The redirects of the one worked in (organisation.redirect_views), in front of wagtail.contrib.redirects'.
        path("redirects/", redirect_views.IndexView.as_view()),
        path("redirects/results/", redirect_views.IndexView.as_view(results_only=True)),
        path("redirects/add/", redirect_views.CreateView.as_view()),
        path("redirects/<int:redirect_id>/", redirect_views.EditView.as_view()),
        path("redirects/<int:redirect_id>/delete/", redirect_views.DeleteView.as_view()),
        path("redirects/import/", redirect_views.start_import),
        path("redirects/import/process/", redirect_views.process_import),
    ]


@hooks.register("register_admin_urls", order=-1)
def register_translation_urls():
    """wagtail-localize's views of one page, snippet or translation, for the association worked in only, in front
    of its own at the same addresses (organisation.translation_scoping)."""
    return translation_scoping.translation_urls()


class AssociationMenuItem(MenuItem):
    """The association worked in, by name, leading to the choice of another: only for a person who works for
    more than one."""

    def is_shown(self, request):
        return associations.staff_sites(request.user)[:2].count() > 1

    def render_component(self, request):
        name = association_name(associations.working_site(request))
        label = _("Association: %(name)s") % {"name": name}
        url = f"{self.url}?{urlencode({'next': request.get_full_path()})}"
        return LinkMenuItem(self.name, label, url, icon_name=self.icon_name, classname=self.classname)


@hooks.register("register_admin_menu_item")
def register_association_menu_item():
    return AssociationMenuItem(
        gettext_lazy("Association"), reverse("organisation_choose_association"), name="association",
        icon_name="site", order=1,
    )  # fmt: skip


@hooks.register("construct_page_chooser_queryset")
def pages_of_the_association(pages, request):
    """The page chooser browses and searches the trees of the association worked in (the root to start from)."""
    if request.user.is_superuser:
        return pages
    site = associations.working_site(request)
    paths = Page.objects.filter(pk__in=associations.site_roots(site)).values_list("path", flat=True)
    within = Q(depth=1)
    for root_path in paths:
        within |= Q(path__startswith=root_path)
    return pages.filter(within)


@hooks.register("before_bulk_action")
def refuse_other_associations_rows(request, action_type, objects, action_class_instance):
    """A bulk action on rows of another association (ids typed into its address) is refused as a whole."""
    site_id = associations.working_site_id(request)
    if request.user.is_superuser:
        return
    rows = [item for item in objects if not isinstance(item, Page)]
    if any(getattr(item, "site_id", site_id) != site_id for item in rows):
        raise Http404
    # A snippet that reaches its association another way: as its own views see it (organisation.scoping).
    viewset = getattr(type(rows[0]), "snippet_viewset", None) if rows else None
    if isinstance(viewset, WorkingSiteViewSetMixin):
        wanted = {item.pk for item in rows}
        found = of_site(type(rows[0])._default_manager.filter(pk__in=wanted), site_id, viewset.site_field)
        if found.count() != len(wanted):
            raise Http404
