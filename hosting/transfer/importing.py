"""import_association: an export read back into a deployment of the same version.

Every check comes before anything is written: the manifest's migrations and languages equal this deployment's,
every file's sha256, the domain free, every primary key free (a row already there with the same content, such
as a deduplicated wagtail-localize string, or the same user by id and username, is matched and left as it is,
never overwritten). Then, in one transaction, the rows are loaded, the sequences reset, the files written and the
counts compared with the manifest; on any failure the transaction rolls back and written files are deleted.
A fresh deployment's unused placeholder (its only site, an empty home page made by migrations) gives way to the
imported association, which becomes the default site.
"""

import json
import time
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, Page, Site
from wagtail.search import index

from core import content_version
from forms.models import Submission
from hosting.transfer import files, manifest, removal, rows, scope
from hosting.transfer.exporting import TransferRefused

CHUNK = 500


def import_association(directory) -> dict:
    """Load the export in `directory`; answer its manifest with the seconds it took."""
    started = time.monotonic()
    directory = Path(directory)
    found = manifest.read(directory)
    if found is None:
        raise TransferRefused(_("%(path)s holds no association export (manifest.json).") % {"path": directory})
    _check_versions(found)
    wrong = files.mismatches(directory, found["files"])
    if wrong:
        raise TransferRefused(
            _("These files differ from the manifest (size or sha256): %(names)s. Nothing was written.")
            % {"names": ", ".join(wrong[:5])}
        )
    placeholder = _placeholder()
    if Site.objects.filter(hostname=found["domain"]).exclude(pk=getattr(placeholder, "pk", None)).exists():
        raise TransferRefused(
            _("The domain %(domain)s is already used on this deployment. Nothing was written.")
            % {"domain": found["domain"]}
        )
    taken = files.taken(found["files"])
    if taken:
        raise TransferRefused(
            _("These files already exist in this deployment's storage: %(names)s. Nothing was written.")
            % {"names": ", ".join(taken[:5])}
        )
    written = []
    try:
        with transaction.atomic():
            if placeholder is not None:
                _replace(placeholder)
            loaded = _load(directory, found, default=placeholder is not None)
            _fix_trees()
            _reset_sequences(loaded)
            site = Site.objects.get(hostname=found["domain"])
            counts = manifest.counts(scope.collect(site))
            if counts != found["counts"]:
                differ = sorted(k for k in counts if counts[k] != found["counts"].get(k))
                raise TransferRefused(
                    _("After loading, the counts differ from the manifest (%(models)s). Nothing was written.")
                    % {"models": ", ".join(differ[:5])}
                )
            written = files.write(directory, found["files"])
    except BaseException:
        files.delete(written)
        raise
    transaction.on_commit(lambda: _index_pages(found["domain"]))
    transaction.on_commit(lambda: content_version.bump(structure=True))
    return found | {"seconds": round(time.monotonic() - started, 2)}


def _check_versions(found: dict) -> None:
    here = manifest.applied_migrations()
    if found["migrations"] != here:
        apps_differing = sorted(
            app for app in set(here) | set(found["migrations"]) if here.get(app) != found["migrations"].get(app)
        )
        raise TransferRefused(
            _(
                "This export comes from a deployment of another version: the migrations of %(apps)s differ. "
                "Bring both to the same version first. Nothing was written."
            )
            % {"apps": ", ".join(apps_differing)}
        )
    if any(manifest.locales().get(pk, code) != code for pk, code in found["locales"].items()):
        raise TransferRefused(_("This deployment numbers its languages differently. Nothing was written."))


def _is_placeholder(site: Site) -> bool:
    home = site.root_page
    return (
        home.numchild == 0
        and not home.get_translations().exists()
        and not Submission.objects.filter(site=site).exists()
    )


def _placeholder() -> Site | None:
    """A fresh deployment's only site, still the empty home page migrations made."""
    sites = list(Site.objects.select_related("root_page"))
    return sites[0] if len(sites) == 1 and _is_placeholder(sites[0]) else None


def _replace(site: Site) -> None:
    """The placeholder goes with everything migrations made for it (its association, settings, staff groups,
    the home page's revision and log): the import takes its place."""
    removal.delete_rows(site, scope.collect(site))


def _same(existing, row: dict) -> bool:
    if row["model"] == "auth.user":
        return existing.get_username() == row["fields"]["username"]
    mine = json.loads(json.dumps(rows.Serializer().serialize([existing])[0]["fields"], cls=DjangoJSONEncoder))
    return all(mine.get(key) == value for key, value in row["fields"].items() if not isinstance(value, list))


def _load(directory: Path, found: dict, default: bool) -> list:
    """Check every primary key, then save every row not already there; answer the models loaded."""
    plan = []
    for name in found["counts"]:
        model = apps.get_model(name)
        data = rows.read(rows.file_of(directory, name))
        existing = {str(pk): row for pk, row in model._base_manager.in_bulk([row["pk"] for row in data]).items()}
        matched = {row["pk"] for row in data if str(row["pk"]) in existing and _same(existing[str(row["pk"])], row)}
        clashing = [row["pk"] for row in data if str(row["pk"]) in existing and row["pk"] not in matched]
        if clashing:
            raise TransferRefused(
                _("Rows this export holds already exist here (%(model)s, ids %(ids)s). Nothing was written.")
                % {"model": name, "ids": ", ".join(map(str, clashing[:5]))}
            )
        if name == "wagtailcore.site":
            for row in data:
                row["fields"]["is_default_site"] = default or (
                    row["fields"]["is_default_site"] and not Site.objects.filter(is_default_site=True).exists()
                )
        plan.append((model, data, matched))
    User = get_user_model()
    try:
        with connection.constraint_checks_disabled():
            for model, data, matched in plan:
                for item in rows.objects([row for row in data if row["pk"] not in matched]):
                    item.save()
                if model is User:  # a user already here keeps everything, and joins the association's groups
                    for row in data:
                        if row["pk"] in matched and row["fields"].get("groups"):
                            User.objects.get(pk=row["pk"]).groups.add(*row["fields"]["groups"])
        connection.check_constraints(table_names=[model._meta.db_table for model, _data, _matched in plan])
    except IntegrityError as clash:
        raise TransferRefused(
            _("The export's rows clash with this deployment's (%(error)s). Nothing was written.") % {"error": clash}
        ) from clash
    return [model for model, _data, _matched in plan]


def _fix_trees() -> None:
    """The imported trees hang under this deployment's root page and root collection: count their children."""
    for model in (Page, Collection):
        root = model.get_first_root_node()
        root.numchild = model.objects.filter(depth=2).count()
        model.objects.filter(pk=root.pk).update(numchild=root.numchild)


def _reset_sequences(models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _index_pages(domain: str) -> None:
    site = Site.objects.get(hostname=domain)
    for page in scope.collect(site)["wagtailcore.page"].specific().iterator(chunk_size=CHUNK):
        index.insert_or_update_object(page)
