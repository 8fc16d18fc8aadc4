// Live speakers list. Both speakers pages work without this script (the
// list is a plain page, the room display reloads itself); with it they
// follow the session's server-sent events: the display redraws itself from
// the JSON it receives, the list page fetches itself again and swaps in the
// parts that changed, and the speaking timer ticks every second.
(function () {
  "use strict";

  var root = document.querySelector("[data-events]");
  if (!root) {
    return;
  }

  // shape is a part's markup without which options stand chosen (a
  // refused request is drawn again as chosen): what the server draws, not
  // what a person chose.
  function shape(part) {
    var copy = part.cloneNode(true);
    copy.querySelectorAll("option[selected], input[checked]").forEach(function (el) {
      el.removeAttribute(el.tagName === "OPTION" ? "selected" : "checked");
    });
    return copy.outerHTML;
  }

  // The list page's live parts as the server drew them, by id, taken
  // before the timer writes into them (a person's choices change no
  // attribute): a part is swapped only when the server draws it otherwise.
  var drawn = {};
  root.querySelectorAll("[data-live][id]").forEach(function (part) {
    drawn[part.id] = shape(part);
  });

  // ---- Timer: the server says how many seconds have passed; count on
  // from when that arrived, by this machine's monotonic clock. ----
  function clock(sec) {
    var h = Math.floor(sec / 3600), m = Math.floor(sec / 60) % 60, s = sec % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (h > 0) {
      return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    }
    return m + ":" + ss;
  }

  function armTimers() {
    var now = performance.now();
    document.querySelectorAll(".speakers-timer[data-elapsed]").forEach(function (t) {
      t.dataset.since = String(now);
    });
  }

  function tick() {
    var now = performance.now();
    document.querySelectorAll(".speakers-timer[data-elapsed]").forEach(function (t) {
      if (t.hidden) {
        return;
      }
      var base = Number(t.dataset.elapsed), since = Number(t.dataset.since || now);
      t.textContent = clock(base + Math.floor((now - since) / 1000));
    });
  }

  armTimers();
  // Four times a second, so the shown second turns within a quarter of a
  // second of the real one whatever the phase of the interval.
  window.setInterval(tick, 250);

  if (!window.EventSource) {
    return;
  }

  // ---- Room display: redraw from the event's JSON. ----
  function item(e) {
    var li = document.createElement("li");
    li.dataset.code = e.code;
    var name = document.createElement("span");
    name.className = "next-name";
    name.textContent = e.name;
    li.appendChild(name);
    if (e.note) {
      var note = document.createElement("span");
      note.className = "next-note";
      note.textContent = e.note;
      li.append(" ", note);
    }
    return li;
  }

  function drawDisplay(b) {
    var name = document.getElementById("now-name");
    var note = document.getElementById("now-note");
    var timer = document.getElementById("now-timer");
    var status = document.getElementById("list-status");
    status.textContent = b.status_label;
    status.dataset.status = b.status;
    if (b.speaking) {
      name.textContent = b.speaking.name;
      name.dataset.code = b.speaking.code;
      name.classList.remove("display-nobody");
      note.textContent = b.speaking.note || "";
      timer.dataset.elapsed = String(b.speaking.elapsed_seconds);
      timer.dataset.since = String(performance.now());
      timer.textContent = clock(b.speaking.elapsed_seconds);
      timer.hidden = false;
    } else {
      name.textContent = root.dataset.nobody;
      name.dataset.code = "";
      name.classList.add("display-nobody");
      note.textContent = "";
      timer.hidden = true;
      delete timer.dataset.elapsed;
    }
    var list = document.getElementById("next-list");
    var items = b.waiting.slice(0, 3).map(item);
    if (items.length === 0) {
      var li = document.createElement("li");
      li.className = "display-nobody";
      li.textContent = root.dataset.nobodyWaiting;
      items.push(li);
    }
    list.replaceChildren.apply(list, items);
  }

  // ---- List page: fetch the page again and swap in the live parts the
  // server now draws differently. A live update never changes what a
  // person is choosing or typing: a part the reader is in (a focused
  // select, a focused button) waits until the reader leaves it, and a part
  // that is swapped keeps the choices made in its forms (selects, radios,
  // checkboxes, typed text), so a request carries exactly what was chosen. ----

  // keepChoices copies what the reader set in from's forms into the same
  // forms (by id) and fields (by name) of to. It reports false when to no
  // longer offers a chosen option: another option must not stand in for it,
  // so the old part stays and the server judges the choice if it is sent.
  function keepChoices(from, to) {
    var kept = true;
    from.querySelectorAll("form[id]").forEach(function (form) {
      var fresh = to.querySelector("#" + CSS.escape(form.id));
      if (!fresh) {
        return;
      }
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") {
          return;
        }
        var twins = fresh.querySelectorAll("[name=\"" + CSS.escape(el.name) + "\"]");
        Array.prototype.forEach.call(twins, function (twin) {
          if (el.type === "radio" || el.type === "checkbox") {
            if (twin.value === el.value) {
              twin.checked = el.checked;
            }
          } else if (el.tagName === "SELECT" && twin.tagName === "SELECT" && !el.multiple) {
            if (Array.prototype.some.call(twin.options, function (o) { return o.value === el.value; })) {
              twin.value = el.value;
            } else {
              kept = false;
            }
          } else if (twin.tagName === el.tagName && twin.type === el.type) {
            twin.value = el.value;
          }
        });
      });
    });
    return kept;
  }

  var pending = false, asked = 0;
  function refreshList() {
    // Only the latest answer is applied: an earlier fetch that answers late
    // holds an older list.
    var mine = ++asked;
    // The list's own address: after a refused form the window shows the
    // form's.
    fetch(root.dataset.page, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        if (mine !== asked) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        pending = false;
        fresh.querySelectorAll("[data-live][id]").forEach(function (part) {
          var old = document.getElementById(part.id), now = shape(part);
          if (!old || drawn[part.id] === now) {
            return;
          }
          if (old.contains(document.activeElement)) {
            pending = true;
            return;
          }
          var next = document.importNode(part, true);
          if (!keepChoices(old, next)) {
            return;
          }
          old.replaceWith(next);
          drawn[part.id] = now;
        });
        armTimers();
        tick();
      })
      .catch(function () { pending = true; });
  }
  root.addEventListener("focusout", function () {
    if (pending) {
      // After the focus has moved: the part left can now be swapped.
      window.setTimeout(function () {
        if (pending) {
          refreshList();
        }
      }, 0);
    }
  });

  // ---- The stream. ----
  var display = root.dataset.mode === "display";
  var source = new EventSource(root.dataset.events);
  source.onmessage = function (ev) {
    var board;
    try {
      board = JSON.parse(ev.data);
    } catch (e) {
      return;
    }
    if (display) {
      drawDisplay(board);
    } else {
      // Also on the first message, the list as it stands when the stream
      // connects: a change made between drawing the page and connecting
      // would otherwise show only at the next change. Parts drawn the same
      // are left alone, so this costs one fetch.
      refreshList();
    }
  };
  // On an error the browser reconnects by itself (after the server's retry
  // delay); what is missed meanwhile arrives as the state on reconnection.

  // ---- Full screen, where the browser allows it. ----
  var fs = document.getElementById("display-fullscreen");
  if (fs && document.documentElement.requestFullscreen) {
    fs.hidden = false;
    fs.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen();
      }
    });
  }
})();
