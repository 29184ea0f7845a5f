"""Fixtures of tests/core: the harness of the no-personal-data tests (tests/support/personal_data.py), and
`site_content`: what the cache tests see on the association's public pages beyond its forms (services,
policies, the board), built once per module."""

import logging
from types import SimpleNamespace

import pytest
from django.core import mail

from governance.factories import BoardMemberFactory, BoardPageFactory, GovernanceIndexPageFactory
from governance.models import BoardPage, GovernanceIndexPage
from home.models import HomePage
from organisation.factories import english, home_of, translate
from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from policies.models import PolicyIndexPage, PolicyPage
from services.factories import ServiceCategoryFactory, ServiceIndexPageFactory, ServicePageFactory
from services.models import ServiceIndexPage, ServicePage
from tests.support.db import built_once
from tests.support.personal_data import PROJECT_LOGGERS, Catch, EchoingGateway, Leaks, RefusingMail

CONTENT_ENGLISH = {
    "المساعدات الغذائية": "Food aid",
    "السلة الغذائية": "Food basket",
    "كفالة الأيتام": "Orphan sponsorship",
    "سياسة الخصوصية وحماية البيانات الشخصية": "Privacy and personal data protection policy",
    "خدمات مختارة": "Featured services",
    "عضو المجلس": "Board member",
}


def build_site_content() -> dict:
    """On the default site (the tests' association), in Arabic and English: the service catalogue at
    /services/ with two services (food-basket, featured on the home page), the policy library at
    /policies/ with the privacy policy, and the governance section with the board page and a member in
    term. Returns primary keys (the tests read fresh rows: a test's changes roll back)."""
    category = ServiceCategoryFactory(name="المساعدات الغذائية", slug="food-aid", english=CONTENT_ENGLISH)
    catalogue = ServiceIndexPageFactory(slug="services", english=True)
    basket = ServicePageFactory(
        parent=catalogue, slug="food-basket", title="السلة الغذائية", category=category, english=CONTENT_ENGLISH
    )
    ServicePageFactory(
        parent=catalogue, slug="orphans", title="كفالة الأيتام", category=category, english=CONTENT_ENGLISH
    )
    library = PolicyIndexPageFactory(slug="policies", english=True)
    PolicyPageFactory(
        parent=library, slug="privacy", title="سياسة الخصوصية وحماية البيانات الشخصية", english=CONTENT_ENGLISH
    )
    governance = GovernanceIndexPageFactory(slug="governance", english=True)
    BoardPageFactory(parent=governance, slug="board", english=True)
    BoardMemberFactory(english=CONTENT_ENGLISH)
    home = home_of()
    home.body = [
        *[(block.block_type, block.value) for block in home.body],
        ("featured_services", {"heading": "خدمات مختارة", "services": [basket], "index_page": catalogue}),
    ]
    home.save_revision().publish()
    translate(home, CONTENT_ENGLISH)
    return {"home": home.pk}


@pytest.fixture(scope="module")
def _site_content_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_site_content)


@pytest.fixture
def site_content(db, _site_content_rows):
    """The default site's services, policies and board (built once per module, see build_site_content):
    each by language ("ar", "en"): `.home`, `.services` (the catalogue), `.service` (food-basket),
    `.policies` (the library), `.policy` (privacy), `.governance`, `.board`."""
    home_ar = HomePage.objects.get(pk=_site_content_rows["home"])
    homes = {"ar": home_ar, "en": home_ar.get_translation(english()).specific}

    def each(model, **lookup):
        return {language: model.objects.descendant_of(home).get(**lookup) for language, home in homes.items()}

    return SimpleNamespace(
        home=homes, services=each(ServiceIndexPage), service=each(ServicePage, slug="food-basket"),
        policies=each(PolicyIndexPage), policy=each(PolicyPage, slug="privacy"),
        governance=each(GovernanceIndexPage), board=each(BoardPage),
    )  # fmt: skip


@pytest.fixture(scope="module")
def gateway():
    server = EchoingGateway()
    yield server
    server.stop()


@pytest.fixture
def leaks(settings, monkeypatch, gateway, site_pages):
    from django.core.cache import cache

    from followup import status

    settings.EMAIL_BACKEND = "tests.support.personal_data.RefusingMail"
    RefusingMail.attempted = []
    settings.ADMINS = [("Administrators", "admins@example.org")]
    settings.MANAGERS = settings.ADMINS
    settings.FORMS_SMS_BACKEND = "forms.sms.HttpGatewayBackend"
    settings.FORMS_SMS_GATEWAY_URL = gateway.url
    settings.FORMS_SMS_GATEWAY_TOKEN = "token-for-tests"  # noqa: S105
    settings.FORMS_SMS_GATEWAY_TIMEOUT = 5
    cache.clear()
    status._local_counts.clear()

    # mail_admins and mail_managers, whoever calls them (AdminEmailHandler, BrokenLinkEmailsMiddleware, the app).
    admin_mail = []
    for name in ("mail_admins", "mail_managers"):
        original = getattr(mail, name)

        def recording(subject, message, *args, _original=original, **kwargs):
            admin_mail.append("\n".join([subject, message, kwargs.get("html_message") or ""]))
            return _original(subject, message, *args, **kwargs)

        monkeypatch.setattr(mail, name, recording)

    catch = Catch()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    levels = {}
    for name in PROJECT_LOGGERS:
        levels[name] = logging.getLogger(name).level
        logging.getLogger(name).setLevel(logging.DEBUG)
    for logger in loggers:
        if logger.name.split(".")[0] in PROJECT_LOGGERS and logger.level > logging.DEBUG:
            levels[logger.name] = logger.level
            logger.setLevel(logging.DEBUG)
        logger.addHandler(catch)
    yield Leaks(catch, admin_mail)
    for logger in {*loggers, logging.getLogger(), *[logging.getLogger(name) for name in PROJECT_LOGGERS]}:
        logger.removeHandler(catch)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
