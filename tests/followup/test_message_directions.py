"""The applicant's pages quote our messages: references and numbers in them stay whole and in order
(core/bidi.py), and a reference copied from an Arabic SMS, isolates included, is still found."""

from tests.support.followup import MOBILE, status_path

LRI, PDI = "\u2066", "\u2069"


def test_a_reference_pasted_from_an_arabic_sms_finds_the_request(client, help_case):
    response = client.post("/ar/track-request/", {"reference": f"{LRI}{help_case.submission.reference}{PDI}",
                                                  "mobile": MOBILE})  # fmt: skip
    body = response.content.decode()
    assert 'data-stage="received"' in body
    assert f'<span dir="ltr" class="ltr-run">{help_case.submission.reference}</span>' in body


def test_the_personal_page_keeps_the_requested_documents_numbers_whole(client, help_case, staff):
    from inbox import services
    from inbox.lifecycle import Status

    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"])
    reason = "صورة العقد رقم 10-2024-7781، أو اتصل على +966 11 234 5678"
    services.make_move(help_case.pk, Status.WAITING, user=staff["relations"], reason=reason)
    body = client.get(status_path(help_case)).content.decode()
    assert '<span dir="ltr" class="ltr-run">10-2024-7781</span>،' in body
    assert '<span dir="ltr" class="ltr-run">+966 11 234 5678</span>' in body
    assert f'<span dir="ltr" class="ltr-run">{help_case.submission.reference}</span>' in body


def test_the_thank_you_page_marks_the_reference(client, site_pages):
    from forms.models import Submission
    from tests.support.forms import help_request_data

    response = client.post("/ar/help-request/", help_request_data(), follow=True)
    reference = Submission.objects.order_by("-pk").first().reference
    assert f'<strong><span dir="ltr" class="ltr-run">{reference}</span></strong>' in response.content.decode()
