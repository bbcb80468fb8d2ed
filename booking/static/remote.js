// The remote-number page /lay-so: choose a service, give a phone number,
// get a queue number and follow it on the phone page /t/{id}.
// Vietnamese by default, English on request (the choice is shared with /dat-lich).
"use strict";
(function () {
  var EN = {
    title: "Take a queue number remotely", intro: "Take a number now without being at the centre. The tracking page shows how many people are ahead and the estimated wait, so you arrive in time.",
    s1: "Choose the procedure", s2: "Contact", phone: "Mobile phone number", cccd: "Citizen ID (CCCD) number (optional)",
    privacy: "Your phone and ID numbers are used only to limit turns per person (bookings and remote numbers together: at most {day} a day, {sector} per sector) and are never shown publicly.",
    submit: "Take a number", book: "Book an appointment for another day", done: "Number taken", yours: "Your queue number",
    service: "Procedure", ahead: "People ahead", wait: "Estimated wait", counters: "Counters",
    grace: "If you are called before you arrive, the number is kept for {grace} more minutes: press “I am here” on the tracking page to be called again (once).",
    track: "Follow my number", footer: "No login needed. This page uses no outside services."
  };
  var VI = {};
  var lang = (localStorage.getItem("lang") === "en") ? "en" : "vi";
  var $ = function (id) { return document.getElementById(id); };
  var info = null, taken = null;
  function t(vi, en) { return lang === "en" ? en : vi; }
  function fill(s) {
    if (!info) return s;
    return s.replace("{day}", info.max_per_day).replace("{sector}", info.max_per_sector).replace("{grace}", info.grace_min);
  }
  var titleVI = document.title;
  function applyLang() {
    document.documentElement.lang = lang;
    document.title = lang === "en" ? titleVI.replace(/^Lấy số từ xa/, "Take a number remotely") : titleVI;
    document.querySelectorAll("[data-t]").forEach(function (el) {
      var k = el.getAttribute("data-t");
      if (!(k in VI)) VI[k] = el.textContent;
      el.textContent = fill(lang === "en" ? EN[k] : VI[k]);
    });
    $("lang").textContent = lang === "en" ? "Tiếng Việt" : "English";
    pc.draw();
    if (info) { fillServices(); showClosed(); }
    if (taken) show(taken);
  }
  $("lang").onclick = function () { lang = lang === "en" ? "vi" : "en"; localStorage.setItem("lang", lang); applyLang(); };
  // the one-time code that confirms the phone (phonecode.js), when the centre asks for it
  var pc = window.PhoneCode({ lang: function () { return lang; }, phone: function () { return $("phone").value.trim(); }, onChange: showSubmit, onSent: function () { showErr(""); } });
  function showSubmit() { $("submit").hidden = !pc.ready(); }
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
  function showErr(msg) { var e = $("error"); e.textContent = msg || ""; e.hidden = !msg; }
  function showClosed() {
    var c = $("closed");
    c.hidden = info.open;
    c.textContent = info.open ? "" : t(info.closed_reason, info.closed_reason_en);
    $("submit").disabled = !info.open;
  }
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
    showWaiting();
  }
  function showWaiting() {
    var id = $("service").value, n = 0;
    info.services.forEach(function (s) { if (s.id === id) n = s.waiting; });
    $("waiting").textContent = t("Đang có " + n + " người chờ.", n + (n === 1 ? " person" : " people") + " waiting now.");
  }
  $("service").onchange = showWaiting;
  function show(tk) {
    taken = tk;
    $("form").hidden = true; $("result").hidden = false;
    $("number").textContent = tk.number;
    $("r-service").textContent = (lang === "en" && tk.service_name_en) || tk.service_name;
    $("r-ahead").textContent = tk.ahead;
    $("r-wait").textContent = tk.open_counters === 0 ? t("chưa có quầy mở", "no counter open yet") : tk.estimated_wait_min > 0 ? "~" + tk.estimated_wait_min + t(" phút", " min") : t("sắp đến lượt", "very soon");
    $("r-counters").textContent = (tk.counters || []).join(", ");
    $("track").href = tk.track_url + "?lang=" + lang;
  }
  $("form").onsubmit = function (ev) {
    ev.preventDefault(); showErr("");
    var phone = $("phone").value.trim();
    if (!phone) { showErr(t("Xin nhập số điện thoại.", "Please enter your phone number.")); return; }
    if (!pc.ready()) { pc.send(); return; } // Enter in the phone field: send the code first
    var req = { service: $("service").value, phone: phone, cccd: $("cccd").value.trim() };
    var f = pc.fields();
    if (typeof f === "string") { showErr(f); return; }
    for (var k in f) req[k] = f[k];
    $("submit").disabled = true;
    api("POST", "/api/v1/remote/tickets", req)
      .then(function (tk) { pc.done(); show(tk); })
      .catch(function (e) { if (!pc.failed(e.message)) showErr(e.message); })
      .then(function () { $("submit").disabled = info && !info.open; });
  };
  applyLang();
  api("GET", "/api/v1/remote/services").then(function (j) { info = j; pc.setup(j.verify_phone); applyLang(); })
    .catch(function (e) { showErr(e.message); });
})();
