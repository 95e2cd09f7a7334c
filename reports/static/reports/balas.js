/* Reply templates: choosing one fills the reply box with its text (already filled in for this complaint on
   the server, plain text); the operator edits it before sending. Without script, "Pakai templat" reloads. */
(function () {
  "use strict";
  function siap() {
    var pilih = document.getElementById("pilih-templat");
    var data = document.getElementById("templat-balasan");
    if (!pilih || !data) { return; }
    var sasaran = document.getElementById(pilih.getAttribute("data-sasaran"));
    var daftar = JSON.parse(data.textContent);
    var tombol = pilih.form.querySelector("button");
    if (tombol) { tombol.hidden = true; }
    pilih.addEventListener("change", function () {
      var dipilih = daftar.filter(function (t) { return String(t.id) === pilih.value; })[0];
      if (!sasaran || !dipilih) { return; }
      sasaran.value = dipilih.teks;
      sasaran.focus();
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", siap); } else { siap(); }
})();
