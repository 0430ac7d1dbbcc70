/* FAQ search as you type. Progressive enhancement: without this script the form searches on
   the server (?q=…&team=…); with it, entries are filtered in place. No external resources. */
(function () {
  "use strict";
  var form = document.getElementById("faq-search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var team = form.querySelector("select[name=team]");
  var count = document.getElementById("faq-count");
  var entries = Array.prototype.slice.call(document.querySelectorAll(".faq-entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll(".faq-theme"));
  var navItems = Array.prototype.slice.call(document.querySelectorAll(".faq-themes li"));
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var haystacks = entries.map(function (entry) { return fold(entry.textContent); });
  function say(shown) {
    var template = shown === 0 ? count.dataset.none : shown === 1 ? count.dataset.one : count.dataset.many;
    count.textContent = template.replace("{n}", String(shown));
  }
  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var wantedTeam = team ? team.value : "";
    var shown = 0;
    entries.forEach(function (entry, i) {
      var ok = (!wantedTeam || entry.dataset.team === wantedTeam) &&
        words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
      entry.hidden = !ok;
      if (ok) { shown += 1; }
    });
    sections.forEach(function (section) {
      var empty = !section.querySelector(".faq-entry:not([hidden])");
      section.hidden = empty;
      navItems.forEach(function (li) { if (li.dataset.theme === section.id) { li.hidden = empty; } });
    });
    say(shown);
    if (window.history && window.location.protocol !== "file:") {
      var params = new URLSearchParams(window.location.search);
      if (input.value) { params.set("q", input.value); } else { params.delete("q"); }
      if (wantedTeam) { params.set("team", wantedTeam); } else { params.delete("team"); }
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }
  }
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 120);
  });
  if (team) { team.addEventListener("change", apply); }
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.hidden) { input.value = ""; if (team) { team.value = ""; } apply(); target.scrollIntoView(); }
}());
