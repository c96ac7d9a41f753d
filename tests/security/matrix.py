# ruff: noqa: E501 - a table reads best with one row per line
"""The authorization matrix of Ponte: for EVERY URL pattern, what a GET answers to each kind of
visitor. test_authorization_matrix.py walks the URL resolver and fails when a pattern is not
declared here, or when a page answers something else, so a new page cannot ship without a
declared rule.

Columns (IDENTITIES), each a demo account of README.md signed in with its first role:
anonymous, case_worker (operatore.oltre, Oltre), referrer (inviante.fiemme), company_tutor
(tutor.felicetti), member_contact (referente.terrealtre), table_member (tavolo), coordinator
(coordinatore), dpo (the data-protection officer), admin (the technical administrator: staff,
superuser, no role), other_org (a user of ANOTHER organisation in the role that owns the object:
see Rule.owner and OTHER_ACCOUNTS).

Outcomes: 200; LOGIN = redirect to a sign-in page; 302 = another redirect; 403; 404;
401 = the API without a token; 405 = GET not allowed (POST-only endpoints; for those the test
also POSTs as anonymous, which must not succeed, and as other_org, which must answer 403 or 404,
or 401 from the API, which reads no session).

The Django admin's generated patterns (one list, add, change, delete and history page per
model) are declared by one prefix rule, ADMIN_RULE, checked on every pattern without arguments
(for anonymous and the administrator) plus the samples in ADMIN_SAMPLES for every identity.
"""

from dataclasses import dataclass, field

LOGIN = "login"
IDENTITIES = (
    "anonymous",
    "case_worker",
    "referrer",
    "company_tutor",
    "member_contact",
    "table_member",
    "coordinator",
    "dpo",
    "admin",
    "other_org",
)

# identity → demo account (README.md).
ACCOUNTS = {
    "case_worker": "operatore.oltre",
    "referrer": "inviante.fiemme",
    "company_tutor": "tutor.felicetti",
    "member_contact": "referente.terrealtre",
    "table_member": "tavolo",
    "coordinator": "coordinatore",
    "dpo": "dpo",
    "admin": "admin",
}

# The owner of a pattern's object (Rule.owner) → the user of another organisation in that role.
OTHER_ACCOUNTS = {
    "case_worker": "operatore.lerais",  # Le Rais: not in the person's care team
    "referrer": "inviante.fassa",  # Comun General de Fascia: did not refer them
    "company_tutor": "tutor.famcoop",  # Famiglia Cooperativa: not the host
    "member_contact": "referente.cassarurale",  # Cassa Rurale: not Terre Altre
    "table": "referente.cassarurale",  # not a member of the Tavolo Tecnico
}

# Whose each kind of object is (conftest picks them so): the identity of that role is its
# owner, other_org is OTHER_ACCOUNTS[owner]. Anything else: the case worker's.
OBJECT_OWNERS = {
    **dict.fromkeys(["referral"], "referrer"),
    **dict.fromkeys(
        ["placement", "attendance", "follow_up", "proposal", "opening", "candidate"],
        "company_tutor",
    ),
    **dict.fromkeys(
        ["organisation", "membership", "listing", "photo", "answer", "exchange", "subproject"]
        + ["budget_line", "movement", "indicator"],
        "member_contact",
    ),
    **dict.fromkeys(
        ["table", "table_member", "meeting", "agenda_item", "agenda_case", "minutes_approve"]
        + ["action", "calendar_token"],
        "table",
    ),
}

Outcome = int | str


@dataclass(frozen=True)
class Rule:
    name: str  # the pattern's name, "namespace:name"
    outcomes: tuple[Outcome, ...]  # one per IDENTITIES, in that order
    objects: str | None = None  # key of the kwargs in conftest._objects()
    owner: str = ""  # whose the object is (picks other_org's account); OBJECT_OWNERS by default
    note: str = ""
    post_only: bool = False  # also POSTed as anonymous and as other_org (see the module doc)
    # What that POST answers (anonymous, other_org) where the default (sign in or refused;
    # 403 or 404) does not apply, e.g. an endpoint meant for other organisations.
    post: tuple[Outcome, Outcome] | None = None
    expected: dict[str, Outcome] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        assert len(self.outcomes) == len(IDENTITIES), self.name
        if not self.owner:
            object.__setattr__(self, "owner", OBJECT_OWNERS.get(self.objects or "", "case_worker"))
        object.__setattr__(self, "expected", dict(zip(IDENTITIES, self.outcomes, strict=True)))


def R(name: str, *outcomes: Outcome, **options: object) -> Rule:  # noqa: N802 - reads as a row
    return Rule(name, outcomes, **options)  # type: ignore[arg-type]


L = LOGIN

