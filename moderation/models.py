"""Who may edit which organisation, and the public's proposals and claims awaiting moderators."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from directory.models import OrganisationPage
from moderation import roles


class OrganisationTeam(models.Model):
    """The Wagtail group and collection through which one organisation's editors work."""

    organisation = models.OneToOneField(
        "directory.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="team",
        help_text=_("The organisation's page in the default language (not an alias)."),
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="organisation_team",
        help_text=_("Holds the page and collection permissions of this organisation's editors."),
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation_team",
        help_text=_("Images and documents of this organisation."),
    )

    class Meta:
        verbose_name = _("organisation team")
        verbose_name_plural = _("organisation teams")

    def __str__(self):
        return self.group.name

    @classmethod
    @transaction.atomic
    def for_organisation(cls, organisation):
        """The organisation's team, created with its group, collection and permissions."""
        from django.apps import apps

        team = cls.objects.filter(organisation=organisation).select_related("group").first()
        if team is None:
            group, _ = Group.objects.get_or_create(name=f"Organisation #{organisation.pk}")
            parent = roles.organisations_collection(apps)
            parent = Collection.objects.get(pk=parent.pk)
            name = organisation.title[:200]
            if parent.get_children().filter(name=name).exists():
                name = f"{name[:190]} (#{organisation.pk})"
            collection = parent.add_child(name=name)
            team = cls.objects.create(organisation=organisation, group=group, collection=collection)
            for row in roles.EDITOR_COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection,
                    permission=roles.get_permission(apps, *row),
                )
            roles.make_collection_private(apps, collection, group)
        team.grant_pages()
        return team

    def pages(self):
        """Every version of the organisation editors may change: the original and its real
        translations. Aliases mirror the original and so need (and get) no permission."""

        return OrganisationPage.objects.filter(
            translation_key=self.organisation.translation_key, alias_of__isnull=True
        )

    def grant_pages(self):
        from django.apps import apps

        change = roles.get_permission(apps, "wagtailcore", "page", "change_page")
        for page_id in self.pages().values_list("pk", flat=True):
            GroupPagePermission.objects.get_or_create(
                group=self.group, page_id=page_id, permission=change
            )


