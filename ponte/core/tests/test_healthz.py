"""/healthz for monitoring: 200 while the database answers, 503 otherwise."""

from django.db import OperationalError


def test_it_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


class BrokenConnection:
    def cursor(self):
        raise OperationalError("could not connect to server")


def test_it_answers_503_when_the_database_does_not(client, db, monkeypatch):
    monkeypatch.setattr("ponte.core.views.connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "error"
    assert "could not connect" not in response.content.decode()


def test_it_answers_only_to_get(client, db):
    assert client.post("/healthz").status_code == 405
