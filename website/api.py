"""The one place where the project's routers join Wagtail's API v3, the document it serves, and the headless preview.

The headless preview in Wagtail's API v3: the page an editor is previewing, by its token.

"Preview → Front end" in the admin (core.headless.FrontEndPreviewMixin)
sends the editor to the front end with `?content_type=app.model&token=…`; the
front end asks here for that unsaved page, in the shape of the page detail.
The token is the secret (signed by the site, made per preview): no session or
API token is needed, and the answer is never stored by a cache. Like the pages
API, it answers at the host of the page's association only.
"""

from types import MethodType

from django.apps import apps
from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router
from wagtail.api.v3.api import api
from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Page

from core import site_facts
from core.headless import FrontEndPreviewMixin, problem_responses
from followup.api import router as followup_router
from forms.api import router as forms_router
from organisation.api import router as organisation_router
from organisation.api_scoping import confine_to_host
from organisation.associations import pages_in_trees_of

router = Router(tags=["preview"])


def preview_max_age() -> int:
    """Seconds a preview token is good for (the package itself never expires them)."""
    return int(getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", 3600))


def page_model(label: str):
    """The previewable page model named "app.model" (as the preview URL has it), or None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, FrontEndPreviewMixin) else None


def not_found(detail) -> HttpResponse:
    response = problem_response(status=404, detail=str(detail))
    response["Cache-Control"] = "private, no-store"
    return response


def previewed_here(request, signed: str) -> bool:
    """Whether the page a preview token was signed for ("id=…" for a saved page, "parent_id=…;page_type=…" for a new
    one under that parent: wagtail_headless_preview's identifiers) still stands within the host's site."""
    name, _sep, value = signed.split(";")[0].partition("=")
    site_id = site_facts.site_id(request)
    if name not in ("id", "parent_id") or not value.isdigit() or site_id is None:
        return False
    return pages_in_trees_of(site_id, Page.objects.filter(pk=int(value))).exists()


@router.get(
    "/",
    response={200: PageDetailSchema},
    url_name="preview_page",
    summary="The page being previewed, by its preview token",
    operation_id="preview_detail",
    openapi_extra=problem_responses(404, 422),
)
def preview_detail(
    request: HttpRequest,
    response: HttpResponse,
    content_type: str = Query(..., max_length=100),  # noqa: B008
    token: str = Query(..., max_length=500),  # noqa: B008
):
    model = page_model(content_type)
    if model is None:
        return not_found(_("No page type of that name can be previewed."))
    try:
        signed = model.get_preview_signer().unsign(token, max_age=preview_max_age())
        page = model.get_page_from_preview_token(token)
    except SignatureExpired:
        return not_found(_("This preview has expired: preview the page again."))
    except BadSignature:
        signed, page = "", None
    # The package keeps a preview's copy for a day: a page deleted since has no preview any more. A page of
    # another association is previewed at its own host only, as the pages API reads it.
    if page is None or not previewed_here(request, signed):
        return not_found(_("No preview matches this token."))
    response["Cache-Control"] = "private, no-store"  # a draft: no cache keeps it
    return page


# --- the OpenAPI document ---------------------------------------------------------------------
ANONYMOUS_SCHEME = AllowAnonymous.__name__  # the name Ninja gives the scheme in the document


def valid_openapi_document(document: dict) -> dict:
    """Wagtail's OpenAPI document made valid, and whole for client generators (changed in place, and returned).

    - Wagtail's public reads take a bearer token or nothing: `security: [{BearerTokenAuth: []},
      {AllowAnonymous: []}]`, with `AllowAnonymous` a security scheme `{"type": "http"}` that names no
      HTTP scheme, which OpenAPI forbids (openapi-spec-validator rejects the whole document). Anonymity is
      no scheme at all: OpenAPI says "or nothing" with an empty security requirement, `{}`. So the scheme
      goes and every requirement naming it becomes `{}`: what is served is what Wagtail means.
    - Three page actions (unpublish, copy, create_alias) take an optional body whose schema is the model
      wrapped in `allOf` with the model's defaults as a `default`; openapi-python-client cannot give a model
      a default and leaves those operations out. The body is optional and the model's fields carry their
      own defaults (or are optional), so the schema becomes the plain reference to the model.
    """
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    if not schemes:
        document.get("components", {}).pop("securitySchemes", None)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):  # a path's own `parameters` or `servers`
                continue
            if "security" in operation:
                operation["security"] = [
                    {} if ANONYMOUS_SCHEME in requirement else requirement for requirement in operation["security"]
                ]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                schema = content.get("schema", {})
                if set(schema) == {"allOf", "default"} and len(schema["allOf"]) == 1 and "$ref" in schema["allOf"][0]:
                    content["schema"] = schema["allOf"][0]
    return document


def served_openapi_schema(self, *, path_prefix=None, path_params=None):
    """NinjaAPI.get_openapi_schema, then valid_openapi_document: what /api/v3/openapi.json and the docs serve."""
    document = NinjaAPI.get_openapi_schema(self, path_prefix=path_prefix, path_params=path_params)
    return valid_openapi_document(document)


def register_routers() -> None:
    """Every router of the project, in one OpenAPI document with Wagtail's own, and that document made valid.

    Called once from WebsiteConfig.ready(), before urls.py builds the API's URLs (adding later raises).
    The API is Wagtail's own NinjaAPI instance (Wagtail's contrib apps add their routers to it), so the
    document is mended on that instance: `get_openapi_schema` is Ninja's hook for changing the document,
    and every reader goes through it (the openapi.json view, the docs page, `api.get_openapi_schema()`)."""
    api.add_router("/organisation/", organisation_router)
    api.add_router("/forms/", forms_router)
    api.add_router("/preview/", router)
    api.add_router("/followup/", followup_router)
    confine_to_host()  # Wagtail's pages and tokens, by host (organisation.api_scoping)
    api.get_openapi_schema = MethodType(served_openapi_schema, api)
