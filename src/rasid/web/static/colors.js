// One colour per event type, shared by the map, the timeline and the list.
export const TYPE_COLORS = {
  attack: "#d62728",
  clash: "#ff7f0e",
  shelling: "#8c564b",
  airstrike: "#1f77b4",
  explosive: "#9467bd",
  suicide_attack: "#4b0082",
  attack_on_civilians: "#e377c2",
  assassination: "#7b1020",
  abduction: "#5f5f5f",
  arrest: "#17becf",
  sweep_operation: "#2ca02c",
  territory_taken: "#bcbd22",
  withdrawal: "#6b8fb5",
  deployment: "#4f9a4f",
  facilitation: "#a088c0",
  protest: "#e8a33d",
  riot: "#c2185b",
  other: "#999999",
};

/** The colour of an event type (grey for a type this page does not know). */
export function typeColor(type) {
  return Object.hasOwn(TYPE_COLORS, type) ? TYPE_COLORS[type] : "#999999";
}
