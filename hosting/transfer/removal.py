"""remove_association: an association taken off this deployment, only after an export of it as it is now.

Refused unless the directory holds this domain's manifest whose counts equal the association's counts now
(nothing changed since) and whose files are intact; refused for the deployment's default (first) association.
Rows go in one transaction (raw deletes by primary key, so Submission.site's PROTECT and the cascades do not
decide what goes: the export's scope does); the files go after the commit. Users who also work elsewhere (or
for no association) stay, without this association's groups; deduplicated strings, templates and tags stay.
"""

from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import ReferenceIndex
from wagtail.search.models import IndexEntry

from core import content_version
from hosting.transfer import files, manifest, scope
from hosting.transfer.exporting import TransferRefused, site_for

KEPT = {"wagtail_localize.string", "wagtail_localize.template", "taggit.tag", *scope.REFERENCED}
CHUNK = 500


def check(domain: str, directory) -> tuple:
    """(site, found) when the association may be removed with this export; else TransferRefused."""
    site = site_for(domain)
    first = apps.get_model("organisation.association").objects.order_by("pk").values_list("site", flat=True).first()
    if site.is_default_site or site.pk == first:
        raise TransferRefused(_("The deployment's default (first) association cannot be removed."))
    exported = manifest.read(Path(directory))
    if exported is None or exported.get("domain") != site.hostname:
        raise TransferRefused(
            _("%(path)s holds no export of %(domain)s: export it first (manage.py export_association).")
            % {"path": directory, "domain": site.hostname}
        )
    found = scope.collect(site)
    if manifest.counts(found) != exported["counts"]:
        raise TransferRefused(
            _("The association changed since that export: export it again, then remove it.")
        )
    if files.mismatches(Path(directory), exported["files"]):
        raise TransferRefused(_("The export's files differ from its manifest: export it again, then remove it."))
    return site, found


def remove_association(domain: str, directory) -> dict:
    """Remove the association; answer the rows removed per model."""
    with transaction.atomic():
        site, found = check(domain, directory)
        removed = delete_rows(site, found)
    return removed


def delete_rows(site, found) -> dict:
    """Delete the association's rows (`found`: scope.collect(site)) in the current transaction; its files
    after it commits. Answer the rows removed per model."""
    shared = set(scope.shared_users(site, found["auth.user"]))
    ids = {name: list(queryset.values_list("pk", flat=True)) for name, queryset in found.items()}
    ids["auth.user"] = list(found["auth.user"].exclude(username__in=shared).values_list("pk", flat=True))
    for name in ("wagtailusers.userprofile", "otp_totp.totpdevice", "otp_static.staticdevice"):
        ids[name] = list(found[name].filter(user__in=ids["auth.user"]).values_list("pk", flat=True))
    tokens = found["otp_static.statictoken"].filter(device__in=ids["otp_static.staticdevice"])
    ids["otp_static.statictoken"] = list(tokens.values_list("pk", flat=True))
    # Images and documents outside its collection (its logo in the root one) may be others' too: they stay.
    media = {}
    for name in ("wagtailimages.image", "wagtaildocs.document"):
        media[name] = found[name].filter(collection__in=ids["wagtailcore.collection"])
        ids[name] = list(media[name].values_list("pk", flat=True))
    media["wagtailimages.rendition"] = found["wagtailimages.rendition"].filter(image__in=ids["wagtailimages.image"])
    ids["wagtailimages.rendition"] = list(media["wagtailimages.rendition"].values_list("pk", flat=True))
    stored = files.names(found | media)
    with connection.constraint_checks_disabled():
        _delete_derived(ids)
        _delete_links(ids)
        for name, pks in ids.items():
            if name not in KEPT and name != "wagtail_localize.translatableobject":
                _delete(apps.get_model(name), pks)
        _delete_unused_translatable_objects(ids["wagtail_localize.translatableobject"])
    connection.check_constraints()
    transaction.on_commit(lambda: files.delete(sorted(stored)))
    transaction.on_commit(lambda: content_version.bump(structure=True))
    return {name: len(pks) for name, pks in ids.items() if name not in KEPT}


def _delete(model, pks) -> None:
    for start in range(0, len(pks), CHUNK):
        model._base_manager.filter(pk__in=pks[start : start + CHUNK])._raw_delete(connection.alias)


def _delete_links(ids) -> None:
    """Many-to-many rows that name a removed row (a user's membership of its groups, a file's groups...)."""
    for through in apps.get_models(include_auto_created=True):
        if not through._meta.auto_created:
            continue
        for field in through._meta.concrete_fields:
            name = field.related_model._meta.label_lower if field.is_relation else None
            if name in ids and ids[name]:
                pks = list(through.objects.filter(**{f"{field.name}__in": ids[name]}).values_list("pk", flat=True))
                _delete(through, pks)


def _delete_derived(ids) -> None:
    """The search index's and the reference index's rows of removed rows."""
    for name, pks in ids.items():
        if not pks or name in KEPT:
            continue
        kind = ContentType.objects.get_for_model(apps.get_model(name))
        object_ids = [str(pk) for pk in pks]
        for start in range(0, len(object_ids), CHUNK):
            chunk = object_ids[start : start + CHUNK]
            IndexEntry.objects.filter(content_type=kind, object_id__in=chunk).delete()
            ReferenceIndex.objects.filter(
                Q(content_type=kind, object_id__in=chunk) | Q(base_content_type=kind, object_id__in=chunk)
            ).delete()


def _delete_unused_translatable_objects(pks) -> None:
    """Its translatable objects, but not one another association's rows still use (a shared snippet's)."""
    used = set()
    for name in ("translationsource", "translationcontext", "relatedobjectsegment"):
        model = apps.get_model("wagtail_localize", name)
        used |= set(model.objects.filter(object__in=pks).values_list("object", flat=True))
    _delete(apps.get_model("wagtail_localize", "translatableobject"), [pk for pk in pks if pk not in used])
