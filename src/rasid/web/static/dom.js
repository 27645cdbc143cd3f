// DOM and text helpers. Every piece of data reaches the page as a text node or an
// attribute value set through the DOM, never as markup: this file has the only
// element factory, and it never touches innerHTML.

/** An element with attributes (null/false ones skipped) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

/** Append children: nodes as they are, strings and numbers as text, arrays flattened. */
export function append(node, ...children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, ...child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
  return node;
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** An http(s) URL as a string, or null for anything else (javascript:, data:, malformed). */
export function safeHttpUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

let strings = {};
let fallback = {};

/** Use ``table`` for ``t`` (``base`` answers keys it lacks). */
export function setStrings(table, base) {
  strings = table;
  fallback = base;
}

/** The interface string ``key`` (dotted for nested tables) with ``{name}`` replaced by ``values``. */
export function t(key, values = {}) {
  const find = (table) => key.split(".").reduce((node, part) => (node == null ? undefined : node[part]), table);
  let text = find(strings);
  if (typeof text !== "string") text = find(fallback);
  if (typeof text !== "string") text = key.split(".").pop();
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}
