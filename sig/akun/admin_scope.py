"""Django admin that asks the scope function, not Django's model permissions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.gis.db.models import GeometryField

from sig.akun import scope
from sig.akun.scope import Action
from sig.geo import GeometriAmanField


class ScopedAdminMixin:
    """Lists show only what the user may view; every change, add and delete asks `scope.can`."""

    # Fields only users with CHANGE_BOUNDARY may edit (codes, names, boundaries).
    boundary_fields: tuple[str, ...] = ()

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        qs = super().get_queryset(request)  # type: ignore[misc]
        return scope.filter_queryset(request.user, Action.VIEW, qs)

    def has_module_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request, obj: Any = None) -> bool:  # type: ignore[no-untyped-def]
        return self.has_module_permission(request) and scope.can(request.user, Action.VIEW, obj or self.model)

    def has_add_permission(self, request, *args: Any) -> bool:  # type: ignore[no-untyped-def]
        return self.has_module_permission(request) and scope.can(request.user, Action.ADD, self.model)

    def has_change_permission(self, request, obj: Any = None) -> bool:  # type: ignore[no-untyped-def]
        return self.has_module_permission(request) and scope.can(request.user, Action.CHANGE, obj or self.model)

    def has_delete_permission(self, request, obj: Any = None) -> bool:  # type: ignore[no-untyped-def]
        return self.has_module_permission(request) and scope.can(request.user, Action.DELETE, obj or self.model)

    def get_readonly_fields(self, request, obj: Any = None):  # type: ignore[no-untyped-def]
        readonly = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and self.boundary_fields and not scope.can(request.user, Action.CHANGE_BOUNDARY, obj):
            readonly += [f for f in self.boundary_fields if f not in readonly]
        return readonly

    def get_exclude(self, request, obj: Any = None):  # type: ignore[no-untyped-def]
        """Internal attributes the user may not see on this row (new rows: those they may see nowhere)."""
        exclude = list(super().get_exclude(request, obj) or [])  # type: ignore[misc]
        hidden = scope.atribut_tersembunyi(request.user, obj if obj is not None else self.model)  # type: ignore[attr-defined]
        return exclude + sorted(hidden - set(exclude))

    def formfield_for_dbfield(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        # Map widgets send text: read it through the bounded, GEOS-only reader (never GDAL, no deep nesting).
        if isinstance(db_field, GeometryField):
            kwargs["form_class"] = GeometriAmanField
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        # Every choice list follows the scope (never other desa's rows, accounts or rasters).
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scope.pilihan(request.user, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scope.pilihan(request.user, field.queryset)
        return field


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    pass
