"""Fixtures of tests/core: the harness of the no-personal-data tests (tests/support/personal_data.py), and the
catalogue the SEO and search tests read (tests/support/catalogue.py), built once per module."""

import logging

import pytest
from django.core import mail

from tests.support.catalogue import build_catalogue, read_catalogue
from tests.support.db import rolled_back_at_the_end
from tests.support.personal_data import PROJECT_LOGGERS, Catch, EchoingGateway, Leaks, RefusingMail


@pytest.fixture(scope="module")
def _catalogue_rows(django_db_setup, django_db_blocker):
    with rolled_back_at_the_end(django_db_blocker):
        yield build_catalogue()


@pytest.fixture
def catalogue(db, _catalogue_rows):
    """The association's services, policy library and home page sections in both languages (once per module)."""
    return read_catalogue(_catalogue_rows)


@pytest.fixture(scope="module")
def gateway():
    server = EchoingGateway()
    yield server
    server.stop()


@pytest.fixture
def leaks(settings, monkeypatch, gateway, demo):
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
