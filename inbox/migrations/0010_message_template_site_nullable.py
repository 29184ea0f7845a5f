"""Message templates per association (step 1 of 3): the site, nullable while it is filled in.

After the migrations of the apps that add their default templates (research, the family file), so that
theirs are there to be given a site."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0009_supervisors_directors_and_appeal_template"),
        ("organisation", "0004_associations"),
        ("research", "0002_visit_messages_and_permissions"),
        ("beneficiaries", "0007_deliveries"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="messagetemplate",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="association",
            ),
        ),
        migrations.RemoveConstraint(model_name="messagetemplate", name="inbox_one_template_per_event"),
    ]
