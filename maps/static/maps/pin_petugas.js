/* Staff recording a walk-in's complaint: tap the map (or drag the pin) to set the location. No offline queue:
   staff work from the office; the server refuses a location outside their desa. */
(function () {
  "use strict";
  var form = document.getElementById("form-catat");
  var container = document.getElementById("peta-pin");
  if (!form || !container || !window.L) { return; }
  var T = JSON.parse(document.getElementById("teks-pin").textContent);
  var PETA = JSON.parse(document.getElementById("peta-pin-konfigurasi").textContent);
  var lon = form.querySelector("[name=lon]"), lat = form.querySelector("[name=lat]");
  var info = document.getElementById("lokasi-teks");
  var map = L.map(container, { zoomSnap: 0.5 });
  window.SigPeta.dasar(map);
  var R = window.SigPeta.panes(map);
  var marker = null;

  function place(latlng) {
    lon.value = latlng.lng.toFixed(7); lat.value = latlng.lat.toFixed(7);
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.marker(latlng, { draggable: true }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng()); });
    }
    info.textContent = T.terpilih + " " + latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5);
    container.dataset.lokasi = "1";
  }

  if (lon.value && lat.value && isFinite(lon.value) && isFinite(lat.value)) {
    map.setView([Number(lat.value), Number(lon.value)], 17);
    place(L.latLng(Number(lat.value), Number(lon.value)));
  } else { window.SigPeta.awal(map, PETA.cakupan); }
  window.SigPeta.batas(map, PETA.batas, R.batas, { color: "#166534", weight: 1.5, fillOpacity: 0.05 });
  map.on("click", function (ev) { place(ev.latlng); });
  container.dataset.siap = "1";
})();
