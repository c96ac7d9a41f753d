"""The district's network: its profile, valleys, municipalities, organisations, users, roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel, TimeStampedModel
from ponte.network.validators import validate_fiscal_code, validate_vat_number


class District(TimeStampedModel):
    """The district this instance serves (one per instance)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    territory = models.CharField(_("territory"), max_length=200)
    presentation = models.TextField(_("short presentation"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Valley(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("valley")
        verbose_name_plural = _("valleys")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    istat_code = models.CharField(_("ISTAT code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_other_language = models.CharField(
        _("name in the other language"), max_length=100, blank=True
    )
    name_ladin = models.CharField(_("Ladin name"), max_length=100, blank=True)
    valley = models.ForeignKey(
        Valley, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("valley")
    )
    cadastral_code = models.CharField(_("cadastral code"), max_length=4, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language: Ladin readers see the Ladin name where it differs."""
        if get_language() == "lld" and self.name_ladin and self.name_ladin != self.name:
            return f"{self.name_ladin} ({self.name})"
        return self.name


class Sector(models.Model):
    class Code(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture and food production")
        FOOD = "food", _("Food processing")
        CATERING = "catering", _("Restaurants and catering")
        HOSPITALITY = "hospitality", _("Hotels and tourism")
        LAUNDRY = "laundry", _("Laundry and cleaning")
        RETAIL = "retail", _("Retail")
        CRAFTS = "crafts", _("Crafts and small manufacturing")
        FORESTRY = "forestry", _("Forestry and maintenance of green areas")
        CONSTRUCTION = "construction", _("Construction")
        ENERGY = "energy", _("Energy and environment")
        FINANCE = "finance", _("Banking and finance")
        SOCIAL_SERVICES = "social_services", _("Social, health and educational services")
        TRAINING = "training", _("Training and job placement")
        PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
        PHILANTHROPY = "philanthropy", _("Philanthropy and funding")

    code = models.CharField(_("code"), max_length=40, unique=True, choices=Code.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return str(self.get_code_display())


class Organisation(CodedModel):
    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        SOCIAL_COOP_A = "social_coop_a", _("Social cooperative (type A)")
        SOCIAL_COOP_B = "social_coop_b", _("Social cooperative (type B)")
        SOCIAL_COOP_AB = "social_coop_ab", _("Social cooperative (type A+B)")
        COMPANY = "company", _("Company")
        BANK = "bank", _("Bank")
        FOUNDATION = "foundation", _("Foundation")
        ASSOCIATION = "association", _("Association")
        PURCHASING_GROUP = "purchasing_group", _("Solidarity purchasing group")

    class Relation(models.TextChoices):
        MEMBER = "member", _("Member of the district")
        FUNDER = "funder", _("Funder")
        PARTNER = "partner", _("Partner")

    SOCIAL_COOP_KINDS = (Kind.SOCIAL_COOP_A, Kind.SOCIAL_COOP_B, Kind.SOCIAL_COOP_AB)

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    relation = models.CharField(
        _("relation with the district"),
        max_length=20,
        choices=Relation.choices,
        default=Relation.MEMBER,
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=11, blank=True, validators=[validate_vat_number]
    )
    fiscal_code = models.CharField(
        _("fiscal code"), max_length=16, blank=True, validators=[validate_fiscal_code]
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        help_text=_("Leave empty for organisations based outside the district."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    member_since = models.DateField(_("member of the district since"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public in the directory"),
        default=True,
        help_text=_("Shown in the public directory and on the map."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    employees = models.PositiveIntegerField(
        _("number of employees"),
        null=True,
        blank=True,
        help_text=_("For companies: determines the Law 68/1999 quota."),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organisations", verbose_name=_("sectors")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["vat_number"],
                condition=~Q(vat_number=""),
                name="organisation_unique_vat_number",
            ),
        ]
        indexes = [
            models.Index(fields=["is_active", "is_public", "name"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_social_cooperative(self) -> bool:
        return self.kind in self.SOCIAL_COOP_KINDS

    @property
    def is_listed(self) -> bool:
        """Whether anyone, signed in or not, may see it in the directory."""
        return self.is_public and self.is_active


class User(AbstractUser):
    """A person with an account. What they may do depends on their memberships."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """The roles of docs/privacy.md: a user acts for an organisation in one of these."""

    CASE_WORKER = "case_worker", _("Case worker")
    REFERRER = "referrer", _("Referring service")
    COMPANY_TUTOR = "company_tutor", _("Company tutor")
    MEMBER_CONTACT = "member_contact", _("Member contact")
    TABLE_MEMBER = "table_member", _("Table member")
    COORDINATOR = "coordinator", _("District coordinator")
    DPO = "dpo", _("Data-protection officer")


# The roles of the people who work in the district (docs/privacy.md, "Roles"). The
# data-protection officer oversees it from outside the work: they see the audit trail only, not
# even the aggregates.
MEMBER_ROLES: tuple[str, ...] = tuple(role for role in Role.values if role != Role.DPO)


class Membership(CodedModel):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class Notification(models.Model):
    """A message for a user in Ponte (also sent by email): e.g. a candidate proposed to a tutor.
    Its text names people by pseudonymous code only, since it may leave the care team."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


class EnrolmentLink(TimeStampedModel):
    """A one-time link, sent by e-mail to the account's address, that lets a user who has no
    second factor yet enrol one (ponte.network.two_factor): the password alone is not enough,
    since whoever knows it could otherwise enrol their own authenticator. Only a hash of the
    random token is kept; the link works once, for a short time. Its sending and its use are in
    the audit trail."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="enrolment_links",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("second-factor enrolment link")
        verbose_name_plural = _("second-factor enrolment links")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
