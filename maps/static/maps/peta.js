/* Shared by every map: panes in a fixed order (boundaries < polygons < lines < points < selection, whatever
   fetch returns first), desa boundaries loaded for the view (never embedded whole in a page), and values
   written in people's language (choice labels, rupiah, hectares, local dates) from the layer's `atribut`
   (layers/label.py). Exposes window.SigPeta. */
(function () {
  "use strict";
  var LANG = (document.documentElement.lang || "id").slice(0, 2) === "en" ? "en-GB" : "id-ID";
  var URUTAN = { batas: 350, poligon: 405, garis: 410, titik: 420, pilihan: 430 };

  function panes(map) {
    var r = {};
    Object.keys(URUTAN).forEach(function (name) {
      var pane = map.getPane("sig-" + name) || map.createPane("sig-" + name);
      pane.style.zIndex = String(URUTAN[name]);
      pane.classList.add("sig-pane");
      // Many parcels draw fast on one canvas; lines and points are SVG, so a tap falls through their gaps.
      r[name] = name === "poligon" ? L.canvas({ pane: "sig-" + name, padding: 0.3 }) : L.svg({ pane: "sig-" + name });
      r[name].pane = "sig-" + name;
    });
    return r;
  }

  function jenisGeometri(feature) {
    var t = (feature && feature.geometry && feature.geometry.type) || "";
    if (t === "GeometryCollection") { t = ((feature.geometry.geometries || [])[0] || {}).type || ""; }
    return /Point/.test(t) ? "titik" : /LineString/.test(t) ? "garis" : "poligon";
  }

  // Put a GeoJSON layer's feature into its pane (call from onEachFeature, before the layer is added to the map).
  function kePane(renderers, feature, layer) {
    var r = renderers[jenisGeometri(feature)];
    layer.options.pane = r.pane;
    layer.options.renderer = r;
  }

  var angka = new Intl.NumberFormat(LANG, { maximumFractionDigits: 2 });
  var rupiah = new Intl.NumberFormat(LANG, { style: "currency", currency: "IDR", maximumFractionDigits: 0 });
  var tanggal = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeZone: "Asia/Jakarta" });
  var waktu = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Jakarta" });

  function kolom(atribut, key) { return ((atribut || {}).kolom || {})[key] || String(key); }

  function nilai(atribut, key, value) {
    if (value === null || value === undefined || value === "") { return ""; }
    var a = atribut || {};
    var pilihan = (a.nilai || {})[key];
    if (pilihan) { return pilihan[value] !== undefined ? pilihan[value] : String(value); }
    var f = (a.format || {})[key];
    if (!f) { return typeof value === "object" ? JSON.stringify(value) : String(value); }
    if (f.jenis === "rupiah" && isFinite(value)) { return rupiah.format(Number(value)); }
    if (f.jenis === "tahun") { return String(value); }
    if ((f.jenis === "tanggal" || f.jenis === "waktu") && !isNaN(Date.parse(value))) {
      return (f.jenis === "tanggal" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? tanggal : waktu).format(new Date(value));
    }
    if (f.jenis === "angka" && isFinite(value)) {
      var s = f.satuan === "%" ? angka.format(Number(value)) + "%" : angka.format(Number(value));
      return f.satuan && f.satuan !== "%" ? s + " " + f.satuan : s;
    }
    return String(value);
  }

  // A registry layer's style (its `gaya`; class colours from layers/label.warna_kelas in `atribut.warna`), read by
  // the GeoJSON path and by the vector tiles (vektor.js): a declared rule, else the class colour, else the layer's own.
  function gaya(lap) {
    var g = lap.gaya || {}, a = lap.atribut || {};
    var sendiri = g.fill || g.stroke || "#2563eb";
    var kelas = Object.assign(Object.create(null), g.by ? a.warna : null, g.by ? g.rules : null);
    return {
      by: g.by || null, kelas: kelas, kosong: a.warna_lainnya || sendiri, sendiri: sendiri,
      garis: g.stroke || null, tebal: g.weight || 1, isi: g.fillOpacity || 0.4, radius: g.radius || 6
    };
  }
  function warna(s, props) {  // the colour of a feature with these properties under the style s = gaya(lap)
    if (!s.by) { return s.sendiri; }
    var key = props[s.by];
    if (key === null || key === undefined || key === "") { return s.kosong; }
    return s.kelas[key] || s.sendiri;
  }

  function bbox(map) {
    var b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
  }

  // Desa boundaries of the current view, simplified for its zoom, as a non-interactive layer in the lowest pane
  // (removed from the map, it stops loading).
  function batas(map, url, renderer, style) {
    if (url === undefined) { url = KONF.batas; }  // the page's own, else the site's (maps.context_processors)
    var opts = { style: style, interactive: false };
    if (renderer) { opts.pane = renderer.pane; opts.renderer = renderer; }
    var layer = L.geoJSON(null, opts).addTo(map);
    if (!url) { return layer; }
    var ctrl = null, timer = null;
    function muat() {
      if (ctrl) { ctrl.abort(); }
      ctrl = new AbortController();
      var q = new URLSearchParams({ bbox: bbox(map), zoom: String(Math.round(map.getZoom())), limit: "5000", properties: "kode,nama" });
      fetch(url + "?" + q.toString(), { signal: ctrl.signal, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) { layer.clearLayers(); layer.addData(data); map.getContainer().dataset.batas = String(data.numberReturned); })
        .catch(function () { return undefined; });
    }
    map.on("moveend", function () { clearTimeout(timer); if (map.hasLayer(layer)) { timer = setTimeout(muat, 120); } });
    if (map._loaded) { muat(); } else { map.whenReady(muat); }
    return layer;
  }

  var KONF = (function () {
    var n = document.getElementById("sig-peta-konfigurasi");
    return n ? JSON.parse(n.textContent) : { dasar: [], awal: null, teks: {} };  // declared in sig/peta_dasar.py
  })();

  // The first view: the scope's extent [w, s, e, n], else the configured centre.
  function awal(map, cakupan) {
    if (cakupan && cakupan.length === 4) { map.fitBounds([[cakupan[1], cakupan[0]], [cakupan[3], cakupan[2]]], { padding: [8, 8] }); }
    else if (KONF.awal) { map.setView(KONF.awal.pusat, KONF.awal.zoom); } else { map.fitWorld(); }
  }

  // Imagery the kecamatan owns (layers/citra.py): tiles only inside its footprint and zooms; chosen while the
  // view is elsewhere, the map moves to it.
  function citra(map, d) {
    var b = L.latLngBounds([d.batas[1], d.batas[0]], [d.batas[3], d.batas[2]]);
    // No minZoom: Leaflet would grey its choice out in the switcher; further out the server answers 204.
    var t = L.tileLayer(d.url, { bounds: b, maxZoom: d.maks_zoom, maxNativeZoom: d.asli_zoom, attribution: d.atribusi });
    t.on("add", function () {
      if (!map.getBounds().intersects(b) || map.getZoom() < d.min_zoom) { map.fitBounds(b); }
    });
    return t;
  }

  // The configured basemaps and the offline one, in a layer switcher. A basemap that cannot be reached (tile
  // errors and no tile loaded: no internet behind a village router that still says "online") gives way to the
  // offline map with a short notice, never a grey box. The container says which is shown (data-peta-dasar).
  function dasar(map, opsi) {
    opsi = opsi || {};
    // The map's own zoom limits (clustering needs them even when no basemap is shown).
    if (map.options.maxZoom === undefined) {
      map.options.maxZoom = Math.max.apply(null, KONF.dasar.map(function (d) { return d.maks_zoom; }).concat([19]));
    }
    if (map.options.minZoom === undefined && KONF.awal) { map.options.minZoom = KONF.awal.min_zoom; }
    // The local basemap (maps/peta_lokal.py: our own boundaries, dusun, roads, rivers, buildings), else an empty one.
    var lokal = KONF.dasar.filter(function (d) { return d.lokal; })[0];
    var luring = lokal ? L.tileLayer(lokal.url, { maxZoom: lokal.maks_zoom, attribution: lokal.atribusi }) : L.layerGroup();
    var pilihan = {}, lapisan = {};
    pilihan[lokal ? lokal.nama : (KONF.teks.luring || "Luring")] = luring;
    KONF.dasar.forEach(function (d) {
      if (d.lokal) { lapisan[d.kode] = luring; return; }
      var t = d.citra ? citra(map, d) : L.tileLayer(d.url, { maxZoom: d.maks_zoom, maxNativeZoom: d.maks_zoom, attribution: d.atribusi });
      lapisan[d.kode] = t; pilihan[d.nama] = t;
      t.on("add", function () { tandai(d.kode); });
      if (d.citra) { return; }  // our own imagery: an empty tile (204) is no sign of a lost connection
      var gagal = 0, dimuat = 0;
      t.on("tileload", function () { dimuat += 1; });
      t.on("tileerror", function () {
        gagal += 1;
        if (gagal >= 3 && dimuat === 0 && map.hasLayer(t)) {
          map.removeLayer(t); luring.addTo(map); tandai("luring");
          var c = map.getContainer();
          if (!c.querySelector(".peta-dasar-catatan")) {
            var n = document.createElement("div"); n.className = "peta-dasar-catatan"; n.setAttribute("role", "status");
            n.textContent = KONF.teks.tak_terjangkau || ""; c.appendChild(n);
            setTimeout(function () { n.remove(); }, 6000);
          }
        }
      });
    });
    luring.on("add", function () { tandai("luring"); });
    function tandai(kode) { map.getContainer().dataset.petaDasar = kode; }
    var pertama = KONF.dasar.length ? lapisan[KONF.dasar[0].kode] : luring;
    pertama.addTo(map);
    if (opsi.kontrol !== false) { L.control.layers(pilihan, null, { collapsed: true, position: opsi.posisi || "topright" }).addTo(map); }
    return { luring: luring, lapisan: lapisan };
  }

  window.SigPeta = { konfigurasi: KONF, gaya: gaya, warna: warna, dasar: dasar, angka: angka.format, panes: panes, kePane: kePane, jenisGeometri: jenisGeometri, kolom: kolom, nilai: nilai, batas: batas, awal: awal, bbox: bbox };
})();
