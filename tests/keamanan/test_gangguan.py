"""Faults: the database goes away and comes back; the app answers cleanly meanwhile and recovers by itself."""

from __future__ import annotations

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _params() -> dict:
    s = connection.settings_dict
    return {"host": s["HOST"] or None, "port": s["PORT"] or 5432, "user": s["USER"], "dbname": s["NAME"]}


def test_killed_connections_are_replaced_without_restarting_the_app(client, wilayah):
    assert client.get(f"/desa/{wilayah.desa_a.kode}/").status_code == 200
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(autocommit=True, **_params()) as other:  # what a database restart does to us
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    # A server sends request_started before every request; the test client leaves the receiver that runs the
    # health check (CONN_HEALTH_CHECKS) disconnected, so send it here as the WSGI handler would.
    request_started.send(sender=WSGIHandler, environ={})
    response = client.get(f"/desa/{wilayah.desa_a.kode}/")
    assert response.status_code == 200 and "Desa A" in response.content.decode()
    assert connection.connection.info.backend_pid != pid


def test_while_the_database_is_away_requests_fail_cleanly_then_recover(client, wilayah):
    client.raise_request_exception = False
    original = connection.settings_dict["HOST"]
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    try:
        health = client.get("/kesehatan/")
        assert health.status_code == 503 and health.json()["status"] == "gagal"
        page = client.get(f"/desa/{wilayah.desa_a.kode}/")
        assert page.status_code == 500
        body = page.content.decode()
        assert "Terjadi kesalahan" in body and "Traceback" not in body and "psycopg" not in body
    finally:
        connection.close()
        connection.settings_dict["HOST"] = original
    assert client.get("/kesehatan/").status_code == 200
    assert client.get(f"/desa/{wilayah.desa_a.kode}/").status_code == 200
