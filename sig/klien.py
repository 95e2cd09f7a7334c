"""Who is asking: the one rule for the client's address, used by login lockout (axes), allauth's rate limits,
complaint limits and blocks, and the print limit.

Behind proxies, each trusted proxy appends the address it received the request from to X-Forwarded-For;
with PROXY_TEPERCAYA = N, the client is the N-th address from the right (addresses further left are whatever
the client claimed, never trusted). Without proxies (N = 0) the socket's REMOTE_ADDR is the client.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def alamat_klien(request: Any) -> str:
    """The client's IP address under the trusted-proxy setting ('' when it cannot be told)."""
    count = int(getattr(settings, "PROXY_TEPERCAYA", 0) or 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        # Too few hops: the request did not come through every proxy; the nearest peer is all we know.
        candidate = hops[-count] if len(hops) >= count else (hops[0] if hops else candidate)
    return _bersih(candidate)


def _bersih(value: str) -> str:
    text = value.strip()
    if text.startswith("[") and "]" in text:  # [IPv6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def nama_login(request: Any, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, normalised (allauth sends `email`, the admin `username`): axes keys
    its lockout on it together with the address, so one account's failures never lock another account."""
    credentials = credentials or {}
    post = getattr(request, "POST", {}) or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or post.get("login")
        or post.get("username")
        or ""
    )
    return str(value).strip().lower()[:254]
