// A small toolbar for the body of a kabar/agenda: wraps the selection in the few tags the server keeps.
(function () {
  "use strict";
  const TOMBOL = [
    ["B", "Tebal", "<strong>", "</strong>"],
    ["I", "Miring", "<em>", "</em>"],
    ["•", "Daftar", "<ul>\n<li>", "</li>\n</ul>"],
    ["H", "Subjudul", "<h3>", "</h3>"],
  ];

  function bungkus(area, awal, akhir) {
    const { selectionStart: a, selectionEnd: b, value } = area;
    area.value = value.slice(0, a) + awal + value.slice(a, b) + akhir + value.slice(b);
    area.focus();
    area.setSelectionRange(a + awal.length, b + awal.length);
  }

  function pasang(area) {
    const bar = document.createElement("div");
    bar.className = "bilah-editor";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", document.documentElement.lang === "en" ? "Formatting" : "Format teks");
    for (const [teks, judul, awal, akhir] of TOMBOL) {
      const tombol = document.createElement("button");
      tombol.type = "button";
      tombol.textContent = teks;
      tombol.title = judul;
      tombol.setAttribute("aria-label", judul);
      tombol.addEventListener("click", () => bungkus(area, awal, akhir));
      bar.appendChild(tombol);
    }
    const tautan = document.createElement("button");
    tautan.type = "button";
    tautan.textContent = "🔗";
    tautan.title = tautan.ariaLabel = "Tautan";
    tautan.addEventListener("click", () => {
      const alamat = window.prompt("Alamat tautan (https://…)", "https://");
      if (alamat && /^(https?:\/\/|mailto:|tel:)/i.test(alamat)) {
        bungkus(area, `<a href="${alamat.replace(/["<>]/g, "")}">`, "</a>");
      }
    });
    bar.appendChild(tautan);
    area.before(bar);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea[data-editor]").forEach(pasang);
  });
})();
