(function () {
  "use strict";
  // Clicking (or pressing Enter on) a highlighted passage lists, in the panel, every
  // piece of evidence whose span covers it: the entries of the sources' lists of what
  // they support, copied. Without JavaScript the passage links to one of those entries.
  var panel = document.getElementById("panel");
  var list = document.getElementById("panel-list");
  var heading = document.getElementById("panel-h");
  var LISTED = 100;
  var lit = [];
  var passages = null;

  function passagesOf(number) {
    if (passages === null) {
      passages = {};
      var all = document.querySelectorAll("a.ev");
      for (var i = 0; i < all.length; i++) {
        var numbers = all[i].getAttribute("data-c").split(" ");
        for (var j = 0; j < numbers.length; j++) {
          (passages[numbers[j]] = passages[numbers[j]] || []).push(all[i]);
        }
      }
    }
    return passages[number] || [];
  }

  function light(element) {
    element.classList.add("on");
    lit.push(element);
  }

  function clear() {
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("on");
    lit = [];
  }

  function show(passage) {
    clear();
    while (list.firstChild) list.removeChild(list.firstChild);
    var numbers = passage.getAttribute("data-c").split(" ");
    var fragment = document.createDocumentFragment();
    // A passage that thousands of records cite lists the first of them; the rest are
    // in the list below the source's text.
    var shown = Math.min(numbers.length, LISTED);
    for (var i = 0; i < shown; i++) {
      var entry = document.getElementById("cite-" + numbers[i]);
      if (!entry) continue;
      var copy = entry.cloneNode(true);
      copy.removeAttribute("id");
      copy.setAttribute("data-cite", numbers[i]);
      fragment.appendChild(copy);
      var card = document.getElementById(entry.getAttribute("data-record"));
      if (card) light(card);
      var spans = passagesOf(numbers[i]);
      for (var j = 0; j < spans.length; j++) light(spans[j]);
    }
    if (shown < numbers.length) {
      var more = document.createElement("li");
      more.className = "more";
      more.textContent = "and " + (numbers.length - shown) + " more, in the list below the source's text";
      fragment.appendChild(more);
    }
    list.appendChild(fragment);
    panel.hidden = false;
    heading.textContent = numbers.length === 1
      ? "What this passage supports (1)"
      : "What this passage supports (" + numbers.length + ")";
  }

  document.addEventListener("click", function (event) {
    var passage = event.target.closest ? event.target.closest("a.ev") : null;
    if (!passage) return;
    event.preventDefault();
    show(passage);
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    clear();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      panel.hidden = true;
      clear();
    }
  });
  // A printed page shows what folded lists hold.
  window.addEventListener("beforeprint", function () {
    var folded = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < folded.length; i++) folded[i].setAttribute("open", "");
  });
  document.documentElement.setAttribute("data-ready", "");
})();
