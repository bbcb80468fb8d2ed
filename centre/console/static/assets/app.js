// Supervisor console. No framework, no build step: the page talks to
// /console/api (JSON, CSRF header on POST) and follows /console/ws.
'use strict';

const I18N = {
  vi: {
    console: 'Trang quản lý', tab_monitor: 'Giám sát', tab_reports: 'Báo cáo', tab_admin: 'Quản trị', tab_audit: 'Nhật ký',
    more: 'Thêm ▾', online: 'Trực tuyến', offline: 'Mất kết nối', logout: 'Đăng xuất', counters: 'Quầy', counter: 'Quầy', status: 'Trạng thái',
    officer: 'Cán bộ', current: 'Đang phục vụ', for: 'Thời gian', actions: 'Thao tác', services: 'Dịch vụ', service: 'Dịch vụ',
    waiting: 'Đang chờ', longest: 'Chờ lâu nhất', estimate: 'Ước tính', no_counter: 'Chưa có quầy mở', target: 'Mục tiêu', devices: 'Thiết bị', device: 'Thiết bị',
    connection: 'Kết nối', printer: 'Máy in', last_seen: 'Lần cuối', waiting_tickets: 'Danh sách số', filter_service: 'Lĩnh vực',
    st_waiting: 'Đang chờ', st_closed: 'Vắng mặt / đã hủy', st_parked: 'Đang tạm giữ', number: 'Số', issued: 'Lấy số lúc', notice: 'Dòng thông báo trên bảng', notice_en: 'Dòng thông báo tiếng Anh', notice_vi_ph: 'Dòng thông báo tiếng Việt', notice_en_ph: 'Bản tiếng Anh cho bảng gọi số tiếng Anh (không bắt buộc)',
    post: 'Đăng', move_officer: 'Chuyển cán bộ sang quầy khác', to_counter: 'đến quầy', move: 'Chuyển', period: 'Kỳ', p_day: 'Ngày',
    p_week: 'Tuần', p_month: 'Tháng', p_custom: 'Tùy chọn', from: 'Từ', to: 'Đến', show: 'Xem', csv: 'Tải CSV',
    print_month: 'Báo cáo tháng (in)', admin_only: 'Chỉ quản trị viên được thay đổi các thiết lập này; giám sát viên chỉ xem.',
    a_config: 'Lĩnh vực, quầy, số thứ tự', a_officers: 'Cán bộ', a_devices: 'Thiết bị', a_holidays: 'Lịch nghỉ', a_procedures: 'Thủ tục',
    when: 'Thời gian', who: 'Người thực hiện', action: 'Thao tác', detail: 'Chi tiết',
    open: 'Mở', paused: 'Tạm dừng', closed: 'Đóng', s_open: 'Đang mở', s_paused: 'Tạm dừng', s_closed: 'Đóng',
    do_open: 'Mở quầy', do_close: 'Đóng quầy', do_pause: 'Tạm dừng', do_resume: 'Tiếp tục', pause_reason: 'Lý do tạm dừng:',
    cancel: 'Hủy số', reactivate: 'Khôi phục', call_to: 'Gọi đến quầy', redirect_to: 'Chuyển đến quầy', choose_counter: '— chọn quầy —', faces_counter: 'Đặt tại quầy', bound_to: 'Đã gắn với quầy:',
    all: 'Tất cả', none: '—', min: 'phút', connected: 'Đã kết nối', app_on: 'Ứng dụng quầy: đã kết nối', app_off: 'Ứng dụng quầy: chưa kết nối', seen: 'Trực tuyến', not_seen: 'Ngoại tuyến', never: 'Chưa kết nối',
    revoked: 'Đã thu hồi', no_alerts: 'Không có cảnh báo', saved: 'Đã lưu', done: 'Đã thực hiện', confirm_cancel: 'Hủy số {n}?', confirm_close: 'Số {n} đang ở {c}. Đóng quầy sẽ trả số này về đầu hàng chờ để quầy khác gọi. Đóng quầy?',
    called: 'Đang mời', serving: 'Đang phục vụ', kiosk: 'Kiosk', display: 'Bảng hiển thị', counterpc: 'Máy quầy', ratingpad: 'Máy đánh giá',
    r_summary: 'Tổng hợp', r_group: 'Nhóm', r_issued: 'Cấp số', r_served: 'Đã phục vụ', r_noshow: 'Vắng mặt', r_cancelled: 'Đã hủy',
    r_wait: 'Thời gian chờ (phút)', r_svc: 'Thời gian phục vụ (phút)', r_level: 'Đạt mục tiêu chờ', r_total: 'Toàn trung tâm',
    r_dossiers: 'Hồ sơ', r_received: 'Tiếp nhận', r_resolved_ontime: 'Giải quyết đúng hạn', r_resolved_late: 'Giải quyết trễ hạn',
    r_returned: 'Đã trả kết quả', r_ratings: 'Đánh giá', r_charts: 'Biểu đồ', r_perhour: 'Số cấp theo giờ',
    save: 'Lưu thay đổi', add: 'Thêm', remove: 'Xóa', centre_name: 'Tên trung tâm', ticket_format: 'Kiểu số', digits: 'Số chữ số',
    letter: 'Chữ cái (A001)', numeric: 'Số (1001)', sectors: 'Lĩnh vực lớn', linh_vuc: 'Mã lĩnh vực thủ tục (linh_vuc)', id: 'Mã', name: 'Tên', name_en: 'Tên tiếng Anh', sector: 'Nhóm lĩnh vực',
    prefix: 'Tiền tố', daily_cap: 'Tối đa/ngày', target_wait: 'Mục tiêu chờ (phút)', weights: 'Lĩnh vực:trọng số', priorities: 'Nhóm ưu tiên',
    policy: 'Chính sách gọi số', interleave_k: 'Xen kẽ sau K số ưu tiên', aging_min: 'Chờ quá (phút) thì vượt ưu tiên', max_recalls: 'Số lần gọi lại tối đa',
    username: 'Tên đăng nhập', full_name: 'Họ và tên', role: 'Vai trò', disabled: 'Khóa', password: 'Mật khẩu', reset_pw: 'Đặt lại mật khẩu',
    new_pw: 'Mật khẩu mới (ít nhất 8 ký tự):', create: 'Tạo', enrol: 'Cấp mã thiết bị', rename: 'Đổi tên', revoke: 'Thu hồi',
    new_name: 'Tên mới:', confirm_revoke: 'Thu hồi mã của thiết bị {n}? Thiết bị sẽ bị từ chối ngay.',
    token_once: 'Mã thiết bị (chỉ hiện một lần, hãy nhập vào thiết bị ngay):', upload: 'Tải lên', years: 'Các năm trong lịch',
    schedule_file: 'Tệp lịch nghỉ (JSON)', import: 'Nhập tệp', search: 'Tìm', proc_time: 'Thời hạn giải quyết', unit: 'Đơn vị',
    fees: 'Phí, lệ phí (mỗi dòng: tên | số tiền | ghi chú)', components: 'Thành phần hồ sơ (mỗi dòng: tên | bản chính | bản sao | ghi chú)',
    catalogue_file: 'Tệp danh mục thủ tục (JSON)', role_officer: 'Cán bộ', role_supervisor: 'Giám sát', role_admin: 'Quản trị',
    field: 'Trường', edited: 'đã sửa', edit: 'Sửa',
    off_counters: 'Quầy được làm việc', off_unassigned: 'Chưa phân công: đăng nhập được tại mọi quầy',
    off_unassigned_warn: 'Cán bộ chưa được phân công quầy, hiện đăng nhập được tại mọi quầy và xem được hồ sơ của mọi lĩnh vực: ',
    off_unassigned_todo: '. Hãy chọn quầy cho từng cán bộ rồi bấm Lưu.',
    off_removed: 'Quầy đã xoá khỏi cấu hình, đã bỏ khỏi phân công: ', off_removed_todo: ' (kiểm tra rồi bấm Lưu)', off_no_counter: 'Không còn quầy nào: chưa đăng nhập được tại quầy', off_not_bound: 'Không giới hạn (giám sát, quản trị)',
    pr_ok: 'Bình thường', pr_paper_out: 'Hết giấy', pr_cover_open: 'Mở nắp', pr_offline: 'Không sẵn sàng', pr_unplugged: 'Mất kết nối', pr_none: 'Không có', pr_unknown: 'Không rõ',
  },
  en: {
    console: 'Console', tab_monitor: 'Monitor', tab_reports: 'Reports', tab_admin: 'Administration', tab_audit: 'Audit log',
    more: 'More ▾', online: 'Live', offline: 'Disconnected', logout: 'Log out', counters: 'Counters', counter: 'Counter', status: 'Status',
    officer: 'Officer', current: 'Serving', for: 'For', actions: 'Actions', services: 'Services', service: 'Service',
    waiting: 'Waiting', longest: 'Longest wait', estimate: 'Estimate', no_counter: 'No counter open', target: 'Target', devices: 'Devices', device: 'Device',
    connection: 'Connection', printer: 'Printer', last_seen: 'Last seen', waiting_tickets: 'Tickets', filter_service: 'Service',
    st_waiting: 'Waiting', st_closed: 'No-show / cancelled', st_parked: 'On hold', number: 'Number', issued: 'Issued at', notice: 'Board notice line', notice_en: 'English notice line', notice_vi_ph: 'Vietnamese notice line', notice_en_ph: 'English for the boards in English (optional)',
    post: 'Post', move_officer: 'Move an officer to another counter', to_counter: 'to counter', move: 'Move', period: 'Period', p_day: 'Day',
    p_week: 'Week', p_month: 'Month', p_custom: 'Custom', from: 'From', to: 'To', show: 'Show', csv: 'Download CSV',
    print_month: 'Monthly report (print)', admin_only: 'Only administrators may change these settings; supervisors can view them.',
    a_config: 'Services, counters, tickets', a_officers: 'Officers', a_devices: 'Devices', a_holidays: 'Holidays', a_procedures: 'Procedures',
    when: 'When', who: 'Who', action: 'Action', detail: 'Detail',
    open: 'Open', paused: 'Paused', closed: 'Closed', s_open: 'Open', s_paused: 'Paused', s_closed: 'Closed',
    do_open: 'Open', do_close: 'Close', do_pause: 'Pause', do_resume: 'Resume', pause_reason: 'Reason for the pause:',
    cancel: 'Cancel', reactivate: 'Reactivate', call_to: 'Call to counter', redirect_to: 'Send to counter', choose_counter: '— counter —', faces_counter: 'At counter', bound_to: 'Bound to counter:',
    all: 'All', none: '—', min: 'min', connected: 'Connected', app_on: 'Counter app: connected', app_off: 'Counter app: not connected', seen: 'Online', not_seen: 'Offline', never: 'Never connected',
    revoked: 'Revoked', no_alerts: 'No alerts', saved: 'Saved', done: 'Done', confirm_cancel: 'Cancel ticket {n}?', confirm_close: 'Number {n} is at {c}. Closing the counter puts it back at the head of its queue for another counter to call. Close the counter?',
    called: 'Called', serving: 'Serving', kiosk: 'Kiosk', display: 'Board', counterpc: 'Counter PC', ratingpad: 'Rating pad',
    r_summary: 'Summary', r_group: 'Group', r_issued: 'Issued', r_served: 'Served', r_noshow: 'No-show', r_cancelled: 'Cancelled',
    r_wait: 'Wait (min)', r_svc: 'Service time (min)', r_level: 'Within target', r_total: 'Whole centre',
    r_dossiers: 'Dossiers', r_received: 'Received', r_resolved_ontime: 'Resolved on time', r_resolved_late: 'Resolved late',
    r_returned: 'Returned', r_ratings: 'Ratings', r_charts: 'Charts', r_perhour: 'Tickets per hour',
    save: 'Save changes', add: 'Add', remove: 'Remove', centre_name: 'Centre name', ticket_format: 'Ticket format', digits: 'Digits',
    letter: 'Letters (A001)', numeric: 'Numeric (1001)', sectors: 'Sectors', linh_vuc: 'Procedure fields (linh_vuc)', id: 'Id', name: 'Name', name_en: 'English name', sector: 'Sector',
    prefix: 'Prefix', daily_cap: 'Daily cap', target_wait: 'Target wait (min)', weights: 'service:weight', priorities: 'Priority groups',
    policy: 'Call policy', interleave_k: 'Interleave after K priority calls', aging_min: 'Aging guard (min)', max_recalls: 'Max recalls',
    username: 'Username', full_name: 'Full name', role: 'Role', disabled: 'Disabled', password: 'Password', reset_pw: 'Reset password',
    new_pw: 'New password (at least 8 characters):', create: 'Create', enrol: 'Enrol device', rename: 'Rename', revoke: 'Revoke',
    new_name: 'New name:', confirm_revoke: 'Revoke the token of {n}? The device is refused at once.',
    token_once: 'Device token (shown once; enter it on the device now):', upload: 'Upload', years: 'Years in the schedule',
    schedule_file: 'Holiday schedule file (JSON)', import: 'Import file', search: 'Search', proc_time: 'Processing time', unit: 'Unit',
    fees: 'Fees (one per line: name | amount | note)', components: 'Components (one per line: name | originals | copies | note)',
    catalogue_file: 'Procedure catalogue file (JSON)', role_officer: 'Officer', role_supervisor: 'Supervisor', role_admin: 'Admin',
    field: 'Field', edited: 'edited', edit: 'Edit',
    off_counters: 'Counters', off_unassigned: 'Not assigned: may sign in at any counter',
    off_unassigned_warn: 'Officers not assigned to counters may sign in at any counter and read every field\'s dossiers: ',
    off_unassigned_todo: '. Tick their counters and press Save.',
    off_removed: 'Counters removed from the configuration, taken out of the assignment: ', off_removed_todo: ' (check, then press Save)', off_no_counter: 'No counter left: cannot sign in at a counter', off_not_bound: 'Any (supervisors, admins)',
    pr_ok: 'OK', pr_paper_out: 'Out of paper', pr_cover_open: 'Cover open', pr_offline: 'Not ready', pr_unplugged: 'Unplugged', pr_none: 'None', pr_unknown: 'Unknown',
  },
};

