/* Import progress: polls the run's status while a background job works on it. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("status-impor");
    if (!box || ["menunggu", "berjalan"].indexOf(box.dataset.status) === -1) { return; }
    var timer = setInterval(function () {
      fetch(box.dataset.statusUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        box.querySelector("[data-progres]").value = data.progres;
        box.querySelector("[data-pesan]").textContent = data.pesan;
        if (["menunggu", "berjalan"].indexOf(data.status) === -1) { clearInterval(timer); window.location.reload(); }
      }).catch(function () { /* weak signal: try again next tick */ });
    }, 1500);
  });
})();
