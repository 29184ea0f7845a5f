from django import template
from django.utils.translation import get_language

from core import calendars
from core.templatetags.seo_tags import json_ld
from governance.models import fiscal_calendar
from governance.pdf import document_details

register = template.Library()


@register.simple_tag(takes_context=True)
def document_facts(context, document):
    """A disclosure document's year, dates and file, as the reader's language writes them."""
    language = get_language()
    return {
        "year": document.year_label(language, fiscal_calendar(context.get("request"), document.site_id)),
        **document.dates_in(language),
        "valid_until": calendars.format_gregorian(document.valid_until, language),
        "file": document_details(document.document, language) if document.document_id else None,
    }


@register.simple_tag(takes_context=True)
def board_json_ld(context, page, members, committees):
    """schema.org: the association (the same @id as every page's NGO) and its board as `member` roles."""
    request = context["request"]
    home = request.build_absolute_uri(f"/{get_language()}/")

    def person(member):
        data = {"@type": "Person", "name": member.name, "jobTitle": str(member.get_role_display())}
        if member.photo_id:
            data["image"] = request.build_absolute_uri(member.photo.get_rendition("fill-240x240").url)
        return data

    roles = []
    for member in members:
        role = {
            "@type": "OrganizationRole",
            "roleName": str(member.get_role_display()),
            "startDate": member.term_start.isoformat(),
            "member": person(member),
        }
        if member.term_end:
            role["endDate"] = member.term_end.isoformat()
        roles.append(role)
    data = {"@context": "https://schema.org", "@type": "NGO", "@id": home + "#organisation", "member": roles}
    if committees:
        data["subOrganization"] = [
            {
                "@type": "Organization",
                "name": entry["committee"].name,
                **({"description": entry["committee"].mandate} if entry["committee"].mandate else {}),
                "member": [{"@type": "Person", "name": name} for name in entry["members"]],
            }
            for entry in committees
        ]
    return json_ld(data)
