"""Job-placement pathways: people, referrals, consents, assessments, plans, services of the chain,
placements, attendance, diary, follow-ups and the level history (docs/domain.md, "Pathways")."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.codes import random_code
from ponte.core.models import CodedModel, TimeStampedModel
from ponte.network.models import Municipality, Organisation
from ponte.network.validators import validate_fiscal_code
from ponte.openings.models import Opening


def person_code() -> str:
    """The pseudonymous code used everywhere outside the care team, e.g. "FF-7K3Q".

    Four characters give 923,521 codes: among a few thousand people a draw meets a code already
    taken every so often, so a taken code is drawn again rather than refused as a duplicate (the
    unique constraint still guards two people created at the same instant)."""
    while True:
        code = f"{settings.PONTE_DISTRICT_CODE}-{random_code(4)}"
        if not Person.objects.filter(code=code).exists():
            return code


class Level(models.Model):
    """A level of work functioning (docs/domain.md, "Levels of work functioning"): data, so that
    a district can edit the scale."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    typical_setting = models.CharField(_("typical setting"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


class Person(CodedModel):
    """A person in a pathway. Identity fields are for the care team only (docs/privacy.md);
    everyone else sees the pseudonymous code and, where consent allows, the functional profile."""

    class Basis(models.TextChoices):
        LAW68_INVALIDITY = "law68", _("Law 68/1999 invalidity")
        PHYSICAL_PSYCHIC_SENSORY = (
            "l381_disability",
            _("Law 381/1991: physical, psychic or sensory disability"),
        )
        PSYCHIATRIC = "l381_psychiatric", _("Law 381/1991: psychiatric treatment")
        ADDICTION = "l381_addiction", _("Law 381/1991: drug addiction")
        ALCOHOL = "l381_alcohol", _("Law 381/1991: alcoholism")
        MINOR = "l381_minor", _("Law 381/1991: minor of working age in family difficulty")
        DETAINEE = (
            "l381_detainee",
            _("Law 381/1991: detainee or internee admitted to alternative measures"),
        )
        UNCERTIFIED = "uncertified", _("Uncertified fragility")

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        OPEN = "open", _("Pathway open")
        DECLINED = "declined", _("Referral declined")
        CLOSED = "closed", _("Pathway closed")

    code = models.CharField(
        _("code"), max_length=12, unique=True, default=person_code, editable=False
    )
    # Identity: care team only.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # Named by the internship agreement, with the birth date (docs/privacy.md, "Company tutors").
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    fiscal_code = models.CharField(
        _("fiscal code"), max_length=16, blank=True, validators=[validate_fiscal_code]
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    basis = models.CharField(_("basis of disadvantage"), max_length=30, choices=Basis.choices)
    invalidity_percent = models.PositiveSmallIntegerField(
        _("invalidity (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    # Functional profile: shared with companies only with consent.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("municipality"),
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    driving_licence = models.BooleanField(_("driving licence"), default=False)
    own_transport = models.BooleanField(_("own means of transport"), default=False)
    hours_per_week = models.PositiveSmallIntegerField(
        _("available hours per week"), default=20, validators=[MaxValueValidator(60)]
    )
    available_days = models.JSONField(_("available days"), default=list, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    interests = models.TextField(_("interests and preferences"), blank=True)
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="people", verbose_name=_("current level")
    )
    # The pathway.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people_in_charge",
        verbose_name=_("organisation in charge"),
        help_text=_("The cooperative or service whose case workers follow the person."),
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="managed_people",
        verbose_name=_("case manager"),
        null=True,
        blank=True,
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="care_team_of",
        verbose_name=_("care team"),
        blank=True,
        help_text=_("Workers added to the case manager; they see identity and diary."),
    )
    opened_on = models.DateField(_("pathway opened on"), null=True, blank=True)
    closed_on = models.DateField(_("pathway closed on"), null=True, blank=True)
    # Erasure by anonymisation (GDPR art. 17, ponte.pathways.rights): identity and free text
    # removed on this day; the code and the pseudonymous facts stay for the indicators.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        # Never the name: a person's string form may end up anywhere.
        return self.code

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Referral(CodedModel):
    class ServiceKind(models.TextChoices):
        SOCIAL_SERVICE = "social_service", _("Social service")
        MENTAL_HEALTH = "mental_health", _("Mental health service")
        ADDICTION = "addiction", _("Addiction service")
        JOB_CENTRE = "job_centre", _("Job centre")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("Not eligible for job placement now")
        NO_PLACES = "no_places", _("No places available")
        OTHER_SERVICE = "other_service", _("Better followed by another service")
        PERSON_REFUSED = "person_refused", _("The person did not agree")
        OTHER = "other", _("Other reason")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("person")
    )
    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referring organisation"),
    )
    service_kind = models.CharField(
        _("referring service"), max_length=30, choices=ServiceKind.choices
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_made",
        verbose_name=_("referred by"),
    )
    referred_on = models.DateField(_("referred on"), default=date.today)
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_decided",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # A referral of someone the receiving organisation already knew, attached by a case worker
    # to the existing record (services.referral_attach): the record its referral had created is
    # removed, and its code is kept here so that the audit trail's entries about it still lead
    # somewhere.
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attached to the existing record by"),
        null=True,
        blank=True,
    )
    attached_on = models.DateField(_("attached to the existing record on"), null=True, blank=True)
    removed_duplicate_code = models.CharField(
        _("code of the duplicate record removed"), max_length=12, blank=True
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.person.code} · {self.referred_on}"


