"""Translations of many rows at once.

Wagtail's `instance.localized` and `get_translation_or_none()` cost a query
each: a listing of N snippets shown in the reader's language costs N+1.
`localized_all` answers for the whole list in one query; `with_translations` reads
a listing's originals and their translations together, in one.
"""

from django.db.models import Exists, OuterRef, Q


def localized_all(instances, locale, *, select_related=(), prefetch_related=(), live=False) -> list:
    """Each of `instances` (rows of one translatable model) in `locale` when translated
    there, else itself, in the same order: one query, none when all are in `locale`.
    `live`: only live translations count (pages: as Wagtail's `localized` has it)."""
    instances = list(instances)
    locale_id = getattr(locale, "pk", locale)
    missing = [instance for instance in instances if instance is not None and instance.locale_id != locale_id]
    translated = {}
    if missing:
        model = missing[0]._meta.model
        rows = model.objects.filter(locale_id=locale_id, translation_key__in={row.translation_key for row in missing})
        if live:
            rows = rows.filter(live=True)
        if select_related:
            rows = rows.select_related(*select_related)
        if prefetch_related:
            rows = rows.prefetch_related(*prefetch_related)
        translated = {row.translation_key: row for row in rows}

    def shown(instance):
        if instance is None or instance.locale_id == locale_id:
            return instance
        return translated.get(instance.translation_key, instance)

    return [shown(instance) for instance in instances]


def with_translations(originals, locale, *, select_related=(), prefetch_related=()) -> list[tuple]:
    """(original, shown) for each row of the queryset `originals` (rows of one translatable model),
    in its order, `shown` being its translation in `locale`, else itself: the originals and their
    translations in one query (and one per prefetch), where `localized_all` takes two."""
    locale_id = getattr(locale, "pk", locale)
    model = originals.model
    rows = (
        model.objects.filter(
            Q(pk__in=originals.values("pk"))
            | Q(locale_id=locale_id, translation_key__in=originals.values("translation_key"))
        )
        .annotate(_is_original=Exists(originals.filter(pk=OuterRef("pk"))))
        .order_by(*(originals.query.order_by or model._meta.ordering), "pk")
    )
    if select_related:
        rows = rows.select_related(*select_related)
    if prefetch_related:
        rows = rows.prefetch_related(*prefetch_related)
    rows = list(rows)
    translated = {row.translation_key: row for row in rows if row.locale_id == locale_id}
    return [(row, translated.get(row.translation_key, row)) for row in rows if row._is_original]
