// aligner report: filters, j/k navigation, help, counterpart highlighting.
// One namespace, one init hook. Text from the documents is never parsed as HTML here: the page is built on the
// server with escaping, and this script only moves classes around and wraps existing text nodes.
"use strict";
var AlignerReport = {
  data: { pairs: {} },
  findings: {}, // finding number -> {type, severity}
  current: null,
  prepared: new WeakSet(),

  init: function () {
    var R = AlignerReport;
    var blob = document.getElementById("report-data");
    if (blob) { R.data = JSON.parse(blob.textContent); }
    document.querySelectorAll(".badge[data-f]").forEach(function (badge) {
      R.findings[badge.dataset.f] = { type: badge.dataset.type, severity: badge.dataset.severity };
    });
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
    document.addEventListener("keydown", R.onKey);
    var rows = document.querySelector("table.rows");
    rows.addEventListener("mouseover", R.onPoint);
    rows.addEventListener("focusin", R.onPoint);
    rows.addEventListener("mouseout", R.clearPairs);
    rows.addEventListener("focusout", R.clearPairs);
    R.applyFilters();
  },

  // Keyboard shortcuts are declared in the markup: the element with data-shortcut="KEY" is clicked.
  onKey: function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if ((tag === "INPUT" && event.target.type !== "checkbox") || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var match = Array.prototype.find.call(document.querySelectorAll("[data-shortcut]"), function (el) {
      return el.dataset.shortcut === event.key;
    });
    if (!match) { return; }
    event.preventDefault();
    match.click();
  },

  isActive: function (number) {
    var f = AlignerReport.findings[number];
    if (!f) { return false; }
    var on = function (kind, value) {
      return Array.prototype.some.call(document.querySelectorAll('input[data-filter="' + kind + '"]'), function (box) {
        return box.checked && box.value === value;
      });
    };
    return on("type", f.type) && on("severity", f.severity);
  },

  applyFilters: function () {
    var R = AlignerReport;
    var only = document.getElementById("only-findings").checked;
    var active = {};
    Object.keys(R.findings).forEach(function (n) { active[n] = R.isActive(n); });
    var shown = 0, matching = 0;
    document.querySelectorAll("tr.row").forEach(function (row) {
      var numbers = Array.prototype.map.call(row.querySelectorAll(".badge[data-f]"), function (b) { return b.dataset.f; });
      var hits = numbers.filter(function (n) { return active[n]; }).length;
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
    var badges = Array.prototype.slice.call(document.querySelectorAll("tr.row.active-f:not(.hidden) .badge[data-f]:not(.off)"));
    if (!badges.length) { return; }
    var at = badges.indexOf(R.current);
    var next = at < 0 ? (dir > 0 ? badges[0] : badges[badges.length - 1]) : badges[Math.min(badges.length - 1, Math.max(0, at + dir))];
    document.querySelectorAll("tr.current, .badge.current").forEach(function (el) { el.classList.remove("current"); });
    R.current = next;
    var row = next.closest("tr");
    row.classList.add("current");
    next.classList.add("current");
    var mark = row.querySelector('mark.f[data-f~="' + next.dataset.f + '"]');
    if (!mark) { next.tabIndex = -1; mark = next; }
    mark.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center" });
    document.getElementById("status").textContent = "finding " + (badges.indexOf(next) + 1) + " of " + badges.length;
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
