// Phone tracking page: one fetch for the ticket, then the WebSocket keeps
// it current. A call for this ticket is shown from the event itself at once
// (no round trip); other queue movement refreshes the figures, debounced.
(function () {
  "use strict";
  var id = document.body.dataset.ticket;
  if (!id) return;
  var $ = function (x) { return document.getElementById(x); };
  var en = document.documentElement.lang === "en";
  var EN_STATUS = { waiting: "Waiting", called: "Called", serving: "Being served", done: "Done", cancelled: "Cancelled",
    no_show: "Missed (absent)", parked: "On hold" };
  var L = en ? { min: " min", soon: "Your turn is near", goTo: "Please go to counter ", invited: "Called", noOpen: "No counter open yet",
      paused: function (n) { return "Counter " + n + " is temporarily unattended"; },
      closed: function (n) { return "Counter " + n + " is closed for now"; },
      awayBody: "Your number is kept. Please wait, or ask at the information desk.", calledAway: "Called" }
    : { min: " phút", soon: "Sắp đến lượt", goTo: "Mời đến quầy ", invited: "Đang được mời", noOpen: "Chưa có quầy mở",
      paused: function (n) { return "Quầy " + n + " đang tạm vắng"; },
      closed: function (n) { return "Quầy " + n + " đang đóng"; },
      awayBody: "Số của Quý khách vẫn được giữ. Quý khách vui lòng chờ hoặc hỏi tại quầy hướng dẫn.", calledAway: "Đã được gọi" };
  var turnTitle = $("called-title").textContent;
  var label = function (t) { return en ? (EN_STATUS[t.status] || t.status) : (t.status_label || t.status); };
  var since = -1, backoff = 500, timer = null, final = false;

  function show(t) {
    $("ticket").hidden = false;
    $("number").textContent = t.number;
    $("service").textContent = (en && t.service_name_en) || t.service_name || "";
    $("status").textContent = label(t);
    document.title = t.number + " — " + label(t);
    var waiting = t.status === "waiting";
    $("waiting").hidden = !waiting;
    if (waiting) {
      $("ahead").textContent = t.ahead;
      $("wait").classList.toggle("words", t.open_counters === 0);
      $("wait").textContent = t.open_counters === 0 ? L.noOpen : t.estimated_wait_min > 0 ? "~" + t.estimated_wait_min + L.min : L.soon;
    }
    if ((t.status === "called" || t.status === "serving") && t.counter_number) {
      // The ticket stays called at a counter that paused (its officer out,
      // its app gone) or closed: the page says so instead of "go to".
      if (t.counter_status === "paused" || t.counter_status === "closed") away(t.counter_number, t.counter_status);
      else called(t.counter_number);
    } else {
      $("called").hidden = true;
    }
    final = t.status === "done" || t.status === "cancelled" || t.status === "no_show";
    document.body.classList.toggle("done", final);
    $("again").hidden = true;
    if (t.status === "no_show") grace(); else $("grace").hidden = true;
    if (final && t.status !== "no_show") offerAgain();
  }

  // When the ticket is over, a new number can be taken from the phone
  // (/lay-so) if the centre takes remote numbers now.
  function offerAgain() {
    fetch("/api/v1/remote/services", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s || !s.open) return;
        $("again").href = "/lay-so";
        $("again").hidden = false;
      })
      .catch(function () {});
  }

  // A number taken remotely (/lay-so) and marked absent may come back to
  // the queue within the centre's grace, once: the server says whether.
  function hm(s) { var d = new Date(new Date(s).getTime() + 7 * 3600 * 1000); return ("0" + d.getUTCHours()).slice(-2) + ":" + ("0" + d.getUTCMinutes()).slice(-2); }
  function grace() {
    fetch("/api/v1/remote/tickets/" + encodeURIComponent(id), { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (g) {
        var box = $("grace");
        if (!g || !g.can_return) { box.hidden = true; offerAgain(); return; }
        $("grace-text").textContent = en
          ? "You were called but were not at the counter. If you are at the centre now, press the button before " + hm(g.grace_until) + " to be called again (once)."
          : "Quý khách đã được gọi nhưng chưa có mặt tại quầy. Nếu quý khách đã có mặt tại trung tâm, bấm nút dưới đây trước " + hm(g.grace_until) + " để được gọi lại (một lần).";
        box.hidden = false;
      })
      .catch(function () {});
  }
  $("back").onclick = function () {
    var b = $("back"); b.disabled = true;
    fetch("/api/v1/remote/tickets/" + encodeURIComponent(id) + "/back", { method: "POST" })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (j) { if (!r.ok) throw j; return j; }); })
      .then(function () { $("grace").hidden = true; final = false; load(); connect(); })
      .catch(function (j) {
        var e = (j && j.error) || {}, el = $("grace-error");
        el.textContent = (en ? e.message_en : e.message) || (en ? "Please try again." : "Xin thử lại.");
        el.hidden = false;
      })
      .then(function () { b.disabled = false; });
  };

  function away(counter, status) {
    var el = $("called");
    el.classList.add("away");
    $("called-title").textContent = L[status](counter);
    $("called-text").textContent = L.awayBody;
    $("status").textContent = L.calledAway;
    el.hidden = false;
    $("waiting").hidden = true;
  }

  function called(counter) {
    var el = $("called");
    var was = !el.hidden && !el.classList.contains("away");
    el.classList.remove("away");
    $("called-title").textContent = turnTitle;
    $("called-text").textContent = L.goTo + counter;
    el.hidden = false;
    $("status").textContent = L.invited;
    $("waiting").hidden = true;
    if (!was && navigator.vibrate) navigator.vibrate([300, 150, 300]);
  }

  function load() {
    fetch("/api/v1/public/tickets/" + encodeURIComponent(id), { cache: "no-store" })
      .then(function (r) {
        if (r.status === 404) { $("notfound").hidden = false; $("ticket").hidden = true; final = true; return null; }
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (t) { if (t) show(t); })
      .catch(function () { $("conn").hidden = false; });
  }

  function later() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; load(); }, 300);
  }

  function connect() {
    if (final) return;
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var url = proto + location.host + "/ws?ticket=" + encodeURIComponent(id) + (since >= 0 ? "&since=" + since : "");
    var ws = new WebSocket(url);
    ws.onopen = function () { $("conn").hidden = true; backoff = 500; };
    ws.onmessage = function (m) {
      var msg;
      try { msg = JSON.parse(m.data); } catch (e) { return; }
      if (msg.type === "snapshot" && msg.snapshot) { since = msg.snapshot.seq; load(); return; }
      if (msg.type !== "event" || !msg.event) return;
      var e = msg.event;
      if (e.seq <= since) return;
      since = e.seq;
      if (e.ticket_id === id) {
        if ((e.kind === "ticket.called" || e.kind === "ticket.recalled") && e.counter_number) called(e.counter_number);
        load();
      } else {
        later();
      }
    };
    ws.onclose = function () {
      if (final) return;
      $("conn").hidden = false;
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }

  load();
  connect();
})();
