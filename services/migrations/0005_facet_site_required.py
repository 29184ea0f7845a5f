"""Every category and beneficiary group has its association; slugs are unique within it (and its language)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0004_fill_facet_sites"),
    ]

    operations = [
        migrations.AlterField(
            model_name="beneficiarygroup",
            name="site",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="wagtailcore.site", verbose_name="association",
            ),  # fmt: skip
        ),
        migrations.AlterField(
            model_name="servicecategory",
            name="site",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="wagtailcore.site", verbose_name="association",
            ),  # fmt: skip
        ),
        migrations.AddConstraint(
            model_name="beneficiarygroup",
            constraint=models.UniqueConstraint(fields=("site", "locale", "slug"), name="unique_beneficiary_group_slug"),
        ),
        migrations.AddConstraint(
            model_name="servicecategory",
            constraint=models.UniqueConstraint(fields=("site", "locale", "slug"), name="unique_service_category_slug"),
        ),
    ]
