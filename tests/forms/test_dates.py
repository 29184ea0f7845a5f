"""Dates typed in either calendar, at and beyond the Umm al-Qura tables (1343-1500 AH, 1924-08-01 to
2077-11-16): a Gregorian date is kept with its Hijri unavailable, a Hijri one outside is a translated
error, and neither is ever a server error, on the site's form or through the API (JSON and multipart)."""

import datetime
import json

import pytest
from django.db import connection
from django.template import Context, Template
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core import calendars
from core.arabic import ARABIC_INDIC, EASTERN_ARABIC_INDIC, WESTERN
from forms.api import reply_due
from forms.api_schemas import ReplyDueOut
from forms.models import FormPage, Submission
from tests.support.forms import help_request_data, pdf

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
OUT_OF_RANGE_AR = "يُقبل التاريخ الهجري للسنوات من 1343 إلى 1500 هـ فقط"
OUT_OF_RANGE_EN = "Hijri dates can be entered for the years 1343 to 1500 AH only"


def form_post(client, calendar, typed, language="ar"):
    return client.post(f"/{language}/help-request/", help_request_data(birth_date_0=calendar, birth_date_1=typed))


def api_url(language="en"):
    page = FormPage.objects.get(slug="help-request", locale__language_code=language)
    return f"/api/v3/forms/{page.pk}/submissions/"


def api_answers(calendar, typed):
    """The demo help request as an API client sends it (the first choice of each list)."""
    return {
        "full_name": "Sarah Mohammed Al-Otaibi",
        "national_id": "1000000008",
        "mobile": "0505550123",
        "city": "الرياض",
        "marital_status": "أرمل",
        "family_size": 5,
        "monthly_income": "3000",
        "birth_date": {"calendar": calendar, "date": typed},
        "needs": "Three months of rent",
        "declaration": True,
        "privacy_consent": True,
    }


def api_json(client, calendar, typed):
    return client.post(api_url(), json.dumps(api_answers(calendar, typed)), content_type="application/json")


def api_multipart(client, calendar, typed):
    fields = {key: value for key, value in api_answers(calendar, typed).items() if key != "birth_date"}
    fields.update({"declaration": "true", "privacy_consent": "true", "birth_date_0": calendar, "birth_date_1": typed})
    return client.post(api_url(), {**fields, "documents": [pdf()]})


# --- The site's form --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "gregorian"),
    [
        ("01/01/1900", "1900-01-01"),
        ("31/07/1924", "1924-07-31"),  # the day before the tables begin
        ("17/11/2077", "2077-11-17"),  # the day after they end
        ("٠١/٠١/١٩٠٠", "1900-01-01"),
        ("۰۱/۰۱/۱۹۰۰", "1900-01-01"),
        ("1900-01-01", "1900-01-01"),
    ],
)
def test_a_gregorian_date_outside_the_tables_is_kept_without_its_hijri(client, site_pages, typed, gregorian):
    response = form_post(client, "gregorian", typed)
    assert response.status_code == 302, response.content.decode()[:2000]
    answer = Submission.objects.get().data["birth_date"]
    assert answer == {"gregorian": gregorian, "hijri": None, "entered_in": "gregorian"}
    assert client.get(response["Location"]).status_code == 200  # the thank-you page


@pytest.mark.parametrize(("typed", "hijri"), [("01/08/1924", "1343-01-01"), ("16/11/2077", "1500-12-30")])
def test_the_first_and_last_gregorian_days_of_the_tables_keep_their_hijri(client, site_pages, typed, hijri):
    assert form_post(client, "gregorian", typed).status_code == 302
    assert Submission.objects.get().data["birth_date"]["hijri"] == hijri


@pytest.mark.parametrize(("typed", "gregorian"), [("١/١/١٣٤٣", "1924-08-01"), ("۳۰/۱۲/۱۵۰۰", "2077-11-16")])
def test_the_first_and_last_hijri_days_are_accepted_in_either_digit_set(client, site_pages, typed, gregorian):
    assert form_post(client, "hijri", typed).status_code == 302
    assert Submission.objects.get().data["birth_date"]["gregorian"] == gregorian


@pytest.mark.parametrize("typed", ["29/12/1342", "01/01/1501", "١٥/٠٣/١٣٠٠", "1/1/1900"])
def test_a_hijri_date_outside_the_tables_is_a_translated_form_error(client, site_pages, typed):
    arabic = form_post(client, "hijri", typed)
    english = form_post(client, "hijri", typed, language="en")
    assert (arabic.status_code, english.status_code) == (400, 400)
    assert OUT_OF_RANGE_AR in arabic.content.decode()
    assert OUT_OF_RANGE_EN in english.content.decode()
    assert not Submission.objects.exists()


def test_the_thank_you_page_shows_a_reply_date_outside_the_tables_as_unavailable():
    template = Template("{% load hijri_tags %}{{ day|hijri_date }}|{{ day|gregorian_date }}|{{ bad|hijri_date }}")
    with translation.override("ar"):
        text = template.render(Context({"day": datetime.date(2078, 1, 1), "bad": "not a date"}))
    assert text == "التاريخ الهجري غير متاح|١ يناير ٢٠٧٨ م|"


