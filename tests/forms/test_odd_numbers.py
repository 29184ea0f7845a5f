"""Numbers and identity numbers typed oddly: huge, in scientific notation, in other scripts' digits.
Each is a clear form error or stored normalised, and nothing stored can make the inbox build a
billion-digit integer."""

import json

import pytest
from django.core.exceptions import ValidationError

from forms import saudi
from forms.builder import NUMBER_MAX_DIGITS, LocalisedDecimalField
from forms.kinds import FieldType
from forms.models import FormPage, Submission
from inbox.exports import Question
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["1e999999999", "1E-999999999", "٩" * (NUMBER_MAX_DIGITS + 1), "0.0000000000000001"])
def test_a_number_too_long_or_too_large_is_a_form_error(client, site_pages, typed):
    response = client.post("/ar/help-request/", help_request_data(monthly_income=typed))
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_the_longest_number_allowed_in_arabic_indic_digits_is_kept(client, site_pages):
    response = client.post("/ar/help-request/", help_request_data(monthly_income="٩" * NUMBER_MAX_DIGITS))
    assert response.status_code == 302
    assert Submission.objects.get().data["monthly_income"] == "9" * NUMBER_MAX_DIGITS


def test_the_api_refuses_a_huge_number_with_a_422_problem(client, site_pages):
    page = FormPage.objects.get(slug="help-request", locale__language_code="en")
    body = {"family_size": "1e999999999", "monthly_income": 1e308}
    response = client.post(f"/api/v3/forms/{page.pk}/submissions/", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert {"family_size", "monthly_income"} <= set(response.json()["fields"])


def test_the_api_schema_tells_the_longest_number(client, site_pages):
    page = FormPage.objects.get(slug="help-request", locale__language_code="en")
    fields = {field["key"]: field for field in client.get(f"/api/v3/forms/{page.pk}/").json()["fields"]}
    assert fields["monthly_income"]["limits"]["max_digits"] == NUMBER_MAX_DIGITS
    assert LocalisedDecimalField().max_digits == NUMBER_MAX_DIGITS


class Stored:
    def __init__(self, **data):
        self.data = data


@pytest.mark.parametrize("stored", ["1E+5000", "1E-5000", "NaN", "Infinity"])
def test_a_huge_number_stored_earlier_is_shown_as_text(stored):
    question = Question("monthly_income", "Income", FieldType.NUMBER, {})
    assert question.value(Stored(monthly_income=stored)) == stored


def test_numbers_stored_normally_are_numbers_in_exports():
    question = Question("monthly_income", "Income", FieldType.NUMBER, {})
    assert question.value(Stored(monthly_income="3000")) == 3000
    assert question.value(Stored(monthly_income="3000.5")) == 3000.5


@pytest.mark.parametrize("typed", ["1０００００００００８", "１０００００００００８"])
def test_an_id_in_full_width_digits_is_refused_not_stored_as_typed(typed):
    with pytest.raises(ValidationError) as raised:
        saudi.clean_national_id(typed)
    assert raised.value.code == "national_id_length"