class OrganisationMembership(models.Model):
    """Links a user account to an organisation whose profile it may edit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"alias_of__isnull": True},
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_organisation_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


def original_organisation(page):
    """The page a membership should point at: the original, never an alias."""
    page = page.specific
    if page.alias_of_id:
        page = page.alias_of.specific
    return page


@transaction.atomic
def add_editor(user, organisation, invited_by=None):
    """Make `user` an editor of `organisation` (idempotent); returns the membership."""
    organisation = original_organisation(organisation)
    team = OrganisationTeam.for_organisation(organisation)
    membership, _ = OrganisationMembership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"invited_by": invited_by}
    )
    user.groups.add(team.group, Group.objects.get(name=roles.ORGANISATION_EDITORS))
    return membership


@transaction.atomic
def remove_editor(user, organisation):
    """Take `organisation` away from `user`; the role goes with its last organisation."""
    organisation = original_organisation(organisation)
    OrganisationMembership.objects.filter(user=user, organisation=organisation).delete()
    team = OrganisationTeam.objects.filter(organisation=organisation).first()
    if team:
        user.groups.remove(team.group)
    if not user.organisation_memberships.exists():
        user.groups.remove(*Group.objects.filter(name=roles.ORGANISATION_EDITORS))


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class OrganisationProposal(models.Model):
    """A member of the public's proposal of a new organisation: a draft page for moderators.

    The submitter's name, email and consent live here only, never on the page, so they are
    neither published nor exported.
    """

    page = models.OneToOneField(
        "directory.OrganisationPage",
        verbose_name=_("draft organisation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    organisation_name = models.CharField(_("organisation name"), max_length=255)
    submitter_name = models.CharField(_("submitter's name"), max_length=150)
    submitter_email = models.EmailField(_("submitter's email"))
    submitter_role = models.CharField(_("submitter's role"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("The language of the form: the decision is emailed in it."),
    )
    message = models.TextField(_("message to the moderators"), blank=True)
    consent = models.BooleanField(
        _("consent"),
        default=False,
        help_text=_("The submitter agreed to be contacted about this proposal."),
    )
    possible_duplicates = models.TextField(
        _("possible duplicates"),
        blank=True,
        help_text=_("Existing organisations with a similar name or the same website."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    moderator_note = models.TextField(_("moderator's note"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation proposal")
        verbose_name_plural = _("organisation proposals")
        ordering = ["-created_at"]

    def __str__(self):
        return self.organisation_name


class ReviewedRequest(models.Model):
    """What a moderator records on a request from the public they decide on (a claim, a request
    for a new invitation): a note, and who decided when."""

    moderator_note = models.TextField(_("moderator's note"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class OrganisationClaim(ReviewedRequest):
    """Someone's request to edit an organisation's profile, for a moderator to approve."""

    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role in the organisation"), max_length=150)
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("The language of the form: the invitation is emailed in it."),
    )
    consent = models.BooleanField(_("consent"), default=False)
    likely_genuine = models.BooleanField(
        _("likely genuine"),
        default=False,
        help_text=_("The email address's domain matches the organisation's website."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        help_text=_("Approving sends the claimant an invitation to edit the profile."),
    )

    class Meta:
        verbose_name = _("organisation claim")
        verbose_name_plural = _("organisation claims")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.organisation)


class AccessRequest(ReviewedRequest):
    """A request for a new invitation from someone who lost access to their organisation's
    account (link expired or used, password and address forgotten), for a moderator to check.

    The public answer is the same whether or not the address has an account (no account
    enumeration); the moderators see here which account and organisation it matches.
    """

    email = models.EmailField(_("email"))
    organisation_name = models.CharField(_("organisation as typed"), max_length=255)
    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
        limit_choices_to={"alias_of__isnull": True},
        help_text=_(
            "The organisation to send a new invitation for. Filled in when the address's account "
            "edits one organisation, or when the name matches a profile: check it."
        ),
    )
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("The language of the form: the invitation is emailed in it."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        help_text=_("Approving sends a new invitation to this address for the organisation."),
    )

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]

    def __str__(self):
        return self.organisation_name

    def clean(self):
        if self.status == ReviewStatus.APPROVED and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Choose the organisation to send the invitation for.")}
            )

    def matching_memberships(self):
        """The organisations the accounts with this address edit (for the moderators only)."""
        return OrganisationMembership.objects.filter(user__email__iexact=self.email).select_related(
            "organisation", "user"
        )


class RenewalOutcome(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    CONFIRMED = "confirmed", _("Still correct")
    UPDATE = "update", _("Update requested")
    ARCHIVE_REQUESTED = "archive_requested", _("No longer active: to archive")
    ARCHIVED = "archived", _("Archived by a moderator")
    KEPT = "kept", _("Kept by a moderator")
    NO_ADDRESS = "no_address", _("No address to write to")


class RenewalReminder(models.Model):
    """One "is this still correct?" email about an ageing organisation, and its answer.

    Stores no address (the organisation's public one, or its editors' accounts, are looked up
    when sending): only when, why, and what came back.
    """

    REMINDER, LAST = "reminder", "last"
    KINDS = [(REMINDER, _("Reminder")), (LAST, _("Last reminder before stale"))]

    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="renewal_reminders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=REMINDER)
    # The "last verified" date the reminder was about: a confirmation starts a new cycle.
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    recipient_count = models.PositiveSmallIntegerField(_("recipients"), default=0)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=RenewalOutcome.choices,
        default=RenewalOutcome.PENDING,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} ({self.sent_at:%Y-%m-%d}, {self.outcome})"
