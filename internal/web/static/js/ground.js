// Live common ground. The map and the proposition pages work without this
// script (they are plain pages); with it they follow the edition's
// server-sent events. The stream sends a digest of what this reader sees;
// when it differs from the one the page was drawn with, the page fetches
// itself again and swaps in the live parts the server now draws
// differently. Nothing a person is choosing or typing is lost: a part the
// reader is in waits until they leave it, and a swapped part keeps the
// choices made in its forms.
(function () {
  "use strict";

  var root = document.querySelector("[data-events]");
  if (!root || !window.EventSource || !window.fetch) {
    return;
  }

  function parts(doc) {
    var out = {};
    doc.querySelectorAll("[data-live][id]").forEach(function (part) {
      out[part.id] = part;
    });
    return out;
  }

  // The live parts as the server drew them, by id.
  var drawn = {};
  Object.keys(parts(document)).forEach(function (id) {
    drawn[id] = document.getElementById(id).outerHTML;
  });

  // keepChoices copies the selects' choices of from's forms into to's
  // forms of the same id, when to still offers them.
  function keepChoices(from, to) {
    from.querySelectorAll("form[id] select[name]").forEach(function (sel) {
      var form = sel.form, fresh = form && form.id && to.querySelector("#" + CSS.escape(form.id));
      if (!fresh) {
        return;
      }
      var twin = fresh.querySelector("select[name=\"" + CSS.escape(sel.name) + "\"]");
      if (twin && Array.prototype.some.call(twin.options, function (o) { return o.value === sel.value; })) {
        twin.value = sel.value;
      }
    });
  }

  var pending = false, asked = 0;
  function refresh() {
    // Only the latest answer is applied: an earlier fetch that answers
    // late holds an older page.
    var mine = ++asked;
    fetch(root.dataset.page, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        if (mine !== asked) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var freshRoot = fresh.querySelector("[data-events]");
        var now = parts(fresh), old = parts(document);
        var same = Object.keys(now).length === Object.keys(old).length &&
          Object.keys(now).every(function (id) { return old[id]; });
        pending = false;
        if (!same && freshRoot) {
          // The page is drawn with other parts (the edition opened its
          // positions, or a proposition was published): take it whole,
          // unless the reader is in it.
          if (root.contains(document.activeElement) && document.activeElement !== document.body) {
            pending = true;
            return;
          }
          var next = document.importNode(freshRoot, true);
          next.dataset.digest = root.dataset.digest;
          root.replaceWith(next);
          root = next;
          drawn = {};
          Object.keys(parts(document)).forEach(function (id) {
            drawn[id] = document.getElementById(id).outerHTML;
          });
          return;
        }
        Object.keys(now).forEach(function (id) {
          var part = now[id], html = part.outerHTML, cur = old[id];
          if (drawn[id] === html) {
            return;
          }
          if (cur.contains(document.activeElement)) {
            pending = true;
            return;
          }
          var next = document.importNode(part, true);
          keepChoices(cur, next);
          cur.replaceWith(next);
          drawn[id] = html;
        });
      })
      .catch(function () { pending = true; });
  }

  document.addEventListener("focusout", function () {
    if (pending) {
      // After the focus has moved: the part left can now be swapped.
      window.setTimeout(function () {
        if (pending) {
          refresh();
        }
      }, 0);
    }
  });

  var source = new EventSource(root.dataset.events);
  source.onmessage = function (ev) {
    // The first message is the digest as the stream connects: a change
    // made between drawing the page and connecting shows at once, and
    // nothing is fetched when there was none.
    if (ev.data === root.dataset.digest) {
      return;
    }
    root.dataset.digest = ev.data;
    refresh();
  };
  // On an error the browser reconnects by itself (after the server's
  // retry delay); a change missed meanwhile shows in the first message.
})();
