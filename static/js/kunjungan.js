// The visit form on an officer's phone: GPS point, photos made small on the phone
// (keeping their EXIF for the reviewer's checks), and a queue in localStorage so a
// visit is never lost when the signal drops. Each visit carries a UUID made here:
// sending it again is harmless.
(function () {
  "use strict";
  var ANTREAN = "antrean-kunjungan-v1";
  var SISI_MAKS = 1600;
  var KUALITAS = 0.75; // JPEG quality: documents stay legible, a photo about 300 KB
  var form = document.getElementById("form-kunjungan");
  var teksEl = document.getElementById("teks-kunjungan");
  var teks = teksEl ? JSON.parse(teksEl.textContent) : {};
  var pesan = document.getElementById("pesan");
  var sedang = {}; // visits being sent right now, by UUID: never two sends at once
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
  function csrf() { var m = document.cookie.match(/csrftoken=([^;]+)/); return m ? m[1] : ""; }
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

  // --- the queue
  function antrean() { try { return JSON.parse(localStorage.getItem(ANTREAN) || "[]"); } catch (e) { return []; } }
  function simpanAntrean(a) { localStorage.setItem(ANTREAN, JSON.stringify(a)); }
  function keDataUrl(blob) {
    return new Promise(function (ok) { var r = new FileReader(); r.onload = function () { ok(r.result); }; r.readAsDataURL(blob); });
  }
  function dariDataUrl(url) { return fetch(url).then(function (r) { return r.blob(); }); }

  // The server's answer. A fetch that fails is no signal; any answer that is not the
  // portal's JSON (an HTML error page, a proxy's page) or a 5xx is the server failing,
  // and an expired session is neither: in all three the visit stays on the phone.
  var SESI = ["sesi", "csrf", "ganti_sandi"];
  function jawaban(r) {
    return r.json().catch(function () { return null; }).then(function (j) {
      var e;
      // the officer must log in again, reload, or change the password first: kept, not refused
      if (r.status === 401 || (j && SESI.indexOf(j.kode) >= 0) || (!j && r.redirected && /\/akun\/masuk\//.test(r.url))) {
        e = new Error(j && j.pesan || ""); e.sesi = true; throw e;
      }
      if (r.status >= 500 || !j) { e = new Error(j && j.pesan || ""); e.server = r.status || true; throw e; }
      return j;
    });
  }
  var JEDA_MIN = 30000, JEDA_MAKS = 30 * 60000;
  // After a server failure the item waits longer each time (30 s, 1, 2, 4... up to 30 min),
  // with jitter so a hundred phones do not come back at the same second.
  function catatGagal(item, e) {
    if (e.server) {
      item.coba = (item.coba || 0) + 1;
      item.berikut = Date.now() + Math.min(JEDA_MAKS, JEDA_MIN * Math.pow(2, item.coba - 1)) * (0.75 + Math.random() / 2);
      item.galat = "server " + e.server;
    } else if (e.ditolak) {
      item.ditolak = e.message;
    }
    try { simpanAntrean(antrean().map(function (x) { return x.data.uuid === item.data.uuid ? item : x; })); } catch (err) { /* storage full: the item stays as it was */ }
  }

  function kirim(item) {
    return fetch(item.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(item.data),
    }).then(jawaban).then(function (body) {
      var res = { body: body };
      if (!res.body.ok) { var e = new Error(res.body.pesan); e.ditolak = true; throw e; }
      var kurang = res.body.foto_kurang || [];
      var ditolak = [];
      var urut = Promise.resolve();
      kurang.forEach(function (f, i) {
        var p = item.foto[f.uuid];
        if (!p) return;
        urut = urut.then(function () {
          tampil(fmt(teks.mengirimFoto, i + 1, kurang.length));
          return dariDataUrl(p.dataUrl).then(function (blob) {
            var fd = new FormData();
            fd.append("foto_uuid", f.uuid); fd.append("jenis", f.jenis);
            fd.append("foto", blob, f.jenis + ".jpg");
            return fetch(res.body.foto_url, { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json", "X-CSRFToken": csrf() }, body: fd });
          }).then(jawaban).then(function (j) { if (!j.ok) ditolak.push(f.jenis + ": " + j.pesan); });
        });
      });
      return urut.then(function () {
        if (ditolak.length) { var e = new Error(ditolak.join(" ")); e.ditolak = true; e.foto = true; e.url = res.body.url; throw e; }
        return res.body;
      });
    });
  }
  function keluarkan(uuid) { simpanAntrean(antrean().filter(function (x) { return x.data.uuid !== uuid; })); }
  function kirimSekali(item) {
    var id = item.data.uuid;
    if (sedang[id]) return sedang[id];
    sedang[id] = kirim(item).then(function (hasil) {
      delete sedang[id]; return hasil;
    }, function (e) { delete sedang[id]; throw e; });
    return sedang[id];
  }
  function jalankanAntrean() {
    antrean().forEach(function (item) {
      if (item.ditolak) return; // the server said no: the officer sees it on the form, no retry
      if (item.berikut && Date.now() < item.berikut) return; // backing off after a server failure
      kirimSekali(item).then(function () { keluarkan(item.data.uuid); }).catch(function (e) {
        if (e.foto) { keluarkan(item.data.uuid); return; } // the visit is saved; its page lists missing photos
        catatGagal(item, e);
      });
    });
  }
  window.addEventListener("online", jalankanAntrean);
  setInterval(function () { if (navigator.onLine) jalankanAntrean(); }, 60000);

  if (!form) { jalankanAntrean(); return; }

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
  form.querySelectorAll("input[type=file]").forEach(function (inp) {
    inp.addEventListener("change", function () {
      var info = inp.parentNode.querySelector(".foto-info");
      var file = inp.files[0];
      if (!file) return;
      proses[inp.dataset.jenis] = kecilkan(file).then(function (blob) {
        foto[inp.dataset.jenis] = { uuid: uuid4(), blob: blob };
        info.textContent = fmt(teks.fotoSiap, Math.round(blob.size / 1024));
      }).catch(function () {
        foto[inp.dataset.jenis] = { uuid: uuid4(), blob: file }; // the server decodes what the phone cannot (HEIC)
        info.textContent = fmt(teks.fotoSiap, Math.round(file.size / 1024));
      });
    });
  });

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
      anggota: [], anggota_baru: [], indikator: {},
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
    form.querySelectorAll("select[name^=ind-]").forEach(function (s) { if (s.value) data.indikator[s.name.slice(4)] = s.value; });
    if (document.getElementById("verifikasi") || document.getElementById("usulan")) {
      data.verifikasi = []; data.usulan = [];
      var kurang = temuan(data);
      if (kurang) { tombol.disabled = false; tampil(kurang, true); return; }
    }
    data.indikator.aset = Array.prototype.map.call(form.querySelectorAll("input[name=aset]:checked"), function (c) { return c.value; });
    var jenis;
    var tersimpan = true;
    Promise.all(Object.keys(proses).map(function (j) { return proses[j]; })).then(function () {
      jenis = Object.keys(foto);
      return Promise.all(jenis.map(function (j) { return keDataUrl(foto[j].blob); }));
    }).then(function (urls) {
      var item = { url: form.dataset.kirimUrl, data: data, foto: {} };
      jenis.forEach(function (j, i) {
        data.foto.push({ uuid: foto[j].uuid, jenis: j });
        item.foto[foto[j].uuid] = { jenis: j, dataUrl: urls[i] };
      });
      var a = antrean().filter(function (x) { return x.data.uuid !== data.uuid; });
      a.push(item);
      try { simpanAntrean(a); } catch (e) { tersimpan = false; } // storage full: still try now
      return kirimSekali(item).then(function (hasil) {
        keluarkan(data.uuid);
        tampil(teks.selesai);
        window.location.href = hasil.url;
      });
    }).catch(function (e) {
      tombol.disabled = false;
      if (e.foto) { keluarkan(data.uuid); tampil(teks.selesai + " " + teks.ditolak + " " + e.message, true); }
      else if (e.ditolak) { keluarkan(data.uuid); tampil(teks.ditolak + " " + e.message, true); }
      else if (!tersimpan) tampil(teks.tidakTersimpan, true);
      else if (e.sesi) tampil(teks.sesiHabis, true);
      else if (e.server) {
        var disimpan = antrean().filter(function (x) { return x.data.uuid === data.uuid; })[0];
        if (disimpan) catatGagal(disimpan, e);
        tampil(fmt(teks.serverGagal, String(e.server)) + (e.message ? " (" + e.message + ")" : ""), true);
      }
      else tampil(teks.tersimpanPonsel, true);
    });
  });
  jalankanAntrean();
})();
