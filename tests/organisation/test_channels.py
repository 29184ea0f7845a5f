"""organisation.channels: an association's own sender email, SMS sender name and reCAPTCHA keys, each
falling back to the deployment's setting; one query, none with a request once the worker keeps them."""

import pytest
from django.test import RequestFactory

from home.factories import SiteFactory
from organisation import channels

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployment(settings):
    settings.DEFAULT_FROM_EMAIL = "no-reply@deployment.example.org"
    settings.FORMS_SMS_SENDER = "Deployment"
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "site-key", "secret-key"
    return settings


@pytest.fixture
def other(site_pages):
    site = SiteFactory(hostname="other.localhost")
    association = site.association
    association.sender_email, association.sms_sender = "help@other.example.org", "Other"
    association.recaptcha_public_key, association.recaptcha_private_key = "other-site-key", "other-secret"
    association.save()
    return site


def test_blank_channels_are_the_deployments(site_pages, deployment, django_assert_num_queries):
    site_id = site_pages["site"].pk
    with django_assert_num_queries(1):
        assert channels.sender_email(site_id) == "no-reply@deployment.example.org"
    assert channels.sms_sender(site_id) == "Deployment"
    assert channels.recaptcha_keys(site_id) == ("site-key", "secret-key")
    assert channels.sender_email(None) == "no-reply@deployment.example.org"
    # The settings are read each time, never kept.
    deployment.DEFAULT_FROM_EMAIL = "changed@deployment.example.org"
    assert channels.sender_email(site_id) == "changed@deployment.example.org"


def test_an_associations_own_channels(other, deployment):
    assert channels.sender_email(other.pk) == "help@other.example.org"
    assert channels.sms_sender(other.pk) == "Other"
    assert channels.recaptcha_keys(other.pk) == ("other-site-key", "other-secret")


def test_kept_per_worker_with_a_request_until_the_association_changes(other, deployment, django_assert_num_queries):
    request = RequestFactory().get("/", HTTP_HOST="other.localhost")
    assert channels.sender_email(other.pk, request) == "help@other.example.org"
    with django_assert_num_queries(0):
        assert channels.recaptcha_keys(other.pk, RequestFactory().get("/", HTTP_HOST="other.localhost")) == (
            "other-site-key",
            "other-secret",
        )
    association = other.association
    association.sender_email = ""
    association.save()  # changes the structure version: every worker reads it again
    assert channels.sender_email(other.pk, RequestFactory().get("/", HTTP_HOST="other.localhost")) == (
        "no-reply@deployment.example.org"
    )
