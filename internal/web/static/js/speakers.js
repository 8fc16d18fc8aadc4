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

  // ---- List page: fetch the page again and swap the live parts, except
  // one the reader is in (a half-filled form, a focused button): it waits
  // until the reader leaves the list. ----
  var pending = false;
  function refreshList() {
    // The list's own address: after a refused form the window shows the
    // form's.
    fetch(root.dataset.page, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        pending = false;
        fresh.querySelectorAll("[data-live][id]").forEach(function (part) {
          var old = document.getElementById(part.id);
          if (!old) {
            return;
          }
          if (old.contains(document.activeElement)) {
            pending = true;
            return;
          }
          old.replaceWith(document.importNode(part, true));
        });
        armTimers();
        tick();
      })
      .catch(function () { pending = true; });
  }
  root.addEventListener("focusout", function () {
    if (pending) {
      window.setTimeout(function () {
        if (pending && !root.contains(document.activeElement)) {
          refreshList();
        }
      }, 0);
    }
  });

  // ---- The stream. ----
  var display = root.dataset.mode === "display";
  var first = true;
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
    } else if (!first) {
      // The first message is the state the page was drawn from.
      refreshList();
    }
    first = false;
  };
  source.onerror = function () {
    // The browser reconnects by itself (after the server's retry delay);
    // what is missed meanwhile arrives as the state on reconnection.
    first = false;
  };

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
