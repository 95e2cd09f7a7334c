/* The portal's lines and polygons from one vector tile source (/tiles/portal/…, every layer in each tile), drawn by
   MapLibre GL inside Leaflet (maplibre-gl-leaflet) with the registry's style (SigPeta.gaya, as the GeoJSON path).
   MapLibre's files are fetched only where WebGL works; whoever calls mulai() keeps the GeoJSON path when the
   promise fails. Tiles carry the id, `kelas`, `desa` and `tahun`; a popup fetches the rest by id. Exposes
   window.SigVektor. */
(function () {
  "use strict";
  var P = window.SigPeta;
  var POLIGON = ["Polygon", "MultiPolygon"], GARIS = ["LineString", "MultiLineString"];

  function adaWebGL() {
    try {
      var c = document.createElement("canvas");
      var gl = window.WebGLRenderingContext && (c.getContext("webgl2") || c.getContext("webgl"));
      var lepas = gl && gl.getExtension("WEBGL_lose_context");
      if (lepas) { lepas.loseContext(); }  // only a test: MapLibre makes its own
      return !!gl;
    } catch (e) { return false; }
  }

  function skrip(src) {  // from our own origin ('self' in the CSP); fetched together, run in order (async = false)
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src; s.async = false;
      s.onload = resolve; s.onerror = function () { reject(new Error("gagal memuat " + src)); };
      document.head.appendChild(s);
    });
  }

  function bentuk(jenis) { return ["match", ["geometry-type"], jenis, true, false]; }

  // MapLibre zooms are Leaflet's minus one (a 512-px world); so are its tiles: the server draws tile z for Leaflet
  // zoom z + 1 (layers.views.tile_portal), so a layer's min_zoom means the same on both paths.
  function zoom(lap) { return { minzoom: Math.max(0, lap.min_zoom - 1), maxzoom: Math.min(24, lap.max_zoom) }; }

  function warnaKelas(s) {  // SigPeta.warna as a style expression on the tile's `kelas`
    if (!s.by) { return s.sendiri; }
    var m = ["match", ["to-string", ["get", "kelas"]], "", s.kosong];
    Object.keys(s.kelas).forEach(function (k) { if (k !== "") { m.push(k, s.kelas[k]); } });
    m.push(s.sendiri);
    return m;
  }

  // The style layers: boundaries, then per registry layer fill + outline (polygons) and line, shown and filtered
  // as `opsi` says (aktif: slug → checked; state: the portal's filters).
  function lapisanGaya(K, opsi) {
    var out = [], gb = opsi.gayaBatas;
    if (K.vektor.batas) {  // the desa boundaries (Leaflet style gb, as on the GeoJSON path), underneath, not clickable
      out.push({ id: "batas-isi", type: "fill", source: "portal", "source-layer": K.vektor.batas, filter: bentuk(POLIGON), paint: { "fill-color": gb.fillColor, "fill-opacity": gb.fillOpacity } });
      out.push({ id: "batas-garis", type: "line", source: "portal", "source-layer": K.vektor.batas, paint: { "line-color": gb.color, "line-width": gb.weight } });
    }
    K.lapisan.forEach(function (lap) {
      var s = P.gaya(lap), c = warnaKelas(s), z = zoom(lap);
      function tambah(id, type, paint, layout) {
        layout.visibility = opsi.aktif[lap.slug] ? "visible" : "none";
        out.push(Object.assign({ id: id, type: type, source: "portal", "source-layer": lap.slug, paint: paint, layout: layout, filter: saring(lap, id, opsi.state) }, z));
      }
      if (lap.bentuk.indexOf("poligon") >= 0) {
        tambah(lap.slug + ":isi", "fill", { "fill-color": c, "fill-opacity": s.isi }, {});
        tambah(lap.slug + ":tepi", "line", { "line-color": s.garis || c, "line-width": s.tebal }, {});
      }
      if (lap.bentuk.indexOf("garis") >= 0) {
        tambah(lap.slug + ":garis", "line", { "line-color": s.garis || c, "line-width": s.tebal }, { "line-cap": "round", "line-join": "round" });
      }
    });
    return out;
  }

  // The portal's filters on the tile's properties (as the GeoJSON endpoint filters desa and tahun).
  function saring(lap, id, state) {
    var f = ["all", bentuk(/:garis$/.test(id) ? GARIS : POLIGON)];
    if (state.desa) { f.push(["==", ["get", "desa"], state.desa]); }
    if (state.tahun && lap.saring.tahun) { f.push(["==", ["get", "tahun"], Number(state.tahun)]); }
    return f;
  }

  // Loads MapLibre and adds the vector layer to `map` (opsi: pane, gayaBatas — the desa boundaries' Leaflet style —,
  // aktif and state as for atur()); resolves with its controller once the first tiles are drawn, rejects (leaving
  // the map as it was) when a file, WebGL, the style or the tiles fail first.
  function mulai(map, K, opsi) {
    if (!adaWebGL()) { return Promise.reject(new Error("WebGL tidak tersedia")); }
    return Promise.all(K.vektor.skrip.map(skrip))
      .then(function () {
        window.maplibregl.setWorkerUrl(K.vektor.pekerja);
        var ids = [], layers = lapisanGaya(K, opsi);
        // Past Leaflet zoom 16 the z15 tiles are drawn larger (still finer than a pixel), unless a layer starts later.
        var maks = Math.max.apply(null, [16].concat(K.lapisan.map(function (l) { return l.min_zoom; }))) - 1;
        layers.forEach(function (l) { if (l.id.indexOf(":") > 0) { ids.push(l.id); } });
        var style = {
          version: 8,
          sources: { portal: { type: "vector", tiles: [location.origin + K.vektor.petak], tileSize: 512, maxzoom: Math.min(21, maks), attribution: "" } },
          layers: layers
        };
        var gl = L.maplibreGL({ style: style, pane: opsi.pane, interactive: false, fadeDuration: 0, renderWorldCopies: false });
        return new Promise(function (resolve, reject) {
          var siap = false;
          function gagal(err) {
            if (siap) { return; }
            siap = true; clearTimeout(jam);
            try { map.removeLayer(gl); } catch (e) { /* never added */ }
            reject(err);
          }
          var jam = setTimeout(function () { gagal(new Error("MapLibre tidak siap")); }, 60000);  // a hang, not a slow link
          try { gl.addTo(map); } catch (err) { gagal(err); return; }
          var m = gl.getMaplibreMap();
          m.on("error", function (e) { if (!siap) { gagal(e.error || new Error("MapLibre")); } });  // later: a tile, retried on move
          m.once("load", function () {
            if (siap) { return; }
            siap = true; clearTimeout(jam);
            resolve(kendali(map, m, K, ids));
          });
        });
      });
  }

  function kendali(map, m, K, ids) {
    var conf = {};
    K.lapisan.forEach(function (lap) { conf[lap.slug] = lap; });
    var c = map.getContainer();
    m.on("idle", function () { c.dataset.vektor = String(m.queryRenderedFeatures({ layers: ids }).length); });
    return {
      // Shows the checked layers with the portal's filters (state: desa, tahun).
      atur: function (aktif, state) {
        ids.forEach(function (id) {
          var lap = conf[id.split(":")[0]];
          m.setLayoutProperty(id, "visibility", aktif[lap.slug] ? "visible" : "none");
          m.setFilter(id, saring(lap, id, state));
        });
      },
      // The topmost feature drawn at this place (a finger's width around it for thin lines): {lap, id} or null.
      di: function (latlng) {
        var p = m.project([latlng.lng, latlng.lat]);
        var f = m.queryRenderedFeatures(p, { layers: ids });
        if (!f.length) { f = m.queryRenderedFeatures([[p.x - 6, p.y - 6], [p.x + 6, p.y + 6]], { layers: ids }); }
        return f.length && f[0].id !== undefined ? { lap: conf[f[0].sourceLayer], id: f[0].id } : null;
      },
      url: function (lap, id) { return K.vektor.fitur.replace("{slug}", lap.slug).replace("{id}", String(id)); }
    };
  }

  window.SigVektor = { mungkin: adaWebGL, mulai: mulai };
})();
