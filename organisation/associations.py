"""Associations on one deployment: which one a site is, whom it employs and which one a person works in.

An association is a Wagtail `Site` with an `Association` row (its reference code and status). Its staff
are the members of its groups (`AssociationGroup`); a person in the groups of several associations
works in one at a time, chosen in the admin and kept in the session. Django's permissions count only
in the association worked in (organisation.backends), and so do Wagtail's page and collection permissions
(organisation.permission_policies), which are also given on the association's own root pages and
collection. A group tied to no association (the operators') counts in every one: `groups_here_q` and
`staff_of_site_q` are that rule, for every query that asks who works where.
"""

import re

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Q, Subquery
from django.db.models.functions import Substr
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from core import site_facts
from organisation.models import Association, AssociationGroup
from organisation.roles import ROLE_GROUPS

SESSION_KEY = "working_association"
# Where Django's backend and Wagtail's page and collection policies keep what they read of a user's permissions.
PERMISSION_CACHES = (
    "_perm_cache",
    "_group_perm_cache",
    "_user_perm_cache",
    "_page_permission_cache",
    "_explorable_root_page_cache",
    "_collection_permission_cache",
)


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


def groups_here_q(site_id: int, prefix: str = "") -> Q:
    """Groups that count at the association on `site_id`: its own and those tied to no association.
    `prefix` reaches the group through a relation ("groups__" from a user)."""
    return Q(**{f"{prefix}association_link__site_id": site_id}) | Q(**{f"{prefix}association_link__isnull": True})


def staff_of_site_q(site_id: int) -> Q:
    """Users (a filter on the user model) in a group that counts at the association on `site_id`. Used in one
    `filter()` with other conditions on `groups__`, they all hold for one and the same group."""
    return Q(groups__isnull=False) & groups_here_q(site_id, "groups__")


def working_groups(user):
    """The groups of `user` that count where they work (`user.working_site_id`, set for each request by
    organisation.middleware). Without a working association (a management command, a shell) every group."""
    groups = Group.objects.filter(user=user)
    site_id = getattr(user, "working_site_id", None)
    return groups if site_id is None else groups.filter(groups_here_q(site_id))


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
    # Permissions already read this request were read for the association left (delattr reaches through
    # the lazy request.user to the user it wraps).
    for cache in PERMISSION_CACHES:
        if hasattr(request.user, cache):
            delattr(request.user, cache)
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
    """Tie the role groups the migrations made (named as ROLE_GROUPS says) to `site`, each role the site has
    no other group for (a group tied to no association would count in every one)."""
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        taken = AssociationGroup.objects.filter(site=site, role=role).exclude(group=group).exists()
        if group is not None and not taken:
            AssociationGroup.objects.update_or_create(group=group, defaults={"site": site, "role": role})


def staff_group(site: Site, role: str) -> Group | None:
    return Group.objects.filter(association_link__site=site, association_link__role=role).first()


def collection_of(site: Site) -> Collection:
    """The association's collection of documents and images (a child of the root collection named after
    it), made the first time it is asked for."""
    association = association_of(site)
    if association.collection_id is None:
        with transaction.atomic():
            association = Association.objects.select_for_update().get(pk=association.pk)
            if association.collection_id is None:
                name = (site.site_name or site.hostname)[:255]
                association.collection = Collection.get_first_root_node().add_child(name=name)
                association.save(update_fields=["collection"])
    return association.collection


def collections_of_others(site_id: int | None):
    """The collections of every association but the one on `site_id`, and those within them (a queryset of
    collections): their documents and images are none of this association's. The root collection's are
    everyone's (the first association keeps them there until a second exists)."""
    others = Association.objects.exclude(collection=None)
    if site_id is not None:
        others = others.exclude(site_id=site_id)
    within = Q(pk__in=[])
    for path in others.values_list("collection__path", flat=True):
        within |= Q(path__startswith=path)
    return Collection.objects.filter(within)


def site_roots(site: Site) -> list[int]:
    """The ids of the site's root page and its translations (the English home is the Arabic one's sibling)."""
    root = site.root_page
    return [root.pk, *root.get_translations().values_list("pk", flat=True)]


def pages_of(site_id: int, pages):
    """`pages` (a page queryset) within the trees of the association on site `site_id`."""
    site = Site.objects.select_related("root_page").get(pk=site_id)
    paths = Page.objects.filter(pk__in=site_roots(site)).values_list("path", flat=True)
    within = Q(pk__in=[])
    for root_path in paths:
        within |= Q(path__startswith=root_path)
    return pages.filter(within)


def pages_in_trees_of(site_id: int, pages):
    """`pages` within the trees of the association on site `site_id`, as `pages_of` finds them, but in the
    same query (for what every admin page asks): its home pages are the root children sharing its root page's
    translation key (the root page and its translations)."""
    root_key = Site.objects.filter(pk=site_id).values("root_page__translation_key")[:1]
    homes = Page.objects.filter(depth=2, translation_key=Subquery(root_key)).values("path")
    return pages.annotate(home_path=Substr("path", 1, 2 * Page.steplen)).filter(home_path__in=homes)


def confine_staff_groups(site: Site) -> None:
    """Page and media permissions the association's groups hold on the whole tree (the migrations gave the
    first association's role groups theirs on the root page and the root collection) given instead on the
    site's own root pages and its own collection, with the documents and images of the root collection moved
    into it: once there is a second association, nothing of it falls under the first's permissions."""
    groups = Group.objects.filter(association_link__site=site)
    tree_root = Page.get_first_root_node()
    held = GroupPagePermission.objects.filter(group__in=groups, page=tree_root)
    roots = site_roots(site)
    for permission in list(held):
        for page_id in roots:
            GroupPagePermission.objects.get_or_create(
                group_id=permission.group_id, page_id=page_id, permission_id=permission.permission_id
            )
    held.delete()
    root_collection = Collection.get_first_root_node()
    media = GroupCollectionPermission.objects.filter(group__in=groups, collection=root_collection)
    if media.exists():
        own = collection_of(site)
        for permission in list(media):
            GroupCollectionPermission.objects.get_or_create(
                group_id=permission.group_id, collection=own, permission_id=permission.permission_id
            )
        media.delete()
        get_image_model().objects.filter(collection=root_collection).update(collection=own)
        get_document_model().objects.filter(collection=root_collection).update(collection=own)


def create_staff_groups(site: Site, collection: Collection | None = None) -> dict[str, Group]:
    """A group per role for the association on `site`, with the permissions of the role's group on the
    deployment's first association: the same model permissions, and its page and collection permissions
    given on this site's root pages and on `collection` (the association's own, made if need be). The
    associations whose groups still hold permissions on the whole tree are confined to their own first.
    Running it again changes nothing."""
    for other in Site.objects.filter(staff_groups__isnull=False).exclude(pk=site.pk).distinct():
        confine_staff_groups(other)
    collection = collection or collection_of(site)
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
                GroupPagePermission(group=group, page_id=page_id, permission_id=permission)
                for permission in page_permissions
                for page_id in site_roots(site)
            )
            media = {p.permission_id for p in GroupCollectionPermission.objects.filter(group=model)}
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(group=group, collection=collection, permission_id=permission)
                for permission in media
            )
        groups[role] = group
    return groups
