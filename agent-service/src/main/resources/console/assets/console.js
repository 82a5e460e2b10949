// The mgmt-bus operator console: plain JavaScript over the agent's HTTP API (the same calls as
// curl), no framework and no build step. Pages are sections switched by the URL's hash.
"use strict";

const $ = (selector) => document.querySelector(selector);
let token = sessionStorage.getItem("mgmt-token");
let nodes = [];
let refreshers = [];
let dispatchRun = 0; // the latest dispatch; an older one's follow-up stops
const AUDIT_LIMIT = 5000;

/** Calls the API; asks for the agent's token when it answers 401. */
async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token) headers["Authorization"] = "Bearer " + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    const form = $("#token-form");
    if (form.hidden) {
      form.hidden = false;
      $("#token").focus();
    }
    throw new Error(token ? "the agent refused this token" : "the agent needs a token");
  }
  return response;
}

async function json(path, options) {
  const response = await api(path, options);
  const body = await response.json();
  if (!response.ok && response.status !== 504) throw new Error(body.error || response.statusText);
  return body;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function linkCell(row, reqid) {
  const td = document.createElement("td");
  const a = document.createElement("a");
  a.href = "#requests/" + encodeURIComponent(reqid);
  a.textContent = reqid;
  td.appendChild(a);
  row.appendChild(td);
}

function value(data) {
  return typeof data === "string" ? data : JSON.stringify(data);
}

/** How a node's missing or failed answer reads: unknown nodes and timeouts are named as such. */
function errorKind(error) {
  if (error === "unknown cluster node") return "unknown node";
  if (error && error.startsWith("no response within")) return "timed out";
  if (error === "cancelled") return "cancelled";
  if (error && error.startsWith("not started")) return "not started";
  return "error";
}

// --- Nodes -------------------------------------------------------------------------------------

async function refreshNodes() {
  nodes = await json("/nodes");
  const body = $("#nodes-table tbody");
  body.replaceChildren();
  for (const n of nodes) {
    const row = body.insertRow();
    row.dataset.node = n.node;
    cell(row, n.node);
    cell(row, n.instance);
    cell(row, Object.entries(n.labels || {}).map(([k, v]) => k + "=" + v).join(", ") || "-");
    cell(row, (n.actions || []).join(", "));
    cell(row, new Date(n.last_seen).toLocaleTimeString());
    cell(row, n.live ? "live" : "stale", n.live ? "ok" : "stale");
  }
  const live = nodes.filter((n) => n.live).length;
  say($("#nodes-summary"), nodes.length + " nodes, " + live + " live");
  suggestTargets();
  const names = $("#audit-node-names");
  names.replaceChildren(...nodes.map((n) => Object.assign(document.createElement("option"), { value: n.node })));
}

/** Autocomplete for a comma-separated list: each suggestion is what is typed so far plus a node. */
function suggestTargets() {
  const typed = $("#targets").value;
  const cut = typed.lastIndexOf(",");
  const prefix = cut < 0 ? "" : typed.slice(0, cut + 1);
  const chosen = new Set(prefix.split(",").map((s) => s.trim()).filter(Boolean));
  const list = $("#node-names");
  list.replaceChildren();
  for (const n of nodes) {
    if (chosen.has(n.node)) continue;
    const option = document.createElement("option");
    option.value = prefix + n.node;
    list.appendChild(option);
  }
}

// --- Dispatch ----------------------------------------------------------------------------------

async function dispatch(event) {
  event.preventDefault();
  const split = (text, by) => text.split(by).map((s) => s.trim()).filter(Boolean);
  const body = {
    action: [$("#action").value.trim()].concat(split($("#args").value, /\s+/)),
    nodes: split($("#targets").value, ","),
    timeout: $("#timeout").value.trim() || undefined,
  };
  if ($("#select").value.trim()) body.select = $("#select").value.trim();
  const status = $("#dispatch-status");
  const table = $("#answers-table");
  const button = $("#dispatch-button");
  const run = ++dispatchRun;
  table.querySelector("tbody").replaceChildren();
  table.hidden = true;
  status.className = "";
  button.disabled = true;
  try {
    const response = await api("/dispatch", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const accepted = await response.json();
    if (!response.ok) {
      status.textContent = "Refused: " + accepted.error;
      status.className = "error";
      return;
    }
    status.textContent = "Dispatched " + accepted.reqid + ", waiting for answers...";
    table.hidden = false;
    await follow(accepted.reqid, status, table, run, seconds(body.timeout) + 10);
  } catch (e) {
    status.textContent = "Failed: " + e.message;
    status.className = "error";
  } finally {
    if (run === dispatchRun) button.disabled = false;
  }
}

/** The form's timeout in seconds (10 when it cannot tell), to know when to stop waiting. */
function seconds(timeout) {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(timeout || "");
  if (!m) return 10;
  const n = parseFloat(m[1]);
  return m[2] === "ms" ? n / 1000 : m[2] === "m" ? n * 60 : n;
}

/** Shows each node's answer as it arrives, then the outcome's state and the nodes that never answered. */
async function follow(reqid, status, table, run, waitSeconds) {
  const shown = new Set();
  const body = table.querySelector("tbody");
  const giveUp = Date.now() + waitSeconds * 1000;
  while (run === dispatchRun) {
    if (Date.now() > giveUp) {
      status.textContent = "Request " + reqid + ": no outcome within " + Math.round(waitSeconds)
          + " s. Is the streams-app running? The request stays on the bus; see Requests.";
      status.className = "error";
      return;
    }
    const response = await api("/requests/" + encodeURIComponent(reqid));
    if (response.ok) {
      const r = await response.json();
      for (const answer of r.responses) {
        if (shown.has(answer.node)) continue;
        shown.add(answer.node);
        answerRow(body, answer.node, answer.success, answer.success ? value(answer.data) : answer.error,
            answer.after_ms);
      }
      if (r.outcome) {
        for (const e of r.outcome.errors) {
          if (!shown.has(e.node)) answerRow(body, e.node, false, e.error);
        }
        const o = r.outcome;
        status.textContent = "Request " + reqid + ": " + o.state.replace("_", " ") + " in " + o.duration_ms
            + " ms, " + o.success_count + " ok, " + o.error_count + " errors";
        status.className = o.state === "complete" && o.error_count === 0 ? "ok" : "error";
        return;
      }
      status.textContent = "Request " + reqid + ": " + shown.size + " answered so far...";
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function answerRow(body, node, success, text, afterMs) {
  const row = body.insertRow();
  row.dataset.node = node || "";
  cell(row, node || "(the request)");
  cell(row, success ? "ok" : errorKind(text), success ? "ok" : "error");
  cell(row, text, success ? "" : "error");
  cell(row, afterMs === undefined ? "" : afterMs + " ms");
}

// --- Requests ----------------------------------------------------------------------------------

async function refreshRequests() {
  // Rebuilding the table would take the keyboard focus away from whoever is reading it.
  if ($("#requests-table").contains(document.activeElement)) return;
  const list = await json("/requests?limit=50");
  const body = $("#requests-table tbody");
  body.replaceChildren();
  for (const r of list) {
    const row = body.insertRow();
    linkCell(row, r.reqid);
    cell(row, r.action.join(" "));
    cell(row, new Date(r.issued_at).toLocaleTimeString());
    cell(row, r.state.replace("_", " "), r.state === "complete" ? "ok" : r.state === "pending" ? "" : "error");
    cell(row, r.duration_ms === undefined ? "" : r.duration_ms + " ms");
    cell(row, r.answers);
    cell(row, r.success_count);
    cell(row, r.error_count, r.error_count > 0 ? "error" : "");
  }
}

async function showRequest(reqid) {
  $("#request-reqid").textContent = reqid;
  const body = $("#request-table tbody");
  body.replaceChildren();
  const response = await api("/requests/" + encodeURIComponent(reqid));
  const r = await response.json();
  if (!response.ok) {
    $("#request-summary").textContent = r.error;
    return;
  }
  const req = r.request || {};
  $("#request-summary").textContent = (req.action || []).join(" ") + " to "
      + ((req.nodes || []).length ? req.nodes.join(", ") : "all nodes")
      + (req.select ? " matching " + req.select : "") + ": " + r.state.replace("_", " ")
      + (r.outcome ? " in " + r.outcome.duration_ms + " ms" : "");
  const answered = new Set();
  for (const a of r.responses) {
    answered.add(a.node);
    answerRow(body, a.node, a.success, a.success ? value(a.data) : a.error, a.after_ms);
  }
  for (const e of r.outcome ? r.outcome.errors : []) {
    if (!answered.has(e.node)) answerRow(body, e.node, false, e.error);
  }
}

// --- Audit -------------------------------------------------------------------------------------

async function audit(event) {
  event.preventDefault();
  const params = new URLSearchParams({ limit: String(AUDIT_LIMIT) });
  for (const field of ["reqid", "node", "action", "since", "until"]) {
    const v = $("#audit-" + field).value.trim();
    if (v) params.set(field, v);
  }
  const status = $("#audit-status");
  status.className = "";
  const response = await api("/audit?" + params);
  const text = await response.text();
  if (!response.ok) {
    status.textContent = "Refused: " + JSON.parse(text).error;
    status.className = "error";
    return;
  }
  const lines = text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const failure = lines.find((line) => line.error);
  const events = lines.filter((line) => !line.error);
  status.textContent = events.length + " events"
      + (events.length >= AUDIT_LIMIT ? " (the first " + AUDIT_LIMIT + " only: narrow the search)" : "")
      + (failure ? "; the search stopped: " + failure.error : "");
  status.className = failure ? "error" : "";
  const body = $("#audit-table tbody");
  body.replaceChildren();
  for (const e of events) {
    const row = body.insertRow();
    cell(row, new Date(e.timestamp).toLocaleTimeString());
    cell(row, e.topic);
    const reqid = e.event && e.event.reqid ? e.event.reqid : null;
    if (reqid) linkCell(row, reqid); else cell(row, e.key);
    cell(row, summary(e));
  }
  $("#audit-table").hidden = false;
  chart(events.filter((e) => e.topic === "outcomes" && e.event));
}

function summary(e) {
  const v = e.event;
  if (!v) return e.problem ? "undecodable: " + e.problem : "null value";
  switch (e.topic) {
    case "requests": return (v.wave ? "wave " + v.wave + ": " : "request ") + v.action.join(" ") + " to "
        + (v.nodes.length ? v.nodes.join(",") : "all nodes") + (v.selector ? " matching " + v.selector : "");
    case "responses": return "answer from " + v.result.node + ": " + (v.result.success ? "ok" : "error " + v.result.error);
    case "outcomes": return "outcome " + v.state.toLowerCase() + ": " + v.success_count + " ok, " + v.error_count + " errors";
    case "cancels": return "cancel" + (v.requester ? " by " + v.requester : "") + (v.reason ? ": " + v.reason : "");
    case "deadletter": return "dead letter from " + v.sourceTopic + ": " + v.reason;
    default: return JSON.stringify(v);
  }
}

const STATES = ["COMPLETE", "TIMED_OUT", "CANCELLED", "STOPPED"];
const FILLS = { COMPLETE: "#2e7d32", TIMED_OUT: "#c62828", CANCELLED: "#6d6d6d", STOPPED: "#ef6c00" };

/** Requests per minute by outcome state, as stacked bars (numbers in each bar's title and the table below). */
function chart(outcomes) {
  const figure = $("#audit-chart-figure");
  if (!outcomes.length) { figure.hidden = true; return; }
  const buckets = new Map();
  for (const o of outcomes) {
    const minute = Math.floor(Date.parse(o.timestamp) / 60000);
    const counts = buckets.get(minute) || {};
    counts[o.event.state] = (counts[o.event.state] || 0) + 1;
    buckets.set(minute, counts);
  }
  const minutes = [...buckets.keys()].sort((a, b) => a - b);
  const first = minutes[0];
  const span = minutes[minutes.length - 1] - first + 1;
  const max = Math.max(...[...buckets.values()].map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
  const width = Math.max(520, Math.min(900, span * 24 + 60));
  const height = 180;
  const barWidth = Math.min(40, (width - 50) / span);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height + 40);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Requests per minute by outcome state; the table below has the counts");
  svg.dataset.states = [...new Set(outcomes.map((o) => o.event.state))].join(" ");
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.appendChild(el);
    return el;
  };
  add("text", { x: 0, y: 12 }, String(max));
  add("text", { x: 0, y: height }, "0");
  for (const m of minutes) {
    let y = height;
    const x = 40 + (m - first) * barWidth;
    for (const state of STATES) {
      const n = (buckets.get(m) || {})[state] || 0;
      if (!n) continue;
      const h = (n / max) * (height - 10);
      y -= h;
      const bar = add("rect", { x, y, width: Math.max(2, barWidth - 3), height: h, fill: FILLS[state] });
      const title = document.createElementNS(ns, "title");
      title.textContent = new Date(m * 60000).toLocaleTimeString() + ": " + n + " " + state.toLowerCase();
      bar.appendChild(title);
    }
  }
  const minuteLabel = (m) => new Date(m * 60000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  add("text", { x: 40, y: height + 14 }, minuteLabel(first));
  if (span > 1) add("text", { x: 40 + (span - 1) * barWidth, y: height + 14 }, minuteLabel(first + span - 1));
  let lx = 40;
  for (const state of STATES) {
    add("rect", { x: lx, y: height + 24, width: 10, height: 10, fill: FILLS[state] });
    add("text", { x: lx + 14, y: height + 33 }, state.toLowerCase().replace("_", " "));
    lx += 110;
  }
  $("#audit-chart").replaceChildren(svg);
  const counts = $("#audit-counts tbody");
  counts.replaceChildren();
  for (const m of minutes) {
    const row = counts.insertRow();
    cell(row, minuteLabel(m));
    for (const state of STATES) cell(row, (buckets.get(m) || {})[state] || 0);
  }
  figure.hidden = false;
}

// --- Pages -------------------------------------------------------------------------------------

function every(ms, refresh) {
  const run = () => refresh().catch((e) => { $("#health").textContent = e.message; });
  run();
  refreshers.push(setInterval(run, ms));
}

function show() {
  refreshers.forEach(clearInterval);
  refreshers = [];
  let hash;
  try {
    hash = decodeURIComponent(location.hash.slice(1)) || "nodes";
  } catch (e) {
    hash = "nodes";
  }
  let [page, reqid] = hash.startsWith("requests/") ? ["request", hash.slice("requests/".length)] : [hash, null];
  if (!document.querySelector("main section[data-page='" + page + "']")) page = "nodes";
  for (const section of document.querySelectorAll("main section")) {
    section.hidden = section.dataset.page !== page;
  }
  for (const link of document.querySelectorAll("nav a")) {
    const current = link.getAttribute("href") === "#" + (page === "request" ? "requests" : page);
    if (current) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  every(5000, refreshHealth);
  if (page === "nodes") every(2000, refreshNodes);
  if (page === "dispatch" || page === "audit") refreshNodes().catch(() => {});
  if (page === "requests") every(3000, refreshRequests);
  if (page === "request") showRequest(reqid).catch((e) => { $("#request-summary").textContent = e.message; });
}

async function refreshHealth() {
  const response = await fetch("/health");
  const h = await response.json();
  const el = $("#health");
  say(el, "Bus " + h.status + ", streams-app " + h.streams_app + ", " + h.nodes + " nodes");
  el.className = h.status === "ok" ? "ok" : "error";
}

/** Writes a live region only when its text changes, so screen readers are not told the same thing again. */
function say(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

$("#dispatch-form").addEventListener("submit", dispatch);
$("#audit-form").addEventListener("submit", (e) => audit(e).catch((err) => { $("#audit-status").textContent = err.message; }));
$("#targets").addEventListener("input", suggestTargets);
$("#token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("mgmt-token", token);
  $("#token-form").hidden = true;
  show();
});
$("#skip").addEventListener("click", (e) => {
  e.preventDefault(); // the hash names pages: moving the focus must not change it
  $("#main").focus();
});
window.addEventListener("hashchange", show);
show();
