/* Dashboard charts (Chart.js from npm): one bar chart per table, labels from its class columns. Each unit
   (jumlah, rupiah, ha, jam) gets its own axis, never two units on one: the first on the left, the second on
   the right, further ones only in the table. Data arrives through json_script; Chart.js draws on a canvas. */
(function () {
  "use strict";
  var source = document.getElementById("dasbor-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var LANG = (document.documentElement.lang || "id").slice(0, 2) === "en" ? "en-GB" : "id-ID";
  var ringkas = new Intl.NumberFormat(LANG, { notation: "compact", maximumFractionDigits: 1 });
  var COLORS = ["#15803d", "#2563eb", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2"];
  var kata = (document.getElementById("dasbor-satuan") || { dataset: {} }).dataset;
  var SATUAN = { rupiah: "Rp", ha: "ha", jam: kata.jam || "jam", jumlah: kata.jumlah || "jumlah" };

  function tick(satuan) {
    return function (v) { return (satuan === "rupiah" ? "Rp " : "") + ringkas.format(v); };
  }

  document.querySelectorAll("canvas.grafik").forEach(function (canvas) {
    var t = data[canvas.dataset.tabel];
    if (!t || !t.baris.length) { canvas.hidden = true; return; }
    var teks = t.kolom.map(function (k) { return k.satuan === "teks"; });
    var labels = t.baris.map(function (r) { return r.filter(function (_, i) { return teks[i]; }).join(" · "); });
    var units = [];
    t.kolom.forEach(function (k) { if (!teks[t.kolom.indexOf(k)] && units.indexOf(k.satuan) < 0) { units.push(k.satuan); } });
    units = units.slice(0, 2);
    var scales = {};
    var datasets = [];
    units.forEach(function (u, i) {
      var axis = i === 0 ? "y" : "y1";
      scales[axis] = { position: i === 0 ? "left" : "right", beginAtZero: true, grid: { drawOnChartArea: i === 0 },
        title: { display: true, text: SATUAN[u] || u }, ticks: { callback: tick(u) } };
    });
    t.kolom.forEach(function (k, i) {
      var axis = units.indexOf(k.satuan);
      if (teks[i] || axis < 0) { return; }
      datasets.push({ label: k.label, yAxisID: axis === 0 ? "y" : "y1", data: t.baris.map(function (r) { return r[i]; }),
        backgroundColor: COLORS[datasets.length % COLORS.length] });
    });
    new window.Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets },
      options: { responsive: true, animation: false, scales: scales } });
    canvas.dataset.siap = "1";
    canvas.dataset.sumbu = units.join(",");
  });
})();
