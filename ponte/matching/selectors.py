"""Reads of the matching pages: ranked candidates, next steps, the optimal assignment, and the
explanation of a score as the page shows it. The scoring itself is in scoring.py; what it reads
is loaded by features.py in a constant number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from ponte.matching import assignment, features, scoring
from ponte.matching.features import PersonFeatures, PlaceFeatures
from ponte.matching.models import Proposal, Weights
from ponte.openings.models import Opening
from ponte.pathways import selectors as pathway_selectors
from ponte.pathways.access import care_team_people
from ponte.pathways.models import Consent, Person, Service

CANDIDATES_SHOWN = 20
NEXT_STEPS_SHOWN = 15
# What the host's tutor may read of an explanation: the functional profile (level, skills,
# availability), not where or how the person lives, their interests or how long they waited.
TUTOR_FACTORS = ("level", "skills", "availability")
# Proposals that stand in the way of proposing the same person again.
LIVE = (*Proposal.OPEN, Proposal.Status.PLACED)


@dataclass(frozen=True)
class ShownFactor:
    name: str
    label: str
    percent: int
    sentence: str


@dataclass(frozen=True)
class ShownScore:
    total: float
    eligible: bool
    factors: list[ShownFactor]


def _labels() -> dict[str, str]:
    return {
        name: str(getattr(Weights._meta.get_field(name), "verbose_name", name))
        for name in Weights.FACTORS
    }


def shown(score: scoring.Score, *, only: tuple[str, ...] | None = None) -> ShownScore:
    labels = _labels()
    return ShownScore(
        total=score.total,
        eligible=score.eligible,
        factors=[
            ShownFactor(
                name=factor.name,
                label=labels.get(factor.name, factor.name).capitalize(),
                percent=round(factor.value * 100),
                sentence=factor.sentence,
            )
            for factor in score.factors
            if only is None or factor.name in only
        ],
    )


def _one_person(person: Person) -> PersonFeatures:
    return features.people_features(Person.objects.filter(pk=person.pk))[0]


def pair_score(person: Person, opening: Opening) -> scoring.Score:
    return scoring.score_pair(
        _one_person(person), features.opening_features(opening), Weights.current().as_dict()
    )


def pair_total(person: Person, opening: Opening) -> float:
    return pair_score(person, opening).total


def explained_score(proposal: Proposal, *, for_tutor: bool) -> ShownScore:
    """The score of a proposal as it is today, explained."""
    score = pair_score(proposal.person, proposal.opening)
    return shown(score, only=TUTOR_FACTORS if for_tutor else None)


def proposals_list(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related("person", "opening__host").order_by("-created_at", "-id")


def placement_initial(proposal: Proposal, request: HttpRequest) -> dict[str, Any]:
    opening = proposal.opening
    start = max(opening.starts_on, date.today())
    end = opening.ends_on if opening.ends_on and opening.ends_on > start else None
    return {
        "planned_start": start,
        "planned_end": end or start + timedelta(days=182),
        "hours_per_week": opening.hours_per_week,
        "promoter": request.membership.organisation_id,  # type: ignore[attr-defined]
    }


# Candidates of an opening ------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    person: PersonFeatures
    name: str
    score: ShownScore
    consents: bool
    proposal: Proposal | None


def candidates_for(
    opening: Opening,
    worker_people: QuerySet[Person],
    *,
    valley_id: int | None = None,
    level: int | None = None,
    hours: int | None = None,
) -> list[Candidate]:
    """The people of a case worker's care teams who could take the opening, best first, with the
    reasons: only open pathways not placed full time, and only eligible pairs."""
    pool = features.candidate_pool(worker_people)
    if valley_id:
        pool = pool.filter(municipality__valley_id=valley_id)
    if level is not None:
        pool = pool.filter(level__number=level)
    if hours:
        pool = pool.filter(hours_per_week__gte=hours)
    people = features.people_features(pool)
    if not people:
        return []
    place = features.opening_features(opening)
    weights = Weights.current().as_dict()
    matrix = scoring.PeopleMatrix.from_features(people)
    indices, _totals = scoring.rank(place, matrix, weights, limit=CANDIDATES_SHOWN)
    chosen = [people[int(i)] for i in indices]
    pks = [p.pk for p in chosen]
    names = {
        pk: f"{last} {first}"
        for pk, first, last in Person.objects.filter(pk__in=pks).values_list(
            "pk", "first_name", "last_name"
        )
    }
    consenting = _consenting(pks)
    proposals = {
        proposal.person_id: proposal
        for proposal in Proposal.objects.filter(opening=opening, person_id__in=pks, status__in=LIVE)
    }
    return [
        Candidate(
            person=p,
            name=names.get(p.pk, ""),
            score=shown(scoring.score_pair(p, place, weights)),
            consents=p.pk in consenting,
            proposal=proposals.get(p.pk),
        )
        for p in chosen
    ]


def _consenting(pks: list[int]) -> set[int]:
    """Which of these people consent to sharing their profile with companies today (one query
    on their own consents, not on the whole table)."""
    return set(
        pathway_selectors.valid_consents()
        .filter(purpose=Consent.Purpose.COMPANIES, person_id__in=pks)
        .values_list("person_id", flat=True)
    )


def care_team_of(user: Any) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=care_team_people(user).values("pk"))


# Next steps of a person --------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    place: PlaceFeatures
    host: str
    score: ShownScore
    proposal: Proposal | None


def next_steps_for(person: Person) -> list[NextStep]:
    """Open openings and active services ranked for one person, with the same explanations."""
    me = _one_person(person)
    weights = Weights.current().as_dict()
    openings = Opening.objects.filter(status=Opening.Status.OPEN)
    services = Service.objects.filter(is_active=True)
    places = features.openings_features(openings) + features.services_features(services)
    scored = [(scoring.score_pair(me, place, weights), place) for place in places]
    best = sorted(
        (pair for pair in scored if pair[0].eligible),
        key=lambda pair: (-pair[0].total, pair[1].title),
    )[:NEXT_STEPS_SHOWN]
    hosts = dict(openings.values_list("pk", "host__name"))
    providers = dict(services.values_list("pk", "provider__name"))
    proposals = {
        proposal.opening_id: proposal
        for proposal in Proposal.objects.filter(person=person, status__in=LIVE)
    }
    return [
        NextStep(
            place=place,
            host=(hosts if place.kind == features.OPENING else providers).get(place.pk, ""),
            score=shown(score),
            proposal=proposals.get(place.pk) if place.kind == features.OPENING else None,
        )
        for score, place in best
    ]


# The optimal assignment --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    person: PersonFeatures
    opening: PlaceFeatures
    host: str
    score: ShownScore
    consents: bool
    in_my_care_team: bool


@dataclass(frozen=True)
class AssignmentResult:
    pairs: list[Pair]
    total: float
    people: int
    openings: int
    places: int


def assignment_pool() -> QuerySet[Person]:
    """People the Tavolo Tecnico may discuss: an open pathway, not placed full time, and the
    consent to discussion at the Tavolo in force."""
    return features.candidate_pool(
        Person.objects.filter(
            pk__in=pathway_selectors.valid_consents()
            .filter(purpose=Consent.Purpose.TABLE)
            .values("person_id")
        )
    )


def optimal_assignment(
    people: QuerySet[Person], openings: QuerySet[Opening], *, viewer_people: set[int]
) -> AssignmentResult:
    """The assignment of people to openings with the highest total score, under the places of
    each opening and one opening per person (assignment.assign is exact)."""
    people_list = features.people_features(people)
    places = features.openings_features(openings)
    if not people_list or not places:
        return AssignmentResult([], 0.0, len(people_list), len(places), 0)
    weights = Weights.current().as_dict()
    matrix = scoring.PeopleMatrix.from_features(people_list)
    scores = scoring.score_matrix(places, matrix, weights)
    capacities = dict(openings.values_list("pk", "places"))
    result = assignment.assign(scores, [capacities[place.pk] for place in places])
    hosts = dict(openings.values_list("pk", "host__name"))
    chosen_pks = [people_list[p].pk for _o, p in result.pairs]
    consenting = _consenting(chosen_pks)
    pairs = [
        Pair(
            person=people_list[p],
            opening=places[o],
            host=hosts.get(places[o].pk, ""),
            score=shown(scoring.score_pair(people_list[p], places[o], weights)),
            consents=people_list[p].pk in consenting,
            in_my_care_team=people_list[p].pk in viewer_people,
        )
        for o, p in result.pairs
    ]
    pairs.sort(key=lambda pair: (pair.opening.title, -pair.score.total, pair.person.code))
    return AssignmentResult(
        pairs=pairs,
        total=round(float(result.total), 1),
        people=len(people_list),
        openings=len(places),
        places=sum(capacities.values()),
    )
