"""Two associations on one deployment, with the same form slugs and kinds: every request carries its
association, references never collide, a form is taken only through its own association's host, and
files go under the association's own prefix."""

import re

import pytest
from django.test import Client
from wagtail.models import Site

from forms.models import Attachment, FormPage, ReferenceCounter, Submission
from forms.pipeline import attachment_folder
from services.factories import ServicePageFactory
from tests.support.forms import help_request_data
from tests.support.forms_api import post_json, schema_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(site_pages, second_association):
    return second_association


def send_help_request(host):
    response = Client(HTTP_HOST=host).post("/ar/help-request/", help_request_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first()


def test_each_request_carries_the_association_of_the_host_it_was_sent_through(second):
    first = send_help_request("localhost")
    other = send_help_request(second.host)
    assert first.site == Site.objects.get(is_default_site=True)
    assert other.site == second.site and other.form_page_id == second.forms["help-request"].pk
    assert list(Submission.objects.for_site(second.site)) == [other]


def test_references_of_another_association_carry_its_code_and_never_collide(second):
    code = second.site.association.reference_code
    assert code
    first = [send_help_request("localhost").reference for _ in range(2)]
    other = [send_help_request(second.host).reference for _ in range(2)]
    # The first association's references keep their form; the other's count on their own, after its code.
    assert all(re.fullmatch(r"HR-\d{4}-00000[12]", reference) for reference in first)
    assert [reference.split("-")[-1] for reference in other] == ["000001", "000002"]
    assert all(reference.startswith(f"{code}-HR-") for reference in other)
    assert len(set(first + other)) == 4
    counters = {(c.site_id, c.prefix): c.last for c in ReferenceCounter.objects.all()}
    assert counters[(second.site.pk, "HR")] == 2 and counters[(Site.objects.get(is_default_site=True).pk, "HR")] == 2


def test_the_longest_code_fits_the_reference(second):
    second.site.association.reference_code = "ABCDEF"
    second.site.association.save()
    reference = send_help_request(second.host).reference
    assert reference.startswith("ABCDEF-HR-") and len(reference) <= Submission._meta.get_field("reference").max_length


def test_a_form_of_another_association_is_not_taken_through_this_host(second):
    page = second.forms["help-request"]
    at_first = Client()  # the tests' association's host
    assert at_first.post(page.send_url, help_request_data()).status_code == 404
    assert at_first.post(f"/ar/forms/{page.pk}/send/", help_request_data()).status_code == 404
    assert not Submission.objects.exists()
    # Through its own host it is taken.
    assert Client(HTTP_HOST=second.host).post(page.send_url, help_request_data()).status_code == 302


def test_the_forms_api_refuses_a_form_of_another_association(second):
    page = second.forms["satisfaction-survey"]
    at_second = Client(HTTP_HOST=second.host)
    assert schema_of(at_second, page)
    answers = {"overall": 4, "speed": 3, "staff": 5}
    assert Client().get(f"/api/v3/forms/{page.pk}/").status_code == 404
    assert post_json(Client(), page, answers).status_code == 404
    assert not Submission.objects.exists()
    response = post_json(at_second, page, answers)
    assert response.status_code == 201, response.content
    assert Submission.objects.get().site == second.site


def test_files_go_under_the_association_s_own_prefix(second):
    first = send_help_request("localhost")
    other = send_help_request(second.host)
    for submission in (first, other):
        names = [attachment.file.name for attachment in Attachment.objects.filter(submission=submission)]
        assert names and all(name.startswith(f"attachments/site-{submission.site_id}/") for name in names)
        assert all(name.startswith(attachment_folder(submission.site_id)) for name in names)


def test_a_file_stored_before_the_prefix_stays_readable(site_pages, client):
    from django.core.files.base import ContentFile

    from forms.records import private_storage

    submission = send_help_request("localhost")
    old_name = private_storage().save("attachments/2026/01/old.pdf", ContentFile(b"%PDF-1.4 old"))
    attachment = Attachment.objects.filter(submission=submission).first()
    Attachment.objects.filter(pk=attachment.pk).update(file=old_name)
    attachment.refresh_from_db()
    with attachment.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 old"


def test_a_form_offers_only_its_own_association_s_services(second):
    ours = ServicePageFactory(title="خدمتنا")
    theirs = ServicePageFactory(site=second.site, title="خدمتهم")
    home = Site.objects.get(is_default_site=True).root_page
    mine = FormPage.objects.child_of(home).get(slug="help-request")
    assert mine.service_choices() == [(ours.pk, "خدمتنا")]
    assert second.forms["help-request"].service_choices() == [(theirs.pk, "خدمتهم")]
