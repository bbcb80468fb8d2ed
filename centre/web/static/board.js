// Hall board: state only from the server's snapshot and numbered events
// over /ws (resume with ?since=, reconnect with backoff); the same rules as
// the Go presenter in display/. No build step, no dependencies.
(function () {
  "use strict";
  var MIN_SHOW = 5000, RECENT_MAX = 10, MAX_PENDING = 20;
  var OFFLINE = "Mất kết nối, đang kết nối lại…";
  var AWAY = "Quầy tạm vắng"; // centre.AwayReason: the counter's app is gone
  // ?lang=en: the board's own words in English (Decree 42/2022 asks for an
  // English interface). The voice is the hall's, Vietnamese first; an
  // English board then says the call in English too ("Number A 0 2 5,
  // please go to counter three"), unless &voice_en=0.
  var EN = new URLSearchParams(location.search).get("lang") === "en";
  var VOICE_EN = EN && new URLSearchParams(location.search).get("voice_en") !== "0";
  var EN_WORDS = {
    "MỜI SỐ": "NOW CALLING", "Số vừa gọi": "Recent calls", "đang chờ": "waiting", " (gọi lại)": " (again)",
    "Mất kết nối, đang kết nối lại…": "Connection lost, reconnecting…", "Đang kết nối tới máy chủ…": "Connecting to the server…",
    "Quầy tạm vắng": "Counter unattended", "Tạm dừng": "Paused", "Đóng": "Closed", "Đang chờ gọi số": "Ready",
    "Đang phục vụ": "Serving", "Đang gọi": "Calling",
    "Mã thiết bị không hợp lệ hoặc đã bị thu hồi.": "This device token is not valid or has been revoked."
  };
  var tr = function (s) { return EN && EN_WORDS[s] !== undefined ? EN_WORDS[s] : s; };
  // The pause reasons the counter offers (queue/pause_en.go, the same
  // pairs: TestBoardPauseReasonsMatch); a typed reason stays as typed.
  var PAUSE_EN = {
    "Nghỉ giải lao": "Short break", "Nghỉ trưa": "Lunch break", "Họp, công tác": "Meeting or official duty",
    "Xử lý hồ sơ phức tạp": "Handling a complex dossier", "Sự cố kỹ thuật": "Technical problem"
  };
  // Counter names like "Quầy 3" read "Counter 3" in English.
  // A counter's name: in English its name_en from the config, else "Counter N".
  var counterWord = function (id, name, number) {
    if (!EN) return name || ("Quầy " + number);
    return (st.namesEN && st.namesEN[id]) || ("Counter " + number);
  };
  var q = new URLSearchParams(location.search);
  var list = function (s) { return (s || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean); };
  var opt = {
    counters: list(q.get("counters")), services: list(q.get("services")),
    orientation: q.get("orientation") || "auto", sound: q.get("sound") !== "0",
  };
  var $ = function (id) { return document.getElementById(id); };

  // ---- token: ?token= once, then localStorage ----
  var TOKEN_KEY = "motcua.board.token";
  var token = q.get("token");
  if (token) {
    try { localStorage.setItem(TOKEN_KEY, token); } catch (e) {}
    q.delete("token");
    // Keep the token out of the address bar and history.
    history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : ""));
  } else {
    try { token = localStorage.getItem(TOKEN_KEY); } catch (e) {}
  }

  // ---- state (mirrors display.Presenter) ----
  var st = { ready: false, online: false, seq: -1, centre: "", notice: "", counters: [], services: [], recent: [],
    featured: null, featuredSince: 0, pending: [], highlightUntil: 0, audioBusyFor: null };
  // sounds: what was played, in order (the last 50: {lang, clips} or {lang, text}).
  var stats = window.__board = { calls: [], snapshots: 0, events: 0, connects: 0, sounds: [], announced: 0 };

  var has = function (arr, x) { return arr.indexOf(x) >= 0; };
  var wantCounter = function (id) { return !opt.counters.length || has(opt.counters, id); };
  var wantService = function (id) { return !opt.services.length || has(opt.services, id); };
  var wantCall = function (c) { return wantCounter(c.counter) && wantService(c.service); };
  function counterShown(k) {
    if (opt.counters.length) return has(opt.counters, k.id);
    if (!opt.services.length) return true;
    return (k.services || []).some(function (s) { return has(opt.services, s); });
  }
  function serviceShown(id, counters) {
    if (opt.services.length) return has(opt.services, id);
    if (!opt.counters.length) return true;
    return counters.some(function (k) { return has(opt.counters, k.id) && has(k.services || [], id); });
  }
  function isCurrent(ticket, counter) {
    // A paused or closed counter (officer out, app gone) is calling nobody:
    // its last call is not the hall's big call.
    for (var i = 0; i < st.counters.length; i++) if (st.counters[i].id === counter) return !!ticket && st.counters[i].ticket === ticket && st.counters[i].status === "open";
    return false;
  }
  function callOf(c, recall) {
    return { ticket: c.ticket_id, number: c.number, service: c.service, counter: c.counter,
      counterNumber: c.counter_number, counterName: c.counter_name || ("Quầy " + c.counter_number), recall: !!recall };
  }
  // A counter that paused or closed calls nobody: its queued calls are not
  // announced late.
  function dropPendingAt(counter) { st.pending = st.pending.filter(function (p) { return p.counter !== counter; }); }
  function featureLatestCurrent() {
    st.featured = null; st.featuredSince = 0; st.highlightUntil = 0;
    for (var i = 0; i < st.recent.length; i++) {
      if (isCurrent(st.recent[i].ticket, st.recent[i].counter)) { st.featured = st.recent[i]; return; }
    }
  }

  function applySnapshot(s) {
    stats.snapshots++;
    st.ready = true; st.seq = s.seq; st.centre = s.centre_name;
    // An English board shows the English notice, or none: never the Vietnamese line.
    st.notice = (EN ? s.notice_en : s.notice) || "";
    st.namesEN = {};
    (s.counters || []).forEach(function (k) { if (k.name_en) st.namesEN[k.id] = k.name_en; });
    st.counters = (s.counters || []).filter(counterShown).map(function (k) {
      return { id: k.id, number: k.number, name: k.name, status: k.status, reason: k.reason || "",
        current: k.current ? k.current.number : "", ticket: k.current ? k.current.ticket_id : "",
        serving: !!(k.current && k.current.status === "serving") };
    });
    st.services = (s.services || []).filter(function (sv) { return serviceShown(sv.id, s.counters || []); }).map(function (sv) {
      return { id: sv.id, name: EN && sv.name_en ? sv.name_en : sv.name, prefix: sv.prefix, waiting: sv.waiting };
    });
    st.recent = (s.recent || []).filter(wantCall).slice(0, RECENT_MAX).map(function (c) { return callOf(c); });
    // A resync drops queued announcements and keeps a featured call only
    // if its ticket is still at its counter: no stale call on screen.
    st.pending = [];
    if (!st.featured || !isCurrent(st.featured.ticket, st.featured.counter)) featureLatestCurrent();
    else st.highlightUntil = 0;
  }

  function setCounter(id, status, reason) {
    st.counters.forEach(function (k) { if (k.id === id) { k.status = status; k.reason = reason || ""; } });
  }
  function leave(ticket) {
    if (!ticket) return;
    st.counters.forEach(function (k) { if (k.ticket === ticket) { k.current = ""; k.ticket = ""; k.serving = false; } });
    st.pending = st.pending.filter(function (c) { return c.ticket !== ticket; });
  }

  function applyEvent(e, recvAt) {
    if (!st.ready || e.seq <= st.seq) return;
    st.seq = e.seq; stats.events++;
    if (e.waiting) st.services.forEach(function (s) { if (s.id in e.waiting) s.waiting = e.waiting[s.id]; });
    switch (e.kind) {
      case "notice": st.notice = (EN ? e.text_en : e.text) || ""; return;
      case "counter.opened": case "counter.resumed": setCounter(e.counter, "open"); return;
      case "counter.paused": setCounter(e.counter, "paused", e.reason); dropPendingAt(e.counter); return;
      case "counter.closed": setCounter(e.counter, "closed"); dropPendingAt(e.counter); return;
      case "ticket.issued": return;
      case "ticket.started":
        st.counters.forEach(function (k) { if (k.ticket === e.ticket_id) k.serving = true; });
        return;
      case "ticket.called": case "ticket.recalled":
        st.counters.forEach(function (k) {
          if (k.ticket === e.ticket_id && k.id !== e.counter) { k.current = ""; k.ticket = ""; k.serving = false; }
          if (k.id === e.counter) { k.current = e.number; k.ticket = e.ticket_id; k.serving = false; k.status = "open"; k.reason = ""; }
        });
        if (!wantCall(e)) return;
        var c = callOf(e, e.kind === "ticket.recalled");
        c.seq = e.seq; c.recvAt = recvAt; c.at = Date.parse(e.at) || 0;
        st.recent.unshift(c);
        if (st.recent.length > RECENT_MAX) st.recent.length = RECENT_MAX;
        st.pending = st.pending.filter(function (p) { return p.ticket !== c.ticket; });
        st.pending.push(c);
        if (st.pending.length > MAX_PENDING) st.pending = st.pending.slice(-MAX_PENDING);
        return;
    }
    leave(e.ticket_id);
  }

  // advance: the next queued call takes the large area once the current
  // one has been shown MIN_SHOW and its announcement has finished.
  function advance(now) {
    var busy = st.featured && st.featuredSince && (now - st.featuredSince < MIN_SHOW || st.audioBusyFor === st.featured);
    if (!busy && st.pending.length) {
      var c = st.pending.shift();
      st.featured = c; st.featuredSince = now; st.highlightUntil = now + MIN_SHOW;
      announce(c);
      return true;
    }
    if (!busy && st.featured && !isCurrent(st.featured.ticket, st.featured.counter)) {
      featureLatestCurrent();
      return true;
    }
    return false;
  }

  // ---- rendering ----
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function statusText(k) {
    return statusTextVI(k).split(": ").map(function (p, i) { return i === 0 ? tr(p) : (EN && PAUSE_EN[p]) || p; }).join(": ");
  }
  function statusTextVI(k) {
    if (k.status === "paused" && k.reason === AWAY) return AWAY;
    if (k.status === "paused") return k.reason ? "Tạm dừng: " + k.reason : "Tạm dừng";
    if (k.status === "closed") return "Đóng"; // logged out with a number called: closed all the same
    if (!k.current) return "Đang chờ gọi số";
    return k.serving ? "Đang phục vụ" : "Đang gọi";
  }
  // A name still cut at two lines gets smaller type (down to 60 %) until
  // it fits whole.
  function fitNames() {
    Array.prototype.forEach.call(document.querySelectorAll("#services .sn"), function (n) {
      var fs = parseFloat(getComputedStyle(n).fontSize), floor = fs * 0.6;
      // Measured unclamped: more than two lines is too long.
      var over = function () {
        n.style.display = "block";
        var h = n.scrollHeight, lh = parseFloat(getComputedStyle(n).lineHeight) || fs * 1.25;
        n.style.display = "";
        return h > 2 * lh + 1;
      };
      while (over() && fs > floor) { fs *= 0.92; n.style.fontSize = fs + "px"; }
    });
  }
  function fitAll() { fitNames(); fitCounterNames(); fitFeature(); fitRecent(); }
  // A counter name longer than its column beside the number wraps to two
  // lines, then gets smaller type (down to 75 %); still too long, it goes
  // across the whole tile above the number ("stack", down to 50 %).
  function fitCounterNames() {
    Array.prototype.forEach.call(document.querySelectorAll("#counters .name"), function (n) {
      var tile = n.parentNode, lines;
      var over = function () {
        var lh = parseFloat(getComputedStyle(n).lineHeight);
        return n.scrollHeight > lines * lh + 1 || n.scrollWidth > n.clientWidth + 1 || tile.scrollHeight > tile.clientHeight + 1;
      };
      var fit = function (share) { return shrink(n, share, over); };
      // One line in type down to 75 %; else two lines ("wrap"); else across
      // the tile ("stack"), down to 50 %; an extraordinary name: more lines,
      // still whole and the number seen.
      tile.classList.remove("stack", "wrap");
      lines = 1;
      if (fit(0.75)) return;
      lines = 2;
      tile.classList.add("wrap");
      if (fit(0.75)) return;
      tile.classList.add("stack");
      if (fit(0.5)) return;
      lines = 9;
      fit(0.35);
    });
  }
  // shrink makes el's type smaller (down to share of its size) while
  // over() says it does not fit.
  function shrink(el, share, over) {
    el.style.fontSize = "";
    var fs = parseFloat(getComputedStyle(el).fontSize), floor = fs * share;
    while (over() && fs * 0.92 >= floor) { fs *= 0.92; el.style.fontSize = fs + "px"; }
    return !over();
  }
  // The big call's counter name: two lines at most, inside its panel.
  function fitFeature() {
    var c = $("fcounter"), fe = $("feature");
    shrink(c, 0.3, function () {
      var lh = parseFloat(getComputedStyle(c).lineHeight);
      return c.scrollHeight > 2 * lh + 1 || c.scrollWidth > c.clientWidth + 1 || fe.scrollHeight > fe.clientHeight + 1;
    });
  }
  // The recent calls' counter names, each in its half of the list.
  function fitRecent() {
    Array.prototype.forEach.call(document.querySelectorAll("#recentList li span"), function (n) {
      var num = n.previousSibling;
      shrink(n, 0.4, function () {
        return n.scrollWidth > n.clientWidth + 1 || n.scrollHeight > n.clientHeight + 1 || n.offsetHeight > num.offsetHeight + 1;
      });
    });
  }
  var lastFeatured = null, lastNotice = null;
  function render() {
    $("centre").textContent = st.centre || (EN ? "Public Administration Service Centre" : "Trung tâm Phục vụ hành chính công");
    var banner = $("banner");
    var text = st.online ? "" : tr(st.ready ? OFFLINE : "Đang kết nối tới máy chủ…");
    banner.hidden = !text; banner.textContent = text;
    var f = st.featured, fe = $("feature");
    $("fnum").textContent = f ? f.number : "---";
    $("fcounter").textContent = f ? "→ " + counterWord(f.counter, f.counterName, f.counterNumber) : "\u00a0";
    if (f !== lastFeatured) {
      fe.classList.remove("flash");
      if (f && st.highlightUntil > Date.now()) { void fe.offsetWidth; fe.classList.add("flash"); }
      lastFeatured = f;
    } else if (st.highlightUntil <= Date.now()) fe.classList.remove("flash");
    var n = st.counters.length;
    $("counters").style.gridTemplateColumns = n > 12 ? "1fr 1fr 1fr" : (n <= 4 ? "1fr" : "1fr 1fr");
    $("counters").innerHTML = st.counters.map(function (k) {
      var hot = f && f.counter === k.id && st.highlightUntil > Date.now() ? " hot" : "";
      // Only an open counter presents its number as a call: closed "—",
      // paused/away dimmed (display.CounterRow.TileNumber).
      var num = !k.current || k.status === "closed" ? "—" : k.current;
      var dim = k.current && k.status === "paused" ? " dim" : "";
      return '<div class="counter ' + esc(k.status) + hot + '"><div class="name">' + esc(counterWord(k.id, k.name, k.number)) +
        '</div><div class="num' + dim + '">' + esc(num) + '</div><div class="st">' + esc(statusText(k)) + "</div></div>";
    }).join("");
    $("recentList").innerHTML = st.recent.map(function (c) {
      return "<li><b>" + esc(c.number) + "</b><span>" + esc(counterWord(c.counter, c.counterName, c.counterNumber)) + (c.recall ? tr(" (gọi lại)") : "") + "</span></li>";
    }).join("");
    $("services").innerHTML = st.services.map(function (s) {
      var sn = s.prefix + " · " + s.name;
      return '<div class="svc"><div class="sn' + (sn.length > 34 ? " long" : "") + '">' + esc(sn) + '</div><div class="sw">' + esc(s.waiting) +
        " <small>" + tr("đang chờ") + "</small></div></div>";
    }).join("");
    fitAll();
    requestAnimationFrame(fitAll); // again once laid out (first paint, late fonts)
    if (st.notice !== lastNotice) {
      lastNotice = st.notice;
      var no = $("notice");
      no.textContent = st.notice;
      // Constant reading speed whatever the length.
      no.style.animationDuration = Math.max(12, st.notice.length * 0.22) + "s";
    }
  }
  var weekdays = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  var weekdaysEN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  // The centre's time is Vietnam's (UTC+7, no daylight saving), whatever
  // zone the board's machine is set to: shift, then read the UTC fields.
  function clock() {
    var d = new Date(Date.now() + 7 * 3600 * 1000);
    $("clock").textContent = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
    $("date").textContent = (EN ? weekdaysEN : weekdays)[d.getUTCDay()] + ", " + pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
  }
  function orient() {
    var p = opt.orientation === "portrait" || (opt.orientation === "auto" && innerHeight > innerWidth);
    document.body.classList.toggle("portrait", p);
  }

  // changed: render now, and stamp the frame that first shows each new
  // call (in its counter panel and the recent list) for latency checks.
  function changed() {
    render();
    var fresh = st.recent.filter(function (c) { return c.recvAt && !c.paintedAt; });
    if (fresh.length) {
      fresh.forEach(function (c) { c.paintedAt = -1; });
      requestAnimationFrame(function () {
        var now = Date.now();
        fresh.forEach(function (c) {
          c.paintedAt = now;
          stats.calls.push({ number: c.number, counter: c.counter, seq: c.seq, at: c.at, recv: c.recvAt, painted: now });
        });
        if (stats.calls.length > 2000) stats.calls.splice(0, 1000);
      });
    }
  }

  // ---- sound: chime, then voice (speechSynthesis vi-VN or clips) ----
  var LETTERS = { A: "a", B: "bê", C: "xê", D: "dê", E: "e", F: "ép", G: "giê", H: "hát", I: "i", J: "gi", K: "ca", L: "e lờ",
    M: "em mờ", N: "en nờ", O: "o", P: "pê", Q: "quy", R: "e rờ", S: "ét xì", T: "tê", U: "u", V: "vê", W: "vê kép",
    X: "ích xì", Y: "i dài", Z: "dét" };
  var DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
  var CLIP_WORD = { muoi: "mười", muoi2: "mươi", mot2: "mốt", lam: "lăm", tu: "tư" };
  // numberClips reads a counter number the Vietnamese way (12 → mười hai).
  function numberClips(n) {
    if (n < 10) return ["d" + n];
    if (n > 99) return String(n).split("").map(function (d) { return "d" + d; });
    var t = Math.floor(n / 10), u = n % 10, out = t === 1 ? ["muoi"] : ["d" + t, "muoi2"];
    if (u === 0) return out;
    if (u === 5) out.push("lam");
    else if (u === 1 && t > 1) out.push("mot2");
    else if (u === 4 && t > 1) out.push("tu");
    else out.push("d" + u);
    return out;
  }
  function callClips(c) {
    var out = ["intro"];
    String(c.number).toUpperCase().split("").forEach(function (ch) {
      if (ch >= "0" && ch <= "9") out.push("d" + ch);
      else if (LETTERS[ch]) out.push("l" + ch);
    });
    return out.concat(["to"], numberClips(c.counterNumber || 0));
  }
  function clipWord(name) {
    if (name === "intro") return "Xin mời công dân có số thứ tự";
    if (name === "to") return "đến quầy số";
    if (CLIP_WORD[name]) return CLIP_WORD[name];
    if (name[0] === "d") return DIGITS[+name.slice(1)];
    if (name[0] === "l") return LETTERS[name.slice(1)];
    return CLIP_WORD[name];
  }
  window.__boardSpeech = function (c) { return callClips(c).map(clipWord).join(" "); };

  // The English call (clips under voice/en/, display.CallClipsEN): letters
  // by their English names, digits one by one, the counter as a number.
  var DIGITS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
  var NUM_EN = { n10: "ten", n11: "eleven", n12: "twelve", n13: "thirteen", n14: "fourteen", n15: "fifteen", n16: "sixteen",
    n17: "seventeen", n18: "eighteen", n19: "nineteen", n20: "twenty", n30: "thirty", n40: "forty", n50: "fifty", n60: "sixty",
    n70: "seventy", n80: "eighty", n90: "ninety" };
  function numberClipsEN(n) {
    if (n < 10) return ["d" + Math.max(0, n)];
    if (n < 20) return ["n" + n];
    if (n > 99) return String(n).split("").map(function (d) { return "d" + d; });
    var out = ["n" + Math.floor(n / 10) * 10];
    if (n % 10) out.push("d" + (n % 10));
    return out;
  }
  function callClipsEN(c) {
    var out = ["intro"];
    String(c.number).toUpperCase().split("").forEach(function (ch) {
      if (ch >= "0" && ch <= "9") out.push("d" + ch);
      else if (ch >= "A" && ch <= "Z") out.push("l" + ch);
    });
    return out.concat(["to"], numberClipsEN(c.counterNumber || 0));
  }
  function clipWordEN(name) {
    if (name === "intro") return "Number";
    if (name === "to") return "please go to counter";
    if (NUM_EN[name]) return NUM_EN[name];
    if (name[0] === "d") return DIGITS_EN[+name.slice(1)];
    return name.slice(1); // a system voice says a capital letter by its name
  }
  window.__boardSpeechEN = function (c) { return callClipsEN(c).map(clipWordEN).join(" "); };
  window.__boardClipsEN = callClipsEN;

  var actx = null, buffers = {}, viVoice = null, enVoice = null, audioOn = false;
  function pickVoice() {
    if (!window.speechSynthesis) return;
    var vs = speechSynthesis.getVoices() || [];
    viVoice = vs.filter(function (v) { return /^vi([-_]|$)/i.test(v.lang); })[0] || null;
    enVoice = vs.filter(function (v) { return /^en([-_]|$)/i.test(v.lang); })[0] || null;
  }
  if (window.speechSynthesis) { pickVoice(); speechSynthesis.onvoiceschanged = pickVoice; }
  function loadClip(name) {
    if (buffers[name]) return buffers[name];
    var url = name === "chime" ? "board/chime.wav" : "board/voice/" + name + ".wav";
    buffers[name] = fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) {
      return new Promise(function (ok, bad) { actx.decodeAudioData(b, ok, bad); });
    });
    return buffers[name];
  }
  // playClips plays decoded clips back to back on the audio clock.
  function playClips(names) {
    return Promise.all(names.map(loadClip)).then(function (bufs) {
      var t = actx.currentTime + 0.05;
      bufs.forEach(function (b) { var s = actx.createBufferSource(); s.buffer = b; s.connect(actx.destination); s.start(t); t += b.duration; });
      return new Promise(function (ok) { setTimeout(ok, (t - actx.currentTime) * 1000 + 100); });
    });
  }
  function sounded(x) { stats.sounds.push(x); if (stats.sounds.length > 50) stats.sounds.shift(); }
  // say speaks text with the system's voice of that language, if the TV
  // has one, else plays the clips.
  function say(lang, voice, text, clips) {
    if (!voice) { sounded({ lang: lang, clips: clips }); return playClips(clips); }
    sounded({ lang: lang, text: text });
    return new Promise(function (ok) {
      var u = new SpeechSynthesisUtterance(text);
      u.voice = voice; u.lang = voice.lang; u.rate = 0.9;
      var done = function () { clearTimeout(guard); ok(); };
      var guard = setTimeout(ok, 15000); // some TVs never fire onend
      u.onend = done; u.onerror = done;
      speechSynthesis.speak(u);
    });
  }
  function speak(c) { return say("vi", viVoice, window.__boardSpeech(c), callClips(c)); }
  // speakEN: the English call after the Vietnamese one, half a second
  // later (display.EnglishPauseMs).
  function speakEN(c) {
    return new Promise(function (ok) { setTimeout(ok, 500); }).then(function () {
      return say("en", enVoice, window.__boardSpeechEN(c), callClipsEN(c).map(function (n) { return "en/" + n; }));
    });
  }
  // One announcement at a time: calls never talk over each other.
  var soundQ = [], playing = false;
  function announce(c) {
    if (!opt.sound || !audioOn) return;
    soundQ.push(c);
    if (!playing) drain();
  }
  function drain() {
    var c = soundQ.shift();
    if (!c) { playing = false; st.audioBusyFor = null; return; }
    playing = true; st.audioBusyFor = c;
    sounded({ lang: "", clips: ["chime"] });
    playClips(["chime"]).then(function () { return speak(c); })
      .then(function () { if (VOICE_EN) return speakEN(c); }).catch(function (e) { console.warn("sound", e); })
      .then(function () { st.audioBusyFor = null; stats.announced++; drain(); });
  }
  function unlockAudio() {
    try {
      actx = actx || new (window.AudioContext || window.webkitAudioContext)();
      actx.resume();
      audioOn = true;
      ["chime", "intro", "to"].concat(VOICE_EN ? ["en/intro", "en/to"] : []).forEach(loadClip);
      if (window.speechSynthesis) speechSynthesis.speak(new SpeechSynthesisUtterance(""));
    } catch (e) { console.warn("audio", e); }
    $("soundOverlay").hidden = true;
  }
  function setupSound() {
    if (!opt.sound) return;
    try { actx = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { return; }
    if (actx.state === "running") { unlockAudio(); return; } // kiosk browsers allowed autoplay
    $("soundOverlay").hidden = false;
    $("soundBtn").onclick = unlockAudio;
    $("soundOverlay").onclick = unlockAudio;
  }

  // ---- connection ----
  var ws = null, backoff = 500, retryTimer = null;
  function askToken(msg) {
    $("tokenErr").textContent = msg || "";
    $("tokenOverlay").hidden = false;
    $("tokenInput").focus();
  }
  $("tokenForm").onsubmit = function (ev) {
    ev.preventDefault();
    token = $("tokenInput").value.trim();
    if (!token) return;
    try { localStorage.setItem(TOKEN_KEY, token); } catch (e) {}
    $("tokenOverlay").hidden = true;
    connect();
  };
  function retry() {
    clearTimeout(retryTimer);
    var d = backoff / 2 + Math.random() * backoff / 2;
    backoff = Math.min(backoff * 2, 10000);
    retryTimer = setTimeout(connect, d);
  }
  // check asks the server whether the token is good, so a revoked token
  // shows the entry form instead of reconnecting forever.
  function connect() {
    if (!token) { askToken(); return; }
    fetch("/api/v1/me", { headers: { Authorization: "Bearer " + token }, cache: "no-store" }).then(function (r) {
      if (r.status === 401 || r.status === 403) { st.online = false; render(); askToken(tr("Mã thiết bị không hợp lệ hoặc đã bị thu hồi.")); return; }
      open();
    }, function () { st.online = false; render(); retry(); });
  }
  function open() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws?token=" + encodeURIComponent(token) +
      (st.ready && st.seq >= 0 ? "&since=" + st.seq : "");
    ws = new WebSocket(url);
    ws.onmessage = function (m) {
      var recvAt = Date.now();
      if (!st.online) { st.online = true; stats.connects++; }
      backoff = 500;
      var msg;
      try { msg = JSON.parse(m.data); } catch (e) { return; }
      if (msg.type === "snapshot" && msg.snapshot) applySnapshot(msg.snapshot);
      else if (msg.type === "event" && msg.event) applyEvent(msg.event, recvAt);
      advance(Date.now());
      changed();
    };
    ws.onclose = function () { ws = null; st.online = false; render(); retry(); };
    ws.onerror = function () { try { ws.close(); } catch (e) {} };
  }

  orient();
  addEventListener("resize", function () { orient(); fitAll(); });
  if (EN) {
    document.documentElement.lang = "en";
    document.querySelector("#feature .label").textContent = tr("MỜI SỐ");
    document.querySelector("#recent h2").textContent = tr("Số vừa gọi");
    // The page's other fixed texts: its title, the screen readers' labels,
    // the sound and token overlays.
    document.title = "Call board";
    $("counters").setAttribute("aria-label", "Numbers being served at the counters");
    $("services").setAttribute("aria-label", "People waiting");
    $("soundBtn").textContent = "Tap to turn the sound on";
    document.querySelector("#tokenForm label").textContent = "Enter the display device token";
    document.querySelector("#tokenForm button").textContent = "Save and connect";
  }
  clock(); render();
  setInterval(clock, 1000);
  setInterval(fitNames, 1000); // a late font or a resize can make a name overflow again
  setInterval(function () { // the same for a counter name (no reset while it fits)
    if (Array.prototype.some.call(document.querySelectorAll("#counters .name"), function (n) {
      return n.scrollWidth > n.clientWidth + 1 || n.parentNode.scrollHeight > n.parentNode.clientHeight + 1;
    })) fitCounterNames();
  }, 1000);
  setInterval(function () { if (advance(Date.now())) changed(); else if (st.highlightUntil && st.highlightUntil <= Date.now()) { st.highlightUntil = 0; render(); } }, 250);
  setupSound();
  connect();
})();
