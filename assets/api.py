"""REST API of village data (GeoJSON features); reads by scope, writes through the same services."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import include, path
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.pagination import GeoJsonPagination
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from assets import forms
from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from assets.services.fitur import fitur_hapus, fitur_simpan
from assets.services.potensi import potensi_ajukan
from sig.akun import scope
from sig.akun.scope import Action

ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


class GeometriAman(GeometryField):
    """GeoJSON in and out; input keeps only type and coordinates (no `crs` reaches GDAL)."""

    def to_internal_value(self, value: Any) -> str:
        if not isinstance(value, dict):
            raise ValidationError("Geometri harus berupa objek GeoJSON.")
        return json.dumps(value)


class FiturSerializer(GeoFeatureModelSerializer):
    geometri = GeometriAman()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in scope.atribut_tersembunyi(self.context["request"].user, instance):
            data["properties"].pop(name, None)
        return data


def serializer_for(model_: type, fields_: list[str], read_only: tuple[str, ...] = ()):
    meta = type(
        "Meta",
        (),
        {
            "model": model_,
            "geo_field": "geometri",
            "fields": ["id", "desa", *fields_, "geometri"],
            "read_only_fields": list(read_only),
        },
    )
    return type(f"{model_.__name__}Serializer", (FiturSerializer,), {"Meta": meta})


class ScopePermission(permissions.BasePermission):
    message = "Anda tidak berwenang atas data desa ini."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return scope.can(request.user, ACTIONS.get(request.method, Action.CHANGE), obj)


class FiturViewSet(viewsets.ModelViewSet):
    permission_classes = [ScopePermission]
    pagination_class = GeoJsonPagination

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.serializer_class.Meta.model._default_manager.order_by("pk")
        desa = self.request.query_params.get("desa", "")
        if desa:
            if not desa.isdecimal():
                raise ValidationError({"desa": "Parameter desa harus berupa id angka."})
            qs = qs.filter(desa_id=int(desa))
        return scope.filter_queryset(self.request.user, Action.VIEW, qs)

    def _save(self, serializer: serializers.Serializer, instance: Any) -> None:
        data = dict(serializer.validated_data)
        try:
            hasil = self.simpan(instance, data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        serializer.instance = hasil.obj

    def simpan(self, instance: Any, data: dict[str, Any]) -> Any:
        return fitur_simpan(obj=instance, data=data, by=self.request.user)

    def perform_create(self, serializer: serializers.Serializer) -> None:
        self._save(serializer, self.serializer_class.Meta.model())

    def perform_update(self, serializer: serializers.Serializer) -> None:
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance: Any) -> None:
        try:
            fitur_hapus(obj=instance, by=self.request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc


def _fields(form: type[forms.FiturForm], *read_only: str) -> list[str]:
    """The writable fields are the operator form's (one list for screens and API), plus computed ones."""
    return [f for f in form._meta.fields or () if f != "desa"] + list(read_only)


class AsetViewSet(FiturViewSet):
    serializer_class = serializer_for(
        AsetDesa,
        _fields(forms.AsetForm, "luas_m2", "panjang_m"),
        read_only=("luas_m2", "panjang_m"),
    )


class LahanViewSet(FiturViewSet):
    computed = ("luas_ha", "potensi_produksi_ton", "kelas_kesesuaian")
    serializer_class = serializer_for(
        LahanPertanian,
        _fields(forms.LahanForm, *computed),
        read_only=computed,
    )


class ProyekViewSet(FiturViewSet):
    serializer_class = serializer_for(
        ProyekPembangunan,
        _fields(forms.ProyekForm, "progres_persen"),
        read_only=("progres_persen",),
    )


class PotensiViewSet(FiturViewSet):
    serializer_class = serializer_for(
        PotensiDesa,
        _fields(forms.PotensiForm, "status", "alasan_penolakan"),
        read_only=("status", "alasan_penolakan"),
    )

    def simpan(self, instance: Any, data: dict[str, Any]) -> Any:
        if instance.pk is None:  # citizens and operators submit; moderation decides publication
            return potensi_ajukan(data=data, by=self.request.user)
        return fitur_simpan(obj=instance, data=data, by=self.request.user)


router = DefaultRouter()
router.register("aset", AsetViewSet, basename="api-aset")
router.register("lahan", LahanViewSet, basename="api-lahan")
router.register("proyek", ProyekViewSet, basename="api-proyek")
router.register("potensi", PotensiViewSet, basename="api-potensi")

urlpatterns = [path("", include(router.urls))]
