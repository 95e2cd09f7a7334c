/* The complaint pin form: tap the map or use GPS, nearby similar complaints, submission through fetch with
   the offline queue as fallback (window.SigAntrean). */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) { n.textContent = String(text); }
    if (cls) { n.className = cls; }
    return n;
  }

  var form = document.getElementById("form-pengaduan");
  var container = document.getElementById("peta-pin");
  if (!form || !container || !window.L) { return; }
  var T = JSON.parse(document.getElementById("teks-pin").textContent);
  var PETA = JSON.parse(document.getElementById("peta-pin-konfigurasi").textContent);
  var lon = form.querySelector("[name=lon]"), lat = form.querySelector("[name=lat]");
  var cid = form.querySelector("[name=client_id]");
  var info = document.getElementById("lokasi-teks");
  var status = document.getElementById("status-antrean");
  var kategori = form.querySelector("[name=kategori]");
  var box = document.getElementById("serupa"), list = document.getElementById("serupa-daftar");
  if (!cid.value) { cid.value = window.SigAntrean.uuid(); }

  var map = L.map(container, { zoomSnap: 0.5 });
  window.SigPeta.dasar(map);
  var R = window.SigPeta.panes(map);
  var marker = null;

  function place(latlng, zoom) {
    lon.value = latlng.lng.toFixed(7); lat.value = latlng.lat.toFixed(7);
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { draggable: true }).addTo(map); marker.on("dragend", function () { place(marker.getLatLng()); }); }
    if (zoom) { map.setView(latlng, zoom); }
    info.textContent = T.terpilih + " " + latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5);
    container.dataset.lokasi = "1";
    similar();
  }

  if (lon.value && lat.value && isFinite(lon.value) && isFinite(lat.value)) {
    map.setView([Number(lat.value), Number(lon.value)], 17);
    place(L.latLng(Number(lat.value), Number(lon.value)));
  } else { window.SigPeta.awal(map, PETA.cakupan); }
  window.SigPeta.batas(map, PETA.batas, R.batas, { color: "#166534", weight: 1.5, fillOpacity: 0.05 });
  map.on("click", function (ev) { place(ev.latlng); });

  document.getElementById("tombol-gps").addEventListener("click", function () {
    if (!navigator.geolocation) { info.textContent = T.gps_tidak; return; }
    info.textContent = T.gps_cari;
    navigator.geolocation.getCurrentPosition(
      function (pos) { place(L.latLng(pos.coords.latitude, pos.coords.longitude), 17); },
      function () { info.textContent = T.gps_gagal; },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });

  // ---- nearby similar complaints ("dukung laporan ini") ----------------------------------------------------
  function similar() {
    if (!kategori.value || !lon.value || !navigator.onLine) { return; }
    var url = form.dataset.serupaUrl + "?" + new URLSearchParams({ lon: lon.value, lat: lat.value, kategori: kategori.value });
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : { pengaduan: [] }; }).then(function (data) {
      list.replaceChildren();
      box.hidden = !data.pengaduan.length;
      data.pengaduan.forEach(function (p) {
        var li = el("li");
        var a = el("a", p.judul); a.href = p.url; li.appendChild(a);
        li.appendChild(el("small", " · " + p.status + " · " + p.jarak_m + " m · " + p.dukungan + " " + T.dukungan + " "));
        var f = el("form"); f.method = "post"; f.action = p.url + "dukung/";
        var t = el("input"); t.type = "hidden"; t.name = "csrfmiddlewaretoken"; t.value = form.querySelector("[name=csrfmiddlewaretoken]").value;
        var b = el("button", T.dukung); b.type = "submit";
        f.appendChild(t); f.appendChild(b); li.appendChild(f);
        list.appendChild(li);
      });
    }).catch(function () { return undefined; });
  }
  kategori.addEventListener("change", similar);

  // ---- submit: online through fetch, offline into the queue ------------------------------------------------------
  function showError(text) {
    var box = form.querySelector(".errorlist.js") || el("div", null, "errorlist js");
    box.setAttribute("role", "alert"); box.textContent = text;
    form.insertBefore(box, form.firstChild.nextSibling);
    return box;
  }
  function queue(entry) {
    entry.status = entry.status || "antre";
    return window.SigAntrean.simpan(entry).then(function () {
      status.textContent = entry.status === "antre" ? T.antre : "";  // "no signal" only when that is the reason
      form.dataset.antre = entry.client_id;
      form.reset(); cid.value = window.SigAntrean.uuid();
    });
  }
  function masukLalu(text) {  // signed out: the report waits in the queue; sign in and it is sent
    var a = el("a", T.masuk); a.href = window.SigAntrean.masukUrl;
    showError(text + " ").appendChild(a);
  }
  form.addEventListener("submit", function (ev) {
    if (!window.fetch || !window.indexedDB) { return; }
    ev.preventDefault();
    if (!lon.value || !lat.value) { showError(T.pilih_lokasi); return; }
    var entry = window.SigAntrean.toEntry(form.action || window.location.pathname, new FormData(form));
    if (!navigator.onLine) { queue(entry); return; }
    status.textContent = T.mengirim;
    window.SigAntrean.send(entry).then(function (res) {
      if (window.SigAntrean.diterima(res)) {
        window.SigAntrean.hapus(entry.client_id).then(function () { window.location.assign(res.body.url); });
        return;
      }
      status.textContent = "";
      if (window.SigAntrean.perluMasuk(res)) {
        entry.status = "perlu_masuk";
        queue(entry).then(function () { masukLalu(T.perlu_masuk); });
        return;
      }
      if (!window.SigAntrean.ditolak(res)) { queue(entry); return; }
      showError(res.body.galat || T.gagal);  // the form still holds everything: nothing is lost
    }, function () { queue(entry); });
  });

  // A queued report the server refused keeps its text and photos: offer to put it back into the form.
  function pulihkan(entry) {
    entry.fields.forEach(function (f) {
      var input = form.querySelector('[name="' + f[0] + '"]');
      if (!input || f[0] === "csrfmiddlewaretoken") { return; }
      if (input.type === "checkbox") { input.checked = f[1] === "on"; } else { input.value = f[1]; }
    });
    var files = form.querySelector("input[type=file]");
    if (files && entry.files.length && window.DataTransfer) {
      var dt = new DataTransfer();
      entry.files.forEach(function (f) { dt.items.add(new File([f.blob], f.name, { type: f.blob.type })); });
      files.files = dt.files;
    }
    if (lon.value && lat.value) { place(L.latLng(+lat.value, +lon.value), 17); }
    window.SigAntrean.hapus(entry.client_id);
  }
  function tampilkanDitolak() {
    window.SigAntrean.semua().then(function (entries) {
      entries.filter(function (e) { return e.status === "ditolak"; }).forEach(function (entry) {
        var judul = (entry.fields.filter(function (f) { return f[0] === "judul"; })[0] || [])[1] || "";
        var box = el("div", T.ditolak + " «" + judul + "»: " + (entry.galat || T.gagal) + " ", "errorlist js-ditolak");
        box.setAttribute("role", "alert");
        var tombol = el("button", T.pulihkan, "tombol kecil");
        tombol.type = "button";
        tombol.addEventListener("click", function () { pulihkan(entry); box.remove(); });
        box.appendChild(tombol);
        form.insertBefore(box, form.firstChild.nextSibling);
      });
    });
  }

  document.addEventListener("antrean:terkirim", function (ev) {
    var sent = ev.detail.filter(function (d) { return d.hasil === "terkirim"; });
    if (sent.length) { status.textContent = T.terkirim + " " + sent.map(function (d) { return d.res.body.kode; }).join(", "); }
    if (ev.detail.some(function (d) { return d.hasil === "perlu_masuk"; })) { masukLalu(T.perlu_masuk); }
    if (ev.detail.some(function (d) { return d.hasil === "ditolak"; })) {
      Array.prototype.forEach.call(form.querySelectorAll(".js-ditolak"), function (n) { n.remove(); });
      tampilkanDitolak();
    }
  });
  tampilkanDitolak();
  container.dataset.siap = "1";
})();
