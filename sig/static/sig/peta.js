/* Boundary maps of the home pages. Data arrives through json_script; labels are built with textContent. */
(function () {
  "use strict";

  var STYLE = {
    kecamatan: { color: "#14532d", weight: 2, fillColor: "#22c55e", fillOpacity: 0.12 },
    desa: { color: "#166534", weight: 1.5, fillColor: "#4ade80", fillOpacity: 0.15 },
    dusun: { color: "#a16207", weight: 1, dashArray: "4 3", fillOpacity: 0 }
  };
  var TITIK = { radius: 8, color: "#7c2d12", weight: 2, fillColor: "#f97316", fillOpacity: 0.95 };
  // Boundary-import previews: what each feature of the file would do, and existing territory it overlaps.
  var STATUS = {
    baru: { color: "#1d4ed8", weight: 2, fillColor: "#60a5fa", fillOpacity: 0.25 },
    diperbarui: { color: "#b45309", weight: 2, fillColor: "#fbbf24", fillOpacity: 0.25 },
    tetap: { color: "#4b5563", weight: 1, fillColor: "#9ca3af", fillOpacity: 0.1 },
    tumpang: { color: "#b91c1c", weight: 2, dashArray: "6 4", fillColor: "#f87171", fillOpacity: 0.2 }
  };

  function label(feature) {
    var el = document.createElement("span");
    var props = feature.properties || {};
    el.textContent = props.nama || "";
    if (props.luas_ha) {
      el.appendChild(document.createElement("br"));
      el.appendChild(document.createTextNode(Number(props.luas_ha).toLocaleString(document.documentElement.lang || "id", { maximumFractionDigits: 1 }) + " ha"));
    }
    return el;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^\/[A-Za-z0-9._\/-]*$/.test(url) ? url : null;
  }

  function init(container) {
    var source = document.getElementById(container.dataset.petaSumber);
    if (!source || !window.L) { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(container, { gestureHandling: !!window.leafletGestureHandling, zoomSnap: 0.25 });
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, TITIK);
      },
      // A point keeps its own solid style (GeoJSON's style would otherwise turn it into a faint ring).
      style: function (f) {
        var p = f.properties || {};
        if (/Point/.test((f.geometry || {}).type) && !p.status) { return TITIK; }
        return STATUS[p.status] || STYLE[p.tingkat] || STYLE.desa;
      },
      onEachFeature: function (feature, lyr) {
        lyr.bindTooltip(label(feature), { sticky: true });
        var url = safeUrl((feature.properties || {}).url);
        if (url) { lyr.on("click", function () { window.location.assign(url); }); }
      }
    });
    window.SigPeta.dasar(map);
    L.control.scale({ imperial: false }).addTo(map);
    // Leaflet needs a view before vector layers are added.
    var bounds = L.latLngBounds([]);  // the thing shown (an asset, a complaint), else the boundaries
    layer.eachLayer(function (l) {
      if (!STYLE[(l.feature.properties || {}).tingkat]) { bounds.extend(l.getBounds ? l.getBounds() : l.getLatLng()); }
    });
    if (!bounds.isValid()) { bounds = layer.getBounds(); }
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 }); } else { window.SigPeta.awal(map); }
    layer.addTo(map);
    container.dataset.siap = String(data.features.length);
    container.dispatchEvent(new CustomEvent("peta:siap", { detail: { map: map, layer: layer } }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-peta-sumber]").forEach(init);
  });
})();
