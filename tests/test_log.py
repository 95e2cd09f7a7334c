"""Structured logs: a refused request is one JSON line with level, logger, method, path and status."""

import json
import logging

from sig.log import JsonFormatter


def test_json_log_line_carries_the_request(client, db, caplog):
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    lines = []
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/pengaduan/ADU-2222-2222/")
    finally:
        logger.removeHandler(handler)
    data = json.loads(lines[-1])
    assert data["level"] == "WARNING" and data["logger"] == "django.request"
    assert data["path"] == "/pengaduan/ADU-2222-2222/" and data["method"] == "GET" and data["status_code"] == 404
    assert data["waktu"].endswith("+00:00")
