"""Make translations the way an editor would, through wagtail-localize.

`translate_with` gives a page or snippet its translation from a mapping of
source text to translated text, so demo content (and later importers) produce
synchronised translations, not unrelated copies.
"""

import functools

from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import Translation, TranslationSource


class MissingTranslations(Exception):
    """Some source strings had no entry in the mapping; nothing was saved."""


def translate_with(instance, language_code: str, strings: dict[str, str], publish: bool = True):
    """Create or update `instance`'s translation into `language_code`.

    `strings` maps each source segment (exactly as wagtail-localize extracts
    it) to its translation. Raises `MissingTranslations` listing any segment
    without one, so nothing is published half in the source language.
    """
    locale = Locale.objects.get(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
        else:
            missing.append(entry.msgid)
    if missing:
        raise MissingTranslations(missing)
    translation.import_po(po, tool_name="seed_demo")
    drafts = isinstance(instance, DraftStateMixin)
    # wagtail-localize publishes through transaction.on_commit: inside an outer
    # transaction (a management command, a test) that publish would run late,
    # from a stale copy that overwrites tree fields written since. Save a draft
    # and publish it here instead.
    translation.save_target(publish=not drafts)
    translated = instance.get_translation(locale)
    if isinstance(translated, Page):
        translated = translated.specific
    if drafts and publish:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated


def stream_differs(stream_value, blocks: list[tuple[str, object]]) -> bool:
    """Whether a StreamField holds other content than `blocks` (ignoring block ids)."""
    current = [(child.block_type, child.block.get_prep_value(child.value)) for child in stream_value]
    wanted = [
        (
            name,
            stream_value.stream_block.child_blocks[name].get_prep_value(
                stream_value.stream_block.child_blocks[name].to_python(value)
            ),
        )
        for name, value in blocks
    ]
    return current != wanted


@functools.cache
def default_locale_id() -> int:
    """The site's main language (Arabic). It never changes while the site runs: looked up once."""
    return Locale.get_default().pk
