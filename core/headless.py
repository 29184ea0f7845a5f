"""The site as a headless back end: front-end previews and conditional GETs of the API.

Imported by page models (the preview mixin), so nothing here imports Wagtail's
API routers: those build their schemas from every page model at import time.
"""

import hashlib
from http import HTTPStatus

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings

FRONT_END_PREVIEW = "front_end"
API_PREFIX = "/api/"


class FrontEndPreviewMixin(HeadlessPreviewMixin):
    """Adds "Front end" to a page's preview modes when a front end is configured
    (WAGTAIL_HEADLESS_PREVIEW's CLIENT_URLS): the editor is sent there with a
    token the front end exchanges at /api/v3/preview/ for the unsaved page.
    The site's own rendering stays the default preview."""

    @property
    def preview_modes(self):
        modes = list(super().preview_modes)
        if headless_preview_settings.CLIENT_URLS:
            modes.append((FRONT_END_PREVIEW, _("Front end")))
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name == FRONT_END_PREVIEW:
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        # Skip the package's own serve_preview (it would send every mode to the front end).
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)


def body_etag(response) -> str:
    """An ETag that changes exactly when the body does (API reads here, pages in core/page_cache.py)."""
    return f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'


class APIConditionalGetMiddleware:
    """ETag, Cache-Control and 304 Not Modified for the API's public reads.

    The ETag is a hash of the body, so it changes exactly when what is served
    does: when an editor publishes, the next read has a new ETag and the new
    content. Caches must ask again each time (max-age=0), and an unchanged
    answer costs a 304 with no body. A request with an Authorization header
    (drafts, writes' results, tokens) is private and never stored; a view
    that set its own Cache-Control (previews, submissions) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path_info.startswith(API_PREFIX)
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
            or response.has_header("Cache-Control")
        ):
            return response
        patch_vary_headers(response, ["Authorization"])
        if "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
            return response
        if not response.has_header("ETag"):
            response["ETag"] = body_etag(response)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(request, etag=response["ETag"], response=response)


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details (Wagtail's shape; the form endpoints add `code` and a `fields` map).",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["type", "title", "status"],
}


def problem_responses(*statuses: int) -> dict:
    """OpenAPI `responses` for error answers, documented as application/problem+json (for `openapi_extra`)."""
    return {
        "responses": {
            str(status): {
                "description": HTTPStatus(status).phrase,
                "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
            }
            for status in statuses
        }
    }
