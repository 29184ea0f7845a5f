"""Fixtures of tests/core: the harness of the no-personal-data tests (tests/support/personal_data.py)."""

import logging

import pytest
from django.core import mail

from tests.support.personal_data import PROJECT_LOGGERS, Catch, EchoingGateway, Leaks, RefusingMail


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
