"""Reference numbers under concurrent submissions, on PostgreSQL."""

import threading
import uuid

import pytest
from django.db import connection, connections

from forms import pipeline
from forms.models import FormPage, Notification, ReferenceCounter, Submission
from tests.support.db import in_new_connection

THREADS = 50
PER_THREAD = 20


class FakeValidForm:
    """What create_submission reads from a validated survey form."""

    file_field_names: list = []

    def __init__(self, form_class):
        self.field_specs = form_class.field_specs
        self.personal_fields = form_class.personal_fields
        self.applicant_keys = form_class.applicant_keys
        self.cleaned_data = {"submission_token": uuid.uuid4(), "overall": 5, "speed": 4, "staff": 5}


@pytest.mark.django_db
def test_a_thousand_submissions_from_fifty_threads(site_pages):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    page = FormPage.objects.get(locale__language_code="ar", slug="satisfaction-survey")
    form_class = page.get_form_class()
    site_id = page.get_site().pk
    before = set(Submission.objects.values_list("pk", flat=True))
    errors = []
    barrier = threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            for _ in range(PER_THREAD):
                pipeline.create_submission(page, FakeValidForm(form_class), site_id=site_id, language="ar")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    # The test's own transaction is invisible to other connections: each
    # thread commits for real, and the rows are removed again at the end.
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        created = in_new_connection(
            lambda: list(Submission.objects.exclude(pk__in=before).values_list("reference", flat=True))
        )
        assert errors == []
        assert len(created) == THREADS * PER_THREAD
        assert len(set(created)) == THREADS * PER_THREAD
        numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in created)
        assert numbers == list(range(numbers[0], numbers[0] + THREADS * PER_THREAD))
    finally:
        in_new_connection(lambda: _clean_up(before))


def _clean_up(before):
    Notification.objects.exclude(submission_id__in=before).delete()
    Submission.objects.exclude(pk__in=before).delete()
    ReferenceCounter.objects.filter(prefix="SV").delete()
