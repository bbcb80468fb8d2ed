// The "confirm your phone" step of /dat-lich and /lay-so: send a 6-digit
// code by SMS/Zalo, show where it went and how long it is valid, count down
// to "Gửi lại mã", and give the page the code id and the code to send with
// the booking or the number. Both pages hold the same #verify section.
"use strict";
window.PhoneCode = function (o) {
  // o.lang() → "vi" | "en"; o.phone() → the phone field's value; o.onChange() when the step changes;
  // o.onSent() when a code has gone (the page clears its old error).
  var TX = {
    vi: {
      title: "Xác nhận số điện thoại", send: "Gửi mã", sending: "Đang gửi mã…",
      intro: "Trung tâm sẽ gửi tin nhắn có mã gồm 6 chữ số đến số điện thoại ở trên. Bấm “Gửi mã”, đợi tin nhắn, rồi nhập mã vào ô bên dưới.",
      where: "Đã gửi mã đến số {to}.", valid: "Mã có hiệu lực {min} phút, còn {left}.", label: "Nhập mã 6 chữ số trong tin nhắn",
      resendIn: "Gửi lại mã sau {s} giây", resend: "Gửi lại mã", expired: "Mã đã hết hạn, bấm “Gửi lại mã”.",
      wrongPhone: "Sai số điện thoại? Sửa số ở trên rồi bấm “Gửi lại mã”.", need: "Xin nhập đủ 6 chữ số của mã xác nhận.",
      nophone: "Xin nhập số điện thoại trước khi bấm “Gửi mã”.", error: "Có lỗi, xin thử lại."
    },
    en: {
      title: "Confirm your phone number", send: "Send code", sending: "Sending the code…",
      intro: "The centre will text a 6-digit code to the phone number above. Press “Send code”, wait for the message, then type the code below.",
      where: "Code sent to {to}.", valid: "The code is valid for {min} minutes: {left} left.", label: "Type the 6-digit code from the message",
      resendIn: "Resend code in {s} s", resend: "Resend code", expired: "The code has expired; press “Resend code”.",
      wrongPhone: "Wrong number? Correct it above, then press “Resend code”.", need: "Please type all 6 digits of the code.",
      nophone: "Please type your phone number before pressing “Send code”.", error: "Something went wrong, please try again."
    }
  };
  var $ = function (id) { return document.getElementById(id); };
  var enabled = false, sent = null, timer = null, busy = false, off = false; // off: the page has no use for it now (moving a booking)
  function tx(k) { return TX[o.lang() === "en" ? "en" : "vi"][k]; }
  function err(msg) { var e = $("v-error"); e.textContent = msg || ""; e.hidden = !msg; }
  function mmss(ms) { var s = Math.max(0, Math.ceil(ms / 1000)); return Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60); }
  function draw() {
    $("verify").hidden = !enabled || off;
    if (!enabled || off) return;
    $("v-title").textContent = tx("title");
    $("v-intro").textContent = tx("intro");
    $("v-intro").hidden = !!sent; // the green box then says where the code went
    $("v-label").textContent = tx("label");
    $("v-wrongphone").textContent = tx("wrongPhone");
    $("v-send").textContent = busy ? tx("sending") : tx("send");
    $("v-send").disabled = busy;
    $("v-send").hidden = !!sent;
    $("v-sent").hidden = !sent;
    if (!sent) return;
    var now = Date.now();
    $("v-where").textContent = tx("where").replace("{to}", sent.to);
    var left = sent.until - now;
    $("v-valid").textContent = left > 0 ? tx("valid").replace("{min}", Math.round(sent.valid / 60)).replace("{left}", mmss(left)) : "";
    $("v-valid").hidden = left <= 0;
    if (left <= 0 && !sent.expiredShown) { sent.expiredShown = true; err(tx("expired")); }
    var wait = sent.resendAt - now;
    var rb = $("v-resend");
    rb.disabled = busy || wait > 0;
    rb.textContent = busy ? tx("sending") : wait > 0 ? tx("resendIn").replace("{s}", Math.ceil(wait / 1000)) : tx("resend");
  }
  function tick() { draw(); }
  function send() {
    var phone = o.phone();
    err("");
    if (!phone) { err(tx("nophone")); return; }
    busy = true; draw();
    fetch("/api/v1/phone-codes", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ phone: phone }) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) { var e = (j && j.error) || {}; throw new Error(o.lang() === "en" ? (e.message_en || tx("error")) : (e.message || tx("error"))); }
          var now = Date.now();
          sent = { id: j.phone_code_id, to: j.sent_to, phone: phone, valid: j.valid_s, until: now + j.valid_s * 1000, resendAt: now + j.resend_after_s * 1000 };
          keep(sent);
          $("v-code").value = "";
          if (o.onSent) o.onSent();
          if (!timer) timer = setInterval(tick, 1000);
        });
      })
      .catch(function (e) { err(e.message); })
      .then(function () { busy = false; draw(); o.onChange(); if (sent) $("v-code").focus(); });
  }
  // The code in flight survives a reload of the page (a phone may reload the tab while the citizen
  // reads the SMS in another app): its id, where it went and its times, for this tab only.
  var KEY = "motcua-phone-code";
  function keep(v) { try { if (v) sessionStorage.setItem(KEY, JSON.stringify(v)); else sessionStorage.removeItem(KEY); } catch (e) { /* private mode */ } }
  function restore() {
    try {
      var v = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (!v || !v.id || !(v.until > Date.now())) { keep(null); return; }
      if (!$("phone").value) $("phone").value = v.phone;
      if ($("phone").value.trim() !== v.phone) { keep(null); return; }
      sent = v;
      if (!timer) timer = setInterval(tick, 1000);
    } catch (e) { keep(null); }
  }
    $("v-send").onclick = send;
  $("v-resend").onclick = send;
  // only digits, at most 6 (a pasted "123 456" too)
  $("v-code").oninput = function () { var d = this.value.replace(/\D/g, "").slice(0, 6); if (d !== this.value) this.value = d; };
  return {
    setup: function (on) { enabled = !!on; if (enabled && !sent) restore(); draw(); o.onChange(); },
    // ready: the booking can be sent (no verification, or a code sent)
    ready: function () { return !enabled || !!sent; },
    enabled: function () { return enabled; },
    // suppress hides the step while the page does something else (moving a booking)
    suppress: function (b) { if (off !== !!b) { off = !!b; draw(); } },
    send: send,
    // fields for the request, or an error text (the code not typed in full)
    fields: function () {
      if (!enabled) return {};
      var c = $("v-code").value;
      if (c.length !== 6) { $("v-code").focus(); return tx("need"); }
      return { phone_code_id: sent.id, phone_code: c };
    },
    // phoneChanged: another number than the one the code went to starts again
    phoneChanged: function () {
      if (!sent) { err(""); return; }
      if (o.phone() !== sent.phone) { sent = null; keep(null); err(""); draw(); o.onChange(); }
    },
    // failed shows the refusal of a booking or a number under the code box
    // (the code is then typed again) and reports whether it did
    failed: function (msg) {
      if (!enabled || !sent) return false;
      err(msg); var c = $("v-code"); c.value = ""; c.focus();
      return true;
    },
    done: function () { if (timer) { clearInterval(timer); timer = null; } sent = null; keep(null); },
    draw: draw
  };
};
