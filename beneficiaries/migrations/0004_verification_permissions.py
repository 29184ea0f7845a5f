"""Administrators set how often families' data is verified (the site setting's permission)."""

from django.db import migrations

from core.migration_permissions import granting


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0003_timeline_and_verification")]

    operations = [granting("beneficiaries", {"Administrators": ["change_verificationsettings"]})]
