// Getting in: the session code (only when the page was opened without one)
// and the join form: name when asked, unit when listed, group, one button.

import { fieldId, form, h } from "../dom.js";

function field(label, control, hint) {
  control.id = fieldId("field");
  return h("div", { class: "field" }, h("label", { for: control.id, class: "label", text: label }), control, hint);
}

function submit(text) {
  return h("button", { type: "submit", class: "primary", text });
}

export function codeScreen(app) {
  const t = app.t;
  const input = h("input", { type: "text", value: app.code, autocomplete: "off", autocapitalize: "characters", spellcheck: "false" });
  const error = h("p", { class: "warn", role: "alert" });
  const el = h(
    "section",
    { class: "screen" },
    h("h1", { text: t("code.heading") }),
    form("card", () => app.enterCode(input.value), field(t("code.label"), input, h("p", { class: "hint", text: t("code.help") })), error, submit(t("code.submit"))),
  );
  return { el, update: () => (error.textContent = app.codeError) };
}

function longDate(iso, lang) {
  const date = new Date(iso + "T12:00:00Z");
  return isNaN(date) ? iso : date.toLocaleDateString(lang === "en" ? "en-GB" : "da-DK", { dateStyle: "long", timeZone: "UTC" });
}

export function joinScreen(app) {
  const t = app.t;
  const info = app.info;
  const draft = app.draft; // typed values survive a redrawn form
  const name = info.ask_names && h("input", { type: "text", autocomplete: "name", maxlength: 80, value: draft.name || "", oninput: (e) => (draft.name = e.target.value) });
  const unit = info.units.length > 0 && h(
    "select",
    { onchange: (e) => (draft.unit = e.target.value) },
    h("option", { value: "", text: t("join.unit_choose") }),
    info.units.map((u) => h("option", { value: u, text: u })),
  );
  if (unit) unit.value = draft.unit || "";
  const fixed = info.group_fixed && info.groups.find((g) => g.id === info.table_group);
  const offered = fixed ? [fixed] : [{ id: "", label: t("join.group_auto") }, ...info.groups];
  const choices = offered.map((g) =>
    h(
      "label",
      { class: "choice" },
      h("input", { type: "radio", name: "group", value: g.id, checked: g.id === (draft.group || "") }),
      h("span", { text: g.id ? t("join.group_size", { group: g.label, count: g.size ?? 0 }) : g.label }),
    ),
  );
  const card = info.table_group && h("p", { class: "hint", text: t(fixed ? "join.table_fixed" : "join.table_free") });
  const choosing = info.table_group || info.group_choice;
  const groups = choosing && h("fieldset", { class: "choices", onchange: (e) => (draft.group = e.target.value) }, h("legend", { class: "label", text: t("join.group") }), card, choices);
  const tokenError = app.tokenError ? h("p", { class: "warn", role: "alert", text: app.tokenError }) : null;
  const error = h("p", { class: "warn", role: "alert" });
  const button = submit(t("join.submit"));
  const join = () => {
    const problem = name && !name.value.trim() ? [name, "join.name_missing"] : unit && !unit.value ? [unit, "join.unit_missing"] : null;
    if (problem) {
      app.joinError = t(problem[1]);
      problem[0].focus();
      app.render();
    } else {
      app.join({ name: name ? name.value.trim() : null, unit: unit ? unit.value : null, group_id: draft.group || null });
    }
  };
  const hint = name && h("p", { class: "hint", text: t(info.show_names ? "join.name_shown" : "join.name_hidden") });
  const el = h(
    "section",
    { class: "screen" },
    h("h1", { text: info.title }),
    h("p", { class: "sub", text: [info.network, longDate(info.date, app.lang)].filter(Boolean).join(" · ") }),
    h("p", { text: t("join.intro") }),
    tokenError,
    form("card", join, name && field(t("join.name"), name, hint), unit && field(t("join.unit"), unit), groups, error, button),
  );
  return {
    el,
    update() {
      error.textContent = app.joinError;
      button.disabled = app.joining;
    },
  };
}
