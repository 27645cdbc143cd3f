// The map: Syria's outlines as an offline base layer, an optional online tile layer when the
// network answers, and clustered event markers coloured by type and sized by fatalities.
/* global L */
import { el, t } from "./dom.js";
import { typeColor } from "./colors.js";

const TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const TILE_PROBE = "https://tile.openstreetmap.org/6/38/25.png";
const SYRIA_BOUNDS = [[32.3, 35.6], [37.35, 42.4]];

/** The radius of an event's marker: larger with more people killed. */
export function markerRadius(fatalities) {
  return fatalities ? Math.min(6 + 2.2 * Math.sqrt(fatalities), 24) : 6;
}

/** True when the place is a town or village; false when the marker stands at a region's centre. */
export function isExactPlace(precision) {
  return precision === "point";
}

export class EventMap {
  constructor(container, { onOpen, popupContent }) {
    this.onOpen = onOpen;
    this.popupContent = popupContent;
    this.markers = new Map();
    this.map = L.map(container, { preferCanvas: true, minZoom: 4, maxZoom: 17, zoomSnap: 0.5 });
    this.map.fitBounds(SYRIA_BOUNDS);
    this.renderer = L.canvas({ padding: 0.3 });
    this.outlines = L.layerGroup().addTo(this.map);
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 44,
      spiderfyOnMaxZoom: true,
      chunkedLoading: false,
      iconCreateFunction: (cluster) => this.clusterIcon(cluster),
    }).addTo(this.map);
    this.control = null;
  }

  /** Draw the offline outlines (a GeoJSON FeatureCollection) and offer the online layer if reachable. */
  setOutlines(collection) {
    this.outlines.clearLayers();
    L.geoJSON(collection, {
      interactive: false,
      attribution: "Outlines: Natural Earth",
      style: (feature) =>
        feature.properties.kind === "country"
          ? { color: "#3b3b3b", weight: 2, fill: false }
          : { color: "#8a8a8a", weight: 1, fillColor: "#f7f4ec", fillOpacity: 1 },
    }).addTo(this.outlines);
    this.addLayerControl();
    this.probeOnlineTiles();
  }

  addLayerControl() {
    if (this.control) this.control.remove();
    const bases = { [t("offline_layer")]: this.outlines };
    if (this.online) bases[t("online_layer")] = this.online;
    this.control = L.control.layers(bases, {}, { collapsed: true }).addTo(this.map);
  }

  probeOnlineTiles() {
    // One tile request; only if it loads is the online layer offered (never required).
    const probe = new Image();
    probe.onload = () => {
      this.online = L.tileLayer(TILE_URL, {
        maxZoom: 19,
        attribution: "© OpenStreetMap contributors",
      });
      this.addLayerControl();
    };
    probe.src = TILE_PROBE;
  }

  /** Relabel what the map shows after a language switch. */
  relabel() {
    if (this.control) this.addLayerControl();
  }

  markerOf(event) {
    let marker = this.markers.get(event.id);
    if (marker) {
      marker.event = event;
      return marker;
    }
    const color = typeColor(event.event_type);
    const exact = isExactPlace(event.precision);
    marker = L.circleMarker([event.lat, event.lon], {
      renderer: this.renderer,
      radius: markerRadius(event.fatalities),
      color: exact ? "#ffffff" : color,
      weight: exact ? 1.5 : 2,
      dashArray: exact ? null : "4 3",
      fillColor: color,
      fillOpacity: exact ? 0.85 : 0.25,
    });
    marker.eventType = event.event_type;
    marker.event = event;
    marker.bindPopup(() => this.popupContent(marker.event));
    this.markers.set(event.id, marker);
    return marker;
  }

  clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      counts.set(marker.eventType, (counts.get(marker.eventType) || 0) + 1);
    }
    let top = "other";
    let best = -1;
    for (const [type, n] of counts) if (n > best) [top, best] = [type, n];
    const count = cluster.getChildCount();
    const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
    const badge = el("span", { class: "cluster-count" }, String(count));
    badge.style.backgroundColor = typeColor(top);
    return L.divIcon({ html: badge, className: "rasid-cluster", iconSize: L.point(size, size) });
  }

  /** Show exactly these events (those with coordinates): one marker each, one per incident. */
  setEvents(events) {
    const layers = [];
    for (const event of events) {
      if (event.lat !== null && event.lon !== null) layers.push(this.markerOf(event));
    }
    this.clusters.clearLayers();
    this.clusters.addLayers(layers);
    this.map.getContainer().dataset.markers = String(layers.length);
  }

  refresh() {
    this.map.invalidateSize();
  }
}
