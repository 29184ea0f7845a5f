"""Translations of many rows at once.

Wagtail's `instance.localized` and `get_translation_or_none()` cost a query
each: a listing of N snippets shown in the reader's language costs N+1.
`localized_all` answers for the whole list in one query.
"""


def localized_all(instances, locale, *, select_related=(), prefetch_related=()) -> list:
    """Each of `instances` (rows of one translatable model) in `locale` when translated
    there, else itself, in the same order: one query, none when all are in `locale`."""
    instances = list(instances)
    locale_id = getattr(locale, "pk", locale)
    missing = [instance for instance in instances if instance is not None and instance.locale_id != locale_id]
    translated = {}
    if missing:
        model = missing[0]._meta.model
        rows = model.objects.filter(locale_id=locale_id, translation_key__in={row.translation_key for row in missing})
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
