// The live status view of an outcome document. The page works without
// this script (it is a plain page with plain forms); with it, it follows
// the document's server-sent events. The stream sends the document's
// version; when it differs from the one the page was drawn with, the page
// fetches itself again and swaps in the parts ([data-live][id]) the server
// now draws differently: statuses, counts, amendments, the share of text
// in brackets, paragraphs added or deleted.
//
// A part the reader is in (it holds the focus) or has typed into (a field
// whose value is no longer the one drawn) is left alone, so nothing a
// person is writing is lost: its own inner parts are still brought up to
// date, and it is swapped once the reader leaves it untouched.
(function () {
  "use strict";

  var root = document.querySelector("[data-events][data-version]");
  if (!root || !window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }

  // dirty reports whether the reader changed a field inside el.
  function dirty(el) {
    return Array.prototype.some.call(el.querySelectorAll("input, textarea, select"), function (f) {
      if (f.type === "hidden") {
        return false;
      }
      if (f.type === "checkbox" || f.type === "radio") {
        return f.checked !== f.defaultChecked;
      }
      if (f.tagName === "SELECT") {
        // A select drawn with no option marked shows its first one.
        var marked = Array.prototype.some.call(f.options, function (o) { return o.defaultSelected; });
        return Array.prototype.some.call(f.options, function (o, i) {
          return o.selected !== (marked ? o.defaultSelected : i === 0);
        });
      }
      return f.value !== f.defaultValue;
    });
  }

  // busy: the reader is in el or has typed into it.
  function busy(el) {
    var a = document.activeElement;
    return (a && a !== document.body && el.contains(a)) || dirty(el);
  }

  // keepOpen carries the open disclosures of from over to to.
  function keepOpen(from, to) {
    from.querySelectorAll("details[id][open]").forEach(function (d) {
      var twin = to.querySelector("#" + CSS.escape(d.id));
      if (twin) {
        twin.open = true;
      }
    });
    if (from.tagName === "DETAILS" && from.open) {
      to.open = true;
    }
  }

  function liveParts(scope) {
    return Array.prototype.slice.call(scope.querySelectorAll("[data-live][id]"));
  }

  // childParts are the parts of scope not inside another part of scope.
  function childParts(scope) {
    return liveParts(scope).filter(function (p) {
      var up = p.parentElement.closest("[data-live][id]");
      return !up || up === scope || !scope.contains(up);
    });
  }

  // reconcile brings the parts inside cur up to date with those inside
  // fresh (cur and fresh: the roots, or the same part).
  var pending = false;
  function reconcile(cur, fresh) {
    var freshParts = childParts(fresh), curParts = childParts(cur);
    var seen = {};
    freshParts.forEach(function (part) {
      seen[part.id] = true;
      var old = document.getElementById(part.id);
      if (old && !cur.contains(old)) {
        old = null;
      }
      if (!old) {
        insert(part);
        return;
      }
      if (old.outerHTML === part.outerHTML) {
        return;
      }
      if (busy(old)) {
        pending = true;
        reconcile(old, part); // its own parts: statuses, counts, text
        return;
      }
      var next = document.importNode(part, true);
      keepOpen(old, next);
      old.replaceWith(next);
    });
    curParts.forEach(function (old) {
      if (seen[old.id]) {
        return;
      }
      if (busy(old)) {
        pending = true;
        return;
      }
      old.remove();
    });
  }

  // insert places a new part after the part (or element with an id)
  // before it in the fresh page, else at the start of its parent.
  function insert(part) {
    var next = document.importNode(part, true);
    for (var prev = part.previousElementSibling; prev; prev = prev.previousElementSibling) {
      var here = prev.id && document.getElementById(prev.id);
      if (here) {
        here.after(next);
        return;
      }
    }
    var parent = part.parentElement && part.parentElement.id && document.getElementById(part.parentElement.id);
    if (parent) {
      parent.prepend(next);
    }
  }

  var asked = 0;
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
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-events][data-version]");
        if (!fresh) {
          return;
        }
        pending = false;
        reconcile(root, fresh);
      })
      .catch(function () { pending = true; });
  }

  // A part left alone is swapped once the reader has left it.
  document.addEventListener("focusout", function () {
    if (pending) {
      window.setTimeout(function () {
        if (pending) {
          refresh();
        }
      }, 0);
    }
  });

  var source = new EventSource(root.dataset.events);
  source.onmessage = function (ev) {
    // The first message is the version as the stream connects: a change
    // made between drawing the page and connecting shows at once, and
    // nothing is fetched when there was none.
    if (ev.data === root.dataset.version) {
      return;
    }
    root.dataset.version = ev.data;
    refresh();
  };
  // On an error the browser reconnects by itself (after the server's
  // retry delay); a change missed meanwhile shows in the first message.
})();
