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
    L.tileLayer(element.dataset.tiles, {
        maxZoom: 19,
        // Attribution comes from the site's own settings, not from user data.
        attribution: element.dataset.attribution,
    }).addTo(map);
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
