"""Every request carries its association (step 1 of 3): the site, nullable while it is filled in."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0007_applicant_name_trigram"),
        ("organisation", "0004_associations"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="association",
            ),
        ),
        migrations.AddField(
            model_name="referencecounter",
            name="site",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site"
            ),
        ),
        migrations.AlterField(
            model_name="submission",
            name="reference",
            field=models.CharField(max_length=32, unique=True, verbose_name="reference number"),
        ),
    ]
