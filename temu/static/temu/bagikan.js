// Copy-link button of the share bar (temu/_bagikan.html): navigator.clipboard, else the address shown selected
// for a manual copy. Text only through textContent; no inline script, no third-party script.
for (const bar of document.querySelectorAll("[data-temu-bagikan]")) {
  const tombol = bar.querySelector("[data-temu-salin]");
  const status = bar.querySelector("[data-temu-status]");
  const cadangan = bar.querySelector("[data-temu-cadangan]");
  if (!tombol || !status) continue;
  tombol.addEventListener("click", async () => {
    const tautan = tombol.dataset.tautan;
    try {
      if (!navigator.clipboard) throw new Error("clipboard");
      await navigator.clipboard.writeText(tautan);
      status.textContent = tombol.dataset.tersalin;
      tombol.dataset.tersalinPada = String(Date.now());
    } catch {
      status.textContent = tombol.dataset.gagal;
      if (cadangan) {
        cadangan.hidden = false;
        cadangan.focus();
        cadangan.select();
      }
    }
  });
}
