// The small map on an organisation's profile. Text goes in as text, never as HTML.
(() => {
    const element = document.getElementById("organisation-map");
    if (!element || typeof L === "undefined") return;
    const lat = parseFloat(element.dataset.lat);
    const lng = parseFloat(element.dataset.lng);
    if (Number.isNaN(lat) || Number.isNaN(lng)) return;
    const map = L.map(element, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
    map.setView([lat, lng], 14);
    // Leaflet's controls in the page's language (the titles come from the template).
    L.control
        .zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut })
        .addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    // The site's own basemap (static/js/basemap.js), or the tiles an administrator chose. A
    // map of countries says "where" at the scale of a region, not of a street.
    if (window.AtlasBasemap?.add(map) === "countries") map.setZoom(6, { animate: false });
    const marker = L.circleMarker([lat, lng], {
        radius: 10,
        color: "#ffffff",
        weight: 3,
        fillColor: element.dataset.colour || "#0b6e4f",
        fillOpacity: 1,
    }).addTo(map);
    const label = document.createElement("span");
    label.textContent = element.dataset.label || "";
    marker.bindTooltip(label);
})();
