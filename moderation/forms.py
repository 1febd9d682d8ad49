"""The public forms ("Add your organisation", "Is this your organisation?") and the account form."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.account import NameEmailForm
from wagtail.models import Locale

from django_countries import countries

from directory.choices import LegalFormFamily
from directory.fields import PUBLIC_FORM_FIELDS
from directory.models import OrganisationPage, Sector

PUBLIC_FORM_ATTRIBUTES = [field.model_attribute for field in PUBLIC_FORM_FIELDS]


class AccessibleErrorsMixin:
    """Ties each field's error messages to its input for screen readers (Django already sets
    aria-invalid and points aria-describedby at the help text), and never lets the browser cut a
    text: the length limit goes to data-maxlength (a live counter, static/js/length-counter.js),
    not to maxlength, which truncates a pasted text silently; the form refuses a longer text with
    a field error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lift_length_limits()

    def lift_length_limits(self):
        for field in self.fields.values():
            limit = field.widget.attrs.pop("maxlength", None)
            if limit:
                field.widget.attrs["data-maxlength"] = limit

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class HoneypotMixin(AccessibleErrorsMixin, forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard and screen readers) and
    bots fill in."""

    fax_number = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("fax_number"), "").strip())


class ProposalForm(HoneypotMixin, forms.Form):
    """What a proposal needs: enough to create a draft profile, and how to reach the proposer.

    The organisation's fields are those the field registry marks `public_form`; the ones below
    are worded for the public, any other gets the model's own form field (see `__init__`).
    """

    # --- The organisation ---
    title = forms.CharField(label=_("Organisation name"), max_length=255)
    summary = forms.CharField(
        label=_("What it does, in one or two sentences"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 300 characters: what the organisation does and for whom."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("e.g. https://example.coop"),
    )
    country = forms.ChoiceField(label=_("Country of the head office"))
    # --- Where it is: puts it on the map (an address, or "online only") ---
    address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        required=False,
        help_text=_("Where the organisation receives people. It places it on the map."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    online_only = forms.BooleanField(
        label=_("Online only: the organisation has no premises open to the public"),
        required=False,
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalFormFamily.choices)
    supports_transition = forms.BooleanField(
        label=_("Supports social-economy organisations in their digital transition"),
        required=False,
    )
    provides_tools = forms.BooleanField(
        label=_("Provides open or alternative digital tools and services"), required=False
    )
    # --- The person proposing it (seen by moderators only) ---
    submitter_name = forms.CharField(label=_("Your name"), max_length=150)
    submitter_email = forms.EmailField(label=_("Your email address"))
    submitter_role = forms.CharField(
        label=_("Your connection with the organisation"),
        max_length=150,
        required=False,
        help_text=_("e.g. member, employee, partner, user."),
    )
    message = forms.CharField(
        label=_("Anything the moderators should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Atlas moderators store my name and email address to review this "
            "proposal and contact me about it. They are never published."
        )
    )
    not_a_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different organisation"),
        required=False,
        widget=forms.CheckboxInput,
    )

    # Placed one by one in the template; other registry fields follow them in a loop.
    PLACED_FIELDS = (
        "title",
        "summary",
        "website",
        "country",
        "address",
        "postcode",
        "city",
        "online_only",
        "sector",
        "legal_form",
        "supports_transition",
        "provides_tools",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra = [name for name in PUBLIC_FORM_ATTRIBUTES if name not in self.fields]
        if extra:
            self.fields.update(fields_for_model(OrganisationPage, fields=extra))
        locale = Locale.objects.filter(language_code=get_language()).first()
        locale = locale or Locale.get_default()
        self.fields["sector"].queryset = Sector.objects.filter(locale=locale).order_by("name")
        # Country names in the reader's language, sorted for it.
        self.fields["country"].choices = [("", _("Choose a country"))] + list(countries)
        self.lift_length_limits()  # the registry's fields added above

    @property
    def extra_organisation_fields(self):
        """The registry's public fields that the template does not place itself."""
        return [self[name] for name in PUBLIC_FORM_ATTRIBUTES if name not in self.PLACED_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("online_only"):
            cleaned["address"] = cleaned["postcode"] = ""  # no place: nothing to geocode
        elif not (cleaned.get("address", "").strip() and cleaned.get("city", "").strip()):
            self.add_error(
                "address",
                _("Give the street address and the city, or tick “Online only”."),
            )
        if not (cleaned.get("supports_transition") or cleaned.get("provides_tools")):
            self.add_error(
                "supports_transition",
                _("Choose at least one role: digital transition support, open tools, or both."),
            )
        return cleaned


class ClaimForm(HoneypotMixin, forms.Form):
    """A request to edit an existing profile."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=150,
        help_text=_("e.g. coordinator, board member, communications officer."),
    )
    email = forms.EmailField(
        label=_("Your work email address"),
        help_text=_(
            "An address at the organisation's own domain helps the moderators confirm your "
            "request quickly."
        ),
    )
    message = forms.CharField(
        label=_("Message to the moderators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Atlas moderators store my name, role and email address to review "
            "this request and contact me about it. They are never published."
        )
    )


class OptionalNameEmailForm(NameEmailForm):
    """Wagtail's "Name and email" account settings, with the name optional.

    An invitation asks for no name, and Wagtail's own form requires one: an invited editor could
    not save their language, notifications or password (one form saves every panel) until they
    made one up. The admin shows the username where there is no name.
    """

    first_name = forms.CharField(required=False, label=_("First Name"))
    last_name = forms.CharField(required=False, label=_("Last Name"))


class LostAccessForm(HoneypotMixin, forms.Form):
    """A request for a new invitation: which address, for which organisation."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The address the invitation was sent to, or the one you use now."),
    )
    organisation = forms.CharField(label=_("Your organisation"), max_length=255)
    message = forms.CharField(
        label=_("Anything the moderators should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. your address has changed, or a colleague who left had the access."),
    )


class ContactModeratorsForm(HoneypotMixin, forms.Form):
    """A message to the moderators: emailed to them, never stored nor published."""

    email = forms.EmailField(
        label=_("Your email address"), help_text=_("The moderators answer at this address.")
    )
    message = forms.CharField(
        label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
