"""Fill locale/ar/LC_MESSAGES/django.po from other copies of it (after a git merge).

Usage: python scripts/merge_catalogues.py locale/ar/LC_MESSAGES/django.po OTHER.po [OTHER.po ...]
Run `make messages` first so the target holds every string of the merged code;
each empty or fuzzy entry then takes the translation another copy has for it.
"""

import sys

import polib


def main(target_path, *source_paths):
    known = {}
    for path in source_paths:
        for entry in polib.pofile(path):
            translated = entry.msgstr or any(entry.msgstr_plural.values())
            if translated and "fuzzy" not in entry.flags and not entry.obsolete:
                known.setdefault((entry.msgctxt, entry.msgid), entry.msgstr_plural or entry.msgstr)
    target = polib.pofile(target_path)
    missing = []
    for entry in target:
        if entry.obsolete:
            continue
        translated = entry.msgstr or any(entry.msgstr_plural.values())
        if not translated or "fuzzy" in entry.flags:
            translation = known.get((entry.msgctxt, entry.msgid))
            if translation:
                if isinstance(translation, dict):
                    entry.msgstr_plural = dict(translation)
                else:
                    entry.msgstr = translation
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            else:
                missing.append(entry.msgid)
    target.save()
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
