"""Moving an association: export, remove and import again restores every row count and every file's sha256;
import refuses another version, a changed file, a taken domain or primary key, writing nothing; removal
refuses without an export of the association as it is now, and the default association."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, Page, Site

from forms.factories import SubmissionFactory
from hosting.models import OPERATORS_GROUP
from hosting.transfer import files, manifest, scope
from organisation.associations import collection_of
from organisation.factories import ImageFactory, UserFactory
from organisation.models import Association
from scripts.signin import sign_in
from staff_security.factories import StaffFactory
from tests.support.second_association import HOSTNAME


@pytest.fixture
def second(db, second_association):
    built = second_association
    staff = StaffFactory(username="b-staff")
    staff.groups.set([next(iter(built.groups.values()))])
    SubmissionFactory(form_page=built.forms["help-request"])
    ImageFactory(collection=collection_of(built.site))
    return built


def export(tmp_path, name="export"):
    directory = tmp_path / name
    call_command("export_association", HOSTNAME, "--to", str(directory), stdout=io.StringIO())
    return directory


def state(site):
    found = scope.collect(site)
    return manifest.counts(found), {
        (alias, name): files.stored_sha256(alias, name) for alias, name in files.names(found)
    }


def totals():
    return Site.objects.count(), Page.objects.count(), Collection.objects.count(), Association.objects.count()


@pytest.mark.django_db
def test_export_remove_import_restores_every_row_and_file(second, tmp_path, django_capture_on_commit_callbacks, client):
    counts, hashes = state(second.site)
    assert counts["forms.attachment"] >= 1 and counts["wagtailimages.image"] == 1 and counts["otp_totp.totpdevice"] == 1
    directory = export(tmp_path)
    written = manifest.read(directory)
    assert written["counts"] == counts and written["domain"] == HOSTNAME
    assert {(f["storage"], f["name"]): f["sha256"] for f in written["files"]} == hashes
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_association", HOSTNAME, "--export", str(directory), stdout=io.StringIO())
    assert not Site.objects.filter(hostname=HOSTNAME).exists()
    assert not any(files.storages[alias].exists(name) for alias, name in hashes)
    assert not Page.objects.filter(pk__in=[p.pk for p in second.forms.values()]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_association", str(directory), stdout=io.StringIO())
    assert state(Site.objects.get(hostname=HOSTNAME)) == (counts, hashes)
    assert client.get("/ar/help-request/", HTTP_HOST=HOSTNAME).status_code == 200


def refused(directory, match):
    """Refused (commands speak the deployment's language, Arabic) and nothing written."""
    before = totals()
    with pytest.raises(CommandError, match=match):
        call_command("import_association", str(directory))
    assert totals() == before


@pytest.mark.django_db
def test_import_refuses_a_taken_domain(second, tmp_path):
    refused(export(tmp_path), "مستخدم في هذا النشر")


@pytest.mark.django_db
def test_import_refuses_taken_primary_keys(second, tmp_path):
    directory = export(tmp_path)
    Site.objects.filter(hostname=HOSTNAME).update(hostname="moved.localhost")
    refused(directory, "موجودة في تخزين")
    files.delete([(entry["storage"], entry["name"]) for entry in manifest.read(directory)["files"]])
    refused(directory, "موجودة هنا")


@pytest.mark.django_db
def test_import_refuses_another_version(second, tmp_path):
    directory = export(tmp_path)
    path = directory / "manifest.json"
    data = json.loads(path.read_text())
    data["migrations"]["forms"].append("9999_from_the_future")
    path.write_text(json.dumps(data))
    Site.objects.filter(hostname=HOSTNAME).update(hostname="moved.localhost")
    refused(directory, "بإصدار آخر")


@pytest.mark.django_db
def test_import_refuses_a_changed_file(second, tmp_path):
    directory = export(tmp_path)
    entry = manifest.read(directory)["files"][0]
    files.copied_path(directory, entry["storage"], entry["name"]).write_bytes(b"changed")
    Site.objects.filter(hostname=HOSTNAME).update(hostname="moved.localhost")
    refused(directory, "تخالف البيان")


@pytest.mark.django_db
def test_remove_refuses_without_a_matching_export(second, tmp_path):
    def refused_removal(directory, match, domain=HOSTNAME):
        with pytest.raises(CommandError, match=match):
            call_command("remove_association", domain, "--export", str(directory))
        assert Site.objects.filter(hostname=domain).exists()

    (tmp_path / "empty").mkdir()
    refused_removal(tmp_path / "empty", "صدِّرها أولًا")
    directory = export(tmp_path)
    SubmissionFactory(form_page=second.forms["help-request"])  # changed since the export
    refused_removal(directory, "تغيّرت الجمعية")
    default = Site.objects.get(is_default_site=True)
    refused_removal(directory, "الافتراضية", domain=default.hostname)


@pytest.mark.django_db
def test_the_operator_screen_removes_after_an_export(
    second, tmp_path, client, staff, django_capture_on_commit_callbacks
):
    operator = UserFactory(username="operator")
    operator.groups.add(Group.objects.get(name=OPERATORS_GROUP))
    association = second.site.association
    path = f"/admin/hosting/{association.pk}/remove/"
    sign_in(client, staff["admin"])
    assert client.get(path).status_code in (302, 403)
    assert client.post(path, {"domain": HOSTNAME, "export_directory": "/tmp"}).status_code in (302, 403)
    sign_in(client, operator)
    page = client.get("/admin/hosting/").content.decode()
    first = Site.objects.get(is_default_site=True).association
    assert path in page and f"/admin/hosting/{first.pk}/remove/" not in page
    assert "export_association" in client.get(path).content.decode()
    (tmp_path / "empty").mkdir()
    refused = client.post(path, {"domain": HOSTNAME, "export_directory": str(tmp_path / "empty")})
    assert refused.status_code == 200 and Site.objects.filter(hostname=HOSTNAME).exists()
    directory = export(tmp_path)
    mistyped = client.post(path, {"domain": "other.localhost", "export_directory": str(directory)})
    assert mistyped.status_code == 200 and Site.objects.filter(hostname=HOSTNAME).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, {"domain": HOSTNAME, "export_directory": str(directory)})
    assert done.status_code == 302 and not Site.objects.filter(hostname=HOSTNAME).exists()
