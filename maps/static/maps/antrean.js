/* Offline queue for complaints: a submission that cannot reach the server is kept in IndexedDB (with its
   photos) under a client-generated id and sent when the phone is online again; the server stores each id
   once, so a resend never makes a duplicate. Exposes window.SigAntrean. */
(function () {
  "use strict";
  var DB = "sigdesa", STORE = "antrean";

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
    return { client_id: formData.get("client_id"), url: url, fields: fields, files: files, disimpan: Date.now() };
  }

  function toFormData(entry) {
    var fd = new FormData();
    entry.fields.forEach(function (f) { fd.append(f[0], f[1]); });
    entry.files.forEach(function (f) { fd.append(f.key, f.blob, f.name); });
    return fd;
  }

  function send(entry) {
    var token = csrf((entry.fields.filter(function (f) { return f[0] === "csrfmiddlewaretoken"; })[0] || [])[1]);
    return fetch(entry.url, {
      method: "POST", body: toFormData(entry), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token || "" }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    });
  }

  function simpan(entry) { return tx("readwrite", function (s) { return s.put(entry); }); }
  function hapus(id) { return tx("readwrite", function (s) { return s.delete(id); }); }
  function semua() { return tx("readonly", function (s) { return s.getAll(); }); }

  var busy = false;
  function kirimSemua() {
    if (busy || !navigator.onLine || !window.indexedDB) { return Promise.resolve([]); }
    busy = true;
    return semua().then(function (entries) {
      return entries.reduce(function (chain, entry) {
        return chain.then(function (done) {
          return send(entry).then(function (res) {
            // Delivered (201/200) or refused for good (4xx other than timeout/limit): leave the queue.
            if (res.status < 300 || (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)) {
              return hapus(entry.client_id).then(function () { done.push({ entry: entry, res: res }); return done; });
            }
            return done;
          }, function () { return done; });
        });
      }, Promise.resolve([]));
    }).then(function (done) {
      busy = false;
      if (done.length) { document.dispatchEvent(new CustomEvent("antrean:terkirim", { detail: done })); }
      return done;
    }, function (err) { busy = false; throw err; });
  }

  window.SigAntrean = { uuid: uuid, toEntry: toEntry, send: send, simpan: simpan, semua: semua, kirimSemua: kirimSemua };
  window.addEventListener("online", kirimSemua);
  document.addEventListener("DOMContentLoaded", function () { setTimeout(kirimSemua, 500); });
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return undefined; });
  }
})();