let lang = localStorage.getItem('console.lang') || 'vi';
// A counter's pause reason: in English the offered ones and the server's own
// translated (queue/pause_en.go, TestConsolePauseReasonsMatch); a typed one stays.
const PAUSE_EN = {
  'Quầy tạm vắng': 'Counter unattended',
  'Nghỉ giải lao': 'Short break', 'Nghỉ trưa': 'Lunch break', 'Họp, công tác': 'Meeting or official duty',
  'Xử lý hồ sơ phức tạp': 'Handling a complex dossier', 'Sự cố kỹ thuật': 'Technical problem'
};
const pauseReason = (r) => (lang === 'en' && PAUSE_EN[r]) || r;
// A counter's name: in English its name_en from the config, else "Counter N".
const counterName = (k) => lang === 'en' ? (k.name_en || 'Counter ' + k.number) : k.name;
// A service's name: in English its name_en from the config (the monitor's
// services, else the configuration), else the Vietnamese one.
const svcName = (id, vi) => {
  if (lang !== 'en') return vi;
  const find = (list) => (list || []).find((x) => x.id === id);
  const s = find(state.m && state.m.services) || find(state.cfg && state.cfg.services);
  return (s && s.name_en) || vi;
};
// A report group's counter by its id, named as on the monitor.
const counterNameByID = (id, vi) => {
  const k = ((state.m && state.m.counters) || []).find((x) => x.id === id) || ((state.cfg && state.cfg.counters) || []).find((x) => x.id === id);
  return k ? counterName(k) : vi;
};
const t = (k, vars) => {
  let s = (I18N[lang] && I18N[lang][k]) || I18N.vi[k] || k;
  if (vars) for (const [a, b] of Object.entries(vars)) s = s.replace('{' + a + '}', b);
  return s;
};
const $ = (sel, root) => (root || document).querySelector(sel);
const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

