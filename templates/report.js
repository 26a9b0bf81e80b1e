// aligner report: filters, finding selection and j/k, review decisions, help, counterpart highlighting.
// One namespace, one init hook. Text from the documents is never parsed as HTML here: the page is built on the
// server with escaping, and this script only moves classes around, sets text and wraps existing text nodes.
"use strict";
var AlignerReport = {
  data: { pairs: {}, findings: [], result: "" },
  current: null, // the selected li.finding
  prepared: new WeakSet(),
  labels: { "open": "open", "confirmed": "confirmed", "false-alarm": "false alarm", "fixed": "fixed" },

  init: function () {
    var R = AlignerReport;
    var blob = document.getElementById("report-data");
    if (blob) { R.data = JSON.parse(blob.textContent); }
    R.restore();
    document.querySelectorAll("input[data-filter], #only-findings").forEach(function (box) {
      box.addEventListener("change", R.applyFilters);
    });
    document.getElementById("show-pivot").addEventListener("change", function (event) {
      document.body.classList.toggle("show-pivot", event.target.checked);
    });
    document.getElementById("next-finding").addEventListener("click", function () { R.step(1); });
    document.getElementById("prev-finding").addEventListener("click", function () { R.step(-1); });
    document.getElementById("open-help").addEventListener("click", function () { document.getElementById("help").showModal(); });
    document.getElementById("close-help").addEventListener("click", function () { document.getElementById("help").close(); });
    document.getElementById("export-json").addEventListener("click", function () { R.exportDecisions("json"); });
    document.getElementById("export-csv").addEventListener("click", function () { R.exportDecisions("csv"); });
    document.querySelectorAll("button[data-review]").forEach(function (button) {
      button.addEventListener("click", function () { R.decide(button.dataset.review); });
    });
    document.addEventListener("keydown", R.onKey);
    var rows = document.querySelector("table.rows");
    rows.addEventListener("mouseover", R.onPoint);
    rows.addEventListener("focusin", R.onPoint);
    rows.addEventListener("mouseout", R.clearPairs);
    rows.addEventListener("focusout", R.clearPairs);
    rows.addEventListener("click", R.onClick);
    rows.addEventListener("change", R.onReview);
    rows.addEventListener("input", R.onComment);
    R.updateSummary();
    R.applyFilters();
  },

  // Keyboard shortcuts are declared in the markup: the element with data-shortcut="KEY" is clicked.
  onKey: function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if ((tag === "INPUT" && event.target.type !== "checkbox") || tag === "TEXTAREA" || tag === "SELECT") { return; }
    if (event.key === "Enter" && event.target.matches("li.finding, mark.f")) { AlignerReport.onClick(event); return; }
    var match = Array.prototype.find.call(document.querySelectorAll("[data-shortcut]"), function (el) {
      return el.dataset.shortcut === event.key;
    });
    if (!match) { return; }
    event.preventDefault();
    match.click();
  },

  item: function (number) {
    return document.querySelector('li.finding[data-f="' + number + '"]');
  },

  isActive: function (item) {
    var on = function (kind, value) {
      return Array.prototype.some.call(document.querySelectorAll('input[data-filter="' + kind + '"]'), function (box) {
        return box.checked && box.value === value;
      });
    };
    return on("type", item.dataset.type) && on("severity", item.dataset.severity) && on("review", item.dataset.reviewState);
  },

  applyFilters: function () {
    var R = AlignerReport;
    var only = document.getElementById("only-findings").checked;
    var active = {};
    document.querySelectorAll("li.finding").forEach(function (item) { active[item.dataset.f] = R.isActive(item); });
    var shown = 0, matching = 0;
    document.querySelectorAll("tr.row").forEach(function (row) {
      var items = row.querySelectorAll("li.finding");
      var hits = Array.prototype.filter.call(items, function (item) { return active[item.dataset.f]; }).length;
      row.classList.toggle("active-f", hits > 0);
      row.classList.toggle("hidden", only && hits === 0);
      row.querySelectorAll("[data-f]").forEach(function (el) {
        var on = el.dataset.f.split(" ").some(function (n) { return active[n]; });
        el.classList.toggle("off", !on);
      });
      if (!row.classList.contains("hidden")) { shown += 1; }
      matching += hits;
    });
    document.getElementById("status").textContent = shown + " rows shown, " + matching + " findings match the filters";
  },

  // Move to the next (dir 1) or previous (dir -1) finding that passes the filters, in reading order.
  step: function (dir) {
    var R = AlignerReport;
    var items = R.visibleItems();
    if (!items.length) { return; }
    var at = items.indexOf(R.current);
    var next = at < 0 ? (dir > 0 ? items[0] : items[items.length - 1]) : items[Math.min(items.length - 1, Math.max(0, at + dir))];
    R.select(next, true);
  },

  visibleItems: function () {
    return Array.prototype.slice.call(document.querySelectorAll("tr.row.active-f:not(.hidden) li.finding:not(.off)"));
  },

  // Select a finding: mark it and its row, and highlight what it covers on both sides.
  select: function (item, scroll) {
    var R = AlignerReport;
    document.querySelectorAll("tr.current, li.finding.current, mark.f.sel").forEach(function (el) {
      el.classList.remove("current", "sel");
    });
    R.current = item;
    var row = item.closest("tr");
    row.classList.add("current");
    item.classList.add("current");
    document.querySelectorAll('mark.f[data-f~="' + item.dataset.f + '"]').forEach(function (mark) { mark.classList.add("sel"); });
    item.focus({ preventScroll: true });
    if (scroll) { row.scrollIntoView({ block: "center" }); }
    var items = R.visibleItems();
    var at = items.indexOf(item);
    document.getElementById("status").textContent = at < 0 ? "finding selected" : "finding " + (at + 1) + " of " + items.length;
  },

  // A click on a finding or on a highlight selects that finding; the review controls keep their own clicks.
  onClick: function (event) {
    var R = AlignerReport;
    var target = event.target;
    if (!target.closest || target.closest("select, input, a")) { return; }
    var item = target.closest("li.finding");
    var mark = target.closest("mark.f");
    if (!item && mark) { item = R.item(mark.dataset.f.split(" ")[0]); }
    if (item) { R.select(item, false); }
  },

  onReview: function (event) {
    if (!event.target.matches("select.review-state")) { return; }
    AlignerReport.setState(event.target.closest("li.finding"), event.target.value);
  },

  // The decision buttons (and their keys) act on the selected finding.
  decide: function (state) {
    var R = AlignerReport;
    if (!R.current) { document.getElementById("status").textContent = "select a finding first (click it, or j)"; return; }
    R.current.querySelector("select.review-state").value = state;
    R.setState(R.current, state);
  },

  setState: function (item, state) {
    var R = AlignerReport;
    item.dataset.reviewState = state;
    R.save();
    R.updateSummary();
    R.applyFilters();
  },

  onComment: function (event) {
    if (!event.target.matches("input.review-comment")) { return; }
    event.target.closest("li.finding").querySelector(".comment-text").textContent = event.target.value;
    AlignerReport.save();
  },

  // Decisions stay in this browser, under the result's id, so that a reload (or a re-rendered copy) keeps them.
  storageKey: function () { return "aligner-reviews:" + AlignerReport.data.result; },

  save: function () {
    var decisions = {};
    document.querySelectorAll("li.finding").forEach(function (item) {
      decisions[item.dataset.key] = { state: item.dataset.reviewState, comment: item.querySelector("input.review-comment").value };
    });
    try {
      window.localStorage.setItem(AlignerReport.storageKey(), JSON.stringify(decisions));
    } catch (error) {
      document.getElementById("status").textContent = "decisions cannot be kept in this browser: export them";
    }
  },

  restore: function () {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(AlignerReport.storageKey()) || "null"); } catch (error) { saved = null; }
    if (!saved) { return; }
    document.querySelectorAll("li.finding").forEach(function (item) {
      var decision = saved[item.dataset.key];
      if (!decision || !AlignerReport.labels.hasOwnProperty(decision.state)) { return; }
      item.dataset.reviewState = decision.state;
      item.querySelector("select.review-state").value = decision.state;
      var comment = typeof decision.comment === "string" ? decision.comment : "";
      item.querySelector("input.review-comment").value = comment;
      item.querySelector(".comment-text").textContent = comment;
    });
  },

  // "12 findings: 5 open, 4 confirmed, 3 false alarms", as aligner.reviews.review_summary writes it.
  updateSummary: function () {
    var R = AlignerReport;
    var counts = {};
    var items = document.querySelectorAll("li.finding");
    items.forEach(function (item) { counts[item.dataset.reviewState] = (counts[item.dataset.reviewState] || 0) + 1; });
    var parts = Object.keys(R.labels).filter(function (state) { return counts[state]; }).map(function (state) {
      return counts[state] + " " + R.labels[state] + (state === "false-alarm" && counts[state] !== 1 ? "s" : "");
    });
    var head = items.length + (items.length === 1 ? " finding" : " findings");
    document.getElementById("review-summary").textContent = parts.length ? head + ": " + parts.join(", ") : head;
  },

  decisions: function () {
    return AlignerReport.data.findings.map(function (record, number) {
      var item = AlignerReport.item(number);
      var out = {};
      Object.keys(record).forEach(function (key) { out[key] = record[key]; });
      out.state = item ? item.dataset.reviewState : "open";
      out.comment = item ? item.querySelector("input.review-comment").value : "";
      return out;
    });
  },

  // Export as the JSON file that `aligner compare/report --reviews FILE` reads, or as CSV for a spreadsheet.
  exportDecisions: function (format) {
    var R = AlignerReport;
    var decisions = R.decisions();
    var text, type;
    if (format === "json") {
      text = JSON.stringify({ tool: "aligner", reviews: 1, result: R.data.result, decisions: decisions }, null, 1) + "\n";
      type = "application/json";
    } else {
      var columns = ["row", "type", "severity", "state", "comment", "message", "source", "target", "key"];
      var cell = function (value) {
        var text = Array.isArray(value) ? value.join(" | ") : String(value);
        if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; } // never a formula in a spreadsheet
        return '"' + text.replace(/"/g, '""') + '"';
      };
      text = [columns.join(",")].concat(decisions.map(function (d) {
        return columns.map(function (c) { return cell(d[c]); }).join(",");
      })).join("\r\n") + "\r\n";
      type = "text/csv";
    }
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    link.download = "reviews-" + R.data.result + "." + format;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    document.getElementById("status").textContent = decisions.length + " decisions exported as " + format.toUpperCase();
  },

  // Hovering or focusing a highlight or a word lights up its counterpart(s) in the same row.
  onPoint: function (event) {
    var R = AlignerReport;
    var row = event.target.closest && event.target.closest("tr.row");
    if (!row) { return; }
    R.prepare(row);
    R.clearPairs();
    var mark = event.target.closest("mark.f");
    if (mark) {
      var numbers = mark.dataset.f.split(" ");
      row.querySelectorAll("mark.f").forEach(function (other) {
        if (other.dataset.f.split(" ").some(function (n) { return numbers.indexOf(n) >= 0; })) { other.classList.add("pair"); }
      });
    }
    var ids = [];
    for (var el = event.target.closest(".w"); el && row.contains(el); el = el.parentElement.closest(".w")) {
      ids = ids.concat(el.dataset.p.split(" "));
    }
    if (!ids.length) { return; }
    row.querySelectorAll(".w").forEach(function (word) {
      if (word.dataset.p.split(" ").some(function (p) { return ids.indexOf(p) >= 0; })) { word.classList.add("pair"); }
    });
  },

  clearPairs: function () {
    document.querySelectorAll(".pair").forEach(function (el) { el.classList.remove("pair"); });
  },

  // Wrap the row's paired words in spans, once, the first time the row is pointed at.
  prepare: function (row) {
    var R = AlignerReport;
    if (R.prepared.has(row)) { return; }
    R.prepared.add(row);
    var pairs = R.data.pairs[row.id];
    if (!pairs) { return; }
    var cells = [row.querySelector("td.source"), row.querySelector("td.target")];
    [0, 1].forEach(function (side) {
      var ranges = {};
      pairs.forEach(function (pair, p) {
        var key = pair[2 * side] + ":" + pair[2 * side + 1];
        (ranges[key] = ranges[key] || []).push(p);
      });
      Object.keys(ranges).forEach(function (key) {
        var bounds = key.split(":");
        R.wrap(cells[side], Number(bounds[0]), Number(bounds[1]), ranges[key].join(" "));
      });
    });
  },

  // Wrap characters start..end (UTF-16 offsets in the cell's segment text) in span.w elements.
  wrap: function (cell, start, end, ids) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".seg") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push(n); }
    var pos = 0;
    nodes.forEach(function (node) {
      var length = node.length, from = Math.max(start, pos), to = Math.min(end, pos + length);
      if (from < to) {
        var piece = from > pos ? node.splitText(from - pos) : node;
        if (to - from < piece.length) { piece.splitText(to - from); }
        var span = document.createElement("span");
        span.className = "w";
        span.dataset.p = ids;
        piece.parentNode.insertBefore(span, piece);
        span.appendChild(piece);
      }
      pos += length;
    });
  }
};
document.addEventListener("DOMContentLoaded", AlignerReport.init);
