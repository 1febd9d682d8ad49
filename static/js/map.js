// The Atlas's map: every located organisation is a dot coloured by its sector, clustered by
// Supercluster and drawn by Leaflet; filters apply at once and stay in the address.
//
// Progressive enhancement: without this script the page offers the directory with the same
// filters. Text from the data goes into the page with textContent only, never as HTML.
//
// The payload (directory/map_format.py: binary columns, decoded here into typed arrays) carries
// what is needed to draw and filter every dot; names, places, links and summaries of the few
// organisations a reader looks at (popups, the list) come from the details endpoint, by
// position in the payload (see directory/map_data.py for why). The clustering runs in a Web
// Worker (static/js/map-worker.js), so that the page stays responsive with 100,000 dots.
(() => {
    "use strict";

    const configElement = document.getElementById("map-config");
    const mapElement = document.getElementById("atlas-map");
    if (!configElement || !mapElement || typeof L === "undefined" || typeof Worker === "undefined") {
        return;
    }
    const config = JSON.parse(configElement.textContent);
    const strings = config.strings;

    const FACETS = ["sector", "country", "form", "role", "service", "language", "freshness"];
    // Each facet's column in the payload and the vocabulary its numbers point into.
    const COLUMNS = {
        sector: ["sector", "sectors"],
        country: ["country", "countries"],
        form: ["form", "forms"],
        role: ["roles", "roles"], // a bit per role
        service: ["services", "services"], // a list per organisation
        language: ["languages", "languages"],
        freshness: ["freshness", "freshness"],
    };
    const LIST_LIMIT = 50;
    const CLUSTER_MAX_ZOOM = 16;

    const language = document.documentElement.lang || "en";
    const pluralRules = new Intl.PluralRules(language);
    const numberFormat = new Intl.NumberFormat(language);
    const format = (template, values) =>
        template.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? values[key] : match));
    const countText = (forms, count) =>
        format(forms[pluralRules.select(count)] || forms.other, { count: numberFormat.format(count) });

    const statusElement = document.getElementById("map-status");
    const emptyState = document.getElementById("map-empty");
    const directoryLink = document.getElementById("map-directory-link");
    const fullMapLink = document.getElementById("map-full-link");
    const form = document.getElementById("map-filters");
    const listElement = document.getElementById("map-list");
    const listSummary = document.getElementById("map-list-summary");
    const legendItems = new Map(
        [...document.querySelectorAll(".map-legend__item")].map((item) => [item.dataset.sector, item]),
    );

    // --- State ---
    // `bbox` (west,south,east,north) is the view once the reader has moved the map, so that a
    // link, the directory, the downloads and the embed show the same organisations.
    // verified_since (directory.freshness) comes from the link only: matched on the server.
    const verifiedSince = (config.selected.verified_since || [])[0] || "";
    const state = { q: config.q || "", selected: {}, bbox: config.bbox || null };
    FACETS.forEach((name) => {
        state.selected[name] = (config.selected[name] || []).slice();
    });
    let collection = null; // the decoded payload: see decodePayload
    let searchPositions = null; // positions matching `q` (a Uint8Array of 0/1), or null without `q`
    let matches = new Uint32Array(0); // positions of the organisations that pass every filter
    let generation = 0; // bumped with every new cluster index, so old cluster markers are not reused
    const details = new Map(); // position -> name, url, sector, form, city, country, summary

    function setStatus(text) {
        statusElement.textContent = text;
    }

    // --- Data ---
    // The layout is described in directory/map_format.py.
    function compact(value) {
        let v = value & 0x55555555;
        v = (v | (v >>> 1)) & 0x33333333;
        v = (v | (v >>> 2)) & 0x0f0f0f0f;
        v = (v | (v >>> 4)) & 0x00ff00ff;
        return (v | (v >>> 8)) & 0x0000ffff;
    }

    function decodePayload(buffer) {
        const bytes = new Uint8Array(buffer);
        const view = new DataView(buffer);
        if (String.fromCharCode(...bytes.subarray(0, 4)) !== "ATLM" || bytes[4] !== 1) {
            throw new Error("not a map payload");
        }
        const headerLength = view.getUint32(8, true);
        const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
        const count = header.count;
        const columns = {};
        let offset = 12 + headerLength;
        for (const [name, kind, length] of header.columns) {
            if (kind === "u8") columns[name] = new Uint8Array(buffer, offset, length);
            else if (kind === "u16") columns[name] = new Uint16Array(buffer, offset, length / 2);
            else columns[name] = { width: Number(kind.split(":")[1]), bytes: new Uint8Array(buffer, offset, length) };
            offset += length + ((4 - (length % 4)) % 4);
        }
        // Places: differences between consecutive Morton codes, byte plane by byte plane.
        const lng = new Float64Array(count);
        const lat = new Float64Array(count);
        const { width, bytes: cells } = columns.cells;
        const scale = header.scale;
        let code = 0;
        for (let i = 0; i < count; i += 1) {
            let gap = 0;
            for (let k = width - 1; k >= 0; k -= 1) gap = gap * 256 + cells[k * count + i];
            code += gap;
            const low = code >>> 0;
            const high = Math.floor(code / 4294967296);
            lng[i] = (compact(low) + compact(high) * 65536) / scale - 180;
            lat[i] = (compact(low >>> 1) + compact(high >>> 1) * 65536) / scale - 90;
        }
        // Lists: a count per organisation, then the values one after the other.
        const lists = (name) => {
            const counts = columns[`${name}_count`];
            const starts = new Uint32Array(count + 1);
            for (let i = 0; i < count; i += 1) starts[i + 1] = starts[i] + counts[i];
            return { starts, values: columns[name] };
        };
        return {
            version: header.version,
            count,
            vocabulary: header.vocabulary,
            lng,
            lat,
            sector: columns.sector,
            country: columns.country,
            form: columns.form,
            roles: columns.roles,
            freshness: columns.freshness,
            services: lists("services"),
            languages: lists("languages"),
        };
    }

    function loadCollection(options = {}) {
        return fetch(config.dataUrl, { credentials: "same-origin", ...options }).then((response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response.arrayBuffer();
        }).then(decodePayload);
    }

    function sectorSlug(position) {
        return collection.vocabulary.sectors[collection.sector[position]];
    }

    function queryString(values) {
        const params = new URLSearchParams(values);
        return params.toString() ? `?${params}` : "";
    }

    async function fetchJson(url, params) {
        const response = await fetch(url + queryString(params), { credentials: "same-origin" });
        if (response.status === 409) {
            // The data changed since the page loaded: start again from the new collection.
            await reload();
            throw new Error("stale");
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
    }

    async function fetchDetails(positions) {
        const missing = positions.filter((position) => !details.has(position));
        for (let start = 0; start < missing.length; start += 100) {
            const chunk = missing.slice(start, start + 100);
            const data = await fetchJson(config.detailsUrl, { v: collection.version, i: chunk.join(",") });
            data.items.forEach((item) => details.set(item.i, item));
        }
        return positions.map((position) => details.get(position)).filter(Boolean);
    }

    // Answers can come back out of order as the reader types: only the latest one counts.
    let searchToken = 0;

    async function runSearch() {
        const token = (searchToken += 1);
        if (!state.q && !verifiedSince) {
            searchPositions = null;
            return;
        }
        const query = { v: collection.version, q: state.q };
        if (verifiedSince) query.verified_since = verifiedSince;
        const data = await fetchJson(config.searchUrl, query);
        if (token !== searchToken) throw new Error("superseded");
        searchPositions = new Uint8Array(collection.count);
        for (const position of data.positions) searchPositions[position] = 1;
    }

    async function reload() {
        collection = await loadCollection({ cache: "no-cache" });
        readers = null;
        details.clear();
        if (state.q || verifiedSince) await runSearch();
        apply({ fit: false });
    }

    // --- Filtering (the same meaning as the directory's filters) ---
    // Each facet as two functions of a position: whether it passes the reader's choice, and
    // which of the vocabulary's values it has (for the counts).
    function facetReaders(name) {
        const [column, vocabularyKey] = COLUMNS[name];
        const values = collection[column];
        const size = collection.vocabulary[vocabularyKey].length;
        if (name === "role") {
            return {
                size,
                has: (position, wanted) => (values[position] & wanted.mask) !== 0,
                each: (position, add) => {
                    for (let bit = 0; bit < size; bit += 1) if (values[position] & (1 << bit)) add(bit);
                },
            };
        }
        if (values.starts) {
            const { starts, values: flat } = values;
            return {
                size,
                has: (position, wanted) => {
                    for (let at = starts[position]; at < starts[position + 1]; at += 1) {
                        if (wanted.flags[flat[at]]) return true;
                    }
                    return false;
                },
                each: (position, add) => {
                    for (let at = starts[position]; at < starts[position + 1]; at += 1) add(flat[at]);
                },
            };
        }
        return {
            size,
            has: (position, wanted) => wanted.flags[values[position]] === 1,
            each: (position, add) => add(values[position]),
        };
    }

    let readers = null;

    function compileTests() {
        return FACETS.map((name) => {
            const wanted = state.selected[name];
            if (!wanted.length) return null;
            const vocabulary = collection.vocabulary[COLUMNS[name][1]];
            const flags = new Uint8Array(vocabulary.length);
            let mask = 0;
            // A value the payload does not know (no organisation has it) matches nothing.
            for (const value of wanted) {
                const i = vocabulary.indexOf(value);
                if (i >= 0) {
                    flags[i] = 1;
                    mask |= 1 << i;
                }
            }
            return { flags, mask };
        });
    }

    function filter({ withCounts }) {
        if (!readers) readers = FACETS.map(facetReaders);
        const tests = compileTests();
        // Counts per facet option are "disjunctive", like the directory's: each facet is counted
        // among the organisations that pass every *other* filter.
        const counts = readers.map((reader) => new Uint32Array(reader.size));
        const adders = counts.map((list) => (i) => {
            list[i] += 1;
        });
        const found = new Uint32Array(collection.count);
        const shownBySector = new Uint32Array(collection.vocabulary.sectors.length);
        let total = 0;
        for (let position = 0; position < collection.count; position += 1) {
            if (searchPositions && !searchPositions[position]) continue;
            let failures = 0;
            let failed = -1;
            for (let facet = 0; facet < tests.length; facet += 1) {
                if (tests[facet] && !readers[facet].has(position, tests[facet])) {
                    failures += 1;
                    failed = facet;
                    if (failures > 1) break;
                }
            }
            if (failures === 0) {
                found[total] = position;
                total += 1;
                if (!withCounts) continue;
                shownBySector[collection.sector[position]] += 1;
                for (let facet = 0; facet < FACETS.length; facet += 1) readers[facet].each(position, adders[facet]);
            } else if (failures === 1 && withCounts) {
                readers[failed].each(position, adders[failed]);
            }
        }
        return { found: found.slice(0, total), counts, shownBySector };
    }

    // The count of a facet's option by its value (counts are by vocabulary index).
    function countOf(counts, facet, value) {
        const i = collection.vocabulary[COLUMNS[FACETS[facet]][1]].indexOf(value);
        return i >= 0 ? counts[facet][i] : 0;
    }

    // An option that would leave the map empty is hidden and disabled, as in the directory
    // (the chosen one stays, so that it can be seen and changed).
    function updateOptions(counts) {
        if (!form) return;
        FACETS.forEach((name, facet) => {
            const select = form.elements.namedItem(name);
            if (!select) return;
            const labels = config.labels[name] || {};
            for (const option of select.options) {
                if (!option.value) continue;
                const label = labels[option.value] || option.value;
                const count = countOf(counts, facet, option.value);
                option.textContent = `${label} (${numberFormat.format(count)})`;
                const useless = count === 0 && !option.selected;
                option.hidden = useless;
                option.disabled = useless;
            }
        });
    }

    // With nothing to show, the map says so and offers the way out.
    function updateEmptyState() {
        if (!emptyState) return;
        emptyState.hidden = matches.length > 0 || !collection;
    }

    function updateLegend(shownBySector) {
        const sectors = collection.vocabulary.sectors;
        legendItems.forEach((item, slug) => {
            const i = sectors.indexOf(slug);
            const count = i >= 0 ? shownBySector[i] : 0;
            item.querySelector("[data-count]").textContent = `(${numberFormat.format(count)})`;
            item.classList.toggle("is-empty", count === 0);
        });
    }

    function filterParams() {
        const params = [];
        if (state.q) params.push(["q", state.q]);
        if (verifiedSince) params.push(["verified_since", verifiedSince]);
        FACETS.forEach((name) => state.selected[name].forEach((value) => params.push([name, value])));
        if (state.bbox) params.push(["bbox", state.bbox.join(",")]);
        return params;
    }

    const filtersSummary = document.querySelector(".map-filters__summary");
    const filtersSummaryText = filtersSummary ? filtersSummary.textContent : "";

    function updateLinks() {
        const params = filterParams();
        if (filtersSummary) {
            const active = (state.q ? 1 : 0) + FACETS.filter((name) => state.selected[name].length).length;
            filtersSummary.textContent = active ? `${filtersSummaryText} (${active})` : filtersSummaryText;
        }
        const own = config.embed ? [...params, ["embed", "1"]] : params;
        history.replaceState(history.state, "", config.pageUrl + queryString(own));
        if (directoryLink) directoryLink.href = config.directoryUrl + queryString(params);
        if (fullMapLink) fullMapLink.href = config.pageUrl + queryString(params);
        // "Follow this search" (following/): a page of its own, for the same filters.
        const followLink = document.getElementById("map-follow-link");
        if (followLink) followLink.href = followLink.dataset.base + queryString(params);
        updateShare(params);
    }

    // --- Share, embed or download this view ---
    const share = document.getElementById("map-share");
    const EMBED_SIZES = { small: ["600", "400"], medium: ["960", "600"], wide: ["100%", "600"] };

    function absolute(path) {
        return new URL(path, config.pageFullUrl).href;
    }

    function embedCode(url) {
        const size = share.querySelector("input[name=map-share-size]:checked")?.value || "medium";
        const [width, height] = EMBED_SIZES[size] || EMBED_SIZES.medium;
        // Attributes are escaped by building the element, not by writing HTML by hand.
        const frame = document.createElement("iframe");
        frame.setAttribute("src", url);
        frame.setAttribute("width", width);
        frame.setAttribute("height", height);
        frame.setAttribute("title", config.strings.embedTitle);
        frame.setAttribute("loading", "lazy");
        frame.setAttribute("style", "border:0");
        return frame.outerHTML;
    }

    function updateShare(params) {
        if (!share) return;
        const link = absolute(config.pageUrl + queryString(params));
        const embed = absolute(config.pageUrl + queryString([...params, ["embed", "1"]]));
        share.querySelector("#map-share-link").value = link;
        share.querySelector("#map-share-code").value = embedCode(embed);
        share.querySelectorAll("[data-download]").forEach((anchor) => {
            anchor.href = anchor.dataset.base + queryString(params);
        });
        // The preview loads from this very site (relative address), whatever its public name.
        const preview = share.querySelector("#map-share-preview iframe");
        const local = config.pageUrl + queryString([...params, ["embed", "1"]]);
        if (preview && preview.dataset.src !== local) {
            preview.dataset.src = local;
            preview.src = local;
        }
        const size = share.querySelector("input[name=map-share-size]:checked")?.value || "medium";
        share.querySelector("#map-share-preview")?.setAttribute("data-size", size);
        fitPreview();
    }

    // The preview at the embed's real size, scaled down to the panel's width.
    function fitPreview() {
        const box = share?.querySelector("#map-share-preview");
        const frame = box?.querySelector("iframe");
        if (!frame || box.hidden) return;
        const [width, height] = EMBED_SIZES[box.dataset.size] || EMBED_SIZES.medium;
        const style = getComputedStyle(box);
        const padding = (side) => parseFloat(style[`padding${side}`]) || 0;
        if (width.endsWith("%")) {
            frame.style.transform = "";
            box.style.height = "";
            return;
        }
        const room = box.clientWidth - padding("Left") - padding("Right");
        const scale = Math.min(1, room / Number(width));
        frame.style.transform = scale < 1 ? `scale(${scale.toFixed(4)})` : "";
        // box-sizing: border-box (atlas.css): the height holds the padding and the border.
        const frameWidth = (parseFloat(style.borderTopWidth) || 0) + (parseFloat(style.borderBottomWidth) || 0);
        box.style.height = `${Math.ceil(Number(height) * scale + padding("Top") + padding("Bottom") + frameWidth)}px`;
    }
    window.addEventListener("resize", fitPreview);

    function setUpShare() {
        if (!share) return;
        share.querySelectorAll("input[name=map-share-size]").forEach((radio) => {
            radio.addEventListener("change", () => updateShare(filterParams()));
        });
        share.querySelectorAll("[data-copy]").forEach((button) => {
            button.addEventListener("click", async () => {
                const field = document.getElementById(button.dataset.copy);
                field.select();
                const status = share.querySelector("#map-share-status");
                try {
                    await navigator.clipboard.writeText(field.value);
                    status.textContent = config.strings.copied;
                } catch (error) {
                    status.textContent = config.strings.copyByHand;
                }
            });
        });
        const previewButton = share.querySelector("#map-share-preview-button");
        previewButton?.addEventListener("click", () => {
            const box = share.querySelector("#map-share-preview");
            // The preview is a second map: only loaded when asked for.
            if (!box.querySelector("iframe")) {
                const frame = document.createElement("iframe");
                frame.title = config.strings.embedTitle;
                box.append(frame);
            }
            box.hidden = false;
            previewButton.hidden = true;
            box.tabIndex = -1; // the button goes away: the keyboard goes on to the preview
            box.focus();
            updateShare(filterParams());
        });
    }

    // --- Clustering, in a worker (static/js/map-worker.js) ---
    const worker = new Worker(config.workerUrl);
    const questions = new Map(); // id -> resolve, for the worker's answers
    let questionId = 0;
    worker.postMessage({
        type: "init",
        supercluster: new URL(config.superclusterUrl, document.baseURI).href,
        // Leaflet tiles are 256 px: with extent 256 the radius is in screen pixels.
        options: { radius: 60, extent: 256, maxZoom: CLUSTER_MAX_ZOOM, minPoints: 2 },
        sectors: Object.keys(config.sectors).length,
    });
    worker.onerror = () => setStatus(strings.error);
    worker.onmessage = (event) => {
        // The full index is built: the view again, from it (see map-worker.js).
        if (event.data.type === "ready") {
            if (event.data.generation === generation) drawn = render();
            return;
        }
        const resolve = questions.get(event.data.id);
        if (!resolve) return;
        questions.delete(event.data.id);
        resolve(event.data);
    };

    function ask(question) {
        questionId += 1;
        const id = questionId;
        return new Promise((resolve) => {
            questions.set(id, resolve);
            worker.postMessage({ ...question, id, generation });
        });
    }

    // The matching dots go to the worker as columns: a place, a sector (as an index into the
    // page's sectors, which the cluster rings are drawn with) and a position per dot.
    function loadWorker(zoom) {
        const sectorSlugs = Object.keys(config.sectors);
        const known = collection.vocabulary.sectors.map((slug) => Math.max(0, sectorSlugs.indexOf(slug)));
        const count = matches.length;
        const lng = new Float64Array(count);
        const lat = new Float64Array(count);
        const sector = new Uint16Array(count);
        for (let i = 0; i < count; i += 1) {
            const position = matches[i];
            lng[i] = collection.lng[position];
            lat[i] = collection.lat[position];
            sector[i] = known[collection.sector[position]];
        }
        const position = matches.slice();
        worker.postMessage({ type: "load", generation, lng, lat, sector, position, zoom }, [
            lng.buffer,
            lat.buffer,
            sector.buffer,
            position.buffer,
        ]);
    }

    function fitToMatches() {
        if (!matches.length) return;
        let south = 90;
        let west = 180;
        let north = -90;
        let east = -180;
        for (const position of matches) {
            const lng = collection.lng[position];
            const lat = collection.lat[position];
            if (lat < south) south = lat;
            if (lat > north) north = lat;
            if (lng < west) west = lng;
            if (lng > east) east = lng;
        }
        map.fitBounds(
            [
                [south, west],
                [north, east],
            ],
            { padding: [32, 32], maxZoom: 12, animate: false },
        );
    }

    function isFiltered() {
        return Boolean(state.q || verifiedSince) || FACETS.some((name) => state.selected[name].length);
    }

    let countsTimer = null;

    function apply({ fit = true } = {}) {
        const { found } = filter({ withCounts: false });
        performance.mark("atlas-map-filtered");
        matches = found;
        generation += 1;
        setStatus(countText(strings.count, matches.length));
        mapElement.dataset.query = state.q; // what the dots shown answer (tests wait for it)
        updateEmptyState();
        updateLinks();
        // A filtered map opens on what it shows; the unfiltered map on the editors' view.
        // A filter change shows all that matches, wherever it is: the old view no longer holds.
        if (fit && isFiltered()) {
            state.bbox = null;
            if (matches.length) moveMap(fitToMatches);
            updateLinks();
        }
        loadWorker(Math.round(map.getZoom()));
        render();
        scheduleList();
        // The counts of the options and the legend come in a task of their own, after the dots
        // are drawn: with 100,000 organisations that keeps the first paint and each task shorter.
        clearTimeout(countsTimer);
        countsTimer = setTimeout(() => {
            const { counts, shownBySector } = filter({ withCounts: true });
            updateOptions(counts);
            updateLegend(shownBySector);
        }, 0);
    }

    // --- Map ---
    mapElement.classList.add("is-live"); // without this script the box only holds the notice
    // The keyboard help and the list of organisations in view only make sense with the script.
    for (const id of ["map-keyboard-help", "map-list-section"]) {
        document.getElementById(id)?.removeAttribute("hidden");
    }
    setStatus(strings.loading);
    const map = L.map(mapElement, {
        center: config.centre,
        zoom: config.zoom,
        minZoom: 2,
        maxZoom: 18,
        keyboard: true,
        scrollWheelZoom: !config.embed,
        zoomControl: false,
    });
    // Leaflet's own controls, in the reader's language.
    L.control.zoom({ zoomInTitle: strings.zoomIn, zoomOutTitle: strings.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    // Escape closes the popup wherever the focus is in it, and returns to its dot.
    mapElement.addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || !map.hasLayer(popup)) return;
        const position = popupPosition;
        map.closePopup(popup);
        markers.get(`p${position}`)?.getElement()?.focus();
        event.stopPropagation();
    });
    // The site's own basemap (static/js/basemap.js), or the tiles an administrator chose.
    window.AtlasBasemap?.add(map);
    const markerLayer = L.layerGroup().addTo(map);
    let markers = new Map();
    let firstRender = true;

    function sectorOf(slug) {
        return config.sectors[slug] || { name: slug, colour: "#4a5561" };
    }

    // Markers are role=button: Enter and Space do what a click does.
    function onActivate(marker, handler) {
        marker.on("click", () => handler(false));
        marker.on("keypress", (event) => {
            const key = event.originalEvent.key;
            if (key === "Enter" || key === " ") {
                event.originalEvent.preventDefault();
                handler(true);
            }
        });
    }

    const sectorSlugs = Object.keys(config.sectors);

    function sectorRing(mix, count) {
        // A conic gradient of the sectors' colours in proportion; the legend and the list say
        // the same in words.
        const stops = [];
        let start = 0;
        mix.forEach((n, i) => {
            if (!n) return;
            const end = start + (n / count) * 360;
            const colour = config.sectors[sectorSlugs[i]].colour;
            stops.push(`${colour} ${start.toFixed(1)}deg ${end.toFixed(1)}deg`);
            start = end;
        });
        return stops.length ? `conic-gradient(${stops.join(", ")})` : "";
    }

    // A group from the worker: [1, id, lng, lat, count, abbreviated count, dots per sector],
    // and the name of the index that made it (see map-worker.js).
    function clusterMarker([, id, lng, lat, count, abbreviated, mix], indexName) {
        const size = Math.round(30 + Math.min(26, Math.log10(count) * 9));
        const element = document.createElement("span");
        element.className = "map-cluster__ring";
        element.style.background = sectorRing(mix, count);
        const label = document.createElement("span");
        label.className = "map-cluster__count";
        label.textContent = abbreviated;
        element.append(label);
        const marker = L.marker([lat, lng], {
            icon: L.divIcon({ html: element, className: "map-cluster", iconSize: [size, size] }),
            keyboard: true,
            title: countText(strings.cluster, count),
        });
        marker.on("add", () => {
            const icon = marker.getElement();
            icon.setAttribute("aria-label", countText(strings.cluster, count));
            icon.tabIndex = -1; // one Tab stop for all the dots: see Keyboard
        });
        onActivate(marker, async (viaKeyboard) => {
            const answer = await ask({ type: "expansion", index: indexName, cluster: id, lng, lat });
            if (answer.superseded) return;
            const zoom = Math.min(answer.zoom, map.getMaxZoom());
            // The cluster's marker goes away as the map zooms: the keyboard goes on to the dot or
            // group nearest to where it was.
            // (once the new view's markers are drawn: see the moveend handler)
            if (viaKeyboard) map.once("moveend", () => drawn.then(() => focusNearest(L.latLng(lat, lng))));
            map.flyTo([lat, lng], zoom, { duration: 0.35 });
        });
        return marker;
    }

    // A dot's accessible name is the organisation's name and sector: the name comes with the
    // details (fetched for the dots in view, see nameDots), the sector at once.
    function dotLabel(position) {
        const sector = sectorOf(sectorSlug(position)).name;
        const item = details.get(position);
        return item ? format(strings.dotLabel, { name: item.name, sector }) : sector;
    }

    function labelDot(marker, position) {
        const icon = marker.getElement();
        if (!icon) return;
        const label = dotLabel(position);
        icon.setAttribute("aria-label", label);
        icon.title = label;
    }

    function pointMarker(position) {
        const properties = {
            sector: sectorSlug(position),
            freshness: collection.vocabulary.freshness[collection.freshness[position]],
        };
        const sector = sectorOf(properties.sector);
        const element = document.createElement("span");
        // Faded, dashed dots for data not verified for a while (legend: "Last verified").
        element.className = "map-dot__inner";
        if (properties.freshness) element.classList.add(`map-dot__inner--${properties.freshness}`);
        element.style.setProperty("--sector-colour", sector.colour);
        const marker = L.marker([collection.lat[position], collection.lng[position]], {
            icon: L.divIcon({ html: element, className: "map-dot", iconSize: [18, 18] }),
            keyboard: true,
        });
        marker.position = position;
        marker.on("add", () => {
            marker.getElement().tabIndex = -1; // one Tab stop for all the dots: see Keyboard
            labelDot(marker, position);
        });
        onActivate(marker, () => openPopup(marker, position));
        return marker;
    }

    async function nameDots() {
        const unnamed = [];
        markers.forEach((marker) => {
            if (marker.position !== undefined && !details.has(marker.position)) {
                unnamed.push(marker.position);
            }
        });
        if (!unnamed.length) return;
        try {
            await fetchDetails(unnamed.slice(0, 200));
        } catch (error) {
            return;
        }
        markers.forEach((marker) => {
            if (marker.position !== undefined) labelDot(marker, marker.position);
        });
    }

    // The dots and groups of the view, asked of the worker; only the answer to the latest
    // question is drawn (the map may have moved on meanwhile). Resolves once drawn.
    let renderToken = 0;
    let drawn = Promise.resolve(); // the latest render after the map moved

    async function render() {
        mapElement.dataset.zoom = String(map.getZoom());
        if (!collection) return;
        const token = (renderToken += 1);
        const bounds = map.getBounds();
        const west = Math.max(-180, bounds.getWest());
        const east = Math.min(180, bounds.getEast());
        const answer = await ask({
            type: "clusters",
            bbox: [west, Math.max(-85, bounds.getSouth()), east, Math.min(85, bounds.getNorth())],
            zoom: Math.round(map.getZoom()),
        });
        if (answer.superseded || token !== renderToken) return;
        if (firstRender) performance.mark("atlas-map-indexed");
        const items = answer.items;
        const next = new Map();
        for (const item of items) {
            const key = item[0] ? `c${answer.generation}:${answer.index}:${item[1]}` : `p${item[1]}`;
            let marker = markers.get(key);
            if (marker) {
                markers.delete(key);
            } else {
                marker = item[0] ? clusterMarker(item, answer.index) : pointMarker(item[1]);
                marker.addTo(markerLayer);
            }
            next.set(key, marker);
        }
        markers.forEach((marker) => markerLayer.removeLayer(marker));
        markers = next;
        updateTabStop();
        nameDots();
        if (firstRender && items.length) {
            firstRender = false;
            performance.mark("atlas-map-first-clusters");
            mapElement.dataset.ready = "true";
        }
    }

    // --- The view in the address: moves the reader makes, not the map's own ---
    let programmatic = 0;

    function moveMap(move) {
        programmatic += 1;
        map.once("moveend", () => {
            setTimeout(() => {
                programmatic = Math.max(0, programmatic - 1);
            }, 0);
        });
        move();
    }

    function viewBbox() {
        const bounds = map.getBounds();
        const round = (value, low, high) => Math.min(high, Math.max(low, Number(value.toFixed(4))));
        return [
            round(bounds.getWest(), -180, 180),
            round(bounds.getSouth(), -90, 90),
            round(bounds.getEast(), -180, 180),
            round(bounds.getNorth(), -90, 90),
        ];
    }

    function trackView() {
        if (programmatic || !collection) return;
        state.bbox = viewBbox();
        updateLinks();
    }

    function showBbox(bbox) {
        const [west, south, east, north] = bbox;
        moveMap(() =>
            map.fitBounds(
                [
                    [south, west],
                    [north, east],
                ],
                { animate: false },
            ),
        );
    }

    // --- Keyboard: one Tab stop for the dots and groups, arrow keys between them ---
    // (a "roving tabindex": the one that last had the focus, or the first in reading order, is
    // the Tab stop; the others are reached with the arrow keys, in the arrow's direction).
    let tabStop = null;

    function markerPoint(marker) {
        return map.latLngToContainerPoint(marker.getLatLng());
    }

    function inReadingOrder() {
        const size = map.getSize();
        return [...markers.values()]
            .filter((marker) => marker.getElement())
            .map((marker) => ({ marker, point: markerPoint(marker) }))
            .filter(({ point }) => point.x >= 0 && point.y >= 0 && point.x <= size.x && point.y <= size.y)
            .sort((a, b) => a.point.y - b.point.y || a.point.x - b.point.x);
    }

    function updateTabStop() {
        const visible = inReadingOrder();
        if (!tabStop || !visible.some(({ marker }) => marker === tabStop)) {
            tabStop = visible.length ? visible[0].marker : null;
        }
        markers.forEach((marker) => {
            const icon = marker.getElement();
            if (icon) icon.tabIndex = marker === tabStop ? 0 : -1;
        });
    }

    function moveFocusTo(marker) {
        if (tabStop?.getElement()) tabStop.getElement().tabIndex = -1;
        tabStop = marker;
        marker.getElement().tabIndex = 0;
        marker.getElement().focus({ preventScroll: true });
    }

    function focusNearest(latlng) {
        const target = map.latLngToContainerPoint(latlng);
        let best = null;
        let bestDistance = Infinity;
        for (const { marker, point } of inReadingOrder()) {
            const distance = point.distanceTo(target);
            if (distance < bestDistance) {
                best = marker;
                bestDistance = distance;
            }
        }
        if (best) moveFocusTo(best);
        else mapElement.focus({ preventScroll: true });
    }

    const DIRECTIONS = {
        ArrowRight: [1, 0],
        ArrowLeft: [-1, 0],
        ArrowDown: [0, 1],
        ArrowUp: [0, -1],
    };

    // The nearest marker in the arrow's direction (within 60° of it), nearer along it first.
    function nextInDirection(from, [dx, dy]) {
        const origin = markerPoint(from);
        let best = null;
        let bestScore = Infinity;
        for (const { marker, point } of inReadingOrder()) {
            if (marker === from) continue;
            const along = (point.x - origin.x) * dx + (point.y - origin.y) * dy;
            const across = Math.abs((point.x - origin.x) * dy - (point.y - origin.y) * dx);
            if (along <= 0 || across > along * 1.8) continue;
            const score = along + across * 2;
            if (score < bestScore) {
                best = marker;
                bestScore = score;
            }
        }
        return best;
    }

    mapElement.addEventListener("keydown", (event) => {
        const direction = DIRECTIONS[event.key];
        if (!direction || event.altKey || event.ctrlKey || event.metaKey) return;
        const from = [...markers.values()].find((marker) => marker.getElement() === event.target);
        if (!from) return; // on the map itself, the arrows move the map
        event.preventDefault();
        event.stopPropagation();
        const next = nextInDirection(from, direction);
        if (next) moveFocusTo(next);
    });

    // --- Popups, built with DOM nodes and textContent only ---
    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    function popupContent(item, sectorSlug) {
        const root = element("div", "map-popup");
        const heading = element("h3", "map-popup__title");
        const link = element("a", null, item.name);
        link.href = item.url;
        heading.append(link);
        const chip = element("p", "chip");
        const dot = element("span", "chip__dot");
        dot.setAttribute("aria-hidden", "true");
        dot.style.setProperty("--sector-colour", sectorOf(sectorSlug).colour);
        chip.append(dot, element("span", "visually-hidden", `${strings.sectorLabel} `), item.sector);
        const facts = element("dl", "map-popup__facts");
        const place = [item.city, item.country].filter(Boolean).join(", ");
        [
            [strings.form, item.form],
            [strings.place, place],
        ].forEach(([term, value]) => {
            const row = element("div");
            row.append(element("dt", null, term), element("dd", null, value));
            facts.append(row);
        });
        const more = element("a", "map-popup__more", strings.profile);
        more.href = item.url;
        root.append(heading, chip, facts, element("p", "map-popup__summary", item.summary), more);
        return root;
    }

    // One popup for the whole map, opened at a dot's place. A popup *bound* to a marker
    // (marker.bindPopup) adds Leaflet's own click and Enter handlers, which toggle it: with ours
    // they opened and at once closed it again, so a dot opened only once until the map moved.
    const popup = L.popup({ autoPanPaddingBottomRight: [12, 12], offset: [0, -4] });
    let popupPosition = null;

    // Room for the popup inside the map, clear of the zoom buttons in the top-left corner.
    function fitPopupToMap() {
        const size = map.getSize();
        const controls = mapElement.querySelector(".leaflet-control-zoom");
        const mapBox = mapElement.getBoundingClientRect();
        const box = controls ? controls.getBoundingClientRect() : null;
        const left = box ? Math.round(box.right - mapBox.left) + 8 : 12;
        const top = box ? Math.round(box.bottom - mapBox.top) + 8 : 12;
        // The popup's frame (padding, border) is about 46 px around its content.
        popup.options.maxWidth = Math.max(160, Math.min(300, size.x - left - 12 - 46));
        popup.options.maxHeight = Math.max(120, size.y - top - 12 - 60);
        popup.options.autoPanPaddingTopLeft = [left, top];
    }

    async function openPopup(marker, position) {
        const viaKeyboard = document.activeElement === marker.getElement();
        popupPosition = position;
        fitPopupToMap();
        popup
            .setLatLng(marker.getLatLng())
            .setContent(element("p", "map-popup__loading", strings.loading))
            .openOn(map);
        try {
            const [item] = await fetchDetails([position]);
            if (popupPosition !== position || !map.hasLayer(popup)) return;
            popup.setContent(popupContent(item, sectorSlug(position)));
        } catch (error) {
            if (error.message !== "stale") {
                popup.setContent(element("p", "map-popup__error", strings.detailsError));
            }
            return;
        }
        const popupElement = popup.getElement();
        if (popupElement) {
            popupElement.setAttribute("role", "dialog");
            popupElement.setAttribute("aria-label", details.get(position).name);
            popupElement
                .querySelector(".leaflet-popup-close-button")
                ?.setAttribute("aria-label", strings.closePopup);
            if (viaKeyboard) popupElement.querySelector(".map-popup__title a")?.focus();
        }
    }

    async function showOnMap(position) {
        map.setView([collection.lat[position], collection.lng[position]], CLUSTER_MAX_ZOOM + 1);
        await render();
        const marker = markers.get(`p${position}`);
        if (marker) {
            marker.getElement()?.focus();
            openPopup(marker, position);
        }
    }

    // --- The list of the organisations in view ---
    let listTimer = null;
    let listToken = 0;

    function scheduleList() {
        clearTimeout(listTimer);
        listTimer = setTimeout(renderList, 150);
    }

    async function renderList() {
        const token = (listToken += 1);
        const bounds = map.getBounds();
        const inView = [];
        let total = 0;
        for (const position of matches) {
            if (bounds.contains([collection.lat[position], collection.lng[position]])) {
                total += 1;
                if (inView.length < LIST_LIMIT) inView.push(position);
            }
        }
        let items;
        try {
            items = await fetchDetails(inView);
        } catch (error) {
            return;
        }
        if (token !== listToken) return; // a newer view has been asked for meanwhile
        const notes = [];
        if (total > inView.length) notes.push(format(strings.listTruncated, { shown: inView.length }));
        if (!total) notes.push(strings.listEmpty);
        listSummary.replaceChildren(element("strong", null, countText(strings.inView, total)));
        if (notes.length) listSummary.append(" — ", notes.join(" "));
        const fragment = document.createDocumentFragment();
        // The payload is in the order of places along a curve: the list, by country and city.
        const collator = new Intl.Collator(language);
        items.sort(
            (a, b) =>
                collator.compare(a.country, b.country) ||
                collator.compare(a.city, b.city) ||
                collator.compare(a.name, b.name),
        );
        items.forEach((item) => {
            const entry = element("li", "map-list__item");
            const dot = element("span", "chip__dot");
            dot.setAttribute("aria-hidden", "true");
            dot.style.setProperty("--sector-colour", sectorOf(sectorSlug(item.i)).colour);
            const link = element("a", "map-list__name", item.name);
            link.href = item.url;
            const meta = element(
                "span",
                "map-list__meta",
                [item.sector, [item.city, item.country].filter(Boolean).join(", ")].join(" · "),
            );
            const button = element("button", "map-list__locate", strings.showOnMap);
            button.type = "button";
            button.append(element("span", "visually-hidden", `: ${item.name}`));
            button.addEventListener("click", () => showOnMap(item.i));
            entry.append(dot, link, meta, button);
            fragment.append(entry);
        });
        listElement.replaceChildren(fragment);
    }

    // Whether the map is moving (tests wait for it to settle).
    map.on("movestart", () => {
        mapElement.dataset.moving = "true";
    });
    map.on("moveend", () => {
        delete mapElement.dataset.moving;
        trackView();
        drawn = render();
        scheduleList();
    });

    // --- Filters form ---
    if (form) {
        const foldable = document.getElementById("map-filters-details");
        if (foldable && window.matchMedia("(max-width: 59.99rem)").matches) foldable.open = false;
        FACETS.forEach((name) => {
            const select = form.elements.namedItem(name);
            if (!select) return;
            select.addEventListener("change", () => {
                state.selected[name] = select.value ? [select.value] : [];
                apply();
            });
        });
        const search = form.elements.namedItem("q");
        let searchTimer = null;
        search?.addEventListener("input", () => {
            clearTimeout(searchTimer);
            searchTimer = setTimeout(async () => {
                state.q = search.value.trim().slice(0, 200);
                try {
                    await runSearch();
                } catch (error) {
                    return;
                }
                apply();
            }, 300);
        });
        const clearAll = (event) => {
            event.preventDefault();
            form.reset();
            for (const control of form.elements) {
                if (control.tagName === "SELECT") control.value = "";
                if (control.type === "search") control.value = "";
            }
            state.q = "";
            state.bbox = null;
            searchToken += 1;
            searchPositions = null;
            FACETS.forEach((name) => {
                state.selected[name] = [];
            });
            apply();
            moveMap(() => map.setView(config.centre, config.zoom));
            updateLinks();
        };
        document.getElementById("map-clear")?.addEventListener("click", clearAll);
        document.getElementById("map-empty-clear")?.addEventListener("click", clearAll);
    }

    setUpShare();

    // --- Start ---
    loadCollection()
        .then(async (data) => {
            performance.mark("atlas-map-data");
            collection = data;
            if (state.q || verifiedSince) await runSearch();
            // A shared view opens where it was shared, whatever the filters would fit.
            if (state.bbox) showBbox(state.bbox);
            apply({ fit: !state.bbox });
        })
        .catch(() => setStatus(strings.error));
})();
