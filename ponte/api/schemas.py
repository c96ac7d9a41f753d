"""The shapes of the API's answers and requests. Answers hold only what the public pages show
(or, for the token endpoints, what the organisation's own pages show): never a person's data,
never an opening's tutor."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ninja import Field, Schema

from ponte.marketplace.models import Listing
from ponte.openings.models import Opening

TEXT = 2000
# Something besides spaces (the forms strip them and then require the field).
NOT_BLANK = r"\S"


# The choices of the models' fields, as enums with names of their own in the specification (the
# models' classes share names such as Kind and Status); tests check they stay the same.


class OrganisationKind(StrEnum):
    PUBLIC_BODY = "public_body"
    SOCIAL_COOP_A = "social_coop_a"
    SOCIAL_COOP_B = "social_coop_b"
    SOCIAL_COOP_AB = "social_coop_ab"
    COMPANY = "company"
    BANK = "bank"
    FOUNDATION = "foundation"
    ASSOCIATION = "association"
    PURCHASING_GROUP = "purchasing_group"


class OrganisationRelation(StrEnum):
    MEMBER = "member"
    FUNDER = "funder"
    PARTNER = "partner"


class ListingDirection(StrEnum):
    OFFER = "offer"
    REQUEST = "request"


class ListingMode(StrEnum):
    SALE = "sale"
    EXCHANGE = "exchange"
    GIFT = "gift"
    LOAN = "loan"


class ListingCategory(StrEnum):
    GOOD = "good"
    SERVICE = "service"
    INFORMATION = "information"


class ListingVisibility(StrEnum):
    MEMBERS = "members"
    PUBLIC = "public"


class OpeningKind(StrEnum):
    TIS = "tis"
    EXTRACURRICULAR = "extracurricular"
    FIXED_TERM = "fixed_term"
    PERMANENT = "permanent"
    USEFUL_WORK = "useful_work"


class OpeningStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class FieldError(Schema):
    field: str = Field(description="Where the error is: e.g. body.title or query.limit")
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class MunicipalityOut(Schema):
    istat_code: str
    name: str
    valley: str = Field(description="The code of the valley")

    @staticmethod
    def resolve_valley(obj: Any) -> str:
        return str(obj.valley.code)


class OrganisationOut(Schema):
    code: str
    name: str
    kind: str
    relation: str
    description: str
    municipality: MunicipalityOut | None
    address: str
    website: str
    email: str
    phone: str
    member_since: date | None
    vat_number: str
    fiscal_code: str
    employees: int | None
    sectors: list[str]

    @staticmethod
    def resolve_sectors(obj: Any) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]


class ListingOut(Schema):
    code: str
    organisation: str = Field(description="The code of the organisation")
    organisation_name: str
    direction: str
    mode: str
    category: str
    title: str
    description: str
    price: str | None = Field(description="In euro, with two decimals; null when not given")
    unit: str
    quantity: str
    municipality: MunicipalityOut
    valid_until: date
    visibility: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_organisation(obj: Listing) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_organisation_name(obj: Listing) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_price(obj: Listing) -> str | None:
        return None if obj.price is None else f"{obj.price:.2f}"


class OpeningOut(Schema):
    """An opening as the public list shows it: no tutor, no personal data."""

    code: str
    host: str = Field(description="The code of the host organisation")
    host_name: str
    kind: str
    title: str
    tasks: str
    min_level: int = Field(description="The minimum level of work functioning (its number)")
    skills: list[str]
    hours_per_week: int
    days: list[int] = Field(description="Weekdays, 0 for Monday to 6 for Sunday")
    municipality: MunicipalityOut
    places: int
    starts_on: date
    ends_on: date | None
    status: str

    @staticmethod
    def resolve_host(obj: Opening) -> str:
        return obj.host.code

    @staticmethod
    def resolve_host_name(obj: Opening) -> str:
        return obj.host.name

    @staticmethod
    def resolve_min_level(obj: Opening) -> int:
        return obj.min_level.number

    @staticmethod
    def resolve_skills(obj: Opening) -> list[str]:
        return [skill.strip() for skill in obj.skills.split(",") if skill.strip()]

    @staticmethod
    def resolve_days(obj: Opening) -> list[int]:
        return [day for day in obj.days if isinstance(day, int)]


class ExchangeOut(Schema):
    code: str
    giver: str
    giver_name: str
    receiver: str
    receiver_name: str
    what: str
    value: str = Field(description="In euro, with two decimals")
    is_gift: bool
    exchanged_on: date
    giver_confirmed: bool
    receiver_confirmed: bool
    confirmed: bool

    @staticmethod
    def resolve_giver(obj: Any) -> str:
        return str(obj.giver.code)

    @staticmethod
    def resolve_giver_name(obj: Any) -> str:
        return str(obj.giver.name)

    @staticmethod
    def resolve_receiver(obj: Any) -> str:
        return str(obj.receiver.code)

    @staticmethod
    def resolve_receiver_name(obj: Any) -> str:
        return str(obj.receiver.name)

    @staticmethod
    def resolve_value(obj: Any) -> str:
        return f"{obj.value:.2f}"

    @staticmethod
    def resolve_giver_confirmed(obj: Any) -> bool:
        return obj.giver_confirmed_at is not None

    @staticmethod
    def resolve_receiver_confirmed(obj: Any) -> bool:
        return obj.receiver_confirmed_at is not None

    @staticmethod
    def resolve_confirmed(obj: Any) -> bool:
        return bool(obj.is_confirmed)


class Page(Schema):
    count: int = Field(description="How many match, counted up to the cap")
    count_capped: bool = Field(description="True when more match than the count says")
    limit: int
    offset: int


class OrganisationPage(Page):
    items: list[OrganisationOut]


class ListingPage(Page):
    items: list[ListingOut]


class OpeningPage(Page):
    items: list[OpeningOut]


class ExchangePage(Page):
    items: list[ExchangeOut]


# Requests ----------------------------------------------------------------------------------------


class ListingIn(Schema):
    """A listing of the token's organisation, validated by the same form as the site's."""

    direction: ListingDirection
    mode: ListingMode
    category: ListingCategory
    title: str = Field(max_length=200, pattern=NOT_BLANK)
    description: str = Field(max_length=TEXT, pattern=NOT_BLANK)
    price: Decimal | None = Field(None, ge=0, lt=10**8, description="In euro")
    unit: str = Field("", max_length=40)
    quantity: str = Field("", max_length=60)
    municipality: str = Field(description="ISTAT code of the municipality", pattern=r"^\d{6}$")
    valid_until: date
    visibility: ListingVisibility = ListingVisibility.MEMBERS


class OpeningIn(Schema):
    """An opening of the token's organisation, validated by the same form as the site's."""

    kind: OpeningKind
    title: str = Field(max_length=200, pattern=NOT_BLANK)
    tasks: str = Field(max_length=TEXT, pattern=NOT_BLANK)
    min_level: int = Field(description="The number of a level of work functioning", ge=0, le=99)
    skills: str = Field("", max_length=500, description="Separated by commas")
    hours_per_week: int = Field(ge=1, le=40)
    days: list[int] = Field([], max_length=7, description="0 for Monday to 6 for Sunday")
    municipality: str = Field(description="ISTAT code of the municipality", pattern=r"^\d{6}$")
    places: int = Field(ge=1, le=50)
    starts_on: date
    ends_on: date | None = None


class OpeningStatusIn(Schema):
    to: OpeningStatus
