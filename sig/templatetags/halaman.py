from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from sig.halaman import Bagian

register = template.Library()


@register.simple_tag(takes_context=True)
def bagian(context: template.Context, item: Bagian) -> SafeString:
    """Render one contributed page section with the page's context plus its own."""
    # django-stubs types flatten()'s keys as int | str | Node; a template context's keys are names.
    data: dict[str, Any] = {**context.flatten(), **item.context}  # type: ignore[dict-item]
    return render_to_string(item.template, data, request=context.get("request"))
