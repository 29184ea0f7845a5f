"""Every visible string is translatable and has its Arabic."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from core.arabic import to_arabic_indic_digits, to_western_digits
from website.templatetags.website_tags import local_digits

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def test_every_arabic_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 50
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_string_in_the_code(tmp_path, monkeypatch):
    # makemessages writes into ./locale, so it runs on a copy of the sources.
    skip = {".git", ".venv", "node_modules", "static_collected", "media", "private_media", ".test-services", "tests"}
    for path in ROOT.iterdir():
        if path.is_dir() and path.name not in skip:
            shutil.copytree(path, tmp_path / path.name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["ar"], verbosity=0)
    extracted = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"))}
    committed = {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    assert extracted, "nothing was extracted"
    assert extracted - committed == set(), "run `make messages` and translate the new strings"


def test_compile_refuses_a_translation_that_drops_a_placeholder(tmp_path):
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Number %(number)s", msgstr="رقم"))
    catalogue.save(str(folder / "django.po"))
    with override_settings(LOCALE_PATHS=[tmp_path]), pytest.raises(CommandError, match="placeholders"):
        call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_compile_builds_mo_files(tmp_path):
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(CATALOGUE, folder / "django.po")
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert polib.mofile(str(folder / "django.mo")).find("Skip to content").msgstr == "تخطَّ إلى المحتوى"


def test_digits_both_ways():
    assert to_western_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"
    assert to_arabic_indic_digits("2026-11") == "٢٠٢٦-١١"


def test_numbers_are_shown_in_the_readers_digits():
    with translation.override("ar"):
        assert local_digits(4821) == "٤٨٢١"
    with translation.override("en"):
        assert local_digits("4821") == "4821"
    assert local_digits(None) == ""


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أسرة", "اسره"),  # hamza above alef, taa marbuta
        ("إسكان", "اسكان"),  # hamza below
        ("آمنة", "امنه"),  # madda
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("جمعـــية", "جمعيه"),  # tatweel
        ("الخَيْرِيَّة", "الخيريه"),  # tashkeel
        ("قرار ١٦١", "قرار 161"),  # Arabic-Indic digits
        ("مسؤول", "مسوول"),
    ],
)
def test_search_normalisation_folds_each_variant(variant, plain):
    from core.arabic import normalise_for_search

    assert normalise_for_search(variant) == plain
