"""Message templates per association (step 3 of 3): the site required, one template per association,
kind, event and language."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inbox", "0011_fill_message_template_site")]

    operations = [
        migrations.AlterField(
            model_name="messagetemplate",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="association",
            ),
        ),
        migrations.AddConstraint(
            model_name="messagetemplate",
            constraint=models.UniqueConstraint(
                fields=("site", "kind", "event", "language"), name="inbox_one_template_per_site_event"
            ),
        ),
    ]
