// Adds the reader's own clock to every <time data-local> on hover (its
// title), next to the venue's time the page shows. The words come from the
// page (data-your-time on <html>, "{time}" replaced), so they are in the
// reader's language.
(function () {
  "use strict";
  var label = document.documentElement.getAttribute("data-your-time") || "{time}";
  var lang = document.documentElement.lang || undefined;
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short", timeZoneName: "short" });
  } catch (e) {
    return;
  }
  document.querySelectorAll("time[data-local][datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d.getTime())) return;
    el.title = label.replace("{time}", fmt.format(d));
  });
})();
