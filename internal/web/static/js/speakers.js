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
  // refused request is drawn again as chosen) and without the clock's
  // running values (the seconds, and the state they put it in): what the
  // server draws of the list, not what a person chose or the clock shows
  // by now. A part is swapped only when that changes.
  function shape(part) {
    var copy = part.cloneNode(true);
    copy.querySelectorAll("option[selected], input[checked]").forEach(function (el) {
      el.removeAttribute(el.tagName === "OPTION" ? "selected" : "checked");
    });
    copy.querySelectorAll(".speakers-clock").forEach(function (c) {
      c.removeAttribute("data-elapsed");
      c.removeAttribute("data-state");
      c.querySelectorAll(".clock-value, .clock-label, .clock-elapsed").forEach(function (el) {
        el.textContent = "";
      });
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

  // ---- Clock: the server says how many seconds the speaker has spoken;
  // count on from when that arrived, by this machine's monotonic clock.
  // Under a limit the clock shows the time left, warns in its last
  // data-warn seconds, and past the end counts the overrun up, marked "+";
  // each state has its words (data-label-*) and its look, never colour
  // alone. Screen readers hear the warning and the end, once per speaker:
  // the seconds themselves are not announced. ----
  function clock(sec) {
    var h = Math.floor(sec / 3600), m = Math.floor(sec / 60) % 60, s = sec % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (h > 0) {
      return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    }
    return m + ":" + ss;
  }

  // mmss is a room clock's reading: 03:00.
  function mmss(sec) {
    var m = Math.floor(sec / 60), s = sec % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function reading(elapsed, limit, warn) {
    if (!(limit > 0)) {
      return { state: "free", value: mmss(elapsed) };
    }
    if (elapsed >= limit) {
      return { state: "over", value: "+" + mmss(elapsed - limit) };
    }
    return { state: limit - elapsed <= warn ? "warning" : "running", value: mmss(limit - elapsed) };
  }

  var said = {};
  function announce(c, state, value) {
    var alert = document.getElementById("clock-alert");
    var key = (c.dataset.entry || "") + ":" + state;
    if (!alert || said[key]) {
      return;
    }
    said[key] = true;
    var text = alert.dataset[state === "over" ? "sayOver" : "sayWarning"] || "";
    alert.textContent = text.replace("{speaker}", c.dataset.name || "").replace("{time}", value);
  }

  function paint(c, now) {
    if (c.hidden || c.dataset.elapsed === undefined) {
      return;
    }
    var since = Number(c.dataset.since || now);
    var elapsed = Number(c.dataset.elapsed) + Math.floor((now - since) / 1000);
    var r = reading(elapsed, Number(c.dataset.limit), Number(c.dataset.warn));
    if (r.state !== c.dataset.state) {
      // A change seen while the page is open, not one it was drawn in.
      if (c.dataset.state && (r.state === "warning" || r.state === "over")) {
        announce(c, r.state, r.value);
      }
      c.dataset.state = r.state;
    }
    var label = c.querySelector(".clock-label"), value = c.querySelector(".clock-value"), spoken = c.querySelector(".clock-elapsed");
    var words = c.getAttribute("data-label-" + r.state) || "";
    if (label && label.textContent !== words) {
      label.textContent = words;
    }
    if (value) {
      value.textContent = r.value;
    }
    if (spoken) {
      spoken.textContent = clock(elapsed);
    }
  }

  function armTimers() {
    var now = performance.now();
    document.querySelectorAll(".speakers-clock[data-elapsed]").forEach(function (c) {
      if (!c.dataset.since) {
        c.dataset.since = String(now);
      }
    });
  }

  function tick() {
    var now = performance.now();
    document.querySelectorAll(".speakers-clock").forEach(function (c) { paint(c, now); });
  }

  armTimers();
  // Four times a second, so the shown second turns within a quarter of a
  // second of the real one whatever the phase of the interval.
  window.setInterval(tick, 250);

  // ---- Room display's queue: as many as fit, then "+N more". ----
  var more = document.getElementById("next-more");
  function moreText(n) {
    var form = "other";
    if (window.Intl && Intl.PluralRules) {
      form = new Intl.PluralRules(document.documentElement.lang || "en").select(n);
    }
    var pattern = more.getAttribute("data-more-" + form) || more.dataset.moreOther;
    return pattern.replace("{count}", String(n));
  }

  // fitQueue hides the queue's last names while the list overflows its
  // part of the screen (at least one stays), and says how many wait
  // beyond: those the server left out and those hidden.
  function fitQueue() {
    var list = document.getElementById("next-list");
    if (!list || !more) {
      return;
    }
    var items = Array.prototype.filter.call(list.children, function (li) { return li.dataset.code !== undefined; });
    var total = Number(list.dataset.total || items.length);
    items.forEach(function (li) { li.hidden = false; });
    var shown = items.length;
    var show = function () {
      var n = total - shown;
      more.dataset.more = String(n);
      more.hidden = n === 0;
      more.textContent = n === 0 ? "" : moreText(n);
    };
    show();
    while (shown > 1 && (list.scrollHeight > list.clientHeight + 1 || list.scrollWidth > list.clientWidth + 1)) {
      shown--;
      items[shown].hidden = true;
      show();
    }
  }
  if (more) {
    fitQueue();
    window.addEventListener("resize", fitQueue);
  }

  if (!window.EventSource) {
    return;
  }

  // ---- Room display: redraw from the event's JSON. ----
  function item(e, place) {
    var li = document.createElement("li");
    li.dataset.code = e.code;
    var num = document.createElement("span");
    num.className = "next-place";
    num.textContent = String(place);
    var name = document.createElement("span");
    name.className = "next-name";
    name.textContent = e.name;
    li.append(num, " ", name);
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
    var clockBox = document.getElementById("now-clock");
    var status = document.getElementById("list-status");
    status.textContent = b.status_label;
    status.dataset.status = b.status;
    clockBox.dataset.limit = String(b.time_limit_seconds || 0);
    clockBox.dataset.warn = String(b.warn_before_seconds || 0);
    document.getElementById("now-limit").textContent = b.limit_text || "";
    if (b.speaking) {
      if (name.textContent !== b.speaking.name) {
        name.textContent = b.speaking.name;
      }
      name.dataset.code = b.speaking.code;
      name.classList.remove("display-nobody");
      note.textContent = b.speaking.note || "";
      if (clockBox.dataset.entry !== String(b.speaking.id)) {
        // A new speaker: the clock starts in the state it is drawn in.
        delete clockBox.dataset.state;
      }
      clockBox.dataset.entry = String(b.speaking.id);
      clockBox.dataset.name = b.speaking.name;
      clockBox.dataset.elapsed = String(b.speaking.elapsed_seconds);
      clockBox.dataset.since = String(performance.now());
      clockBox.hidden = false;
      if (!clockBox.dataset.state) {
        clockBox.dataset.state = reading(b.speaking.elapsed_seconds, b.time_limit_seconds, b.warn_before_seconds).state;
      }
      paint(clockBox, performance.now());
    } else {
      name.textContent = root.dataset.nobody;
      name.dataset.code = "";
      name.classList.add("display-nobody");
      note.textContent = "";
      clockBox.hidden = true;
      delete clockBox.dataset.elapsed;
      delete clockBox.dataset.entry;
    }
    var list = document.getElementById("next-list");
    var items = b.waiting.map(function (e, i) { return item(e, i + 1); });
    if (items.length === 0) {
      var li = document.createElement("li");
      li.className = "display-nobody";
      li.textContent = root.dataset.nobodyWaiting;
      items.push(li);
    }
    list.dataset.total = String(b.waiting.length);
    list.replaceChildren.apply(list, items);
    fitQueue();
  }

  // ---- List page: fetch the page again and swap in the live parts the
  // server now draws differently. A live update never changes what a
  // person is choosing or typing: a part the reader is in (a focused
  // select, a focused button) waits until the reader leaves it, and a part
  // that is swapped keeps the choices made in its forms (selects, radios,
  // checkboxes, typed text), so a request carries exactly what was chosen. ----

  // What the reader set in each form (by the form's id), taken from a
  // part just before it is redrawn. A form that leaves the page (the list
  // closes) and comes back (it reopens) comes back as the reader left it.
  var chosen = {};
  function remember(part) {
    part.querySelectorAll("form[id]").forEach(function (form) {
      var fields = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") {
          return;
        }
        fields.push({ name: el.name, tag: el.tagName, type: el.type, value: el.value, checked: el.checked, multiple: el.multiple });
      });
      chosen[form.id] = fields;
    });
  }

  // keepChoices sets the remembered choices into the same forms (by id)
  // and fields (by name) of part. It reports false when part no longer
  // offers a chosen option: another option must not stand in for it, so
  // the old part stays and the server judges the choice if it is sent.
  function keepChoices(part) {
    var kept = true;
    part.querySelectorAll("form[id]").forEach(function (form) {
      (chosen[form.id] || []).forEach(function (el) {
        var twins = form.querySelectorAll("[name=\"" + CSS.escape(el.name) + "\"]");
        Array.prototype.forEach.call(twins, function (twin) {
          if (el.type === "radio" || el.type === "checkbox") {
            if (twin.value === el.value) {
              twin.checked = el.checked;
            }
          } else if (el.tag === "SELECT" && twin.tagName === "SELECT" && !el.multiple) {
            if (Array.prototype.some.call(twin.options, function (o) { return o.value === el.value; })) {
              twin.value = el.value;
            } else {
              kept = false;
            }
          } else if (twin.tagName === el.tag && twin.type === el.type) {
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
          // The reader is in a field or on a button of it: wait. A part
          // that itself holds the focus (where an action led) is redrawn,
          // and keeps it.
          var holds = document.activeElement === old;
          if (!holds && old.contains(document.activeElement)) {
            pending = true;
            return;
          }
          remember(old);
          var next = document.importNode(part, true);
          if (!keepChoices(next)) {
            return;
          }
          old.replaceWith(next);
          drawn[part.id] = now;
          if (holds) {
            next.focus({ preventScroll: true });
          }
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