// el builds an element: el('td', {class: 'num'}, 'text', child...).
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

let me = null;
const state = { m: null, lastSeq: 0, ws: null, refreshTimer: null, officers: [], cfg: null };

class ApiError extends Error {
  constructor(body, status) {
    const e = (body && body.error) || {};
    super((lang === 'en' ? e.message_en : e.message) || ('HTTP ' + status));
    this.field = e.field; this.status = status;
  }
}

async function api(method, path, body, raw) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = me ? me.csrf : '';
  if (body !== undefined) {
    if (raw) { opts.body = body; opts.headers['Content-Type'] = 'application/octet-stream'; }
    else { opts.body = JSON.stringify(body); opts.headers['Content-Type'] = 'application/json'; }
  }
  const r = await fetch(path, opts);
  if (r.status === 401) { location.href = '/console/login'; throw new ApiError(null, 401); }
  if (r.status === 204) return null;
  const data = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(data, r.status);
  return data;
}

let toastTimer;
function toast(msg, bad) {
  const b = $('#toast');
  b.textContent = msg; b.hidden = false; b.className = bad ? 'bad' : 'ok';
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { b.hidden = true; }, bad ? 8000 : 2500);
}
const guard = (fn) => async (...a) => { try { await fn(...a); } catch (e) { if (e.status !== 401) toast(e.message, true); } };

// renderPages lists the pages other packages add to the console (me.links).
// The links that do not fit the header's one line go into the "Thêm ▾"
// menu (a native <details>: Enter/Space open it, Tab reaches its links,
// Esc closes it), so the header never wraps at 1366 px (fitPages).
function renderPages() {
  const nav = $('#pages');
  if (!nav || !me) return;
  const links = (me.links || []).map((l) => el('a', { href: l.path + (lang === 'en' ? '?lang=en' : '') }, lang === 'en' ? l.en : l.vi));
  const menu = el('div', { class: 'menu', id: 'pages-menu' });
  const more = el('details', { class: 'more', hidden: '' },
    el('summary', { 'aria-controls': 'pages-menu' }, t('more')), menu);
  nav.replaceChildren(...links, more);
  fitPages();
}

function fitPages() {
  const nav = $('#pages'), hdr = $('header.top');
  const more = nav && nav.querySelector('details.more');
  if (!more) return;
  const menu = more.querySelector('.menu');
  for (const a of Array.from(menu.children)) nav.insertBefore(a, more);
  more.hidden = true;
  hdr.classList.add('measuring'); // the brand keeps its width while links move
  const over = () => hdr.scrollWidth > hdr.clientWidth + 1;
  while (over()) {
    const inline = nav.querySelectorAll(':scope > a');
    if (inline.length === 0) break;
    more.hidden = false;
    menu.prepend(inline[inline.length - 1]);
  }
  hdr.classList.remove('measuring');
}
window.addEventListener('resize', () => { clearTimeout(fitPages.timer); fitPages.timer = setTimeout(fitPages, 100); });
document.addEventListener('click', (ev) => {
  const more = document.querySelector('#pages details.more');
  if (more && more.open && !more.contains(ev.target)) more.open = false;
});
document.addEventListener('keydown', (ev) => {
  const more = document.querySelector('#pages details.more');
  if (ev.key !== 'Escape' || !more || !more.open) return;
  more.open = false;
  more.querySelector('summary').focus();
});

function applyLang() {
  document.documentElement.lang = lang;
  document.title = t('console') + ' — motcua';
  renderPages();
  $$('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  $$('[data-ph]').forEach((n) => { n.placeholder = t(n.dataset.ph); });
  $$('select option[value=""]').forEach((o) => { if (o.textContent === I18N.vi.choose_counter || o.textContent === I18N.en.choose_counter) o.textContent = t('choose_counter'); });
  $('#lang').textContent = lang === 'vi' ? 'EN' : 'VI';
}

function hhmm(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
}
function dur(iso) {
  if (!iso) return '';
  const s = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 1000));
  const m = Math.floor(s / 60);
  if (m >= 60) return Math.floor(m / 60) + 'h' + String(m % 60).padStart(2, '0');
  return m + ':' + String(s % 60).padStart(2, '0');
}
const isAdmin = () => me && me.role === 'admin';

// ---------- Monitor ----------
function counterOptions(sel, withEmpty) {
  sel.replaceChildren();
  if (withEmpty) sel.append(el('option', { value: '' }, t('choose_counter')));
  for (const k of (state.m ? state.m.counters : [])) sel.append(el('option', { value: k.id }, k.number + ' · ' + counterName(k)));
}

function renderMonitor() {
  const m = state.m;
  if (!m) return;
  const al = $('#alerts');
  al.replaceChildren();
  if (m.alerts.length === 0) al.append(el('p', { class: 'ok-line' }, t('no_alerts')));
  for (const a of m.alerts) al.append(el('div', { class: 'alert alert-' + a.kind, role: 'alert' }, lang === 'en' ? a.message_en : a.message));

  const cb = $('#counters tbody');
  cb.replaceChildren();
  for (const k of m.counters) {
    const acts = el('td', { class: 'acts' });
    const act = (op, label, extra) => el('button', { class: 'small', 'data-op': op, 'data-counter': k.id, onclick: guard(async () => {
      let body;
      if (op === 'pause') { const r = prompt(t('pause_reason')); if (!r) return; body = { reason: r }; }
      // A number at the counter goes back to the head of its queue (docs/CONSOLE.md).
      if (op === 'close' && k.current && !confirm(t('confirm_close', { c: counterName(k), n: k.current.number }))) return;
      await api('POST', '/console/api/counters/' + encodeURIComponent(k.id) + '/' + op, body);
      toast(t('done'));
      refreshSoon(0);
    }) }, label, extra);
    if (k.status === 'closed') acts.append(act('open', t('do_open')));
    if (k.status === 'open') acts.append(act('pause', t('do_pause')));
    if (k.status === 'paused') acts.append(act('resume', t('do_resume')));
    if (k.status !== 'closed') acts.append(act('close', t('do_close')));
    const st = el('td', {}, el('span', { class: 'pill st-' + k.status }, t('s_' + k.status)));
    if (k.reason) st.append(el('div', { class: 'muted small' }, pauseReason(k.reason)));
    if (k.status !== 'closed') st.append(el('div', { class: 'muted small' }, t(k.app_connected ? 'app_on' : 'app_off')));
    const cur = k.current;
    cb.append(el('tr', { id: 'counter-' + k.id, class: k.flash ? 'flash' : '' },
      el('td', { class: 'nowrap' }, el('strong', {}, counterName(k))),
      st,
      el('td', {}, k.officer_name || k.officer || t('none')),
      el('td', { class: 'cur' }, cur ? el('span', { class: 'ticket' + (cur.status === 'serving' ? ' serving' : '') }, cur.number) : t('none'),
        cur ? el('span', { class: 'muted small svc', title: svcName(cur.service, cur.service_name || '') }, ' ' + svcName(cur.service, cur.service_name || '')) : null),
      el('td', { class: 'num', 'data-since': cur ? cur.since : '' }, cur ? dur(cur.since) : ''),
      acts));
    k.flash = false;
  }

  const sb = $('#services tbody');
  sb.replaceChildren();
  for (const s of m.services) {
    const over = s.target_wait_min > 0 && s.waiting > 0 && s.oldest_at && (Date.now() - new Date(s.oldest_at)) / 60000 > s.target_wait_min;
    sb.append(el('tr', { id: 'service-' + s.id, class: over ? 'over' : '' },
      el('td', {}, svcName(s.id, s.name)),
      el('td', { class: 'num waiting' }, s.waiting),
      el('td', { class: 'num', 'data-since': s.waiting > 0 && s.oldest_at ? s.oldest_at : '' }, s.waiting > 0 && s.oldest_at ? dur(s.oldest_at) : t('none')),
      el('td', { class: 'num' }, s.waiting === 0 ? t('none') : s.open_counters > 0 ? s.estimated_wait_min + ' ' + t('min') : t('no_counter')),
      el('td', { class: 'num' }, s.target_wait_min ? s.target_wait_min + ' ' + t('min') : t('none'))));
  }

  const db = $('#devices tbody');
  db.replaceChildren();
  for (const d of m.devices) {
    const role = d.role === 'counter' ? t('counterpc') : t(d.role);
    let conn = d.revoked ? t('revoked') : d.connected > 0 ? t('connected') : d.online ? t('seen') : d.last_seen ? t('not_seen') : t('never');
    db.append(el('tr', { class: !d.revoked && !d.online && d.role === 'display' ? 'over' : '' },
      el('td', {}, d.name, el('div', { class: 'muted small' }, role)),
      el('td', {}, el('span', { class: 'pill ' + (d.online ? 'st-open' : 'st-closed') }, conn)),
      el('td', { class: d.printer && d.printer !== 'ok' && d.printer !== 'none' ? 'bad-text' : '' }, d.printer ? t('pr_' + d.printer) : t('none')),
      el('td', {}, d.last_seen ? hhmm(d.last_seen) : t('none'))));
  }
  if (document.activeElement !== $('#notice-text')) $('#notice-text').value = m.notice || '';
  if (document.activeElement !== $('#notice-text-en')) $('#notice-text-en').value = m.notice_en || '';
  tick();
}

