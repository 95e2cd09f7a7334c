/* The analysis screen: builds the request from the form, draws the GeoJSON result as a temporary layer and a
   table (textContent only), and offers it for download. */
(function () {
  "use strict";
  var K = JSON.parse(document.getElementById("analisis-konfigurasi").textContent);
  var form = document.getElementById("form-analisis");
  var $ = function (id) { return document.getElementById(id); };
  function opt(select, value, text) { var o = document.createElement("option"); o.value = value; o.textContent = text; select.appendChild(o); }
  K.alat.forEach(function (a) { opt($("alat"), a[0], a[1]); });
  K.lapisan.forEach(function (l) { opt($("lapisan"), l.slug, l.judul); opt($("lapisan2"), l.slug, l.judul); });
  function pilihanKategori() {  // the categories of the layer the category applies to ("ke" for the nearest tool)
    var list = $("kategori-pilihan"); list.replaceChildren();
    var labels = kategoriLabel($("alat").value === "terdekat" ? $("lapisan2").value : $("lapisan").value);
    Object.keys(labels).forEach(function (v) { opt(list, labels[v], ""); });
  }
  ["alat", "lapisan", "lapisan2"].forEach(function (id) { $(id).addEventListener("change", pilihanKategori); });
  var p = K.preset || {};
  if (p.alat) { $("alat").value = p.alat; }
  if (p.lapisan) { $("lapisan").value = p.lapisan; }
  var second = p.dekat || p.ke || p.dengan;
  if (second) { $("lapisan2").value = second; }
  if (p.jarak || p.sel) { $("jarak").value = p.jarak || p.sel; }
  ["kecamatan", "kategori"].forEach(function (k) { if (p[k]) { $(k).value = p[k]; } });

  pilihanKategori();
  var map = L.map("peta-analisis", { preferCanvas: true });
  window.SigPeta.dasar(map);
  window.SigPeta.awal(map);
  window.SigPeta.batas(map, K.batas, null, { color: "#166534", weight: 1, fillOpacity: 0.03 });
  var hasil = L.featureGroup().addTo(map);

  function params() {
    var q = new URLSearchParams({ lapisan: $("lapisan").value });
    var alat = $("alat").value, b = $("lapisan2").value, d = $("jarak").value;
    var key = { "dalam-jarak": "dekat", "terdekat": "ke", "tumpang-susun": "dengan" }[alat];
    ["dekat", "ke", "dengan", "jarak", "sel"].forEach(function (k) { $("p-" + k).value = ""; });
    if (key) { q.set(key, b); $("p-" + key).value = b; }
    if (alat === "dalam-jarak" || alat === "celah") { q.set("jarak", d); $("p-jarak").value = d; }
    if (alat === "titik-panas") { q.set("sel", d); $("p-sel").value = d; }
    if ($("kecamatan").value) { q.set("kecamatan", $("kecamatan").value); }
    if ($("kategori").value) { q.set("kategori", $("kategori").value); }
    return "/analisis/" + encodeURIComponent(alat) + ".geojson?" + q.toString();
  }

  // The printed map of this result: the analysed layers around it, the analysis re-run by the print service.
  function printUrl(url, bounds) {
    var q = new URLSearchParams(url.split("?")[1]);
    var alat = url.split("/analisis/")[1].split(".geojson")[0];
    var p = new URLSearchParams({ alat: decodeURIComponent(alat), judul: $("nama").value || $("alat").selectedOptions[0].textContent });
    var slugs = [];
    q.forEach(function (v, k) { p.set("a." + k, v); if (["lapisan", "dekat", "ke", "dengan"].indexOf(k) >= 0) { slugs.push(v); } });
    p.set("lapisan", slugs.filter(function (s, i) { return slugs.indexOf(s) === i; }).join(","));
    var b = bounds && bounds.isValid() ? bounds.pad(0.1) : map.getBounds();  // the result, not the view before it
    p.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(","));
    return "/peta/cetak.pdf?" + p.toString();
  }

  // What a cell says: category labels of the analysed layer, numbers in the page's language, no ids.
  function kategoriLabel(slug) {
    var lap = K.lapisan.filter(function (l) { return l.slug === slug; })[0];
    return (lap && lap.kategori) || {};
  }
  function cell(k, v) {
    if (v === null || v === undefined) { return ""; }
    if (/kategori$/.test(k)) {
      var slug = k === "kategori" ? $("lapisan").value : $("lapisan2").value;
      return kategoriLabel(slug)[v] || String(v);
    }
    return typeof v === "number" ? window.SigPeta.angka(v) : String(v);
  }
  function shown(keys) { return keys.filter(function (k) { return k !== "id" && !/_id$/.test(k); }); }
  function table(features) {
    var head = $("tabel-analisis").tHead, body = $("tabel-analisis").tBodies[0];
    head.replaceChildren(); body.replaceChildren();
    if (!features.length) { return; }
    var keys = shown(Object.keys(features[0].properties || {}));
    var tr = document.createElement("tr");
    keys.forEach(function (k) { var th = document.createElement("th"); th.textContent = K.kolom[k] || k; tr.appendChild(th); });
    head.appendChild(tr);
    features.slice(0, 500).forEach(function (f) {
      var row = document.createElement("tr");
      keys.forEach(function (k) { var td = document.createElement("td"); td.textContent = cell(k, f.properties[k]); row.appendChild(td); });
      body.appendChild(row);
    });
  }

  $("jalankan").addEventListener("click", function () {
    var url = params();
    $("status-analisis").textContent = "…";
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t); });
    }).then(function (data) {
      hasil.clearLayers();
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 6, color: "#7c2d12", fillColor: "#f97316", fillOpacity: 0.9 }); },
        style: { color: "#b91c1c", weight: 1.5, fillOpacity: 0.3 },
        onEachFeature: function (f, l) {
          l.bindPopup(function () {
            var box = document.createElement("dl");
            shown(Object.keys(f.properties || {})).forEach(function (k) {
              var dt = document.createElement("dt"); dt.textContent = K.kolom[k] || k; var dd = document.createElement("dd");
              dd.textContent = cell(k, f.properties[k]); box.appendChild(dt); box.appendChild(dd);
            });
            return box;
          });
        }
      }).addTo(hasil);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { maxZoom: 17 }); }
      table(data.features || []);
      var n = (data.features || []).length;
      $("status-analisis").textContent = (K.teks.hasil || "%s").replace("%s", window.SigPeta.angka(n)) +
        (n > 500 ? " " + (K.teks.terpotong || "") : "");
      $("unduh").href = url + "&unduh=1"; $("unduh").hidden = false;
      $("cetak").href = printUrl(url, layer.getBounds()); $("cetak").hidden = false;
      form.dataset.selesai = "1";
    }).catch(function (err) { $("status-analisis").textContent = err.message; });
  });
  form.addEventListener("submit", function () { params(); });
  if (p.alat) { $("jalankan").click(); }
})();
