"""What belongs to one association: for each model, the query that finds its rows.

`collect(site)` answers {model label: queryset}. Every concrete model of the deployment is either found here
(`exported_labels`) or named in DEPLOYMENT_WIDE with the reason it stays behind: tests/hosting/test_transfer_scope.py
fails for a model with neither, so a new model needs a decision. Auto-created many-to-many tables travel with the
model that declares the field.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import (
    Collection,
    ModelLogEntry,
    Page,
    Revision,
    RevisionMixin,
    Site,
    TranslatableMixin,
    WorkflowState,
)
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    Template,
    TemplateSegment,
    TranslatableObject,
)

from organisation.models import AssociationGroup, OrganisationSettings

# Reached through a path to the site (a direct `site` foreign key is found without being listed).
THROUGH = {
    "forms.attachment": "submission__site",
    "forms.notification": "submission__site",
    "inbox.case": "submission__site",
    "inbox.caseevent": "case__submission__site",
    "inbox.caselogentry": "case__submission__site",
    "followup.surveyinvitation": "case__submission__site",
    "beneficiaries.householdmember": "file__site",
    "beneficiaries.income": "file__site",
    "beneficiaries.expense": "file__site",
    "beneficiaries.filerequest": "file__site",
    "beneficiaries.filedocument": "file__site",
    "beneficiaries.filelogentry": "file__site",
    "beneficiaries.scheduleddelivery": "plan__site",
    "beneficiaries.campaignfamily": "campaign__site",
    "beneficiaries.groupverificationperiod": "settings__site",
    "research.reportupload": "report__site",
    "research.serviceresearchperiod": "settings__site",
    "research.visitchange": "visit__site",
    "committee.agendaitem": "session__site",
    "committee.attendance": "session__site",
    "committee.rejectionreason": "settings__site",
    "committee.decision": "item__session__site",
    "committee.circulationanswer": "circulation__site",
    "committee.minutesconfirmation": "minutes__site",
    "governance.disclosurenotice": "item__site",
}

# Rows of pages, by the page they hang on.
ON_PAGES = {
    "forms.formfield": "page",
    "wagtailcore.pagelogentry": "page",
    "wagtailcore.pageviewrestriction": "page",
    "wagtailcore.workflowpage": "page",
    "wagtailcore.comment": "page",
    "wagtailcore.pagesubscription": "page",
    "wagtailforms.formsubmission": "page",
}

# Rows that hang on another exported row: {label: (field, label of the row it hangs on)}.
ON_ROWS = {
    "wagtailcore.commentreply": ("comment", "wagtailcore.comment"),
    "wagtailimages.rendition": ("image", "wagtailimages.image"),
    "wagtailcore.groupcollectionpermission": ("group", "auth.group"),
    "wagtailcore.grouppagepermission": ("group", "auth.group"),
    "wagtailcore.collectionviewrestriction": ("collection", "wagtailcore.collection"),
    "wagtailimages.image": ("collection", "wagtailcore.collection"),
    "wagtaildocs.document": ("collection", "wagtailcore.collection"),
    "wagtailusers.userprofile": ("user", "auth.user"),
    "otp_totp.totpdevice": ("user", "auth.user"),
    "otp_static.staticdevice": ("user", "auth.user"),
    "otp_static.statictoken": ("device", "otp_static.staticdevice"),
    "wagtailcore.taskstate": ("workflow_state", "wagtailcore.workflowstate"),
    "wagtail_localize.translationsource": ("object", "wagtail_localize.translatableobject"),
    "wagtail_localize.translationcontext": ("object", "wagtail_localize.translatableobject"),
    "wagtail_localize.translation": ("source", "wagtail_localize.translationsource"),
    "wagtail_localize.translationlog": ("source", "wagtail_localize.translationsource"),
    "wagtail_localize.stringsegment": ("source", "wagtail_localize.translationsource"),
    "wagtail_localize.templatesegment": ("source", "wagtail_localize.translationsource"),
    "wagtail_localize.relatedobjectsegment": ("source", "wagtail_localize.translationsource"),
    "wagtail_localize.overridablesegment": ("source", "wagtail_localize.translationsource"),
    "wagtail_localize.segmentoverride": ("context", "wagtail_localize.translationcontext"),
}

# Rows other deployments share by their content: on import, a row already there with the same content is
# the same row (matched, never overwritten); the export still carries them so a fresh deployment gets them.
SHARED = {"wagtail_localize.string", "wagtail_localize.template", "taggit.tag", "auth.user"}
# Rows of the deployment that carry no site but that its rows point at: those pointed at, with their
# translations, travel as shared rows; removing the association keeps them. None today (policy categories
# and governance records carry their site).
REFERENCED: set[str] = set()
SHARED |= REFERENCED

DEPLOYMENT_WIDE = {
    "hosting.hosting": "holds the operator's permission only",
    "contenttypes.contenttype": "made by migrations; rows refer to it by natural key",
    "auth.permission": "made by migrations; rows refer to it by natural key",
    "wagtailcore.locale": "the deployment's languages; import checks the ids and codes are the same",
    "wagtail_localize.localesynchronization": "the deployment's languages",
    "sessions.session": "sign-ins, not data: staff sign in again on the new server",
    "axes.accessattempt": "the deployment's sign-in security log",
    "axes.accessattemptexpiration": "the deployment's sign-in security log",
    "axes.accessfailurelog": "the deployment's sign-in security log",
    "axes.accesslog": "the deployment's sign-in security log",
    "admin.logentry": "Django's own admin, not used by staff",
    "django_tasks_database.dbtaskresult": "the deployment's queue of background work",
    "wagtailcore.apitoken": "bound to this deployment's SECRET_KEY; made again on the new server",
    "wagtailcore.workflow": "the deployment's moderation workflows (made by migrations)",
    "wagtailcore.task": "the deployment's moderation workflows (made by migrations)",
    "wagtailcore.groupapprovaltask": "the deployment's moderation workflows (made by migrations)",
    "wagtailcore.workflowtask": "the deployment's moderation workflows (made by migrations)",
    "wagtailcore.workflowcontenttype": "the deployment's moderation workflows",
    "wagtailcore.uploadedfile": "uploads in progress, not kept",
    "wagtailcore.referenceindex": "derived from the rows; rebuilt (manage.py rebuild_references_index)",
    "wagtailsearch.indexentry": "derived from the rows; the imported pages are indexed again",
    "wagtailsearch.sqliteftsindexentry": "derived from the rows; the imported pages are indexed again",
    "wagtailadmin.admin": "holds permissions only",
    "wagtailadmin.editingsession": "who is editing now, not kept",
    "wagtailadmin.formstate": "unsaved admin forms, not kept",
    "wagtail_headless_preview.pagepreview": "previews in progress, not kept",
    "wagtailembeds.embed": "a cache of oEmbed answers, fetched again",
}


def label(model) -> str:
    return model._meta.label_lower


def concrete_models():
    """Every concrete model of the deployment but auto-created many-to-many tables."""
    return [m for m in apps.get_models() if not m._meta.proxy and not m._meta.auto_created]


def _site_field(model):
    field = next((f for f in model._meta.concrete_fields if f.name == "site"), None)
    return field if field is not None and field.is_relation and field.related_model is Site else None


def _page_models():
    return [m for m in concrete_models() if issubclass(m, Page) and m is not Page]


def exported_labels() -> set[str]:
    found = {"wagtailcore.site", "wagtailcore.page", "wagtailcore.collection", "auth.group", "auth.user"}
    found |= {"wagtailcore.revision", "wagtailcore.modellogentry", "wagtailcore.workflowstate"}
    found |= {"organisation.organisationprofile", "taggit.taggeditem"}
    found |= {"wagtail_localize.translatableobject", "wagtail_localize.stringtranslation"} | SHARED
    found |= set(THROUGH) | set(ON_PAGES) | set(ON_ROWS) | {label(m) for m in _page_models()}
    found |= {label(m) for m in concrete_models() if _site_field(m)}
    return found


def _ids(queryset):
    return list(queryset.values_list("pk", flat=True))


def _by_object(model, found):
    """Rows kept by (content type, object id) for the rows found so far (log entries, revisions, tags)."""
    q = Q(pk__in=[])
    numeric = model._meta.get_field("object_id").get_internal_type().endswith("IntegerField")
    for name, queryset in found.items():
        owner = apps.get_model(name)
        if numeric and not owner._meta.pk.get_internal_type().endswith(("AutoField", "IntegerField")):
            continue  # a row with a UUID key cannot be tagged by an integer id
        ids = [str(pk) for pk in _ids(queryset)]
        if ids:
            kind = ContentType.objects.get_for_model(owner, for_concrete_model=True)
            q |= Q(content_type=kind, object_id__in=ids)
    return model.objects.filter(q)


def collect(site: Site) -> dict:
    """{model label: queryset of the association's rows}, in an order where a row's owner comes first."""
    found = {"wagtailcore.site": Site.objects.filter(pk=site.pk)}
    roots = [site.root_page, *site.root_page.get_translations()]  # the Arabic home and its English sibling
    in_trees = Q(pk__in=[])
    for root in roots:
        in_trees |= Q(path__startswith=root.path, depth__gte=root.depth)
    found["wagtailcore.page"] = Page.objects.filter(in_trees)
    page_ids = _ids(found["wagtailcore.page"])
    for model in _page_models():
        found[label(model)] = model.objects.filter(pk__in=page_ids)
    for model in concrete_models():
        if _site_field(model) and label(model) not in found:
            found[label(model)] = model.objects.filter(site=site)
    for name, path in THROUGH.items():
        found[name] = apps.get_model(name).objects.filter(**{path: site})
    for name, field in ON_PAGES.items():
        found[name] = apps.get_model(name).objects.filter(**{f"{field}__in": page_ids})
    found["auth.group"] = Group.objects.filter(
        pk__in=AssociationGroup.objects.filter(site=site).values("group")
    )
    collection = Collection.objects.filter(
        pk__in=apps.get_model("organisation.association").objects.filter(site=site).values("collection")
    ).first()
    found["wagtailcore.collection"] = (
        Collection.objects.filter(path__startswith=collection.path, depth__gte=collection.depth)
        if collection is not None else Collection.objects.none()
    )  # fmt: skip
    profiles = OrganisationSettings.objects.filter(site=site).exclude(profile=None).values("profile__translation_key")
    found["organisation.organisationprofile"] = apps.get_model("organisation.organisationprofile").objects.filter(
        translation_key__in=profiles
    )
    _add_on_rows(found, ["wagtailimages.image", "wagtaildocs.document"])
    for name in ("wagtailimages.image", "wagtaildocs.document"):  # its logo, a signed policy... kept elsewhere
        found[name] = found[name] | _referenced(found, apps.get_model(name))
    _add_on_rows(found, ["wagtailimages.rendition"])
    found["wagtailcore.workflowstate"] = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk in page_ids]
    )
    _add_on_rows(found, ["wagtailcore.taskstate", "wagtailcore.commentreply", "wagtailcore.collectionviewrestriction"])
    _add_on_rows(found, ["wagtailcore.groupcollectionpermission", "wagtailcore.grouppagepermission"])
    for name in REFERENCED:
        found[name] = _referenced(found, apps.get_model(name))
    _add_translations(found)
    found["wagtailcore.revision"] = _revisions(found, page_ids)
    found["taggit.taggeditem"] = _by_object(apps.get_model("taggit.taggeditem"), found)
    found["taggit.tag"] = apps.get_model("taggit.tag").objects.filter(
        pk__in=found["taggit.taggeditem"].values("tag")
    )
    found["auth.user"] = _users(found)
    _add_on_rows(found, ["wagtailusers.userprofile", "otp_totp.totpdevice", "otp_static.staticdevice"])
    _add_on_rows(found, ["otp_static.statictoken"])
    found["wagtailcore.modellogentry"] = _by_object(ModelLogEntry, found)
    return found


def _referenced(found, model):
    """The rows of `model` that the rows found point at, with their translations."""
    ids = set()
    for name, queryset in list(found.items()):
        for field in apps.get_model(name)._meta.concrete_fields:
            if field.is_relation and field.related_model is model:
                ids |= set(queryset.exclude(**{field.attname: None}).values_list(field.attname, flat=True))
    if not issubclass(model, TranslatableMixin):
        return model.objects.filter(pk__in=ids)
    keys = model.objects.filter(pk__in=ids).values("translation_key")
    return model.objects.filter(Q(pk__in=ids) | Q(translation_key__in=keys))


def _add_on_rows(found, names):
    for name in names:
        field, owner = ON_ROWS[name]
        found[name] = apps.get_model(name).objects.filter(**{f"{field}__in": _ids(found[owner])})


def _add_translations(found):
    """wagtail-localize's records for the translatable rows found (pages, snippets, form fields)."""
    keys = set()
    for name, queryset in list(found.items()):
        if issubclass(apps.get_model(name), TranslatableMixin):
            keys |= set(queryset.values_list("translation_key", flat=True))
    found["wagtail_localize.translatableobject"] = TranslatableObject.objects.filter(translation_key__in=keys)
    for name in (
        "wagtail_localize.translationsource", "wagtail_localize.translationcontext", "wagtail_localize.translation",
        "wagtail_localize.translationlog", "wagtail_localize.stringsegment", "wagtail_localize.templatesegment",
        "wagtail_localize.relatedobjectsegment", "wagtail_localize.overridablesegment",
        "wagtail_localize.segmentoverride",
    ):  # fmt: skip
        _add_on_rows(found, [name])
    # A segment may point at a translatable row outside the association (a shared snippet): its object comes too.
    related = found["wagtail_localize.relatedobjectsegment"].values("object")
    found["wagtail_localize.translatableobject"] = TranslatableObject.objects.filter(
        Q(translation_key__in=keys) | Q(pk__in=related)
    )
    found["wagtail_localize.stringtranslation"] = StringTranslation.objects.filter(
        context__in=_ids(found["wagtail_localize.translationcontext"])
    )
    found["wagtail_localize.string"] = String.objects.filter(
        Q(pk__in=StringSegment.objects.filter(source__in=_ids(found["wagtail_localize.translationsource"])).values("string"))
        | Q(pk__in=found["wagtail_localize.stringtranslation"].values("translation_of"))
    )
    found["wagtail_localize.template"] = Template.objects.filter(
        pk__in=TemplateSegment.objects.filter(source__in=_ids(found["wagtail_localize.translationsource"])).values(
            "template"
        )
    )


def _revisions(found, page_ids):
    q = Q(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk in page_ids])
    for name, queryset in found.items():
        model = apps.get_model(name)
        if issubclass(model, RevisionMixin) and not issubclass(model, Page):
            kind = ContentType.objects.get_for_model(model)
            q |= Q(base_content_type=kind, object_id__in=[str(pk) for pk in _ids(queryset)])
    return Revision.objects.filter(q)


def _users(found):
    """Its staff (members of its groups) and every user its rows name (who entered, assigned, decided...)."""
    User = get_user_model()
    ids = set(User.objects.filter(groups__in=_ids(found["auth.group"])).values_list("pk", flat=True))
    for name, queryset in found.items():
        model = apps.get_model(name)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                ids |= set(queryset.exclude(**{field.attname: None}).values_list(field.attname, flat=True))
        for field in model._meta.local_many_to_many:
            if field.related_model is User:
                ids |= set(queryset.exclude(**{field.name: None}).values_list(field.name, flat=True))
    return User.objects.filter(pk__in=ids)


def shared_users(site: Site, users) -> list[str]:
    """Usernames of its users who also work for another association, or for none (operators, superusers):
    exported so a fresh deployment has them, never overwritten where they exist, never removed."""
    own = set(AssociationGroup.objects.filter(site=site).values_list("group", flat=True))
    shared = []
    for user in users.prefetch_related("groups"):
        groups = {group.pk for group in user.groups.all()}
        if not groups or not groups <= own or user.is_superuser:
            shared.append(user.get_username())
    return sorted(shared)
