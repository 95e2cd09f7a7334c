from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from sig.akun import scope

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

register = template.Library()


@register.filter
def kelola_operator(user: AnyUser) -> bool:
    """Does the staff navigation show the operator screen (sig.akun.scope.boleh_kelola_operator)?"""
    return scope.boleh_kelola_operator(user)
