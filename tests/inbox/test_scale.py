"""Fake requests for trying the inbox, and pages whose query count does not grow with them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import Submission
from inbox.demo import create_fake_requests
from inbox.models import Case
from organisation.models import Association
from scripts.signin import sign_in
from tests.support.second_association import build_second_association

pytestmark = pytest.mark.django_db


def test_seed_makes_realistic_requests_of_every_kind_and_status(site_pages):
    assert create_fake_requests(300, batch=120) == 300
    assert Case.objects.count() == Submission.objects.count() == 300
    assert {"help_request", "complaint", "volunteer", "survey"} <= set(
        Submission.objects.values_list("kind", flat=True)
    )
    assert len(set(Case.objects.values_list("status", flat=True))) >= 8
    assert set(Submission.objects.values_list("language", flat=True)) == {"ar", "en"}
    from forms.saudi import clean_national_id, clean_saudi_mobile

    for submission in Submission.objects.exclude(kind="survey")[:50]:
        assert clean_national_id(submission.applicant_national_id) == submission.applicant_national_id
        assert clean_saudi_mobile(submission.applicant_mobile) == submission.applicant_mobile


def test_seed_fills_another_association_with_its_own_forms_and_references(site_pages):
    second = build_second_association()
    create_fake_requests(40, site=second.site, batch=15)
    create_fake_requests(10)  # the default site's, numbered on their own
    theirs = Submission.objects.filter(site=second.site)
    assert theirs.count() == Case.objects.filter(submission__site=second.site).count() == 40
    assert set(theirs.values_list("form_page_id", flat=True)) <= {page.pk for page in second.forms.values()}
    code = Association.objects.get(site=second.site).reference_code
    assert code and all(reference.startswith(f"{code}-") for reference in theirs.values_list("reference", flat=True))
    ours = Submission.objects.exclude(site=second.site)
    assert ours.count() == 10 and not ours.filter(reference__startswith=f"{code}-").exists()
    assert Submission.objects.values("reference").distinct().count() == 50


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_search_and_detail_queries_do_not_grow_with_the_requests(client, site_pages, staff):
    sign_in(client, staff["relations"])
    create_fake_requests(60)
    urls = ["/admin/inbox/", "/admin/inbox/?status=received", "/admin/inbox/?q=العتيبي", "/admin/inbox/?overdue=true"]
    for url in urls:
        queries_for(client, url)  # warm Wagtail's per-process caches
    few = [queries_for(client, url) for url in urls]
    create_fake_requests(240, seed=7)
    many = [queries_for(client, url) for url in urls]
    assert few == many
    case = Case.objects.filter(submission__kind="help_request").order_by("-pk").first()
    detail = queries_for(client, f"/admin/inbox/{case.pk}/")
    assert detail <= 30
