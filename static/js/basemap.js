// The Atlas's own basemap, drawn under the dots of the map page and the profile's small map,
// with no request to anyone but this site.
//
// By default: Natural Earth's countries (npm `world-atlas`, TopoJSON converted by
// `topojson-client`), with coastlines, borders and country names in the reader's language
// (the names come from the server, keyed by ISO 3166 numeric code). A coarse file (1:110m,
// ~40 KB gzipped) draws the continent; the detailed one (1:50m) is fetched once the reader
// zooms in. Optionally a PMTiles archive on this site (street-level detail, drawn by
// protomaps-leaflet), or remote raster tiles when an administrator sets a tile server.
//
// Configuration: the page's <script type="application/json" id="basemap-config">.
(() => {
    "use strict";

    // Read when a map is drawn, not when this script runs: in the admin the script comes in
    // the page's head, before the widget that carries the settings.
    let config = null;

    function readConfig() {
        if (!config) {
            const element = document.getElementById("basemap-config");
            config = element ? JSON.parse(element.textContent) : null;
        }
        return config;
    }
    const DETAILED_FROM_ZOOM = 5;
    const LABEL_CHARACTER_WIDTH = 7; // px per character of a label, roughly, at 12 px
    const STYLE = {
        stroke: true,
        color: "#9a9487", // borders and coasts
        weight: 0.8,
        fill: true,
        fillColor: "#f6f3ec", // land; the sea is the container's background
        fillOpacity: 1,
        interactive: false,
    };

    const loaded = new Map(); // url -> Promise of GeoJSON features

    function loadCountries(url) {
        if (!loaded.has(url)) {
            const promise = fetch(url, { credentials: "same-origin" })
                .then((response) => {
                    if (!response.ok) throw new Error(`HTTP ${response.status}`);
                    return response.json();
                })
                .then((topology) => topojson.feature(topology, topology.objects.countries).features);
            loaded.set(url, promise);
        }
        return loaded.get(url);
    }

    // --- Labels: one per country, at the centre of its largest polygon ---
    function ringArea(ring) {
        let area = 0;
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
            area += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        }
        return area / 2;
    }

    function ringCentroid(ring) {
        let x = 0;
        let y = 0;
        let twice = 0;
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
            const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
            twice += cross;
            x += (ring[j][0] + ring[i][0]) * cross;
            y += (ring[j][1] + ring[i][1]) * cross;
        }
        return twice ? [x / (3 * twice), y / (3 * twice)] : ring[0];
    }

    function largestRing(geometry) {
        const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
        let best = null;
        let bestArea = 0;
        for (const polygon of polygons) {
            const area = Math.abs(ringArea(polygon[0]));
            if (area > bestArea) {
                best = polygon[0];
                bestArea = area;
            }
        }
        return best;
    }

    function labelFor(feature, names) {
        if (!feature.geometry) return null;
        const name = (feature.id && names[feature.id]) || feature.properties.name;
        const ring = largestRing(feature.geometry);
        if (!name || !ring) return null;
        let west = 180;
        let east = -180;
        for (const [lng] of ring) {
            if (lng < west) west = lng;
            if (lng > east) east = lng;
        }
        const [lng, lat] = ringCentroid(ring);
        // The zoom from which the name fits in its country's width (256 px for 360° at zoom 0).
        const needed = name.length * LABEL_CHARACTER_WIDTH + 8;
        const width = Math.max(east - west, 0.01);
        const minZoom = Math.max(2, Math.ceil(Math.log2((needed * 360) / (256 * width))));
        return { name, latlng: [lat, lng], minZoom };
    }

    function labelMarker(label, pane) {
        const text = document.createElement("span");
        text.textContent = label.name; // names are data: text, never HTML
        return L.marker(label.latlng, {
            icon: L.divIcon({ html: text, className: "basemap-label", iconSize: null }),
            interactive: false,
            keyboard: false,
            pane,
        });
    }

    function showLabels(map, labels) {
        const zoom = map.getZoom();
        for (const { label, marker } of labels) {
            const wanted = zoom >= label.minZoom && zoom <= 9;
            if (wanted && !map.hasLayer(marker)) marker.addTo(map);
            else if (!wanted && map.hasLayer(marker)) marker.remove();
        }
    }

    // --- The Natural Earth basemap ---
    function addNaturalEarth(map) {
        map.getContainer().classList.add("has-basemap");
        map.createPane("basemapPane").style.zIndex = 150; // under tiles (200) and the dots
        const labelPane = map.createPane("basemapLabelPane");
        labelPane.style.zIndex = 350; // under the dots (600) and popups
        labelPane.setAttribute("aria-hidden", "true"); // the list and the popups say where
        const renderer = L.canvas({ pane: "basemapPane", padding: 0.5 });
        map.attributionControl.addAttribution(
            '<a href="https://www.naturalearthdata.com/">Natural Earth</a>',
        );
        let shown = null; // "coarse" or "detailed"
        let layer = null;
        let labels = [];

        function draw(which, features) {
            if (layer) layer.remove();
            layer = L.geoJSON(features, { style: STYLE, renderer, interactive: false }).addTo(map);
            shown = which;
            // The names are placed once, from the first outline: placing ~240 labels again for
            // the detailed one would cost a long task in the middle of a zoom for nothing.
            if (!labels.length) {
                labels = features
                    .map((feature) => labelFor(feature, config.names || {}))
                    .filter(Boolean)
                    .map((label) => ({ label, marker: labelMarker(label, "basemapLabelPane") }));
            }
            showLabels(map, labels);
        }

        function update() {
            const which = map.getZoom() >= DETAILED_FROM_ZOOM ? "detailed" : "coarse";
            // Once the detailed outline is there, it stays (it is the better one at any zoom).
            if (which === shown || shown === "detailed") {
                showLabels(map, labels);
                return;
            }
            loadCountries(config[which])
                .then((features) => {
                    // Converting and drawing in tasks of their own keeps each one short.
                    setTimeout(() => {
                        if (shown !== "detailed") draw(which, features);
                    }, 0);
                })
                .catch(() => map.getContainer().classList.add("has-basemap-error"));
        }

        map.on("zoomend", update);
        update();
    }

    // --- Options an administrator may choose ---
    function addPmtiles(map) {
        const layer = protomapsL.leafletLayer({
            url: config.pmtiles,
            flavor: "light",
            lang: document.documentElement.lang || "en",
        });
        layer.addTo(map);
        map.attributionControl.addAttribution(
            '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        );
    }

    function addTiles(map) {
        L.tileLayer(config.tiles.url, {
            maxZoom: 19,
            // The attribution is the site's own setting (escaped by the server), not user data.
            attribution: config.tiles.attribution,
        }).addTo(map);
    }

    // Returns which basemap it drew: "tiles", "pmtiles", "countries" or null.
    function add(map) {
        if (!readConfig()) return null;
        if (config.tiles && config.tiles.url) {
            addTiles(map);
            return "tiles";
        }
        if (config.pmtiles && typeof protomapsL !== "undefined") {
            addPmtiles(map);
            return "pmtiles";
        }
        if (typeof topojson !== "undefined") {
            addNaturalEarth(map);
            return "countries";
        }
        return null;
    }

    window.AtlasBasemap = { add };
})();
