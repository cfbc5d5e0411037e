/* planforge workspace: autosave, live findings, rows, conflicts, build progress and the
 * new-plan page's choices.
 *
 * Served from this server only (the Content-Security-Policy allows no other script).
 * Every change is kept in localStorage until the server has saved it, so closing the tab,
 * a crash or a lost connection loses nothing that was typed: the next visit sends it again.
 */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = meta ? meta.getAttribute("content") : "";
  var DEBOUNCE_MS = 450;

  function domId(pointer) {
    var out = "f";
    for (var i = 0; i < pointer.length; i++) {
      var ch = pointer[i];
      if (/[A-Za-z0-9]/.test(ch)) out += ch;
      else if (ch === "/") out += "-";
      else if (ch === "_") out += "_";
      else out += "_" + ch.codePointAt(0).toString(16) + "_";
    }
    return out;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function findingItem(f, withWhere, link) {
    var li = el("li", "finding " + f.severity);
    li.appendChild(el("span", "sev", f.word + ":"));
    li.appendChild(document.createTextNode(" "));
    if (withWhere) {
      if (link) {
        var a = el("a", "", f.where);
        a.href = link;
        a.setAttribute("data-pointer", f.pointer);
        a.setAttribute("data-section", f.section || "");
        li.appendChild(a);
      } else {
        li.appendChild(el("strong", "", f.where));
      }
      li.appendChild(document.createTextNode(": "));
    }
    li.appendChild(document.createTextNode(f.message));
    return li;
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": CSRF },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(
        function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: { ok: false, message: "The server answered " + response.status + "." } }; }
      );
    });
  }

  /* ---------------------------------------------------------------- the editor */

  function Editor(form) {
    var file = form.getAttribute("data-file");
    var section = form.getAttribute("data-section");
    var version = form.getAttribute("data-version");
    var storeKey = "planforge:pending:" + file;
    var statusEl = document.getElementById("save-status");
    var baseInput = document.getElementById("base-version");
    var pending = {};
    var timer = null;
    var inflight = null;
    var conflict = null;

    function setStatus(text, cls) {
      statusEl.textContent = text;
      statusEl.className = "save-status" + (cls ? " " + cls : "");
    }

    function stored() {
      try {
        var raw = window.localStorage.getItem(storeKey);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    }

    function persist() {
      try {
        var keys = Object.keys(pending);
        if (keys.length) {
          window.localStorage.setItem(storeKey, JSON.stringify({ base: version, section: section, values: pending }));
        } else {
          window.localStorage.removeItem(storeKey);
        }
      } catch (e) { /* private mode: the page still saves as you type */ }
    }

    function valueOf(target) {
      var pointer = target.getAttribute("data-pointer");
      if (target.getAttribute("data-list")) {
        var boxes = form.querySelectorAll('input[data-list][data-pointer="' + CSS.escape(pointer) + '"]');
        var values = [];
        boxes.forEach(function (box) { if (box.checked) values.push(box.value); });
        return values;
      }
      return target.value;
    }

    function localProblem(target) {
      var anchor = target.closest("[data-anchor]");
      var list = anchor ? document.getElementById(anchor.getAttribute("data-findings")) : null;
      if (!list) return;
      var old = list.querySelector(".local");
      if (old) old.remove();
      if (target.type === "number" && target.validity && target.validity.badInput) {
        var li = el("li", "finding error local");
        li.appendChild(el("span", "sev", "Error:"));
        li.appendChild(document.createTextNode(" Type a number with digits only, for example 4500 (no $ sign or commas)."));
        list.appendChild(li);
        return true;
      }
      return false;
    }

    function changed(event) {
      var target = event.target;
      if (!target.getAttribute || !target.getAttribute("data-pointer")) return;
      if (localProblem(target)) return;
      if (target.getAttribute("data-todo") && !/^\s*TODO/.test(target.value)) {
        target.removeAttribute("data-todo");
        var note = document.getElementById(target.id + "-todo");
        if (note) note.remove();
      }
      pending[target.getAttribute("data-pointer")] = valueOf(target);
      persist();
      setStatus("Saving…", "saving");
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, DEBOUNCE_MS);
    }

    function flush() {
      timer = null;
      if (inflight || conflict) return inflight || Promise.resolve();
      var keys = Object.keys(pending);
      if (!keys.length) return Promise.resolve();
      var sending = pending;
      pending = {};
      var ops = keys.map(function (k) { return { op: "set", pointer: k, value: sending[k] }; });
      inflight = send({ base: version, section: section, ops: ops }, sending).then(function () {
        inflight = null;
        if (Object.keys(pending).length && !conflict) return flush();
      });
      return inflight;
    }

    function restore(sending) {
      Object.keys(sending).forEach(function (k) {
        if (!(k in pending)) pending[k] = sending[k];
      });
      persist();
    }

    function send(body, sending) {
      return postJSON("/api/edit/" + file, body).then(function (result) {
        if (result.status === 200 && result.data.ok) {
          accept(result.data);
          persist();
          var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          setStatus(Object.keys(pending).length ? "Saving…" : "All changes saved at " + time + ".", Object.keys(pending).length ? "saving" : "");
          return result.data;
        }
        restore(sending);
        if (result.status === 409 && result.data.conflict) {
          showConflict(result.data, sending);
          setStatus("Not saved: the file was changed somewhere else.", "problem");
        } else {
          setStatus("Not saved: " + (result.data.message || "the server refused the change.") + " Your typing is kept in this browser.", "problem");
        }
        return null;
      }, function () {
        restore(sending);
        setStatus("Not saved yet: no connection to planforge. Retrying… (your typing is kept in this browser)", "problem");
        setTimeout(function () { if (!timer) timer = setTimeout(flush, 10); }, 3000);
        return null;
      });
    }

    function accept(data) {
      version = data.version;
      form.setAttribute("data-version", version);
      if (baseInput) baseInput.value = version;
      if (data.html !== undefined) {
        var body = document.getElementById("section-body");
        body.innerHTML = data.html;
      }
      applyFindings(data);
    }

    function anchorFor(pointer) {
      var probe = pointer;
      while (probe) {
        var found = form.querySelector('[data-anchor="' + CSS.escape(probe) + '"]');
        if (found) return found;
        probe = probe.slice(0, probe.lastIndexOf("/"));
      }
      return null;
    }

    function applyFindings(data) {
      form.querySelectorAll(".field-findings").forEach(function (list) {
        Array.prototype.slice.call(list.children).forEach(function (li) {
          if (!li.classList.contains("local")) li.remove();
        });
      });
      form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
      form.querySelectorAll(".has-error, .has-warning, .has-info").forEach(function (node) {
        node.classList.remove("has-error", "has-warning", "has-info");
      });
      var loose = document.getElementById("loose-findings");
      data.findings.forEach(function (f) {
        if (f.section !== section) return;
        var anchor = anchorFor(f.pointer);
        var list = anchor ? document.getElementById(anchor.getAttribute("data-findings")) : loose;
        if (!list) list = loose;
        if (!list) return;
        list.appendChild(findingItem(f, false));
        if (anchor) {
          anchor.classList.add("has-" + f.severity);
          if (f.severity === "error") {
            var input = anchor.querySelector("input, textarea, select");
            if (input && anchor.classList.contains("field")) input.setAttribute("aria-invalid", "true");
          }
          if (anchor.tagName === "DETAILS") anchor.open = true;
        }
      });
      Object.keys(data.sections || {}).forEach(function (id) {
        var node = document.getElementById("status-" + id);
        if (node) {
          node.className = "status " + data.sections[id].status[0];
          node.textContent = data.sections[id].status[1];
        }
      });
      var s = data.summary;
      var verdict = document.getElementById("verdict");
      if (verdict && s) {
        verdict.textContent = s.verdict_words;
        verdict.className = "badge big " + s.verdict_class;
      }
      var counts = document.getElementById("counts");
      if (counts && s) {
        counts.textContent = s.errors + " to fix · " + s.warnings + " to check · " + s.notes + (s.notes === 1 ? " note" : " notes");
      }
      renderPanel(data.findings);
    }

    function renderPanel(findings) {
      var panel = document.getElementById("panel");
      var count = document.getElementById("panel-count");
      if (count) count.textContent = String(findings.length);
      if (!panel) return;
      panel.textContent = "";
      if (!findings.length) {
        panel.appendChild(el("p", "all-clear", "No problems found."));
        return;
      }
      var titles = {};
      document.querySelectorAll(".sections a").forEach(function (a) {
        var id = new URL(a.href).searchParams.get("section");
        var t = a.querySelector(".nav-title");
        if (id && t) titles[id] = t.textContent;
      });
      var groups = [];
      var byKey = {};
      findings.forEach(function (f) {
        var key = f.section || "";
        if (!(key in byKey)) { byKey[key] = []; groups.push(key); }
        byKey[key].push(f);
      });
      groups.forEach(function (key) {
        panel.appendChild(el("h3", "", titles[key] || "The whole file"));
        var ul = el("ul", "panel-list");
        byKey[key].forEach(function (f) {
          ul.appendChild(findingItem(f, true, "/edit/" + file + "?section=" + encodeURIComponent(f.section || "") + "#" + f.anchor));
        });
        panel.appendChild(ul);
      });
    }

    /* rows: add, remove, move */
    function rowAction(button) {
      var action = button.getAttribute("data-action");
      var pointer = button.getAttribute("data-pointer-row");
      if (action === "remove") {
        var word = button.getAttribute("data-word") || "row";
        if (!window.confirm("Remove this " + word + "? You can get it back from History.")) return;
      }
      if (timer) { clearTimeout(timer); timer = null; }
      setStatus("Saving…", "saving");
      Promise.resolve(flush()).then(function () {
        if (conflict) return;
        return send({ base: version, section: section, render: true, ops: [{ op: action, pointer: pointer }] }, {}).then(function (data) {
          if (!data) return;
          focusAfter(action, pointer);
          announce(action);
        });
      });
    }

    function focusAfter(action, pointer) {
      var target = null;
      if (action === "keep") {
        target = form.querySelector('[data-pointer="' + CSS.escape(pointer) + '"]');
      } else if (action === "add") {
        var list = form.querySelector('[data-anchor="' + CSS.escape(pointer) + '"]');
        var rows = list ? list.querySelectorAll(":scope > .row") : [];
        var last = rows.length ? rows[rows.length - 1] : null;
        if (last && last.tagName === "DETAILS") last.open = true;
        target = last ? last.querySelector("input, textarea, select") : null;
      } else {
        var parts = pointer.split("/");
        var index = parseInt(parts.pop(), 10);
        var listPointer = parts.join("/");
        if (action === "up" || action === "down") {
          var moved = listPointer + "/" + (action === "up" ? index - 1 : index + 1);
          target = form.querySelector('button[data-action="' + action + '"][data-pointer-row="' + CSS.escape(moved) + '"]');
          if (!target || target.disabled) target = form.querySelector('[data-anchor="' + CSS.escape(moved) + '"] button');
        } else {
          target = form.querySelector('button[data-action="add"][data-pointer-row="' + CSS.escape(listPointer) + '"]');
        }
      }
      if (target) target.focus();
    }

    function announce(action) {
      var words = { add: "Row added.", remove: "Row removed.", up: "Row moved up.", down: "Row moved down.", keep: "Example kept." };
      setStatus(words[action] + " All changes saved.", "");
    }

    /* conflicts */
    var dialog = document.getElementById("conflict-dialog");

    function showConflict(data, sending) {
      conflict = { data: data, sending: sending, base: version };
      document.getElementById("conflict-message").textContent = data.message;
      var disk = document.getElementById("conflict-disk");
      var mine = document.getElementById("conflict-mine");
      disk.textContent = "";
      mine.textContent = "";
      (data.disk_changes.length ? data.disk_changes : [{ where: "(only spacing or comments)", old: "", new: "" }]).forEach(function (c) {
        var li = el("li");
        li.appendChild(el("strong", "", c.where));
        if (c.old || c.new) li.appendChild(document.createTextNode(": " + c.old + " → " + c.new));
        disk.appendChild(li);
      });
      data.your_changes.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("strong", "", c.where));
        li.appendChild(document.createTextNode(": " + c.new));
        mine.appendChild(li);
      });
      if (dialog && dialog.showModal) dialog.showModal();
    }

    function endConflict() {
      conflict = null;
      if (dialog && dialog.open) dialog.close();
    }

    if (dialog) {
      document.getElementById("conflict-merge").addEventListener("click", function () {
        version = conflict.data.version;
        endConflict();
        persist();
        window.location.reload();
      });
      document.getElementById("conflict-theirs").addEventListener("click", function () {
        pending = {};
        persist();
        endConflict();
        window.location.reload();
      });
      document.getElementById("conflict-mine-all").addEventListener("click", function () {
        var ops = Object.keys(pending).map(function (k) { return { op: "set", pointer: k, value: pending[k] }; });
        postJSON("/api/resolve/" + file, { base: conflict.base, ops: ops }).then(function (result) {
          if (result.status === 200) {
            pending = {};
            persist();
            endConflict();
            window.location.reload();
          } else {
            setStatus("Not saved: " + (result.data.message || "the server refused."), "problem");
          }
        });
      });
    }

    /* wiring */
    form.addEventListener("input", changed);
    form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.tagName === "SELECT" || t.type === "checkbox" || t.type === "date" || t.type === "time") changed(event);
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button) {
        event.preventDefault();
        rowAction(button);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (timer) { clearTimeout(timer); timer = null; }
      flush();
    });
    form.addEventListener("focusin", function (event) {
      var t = event.target;
      if (t.getAttribute && t.getAttribute("data-todo") && /^\s*TODO/.test(t.value) && t.select) t.select();
    });
    window.addEventListener("beforeunload", function (event) {
      if (Object.keys(pending).length || inflight) {
        flush();
        event.preventDefault();
        event.returnValue = "";
      }
    });
    document.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest("#panel a[data-pointer]");
      if (!a || a.getAttribute("data-section") !== section) return;
      var anchor = anchorFor(a.getAttribute("data-pointer"));
      if (!anchor) return;
      event.preventDefault();
      if (anchor.tagName === "DETAILS") anchor.open = true;
      var details = anchor.closest("details");
      if (details) details.open = true;
      anchor.scrollIntoView({ block: "center" });
      var input = anchor.matches("input, textarea, select") ? anchor : anchor.querySelector("input, textarea, select, summary, button");
      if (input) input.focus();
    });

    /* typing left over from a closed tab or a crash: send it now */
    var left = stored();
    if (left && left.values && Object.keys(left.values).length) {
      pending = left.values;
      if (left.base) version = left.base;
      Object.keys(pending).forEach(function (pointer) {
        var value = pending[pointer];
        var selector = '[data-pointer="' + CSS.escape(pointer) + '"]';
        form.querySelectorAll(selector).forEach(function (input) {
          if (input.getAttribute("data-list")) input.checked = value.indexOf(input.value) >= 0;
          else if (typeof value === "string") input.value = value;
        });
      });
      setStatus("Saving what you typed last time…", "saving");
      flush();
    }
  }

  /* ---------------------------------------------------------------- packet builds */

  function JobProgress(node) {
    if (node.getAttribute("data-finished") === "1") return;
    var id = node.getAttribute("data-job");
    var bar = document.getElementById("job-progress");
    var text = document.getElementById("job-text");
    function poll() {
      fetch("/api/jobs/" + id, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (job) {
        bar.max = job.total || 1;
        bar.value = job.done;
        var phase = job.phase === "pdf" ? "Making PDFs" : job.phase === "render" ? "Writing documents" : "Starting";
        text.textContent = phase + ": " + job.done + " of " + (job.total || "…") + " documents (" + job.seconds + " s).";
        if (job.finished) window.location.reload();
        else setTimeout(poll, 600);
      }, function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  /* ---------------------------------------------------------------- new plan */

  function NewForm(form) {
    // The school's name is asked only for a school's own plan: hidden while a zone is chosen.
    var field = document.getElementById("school-field");
    var radios = form.querySelectorAll('input[name="starter"]');
    function update() {
      var chosen = form.querySelector('input[name="starter"]:checked');
      field.hidden = !!chosen && chosen.getAttribute("data-school") !== "1";
    }
    for (var i = 0; i < radios.length; i++) radios[i].addEventListener("change", update);
    update();
  }

  function start() {
    var form = document.getElementById("section-form");
    if (form) Editor(form);
    var newForm = document.getElementById("new-form");
    if (newForm) NewForm(newForm);
    var job = document.getElementById("job");
    if (job) JobProgress(job);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
