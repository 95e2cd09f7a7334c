"""Fill locale/en/LC_MESSAGES/django.po from the table below (run after `manage.py makemessages -l en`).

Source strings are Bahasa Indonesia (our users' language); this table is the English side.
"""

import ast
import json
import re
import sys
from pathlib import Path

EN = {
    "Operator desa harus ditugaskan ke sedikitnya satu desa.": "A village operator must be assigned to at least one village.",
    "Admin kecamatan harus ditugaskan ke sedikitnya satu kecamatan.": "A sub-district admin must be assigned to at least one sub-district.",
    "Profil": "Profile",
    "Peran dan wilayah tugas": "Role and assigned territory",
    "Status": "Status",
    "Akun dan peran": "Accounts and roles",
    "Desa domisili": "Home village",
    "Desa tempat Anda tinggal; laporan Anda tetap bisa untuk desa mana pun.": "The village you live in; you can still report about any village.",
    "Nama lengkap": "Full name",
    "Warga": "Citizen",
    "Operator desa": "Village operator",
    "Perencana": "Planner",
    "Admin kecamatan": "Sub-district admin",
    "Superadmin": "Superadmin",
    "email": "email",
    "nama lengkap": "full name",
    "nomor telepon": "phone number",
    "peran": "role",
    "desa domisili": "home village",
    "desa tugas (operator)": "assigned villages (operator)",
    "kecamatan tugas (admin kecamatan)": "assigned sub-districts (sub-district admin)",
    "pengguna": "users",
    "Profil tersimpan.": "Profile saved.",
    "Bahasa Indonesia": "Bahasa Indonesia",
    "English": "English",
    "Wilayah": "Territory",
    "luas (ha)": "area (ha)",
    "kode Kemendagri": "Kemendagri code",
    "nama": "name",
    "batas wilayah": "boundary",
    "provinsi": "province",
    "kabupaten/kota": "regency/city",
    "kecamatan": "sub-district",
    "Desa": "Village",
    "Kelurahan": "Urban village",
    "jenis": "type",
    "kepala desa/lurah": "village head",
    "alamat kantor": "office address",
    "telepon kantor": "office phone",
    "deskripsi": "description",
    "jumlah penduduk": "population",
    "desa/kelurahan": "villages",
    "nomor urut": "number",
    "kepala dusun": "hamlet head",
    "dusun": "hamlets",
    "Profil saya": "My profile",
    "Simpan": "Save",
    "Akun terkunci sementara": "Account temporarily locked",
    "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi 15 menit lagi atau atur ulang kata sandi.": "Too many failed sign-in attempts. For your security, try again in 15 minutes or reset your password.",
    "Lupa kata sandi?": "Forgot your password?",
    "Sistem informasi geografis desa: aset, potensi, pembangunan dan pengaduan warga di peta.": "Village geographic information system: assets, potentials, development and citizen reports on a map.",
    "Navigasi utama": "Main navigation",
    "Beranda": "Home",
    "Administrasi": "Administration",
    "Keluar": "Sign out",
    "Masuk": "Sign in",
    "Daftar": "Sign up",
    "data wilayah: Kemendagri; peta dasar: OpenStreetMap (bila daring)": "territory data: Kemendagri; base map: OpenStreetMap (when online)",
    "Peta batas wilayah": "Boundary map",
    "Peta desa dan kecamatan": "Map of villages and sub-districts",
    "Pilih kecamatan untuk melihat desa, batas wilayah dan datanya.": "Choose a sub-district to see its villages, boundaries and data.",
    "Kecamatan": "Sub-district",
    "desa": "villages",
    "Belum ada data wilayah. Jalankan": "No territory data yet. Run",
    "atau muat batas wilayah dengan": "or load boundaries with",
    "Kode Kemendagri": "Kemendagri code",
    "Kepala desa": "Village head",
    "Luas": "Area",
    "Dusun": "Hamlets",
    "Penduduk": "Population",
    "Akun warga": "Citizen accounts",
    "No.": "No.",
    "Nama": "Name",
    "Kepala dusun": "Hamlet head",
    "Luas (ha)": "Area (ha)",
    "Kantor desa": "Village office",
    "Desa/kelurahan": "Villages",
    "Desa di kecamatan ini": "Villages in this sub-district",
    "Kode": "Code",
}


def main(path: str = "locale/en/LC_MESSAGES/django.po") -> int:
    po = Path(path)
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        match = re.search(r'^msgid ((?:".*"\n?)+)^msgstr ""\n?$', block + "\n", re.M)
        if not match:
            continue
        msgid = "".join(ast.literal_eval(part) for part in re.findall(r'".*"', match.group(1)))
        if not msgid:
            continue
        if msgid not in EN:
            missing.append(msgid)
            continue
        blocks[i] = block.replace('msgstr ""', f"msgstr {json.dumps(EN[msgid], ensure_ascii=False)}", 1)
        blocks[i] = blocks[i].replace("#, fuzzy\n", "")
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    for msgid in missing:
        print(f"belum diterjemahkan: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
