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

  // The signers and the districts come from the chosen office's files.
  var office = form.elements.office;
  var reloaded = form.querySelectorAll("select[data-reload]");
  if (office && reloaded.length) {
    office.addEventListener("change", function () {
      Array.prototype.forEach.call(reloaded, function (select) {
        fetch(select.dataset.reload + "?office=" + encodeURIComponent(office.value))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            var keep = select.value;
            select.length = 1;
            items.forEach(function (p) { select.add(new Option(p.label, p.id, false, p.id === keep)); });
            schedule();
          });
      });
    });
  }

  // An order's committees: "เพิ่มคณะ" adds a block (heading_2, members_2 ...), "ลบคณะนี้" removes one.
  var committees = document.getElementById("committees");
  if (committees) {
    var addButton = document.getElementById("add-committee");
    var most = Number(committees.dataset.max);
    var blocks = function () { return committees.querySelectorAll(".committee"); };
    var renumber = function () {
      Array.prototype.forEach.call(blocks(), function (block, i) {
        var suffix = i === 0 ? "" : "_" + (i + 1);
        block.dataset.committee = String(i + 1);
        block.querySelector(".committee-number").textContent = thaiDigits(i + 1);
        block.querySelector(".remove-committee").hidden = i === 0;
        Array.prototype.forEach.call(block.querySelectorAll("[data-base]"), function (box) {
          var name = box.dataset.base + suffix;
          var control = box.querySelector("input, textarea");
          box.dataset.field = name;
          control.name = name;
          control.id = "f-" + name;
          box.querySelector("label").htmlFor = control.id;
          box.querySelector(".error").id = "err-" + name;
          var described = control.getAttribute("aria-describedby").split(" ");
          described[0] = "err-" + name;
          control.setAttribute("aria-describedby", described.join(" "));
        });
      });
      addButton.hidden = blocks().length >= most;
    };
    addButton.addEventListener("click", function () {
      var copy = blocks()[0].cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("input, textarea"), function (control) {
        control.value = "";
        control.removeAttribute("aria-invalid");
      });
      Array.prototype.forEach.call(copy.querySelectorAll(".error"), function (p) { p.textContent = ""; p.hidden = true; });
      committees.insertBefore(copy, document.getElementById("hint-members"));
      renumber();
      copy.querySelector("input").focus();
      schedule();
    });
    committees.addEventListener("click", function (event) {
      if (!event.target.classList.contains("remove-committee")) return;
      committees.removeChild(event.target.closest(".committee"));
      renumber();
      schedule();
    });
    renumber();
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
        // Several documents (a certification per LAO): say how many the download holds.
        var count = data.documents > 1 ? "ไฟล์ที่ดาวน์โหลดมี " + thaiDigits(data.documents) + " ฉบับ – " : "";
        setStatus(count + (data.complete
          ? "ตัวอย่าง " + thaiDigits(data.page_count) + " หน้า – อัปเดตตามที่พิมพ์"
          : "ตัวอย่างแสดง " + thaiDigits(data.pages.length) + " หน้าแรก"));
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
