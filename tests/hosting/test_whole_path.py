"""The whole path on an association brought up by `create_association` (not the factories): its pages on its own
host in both languages, a help request sent through its own form, tracked at its own tracking page, seen and
moved by its created administrator, and unseen by staff of the tests' own association."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.util import random_hex

from forms.models import FormPage, Submission
from hosting.creation import create_association
from inbox.lifecycle import Status
from staff_security import policy
from staff_security.factories import StaffFactory, signed_in_client
from tests.support.followup import MOBILE
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db

DOMAIN = "third.localhost"
NAMES = {"name_ar": "جمعية الثالثة الخيرية", "name_en": "The Third Charity"}
CODE = "TH"


@pytest.fixture
def third(site_pages):
    result = create_association(DOMAIN, admin_email="boss@third.example.org", reference_code=CODE, **NAMES)
    assert result.created
    return result


def test_an_association_brought_up_serves_takes_and_works_its_own_requests(third):
    visitor = Client(HTTP_HOST=DOMAIN)
    # Its home page in Arabic and in English, under its own names; its services page.
    arabic, english = visitor.get("/ar/"), visitor.get("/en/")
    assert arabic.status_code == english.status_code == 200
    assert NAMES["name_ar"] in arabic.content.decode() and 'dir="rtl"' in arabic.content.decode()
    assert NAMES["name_en"] in english.content.decode()
    assert visitor.get("/ar/services/").status_code == visitor.get("/en/services/").status_code == 200

    # The help form: its page is the created association's, and what is sent files under it.
    page = FormPage.objects.descendant_of(third.site.root_page).get(slug="help-request", locale__language_code="ar")
    form = visitor.get("/ar/help-request/")
    assert form.status_code == 200 and 'name="national_id"' in form.content.decode()
    data = help_request_data()
    fields = set(page.form_fields.values_list("clean_name", flat=True))
    assert fields and fields <= {re.sub(r"_[01]$", "", name) for name in data}  # every field it has is answered
    sent = visitor.post("/ar/help-request/", data)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    submission = Submission.objects.get(site=third.site)
    reference = submission.reference
    assert re.fullmatch(rf"{CODE}-HR-\d{{4}}-\d{{6}}", reference), reference
    assert submission.form_page.get_site() == third.site
    thanks = visitor.get(sent["Location"])
    assert thanks.status_code == 200 and reference in thanks.content.decode()

    # Tracked at its own tracking page, and unknown at the tests' association's.
    tracked = visitor.post("/ar/track-request/", {"reference": reference, "mobile": MOBILE}).content.decode()
    assert 'data-stage="received"' in tracked
    elsewhere = Client().post("/ar/track-request/", {"reference": reference, "mobile": MOBILE}).content.decode()
    assert 'data-stage="received"' not in elsewhere

    # Its created administrator owes the second step at their first sign-in; with their app enrolled (as the
    # setup page enrols one) and past that step, they see the request in the inbox and move it once.
    case = submission.case
    first_time = Client(HTTP_HOST=DOMAIN)
    first_time.force_login(third.administrator)
    owed = first_time.get("/admin/inbox/")
    assert owed.status_code == 302 and "/admin/two-step/" in owed["Location"], owed
    key = random_hex(20)
    policy.enrol(third.administrator, key, last_t=TOTP(bytes.fromhex(key)).t(), drift=0)
    administrator = signed_in_client(third.administrator, Client(HTTP_HOST=DOMAIN))
    inbox = administrator.get("/admin/inbox/")
    assert inbox.status_code == 200 and reference in inbox.content.decode()
    request_page = administrator.get(f"/admin/inbox/{case.pk}/")
    assert request_page.status_code == 200 and 'value="verification"' in request_page.content.decode()
    administrator.post(f"/admin/inbox/{case.pk}/move/", {"to": "verification", "version": case.version})
    case.refresh_from_db()
    assert case.status == Status.VERIFICATION
    tracked = visitor.post("/ar/track-request/", {"reference": reference, "mobile": MOBILE}).content.decode()
    assert 'data-stage="received"' not in tracked

    # Staff of the tests' own association see nothing of it, in any role that works requests.
    for role in ("administrator", "relations", "supervisor"):
        outsider = signed_in_client(StaffFactory(role=role))
        for query in ({}, {"q": MOBILE}):  # the listing, and a search by the applicant's mobile
            listing = outsider.get("/admin/inbox/", query)
            assert listing.status_code == 200 and reference not in listing.content.decode(), (role, query)
        assert outsider.get(f"/admin/inbox/{case.pk}/").status_code in (403, 404), role
        outsider.post(f"/admin/inbox/{case.pk}/move/", {"to": "committee", "version": case.version})
        case.refresh_from_db()
        assert case.status == Status.VERIFICATION, role
