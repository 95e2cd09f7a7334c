"""Django admin that asks the scope function, not Django's model permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.gis.db.models import GeometryField
from django.db import models
from django.http import HttpRequest

from sig.akun import scope
from sig.akun.scope import Action
from sig.geo import GeometriAmanField

if TYPE_CHECKING:  # what the mixin is mixed into: a ModelAdmin or an inline
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


class ScopedAdminMixin(_AdminBase):
    """Lists show only what the user may view; every change, add and delete asks `scope.can`."""

    # Fields only users with CHANGE_BOUNDARY may edit (codes, names, boundaries).
    boundary_fields: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = super().get_queryset(request)
        return scope.filter_queryset(request.user, Action.VIEW, qs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and scope.can(request.user, Action.VIEW, obj or self.model)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request) and scope.can(request.user, Action.ADD, self.model)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and scope.can(request.user, Action.CHANGE, obj or self.model)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and scope.can(request.user, Action.DELETE, obj or self.model)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.boundary_fields and not scope.can(request.user, Action.CHANGE_BOUNDARY, obj):
            readonly += [f for f in self.boundary_fields if f not in readonly]
        return readonly

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Internal attributes the user may not see on this row (new rows: those they may see nowhere)."""
        exclude = list(super().get_exclude(request, obj) or [])
        hidden = scope.atribut_tersembunyi(request.user, obj if obj is not None else self.model)
        return exclude + sorted(hidden - set(exclude))

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        # Map widgets send text: read it through the bounded, GEOS-only reader (never GDAL, no deep nesting).
        if isinstance(db_field, GeometryField):
            kwargs["form_class"] = GeometriAmanField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        # Every choice list follows the scope (never other desa's rows, accounts or rasters).
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and field.queryset is not None:
            field.queryset = scope.pilihan(request.user, field.queryset)
        return field

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and field.queryset is not None:
            field.queryset = scope.pilihan(request.user, field.queryset)
        return field


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    pass
