// The wall's scenes: the lobby (QR code and code), the five-point star, the
// modules as bars, and the plenary. Each scene is built once and then updated
// in place, so counts and bars can grow with a gentle transition instead of
// being redrawn. Every text goes in as text (dom.js), never as markup.

import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const CENTRE = 110; // the star's viewBox is 0 0 220 220
const OUTER = 104;
const INNER = 42;
const FULL_AT_LEAST = 5; // an arm is full at the fullest point's count, or at five notes while every point has fewer (as the bars)
const HUB = 27; // the circle in the middle with the total; an arm's gold grows out from under it

/** K7M2QX9D as K7M2-QX9D: two halves are easier to read off a wall. */
export function formatCode(code) {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
}

function at(radius, degrees) {
  const a = (degrees * Math.PI) / 180;
  return [CENTRE + radius * Math.cos(a), CENTRE + radius * Math.sin(a)].map((v) => v.toFixed(2)).join(",");
}

/** A number that pops gently when it changes (not with prefers-reduced-motion: see wall.css). */
function setCount(el, value) {
  const text = String(value);
  if (el.textContent === text) return;
  const grew = el.textContent !== "" && value > Number(el.textContent);
  el.textContent = text;
  if (grew) {
    el.classList.remove("bump");
    void el.offsetWidth; // restart the animation
    el.classList.add("bump");
  }
}

/** The newest notes of a lane (only ever sent after the facilitator's reveal). */
function setNotes(list, notes) {
  const signature = JSON.stringify(notes.map((n) => [n.id, n.text, n.highlighted]));
  if (list.dataset.sig === signature) return;
  list.dataset.sig = signature;
  list.replaceChildren(...notes.map((n) => h("li", { class: n.highlighted ? "highlighted" : null }, h("span", { class: "clamp", text: n.text }))));
  list.hidden = notes.length === 0;
}

// -- before the exercise: the QR code, the URL and the code, large ------------------------------

export function lobbyScene(wall) {
  const { t } = wall;
  const qr = h("img", { class: "qr", alt: t("lobby.scan"), width: 400, height: 400 });
  const url = h("p", { class: "url" });
  const code = h("p", { class: "big-code" });
  const people = h("p", { class: "lobby-people" });
  const next = h("p", { class: "next" });
  // The network first (one scan joins the phone to it), then the meeting: shown only when the meeting names one.
  const wifiQr = h("img", { class: "wifi-qr", alt: "", width: 200, height: 200 });
  const wifiName = h("p", { class: "wifi-name" });
  const wifi = h("div", { class: "wifi", hidden: true }, h("div", { class: "qr-card wifi-card" }, wifiQr), h("div", {}, h("p", { class: "caption", text: t("lobby.wifi") }), wifiName));
  const el = h(
    "section",
    { class: "lobby" },
    h("div", { class: "qr-card" }, qr),
    h(
      "div",
      { class: "lobby-info" },
      wifi,
      h("p", { class: "scan", text: t("lobby.scan") }),
      h("p", { class: "caption", text: t("lobby.or") }),
      url,
      h("p", { class: "caption", text: t("lobby.code") }),
      code,
      people,
      next,
    ),
  );
  let qrFor = null;
  let version = 0;
  return {
    el,
    update(view) {
      if (qrFor !== view.join_url) {
        qrFor = view.join_url; // the server draws the code; a new URL (another port) gets a fresh one
        qr.src = `${location.pathname.replace(/\/$/, "")}/qr.svg?v=${++version}`;
      }
      const [site, path] = view.join_url.split(/(?=\/j\/)/); // a narrow screen breaks the line before /j/
      url.replaceChildren(site, h("wbr"), path || "");
      code.textContent = formatCode(view.code);
      if (view.wifi && wifi.hidden) wifiQr.src = `${location.pathname.replace(/\/$/, "")}/wifi.svg`;
      wifi.hidden = !view.wifi;
      el.classList.toggle("with-wifi", Boolean(view.wifi));
      wifiName.textContent = view.wifi || "";
      people.textContent = `${wall.count("people", view.participants)} ${view.participants ? wall.count("groups", view.groups) : ""}`.trim();
      next.textContent = view.exercise ? t("lobby.next", { title: view.exercise.title }) : "";
    },
  };
}

// -- the star ------------------------------------------------------------------------------

const ANGLES = [0, 1, 2, 3, 4].map((i) => -90 + 72 * i); // clockwise from the top point

