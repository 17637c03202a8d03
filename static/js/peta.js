// Draws the GeoJSON a page embeds in #peta-data on the map #peta (Leaflet, served locally).
(function () {
  "use strict";
  function gaya(fitur) {
    var p = fitur.properties || {};
    if (fitur.geometry && fitur.geometry.type === "Point") return warnaTitik(p.terisi, p.warna);
    var warna = p.program ? "#0b7a3e" : "#1f5fa8";
    return { color: warna, weight: 2, fillOpacity: 0.12 };
  }
  // RW points: green with an officer, red without, blue where that is not shown;
  // or the colour the page gives (`warna`, e.g. the dashboard's progress).
  function warnaTitik(terisi, warna) {
    return {
      radius: 6, weight: 1, color: "#222", fillOpacity: 0.9,
      fillColor: warna || (terisi === true ? "#0b7a3e" : terisi === false ? "#c0392b" : "#1f5fa8"),
    };
  }
  function titik(fitur, latlng) {
    var p = fitur.properties || {};
    return L.circleMarker(latlng, warnaTitik(p.terisi, p.warna));
  }
  function label(fitur, layer) {
    var p = fitur.properties || {};
    var a = document.createElement("a");
    a.href = p.url || "#";
    a.textContent = p.nama || "";
    layer.bindPopup(a);
  }
  function gambar() {
    var el = document.getElementById("peta");
    var data = document.getElementById("peta-data");
    if (!el || !data || !window.L) return;
    var opsi = JSON.parse(document.getElementById("peta-opsi").textContent);
    var map = L.map(el, { scrollWheelZoom: false }).setView(opsi.center, opsi.zoom);
    if (opsi.tiles) L.tileLayer(opsi.tiles, { maxZoom: 19, attribution: opsi.attribution }).addTo(map);
    var opsiLapisan = { style: gaya, pointToLayer: titik, onEachFeature: label };
    var layer = L.geoJSON(JSON.parse(data.textContent), opsiLapisan).addTo(map);
    el.petaLeaflet = map; // for a page's own script (peta_titik.js) to work on the same map
    function selesai(batas) {
      var semua = L.featureGroup(batas ? [batas, layer] : [layer]);
      var n = layer.getLayers().length + (batas ? batas.getLayers().length : 0);
      if (n) map.fitBounds(semua.getBounds(), { padding: [8, 8], maxZoom: 16 });
      el.dataset.siap = String(n);
    }
    // Boundaries come from their own URL, cached by the browser; points stay on top.
    if (!el.dataset.batas) return selesai(null);
    fetch(el.dataset.batas, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (geojson) {
        var batas = L.geoJSON(geojson, opsiLapisan).addTo(map);
        batas.bringToBack();
        selesai(batas);
      })
      .catch(function () { selesai(null); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", gambar);
  else gambar();
})();
