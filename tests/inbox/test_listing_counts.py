"""The inbox listing counted up to a limit (inbox.counting): exact below it, "more than" past it, the same queries."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from inbox.counting import CappedPaginator, ListingCounts, count_by_status, count_up_to, pages_known
from inbox.demo import create_fake_requests
from inbox.models import Case
from inbox.views import CaseIndexView
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db

LIMIT = 60  # above a page of 50, below the requests made here


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(CaseIndexView, "count_limit", LIMIT)


def test_statuses_are_counted_exactly_up_to_the_limit_and_not_past_it(site_pages):
    create_fake_requests(LIMIT)
    counts = count_by_status(Case.objects.all(), LIMIT)
    assert counts.exact and counts.total == LIMIT
    assert counts.by_status == {
        status: Case.objects.filter(status=status).count() for status in Case.objects.values_list("status", flat=True)
    }
    create_fake_requests(1, seed=7)
    past = count_by_status(Case.objects.all(), LIMIT)
    assert past.more_than_limit and past.total == LIMIT + 1 and past.by_status == {}
    assert count_up_to(Case.objects.all(), LIMIT) == ListingCounts(limit=LIMIT, total=LIMIT + 1, exact=False)
    assert count_up_to(Case.objects.filter(status="received"), 10_000).exact


def test_the_page_links_past_the_limit_have_no_last_page():
    counts = ListingCounts(limit=1000, total=1001, exact=False)
    assert pages_known(counts, 50) == 20  # page 21 holds request 1,001: how many follow it is not known
    paginator = CappedPaginator(list(range(1001)), 50, counts=counts)
    assert paginator.more_than == 1000 and paginator.num_pages == 21
    assert list(paginator.get_elided_page_range(1)) == [1, 2, paginator.ELLIPSIS]
    assert list(paginator.get_elided_page_range("7")) == [1, paginator.ELLIPSIS, 5, 6, 7, 8, paginator.ELLIPSIS]
    assert list(paginator.get_elided_page_range("nonsense")) == [1, 2, paginator.ELLIPSIS]
    page = paginator.page(20)
    assert len(page.object_list) == 50 and page.has_next()
    exact = CappedPaginator(list(range(120)), 50, counts=ListingCounts(limit=1000, total=120))
    assert exact.more_than is None and list(exact.get_elided_page_range(1)) == [1, 2, 3]


def test_a_listing_past_the_limit_says_more_than_in_both_languages(client, site_pages, staff, small_limit):
    create_fake_requests(LIMIT + 70)
    sign_in(client, staff["relations"])
    response = client.get("/admin/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    paginator = response.context["paginator"]
    assert paginator.more_than == LIMIT and len(response.context["object_list"]) == 50
    assert response.context["status_counts"] == []
    html = response.content.decode()
    assert f"More than {LIMIT} requests: choose a status" in html
    assert f"More than {LIMIT} requests</div>" in html.replace("\n", "").replace("    ", "")
    assert "Page 1" in html and "Page 1 of" not in html and "?p=2" in html

    filtered = client.get("/admin/inbox/", {"assignee": "unassigned"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"There are more than {LIMIT} matches" in filtered
    arabic = client.get("/admin/inbox/", {"assignee": "unassigned"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f"يوجد أكثر من {LIMIT} تطابق" in arabic
    assert f"أكثر من {LIMIT} طلب: اختر حالة" in arabic and "الصفحة 1" in arabic


def test_a_page_past_those_the_limit_covers_is_counted_exactly(client, site_pages, staff, small_limit):
    create_fake_requests(LIMIT + 70)
    sign_in(client, staff["relations"])
    response = client.get("/admin/inbox/", {"p": 2})
    paginator = response.context["paginator"]
    assert paginator.more_than is None and paginator.count == Case.objects.count() == LIMIT + 70
    assert response.context["page_obj"].number == 2 and len(response.context["object_list"]) == 50
    first = client.get("/admin/inbox/", {"p": 1}).context["object_list"]
    assert not {case.pk for case in first} & {case.pk for case in response.context["object_list"]}


def test_a_chosen_status_is_counted_up_to_the_limit_too(client, site_pages, staff, small_limit):
    create_fake_requests(LIMIT + 70)
    sign_in(client, staff["relations"])
    status, count = Case.objects.values_list("status").annotate(n=Count("pk")).order_by("-n")[0]
    assert count <= LIMIT  # the listing is past the limit, this status is not
    response = client.get("/admin/inbox/", {"status": status}, HTTP_ACCEPT_LANGUAGE="en")
    paginator = response.context["paginator"]
    assert paginator.more_than is None and paginator.count == count
    assert response.context["status_counts"] == []  # the listing but for its status is past the limit
    assert f"More than {LIMIT} requests: choose a status" in response.content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_same_queries_below_and_past_the_limit(client, site_pages, staff, small_limit):
    sign_in(client, staff["relations"])
    create_fake_requests(20)
    urls = [
        "/admin/inbox/",
        "/admin/inbox/?status=received",
        "/admin/inbox/?assignee=unassigned&kind=help_request",
        "/admin/inbox/?q=العتيبي",
        "/admin/inbox/?overdue=true",
    ]  # each lists requests at both sizes (an empty page reads no rows: one query fewer)
    for url in urls:
        queries_for(client, url)  # warm Wagtail's per-process caches
    below = [queries_for(client, url) for url in urls]
    create_fake_requests(400, seed=7, batch=200)
    past = [queries_for(client, url) for url in urls]
    assert client.get("/admin/inbox/").context["paginator"].more_than == LIMIT
    assert below == past
