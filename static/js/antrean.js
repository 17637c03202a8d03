// The officer's queue: visits and their photos wait in IndexedDB (photos as Blobs) until
// the server has them, and are sent once, in order, by one sender at a time across tabs
// and the service worker. Loaded on every officer page and by the service worker
// (importScripts): it needs no page, no text and no element of its own.
//
// One database per user ("portal-petugas-<id>"): a shared phone's next officer never
// sees, opens or sends the previous one's queue, and an officer who logs in again
// finds theirs. The server keeps every resend safe: a visit's UUID and each photo's
// UUID make a second send return what is already saved.
(function (global) {
  "use strict";
  var VERSI_DB = 1;
  var AKTIF = "portal-petugas-aktif"; // which user this browser is logged in as, for the worker
  var JEDA_MIN = 30000, JEDA_MAKS = 30 * 60000;
  var SESI = ["sesi", "csrf", "ganti_sandi"];

  function janji(req) {
    return new Promise(function (ok, gagal) {
      req.onsuccess = function () { ok(req.result); };
      req.onerror = function () { gagal(req.error); };
    });
  }
  function selesai(tx) {
    return new Promise(function (ok, gagal) {
      tx.oncomplete = function () { ok(); };
      tx.onerror = tx.onabort = function () { gagal(tx.error); };
    });
  }

  // --- the databases
  var bukaan = {};
  function buka(pengguna) {
    var nama = "portal-petugas-" + pengguna;
    if (!bukaan[nama]) {
      var req = indexedDB.open(nama, VERSI_DB);
      req.onupgradeneeded = function () {
        var db = req.result;
        var k = db.createObjectStore("kunjungan", { keyPath: "uuid" });
        k.createIndex("dibuat", "dibuat");
        var f = db.createObjectStore("foto", { keyPath: "uuid" });
        f.createIndex("kunjungan", "kunjungan");
        db.createObjectStore("meta");
      };
      bukaan[nama] = janji(req);
    }
    return bukaan[nama];
  }
  function bukaAktif() {
    var req = indexedDB.open(AKTIF, 1);
    req.onupgradeneeded = function () { req.result.createObjectStore("aktif"); };
    return janji(req);
  }
  function aturAktif(pengguna, csrf) {
    return bukaAktif().then(function (db) {
      var tx = db.transaction("aktif", "readwrite");
      if (pengguna) tx.objectStore("aktif").put({ pengguna: String(pengguna), csrf: csrf || "" }, "saat-ini");
      else tx.objectStore("aktif").delete("saat-ini");
      return selesai(tx).then(function () { db.close(); });
    });
  }
  function bacaAktif() {
    return bukaAktif().then(function (db) {
      return janji(db.transaction("aktif").objectStore("aktif").get("saat-ini")).then(function (a) { db.close(); return a || null; });
    });
  }

  function semua(db, store) { return janji(db.transaction(store).objectStore(store).getAll()); }
  function urut(daftar) { return daftar.sort(function (a, b) { return a.dibuat < b.dibuat ? -1 : a.dibuat > b.dibuat ? 1 : 0; }); }

  // --- what the pages ask
  function tambah(pengguna, kunjungan, foto) {
    // kunjungan: {uuid, url, label, data}; foto: [{uuid, jenis, blob}]
    return buka(pengguna).then(function (db) {
      var tx = db.transaction(["kunjungan", "foto"], "readwrite");
      tx.objectStore("kunjungan").put({
        uuid: kunjungan.uuid, url: kunjungan.url, label: kunjungan.label || "", keluarga: kunjungan.keluarga || null,
        data: kunjungan.data, status: "menunggu", coba: 0, berikut: 0, galat: "", dibuat: new Date().toISOString(),
        foto: foto.map(function (f) { return { uuid: f.uuid, jenis: f.jenis }; }),
      });
      foto.forEach(function (f) {
        tx.objectStore("foto").put({ uuid: f.uuid, kunjungan: kunjungan.uuid, jenis: f.jenis, blob: f.blob, status: "menunggu", galat: "" });
      });
      return selesai(tx);
    }).then(function () { kabari(pengguna); });
  }
  function daftar(pengguna) {
    return buka(pengguna).then(function (db) {
      return Promise.all([semua(db, "kunjungan"), semua(db, "foto"), janji(db.transaction("meta").objectStore("meta").get("terakhir"))]);
    }).then(function (r) {
      var foto = {};
      r[1].forEach(function (f) { (foto[f.kunjungan] = foto[f.kunjungan] || []).push({ uuid: f.uuid, jenis: f.jenis, status: f.status, galat: f.galat, ukuran: f.blob ? f.blob.size : 0 }); });
      var k = urut(r[0]).map(function (x) { x.fotoAda = foto[x.uuid] || []; return x; });
      return { kunjungan: k, terakhir: r[2] || null };
    });
  }
  function ambil(pengguna, uuid) {
    return buka(pengguna).then(function (db) {
      return Promise.all([janji(db.transaction("kunjungan").objectStore("kunjungan").get(uuid)),
        janji(db.transaction("foto").objectStore("foto").index("kunjungan").getAll(uuid))]);
    }).then(function (r) { return r[0] ? { kunjungan: r[0], foto: r[1] } : null; });
  }
  function buang(pengguna, uuid) {
    return buka(pengguna).then(function (db) {
      var tx = db.transaction(["kunjungan", "foto"], "readwrite");
      tx.objectStore("kunjungan").delete(uuid);
      tx.objectStore("foto").index("kunjungan").openCursor(IDBKeyRange.only(uuid)).onsuccess = function (e) {
        var c = e.target.result; if (c) { c.delete(); c.continue(); }
      };
      return selesai(tx);
    }).then(function () { kabari(pengguna); });
  }
  // The photos of a visit in the phone, but those in `tetap` and those the server refused.
  function hapusFotoKunjungan(tx, uuid, tetap) {
    tx.objectStore("foto").index("kunjungan").openCursor(IDBKeyRange.only(uuid)).onsuccess = function (e) {
      var c = e.target.result;
      if (!c) return;
      if (!(tetap && tetap[c.value.uuid]) && c.value.status !== "ditolak") c.delete();
      c.continue();
    };
  }
  function ubah(db, store, nilai) {
    var tx = db.transaction(store, "readwrite");
    tx.objectStore(store).put(nilai);
    return selesai(tx);
  }
  function catatMeta(db, kunci, nilai) {
    var tx = db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(nilai, kunci);
    return selesai(tx);
  }

  // --- sending
  function Galat(jenis, pesan, status) { var e = new Error(pesan || ""); e.jenis = jenis; e.status = status; return e; }
  // The server's answer. A fetch that fails is no signal; a 5xx or an answer that is not
  // the portal's JSON (a proxy's page) is the server failing; an expired session, a CSRF
  // failure or a forced password change wait for the officer to log in again.
  function jawaban(r) {
    return r.json().catch(function () { return null; }).then(function (j) {
      if (r.status === 401 || (j && SESI.indexOf(j.kode) >= 0) || (!j && r.redirected && /\/akun\/masuk\//.test(r.url))) throw Galat("sesi", j && j.pesan, r.status);
      if (r.status >= 500 || !j) throw Galat("server", j && j.pesan, r.status);
      if (!j.ok) throw Galat("ditolak", j.pesan, r.status);
      return j;
    });
  }
  function kirimPos(url, body, csrf, json, pengguna) {
    // whose queue this is: the server refuses it under another user's session (kode sesi)
    var h = { "Accept": "application/json", "X-CSRFToken": csrf, "X-Portal-Pengguna": pengguna };
    if (json) h["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", credentials: "same-origin", headers: h, body: body }).catch(function () {
      throw Galat("sinyal");
    }).then(jawaban);
  }

  // One visit: the record, then each photo the server still lacks, one at a time. A photo
  // the server has is deleted from the phone at once: the space goes back to the next visit.
  function kirimSatu(db, pengguna, item, csrf, catat) {
    item.status = "mengirim";
    return ubah(db, "kunjungan", item).then(function () {
      return kirimPos(item.url, JSON.stringify(item.data), csrf, true, pengguna);
    }).then(function (hasil) {
      item.urlServer = hasil.url;
      var kurang = hasil.foto_kurang || [];
      // photos the server has already (an answer lost on the way): no need to keep them
      var tetap = {};
      kurang.forEach(function (f) { tetap[f.uuid] = true; });
      var tx = db.transaction("foto", "readwrite");
      hapusFotoKunjungan(tx, item.uuid, tetap);
      return selesai(tx).then(function () { return hasil; });
    }).then(function (hasil) {
      var kurang = hasil.foto_kurang || [];
      var urutan = Promise.resolve();
      kurang.forEach(function (f) {
        urutan = urutan.then(function () {
          return janji(db.transaction("foto").objectStore("foto").get(f.uuid)).then(function (foto) {
            if (!foto || !foto.blob) return; // not on this phone: the visit page says so
            var fd = new FormData();
            fd.append("foto_uuid", f.uuid); fd.append("jenis", f.jenis);
            fd.append("foto", foto.blob, f.jenis + ".jpg");
            catat("foto", f.uuid);
            return kirimPos(hasil.foto_url, fd, csrf, false, pengguna).then(function () {
              var tx = db.transaction("foto", "readwrite"); tx.objectStore("foto").delete(f.uuid); return selesai(tx);
            }, function (e) {
              if (e.jenis !== "ditolak") throw e;
              foto.status = "ditolak"; foto.galat = e.message; // kept: the officer decides
              return ubah(db, "foto", foto);
            });
          });
        });
      });
      return urutan;
    }).then(function () {
      return janji(db.transaction("foto").objectStore("foto").index("kunjungan").getAll(item.uuid));
    }).then(function (sisa) {
      var ditolak = sisa.filter(function (f) { return f.status === "ditolak"; });
      // sent: what stays is what the officer needs to see it went, without the data
      item.status = ditolak.length ? "foto_ditolak" : "terkirim";
      item.galat = ditolak.map(function (f) { return f.jenis + ": " + f.galat; }).join(" ");
      item.terkirimAt = new Date().toISOString();
      if (!ditolak.length) { item.data = null; }
      item.coba = 0; item.berikut = 0;
      return ubah(db, "kunjungan", item);
    }, function (e) {
      if (e.jenis === "ditolak") { item.status = "ditolak"; item.galat = e.message; }
      else if (e.jenis === "server") {
        item.status = "menunggu";
        item.coba = (item.coba || 0) + 1;
        item.berikut = Date.now() + Math.min(JEDA_MAKS, JEDA_MIN * Math.pow(2, item.coba - 1)) * (0.75 + Math.random() / 2);
        item.galat = "server " + (e.status || "");
      } else { item.status = "menunggu"; }
      return ubah(db, "kunjungan", item).then(function () { if (e.jenis !== "ditolak") throw e; });
    });
  }

  // Everything waiting, oldest first, by whoever holds the user's lock: a second tab (or
  // the service worker) finds it held and leaves the sending to the holder.
  function kunci(pengguna, kerja) {
    var nama = "portal-antrean-" + pengguna;
    if (global.navigator && navigator.locks) {
      return navigator.locks.request(nama, { ifAvailable: true }, function (lock) { return lock ? kerja() : null; });
    }
    return kunciCadangan(pengguna, kerja);
  }
  // Without Web Locks (older Safari): a lease in IndexedDB, taken in one transaction and
  // renewed while sending; a holder that died lets it lapse after a minute.
  function kunciCadangan(pengguna, kerja) {
    var saya = Math.random().toString(36).slice(2);
    return buka(pengguna).then(function (db) {
      var tx = db.transaction("meta", "readwrite"), meta = tx.objectStore("meta"), dapat = false;
      var req = meta.get("sewa");
      req.onsuccess = function () { // inside the transaction: read and take it at once
        var s = req.result;
        if (!s || s.sampai < Date.now() || s.oleh === saya) { meta.put({ oleh: saya, sampai: Date.now() + 60000 }, "sewa"); dapat = true; }
      };
      return selesai(tx).then(function () {
        if (!dapat) return null;
        var perpanjang = setInterval(function () { catatMeta(db, "sewa", { oleh: saya, sampai: Date.now() + 60000 }); }, 20000);
        var lepas = function () {
          clearInterval(perpanjang);
          var tx2 = db.transaction("meta", "readwrite"), m2 = tx2.objectStore("meta"), r2 = m2.get("sewa");
          r2.onsuccess = function () { if (r2.result && r2.result.oleh === saya) m2.put({ oleh: "", sampai: 0 }, "sewa"); };
          return selesai(tx2);
        };
        return Promise.resolve().then(kerja).then(function (h) { return lepas().then(function () { return h; }); },
          function (e) { return lepas().then(function () { throw e; }); });
      });
    });
  }

  // Runs of one page follow each other: a call while one runs waits for it and then
  // runs once more (so a visit saved meanwhile goes too); calls that pile up share it.
  var berjalan = {}, berikutnya = {};
  function jalankan(pengguna, csrf, opsi) {
    if (!pengguna) return Promise.resolve({ dikirim: 0 });
    if (!berjalan[pengguna]) {
      berjalan[pengguna] = jalankanSekali(pengguna, csrf, opsi || {}).then(function (h) { delete berjalan[pengguna]; return h; });
      return berjalan[pengguna];
    }
    if (!berikutnya[pengguna]) {
      berikutnya[pengguna] = berjalan[pengguna].then(function () {
        delete berikutnya[pengguna];
        return jalankan(pengguna, csrf, opsi);
      });
    }
    return berikutnya[pengguna];
  }
  function jalankanSekali(pengguna, csrf, opsi) {
    var hasil = { dikirim: 0, galat: null, terkunci: true };
    var catat = opsi.catat || function () {};
    return kunci(pengguna, function () {
      hasil.terkunci = false;
      return buka(pengguna).then(function (db) {
        return semua(db, "kunjungan").then(function (k) {
          var antri = urut(k).filter(function (x) {
            return (x.status === "menunggu" || x.status === "mengirim") && (opsi.paksa || !x.berikut || x.berikut <= Date.now());
          });
          var langkah = Promise.resolve();
          antri.forEach(function (item) {
            langkah = langkah.then(function () {
              if (hasil.galat) return;
              catat("kunjungan", item.uuid);
              kabari(pengguna);
              return kirimSatu(db, pengguna, item, csrf, catat).then(function () {
                hasil.dikirim += 1;
                return catatMeta(db, "terakhir", new Date().toISOString());
              }, function (e) { hasil.galat = e.jenis || "penyimpanan"; });
            });
          });
          return langkah;
        }).then(function () { return bersihkanTerkirim(db); });
      });
    }).then(function () { return hasil; }, function () { hasil.galat = hasil.galat || "penyimpanan"; return hasil; })
      .then(function (h) { kabari(pengguna); return h; });
  }
  // A sent visit is shown as sent for a day, then forgotten.
  function bersihkanTerkirim(db) {
    var batas = new Date(Date.now() - 86400000).toISOString();
    return semua(db, "kunjungan").then(function (k) {
      var tx = db.transaction(["kunjungan", "foto"], "readwrite");
      k.forEach(function (x) {
        if (x.status !== "terkirim" || x.terkirimAt >= batas) return;
        tx.objectStore("kunjungan").delete(x.uuid);
        hapusFotoKunjungan(tx, x.uuid, null);
      });
      return selesai(tx);
    });
  }

  // Every page of this user hears when the queue changes (another tab sent something).
  var saluran = {};
  function kabari(pengguna) {
    if (!global.BroadcastChannel) return;
    saluran[pengguna] = saluran[pengguna] || new BroadcastChannel("portal-antrean-" + pengguna);
    saluran[pengguna].postMessage("berubah");
  }
  function dengar(pengguna, fn) {
    if (!global.BroadcastChannel) return;
    var ch = new BroadcastChannel("portal-antrean-" + pengguna);
    ch.onmessage = fn;
  }

  // Whether this phone still holds a photo (a visit's page says so for each missing one).
  function adaFoto(pengguna, uuid) {
    return buka(pengguna).then(function (db) { return janji(db.transaction("foto").objectStore("foto").get(uuid)); })
      .then(function (f) { return f ? { status: f.status, galat: f.galat } : null; });
  }
  function meta(pengguna, kunci) {
    return buka(pengguna).then(function (db) { return janji(db.transaction("meta").objectStore("meta").get(kunci)); });
  }
  function aturMeta(pengguna, kunci, nilai) {
    return buka(pengguna).then(function (db) { return catatMeta(db, kunci, nilai); });
  }

  global.AntreanPetugas = {
    meta: meta, aturMeta: aturMeta, adaFoto: adaFoto,
    tambah: tambah, daftar: daftar, ambil: ambil, buang: buang, jalankan: jalankan, dengar: dengar,
    aturAktif: aturAktif, bacaAktif: bacaAktif,
  };
})(typeof self !== "undefined" ? self : this);
