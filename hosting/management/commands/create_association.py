"""python manage.py create_association DOMAIN --name-ar NAME --name-en NAME --admin-email EMAIL [--code QD] ..."""

from django.core.management.base import BaseCommand, CommandError

from hosting.creation import AssociationRefused, create_association


class Command(BaseCommand):
    help = (
        "Bring an association up on DOMAIN: its site and pages in Arabic and English, settings, staff groups, "
        "collection and administrator account. Running it again with the same names changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("domain", help="The association's host name, e.g. second.localhost")
        parser.add_argument("--name-ar", required=True, help="Its name in Arabic.")
        parser.add_argument("--name-en", required=True, help="Its name in English.")
        parser.add_argument("--admin-email", required=True, help="Its first administrator's email (and username).")
        parser.add_argument("--code", default="", help="The letters its request references start with (1-6).")
        parser.add_argument("--sender-email", default="", help="The address its messages come from.")
        parser.add_argument("--sms-sender", default="", help="The sender name of its text messages.")
        parser.add_argument("--recaptcha-public-key", default="")
        parser.add_argument("--recaptcha-private-key", default="")
        parser.add_argument(
            "--base-url", default="", help="Where its administrator opens the password link (default: its domain)."
        )

    def handle(self, *args, **options):
        try:
            result = create_association(
                options["domain"],
                options["name_ar"],
                options["name_en"],
                options["admin_email"],
                reference_code=options["code"],
                sender_email=options["sender_email"],
                sms_sender=options["sms_sender"],
                recaptcha_public_key=options["recaptcha_public_key"],
                recaptcha_private_key=options["recaptcha_private_key"],
                base_url=options["base_url"],
            )
        except AssociationRefused as refused:
            raise CommandError(str(refused)) from refused
        site = result.site
        if not result.created:
            self.stdout.write(f"The association on {site.hostname} already exists: nothing changed.")
            return
        code = result.association.reference_code
        up = f"The association on {site.hostname} is up (references {code}-…), in {result.seconds:.1f} s."
        self.stdout.write(self.style.SUCCESS(up))
        self.stdout.write(f"Its administrator {result.administrator.username} sets a password at (once):")
        self.stdout.write(f"  {result.password_link}")
        self.stdout.write("The link was emailed too; at the first sign-in the admin asks for a second step.")
