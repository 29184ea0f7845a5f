"""Bringing an association up: the command makes its site, pages, settings, groups, collection and administrator;
again, it changes nothing; a domain in use is refused."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.models import Collection, Page, Site

from hosting.creation import AssociationRefused, create_association
from organisation.associations import staff_group
from organisation.models import Association, AssociationGroup, OrganisationProfile, OrganisationSettings
from organisation.roles import ROLE_GROUPS
from staff_security import policy
from tests.support.db import built_once

DOMAIN = "second.example.org"
NAMES = {"name_ar": "جمعية الثانية", "name_en": "The Second Association"}
PAGES = ["", "help-request/", "volunteer/", "complaints/", "satisfaction-survey/", "track-request/",
         "services/", "policies/", "governance/"]  # fmt: skip


def make(**overrides):
    return create_association(
        **{"domain": DOMAIN, **NAMES, "admin_email": "Boss@Second.example.org", "reference_code": "QD", **overrides}
    )


def counts():
    from django.contrib.auth import get_user_model

    models = [Site, Page, Association, AssociationGroup, Group, Collection, OrganisationProfile, get_user_model()]
    models += [model for model in registry if issubclass(model, BaseSiteSetting)]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_the_command_makes_the_association(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_association", DOMAIN, "--name-ar", NAMES["name_ar"], "--name-en", NAMES["name_en"],
            "--admin-email", "boss@second.example.org", "--code", "QD", "--sender-email", "info@second.example.org",
            "--sms-sender", "SECOND",
        )  # fmt: skip
    site = Site.objects.get(hostname=DOMAIN)
    association = site.association
    assert (association.reference_code, association.sender_email, association.sms_sender) == (
        "QD", "info@second.example.org", "SECOND",
    )  # fmt: skip
    # Its pages answer on its host, in Arabic and in English.
    for language in ("ar", "en"):
        for page in PAGES:
            response = client.get(f"/{language}/{page}", HTTP_HOST=DOMAIN)
            assert response.status_code == 200, (language, page, response.status_code)
    assert NAMES["name_ar"].encode() in client.get("/ar/", HTTP_HOST=DOMAIN).content
    assert NAMES["name_en"].encode() in client.get("/en/", HTTP_HOST=DOMAIN).content
    # Its settings, every site setting the apps define.
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            assert model.objects.filter(site=site).exists(), model
    assert OrganisationSettings.objects.get(site=site).profile.name == NAMES["name_ar"]
    # Its collection and staff groups, a group per role, with media permissions on its collection.
    collection = Collection.objects.get(name=NAMES["name_ar"])
    assert collection.get_parent() == Collection.get_first_root_node()
    assert set(AssociationGroup.objects.filter(site=site).values_list("role", flat=True)) == set(ROLE_GROUPS)
    administrators = staff_group(site, "administrator")
    assert administrators.collection_permissions.filter(collection=collection).exists()
    # Its administrator: no usable password, a link emailed, in its administrators' group only.
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="boss@second.example.org")
    assert not admin.has_usable_password()
    assert list(admin.groups.all()) == [administrators]
    assert len(mail.outbox) == 1 and "/admin/password_reset/confirm/" in mail.outbox[0].body
    # Working in that association, they owe a second step at their first sign-in.
    admin.working_site_id = site.pk
    assert policy.must_use_second_factor(admin)


@pytest.fixture(scope="class")
def _made(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, make)


@pytest.fixture
def made(db, _made):
    """`make()`'s result: the association made once for the class (about 18 s a time), each test in a
    savepoint inside it."""
    return _made


@pytest.mark.django_db
class TestOnceMade:
    """Tests that only read the association `make()` made, or try to make it again: they share one making
    (a class, not the module: the other tests need the domain free)."""

    def test_the_password_link_lets_the_administrator_choose_a_password(self, client, made):
        result = made
        assert result.created and result.seconds > 0  # its time is reported (the command prints it), never asserted
        response = client.get(result.password_link.split(DOMAIN)[1].removeprefix(":8000"), HTTP_HOST=DOMAIN)
        assert response.status_code == 302  # Django's confirm view moves the token into the session
        response = client.get(response["Location"], HTTP_HOST=DOMAIN)
        assert response.status_code == 200 and b"new_password1" in response.content

    def test_running_it_again_changes_nothing(self, made):
        before = counts()
        again = make()
        assert not again.created
        assert counts() == before

    def test_a_domain_in_use_is_refused(self, made):
        with pytest.raises(AssociationRefused, match=DOMAIN):
            make(name_ar="جمعية أخرى", name_en="Another", reference_code="")
        with pytest.raises(CommandError, match="localhost"):
            call_command(
                "create_association", "localhost", "--name-ar", "س", "--name-en", "S", "--admin-email", "a@b.org"
            )

    def test_a_code_another_association_has_is_refused(self, made):
        with pytest.raises(AssociationRefused):
            make(domain="third.example.org")
        assert not Site.objects.filter(hostname="third.example.org").exists()


@pytest.mark.django_db
def test_half_a_pair_of_recaptcha_keys_is_refused():
    with pytest.raises(AssociationRefused, match="reCAPTCHA"):
        make(recaptcha_public_key="site-key-only")
    assert not Site.objects.filter(hostname=DOMAIN).exists()
