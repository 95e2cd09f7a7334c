from typing import Any

from django import template

from sig.akun import scope

register = template.Library()


@register.filter
def kelola_operator(user: Any) -> bool:
    """Does the staff navigation show the operator screen (sig.akun.scope.boleh_kelola_operator)?"""
    return scope.boleh_kelola_operator(user)
