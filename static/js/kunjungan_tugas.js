// The visit form's ground-check tasks (templates/pendataan/_kunjungan_tugas.html):
// shows a reason list for "tidak layak", collects the answers into the visit's
// `tugas`, and fills them back when a refused visit is opened again. kunjungan.js
// calls window.KunjunganTugas; a form without tasks has nothing to do.
(function () {
  "use strict";
  var blok = document.querySelectorAll("#tugas .tugas");
  var teksEl = document.getElementById("teks-tugas");
  var teks = teksEl ? JSON.parse(teksEl.textContent) : {};
  function fmt(s, x) { return String(s || "").replace("%s", x); }
  function dipilih(b, nama) { var r = b.querySelector("input[name^=" + nama + "]:checked"); return r ? r.value : ""; }
  function aturAlasan(b) {
    var hasil = dipilih(b, "tugas-hasil-"), sel = b.querySelector("select");
    if (!sel) return;
    b.querySelector(".alasan").hidden = hasil !== "tidak_layak";
    b.querySelector(".alasan-lain").hidden = !(hasil === "tidak_layak" && sel.value === "lainnya");
  }
  blok.forEach(function (b) { b.addEventListener("change", function () { aturAlasan(b); }); });

  // Adds data.tugas; returns the message saying what is missing, or null.
  function kumpulkan(data) {
    if (!blok.length) return null;
    var salah = null;
    data.tugas = [];
    blok.forEach(function (b) {
      if (salah) return;
      var label = b.dataset.label, jawab = { tugas: parseInt(b.dataset.tugas, 10) };
      var temu = dipilih(b, "ditemukan-");
      if (!temu) { salah = fmt(teks.pilihDitemukan, label); return; }
      jawab.ditemukan = temu === "1";
      if (b.dataset.jenis === "sanggah" && !b.dataset.penerima) {
        var hasil = dipilih(b, "tugas-hasil-"), alasan = b.querySelector("select").value;
        var lain = b.querySelector("input[name^=tugas-alasan_lain]").value.trim();
        if (!hasil) salah = fmt(teks.pilihHasil, label);
        else if (hasil === "tidak_layak" && !alasan) salah = fmt(teks.pilihAlasan, label);
        else if (hasil === "tidak_layak" && alasan === "lainnya" && !lain) salah = fmt(teks.tulisAlasan, label);
        jawab.hasil = hasil; jawab.alasan = hasil === "tidak_layak" ? alasan : ""; jawab.alasan_lain = lain;
      } else if (b.dataset.jenis === "usul") {
        var usul = dipilih(b, "diusulkan-");
        if (!usul) salah = fmt(teks.pilihUsul, label);
        else if (usul === "1" && data.hasil !== "ditemui") salah = fmt(teks.usulDitemui, label);
        jawab.diusulkan = usul === "1";
      }
      data.tugas.push(jawab);
    });
    return salah;
  }

  function isiUlang(d) {
    (d.tugas || []).forEach(function (j) {
      var b = document.querySelector("#tugas .tugas[data-tugas='" + j.tugas + "']");
      if (!b) return;
      var pilih = function (sel) { var x = b.querySelector(sel); if (x) x.checked = true; };
      pilih("input[name^=ditemukan-][value='" + (j.ditemukan ? "1" : "0") + "']");
      if (j.hasil) pilih("input[name^=tugas-hasil-][value=" + j.hasil + "]");
      var sel = b.querySelector("select"); if (sel) sel.value = j.alasan || "";
      var lain = b.querySelector("input[name^=tugas-alasan_lain]"); if (lain) lain.value = j.alasan_lain || "";
      if (j.diusulkan !== undefined) pilih("input[name^=diusulkan-][value='" + (j.diusulkan ? "1" : "0") + "']");
      aturAlasan(b);
    });
  }

  window.KunjunganTugas = { kumpulkan: kumpulkan, isiUlang: isiUlang };
})();
