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
