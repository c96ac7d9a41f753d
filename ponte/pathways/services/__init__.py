"""Writes to pathways: keyword-only, atomic, validating. A ValidationError carries the message
the user sees; nothing is saved when one is raised.

One module per area: people (identity reads, profile, care team), referrals, consents,
assessments (and levels), plans, placements (and the services of the chain), attendance,
follow_ups, diary; openings holds what pathways writes about openings and proposals. Every public
name is re-exported here, so `services.placement_transition(...)` works as well as
`from ponte.pathways.services.placements import placement_transition`."""

from ponte.pathways.services.assessments import (
    CAP_WHEN_ANY_ITEM_IS_1,
    LEVEL_THRESHOLDS,
    ScoreInput,
    assessment_record,
    level_change,
    suggested_level,
)
from ponte.pathways.services.attendance import DayInput, attendance_period, attendance_record
from ponte.pathways.services.consents import consent_record, consent_withdraw, consents_withdraw
from ponte.pathways.services.diary import diary_write
from ponte.pathways.services.follow_ups import follow_up_record
from ponte.pathways.services.people import (
    care_team_add,
    care_team_remove,
    identity_read_record,
    identity_reads_record,
    person_update,
)
from ponte.pathways.services.placements import (
    ALLOWED_TRANSITIONS,
    free_places,
    placement_propose,
    placement_transition,
    service_save,
)
from ponte.pathways.services.plans import PLAN_REVIEW_MONTHS, plan_write
from ponte.pathways.services.referrals import (
    referral_accept,
    referral_attach,
    referral_create,
    referral_decline,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CAP_WHEN_ANY_ITEM_IS_1",
    "LEVEL_THRESHOLDS",
    "PLAN_REVIEW_MONTHS",
    "DayInput",
    "ScoreInput",
    "assessment_record",
    "attendance_period",
    "attendance_record",
    "care_team_add",
    "care_team_remove",
    "consent_record",
    "consent_withdraw",
    "consents_withdraw",
    "diary_write",
    "follow_up_record",
    "free_places",
    "identity_read_record",
    "identity_reads_record",
    "level_change",
    "person_update",
    "placement_propose",
    "placement_transition",
    "plan_write",
    "referral_accept",
    "referral_attach",
    "referral_create",
    "referral_decline",
    "service_save",
    "suggested_level",
]