class Consent(TimeStampedModel):
    class Purpose(models.TextChoices):
        PATHWAY = "pathway", _("Management of the pathway")
        TABLE = "table", _("Discussion at the Tavolo Tecnico")
        COMPANIES = "companies", _("Sharing the functional profile with companies")
        STATISTICS = "statistics", _("Use in statistics")
        CONTACT = "contact", _("Contact by email or SMS")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents_recorded",
        verbose_name=_("recorded by"),
    )
    document_reference = models.CharField(
        _("signed document"),
        max_length=200,
        help_text=_("Where the signed form is kept, e.g. its protocol number."),
    )

    class Meta:
        ordering = ["purpose", "-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("given_on")),
                name="consent_expires_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} · {self.get_purpose_display()}"

    def is_valid_on(self, day: date) -> bool:
        return (
            self.given_on <= day
            and (self.expires_on is None or day < self.expires_on)
            and (self.withdrawn_on is None or day < self.withdrawn_on)
        )


class Instrument(models.Model):
    """An assessment instrument (scheda di osservazione): data, not code."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default instrument"), default=False)

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="areas", verbose_name=_("instrument")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["instrument", "order"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("text"), max_length=200)
    # The five anchors, for scores 1 to 5.
    anchors = models.JSONField(_("anchors"), default=list)

    class Meta:
        ordering = ["area__order", "order"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return self.text


class Assessment(CodedModel):
    """An assessment of work functioning by a case worker, or a tutor's evaluation of an intern
    (same instrument, so that progress is comparable)."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        MIDTERM = "midterm", _("Tutor evaluation, mid-term")
        FINAL = "final", _("Tutor evaluation, final")

    class Setting(models.TextChoices):
        LABORATORY = "laboratory", _("Laboratory")
        COOPERATIVE = "cooperative", _("Cooperative")
        COMPANY = "company", _("Company")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("person")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, verbose_name=_("instrument")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    placement = models.ForeignKey(
        "Placement",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("placement"),
        null=True,
        blank=True,
    )
    assessed_on = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments_made",
        verbose_name=_("assessor"),
    )
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    mean_score = models.DecimalField(_("mean score"), max_digits=3, decimal_places=2)
    suggested_level = models.PositiveSmallIntegerField(_("suggested level"))
    confirmed_level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed level"),
        null=True,
        blank=True,
    )
    confirmation_reason = models.TextField(_("reason for the confirmed level"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.person.code} · {self.assessed_on}"


class ItemScore(models.Model):
    class Qualifier(models.IntegerChoices):
        NONE = 0, _("0 · no problem")
        MILD = 1, _("1 · mild problem")
        MODERATE = 2, _("2 · moderate problem")
        SEVERE = 3, _("3 · severe problem")
        COMPLETE = 4, _("4 · complete problem")
        NOT_SPECIFIED = 8, _("8 · not specified")
        NOT_APPLICABLE = 9, _("9 · not applicable")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    icf_code = models.CharField(_("ICF code"), max_length=10, blank=True)
    icf_qualifier = models.PositiveSmallIntegerField(
        _("ICF qualifier"), choices=Qualifier.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["item__area__order", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_score_per_item"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class LevelChange(models.Model):
    class Cause(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ASSESSMENT = "assessment", _("Assessment")
        PLACEMENT = "placement", _("Placement")
        OUTCOME = "outcome", _("Outcome")
        REVIEW = "review", _("Review")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="level_changes")
    changed_on = models.DateField(_("date"))
    from_level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    to_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("level change")
        verbose_name_plural = _("level changes")
        indexes = [
            models.Index(fields=["changed_on"]),
            # A person's level on a day (reports): the last change on or before it.
            models.Index(fields=["person", "changed_on", "id"], name="levelchange_person_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_level_id} → {self.to_level_id} ({self.changed_on})"


class Plan(TimeStampedModel):
    """One version of the individual plan (patto). A new version is a new row; earlier ones stay."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"))
    objectives = models.TextField(_("general objectives"), blank=True)
    next_review = models.DateField(_("next review"))
    signed_on = models.DateField(_("signed by the person on"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="one_plan_per_version"),
        ]


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    achieved = models.BooleanField(_("achieved"), default=False)

    class Meta:
        # Goals without a target date last, on every database.
        ordering = [models.F("target_date").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.text


class Service(CodedModel):
    """A service of the chain run by a member (filiera di servizi)."""

    class Kind(models.TextChoices):
        PRE_WORK = "pre_work", _("Pre-work activity")
        LABORATORY = "laboratory", _("Occupational laboratory")
        TRAINING = "training", _("Training")
        COOP_INTERNSHIP = "coop_internship", _("Internship in a cooperative")
        USEFUL_WORK = "useful_work", _("Socially useful work")
        JOB_COACHING = "job_coaching", _("Job coaching")

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    levels = models.ManyToManyField(Level, related_name="services", verbose_name=_("levels served"))
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("municipality"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Placement(CodedModel):
    """A person in a service of the chain or in an opening; the places of either are never
    exceeded (services.placement_transition)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        INTERRUPTED = "interrupted", _("Interrupted")
        HIRED = "hired", _("Hired")

    class Side(models.TextChoices):
        PERSON = "person", _("The person")
        HOST = "host", _("The host")
        PROMOTER = "promoter", _("The promoter")

    class Contract(models.TextChoices):
        FIXED_TERM = "fixed_term", _("Fixed-term")
        PERMANENT = "permanent", _("Permanent")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        COOP_MEMBER = "coop_member", _("Worker member of a cooperative")

    # The statuses that hold a place of the service.
    OCCUPYING = (Status.ACCEPTED, Status.ACTIVE)

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="placements", verbose_name=_("person")
    )
    # Where the person is placed: exactly one of a service of the chain and an opening.
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("service"),
        null=True,
        blank=True,
    )
    opening = models.ForeignKey(
        Opening,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("opening"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tutored_placements",
        verbose_name=_("tutor"),
        null=True,
        blank=True,
    )
    promoter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="promoted_placements",
        verbose_name=_("promoter"),
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_placements",
        verbose_name=_("host"),
    )
    agreement_reference = models.CharField(_("agreement"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    interruption_cause = models.CharField(_("cause of interruption"), max_length=200, blank=True)
    interrupted_by = models.CharField(
        _("interrupted on whose side"), max_length=20, choices=Side.choices, blank=True
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=Contract.choices, blank=True
    )
    contract_hours = models.PositiveSmallIntegerField(
        _("contract hours per week"), null=True, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="placement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False, opening__isnull=True)
                | Q(service__isnull=True, opening__isnull=False),
                name="placement_has_one_place",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "status"]),
            models.Index(fields=["opening", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} · {self.place}"

    @property
    def place(self) -> "Service | Opening":
        """The service or the opening the person is placed in."""
        return self.service or self.opening  # type: ignore[return-value]


class Attendance(models.Model):
    class Absence(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        JUSTIFIED = "justified", _("Justified absence")
        UNJUSTIFIED = "unjustified", _("Unjustified absence")
        HOLIDAY = "holiday", _("Holiday")
        CLOSURE = "closure", _("Closure of the host")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    hours = models.DecimalField(
        _("hours present"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("12"))],
    )
    absence = models.CharField(_("absence"), max_length=20, choices=Absence.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="one_attendance_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.day}"


class AttendanceMonth(models.Model):
    """The revision of a placement's register for one month: the month grid is one form, and
    each save of it moves the revision on, so a grid read before somebody else's save is refused
    (core/concurrency.py). A month nobody saved yet has no row (revision 0)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="attendance_months"
    )
    month = models.DateField(_("month"))  # its first day
    revision = models.PositiveIntegerField(_("revision"), default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), null=True)

    class Meta:
        verbose_name = _("month of attendance")
        verbose_name_plural = _("months of attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "month"], name="one_attendance_revision_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.month:%Y-%m} · {self.revision}"


class DiaryNote(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="diary")
    written_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = _("diary note")
        verbose_name_plural = _("diary notes")


class FollowUp(models.Model):
    """Monitoring 1, 3, 6 and 12 months after a placement ends."""

    MONTHS = (1, 3, 6, 12)

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the end"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    employed = models.BooleanField(_("employed"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=Placement.Contract.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="one_follow_up_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.months}"


class PrivacyRequest(CodedModel):
    """A request of a person exercising their rights (GDPR art. 15, 17, 20): recorded by the
    coordinator or a case worker of the care team, answered by an export (access, portability)
    or by the coordinator's erasure by anonymisation."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to the data (art. 15)")
        PORTABILITY = "portability", _("Portability of the data (art. 20)")
        ERASURE = "erasure", _("Erasure (art. 17)")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        EMAIL = "email", _("Email")
        PEC = "pec", _("Certified email (PEC)")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="privacy_requests",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
    )

    # GDPR art. 12(3): an answer within one month of receipt.
    ANSWER_WITHIN_DAYS = 30

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")

    def __str__(self) -> str:
        return f"{self.person.code} · {self.get_kind_display()} · {self.received_on}"

    @property
    def due_on(self) -> date:
        return self.received_on + timedelta(days=self.ANSWER_WITHIN_DAYS)
