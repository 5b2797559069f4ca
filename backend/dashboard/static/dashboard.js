// The staff dashboard: a client of the staff API, signed in with a bearer token.
//
// Safety rules this file keeps:
// - Every value from the API is put on the page as text (textContent, via el()); no
//   HTML is ever built from data. A referrer's words are untrusted input.
// - The token lives in sessionStorage (this tab only) and is sent as a bearer header.
// - The page's Content-Security-Policy allows this script and its stylesheet only.
"use strict";

(function () {
  const TOKEN_KEY = "hsbDashboard.token";
  const PER_PAGE = 25;
  const state = { me: null, labels: null };

  // ---- small helpers -------------------------------------------------------

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function announce(message) {
    const announcer = document.getElementById("announcer");
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = message; }, 50);
  }

  const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
  const CHOICE = /^[a-z]+(?:_[a-z0-9]+)+$/;

  function formatDay(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    const moment = new Date(Date.UTC(year, month - 1, day));
    if (Number.isNaN(moment.getTime())) return iso;
    return moment.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function formatWhen(timestamp) {
    if (!timestamp) return "";
    const moment = new Date(timestamp);
    if (Number.isNaN(moment.getTime())) return String(timestamp);
    return moment.toLocaleString("en-GB", {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
      timeZone: "Europe/London",
    });
  }

  /** A field's value in words: dates written out, a stored choice in its words (from
   * GET /api/labels), any other code-like value without underscores. */
  function shown(value) {
    if (value === null || value === undefined) return "Not given";
    if (typeof value === "boolean") return value ? "Yes" : "No";
    if (typeof value === "string") {
      const choices = (state.labels && state.labels.choices) || {};
      if (Object.hasOwn(choices, value)) return choices[value];
      if (ISO_DATE.test(value)) return formatDay(value);
      return CHOICE.test(value) ? value.replace(/_/g, " ") : value;
    }
    if (Array.isArray(value)) return value.length ? value.map(shown).join("; ") : "None";
    if (typeof value === "object") {
      return Object.entries(value).map(([k, v]) => `${k.replace(/_/g, " ")}: ${shown(v)}`).join(", ");
    }
    return String(value);
  }

  /** A field's value as a node: lists of things as a list, the rest as text. */
  function valueNode(value) {
    if (Array.isArray(value) && value.length && typeof value[0] === "object") {
      return el("ul", {}, value.map((item) => el("li", { class: "text" }, shown(item))));
    }
    const missing = value === null || value === undefined || value === "unknown";
    return el("span", { class: missing ? "not-given" : "text" }, shown(value));
  }

  /** The words for a code, from GET /api/labels; an unknown code as words, never as a code. */
  function label(kind, key) {
    const labels = state.labels && state.labels[kind];
    if (labels && labels[key]) return labels[key];
    if (key === null || key === undefined || key === "") return "";
    const words = String(key).replace(/_/g, " ").toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** Text from the server (a reason, an audit detail) with any flag code in words. */
  function withFlagNames(text) {
    if (!text) return "";
    const names = (state.labels && state.labels.flag_names) || {};
    return String(text).replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, (code) => names[code] || label("flag_names", code));
  }

  /** A person's name from its parts, or a phrase that says it was not given. */
  function personName(...parts) {
    const given = parts.filter((part) => typeof part === "string" && part.trim() && part !== "unknown");
    return given.length ? given.join(" ") : "Name not given";
  }

  function may(permission) {
    return Boolean(state.me && state.me.permissions.includes(permission));
  }

  function flagBadge(code) {
    const risk = code === "IMMEDIATE_RISK";
    return el("span", {
      class: risk ? "badge badge-risk" : "badge badge-discuss",
      title: label("flags", code),
    }, risk ? "IMMEDIATE RISK" : label("flag_names", code));
  }

  function statusBadge(status) {
    return el("span", { class: "badge badge-status" }, label("statuses", status));
  }

  // ---- the API ---------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  function detailOf(body, fallback) {
    if (body && typeof body.detail === "string") return body.detail;
    if (body && Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
    return fallback;
  }

  async function api(path, options) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { Accept: "application/json", Authorization: `Bearer ${token}` };
    const request = { method: "GET", ...(options || {}), headers };
    if (request.body !== undefined && typeof request.body !== "string") {
      headers["Content-Type"] = "application/json";
      request.body = JSON.stringify(request.body);
    }
    const response = await fetch(path, request);
    if (response.status === 401) {
      signOut("Your session has ended or the token is no longer valid. Please sign in again.");
      throw new ApiError(401, "signed out");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, detailOf(body, `Request failed (${response.status}).`));
    return body;
  }

  async function download(path, filename) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new ApiError(response.status, `Download failed (${response.status}).`);
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---- signing in and out ----------------------------------------------------

  const signInSection = () => document.getElementById("sign-in");
  const view = () => document.getElementById("view");

  function showSignIn(message) {
    state.me = null;
    document.getElementById("nav").hidden = true;
    document.getElementById("who").hidden = true;
    view().hidden = true;
    view().replaceChildren();
    signInSection().hidden = false;
    const error = document.getElementById("sign-in-error");
    error.textContent = message || "";
    error.hidden = !message;
    document.getElementById("token").focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(message);
  }

  async function startSession() {
    state.me = await api("/api/me");
    state.labels = await api("/api/labels");
    signInSection().hidden = true;
    document.getElementById("who-name").textContent = `${state.me.name} (${label("roles", state.me.role)})`;
    document.getElementById("who").hidden = false;
    for (const link of document.querySelectorAll("#nav a[data-permission]")) {
      link.parentElement.hidden = !may(link.dataset.permission);
    }
    document.getElementById("nav").hidden = false;
    view().hidden = false;
    await route();
  }

  async function onSignIn(event) {
    event.preventDefault();
    const input = document.getElementById("token");
    const token = input.value.trim();
    input.value = "";
    if (!token) {
      showSignIn("Enter your staff token.");
      return;
    }
    const response = await fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
      showSignIn("That token was not accepted. Check it and try again.");
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    if (!location.hash) location.hash = "#/queue";
    await startSession();
    announce(`Signed in as ${state.me.name}.`);
  }

  // ---- routing -----------------------------------------------------------------

  function parseHash() {
    const [path, query] = location.hash.replace(/^#/, "").split("?");
    return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(query || "") };
  }

  function markSection(section) {
    for (const link of document.querySelectorAll("#nav a")) {
      if (link.dataset.section === section) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  function render(title, ...content) {
    renderTitled(title, null, ...content);
  }

  /** A page whose heading has a line under it (the title block). */
  function renderTitled(title, subtitle, ...content) {
    const heading = el("h1", { tabindex: "-1" }, title);
    const head = subtitle ? el("div", { class: "title-block" }, heading, el("p", { class: "subtitle" }, subtitle)) : heading;
    // Parts left out are null; replaceChildren() would show them as the text "null".
    view().replaceChildren(head, ...content.flat(Infinity).filter((part) => part !== null && part !== undefined && part !== false));
    document.title = `${title}: HSB referrals`;
    heading.focus();
  }

  async function route() {
    if (!state.me) return;
    const { parts, params } = parseHash();
    const [section, ...rest] = parts.length ? parts : ["queue"];
    markSection(section === "referral" ? "referrals" : section === "request" ? "requests" : section);
    try {
      if (section === "queue") await showQueue();
      else if (section === "referrals") await showReferrals(params);
      else if (section === "referral" && rest[0]) await showReferral(decodeURIComponent(rest[0]));
      else if (section === "requests") await showRequests(rest[0] || "consultation", params);
      else if (section === "request" && rest[1]) await showRequest(rest[0], rest[1]);
      else if (section === "audit") await showAudit(params);
      else if (section === "transcript") showTranscriptForm();
      else if (section === "staff") await showStaff();
      else render("Page not found", el("p", {}, el("a", { href: "#/queue" }, "Go to the queue")));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      render("Something went wrong", el("p", { class: "error", role: "alert" }, error.message));
    }
  }

  // ---- a draft referral from a call transcript (ART) -------------------------------

  const TRANSCRIPT_HINT = "One turn per line as 'Speaker: words' (for example 'ART: How can I help?' " +
    "then 'Caller: I'd like to refer...'), or a JSON list of {\"speaker\", \"text\"} turns. " +
    "A line without a speaker continues the turn before it.";

  function draftResult(draft) {
    const risk = draft.flags.includes("IMMEDIATE_RISK");
    return el("section", { class: `panel${risk ? " immediate-risk" : ""}`, "aria-labelledby": "draft-title" },
      el("h2", { id: "draft-title" }, "Draft saved: ", referralLink(draft.reference)),
      risk ? el("p", { class: "banner-risk", role: "alert" }, "The call discloses a risk of harm now: act on it first, as you would on any call.") : null,
      el("p", {}, `Read ${draft.extracted.length} fields from ${draft.turns} turns; ${draft.referrer_speaker} was taken as the referrer. Check every field against the call before relying on it.`),
      draft.flags.length ? el("p", {}, "Flags: ", draft.flags.map(flagBadge)) : null,
      el("h3", {}, "Still needed"),
      draft.missing.length
        ? el("ul", { class: "missing" }, draft.missing.map((name) => el("li", {}, label("fields", name))))
        : el("p", {}, "Nothing required is missing."),
      el("p", {}, el("a", { href: `#/referral/${encodeURIComponent(draft.reference)}` }, "Open the draft referral")));
  }

  function showTranscriptForm() {
    const message = el("p", { class: "error", role: "alert", hidden: true });
    const result = el("div", { id: "draft-result" });
    const file = el("input", { id: "transcript-file", type: "file", accept: ".txt,.json,text/plain,application/json" });
    const form = el("form", { class: "panel", "aria-labelledby": "transcript-form-title", novalidate: true },
      el("h2", { id: "transcript-form-title" }, "The call"),
      el("p", { class: "hint", id: "transcript-hint" }, TRANSCRIPT_HINT),
      el("label", { for: "transcript" }, "Transcript or notes of the call"),
      el("textarea", { id: "transcript", name: "transcript", rows: "16", maxlength: "100000", "aria-describedby": "transcript-hint", spellcheck: "false" }),
      el("label", { for: "transcript-file" }, "Or upload a .txt or .json file"),
      file,
      el("label", { for: "referrer-speaker" }, "Which speaker is the referrer? (only if there were more than two people)"),
      el("input", { id: "referrer-speaker", name: "referrer_speaker", type: "text", maxlength: "40", autocomplete: "off" }),
      el("label", { for: "call-date" }, "Date of the call"),
      el("input", { id: "call-date", name: "call_date", type: "date" }),
      message,
      el("button", { type: "submit" }, "Draft the referral"));
    file.addEventListener("change", async () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      if (chosen.size > 100000) {
        message.textContent = "That file is larger than 100,000 characters.";
        message.hidden = false;
        return;
      }
      form.elements.transcript.value = await chosen.text();
      announce("The file's text is in the transcript box.");
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      message.hidden = true;
      const transcript = form.elements.transcript.value;
      if (!transcript.trim()) {
        message.textContent = "Paste the transcript or choose a file.";
        message.hidden = false;
        form.elements.transcript.focus();
        return;
      }
      const body = { transcript };
      const speaker = form.elements.referrer_speaker.value.trim();
      if (speaker) body.referrer_speaker = speaker;
      if (form.elements.call_date.value) body.call_date = form.elements.call_date.value;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      button.textContent = "Reading the call…";
      let draft;
      try {
        draft = await api("/api/transcripts", { method: "POST", body });
      } catch (error) {
        if (error.status === 401) return;
        // The typed transcript stays in the box: nothing is lost.
        message.textContent = error.message;
        message.hidden = false;
        form.elements.transcript.focus();
        return;
      } finally {
        button.disabled = false;
        button.textContent = "Draft the referral";
      }
      result.replaceChildren(draftResult(draft));
      announce(`Draft ${draft.reference} saved.`);
      document.getElementById("draft-title").setAttribute("tabindex", "-1");
      document.getElementById("draft-title").focus();
    });
    render("Draft a referral from a call",
      el("p", {}, "Paste or upload the transcript or notes of a referral call. The bot reads the referrer's words as it reads a chat and saves a draft referral with what it found, the transcript, and what is still needed. Nothing is submitted until the referral is checked and completed."),
      form, result);
  }

  // ---- the queue ---------------------------------------------------------------

  function referralLink(reference) {
    return el("a", { href: `#/referral/${encodeURIComponent(reference)}` }, reference);
  }

  function summaryTable(items, options) {
    const caption = options.caption;
    const rows = items.map((item) => {
      const risk = item.flags.includes("IMMEDIATE_RISK");
      return el("tr", { class: risk ? "immediate-risk" : null },
        el("td", { class: "reference" }, referralLink(item.reference), risk ? el("span", { class: "visually-hidden" }, " (immediate risk)") : null),
        el("td", {}, statusBadge(item.status)),
        el("td", {}, label("outcomes", item.outcome || "not_screened")),
        el("td", {}, item.flags.length ? item.flags.map(flagBadge) : el("span", { class: "not-given" }, "None")),
        el("td", {}, label("sources", item.source)),
        el("td", { class: "text" }, item.referrer_organisation || ""),
        el("td", {}, formatWhen(options.waiting ? item.submitted_at || item.created_at : item.created_at)));
    });
    return el("table", {},
      el("caption", { class: "visually-hidden" }, caption),
      el("thead", {}, el("tr", {},
        ["Reference", "Status", "Screening", "Flags", "Source", "Referrer organisation",
          options.waiting ? "Waiting since" : "Created"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows));
  }

  function countList(title, counts, kind) {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    return el("section", { class: "panel", "aria-label": title },
      el("h2", {}, title),
      entries.length
        ? el("dl", { class: "count-list" }, entries.map(([key, n]) => [
          el("dt", {}, label(kind, key)), el("dd", {}, String(n))]))
        : el("p", { class: "not-given" }, "None"));
  }

  async function showQueue() {
    const queue = await api("/api/referrals/queue");
    const counts = queue.counts;
    render("Queue",
      el("p", { class: "hint" }, "Referrals waiting for a decision: immediate risk first, then those that need individual discussion, then the rest, each oldest first."),
      el("ul", { class: "counts" },
        el("li", { class: "count" }, el("strong", {}, String(counts.total)), "waiting"),
        el("li", { class: counts.immediate_risk ? "count count-risk" : "count" },
          el("strong", {}, String(counts.immediate_risk)), "immediate risk"),
        el("li", { class: "count" }, el("strong", {}, String(counts.by_status.needs_discussion || 0)), "need discussion")),
      el("div", { class: "count-groups" },
        countList("By screening outcome", counts.by_outcome, "outcomes"),
        countList("By flag", counts.by_flag, "flag_names")),
      queue.items.length
        ? summaryTable(queue.items, { caption: "Waiting referrals", waiting: true })
        : el("p", { class: "notice" }, "Nothing is waiting."));
  }

  // ---- all referrals, with filters ---------------------------------------------

  function selectField(name, title, options, current) {
    const id = `filter-${name}`;
    return el("div", {},
      el("label", { for: id }, title),
      el("select", { id, name },
        el("option", { value: "" }, "Any"),
        Object.entries(options).map(([value, text]) =>
          el("option", { value, selected: value === current }, text))));
  }

  function inputField(name, title, type, current) {
    const id = `filter-${name}`;
    return el("div", {}, el("label", { for: id }, title),
      el("input", { id, name, type, value: current || "", maxlength: type === "search" ? "100" : null }));
  }

  function pager(base, params, page, total, perPage) {
    const pages = Math.max(1, Math.ceil(total / perPage));
    const at = (n) => {
      const next = new URLSearchParams(params);
      next.set("page", String(n));
      return `#/${base}?${next}`;
    };
    return el("nav", { class: "pager", "aria-label": "Pages" },
      page > 1 ? el("a", { href: at(page - 1) }, "Previous page") : null,
      el("span", {}, `Page ${page} of ${pages} (${total} in all)`),
      page < pages ? el("a", { href: at(page + 1) }, "Next page") : null);
  }

  async function showReferrals(params) {
    const query = new URLSearchParams();
    for (const key of ["status", "outcome", "flag", "source", "created_from", "created_to", "q"]) {
      if (params.get(key)) query.set(key, params.get(key));
    }
    const page = Math.max(1, Number(params.get("page")) || 1);
    const found = await api(`/api/referrals?${query}&page=${page}&per_page=${PER_PAGE}`);
    const form = el("form", { class: "panel filters", role: "search", "aria-label": "Filter referrals" },
      selectField("status", "Status", state.labels.statuses, params.get("status")),
      selectField("outcome", "Screening outcome",
        Object.fromEntries(Object.entries(state.labels.outcomes).filter(([k]) => k !== "not_screened")),
        params.get("outcome")),
      selectField("flag", "Flag", state.labels.flag_names, params.get("flag")),
      selectField("source", "Source", state.labels.sources, params.get("source")),
      inputField("created_from", "Created from", "date", params.get("created_from")),
      inputField("created_to", "Created to", "date", params.get("created_to")),
      inputField("q", "Reference or organisation", "search", params.get("q")),
      el("div", {}, el("button", { type: "submit" }, "Apply filters"),
        el("a", { class: "button button-secondary", href: "#/referrals" }, "Clear")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = new URLSearchParams();
      for (const [key, value] of new FormData(form).entries()) if (value) chosen.set(key, String(value));
      location.hash = `#/referrals?${chosen}`;
    });
    render("All referrals", form,
      found.items.length
        ? summaryTable(found.items, { caption: "Referrals", waiting: false })
        : el("p", { class: "notice" }, "No referral matches."),
      pager("referrals", query, page, found.total, PER_PAGE));
  }

  // ---- one referral --------------------------------------------------------------

  function factsList(pairs) {
    return el("dl", { class: "facts" }, pairs.map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, value))));
  }

  function screeningPanel(record) {
    const screening = record.screening;
    if (!screening) return el("section", { class: "panel" }, el("h2", {}, "Screening"), el("p", {}, "Not screened yet."));
    return el("section", { class: "panel", "aria-labelledby": "screening-title" },
      el("h2", { id: "screening-title" }, "Screening"),
      el("p", {}, "Outcome: ", el("strong", {}, label("outcomes", screening.outcome)),
        el("span", { class: "hint" }, " (a recommendation: the decision is a person's)")),
      el("table", {},
        el("caption", { class: "visually-hidden" }, "Criteria"),
        el("thead", {}, el("tr", {}, ["Criterion", "Result", "Reason"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, screening.criteria.map((c) => el("tr", {},
          el("th", { scope: "row" }, label("criteria", c.criterion)),
          el("td", { class: `result-${c.result}` }, label("results", c.result)),
          el("td", { class: "text" }, c.reason))))),
      el("h3", {}, "Flags"),
      screening.flags.length
        ? el("ul", {}, screening.flags.map((f) => el("li", {}, flagBadge(f.code), " ", f.reason)))
        : el("p", { class: "not-given" }, "None"),
      record.missing_fields.length
        ? [el("h3", {}, "Missing information"), el("ul", { class: "missing" }, record.missing_fields.map((f) => el("li", {}, label("fields", f))))]
        : null,
      screening.next_steps && screening.next_steps.length
        ? [el("h3", {}, "Next steps suggested to the referrer"), el("ul", {}, screening.next_steps.map((s) => el("li", {}, s)))]
        : null);
  }

  // sources: for a field read from a call or a pasted note, the words it came from.
  function groupPanels(record, sources) {
    return el("div", { class: "columns" }, state.labels.groups.map((group) => {
      const value = record[group.group];
      const rows = value !== null && typeof value === "object" && !Array.isArray(value)
        ? group.fields.map((f) => [f.label, value[f.key], sources[f.name]])
        : [[group.fields[0].label, value, sources[group.fields[0].name]]];
      return el("section", { class: "panel", "aria-label": group.title },
        el("h2", {}, group.title),
        el("dl", { class: "fields" }, rows.map(([term, v, words]) => [
          el("dt", {}, term),
          el("dd", {}, valueNode(v),
            words ? el("span", { class: "source" }, "Read from: ", el("q", {}, words)) : null),
        ])));
    }));
  }

  function historyPanel(history) {
    return el("section", { class: "panel", id: "history", "aria-labelledby": "history-title" },
      el("h2", { id: "history-title" }, "Status history"),
      history.changes.length
        ? el("ol", { class: "changes" }, history.changes.map((c) => el("li", { class: "change" },
          el("p", { class: "change-what" }, `${label("statuses", c.from_status)} → ${label("statuses", c.to_status)}`),
          el("p", { class: "meta" }, `${formatWhen(c.at)}, ${c.by}`),
          el("p", { class: "text" }, withFlagNames(c.reason)))))
        : el("p", { class: "not-given" }, "No changes recorded."));
  }

  function decisionForm(reference, history, onDone) {
    if (!may("decide") || !history.allowed_next.length) return null;
    const message = el("p", { class: "error", role: "alert", hidden: true });
    const form = el("form", { class: "panel", "aria-labelledby": "decision-title" },
      el("h2", { id: "decision-title" }, "Record a decision"),
      el("p", { class: "hint" }, `Current status: ${label("statuses", history.status)}. Every change needs a reason; it is kept in the history and the audit log.`),
      el("label", { for: "new-status" }, "New status"),
      el("select", { id: "new-status", name: "status", required: true },
        el("option", { value: "" }, "Choose…"),
        history.allowed_next.map((s) => el("option", { value: s }, label("statuses", s)))),
      el("label", { for: "reason" }, "Reason"),
      el("textarea", { id: "reason", name: "reason", required: true, maxlength: "2000" }),
      message,
      el("button", { type: "submit" }, "Record decision"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.elements.status.value;
      const reason = form.elements.reason.value.trim();
      message.hidden = true;
      if (!status || !reason) {
        message.textContent = !status ? "Choose the new status." : "Give the reason for the decision.";
        message.hidden = false;
        (status ? form.elements.reason : form.elements.status).focus();
        return;
      }
      try {
        await api(`/api/referrals/${encodeURIComponent(reference)}/status`, { method: "POST", body: { status, reason } });
      } catch (error) {
        if (error.status === 401) return;
        message.textContent = error.message;
        message.hidden = false;
        return;
      }
      await onDone();
      announce(`Status changed to ${label("statuses", status)}.`);
      const historyHeading = document.getElementById("history-title");
      if (historyHeading) {
        historyHeading.setAttribute("tabindex", "-1");
        historyHeading.focus();
      }
    });
    return form;
  }

  function notesPanel(reference, notes, onDone) {
    const list = notes.length
      ? el("ul", { class: "notes" }, notes.map((n) => el("li", { class: "note" },
        el("p", { class: "meta" }, `${formatWhen(n.at)}, ${n.by}`), el("p", { class: "text" }, n.text))))
      : el("p", { class: "not-given" }, "No notes yet.");
    let form = null;
    if (may("write_notes")) {
      const message = el("p", { class: "error", role: "alert", hidden: true });
      form = el("form", {},
        el("label", { for: "note-text" }, "Add a note"),
        el("textarea", { id: "note-text", name: "text", required: true, maxlength: "10000" }),
        message,
        el("button", { type: "submit" }, "Add note"));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const text = form.elements.text.value.trim();
        if (!text) {
          message.textContent = "Write the note first.";
          message.hidden = false;
          return;
        }
        try {
          await api(`/api/referrals/${encodeURIComponent(reference)}/notes`, { method: "POST", body: { text } });
        } catch (error) {
          if (error.status === 401) return;
          message.textContent = error.message;
          message.hidden = false;
          return;
        }
        await onDone();
        announce("Note added.");
      });
    }
    return el("section", { class: "panel", "aria-labelledby": "notes-title" },
      el("h2", { id: "notes-title" }, "Case notes"), list, form);
  }

  const SPEAKERS = { professional: "Professional", bot: "Bot", art: "Access and Response Team" };

  function transcriptPanel(transcript) {
    return el("section", { class: "panel", "aria-labelledby": "transcript-title" },
      el("h2", { id: "transcript-title" }, "Conversation transcript"),
      el("p", { class: "hint no-print" }, "What the professional typed is shown exactly as written."),
      transcript.length
        ? el("ol", { class: "transcript" }, transcript.map((turn) => el("li", { class: `turn turn-${SPEAKERS[turn.speaker] ? turn.speaker : "bot"}` },
          el("p", { class: "meta" }, `${SPEAKERS[turn.speaker] || "Bot"}, ${formatWhen(turn.at)}`),
          el("p", { class: "text" }, turn.text))))
        : el("p", { class: "not-given" }, "No transcript."));
  }

  // Printing happens in the browser; the server is told, so every print is audited.
  // The button reports it before printing; Ctrl+P is caught by "beforeprint".
  let lastPrintRecorded = 0;
  async function recordPrint(reference) {
    if (Date.now() - lastPrintRecorded < 5000) return;
    lastPrintRecorded = Date.now();
    try {
      await api(`/api/referrals/${encodeURIComponent(reference)}/printed`, { method: "POST" });
    } catch (error) {
      announce("The print could not be recorded.");
    }
  }

  window.addEventListener("beforeprint", () => {
    const { parts } = parseHash();
    if (state.me && parts[0] === "referral" && parts[1]) recordPrint(decodeURIComponent(parts[1]));
  });

  async function showReferral(reference) {
    const path = `/api/referrals/${encodeURIComponent(reference)}`;
    let record;
    try {
      record = await api(path);
    } catch (error) {
      if (error.status === 404 || error.status === 403) {
        render(reference, el("p", { class: "error", role: "alert" }, error.message),
          el("p", {}, el("a", { href: "#/queue" }, "Back to the queue")));
        return;
      }
      throw error;
    }
    const [history, notes, spoken] = await Promise.all(
      [api(`${path}/history`), api(`${path}/notes`), api(`${path}/transcript`)]);
    const flags = record.screening ? record.screening.flags : [];
    const risk = flags.some((f) => f.code === "IMMEDIATE_RISK");
    const reload = () => showReferral(reference);

    const actions = el("div", { class: "actions" },
      el("a", { href: "#/queue", class: "button button-secondary" }, "Back to the queue"),
      may("export_referrals") ? [
        el("button", {
          type: "button",
          onclick: async () => {
            await recordPrint(reference);
            window.print();
          },
        }, "Print summary"),
        el("button", {
          type: "button", class: "button-secondary",
          onclick: () => download(`${path}/summary`, `${reference}-summary.html`).catch((e) => announce(e.message)),
        }, "Download summary (HTML)"),
        el("button", {
          type: "button", class: "button-secondary",
          onclick: () => download(`${path}/export`, `${reference}.json`).catch((e) => announce(e.message)),
        }, "Download record (JSON)"),
      ] : null);

    const person = record.young_person || {};
    const referrer = record.referrer || {};
    const organisation = typeof referrer.organisation === "string" && referrer.organisation.trim() ? `, ${referrer.organisation}` : "";
    renderTitled(`Referral ${record.reference}`,
      [`Young person: ${personName(person.first_name, person.last_name)}`,
        ` · Referred by ${personName(referrer.name)}${organisation}`],
      el("p", { class: "print-only" }, "South Gloucestershire Harmful Sexual Behaviour Service: referral summary. OFFICIAL-SENSITIVE: personal data about a child."),
      risk ? el("div", { class: "risk-banner", role: "alert" },
        el("strong", {}, "IMMEDIATE RISK recorded. "),
        "A child was said to be in immediate danger or still at risk now. Make sure the Access and Response Team has acted on it.") : null,
      actions,
      el("section", { class: "panel" },
        el("h2", { class: "visually-hidden" }, "Overview"),
        factsList([
          ["Status", statusBadge(record.status)],
          ["Screening", label("outcomes", record.screening ? record.screening.outcome : "not_screened")],
          ["Flags", flags.length ? flags.map((f) => flagBadge(f.code)) : "None"],
          ["Source", label("sources", record.source)],
          ["Created", formatWhen(record.created_at)],
          ["Submitted", record.submitted_at ? formatWhen(record.submitted_at) : "Not submitted"],
        ])),
      el("div", { class: "split" },
        screeningPanel(record),
        el("div", {}, decisionForm(record.reference, history, reload), historyPanel(history))),
      groupPanels(record, spoken.sources || {}),
      notesPanel(record.reference, notes, reload),
      transcriptPanel(record.transcript),
      el("p", { class: "print-only" }, `Printed ${formatWhen(new Date().toISOString())} by ${state.me.name}.`));
  }

  // ---- requests ------------------------------------------------------------------

  const REQUEST_TITLES = { consultation: "Consultation", training: "Training", handoff: "Hand-off to a person" };

  async function showRequests(kind, params) {
    if (!REQUEST_TITLES[kind]) kind = "consultation";
    const page = Math.max(1, Number(params.get("page")) || 1);
    const tabs = el("nav", { class: "actions", "aria-label": "Kinds of request" },
      Object.entries(REQUEST_TITLES)
        .filter(([k]) => k !== "handoff" || may("read_handoffs"))
        .map(([k, title]) => el("a", {
          href: `#/requests/${k}`, class: k === kind ? "button" : "button button-secondary",
          "aria-current": k === kind ? "page" : null,
        }, title)));
    const found = await api(`/api/requests/${kind}?page=${page}&per_page=${PER_PAGE}`);
    render("Requests", tabs,
      found.items.length
        ? el("table", {},
          el("caption", { class: "visually-hidden" }, `${REQUEST_TITLES[kind]} requests`),
          el("thead", {}, el("tr", {}, ["Request", "Received", "Source", "Referral"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, found.items.map((r) => el("tr", {},
            el("td", {}, el("a", { href: `#/request/${kind}/${r.id}` }, `${REQUEST_TITLES[kind]} ${r.id}`)),
            el("td", {}, formatWhen(r.created_at)),
            el("td", {}, label("sources", r.source)),
            el("td", {}, r.reference ? referralLink(r.reference) : "")))))
        : el("p", { class: "notice" }, "No requests."),
      pager(`requests/${kind}`, new URLSearchParams(), page, found.total, PER_PAGE));
  }

  async function showRequest(kind, id) {
    const request = await api(`/api/requests/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
    const details = { ...request.details };
    const transcript = Array.isArray(details.transcript) ? details.transcript : null;
    delete details.transcript;
    render(`${REQUEST_TITLES[kind] || kind} request ${request.id}`,
      el("div", { class: "actions" }, el("a", { href: `#/requests/${kind}`, class: "button button-secondary" }, "Back to the requests")),
      el("section", { class: "panel" },
        factsList([
          ["Received", formatWhen(request.created_at)],
          ["Source", label("sources", request.source)],
          ["Referral", request.reference ? referralLink(request.reference) : "None"],
        ]),
        el("dl", { class: "fields" }, Object.entries(details).map(([k, v]) => [
          el("dt", {}, k.replace(/_/g, " ")), el("dd", {}, valueNode(v))]))),
      transcript ? transcriptPanel(transcript) : null);
  }

  // ---- audit log (administrators) ------------------------------------------------

  async function showAudit(params) {
    const query = new URLSearchParams();
    for (const key of ["reference", "actor", "action", "since", "until"]) {
      if (params.get(key)) query.set(key, params.get(key));
    }
    const page = Math.max(1, Number(params.get("page")) || 1);
    const found = await api(`/api/audit?${query}&page=${page}&per_page=50`);
    const form = el("form", { class: "panel filters", role: "search", "aria-label": "Filter the audit log" },
      inputField("reference", "Reference", "text", params.get("reference")),
      inputField("actor", "Who (e.g. staff:Jo Bloggs)", "text", params.get("actor")),
      inputField("action", "Action (e.g. referral.read)", "text", params.get("action")),
      inputField("since", "From", "date", params.get("since")),
      inputField("until", "To", "date", params.get("until")),
      el("div", {}, el("button", { type: "submit" }, "Apply filters")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = new URLSearchParams();
      for (const [key, value] of new FormData(form).entries()) if (value) chosen.set(key, String(value));
      location.hash = `#/audit?${chosen}`;
    });
    render("Audit log", form,
      el("table", {},
        el("caption", { class: "visually-hidden" }, "Audit entries, newest first"),
        el("thead", {}, el("tr", {}, ["When", "Who", "Action", "Reference", "Detail"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, found.items.map((e) => el("tr", {},
          el("td", {}, formatWhen(e.at)), el("td", {}, e.actor), el("td", {}, e.action),
          el("td", {}, e.reference ? referralLink(e.reference) : ""), el("td", { class: "text" }, withFlagNames(e.detail)))))),
      pager("audit", query, page, found.total, 50));
  }

  // ---- staff accounts (administrators) ----------------------------------------------

  async function showStaff() {
    const accounts = await api("/api/staff");
    const issued = el("div", { "aria-live": "polite" });
    const message = el("p", { class: "error", role: "alert", hidden: true });
    const form = el("form", { class: "panel", "aria-labelledby": "new-token-title" },
      el("h2", { id: "new-token-title" }, "Issue a token"),
      el("p", { class: "hint" }, "A new name creates the account with the role chosen. The token is shown once."),
      el("label", { for: "account-name" }, "Name"),
      el("input", { id: "account-name", name: "name", required: true, maxlength: "100", autocomplete: "off" }),
      el("label", { for: "account-role" }, "Role"),
      el("select", { id: "account-role", name: "role" },
        Object.entries(state.labels.roles).map(([value, text]) => el("option", { value }, text))),
      el("label", { for: "expires" }, "Expires after (days, optional)"),
      el("input", { id: "expires", name: "expires", type: "number", min: "1", max: "3650" }),
      message, el("button", { type: "submit" }, "Issue token"), issued);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      message.hidden = true;
      const days = form.elements.expires.value;
      try {
        const token = await api("/api/staff/tokens", {
          method: "POST",
          body: { name: form.elements.name.value, role: form.elements.role.value, expires_in_days: days ? Number(days) : null },
        });
        issued.replaceChildren(el("p", {}, `Token ${token.id} for ${token.account}. Copy it now; it will not be shown again:`),
          el("p", { class: "token-once" }, token.token));
      } catch (error) {
        if (error.status === 401) return;
        message.textContent = error.message;
        message.hidden = false;
      }
    });
    const rows = accounts.flatMap((account) => (account.tokens.length ? account.tokens : [null]).map((token) =>
      el("tr", {},
        el("td", {}, account.name), el("td", {}, label("roles", account.role)),
        el("td", {}, token ? `Token ${token.id}` : "No token"),
        el("td", {}, token ? formatWhen(token.created_at) : ""),
        el("td", {}, token && token.expires_at ? formatWhen(token.expires_at) : ""),
        el("td", {}, token ? (token.active ? "Active" : token.revoked_at ? "Revoked" : "Expired") : ""),
        el("td", {}, token && token.active ? el("button", {
          type: "button", class: "button-danger",
          onclick: async () => {
            await api(`/api/staff/tokens/${token.id}/revoke`, { method: "POST" });
            announce(`Token ${token.id} revoked.`);
            await showStaff();
          },
        }, `Revoke token ${token.id}`) : ""))));
    render("Staff accounts", form,
      el("table", {},
        el("caption", { class: "visually-hidden" }, "Accounts and tokens"),
        el("thead", {}, el("tr", {}, ["Name", "Role", "Token", "Made", "Expires", "State", ""].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, rows)));
  }

  // ---- start ---------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("sign-in-form").addEventListener("submit", (event) => {
      onSignIn(event).catch(() => showSignIn("The dashboard could not reach the server. Try again."));
    });
    document.getElementById("sign-out").addEventListener("click", () => signOut("You have signed out."));
    window.addEventListener("hashchange", () => { route(); });
    if (sessionStorage.getItem(TOKEN_KEY)) {
      startSession().catch(() => signOut());
    } else {
      showSignIn();
    }
  });
})();