function tick() {
  $$('[data-since]').forEach((n) => { if (n.dataset.since) n.textContent = dur(n.dataset.since); });
}

async function loadMonitor() {
  const m = await api('GET', '/console/api/monitor');
  // Keep flashes of calls that arrived while the request was in flight.
  const flashing = new Set((state.m ? state.m.counters : []).filter((k) => k.flash).map((k) => k.id));
  for (const k of m.counters) if (flashing.has(k.id)) k.flash = true;
  const first = !state.m;
  state.m = m;
  if (first) { for (const s of $$('.counter-select')) counterOptions(s, true); fillServiceFilter(); }
  renderMonitor();
}

function refreshSoon(ms) {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(guard(async () => { await loadMonitor(); await loadTickets(); }), ms === undefined ? 400 : ms);
}

// applyEvent updates the monitor at once from a WebSocket event; the
// debounced refresh then fills in what events do not carry.
function applyEvent(ev) {
  state.lastSeq = Math.max(state.lastSeq, ev.seq || 0);
  const m = state.m;
  if (!m) return;
  const k = m.counters.find((c) => c.id === ev.counter);
  switch (ev.kind) {
    case 'ticket.called': case 'ticket.recalled':
      for (const c of m.counters) if (c.current && c.current.ticket_id === ev.ticket_id) c.current = null;
      if (k) { k.current = { ticket_id: ev.ticket_id, number: ev.number, service: ev.service, service_name: ev.service_name, status: 'called', since: ev.at }; k.flash = true; if (k.status === 'closed') k.status = 'open'; }
      break;
    case 'ticket.started':
      if (k && k.current && k.current.ticket_id === ev.ticket_id) k.current.status = 'serving';
      break;
    case 'ticket.finished': case 'ticket.no_show': case 'ticket.cancelled': case 'ticket.transferred':
    case 'ticket.redirected': case 'ticket.parked':
      for (const c of m.counters) if (c.current && c.current.ticket_id === ev.ticket_id) c.current = null;
      break;
    case 'counter.opened': case 'counter.resumed':
      if (k) { k.status = 'open'; k.reason = ''; }
      break;
    case 'counter.paused':
      if (k) { k.status = 'paused'; k.reason = ev.reason; }
      break;
    case 'counter.closed':
      if (k) { k.status = 'closed'; k.officer = ''; k.officer_name = ''; }
      break;
    case 'notice':
      m.notice = ev.text || '';
      m.notice_en = ev.text_en || '';
      break;
  }
  if (ev.waiting) for (const [sid, n] of Object.entries(ev.waiting)) { const s = m.services.find((x) => x.id === sid); if (s) s.waiting = n; }
}

function connectWS() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = state.lastSeq > 0 ? '&since=' + state.lastSeq : '';
  const ws = new WebSocket(proto + '//' + location.host + '/console/ws?batch=1' + q);
  state.ws = ws;
  ws.onopen = () => { const c = $('#conn'); c.className = 'conn on'; c.dataset.t = 'online'; c.textContent = t('online'); };
  ws.onmessage = (msg) => {
    let data;
    try { data = JSON.parse(msg.data); } catch (e) { return; }
    const list = Array.isArray(data) ? data : [data];
    let changed = false;
    for (const x of list) {
      if (x.type === 'snapshot') { state.lastSeq = x.snapshot.seq; changed = true; }
      else if (x.type === 'event') { applyEvent(x.event); changed = true; }
      else if (x.type === 'resumed') state.lastSeq = Math.max(state.lastSeq, x.seq || 0);
    }
    if (changed) { renderMonitor(); refreshSoon(); }
  };
  ws.onclose = () => {
    const c = $('#conn'); c.className = 'conn off'; c.dataset.t = 'offline'; c.textContent = t('offline');
    setTimeout(connectWS, 1500);
  };
}

function fillServiceFilter() {
  const sel = $('#tk-filter'), was = sel.value;
  sel.replaceChildren(el('option', { value: '' }, t('all')));
  if (!state.m) return;
  for (const s of state.m.services) sel.append(el('option', { value: s.id }, svcName(s.id, s.name)));
  sel.value = was;
}

async function loadTickets() {
  const status = $('#tk-status').value;
  const list = await api('GET', '/console/api/tickets?status=' + encodeURIComponent(status));
  const svc = $('#tk-filter').value;
  const tb = $('#tickets tbody');
  tb.replaceChildren();
  for (const tk of list) {
    if (svc && tk.service !== svc) continue;
    const acts = el('td', { class: 'acts' });
    const post = (op, body) => guard(async () => {
      await api('POST', '/console/api/tickets/' + encodeURIComponent(tk.id) + '/' + op, body);
      toast(t('done')); refreshSoon(0);
    });
    if (tk.status === 'waiting') {
      const sel = el('select', { 'aria-label': t('counter') });
      counterOptions(sel, true);
      acts.append(sel,
        el('button', { class: 'small', onclick: () => sel.value ? post('call', { counter: sel.value })() : toast(t('choose_counter'), true) }, t('call_to')),
        el('button', { class: 'small', onclick: () => sel.value ? post('redirect', { counter: sel.value })() : toast(t('choose_counter'), true) }, t('redirect_to')),
        el('button', { class: 'small danger', onclick: () => { if (confirm(t('confirm_cancel', { n: tk.number }))) post('cancel')(); } }, t('cancel')));
    } else if (tk.status === 'parked') {
      // On hold at a counter: move it to a working one (its counter may be closed).
      const sel = el('select', { 'aria-label': t('counter') });
      counterOptions(sel, true);
      acts.append(sel,
        el('button', { class: 'small', onclick: () => sel.value ? post('redirect', { counter: sel.value })() : toast(t('choose_counter'), true) }, t('redirect_to')),
        el('button', { class: 'small danger', onclick: () => { if (confirm(t('confirm_cancel', { n: tk.number }))) post('cancel')(); } }, t('cancel')));
    } else {
      acts.append(el('button', { class: 'small', onclick: post('reactivate') }, t('reactivate')));
    }
    tb.append(el('tr', {}, el('td', {}, el('strong', {}, tk.number)), el('td', {}, svcName(tk.service, tk.service_name)), el('td', {}, hhmm(tk.issued_at)),
      el('td', {}, ticketStatus(tk)), acts));
  }
}

