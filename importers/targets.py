"""The import targets of the domain apps: declared beside their models (e.g. assets/impor.py) and named by
dotted path in settings.IMPOR_TUJUAN, so this app knows no domain model."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from sig.impor import Importer

IMPORTERS: dict[str, Importer] = {k: v for path in settings.IMPOR_TUJUAN for k, v in import_string(path).items()}