export function starScene(wall) {
  const outline = ANGLES.map((a) => `${at(OUTER, a)} ${at(INNER, a + 36)}`).join(" ");
  const fills = ANGLES.map((a) => svg("polygon", { class: "arm-fill", points: `${CENTRE},${CENTRE} ${at(INNER, a - 36)} ${at(OUTER, a)} ${at(INNER, a + 36)}` }));
  const spokes = ANGLES.map((a) => `M${CENTRE},${CENTRE} L${at(INNER, a + 36)}`).join(" ");
  const total = svg("text", { class: "total", x: CENTRE, y: CENTRE + 6, "text-anchor": "middle" });
  const totalLabel = svg("text", { class: "total-label", x: CENTRE, y: CENTRE + 19, "text-anchor": "middle" });
  const figure = svg(
    "svg",
    { viewBox: "0 0 220 220", class: "star", "aria-hidden": "true", focusable: "false" },
    svg("polygon", { class: "star-ground", points: outline }),
    ...fills,
    svg("path", { class: "spokes", d: spokes }),
    svg("polygon", { class: "star-edge", points: outline }),
    svg("circle", { class: "hub", cx: CENTRE, cy: CENTRE, r: HUB }),
    total,
    totalLabel,
  );
  const points = ANGLES.map((_, i) => {
    const name = h("h2", { class: "point-name" });
    const count = h("span", { class: "point-count" });
    const notes = h("ul", { class: "notes", hidden: true });
    return { el: h("section", { class: `point p${i}` }, h("div", { class: "point-head" }, name, count), notes), name, count, notes };
  });
  // A star's proposed points (after the reveal: a proposal is a group's work) in a row under the star.
  const proposals = h("ul", { class: "star-proposals", hidden: true });
  const el = h("div", { class: "star-scene" }, h("div", { class: "figure" }, figure), ...points.map((p) => p.el), proposals);
  const watcher = new ResizeObserver(() => fitPointNotes(points)); // the timer or the foot took room
  watcher.observe(el);
  return {
    el,
    stop() {
      watcher.disconnect();
    },
    update(view) {
      const ex = view.exercise;
      const lanes = ex.lanes.filter((lane) => !lane.proposed);
      // Relative to the fullest point, so the points' differences show at 16 notes each as at 3 (docs/wall.md).
      const scale = Math.max(FULL_AT_LEAST, ...lanes.map((lane) => lane.count));
      lanes.forEach((lane, i) => {
        const point = points[i];
        point.name.textContent = lane.title;
        setCount(point.count, lane.count);
        point.el.dataset.lane = lane.id;
        setNotes(point.notes, lane.notes);
        const full = lane.count / scale;
        point.el.dataset.fill = full.toFixed(3);
        fills[i].style.transform = `scale(${(HUB / OUTER + (1 - HUB / OUTER) * full).toFixed(3)})`;
      });
      total.textContent = String(ex.notes);
      totalLabel.textContent = wall.count("notes", ex.notes).replace(/^\S+\s*/, "");
      const proposed = ex.lanes.filter((lane) => lane.proposed);
      proposals.replaceChildren(
        ...proposed.map((lane) =>
          h(
            "li",
            { class: "proposal", "data-lane": lane.id },
            h("span", { class: "proposal-label", text: wall.t("proposed") }),
            h("span", { class: "proposal-title", text: lane.title }),
            h("span", { class: "proposal-count", text: String(lane.count) }),
          ),
        ),
      );
      proposals.hidden = proposed.length === 0;
      el.classList.toggle("with-proposals", proposed.length > 0);
      fitProposals(proposals, wall);
      fitPointNotes(points);
    },
  };
}

/** The star keeps most of the screen: proposals beyond the row's room (a third of the scene) are counted, not drawn. */
function fitProposals(list, wall) {
  const items = [...list.children];
  const more = h("li", { class: "proposal more" });
  list.append(more);
  more.hidden = true;
  let hidden = 0;
  while (list.scrollHeight > list.clientHeight + 0.5 && hidden < items.length) {
    items[items.length - 1 - hidden].hidden = true;
    hidden += 1;
    more.hidden = false;
    more.textContent = wall.count("proposals.more", hidden);
  }
}

/** Each point shows as many of its newest notes as fit whole in its place (the rest are never cut in half). */
function fitPointNotes(points) {
  for (const point of points) {
    const items = [...point.notes.children];
    for (const item of items) item.hidden = false;
    const bottom = point.el.getBoundingClientRect().bottom;
    for (const item of items.reverse()) {
      if (item.getBoundingClientRect().bottom <= bottom + 0.5) break;
      item.hidden = true; // hidden from the last: the newest stay
    }
  }
}

// -- modules (and any exercise that is not a five-point star): bars with counts and owners ---------

