"""Django's error reports (the emails to ADMINS, the 500 page with DEBUG on) without what visitors sent.

Almost everything posted here is an applicant's personal data: names, ID and
mobile numbers, file names. Django's report lists the POST, GET and FILES of
the request that broke, and the HTML one every frame's local variables; with
DEBUG off (production) these keep their names but lose their values, and the
request's URL loses its query string (a search for a name) and the token of a
personal link (core/log_paths.py). The exception's
type, message and traceback stay: they are what a developer needs.

Settings: DEFAULT_EXCEPTION_REPORTER_FILTER and DEFAULT_EXCEPTION_REPORTER.
"""

import copy
import logging
from urllib.parse import urlsplit, urlunsplit

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from core.log_paths import loggable_path

# request.META entries that hold a query string or a whole URL with one.
URL_META = {"QUERY_STRING", "RAW_URI", "REQUEST_URI", "HTTP_REFERER", "HTTP_ORIGIN"}


def without_query(url: str) -> str:
    """The URL without its query string, and without the token of a personal link (core/log_paths.py)."""
    parts = urlsplit(str(url))
    return urlunsplit((parts.scheme, parts.netloc, loggable_path(parts.path), "", ""))


def _names(fields) -> list[str]:
    """The field names of request.POST/GET/FILES; none if the body cannot be read (what broke may be it)."""
    try:
        return list(fields())
    except Exception:
        return []


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Every POST value and every frame variable is hidden, not only those marked sensitive."""

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(_names(lambda: request.POST), self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if not self.is_active(request):
            return meta
        for key in URL_META & meta.keys():
            meta[key] = without_query(meta[key]) if key.startswith("HTTP_") else self.cleansed_substitute
        if "PATH_INFO" in meta:
            meta["PATH_INFO"] = loggable_path(meta["PATH_INFO"])
        return meta


class PersonalDataExceptionReporter(ExceptionReporter):
    """The report lists the GET and FILES fields by name only, and the URL without its query."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            hidden = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, hidden) for key in _names(lambda: self.request.GET)]
            data["request_FILES_items"] = [(key, hidden) for key in _names(lambda: self.request.FILES)]
            data["request_insecure_uri"] = without_query(data.get("request_insecure_uri", ""))
            # The report's title names the path ("... at /ar/.../link/<token>/"): a copy names it redacted.
            shown = copy.copy(self.request)
            shown.path_info, shown.path = loggable_path(self.request.path_info), loggable_path(self.request.path)
            data["request"] = shown
        return data


class SkipDeliberateUnavailable(logging.Filter):
    """Keeps the site's own 503 answers (a bucket down: the applicant's answers kept, logged by the
    forms) out of error mail; real server errors still reach ADMINS."""

    def filter(self, record):
        return getattr(record, "status_code", None) != 503
