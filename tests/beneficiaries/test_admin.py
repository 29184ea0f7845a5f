"""The beneficiary files in the Arabic admin: found by any member's ID in any digit set, by mobile or by name;
opened and kept by the roles that work requests; health notes seen only by those who need them."""

import pytest
from django.urls import reverse

from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory
from beneficiaries.models import BeneficiaryFile, FileStatus, LegalBasis
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
INDEX = reverse("beneficiaries:index")


def signed_in(client, user):
    return sign_in(client, user)


def listed(client, **query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["١٠٠٠٠٠٠٠٠٨", "1000000008", "١٠٠٠", "٢٠٠٠٠٠٠٠٠٦", "٠٥٠ ٥٥٥ ١٢٣٤", "+966505551234", "أم خالد", "ام خالد"],
)
def test_a_family_is_found_by_any_members_id_its_mobile_or_its_name(client, staff, query):
    family = BeneficiaryFileFactory(head_name="أم خالد الحربي", head_id="1000000008", mobile="+966505551234")
    HouseholdMemberFactory(file=family, id_number="2000000006")
    BeneficiaryFileFactory(head_name="فهد العنزي", mobile="+966505559999")
    signed_in(client, staff["relations"])
    page = listed(client, q=query)
    assert "أم خالد الحربي" in page and "فهد العنزي" not in page


def test_filters_and_the_household_size(client, staff):
    family = BeneficiaryFileFactory(head_name="أسرة نشطة", status=FileStatus.ACTIVE)
    HouseholdMemberFactory(file=family)
    HouseholdMemberFactory(file=family, id_number="")
    BeneficiaryFileFactory(head_name="أسرة قيد التسجيل")
    signed_in(client, staff["committee"])
    page = listed(client, status=FileStatus.ACTIVE)
    assert "أسرة نشطة" in page and "أسرة قيد التسجيل" not in page


def file_form(**fields):
    data = {
        "head_name": "منيرة سعد القحطاني", "head_id": "١٠٠٠٠٠٠٠٠٨", "mobile": "٠٥٠٥٥٥١٢٣٤", "other_mobile": "",
        "city": "الرياض", "district": "النسيم", "status": FileStatus.REGISTERING, "next_verification": "",
    }  # fmt: skip
    for formset in ("members", "incomes", "expenses"):
        data |= {f"{formset}-TOTAL_FORMS": "0", f"{formset}-INITIAL_FORMS": "0",
                 f"{formset}-MIN_NUM_FORMS": "0", f"{formset}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    return data | fields


def test_relations_open_a_file_for_a_family_that_walked_in(client, staff):
    signed_in(client, staff["relations"])
    response = client.post(reverse("beneficiaries:add"), file_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    family = BeneficiaryFile.objects.get()
    assert (family.head_id, family.mobile, family.head_name_search) == (
        "1000000008",
        "+966505551234",
        "منيره سعد القحطاني",
    )


@pytest.mark.parametrize(("field", "value"), [("head_id", "١٠٠٠٠٠٠٠٠٩"), ("mobile", "0123"), ("head_name", "")])
def test_bad_input_is_a_clear_error_and_saves_nothing(client, staff, field, value):
    signed_in(client, staff["relations"])
    response = client.post(reverse("beneficiaries:add"), file_form(**{field: value}))
    assert response.status_code == 200
    assert not BeneficiaryFile.objects.exists()
    assert response.context["form"].errors[field]


def test_health_notes_are_shown_to_researchers_and_never_to_relations(client, staff):
    member = HouseholdMemberFactory(health_note="ربو مزمن", health_legal_basis=LegalBasis.SERVICE)
    edit = reverse("beneficiaries:edit", args=[member.file.pk])
    signed_in(client, staff["researcher"])
    assert "ربو مزمن" in client.get(edit).content.decode()
    client.logout()
    signed_in(client, staff["relations"])
    page = client.get(edit).content.decode()
    assert "ربو مزمن" not in page and "health_note" not in page
    inspect = client.get(reverse("beneficiaries:inspect", args=[member.file.pk])).content.decode()
    assert "ربو مزمن" not in inspect


def outcome(response):
    """ "ok", "login", or "denied" (403, or the admin's redirect to its dashboard)."""
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    return "ok" if response.status_code == 200 else f"status {response.status_code}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("relations", ["ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"]),
        ("researcher", ["ok", "ok", "denied", "ok", "ok", "ok", "denied", "denied"]),
        ("committee", ["ok", "ok", "denied", "denied", "denied", "denied", "denied", "denied"]),
        ("admin", ["ok"] * 8),
        ("editor", ["denied"] * 8),
        ("moderator", ["denied"] * 8),
        ("anonymous", ["login"] * 8),
    ],
)
def test_who_may_do_what(client, staff, role, expected):
    """The listing, a file's page, a new file, editing one, verifying one, completing its registration,
    deleting one, merging two
    (tests/website/test_permission_matrix.py names this test for the paths of one file)."""
    family, other = BeneficiaryFileFactory(), BeneficiaryFileFactory()
    if role != "anonymous":
        signed_in(client, staff[role])
    paths = [
        INDEX,
        reverse("beneficiaries:inspect", args=[family.pk]),
        reverse("beneficiaries:add"),
        reverse("beneficiaries:edit", args=[family.pk]),
        reverse("beneficiaries:verify", args=[family.pk]),
        reverse("beneficiaries:register", args=[family.pk]),
        reverse("beneficiaries:delete", args=[family.pk]),
        reverse("beneficiaries:merge", args=[family.pk, other.pk]),
    ]
    assert [outcome(client.get(path)) for path in paths] == expected


def test_a_second_file_for_the_same_head_is_refused_with_a_clear_error(client, staff):
    BeneficiaryFileFactory(head_id="1000000008")
    signed_in(client, staff["relations"])
    response = client.post(reverse("beneficiaries:add"), file_form())
    assert response.status_code == 200 and response.context["form"].errors["head_id"]
    assert BeneficiaryFile.objects.count() == 1


def test_the_listing_filters_files_with_a_request_still_open(client, site_pages, staff):
    from beneficiaries.models import FileRequest, LinkedBy
    from tests.support.inbox import finish, make_case

    waiting, served = BeneficiaryFileFactory(head_name="أسرة تنتظر"), BeneficiaryFileFactory(head_name="أسرة خُدمت")
    FileRequest.objects.create(file=waiting, case=make_case(), linked_by=LinkedBy.STAFF)
    done = make_case()
    finish(done)
    FileRequest.objects.create(file=served, case=done, linked_by=LinkedBy.STAFF)
    signed_in(client, staff["relations"])
    page = listed(client, open_request="true")
    assert "أسرة تنتظر" in page and "أسرة خُدمت" not in page
    page = listed(client, open_request="false")
    assert "أسرة تنتظر" not in page and "أسرة خُدمت" in page
