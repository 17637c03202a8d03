// The map of a kecamatan's visit points (#peta-kunjungan): the server groups them into
// grid cells fitting the zoom (dasbor:titik); a cell of one visit links to it, a cell of
// many shows its count and zooms in when tapped.
(function () {
  "use strict";
  function gambar() {
    var el = document.getElementById("peta-kunjungan");
    if (!el || !window.L) return;
    var opsi = JSON.parse(document.getElementById("peta-opsi").textContent);
    var map = L.map(el, { scrollWheelZoom: false }).setView(opsi.center, opsi.zoom);
    if (opsi.tiles) L.tileLayer(opsi.tiles, { maxZoom: 19, attribution: opsi.attribution }).addTo(map);
    var lapisan = L.layerGroup().addTo(map);
    var pertama = true;
    var permintaan = 0;
    function titik(s) {
      if (s.n === 1) {
        var m = L.circleMarker([s.lat, s.lng], {
          radius: 7, weight: 1, color: "#222", fillColor: "#1f5fa8", fillOpacity: 0.9,
        });
        if (s.url) {
          var a = document.createElement("a");
          a.href = s.url;
          a.textContent = el.dataset.teksBuka || "Buka kunjungan";
          m.bindPopup(a);
        }
        return m;
      }
      var ukuran = 24 + Math.min(24, Math.round(Math.log(s.n) * 4));
      var ikon = L.divIcon({
        className: "klaster",
        html: "<span>" + s.n.toLocaleString("id-ID") + "</span>",
        iconSize: [ukuran, ukuran],
      });
      return L.marker([s.lat, s.lng], { icon: ikon }).on("click", function () {
        map.setView([s.lat, s.lng], Math.min(map.getZoom() + 2, 19));
      });
    }
    function muat() {
      var b = map.getBounds();
      var kotak = pertama ? "" : [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].join(",");
      var url = el.dataset.titik + (el.dataset.titik.indexOf("?") < 0 ? "?" : "&") +
        "zoom=" + map.getZoom() + (kotak ? "&kotak=" + kotak : "");
      var nomor = ++permintaan;
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          if (nomor !== permintaan) return; // an older answer after a newer one
          lapisan.clearLayers();
          data.sel.forEach(function (s) { lapisan.addLayer(titik(s)); });
          if (pertama && data.sel.length) {
            pertama = false;
            map.fitBounds(L.latLngBounds(data.sel.map(function (s) { return [s.lat, s.lng]; })),
              { padding: [16, 16], maxZoom: 16 });
          }
          pertama = false;
          el.dataset.siap = String(data.sel.length);
        })
        .catch(function () { el.dataset.siap = "galat"; });
    }
    map.on("moveend", function () { if (!pertama) muat(); });
    muat();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", gambar);
  else gambar();
})();
