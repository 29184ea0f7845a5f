"""The drill's association step: which associations it moves by default, and what counts as a difference
between the export from the live site and the one after the import (the step itself runs in
test_restore_drill.py, on PostgreSQL)."""

import pytest
from wagtail.models import Site

from backups.drill_associations import chosen_domains, differences
from tests.support.second_association import HOSTNAME, build_second_association


def manifest(counts, files):
    return {"counts": counts, "files": [{"storage": s, "name": n, "sha256": h} for s, n, h in files]}


def test_differences_name_every_count_and_file_that_changed():
    files = [("private", "a.pdf", "1"), ("default", "i.png", "2")]
    first = manifest({"forms.submission": 2, "forms.attachment": 3}, files)
    assert differences(first, first) == []
    second = manifest({"forms.submission": 2, "forms.attachment": 2}, [("private", "a.pdf", "9")])
    assert differences(first, second) == [
        "forms.attachment: 3 rows exported, 2 after the import",
        "default file i.png: missing after the import",
        "private file a.pdf: its sha256 differs after the import",
    ]


@pytest.mark.django_db
def test_by_default_every_association_but_the_default_one():
    default = Site.objects.get(is_default_site=True).hostname
    assert chosen_domains() == [default]
    build_second_association()
    assert chosen_domains() == [HOSTNAME]
    assert chosen_domains([default]) == [default]
