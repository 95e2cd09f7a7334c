/* Offline queue for complaints: a submission that cannot reach the server is kept in IndexedDB (with its
   photos) under a client-generated id and sent when the phone is online again; the server stores each id
   once, so a resend never makes a duplicate. An entry leaves the queue only when the server has accepted it
   (200/201 with its tracking code). A signed-out phone keeps it and asks to sign in (then it is resent); a
   report the server refuses (e.g. outside every desa) is kept as "ditolak" with the reason, to be restored
   into the form. Exposes window.SigAntrean. */
(function () {
  "use strict";
  var DB = "sigdesa", STORE = "antrean";
  var script = document.currentScript;
  var AKUN = (script && script.dataset.akun) || "";  // the signed-in account (empty when signed out)

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "client_id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrf(fallback) {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : fallback;
  }

  function toEntry(url, formData) {
    var fields = [], files = [];
    formData.forEach(function (value, key) {
      if (value instanceof Blob) { if (value.size) { files.push({ key: key, blob: value, name: value.name || "foto.jpg" }); } }
      else { fields.push([key, value]); }
    });
    return { client_id: formData.get("client_id"), url: url, fields: fields, files: files, disimpan: Date.now(), akun: AKUN };
  }

  function toFormData(entry, token) {  // the current CSRF token: Django reads the form field before the header
    var fd = new FormData();
    entry.fields.forEach(function (f) { fd.append(f[0], f[0] === "csrfmiddlewaretoken" ? token : f[1]); });
    entry.files.forEach(function (f) { fd.append(f.key, f.blob, f.name); });
    return fd;
  }

  function send(entry) {
    var token = csrf((entry.fields.filter(function (f) { return f[0] === "csrfmiddlewaretoken"; })[0] || [])[1]);
    return fetch(entry.url, {
      method: "POST", body: toFormData(entry, token || ""), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token || "" }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    });
  }

  function simpan(entry) { return tx("readwrite", function (s) { return s.put(entry); }); }
  function hapus(id) { return tx("readwrite", function (s) { return s.delete(id); }); }
  function semua() { return tx("readonly", function (s) { return s.getAll(); }); }

  function diterima(res) { return (res.status === 200 || res.status === 201) && res.body && res.body.kode; }
  // Signed out, or a 403 for a missing CSRF cookie (no reason, or `csrf`): signing in again fixes both.
  function perluMasuk(res) {
    var b = res.body || {};
    return res.status === 401 || (res.status === 403 && (!b.galat || b.csrf === true));
  }
  function ditolak(res) {
    return res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 && !perluMasuk(res);
  }

  // A report belongs to the account that wrote it: on a shared phone another signed-in account never sends it.
  function milikAkunLain(e) { return Boolean(e.akun && AKUN && e.akun !== AKUN); }

  var busy = false;
  function kirimSemua() {
    if (busy || !navigator.onLine || !window.indexedDB) { return Promise.resolve([]); }
    busy = true;
    return semua().then(function (entries) {
      if (entries.some(milikAkunLain) && script) { spanduk(script.dataset.akunLain); }
      return entries.filter(function (e) { return e.status !== "ditolak" && !milikAkunLain(e); }).reduce(function (chain, entry) {
        return chain.then(function (done) {
          return send(entry).then(function (res) {
            var hasil = diterima(res) ? "terkirim" : perluMasuk(res) ? "perlu_masuk" : ditolak(res) ? "ditolak" : null;
            if (!hasil) { return done; }  // server error or limit: retried later
            done.push({ entry: entry, res: res, hasil: hasil });
            if (hasil === "terkirim") { return hapus(entry.client_id).then(function () { return done; }); }
            entry.status = hasil;
            entry.galat = (res.body && res.body.galat) || "";
            return simpan(entry).then(function () { return done; });
          }, function () { return done; });
        });
      }, Promise.resolve([]));
    }).then(function (done) {
      busy = false;
      if (done.length) { document.dispatchEvent(new CustomEvent("antrean:terkirim", { detail: done })); }
      return done;
    }, function (err) { busy = false; throw err; });
  }

  // On every page: what happened to queued reports, in the page's language (texts on the script tag).
  function spanduk(teks, tautan) {
    var box = document.getElementById("spanduk-antrean");
    if (!box) {
      box = document.createElement("div");
      box.id = "spanduk-antrean"; box.className = "spanduk-antrean"; box.setAttribute("role", "status");
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = teks + " ";
    if (tautan) {
      var a = document.createElement("a");
      a.href = tautan.href; a.textContent = tautan.teks;
      box.appendChild(a);
    }
  }
  document.addEventListener("antrean:terkirim", function (ev) {
    if (!script || document.getElementById("form-pengaduan")) { return; }  // the form page says it itself
    var d = script.dataset, masuk = ev.detail.filter(function (x) { return x.hasil === "perlu_masuk"; });
    var sent = ev.detail.filter(function (x) { return x.hasil === "terkirim"; });
    if (masuk.length) { spanduk(d.perluMasuk, { href: d.masukUrl, teks: d.masuk }); }
    else if (sent.length) { spanduk(d.terkirim + " " + sent.map(function (x) { return x.res.body.kode; }).join(", ")); }
  });

  window.SigAntrean = {
    uuid: uuid, toEntry: toEntry, send: send, simpan: simpan, hapus: hapus, semua: semua, kirimSemua: kirimSemua,
    diterima: diterima, perluMasuk: perluMasuk, ditolak: ditolak,
    masukUrl: script ? script.dataset.masukUrl : ""  // sign in, then back to the form (base.html)
  };
  window.addEventListener("online", kirimSemua);
  document.addEventListener("DOMContentLoaded", function () { setTimeout(kirimSemua, 500); });
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return undefined; });
  }
})();
