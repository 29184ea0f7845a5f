"""Associations on one deployment: which one a site is, whom it employs and which one a person works in.

An association is a Wagtail `Site` with an `Association` row (its reference code and status). Its staff
are the members of its groups (`AssociationGroup`); a person in the groups of several associations
works in one at a time, chosen in the admin and kept in the session. Django's permissions count only
in the association worked in (organisation.backends); Wagtail's page and collection permissions are
given on the association's own root page and collection, so they are scoped by where they point.
"""

import re

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

from core import site_facts
from organisation.models import Association, AssociationGroup
from organisation.roles import ROLE_GROUPS

SESSION_KEY = "working_association"


def association_of(site: Site) -> Association:
    """The association on `site`; made, with a free reference code, the first time a site is asked about."""
    try:
        return Association.objects.get(site=site)
    except Association.DoesNotExist:
        with transaction.atomic():
            association, _created = Association.objects.get_or_create(
                site=site, defaults={"reference_code": free_reference_code(site)}
            )
        return association


def free_reference_code(site: Site, wanted: str = "") -> str:
    """`wanted`, or letters of the host name, made unique. The deployment's default site goes without
    one while no association does (its references keep the form they had before there were others)."""
    taken = set(Association.objects.values_list("reference_code", flat=True))
    if not wanted and site.is_default_site and "" not in taken:
        return ""
    stem = (wanted or re.sub(r"[^A-Z]", "", site.hostname.split(".")[0].upper()) or "A")[:4]
    if stem not in taken:
        return stem
    return next(f"{stem}{n}" for n in range(2, 100) if f"{stem}{n}" not in taken)


def reference_code(site_id: int) -> str:
    """The code that starts the references of the association on site `site_id` ('' for none)."""
    code = Association.objects.filter(site_id=site_id).values_list("reference_code", flat=True).first()
    return code if code is not None else association_of(Site.objects.get(pk=site_id)).reference_code


def staff_sites(user):
    """The associations `user` works for: those whose groups they are in; every one for a superuser."""
    if not user or not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(staff_groups__group__user=user).distinct()


def works_for(user, site_id: int) -> bool:
    return staff_sites(user).filter(pk=site_id).exists()


def working_site_id(request) -> int | None:
    """The association this request's person works in: the one chosen in the session, else the host's."""
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    return chosen if chosen is not None else site_facts.site_id(request)


def working_site(request) -> Site:
    """The `Site` of `working_site_id` (the default site when no site answers to the host)."""
    site_id = working_site_id(request)
    found = Site.objects.filter(pk=site_id).first() if site_id is not None else None
    return found or Site.objects.get(is_default_site=True)


def choose(request, site: Site) -> bool:
    """Work in `site` from now on in this session, if the person works for it."""
    if not works_for(request.user, site.pk):
        return False
    request.session[SESSION_KEY] = site.pk
    # Permissions already read this request were read for the association left.
    for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        request.user.__dict__.pop(cache, None)
    request.user.working_site_id = site.pk
    return True


@receiver(user_logged_in)
def work_where_signed_in(sender, request, user, **kwargs):
    """At sign-in: the association of the host signed in at, if the person works for it, else their first."""
    if request is None or not hasattr(request, "session"):
        return
    sites = list(staff_sites(user).values_list("pk", flat=True)[:50])
    # Client.force_login signs in with a request that came from no host.
    host = site_facts.site_id(request) if {"HTTP_HOST", "SERVER_NAME"} & set(request.META) else None
    if host in sites or not sites:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = sites[0]


# --- Staff groups ---------------------------------------------------------------------------------


def link_role_groups(site: Site) -> None:
    """Tie the role groups the migrations made (named as ROLE_GROUPS says) to `site`."""
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            AssociationGroup.objects.update_or_create(group=group, defaults={"site": site, "role": role})


def staff_group(site: Site, role: str) -> Group | None:
    return Group.objects.filter(association_link__site=site, association_link__role=role).first()


def create_staff_groups(site: Site, collection: Collection | None = None) -> dict[str, Group]:
    """A group per role for the association on `site`, with the permissions of the role's group on the
    deployment's first association: the same model permissions, and its page and collection permissions
    given on this site's root page and on `collection`. Running it again changes nothing."""
    groups = {}
    for role, name in ROLE_GROUPS.items():
        existing = staff_group(site, role)
        if existing is not None:
            groups[role] = existing
            continue
        model = Group.objects.filter(name=name).first()
        group = Group.objects.create(name=f"{name} ({site.hostname})"[:150])
        AssociationGroup.objects.create(group=group, site=site, role=role)
        if model is not None:
            group.permissions.set(Permission.objects.filter(group=model))
            page_permissions = {p.permission_id for p in GroupPagePermission.objects.filter(group=model)}
            GroupPagePermission.objects.bulk_create(
                GroupPagePermission(group=group, page_id=site.root_page_id, permission_id=permission)
                for permission in page_permissions
            )
            if collection is not None:
                media = {p.permission_id for p in GroupCollectionPermission.objects.filter(group=model)}
                GroupCollectionPermission.objects.bulk_create(
                    GroupCollectionPermission(group=group, collection=collection, permission_id=permission)
                    for permission in media
                )
        groups[role] = group
    return groups
