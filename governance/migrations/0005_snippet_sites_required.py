"""Every governance record has its association; disclosure item keys are unique within it (and its language)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0004_fill_snippet_sites'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='disclosureitem',
            name='unique_disclosure_item_key',
        ),
        migrations.AlterField(
            model_name='assemblymeeting',
            name='site',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='association'),
        ),
        migrations.AlterField(
            model_name='boardmember',
            name='site',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='association'),
        ),
        migrations.AlterField(
            model_name='committee',
            name='site',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='association'),
        ),
        migrations.AlterField(
            model_name='disclosuredocument',
            name='site',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='association'),
        ),
        migrations.AlterField(
            model_name='disclosureitem',
            name='site',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='association'),
        ),
        migrations.AlterField(
            model_name='executivemember',
            name='site',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='association'),
        ),
        migrations.AddConstraint(
            model_name='disclosureitem',
            constraint=models.UniqueConstraint(fields=('site', 'locale', 'key'), name='unique_disclosure_item_key'),
        ),
    ]
