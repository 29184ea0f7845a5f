from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Every day of a holiday is held in memory for each reply period counted: a holiday typed as
# "0001-01-01 to 9999-12-31" would be 3.6 million days, and working days would never come.
HOLIDAY_MAX_DAYS = 60


class BranchBlock(blocks.StructBlock):
    """A branch office where beneficiaries can be received in person."""

    name = blocks.CharBlock(label=_("Name"), max_length=120)
    city = blocks.CharBlock(label=_("City"), max_length=80)
    address = blocks.TextBlock(label=_("Address"))
    working_hours = blocks.CharBlock(label=_("Working hours"), max_length=160, required=False)
    phone = blocks.CharBlock(label=_("Phone"), max_length=32, required=False)
    map_url = blocks.URLBlock(label=_("Map link"), required=False)

    class Meta:
        icon = "site"
        label = _("Branch office")


SOCIAL_PLATFORMS = [
    ("x", "X"),
    ("instagram", "Instagram"),
    ("snapchat", "Snapchat"),
    ("youtube", "YouTube"),
    ("linkedin", "LinkedIn"),
    ("tiktok", "TikTok"),
    ("facebook", "Facebook"),
    ("whatsapp", "WhatsApp"),
    ("telegram", "Telegram"),
]


class SocialAccountValue(blocks.StructValue):
    @property
    def platform_label(self) -> str:
        return dict(SOCIAL_PLATFORMS).get(self.get("platform"), self.get("platform"))


class SocialAccountBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(label=_("Platform"), choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock(label=_("Address of the account"))

    class Meta:
        icon = "link"
        label = _("Social account")
        value_class = SocialAccountValue


class PublicHolidayBlock(blocks.StructBlock):
    """Days off that working-day reply periods skip (Eid al-Fitr, Eid al-Adha, National Day, Founding Day...)."""

    name = blocks.CharBlock(label=_("Name"), max_length=80)
    first_day = blocks.DateBlock(label=_("First day"))
    last_day = blocks.DateBlock(label=_("Last day"), required=False, help_text=_("Leave empty for a single day."))

    class Meta:
        icon = "date"
        label = _("Public holiday")

    def clean(self, value):
        value = super().clean(value)
        last_day = value.get("last_day")
        if last_day and last_day < value["first_day"]:
            raise blocks.StructBlockValidationError(
                block_errors={"last_day": ValidationError(_("The last day cannot come before the first day."))}
            )
        if last_day and (last_day - value["first_day"]).days >= HOLIDAY_MAX_DAYS:
            message = _("A holiday lasts at most %(days)s days: enter a longer break as several holidays.")
            raise blocks.StructBlockValidationError(
                block_errors={"last_day": ValidationError(message, params={"days": HOLIDAY_MAX_DAYS})}
            )
        return value
