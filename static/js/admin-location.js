// The admin's location picker (wagtailgeowidget's LeafletField), adjusted for the Atlas:
// - an empty location stays empty: no pin (wagtailgeowidget drops one on its default point,
//   Brussels, which a moderator could save for an organisation in Lyon) until the moderator
//   clicks the map, types coordinates or the proposal's address was geocoded;
// - the map draws the site's own basemap (static/js/basemap.js) when no tile server is set.
// wagtailgeowidget's files are ES5; this one is loaded after them.
(function () {
    "use strict";
    if (typeof LeafletField === "undefined") return;

    var setup = LeafletField.prototype.setup;
    LeafletField.prototype.setup = function () {
        if (this.hasSetup) return;
        var empty = !this.sourceField.val();
        setup.call(this);
        if (window.AtlasBasemap && !this.tileLayer) window.AtlasBasemap.add(this.map);
        if (!empty) return;
        var self = this;
        this.map.removeLayer(this.marker);
        this.latLngField.val("");
        this.setState("");
        this.map.setZoom(4);
        this.map.getContainer().setAttribute("data-empty-location", "true");
        this.map.on("click", function (event) {
            self.setMapPosition(event.latlng);
            self.updateLatLng(event.latlng);
            self.writeLocation(event.latlng);
        });
    };

    var setMapPosition = LeafletField.prototype.setMapPosition;
    LeafletField.prototype.setMapPosition = function (latLng) {
        if (this.map && !this.map.hasLayer(this.marker)) {
            this.marker.addTo(this.map);
            this.map.getContainer().removeAttribute("data-empty-location");
        }
        setMapPosition.call(this, latLng);
    };
})();
