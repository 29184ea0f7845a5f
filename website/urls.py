from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.documents import urls as wagtaildocs_urls

from core import seo
from forms import views as form_views
from organisation import brand, history
from website import views

urlpatterns = [
    # The site history of the association worked in, in front of Wagtail's own at the same address.
    path("admin/", include(history.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("brand.css", brand.stylesheet, name="brand_stylesheet"),
]

if settings.SERVE_MEDIA_LOCALLY:
    # Development and tests only: production media live in S3. Static files
    # are served by WhiteNoise in every profile.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))

# Every public page lives under its language: /ar/… and /en/…. A bare "/" is
# redirected by LocaleMiddleware from the browser's Accept-Language, falling
# back to Arabic (LANGUAGE_CODE).
urlpatterns += i18n_patterns(
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("search/", views.search, name="search"),
    # Where form pages post to (forms.views.send). Listed before Wagtail's pages,
    # so it takes just this one shape of path, forms/<id>/send/, from the page tree.
    path("forms/<int:page_id>/send/", form_views.send, name="form_send"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
