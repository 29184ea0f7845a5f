"""Two associations on one deployment: staff of one see nothing of the other's requests (listing, search,
a request's page, downloads, exports, bulk actions), and each association has its own message templates."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from forms.models import Notification, Submission
from inbox import message_templates
from inbox.default_templates import DEFAULT_TEMPLATES
from inbox.filters import CaseFilterSet, form_choices, service_choices
from inbox.lifecycle import Status
from inbox.models import Case, MessageTemplate, visible_cases
from organisation.factories import UserFactory
from scripts.signin import sign_in
from services.factories import ServicePageFactory
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(site_pages, second_association):
    return second_association


def send_help_request(host, **answers):
    response = Client(HTTP_HOST=host).post("/ar/help-request/", help_request_data(**answers))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first().case


@pytest.fixture
def cases(second):
    """A request at each association, from one applicant (same name, ID and mobile)."""
    return send_help_request("localhost"), send_help_request(second.host)


def row(case):
    """What the listing shows of a request: the link to its page."""
    return f'href="{reverse("inbox:detail", args=[case.pk])}"'


def staff_client(role, site=None, host="localhost"):
    person = UserFactory(role=role, association=site) if site else UserFactory(role=role)
    return sign_in(Client(HTTP_HOST=host), person), person


@pytest.mark.parametrize("role", ["relations", "administrator"])
def test_staff_of_one_association_see_none_of_the_other_s_requests(second, cases, role):
    mine, theirs = cases
    client, _person = staff_client(role)
    listing = client.get("/admin/inbox/").content.decode()
    assert row(mine) in listing and row(theirs) not in listing
    for query in (theirs.submission.reference, "العتيبي", "0505550123", "1000000008"):
        html = client.get("/admin/inbox/", {"q": query}).content.decode()
        assert row(theirs) not in html, query
    assert row(mine) in client.get("/admin/inbox/", {"q": "1000000008"}).content.decode()
    assert client.get(reverse("inbox:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("inbox:detail", args=[mine.pk])).status_code == 200
    attachment = theirs.submission.attachments.first()
    assert client.get(reverse("inbox:attachment", args=[theirs.pk, attachment.pk])).status_code == 404
    assert client.post(reverse("inbox:note", args=[theirs.pk]), {"text": "x"}).status_code == 404


def test_the_other_association_s_staff_see_only_theirs(second, cases):
    mine, theirs = cases
    client, _person = staff_client("relations", second.site, second.host)
    listing = client.get("/admin/inbox/").content.decode()
    assert row(theirs) in listing and row(mine) not in listing
    assert client.get(reverse("inbox:detail", args=[mine.pk])).status_code == 404


def test_exports_and_bulk_actions_stay_in_the_association(second, cases):
    mine, theirs = cases
    client, _person = staff_client("administrator")
    response = client.get(reverse("inbox:export") + "?format=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert mine.submission.reference in body and theirs.submission.reference not in body
    client.post(f"/admin/bulk/inbox/case/spam/?id={theirs.pk}&next=/admin/inbox/", {})
    assert Case.objects.get(pk=theirs.pk).status == Status.RECEIVED


def test_visible_cases_follows_the_association_worked_in(second, cases):
    mine, theirs = cases
    person = UserFactory(role="relations")
    assert set(visible_cases(person)) == {mine, theirs}  # outside a request (a shell): no association
    person.working_site_id = Site.objects.get(is_default_site=True).pk
    assert list(visible_cases(person)) == [mine]
    assert list(Case.objects.for_site(second.site)) == [theirs]


# --- message templates -------------------------------------------------------------------------


def test_a_new_association_starts_with_the_default_templates_and_making_them_again_changes_nothing(second):
    default = Site.objects.get(is_default_site=True)
    assert MessageTemplate.objects.for_site(second.site).count() == len(DEFAULT_TEMPLATES)
    assert message_templates.create_default_templates(second.site) == 0
    # The defaults are the texts the migrations gave the first association.
    first = set(MessageTemplate.objects.for_site(default).values_list(*message_templates.FIELDS))
    assert first == {tuple(row) for row in DEFAULT_TEMPLATES}


def test_sending_picks_the_template_of_the_request_s_association(second):
    MessageTemplate.objects.for_site(second.site).filter(event="acknowledgement", language="ar").update(
        subject="الجمعية الثانية: {reference}"
    )
    mine = send_help_request("localhost")
    theirs = send_help_request(second.host)

    def subject(case):
        return Notification.objects.get(
            submission_id=case.pk, event="acknowledgement", channel="applicant_email"
        ).subject

    assert "الجمعية الثانية" in subject(theirs) and "الجمعية الثانية" not in subject(mine)


def test_the_admin_lists_and_opens_only_the_working_association_s_templates(second):
    client, _person = staff_client("administrator")
    theirs = MessageTemplate.objects.for_site(second.site).get(kind="", event="acknowledgement", language="ar")
    mine = MessageTemplate.objects.for_site(Site.objects.get(is_default_site=True)).get(
        kind="", event="acknowledgement", language="ar"
    )
    listing = client.get("/admin/snippets/inbox/messagetemplate/")
    assert listing.status_code == 200
    assert {template.site_id for template in listing.context["object_list"]} == {mine.site_id}
    assert listing.context["paginator"].count == MessageTemplate.objects.for_site(mine.site_id).count()
    assert client.get(f"/admin/snippets/inbox/messagetemplate/edit/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/inbox/messagetemplate/edit/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/snippets/inbox/messagetemplate/delete/{theirs.pk}/").status_code == 404
    assert MessageTemplate.objects.filter(pk=theirs.pk).exists()


def test_a_new_template_belongs_to_the_association_worked_in(second):
    client, _person = staff_client("administrator", second.site, second.host)
    form = {"kind": "help_request", "event": "acknowledgement", "language": "ar", "subject": "وصل {reference}",
            "body": "شكرًا", "sms": ""}  # fmt: skip
    response = client.post("/admin/snippets/inbox/messagetemplate/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = MessageTemplate.objects.get(kind="help_request", event="acknowledgement", language="ar")
    assert made.site == second.site
    # A second one for the same kind, event and language of that association is refused on the form.
    again = client.post("/admin/snippets/inbox/messagetemplate/add/", form)
    assert again.status_code == 200
    assert MessageTemplate.objects.filter(kind="help_request", event="acknowledgement").count() == 1


def test_the_personal_data_tools_find_only_the_association_s_requests(second, cases):
    from inbox import personal_data

    mine, theirs = cases
    person = UserFactory(role="administrator")
    person.working_site_id = Site.objects.get(is_default_site=True).pk
    identifier = personal_data.parse_identifier("1000000008")
    assert list(personal_data.find(identifier, person)) == [mine.submission]
    person.working_site_id = second.site.pk
    assert list(personal_data.find(identifier, person)) == [theirs.submission]


def test_the_listing_s_filters_offer_only_the_association_s_own_forms_and_services(second):
    """However many associations share the deployment, the form and service filters list (and read) the
    association worked in only: the others' pages, with the same titles, are neither offered nor counted."""
    ours = ServicePageFactory(title="خدمتنا")
    ServicePageFactory(site=second.site, title="خدمتهم")
    theirs = {str(page.translation_key) for page in second.forms.values()}
    client, person = staff_client("relations")
    html = client.get("/admin/inbox/").content.decode()
    assert "خدمتنا" in html and "خدمتهم" not in html
    site_id = Site.objects.get(is_default_site=True).pk
    assert not theirs & {key for key, _title in form_choices(site_id)}
    assert len(form_choices(site_id)) == len(second.forms)  # the tests' association has the same four
    assert service_choices(site_id) == [(ours.pk, "خدمتنا")]
    assert {key for key, _title in form_choices(second.site.pk)} == theirs
    request = type("Request", (), {"user": person, "GET": {}})()
    person.working_site_id = second.site.pk
    offered = CaseFilterSet(request=request, queryset=Case.objects.none()).filters["form"].extra["choices"]()
    assert {key for key, _title in offered} == theirs
