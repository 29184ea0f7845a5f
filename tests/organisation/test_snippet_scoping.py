"""Every registered snippet whose records carry their association is scoped the one way
(organisation.scoping.WorkingSiteViewSetMixin): staff of association A never see B's record in the listing or the
chooser, every view of B's record by its id is a 404, and a record they add is A's."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist
from django.urls import URLPattern, reverse
from wagtail.models import Locale, Site
from wagtail.snippets.models import get_snippet_models

from beneficiaries.factories import FundFactory
from forms.kinds import FormKind
from governance.factories import (
    AssemblyMeetingFactory,
    BoardMemberFactory,
    CommitteeFactory,
    DisclosureDocumentFactory,
    DisclosureItemFactory,
    ExecutiveMemberFactory,
)
from home.factories import SiteFactory
from inbox.factories import MessageTemplateFactory
from inbox.lifecycle import Event
from organisation.associations import create_staff_groups, staff_group
from organisation.factories import UserFactory
from organisation.models import OrganisationSettings
from organisation.scoping import WorkingSiteViewSetMixin
from policies.factories import PolicyCategoryFactory
from research.models import ResearchQuestion
from scripts.signin import sign_in
from services.factories import BeneficiaryGroupFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


def _question(site):
    return ResearchQuestion.objects.create(site=site, locale=Locale.get_default(), text="ما مصدر دخل الأسرة؟")


def _template(site):
    return MessageTemplateFactory(site=site, kind=FormKind.VOLUNTEER, event=Event.ACKNOWLEDGEMENT, language="en")


# model label -> (a record of the association on a site, what the add form is given for a new one)
RECORDS = {
    "services.servicecategory": (
        lambda site: ServiceCategoryFactory(site=site),
        {"name": "فئة جديدة", "slug": "scoped-new", "description": "", "sort_order": "0"},
    ),
    "services.beneficiarygroup": (
        lambda site: BeneficiaryGroupFactory(site=site),
        {"name": "فئة مستفيدين جديدة", "slug": "scoped-new", "description": "", "sort_order": "0"},
    ),
    "inbox.messagetemplate": (
        _template,
        {"kind": FormKind.COMPLAINT, "event": Event.ACKNOWLEDGEMENT, "language": "en", "subject": "Received",
         "body": "We received your request {reference}.", "sms": "Received {reference}."},
    ),  # fmt: skip
    "beneficiaries.fund": (
        lambda site: FundFactory(site=site),
        {"site": "{site}", "name": "صندوق جديد", "slug": "scoped-new", "active": "on", "sort_order": "0"},
    ),
    "research.researchquestion": (
        _question,
        {"site": "{site}", "text": "سؤال جديد", "help_text": "", "answer_kind": "text", "sort_order": "0",
         "active": "on"},
    ),  # fmt: skip
    # A profile reaches its association through the site setting; one added here belongs to none until chosen.
    "organisation.organisationprofile": (lambda site: OrganisationSettings.for_site(site).profile, None),
    "policies.policycategory": (
        lambda site: PolicyCategoryFactory(site=site),
        {"name": "تصنيف جديد", "sort_order": "0"},
    ),
    # Governance records: a new one is the association's in tests/governance/test_associations.py, whose forms
    # need files and related records of their own.
    "governance.boardmember": (lambda site: BoardMemberFactory(site=site), None),
    "governance.committee": (lambda site: CommitteeFactory(site=site), None),
    "governance.executivemember": (lambda site: ExecutiveMemberFactory(site=site), None),
    "governance.disclosureitem": (lambda site: DisclosureItemFactory(site=site), None),
    "governance.disclosuredocument": (lambda site: DisclosureDocumentFactory(site=site), None),
    "governance.assemblymeeting": (lambda site: AssemblyMeetingFactory(site=site), None),
}


def _site_field(model):
    viewset = model.snippet_viewset
    return getattr(viewset, "site_field", "site")


def _has_site(model) -> bool:
    try:
        model._meta.get_field("site")
    except FieldDoesNotExist:
        return isinstance(model.snippet_viewset, WorkingSiteViewSetMixin)
    return True


SCOPED = sorted(model._meta.label_lower for model in get_snippet_models() if _has_site(model))
MODELS = {model._meta.label_lower: model for model in get_snippet_models()}


def test_every_snippet_with_a_site_is_scoped_and_has_a_row_here():
    assert SCOPED, "no snippet with a site found"
    for label in SCOPED:
        assert isinstance(MODELS[label].snippet_viewset, WorkingSiteViewSetMixin), f"{label}: not scoped"
        assert label in RECORDS, f"{label}: add a row to RECORDS"


@pytest.fixture
def sites():
    first = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="scoped.localhost")
    create_staff_groups(second)
    return first, second


@pytest.fixture
def staff_of_first(client, sites):
    """An administrator of A whose group may add, change, delete and view every scoped snippet."""
    first, _second = sites
    group = staff_group(first, "administrator")
    for label in SCOPED:
        model = MODELS[label]
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label=model._meta.app_label,
            codename__in=[f"{action}_{model._meta.model_name}" for action in ("add", "change", "delete", "view")],
        ))  # fmt: skip
    sign_in(client, UserFactory(role="administrator"))
    return client


def _urls_by_id(viewset, pk):
    """Each of the viewset's addresses naming a record by its id, reversed for `pk` (any other number in it: 1)."""
    for pattern in viewset.get_urlpatterns():
        if not isinstance(pattern, URLPattern) or ":pk>" not in str(pattern.pattern):
            continue
        others = {name: 1 for name in re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern)) if name != "pk"}
        yield reverse(viewset.get_url_name(pattern.name), kwargs={"pk": pk, **others})


