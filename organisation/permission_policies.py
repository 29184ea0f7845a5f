"""Wagtail's page and collection permissions, counted only in the association a person works in.

Wagtail reads a person's `GroupPagePermission`, `GroupCollectionPermission` and `GroupSitePermission`
rows through one method of its policies, `get_all_permissions_for_user` (cached on the user): the page
explorer, page chooser, search, the edit views, the API's writes, the image and document views and the
site settings all go through it. Left alone it reads every group of the person, so someone working for
two associations would see and edit the pages, images and documents of the one they are not working in.
Here it reads only the groups that count where they work (`organisation.associations.working_groups`),
as organisation.backends does for Django's permissions.

Two more read a person's groups themselves: which collections they may delete (those below one where they may)
and which sites' settings they may edit; they are replaced too, counting the same groups.

The methods are replaced on the classes every page, media and site-setting policy instance derives from, so policies
made before this app is ready (wagtail.permissions builds the page policy on import; the image and document
apps register theirs in their own ready()) are covered too.
"""

from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, GroupSitePermission, Site
from wagtail.permission_policies.collections import (
    CollectionManagementPermissionPolicy,
    CollectionPermissionLookupMixin,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy

from organisation.associations import working_groups


def _counted(user) -> bool:
    # Wagtail's own short cut: these are decided without reading any group's permissions.
    return user.is_active and not user.is_anonymous and not user.is_superuser


def page_permissions(policy, user):
    if not _counted(user):
        return GroupPagePermission.objects.none()
    return GroupPagePermission.objects.filter(group__in=working_groups(user)).select_related("page", "permission")


def collection_permissions(policy, user):
    if not _counted(user):
        return GroupCollectionPermission.objects.none()
    return GroupCollectionPermission.objects.filter(group__in=working_groups(user)).select_related(
        "permission", "collection"
    )


def site_permissions(policy, user):
    if not _counted(user):
        return GroupSitePermission.objects.none()
    return GroupSitePermission.objects.filter(group__in=working_groups(user)).select_related("permission")


def collections_below_permitted(policy, user, action):
    """The collections below one where a group of `user` that counts may `action` (a collection is deleted with
    the permission on its parent, never on itself)."""
    permission = policy._get_permission_objects_for_actions([action]).first()
    granted = Collection.objects.filter(
        group_permissions__group__in=working_groups(user), group_permissions__permission=permission
    ).values_list("path", "depth")
    below = Q(pk__in=[])
    for path, depth in granted:
        below |= Q(path__startswith=path, depth__gt=depth)
    return Collection.objects.filter(below)


def sites_permitted(policy, user, actions):
    """The sites whose settings `user` may `actions`: every one for a superuser or a permission on all sites,
    else those a group that counts holds a permission on."""
    if not (user.is_authenticated and user.is_active):
        return Site.objects.none()
    if user.is_superuser or policy._user_has_global_permission(user, actions):
        return Site.objects.all()
    return Site.objects.filter(
        group_permissions__permission__in=policy._get_permission_objects_for_actions(actions),
        group_permissions__group__in=working_groups(user),
    ).distinct()


def confine_to_working_association() -> None:
    """Called once from OrganisationConfig.ready()."""
    CollectionManagementPermissionPolicy._descendants_with_perm = collections_below_permitted
    SitePermissionPolicy.sites_user_has_any_permission_for = sites_permitted
    PagePermissionPolicy.get_all_permissions_for_user = page_permissions
    CollectionPermissionLookupMixin.get_all_permissions_for_user = collection_permissions
    SitePermissionPolicy.get_all_permissions_for_user = site_permissions
