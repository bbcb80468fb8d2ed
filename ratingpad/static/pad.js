// The web rating pad: polls /api/v1/pad/state with the device token and
// shows the officer and ticket, or the rating right after "finish".
(function () {
  'use strict';
  var KEY = 'motcua.pad.token', LANG = 'motcua.pad.lang';
  var EN = {
    'Rất hài lòng': 'Very satisfied', 'Hài lòng': 'Satisfied', 'Bình thường': 'Neutral',
    'Không hài lòng': 'Dissatisfied', 'Rất không hài lòng': 'Very dissatisfied',
    'Ông/Bà đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?':
      "How would you rate the officer's attitude in guiding you and receiving your dossier?",
    'Quý khách đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?':
      "How would you rate the officer's attitude in guiding you and receiving your dossier?",
    'Thời gian chờ đợi lâu': 'Long waiting time',
    'Hướng dẫn không rõ ràng, phải đi lại nhiều lần': 'Unclear guidance, had to come back several times',
    'Thái độ phục vụ chưa lịch sự, chưa tận tình': 'Impolite or unhelpful attitude',
    'Yêu cầu giấy tờ không có trong quy định': 'Asked for papers the rules do not require',
    'Trả kết quả trễ hẹn': 'Result returned late', 'Khác': 'Other',
    // Pause reasons: the server's own and those the counter offers
    // (queue/pause_en.go; TestPadPauseReasonsMatch); a typed one stays.
    'Quầy tạm vắng': 'Counter unattended',
    'Nghỉ giải lao': 'Short break', 'Nghỉ trưa': 'Lunch break', 'Họp, công tác': 'Meeting or official duty',
    'Xử lý hồ sơ phức tạp': 'Handling a complex dossier', 'Sự cố kỹ thuật': 'Technical problem'
  };
  var $ = function (id) { return document.getElementById(id); };
  var en = localStorage.getItem(LANG) === 'en';
  var token = '';
  var last = null, level = 0, chosen = {}, thanksFor = '', thanksUntil = 0, sending = false;

  function tr(s) { return en && EN[s] ? EN[s] : s; }
  function show(id, on) { $(id).hidden = !on; }
  function text(id, s) { $(id).textContent = s; }

  // Static texts: each element with data-en keeps its Vietnamese in data-vi.
  function applyLang() {
    document.documentElement.lang = en ? 'en' : 'vi';
    if (!document.body.hasAttribute('data-title')) document.body.setAttribute('data-title', document.title);
    document.title = en ? 'Rate our service – motcua' : document.body.getAttribute('data-title');
    var els = document.querySelectorAll('[data-en]');
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      if (!e.hasAttribute('data-vi')) e.setAttribute('data-vi', e.textContent);
      e.textContent = en ? e.getAttribute('data-en') : e.getAttribute('data-vi');
    }
    text('lang', en ? 'Tiếng Việt' : 'English');
    if (last) render(last, true);
  }

  function initials(name) {
    var p = (name || '').trim().split(/\s+/);
    if (!p[0]) return '';
    return (p.length > 1 ? p[0][0] + p[p.length - 1][0] : p[0][0]).toUpperCase();
  }

  function fail(msg) {
    text('error', msg);
    show('error', !!msg);
  }

  function api(method, path, body) {
    var o = { method: method, headers: { 'Authorization': 'Bearer ' + token }, cache: 'no-store' };
    if (body) { o.headers['Content-Type'] = 'application/json'; o.body = JSON.stringify(body); }
    return fetch(path, o).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, body: j }; });
    });
  }

  function errText(b) {
    var e = (b && b.error) || {};
    return (en ? e.message_en : e.message) || (en ? 'The centre server did not answer.' : 'Không kết nối được máy chủ của Trung tâm.');
  }

  function render(st, force) {
    var key = JSON.stringify(st);
    if (!force && last && key === JSON.stringify(last)) return;
    last = st;
    var c = st.counter || {};
    // In English the counter's English name, else "Counter N": never its Vietnamese name.
    text('counter', (en ? c.name_en : c.name) || (en ? 'Counter ' : 'Quầy ') + c.number);
    show('enrol', false);
    var now = Date.now();
    if (thanksFor && now < thanksUntil && st.mode === 'rate' && st.ticket && st.ticket.id === thanksFor) {
      st = Object.assign({}, st, { mode: 'thanks' });
    }
    if (now < thanksUntil && st.mode !== 'serving') st = Object.assign({}, st, { mode: 'thanks' });
    show('thanks', st.mode === 'thanks');
    show('rate', st.mode === 'rate');
    show('officer', st.mode === 'idle' || st.mode === 'serving');
    if (st.mode === 'rate') return renderRate(st);
    var closed = !st.open && st.mode === 'idle';
    text('officerName', closed ? (en ? 'Counter closed' : 'Quầy tạm ngừng phục vụ') : (st.officer || ''));
    text('initials', initials(st.officer));
    show('officerLabel', !closed);
    show('ticketBox', st.mode === 'serving' && !!st.ticket);
    if (st.ticket) {
      text('ticketNumber', st.ticket.number);
      text('ticketService', (en && st.ticket.service_name_en) || st.ticket.service_name || '');
    }
    show('idleHint', st.mode === 'idle');
    text('idleHint', closed ? (en ? 'Please go to another open counter.' : 'Xin mời Quý khách đến quầy khác đang mở.')
      : st.paused ? (en ? 'Counter paused: ' : 'Quầy tạm dừng: ') + tr(st.paused)
      : (en ? 'Please wait for your number to be called.' : 'Xin mời Quý khách chờ đến lượt được gọi số.'));
    level = 0; chosen = {};
  }

  function renderRate(st) {
    text('rateNumber', st.ticket.number);
    text('rateOfficer', st.officer || '');
    text('question', tr(st.scale.question));
    var lv = $('levels');
    lv.textContent = '';
    st.scale.levels.forEach(function (l) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'l' + l.value + (l.low ? ' low' : '') + (level === l.value ? ' chosen' : '');
      b.textContent = tr(l.label);
      b.setAttribute('data-level', l.value);
      b.addEventListener('click', function () {
        level = l.value;
        if (l.low) { chosen = {}; render(last, true); show('reasonsBox', true); return; }
        send(st.ticket.id);
      });
      lv.appendChild(b);
    });
    var low = st.scale.levels.some(function (l) { return l.low && l.value === level; });
    show('reasonsBox', low);
    $('rate').className = low ? 'asking' : '';
    var rs = $('reasons');
    rs.textContent = '';
    st.scale.reasons.forEach(function (r) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = chosen[r] ? 'on' : '';
      b.textContent = tr(r);
      b.addEventListener('click', function () { chosen[r] = !chosen[r]; b.className = chosen[r] ? 'on' : ''; });
      rs.appendChild(b);
    });
    $('send').onclick = function () { send(st.ticket.id); };
  }

  function send(id) {
    if (sending || !level) return;
    sending = true;
    var reasons = Object.keys(chosen).filter(function (k) { return chosen[k]; });
    api('POST', '/api/v1/pad/rate', { ticket_id: id, level: level, reasons: reasons }).then(function (r) {
      sending = false;
      if (r.status === 201 || r.status === 409) {
        fail('');
        thanksFor = id; thanksUntil = Date.now() + 6000; level = 0; chosen = {};
        render(last, true);
        return;
      }
      fail(errText(r.body));
    }, function () { sending = false; fail(errText(null)); });
  }

  // Long-poll: the pad sends the version it shows and the server answers
  // when the counter's state changes (a finish shows at once) or after 8 s;
  // the next request leaves as soon as an answer arrives. After an error,
  // or an unchanged answer sooner than 1.5 s (a server without long-poll),
  // it waits 1.5 s.
  var polling = false, version = '';
  function poll() {
    if (!token) { polling = false; return; }
    polling = true;
    var start = Date.now(), next = 1500;
    api('GET', '/api/v1/pad/state?wait=8&since=' + encodeURIComponent(version)).then(function (r) {
      if (r.status === 200) {
        fail('');
        var v = r.body.version || '';
        if (v && (v !== version || Date.now() - start >= 1500)) next = 0;
        version = v;
        render(r.body, false);
      } else {
        version = '';
        fail(errText(r.body));
        if (r.status === 401) { show('officer', false); show('rate', false); show('enrol', true); }
      }
    }, function () { version = ''; fail(errText(null)); }).then(function () { setTimeout(poll, next); });
  }
  // The thanks screen ends on the pad's own clock, not with an answer.
  setInterval(function () {
    if (thanksUntil && Date.now() >= thanksUntil && last) { thanksUntil = 0; thanksFor = ''; render(last, true); }
  }, 500);
  function kick() { if (!polling) { heartbeat(); poll(); } }

  // Once a minute the pad tells the centre it is alive (the console's
  // "last seen").
  function heartbeat() {
    if (token) api('POST', '/api/v1/devices/state', { state: 'ok' }).catch(function () {});
  }
  setInterval(heartbeat, 60000);

  // A token in the address (#token=…) is kept by the tablet and removed
  // from the address bar.
  function takeToken() {
    var m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (!m) return false;
    localStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname);
    token = localStorage.getItem(KEY);
    return true;
  }

  function start() {
    takeToken();
    token = localStorage.getItem(KEY) || '';
    window.addEventListener('hashchange', function () {
      if (takeToken()) { last = null; show('enrol', false); kick(); }
    });
    $('lang').addEventListener('click', function () {
      en = !en; localStorage.setItem(LANG, en ? 'en' : 'vi'); applyLang();
    });
    $('save').addEventListener('click', function () {
      var t = $('token').value.trim();
      if (!t) return;
      localStorage.setItem(KEY, t); token = t; $('token').value = ''; show('enrol', false); last = null; kick();
    });
    applyLang();
    if (!token) { show('enrol', true); return; }
    kick();
  }
  start();
})();
