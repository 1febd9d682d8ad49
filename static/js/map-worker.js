// The map's clustering, off the page's main thread (static/js/map.js talks to it).
//
// Messages in:
//   {type: "init", supercluster: URL, options: {radius, extent, maxZoom, minPoints}, sectors: n}
//   {type: "load", generation, lng: Float64Array, lat: Float64Array, sector: Uint16Array,
//    position: Uint32Array, zoom}   (the matching dots; the buffers are transferred)
//   {type: "clusters", id, generation, bbox: [w, s, e, n], zoom}
//   {type: "expansion", id, generation, index, cluster, lng, lat}
// Messages out: {type: "ready", generation} when every zoom can be answered, and
//   {id, generation, items | zoom} answers (an answer to a superseded generation says so).
//
// With 100,000 dots a full index (zooms 0 to 16) takes about a second to build. So for the
// view the reader opens on, a coarse index of the zooms up to that one is built first (most
// of the cost is in the zooms above, where few dots merge): its groups show at once. Once the
// full index is built ("ready"), it answers everything and the page draws the view again.
"use strict";

let options = null;
let sectorCount = 0;
let generation = -1;
let coarse = null; // {index, maxZoom} or null
let full = null;
let waiting = []; // questions that need the full index, until it is built

function newIndex(maxZoom) {
    const keys = Array.from({ length: sectorCount }, (unused, i) => `s${i}`);
    // Each cluster counts its dots per sector, for the ring of sector colours around its count.
    // One number per sector, not an array: Supercluster copies cluster properties shallowly
    // from zoom to zoom, and a shared array would add up twice.
    return new Supercluster({
        ...options,
        maxZoom,
        map: (properties) => {
            const mix = {};
            for (const key of keys) mix[key] = 0;
            mix[keys[properties.s]] = 1;
            return mix;
        },
        reduce: (accumulated, properties) => {
            for (const key of keys) accumulated[key] += properties[key];
        },
    });
}

function points(data) {
    const list = new Array(data.lng.length);
    for (let i = 0; i < list.length; i += 1) {
        list[i] = {
            type: "Feature",
            properties: { s: data.sector[i], p: data.position[i] },
            geometry: { type: "Point", coordinates: [data.lng[i], data.lat[i]] },
        };
    }
    return list;
}

function indexFor(zoom) {
    if (full) return { index: full, name: "f" };
    if (coarse && zoom <= coarse.maxZoom) return { index: coarse.index, name: "c" };
    return null;
}

// The zoom at which a group splits. A coarse group's own answer past the coarse zooms would be
// wrong (its dots may still be grouped one zoom further in), so the full index answers for the
// full index's group nearest to it at the same zoom.
function expansionZoom(message) {
    if (message.index === "f") return full.getClusterExpansionZoom(message.cluster);
    const zoom = coarse.index.getClusterExpansionZoom(message.cluster);
    if (zoom <= coarse.maxZoom) return zoom;
    const [x, y] = [message.lng, message.lat];
    const margin = 360 / 2 ** coarse.maxZoom / 4;
    let best = null;
    let bestDistance = Infinity;
    for (const item of full.getClusters([x - margin, y - margin, x + margin, y + margin], coarse.maxZoom)) {
        const [lng, lat] = item.geometry.coordinates;
        const distance = (lng - x) ** 2 + (lat - y) ** 2;
        if (distance < bestDistance) {
            best = item;
            bestDistance = distance;
        }
    }
    return best?.properties.cluster ? full.getClusterExpansionZoom(best.id) : coarse.maxZoom + 1;
}

// Clusters as plain numbers: [0, position] for a dot, [1, id, lng, lat, count, ...per sector]
// for a group, with the index's name so that a group's expansion asks the same index.
function clusters(message) {
    const found = indexFor(message.zoom);
    const items = found.index.getClusters(message.bbox, message.zoom).map((item) => {
        const properties = item.properties;
        if (!properties.cluster) return [0, properties.p];
        const mix = [];
        for (let i = 0; i < sectorCount; i += 1) mix.push(properties[`s${i}`]);
        const [lng, lat] = item.geometry.coordinates;
        return [1, item.id, lng, lat, properties.point_count, properties.point_count_abbreviated, mix];
    });
    return { index: found.name, items };
}

function answer(message) {
    if (message.generation !== generation) {
        postMessage({ id: message.id, generation: message.generation, superseded: true });
        return;
    }
    if (message.type === "clusters") {
        if (!indexFor(message.zoom)) {
            waiting.push(message);
            return;
        }
        postMessage({ id: message.id, generation, ...clusters(message) });
    } else if (message.type === "expansion") {
        if (!full) {
            waiting.push(message);
            return;
        }
        postMessage({ id: message.id, generation, zoom: expansionZoom(message) });
    }
}

function load(message) {
    generation = message.generation;
    coarse = null;
    full = null;
    waiting = [];
    const list = points(message);
    // Coarse first when the view opens far enough out for it to save time.
    if (message.zoom < options.maxZoom - 4) {
        const index = newIndex(message.zoom).load(list);
        coarse = { index, maxZoom: message.zoom };
    }
    // Questions that came meanwhile are in the queue: the full index is built in a task of
    // its own, after them, so that the first view is answered from the coarse one.
    setTimeout(() => {
        if (generation !== message.generation) return;
        full = newIndex(options.maxZoom).load(list);
        postMessage({ type: "ready", generation });
        const pending = waiting;
        waiting = [];
        pending.forEach(answer);
    }, 0);
}

self.onmessage = (event) => {
    const message = event.data;
    if (message.type === "init") {
        importScripts(message.supercluster);
        options = message.options;
        sectorCount = message.sectors;
    } else if (message.type === "load") {
        load(message);
    } else {
        answer(message);
    }
};
