"""Writing to the database: a parsed policy becomes a draft page under the policy index."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Site

from organisation.associations import pages_of
from policies.importer.folding import fit
from policies.importer.parser import parse
from policies.importer.reading import read_document
from policies.importer.results import ParsedPolicy, PolicyImportError
from policies.models import PolicyIndexPage, PolicyPage

logger = logging.getLogger(__name__)


def index_for(site_id, locale_code: str):
    """The policy index in that language of the association on `site_id` (None: none)."""
    return pages_of(site_id, PolicyIndexPage.objects.filter(locale__language_code=locale_code)).first()


def create_draft(parsed: ParsedPolicy, locale_code: str = "ar", user=None, site_id=None):
    """A draft PolicyPage under the locale's policy index of the association on `site_id` (default: the default
    site's), never published here."""
    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        raise PolicyImportError(_("Unknown language: %(code)s.") % {"code": locale_code})
    if site_id is None:
        site_id = Site.objects.get(is_default_site=True).pk
    index = index_for(site_id, locale_code)
    if index is None:
        raise PolicyImportError(_("There is no policy index page in this language to put the policy under."))
    approval = dict(parsed.approval)
    # Any value still longer than its field: shorten it and say so (never a raw ValidationError).
    for name, value in list(approval.items()):
        limit = getattr(PolicyPage._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            parsed.shortened.append((str(PolicyPage._meta.get_field(name).verbose_name), limit))
            approval[name] = fit(value, limit)
    try:
        with transaction.atomic():
            page = PolicyPage(
                title=parsed.title,
                draft_title=parsed.title,
                slug=find_available_slug(index, _slug(parsed.title)),
                body=parsed.body,
                live=False,
                owner=user,
                locale=locale,
                **approval,
            )
            index.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
    except ValidationError as error:
        problems = "; ".join(
            f"{PolicyPage._meta.get_field(name).verbose_name if name != '__all__' else ''}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise PolicyImportError(
            _("The draft could not be saved (%(problems)s). Nothing was created.") % {"problems": problems}
        ) from error
    return page


def _slug(title: str) -> str:
    return slugify(title, allow_unicode=True)[:80].strip("-") or "policy"


def import_file(data: bytes, filename: str, locale_code: str = "ar", user=None, site_id=None):
    """(draft page, ParsedPolicy), the draft in the library of the association on `site_id`; every failure is
    a PolicyImportError and creates nothing."""
    try:
        text, source = read_document(data, filename)
        parsed = parse(text, locale_code, source)
        return create_draft(parsed, locale_code, user, site_id), parsed
    except PolicyImportError:
        raise
    except Exception as error:  # a document shape nobody foresaw: say so, log it, create nothing
        logger.exception("The policy importer failed on %s", filename)
        raise PolicyImportError(
            _("This document could not be imported because of an error in the importer; nothing was created.")
        ) from error
