// The booking page: choose a service, a day and a slot, give a phone number,
// get a booking code and its QR. Vietnamese by default, English on request.
"use strict";
(function () {
  var EN = {
    title: "Book an appointment online", intro: "Choose the procedure, the day and the time. At the centre, scan the QR code or type the booking code at the ticket kiosk to be served at your time.",
    s1: "Choose the procedure", s2: "Choose the day", s3: "Choose the time", s4: "Contact",
    phone: "Mobile phone number", cccd: "Citizen ID (CCCD) number (optional)",
    privacy: "Your phone and ID numbers are used only to limit bookings per person (at most {day} a day, {sector} per sector) and are never shown publicly.",
    submit: "Book", done: "Booked", code: "Booking code", service: "Procedure", when: "Time", status: "Status", phoneshort: "Phone",
    keep: "Take a screenshot or keep this link. Please arrive between {early} minutes before and {late} minutes after your time; later you get an ordinary ticket.",
    track: "Follow my ticket", remote: "Take a number for today now, no booking", move: "Change the time", movesubmit: "Move to this time", cancel: "Cancel the booking", "new": "Book another", footer: "No login needed. This page uses no outside services."
  };
  var VI = { movesubmit: "Đổi sang giờ này" };
  var moving = null; // the booking being moved to another slot
  var lang = (localStorage.getItem("lang") === "en") ? "en" : "vi";
  var $ = function (id) { return document.getElementById(id); };
  var info = null, day = null, slot = null, current = null;
  var WD = { vi: ["CN", "T2", "T3", "T4", "T5", "T6", "T7"], en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] };
  function t(vi, en) { return lang === "en" ? en : vi; }
  // fill puts the centre's own limits into a text: {day}, {sector}, {early}, {late}.
  function fill(s) {
    if (!info) return s;
    return s.replace("{day}", info.max_per_day).replace("{sector}", info.max_per_sector).replace("{early}", info.checkin_early_min).replace("{late}", info.checkin_late_min);
  }

  var titleVI = document.title;
  function applyLang() {
    document.documentElement.lang = lang;
    document.title = lang === "en" ? titleVI.replace(/^Đặt lịch hẹn/, "Book an appointment") : titleVI;
    document.querySelectorAll("[data-t]").forEach(function (el) {
      var k = el.getAttribute("data-t");
      if (!(k in VI)) VI[k] = el.textContent;
      el.textContent = fill(lang === "en" ? EN[k] : VI[k]);
    });
    $("lang").textContent = lang === "en" ? "Tiếng Việt" : "English";
    pc.draw();
    if (info) { fillServices(); drawDays(); }
    if (slotsData) drawSlots();
    if (current && !moving) showBooking(current); // moving: stay on the form
  }
  $("lang").onclick = function () { lang = lang === "en" ? "vi" : "en"; localStorage.setItem("lang", lang); applyLang(); };
  // the one-time code that confirms the phone (phonecode.js), when the centre asks for it
  var pc = window.PhoneCode({ lang: function () { return lang; }, phone: function () { return $("phone").value.trim(); }, onChange: showSubmit, onSent: function () { showErr("error", ""); } });
  function showSubmit() { $("submit").hidden = !moving && !pc.ready(); pc.suppress(!!moving); }
  $("phone").addEventListener("input", function () { pc.phoneChanged(); });

  function api(method, path, body) {
    var o = { method: method, headers: {} };
    if (body) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(body); }
    return fetch(path, o).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = (j && j.error) || {}; throw new Error(t(e.message || "Có lỗi, xin thử lại.", e.message_en || "Something went wrong, please try again.")); }
        return j;
      });
    });
  }
  function hm(s) { var d = new Date(s); return pad(hcm(d).getUTCHours()) + ":" + pad(hcm(d).getUTCMinutes()); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // Times are shown in Vietnam's time (UTC+7) whatever the phone's zone.
  function hcm(d) { return new Date(d.getTime() + 7 * 3600 * 1000); }
  function dmy(s) { var d = hcm(new Date(s)); return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear(); }
  function showErr(id, msg) { var e = $(id); e.textContent = msg || ""; e.hidden = !msg; }

  function fillServices() {
    var sel = $("service"), keep = sel.value;
    sel.innerHTML = "";
    var groups = {};
    info.services.forEach(function (s) {
      if (!groups[s.sector]) { groups[s.sector] = document.createElement("optgroup"); groups[s.sector].label = s.sector_name; sel.appendChild(groups[s.sector]); }
      var o = document.createElement("option"); o.value = s.id; o.textContent = lang === "en" && s.name_en ? s.name_en : s.name;
      groups[s.sector].appendChild(o);
    });
    if (keep) sel.value = keep;
  }
  var dayInfo = {};
  function loadDays() {
    return api("GET", "/api/v1/booking/days?service=" + encodeURIComponent($("service").value)).then(function (j) {
      dayInfo = {}; j.days.forEach(function (d) { dayInfo[d.date] = d; });
      if (day && !(dayInfo[day] && dayInfo[day].remaining > 0)) { day = null; slot = null; slotsData = null; $("slots").innerHTML = ""; showMsg(""); }
      if (!day) { for (var k = 0; k < j.days.length; k++) if (j.days[k].remaining > 0) { day = j.days[k].date; break; } }
      drawDays(); loadSlots();
    }).catch(function (e) { showMsg(e.message); });
  }
  function drawDays() {
    var box = $("days"); box.innerHTML = "";
    var p = info.today.split("-"), base = Date.UTC(+p[0], +p[1] - 1, +p[2]);
    for (var i = 0; i <= info.days_ahead; i++) {
      var d = new Date(base + i * 86400000), iso = d.toISOString().slice(0, 10), di = dayInfo[iso];
      var b = document.createElement("button"); b.type = "button"; b.className = "chip" + (iso === day ? " sel" : ""); b.dataset.day = iso;
      var note = !di ? "" : di.day_off ? t("Nghỉ lễ", "Holiday") : di.slots === 0 ? t("Nghỉ", "Closed") : di.remaining === 0 ? t("Hết chỗ", "Full") : t("còn " + di.remaining + " chỗ", di.remaining + " left");
      b.disabled = !!di && di.remaining === 0;
      if (di && di.day_off) b.title = di.day_off;
      b.innerHTML = WD[lang][d.getUTCDay()] + "<b>" + pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "</b><small>" + note + "</small>";
      b.onclick = function () { if (day === this.dataset.day) return; day = this.dataset.day; slot = null; drawDays(); loadSlots(); };
      box.appendChild(b);
    }
    var sel = box.querySelector(".sel"); if (sel && sel.scrollIntoView) box.scrollLeft = sel.offsetLeft - box.offsetLeft - 8;
  }
  var slotsData = null;
  var slotsSeq = 0; // only the latest answer is drawn
  function loadSlots() {
    if (!day) return;
    var my = ++slotsSeq;
    api("GET", "/api/v1/slots?service=" + encodeURIComponent($("service").value) + "&date=" + day).then(function (j) { if (my === slotsSeq) { slotsData = j; drawSlots(); } })
      .catch(function (e) { if (my === slotsSeq) { slotsData = null; $("slots").innerHTML = ""; showMsg(e.message); } });
  }
  function showMsg(m) { var e = $("slots-msg"); e.textContent = m || ""; e.hidden = !m; }
  function drawSlots() {
    var box = $("slots"); box.innerHTML = "";
    if (slotsData.day_off) { showMsg(t("Ngày nghỉ (" + slotsData.day_off + "): trung tâm không nhận lịch hẹn.", "Day off (" + slotsData.day_off + "): no appointments.")); return; }
    if (!slotsData.slots.length) { showMsg(t("Ngày này không còn khung giờ nhận đặt lịch.", "No bookable times left on this day.")); return; }
    showMsg("");
    slotsData.slots.forEach(function (s) {
      var b = document.createElement("button"); b.type = "button"; b.className = "slot" + (slot === s.start ? " sel" : "");
      b.disabled = s.remaining <= 0; b.dataset.start = s.start;
      b.innerHTML = hm(s.start) + "<small>" + (s.remaining > 0 ? t("còn " + s.remaining + " chỗ", s.remaining + " left") : t("hết chỗ", "full")) + "</small>";
      b.onclick = function () { slot = this.dataset.start; drawSlots(); };
      box.appendChild(b);
    });
  }
  $("service").onchange = function () { slot = null; loadDays(); };

  $("form").onsubmit = function (ev) {
    ev.preventDefault(); showErr("error", "");
    if (!day || !slot) { showErr("error", t("Xin chọn ngày và giờ hẹn.", "Please choose a day and a time.")); return; }
    var phone = $("phone").value.trim();
    if (!moving && !phone) { showErr("error", t("Xin nhập số điện thoại.", "Please enter your phone number.")); return; }
    if (!moving && !pc.ready()) { pc.send(); return; } // Enter in the phone field: send the code first
    var req = { service: $("service").value, slot_start: slot, phone: phone, cccd: $("cccd").value.trim() };
    if (!moving) {
      var f = pc.fields();
      if (typeof f === "string") { showErr("error", f); return; }
      for (var k in f) req[k] = f[k];
    }
    $("submit").disabled = true;
    var done = moving
      ? api("POST", "/api/v1/bookings/" + encodeURIComponent(moving.code) + "/move", { slot_start: slot })
      : api("POST", "/api/v1/bookings", req);
    done.then(function (b) { history.replaceState(null, "", "/dat-lich?ma=" + encodeURIComponent(b.code)); b.status = b.status || "booked"; if (!moving) pc.done(); setMoving(null); showBooking(b); })
      .catch(function (e) { if (moving || !pc.failed(e.message)) showErr("error", e.message); loadDays(); })
      .then(function () { $("submit").disabled = false; });
  };
  function setMoving(b) {
    moving = b;
    $("service").disabled = !!b; $("contact").hidden = !!b; showSubmit();
    $("submit").setAttribute("data-t", b ? "movesubmit" : "submit");
    $("submit").textContent = fill(lang === "en" ? EN[$("submit").getAttribute("data-t")] : VI[$("submit").getAttribute("data-t")] || $("submit").textContent);
  }
  $("move").onclick = function () {
    setMoving(current); showErr("r-error", "");
    $("result").hidden = true; $("form").hidden = false;
    $("service").value = current.service; day = null; slot = null; slotsData = null; $("slots").innerHTML = "";
    loadDays(); window.scrollTo(0, 0);
  };

  var LABEL = { booked: ["Đã đặt lịch", "Booked"], checking_in: ["Đang lấy số", "Checking in"], checked_in: ["Đã lấy số", "Checked in"], cancelled: ["Đã hủy", "Cancelled"] };
  function showBooking(b) {
    current = b;
    $("form").hidden = true; $("result").hidden = false; showErr("r-error", "");
    var cancelled = b.status === "cancelled";
    $("done-title").textContent = cancelled ? t("Lịch hẹn đã hủy", "Booking cancelled") : (lang === "en" ? EN.done : (VI.done || "Đặt lịch thành công"));
    $("done-title").className = "ok" + (cancelled ? " cancelled" : "");
    $("code").textContent = b.code;
    $("qr").src = b.qr_png; $("qr").hidden = cancelled;
    $("r-service").textContent = lang === "en" && b.service_name_en ? b.service_name_en : b.service_name;
    document.querySelector('[data-t="keep"]').hidden = b.status !== "booked";
    $("r-when").textContent = hm(b.slot_start) + "–" + hm(b.slot_end) + " " + dmy(b.slot_start);
    $("r-status").textContent = (LABEL[b.status] || [b.status, b.status])[lang === "en" ? 1 : 0];
    $("r-phone").textContent = b.phone || "";
    $("cancel").hidden = b.status !== "booked"; $("move").hidden = b.status !== "booked";
    var tr = $("track"); tr.hidden = !b.ticket_id; if (b.ticket_id) tr.href = "/t/" + encodeURIComponent(b.ticket_id) + "?lang=" + lang;
  }
  $("cancel").onclick = function () {
    if (!confirm(t("Quý khách chắc chắn muốn hủy lịch hẹn này?", "Cancel this booking?"))) return;
    api("POST", "/api/v1/bookings/" + encodeURIComponent(current.code) + "/cancel").then(showBooking).catch(function (e) { showErr("r-error", e.message); });
  };

  var code = new URLSearchParams(location.search).get("ma");
  applyLang();
  if (code) {
    api("GET", "/api/v1/bookings/" + encodeURIComponent(code)).then(showBooking).catch(function (e) { $("form").hidden = true; $("result").hidden = false; showErr("r-error", e.message); $("cancel").hidden = true; $("move").hidden = true; $("qr").hidden = true; });
  }
  api("GET", "/api/v1/booking/services").then(function (j) {
    info = j; pc.setup(j.verify_phone); applyLang(); day = null; drawDays(); loadDays();
  }).catch(function (e) { showErr("error", e.message); });
})();
