"""Categories and beneficiary groups become each association's own: a site, nullable while it is filled in
(0004), then required and part of the slug's uniqueness (0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0002_delivery_interval"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="beneficiarygroup", name="unique_beneficiary_group_slug"),
        migrations.RemoveConstraint(model_name="servicecategory", name="unique_service_category_slug"),
        migrations.AddField(
            model_name="beneficiarygroup",
            name="site",
            field=models.ForeignKey(
                null=True, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="wagtailcore.site", verbose_name="association",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="servicecategory",
            name="site",
            field=models.ForeignKey(
                null=True, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="wagtailcore.site", verbose_name="association",
            ),  # fmt: skip
        ),
    ]
