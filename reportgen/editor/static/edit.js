// reportgen edit: the form's behaviour. The form state is the input document as JSON; the
// server checks it with reportgen's own validator (no rules here), renders the form after a
// change of shape, saves and builds. This file only binds inputs to key paths, shows findings,
// adds live totals, keyboard moves and pasting from spreadsheets.
(function () {
  "use strict";
  var meta = function (name) { return document.querySelector('meta[name="' + name + '"]').content; };
  var token = meta("rg-token"), csrf = meta("rg-csrf"), file = meta("rg-file");
  var version = meta("rg-version");
  var state = JSON.parse(document.getElementById("rg-state").textContent);
  var draftKey = "reportgen-edit:" + location.port + ":" + file;
  var dirty = false, timer = null, checking = 0;
  var NUMBER = /^\s*-?[0-9]+(\.[0-9]+)?\s*$/;
  // A money cell whose header names no unit (data-unit) also takes 251000元 / 25.1万元.
  var WITH_UNIT = /^\s*[0-9]+(\.[0-9]+)?\s*(元|万元)\s*$/;

  // ----- key paths: "applications.results.unavailable.not_held[0]" <-> ["applications", ...]
  function parse(path) {
    var out = [];
    path.replace(/([^.[\]]+)|\[(\d+)\]/g, function (_, key, index) {
      out.push(index !== undefined ? Number(index) : key);
    });
    return out;
  }
  function format(parts) {
    return parts.reduce(function (s, p) {
      return typeof p === "number" ? s + "[" + p + "]" : (s ? s + "." + p : p);
    }, "");
  }
  function getAt(parts) {
    var node = state;
    for (var i = 0; i < parts.length; i++) {
      if (node === null || typeof node !== "object") { return undefined; }
      node = node[parts[i]];
    }
    return node;
  }
  function setAt(parts, value, optional) {
    var node = state;
    for (var i = 0; i < parts.length - 1; i++) {
      var next = node[parts[i]];
      if (next === null || typeof next !== "object") {
        if (optional && value === "") { return; }
        // A table-三 row that the file leaves out starts as six zeros, as the validator reads it.
        next = typeof parts[i + 1] === "number" ? [0, 0, 0, 0, 0, 0] : {};
        node[parts[i]] = next;
      }
      node = next;
    }
    var last = parts[parts.length - 1];
    if (optional && value === "" && !Array.isArray(node)) {
      delete node[last];
      if (parts.length > 1 && Object.keys(node).length === 0) {
        var parent = getAt(parts.slice(0, -2)) || state;
        delete parent[parts[parts.length - 2]];
      }
      return;
    }
    while (Array.isArray(node) && node.length < last) { node.push(0); }
    node[last] = value;
  }

  // ----- requests
  function call(method, url, body) {
    var headers = { "X-Reportgen-Token": token, "X-CSRF-Token": csrf };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (data) { data.status = r.status; return data; }); });
  }
  function status(text) { document.getElementById("rg-status").textContent = text; }

  // ----- edits
  function changed() {
    dirty = true;
    localStorage.setItem(draftKey, JSON.stringify({ base: version, state: state }));
    status("有未保存的修改");
    totals();
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }
  function onInput(event) {
    var el = event.target;
    if (!el.dataset || !el.dataset.path) { return; }
    var value = el.value;
    if (el.hasAttribute("data-number") && NUMBER.test(value)) { value = value.trim(); }
    if (el.hasAttribute("data-unit") && WITH_UNIT.test(value)) { value = value.replace(/\s+/g, ""); }
    // A box ticked is true; unticked, the key goes (as an emptied optional field's does).
    if (el.type === "checkbox") { value = el.checked ? true : ""; }
    // One title line a line of the box; blank lines mean nothing; no lines, no key.
    if (el.hasAttribute("data-lines")) {
      value = value.split("\n").filter(function (line) { return line.trim() !== ""; });
      if (!value.length) { value = ""; }
    }
    setAt(parse(el.dataset.path), value, el.hasAttribute("data-optional"));
    // The format (chosen by name or year) decides the tables: draw the form anew.
    if (event.type === "change" && (el.dataset.path === "format" || el.dataset.path === "year")) {
      reshape(function () {});
      return;
    }
    changed();
  }
  function reshape(mutate, then) {
    mutate();
    call("POST", "/api/render", { state: state }).then(function (data) {
      document.getElementById("rg-form").innerHTML = data.html;
      changed();
      if (then) { then(); }
    });
  }
  function onClick(event) {
    var el = event.target.closest("button");
    if (!el) { return; }
    if (el.dataset.add) {
      reshape(function () {
        var parts = parse(el.dataset.add), value = getAt(parts);
        if (value === null || typeof value !== "object") {
          value = { intro: typeof value === "string" ? value : "", sections: [] };
          setAt(parts, value, false);
        } else if (typeof value.text === "string" && !value.sections) {
          value.intro = value.text;  // a legacy part: its text becomes the intro
          delete value.text;
        }
        (value.sections = value.sections || []).push({ title: "", text: "" });
      });
    } else if (el.dataset.addPart) {
      reshape(function () {
        (state[el.dataset.addPart] = state[el.dataset.addPart] || []).push({ title: "", text: "" });
      });
    } else if (el.dataset.move || el.dataset.remove) {
      var parts = parse(el.dataset.move || el.dataset.remove);
      var list = getAt(parts.slice(0, -1)), at = parts[parts.length - 1];
      reshape(function () {
        var item = list.splice(at, 1)[0];
        if (el.dataset.move) { list.splice(at + Number(el.dataset.by), 0, item); }
        // The last attachment removed: no empty list is left in the file.
        if (!list.length && parts.length === 2 && parts[0] === "attachments") { delete state.attachments; }
      });
    }
  }

  // ----- live totals (display only: the validator decides what is wrong)
  function num(input) { return input && NUMBER.test(input.value) ? Number(input.value) : 0; }
  function totals() {
    var form = document.getElementById("rg-form");
    form.querySelectorAll("td.total").forEach(function (td) {
      var sum = 0;
      td.dataset.sums.split(" ").forEach(function (p) {
        sum += num(form.querySelector('input[data-path="' + p + '"]'));
      });
      td.textContent = String(Math.round(sum * 100) / 100);
    });
    // A 总计 the file types itself (a seventh number) is kept, and marked when it disagrees.
    form.querySelectorAll('table.applications input[data-col="6"]').forEach(function (typed) {
      var sum = 0;
      typed.closest("tr").querySelectorAll("input").forEach(function (i) {
        if (i !== typed) { sum += num(i); }
      });
      typed.closest("td").classList.toggle("mismatch", NUMBER.test(typed.value) && Number(typed.value) !== sum);
      typed.closest("td").title = "自动计算应为 " + sum;
    });
  }

  // ----- findings, placed at the field or cell they name (or its nearest ancestor)
  function target(path) {
    var parts = parse(path);
    while (true) {
      var p = format(parts);
      // not the findings themselves, which carry the path too
      var el = document.querySelector('#rg-form [data-path="' + p + '"]:not(.finding), #rg-form [data-alt="' + p + '"]');
      if (el) { return el; }
      var list = document.querySelector('#rg-form ul.findings[data-for="' + p + '"]');
      if (list) { return list; }
      if (!parts.length) { return null; }
      parts.pop();
    }
  }
  function listFor(el) {
    if (el.matches("ul.findings")) { return el; }
    var path = el.dataset.path;
    var own = document.querySelector('#rg-form ul.findings[data-for="' + path + '"]');
    if (own) { return own; }
    var section = el.closest("section.part");
    return section.querySelector("ul.findings");
  }
  function show(data) {
    var form = document.getElementById("rg-form"), shown = 0;
    // The lists are drawn anew on every check (leaving a cell re-checks it): a finding that has
    // the keyboard focus gets it back (or its 规则说明, if that had it), so Tab to a finding and
    // Enter still lead to its field.
    var active = document.activeElement, held = active && active.closest && active.closest("li.finding");
    var refocus = held ? held.dataset.path + "\n" + held.textContent : null, atRule = held && active !== held;
    var opened = {};  // rule entries the user opened stay open when the lists are redrawn
    form.querySelectorAll("li.finding details[open]").forEach(function (d) {
      opened[d.parentNode.dataset.path + " " + d.parentNode.dataset.rule] = true;
    });
    form.querySelectorAll("ul.findings").forEach(function (ul) { ul.textContent = ""; });
    form.querySelectorAll(".error, .warning").forEach(function (el) {
      el.classList.remove("error", "warning");
      el.removeAttribute("data-rule");
      el.removeAttribute("title");
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    (data.findings || []).forEach(function (f) {
      var el = target(f.path) || form.querySelector("ul.findings");
      var text = (f.label ? f.label + "：" : "") + f.message + " [" + f.rule + "]";
      var holder = el.matches("ul.findings") ? null : (el.closest("td") || el);
      var li = document.createElement("li");
      li.className = "finding " + f.severity;
      li.id = "rg-finding-" + (++shown);
      li.dataset.rule = f.rule;
      li.dataset.path = f.path;
      li.appendChild(document.createElement("span")).className = "message";
      li.firstChild.textContent = (f.severity === "error" ? "错误：" : "警告：") + text;
      if (f.explain) {  // the rule's entry, opened at the finding (what it checks, how to fix)
        var more = li.appendChild(document.createElement("details")), head = document.createElement("summary");
        head.textContent = "规则说明";
        more.appendChild(head).after(Object.assign(document.createElement("p"), { textContent: f.explain }));
        more.open = opened[f.path + " " + f.rule] === true;
      }
      if (holder) {
        holder.classList.add(f.severity);
        holder.setAttribute("data-rule", f.rule);
        holder.title = text;
        // Screen readers announce the field as wrong and read the finding with it.
        if (el.matches("input, textarea, select")) {
          if (f.severity === "error") { el.setAttribute("aria-invalid", "true"); }
          var ids = el.getAttribute("aria-describedby");
          el.setAttribute("aria-describedby", (ids ? ids + " " : "") + li.id);
        }
      }
      // A finding leads to its field by mouse or keyboard (Tab to it, Enter).
      li.tabIndex = 0;
      var go = function () { var t = target(f.path); if (t && t.focus) { t.focus(); } };
      li.addEventListener("click", function (e) { if (!e.target.closest("details")) { go(); } });
      li.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && e.target === li) { e.preventDefault(); go(); }
      });
      listFor(el).appendChild(li);
      if (refocus !== null && refocus === li.dataset.path + "\n" + li.textContent) {
        (atRule ? li.querySelector("summary") : li).focus();
        refocus = null;
      }
    });
    document.getElementById("rg-summary").textContent =
      data.errors + " 个错误，" + data.warnings + " 个警告";
    document.getElementById("rg-summary").className =
      "summary " + (data.errors ? "has-errors" : data.warnings ? "has-warnings" : "clean");
  }
  function check() {
    var ticket = ++checking;
    call("POST", "/api/check", { state: state }).then(function (data) {
      if (ticket === checking) { show(data); }
    });
  }

  // ----- keyboard and paste in the grids
  function columnBelow(input) {
    var table = input.closest("table"), inputs = Array.prototype.slice.call(table.querySelectorAll("input"));
    var after = inputs.slice(inputs.indexOf(input) + 1);
    return after.filter(function (i) { return i.dataset.col === input.dataset.col; })[0];
  }
  function onKey(event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(false); return; }
    var el = event.target;
    if (event.key === "Enter" && el.matches("table input")) {
      event.preventDefault();
      var next = columnBelow(el);
      if (next) { next.focus(); next.select(); }
    }
  }
  function onPaste(event) {
    var el = event.target;
    if (!el.matches("table input")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\s+$/, ""))) { return; }
    event.preventDefault();
    var rows = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n");
    var start = el, trs = Array.prototype.slice.call(el.closest("table").querySelectorAll("tr"));
    var tr = el.closest("tr"), first = Array.prototype.indexOf.call(tr.querySelectorAll("input"), el);
    var rowIndex = trs.indexOf(tr);
    rows.forEach(function (line) {
      while (rowIndex < trs.length && !trs[rowIndex].querySelector("input")) { rowIndex++; }
      if (rowIndex >= trs.length) { return; }
      var inputs = trs[rowIndex].querySelectorAll("input");
      line.split("\t").forEach(function (value, c) {
        var input = inputs[first + c];
        if (!input) { return; }
        var clean = value.trim().replace(/,/g, "");
        var unit = input.hasAttribute("data-unit") && WITH_UNIT.test(clean);
        input.value = NUMBER.test(clean) ? clean : unit ? clean.replace(/\s+/g, "") : value.trim();
        setAt(parse(input.dataset.path), input.value, false);
      });
      rowIndex++;
    });
    start.focus();
    changed();
  }

  // ----- saving, reloading, building
  function save(force) {
    return call("POST", "/api/save", { state: state, base: version, force: force }).then(function (data) {
      if (data.status === 409) {
        document.getElementById("rg-conflict-text").textContent = data.message;
        document.getElementById("rg-conflict").hidden = false;
        status("未保存：文件已被其他程序修改");
        return false;
      }
      if (data.status !== 200) { status(data.message || "保存失败"); return false; }
      version = data.version;
      dirty = false;
      localStorage.removeItem(draftKey);
      document.getElementById("rg-conflict").hidden = true;
      status(data.message);
      return true;
    });
  }
  function reload() {
    call("GET", "/api/reload").then(function (data) {
      state = data.state;
      version = data.version;
      document.getElementById("rg-form").innerHTML = data.html;
      document.getElementById("rg-conflict").hidden = true;
      dirty = false;
      localStorage.removeItem(draftKey);
      status("已重新载入 " + file);
      totals();
      check();
    });
  }
  function build(kinds) {
    var go = function () {
      status("正在生成……");
      return call("POST", "/api/build", { kinds: kinds }).then(function (data) {
        var pane = document.getElementById("rg-output"), list = document.getElementById("rg-files");
        pane.hidden = false;
        document.getElementById("rg-build-message").textContent = data.message;
        status(data.ok ? "生成完成" : "未生成");
        list.textContent = "";
        (data.files || []).forEach(function (f) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = "/output/" + encodeURIComponent(f.name) + "?token=" + encodeURIComponent(token);
          a.textContent = "下载 " + f.name;
          a.setAttribute("download", f.name);
          li.appendChild(a);
          list.appendChild(li);
          if (f.kind === "pdf") { document.getElementById("rg-preview").src = a.href; }
        });
      });
    };
    return dirty ? save(false).then(function (ok) { return ok ? go() : null; }) : go();
  }

  // ----- start
  function restore() {
    var saved = localStorage.getItem(draftKey);
    if (!saved) { return; }
    var draft = JSON.parse(saved);
    if (JSON.stringify(draft.state) === JSON.stringify(state)) { localStorage.removeItem(draftKey); return; }
    var apply = function () {
      state = draft.state;
      reshape(function () {}, function () { status("已恢复上次未保存的修改"); });
      document.getElementById("rg-draft").hidden = true;
    };
    if (draft.base === version) { apply(); return; }
    document.getElementById("rg-draft").hidden = false;
    document.getElementById("rg-draft-restore").addEventListener("click", apply);
    document.getElementById("rg-draft-drop").addEventListener("click", function () {
      localStorage.removeItem(draftKey);
      document.getElementById("rg-draft").hidden = true;
    });
  }
  var form = document.getElementById("rg-form");
  form.addEventListener("input", onInput);
  form.addEventListener("change", onInput);
  form.addEventListener("click", onClick);
  form.addEventListener("paste", onPaste);
  document.addEventListener("keydown", onKey);
  document.getElementById("rg-save").addEventListener("click", function () { save(false); });
  document.getElementById("rg-reload").addEventListener("click", reload);
  document.getElementById("rg-overwrite").addEventListener("click", function () { save(true); });
  document.getElementById("rg-build-docx").addEventListener("click", function () { build(["docx"]); });
  document.getElementById("rg-build-pdf").addEventListener("click", function () { build(["pdf"]); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  window.reportgenEdit = { state: function () { return state; }, isDirty: function () { return dirty; } };
  totals();
  restore();
  check();
})();
