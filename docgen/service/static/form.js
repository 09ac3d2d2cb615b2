// docgen web form: BE date labels, person picker, debounced live preview, messages beside fields.
// Plain JavaScript, no build step.
(function () {
  "use strict";
  var form = document.getElementById("doc-form");
  if (!form) return;
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var DELAY = 500; // ms after the last keystroke
  var pages = document.getElementById("pages");
  var statusLine = document.getElementById("preview-status");
  var spinner = document.getElementById("spinner");
  var general = document.getElementById("general");
  var touched = {};
  var showAll = form.dataset.showAll === "1";
  var timer = null, sequence = 0, controller = null;

  function thaiDigits(text) {
    return String(text).replace(/[0-9]/g, function (d) { return "๐๑๒๓๔๕๖๗๘๙"[d]; });
  }

  // "2018-10-16" -> "๑๖ ตุลาคม ๒๕๖๑" (the Buddhist Era year is the CE year + 543)
  function beDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!m) return "";
    return thaiDigits(Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + (Number(m[1]) + 543));
  }

  Array.prototype.forEach.call(form.querySelectorAll("input[type=date]"), function (input) {
    var label = document.querySelector('[data-be-for="' + input.id + '"]');
    function update() { label.textContent = beDate(input.value); }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    update();
  });

  // The signers come from the chosen office's personnel file.
  var office = form.elements.office, signer = form.elements.signer;
  if (office && signer) {
    office.addEventListener("change", function () {
      fetch(form.dataset.people + "?office=" + encodeURIComponent(office.value))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (people) {
          var keep = signer.value;
          signer.length = 1;
          people.forEach(function (p) { signer.add(new Option(p.label, p.id, false, p.id === keep)); });
          schedule();
        });
    });
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", !!isError);
  }

  function showErrors(errors, messages) {
    Array.prototype.forEach.call(form.querySelectorAll(".field"), function (box) {
      var name = box.dataset.field;
      var out = document.getElementById("err-" + name);
      var control = form.elements[name];
      var list = (showAll || touched[name]) ? (errors[name] || []) : [];
      out.textContent = list.join(" ");
      out.hidden = list.length === 0;
      if (control && control.setAttribute) {
        if (list.length) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
      }
    });
    general.innerHTML = "";
    messages.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      general.appendChild(p);
    });
    general.hidden = messages.length === 0;
  }

  function showPages(urls) {
    var placeholder = document.getElementById("placeholder");
    if (placeholder) placeholder.remove();
    var images = pages.querySelectorAll("img");
    urls.forEach(function (url, i) {
      var img = images[i] || pages.appendChild(document.createElement("img"));
      img.src = url;
      img.alt = "ตัวอย่างหน้า " + thaiDigits(i + 1);
    });
    for (var i = urls.length; i < images.length; i++) pages.removeChild(images[i]);
    pages.classList.remove("stale");
    pages.dataset.version = String(Number(pages.dataset.version) + 1);
  }

  function refresh() {
    var mine = ++sequence;
    form.dataset.pending = "1";
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    spinner.hidden = false;
    setStatus("กำลังสร้างตัวอย่าง...");
    fetch(form.dataset.preview, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      if (mine !== sequence) return;
      showErrors(data.errors || {}, data.general || []);
      if (data.ok) {
        showPages(data.pages);
        setStatus("ตัวอย่าง " + thaiDigits(data.page_count) + " หน้า – อัปเดตตามที่พิมพ์");
      } else {
        var hidden = Object.keys(data.errors || {}).some(function (k) { return !(showAll || touched[k]); });
        pages.classList.add("stale");
        setStatus(pages.querySelector("img")
          ? "ยังสร้างตัวอย่างใหม่ไม่ได้ – แสดงตัวอย่างล่าสุด" + (hidden ? " (กรอกช่องที่มี * ให้ครบ)" : "")
          : "กรอกช่องที่มี * ให้ครบเพื่อดูตัวอย่าง", true);
      }
    }).catch(function (error) {
      if (error.name === "AbortError" || mine !== sequence) return;
      setStatus("สร้างตัวอย่างไม่ได้ (" + error.message + ") – แสดงตัวอย่างล่าสุด", true);
    }).then(function () {
      if (mine === sequence) {
        spinner.hidden = true;
        if (timer === null) form.dataset.pending = "0"; // nothing typed since: the preview is current
      }
    });
  }

  function schedule() {
    clearTimeout(timer);
    form.dataset.pending = "1";
    timer = setTimeout(function () { timer = null; refresh(); }, DELAY);
  }

  function onEdit(event) {
    if (event.target && event.target.name) touched[event.target.name] = true;
    schedule();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  form.addEventListener("submit", function () { showAll = true; });
  refresh();
})();
