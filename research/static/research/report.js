/* The research report keeps what the researcher typed on this device (localStorage, keyed by request and
   report) as they type, so a dropped connection or a closed page loses nothing: restored on the next load with a
   notice, and cleared once the report is submitted. The server's draft is saved by the "Save draft" button. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; } catch (error) { return; }
  if (!store) return;
  // The request's page lists the reports this person submitted: their copies on this device are done with.
  Array.prototype.forEach.call(document.querySelectorAll("[data-research-submitted]"), function (marker) {
    store.removeItem(marker.getAttribute("data-research-submitted"));
  });
  var root = document.querySelector("[data-research-report]");
  if (!root) return;
  var key = root.getAttribute("data-storage-key");
  if (!key) return;
  if (root.hasAttribute("data-submitted")) { store.removeItem(key); return; }
  var form = root.querySelector("[data-report-form]");
  if (!form) return;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrfmiddlewaretoken" && !field.hasAttribute("data-keep-server") &&
        field.type !== "submit" && field.type !== "file";
    });
  }

  function collect() {
    var values = {};
    fields().forEach(function (field) {
      if (field.type === "radio") { if (field.checked) values[field.name] = field.value; }
      else values[field.name] = field.value;
    });
    return values;
  }

  function restore(saved) {
    var changed = false;
    fields().forEach(function (field) {
      if (!Object.prototype.hasOwnProperty.call(saved, field.name)) return;
      var value = saved[field.name];
      if (field.type === "radio") {
        var checked = field.value === value;
        if (field.checked !== checked) { field.checked = checked; changed = true; }
      } else if (field.value !== value) { field.value = value; changed = true; }
    });
    return changed;
  }

  var saved = null;
  try { saved = JSON.parse(store.getItem(key) || "null"); } catch (error) { saved = null; }
  if (saved && restore(saved)) {
    var notice = root.querySelector("[data-restored-notice]");
    if (notice) notice.hidden = false;
  }

  function keep() {
    try { store.setItem(key, JSON.stringify(collect())); } catch (error) { /* storage full: the server draft stays */ }
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  window.addEventListener("pagehide", keep);
})();
