// A tiny DOM builder. User text only ever goes in as text nodes or
// textContent, never as markup, so a note like <img onerror=...> stays text.

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "value" || name === "checked" || name === "disabled") el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  add(el, children);
  return el;
}

/** A button that is not a form's submit button. */
export function button(text, onclick, cls = "quiet") {
  return h("button", { type: "button", class: cls, text, onclick });
}

/** A form that stays on the page: `submit` runs `onsubmit` instead of loading a page. */
export function form(cls, onsubmit, ...children) {
  const submit = (event) => {
    event.preventDefault();
    onsubmit();
  };
  return h("form", { class: cls, novalidate: true, onsubmit: submit }, ...children);
}

function add(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) add(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Make `parent`'s children match `items`, reusing an element whose item did
 * not change (same key and signature), so a note being edited keeps its focus
 * and text while other notes arrive. */
export function syncList(parent, items, key, signature, make) {
  const old = new Map();
  for (const child of parent.children) old.set(child.dataset.key, child);
  items.forEach((item, index) => {
    const k = key(item);
    const sig = signature(item);
    let el = old.get(k);
    if (!el || el.dataset.sig !== sig) {
      const fresh = make(item);
      fresh.dataset.key = k;
      fresh.dataset.sig = sig;
      if (el) el.replaceWith(fresh);
      el = fresh;
    }
    old.delete(k);
    if (parent.children[index] !== el) parent.insertBefore(el, parent.children[index] || null);
  });
  for (const el of old.values()) el.remove();
}

/** Length as the server counts it: code points of the trimmed text. */
export function textLength(text) {
  return [...text.trim()].length;
}

let uid = 0;
export function fieldId(prefix) {
  return `${prefix}-${++uid}`;
}
