"""A form without its CSRF token gets a page in people's words (and the offline queue a JSON answer it knows)."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_csrf_failure_speaks_indonesian():
    client = Client(enforce_csrf_checks=True)
    page = client.post("/akun/login/", {"login": "a@b.id", "password": "x"})
    assert page.status_code == 403 and "Formulir ini sudah kedaluwarsa" in page.content.decode()
    assert "Reason given" not in page.content.decode()
    api = client.post("/pengaduan/baru/", {}, HTTP_ACCEPT="application/json")
    assert api.status_code == 403 and api.json()["csrf"] is True and "kedaluwarsa" in api.json()["galat"]
