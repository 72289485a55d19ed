// The wall's plenary views: one lane in focus (its notes grouped as the
// appendix groups them), one note full-screen, and the vote's results. Each
// view makes its text as large as fits the screen, never smaller than the
// wall's smallest text (2 % of the screen's height); what does not fit then
// goes on pages, with "Side 1 af 2" shown and the pages turning by themselves
// (or with the arrow keys on the projector's laptop: nothing is sent).

import { h } from "./dom.js";

const PAGE_SECONDS = 15; // a page of a lane in focus stays this long
const MIN_TEXT = 0.02; // of the screen's height: the wall's smallest text (the tests ask 1.9 %)
const SHRINK = 0.92; // each step of fitting makes the text this much smaller

function minimum() {
  return Math.ceil(innerHeight * MIN_TEXT);
}

function rootSize() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize);
}

/** Whether `box`'s content fits inside it (and every child inside the box). */
function fits(box) {
  if (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1) return false;
  const outer = box.getBoundingClientRect();
  for (const child of box.children) {
    const r = child.getBoundingClientRect();
    if (r.bottom > outer.bottom + 1 || r.right > outer.right + 1) return false;
  }
  return true;
}

/** The largest text size (px), from `largest` down, at which `box` fits; null if none does. */
function fitText(box, largest) {
  const least = minimum();
  for (let size = largest; ; size = Math.max(least, size * SHRINK)) {
    box.style.setProperty("--fs", `${size.toFixed(1)}px`);
    if (fits(box)) return size;
    if (size <= least) return null;
  }
}

/** Lay `box` out again when its size changes (the bars around it filled in, the window was resized). */
function relayoutOnResize(box, again) {
  let size = "";
  new ResizeObserver(() => {
    const now = `${box.clientWidth}x${box.clientHeight}`;
    if (now !== size && box.isConnected) {
      size = now;
      again();
    }
  }).observe(box.parentElement || box);
}

/** The badges under a line: highlighted, mentioned by how many groups, dots, other wordings. */
function badges(wall, line) {
  return h(
    "p",
    { class: "focus-meta" },
    line.highlighted ? h("span", { class: "badge star-badge", text: wall.t("focus.highlighted") }) : null,
    line.groups > 1 ? h("span", { class: "badge", text: wall.count("focus.groups", line.groups) }) : null,
    line.dots !== null ? h("span", { class: "badge dots", text: wall.count("focus.dots", line.dots) }) : null,
    line.wordings ? h("span", { class: "badge quiet", text: wall.count("focus.wordings", line.wordings) }) : null,
  );
}

function card(wall, line) {
  return h(
    "li",
    { class: line.highlighted ? "focus-line highlighted" : "focus-line", "data-id": line.id },
    h("span", { class: "focus-text", text: line.text }),
    badges(wall, line),
  );
}

// -- one lane in focus ---------------------------------------------------------------------------

