// The visit form on an officer's phone: GPS point, photos made small on the phone
// (keeping their EXIF for the reviewer's checks). A saved visit goes into the phone's
// queue (antrean.js, IndexedDB) first, then out when there is signal (petugas.js):
// closing the page or losing the signal loses nothing. Each visit carries a UUID made
// here: sending it again is harmless.
(function () {
  "use strict";
  var SISI_MAKS = 1600;
  var KUALITAS = 0.75; // JPEG quality: documents stay legible, a photo about 300 KB
  var RUANG_MIN = 15 * 1048576; // a visit with three photos takes about 1 MB; room for a few
  var form = document.getElementById("form-kunjungan");
  var teksEl = document.getElementById("teks-kunjungan");
  var teks = teksEl ? JSON.parse(teksEl.textContent) : {};
  var pesan = document.getElementById("pesan");
  var proses = {}; // photos still being shrunk, by kind
  var dibukaAt = new Date().toISOString();
  var foto = {}; // jenis -> {uuid, blob}

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function fmt(s) { var a = arguments, i = 1; return s.replace(/%s/g, function () { return a[i++]; }); }
  function tampil(t, salah) { if (!pesan) return; pesan.textContent = t; pesan.className = "pesan" + (salah ? " error" : ""); }

  // --- EXIF: copy the original's APP1 segment into the small JPEG, orientation reset to 1
  // (the pixels are already turned upright by createImageBitmap).
  function app1Exif(buf) {
    var v = new DataView(buf);
    if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return null;
    var i = 2;
    while (i + 4 <= v.byteLength) {
      var marker = v.getUint16(i), len = v.getUint16(i + 2);
      if (marker === 0xffe1 && v.getUint32(i + 4) === 0x45786966) {
        var seg = new Uint8Array(buf.slice(i, i + 2 + len));
        orientasiSatu(seg);
        return seg;
      }
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) break;
      i += 2 + len;
    }
    return null;
  }
  function orientasiSatu(seg) {
    var v = new DataView(seg.buffer, seg.byteOffset, seg.byteLength);
    var t = 10; // TIFF header after "Exif\0\0"
    if (v.byteLength < t + 8) return;
    var le = v.getUint16(t) === 0x4949;
    var ifd = t + v.getUint32(t + 4, le);
    if (ifd + 2 > v.byteLength) return;
    var n = v.getUint16(ifd, le);
    for (var k = 0; k < n; k++) {
      var e = ifd + 2 + k * 12;
      if (e + 12 > v.byteLength) return;
      if (v.getUint16(e, le) === 0x0112) { v.setUint16(e + 8, 1, le); return; }
    }
  }
  function sisipkan(jpegBlob, seg) {
    if (!seg) return Promise.resolve(jpegBlob);
    return jpegBlob.arrayBuffer().then(function (buf) {
      var awal = new Uint8Array(buf, 0, 2), sisa = new Uint8Array(buf, 2);
      return new Blob([awal, seg, sisa], { type: "image/jpeg" });
    });
  }
  function kecilkan(file) {
    return file.arrayBuffer().then(function (buf) {
      var seg = app1Exif(buf);
      return createImageBitmap(new Blob([buf]), { imageOrientation: "from-image" }).then(function (bmp) {
        var skala = Math.min(1, SISI_MAKS / Math.max(bmp.width, bmp.height));
        var c = document.createElement("canvas");
        c.width = Math.round(bmp.width * skala); c.height = Math.round(bmp.height * skala);
        c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
        return new Promise(function (ok) { c.toBlob(ok, "image/jpeg", KUALITAS); });
      }).then(function (blob) { return sisipkan(blob, seg); });
    });
  }

  if (!form) return;
  var A = window.AntreanPetugas, P = window.PortalPetugas;
  var pengguna = document.body.dataset.pengguna;

  // --- the form
  document.querySelectorAll("#anggota select").forEach(function (s) {
    s.addEventListener("change", function () {
      s.parentNode.querySelector(".tanggal").hidden = s.value !== "meninggal";
    });
  });
  // --- recipients: layak / tidak layak; the reason the visit already shows is suggested
  var saranEl = document.getElementById("saran-alasan");
  var saran = saranEl ? JSON.parse(saranEl.textContent) : { hasil: {}, anggota: {} };
  function hasilDipilih(v) { return (v.querySelector("input[type=radio]:checked") || {}).value; }
  function aturAlasan(v) {
    var tl = hasilDipilih(v) === "tidak_layak";
    v.querySelector(".alasan").hidden = !tl;
    v.querySelector(".alasan-lain").hidden = !(tl && v.querySelector("select").value === "lainnya");
  }
  function saranUntuk(v) {
    var hasil = (form.querySelector("input[name=hasil]:checked") || {}).value;
    if (saran.hasil[hasil]) return saran.hasil[hasil];
    var s = v.dataset.orang ? form.querySelector("select[name=aksi-" + v.dataset.orang + "]") : null;
    return s ? saran.anggota[s.value] || "" : "";
  }
  function perbaruiSaran() {
    document.querySelectorAll("#verifikasi .verifikasi").forEach(function (v) {
      var alasan = saranUntuk(v), p = v.querySelector(".saran"), sel = v.querySelector("select");
      var opt = alasan ? sel.querySelector('option[value="' + alasan + '"]') : null;
      p.hidden = !opt;
      if (opt) p.textContent = fmt(teks.disarankan, opt.textContent);
      if (!v.dataset.disentuh) { // until the officer chooses, the suggestion is preselected
        var r = v.querySelector(opt ? "input[value=tidak_layak]" : "input[type=radio]:checked");
        if (opt) { r.checked = true; sel.value = alasan; v.dataset.disarankan = "1"; }
        else if (v.dataset.disarankan && r) { r.checked = false; sel.value = ""; delete v.dataset.disarankan; }
      }
      aturAlasan(v);
    });
  }
  document.querySelectorAll("#verifikasi .verifikasi").forEach(function (v) {
    v.addEventListener("change", function () { v.dataset.disentuh = "1"; aturAlasan(v); });
  });
  document.querySelectorAll("#anggota select, input[name=hasil]").forEach(function (el) {
    el.addEventListener("change", perbaruiSaran);
  });
  document.querySelectorAll("#usulan .usulan input[type=checkbox]").forEach(function (c) {
    c.addEventListener("change", function () { c.closest(".usulan").querySelector(".keterangan").hidden = !c.checked; });
  });
  perbaruiSaran();
  function temuan(data) { // the findings, or the message that says what is missing
    var salah = null;
    document.querySelectorAll("#verifikasi .verifikasi").forEach(function (v) {
      var hasil = hasilDipilih(v), alasan = v.querySelector("select").value;
      var lain = v.querySelector("input[name^=alasan_lain]").value.trim();
      if (salah) return;
      if (!hasil) salah = fmt(teks.pilihHasil, v.dataset.label);
      else if (hasil === "tidak_layak" && !alasan) salah = fmt(teks.pilihAlasan, v.dataset.label);
      else if (hasil === "tidak_layak" && alasan === "lainnya" && !lain) salah = fmt(teks.tulisAlasan, v.dataset.label);
      data.verifikasi.push({ penerima: v.dataset.penerima, hasil: hasil, alasan: hasil === "tidak_layak" ? alasan : "", alasan_lain: lain });
    });
    document.querySelectorAll("#usulan .usulan").forEach(function (u) {
      if (salah || !u.querySelector("input[type=checkbox]").checked) return;
      var ket = u.querySelector("textarea").value.trim();
      if (!ket) salah = fmt(teks.tulisUsulan, u.dataset.label);
      data.usulan.push({ periode: u.dataset.periode, keterangan: ket });
    });
    return salah;
  }
  document.getElementById("tambah-anggota").addEventListener("click", function () {
    var t = document.getElementById("templat-anggota-baru");
    document.getElementById("anggota-baru").appendChild(t.content.cloneNode(true));
  });
  document.getElementById("ambil-gps").addEventListener("click", function () {
    var st = document.getElementById("gps-status");
    if (!navigator.geolocation) { st.textContent = teks.gpsGagal; return; }
    st.textContent = teks.gpsMencari;
    navigator.geolocation.getCurrentPosition(function (pos) {
      var c = pos.coords;
      form.latitude.value = c.latitude.toFixed(6);
      form.longitude.value = c.longitude.toFixed(6);
      form.akurasi_m.value = Math.round(c.accuracy);
      st.textContent = fmt(teks.gpsDapat, Math.round(c.accuracy)) + (c.accuracy > 50 ? " " + teks.gpsLemah : "");
      st.className = c.accuracy > 50 ? "error" : "ok";
    }, function () { st.textContent = teks.gpsGagal; st.className = "error"; },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  });
  // A photo taken (or kept from a refused visit): its thumbnail and size beside it.
  function pasangFoto(jenis, f) {
    foto[jenis] = f;
    var info = form.querySelector("input[data-jenis=" + jenis + "] + .foto-info");
    if (!info) return;
    info.textContent = fmt(teks.fotoSiap, Math.round(f.blob.size / 1024));
    if (f.blob.type === "image/jpeg") {
      var img = document.createElement("img");
      img.className = "thumb"; img.alt = ""; img.src = URL.createObjectURL(f.blob);
      info.prepend(img);
    }
  }
  form.querySelectorAll("input[type=file]").forEach(function (inp) {
    inp.addEventListener("change", function () {
      var info = inp.parentNode.querySelector(".foto-info");
      var file = inp.files[0];
      if (!file) return;
      proses[inp.dataset.jenis] = kecilkan(file).then(function (blob) {
        pasangFoto(inp.dataset.jenis, { uuid: uuid4(), blob: blob });
      }).catch(function () {
        // the server decodes what the phone cannot (HEIC)
        pasangFoto(inp.dataset.jenis, { uuid: uuid4(), blob: file });
      });
    });
  });

  // --- the DTSEN variables (templates/pendataan/_kunjungan_variabel.html): each field holds
  // the value last known in data-awal; only a field the officer changed is sent.
  function variabelNilai(el) {
    var v = el.value.trim();
    if (el.dataset.jenis === "ya_tidak") return v === "1";
    if (el.dataset.jenis === "teks") return v;
    return Number(v.replace(",", "."));
  }
  function variabelKiriman(f) {
    var hasil = { keluarga: {}, anggota: {} };
    f.querySelectorAll("#variabel [data-var]").forEach(function (el) {
      var v = el.value.trim(), awal = el.dataset.awal;
      if (v === "" || v === awal) return;
      var angka = el.dataset.jenis !== "teks" && el.dataset.jenis !== "ya_tidak";
      // "10" and "10.0" are one amount; a number the field cannot read is sent as typed,
      // for the server to refuse with a message naming the variable
      if (angka && awal !== "" && Number(v.replace(",", ".")) === Number(awal)) return;
      var nilai = variabelNilai(el);
      if (angka && !isFinite(nilai)) nilai = v;
      var blok = el.closest("[data-anggota]");
      if (blok) (hasil.anggota[blok.dataset.anggota] = hasil.anggota[blok.dataset.anggota] || {})[el.dataset.var] = nilai;
      else hasil.keluarga[el.dataset.var] = nilai;
    });
    return hasil;
  }
  function variabelIsi(f, v) { // a refused visit opened again: its changes back in the fields
    if (!v) return;
    var isi = function (akar, nilai) {
      Object.keys(nilai || {}).forEach(function (kunci) {
        var el = akar && akar.querySelector("[data-var='" + kunci + "']");
        if (!el) return;
        var x = nilai[kunci];
        el.value = x === true ? "1" : x === false ? "0" : String(x);
      });
    };
    isi(f.querySelector("#variabel"), v.keluarga);
    Object.keys(v.anggota || {}).forEach(function (pk) {
      isi(f.querySelector("#variabel [data-anggota='" + pk + "']"), v.anggota[pk]);
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var tombol = document.getElementById("kirim");
    tombol.disabled = true;
    tampil(teks.menyimpan);
    // The UUID and the send time are fixed at the first tap: a second tap after a lost
    // answer sends the very same visit, which the server recognises.
    if (!form.dataset.uuid) { form.dataset.uuid = uuid4(); form.dataset.dikirimAt = new Date().toISOString(); }
    var data = {
      uuid: form.dataset.uuid,
      hasil: (form.querySelector("input[name=hasil]:checked") || {}).value,
      anggota: [], anggota_baru: [], variabel: variabelKiriman(form),
      catatan: form.catatan.value,
      latitude: form.latitude.value || null, longitude: form.longitude.value || null,
      akurasi_m: form.akurasi_m.value || null, alasan_tanpa_gps: form.alasan_tanpa_gps.value,
      dibuka_at: dibukaAt, dikirim_at: form.dataset.dikirimAt, foto: [],
    };
    document.querySelectorAll("#anggota .anggota[data-id]").forEach(function (d) {
      var aksi = d.querySelector("select").value;
      data.anggota.push({ id: d.dataset.id, aksi: aksi, tanggal: aksi === "meninggal" ? d.querySelector("input[type=date]").value : null });
    });
    document.querySelectorAll("#anggota-baru .baru").forEach(function (d) {
      data.anggota_baru.push({ nik: d.querySelector("[name=nik-baru]").value.replace(/\D/g, ""), nama: d.querySelector("[name=nama-baru]").value });
    });
    if (document.getElementById("verifikasi") || document.getElementById("usulan")) {
      data.verifikasi = []; data.usulan = [];
      var kurang = temuan(data);
      if (kurang) { tombol.disabled = false; tampil(kurang, true); return; }
    }
    var kurangTugas = window.KunjunganTugas ? window.KunjunganTugas.kumpulkan(data) : null;
    if (kurangTugas) { tombol.disabled = false; tampil(kurangTugas, true); return; }
    Promise.all(Object.keys(proses).map(function (j) { return proses[j]; })).then(function () {
      var jenis = Object.keys(foto);
      jenis.forEach(function (j) { data.foto.push({ uuid: foto[j].uuid, jenis: j }); });
      return A.tambah(pengguna, {
        uuid: data.uuid, url: form.dataset.kirimUrl, label: form.dataset.label, keluarga: form.dataset.keluarga, data: data,
      }, jenis.map(function (j) { return { uuid: foto[j].uuid, jenis: j, blob: foto[j].blob }; })).catch(function (e) {
        e.penyimpanan = true; throw e;
      }).then(function () {
        var lama = form.dataset.ulangDari;
        if (lama && lama !== data.uuid) { delete form.dataset.ulangDari; return A.buang(pengguna, lama); }
      });
    }).then(function () {
      tampil(teks.tersimpanMengirim);
      return P.kirim(true);
    }).then(function (h) {
      // another tab or the service worker holds the sending: wait for it to get this one
      if (h.terkunci) { tampil(teks.sedangDikirim); return tungguTerkirim(data.uuid, 60).then(function () { return h; }); }
      return h;
    }).then(function (h) {
      return A.ambil(pengguna, data.uuid).then(function (r) {
        var k = r && r.kunjungan;
        tombol.disabled = false;
        if (k && k.status === "terkirim") { tampil(teks.selesai); window.location.href = k.urlServer; }
        else if (k && k.status === "foto_ditolak") { tampil(teks.selesai + " " + teks.ditolak + " " + k.galat, true); }
        else if (k && k.status === "ditolak") {
          // fixed and saved again, it is a new visit: the refused one goes once that is kept
          form.dataset.ulangDari = k.uuid; delete form.dataset.uuid;
          tampil(teks.ditolak + " " + k.galat, true);
        }
        else if (h.galat === "sesi") tampil(teks.sesiHabis, true);
        else if (h.galat === "server") tampil(teks.serverGagal, true);
        else if (h.galat === "penyimpanan") tampil(teks.tidakTersimpan, true);
        else if (h.terkunci) tampil(teks.sedangDikirim);
        else tampil(teks.tersimpanPonsel, true);
      });
    }).catch(function (e) {
      tombol.disabled = false;
      tampil(e && e.penyimpanan ? teks.tidakTersimpan : teks.tersimpanPonsel, true);
    });
  });

  function tungguTerkirim(uuid, detik) {
    return new Promise(function (ok) {
      var sisa = detik;
      (function lihat() {
        A.ambil(pengguna, uuid).then(function (r) {
          var st = r && r.kunjungan.status;
          if (st !== "menunggu" && st !== "mengirim") return ok();
          if (--sisa <= 0) return ok();
          setTimeout(lihat, 1000);
        }, ok);
      })();
    });
  }

  // --- a visit the server refused, opened again to be fixed (?ulang=<uuid>)
  function isiUlang(k, fotoSimpan) {
    var d = k.data || {};
    form.dataset.ulangDari = k.uuid; // saved again under a new UUID, then this one goes
    var pilih = function (sel) { var x = form.querySelector(sel); if (x) x.checked = true; };
    if (d.hasil) pilih("input[name=hasil][value=" + d.hasil + "]");
    (d.anggota || []).forEach(function (a) {
      var sel = form.querySelector("select[name=aksi-" + a.id + "]");
      if (!sel) return;
      sel.value = a.aksi;
      var tgl = sel.parentNode.querySelector(".tanggal");
      tgl.hidden = a.aksi !== "meninggal";
      if (a.tanggal) tgl.querySelector("input").value = a.tanggal;
    });
    (d.anggota_baru || []).forEach(function (b) {
      document.getElementById("tambah-anggota").click();
      var baru = document.querySelectorAll("#anggota-baru .baru");
      var el = baru[baru.length - 1];
      el.querySelector("[name=nik-baru]").value = b.nik; el.querySelector("[name=nama-baru]").value = b.nama;
    });
    variabelIsi(form, d.variabel);
    (d.verifikasi || []).forEach(function (v) {
      var blok = form.querySelector(".verifikasi[data-penerima='" + v.penerima + "']");
      if (!blok) return;
      blok.dataset.disentuh = "1";
      var r = blok.querySelector("input[type=radio][value=" + v.hasil + "]"); if (r) r.checked = true;
      blok.querySelector("select").value = v.alasan || "";
      blok.querySelector("input[name^=alasan_lain]").value = v.alasan_lain || "";
      aturAlasan(blok);
    });
    (d.usulan || []).forEach(function (u) {
      var blok = form.querySelector(".usulan[data-periode='" + u.periode + "']");
      if (!blok) return;
      blok.querySelector("input[type=checkbox]").checked = true;
      blok.querySelector(".keterangan").hidden = false;
      blok.querySelector("textarea").value = u.keterangan || "";
    });
    if (window.KunjunganTugas) window.KunjunganTugas.isiUlang(d);
    form.latitude.value = d.latitude || ""; form.longitude.value = d.longitude || "";
    form.akurasi_m.value = d.akurasi_m || ""; form.alasan_tanpa_gps.value = d.alasan_tanpa_gps || "";
    form.catatan.value = d.catatan || "";
    if (d.latitude) document.getElementById("gps-status").textContent = fmt(teks.gpsDapat, d.akurasi_m || "?");
    fotoSimpan.forEach(function (f) { if (f.blob) pasangFoto(f.jenis, { uuid: f.uuid, blob: f.blob }); });
    tampil(teks.ditolak + " " + (k.galat || ""), true);
  }
  var ulang = new URLSearchParams(window.location.search).get("ulang");
  if (ulang && A && pengguna) {
    A.ambil(pengguna, ulang).then(function (r) { if (r && r.kunjungan.data) isiUlang(r.kunjungan, r.foto); });
  }
  // Before recording: is there room on the phone for this visit and its photos?
  if (navigator.storage && navigator.storage.estimate) {
    navigator.storage.estimate().then(function (r) {
      var sisa = (r.quota || 0) - (r.usage || 0);
      if (r.quota && sisa < RUANG_MIN) {
        var p = document.getElementById("ruang-penuh");
        p.textContent = fmt(teks.ruangPenuh, Math.max(0, Math.round(sisa / 1048576)));
        p.hidden = false;
      }
    });
  }
})();
