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
    """django-csp's middleware with two exceptions: the Wagtail admin, and pages
    that show Google's reCAPTCHA widget.

    Wagtail 8's admin still writes a few inline scripts (the date-time choosers
    of the page editor) and style attributes, so admin responses allow both.
    reCAPTCHA's script writes style attributes into the page (Google's own CSP
    advice asks for style-src 'unsafe-inline'), so a response that shows the
    widget says so with `allow_inline_styles`. Every other public page keeps
    script-src and style-src 'self' only; tests/browser/test_content_security_policy.py
    checks every one of them.
    """

    ADMIN_PREFIX = "/admin/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        inline = []
        if request.path_info.startswith(self.ADMIN_PREFIX):
            inline = ["script-src", "style-src"]
        elif getattr(response, "_inline_styles_allowed", False):
            inline = ["style-src"]
        if inline:
            update = dict(parts.update or {})
            for directive in inline:
                update[directive] = [*update.get(directive, []), "'unsafe-inline'"]
            parts.update = update
        return parts


def allow_inline_styles(response):
    """Let this response's page use style attributes (a third-party widget that writes them)."""
    response._inline_styles_allowed = True
    return response
