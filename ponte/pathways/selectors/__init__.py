"""Reusable reads of the pathways.

One module per area: people (caseloads and what is due, care team, case workers), referrals,
consents, assessments (and the chart's series), plans, placements (and the services of the
chain), timelines (a person's timeline). Every public name is re-exported here, so
`selectors.timeline(...)` works as well as
`from ponte.pathways.selectors.timelines import timeline`."""

from ponte.pathways.selectors.assessments import (
    ScorePoint,
    assessment_with_scores,
    assessments_of,
    functional_profile,
    latest_assessment,
    score_series,
)
from ponte.pathways.selectors.consents import (
    ConsentRow,
    PurposeConsents,
    consent_state,
    consents_by_purpose,
    consents_of,
    has_consent,
    people_with_consent,
    valid_consents,
)
from ponte.pathways.selectors.people import (
    DUE_WITHIN_DAYS,
    care_team_of,
    case_workers_of,
    caseload_for_referrer,
    caseload_for_worker,
    consent_expiring,
    follow_up_due,
    placement_ending,
)
from ponte.pathways.selectors.placements import (
    host_evaluations,
    hosted_placements,
    placements_of,
    services_with_occupancy,
)
from ponte.pathways.selectors.plans import latest_plan, plans_of
from ponte.pathways.selectors.referrals import (
    PossibleDuplicate,
    fiscal_code_key,
    is_new_record,
    possible_duplicates,
    referrals_awaiting_decision,
)
from ponte.pathways.selectors.timelines import EventKind, TimelineEvent, timeline

__all__ = [
    "DUE_WITHIN_DAYS",
    "ConsentRow",
    "EventKind",
    "PossibleDuplicate",
    "PurposeConsents",
    "ScorePoint",
    "TimelineEvent",
    "assessment_with_scores",
    "assessments_of",
    "care_team_of",
    "case_workers_of",
    "caseload_for_referrer",
    "caseload_for_worker",
    "consent_expiring",
    "consent_state",
    "consents_by_purpose",
    "consents_of",
    "fiscal_code_key",
    "follow_up_due",
    "functional_profile",
    "has_consent",
    "host_evaluations",
    "hosted_placements",
    "is_new_record",
    "latest_assessment",
    "latest_plan",
    "people_with_consent",
    "placement_ending",
    "placements_of",
    "plans_of",
    "possible_duplicates",
    "referrals_awaiting_decision",
    "score_series",
    "services_with_occupancy",
    "timeline",
    "valid_consents",
]
