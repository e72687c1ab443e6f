// whosaid dashboard: a little script on top of pages that read without it.
// - selecting a marked passage opens its attribution;
// - opening an attribution loads the other articles carrying the same claim;
// - an ingest job page follows the job's progress.
// Text from articles is only ever set with textContent, never as markup.
(function () {
  "use strict";

  function openAttribution(id, scroll) {
    var d = document.getElementById("attr-" + id);
    if (!d) return;
    d.open = true;
    if (scroll) d.scrollIntoView({ block: "nearest" });
  }

  function fromHash() {
    var m = /^#attr-(\d+)$/.exec(location.hash);
    if (m) openAttribution(m[1], true);
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.seg") : null;
    if (a && a.dataset.attr !== undefined) openAttribution(a.dataset.attr, false);
  });
  window.addEventListener("hashchange", fromHash);

  function loadElsewhere(details) {
    var box = details.querySelector(".elsewhere");
    if (!box || box.dataset.loaded) return;
    box.dataset.loaded = "1";
    fetch(box.dataset.src, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (j) {
        var claims = j.claims || [];
        var list = document.createElement("ul");
        claims.forEach(function (c) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = "/articles/" + encodeURIComponent(c.article) + "#attr-" + encodeURIComponent(c.index);
          link.textContent = c.outlet || c.article_key;
          li.appendChild(link);
          li.appendChild(document.createTextNode(": " + (c.speaker || c.source) + " — “" + c.content + "”"));
          list.appendChild(li);
        });
        box.textContent = "";
        if (claims.length === 0) {
          var p = document.createElement("p");
          p.textContent = "No other article carries this claim.";
          box.appendChild(p);
        } else {
          box.appendChild(list);
        }
      })
      .catch(function () { delete box.dataset.loaded; });
  }

  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d && d.matches && d.matches("details.attr") && d.open) loadElsewhere(d);
  }, true);

  function followJob(box) {
    var id = box.dataset.job;
    function set(name, v) {
      var el = document.getElementById("job-" + name);
      if (el) el.textContent = String(v);
    }
    function tick() {
      fetch("/api/jobs/" + encodeURIComponent(id))
        .then(function (r) { return r.json(); })
        .then(function (j) {
          var bar = document.getElementById("job-progress");
          if (bar) { bar.max = Math.max(1, j.items); bar.value = j.processed; }
          ["items", "processed", "stored", "unchanged", "duplicates", "failed"].forEach(function (k) { set(k, j[k]); });
          set("state", j.state);
          if (j.state === "running") setTimeout(tick, 500);
          else location.reload();
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    if (box.dataset.state === "running") tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    fromHash();
    var job = document.getElementById("job");
    if (job) followJob(job);
  });
})();
