// Every officer page: registers the service worker, sends the queue (on open, when the
// signal returns, every minute while a page is open, and through Background Sync where
// the browser has it), shows what waits where a page has room for it (#antrean-status),
// and warns before logging out with visits unsent. Its texts come from base.html
// ("teks-antrean"), the same on every officer page.
(function () {
  "use strict";
  var A = window.AntreanPetugas;
  var badan = document.body;
  var pengguna = badan.dataset.pengguna;
  var teksEl = document.getElementById("teks-antrean");
  if (!A || !pengguna || !teksEl || !window.indexedDB) return;
  var teks = JSON.parse(teksEl.textContent);
  var kotak = document.getElementById("antrean-status");
  var SEHARI = 86400000;

  function csrf() {
    var m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : badan.dataset.csrf || "";
  }
  function fmt(s) { var a = arguments, i = 1; return s.replace(/%s/g, function () { return a[i++]; }); }
  function mb(b) { return (b / 1048576).toLocaleString("id-ID", { maximumFractionDigits: 1 }); }
  function waktu(iso) {
    return new Date(iso).toLocaleString("id-ID", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }
  function el(tag, kelas, isi) { var e = document.createElement(tag); if (kelas) e.className = kelas; if (isi != null) e.textContent = isi; return e; }

  // --- the worker and Background Sync
  var daftarSw = null;
  if ("serviceWorker" in navigator) {
    daftarSw = navigator.serviceWorker.register(badan.dataset.sw, { scope: "/" }).then(function (reg) {
      return navigator.serviceWorker.ready.then(function () { return reg; });
    }).catch(function () { return null; });
  }
  function mintaSync() {
    if (!daftarSw) return;
    daftarSw.then(function (reg) { if (reg && reg.sync) return reg.sync.register("kirim-antrean"); }).catch(function () {});
  }
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});

  // --- the old queue (localStorage, base64) moves into IndexedDB once, nothing lost
  function pindahkanAntreanLama() {
    var lama;
    try { lama = JSON.parse(localStorage.getItem("antrean-kunjungan-v1") || "[]"); } catch (e) { lama = []; }
    if (!lama.length) return Promise.resolve();
    // one at a time; each leaves localStorage once it is in IndexedDB, and one that
    // cannot move stays there (nothing lost) without stopping the others
    var sisa = lama.slice();
    return lama.reduce(function (urutan, item) {
      return urutan.then(function () {
        var foto = Object.keys(item.foto || {}).map(function (u) {
          return fetch(item.foto[u].dataUrl).then(function (r) { return r.blob(); }).then(function (blob) {
            return { uuid: u, jenis: item.foto[u].jenis, blob: blob };
          });
        });
        return Promise.all(foto).then(function (f) {
          return A.tambah(pengguna, { uuid: item.data.uuid, url: item.url, data: item.data }, f);
        }).then(function () {
          sisa = sisa.filter(function (x) { return x !== item; });
          if (sisa.length) localStorage.setItem("antrean-kunjungan-v1", JSON.stringify(sisa));
          else localStorage.removeItem("antrean-kunjungan-v1");
        }, function () { /* stays in localStorage for the next page */ });
      });
    }, Promise.resolve());
  }

  // --- sending
  var terakhirHasil = null;
  function kirim(paksa) {
    return A.jalankan(pengguna, csrf(), { paksa: paksa }).then(function (h) {
      terakhirHasil = h;
      if (kotak) delete kotak.dataset.tanda; // the button pressed is ready again
      if (h.galat === "sinyal") mintaSync();
      tampilkan();
      return h;
    });
  }

  // --- what waits, where the page has room for it
  var NAMA_STATUS = { menunggu: teks.menunggu, mengirim: teks.mengirim, terkirim: teks.terkirim, ditolak: teks.ditolak, foto_ditolak: teks.fotoDitolak };
  function tampilkan() {
    if (!kotak) return Promise.resolve();
    return Promise.all([A.daftar(pengguna), navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : null]).then(function (r) {
      var d = r[0], ruang = r[1];
      // drawn again only when something changed: a button under the officer's thumb stays put
      var tanda = JSON.stringify([
        d.terakhir, ruang && Math.round((ruang.usage || 0) / 1048576), terakhirHasil && terakhirHasil.galat,
        d.kunjungan.map(function (k) { return [k.uuid, k.status, k.galat, k.fotoAda.length, k.urlServer]; }),
      ]);
      if (tanda === kotak.dataset.tanda) return;
      kotak.dataset.tanda = tanda;
      var belum = d.kunjungan.filter(function (k) { return k.status === "menunggu" || k.status === "mengirim"; });
      var foto = 0;
      belum.forEach(function (k) { foto += k.fotoAda.length; });
      kotak.textContent = "";
      kotak.hidden = false;
      kotak.appendChild(el("h2", null, teks.judul));
      var ringkas = el("p", belum.length ? "ringkas warn" : "ringkas", belum.length ? fmt(teks.menungguN, belum.length, foto) : teks.semuaTerkirim);
      ringkas.id = "antrean-ringkas";
      kotak.appendChild(ringkas);
      if (d.terakhir) kotak.appendChild(el("p", "muted", fmt(teks.terakhir, waktu(d.terakhir))));
      var lamaSekali = belum.filter(function (k) { return Date.now() - Date.parse(k.dibuat) > SEHARI; });
      if (lamaSekali.length) kotak.appendChild(el("p", "warn", teks.lebihSehari));
      if (terakhirHasil && terakhirHasil.galat === "sesi") kotak.appendChild(el("p", "error", teks.sesi));
      if (terakhirHasil && terakhirHasil.galat === "server") kotak.appendChild(el("p", "error", teks.server));
      if (ruang && ruang.quota) kotak.appendChild(el("p", "muted", fmt(teks.ruang, mb(ruang.usage || 0), mb(ruang.quota - (ruang.usage || 0)))));
      var tombol = el("button", "primary", teks.kirimSekarang);
      tombol.type = "button";
      tombol.disabled = !belum.length;
      tombol.addEventListener("click", function () { tombol.disabled = true; kirim(true); });
      kotak.appendChild(tombol);
      if (!d.kunjungan.length) return;
      var ul = el("ul", "antrean-daftar");
      d.kunjungan.forEach(function (k) {
        var li = el("li", "antrean-item " + k.status);
        li.dataset.uuid = k.uuid;
        li.appendChild(el("b", null, k.label || teks.kunjungan));
        li.appendChild(el("span", "muted", " · " + waktu(k.dibuat) + " · " + fmt(teks.nFoto, k.fotoAda.length) + " · "));
        li.appendChild(el("span", "status", NAMA_STATUS[k.status] || k.status));
        if (k.galat && k.status !== "terkirim") li.appendChild(el("p", k.status === "menunggu" ? "muted" : "error", k.galat));
        if (k.status === "foto_ditolak" && k.urlServer) {
          var halaman = el("a", "button", teks.bukaPerbaiki); halaman.href = k.urlServer; li.appendChild(halaman);
        }
        if (k.status === "ditolak" || k.status === "foto_ditolak") {
          if (k.keluarga && k.status === "ditolak") {
            var buka = el("a", "button", teks.bukaPerbaiki);
            buka.href = "/pendataan/keluarga/" + k.keluarga + "/kunjungan/?ulang=" + encodeURIComponent(k.uuid);
            li.appendChild(buka);
          }
          var hapus = el("button", null, teks.buang);
          hapus.type = "button";
          hapus.addEventListener("click", function () { if (window.confirm(teks.yakinBuang)) A.buang(pengguna, k.uuid).then(tampilkan); });
          li.appendChild(hapus);
        }
        if (k.status === "terkirim" && k.urlServer) {
          var lihat = el("a", null, teks.lihat); lihat.href = k.urlServer; li.appendChild(lihat);
        }
        ul.appendChild(li);
      });
      kotak.appendChild(ul);
    });
  }

  // --- the RW's visit forms, kept for use without signal: only those that changed
  var SINKRON_SETIAP = 10 * 60000;
  var HALAMAN_UMUM = JSON.parse(badan.dataset.halamanLuring || "[]");
  function sinkronFormulir(paksa) {
    if (!navigator.onLine || !window.caches || !badan.dataset.versiUrl) return Promise.resolve();
    if (navigator.connection && navigator.connection.saveData && !paksa) return Promise.resolve();
    return Promise.all([A.meta(pengguna, "formulir"), caches.has("halaman-" + pengguna)]).then(function (r) {
      // the pages went (a logout, another user on this phone, the browser's clean-up):
      // what was kept is no longer known, so everything is fetched again
      var m = r[1] && r[0] ? r[0] : { versi: {}, etag: "", waktu: null };
      if (!paksa && m.waktu && Date.now() - Date.parse(m.waktu) < SINKRON_SETIAP) return m;
      var h = m.etag ? { "If-None-Match": m.etag } : {};
      return segarkanDaftar().then(function () {
        return fetch(badan.dataset.versiUrl, { credentials: "same-origin", headers: h });
      }).then(function (r) {
        if (r.status === 304) { m.waktu = new Date().toISOString(); return A.aturMeta(pengguna, "formulir", m).then(function () { return m; }); }
        if (!r.ok) return m;
        var etag = r.headers.get("ETag") || "";
        return r.json().then(function (j) {
          var baru = j.keluarga, ids = Object.keys(baru);
          if (!ids.length) {
            // no RW any more (the placement ended): every page kept with its families goes,
            // visits' pages included; the queue stays and still sends
            return caches.delete("halaman-" + pengguna).then(function () {
              return A.aturMeta(pengguna, "formulir", null);
            }).then(function () { return { versi: {}, etag: "", waktu: null }; });
          }
          var perlu = ids.filter(function (id) { return m.versi[id] !== baru[id]; });
          var umum = HALAMAN_UMUM.slice(); // home, the worklist, the offline page: again when the RW changed
          return caches.open("halaman-" + pengguna).then(function (c) {
            // families that left the RW: their pages go from the phone
            var hapus = Object.keys(m.versi).filter(function (id) { return !(id in baru); }).map(function (id) {
              delete m.versi[id];
              return Promise.all([c.delete(urlFormulir(id)), c.delete("/pendataan/keluarga/" + id + "/")]);
            });
            var urutan = Promise.all(hapus);
            umum.forEach(function (u) {
              urutan = urutan.then(function () {
                return fetch(u, { credentials: "same-origin" }).then(function (r2) {
                  if (r2.ok && r2.headers.get("X-Luring-Pengguna") === pengguna) return c.put(new URL(u, location.href).href, r2);
                });
              });
            });
            perlu.forEach(function (id) {
              urutan = urutan.then(function () {
                return fetch(urlFormulir(id), { credentials: "same-origin" }).then(function (r2) {
                  if (!r2.ok || r2.headers.get("X-Luring-Pengguna") !== pengguna) return;
                  return c.put(new URL(urlFormulir(id), location.href).href, r2).then(function () { m.versi[id] = baru[id]; });
                });
              });
            });
            return urutan;
          }).then(function () {
            m.etag = etag; m.waktu = new Date().toISOString();
            return A.aturMeta(pengguna, "formulir", m).then(function () { tampilkanSinkron(m); return m; });
          }, function () { return A.aturMeta(pengguna, "formulir", m).then(function () { return m; }); });
        });
      }).catch(function () { return m; });
    });
  }
  // the RW's list the worklist searches without signal (daftar_kerja.js): asked again at
  // every sync, answered 304 while nothing changed; kept with this officer's pages
  function segarkanDaftar() {
    var url = badan.dataset.daftarUrl;
    if (!url) return Promise.resolve();
    var abs = new URL(url, location.href).href;
    return caches.open("halaman-" + pengguna).then(function (c) {
      return c.match(abs).then(function (lama) {
        var etag = lama && lama.headers.get("ETag");
        return fetch(url, { credentials: "same-origin", headers: etag ? { "If-None-Match": etag } : {} }).then(function (r) {
          if (r.ok && r.headers.get("X-Luring-Pengguna") === pengguna) return c.put(abs, r);
        });
      });
    }).catch(function () { /* no signal: the list kept stays */ });
  }
  function urlFormulir(id) { return "/pendataan/keluarga/" + id + "/kunjungan/"; }
  function tampilkanSinkron(m) {
    var p = document.getElementById("sinkron-rw");
    if (!p || !m || !m.waktu) return;
    p.hidden = false;
    p.textContent = fmt(teks.dataRw, Object.keys(m.versi).length, waktu(m.waktu));
  }

  // --- logging out with visits unsent: warn, offer to send; then forget this user's cache
  document.querySelectorAll("form[data-keluar]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (f.dataset.yakin) return;
      e.preventDefault();
      var keluar = function () { f.dataset.yakin = "1"; f.submit(); };
      A.daftar(pengguna).then(function (d) {
        var belum = d.kunjungan.filter(function (k) { return k.status !== "terkirim"; });
        if (belum.length && !window.confirm(fmt(teks.keluarBelumTerkirim, belum.length))) {
          return kirim(true);
        }
        // the pages with this RW's data go; the queue stays for this officer's next login
        return Promise.all([A.aturAktif(null), A.aturMeta(pengguna, "formulir", null), window.caches ? caches.delete("halaman-" + pengguna) : null]).then(keluar);
      }).catch(keluar); // the phone's storage failing must not keep anyone logged in
    });
  });

  A.aturAktif(pengguna, csrf());
  A.dengar(pengguna, function () { tampilkan(); });
  // A visit's page: for each photo that has not reached the server, whether this phone
  // holds it (and sends it by itself) or not (then only the form beside it can).
  document.querySelectorAll("[data-foto-uuid]").forEach(function (p) {
    A.adaFoto(pengguna, p.dataset.fotoUuid).then(function (f) {
      var nama = p.querySelector("b");
      p.textContent = "";
      if (nama) { p.appendChild(nama); p.appendChild(document.createTextNode(": ")); }
      p.appendChild(document.createTextNode(!f ? teks.fotoTidakDiPonsel : f.status === "ditolak" ? fmt(teks.fotoDitolakServer, f.galat) : teks.fotoDiPonsel));
      p.className = "di-ponsel " + (f && f.status !== "ditolak" ? "ok" : "error");
    });
  });
  A.meta(pengguna, "formulir").then(tampilkanSinkron);
  pindahkanAntreanLama().then(function () { return tampilkan(); }).then(function () { return kirim(false); })
    .then(function () { return sinkronFormulir(false); });
  window.addEventListener("online", function () { kirim(false).then(function () { return sinkronFormulir(false); }); });
  setInterval(function () { if (navigator.onLine) kirim(false); }, 60000);
  window.PortalPetugas = { kirim: kirim, sinkronFormulir: sinkronFormulir };
})();
