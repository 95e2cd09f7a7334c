"""People: akun warga and staff roles, each staff member scoped to desa or kecamatan."""

from __future__ import annotations

from typing import Any, ClassVar, TypeAlias

from django.contrib.auth.models import AbstractUser, AnonymousUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Peran(models.TextChoices):
    WARGA = "warga", _("Warga")
    OPERATOR = "operator", _("Operator desa")
    PERENCANA = "perencana", _("Perencana")
    ADMIN_KECAMATAN = "admin_kecamatan", _("Admin kecamatan")
    SUPERADMIN = "superadmin", _("Superadmin")


STAFF_ROLES = frozenset({Peran.OPERATOR, Peran.PERENCANA, Peran.ADMIN_KECAMATAN, Peran.SUPERADMIN})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Email wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("peran", Peran.WARGA)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["peran"] = Peran.SUPERADMIN
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    # Fields of AbstractUser this account drops (None removes an inherited field; the stubs expect a field).
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email"), unique=True)
    nama = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    telepon = models.CharField(_("nomor telepon"), max_length=30, blank=True)
    peran = models.CharField(_("peran"), max_length=20, choices=Peran.choices, default=Peran.WARGA)
    desa_domisili = models.ForeignKey(
        "wilayah.Desa",
        verbose_name=_("desa domisili"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warga",
    )
    desa_kerja = models.ManyToManyField(
        "wilayah.Desa",
        verbose_name=_("desa tugas (operator)"),
        blank=True,
        related_name="operator",
    )
    kecamatan_kerja = models.ManyToManyField(
        "wilayah.Kecamatan",
        verbose_name=_("kecamatan tugas (admin kecamatan)"),
        blank=True,
        related_name="admin",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]  # django-stubs expects auth's UserManager here

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.nama or self.email

    def get_full_name(self) -> str:
        return self.nama or self.email

    def get_short_name(self) -> str:
        return (self.nama.split() or [self.email])[0]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The role is the single source of truth for admin access.
        self.is_superuser = self.peran == Peran.SUPERADMIN
        self.is_staff = self.peran in STAFF_ROLES
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


# Whoever asks: a signed-in account or an anonymous visitor. Reads take it, and so do the few services that
# refuse visitors themselves (reporting, supporting, following); every other write takes `User`.
AnyUser: TypeAlias = User | AnonymousUser