# --- The API ----------------------------------------------------------------------------------
def test_api_keeps_a_gregorian_date_outside_the_tables(client, site_pages):
    response = api_multipart(client, "gregorian", "٠١/٠١/١٩٠٠")
    assert response.status_code == 201, response.content
    submission = Submission.objects.get(reference=response.json()["reference"])
    assert submission.data["birth_date"] == {"gregorian": "1900-01-01", "hijri": None, "entered_in": "gregorian"}
    # JSON cannot carry the required documents: the date itself is accepted.
    refused = api_json(client, "gregorian", "01/01/1900")
    assert refused.status_code == 422 and "birth_date" not in refused.json()["fields"]


@pytest.mark.parametrize("send", [api_json, api_multipart])
def test_api_refuses_a_hijri_date_outside_the_tables_with_a_422_problem(client, site_pages, send):
    response = send(client, "hijri", "29/12/1342")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert OUT_OF_RANGE_EN in response.json()["fields"]["birth_date"][0]


def test_a_reply_date_outside_the_tables_has_a_null_hijri_in_the_api():
    due = reply_due(datetime.date(2078, 1, 1), "en")
    assert due["hijri"] is None and due["hijri_display"] == "Hijri date unavailable"
    assert ReplyDueOut(**due).hijri is None


# --- No date, calendar or digit set is a server error (property test, PostgreSQL run) ---------
SEPARATORS = ["/", "-", ".", " / "]
DIGIT_SETS = [WESTERN, ARABIC_INDIC, EASTERN_ARABIC_INDIC]


@st.composite
def typed_dates(draw):
    """(text, (year, month, day)) for a date as people type it: day first or year first, any separator,
    any digit set; years far outside both calendars' tables, months and days one past their ends.
    Now and then free text, with None for its parts."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=20)), None
    year = draw(st.one_of(st.integers(1300, 1510), st.integers(1890, 2110), st.integers(0, 9999)))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    separator = draw(st.sampled_from(SEPARATORS))
    parts = [f"{day:02d}", f"{month:02d}", f"{year:04d}"]
    text = separator.join(parts if draw(st.booleans()) else parts[::-1])
    digits = draw(st.sampled_from(DIGIT_SETS))
    return text.translate(str.maketrans(WESTERN, digits)), (year, month, day)


def accepted(calendar, parts) -> bool:
    """Whether the site must take this date: a real Gregorian day, or a real Hijri day in the tables."""
    try:
        if calendar == "gregorian":
            datetime.date(*parts)
        elif calendar in ("hijri", ""):  # no calendar chosen: Hijri, the form's first choice
            calendars.hijri_to_gregorian(*parts)
        else:
            return False
    except ValueError:  # calendars.InvalidDate and OutOfRange are ValueErrors too
        return False
    return True


CALENDARS = st.sampled_from(["hijri", "gregorian", "", "julian"])
NO_500 = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def on_postgresql(site_pages):
    if connection.vendor != "postgresql":
        pytest.skip("The dates property test runs on PostgreSQL only (scripts/test.sh's second run).")


@NO_500
@given(calendar=CALENDARS, entry=typed_dates())
@example(calendar="gregorian", entry=("01/01/1900", (1900, 1, 1)))
@example(calendar="hijri", entry=("٢٩/١٢/١٣٤٢", (1342, 12, 29)))
@example(calendar="gregorian", entry=("۱۷/۱۱/۲۰۷۷", (2077, 11, 17)))
def test_no_typed_date_is_a_server_error_on_the_form(client, on_postgresql, calendar, entry):
    typed, parts = entry
    response = form_post(client, calendar, typed)
    assert response.status_code in (302, 400), (calendar, typed, response.status_code)
    if parts is not None:
        assert (response.status_code == 302) == accepted(calendar, parts), (calendar, typed)


@NO_500
@given(calendar=CALENDARS, entry=typed_dates())
@example(calendar="gregorian", entry=("01/01/1900", (1900, 1, 1)))
@example(calendar="hijri", entry=("١/١/١٥٠١", (1501, 1, 1)))
def test_no_typed_date_is_a_server_error_in_api_json(client, on_postgresql, calendar, entry):
    typed, parts = entry
    response = api_json(client, calendar, typed)
    assert response.status_code == 422, (calendar, typed, response.status_code)  # the documents are missing
    assert response["Content-Type"] == PROBLEM
    if parts is not None:
        assert ("birth_date" not in response.json()["fields"]) == accepted(calendar, parts), (calendar, typed)


@NO_500
@given(calendar=CALENDARS, entry=typed_dates())
@example(calendar="gregorian", entry=("٠١/٠١/١٩٠٠", (1900, 1, 1)))
@example(calendar="hijri", entry=("29/12/1342", (1342, 12, 29)))
def test_no_typed_date_is_a_server_error_in_api_multipart(client, on_postgresql, calendar, entry):
    typed, parts = entry
    response = api_multipart(client, calendar, typed)
    assert response.status_code in (201, 422), (calendar, typed, response.status_code)
    if response.status_code == 422:
        assert response["Content-Type"] == PROBLEM
    if parts is not None:
        assert (response.status_code == 201) == accepted(calendar, parts), (calendar, typed)
