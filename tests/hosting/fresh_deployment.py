"""Run inside a scratch deployment's own process (tests/hosting/test_import_into_fresh_deployment.py):

`python manage.py shell --no-imports -c "from tests.hosting import fresh_deployment; fresh_deployment.pages(D)"`
asks for every live page of the association on domain D through its host, as a browser would, and prints one
line of JSON: each page's path with its status and whether its title is on it.
"""

import json

from django.test import Client
from django.utils.html import escape
from wagtail.models import Site

from hosting.transfer import scope


def pages(domain):
    client = Client(HTTP_HOST=domain)
    seen = {}
    for page in scope.collect(Site.objects.get(hostname=domain))["wagtailcore.page"].live().specific():
        _site, _root, path = page.get_url_parts()
        response = client.get(path)
        seen[path] = [response.status_code, escape(page.title) in response.content.decode()]
    print(json.dumps({"pages": seen}, ensure_ascii=False))