@pytest.mark.parametrize("label", SCOPED)
def test_another_association_s_record_is_not_found_or_listed(label, sites, staff_of_first):
    client = staff_of_first
    first, second = sites
    make, _data = RECORDS[label]
    ours, theirs = make(first), make(second)
    viewset = MODELS[label].snippet_viewset
    chooser = viewset.chooser_viewset

    edit = reverse(viewset.get_url_name("edit"), args=[ours.pk])
    assert client.get(edit).status_code == 200
    their_edit = reverse(viewset.get_url_name("edit"), args=[theirs.pk])
    for name in ("list", "list_results"):
        listing = client.get(reverse(viewset.get_url_name(name)))
        assert listing.status_code == 200
        assert edit in listing.content.decode() and their_edit not in listing.content.decode()

    ours_chosen = reverse(chooser.get_url_name("chosen"), args=[ours.pk])
    their_chosen = reverse(chooser.get_url_name("chosen"), args=[theirs.pk])
    for name in ("choose", "choose_results"):
        choosing = client.get(reverse(chooser.get_url_name(name)))
        assert choosing.status_code == 200
        html = choosing.json()["html"] if name == "choose" else choosing.content.decode()
        # Ours, or (a long list: ours on a later page) some of A's; never B's.
        assert ours_chosen in html or ours_chosen.removesuffix(f"{ours.pk}/") in html
        assert their_chosen not in html
    assert client.get(ours_chosen).status_code == 200
    several = client.get(reverse(chooser.get_url_name("chosen_multiple")), {"id": [ours.pk, theirs.pk]})
    assert [item["id"] for item in several.json()["result"]] == [str(ours.pk)]

    urls = [*_urls_by_id(viewset, theirs.pk), *_urls_by_id(chooser, theirs.pk)]
    assert len(urls) >= 7  # edit, delete, usage, history and its results, copy, inspect, chosen…
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url
    meta = type(theirs)._meta
    bulk_delete = f"/admin/bulk/{meta.app_label}/{meta.model_name}/delete/?id={theirs.pk}"
    assert client.post(bulk_delete).status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    assert client.get(reverse(chooser.get_url_name("chosen"), args=["not-an-id"])).status_code == 404


@pytest.mark.parametrize("label", SCOPED)
def test_a_new_record_is_the_association_worked_in_s(label, sites, staff_of_first):
    client = staff_of_first
    first, second = sites
    model = MODELS[label]
    _make, data = RECORDS[label]
    if data is None:
        pytest.skip("checked where the records are made (see RECORDS)")
    add = reverse(model.snippet_viewset.get_url_name("add"))
    form = client.get(add).context["form"]
    if "site" in form.fields:
        assert list(form.fields["site"].queryset) == [first]
    before = set(model.objects.values_list("pk", flat=True))
    # A site field given another association's is refused; without one the record is still A's.
    posted = {name: str(value).replace("{site}", str(second.pk)) for name, value in data.items()}
    if "site" in posted:
        response = client.post(add, posted)
        assert response.status_code == 200 and "site" in response.context["form"].errors
        assert set(model.objects.values_list("pk", flat=True)) == before
        posted["site"] = str(first.pk)
    response = client.post(add, posted)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    (new,) = model.objects.exclude(pk__in=before)
    assert new.site_id == first.pk
