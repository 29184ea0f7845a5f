"""Steps of the restore drill's test, run inside the site's own process (production settings).

`python manage.py shell -c "from tests.backups import scenario; scenario.file_requests()"`:
requests go through the real form (the test client, as an applicant's browser would
post), their files to the S3 server; erasure goes through the inbox's own function.
Each step prints one line of JSON for the test to read.
"""

import json

from django.test import Client, override_settings

from tests.support.forms import help_request_data, pdf, png

# The applicant erased after the backup (the demo's Sara) and one who stays.
ERASED = {"national_id": "1000000008", "mobile": "0505550123"}
KEPT = {"national_id": "1000000016", "mobile": "0505550777", "full_name": "نورة خالد القحطاني",
        "email": "noura@example.org"}  # fmt: skip


def _file(client, **answers):
    from forms.models import Submission

    response = client.post("/ar/help-request/", help_request_data(**answers), secure=True)
    assert response.status_code == 302, response.content.decode()[:1000]
    return Submission.objects.order_by("-pk").values_list("pk", flat=True).first()


# reCAPTCHA needs Google: off here, as in the other tests (production insists on keys being set).
@override_settings(RECAPTCHA_PUBLIC_KEY="", RECAPTCHA_PRIVATE_KEY="")
def file_requests(after_backup=False):
    client = Client(HTTP_HOST="127.0.0.1")
    if after_backup:
        ids = [_file(client, **KEPT, documents=[pdf("late.pdf")])]
    else:
        ids = [
            _file(client, documents=[pdf("id-copy.pdf"), png("lease.png")]),
            _file(client, **KEPT, documents=[pdf("id-copy.pdf"), png("salary.png")]),
            _file(client, **KEPT, documents=[pdf("bank.pdf")]),
        ]
    print(json.dumps({"filed": ids}))


def erase_applicant():
    from inbox import personal_data

    erased, failed = personal_data.erase(personal_data.parse_identifier(ERASED["mobile"]), user=None)
    print(json.dumps({"erased": erased, "failed": failed}))


def second_association():
    """The tests' second association with a request (its attachments to the private bucket) and an image in
    its collection (to the public one), for the drill's export and import step."""
    from forms.factories import SubmissionFactory, national_id
    from home.factories import HomePageFactory
    from organisation.associations import collection_of
    from organisation.factories import ImageFactory
    from tests.support.second_association import build_second_association

    # A fresh process counts slugs from 0 again; the copied test database already has the first ones.
    HomePageFactory.reset_sequence(900, force=True)
    built = build_second_association()
    # An applicant of its own: not the scenario's (whose requests the drill counts), nor erased with them.
    answers = {"national_id": national_id(77), "mobile": "0505000077"}
    submission = SubmissionFactory(form_page=built.forms["help-request"], answers=answers)
    ImageFactory(collection=collection_of(built.site))
    print(json.dumps({"second": built.host, "request": submission.pk}))