// A ticket's status in the console's language (the server's label is Vietnamese).
const TICKET_STATUS_EN = { waiting: 'Waiting', called: 'Called', serving: 'Being served', done: 'Done', cancelled: 'Cancelled',
  no_show: 'Absent', parked: 'On hold' };
const ticketStatus = (tk) => (lang === 'en' && TICKET_STATUS_EN[tk.status]) || tk.status_label || tk.status;

async function loadOfficersForMove() {
  const list = await api('GET', '/console/api/officers');
  state.officers = list;
  const sel = $('#move-officer');
  sel.replaceChildren();
  for (const o of list) if (!o.disabled) sel.append(el('option', { value: o.username }, (o.full_name || o.username) + ' (' + o.username + ')'));
  for (const id of ['#rp-officer']) {
    const s = $(id);
    s.replaceChildren(el('option', { value: '' }, t('all')));
    for (const o of list) s.append(el('option', { value: o.username }, o.full_name || o.username));
  }
}

// ---------- Reports ----------
const pad = (n) => String(n).padStart(2, '0');
const ymd = (d) => d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
// dd/mm/yyyy, as everywhere else on the console and on paper.
const dmy = (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso || '') ? iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4) : iso || '');
// Today in the centre (Vietnam, UTC+7 without daylight saving), whatever the browser's zone.
const centreToday = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
function periodDates() {
  const p = $('#rp-period').value;
  const base = $('#rp-from').value ? new Date($('#rp-from').value + 'T00:00:00') : new Date(centreToday() + 'T00:00:00');
  if (p === 'day') return [ymd(base), ymd(base)];
  if (p === 'week') { const d = new Date(base); const wd = (d.getDay() + 6) % 7; d.setDate(d.getDate() - wd); const e = new Date(d); e.setDate(d.getDate() + 6); return [ymd(d), ymd(e)]; }
  if (p === 'month') { const d = new Date(base.getFullYear(), base.getMonth(), 1); const e = new Date(base.getFullYear(), base.getMonth() + 1, 0); return [ymd(d), ymd(e)]; }
  return [$('#rp-from').value, $('#rp-to').value || $('#rp-from').value];
}
function reportQuery() {
  const [from, to] = periodDates();
  const q = new URLSearchParams({ from, to, lang });
  for (const [k, id] of [['service', '#rp-service'], ['counter', '#rp-counter'], ['officer', '#rp-officer']]) if ($(id).value) q.set(k, $(id).value);
  return q;
}
function updateReportLinks() {
  const q = reportQuery();
  $('#rp-csv').href = '/console/report.csv?' + q;
  $('#rp-print').href = '/console/print?month=' + q.get('from').slice(0, 7) + '&lang=' + lang;
}

const fmt = (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v);
async function runReport() {
  updateReportLinks();
  const q = reportQuery();
  const r = await api('GET', '/console/api/report?' + q);
  const out = $('#report-out');
  out.replaceChildren();
  const row = (name, f) => el('tr', {}, el('td', {}, name), ...[f.issued, f.served, f.no_shows, f.cancelled, f.wait_p50_min, f.wait_p90_min, f.wait_max_min,
    f.service_p50_min, f.service_p90_min, f.service_max_min].map((v) => el('td', { class: 'num' }, fmt(v))),
    el('td', { class: 'num' }, f.service_level_pct === null || f.service_level_pct === undefined ? t('none') : fmt(f.service_level_pct) + '%'));
  const head = el('thead', {}, el('tr', {}, el('th', { rowspan: 2 }, t('r_group')), el('th', { rowspan: 2 }, t('r_issued')), el('th', { rowspan: 2 }, t('r_served')),
    el('th', { rowspan: 2 }, t('r_noshow')), el('th', { rowspan: 2 }, t('r_cancelled')), el('th', { colspan: 3 }, t('r_wait')), el('th', { colspan: 3 }, t('r_svc')), el('th', { rowspan: 2 }, t('r_level'))),
    el('tr', {}, ...['p50', 'p90', 'max', 'p50', 'p90', 'max'].map((x) => el('th', {}, x))));
  const body = el('tbody', {}, row(t('r_total'), r.total));
  // Groups with nothing in the period only add noise on screen (the CSV keeps them).
  const busy = (f) => f.issued || f.called || f.served || f.no_shows || f.cancelled;
  for (const g of r.services) if (busy(g.figures)) body.append(row(svcName(g.id, g.name), g.figures));
  for (const g of r.counters) if (busy(g.figures)) body.append(row(counterNameByID(g.id, g.name), g.figures));
  out.append(el('div', { class: 'card' }, el('h2', {}, t('r_summary') + ' ' + dmy(r.from) + ' → ' + dmy(r.to)), el('table', { class: 'data report', id: 'report-table' }, head, body)));
  const charts = el('div', { class: 'charts' });
  for (const c of ['arrivals', 'service_level', 'waits']) charts.append(el('img', { src: '/console/chart/' + c + '.svg?' + q, alt: c, class: 'chart' }));
  out.append(el('div', { class: 'card' }, el('h2', {}, t('r_charts')), charts));
  const d = r.dossiers;
  const rt = el('tbody');
  for (const l of r.ratings) rt.append(el('tr', {}, el('td', {}, l.label), el('td', { class: 'num' }, l.count)));
  out.append(el('div', { class: 'grid2' },
    el('div', { class: 'card' }, el('h2', {}, t('r_dossiers')), el('table', { class: 'data' }, el('tbody', {},
      el('tr', {}, el('td', {}, t('r_received')), el('td', { class: 'num' }, d.received)),
      el('tr', {}, el('td', {}, t('r_resolved_ontime')), el('td', { class: 'num' }, d.resolved_on_time)),
      el('tr', {}, el('td', {}, t('r_resolved_late')), el('td', { class: 'num' }, d.resolved_late)),
      el('tr', {}, el('td', {}, t('r_returned')), el('td', { class: 'num' }, d.returned))))),
    el('div', { class: 'card' }, el('h2', {}, t('r_ratings')), el('table', { class: 'data' }, rt))));
  // Sections added by other packages (bookings: no-shows, remote numbers).
  for (const sec of r.sections || []) {
    const tb = el('tbody');
    for (const f of sec.rows) tb.append(el('tr', {}, el('td', {}, lang === 'en' ? f.label_en : f.label), el('td', { class: 'num', 'data-key': f.key }, f.value)));
    out.append(el('div', { class: 'card', id: 'report-' + sec.id }, el('h2', {}, lang === 'en' ? sec.title_en : sec.title), el('table', { class: 'data' }, tb)));
  }
}

function fillReportFilters() {
  const cfg = state.cfg;
  const s = $('#rp-service'); s.replaceChildren(el('option', { value: '' }, t('all')));
  for (const x of cfg.services) s.append(el('option', { value: x.id }, svcName(x.id, x.name)));
  const k = $('#rp-counter'); k.replaceChildren(el('option', { value: '' }, t('all')));
  for (const x of cfg.counters) k.append(el('option', { value: x.id }, lang === 'en' ? counterName(x) : x.number + ' · ' + x.name));
}

