"""Branded 404 in the reader's language; a 500 page that needs nothing and speaks both."""

import pytest
from django.test import Client

from home.models import StandardPage
from organisation.models import OrganisationSettings

pytestmark = pytest.mark.django_db


def test_404_in_arabic(client, association):
    name = OrganisationSettings.for_site(association.site).profile.name
    response = client.get("/ar/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصفحة غير موجودة" in html
    assert name in html  # branded: header and footer


def test_404_in_english(client, site_pages):
    response = client.get("/en/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en" dir="ltr">' in html
    assert "Page not found" in html


def test_500_speaks_both_languages(site_pages, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(StandardPage, "serve", broken)
    response = Client(raise_request_exception=False).get("/ar/about/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "عذرًا، حدث خطأ غير متوقع" in html
    assert "Sorry, something went wrong" in html


def test_server_errors_are_mailed_to_admins_but_not_the_deliberate_503s():
    import logging

    from django.utils.log import AdminEmailHandler

    (handler,) = [h for h in logging.getLogger("django.request").handlers if isinstance(h, AdminEmailHandler)]
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Service Unavailable: /ar/", (), None)
    record.status_code = 503
    assert not all(f.filter(record) for f in handler.filters)  # a bucket down: logged, not mailed
    record.status_code = 500
    assert all(f.filter(record) for f in handler.filters)  # DEBUG is off in tests
