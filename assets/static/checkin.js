// daihoi — the door's check-in desk (bàn đón tiếp): a scanner types the code on a delegate's card
// (or the whole sign-in link) into #scan and presses Enter; a name search finds a delegate without
// a card and marks them present or absent. The counters at the top are live.
'use strict';

(() => {
  const { tr, h, api } = DH;
  const ui = { built: false, lang: null, recent: [], result: null, filter: 'all', busy: false };

  const presenceWords = (p) => ({
    present: tr('Có mặt', 'Present'),
    absent_reason: tr('Vắng có lý do', 'Absent with reason'),
    absent_noreason: tr('Vắng không lý do', 'Absent without reason'),
  })[p] || tr('Chưa đến', 'Not arrived');
  const presencePill = (p) => ({ present: 'ok', absent_reason: 'warn', absent_noreason: 'bad' })[p] || '';
  const categoryWords = (d) => ({
    official: tr('Đại biểu chính thức', 'Official delegate'),
    ex_officio: tr('Đại biểu đương nhiên', 'Ex-officio delegate'),
    alternate: tr('Đại biểu dự khuyết', 'Alternate delegate'),
    guest: tr('Khách mời', 'Guest'),
  })[d.category] || '';

  function byID(id) { return (DH.state.roll || []).find((d) => d.id === id); }

  // A code the scanner typed: the bare code or a sign-in link; a name never looks like this.
  const looksLikeCode = (s) => /\/d\/[0-9a-z]+/i.test(s) || /^[0-9a-hjkmnp-tv-z]{16,32}$/i.test(s.trim());

  // A short tone: the door is noisy and the desk looks at the person, not the screen.
  let audio = null;
  function beep(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = ok ? 880 : 220; g.gain.value = 0.08;
      o.connect(g); g.connect(audio.destination); o.start(); o.stop(audio.currentTime + (ok ? 0.12 : 0.4));
    } catch (_) { /* no sound: fine */ }
  }

  // --- the scan
  async function scan(code) {
    code = code.trim();
    if (!code) return;
    const before = (DH.state.roll || []).map((d) => [d.id, d.presence]);
    try {
      const d = await api('POST', '/api/checkin', { code });
      const was = (before.find(([id]) => id === d.id) || [])[1];
      ui.result = { ok: true, d, again: was === 'present' };
      ui.recent = [{ d, at: new Date() }, ...ui.recent.filter((x) => x.d.id !== d.id)].slice(0, 8);
      beep(true);
    } catch (e) {
      // The server's words are for a delegate ("ask at the check-in desk"); the desk needs its own.
      const text = e.status === 404 ? tr('Không có đại biểu nào mang mã thẻ này.', 'No delegate has this card code.') : DH.errText(e);
      ui.result = { ok: false, text, code };
      beep(false);
    }
    renderResult();
    renderRecent();
  }

  function renderResult() {
    const box = DH.$('#scan-result');
    if (!box) return;
    const r = ui.result;
    if (!r) {
      box.className = 'scan-result idle';
      box.replaceChildren(h('p', {}, tr('Đưa mã QR trên thẻ đại biểu vào máy quét.', 'Hold the QR code of the delegate card to the scanner.')));
      return;
    }
    if (!r.ok) {
      box.className = 'scan-result bad';
      box.replaceChildren(
        h('div', { class: 'res-head' }, '✗ ' + tr('Không điểm danh được', 'Not checked in')),
        h('div', { class: 'res-msg', id: 'scan-error' }, r.text),
        h('div', { class: 'res-code' }, tr('Mã đã quét: ', 'Scanned: ') + r.code),
        h('div', { class: 'res-hint' }, tr('Hãy quét lại, hoặc tìm đại biểu theo tên ở bên phải.', 'Scan again, or find the delegate by name on the right.')));
      return;
    }
    const d = byID(r.d.id) || r.d;
    box.className = 'scan-result ok';
    box.replaceChildren(
      h('div', { class: 'res-head' }, '✓ ' + (r.again ? tr('Đã điểm danh từ trước', 'Already checked in') : tr('Đã điểm danh: có mặt', 'Checked in: present'))),
      h('div', { class: 'res-num' }, tr('Số ', 'No. ') + d.number),
      h('div', { class: 'res-name', id: 'scan-name' }, d.name),
      h('div', { class: 'res-unit' }, d.unit),
      h('div', { class: 'res-cat' }, categoryWords(d), d.replaces ? ' — ' + tr('thay thế đồng chí ', 'replaces ') + ((byID(d.replaces) || {}).name || '') : ''));
  }

  function renderRecent() {
    const ol = DH.$('#recent');
    if (!ol) return;
    ol.replaceChildren(...(ui.recent.length ? ui.recent.map((x) => h('li', {},
      h('span', { class: 'rc-num' }, x.d.number), ' ', h('b', {}, x.d.name), ' ', h('span', { class: 'muted' }, x.d.unit),
      h('span', { class: 'rc-time' }, x.at.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' }))))
      : [h('li', { class: 'muted empty' }, tr('Chưa có ai.', 'Nobody yet.'))]));
  }

  // --- presence by name
  async function setPresence(d, presence, reason) {
    try {
      await api('POST', '/api/delegates/' + d.id + '/presence', { presence, reason: reason || '' });
      DH.toast(d.name + ': ' + presenceWords(presence), 'ok');
      if (presence === 'present') {
        ui.recent = [{ d, at: new Date() }, ...ui.recent.filter((x) => x.d.id !== d.id)].slice(0, 8);
        ui.result = { ok: true, d, again: false };
      } else ui.result = null;
      renderResult(); renderRecent();
    } catch (e) { DH.toast(DH.errText(e), 'error'); }
  }

  // askReason asks why a delegate is absent; resolves to the reason or null.
  function askReason(d) {
    return new Promise((resolve) => {
      const input = h('input', { id: 'reason', type: 'text', maxlength: 300, placeholder: tr('Lý do vắng mặt', 'Reason for the absence'),
        oninput: () => { err.textContent = ''; } });
      const err = h('p', { class: 'error', role: 'alert' });
      const close = (v) => { box.remove(); resolve(v); };
      const save = () => {
        const v = input.value.trim();
        if (!v) { err.textContent = tr('Hãy ghi lý do.', 'Please give the reason.'); input.focus(); return; }
        close(v);
      };
      const chip = (t) => h('button', { class: 'btn small chip', type: 'button', onclick: () => { input.value = t; input.focus(); } }, t);
      const box = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true' },
        h('form', { class: 'modal-box', onsubmit: (e) => { e.preventDefault(); save(); } },
          h('p', { class: 'modal-q' }, tr('Vắng mặt có lý do: ', 'Absent with reason: ') + d.name + ' (' + tr('số ', 'no. ') + d.number + ')'),
          h('label', { class: 'reason-label' }, tr('Lý do', 'Reason'), input),
          h('div', { class: 'chips' }, chip('Ốm'), chip('Đi công tác'), chip('Việc gia đình đột xuất')),
          err,
          h('div', { class: 'modal-actions' },
            h('button', { class: 'btn', type: 'button', onclick: () => close(null), 'data-test': 'reason-cancel' }, tr('Hủy', 'Cancel')),
            h('button', { class: 'btn primary', type: 'submit', id: 'reason-save' }, tr('Ghi nhận vắng có lý do', 'Record absence with reason')))));
      box.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(null); });
      document.body.append(box);
      input.focus();
    });
  }

  async function absentWithReason(d) {
    const reason = await askReason(d);
    if (reason) await setPresence(d, 'absent_reason', reason);
  }
  async function absentNoReason(d) {
    const ok = await DH.confirmDialog(tr('Ghi nhận đồng chí ' + d.name + ' (số ' + d.number + ') vắng mặt KHÔNG có lý do?',
      'Record ' + d.name + ' (no. ' + d.number + ') as absent WITHOUT reason?'), tr('Vắng không lý do', 'Absent without reason'));
    if (ok) await setPresence(d, 'absent_noreason');
  }
  async function reset(d) {
    const ok = await DH.confirmDialog(tr('Đặt lại đồng chí ' + d.name + ' về "chưa đến"?', 'Set ' + d.name + ' back to "not arrived"?'), tr('Đặt lại', 'Reset'));
    if (ok) await setPresence(d, '');
  }

  // match scores a person against the folded query: lower is better, null is no match.
  function match(d, q, words) {
    if (/^\d+$/.test(q)) return String(d.number) === q ? 0 : (String(d.number).startsWith(q) ? 2 : null);
    const name = DH.fold(d.name);
    if (name === q) return 0;
    if (name.includes(q)) return 1;
    const hay = (name + ' ' + DH.fold(d.unit || '')).split(/\s+/);
    return words.every((w) => hay.some((x) => x.startsWith(w))) ? 3 : null;
  }

  function renderResults() {
    const box = DH.$('#search-results');
    if (!box) return;
    const q = DH.fold((DH.$('#search') || {}).value || '').trim().replace(/\s+/g, ' ');
    const words = q.split(' ').filter(Boolean);
    const roll = DH.state.roll || [];
    const want = ui.filter;
    let list = roll.filter((d) => want === 'all' || (want === 'absent' ? (d.presence || '').startsWith('absent') : (d.presence || '') === want));
    if (q) list = list.map((d) => [match(d, q, words), d]).filter(([s]) => s !== null).sort((a, b) => a[0] - b[0] || a[1].number - b[1].number).map(([, d]) => d);
    else if (want === 'all') {
      box.replaceChildren(h('p', { class: 'muted hint' }, tr('Gõ họ tên (có dấu hay không dấu đều được), số thẻ hoặc đơn vị.',
        'Type a name (with or without diacritics), a card number or a unit.')));
      return;
    }
    const total = list.length;
    list = list.slice(0, 40);
    if (!total) { box.replaceChildren(h('p', { class: 'muted hint', id: 'no-match' }, tr('Không tìm thấy ai.', 'Nobody found.'))); return; }
    box.replaceChildren(...[
      h('ul', { class: 'people' }, list.map((d) => {
        const p = d.presence || '';
        return h('li', { class: 'person', 'data-id': d.id },
          h('div', { class: 'p-main' },
            h('span', { class: 'p-num' }, d.number),
            h('div', {},
              h('div', { class: 'p-name' }, d.name),
              h('div', { class: 'p-unit muted' }, d.unit, d.category !== 'official' ? ' · ' + categoryWords(d) : ''),
              h('div', {}, h('span', { class: 'pill ' + presencePill(p) }, presenceWords(p)), d.reason ? h('div', { class: 'p-reason muted' }, d.reason) : null))),
          h('div', { class: 'p-actions' },
            p !== 'present' ? h('button', { class: 'btn ok', 'data-act': 'present', onclick: () => setPresence(d, 'present') }, tr('Có mặt', 'Present')) : null,
            p !== 'absent_reason' ? h('button', { class: 'btn', 'data-act': 'absent_reason', onclick: () => absentWithReason(d) }, tr('Vắng có lý do', 'Absent, reason')) : null,
            p !== 'absent_noreason' ? h('button', { class: 'btn', 'data-act': 'absent_noreason', onclick: () => absentNoReason(d) }, tr('Vắng không lý do', 'Absent, no reason')) : null,
            p !== '' ? h('button', { class: 'btn small', 'data-act': 'reset', onclick: () => reset(d) }, tr('Chưa đến', 'Not arrived')) : null));
      })),
      total > list.length ? h('p', { class: 'muted hint' }, tr('Còn ' + (total - list.length) + ' người nữa: gõ thêm để thu hẹp.', (total - list.length) + ' more: type more to narrow.')) : null,
    ].filter(Boolean));
  }

  function renderCounters(st) {
    const a = st.attendance || {};
    const box = DH.$('#counters');
    if (!box) return;
    const quorum = a.quorum;
    box.replaceChildren(
      h('div', { class: 'tile main ' + (quorum ? 'ok' : 'bad'), id: 'present-count' },
        h('div', { class: 't-label' }, tr('Có mặt / tổng số', 'Present / base')),
        h('div', { class: 't-big' }, a.present + '/' + a.base),
        h('div', { class: 't-quorum' }, quorum ? tr('Đủ', 'Quorum') : tr('Chưa đủ', 'No quorum'),
          ' — ' + tr('cần ', 'needs ') + a.quorum_needed + ' (' + quorumShare(st) + ')')),
      tile('not-arrived', tr('Chưa đến', 'Not arrived'), a.not_arrived),
      tile('absent-reason', tr('Vắng có lý do', 'Absent, reason'), countPresence(st, 'absent_reason')),
      tile('absent-noreason', tr('Vắng không lý do', 'Absent, no reason'), countPresence(st, 'absent_noreason')),
      tile('present-all', tr('Tất cả ở hội trường', 'Everyone in the hall'), a.present_all, tr('kể cả dự khuyết, khách mời', 'with alternates, guests')));
  }
  const tile = (id, label, n, sub) => h('div', { class: 'tile', id }, h('div', { class: 't-label' }, label), h('div', { class: 't-num' }, n), sub ? h('div', { class: 't-sub muted' }, sub) : null);
  const countPresence = (st, p) => (st.roll || []).filter((d) => (d.presence || '') === p && d.category !== 'guest').length;
  function quorumShare(st) {
    const s = (st.settings || []).find((x) => x.name === 'quorum');
    return s ? s.value : '2/3';
  }

  function build() {
    const scanInput = h('input', { id: 'scan', type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
      placeholder: tr('Quét thẻ tại đây', 'Scan here'), 'aria-label': tr('Mã thẻ', 'Card code') });
    const form = h('form', { class: 'scan-form', onsubmit: (e) => {
      e.preventDefault();
      const v = scanInput.value; scanInput.value = ''; scanInput.focus();
      scan(v);
    } }, scanInput, h('button', { class: 'btn primary big-btn', type: 'submit' }, tr('Điểm danh', 'Check in')));
    const scanHint = h('p', { class: 'muted scan-hint' }, tr('Máy quét gõ mã thẻ (hoặc cả đường dẫn trên thẻ) và Enter. Cũng có thể gõ mã bằng tay.',
      'The scanner types the card code (or the whole link on the card) and Enter. The code may also be typed by hand.'));
    const search = h('input', { id: 'search', type: 'search', autocomplete: 'off', spellcheck: 'false',
      placeholder: tr('Tìm theo họ tên, số thẻ, đơn vị…', 'Search by name, number, unit…'), 'aria-label': tr('Tìm đại biểu', 'Find a delegate'),
      oninput: renderResults,
      onkeydown: (e) => {
        // A scanner may type into the search box: a card code there checks in as a scan would.
        if (e.key === 'Enter' && looksLikeCode(search.value)) { e.preventDefault(); const v = search.value; search.value = ''; renderResults(); scanInput.focus(); scan(v); }
      } });
    const filter = (key, label) => h('button', { class: 'btn small filter' + (ui.filter === key ? ' on' : ''), type: 'button', 'data-filter': key,
      onclick: () => { ui.filter = key; document.querySelectorAll('.filter').forEach((b) => b.classList.toggle('on', b.dataset.filter === key)); renderResults(); } }, label);
    const root = DH.$('#app');
    const keep = ui.built ? { scan: DH.$('#scan').value, search: DH.$('#search').value } : null;
    root.replaceChildren(
      DH.header(tr('Bàn đón tiếp đại biểu', 'Check-in desk')),
      h('main', { class: 'ci' },
        h('section', { id: 'counters', class: 'counters', 'aria-live': 'polite' }),
        h('div', { class: 'ci-grid' },
          h('section', { class: 'card scan-card' },
            h('h2', {}, tr('Quét thẻ đại biểu', 'Scan a delegate card')),
            form, scanHint,
            h('div', { id: 'scan-result', class: 'scan-result idle', 'aria-live': 'assertive' }),
            h('h3', {}, tr('Vừa điểm danh tại bàn này', 'Just checked in at this desk')),
            h('ol', { id: 'recent', class: 'recent' })),
          h('section', { class: 'card find-card' },
            h('h2', {}, tr('Tìm đại biểu theo tên', 'Find a delegate by name')),
            search,
            h('div', { class: 'filters' },
              filter('all', tr('Tất cả', 'All')), filter('', tr('Chưa đến', 'Not arrived')),
              filter('present', tr('Có mặt', 'Present')), filter('absent', tr('Vắng mặt', 'Absent'))),
            h('div', { id: 'search-results' }))),
        h('p', { class: 'links no-print' },
          h('a', { class: 'btn', href: '/print/credentials', target: '_blank', id: 'credentials-link' }, tr('Báo cáo thẩm tra tư cách đại biểu (in A4)', 'Credential report (print A4)')))));
    if (keep) { scanInput.value = keep.scan; search.value = keep.search; }
    ui.built = true; ui.lang = DH.lang();
    renderResult(); renderRecent();
    scanInput.focus();
  }

  function render(st) {
    if (!st.ready) return;
    if (!ui.built || ui.lang !== DH.lang()) build();
    else {
      const hdr = DH.$('header.top');
      if (hdr) hdr.replaceWith(DH.header(tr('Bàn đón tiếp đại biểu', 'Check-in desk')));
    }
    renderCounters(st);
    renderResults();
    if (ui.result && ui.result.ok) renderResult(); // the name and unit follow the roll
  }

  // Keys typed while nothing has the focus go to the scan box: a scanner is a keyboard.
  document.addEventListener('keydown', (e) => {
    const a = document.activeElement;
    if (!ui.built || (a && a !== document.body) || e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1) return;
    if (DH.$('.modal')) return;
    DH.$('#scan').focus();
  });

  DH.start({ roles: ['checkin', 'organiser', 'presidium', 'secretariat'], title: () => tr('Bàn đón tiếp đại biểu', 'Check-in desk'), render });
})();
