"""The API's OpenAPI document (/api/v3/openapi.json): valid, and enough for a generated client to do a front
end's work over HTTP, from reading a page to looking a request's status up."""

import io
import uuid

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from forms.models import Attachment, Submission
from tests.support.api_client import client_module
from tests.support.forms import PDF
from tests.support.forms_api import help_answers, multipart_fields

pytestmark = pytest.mark.django_db

MOBILE = "0505550123"  # help_answers' applicant


def test_the_served_document_is_valid_openapi(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_anonymous_reads_are_an_empty_security_requirement(client):
    """Wagtail's public reads take a bearer token or nothing: OpenAPI's `{}`, not a scheme with no scheme."""
    document = client.get("/api/v3/openapi.json").json()
    assert set(document["components"]["securitySchemes"]) == {"BearerTokenAuth"}
    assert document["paths"]["/api/v3/pages/{page_id}/"]["get"]["security"] == [{"BearerTokenAuth": []}, {}]
    assert document["paths"]["/api/v3/pages/{page_id}/"]["patch"]["security"] == [{"BearerTokenAuth": []}]
    copy = document["paths"]["/api/v3/pages/{page_id}/actions/copy/"]["post"]["requestBody"]
    assert copy["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PageCopySchema"}


def answer_parts(schema: dict) -> dict:
    """A help request as multipart parts of the generated client: each answer a text part, and one PDF.
    Made afresh for each request (a part's payload is read when it is sent)."""
    File = client_module("types").File
    parts = {
        key: File(payload=io.BytesIO(str(value).encode()), mime_type="text/plain")
        for key, value in multipart_fields(help_answers(schema)).items()
    }
    parts["documents"] = File(payload=io.BytesIO(PDF), file_name="id-copy.pdf", mime_type="application/pdf")
    body = client_module("models").FormsSubmitFilesBody()
    body.additional_properties.update(parts)
    return body


def test_a_generated_client_reads_files_replays_and_follows_up(generated_client, form_page):
    """Through openapi-python-client's client for the served document, over HTTP: a page in both languages,
    the form's schema, a multipart submission with a file, its replay under the same Idempotency-Key, and
    its status. (The generator types Wagtail's public reads as needing an AuthenticatedClient, as it does
    for any `security` even with `{}` in it, openapi-python-client#1372; the plain Client reads them.)"""
    api = "api.{}".format
    models = client_module("models")
    pages_detail, pages_list = client_module(api("pages.pages_detail")), client_module(api("pages.pages_list"))
    forms_schema, forms_submit = client_module(api("forms.forms_schema")), client_module(api("forms.forms_submit"))
    followup_lookup = client_module(api("followup.followup_lookup"))
    arabic, english = form_page("help-request", "ar"), form_page("help-request", "en")

    # A page in both languages: the Arabic page, its English translation found through the API.
    read = pages_detail.sync_detailed(arabic.pk, client=generated_client)
    assert read.status_code == 200
    assert (read.parsed.title, read.parsed.meta.locale) == (arabic.title, "ar")
    translations = pages_list.sync_detailed(client=generated_client, translation_of=arabic.pk, locale="en").parsed
    assert [page.id for page in translations.items] == [english.pk]
    read = pages_detail.sync_detailed(english.pk, client=generated_client)
    assert (read.parsed.title, read.parsed.meta.locale) == (english.title, "en")

    # The form's schema, in English.
    schema = forms_schema.sync_detailed(english.pk, client=generated_client, locale=models.FormsSchemaLocaleType0.EN)
    assert schema.status_code == 200
    assert isinstance(schema.parsed, models.FormSchemaOut) and schema.parsed.locale == "en"
    assert "documents" in [field.key for field in schema.parsed.fields]

    # A multipart submission with a file, then the same again under the same key.
    before = Submission.objects.count()
    key = str(uuid.uuid4())
    first = forms_submit.sync_detailed(
        english.pk, client=generated_client, body=answer_parts(schema.parsed.to_dict()), idempotency_key=key
    )
    assert first.status_code == 201, first.content
    again = forms_submit.sync_detailed(
        english.pk, client=generated_client, body=answer_parts(schema.parsed.to_dict()), idempotency_key=key
    )
    assert again.status_code == 200, again.content
    assert isinstance(first.parsed, models.SubmissionOut) and isinstance(again.parsed, models.SubmissionOut)
    assert (first.parsed.created, again.parsed.created) == (True, False)
    assert again.parsed.reference == first.parsed.reference and again.parsed.to_dict() == {
        **first.parsed.to_dict(), "created": False,
    }  # fmt: skip
    assert Submission.objects.count() == before + 1
    submission = Submission.objects.get(reference=first.parsed.reference)
    assert submission.language == "en"
    assert list(Attachment.objects.filter(submission=submission).values_list("original_name", flat=True)) == [
        "id-copy.pdf"
    ]

    # Its status, by its reference and the applicant's mobile.
    status = followup_lookup.sync_detailed(
        client=generated_client,
        body=models.LookupIn(reference=first.parsed.reference, mobile=MOBILE),
        locale=models.FollowupLookupLocale.EN,
    )
    assert status.status_code == 200, status.content
    assert isinstance(status.parsed, models.StatusOut)
    assert status.parsed.reference == first.parsed.reference
    assert status.parsed.stage == models.StatusOutStage.RECEIVED
