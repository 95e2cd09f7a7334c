/* Dashboard charts (Chart.js from npm): one bar chart per table, its numeric columns as series, labels from
   the text columns. Data arrives through json_script; Chart.js draws text on a canvas (never HTML). */
(function () {
  "use strict";
  var source = document.getElementById("dasbor-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var COLORS = ["#15803d", "#2563eb", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2"];
  document.querySelectorAll("canvas.grafik").forEach(function (canvas) {
    var t = data[canvas.dataset.tabel];
    if (!t || !t.baris.length) { canvas.hidden = true; return; }
    var numeric = t.kolom.map(function (_, i) { return t.baris.every(function (r) { return r[i] === null || typeof r[i] === "number"; }); });
    var labels = t.baris.map(function (r) { return r.filter(function (_, i) { return !numeric[i]; }).join(" · "); });
    var datasets = [];
    t.kolom.forEach(function (name, i) {
      if (numeric[i]) { datasets.push({ label: name, data: t.baris.map(function (r) { return r[i]; }), backgroundColor: COLORS[datasets.length % COLORS.length] }); }
    });
    new window.Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets }, options: { responsive: true, animation: false } });
    canvas.dataset.siap = "1";
  });
})();
