/* The public map portal: layers from the registry, lines and polygons from vector tiles where WebGL works
   (vektor.js; the container says data-render="vektor"), else everything as GeoJSON by bounding box
   (data-render="geojson"); points always as clustered GeoJSON. Legend, filters, search, permalink and pinning.
   Every text from data goes through textContent. */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function json(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; }
  var P = window.SigPeta;

  var K = json("portal-konfigurasi");
  var T = K.teks;
  var container = document.getElementById("peta-portal");
  if (!container || !window.L) { return; }

  var state = readHash();
  var map = L.map(container, { zoomSnap: 0.5 });
  var R = P.panes(map);
  P.dasar(map);
  L.control.scale({ imperial: false }).addTo(map);

  if (state.view) { map.setView([state.view[1], state.view[2]], state.view[0]); } else { P.awal(map, K.cakupan); }
  var GAYA_BATAS = { color: "#166534", weight: 1.5, fillColor: "#4ade80", fillOpacity: 0.06 };
  // "vektor" while MapLibre runs (V: its controller) or starts for the first view, else "geojson": without WebGL,
  // when MapLibre fails, and while the view needs no vector layer (boundaries alone are a small GeoJSON: MapLibre's
  // ~280 KB wait until a line or polygon layer is shown).
  var bisaVektor = !!(window.SigVektor && SigVektor.mungkin());
  var mode = "geojson", V = null, batasGeo = null, vektorMulai = false;

  // ---- layers -------------------------------------------------------------------------------------------
  var layers = {};
  K.lapisan.forEach(function (lap) {
    var g = lap.gaya || {};
    var group = g.cluster || lap.jenis === "aset" || lap.jenis === "potensi"
      ? L.markerClusterGroup({ maxClusterRadius: 50, disableClusteringAtZoom: 18, chunkedLoading: true })
      : L.featureGroup();
    layers[lap.slug] = { conf: lap, group: group, on: false, request: null };
  });
  var aktif = state.lapisan || K.lapisan.map(function (l) { return l.slug; });

  function bidang(lap) { return lap.bentuk.indexOf("garis") >= 0 || lap.bentuk.indexOf("poligon") >= 0; }

  function popup(lap, feature) {
    var props = feature.properties || {};
    var a = lap.atribut || {};
    var box = el("div", null, "popup");
    box.appendChild(el("strong", props.nama || props.judul || props.kode_lacak || lap.judul));
    var dl = el("dl");
    Object.keys(props).forEach(function (key) {
      var text = P.nilai(a, key, props[key]);
      if (key === "nama" || key === "judul" || text === "") { return; }
      dl.appendChild(el("dt", P.kolom(a, key)));
      dl.appendChild(el("dd", text));
    });
    box.appendChild(dl);
    var pattern = K.url_fitur[lap.jenis];
    if (pattern) {
      var ok = true;
      var href = pattern.replace(/\{(\w+)\}/g, function (_, name) {
        var v = name === "id" ? feature.id : props[name];
        if (v === undefined || v === null || !/^[A-Za-z0-9-]+$/.test(String(v))) { ok = false; return ""; }
        return encodeURIComponent(String(v));
      });
      if (ok) { var a = el("a", T.detail); a.href = href; box.appendChild(a); }
    }
    return box;
  }

  function filters(lap) {
    var p = new URLSearchParams();
    p.set("bbox", P.bbox(map));
    p.set("limit", "5000");
    p.set("zoom", String(Math.round(map.getZoom())));  // simplified and quantised to half a pixel here
    if (state.desa) { p.set("desa", state.desa); }
    if (state.kategori && lap.jenis === "pengaduan") { p.set("kategori", state.kategori); }
    if (state.status && lap.saring.status && lap.jenis === "pengaduan") { p.set("status", state.status); }
    if (state.tahun && lap.saring.tahun) { p.set("tahun", state.tahun); }
    if (mode === "vektor" && bidang(lap)) { p.set("geometri", "titik"); }  // its lines and polygons: the tiles
    return p;
  }

  function load(slug) {
    var entry = layers[slug];
    var lap = entry.conf;
    var row = document.querySelector('[data-lapisan="' + slug + '"]');
    var note = row ? row.querySelector(".catatan") : null;
    if (!entry.on || !lap.geojson) { map.removeLayer(entry.group); return; }
    if (map.getZoom() < lap.min_zoom) {
      entry.group.clearLayers(); map.removeLayer(entry.group);
      if (note) { note.textContent = T.perbesar; }
      return;
    }
    if (mode === "vektor" && lap.bentuk.indexOf("titik") < 0) {
      map.removeLayer(entry.group);
      if (note) { note.textContent = ""; }
      return;
    }
    if (entry.request) { entry.request.abort(); }
    var ctrl = new AbortController();
    entry.request = ctrl;
    fetch(lap.geojson + "?" + filters(lap).toString(), { signal: ctrl.signal, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        entry.group.clearLayers();
        var s = P.gaya(lap);
        var layer = L.geoJSON(data, {
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, { radius: s.radius, color: "#1f2937", weight: 1.5, fillColor: P.warna(s, f.properties || {}), fillOpacity: 0.95, pane: R.titik.pane, renderer: R.titik });
          },
          style: function (f) {
            var c = P.warna(s, f.properties || {});
            return { color: s.garis || c, weight: s.tebal, fillColor: c, fillOpacity: s.isi };
          },
          onEachFeature: function (f, l) {
            if (!(l instanceof L.CircleMarker)) { P.kePane(R, f, l); }
            l.bindPopup(function () { return popup(lap, f); });
          }
        });
        entry.group.addLayer(layer);
        if (!map.hasLayer(entry.group)) { entry.group.addTo(map); }
        if (note) { note.textContent = data.numberReturned >= 5000 ? T.terpotong : ""; }
        container.dataset["muat" + slug.replace(/-/g, "")] = String(data.numberReturned);
        container.dataset.dimuat = String((Number(container.dataset.dimuat) || 0) + 1);
      })
      .catch(function (err) { if (err.name !== "AbortError" && note) { note.textContent = T.gagal; } });
  }

  // The legend lists the classes present in the data (with the current filters) and their counts.
  var legendKey = {};
  function legend(slug) {
    var lap = layers[slug].conf;
    var list = document.querySelector('[data-lapisan="' + slug + '"] .legenda');
    if (!list || !lap.legenda) { return; }
    var p = filters(lap); p.delete("bbox"); p.delete("limit"); p.delete("geometri");
    var key = p.toString();
    if (legendKey[slug] === key) { return; }
    legendKey[slug] = key;
    fetch(lap.legenda + "?" + key, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        list.replaceChildren();
        data.kelas.forEach(function (k) {
          var li = el("li"); var sw = el("span", null, "swatch"); sw.style.background = k.warna;
          li.appendChild(sw); li.appendChild(document.createTextNode(" " + k.label + " "));
          li.appendChild(el("small", "(" + P.angka(k.jumlah) + ")"));
          list.appendChild(li);
        });
        list.dataset.kelas = String(data.kelas.length);
      })
      .catch(function () { legendKey[slug] = null; });
  }

  function reloadAll() {
    cobaVektor();
    Object.keys(layers).forEach(function (slug) { load(slug); legend(slug); });
    if (V) { V.atur(aktifSemua(), state); }
    writeHash();
  }
  function aktifSemua() {
    var on = {};
    Object.keys(layers).forEach(function (slug) { on[slug] = layers[slug].on; });
    return on;
  }

  // ---- layer switcher with legend ---------------------------------------------------------------------------
  var box = document.getElementById("daftar-lapisan");
  K.lapisan.forEach(function (lap) {
    var row = el("div", null, "lapisan"); row.dataset.lapisan = lap.slug;
    var lab = el("label");
    var cb = el("input"); cb.type = "checkbox"; cb.checked = aktif.indexOf(lap.slug) >= 0; cb.value = lap.slug;
    layers[lap.slug].on = cb.checked;
    cb.addEventListener("change", function () {
      layers[lap.slug].on = cb.checked; cobaVektor(); load(lap.slug); writeHash();
      if (V) { V.atur(aktifSemua(), state); }
    });
    var sw = el("span", null, "swatch"); sw.style.background = P.gaya(lap).sendiri;
    lab.appendChild(cb); lab.appendChild(sw); lab.appendChild(document.createTextNode(" " + lap.judul));
    row.appendChild(lab);
    if ((lap.gaya || {}).by) { row.appendChild(el("ul", null, "legenda")); }
    row.appendChild(el("small", "", "catatan"));
    box.appendChild(row);
  });

  // ---- filters ------------------------------------------------------------------------------------------------
  function fill(select, options, current) {
    options.forEach(function (o) { var opt = el("option", o[1]); opt.value = o[0]; select.appendChild(opt); });
    select.value = current || "";
  }
  var fDesa = document.getElementById("saring-desa");
  var fKat = document.getElementById("saring-kategori");
  var fStatus = document.getElementById("saring-status");
  var fTahun = document.getElementById("saring-tahun");
  state.desa = state.desa || K.desa_awal || "";
  fill(fDesa, K.desa, state.desa);
  fill(fKat, K.kategori.pengaduan || [], state.kategori);
  fill(fStatus, K.status.pengaduan || [], state.status);
  fTahun.value = state.tahun || "";
  [fDesa, fKat, fStatus, fTahun].forEach(function (input) {
    input.addEventListener("change", function () {
      state.desa = fDesa.value; state.kategori = fKat.value; state.status = fStatus.value;
      state.tahun = /^\d{4}$/.test(fTahun.value) ? fTahun.value : "";
      if (input === fDesa && state.desa) { zoomDesa(state.desa); } else { reloadAll(); }
    });
  });
  function zoomDesa(kode) {  // the chosen desa fills the map; its layers load for that view
    if (!K.batas) { reloadAll(); return; }
    fetch(K.batas + "?" + new URLSearchParams({ desa: kode, zoom: "12", properties: "kode" }).toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var b = L.geoJSON(data).getBounds();
        if (b.isValid()) { map.fitBounds(b, { padding: [8, 8] }); } else { reloadAll(); }
        if (window.matchMedia("(max-width: 59.99rem)").matches) { panel(false); }  // show the villager the desa
      })
      .catch(reloadAll);
  }

  // ---- permalink -------------------------------------------------------------------------------------------------
  function readHash() {
    var p = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var s = {};
    var v = (p.get("peta") || "").split("/").map(Number);
    if (v.length === 3 && v.every(isFinite)) { s.view = v; }
    if (p.has("lapisan")) { s.lapisan = p.get("lapisan").split(",").filter(Boolean); }
    ["desa", "kategori", "status", "tahun"].forEach(function (k) { if (p.get(k)) { s[k] = p.get(k); } });
    return s;
  }
  function writeHash() {
    var c = map.getCenter();
    var p = new URLSearchParams();
    p.set("peta", [map.getZoom(), c.lat.toFixed(5), c.lng.toFixed(5)].join("/"));
    p.set("lapisan", Object.keys(layers).filter(function (k) { return layers[k].on; }).join(","));
    ["desa", "kategori", "status", "tahun"].forEach(function (k) { if (state[k]) { p.set(k, state[k]); } });
    history.replaceState(null, "", "#" + p.toString().replace(/%2F/g, "/").replace(/%2C/g, ","));
    printForm(p);
  }

  // ---- print: the form carries the current view to /peta/cetak.pdf|png ---------------------------------------------
  function printForm(p) {
    var f = document.getElementById("form-cetak");
    if (!f) { return; }
    var b = map.getBounds();
    f.elements.bbox.value = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
    f.elements.lapisan.value = p.get("lapisan") || "";
    ["desa", "kategori", "status", "tahun"].forEach(function (k) { f.elements[k].value = state[k] || ""; });
  }

  var timer = null;
  map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(reloadAll, 150); });

  // ---- search ---------------------------------------------------------------------------------------------------
  var form = document.getElementById("cari");
  var out = document.getElementById("cari-hasil");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("cari-q").value.trim();
    out.replaceChildren();
    if (q.length < 2) { return; }
    fetch(K.cari + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var rows = data.hasil || [];
        if (!rows.length) { out.appendChild(el("li", T.tidak_ada)); return; }
        rows.forEach(function (h) {
          var li = el("li"); var b = el("button", h.label, "link"); b.type = "button";
          b.addEventListener("click", function () { sorot(h); });
          li.appendChild(el("small", h.jenis + " · ")); li.appendChild(b); out.appendChild(li);
        });
      });
  });

  // The chosen search result: centred, ringed in the selection pane, named in a popup.
  var sorotan = null;
  function sorot(h) {
    if (sorotan) { map.removeLayer(sorotan); }
    var ll = L.latLng(h.lat, h.lon);
    sorotan = L.circleMarker(ll, { radius: 16, color: "#facc15", weight: 4, fill: false, pane: R.pilihan.pane, renderer: R.pilihan, interactive: false, className: "sorotan" }).addTo(map);
    map.setView(ll, Math.max(map.getZoom(), 16));
    var box = el("div", null, "popup"); box.appendChild(el("strong", h.label));
    if (h.url && /^\/[A-Za-z0-9\/._-]*$/.test(h.url)) { var a = el("a", T.detail); a.href = h.url; box.appendChild(el("br")); box.appendChild(a); }
    L.popup({ offset: [0, -12] }).setLatLng(ll).setContent(box).openOn(map);
    if (window.matchMedia("(max-width: 59.99rem)").matches) { panel(false); }
  }

  // ---- pinning ---------------------------------------------------------------------------------------------------
  var pinMode = false;
  var btn = document.getElementById("tombol-tandai");
  btn.addEventListener("click", function () { pinMode = !pinMode; btn.setAttribute("aria-pressed", String(pinMode)); container.classList.toggle("mode-tandai", pinMode); btn.textContent = pinMode ? T.ketuk : "+ " + T.tandai; });
  map.on("click", function (ev) {
    if (!pinMode) { klikVektor(ev); return; }
    pinMode = false; btn.textContent = "+ " + T.tandai; container.classList.remove("mode-tandai");
    var q = "?lon=" + ev.latlng.lng.toFixed(6) + "&lat=" + ev.latlng.lat.toFixed(6);
    var menu = el("div", null, "popup");
    var a1 = el("a", T.laporkan, "tombol"); a1.href = K.baru_pengaduan + q;
    var a2 = el("a", T.potensi); a2.href = K.baru_potensi + q;
    menu.appendChild(a1); menu.appendChild(el("br")); menu.appendChild(a2);
    L.popup().setLatLng(ev.latlng).setContent(menu).openOn(map);
  });

  var panelBtn = document.getElementById("tombol-panel");
  function panel(open) {
    document.body.classList.toggle("panel-terbuka", open);
    panelBtn.setAttribute("aria-expanded", String(open));
  }
  panelBtn.addEventListener("click", function () { panel(!document.body.classList.contains("panel-terbuka")); });
  document.getElementById("tombol-tutup-panel").addEventListener("click", function () { panel(false); panelBtn.focus(); });

  // New public reports announced by the live panel (maps/terkini.js): redraw the complaint layers' pins.
  document.addEventListener("terkini:baru", function () {
    K.lapisan.forEach(function (lap) {
      if (lap.jenis === "pengaduan" && layers[lap.slug].on) { load(lap.slug); legend(lap.slug); }
    });
  });

  // ---- vector tiles: a click on a drawn line or polygon shows its details, fetched by id through the scope ------
  function klikVektor(ev) {
    var t = ev.originalEvent && ev.originalEvent.target;
    if (!V || (t && t.closest && t.closest(".leaflet-marker-icon, .leaflet-sig-titik-pane"))) { return; }
    var hit = V.di(ev.latlng);
    if (!hit) { return; }
    fetch(V.url(hit.lap, hit.id), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (f) { L.popup().setLatLng(ev.latlng).setContent(popup(hit.lap, f)).openOn(map); })
      .catch(function () { return undefined; });
  }

  function perluVektor() {
    return K.lapisan.some(function (lap) { return layers[lap.slug].on && bidang(lap) && map.getZoom() >= lap.min_zoom; });
  }
  function geojsonSaja() {
    mode = "geojson";
    container.dataset.render = "geojson";
    if (!batasGeo) { batasGeo = P.batas(map, K.batas, R.batas, GAYA_BATAS); }
  }
  function cobaVektor() {
    if (!bisaVektor || vektorMulai || !perluVektor()) { return; }
    vektorMulai = true;
    SigVektor.mulai(map, K, { pane: R.poligon.pane, gayaBatas: GAYA_BATAS, aktif: aktifSemua(), state: state }).then(
      function (v) {
        V = v; mode = "vektor"; container.dataset.render = "vektor";
        if (batasGeo) { map.removeLayer(batasGeo); batasGeo = null; }  // the tiles carry the boundaries
        reloadAll();
      },
      function () { bisaVektor = false; if (mode === "vektor") { geojsonSaja(); reloadAll(); } }
    );
  }
  if (bisaVektor && perluVektor()) { mode = "vektor"; cobaVektor(); } else { geojsonSaja(); }
  reloadAll();
  container.dataset.siap = "1";
})();
