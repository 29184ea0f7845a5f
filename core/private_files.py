"""Handing a private file to the staff member who may have it: streamed from local storage, or a redirect to a
signed URL of at most five minutes when the private storage is a bucket. Never cached on the way."""

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponseRedirect

SIGNED_URL_SECONDS = 300


def download_response(storage, name: str, filename: str, content_type: str):
    """The response that hands `name` over as `filename`; Http404 when it is not in the storage."""
    signed = getattr(storage, "querystring_auth", False)
    try:
        if signed:
            if not storage.exists(name):
                raise FileNotFoundError(name)
        else:
            handle = storage.open(name, "rb")
    except OSError:
        raise Http404 from None
    if signed:
        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        url = storage.url(
            name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
            expire=min(SIGNED_URL_SECONDS, getattr(storage, "querystring_expire", SIGNED_URL_SECONDS)),
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
