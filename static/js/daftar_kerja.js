// The worklist's search. With signal: the server's list as the officer types (the page's
// own list fragment, no library). Without signal: the RW's list this phone keeps
// (petugas.js fetches it with the visit forms, into this officer's own page cache),
// searched and filtered here as the server would, each family opening its kept visit
// form; a visit waiting in this phone's queue shows as such.
(function () {
  "use strict";
  var form = document.querySelector("form.cari");
  var daftar = document.getElementById("daftar");
  var teksEl = document.getElementById("teks-daftar");
  var badan = document.body;
  var pengguna = badan.dataset.pengguna;
  if (!form || !daftar || !teksEl) return;
  var teks = JSON.parse(teksEl.textContent);
  var q = form.elements.q, saring = form.elements.saring;
  var tunda = null, nomor = 0;

  function fmt(s) { var a = arguments, i = 1; return s.replace(/%s/g, function () { return a[i++]; }); }
  function el(tag, kelas, isi) { var e = document.createElement(tag); if (kelas) e.className = kelas; if (isi != null) e.textContent = isi; return e; }
  function samar(nomor) { return nomor && nomor.length === 16 ? nomor.slice(0, 4) + "••••••••" + nomor.slice(12) : "••••"; }
  function angka(n) { return Number(n).toLocaleString("id-ID"); }
  function ganti(baru) { daftar.replaceWith(baru); daftar = baru; }

  function alamat() {
    var p = new URLSearchParams();
    if (q.value.trim()) p.set("q", q.value.trim());
    if (saring.value) p.set("saring", saring.value);
    var s = p.toString();
    return form.getAttribute("action") + (s ? "?" + s : "");
  }

  function cari() {
    var ini = ++nomor, url = alamat();
    history.replaceState(null, "", url);
    if (!navigator.onLine) { luring(ini); return; }
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      if (ini !== nomor) return;
      var t = document.createElement("template");
      t.innerHTML = html;
      var baru = t.content.getElementById("daftar");
      if (!baru) throw new Error("bukan daftar"); // e.g. the login page: the session ended
      ganti(baru);
    }).catch(function () { luring(ini); });
  }

  // --- without signal
  function simpanan() {
    if (!window.caches || !pengguna || !badan.dataset.daftarUrl) return Promise.resolve(null);
    var url = new URL(badan.dataset.daftarUrl, location.href).href;
    return caches.open("halaman-" + pengguna).then(function (c) { return c.match(url); }).then(function (r) {
      if (!r) return null;
      return r.json().then(function (j) { return { keluarga: j.keluarga, waktu: r.headers.get("Date") }; });
    }).catch(function () { return null; });
  }
  function diAntrean() {
    var A = window.AntreanPetugas;
    if (!A || !pengguna) return Promise.resolve({});
    return A.daftar(pengguna).then(function (d) {
      var ada = {};
      d.kunjungan.forEach(function (k) { if (k.keluarga && k.status !== "terkirim") ada[k.keluarga] = true; });
      return ada;
    }).catch(function () { return {}; });
  }
  function cocok(k, kata, antre) {
    var status = antre[k[0]] ? "antre" : k[4], anggota = k[5];
    var s = saring.value;
    if (s === "belum" && status !== "belum") return false;
    if (s === "sudah" && status !== "sudah" && status !== "antre") return false;
    if (s === "dikembalikan" && status !== "kembali") return false;
    if (s === "verifikasi" && status !== "verifikasi") return false;
    if (s === "tugas" && !(k[6] || []).some(function (r) { return r[0] === "tugas"; })) return false;
    if (!kata) return true;
    var digit = kata.replace(/\s/g, "");
    if (/^\d{4,}$/.test(digit)) {
      return k[3].indexOf(digit) === 0 || anggota.some(function (a) { return a[1].indexOf(digit) === 0; });
    }
    kata = kata.toLowerCase();
    return k[2].toLowerCase().indexOf(kata) >= 0 || anggota.some(function (a) { return a[0].toLowerCase().indexOf(kata) >= 0; });
  }
  function badge(status) {
    if (status === "antre") return el("span", "badge warn", teks.diAntrean);
    if (status === "kembali") return el("span", "badge warn", teks.kembali);
    if (status === "verifikasi") return el("span", "badge warn", teks.verifikasi);
    if (status === "sudah") return el("span", "badge ok", teks.sudah);
    return el("span", "badge", teks.belum);
  }
  function alasan(daftarAlasan) { // the risk reasons, as the server's list shows them
    var ul = el("ul", "alasan-risiko");
    daftarAlasan.forEach(function (r) {
      var li = el("li", "risiko-" + r[0]);
      if (r[0] === "tugas") { li.appendChild(el("span", "badge warn", teks.tugas)); li.appendChild(document.createTextNode(" ")); }
      li.appendChild(document.createTextNode(r[1]));
      ul.appendChild(li);
    });
    return ul;
  }
  function luring(ini) {
    Promise.all([simpanan(), diAntrean()]).then(function (r) {
      if (ini !== nomor) return;
      var data = r[0], antre = r[1];
      var baru = el("div");
      baru.id = "daftar";
      baru.dataset.luring = "1";
      if (!data) { baru.appendChild(el("p", "warn", teks.belumTersimpan)); ganti(baru); return; }
      var waktu = data.waktu ? new Date(data.waktu).toLocaleString("id-ID", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : "—";
      baru.appendChild(el("p", "warn", fmt(teks.luring, waktu)));
      var kata = q.value.trim();
      var hasil = data.keluarga.filter(function (k) { return cocok(k, kata, antre); });
      baru.appendChild(el("p", "muted", fmt(teks.nKeluarga, angka(hasil.length))));
      var ul = el("ul", "kartu-daftar"), rt = null;
      hasil.forEach(function (k) {
        if (k[1] !== rt) { rt = k[1]; ul.appendChild(el("li", "rt", "RT " + String(rt).padStart(2, "0"))); }
        var status = antre[k[0]] ? "antre" : k[4];
        var li = el("li", "keluarga" + (status === "kembali" ? " dikembalikan" : ""));
        var a = el("a");
        a.href = "/pendataan/keluarga/" + k[0] + "/kunjungan/";
        var kepala = k[5].filter(function (x) { return x[2]; })[0];
        a.appendChild(el("b", null, kepala ? kepala[0] : teks.tanpaKepala));
        a.appendChild(el("span", null, k[2] + " · KK " + samar(k[3]) + " · " + fmt(teks.nOrang, k[5].length)));
        a.appendChild(badge(status));
        if (k[6] && k[6].length) a.appendChild(alasan(k[6]));
        li.appendChild(a);
        ul.appendChild(li);
      });
      if (!hasil.length) ul.appendChild(el("li", null, teks.kosong));
      baru.appendChild(ul);
      ganti(baru);
    });
  }

  q.addEventListener("input", function () { clearTimeout(tunda); tunda = setTimeout(cari, 400); });
  saring.addEventListener("change", cari);
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(tunda); cari(); });
  // a kept page opened without signal shows the whole RW as this phone knows it, not
  // the first 50 families as the server last rendered them
  if (!navigator.onLine) luring(++nomor);
  window.addEventListener("offline", function () { if (!daftar.dataset.luring) luring(++nomor); });
})();
