"""The demo district (`manage.py seed_demo`): what the README promises, loaded idempotently."""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings

from ponte.core.tests.helpers import seed_demo
from ponte.network.models import (
    District,
    Membership,
    Municipality,
    Organisation,
    Role,
    User,
    Valley,
)
from ponte.network.validators import validate_vat_number

# username → [(organisation, role)], as in the README's table.
DEMO_ACCOUNTS = {
    "coordinatore": [("Cooperativa sociale Oltre", Role.COORDINATOR)],
    "operatore.oltre": [("Cooperativa sociale Oltre", Role.CASE_WORKER)],
    "operatore.lerais": [
        ("Cooperativa sociale Le Rais", Role.CASE_WORKER),
        ("Cooperativa sociale Terre Altre", Role.CASE_WORKER),
    ],
    "inviante.fiemme": [("Comunità Territoriale della Val di Fiemme", Role.REFERRER)],
    "inviante.fassa": [("Comun General de Fascia", Role.REFERRER)],
    "tutor.felicetti": [("Pastificio Felicetti", Role.COMPANY_TUTOR)],
    "tutor.famcoop": [("Famiglia Cooperativa Fiemme", Role.COMPANY_TUTOR)],
    "referente.terrealtre": [("Cooperativa sociale Terre Altre", Role.MEMBER_CONTACT)],
    "referente.cassarurale": [("Cassa Rurale di Fiemme", Role.MEMBER_CONTACT)],
    "tavolo": [("Comun General de Fascia", Role.TABLE_MEMBER)],
    "dpo": [("Cooperativa sociale Oltre", Role.DPO)],
}


def counts() -> dict[str, int]:
    return {
        "districts": District.objects.count(),
        "valleys": Valley.objects.count(),
        "municipalities": Municipality.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "sectors": Organisation.sectors.through.objects.count(),
    }


def test_it_loads_the_district(demo):
    district = District.objects.get()
    assert district.short_name == "DES Fiemme e Fassa"


def test_it_loads_15_municipalities_in_2_valleys(demo):
    assert Municipality.objects.count() == 15
    assert sorted(Valley.objects.values_list("name", flat=True)) == ["Fassa", "Fiemme"]
    assert Municipality.objects.filter(valley__name="Fiemme").count() == 9
    assert Municipality.objects.filter(valley__name="Fassa").count() == 6


def test_it_loads_10_members_and_4_funders(demo):
    members = Organisation.objects.filter(relation=Organisation.Relation.MEMBER)
    kinds = Counter(members.values_list("kind", flat=True))
    Kind = Organisation.Kind
    assert members.count() == 10
    assert kinds[Kind.PUBLIC_BODY] == 2
    assert kinds[Kind.SOCIAL_COOP_A] + kinds[Kind.SOCIAL_COOP_B] + kinds[Kind.SOCIAL_COOP_AB] == 4
    assert kinds[Kind.COMPANY] == 3
    assert kinds[Kind.BANK] == 1
    funders = Organisation.objects.filter(relation=Organisation.Relation.FUNDER)
    assert funders.count() == 4
    assert all(o.is_listed for o in Organisation.objects.all())


def test_the_members_have_valid_vat_numbers_and_a_municipality(demo):
    members = Organisation.objects.filter(relation=Organisation.Relation.MEMBER)
    for organisation in members:
        validate_vat_number(organisation.vat_number)
        assert organisation.municipality is not None
        assert organisation.sectors.exists()
    assert len({o.vat_number for o in members}) == 10


def test_it_creates_the_demo_accounts_of_the_readme(demo):
    assert set(User.objects.values_list("username", flat=True)) == {"admin", *DEMO_ACCOUNTS}
    for username, roles in DEMO_ACCOUNTS.items():
        memberships = Membership.objects.filter(user__username=username, is_active=True)
        assert sorted((m.organisation.name, m.role) for m in memberships) == sorted(roles), username
        assert not User.objects.get(username=username).is_staff


def test_the_admin_is_a_technical_administrator_without_a_role(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert not admin.memberships.exists()


def test_the_readme_lists_the_same_accounts():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    usernames = re.findall(r"^\| `([a-z.]+)` \|", readme, re.M)
    assert sorted(usernames) == sorted(["admin", *DEMO_ACCOUNTS])


def test_running_it_twice_changes_nothing(demo):
    before = counts()
    codes = dict(Organisation.objects.values_list("name", "code"))
    passwords = dict(User.objects.values_list("username", "password"))
    seed_demo()
    assert counts() == before
    assert before["organisations"] == 14
    assert before["users"] == 12
    assert before["memberships"] == 12
    # Addresses stay the same, and passwords changed since are kept.
    assert dict(Organisation.objects.values_list("name", "code")) == codes
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_running_it_again_restores_a_deactivated_role(demo):
    Membership.objects.filter(user__username="tavolo").update(is_active=False)
    seed_demo()
    assert Membership.objects.get(user__username="tavolo").is_active
