"""Request bodies of the API: JSON nesting is bounded before parsing (a deep body would recurse until a 500)."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from sig.teks import MAKS_KEDALAMAN_JSON, kedalaman


class JSONAman(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = stream.read() if stream is not None else b""
        if kedalaman(data) > MAKS_KEDALAMAN_JSON:
            raise ParseError(f"JSON bersarang terlalu dalam (lebih dari {MAKS_KEDALAMAN_JSON} tingkat).")
        try:
            return json.loads(data.decode((parser_context or {}).get("encoding") or "utf-8"))
        except (ValueError, RecursionError) as exc:
            raise ParseError("Isi permintaan bukan JSON yang sah.") from exc