// ---------- Administration ----------
function field(label, input) { return el('label', { class: 'field' }, el('span', {}, label), input); }
function inp(value, attrs) { return el('input', Object.assign({ value: value === undefined || value === null ? '' : String(value) }, attrs || {})); }

function showFieldError(root, e) {
  $$('.invalid', root).forEach((n) => n.classList.remove('invalid'));
  if (e.field) {
    const n = root.querySelector('[data-field="' + CSS.escape(e.field) + '"]') || root.querySelector('[data-field^="' + CSS.escape(e.field.split('.')[0]) + '"]');
    if (n) { n.classList.add('invalid'); n.focus(); }
  }
  toast((e.field ? t('field') + ' ' + e.field + ': ' : '') + e.message, true);
}

function renderConfig() {
  const cfg = JSON.parse(JSON.stringify(state.cfg));
  const root = $('#sub-cfg');
  root.replaceChildren();
  const ro = !isAdmin();
  const bind = (obj, key, input, num) => { input.addEventListener('input', () => { obj[key] = num ? Number(input.value) : input.value; }); if (ro) input.disabled = true; return input; };
  const general = el('div', { class: 'card row wrap' },
    field(t('centre_name'), bind(cfg, 'centre_name', inp(cfg.centre_name, { 'data-field': 'centre_name', size: 40 }))),
    field(t('ticket_format'), bind(cfg, 'ticket_format', (() => { const s = el('select', { 'data-field': 'ticket_format' }, el('option', { value: 'letter' }, t('letter')), el('option', { value: 'numeric' }, t('numeric'))); s.value = cfg.ticket_format; return s; })())),
    field(t('digits'), bind(cfg, 'digits', inp(cfg.digits, { type: 'number', min: 2, max: 4, 'data-field': 'digits' }), true)),
    field(t('interleave_k'), bind(cfg.policy, 'interleave_k', inp(cfg.policy.interleave_k, { type: 'number', min: 1, 'data-field': 'policy' }), true)),
    field(t('aging_min'), bind(cfg.policy, 'aging_min', inp(cfg.policy.aging_min, { type: 'number', min: 1, 'data-field': 'policy' }), true)),
    field(t('max_recalls'), bind(cfg.policy, 'max_recalls', inp(cfg.policy.max_recalls, { type: 'number', min: 1, 'data-field': 'policy' }), true)));
  // A table editor over an array of objects.
  const table = (title, key, cols, make) => {
    const arr = cfg[key] = cfg[key] || [];
    const tb = el('tbody');
    const draw = () => {
      tb.replaceChildren();
      arr.forEach((item, i) => {
        const tr = el('tr');
        for (const c of cols) {
          const path = key + '[' + i + '].' + c.k;
          let input;
          if (c.k === 'services') {
            input = inp(Object.entries(item.services || {}).map(([s, w]) => s + ':' + w).join(', '), { 'data-field': key + '[' + i + '].services', size: 28 });
            input.addEventListener('input', () => {
              const m = {};
              for (const part of input.value.split(',')) { const [s, w] = part.split(':').map((x) => x.trim()); if (s) m[s] = Number(w || 1); }
              item.services = m;
            });
            if (ro) input.disabled = true;
          } else if (c.list) { // a list of codes, typed comma-separated (a sector's linh_vuc)
            input = inp((item[c.k] || []).join(', '), { 'data-field': path, size: c.size || 10, 'aria-label': t(c.l) });
            input.addEventListener('input', () => { item[c.k] = input.value.split(',').map((x) => x.trim()).filter(Boolean); });
            if (ro) input.disabled = true;
          } else {
            input = bind(item, c.k, inp(item[c.k], { 'data-field': path, size: c.size || 10, type: c.num ? 'number' : 'text', 'aria-label': t(c.l) }), c.num);
          }
          tr.append(el('td', {}, input));
        }
        tr.append(el('td', {}, ro ? '' : el('button', { class: 'small danger', onclick: () => { arr.splice(i, 1); draw(); } }, t('remove'))));
        tb.append(tr);
      });
    };
    draw();
    return el('div', { class: 'card' }, el('h3', {}, title),
      el('table', { class: 'data edit', id: 'cfg-' + key }, el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', {}, t(c.l))), el('th'))), tb),
      ro ? null : el('button', { class: 'small', onclick: () => { arr.push(make()); draw(); } }, t('add')));
  };
  root.append(general,
    // The English names are what the English screens show (docs/ENGLISH.md).
    table(t('sectors'), 'sectors', [{ k: 'id', l: 'id' }, { k: 'name', l: 'name', size: 30 }, { k: 'name_en', l: 'name_en', size: 24 }, { k: 'linh_vuc', l: 'linh_vuc', list: true, size: 24 }], () => ({ id: '', name: '', linh_vuc: [] })),
    table(t('services'), 'services', [{ k: 'id', l: 'id' }, { k: 'name', l: 'name', size: 30 }, { k: 'name_en', l: 'name_en', size: 24 }, { k: 'sector', l: 'sector' }, { k: 'prefix', l: 'prefix', size: 5 },
      { k: 'daily_cap', l: 'daily_cap', num: true, size: 5 }, { k: 'target_wait_min', l: 'target_wait', num: true, size: 5 }], () => ({ id: '', name: '', sector: '', prefix: '' })),
    table(t('counters'), 'counters', [{ k: 'id', l: 'id' }, { k: 'number', l: 'number', num: true, size: 4 }, { k: 'name', l: 'name', size: 20 }, { k: 'name_en', l: 'name_en', size: 16 }, { k: 'services', l: 'weights' }],
      () => ({ id: '', number: 0, name: '', services: {} })),
    table(t('priorities'), 'priorities', [{ k: 'id', l: 'id' }, { k: 'name', l: 'name', size: 30 }, { k: 'name_en', l: 'name_en', size: 24 }], () => ({ id: '', name: '' })));
  if (!ro) {
    root.append(el('button', { id: 'cfg-save', class: 'primary', onclick: async () => {
      try { await api('POST', '/console/api/config', cfg); toast(t('saved')); state.cfg = cfg; await loadMonitor(); fillReportFilters(); }
      catch (e) { showFieldError(root, e); }
    } }, t('save')));
  }
}

async function renderOfficers() {
  const list = await api('GET', '/console/api/officers');
  const root = $('#sub-off');
  root.replaceChildren();
  const ro = !isAdmin();
  const roleSel = (v) => { const s = el('select', { 'aria-label': t('role') }, ...['officer', 'supervisor', 'admin'].map((r) => el('option', { value: r }, t('role_' + r)))); s.value = v; s.disabled = ro; return s; };
  const counters = (state.cfg && state.cfg.counters) || [];
  // The counters an officer may sign in at: one checkbox per counter.
  const counterBoxes = (o) => {
    const box = el('fieldset', { class: 'counter-boxes', 'data-field': 'counters', 'data-officer': o.username || '' });
    for (const k of counters) {
      const cb = el('input', { type: 'checkbox', value: k.id, disabled: ro });
      cb.checked = !!(o.counters || []).includes(k.id);
      box.append(el('label', { class: 'counter-box' }, cb, ' ', k.name || k.id));
    }
    box.checked = () => $$('input:checked', box).map((cb) => cb.value);
    return box;
  };
  const unassigned = list.filter((o) => o.role === 'officer' && !o.disabled && !o.assigned);
  if (unassigned.length) {
    root.append(el('div', { class: 'alert alert-unassigned_officers', role: 'alert', id: 'unassigned-officers' },
      t('off_unassigned_warn') + unassigned.map((o) => o.full_name ? o.full_name + ' (' + o.username + ')' : o.username).join(', ') + t('off_unassigned_todo')));
  }
  const tb = el('tbody');
  for (const o of list) {
    const name = inp(o.full_name, { size: 24, disabled: ro, 'aria-label': t('full_name') });
    const role = roleSel(o.role);
    const dis = el('input', { type: 'checkbox', 'aria-label': t('disabled'), disabled: ro });
    dis.checked = o.disabled;
    const boxes = counterBoxes(o);
    const cell = el('td', {}, boxes);
    if (o.role !== 'officer') cell.prepend(el('div', { class: 'muted' }, t('off_not_bound')));
    else if (!o.assigned) cell.prepend(el('div', { class: 'unassigned' }, t('off_unassigned')));
    else if (!(o.counters || []).length) cell.prepend(el('div', { class: 'unassigned no-counter' }, t('off_no_counter')));
    // Counters that left the configuration (assign.go): shown until an admin saves this officer.
    if ((o.removed_counters || []).length) cell.prepend(el('div', { class: 'unassigned removed-counters' }, t('off_removed') + o.removed_counters.join(', ') + (ro ? '' : t('off_removed_todo'))));
    const save = (extra) => guard(async () => {
      const body = { full_name: name.value, role: role.value, disabled: dis.checked };
      const picked = boxes.checked();
      if (role.value === 'officer' || o.assigned || picked.length) body.counters = picked;
      await api('POST', '/console/api/officers/' + encodeURIComponent(o.username), Object.assign(body, extra || {}));
      toast(t('saved')); renderOfficers();
    });
    tb.append(el('tr', { 'data-username': o.username }, el('td', {}, o.username), el('td', {}, name), el('td', {}, role), el('td', {}, dis), cell,
      el('td', { class: 'acts' }, ro ? '' : el('button', { class: 'small', onclick: save() }, t('save')),
        ro ? '' : el('button', { class: 'small', onclick: () => { const p = prompt(t('new_pw')); if (p) save({ password: p })(); } }, t('reset_pw')))));
  }
  root.append(el('div', { class: 'card' }, el('table', { class: 'data', id: 'officers' },
    el('thead', {}, el('tr', {}, ...['username', 'full_name', 'role', 'disabled', 'off_counters', 'actions'].map((k) => el('th', {}, t(k))))), tb)));
  if (!ro) {
    const u = inp('', { 'data-field': 'username', required: true }), n = inp('', { 'data-field': 'full_name', size: 24 }), r = roleSel('officer'),
      p = inp('', { type: 'password', 'data-field': 'password' });
    r.setAttribute('data-field', 'role');
    const nb = counterBoxes({});
    const form = el('form', { class: 'card row wrap', id: 'officer-form' }, field(t('username'), u), field(t('full_name'), n), field(t('role'), r), field(t('password'), p),
      field(t('off_counters'), nb), el('button', { type: 'submit', class: 'primary' }, t('create')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = { username: u.value, full_name: n.value, role: r.value, password: p.value };
      if (r.value === 'officer' || nb.checked().length) body.counters = nb.checked();
      try { await api('POST', '/console/api/officers', body); toast(t('saved')); renderOfficers(); }
      catch (e) { showFieldError(form, e); }
    });
    root.append(form);
  }
}

async function renderDevices() {
  const list = await api('GET', '/console/api/devices');
  const root = $('#sub-dev');
  root.replaceChildren();
  const ro = !isAdmin();
  const tb = el('tbody');
  for (const d of list) {
    tb.append(el('tr', {}, el('td', {}, d.id), el('td', {}, d.name), el('td', {}, d.role === 'counter' ? t('counterpc') : t(d.role)),
      el('td', {}, d.revoked ? t('revoked') : d.online ? t('seen') : t('not_seen')),
      el('td', { class: 'acts' }, ro || d.revoked ? '' : el('button', { class: 'small', onclick: guard(async () => {
        const n = prompt(t('new_name'), d.name); if (!n) return;
        await api('POST', '/console/api/devices/' + encodeURIComponent(d.id) + '/rename', { name: n }); toast(t('saved')); renderDevices();
      }) }, t('rename')), ro || d.revoked ? '' : el('button', { class: 'small danger', onclick: guard(async () => {
        if (!confirm(t('confirm_revoke', { n: d.name }))) return;
        await api('POST', '/console/api/devices/' + encodeURIComponent(d.id) + '/revoke'); toast(t('done')); renderDevices();
      }) }, t('revoke')))));
  }
  root.append(el('div', { class: 'card' }, el('table', { class: 'data', id: 'devices-admin' },
    el('thead', {}, el('tr', {}, ...['id', 'name', 'role', 'connection', 'actions'].map((k) => el('th', {}, t(k))))), tb)));
  if (!ro) {
    const n = inp('', { 'data-field': 'name', size: 24 });
    const r = el('select', { 'data-field': 'role' }, el('option', { value: 'kiosk' }, t('kiosk')), el('option', { value: 'display' }, t('display')), el('option', { value: 'counter' }, t('counterpc')), el('option', { value: 'ratingpad' }, t('ratingpad')));
    const out = el('div', { id: 'token-once' });
    // A rating pad faces one counter: chosen here, bound with the enrolment
    // (roles in me.counter_roles, console.EnrolWithCounter).
    const k = el('select', { 'data-field': 'counter', id: 'device-counter' });
    counterOptions(k, true);
    const kf = field(t('faces_counter'), k);
    const showCounter = () => {
      const on = (me.counter_roles || []).includes(r.value);
      kf.hidden = !on; k.required = on;
      if (!on) k.value = '';
    };
    r.addEventListener('change', showCounter);
    showCounter();
    const form = el('form', { class: 'card row wrap', id: 'device-form' }, field(t('name'), n), field(t('role'), r), kf, el('button', { type: 'submit', class: 'primary' }, t('enrol')), out);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const res = await api('POST', '/console/api/devices', { name: n.value, role: r.value, counter: k.value });
        const bound = res.counter ? (k.selectedOptions[0] || {}).textContent : '';
        out.replaceChildren(el('p', {}, t('token_once')), el('code', { class: 'token' }, res.token),
          bound ? el('p', { class: 'small', id: 'device-bound' }, t('bound_to') + ' ' + bound) : null);
        renderDevicesKeep(out);
      } catch (e) { showFieldError(form, e); }
    });
    root.append(form);
  }
}
// renderDevicesKeep redraws the list but keeps the one-time token on screen.
async function renderDevicesKeep(out) { await renderDevices(); const o = $('#token-once'); if (o) o.replaceWith(out); }

