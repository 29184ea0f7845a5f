"""The association's own look as one small stylesheet, /brand.css: its brand colours as CSS custom
properties that website/static/css/site.css reads (`var(--brand-primary, <default>)`).

A stylesheet, not a <style> in the page: the Content-Security-Policy allows styles from the site's own
files only. Pages link it with the colours' version in its address (`?v=`), so a browser or CDN may keep
it for a year; a change of colour changes the address in every page (the page cache follows the content
version, which the setting's save changes for its site).
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from core.contrast import HEX_COLOUR
from organisation.facts import organisation

YEAR = 365 * 24 * 3600


def stylesheet(request):
    facts = organisation(request)
    lines = [
        f"  --brand-{name}: {facts[f'brand_{name}']};"
        for name in ("primary", "secondary")
        if HEX_COLOUR.match(facts[f"brand_{name}"] or "")
    ]
    body = ":root {\n" + "\n".join(lines) + "\n}\n" if lines else ""
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    if facts["brand_version"] and request.GET.get("v") == facts["brand_version"]:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:  # an old or missing version: what it is now, briefly
        patch_cache_control(response, public=True, max_age=300)
    return response