# fmt: off
RULES: list[Rule] = [
    #  name                                anonymous, case_worker, referrer, company_tutor,
    #                                      member_contact, table_member, coordinator, dpo, admin,
    #                                      other_org
    # Core
    R("core:healthz", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("core:set_language", 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, objects="language"),
    # Network: home, directory, management, audit trail
    R("network:home", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("network:dashboard", L, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("network:directory", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("network:manage", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("network:organisation_create", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("network:users", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("network:user_invite", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("network:membership_set_active", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="membership", post_only=True),
    R("network:organisation", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="organisation"),
    R("network:organisation_edit", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="organisation"),
    R("network:organisation_set_active", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="organisation", post_only=True),
    R("network:membership_add", L, 403, 403, 403, 403, 403, 200, 403, 403, 403, objects="organisation"),
    R("network:switch_organisation", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, post_only=True),
    R("network:audit", L, 403, 403, 403, 403, 403, 200, 200, 403, 403),
    R("network:audit_export", L, 403, 403, 403, 403, 403, 200, 200, 403, 403),
    R("network:notifications", L, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Without the address of one of the user's notifications: the page that says it is gone.
    R("network:notification_open", L, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # Pathways: people, referrals, placements (/percorsi/)
    R("pathways:services", L, 200, 200, 200, 404, 404, 200, 404, 404, 200),
    R("pathways:service_create", L, 200, 403, 403, 404, 404, 200, 404, 404, 200),
    R("pathways:service", L, 200, 200, 200, 404, 404, 200, 404, 404, 200, objects="service"),
    R("pathways:service_edit", L, 200, 403, 403, 404, 404, 200, 404, 404, 403, objects="service"),
    R("pathways:tutor_placements", L, 200, 404, 200, 404, 404, 404, 404, 404, 200),
    R("pathways:placement", L, 200, 200, 200, 404, 404, 404, 404, 404, 404, objects="placement"),
    R("pathways:placement_transition", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="placement", post_only=True),
    R("pathways:attendance_month", L, 200, 200, 200, 404, 404, 404, 404, 404, 404, objects="attendance"),
    R("pathways:attendance_pdf", L, 200, 200, 200, 404, 404, 404, 404, 404, 404, objects="attendance"),
    R("pathways:evaluation_create", L, 200, 403, 200, 404, 404, 404, 404, 404, 404, objects="placement"),
    R("pathways:follow_up", L, 200, 403, 404, 404, 404, 404, 404, 404, 404, objects="follow_up"),
    R("pathways:referral_create", L, 200, 200, 403, 403, 403, 403, 403, 403, 200),
    R("pathways:referral", L, 200, 403, 404, 404, 404, 404, 404, 404, 404, objects="referral"),
    R("pathways:assessment", L, 200, 200, 404, 404, 404, 404, 404, 404, 404, objects="assessment"),
    R("pathways:caseload", L, 200, 200, 403, 403, 403, 403, 403, 403, 200),
    R("pathways:person", L, 200, 200, 200, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:person_edit", L, 200, 403, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:timeline", L, 200, 200, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:care_team", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="person", post_only=True),
    R("pathways:consent_create", L, 200, 403, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:consent_withdraw", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="consent", post_only=True),
    R("pathways:assessment_create", L, 200, 403, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:plan", L, 200, 200, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:plan_create", L, 200, 403, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:plan_version", L, 200, 200, 404, 404, 404, 404, 404, 404, 404, objects="plan_version"),
    R("pathways:diary", L, 200, 404, 404, 404, 404, 404, 404, 404, 404, objects="person"),
    R("pathways:placement_create", L, 200, 403, 403, 404, 404, 404, 404, 404, 404, objects="person"),
    # Rights of the person (GDPR): requests, export, erasure by the coordinator
    R("pathways:privacy_requests", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("pathways:rights", L, 200, 403, 403, 403, 403, 200, 403, 403, 404, objects="person"),
    R("pathways:export_json", L, 200, 403, 403, 403, 403, 403, 403, 403, 404, objects="person"),
    R("pathways:export_pdf", L, 200, 403, 403, 403, 403, 403, 403, 403, 404, objects="person"),
    R("pathways:erase", L, 403, 403, 403, 403, 403, 302, 403, 403, 404, objects="person"),
    # Matching: candidates, proposals (/opportunita/)
    R("matching:proposals", L, 200, 403, 200, 403, 403, 403, 403, 403, 200),
    R("matching:proposal", L, 200, 404, 200, 404, 404, 404, 404, 404, 404, objects="proposal"),
    R("matching:proposal_answer", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="proposal", post_only=True),
    R("matching:proposal_withdraw", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="proposal", post_only=True),
    R("matching:proposal_place", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="proposal", post_only=True),
    R("matching:proposal_accept_placement", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="proposal", post_only=True),
    R("matching:assignment", L, 200, 403, 403, 403, 200, 200, 403, 403, 200),
    R("matching:weights", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("matching:next_steps", L, 200, 403, 403, 403, 403, 403, 403, 403, 404, objects="person"),
    R("matching:candidates", L, 200, 403, 200, 403, 403, 403, 403, 403, 404, objects="opening"),
    R("matching:propose", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="candidate", post_only=True),
    # Openings (/opportunita/)
    R("openings:list", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("openings:manage", L, 200, 403, 200, 403, 403, 403, 403, 403, 200),
    R("openings:create", L, 200, 403, 200, 403, 403, 403, 403, 403, 200),
    R("openings:detail", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="opening"),
    R("openings:edit", L, 403, 403, 200, 403, 403, 403, 403, 403, 403, objects="opening"),
    R("openings:transition", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="opening", post_only=True),
    # Marketplace (/mercato/)
    R("marketplace:list", L, 200, 403, 200, 200, 403, 200, 403, 403, 200),
    R("marketplace:create", L, 403, 403, 403, 200, 403, 200, 403, 403, 403),
    R("marketplace:company", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("marketplace:exchanges", L, 200, 403, 200, 200, 403, 200, 403, 403, 200),
    R("marketplace:exchange_create", L, 403, 403, 403, 200, 403, 200, 403, 403, 403),
    R("marketplace:exchange", L, 404, 404, 404, 200, 404, 200, 404, 404, 404, objects="exchange"),
    R("marketplace:exchange_confirm", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="exchange", post_only=True),
    R("marketplace:organisation", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="organisation"),
    R("marketplace:photo", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="photo"),
    R("marketplace:answer_decide", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="answer", post_only=True),
    R("marketplace:detail", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="listing"),
    R("marketplace:edit", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="listing"),
    R("marketplace:status", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="listing", post_only=True),
    # Answering is what another organisation does with a listing: the empty form is refused (400).
    R("marketplace:answer", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="listing", post_only=True, post=(L, 400)),
    # Public catalogue
    R("catalogue:list", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Sub-projects (/progetti/)
    # Every role of the district reads sub-projects and the dashboard; the data-protection
    # officer does not (they see the audit trail only).
    R("projects:list", L, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    R("projects:create", L, 200, 403, 403, 200, 403, 200, 403, 403, 200),
    R("projects:detail", L, 200, 200, 200, 200, 200, 200, 403, 403, 200, objects="subproject"),
    R("projects:edit", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="subproject"),
    R("projects:line_create", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="subproject"),
    R("projects:line_edit", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="budget_line"),
    R("projects:movement_create", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="subproject"),
    R("projects:movement_edit", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="movement"),
    R("projects:indicator_create", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="subproject"),
    R("projects:indicator_edit", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="indicator"),
    R("projects:value_create", L, 403, 403, 403, 200, 403, 200, 403, 403, 403, objects="indicator"),
    # Tables (/tavoli/). The data-protection officer sees the audit trail only (403 on every
    # page of the district but the public ones and their own account's).
    R("governance:tables", L, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    R("governance:table_create", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("governance:decisions", L, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    R("governance:my_actions", L, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    R("governance:action_status", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="action", post_only=True),
    R("governance:calendar", L, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    R("governance:calendar_feed", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="calendar_token"),
    R("governance:meeting", L, 200, 200, 404, 404, 200, 200, 404, 404, 404, objects="meeting"),
    R("governance:meeting_edit", L, 200, 200, 404, 404, 200, 200, 404, 404, 404, objects="meeting"),
    R("governance:meeting_held", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="meeting", post_only=True),
    R("governance:agenda_add", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="meeting", post_only=True),
    R("governance:case_add", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="agenda_item", post_only=True),
    R("governance:case", L, 200, 200, 404, 404, 200, 200, 404, 404, 404, objects="agenda_case"),
    R("governance:attendance", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="meeting", post_only=True),
    R("governance:minutes", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="meeting", post_only=True),
    R("governance:minutes_pdf", L, 200, 200, 404, 404, 200, 200, 404, 404, 404, objects="meeting"),
    R("governance:minutes_approve", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="minutes_approve", post_only=True),
    R("governance:decision_add", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="meeting", post_only=True),
    R("governance:action_add", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="meeting", post_only=True),
    R("governance:table", L, 200, 200, 404, 404, 200, 200, 404, 404, 404, objects="table"),
    R("governance:member_add", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="table", post_only=True),
    R("governance:member_remove", L, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="table_member", post_only=True),
    R("governance:meeting_create", L, 200, 200, 404, 404, 200, 200, 404, 404, 404, objects="table"),
    # Reports: dashboard (/cruscotto/)
    R("reports:dashboard", L, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    # Imports: the page lists what the role may import (nothing for some); an import is seen
    # only by who uploaded it.
    R("reports:imports", L, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    R("reports:import_template", L, 200, 403, 403, 403, 403, 403, 403, 403, 200, objects="import_template"),
    R("reports:import_detail", L, 200, 404, 404, 404, 404, 404, 404, 404, 404, objects="import_batch"),
    R("reports:import_progress", L, 200, 404, 404, 404, 404, 404, 404, 404, 404, objects="import_batch"),
    R("reports:import_start", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="import_batch", post_only=True),
    R("reports:import_discard", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="import_batch", post_only=True),
    # Funder reports: the coordinator's only
    R("reports:funder_reports", L, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    R("reports:funder_report", L, 404, 404, 404, 404, 404, 200, 404, 404, 404, objects="funder_report"),
    R("reports:funder_progress", L, 404, 404, 404, 404, 404, 200, 404, 404, 404, objects="funder_report"),
    R("reports:funder_download", L, 404, 404, 404, 404, 404, 200, 404, 404, 404, objects="funder_download"),
    # Open data (/dati/)
    R("opendata:index", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("opendata:definitions", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("opendata:csv", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("opendata:json", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # API v1 (/api/v1/), declared by route: a list and its creation share a route and a name.
    # It reads no session: "me" endpoints answer 401 without a token, whoever is signed in.
    R("api/v1/docs", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("api/v1/openapi.json", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("api/v1/organisations", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("api/v1/organisations/<code>", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="api_organisation"),
    R("api/v1/listings", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("api/v1/catalogue", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("api/v1/openings", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("api/v1/openings/<code>", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="api_opening"),
    R("api/v1/indicators/<year>", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="api_year"),
    R("api/v1/me", 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    R("api/v1/me/listings", 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    R("api/v1/me/listings/<code>", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="api_listing", post_only=True, post=(405, 405)),  # PATCH only
    R("api/v1/me/listings/<code>/close", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="api_listing", post_only=True),
    R("api/v1/me/openings", 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    R("api/v1/me/openings/<code>", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="api_opening", post_only=True, post=(405, 405)),  # PATCH only
    R("api/v1/me/openings/<code>/status", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="api_opening", post_only=True),
    R("api/v1/me/exchanges", 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    R("api/v1/me/exchanges/<code>/confirm", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="api_exchange", post_only=True),
    R("api/v1/", 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # API tokens of the signed-in user (/account/api/); not the data-protection officer's role
    R("api_tokens:list", L, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    R("api_tokens:revoke", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, objects="api_token", post_only=True),
    # Two-factor authentication (/accounts/due-fattori/): test sign-ins are already verified
    R("two_factor:manage", L, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("two_factor:setup", L, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # A one-time enrolment link that is not the user's (or not a link at all).
    R("two_factor:link", L, 404, 404, 404, 404, 404, 404, 404, 404, 404, objects="enrolment_link"),
    R("two_factor:verify", L, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    R("two_factor:recovery_codes", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, post_only=True),
    R("two_factor:reset", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, post_only=True),
    # Accounts and language (Django's)
    R("login", 200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    R("password_reset", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Signing out needs no account: an anonymous POST just goes home.
    R("logout", 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, post_only=True, post=(302, 302)),
    R("password_change", L, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("password_change_done", L, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("password_reset_done", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("password_reset_confirm", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, objects="password_reset"),
    R("password_reset_complete", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    R("set_language", 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
]
# fmt: on

# The Django admin: every pattern under /admin/ (about 130, generated per registered model).
ADMIN_PREFIX = "admin/"
ADMIN_RULE = R("admin:*", L, L, L, L, L, L, L, L, 200, L, note="staff only; others sign in")
# Samples checked for every identity (the admin has no page on people: Person is not registered).
# fmt: off
ADMIN_SAMPLES = [
    R("admin:index", L, L, L, L, L, L, L, L, 200, L),
    R("admin:login", 200, 200, 200, 200, 200, 200, 200, 200, 302, 200, note="signed-in non-staff see the sign-in form again"),
    R("admin:network_user_changelist", L, L, L, L, L, L, L, L, 200, L),
    R("admin:network_organisation_change", L, L, L, L, L, L, L, L, 200, L, objects="admin_organisation"),
    R("admin:auditlog_logentry_changelist", L, L, L, L, L, L, L, L, 200, L),
    # The audit trail is read-only even for the administrator.
    R("admin:auditlog_logentry_change", L, L, L, L, L, L, L, L, 200, L, objects="admin_log_entry"),
    R("admin:auditlog_logentry_delete", L, L, L, L, L, L, L, L, 403, L, objects="admin_log_entry"),
    R("admin:auditlog_logentry_add", L, L, L, L, L, L, L, L, 403, L),
]
# fmt: on
