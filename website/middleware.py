from csp.middleware import CSPMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.translation import get_language


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 outside the language-prefixed
    site stays a 404.

    Django redirects any unprefixed 404 to /<lang>/… when that path resolves,
    and Wagtail's catch-all resolves everything: an API client asking for a
    missing object would get a redirect to an HTML page instead of a 404.
    """

    UNPREFIXED = ("/admin/", "/api/", "/documents/", "/static/", "/media/", "/healthz")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one exception: the Wagtail admin.

    Wagtail 8's admin still writes a few inline scripts (the date-time choosers
    of the page editor), so admin responses also allow inline scripts. Public
    pages keep script-src 'self' only; the browser tests check both.
    """

    ADMIN_PREFIX = "/admin/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(self.ADMIN_PREFIX):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), "'unsafe-inline'"]
            parts.update = update
        return parts
