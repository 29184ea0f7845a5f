"""Copies of one association, made in bulk, for bench/associations.py (not a benchmark itself).

`create_association` brings one association up properly in about 20 seconds: a hundred would take over half
an hour. Here one is made that way (the template) and the others are copies of its rows, table by table, in a
few multi-row INSERTs per table for all copies at once:

- the rows are those deleting the template would delete (Django's deletion collector, from its site, its
  Association row, its page trees in both languages, its staff groups, its collection and its profile), so a
  new model that hangs off an association is copied without a change here;
- every copied row gets a new primary key from its table's own sequence, and every foreign key (generic ones
  too: revisions) to a copied row points at that row's copy;
- UUIDs (translation keys, so the Arabic and English copies of a page stay translations of each other) are
  new per copy; treebeard paths (pages, the collection) are moved under a new top-level step; the template's
  host name and home slug in any text become the copy's.

What only the editors' tools read is left out (wagtail-localize's sources and segments, the search index, the
reference index, audit logs): the copies serve their pages, forms and inbox as the template does, but a
copy's translations cannot be re-synchronised from the editor. Runs inside Django (bench/common.django_script).
"""

import collections
import uuid

from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.deletion import Collector
from wagtail.models import Collection, Page, Site

from organisation.associations import site_roots
from organisation.models import Association, OrganisationSettings

# Apps and models whose rows only the editors' tools read: not copied.
SKIPPED_APPS = {"wagtail_localize", "wagtailsearch", "wagtailadmin"}
SKIPPED_MODELS = {
    "wagtailcore.referenceindex", "wagtailcore.pagelogentry", "wagtailcore.modellogentry",
    "auth.user_groups",  # the template's administrator stays in its own association only
}
PARAMETERS = 60_000  # below PostgreSQL's 65,535 bind parameters in one statement


def root_model(model):
    """The model whose table holds the primary key (a page type's is Page)."""
    model = model._meta.concrete_model
    while model._meta.parents:
        model = next(iter(model._meta.parents))
    return model


def owned_rows(site: Site) -> dict:
    """Every row of the association on `site`, by model: what deleting it would delete."""
    association = Association.objects.get(site=site)
    paths = Page.objects.filter(pk__in=site_roots(site)).values_list("path", flat=True)
    pages = Page.objects.none()
    for path in paths:
        pages |= Page.objects.filter(path__startswith=path)
    profile = OrganisationSettings.objects.get(site=site).profile
    roots = [
        [site],
        [association],
        list(pages),
        list(Group.objects.filter(association_link__site=site)),
        [Collection.objects.get(pk=association.collection_id)] if association.collection_id else [],
        [profile, *profile.get_translations()] if profile else [],
    ]
    collector = Collector(using="default")
    for objects in roots:
        if objects:
            collector.collect(objects)
    rows = collections.defaultdict(dict)
    for model, instances in collector.data.items():
        for instance in instances:
            rows[model][instance.pk] = instance
    for queryset in collector.fast_deletes:
        for instance in queryset:
            rows[type(instance)][instance.pk] = instance
    return {
        model: list(by_pk.values())
        for model, by_pk in rows.items()
        if model._meta.app_label not in SKIPPED_APPS and model._meta.label_lower not in SKIPPED_MODELS
    }


def new_keys(model, count: int) -> list:
    pk = model._meta.pk
    if isinstance(pk, models.UUIDField):
        return [uuid.uuid4() for _ in range(count)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_association(template: Site, hosts: list[str], codes: list[str]) -> dict:
    """Copies of the association on `template`, one on each of `hosts` with the reference code of the same
    position in `codes`. Returns counts: {"rows": ..., "tables": ...}."""
    rows = owned_rows(template)
    roots = {}  # the tables holding primary keys, with the rows copied
    for model, instances in rows.items():
        root = root_model(model)
        if root is model._meta.concrete_model:
            roots.setdefault(root, {}).update({obj.pk: obj for obj in instances})
    top_pages = sorted(p.path for p in rows.get(Page, []) if p.depth == 2)
    top_collections = sorted(c.path for c in rows.get(Collection, []) if c.depth == 2)
    page_steps = next_steps(Page, len(top_pages) * len(hosts))
    collection_steps = next_steps(Collection, len(top_collections) * len(hosts))
    generic = {
        model: [f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)] for model in rows
    }
    content_types = {ct.pk: ct.model_class() for ct in ContentType.objects.all()}
    template_slug = template.root_page.slug
    inserted = collections.defaultdict(list)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for index, (host, code) in enumerate(zip(hosts, codes, strict=True)):
            slug = host.replace(".", "-")
            keys = {root: dict(zip(by_pk, new_keys(root, len(by_pk)), strict=True)) for root, by_pk in roots.items()}
            uuids = collections.defaultdict(uuid.uuid4)
            path_moves = {
                **{old: page_steps[index * len(top_pages) + n] for n, old in enumerate(top_pages)},
                **{old: collection_steps[index * len(top_collections) + n] for n, old in enumerate(top_collections)},
            }

            def text(value, host=host, slug=slug):
                return value.replace(template.hostname, host).replace(template_slug, slug)

            for model, instances in rows.items():
                fields = model._meta.local_concrete_fields
                for obj in instances:
                    copy = model.__new__(model)
                    copy.__dict__.update(obj.__dict__)
                    copy._state = models.base.ModelState()
                    for field in fields:
                        value = getattr(obj, field.attname)
                        if value is None:
                            continue
                        if field.is_relation:
                            target = root_model(field.related_model)
                            if field.target_field.primary_key and value in keys.get(target, {}):
                                setattr(copy, field.attname, keys[target][value])
                        elif field.primary_key:
                            setattr(copy, field.attname, keys[root_model(model)][value])
                        elif isinstance(field, models.UUIDField):
                            setattr(copy, field.attname, uuids[value])
                        elif field.attname == "path" and isinstance(obj, (Page, Collection)):
                            setattr(copy, field.attname, path_moves[value[:8]] + value[8:])
                        elif isinstance(value, str) and isinstance(field, (models.CharField, models.TextField)):
                            setattr(copy, field.attname, text(value))
                    for relation in generic[model]:
                        target = content_types.get(getattr(obj, relation.ct_field + "_id"))
                        object_id = getattr(obj, relation.fk_field)
                        if target is not None and object_id is not None:
                            mapped = keys.get(root_model(target), {}).get(int(object_id))
                            if mapped is not None:
                                setattr(copy, relation.fk_field, str(mapped))
                    if isinstance(copy, Site):
                        copy.site_name = f"{template.site_name} {index + 2}"
                    if isinstance(copy, Association):
                        copy.reference_code = code
                    inserted[model].append(copy)
        for model, copies in inserted.items():
            fields = model._meta.local_concrete_fields
            size = max(1, PARAMETERS // len(fields))
            for start in range(0, len(copies), size):
                model._base_manager._insert(copies[start : start + size], fields=fields, raw=True)
        Page.objects.filter(depth=1).update(numchild=models.F("numchild") + len(top_pages) * len(hosts))
        Collection.objects.filter(depth=1).update(
            numchild=models.F("numchild") + len(top_collections) * len(hosts)
        )
    return {"rows": sum(len(c) for c in inserted.values()), "tables": len(inserted)}


def next_steps(model, count: int) -> list[str]:
    """`count` free paths at depth 2 of a treebeard tree, after its last."""
    last = model.get_first_root_node().get_last_child()
    first = model._str2int(last.path[model.steplen :]) + 1
    parent = model.get_first_root_node().path
    return [parent + model._int2str(n).rjust(model.steplen, "0") for n in range(first, first + count)]
