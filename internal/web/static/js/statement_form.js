// The statement form counts its text against the server's limits as it is
// typed, and refuses to send a text (or a whole form) the server would
// refuse, so nothing typed is lost to a refusal page. Without scripts the
// server still refuses and draws the form again with the text.
(function () {
  "use strict";
  var form = document.getElementById("statement-form");
  if (!form) { return; }
  var text = form.querySelector("#text");
  var count = document.getElementById("text-count");
  var banner = document.getElementById("size-error");
  var maxText = parseInt(form.dataset.maxText, 10);
  var maxForm = parseInt(form.dataset.maxForm, 10);
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function fill(template, n) {
    return template.replace("{count}", number.format(n)).replace("{max}", number.format(maxText));
  }
  // characters counts code points, as the server does (a Chinese
  // character outside the BMP is one, not two).
  function characters(s) { return Array.from(s).length; }
  // sentSize is the form's size as the browser sends it (URL-encoded).
  function sentSize() {
    return new URLSearchParams(new FormData(form)).toString().length;
  }
  function update() {
    var n = characters(text.value);
    count.textContent = fill(form.dataset.count, n);
    count.classList.toggle("over", n > maxText);
  }
  text.addEventListener("input", update);
  update();

  form.addEventListener("submit", function (event) {
    var n = characters(text.value);
    var problem = "";
    if (n > maxText) {
      problem = fill(form.dataset.tooLong, n);
    } else if (sentSize() > maxForm) {
      problem = form.dataset.tooLarge;
    }
    if (!problem) {
      banner.hidden = true;
      text.removeAttribute("aria-invalid");
      return;
    }
    event.preventDefault();
    banner.textContent = problem;
    banner.hidden = false;
    text.setAttribute("aria-invalid", "true");
    text.focus();
  });
})();
