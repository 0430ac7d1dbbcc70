/* Progressive enhancement for the question form; the form works fully without it.
   - While the ambassador types the question, show published FAQ entries that look similar.
   - After a failed submit, move focus to the error summary so screen readers start there. */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.getElementById("error-summary") || document.getElementById("notice");
    if (summary) { summary.focus(); }
  }

  // The live region itself always stays in the page (so changes are announced); its content comes and goes.
  function renderSimilar(region, results) {
    region.textContent = "";
    if (!results.length) { return; }
    var box = document.createElement("div");
    box.className = "similar";
    var heading = document.createElement("p");
    heading.textContent = region.getAttribute("data-heading");
    var list = document.createElement("ul");
    results.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = entry.summary;
      var note = document.createElement("span");
      note.className = "visually-hidden";
      note.textContent = " (" + region.getAttribute("data-new-tab") + ")";
      link.appendChild(note);
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    region.appendChild(box);
  }

  function watchQuestion() {
    var input = document.getElementById("question");
    var region = document.getElementById("similar");
    if (!input || !region || !window.fetch) { return; }
    var timer = null;
    var lastAsked = "";
    // No digits: the query string lands in proxy logs, and a typed number may be a citizen's BSN.
    function searchText() { return input.value.replace(/[0-9]/g, " ").replace(/\s+/g, " ").trim(); }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var text = searchText();
        if (text === lastAsked) { return; }
        lastAsked = text;
        if (text.length < 4) { renderSimilar(region, []); return; }
        fetch(region.getAttribute("data-url") + "?q=" + encodeURIComponent(text), {headers: {"Accept": "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (body) { if (searchText() === text) { renderSimilar(region, body.results || []); } })
          .catch(function () { renderSimilar(region, []); });
      }, 400);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary();
    watchQuestion();
  });
})();
