// daihoi — shared script of every screen: language, API calls, sign-in, and the live state kept
// from the event stream (/ws). Each screen's own script calls DH.start({...}).
'use strict';

const DH = (() => {
  // --- language: Vietnamese first, English on demand; remembered per screen.
  let lang = localStorage.getItem('daihoi.lang') || 'vi';
  const tr = (vi, en) => (lang === 'en' && en ? en : vi);
  // A language switch also clears the toasts: they were written in the other language.
  const setLang = (l) => {
    lang = l; localStorage.setItem('daihoi.lang', l); document.documentElement.lang = l;
    const box = $('#toasts'); if (box) box.replaceChildren();
    rerender();
  };

  // --- tiny DOM helper: h('div', {class: 'x', onclick: f}, 'text', child, [children])
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'class') e.className = v;
      else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
      else if (v === true) e.setAttribute(k, '');
      else e.setAttribute(k, v);
    }
    const add = (k) => {
      if (k === undefined || k === null || k === false) return;
      if (Array.isArray(k)) k.forEach(add);
      else e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    };
    kids.forEach(add);
    return e;
  }
  const $ = (sel, root) => (root || document).querySelector(sel);

  // --- API: JSON in and out; errors carry the server's Vietnamese and English messages.
  class APIError extends Error {
    constructor(status, body) {
      super((body && body.message) || ('HTTP ' + status));
      this.status = status; this.code = body && body.code;
      this.vi = body && body.message; this.en = body && body.message_en;
    }
    text() { return tr(this.vi || this.message, this.en || this.message); }
  }
  async function api(method, path, body) {
    const opt = { method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) { opt.headers['Content-Type'] = 'application/json'; opt.body = JSON.stringify(body); }
    const r = await fetch(path, opt);
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = text; }
    if (!r.ok) throw new APIError(r.status, data);
    return data;
  }
  const errText = (e) => (e instanceof APIError ? e.text() : tr('Mất kết nối tới máy chủ. Đang thử lại…', 'No connection to the server. Retrying…'));

  // --- toasts: short messages at the bottom of the screen. At most TOASTS at once (the newest): a
  // quick run of actions does not stack a column of them over the page. A tap dismisses one.
  const TOASTS = 2;
  function toast(msg, kind) {
    let box = $('#toasts');
    if (!box) { box = h('div', { id: 'toasts', 'aria-live': 'polite' }); document.body.append(box); }
    const t = h('div', { class: 'toast ' + (kind || ''), onclick: () => t.remove() }, msg);
    box.append(t);
    while (box.children.length > TOASTS) box.firstElementChild.remove();
    setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
  }

  // Confirm what cannot be undone, with the action named.
  // With safe, the action is the risky one (sending an invalid ballot, say): the way back is the
  // button in front and focused, so that Enter or a hasty tap does not take the risk.
  function confirmDialog(question, yes, no, safe) {
    return new Promise((resolve) => {
      const close = (v) => { d.remove(); resolve(v); };
      const d = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true' },
        h('div', { class: 'modal-box' },
          h('p', { class: 'modal-q' }, question),
          h('div', { class: 'modal-actions' },
            h('button', { class: safe ? 'btn primary' : 'btn', onclick: () => close(false), 'data-test': 'confirm-no' }, no || tr('Hủy', 'Cancel')),
            h('button', { class: safe ? 'btn risky' : 'btn primary', onclick: () => close(true), 'data-test': 'confirm-yes' }, yes || tr('Đồng ý', 'Confirm')))));
      document.body.append(d);
      d.querySelector('.primary').focus();
    });
  }

  // --- live state: a snapshot, then events applied in order; resumes after a dropped connection.
  const state = { seq: 0, ready: false, online: false };
  let render = () => {};
  function rerender() { try { render(state); } catch (e) { console.error(e); } }

  // noteCast raises a poll's turnout to cast: figures come from turnout messages and receipts, and
  // an older one never lowers it.
  function noteCast(poll, cast) {
    const p = (state.polls || []).find((x) => x.id === poll);
    if (p && cast > (p.cast || 0)) p.cast = cast;
  }

  function upsert(list, item, key) {
    key = key || 'id';
    const i = list.findIndex((x) => x[key] === item[key]);
    if (i >= 0) list[i] = item; else list.push(item);
  }
  function apply(ev) {
    const d = ev.data;
    switch (ev.type) {
      case 'congress': // the settings the staff screens describe follow the congress's (the setup page may change them)
        state.congress = d;
        for (const x of state.settings || []) if (d.settings && d.settings[x.key] !== undefined && d.settings[x.key] !== null) x.value = String(d.settings[x.key]);
        break;
      case 'agenda': state.agenda = d; break;
      case 'agenda_items': for (const it of d) upsert(state.agenda, it); break; // changed in place
      case 'attendance': state.attendance = d; break;
      case 'roll': state.roll = d; break; // the whole roll, imported anew
      case 'delegate':
        if (state.roll) upsert(state.roll, d);
        if (state.delegate && state.delegate.id === d.id) state.delegate = d;
        break;
      case 'poll': {
        // An event may leave out a list of candidates the screen already has.
        const old = (state.polls || []).find((x) => x.id === d.id);
        if (d.same_candidates && old) d.candidates = old.candidates;
        upsert(state.polls, d);
        // A poll opened: a tablet asks whether its delegate was issued a ballot.
        if (d.state === 'open' && d.tablet && state.me && state.me.role === 'delegate' && !(state.eligible || {}).hasOwnProperty(d.id)) {
          api('GET', '/api/polls/' + d.id + '/me').then((r) => {
            state.eligible = state.eligible || {}; state.voted = state.voted || {};
            state.eligible[d.id] = r.eligible; if (r.voted) state.voted[d.id] = true;
            rerender();
          }).catch(() => {});
        }
        break;
      }
      // A ballot issued to this delegate in an open poll: checked in and signed in after it opened.
      case 'ballot':
        state.eligible = state.eligible || {};
        state.eligible[d.poll] = true;
        break;
      case 'speaker': upsert(state.speakers, d); break;
      case 'comment': upsert(state.comments, d); break;
      case 'question': upsert(state.questions, d); break;
      case 'document': upsert(state.documents, d); break;
      case 'poll_removed': state.polls = (state.polls || []).filter((p) => p.id !== d.id); break;
      // A delegate signed in or out, or their card was issued anew: how many devices they hold.
      case 'sign_in': case 'sign_out': case 'card':
        state.devices = state.devices || {};
        if (d.all) state.devices = {};
        else if (d.delegate && d.devices !== undefined) state.devices[d.delegate] = d.devices;
        break;
    }
    if (hooks.event) hooks.event(ev);
  }
  let ws = null, retry = 0, hooks = {};
  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws' + (state.ready ? '?since=' + state.seq : '');
    ws = new WebSocket(url);
    ws.onopen = () => { retry = 0; state.online = true; rerender(); };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type === 'snapshot') {
        const s = msg.data;
        Object.assign(state, {
          me: s.me, congress: s.congress, settings: s.settings || [], attendance: s.attendance, agenda: s.agenda || [],
          polls: s.polls || [], speakers: s.speakers || [], documents: s.documents || [], roll: s.roll || null,
          comments: s.comments || [], questions: s.questions || [], delegate: s.delegate || null, voted: s.voted || {},
          eligible: s.eligible || {}, devices: s.devices || {},
        });
        state.seq = msg.seq; state.ready = true;
      } else if (msg.type === 'event') {
        state.seq = msg.seq; apply(msg.event);
      } else if (msg.type === 'voted') {
        // this delegate has voted (perhaps from another tablet)
        state.voted = state.voted || {}; state.voted[msg.data.poll] = true;
      } else if (msg.type === 'receipt' || msg.type === 'error') {
        // the answer to a request sent on the socket (a ballot)
        const w = waiting.get(msg.ref);
        if (w) {
          waiting.delete(msg.ref);
          if (msg.type === 'receipt') w.resolve(msg.data); else w.reject(new APIError(msg.status, msg.error));
        }
        return;
      } else if (msg.type === 'turnout') {
        noteCast(msg.data.poll, msg.data.cast);
      }
      rerender();
    };
    ws.onclose = (e) => {
      state.online = false;
      for (const w of waiting.values()) w.reject(new Error('socket closed'));
      waiting.clear();
      rerender();
      if (hooks.signedOut) return;
      if (e.code === 4001) { replaced(); return; }
      retry = Math.min(retry + 1, 6);
      setTimeout(check, 300 * retry);
    };
  }
  // replaced: the same sign-in opened more screens than it may hold (a tablet reloaded, a second
  // device), and the server closed this, the oldest. It does not reconnect by itself, or two
  // screens would take turns closing each other; a tap takes the connection back.
  function replaced() {
    if (document.getElementById('replaced')) return;
    const box = h('div', { class: 'replaced', id: 'replaced', role: 'alert' },
      h('p', {}, tr('Màn hình này đã ngừng cập nhật: cùng tài khoản đã mở trên màn hình khác.',
        'This screen stopped updating: the same sign-in was opened on another screen.')),
      h('button', { class: 'btn primary', onclick: () => { box.remove(); connect(); } }, tr('Dùng lại màn hình này', 'Use this screen again')));
    document.body.append(box);
  }
  // request sends msg on the open socket and resolves with the answer carrying the same ref, or
  // rejects: an APIError when the server refused it, a plain Error when the socket is not open,
  // closed before the answer, or no answer came within ms. The caller may then use HTTP instead.
  const waiting = new Map();
  let refs = 0;
  function request(msg, ms) {
    return new Promise((resolve, reject) => {
      if (!ws || ws.readyState !== WebSocket.OPEN) { reject(new Error('socket not open')); return; }
      const ref = 'r' + (++refs);
      const timer = setTimeout(() => { waiting.delete(ref); reject(new Error('no answer on the socket')); }, ms);
      waiting.set(ref, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      ws.send(JSON.stringify(Object.assign({ ref }, msg)));
    });
  }

  // check finds out whether the session is still good before reconnecting.
  async function check() {
    try { await api('GET', '/api/me'); connect(); }
    catch (e) {
      if (e.status === 401) { state.ready = false; showLogin(); return; }
      setTimeout(check, 2000);
    }
  }

  // --- sign-in: operators by name and password; delegates by the link on their card.
  let screen = {};
  function showLogin() {
    const root = $('#app');
    root.replaceChildren();
    if (screen.role === 'delegate') {
      root.append(h('div', { class: 'login' },
        h('h1', {}, tr('Đăng nhập', 'Sign in')),
        h('p', { class: 'big' }, tr('Xin quét mã QR trên thẻ đại biểu của đồng chí, hoặc mở đường dẫn in trên thẻ.',
          'Please scan the QR code on your delegate card, or open the link printed on it.'))));
      return;
    }
    const name = h('input', { id: 'login-name', autocomplete: 'username', required: true, autofocus: true });
    const pw = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
    const err = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'login', onsubmit: async (e) => {
      e.preventDefault(); err.textContent = '';
      try { await api('POST', '/api/login', { name: name.value, password: pw.value }); location.reload(); }
      catch (x) { err.textContent = errText(x); }
    } },
      h('h1', {}, screen.title ? screen.title() : 'daihoi'),
      h('label', {}, tr('Tên đăng nhập', 'Name'), name),
      h('label', {}, tr('Mật khẩu', 'Password'), pw),
      h('button', { class: 'btn primary', type: 'submit', id: 'login-submit' }, tr('Đăng nhập', 'Sign in')), err);
    root.append(form);
  }
  async function logout() { try { await api('POST', '/api/logout'); } finally { location.reload(); } }

  // The header every operator screen shows: title, connection, language switch, sign out.
  function header(title) {
    return h('header', { class: 'top' },
      h('div', { class: 'top-title' }, title),
      h('div', { class: 'top-right' },
        h('span', { class: 'conn ' + (state.online ? 'on' : 'off'), 'data-test': 'conn' }, state.online ? tr('Đã kết nối', 'Connected') : tr('Mất kết nối…', 'Reconnecting…')),
        state.me ? h('span', { class: 'who' }, state.me.name) : null,
        h('button', { class: 'btn small', onclick: () => setLang(lang === 'vi' ? 'en' : 'vi'), 'data-test': 'lang' }, lang === 'vi' ? 'English' : 'Tiếng Việt'),
        state.me && state.me.role !== 'hall' ? h('button', { class: 'btn small', onclick: logout }, tr('Đăng xuất', 'Sign out')) : null));
  }

  // fontsLoaded resolves once the screens' own fonts (app.css) are loaded, or after a second and a
  // half without them: a screen lays itself out once, in the font it keeps, rather than measuring
  // names in a fallback and moving them a moment later.
  function fontsLoaded() {
    if (!document.fonts) return Promise.resolve();
    const faces = ['1em "Daihoi Sans"', 'bold 1em "Daihoi Sans"'].map((f) => document.fonts.load(f).catch(() => {}));
    return Promise.race([Promise.all(faces), new Promise((r) => setTimeout(r, 1500))]);
  }

  // roleName is a role as people call it (daihoi.Role.Vi and En), never its code («hall»).
  const roleNames = {
    organiser: ['Ban Tổ chức', 'organisers'], presidium: ['Đoàn Chủ tịch', 'presidium'], secretariat: ['Đoàn Thư ký', 'secretariat'],
    teller: ['Ban Kiểm phiếu', 'tellers'], delegate: ['đại biểu', 'delegate'], hall: ['Màn hình hội trường', 'hall display'],
    checkin: ['Bàn đón tiếp', 'check-in desk'], observer: ['Người theo dõi', 'observer'],
  };
  const roleName = (r) => (roleNames[r] ? tr(roleNames[r][0], roleNames[r][1]) : r);

  // start runs a screen: opts.role (for the sign-in page), opts.title() and opts.render(state).
  async function start(opts) {
    screen = opts; render = opts.render; hooks = opts;
    document.documentElement.lang = lang;
    const fonts = fontsLoaded();
    try {
      const me = await api('GET', '/api/me');
      await fonts;
      if (opts.roles && !opts.roles.includes(me.role)) {
        $('#app').replaceChildren(h('div', { class: 'login' }, h('p', { class: 'big' },
          tr('Tài khoản này (' + roleName(me.role) + ') không dùng màn hình này.', 'This account (' + roleName(me.role) + ') is not for this screen.')),
          h('button', { class: 'btn', onclick: logout }, tr('Đăng xuất', 'Sign out'))));
        return;
      }
      state.me = me;
      connect();
    } catch (e) {
      if (e.status === 401) showLogin(); else { toast(errText(e), 'error'); setTimeout(() => start(opts), 2000); }
    }
  }

  // part rebuilds el from build() only when its signature (with the language) changes, keeping the
  // focused field and its caret: a screen can render everything on every event without losing what
  // a person is typing.
  function part(el, sig, build) {
    sig = lang + '|' + sig;
    if (el.__sig === sig) return false;
    const active = document.activeElement;
    const focusId = active && el.contains(active) && active.id;
    let sel = null;
    try { sel = focusId ? [active.selectionStart, active.selectionEnd] : null; } catch (_) { sel = null; }
    el.__sig = sig;
    const kids = [].concat(build()).flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false);
    el.replaceChildren(...kids);
    if (focusId) {
      const again = document.getElementById(focusId);
      if (again) {
        again.focus();
        try { if (sel && sel[0] !== null) again.setSelectionRange(sel[0], sel[1]); } catch (_) { /* not a text field */ }
      }
    }
    return true;
  }

  // act runs one API call at a time, shows what went wrong, and a short confirmation when it went
  // right. It returns the call's answer (or true), or false when it failed or another was running.
  let busy = false;
  async function act(fn, okText) {
    if (busy) return false;
    busy = true;
    try {
      const out = await fn();
      if (okText) toast(okText, 'ok');
      return out || true;
    } catch (e) {
      toast(errText(e), 'error');
      return false;
    } finally {
      busy = false;
    }
  }

  // --- one word list: the choices, marks and teller flags every screen names, in both languages.
  const WORDS = {
    for: ['Tán thành', 'For'], against: ['Không tán thành', 'Against'], abstain: ['Không biểu quyết', 'Abstain'],
    agree: ['Đồng ý', 'Agree'], disagree: ['Không đồng ý', 'Disagree'], both: ['Cả hai', 'Both'], none: ['Không đánh dấu', 'None'],
    elected: ['Trúng cử', 'Elected'],
    not_issued: ['Không do BKP phát ra', 'Not issued'], added_name: ['Ghi thêm tên', 'Name added'], identifying_mark: ['Ký tên / đánh dấu riêng', 'Signed or marked'],
  };
  // word names a choice ('for'), a mark ('agree') or a flag ('not_issued') in the screen's language.
  const word = (k) => (WORDS[k] ? tr(WORDS[k][0], WORDS[k][1]) : k);
  // The keying notation's digits and letters (daihoi.ParseKeyed) by what they stand for.
  const KEYED = {
    choice: { 1: 'for', 2: 'against', 3: 'abstain' },
    mark: { 1: 'agree', 2: 'disagree', 3: 'both', 0: 'none' },
    flag: { K: 'not_issued', T: 'added_name', D: 'identifying_mark' },
  };

  // result is the one model of a poll's result that every screen writes, read from the server's
  // figures: a motion's rows (for, against, and abstain where the poll offers it); an election's
  // candidates in ballot order with their votes, per cent of the base, rank among the elected,
  // run-off, and whether they reach the threshold (the server's needed); the elected in order.
  // share is the per cent of the base a bar is drawn to.
  function result(p) {
    const r = p.result;
    if (!r) return null;
    const base = p.base || 0;
    const share = (n) => (base ? 100 * n / base : 0);
    const m = { kind: p.kind, base, needed: p.needed, seats: p.seats, passed: !!r.passed, ballots: r.ballots || {} };
    if (p.kind !== 'election') {
      const keys = ['for', 'against'].concat(p.settings && p.settings.abstain_option ? ['abstain'] : []);
      m.rows = keys.map((k) => ({ choice: k, label: word(k), n: r[k] || 0, pct: pct(r[k] || 0, base), share: share(r[k] || 0) }));
      return m;
    }
    const names = {};
    for (const c of (p.candidates || []).concat(p.order || [])) names[c.id] = c.name;
    const name = (id) => names[id] || id;
    const votes = (id) => (r.votes || {})[id] || 0;
    const pctOf = (id) => dec((r.percent_of_base || {})[id] || '0.00');
    const rank = {};
    (r.elected || []).forEach((id, i) => { rank[id] = i + 1; });
    const runoff = new Set(r.runoff || []);
    m.rows = (r.order || []).map((id, i) => ({ id, n: i + 1, name: name(id), votes: votes(id), pct: pctOf(id), share: share(votes(id)),
      rank: rank[id] || 0, runoff: runoff.has(id), over: votes(id) >= p.needed }));
    m.elected = (r.elected || []).map((id, i) => ({ id, name: name(id), rank: i + 1, votes: votes(id), pct: pctOf(id) }));
    m.runoff = (r.runoff || []).map(name);
    m.runoffSeats = r.runoff_seats || 0;
    m.unfilled = r.unfilled || 0;
    return m;
  }

  // Formatting.
  const pad = (n) => String(n).padStart(2, '0');
  // hhmm is the local time of day of a moment (milliseconds, an ISO time or a Date) as "07:30".
  const hhmm = (t) => { const d = new Date(t); return pad(d.getHours()) + ':' + pad(d.getMinutes()); };
  // dec writes a decimal the Vietnamese way (a comma) on a Vietnamese screen.
  const dec = (s) => (lang === 'vi' ? String(s).replace('.', ',') : String(s));
  // pct is n of base in per cent with two decimals, half up, as the server computes it
  // (daihoi.PercentOf), in integers so that no rounding of floating point can differ.
  function pct(n, base) {
    if (!base) return dec('0.00');
    const hnd = Math.floor((n * 20000 + base) / (2 * base));
    return dec(Math.floor(hnd / 100) + '.' + pad(hnd % 100));
  }
  // refresh updates a screen in place, between renders: running clocks (.tick[data-since], marked
  // "warn" in the last minute of data-limit minutes and "over" past it) and each poll's turnout ([data-cast], [data-bar]).
  function refresh() {
    const now = Date.now();
    for (const el of document.querySelectorAll('.tick[data-since]')) {
      const ms = now - Date.parse(el.dataset.since);
      el.textContent = clock(Math.max(0, ms));
      const lim = parseFloat(el.dataset.limit);
      el.classList.toggle('over', lim > 0 && ms > lim * 60000);
      el.classList.toggle('warn', lim > 0 && ms > (lim - 1) * 60000 && ms <= lim * 60000); // the last minute
    }
    for (const p of state.polls || []) {
      const c = document.querySelector('[data-cast="' + p.id + '"]');
      if (c) c.textContent = String(p.cast || 0);
      const b = document.querySelector('[data-bar="' + p.id + '"]');
      if (b) b.style.width = (p.issued ? Math.min(100, 100 * (p.cast || 0) / p.issued) : 0) + '%';
    }
  }
  function clock(ms) {
    const neg = ms < 0; ms = Math.abs(ms);
    const s = Math.floor(ms / 1000);
    return (neg ? '−' : '') + (s >= 3600 ? Math.floor(s / 3600) + ':' + pad(Math.floor(s / 60) % 60) : Math.floor(s / 60)) + ':' + pad(s % 60);
  }
  const since = (t) => (t && !t.startsWith('0001') ? Date.now() - Date.parse(t) : 0);
  // fold removes Vietnamese diacritics for searching: "nguyen van an" finds "Nguyễn Văn An".
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  // raisedCard names the card delegates raise in a show of hands (rules.md, Motions): the delegate
  // card at a representative congress, the Party card at a party-member congress.
  const raisedCard = () => ((state.congress || {}).type === 'members' ? tr('thẻ đảng viên', 'Party card') : tr('thẻ đại biểu', 'delegate card'));
  // handsCount says who counts a show of hands, as every screen shows it: the presidium, which
  // announces it with no teller's confirmation, or the tellers where the poll asks them to count.
  const handsCount = (p) => (p.tellers_count_hands ? tr('Ban Kiểm phiếu kiểm đếm và xác nhận', 'Counted and confirmed by the tellers')
    : tr('Đoàn Chủ tịch kiểm đếm và công bố', 'Counted and announced by the presidium'));
  // multiDevice is the delegates signed in on more than one device (a card copied, or lent), by
  // roll number, for the presidium's and the organiser's screens; null when there are none.
  function multiDevice() {
    const roll = state.roll || [];
    const list = Object.entries(state.devices || {}).filter(([, n]) => n > 1)
      .map(([id, n]) => ({ d: roll.find((x) => x.id === id) || { id, name: id }, n }))
      .sort((a, b) => (a.d.number || 0) - (b.d.number || 0));
    if (!list.length) return null;
    return h('div', { class: 'warnbox', id: 'multi-device' },
      h('b', {}, tr('Đại biểu đăng nhập trên nhiều thiết bị', 'Delegates signed in on more than one device')),
      h('ul', {}, list.map(({ d, n }) => h('li', { 'data-delegate': d.id },
        (d.number ? tr('Số ', 'No. ') + d.number + ' · ' : '') + d.name + ' — ' + n + tr(' thiết bị', ' devices')))),
      h('div', { class: 'muted' }, tr('Nếu đại biểu không dùng hai máy, thẻ có thể đã bị sao chép: Ban tổ chức cấp lại thẻ.',
        'If the delegate does not use two devices, the card may have been copied: the organisers reissue it.')));
  }
  function currentItem() { return (state.agenda || []).find((i) => i.state === 'current') || null; }
  function currentSpeaker() { return (state.speakers || []).find((s) => s.state === 'speaking') || null; }

  return { tr, h, $, api, request, APIError, errText, toast, confirmDialog, state, start, header, rerender, setLang, part, act, noteCast,
    lang: () => lang, clock, since, fold, currentItem, multiDevice, currentSpeaker, logout, pad, hhmm, dec, pct, refresh, word, KEYED, result, raisedCard, handsCount };
})();
