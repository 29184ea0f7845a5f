"""An association of its own (a site on its own host) with an identity as full as the demo's, made once per
module (rolled back when the module is done)."""

import pytest
from django.test import Client
from wagtail.models import Site

from home.factories import SiteFactory
from tests.support.db import built_once

NAME = "جمعية نخلة العطاء الأهلية"
PRIVACY_HEADING = "ما نجمعه ولماذا"
ENGLISH = {
    NAME: "Nakhlat Al-Ataa Community Association",
    "الرئيسية": "Home",
    "مصرف الراجحي": "Al Rajhi Bank",
    PRIVACY_HEADING: "What we collect and why",
    f"<h2>{PRIVACY_HEADING}</h2>": "<h2>What we collect and why</h2>",
    "فرع الخرج": "Al-Kharj branch",
    "الخرج": "Al-Kharj",
}
BRANCHES = [
    {"name": "المقر الرئيسي", "city": "الرياض", "address": "حي الواحة", "working_hours": "", "phone": "0115550123",
     "map_url": ""},
    {"name": "فرع الخرج", "city": "الخرج", "address": "حي الخالدية", "working_hours": "", "phone": "0115550456",
     "map_url": ""},
]  # fmt: skip
SOCIAL = [
    {"platform": "x", "url": "https://x.com/nakhlat_alataa"},
    {"platform": "instagram", "url": "https://www.instagram.com/nakhlat_alataa"},
    {"platform": "whatsapp", "url": "https://wa.me/966505550123"},
]


def build_association():
    """A site whose home page is titled as the demo's, and whose settings say what the footer and API show."""
    return SiteFactory(
        root_page__title="الرئيسية",
        organisation__profile__name=NAME,
        organisation__profile__bank_name="مصرف الراجحي",
        organisation__profile__privacy_notice=f"<h2>{PRIVACY_HEADING}</h2><p>نطلب ما يلزم لدراسة طلبك فقط.</p>",
        organisation__profile__branches=[("branch", branch) for branch in BRANCHES],
        organisation__profile__english=ENGLISH,
        organisation__registration_number="4821",
        organisation__po_box="12345",
        organisation__email="info@nakhlat-alataa.org.sa",
        organisation__social_accounts=[("account", account) for account in SOCIAL],
        organisation__with_logo=True,
    )


@pytest.fixture(scope="module")
def _association_pk(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: build_association().pk)


@pytest.fixture
def association(db, _association_pk):
    """The association (made once per module, read fresh): its site, `build_association`'s."""
    return Site.objects.get(pk=_association_pk)


@pytest.fixture
def visitor(association):
    """A browser on the association's host."""
    return Client(HTTP_HOST=association.hostname)
