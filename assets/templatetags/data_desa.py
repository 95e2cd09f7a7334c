from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

register = template.Library()


@register.filter
def nilai(obj: Any, field: str) -> Any:
    """Display value of a field: choice label, money and numbers in the active locale."""
    display = getattr(obj, f"get_{field}_display", None)
    if display is not None:
        return display()
    value = getattr(obj, field, "")
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2 if value % 1 else 0, force_grouping=True)
    return value


@register.filter
def label(model: Any, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name).capitalize()


@register.filter
def rupiah(value: Any) -> str:
    if value in (None, ""):
        return "—"
    amount = Decimal(value)
    return f"Rp {number_format(amount, decimal_pos=2 if amount % 1 else 0, force_grouping=True)}"


@register.filter
def ribuan(value: Any) -> str:
    return intcomma(value)
