"""Retention of family files: closed and suspended files are erased the years their association set after
reaching that status (five by default), by the inbox's daily retention command, through the erasure log; active
files and files under registration are kept whatever their age."""

import datetime
import json
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from beneficiaries import erasure, retention
from beneficiaries.factories import BeneficiaryFileFactory, DeliveryFactory, FileDocumentFactory
from beneficiaries.models import (
    AnonymisedFile,
    BeneficiaryFile,
    Delivery,
    ErasedBy,
    FileDocument,
    FileRetentionSettings,
    FileStatus,
)
from home.factories import SiteFactory
from inbox import erasure_log
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def aged(status, years, days=0, **fields):
    """A file that reached `status` `years` (and `days`) ago."""
    file = BeneficiaryFileFactory(status=status, **fields)
    when = retention.years_before(timezone.now(), years) - datetime.timedelta(days=days)
    BeneficiaryFile.objects.filter(pk=file.pk).update(status_changed_at=when, opened_at=when)
    file.refresh_from_db()
    return file


def run(*args):
    out = StringIO()
    call_command("inbox_retention", *args, stdout=out)
    return out.getvalue()


def test_closed_and_suspended_files_past_five_years_are_erased_others_kept(
    site_pages, django_capture_on_commit_callbacks
):
    closed_long_ago = aged(FileStatus.CLOSED, 5, days=1)
    suspended_long_ago = aged(FileStatus.SUSPENDED, 5, days=1)
    recently_closed = aged(FileStatus.CLOSED, 4, days=300)
    old_but_active = aged(FileStatus.ACTIVE, 20)
    old_but_registering = aged(FileStatus.REGISTERING, 20)
    document = FileDocumentFactory(file=closed_long_ago)
    DeliveryFactory(file=closed_long_ago)

    assert "2 family file(s) past their retention period" in run("--dry-run")
    assert BeneficiaryFile.objects.count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert "2 family file(s) erased" in output and "0 request(s) deleted" in output
    left = set(BeneficiaryFile.objects.values_list("pk", flat=True))
    assert left == {recently_closed.pk, old_but_active.pk, old_but_registering.pk}
    assert not FileDocument.objects.exists() and not storages["private"].exists(document.stored_file.name)
    delivery = Delivery.objects.get()
    assert delivery.file_id is None and delivery.anonymised_file.erased_by == ErasedBy.RETENTION
    assert AnonymisedFile.objects.count() == 2
    # Each erasure was written to the erasure log first, naming no one.
    names = storages["private"].listdir(erasure_log.FOLDER)[1]
    records = [json.loads(storages["private"].open(f"{erasure_log.FOLDER}/{n}").read()) for n in names]
    assert sorted(r["id"] for r in records) == sorted([closed_long_ago.pk, suspended_long_ago.pk])
    assert {r["action"] for r in records} == {erasure.RETENTION} and {r["subject"] for r in records} == {erasure.FILE}
    summary = ModelLogEntry.objects.get(action=retention.SUMMARY)
    assert summary.data == {"erased": 2, "kept": 0} and summary.user is None
    assert closed_long_ago.head_name not in summary.label + str(summary.data)


def test_the_period_is_each_associations_setting(site_pages):
    other_site = SiteFactory(hostname="second.localhost")
    settings = FileRetentionSettings.for_site(Site.objects.get(is_default_site=True))
    settings.closed_years = 10
    settings.save()
    ours = aged(FileStatus.CLOSED, 6)
    theirs = aged(FileStatus.CLOSED, 6, site=other_site)
    run()
    assert BeneficiaryFile.objects.filter(pk=ours.pk).exists()
    assert not BeneficiaryFile.objects.filter(pk=theirs.pk).exists()
    assert FileRetentionSettings._meta.get_field("closed_years").default == 5


def test_the_period_counts_from_the_status_change(site_pages):
    file = aged(FileStatus.ACTIVE, 12)
    file.status = FileStatus.CLOSED
    file.save()  # closed today: kept for the whole period from now
    assert file.status_changed_at > timezone.now() - datetime.timedelta(minutes=1)
    run()
    assert BeneficiaryFile.objects.filter(pk=file.pk).exists()


def test_a_file_reopened_before_its_turn_is_kept(site_pages):
    file = aged(FileStatus.CLOSED, 6)
    periods = retention.Periods()
    now = timezone.now()
    assert retention.due_file_ids(now, periods) == [file.pk]
    BeneficiaryFile.objects.filter(pk=file.pk).update(status=FileStatus.ACTIVE)  # reopened meanwhile
    assert erasure.erase_file(file.pk, action=erasure.RETENTION,
                              still_wanted=lambda f: retention.is_due(f, now, periods)) is None  # fmt: skip
    assert BeneficiaryFile.objects.filter(pk=file.pk).exists()


def test_a_failure_keeps_the_file_and_the_command_says_so(site_pages, monkeypatch):
    file = aged(FileStatus.CLOSED, 6)

    def down(*args, **kwargs):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(erasure_log, "write_subject", down)
    with pytest.raises(CommandError, match="1 family file"):
        run()
    assert BeneficiaryFile.objects.filter(pk=file.pk).exists()
    assert ModelLogEntry.objects.get(action=retention.SUMMARY).data == {"erased": 0, "kept": 1}


def test_administrators_set_the_periods_in_either_digit_set(client, site_pages, staff):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["beneficiaries", "fileretentionsettings", site.pk])
    sign_in(client, staff["relations"])
    assert client.get(url).status_code in (302, 403)
    client.logout()
    sign_in(client, staff["admin"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"closed_years": "٧", "suspended_years": "3"})
    assert response.status_code == 302, response.content.decode()[:3000]
    settings = FileRetentionSettings.for_site(site)
    assert (settings.closed_years, settings.suspended_years) == (7, 3)
    response = client.post(url, {"closed_years": "0", "suspended_years": "3"})
    assert response.status_code == 200 and FileRetentionSettings.for_site(site).closed_years == 7
