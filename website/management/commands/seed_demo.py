"""Fill the site with the demo association's content. Safe to run again."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

import beneficiaries.demo
import committee.demo
import followup.demo
import forms.demo
import governance.demo
import home.demo
import inbox.demo
import organisation.demo
import policies.demo
import services.demo
from beneficiaries.fake_families import create_fake_families
from staff_security import development

DEV_USERNAME = "admin"
DEV_PASSWORD = "admin"  # noqa: S105 - local development only, never in production


class Command(BaseCommand):
    help = "Create or update the demo association's content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--submissions", type=int, default=0, metavar="N",
            help="Also create N realistic fake requests (every kind, status and language) for trying the inbox.",
        )  # fmt: skip
        parser.add_argument(
            "--families", type=int, default=0, metavar="N",
            help="Also create N fake beneficiary families (household, income, deliveries) for trying the files.",
        )  # fmt: skip

    def handle(self, *args, **options):
        with transaction.atomic():
            site = Site.objects.get(is_default_site=True)
            # Later apps add their demo content here, in tree order.
            organisation.demo.seed(site)
            home.demo.seed(site)
            forms.demo.seed(site)
            policies.demo.seed(site)
            services.demo.seed(site)
            governance.demo.seed(site)  # after the policies it links to
            followup.demo.seed(site)  # the status lookup page and its survey, before the home page links to it
            home.demo.seed_front_page(site)  # last: links the pages seeded above
            beneficiaries.demo.seed(site)  # families with history: requests, documents, deliveries from the funds
            committee.demo.seed(site)  # research visits, a session held and its decisions, an appeal waiting
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if options["submissions"]:
            made = inbox.demo.create_fake_requests(options["submissions"])
            self.stdout.write(f"{made} fake requests created.")
        if options["families"]:
            made = create_fake_families(options["families"])
            self.stdout.write(f"{made} fake families created.")
        self.ensure_dev_superuser()

    def ensure_dev_superuser(self):
        """In development only (settings.DEBUG): the local `admin` account, and how to sign in with it."""
        if not settings.DEBUG:
            return
        User = get_user_model()
        user = User.objects.filter(username=DEV_USERNAME).first()
        if user is None:
            user = User.objects.create_superuser(DEV_USERNAME, "admin@localhost", DEV_PASSWORD)
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/admin/ as {DEV_USERNAME!r} with the password {DEV_PASSWORD!r}"
            " (a local development account: never use it in production)."
        )
        if not development.enabled():
            self.stdout.write(
                "As a superuser it then adds a second step (staff_security): scan the QR code the admin shows"
                " with an authenticator app, or type the key shown under it (without a phone:"
                " oathtool --totp -b KEY). To start that over: python manage.py reset_second_factor admin"
            )
        elif development.is_simulated(development.give_app(user)):
            self.stdout.write(
                "Then the second step asks for a code from an authenticator app: here, in development, its page"
                " shows the code of an app simulated on this computer. Type that code; no phone is needed."
            )
        else:
            self.stdout.write(
                "Then the second step asks for the code of the authenticator app you added to this account."
                " To have its page show the code again: python manage.py reset_second_factor admin,"
                " then python manage.py seed_demo"
            )