export function focusScene(wall) {
  const list = h("ul", { class: "focus-lines" });
  const pager = h("p", { class: "focus-page", hidden: true, role: "status" });
  const empty = h("p", { class: "focus-empty", hidden: true, text: wall.t("focus.empty") });
  const el = h("section", { class: "focus-scene" }, list, empty, pager);
  let signature = "";
  let pages = [[]];
  let page = 0;
  let timer = null;

  function showPage(number) {
    page = (number + pages.length) % pages.length;
    list.replaceChildren(...pages[page]);
    pager.hidden = pages.length < 2;
    pager.textContent = wall.t("focus.page", { page: page + 1, pages: pages.length });
    el.dataset.page = String(page + 1);
    el.dataset.pages = String(pages.length);
  }

  /** Columns and text size so that every line shows at once; else pages at the smallest size. */
  function layout(cards) {
    const largest = 2.1 * rootSize();
    list.replaceChildren(...cards);
    for (const columns of cards.length <= 3 ? [1, 2] : cards.length <= 8 ? [2, 3] : [2, 3, 4]) {
      list.style.setProperty("--columns", String(columns));
      if (fitText(list, largest) !== null) return [cards];
    }
    // Pages: as many lines on each as fit at the smallest size, in the view's order.
    const found = [];
    let current = [];
    list.replaceChildren();
    for (const item of cards) {
      list.append(item);
      if (!fits(list) && current.length) {
        item.remove();
        found.push(current);
        list.replaceChildren(item);
        current = [];
      }
      current.push(item);
    }
    found.push(current);
    return found;
  }

  let last = null;
  relayoutOnResize(el, () => {
    if (last) {
      signature = "";
      scene.update(last);
    }
  });

  function onKey(event) {
    if (!el.isConnected) return document.removeEventListener("keydown", onKey);
    if (pages.length < 2) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") showPage(page + 1);
    if (event.key === "ArrowLeft" || event.key === "PageUp") showPage(page - 1);
  }
  document.addEventListener("keydown", onKey);

  const scene = {
    el,
    heading(view) {
      const focus = view.focus;
      const parts = [wall.t("focus.heading"), wall.count("notes", focus.count), wall.count("focus.entries", focus.lines.length)];
      if (focus.owner) parts.push(wall.t("owner", { owner: focus.owner }));
      else if (focus.proposed) parts.push(wall.t("proposed"));
      return [focus.title, parts.join(" · ")];
    },
    update(view) {
      last = view;
      const lines = view.focus.lines;
      const next = JSON.stringify([lines, innerWidth, innerHeight]);
      if (next === signature || !list.clientWidth) return;
      signature = next;
      empty.hidden = lines.length > 0;
      pages = layout(lines.map((line) => card(wall, line)));
      showPage(Math.min(page, pages.length - 1));
      clearInterval(timer);
      if (pages.length > 1) {
        timer = setInterval(() => (el.isConnected ? showPage(page + 1) : clearInterval(timer)), PAGE_SECONDS * 1000);
      }
    },
  };
  return scene;
}

// -- one note full-screen --------------------------------------------------------------------------

export function focusNoteScene(wall) {
  const text = h("p", { class: "focus-note-text" });
  const meta = h("div", { class: "focus-note-meta" });
  const box = h("div", { class: "focus-note-box" }, text);
  const el = h("section", { class: "focus-note-scene" }, box, meta);
  let signature = "";
  return {
    el,
    heading(view) {
      return [view.focus.title, wall.t("focus.heading")];
    },
    update(view) {
      const note = view.focus.note;
      const next = JSON.stringify([note, innerWidth, innerHeight]);
      if (next === signature) return;
      signature = next;
      text.textContent = note.text;
      el.classList.toggle("highlighted", note.highlighted);
      meta.replaceChildren(badges(wall, note));
      fitText(box, 5.5 * rootSize());
    },
  };
}

// -- the vote's results -------------------------------------------------------------------------------

export function resultsScene(wall) {
  const list = h("ol", { class: "results-list" });
  const rule = h("p", { class: "results-rule" });
  const el = h("section", { class: "results-scene" }, list, rule);
  let signature = "";
  return {
    el,
    heading(view) {
      return [wall.t("results.heading"), view.exercise.title];
    },
    update(view) {
      const results = view.results;
      const next = JSON.stringify([results, innerWidth, innerHeight]);
      if (next === signature) return;
      signature = next;
      const titles = new Map(view.exercise.lanes.map((lane) => [lane.id, lane.title]));
      const rows = results.lines.map((line) =>
        h(
          "li",
          { class: line.highlighted ? "result highlighted" : "result", "data-id": line.id, "data-place": line.place },
          h("span", { class: "place", text: `${line.place}.` }),
          h(
            "span",
            { class: "result-body" },
            h("span", { class: "result-text", text: line.text }),
            h(
              "span",
              { class: "result-meta" },
              line.highlighted ? h("span", { class: "badge star-badge", text: wall.t("focus.highlighted") }) : null,
              h("span", { class: "result-lane", text: titles.get(line.lane_id) || "" }),
            ),
          ),
          h("span", { class: "result-dots", text: wall.count("focus.dots", line.dots) }),
        ),
      );
      list.replaceChildren(...rows);
      const more = results.more ? ` · ${wall.count("results.more", results.more)}` : "";
      rule.textContent = results.lines.length ? wall.t("results.rule", { places: results.places }) + more : wall.t("results.none");
      list.style.setProperty("--columns", "1");
      if (fitText(list, 1.7 * rootSize()) === null) {
        list.style.setProperty("--columns", "2");
        fitText(list, 1.7 * rootSize());
      }
    },
  };
}