// How the modules fit any plan (docs/wall.md): the largest text that holds every lane whole, trying
// fewer sample notes, smaller text (never under the readable minimum, wall.css) and more columns;
// when even that is too much, pages that turn by themselves, with "Side 1 af 2" on the wall.
const NOTE_CHOICES = [2, 1, 0]; // newest revealed notes under each lane
const FIT_CHOICES = [1, 0.85, 0.72]; // text size, relative to the wall's
// [notes, text size], best first: a sample note gives way before the text gets small, the smallest text comes last
const CHOICES = [[2, 1], [1, 1], [2, 0.85], [1, 0.85], [0, 1], [0, 0.85], [2, 0.72], [1, 0.72], [0, 0.72]];
const COLUMN_CHOICES = [1, 2, 3];
export const PAGE_SECONDS = 12;

/** Every row of `grid` whole inside it (titles wrap, so a title that does not fit makes its row too tall). */
function rowsFit(grid) {
  const box = grid.getBoundingClientRect();
  for (const row of grid.children) {
    if (row.hidden) continue;
    const r = row.getBoundingClientRect();
    if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5) return false;
    for (const text of row.querySelectorAll(".bar-title, .bar-owner")) {
      if (text.scrollWidth > text.clientWidth + 1) return false;
    }
  }
  return true;
}

export function barsScene(wall) {
  const grid = h("div", { class: "bars-grid" });
  const indicator = h("p", { class: "page-indicator", hidden: true, "aria-live": "polite" });
  const el = h("div", { class: "bars-scene" }, grid, indicator);
  const rows = new Map();
  let order = []; // the rows in the frame's order
  let shape = ""; // the lanes the last fit was made for
  let noteTexts = ""; // and their sample notes
  let pages = [[]];
  let pageLayout = [0, 1, 1]; // notes, fit, columns while paging
  let page = 0;
  let turner = null;

  function layout(notes, fit, columns, shown) {
    for (const n of NOTE_CHOICES) el.classList.toggle(`notes-${n}`, n === notes);
    el.style.setProperty("--fit", String(fit));
    el.classList.toggle("stacked", columns > 1);
    grid.style.setProperty("--columns", String(columns));
    grid.style.setProperty("--rows", String(Math.max(1, Math.ceil(shown.length / columns))));
    const visible = new Set(shown);
    for (const row of order) row.el.hidden = !visible.has(row);
  }

  function showPage(index) {
    page = index % pages.length;
    layout(...pageLayout, pages[page]);
    indicator.textContent = wall.t("page", { page: page + 1, pages: pages.length });
  }

  /** Choose how the lanes are laid out; measured in the browser, so it holds for any title and screen. */
  function fitAll() {
    clearInterval(turner);
    turner = null;
    indicator.hidden = true;
    el.removeAttribute("data-pages");
    for (const [notes, fit] of CHOICES) {
      for (const columns of COLUMN_CHOICES) {
        layout(notes, fit, columns, order);
        if (rowsFit(grid)) {
          pages = [order];
          return;
        }
      }
    }
    // Too many for one screen: pages of as many lanes as fit, smallest text, no sample notes, in the
    // number of columns that needs the fewest pages.
    indicator.hidden = false;
    indicator.textContent = wall.t("page", { page: 9, pages: 9 }); // its room is taken while measuring
    let best = null;
    for (const columns of COLUMN_CHOICES) {
      const candidate = [0, FIT_CHOICES[FIT_CHOICES.length - 1], columns];
      const split = [];
      let current = [];
      for (const row of order) {
        layout(...candidate, [...current, row]);
        if (current.length && !rowsFit(grid)) {
          split.push(current);
          current = [row];
        } else {
          current.push(row);
        }
      }
      split.push(current);
      if (!best || split.length < best.pages.length) best = { layout: candidate, pages: split };
    }
    pageLayout = best.layout;
    pages = best.pages;
    if (pages.length === 1) {
      pages = [order];
      indicator.hidden = true;
      return;
    }
    el.dataset.pages = String(pages.length);
    showPage(0);
    turner = setInterval(() => showPage(page + 1), PAGE_SECONDS * 1000);
  }

  // The stage changes size when the timer appears or the window is resized: fit again.
  let size = "";
  const watcher = new ResizeObserver(() => {
    const now = `${grid.clientWidth}x${el.clientHeight}`;
    if (now === size || !el.isConnected) return;
    size = now;
    fitAll();
  });
  watcher.observe(el);

  return {
    el,
    stop() {
      clearInterval(turner);
      watcher.disconnect();
    },
    update(view) {
      const lanes = view.exercise.lanes;
      const scale = Math.max(5, ...lanes.map((lane) => lane.count));
      order = lanes.map((lane) => {
        let row = rows.get(lane.id);
        if (!row) {
          row = {
            title: h("h2", { class: "bar-title" }),
            owner: h("p", { class: "bar-owner" }),
            fill: h("div", { class: "bar-fill" }),
            count: h("span", { class: "bar-count" }),
            notes: h("ul", { class: "notes", hidden: true }),
          };
          row.el = h(
            "section",
            { class: "bar-row" },
            h("div", { class: "bar-label" }, row.title, row.owner),
            h("div", { class: "bar-track" }, row.fill),
            row.count,
            row.notes,
          );
          rows.set(lane.id, row);
        }
        row.el.dataset.lane = lane.id;
        row.title.textContent = lane.title;
        row.owner.textContent = lane.owner ? wall.t("owner", { owner: lane.owner }) : lane.proposed ? wall.t("proposed") : "";
        row.owner.hidden = !row.owner.textContent;
        setCount(row.count, lane.count);
        row.fill.style.width = `${((100 * lane.count) / scale).toFixed(1)}%`;
        setNotes(row.notes, lane.notes.slice(0, NOTE_CHOICES[0]));
        return row;
      });
      order.forEach((row, index) => {
        if (grid.children[index] !== row.el) grid.insertBefore(row.el, grid.children[index] || null);
      });
      // A new lane, title or owner (or the first notes) is fitted afresh; a newer sample note only when the
      // layout no longer holds (one measurement, not the whole search, while notes arrive after the reveal).
      const nowShape = JSON.stringify(lanes.map((lane) => [lane.id, lane.title, lane.owner, lane.notes.length > 0]));
      const nowNotes = JSON.stringify(lanes.map((lane) => lane.notes.slice(0, NOTE_CHOICES[0]).map((n) => n.text)));
      if (!el.isConnected) return;
      if (nowShape !== shape) fitAll();
      else if (nowNotes !== noteTexts && pages.length === 1 && !rowsFit(grid)) fitAll();
      shape = nowShape;
      noteTexts = nowNotes;
    },
  };
}

