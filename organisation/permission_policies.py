"""Wagtail's page and collection permissions, counted only in the association a person works in.

Wagtail reads a person's `GroupPagePermission`, `GroupCollectionPermission` and `GroupSitePermission`
rows through one method of its policies, `get_all_permissions_for_user` (cached on the user): the page
explorer, page chooser, search, the edit views, the API's writes, the image and document views and the
site settings all go through it. Left alone it reads every group of the person, so someone working for
two associations would see and edit the pages, images and documents of the one they are not working in.
Here it reads only the groups that count where they work (`organisation.associations.working_groups`),
as organisation.backends does for Django's permissions.

The method is replaced on the three classes every page, media and site-setting policy instance derives from, so policies
made before this app is ready (wagtail.permissions builds the page policy on import; the image and document
apps register theirs in their own ready()) are covered too.
"""

from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission
from wagtail.permission_policies.collections import CollectionPermissionLookupMixin
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


def confine_to_working_association() -> None:
    """Called once from OrganisationConfig.ready()."""
    PagePermissionPolicy.get_all_permissions_for_user = page_permissions
    CollectionPermissionLookupMixin.get_all_permissions_for_user = collection_permissions
    SitePermissionPolicy.get_all_permissions_for_user = site_permissions
