"""seed_demo: idempotent, synchronised translations, a dev account only in development."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from organisation.models import AssociationGroup, OrganisationProfile
from organisation.roles import ROLE_GROUPS
from services.models import BeneficiaryGroup, ServiceCategory

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def counts():
    return {
        "pages": Page.objects.count(),
        "profiles": OrganisationProfile.objects.count(),
        "images": Image.objects.count(),
        "translations": Translation.objects.count(),
        "revisions": Revision.objects.count(),
        "categories": ServiceCategory.objects.count(),
        "groups": BeneficiaryGroup.objects.count(),
    }


def test_running_twice_duplicates_nothing(site_pages):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
    # root; in each language: home, about, four forms, policy index, four policies, service index, six services,
    # the governance index and its ten areas, and the request-tracking page
    assert before["pages"] == 1 + 2 * (1 + 1 + 4 + 1 + 4 + 1 + 6 + 11 + 1)
    assert before["profiles"] == 2
    assert before["categories"] == 2 * 4
    assert before["groups"] == 2 * 6


def test_tree_is_sound_after_seeding(site_pages):
    # Translations published late once overwrote numchild: children vanished.
    for page in Page.objects.all():
        assert page.numchild == page.get_children().count() == Page.objects.child_of(page).count()
    assert (
        site_pages["home_en"].get_children().live().count() == site_pages["home_ar"].get_children().live().count() == 9
    )


def test_no_default_user_outside_development(db):
    with override_settings(DEBUG=False):
        call_command("seed_demo", stdout=io.StringIO())
    # The demo's researcher and committee are names on its records: nobody can sign in as them.
    assert not [user for user in get_user_model().objects.all() if user.has_usable_password()]


def test_development_gets_a_local_superuser_and_is_told_how_to_log_in(db):
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
        call_command("seed_demo", stdout=io.StringIO())
    (user,) = [user for user in get_user_model().objects.all() if user.has_usable_password()]
    assert user.is_superuser and user.username == "admin"
    assert "http://127.0.0.1:8000/admin/" in out.getvalue()


@override_settings(DEBUG=True, STAFF_SECURITY_DEVELOPMENT_CODES=True)  # website/settings/dev.py, as `make run` has
def test_make_run_signs_a_newcomer_in_with_what_it_prints_and_the_code_the_page_shows(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    username, password = re.search(r"as '([^']+)' with the password '([^']+)'", out.getvalue()).groups()
    client = Client()
    client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == "/admin/two-step/verify/?next=%2Fadmin%2F"
    code = re.search(r"data-development-code>(\d{6})<", page.content.decode()).group(1)
    assert client.post("/admin/two-step/verify/", {"code": code, "next": "/admin/"})["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and "wagtailadmin/home.html" in [t.name for t in dashboard.templates]


def test_the_role_groups_work_for_the_demo_association(site_pages):
    """Tied to the demo's site, or they would count in every association (organisation.backends)."""
    site = site_pages["site"]

    def ties():
        return {name: (link.site_id, link.role) for link in AssociationGroup.objects.select_related("group")
                for name in [link.group.name]}  # fmt: skip

    assert all(ties().get(name) == (site.pk, role) for role, name in ROLE_GROUPS.items()), ties()
    # A database whose role groups lost their ties (migrated before organisation.0008) gets them back.
    AssociationGroup.objects.filter(group__in=Group.objects.filter(name__in=ROLE_GROUPS.values())).delete()
    call_command("seed_demo", stdout=io.StringIO())
    assert all(ties().get(name) == (site.pk, role) for role, name in ROLE_GROUPS.items()), ties()
