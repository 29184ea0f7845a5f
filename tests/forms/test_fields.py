"""Saudi field types: every accepted spelling, every refusal with its translated reason."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forms import saudi
from forms.factories import ENGLISH as FORM_ENGLISH
from forms.fields import RatingField
from forms.models import FormField
from organisation.factories import translate
from tests.support.association import ENGLISH as ASSOCIATION_ENGLISH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["0505550123", "505550123", "+966505550123", "00966505550123", "050 555 0123", "+966 50 555 0123",
     "٠٥٠٥٥٥٠١٢٣", "۰۵۰۵۵۵۰۱۲۳", "(050) 555-0123"],
)  # fmt: skip
def test_mobile_numbers_in_every_usual_spelling(typed):
    assert saudi.clean_saudi_mobile(typed) == "+966505550123"


@pytest.mark.parametrize("typed", ["0115550123", "12345", "+971501234567", "05055501234", "hello", ""])
def test_mobile_refusals(typed):
    with pytest.raises(ValidationError) as error:
        saudi.clean_saudi_mobile(typed)
    assert error.value.code == "mobile_invalid"


@pytest.mark.parametrize("typed", ["1000000008", "2000000006", "١٠٠٠٠٠٠٠٠٨", "1000-000-008"])
def test_national_ids(typed):
    assert saudi.clean_national_id(typed) in ("1000000008", "2000000006")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("100000000", "national_id_length"), ("10000000080", "national_id_length"), ("3000000004", "national_id_prefix"),
     ("1000000009", "national_id_checksum"), ("abcdefghij", "national_id_length")],
)  # fmt: skip
def test_national_id_refusals(typed, code):
    with pytest.raises(ValidationError) as error:
        saudi.clean_national_id(typed)
    assert error.value.code == code


def test_errors_are_translated():
    with pytest.raises(ValidationError) as arabic:
        saudi.clean_national_id("3000000004")
    with pytest.raises(ValidationError) as english:
        saudi.clean_saudi_mobile("123")
    with translation.override("ar"):
        assert "يبدأ رقم الهوية" in arabic.value.messages[0]
    with translation.override("en"):
        assert "Saudi mobile number" in english.value.messages[0]


@pytest.mark.parametrize(("typed", "value"), [("5", 5), ("١", 1), ("۳", 3)])
def test_rating_accepts_either_digit_set(typed, value):
    assert RatingField(label="x").clean(typed) == value


@pytest.mark.parametrize("typed", ["0", "6", "x"])
def test_rating_refuses_out_of_range(typed):
    with pytest.raises(ValidationError):
        RatingField(label="x").clean(typed)


def test_hijri_and_gregorian_agree_with_the_seeds_approval_date():
    # 25/6/1446 AH is 26/12/2024, as the policies state it.
    assert saudi.to_gregorian("hijri", "25/6/1446").isoformat() == "2024-12-26"
    assert saudi.hijri_of(saudi.to_gregorian("gregorian", "2024/12/26")) == "1446-06-25"


def test_translated_choices_with_another_count_fall_back_to_the_source(site_pages):
    from forms.builder import RequestFormBuilder
    from forms.models import FormField

    english = FormField.objects.get(locale__language_code="en", key="city", page__slug="help-request")
    english.choices = "Riyadh\nAl-Kharj"  # a translator dropped one
    choices = RequestFormBuilder([english]).get_formatted_field_choices(english)
    assert choices == [("الرياض", "الرياض"), ("الخرج", "الخرج"), ("أخرى", "أخرى")]


def test_english_form_has_english_labels_help_and_the_same_keys(client, association):
    # The editor writes help for the ID field and the translator puts it into English.
    arabic = association.forms["help-request"]
    help_text = "عشرة أرقام تبدأ بـ ١ أو ٢"
    FormField.objects.filter(page=arabic, key="national_id").update(help_text=help_text)
    arabic.save_revision().publish()
    translate(arabic, {**FORM_ENGLISH, **ASSOCIATION_ENGLISH, help_text: "Ten digits starting with 1 or 2"})
    html = client.get("/en/help-request/").content.decode()
    assert "National ID or Iqama number" in html and "Ten digits starting with 1 or 2" in html
    assert 'name="national_id"' in html and 'name="documents"' in html
