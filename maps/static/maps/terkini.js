/* Live 'laporan terkini': polls the feed with If-None-Match (an unchanged feed costs a 304), redraws the list
   with textContent only, marks new reports, and switches the hashtag filter without a reload. Polling pauses
   while the tab is hidden and backs off after errors. Announces new reports on the document ("terkini:baru"). */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function butir(p, baru) {
    var li = el("li", null, baru ? "baru" : "");
    li.setAttribute("data-kode", p.kode);
    var a = el("a", p.judul);
    if (typeof p.url === "string" && p.url.charAt(0) === "/" && p.url.charAt(1) !== "/") { a.href = p.url; }
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", p.status_label, "lencana status-" + String(p.status).replace(/[^a-z]/g, "")));
    li.appendChild(el("br"));
    li.appendChild(el("span", [p.tagar, p.desa, p.waktu].join(" · "), "kecil"));
    return li;
  }

  function pasang(box) {
    var url = box.getAttribute("data-url");
    var kecamatan = box.getAttribute("data-kecamatan") || "";
    var tagar = box.getAttribute("data-tagar") || "";
    var jedaDasar = parseInt(box.getAttribute("data-jeda"), 10) || 3000;
    var daftar = box.querySelector(".terkini-daftar");
    var status = box.querySelector(".terkini-status");
    var etag = null, timer = null, jeda = jedaDasar, dimuat = 0;
    var dikenal = {};
    var punyaAwal = box.hasAttribute("data-dirender"); // the server drew the list: anything else is new
    Array.prototype.forEach.call(daftar.querySelectorAll("li[data-kode]"), function (li) {
      dikenal[li.getAttribute("data-kode")] = true;
    });

    function alamat() {
      var q = new URLSearchParams();
      if (kecamatan) { q.set("kecamatan", kecamatan); }
      if (tagar) { q.set("tagar", tagar); }
      return url + "?" + q.toString();
    }

    function gambar(items) {
      var baru = [];
      var frag = document.createDocumentFragment();
      items.forEach(function (p) {
        var isBaru = (dimuat > 0 || punyaAwal) && !dikenal[p.kode];
        if (isBaru) { baru.push(p); }
        frag.appendChild(butir(p, isBaru));
      });
      if (!items.length) { frag.appendChild(el("li", box.getAttribute("data-kosong"), "kosong")); }
      daftar.replaceChildren(frag);
      dikenal = {};
      items.forEach(function (p) { dikenal[p.kode] = true; });
      if (baru.length) {
        status.textContent = baru.length + " " + box.getAttribute("data-baru");
        document.dispatchEvent(new CustomEvent("terkini:baru", { detail: { jumlah: baru.length } }));
      }
    }

    function jadwal(ms) { clearTimeout(timer); timer = setTimeout(tarik, ms); }

    function tarik() {
      if (document.hidden) { return; } // resumed by visibilitychange
      var headers = { Accept: "application/json" };
      if (etag) { headers["If-None-Match"] = etag; }
      var diminta = alamat();
      fetch(diminta, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (r) {
          if (r.status === 304) { return null; }
          if (!r.ok) { throw new Error(String(r.status)); }
          etag = r.headers.get("ETag");
          return r.json();
        })
        .then(function (data) {
          if (diminta !== alamat()) { return; } // the filter changed meanwhile
          if (data) { gambar(data.pengaduan || []); dimuat += 1; box.setAttribute("data-dimuat", String(dimuat)); }
          if (jeda !== jedaDasar) { status.textContent = ""; }
          jeda = jedaDasar;
        })
        .catch(function () {
          status.textContent = box.getAttribute("data-gagal");
          jeda = Math.min(jeda * 2, 60000);
        })
        .then(function () { jadwal(jeda); });
    }

    box.querySelectorAll("a[data-tagar]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        tagar = a.getAttribute("data-tagar") || "";
        box.querySelectorAll("a[data-tagar]").forEach(function (b) { b.removeAttribute("aria-current"); });
        a.setAttribute("aria-current", "true");
        if (box.hasAttribute("data-perbarui-alamat")) {
          var u = new URL(window.location.href);
          if (tagar) { u.searchParams.set("tagar", tagar); } else { u.searchParams.delete("tagar"); }
          window.history.replaceState(null, "", u.toString());
        }
        etag = null; dimuat = 0; dikenal = {}; punyaAwal = false;
        tarik();
      });
    });
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { jadwal(0); } });
    tarik();
  }

  function siap() { document.querySelectorAll("[data-terkini]").forEach(pasang); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", siap); } else { siap(); }
})();
