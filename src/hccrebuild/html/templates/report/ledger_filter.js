// The ledger's filter: rows whose text contains every word typed, with the status and independence chosen.
(function () {
  var form = document.querySelector("form.ledger-filter");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.ledger tbody tr"));
  function apply() {
    var words = form.elements.text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var status = form.elements.status.value, independence = form.elements.independence.value;
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var keep = (!status || row.dataset.status === status) &&
                 (!independence || row.dataset.independence === independence) &&
                 words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    form.elements.shown.value = shown + " of " + rows.length + " entries shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  // A link to a hidden row (a cell's or a finding's) clears the filter first.
  window.addEventListener("hashchange", function () {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.hidden) { form.reset(); apply(); target.scrollIntoView(); }
  });
})();
