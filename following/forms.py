from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from following.models import Frequency
from moderation.forms import HoneypotMixin


class FollowForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_(
            "Used only to send this digest. You confirm it first; it is erased when you "
            "unsubscribe, and never shared or exported."
        ),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices)
