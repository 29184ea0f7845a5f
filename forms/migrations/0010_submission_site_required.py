"""Every request carries its association (step 3 of 3): the site required; reference counters per association;
an index for one association's requests, newest first."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forms", "0009_fill_submission_site")]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="association",
            ),
        ),
        migrations.AlterField(
            model_name="referencecounter",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site"
            ),
        ),
        migrations.RemoveConstraint(model_name="referencecounter", name="unique_reference_counter"),
        migrations.AddConstraint(
            model_name="referencecounter",
            constraint=models.UniqueConstraint(
                fields=("site", "prefix", "year"), name="unique_reference_counter_per_site"
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["site", "-submitted_at"], name="forms_submission_site_sent"),
        ),
    ]
