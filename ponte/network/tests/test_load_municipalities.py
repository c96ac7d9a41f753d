"""`manage.py load_municipalities FILE.csv`: another district loads its own valleys and
municipalities."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from ponte.network.models import Municipality, Valley

HEADER = (
    "istat_code,name,name_other_language,name_ladin,valley,cadastral_code,lat_approx,lon_approx"
)
VALSUGANA = [
    HEADER,
    "022006,Borgo Valsugana,,,Valsugana e Tesino,B006,46.052,11.456",
    "022124,Pergine Valsugana,,,Alta Valsugana e Bersntol,G452,46.061,11.238",
    "022140,Palù del Fersina,Palai en Bersntol,,Alta Valsugana e Bersntol,G296,46.130,11.350",
]


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "comuni.csv"
    path.write_text("\n".join(VALSUGANA) + "\n", encoding="utf-8")
    return path


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_municipalities", *args, stdout=out)
    return out.getvalue()


def test_it_loads_another_districts_municipalities(db, csv_file):
    assert "3 municipalities loaded." in load(str(csv_file))
    assert Municipality.objects.count() == 3
    assert dict(Valley.objects.values_list("code", "name")) == {
        "valsugana-e-tesino": "Valsugana e Tesino",
        "alta-valsugana-e-bersntol": "Alta Valsugana e Bersntol",
    }
    palu = Municipality.objects.get(istat_code="022140")
    assert palu.name == "Palù del Fersina"
    assert palu.name_other_language == "Palai en Bersntol"
    assert palu.valley.name == "Alta Valsugana e Bersntol"
    assert palu.cadastral_code == "G296"
    assert str(palu.latitude) == "46.13000"
    assert str(palu.longitude) == "11.35000"
    with translation.override("lld"):
        assert palu.display_name == "Palù del Fersina"


def test_loading_again_updates_without_duplicating(db, csv_file):
    load(str(csv_file))
    csv_file.write_text(
        "\n".join(
            [*VALSUGANA[:1], VALSUGANA[1].replace("Borgo Valsugana", "Borgo"), *VALSUGANA[2:]]
        )
        + "\n",
        encoding="utf-8",
    )
    load(str(csv_file))
    assert Municipality.objects.count() == 3
    assert Valley.objects.count() == 2
    assert Municipality.objects.get(istat_code="022006").name == "Borgo"


def test_without_a_file_it_loads_fiemme_and_fassa(db):
    assert "15 municipalities loaded." in load()
    assert Municipality.objects.count() == 15
    assert sorted(Valley.objects.values_list("code", flat=True)) == ["fassa", "fiemme"]


def test_the_directory_map_shows_the_loaded_municipalities(client, db, csv_file):
    load(str(csv_file))
    html = client.get("/rete/").content.decode()
    assert html.count('<circle class="point empty"') == 3


def test_a_missing_file_fails_without_loading_anything(db, tmp_path):
    with pytest.raises(FileNotFoundError):
        load(str(tmp_path / "nessuno.csv"))
    assert Municipality.objects.count() == 0