async function renderSchedule() {
  const s = await api('GET', '/console/api/schedule');
  const root = $('#sub-hol');
  root.replaceChildren(el('div', { class: 'card' }, el('h3', {}, t('years')),
    el('ul', {}, ...(s.years || []).map((y) => el('li', {}, y.year + ': ' + y.days_off + ' / ' + y.working_days + ' — ' + (y.source || ''))))));
  if (isAdmin()) {
    const f = el('input', { type: 'file', accept: '.json,application/json', id: 'schedule-file' });
    const form = el('form', { class: 'card row' }, field(t('schedule_file'), f), el('button', { type: 'submit', class: 'primary' }, t('upload')));
    form.addEventListener('submit', guard(async (ev) => {
      ev.preventDefault();
      if (!f.files[0]) return;
      await api('POST', '/console/api/schedule', await f.files[0].text(), true); toast(t('saved')); renderSchedule();
    }));
    root.append(form);
  }
}

async function renderProcedures(q) {
  const list = await api('GET', '/console/api/procedures?q=' + encodeURIComponent(q || ''));
  const root = $('#sub-proc');
  root.replaceChildren();
  const search = inp(q || '', { 'aria-label': t('search'), size: 40 });
  const sform = el('form', { class: 'card row' }, search, el('button', { type: 'submit' }, t('search')));
  sform.addEventListener('submit', (ev) => { ev.preventDefault(); renderProcedures(search.value); });
  const editor = el('div', { id: 'proc-editor' });
  const tb = el('tbody');
  for (const p of list) tb.append(el('tr', {}, el('td', {}, p.code), el('td', {}, p.name, p.edited ? el('span', { class: 'pill st-paused' }, ' ' + t('edited')) : null),
    el('td', {}, p.time.amount + ' ' + p.time.unit), el('td', {}, el('button', { class: 'small', onclick: guard(() => editProcedure(p.code, editor)) }, t('edit')))));
  root.append(sform, el('div', { class: 'grid2' }, el('div', { class: 'card scroll' }, el('table', { class: 'data' }, tb)), editor));
  if (isAdmin()) {
    const f = el('input', { type: 'file', accept: '.json,application/json' });
    const form = el('form', { class: 'card row' }, field(t('catalogue_file'), f), el('button', { type: 'submit', class: 'primary' }, t('import')));
    form.addEventListener('submit', guard(async (ev) => {
      ev.preventDefault(); if (!f.files[0]) return;
      const r = await api('POST', '/console/api/procedures/import', await f.files[0].text(), true); toast(t('saved') + ': ' + r.imported); renderProcedures(q);
    }));
    root.append(form);
  }
}

