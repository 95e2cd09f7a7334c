from assets.models.aset import AsetDesa
from assets.models.base import SumberDana
from assets.models.foto import Foto
from assets.models.lahan import LahanPertanian
from assets.models.potensi import PotensiDesa
from assets.models.proyek import AnggaranProyek, ProgresProyek, ProyekPembangunan

__all__ = [
    "AnggaranProyek",
    "AsetDesa",
    "Foto",
    "LahanPertanian",
    "PotensiDesa",
    "ProgresProyek",
    "ProyekPembangunan",
    "SumberDana",
]