// -- the plenary: the highlighted notes and the facilitator's summary lines ------------------------

export function plenumScene(wall) {
  const { t } = wall;
  const notes = h("ul", { class: "highlights" });
  const lines = h("ul", { class: "lines" });
  const notesColumn = h("section", { class: "plenum-col" }, h("h2", { text: t("plenum.highlighted") }), notes);
  const linesColumn = h("section", { class: "plenum-col" }, h("h2", { text: t("plenum.lines") }), lines);
  const el = h("div", { class: "plenum-scene" }, notesColumn, linesColumn);
  const watcher = new ResizeObserver(() => fitPlenum([notesColumn, linesColumn], wall));
  watcher.observe(el);
  return {
    el,
    stop() {
      watcher.disconnect();
    },
    update(view) {
      const titles = new Map(view.exercise.lanes.map((lane) => [lane.id, lane.title]));
      const highlighted = view.plenum.highlighted;
      notes.replaceChildren(
        ...highlighted.map((n) => h("li", {}, h("span", { class: "lane", text: titles.get(n.lane_id) || "" }), h("span", { class: "text", text: n.text }))),
      );
      lines.replaceChildren(...view.plenum.lines.map((line) => h("li", { text: line })));
      notesColumn.hidden = highlighted.length === 0;
      linesColumn.hidden = view.plenum.lines.length === 0;
      fitPlenum([notesColumn, linesColumn], wall);
    },
  };
}

const PLENUM_FIT = [1, 0.85, 0.72, 0.6]; // text size, relative to the wall's; never under --readable (wall.css)

/** The plenary's notes and lines whole on the screen: smaller text first; then the last ones are counted, not cut. */
function fitPlenum(columns, wall) {
  const overflows = (column) => !column.hidden && column.scrollHeight > column.clientHeight + 1;
  for (const column of columns) {
    column.querySelector(".more")?.remove();
    for (const item of column.querySelectorAll("li")) item.hidden = false;
  }
  for (const column of columns) {
    for (const fit of PLENUM_FIT) {
      column.style.setProperty("--fit", String(fit)); // each column on its own: a few long lines keep their size
      if (!overflows(column)) break;
    }
  }
  for (const column of columns) {
    const items = [...column.querySelectorAll("li")];
    const more = h("li", { class: "more" });
    column.querySelector("ul").append(more);
    more.hidden = true;
    let hidden = 0;
    while (overflows(column) && hidden < items.length - 1) {
      items[items.length - 1 - hidden].hidden = true;
      hidden += 1;
      more.hidden = false;
      more.textContent = wall.count("plenum.more", hidden);
    }
  }
}
