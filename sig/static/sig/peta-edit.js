/* Geometry editor for operator and citizen forms (Leaflet + Geoman): draws one point, line or polygon,
   snaps to the desa boundary, and writes the GeoJSON geometry into the form's hidden textarea. */
(function () {
  "use strict";

  var DRAW = { Point: "drawMarker", LineString: "drawPolyline", Polygon: "drawPolygon" };

  function init(container) {
    var textarea = document.getElementById(container.dataset.petaEdit);
    var source = document.getElementById(container.dataset.batas);
    if (!textarea || !window.L || !L.PM) { return; }
    var kinds = (container.dataset.jenis || "Point").split(",");
    var map = L.map(container, { zoomSnap: 0.25 });
    if (map.pm.setLang) { map.pm.setLang(document.documentElement.lang === "en" ? "en" : "id"); }
    var batas = L.geoJSON(source ? JSON.parse(source.textContent) : null, {
      style: { color: "#166534", weight: 2, dashArray: "6 4", fillOpacity: 0.05 },
      interactive: false
    });
    var current = null;

    function write(layer) {
      textarea.value = layer ? JSON.stringify(layer.toGeoJSON().geometry) : "";
      textarea.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function adopt(layer) {
      if (current && current !== layer) { map.removeLayer(current); }
      current = layer;
      if (layer.pm) {
        layer.pm.enable({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
        layer.on("pm:edit pm:dragend pm:markerdragend", function () { write(layer); });
      }
      write(layer);
    }

    var existing = null;
    if (textarea.value.trim()) {
      try {
        L.geoJSON(JSON.parse(textarea.value)).eachLayer(function (layer) { existing = layer; });
      } catch (err) { textarea.value = ""; }
    }

    // Leaflet needs a view before vector layers are added, Geoman before it edits one.
    var bounds = existing && existing.getBounds ? existing.getBounds() : null;
    if (existing && !bounds) { bounds = L.latLngBounds([existing.getLatLng()]); }
    if (bounds && bounds.isValid()) { map.fitBounds(bounds.pad(0.5), { maxZoom: 18 }); }
    else if (batas.getBounds().isValid()) { map.fitBounds(batas.getBounds()); }
    else { window.SigPeta.awal(map, (container.dataset.cakupan || "").split(",").filter(Boolean).map(Number)); }
    window.SigPeta.dasar(map, { posisi: "topright" });
    batas.addTo(map);
    if (container.dataset.batasUrl) {  // boundaries of the view, loaded as the map moves
      window.SigPeta.batas(map, container.dataset.batasUrl, null, { color: "#166534", weight: 2, dashArray: "6 4", fillOpacity: 0.05 });
    }
    if (existing) { existing.addTo(map); }
    if (existing) { adopt(existing); }

    var controls = { position: "topleft", editMode: false, dragMode: false, cutPolygon: false, removalMode: false,
      rotateMode: false, drawText: false, drawCircle: false, drawCircleMarker: false, drawRectangle: false };
    Object.keys(DRAW).forEach(function (kind) { controls[DRAW[kind]] = kinds.indexOf(kind) !== -1; });
    map.pm.addControls(controls);
    map.pm.setGlobalOptions({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
    map.on("pm:create", function (event) { adopt(event.layer); });
    container.dataset.siap = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-peta-edit]").forEach(init);
  });
})();