async function editProcedure(code, box) {
  const p = await api('GET', '/console/api/procedures/' + encodeURIComponent(code));
  const ro = !isAdmin();
  const amount = inp(p.time.amount, { type: 'number', min: 0, 'data-field': 'time', disabled: ro });
  const unit = el('select', { 'data-field': 'time', disabled: ro }, ...['working_days', 'working_hours', 'calendar_days', 'same_day'].map((u) => el('option', { value: u }, u)));
  unit.value = p.time.unit;
  const fees = el('textarea', { rows: 4, cols: 50, 'data-field': 'fees', disabled: ro }, (p.fees || []).map((f) => [f.name, f.amount, f.note || ''].join(' | ')).join('\n'));
  const comps = el('textarea', { rows: 6, cols: 50, 'data-field': 'components', disabled: ro }, (p.components || []).map((c) => [c.name, c.originals, c.copies, c.note || ''].join(' | ')).join('\n'));
  const form = el('form', { class: 'card', id: 'proc-form' }, el('h3', {}, p.code + ' — ' + p.name),
    el('div', { class: 'row' }, field(t('proc_time'), amount), field(t('unit'), unit)), field(t('fees'), fees), field(t('components'), comps),
    ro ? null : el('button', { type: 'submit', class: 'primary' }, t('save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const lines = (s) => s.split('\n').map((l) => l.split('|').map((x) => x.trim())).filter((a) => a[0]);
    const body = { time: Object.assign({}, p.time, { amount: Number(amount.value), unit: unit.value }),
      fees: lines(fees.value).map((a) => ({ name: a[0], amount: Number(a[1] || 0), note: a[2] || '' })),
      components: lines(comps.value).map((a) => ({ name: a[0], originals: Number(a[1] || 0), copies: Number(a[2] || 0), note: a[3] || '' })) };
    try { await api('POST', '/console/api/procedures/' + encodeURIComponent(code), body); toast(t('saved')); }
    catch (e) { showFieldError(form, e); }
  });
  box.replaceChildren(form);
}

async function renderAudit() {
  const list = await api('GET', '/console/api/audit');
  const tb = $('#audit-table tbody');
  tb.replaceChildren();
  for (const a of list) tb.append(el('tr', {}, el('td', {}, new Date(a.at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })),
    el('td', {}, a.actor + ' (' + a.role + ')'), el('td', {}, a.action), el('td', {}, a.target), el('td', { class: 'small mono' }, a.detail)));
}

// ---------- Tabs and start-up ----------
const subRender = { cfg: renderConfig, off: renderOfficers, dev: renderDevices, hol: renderSchedule, proc: () => renderProcedures('') };
function showTab(name) {
  $$('[role=tab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
  $$('.panel').forEach((p) => { p.hidden = p.id !== name; });
  location.hash = name;
  if (name === 'admin') showSub($('.subtabs [aria-pressed=true]').dataset.sub);
  if (name === 'audit') guard(renderAudit)();
  if (name === 'reports') updateReportLinks();
}
function showSub(name) {
  $$('.subtabs button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.sub === name)));
  $$('.sub').forEach((s) => { s.hidden = s.id !== 'sub-' + name; });
  guard(subRender[name])();
}

async function start() {
  me = await api('GET', '/console/api/me');
  $('#centre-name').textContent = me.centre;
  $('header .brand').title = me.centre;
  $('#me').textContent = (me.full_name || me.username) + ' · ' + t('role_' + me.role);
  $('#admin-note').hidden = isAdmin();
  applyLang();
  state.cfg = await api('GET', '/console/api/config');
  fillReportFilters();
  await loadMonitor();
  await loadTickets();
  await loadOfficersForMove();
  connectWS();
  setInterval(tick, 1000);
  setInterval(() => refreshSoon(0), 15000); // device presence and longest waits move without events
  const today = centreToday();
  $('#rp-from').value = today; $('#rp-to').value = today;
  const tabs = $$('[role=tab]');
  tabs.forEach((b, i) => {
    b.addEventListener('click', () => showTab(b.dataset.tab));
    b.addEventListener('keydown', (ev) => {
      const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
      if (d) { const n = tabs[(i + d + tabs.length) % tabs.length]; n.focus(); showTab(n.dataset.tab); }
    });
  });
  $$('.subtabs button').forEach((b) => b.addEventListener('click', () => showSub(b.dataset.sub)));
  $('#tk-filter').addEventListener('change', guard(loadTickets));
  $('#tk-status').addEventListener('change', guard(loadTickets));
  $('#notice-form').addEventListener('submit', guard(async (ev) => {
    ev.preventDefault();
    await api('POST', '/console/api/notice', { text: $('#notice-text').value, text_en: $('#notice-text-en').value }); toast(t('saved'));
  }));
  $('#move-form').addEventListener('submit', guard(async (ev) => {
    ev.preventDefault();
    if (!$('#move-counter').value) { toast(t('choose_counter'), true); return; }
    await api('POST', '/console/api/officers/' + encodeURIComponent($('#move-officer').value) + '/move', { counter: $('#move-counter').value });
    toast(t('done')); refreshSoon(0);
  }));
  $('#report-form').addEventListener('submit', (ev) => { ev.preventDefault(); guard(runReport)(); });
  for (const id of ['#rp-period', '#rp-from', '#rp-to', '#rp-service', '#rp-counter', '#rp-officer']) $(id).addEventListener('change', updateReportLinks);
  $('#lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi'; localStorage.setItem('console.lang', lang);
    applyLang(); renderMonitor(); fillServiceFilter();
    for (const s of $$('.counter-select')) { const v = s.value; counterOptions(s, true); s.value = v; } loadTickets(); $('#me').textContent = (me.full_name || me.username) + ' · ' + t('role_' + me.role); updateReportLinks();
    // The report's filters and table name services and counters too.
    if (state.cfg) { const sv = $('#rp-service').value, kc = $('#rp-counter').value; fillReportFilters(); $('#rp-service').value = sv; $('#rp-counter').value = kc; }
    const po = $('#rp-officer').options[0]; if (po && po.value === '') po.textContent = t('all');
    if ($('#report-out').childElementCount) guard(runReport)();
  });
  $('#logout').addEventListener('click', guard(async () => { await api('POST', '/console/logout'); location.href = '/console/login'; }));
  const h = location.hash.slice(1);
  if (['monitor', 'reports', 'admin', 'audit'].includes(h)) showTab(h);
  window.__console = { ready: true };
}

document.addEventListener('DOMContentLoaded', guard(start));
