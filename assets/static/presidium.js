// daihoi — the presidium's console (Đoàn Chủ tịch): the agenda and its timer, the speakers, the
// attendance, the delegates' questions and the votes, on one laptop screen.
//
// The screen is rebuilt part by part: each part has a signature of what it shows, and is rebuilt
// only when that changes, so a button is not replaced under a pointer and a field keeps what is
// typed. Clocks and turnout figures are updated in place (live()).
'use strict';

(() => {
  const { tr, h, api, state, part, act } = DH;

  // Local state of the screen: what is selected or unfolded, and what is typed in each field.
  const ui = {
    selected: null, // agenda item whose actions are shown
    insertAfter: null, // agenda item after which a new item is being typed
    newPoll: null, // 'motion' | 'election' while a creation form is open
    picked: [], // candidates chosen from the roll for a new election
    val: {}, // field id → typed value
    voters: {}, // poll id → {list, loading} when the list of who has not voted is shown
    tablets: null, // who present has no tablet signed in (GET /api/tablets), while the list is shown
    named: {}, // poll id → list of who chose what (open, named motions after close)
    expand: {}, // poll id → whether its candidate list is unfolded
    scrollTo: null, // poll id to bring into view once it is drawn (a new draft, a new round)
    shownCurrent: null, // the agenda item last brought into view
    minute: null, // the minute of the clock the likely times were last worked out for
  };

  // --- small helpers
  const { pad, hhmm, dec, pct } = DH;
  const started = (t) => t && !t.startsWith('0001');

  function field(id, attrs, def) {
    const v = ui.val[id] !== undefined ? ui.val[id] : (def === undefined ? '' : def);
    const tag = (attrs && attrs.tag) || 'input';
    const a = Object.assign({ id }, attrs || {});
    delete a.tag;
    delete a.live;
    const e = h(tag, a);
    if (a.type === 'checkbox') {
      e.checked = !!v;
      e.addEventListener('change', () => { ui.val[id] = e.checked; DH.rerender(); });
    } else {
      e.value = v;
      e.addEventListener('input', () => { ui.val[id] = e.value; if (attrs && attrs.live) attrs.live(); });
      e.addEventListener('change', () => { ui.val[id] = e.value; });
    }
    return e;
  }
  const valOf = (id, def) => (ui.val[id] !== undefined ? ui.val[id] : def);

  async function confirmed(question, yes, fn, okText) {
    if (!(await DH.confirmDialog(question, yes))) return false;
    return act(fn, okText);
  }


  // --- words
  const sessionName = (s) => (s === 'preparatory' ? tr('Phiên trù bị', 'Preparatory session') : tr('Phiên chính thức', 'Official session'));
  const modeName = (m) => ({
    hands: tr('Giơ tay (giơ ', 'Show of hands (') + DH.raisedCard() + ')',
    named: tr('Công khai trên máy tính bảng', 'Open, on tablets (named)'),
    secret: tr('Bỏ phiếu kín', 'Secret ballot'),
  }[m] || m);
  const pollStateName = (p) => ({
    draft: tr('Dự thảo — chưa mở', 'Draft — not opened'),
    open: p.kind === 'motion' ? tr('Đang biểu quyết', 'Voting') : tr('Đang bỏ phiếu', 'Voting'),
    closed: p.mode === 'hands' && !p.tellers_count_hands ? tr('Đã kết thúc — chờ nhập kết quả', 'Closed — counts to enter')
      : tr('Đã kết thúc — chờ Ban kiểm phiếu xác nhận', 'Closed — waiting for the tellers to confirm'),
    counted: tr('Đã kiểm phiếu — chờ công bố', 'Counted — ready to publish'),
    published: tr('Đã công bố', 'Published'),
  }[p.state] || p.state);
  const speakerStateName = (s) => ({
    requested: tr('Chờ duyệt', 'Requested'), approved: tr('Đã duyệt', 'Approved'),
    speaking: tr('Đang phát biểu', 'Speaking'), spoke: tr('Đã phát biểu', 'Spoken'), withdrawn: tr('Đã rút', 'Withdrawn'),
  }[s] || s);

  // --- agenda logic (as the server's Agenda.Next decides)
  function nextPending() {
    const a = state.agenda || [];
    const c = a.findIndex((i) => i.state === 'current');
    for (let i = c + 1; i < a.length; i++) if (a[i].state === 'pending') return a[i];
    for (let i = 0; i <= c && i < a.length; i++) if (a[i].state === 'pending') return a[i];
    return null;
  }
  function plannedAfter(it) {
    const at = printedMinute(it);
    if (at === null) return '';
    const t = at + (it.minutes || 0);
    return pad(Math.floor(t / 60) % 24) + ':' + pad(t % 60);
  }
  const minutesOf = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 60000);

  // printedMinute is an item's printed time in minutes after midnight, or null.
  function printedMinute(it) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(it.planned_start || '');
    return m ? (+m[1]) * 60 + (+m[2]) : null;
  }
  // dayOf is the moment of a minute of the day, on the day of the moment near.
  function dayOf(minute, near) {
    const d = new Date(near);
    d.setHours(Math.floor(minute / 60), minute % 60, 0, 0);
    let t = d.getTime();
    while (t - near > 12 * 3600000) t -= 24 * 3600000; // the nearest such moment: across midnight too
    while (near - t > 12 * 3600000) t += 24 * 3600000;
    return t;
  }

  // When the items to come would likely start: the item running ends when its planned time is up
  // (now, if it is over it), and each item after it follows at its planned length, except that an
  // item printed after a break in the programme (its printed time later than the end of the item
  // printed before it: lunch, a new session) does not start before its printed time. Items left
  // behind the one running (the presidium went ahead of them) have no likely time. Only while the
  // day is under way (an item started in the last 18 hours); null before.
  function projected(a, now) {
    if (!a.some((it) => started(it.started_at) && now - Date.parse(it.started_at) < 18 * 3600000)) return null;
    const c = a.findIndex((it) => it.state === 'current');
    let t = c >= 0 ? Math.max(now, Date.parse(a[c].started_at) + (a[c].minutes || 0) * 60000) : now;
    const out = {};
    for (let i = c + 1; i < a.length; i++) {
      const it = a[i];
      if (it.state !== 'pending') continue;
      const at = printedMinute(it);
      const before = i > 0 ? printedMinute(a[i - 1]) : null;
      if (at !== null && before !== null && at > before + (a[i - 1].minutes || 0)) t = Math.max(t, dayOf(at, t));
      out[it.id] = t;
      t += (it.minutes || 0) * 60000;
    }
    return out;
  }
  // behind is how many minutes after its printed time an item would likely start (negative: before
  // it); null without a printed time or a projection.
  function behind(it, proj) {
    const at = printedMinute(it);
    if (at === null || !proj || proj[it.id] === undefined) return null;
    return Math.round((proj[it.id] - dayOf(at, proj[it.id])) / 60000);
  }
  const span = (min) => (min >= 60 ? Math.floor(min / 60) + tr(' giờ ', ' h ') + pad(min % 60) + '′' : min + '′');
  // A gap under five minutes is the programme kept; one of more than three hours is no drift but a
  // day run at other times than the print's (a rehearsal, a programme printed without its real
  // times): nothing is shown then.
  const minDrift = 5, maxDrift = 180;
  const drifted = (off) => off !== null && Math.abs(off) >= minDrift && Math.abs(off) <= maxDrift;

  // showDrift writes, in place, how far the day has drifted from the programme: the line over the
  // agenda and each item to come's likely start under its printed time. It runs after each render
  // and once a minute, and rebuilds nothing: a presidium member typing in the agenda or about to
  // click one of its buttons is not disturbed.
  function showDrift() {
    const a = state.agenda || [];
    const proj = projected(a, Date.now());
    const next = nextPending();
    const late = next ? behind(next, proj) : null;
    const line = els.drift;
    line.hidden = !drifted(late);
    if (!line.hidden) {
      line.className = late > 0 ? 'late' : 'early';
      line.textContent = late > 0 ? tr('Chậm ' + span(late) + ' so với chương trình', span(late) + ' behind the programme')
        : tr('Sớm ' + span(-late) + ' so với chương trình', span(-late) + ' ahead of the programme');
    }
    const byId = {};
    for (const it of a) byId[it.id] = it;
    for (const el of els.agenda.querySelectorAll('.ag-proj')) {
      const it = byId[el.dataset.item];
      const off = it ? behind(it, proj) : null;
      const show = drifted(off);
      el.hidden = !show;
      el.className = 'ag-proj' + (show ? (off > 0 ? ' late' : ' early') : '');
      el.textContent = show ? '≈ ' + hhmm(proj[it.id]) : '';
      el.title = !show ? '' : off > 0 ? tr('Dự kiến bắt đầu muộn ' + span(off), 'Likely to start ' + span(off) + ' late')
        : tr('Dự kiến bắt đầu sớm ' + span(-off), 'Likely to start ' + span(-off) + ' early');
    }
  }

  // ---------------------------------------------------------------- skeleton
  let els = null;
  function skeleton() {
    const app = document.getElementById('app');
    els = {
      head: h('div'),
      now: h('section', { class: 'nowbar', 'aria-label': 'now' }),
      agendaHead: h('div', { class: 'col-head' }),
      drift: h('div', { id: 'agenda-drift', hidden: true }),
      agenda: h('div', { id: 'agenda' }),
      speakerNow: h('div', { id: 'speaker-now' }),
      speakers: h('div', { id: 'speakers' }),
      questions: h('div', { id: 'questions' }),
      devices: h('div', { id: 'devices' }),
      backup: h('div', { id: 'backup' }),
      pollsHead: h('div', { class: 'col-head' }),
      pollForms: h('div', { id: 'poll-forms' }),
      polls: h('div', { id: 'polls' }),
    };
    app.replaceChildren(els.head, h('main', { class: 'console' },
      els.backup,
      els.now,
      h('div', { class: 'cols' },
        h('section', { class: 'col col-agenda' }, els.agendaHead, els.drift, els.agenda),
        h('section', { class: 'col col-floor' }, els.speakerNow, els.devices, els.speakers, els.questions),
        h('section', { class: 'col col-polls' }, els.pollsHead, els.pollForms, els.polls))));
  }

  // ---------------------------------------------------------------- the bar of the moment
  function renderNow() {
    const cur = DH.currentItem();
    const next = nextPending();
    const a = state.attendance || {};
    const sig = JSON.stringify([cur && [cur.id, cur.title, cur.started_at, cur.minutes, cur.session], next && [next.id, next.title],
      (state.agenda || []).findIndex((i) => i.state === 'current'), a]);
    part(els.now, sig, () => [
      h('div', { class: 'now-item' + (cur ? '' : ' idle') },
        h('div', { class: 'now-label' }, cur ? tr('Đang diễn ra', 'Now') + ' · ' + sessionName(cur.session) : tr('Chưa bắt đầu mục nào', 'No item is open')),
        h('div', { id: 'current-item', class: 'now-title', title: cur ? cur.title : '' }, cur ? cur.title : '—'),
        cur ? h('div', { class: 'now-timer' },
          h('span', { class: 'tick big', 'data-since': cur.started_at, 'data-limit': cur.minutes || '' }),
          h('span', { class: 'muted' }, ' / ' + tr('dự kiến ', 'planned ') + (cur.minutes || 0) + tr(' phút', ' min')),
          h('span', { class: 'over-note', 'data-over-for': cur.started_at, 'data-limit': cur.minutes || '' })) : null),
      h('div', { class: 'now-actions' },
        h('button', { class: 'btn', id: 'back-item', disabled: !cur || (state.agenda || []).indexOf(cur) <= 0, onclick: backItem, title: tr('Quay lại mục trước', 'Back to the item before') }, '◀ ' + tr('Quay lại', 'Back')),
        h('button', { class: 'btn primary big-btn', id: 'next-item', disabled: !next, onclick: nextItem },
          h('span', {}, tr('Mở mục tiếp theo', 'Open next item') + ' ▶'),
          h('small', { class: 'next-title' }, next ? next.title : tr('Đã hết chương trình', 'End of the agenda'))),
        h('button', { class: 'btn ok', id: 'done-item', disabled: !cur, onclick: () => cur && doneItem(cur) }, '✓ ' + tr('Xong mục này', 'Item done'))),
      attendanceBox(a),
    ]);
  }

  function attendanceBox(a) {
    const ok = !!a.quorum;
    return h('div', { id: 'attendance', class: 'att ' + (ok ? 'ok' : 'bad') },
      h('div', { class: 'att-fig' }, (a.present || 0) + '/' + (a.base || 0)),
      h('div', { class: 'att-words' },
        h('div', {}, tr('có mặt / tổng số được triệu tập', 'present / base')),
        h('div', {}, tr('Cần ', 'Quorum needs ') + (a.quorum_needed || 0) + tr(' để đủ túc số', ' present')),
        h('div', { class: 'att-verdict' }, ok ? tr('Đủ túc số', 'Quorum reached') : tr('Chưa đủ túc số', 'No quorum yet')),
        a.base_vi ? h('div', { class: 'att-base', id: 'att-base' }, tr('Tổng số: ', 'Base: ') + tr(a.base_vi, a.base_en)) : null));
  }

  // leftBehind says what holds the item id when the presidium leaves it, as the server decides it
  // (State.LeaveItem): a vote still open refuses, with the reason; votes never held and speakers
  // waiting are asked about, by name. It returns { refuse }, { ask } or null.
  function leftBehind(id) {
    const it = (state.agenda || []).find((x) => x.id === id);
    if (!it) return null;
    const polls = (state.polls || []).filter((p) => p.agenda_item === id);
    const open = polls.find((p) => p.state === 'open');
    if (open) {
      const what = open.kind === 'motion' ? 'biểu quyết' : 'bỏ phiếu';
      return { refuse: tr('Mục «' + it.title + '» đang ' + what + ' «' + open.title + '»: hãy kết thúc ' + what + ' trước khi rời mục.',
        'The item «' + it.title + '» has the vote «' + open.title + '» open: close the vote before leaving the item.') };
    }
    const drafts = polls.filter((p) => p.state === 'draft');
    const waiting = (state.speakers || []).filter((s) => s.item === id && (s.state === 'requested' || s.state === 'approved'))
      .sort((x, y) => x.position - y.position);
    if (!drafts.length && !waiting.length) return null;
    const vi = drafts.map((p) => 'biểu quyết chưa tiến hành «' + p.title + '»');
    const en = drafts.map((p) => 'the vote «' + p.title + '» never held');
    if (waiting.length) {
      const names = waiting.map((s) => s.name).join(', ');
      vi.push(waiting.length + ' đại biểu chờ phát biểu (' + names + ')');
      en.push(waiting.length + (waiting.length === 1 ? ' speaker' : ' speakers') + ' waiting (' + names + ')');
    }
    return { ask: tr('Mục «' + it.title + '» còn ' + vi.join('; ') + '. Vẫn rời mục?', 'The item «' + it.title + '» still has ' + en.join('; ') + '. Leave it anyway?') };
  }

  // leave moves away from the item id (on, back, to another, done, skipped): refused with the reason
  // while its vote is open; otherwise what it leaves behind and the move's own question (null for
  // none) are asked once; send(confirm) then tells the server, which checks the same.
  async function leave(id, question, yes, send) {
    const held = id ? leftBehind(id) : null;
    if (held && held.refuse) { DH.toast(held.refuse, 'error'); return false; }
    const q = [held && held.ask, question].filter(Boolean).join('\n');
    if (q && !(await DH.confirmDialog(q, held ? tr('Vẫn rời mục', 'Leave anyway') : yes))) return false;
    return act(() => send(!!held));
  }

  async function nextItem() {
    const next = nextPending();
    if (!next) return;
    const cur = DH.currentItem();
    await leave(cur && cur.id, null, null, (confirm) => api('POST', '/api/agenda/next', confirm ? { confirm } : undefined));
  }
  async function backItem() {
    const a = state.agenda || [];
    const c = a.findIndex((i) => i.state === 'current');
    if (c <= 0) return;
    await leave(a[c].id, tr('Quay lại mục «' + a[c - 1].title + '»? Mục đang diễn ra sẽ trở lại chưa thực hiện.',
      'Go back to «' + a[c - 1].title + '»? The item under way becomes pending again.'), tr('Quay lại', 'Go back'),
    (confirm) => api('POST', '/api/agenda/back', confirm ? { confirm } : undefined));
  }
  function doneItem(it) {
    return leave(it.id, tr('Đánh dấu «' + it.title + '» là đã xong?', 'Mark «' + it.title + '» as done?'), tr('Đã xong', 'Done'),
      (confirm) => api('POST', '/api/agenda/' + encodeURIComponent(it.id) + '/done', confirm ? { confirm } : undefined));
  }

  // ---------------------------------------------------------------- agenda
  function renderAgenda() {
    const a = state.agenda || [];
    part(els.agendaHead, 'x', () => [
      h('h2', {}, tr('Chương trình Đại hội', 'Agenda')),
      h('a', { class: 'btn small', href: '/print/agenda?lang=' + DH.lang(), target: '_blank', id: 'print-agenda' }, tr('In nhật ký', 'Print log')),
    ]);
    const sig = JSON.stringify([a, ui.selected, ui.insertAfter]);
    part(els.agenda, sig, () => {
      const out = [];
      let ses = null;
      a.forEach((it, i) => {
        if (it.session !== ses) {
          ses = it.session;
          const first = a.find((x) => x.session === ses);
          out.push(h('h3', { class: 'ag-session' }, sessionName(ses), first && first.planned_start ? h('span', { class: 'muted' }, ' · ' + first.planned_start) : null));
        }
        out.push(agendaRow(it, i, a));
        if (ui.selected === it.id) out.push(agendaActions(it, i, a));
        if (ui.insertAfter === it.id) out.push(insertForm(it));
      });
      return out;
    });
    showDrift();
    // Keep the item under way in sight when it changes.
    const cur = DH.currentItem();
    if (cur && ui.shownCurrent !== cur.id) {
      ui.shownCurrent = cur.id;
      const row = els.agenda.querySelector('[data-item="' + cur.id + '"]');
      if (row) row.scrollIntoView({ block: 'nearest' });
    }
  }

  function agendaRow(it, i, a) {
    let dur;
    if (it.state === 'current') {
      dur = h('span', { class: 'ag-dur' }, h('span', { class: 'tick', 'data-since': it.started_at, 'data-limit': it.minutes || '' }), ' / ' + it.minutes + '′');
    } else if (it.state === 'done' && started(it.started_at) && started(it.ended_at)) {
      const m = minutesOf(it.started_at, it.ended_at);
      dur = h('span', { class: 'ag-dur' + (m > it.minutes ? ' over' : '') }, m + '′ / ' + it.minutes + '′');
    } else if (it.state === 'skipped') {
      dur = h('span', { class: 'ag-dur muted' }, tr('bỏ qua', 'skipped'));
    } else {
      dur = h('span', { class: 'ag-dur muted' }, it.minutes + '′');
    }
    const mark = { current: '▶', done: '✓', skipped: '»', pending: '' }[it.state] || '';
    return h('div', {
      class: 'ag-row ' + it.state + (ui.selected === it.id ? ' sel' : ''), 'data-item': it.id, role: 'button', tabindex: '0',
      title: tr('Bấm để chọn mục này', 'Click to choose this item'),
      onclick: () => { ui.selected = ui.selected === it.id ? null : it.id; ui.insertAfter = null; DH.rerender(); },
      onkeydown: (e) => { if (e.key === 'Enter') e.currentTarget.click(); },
    },
    h('span', { class: 'ag-mark' }, mark),
    h('span', { class: 'ag-time' }, it.planned_start || '', it.state === 'pending' ? h('span', { class: 'ag-proj', 'data-item': it.id, hidden: true }) : null),
    h('span', { class: 'ag-title' }, it.title),
    dur);
  }

  function agendaActions(it, i, a) {
    const prev = (() => { for (let j = i - 1; j >= 0; j--) if (a[j].session === it.session) return j; return -1; })();
    const next = (() => { for (let j = i + 1; j < a.length; j++) if (a[j].session === it.session) return j; return -1; })();
    const move = (to) => act(() => api('POST', '/api/agenda/move', { item: it.id, to }));
    const cur = DH.currentItem();
    return h('div', { class: 'ag-actions' },
      it.state !== 'current' ? h('button', { class: 'btn small primary', 'data-act': 'open', onclick: () => leave(cur && cur.id,
        cur ? tr('Mở mục «' + it.title + '»? Mục «' + cur.title + '» sẽ được đánh dấu đã xong.', 'Open «' + it.title + '»? «' + cur.title + '» will be marked done.')
          : tr('Mở mục «' + it.title + '»?', 'Open «' + it.title + '»?'),
        tr('Mở mục này', 'Open it'), async (confirm) => { await api('POST', '/api/agenda/open', { item: it.id, confirm }); ui.selected = null; }) }, '▶ ' + tr('Mở mục này', 'Open this item')) : null,
      h('button', { class: 'btn small', disabled: prev < 0, onclick: () => move(prev), title: tr('Đưa lên', 'Move up') }, '▲'),
      h('button', { class: 'btn small', disabled: next < 0, onclick: () => move(next), title: tr('Đưa xuống', 'Move down') }, '▼'),
      it.state !== 'done' && it.state !== 'skipped' ? h('button', { class: 'btn small', 'data-act': 'skip', onclick: () => leave(it.id,
        tr('Bỏ qua mục «' + it.title + '»?', 'Skip «' + it.title + '»?'), tr('Bỏ qua', 'Skip'),
        (confirm) => api('POST', '/api/agenda/' + encodeURIComponent(it.id) + '/skip', confirm ? { confirm } : undefined)) }, '» ' + tr('Bỏ qua', 'Skip')) : null,
      it.state !== 'done' ? h('button', { class: 'btn small', 'data-act': 'done', onclick: () => doneItem(it) }, '✓ ' + tr('Đã xong', 'Done')) : null,
      h('button', { class: 'btn small', 'data-act': 'insert', onclick: () => { ui.insertAfter = it.id; DH.rerender(); } }, '+ ' + tr('Chèn mục sau', 'Insert after')));
  }

  function insertForm(after) {
    const add = async (e) => {
      e.preventDefault();
      const title = (valOf('ins-title', '') || '').trim();
      const minutes = parseInt(valOf('ins-minutes', '10'), 10);
      if (!title) { DH.toast(tr('Xin nhập tên mục mới.', 'Please type the title of the new item.'), 'error'); return; }
      const ok = await act(() => api('POST', '/api/agenda/insert', { after: after.id, title, minutes: isNaN(minutes) ? 0 : minutes,
        session: after.session, kind: '', planned_start: plannedAfter(after) }), tr('Đã chèn mục mới.', 'Item inserted.'));
      if (ok) { ui.insertAfter = null; delete ui.val['ins-title']; delete ui.val['ins-minutes']; DH.rerender(); }
    };
    return h('form', { class: 'ag-insert', onsubmit: add },
      h('div', { class: 'muted' }, tr('Mục mới sau «', 'New item after «') + after.title + '»'),
      h('label', {}, tr('Tên mục', 'Title'), field('ins-title', { required: true, autocomplete: 'off' })),
      h('label', { class: 'short' }, tr('Số phút', 'Minutes'), field('ins-minutes', { type: 'number', min: 0, max: 1440 }, '10')),
      h('div', { class: 'row' },
        h('button', { class: 'btn primary', type: 'submit' }, tr('Chèn', 'Insert')),
        h('button', { class: 'btn', type: 'button', onclick: () => { ui.insertAfter = null; DH.rerender(); } }, tr('Hủy', 'Cancel'))));
  }

  // ---------------------------------------------------------------- speakers
  const speakerLess = (x, y) => (x.position - y.position) || (Date.parse(x.requested) - Date.parse(y.requested));

  function renderSpeakerNow() {
    const sp = DH.currentSpeaker();
    part(els.speakerNow, JSON.stringify(sp), () => sp ? h('div', { class: 'card speaking' },
      h('div', { class: 'now-label' }, tr('Đang phát biểu', 'Speaking now')),
      h('div', { class: 'sp-now-name' }, sp.name),
      h('div', { class: 'muted' }, sp.unit, sp.title ? ' — «' + sp.title + '»' : ''),
      h('div', { class: 'sp-now-row' },
        h('span', { class: 'tick big', 'data-since': sp.started_at, 'data-limit': sp.max_minutes || '' }),
        sp.max_minutes ? h('span', { class: 'muted' }, ' / ' + sp.max_minutes + tr(' phút', ' min')) : null,
        // Amber in the last minute, red and counting the overtime once the limit is passed.
        sp.max_minutes ? h('span', { class: 'over-note', 'data-over-for': sp.started_at, 'data-limit': sp.max_minutes }) : null,
        h('button', { class: 'btn ok', onclick: () => act(() => api('POST', '/api/speakers/' + sp.id + '/done')) }, '✓ ' + tr('Kết thúc phát biểu', 'End speech')))) : null);
  }

  const waitingToSpeak = (s) => s.state === 'requested' || s.state === 'approved';

  function renderSpeakers() {
    const cur = DH.currentItem();
    const all = (state.speakers || []).filter((s) => cur && s.item === cur.id).sort(speakerLess);
    // Requests made ahead for the items to come, item by item in the agenda's order.
    const ahead = (state.agenda || []).filter((a) => a.state === 'pending')
      .map((a) => ({ item: a, all: (state.speakers || []).filter((s) => s.item === a.id).sort(speakerLess) }))
      .filter((x) => x.all.some(waitingToSpeak));
    part(els.speakers, JSON.stringify([cur && cur.id, all, ahead]), () => [currentSpeakers(cur, all), aheadSpeakers(ahead)]);
  }

  function currentSpeakers(cur, all) {
    const waiting = all.filter(waitingToSpeak);
    const past = all.filter((s) => s.state === 'spoke');
    const card = h('div', { class: 'card' },
      h('h2', {}, tr('Đăng ký phát biểu', 'Speakers'), ' ', h('span', { class: 'pill' }, String(waiting.length))));
    if (!cur) { card.append(h('p', { class: 'muted' }, tr('Chưa có mục nào đang diễn ra.', 'No item is open.'))); return card; }
    if (!waiting.length && !past.length) card.append(h('p', { class: 'muted' }, tr('Chưa có đại biểu đăng ký phát biểu ở mục này.', 'No delegate has asked to speak on this item.')));
    const ol = h('ol', { class: 'sp-list' });
    waiting.forEach((sp, k) => ol.append(speakerRow(sp, k, waiting, all)));
    card.append(ol);
    if (past.length) {
      card.append(h('div', { class: 'sp-past' }, tr('Đã phát biểu: ', 'Spoken: '),
        past.map((s, k) => h('span', {}, (k ? ', ' : '') + s.name + (started(s.started_at) && started(s.ended_at) ? ' (' + DH.clock(Date.parse(s.ended_at) - Date.parse(s.started_at)) + ')' : '')))));
    }
    return card;
  }

  // The requests for the items to come: the presidium approves and orders them ahead (the prepared
  // contributions to the discussion, usually); the floor is given once the item runs.
  function aheadSpeakers(ahead) {
    if (!ahead.length) return null;
    const n = ahead.reduce((t, x) => t + x.all.filter(waitingToSpeak).length, 0);
    return h('div', { class: 'card', id: 'speakers-ahead' },
      h('h2', {}, tr('Đăng ký phát biểu ở các mục sắp tới', 'Requests to speak on items to come'), ' ', h('span', { class: 'pill' }, String(n))),
      ahead.map(({ item, all }) => {
        const waiting = all.filter(waitingToSpeak);
        return h('div', { class: 'sp-ahead', 'data-item': item.id },
          h('h3', {}, item.title, item.planned_start ? h('span', { class: 'muted' }, ' · ' + item.planned_start) : null),
          h('ol', { class: 'sp-list' }, waiting.map((sp, k) => speakerRow(sp, k, waiting, all, true))));
      }));
  }

  // speakerRow is one waiting request; ahead (an item to come) leaves out the call.
  function speakerRow(sp, k, waiting, all, ahead) {
    const moveTo = (other, down) => {
      const rest = all.filter((s) => s.id !== sp.id);
      let to = rest.findIndex((s) => s.id === other.id);
      if (down) to += 1;
      return act(() => api('POST', '/api/speakers/move', { id: sp.id, to }));
    };
    return h('li', { class: 'sp-row ' + sp.state, 'data-speaker': sp.id },
      h('div', { class: 'sp-who' },
        h('span', { class: 'sp-name' }, sp.name),
        h('span', { class: 'muted sp-unit' }, sp.unit),
        h('span', { class: 'sp-kind' }, sp.kind === 'prepared' ? tr('Tham luận', 'Prepared') + (sp.title ? ': «' + sp.title + '»' : '') : tr('Thảo luận', 'Discussion')),
        h('span', { class: 'pill ' + (sp.state === 'approved' ? 'ok' : '') }, speakerStateName(sp.state))),
      h('div', { class: 'sp-btns' },
        sp.state === 'requested' ? h('button', { class: 'btn small', 'data-act': 'approve', onclick: () => act(() => api('POST', '/api/speakers/' + sp.id + '/approve')) }, tr('Duyệt', 'Approve')) : null,
        h('button', { class: 'btn small', disabled: k === 0, title: tr('Lên trước', 'Earlier'), onclick: () => moveTo(waiting[k - 1], false) }, '▲'),
        h('button', { class: 'btn small', disabled: k === waiting.length - 1, title: tr('Xuống sau', 'Later'), onclick: () => moveTo(waiting[k + 1], true) }, '▼'),
        ahead ? null : h('button', { class: 'btn small primary', 'data-act': 'call', onclick: () => act(() => api('POST', '/api/speakers/' + sp.id + '/call')) }, tr('Mời phát biểu', 'Call')),
        h('button', { class: 'btn small', 'data-act': 'withdraw', onclick: () => confirmed(tr('Rút tên ' + sp.name + ' khỏi danh sách phát biểu?', 'Take ' + sp.name + ' off the list of speakers?'),
          tr('Rút tên', 'Take off'), () => api('POST', '/api/speakers/' + sp.id + '/withdraw')) }, tr('Rút', 'Remove'))));
  }

  // ---------------------------------------------------------------- questions
  function renderQuestions() {
    const qs = state.questions || [];
    part(els.questions, JSON.stringify([qs, state.congress && state.congress.topics]), () => {
      const open = qs.filter((q) => !q.answered).length;
      const card = h('div', { class: 'card' }, h('h2', {}, tr('Câu hỏi gửi Đoàn Chủ tịch', 'Questions to the presidium'), ' ',
        h('span', { class: 'pill' + (open ? ' cur' : '') }, open + tr(' chưa trả lời', ' open'))));
      if (!qs.length) { card.append(h('p', { class: 'muted' }, tr('Chưa có câu hỏi.', 'No questions yet.'))); return card; }
      const topics = (state.congress && state.congress.topics) || [];
      const order = topics.concat([...new Set(qs.map((q) => q.topic))].filter((t) => !topics.includes(t)));
      for (const t of order) {
        const list = qs.filter((q) => q.topic === t).sort((x, y) => (x.answered - y.answered) || (Date.parse(x.at) - Date.parse(y.at)));
        if (!list.length) continue;
        card.append(h('h3', { class: 'q-topic' }, t, h('span', { class: 'muted' }, ' (' + list.length + ')')));
        for (const q of list) {
          card.append(h('div', { class: 'q-row' + (q.answered ? ' answered' : ''), 'data-question': q.id },
            h('div', { class: 'q-text' }, q.text),
            h('div', { class: 'q-meta' },
              h('span', { class: 'muted' }, q.name + ' · ' + q.unit + ' · ' + new Date(q.at).toLocaleTimeString(DH.lang() === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' })),
              q.answered ? h('span', { class: 'pill ok' }, '✓ ' + tr('Đã trả lời', 'Answered'))
                : h('button', { class: 'btn small', onclick: () => act(() => api('POST', '/api/questions/' + q.id + '/answered')) }, tr('Đánh dấu đã trả lời', 'Mark answered')))));
        }
      }
      return card;
    });
  }

  // ---------------------------------------------------------------- polls
  function pollOrder(list) {
    const idx = {};
    (state.agenda || []).forEach((it, i) => { idx[it.id] = i; });
    const pos = (p) => (p.agenda_item && idx[p.agenda_item] !== undefined ? idx[p.agenda_item] : 1e6);
    return list.slice().sort((x, y) => (pos(x) - pos(y)) || ((x.election || x.id) < (y.election || y.id) ? -1 : (x.election || x.id) > (y.election || y.id) ? 1 : 0) || ((x.round || 1) - (y.round || 1)));
  }

  function renderPolls() {
    part(els.pollsHead, String(ui.newPoll), () => [
      h('h2', {}, tr('Biểu quyết và bầu\u00a0cử', 'Votes and elections')), // "bầu cử" stays on one line
      h('div', { class: 'row' },
        h('button', { class: 'btn small' + (ui.newPoll === 'motion' ? ' primary' : ''), id: 'new-motion', onclick: () => { ui.newPoll = ui.newPoll === 'motion' ? null : 'motion'; DH.rerender(); } }, '+ ' + tr('Biểu quyết', 'Motion')),
        h('button', { class: 'btn small' + (ui.newPoll === 'election' ? ' primary' : ''), id: 'new-election', onclick: () => { ui.newPoll = ui.newPoll === 'election' ? null : 'election'; DH.rerender(); } }, '+ ' + tr('Bầu cử', 'Election'))),
    ]);
    const ag = (state.agenda || []).map((i) => [i.id, i.title, i.state]);
    part(els.pollForms, JSON.stringify([ui.newPoll, ag, ui.picked, valOf('np-mode', 'hands'), valOf('np-paper', false), valOf('ne-paper', false)]), () => {
      if (ui.newPoll === 'motion') return motionForm();
      if (ui.newPoll === 'election') return electionForm();
      return null;
    });
    const polls = pollOrder(state.polls || []);
    // One card per poll, rebuilt only when that poll (or what the card shows of it) changes.
    const have = new Map([...els.polls.children].map((c) => [c.dataset.poll, c]));
    const cur = DH.currentItem();
    const kids = polls.map((p) => {
      let card = have.get(p.id);
      if (!card) card = h('div', { class: 'poll-wrap', 'data-poll': p.id });
      const { cast, ...rest } = p;
      const hasNext = (state.polls || []).some((q) => q.previous === p.id);
      const att = state.attendance || {};
      const sig = JSON.stringify([rest, hasNext, cur && cur.id, ui.voters[p.id], ui.named[p.id], itemTitle(p.agenda_item), p.state === 'draft' ? openBlocker(p) : '',
        p.state === 'draft' && p.tablet ? [att.present, att.no_tablet, ui.tablets, DH.raisedCard()] : '']);
      part(card, sig, () => pollCard(p, hasNext, cur));
      return card;
    });
    if (!polls.length) kids.push(h('p', { class: 'muted' }, tr('Chưa có cuộc biểu quyết hay bầu cử nào.', 'No votes yet.')));
    const same = kids.length === els.polls.children.length && kids.every((k, i) => els.polls.children[i] === k);
    if (!same) els.polls.replaceChildren(...kids);
    if (ui.scrollTo) {
      const el = document.getElementById('poll-' + ui.scrollTo);
      if (el) { ui.scrollTo = null; el.scrollIntoView({ block: 'nearest' }); }
    }
  }

  function itemTitle(id) {
    const it = (state.agenda || []).find((i) => i.id === id);
    return it ? it.title : '';
  }

  function pollCard(p, hasNext, cur) {
    const isCur = cur && p.agenda_item === cur.id;
    const kindName = p.kind === 'election'
      ? tr('Bầu cử', 'Election') + ((p.round || 1) > 1 ? tr(' — vòng ', ' — round ') + p.round : '') +
        (p.purpose === 'runoff' ? tr(' (bầu lại do hòa phiếu)', ' (run-off)') : p.purpose === 'further' ? tr(' (bầu bổ sung)', ' (further round)') : p.purpose === 'alternates' ? tr(' (dự khuyết)', ' (alternates)') : '')
      : tr('Biểu quyết', 'Motion');
    // A named vote is on tablets by its mode's name: the medium is not said twice.
    const media = p.mode === 'hands' || (p.mode === 'named' && !p.paper) ? '' : [p.tablet ? tr('máy tính bảng', 'tablets') : '', p.paper ? tr('phiếu giấy', 'paper') + (p.stations ? ' (' + p.stations + tr(' máy nhập', ' stations') + ')' : '') : ''].filter(Boolean).join(' + ');
    const card = h('article', { class: 'card poll ' + p.state + (isCur ? ' here' : ''), id: 'poll-' + p.id },
      h('div', { class: 'poll-top' },
        h('span', { class: 'pill' }, kindName),
        h('span', { class: 'pill state-' + p.state }, pollStateName(p))),
      h('h3', { class: 'poll-title' }, p.title),
      h('div', { class: 'muted poll-meta' }, modeName(p.mode), media ? ' · ' + media : '',
        p.mode === 'hands' ? h('span', { class: 'hands-count' }, ' · ' + DH.handsCount(p)) : '',
        p.kind === 'election' ? ' · ' + tr('Số lượng cần bầu: ', 'Seats: ') + p.seats + (p.alternate_seats ? tr(' (và ', ' (and ') + p.alternate_seats + tr(' dự khuyết)', ' alternates)') : '') : '',
        p.agenda_item ? h('div', {}, tr('Mục: ', 'Item: ') + itemTitle(p.agenda_item)) : null));

    const body = p.state === 'draft' ? draftBody(p) : p.state === 'open' ? openBody(p) : p.state === 'closed' ? closedBody(p)
      : p.result ? [resultView(p)] : [];
    // The presidium counts a show of hands and may correct its counts until it publishes them.
    if (p.state === 'counted' && p.mode === 'hands' && !p.tellers_count_hands) body.push(countsForm(p, true));
    card.append(...body.concat([publishRow(p, hasNext)]).filter(Boolean));
    return card;
  }

  // The ruleset's settings a poll uses, as the presidium must see them.
  function settingsView(settings, open) {
    const info = state.settings || [];
    const fmt = (v) => (v === true ? tr('Có', 'Yes') : v === false ? tr('Không', 'No') : String(v));
    return h('details', { class: 'settings', open: !!open },
      h('summary', {}, tr('Quy định áp dụng (bộ quy tắc)', 'Rules applied (ruleset settings)')),
      h('table', {}, info.map((s) => h('tr', {}, h('td', {}, tr(s.vi, s.en)),
        h('td', { class: 'set-val' }, fmt(settings && settings[s.key] !== undefined ? settings[s.key] : s.value))))));
  }

  function surplusView(sp) {
    if (!sp) return null;
    return h('div', { class: 'surplus' + (sp.notices && sp.notices.length ? ' warnbox' : '') },
      h('div', {}, tr('Số dư: ', 'Surplus: ') + sp.candidates + tr(' người cho ', ' names for ') + sp.seats + tr(' chỗ, dư ', ' seats, ') + sp.extra +
        tr(' người (', ' extra (') + dec(sp.percent) + '%)' + (sp.two_column ? tr(' — phiếu hai cột', ' — two-column ballot') : '')),
      (sp.notices || []).map((n) => h('div', { class: 'warn' }, '⚠ ' + tr(n.vi, n.en))));
  }

  // surplusLines repeats, in the election's opening dialog, the surplus and the server's warnings
  // about it (as on the draft card): the last moment to stop before the list is fixed.
  function surplusLines(p) {
    const sp = p.kind === 'election' && !['runoff', 'further', 'alternates'].includes(p.purpose) ? p.surplus : null;
    if (!sp || !sp.notices || !sp.notices.length) return null;
    return h('div', { class: 'warnbox surplus-warn' },
      h('div', {}, tr('Số dư: ' + sp.candidates + ' người cho ' + sp.seats + ' chỗ, dư ' + sp.extra + ' người (' + dec(sp.percent) + '%).',
        'Surplus: ' + sp.candidates + ' names for ' + sp.seats + ' seats, ' + sp.extra + ' extra (' + dec(sp.percent) + '%).')),
      sp.notices.map((n) => h('div', { class: 'warn' }, '⚠ ' + tr(n.vi, n.en))));
  }

  function draftBody(p) {
    const out = [];
    if (p.kind === 'election') {
      const order = p.order || p.candidates || [];
      const cur = DH.currentItem();
      const open = ui.expand[p.id] !== undefined ? ui.expand[p.id] : !!(cur && cur.id === p.agenda_item);
      const det = h('details', { class: 'cands', open },
        h('summary', { class: 'cand-head' }, tr('Danh sách bầu cử (thứ tự trên phiếu): ', 'Candidates (ballot order): ') + order.length + tr(' người', ' names')),
        h('div', { class: 'cand-grid' }, order.map((c, i) => h('div', { class: 'cand' }, h('span', { class: 'cand-n' }, (i + 1) + '.'), h('span', { class: 'cand-name' }, c.name),
          h('button', { class: 'btn tiny', 'data-act': 'withdraw-candidate', 'data-candidate': c.id, title: tr('Rút tên khỏi danh sách', 'Withdraw from the list'), onclick: () => confirmed(
            tr('Rút tên ' + c.name + ' khỏi danh sách bầu cử? Việc này cần Đại hội đã biểu quyết đồng ý.', 'Withdraw ' + c.name + ' from the list? The congress must have agreed by vote.'),
            tr('Rút tên', 'Withdraw'), () => api('POST', '/api/polls/' + p.id + '/withdraw', { candidate: c.id })) }, tr('Rút', 'Withdraw'))))));
      det.addEventListener('toggle', () => { ui.expand[p.id] = det.open; });
      out.push(det);
      if (p.withdrawn && p.withdrawn.length) out.push(h('div', { class: 'muted' }, tr('Đã rút: ', 'Withdrawn: ') + p.withdrawn.map((c) => c.name).join(', ')));
      // The bounds on the surplus are for the list the congress decides, not for the later rounds
      // (a run-off among tied candidates, the remaining names, the alternates).
      out.push(p.purpose === 'runoff' || p.purpose === 'further' || p.purpose === 'alternates' ? null : surplusView(p.surplus));
      out.push(settingsView(p.settings, false));
    } else {
      out.push(h('div', { class: 'muted' }, tr('Biểu quyết thông qua khi số tán thành quá một nửa tổng số đại biểu được triệu tập.', 'Passed when more than half of the base vote for.')));
    }
    const blocker = openBlocker(p);
    const motion = p.kind === 'motion';
    if (p.tablet) out.push(tabletsView(p));
    out.push(h('div', { class: 'row' },
      h('button', { class: 'btn primary', 'data-act': 'open-poll', disabled: !!blocker, onclick: () => confirmed([
        tr('Mở ' + (motion ? 'biểu quyết' : 'bỏ phiếu bầu') + ' «' + p.title + '»? Sau khi mở, không sửa được danh sách.', 'Open «' + p.title + '» for voting? The list cannot change once it is open.') +
          (p.tablet ? '\n' + tabletsLine(p) : ''), surplusLines(p)],
        motion ? tr('Mở biểu quyết', 'Open') : tr('Mở bỏ phiếu', 'Open'), () => api('POST', '/api/polls/' + p.id + '/open'),
        motion ? tr('Đã mở biểu quyết.', 'The vote is open.') : tr('Đã mở bỏ phiếu.', 'Voting is open.')) },
      motion ? tr('Mở biểu quyết', 'Open the vote') : tr('Mở bỏ phiếu', 'Open voting')),
      blocker ? h('span', { class: 'why' }, blocker) : null));
    return out;
  }

  // tabletsLine says in one line how a tablet vote opened now reaches those present (the live
  // attendance: present, and present with no tablet signed in).
  function tabletsLine(p) {
    const a = state.attendance || {};
    const present = a.present || 0, none = a.no_tablet || 0;
    const rest = none === 0 ? '' : p.paper
      ? tr(' — Ban Kiểm phiếu phát phiếu giấy cho ' + none + ' đồng chí này.', ' — the tellers hand them paper ballots.')
      : tr(' — ai đăng nhập sau khi mở sẽ nhận phiếu ngay.', ' — whoever signs in after the opening gets a ballot at once.');
    return tr('Có mặt ' + present + ': ' + (present - none) + ' nhận phiếu trên máy tính bảng, ' + none + ' chưa đăng nhập máy tính bảng' + rest,
      present + ' present: ' + (present - none) + ' get a tablet ballot, ' + none + ' not signed in on a tablet' + rest);
  }

  // tabletsView: before a tablet vote, those present, the tablets signed in, and who present has
  // none (the list, on request).
  function tabletsView(p) {
    const list = ui.tablets;
    const load = async () => {
      try { ui.tablets = await api('GET', '/api/tablets'); } catch (e) { DH.toast(DH.errText(e), 'error'); }
      DH.rerender();
    };
    const a = state.attendance || {};
    return h('div', { class: 'tablets', 'data-tablets': p.id },
      h('div', { class: (a.no_tablet ? 'warn' : 'muted') }, tabletsLine(p)),
      h('div', { class: 'row' },
        h('button', { class: 'btn small', 'data-act': 'no-tablet', onclick: load }, list ? tr('Cập nhật danh sách chưa có máy tính bảng', 'Refresh who has no tablet') : tr('Ai có mặt chưa có máy tính bảng?', 'Who present has no tablet?')),
        list ? h('button', { class: 'btn small', onclick: () => { ui.tablets = null; DH.rerender(); } }, tr('Ẩn', 'Hide')) : null),
      list ? h('div', { class: 'voters-list no-tablet-list' },
        h('b', {}, tr('Có mặt, chưa đăng nhập máy tính bảng: ', 'Present, no tablet signed in: ') + list.without.length + '/' + list.present),
        list.without.length ? h('div', {}, list.without.map((d) => h('span', { class: 'voter' }, d.number + '. ' + d.name))) : h('div', {}, tr('Mọi đại biểu có mặt đã đăng nhập.', 'Everyone present is signed in.'))) : null);
  }

  function openBlocker(p) {
    const a = state.attendance || {};
    if (a.base > 0 && !a.quorum) {
      return tr('Chưa đủ túc số: có mặt ' + a.present + '/' + a.base + ', cần ít nhất ' + a.quorum_needed + '.', 'No quorum: ' + a.present + ' of ' + a.base + ' present, at least ' + a.quorum_needed + ' needed.');
    }
    if (p.mode === 'hands') return '';
    const other = (state.polls || []).find((q) => q.state === 'open' && q.id !== p.id && q.mode !== 'hands');
    return other ? tr('Đang mở «' + other.title + '»: kết thúc trước khi mở cuộc khác.', '«' + other.title + '» is open: close it first.') : '';
  }

  function openBody(p) {
    const out = [];
    if (p.mode === 'hands') {
      out.push(h('div', { class: 'hands-info' }, tr('Đang biểu quyết bằng giơ ', 'Show of hands (') + DH.raisedCard() + tr('. Có mặt khi mở: ', ') under way. Present at opening: ') + p.present +
        tr('; tổng số được triệu tập: ', '; base: ') + p.base + (p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '') + tr('; thông qua khi từ ', '; passes with ') + p.needed + tr(' tán thành trở lên.', ' for or more.')));
      out.push(countsForm(p));
      return out;
    }
    out.push(turnoutView(p));
    if (p.late_issued) out.push(h('div', { class: 'muted late-issued' }, tr('Phát ra ' + p.issued + ' phiếu trên máy tính bảng, trong đó ' + p.late_issued + ' cho đại biểu đến sau khi mở.',
      p.issued + ' tablet ballots issued, ' + p.late_issued + ' of them to delegates who arrived after the opening.')));
    out.push(votersView(p));
    out.push(h('div', { class: 'row' }, h('button', { class: 'btn primary', 'data-act': 'close-poll', onclick: () => confirmed(
      tr('Kết thúc bỏ phiếu «' + p.title + '»? Đã bỏ ', 'Close «' + p.title + '»? ') + '' + (p.cast || 0) + '/' + (p.issued || 0) + tr(' phiếu. Không mở lại được.', ' ballots cast. It cannot be reopened.'),
      tr('Kết thúc', 'Close'), () => api('POST', '/api/polls/' + p.id + '/close'), tr('Đã kết thúc bỏ phiếu.', 'Voting closed.')) }, '■ ' + tr('Kết thúc bỏ phiếu', 'Close voting'))));
    return out;
  }

  function turnoutView(p) {
    return h('div', { class: 'turnout' },
      h('div', { class: 'turnout-fig' }, tr('Đã bỏ phiếu: ', 'Cast: '), h('b', { 'data-cast': p.id }, String(p.cast || 0)), ' / ' + (p.issued || 0) +
        (p.paper ? tr(' (trên máy tính bảng; phiếu giấy do Ban kiểm phiếu nhập)', ' (on tablets; paper ballots are keyed by the tellers)') : '')),
      h('div', { class: 'bar' }, h('div', { class: 'bar-fill', 'data-bar': p.id, style: { width: (p.issued ? Math.min(100, 100 * (p.cast || 0) / p.issued) : 0) + '%' } })));
  }

  function votersView(p) {
    const v = ui.voters[p.id];
    if (!p.tablet) return null;
    const load = async () => {
      ui.voters[p.id] = { loading: true, list: v && v.list };
      DH.rerender();
      try {
        const list = await api('GET', '/api/polls/' + p.id + '/voters');
        ui.voters[p.id] = { list: list.filter((x) => !x.voted).map((x) => [x.number, x.name]), total: list.length };
      } catch (e) { DH.toast(DH.errText(e), 'error'); delete ui.voters[p.id]; }
      DH.rerender();
    };
    const box = h('div', { class: 'voters' },
      h('div', { class: 'row' },
        h('button', { class: 'btn small', 'data-act': 'voters', onclick: load }, v ? tr('Cập nhật danh sách chưa bỏ phiếu', 'Refresh who has not voted') : tr('Xem ai chưa bỏ phiếu', 'Who has not voted?')),
        v ? h('button', { class: 'btn small', onclick: () => { delete ui.voters[p.id]; DH.rerender(); } }, tr('Ẩn', 'Hide')) : null));
    if (v && v.list) {
      box.append(h('div', { class: 'voters-list' },
        h('b', {}, tr('Chưa bỏ phiếu: ', 'Not voted: ') + v.list.length + '/' + v.total),
        v.list.length ? h('div', {}, v.list.map(([n, name]) => h('span', { class: 'voter' }, n + '. ' + name))) : h('div', {}, tr('Mọi đại biểu đã bỏ phiếu.', 'Everyone has voted.'))));
    }
    return box;
  }

  function countsForm(p, again) {
    const abst = p.settings && p.settings.abstain_option;
    const id = (k) => 'cnt-' + k + '-' + p.id;
    const tellers = !!p.tellers_count_hands;
    const save = async (e) => {
      e.preventDefault();
      const n = (k) => { const v = parseInt(valOf(id(k), ''), 10); return isNaN(v) ? 0 : v; };
      const body = { for: n('for'), against: n('against'), abstain: abst ? n('abstain') : 0 };
      await confirmed(tr('Ghi kết quả biểu quyết: ' + body.for + ' tán thành, ' + body.against + ' không tán thành' + (abst ? ', ' + body.abstain + ' không biểu quyết' : '') + (tellers ? '? Ban kiểm phiếu sẽ xác nhận.' : '? Đoàn Chủ tịch công bố sau khi ghi.'),
        'Record the counts: ' + body.for + ' for, ' + body.against + ' against' + (abst ? ', ' + body.abstain + ' abstaining' : '') + (tellers ? '? The tellers will confirm them.' : '? The presidium publishes them once recorded.')),
      tr('Ghi kết quả', 'Record'), () => api('POST', '/api/polls/' + p.id + '/counts', body),
      tellers ? tr('Đã ghi kết quả; chờ Ban kiểm phiếu xác nhận.', 'Counts recorded; waiting for the tellers.') : tr('Đã ghi kết quả; có thể công bố.', 'Counts recorded; ready to publish.'));
    };
    return h('form', { class: 'counts', onsubmit: save },
      again ? h('div', { class: 'muted' }, tellers ? tr('Sửa số liệu (mọi xác nhận của Ban kiểm phiếu sẽ bị hủy):', 'Correct the counts (every confirmation of the tellers is cleared):')
        : tr('Sửa số liệu trước khi công bố:', 'Correct the counts before publishing:')) : null,
      h('div', { class: 'counts-row' },
        h('label', {}, DH.word('for'), field(id('for'), { type: 'number', min: 0, inputmode: 'numeric', class: 'cnt' })),
        h('label', {}, DH.word('against'), field(id('against'), { type: 'number', min: 0, inputmode: 'numeric', class: 'cnt' })),
        abst ? h('label', {}, DH.word('abstain'), field(id('abstain'), { type: 'number', min: 0, inputmode: 'numeric', class: 'cnt' })) : null,
        h('button', { class: 'btn primary', type: 'submit', 'data-act': 'save-counts' }, tr('Ghi kết quả', 'Record counts'))));
  }

  function closedBody(p) {
    const out = [];
    const n = (p.confirmations || []).length;
    if (p.mode === 'hands' && !p.tellers_count_hands) out.push(h('div', { class: 'waiting' }, tr('Nhập kết quả giơ ' + DH.raisedCard() + ' để công bố.', 'Enter the counts to publish them.')));
    else out.push(h('div', { class: 'waiting' }, tr('Chờ Ban kiểm phiếu xác nhận kết quả', 'Waiting for the tellers to confirm the result') +
      ' — ' + n + tr(' thành viên đã xác nhận; Trưởng ban xác nhận sau cùng.', ' tellers have confirmed; the head confirms last.')));
    if (p.mode !== 'hands') out.push(h('div', { class: 'muted' }, tr('Phiếu thu vào: ', 'Ballots collected: ') + (p.collected || 0) + (p.issued ? tr('; phát ra (máy tính bảng): ', '; issued (tablets): ') + p.issued : '')));
    if (p.mode === 'hands') out.push(countsForm(p, true));
    if (p.mode === 'named') out.push(namedView(p));
    return out;
  }

  function namedView(p) {
    const list = ui.named[p.id];
    const load = async () => {
      try { ui.named[p.id] = await api('GET', '/api/polls/' + p.id + '/named') || []; } catch (e) { DH.toast(DH.errText(e), 'error'); }
      DH.rerender();
    };
    if (!list) return h('button', { class: 'btn small', onclick: load }, tr('Xem ai chọn gì (biểu quyết công khai)', 'Who chose what (open vote)'));
    return h('details', { class: 'named', open: true }, h('summary', {}, tr('Ai chọn gì', 'Who chose what') + ' (' + list.length + ')'),
      h('table', {}, list.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, DH.word(x.choice))))));
  }

  function publishRow(p, hasNext) {
    if (p.state === 'draft') return null;
    const row = h('div', { class: 'row publish-row' });
    if (p.state === 'open') return null; // closing comes first; the close button is above
    if (p.state !== 'published') {
      let why = '';
      if (p.state === 'open') why = tr('Chưa công bố được: cuộc bỏ phiếu chưa kết thúc.', 'Cannot publish yet: voting is still open.');
      else if (p.state === 'closed' && p.mode === 'hands' && !p.tellers_count_hands) why = tr('Chưa công bố được: chưa nhập kết quả giơ ' + DH.raisedCard() + '.', 'Cannot publish yet: the counts are not entered.');
      else if (p.state === 'closed') why = tr('Chưa công bố được: Ban kiểm phiếu chưa xác nhận kết quả.', 'Cannot publish yet: the tellers have not confirmed the result.');
      row.append(h('button', { class: 'btn primary', 'data-act': 'publish', disabled: p.state !== 'counted', title: why || null, onclick: () => confirmed(
        tr('Công bố kết quả «' + p.title + '» lên màn hình hội trường và máy tính bảng của đại biểu?', 'Publish the result of «' + p.title + '» to the hall and the tablets?'),
        tr('Công bố', 'Publish'), () => api('POST', '/api/polls/' + p.id + '/publish'), tr('Đã công bố kết quả.', 'Result published.')) }, tr('Công bố kết quả', 'Publish result')));
      if (why) row.append(h('span', { class: 'why' }, why));
    } else {
      row.append(h('span', { class: 'pill ok' }, '✓ ' + tr('Đã công bố trên màn hình hội trường', 'Shown in the hall')));
    }
    const r = p.result;
    const needs = r && p.kind === 'election' && (r.runoff_seats > 0 || r.unfilled > 0 || (p.alternate_seats > 0 && p.purpose !== 'alternates'));
    if (needs && (p.state === 'counted' || p.state === 'published')) {
      const what = r.runoff_seats > 0 ? tr('bầu lại giữa các ứng cử viên hòa phiếu cho ' + r.runoff_seats + ' chỗ', 'a run-off among the tied candidates for ' + r.runoff_seats + ' seat(s)')
        : r.unfilled > 0 ? tr('bầu bổ sung ' + r.unfilled + ' chỗ còn thiếu', 'a further round for ' + r.unfilled + ' unfilled seat(s)')
          : tr('bầu ' + p.alternate_seats + ' đại biểu dự khuyết', 'the election of ' + p.alternate_seats + ' alternates');
      row.append(hasNext ? h('span', { class: 'muted' }, tr('Vòng tiếp theo đã được tạo (xem bên dưới).', 'The next round is drafted (below).'))
        : h('button', { class: 'btn', 'data-act': 'next-round', onclick: () => confirmed(
          tr('Mở vòng tiếp theo: ' + what + '? Dự thảo vòng mới sẽ được tạo để kiểm tra trước khi mở bỏ phiếu.', 'Open the next round: ' + what + '? A draft is made to check before voting opens.'),
          tr('Tạo vòng tiếp theo', 'Make the next round'), async () => { const q = await api('POST', '/api/polls/' + p.id + '/next-round'); ui.scrollTo = q.id; DH.rerender(); },
          tr('Đã tạo dự thảo vòng tiếp theo.', 'Next round drafted.')) },
        tr('Mở vòng tiếp theo', 'Open the next round') + ' ▶'));
    }
    return row;
  }

  // resultView: votes and % of the base per candidate in ballot order, the elected in order, the
  // run-off and unfilled seats; or a motion's figures and whether it passed.
  function resultView(p) {
    const m = DH.result(p);
    const base = m.base;
    if (m.kind !== 'election') {
      return h('div', { class: 'result motion' },
        h('table', {}, m.rows.map((row) => h('tr', {}, h('td', {}, row.label), h('td', { class: 'num' }, String(row.n)), h('td', { class: 'num' }, row.pct + '%')))),
        h('div', { class: 'verdict ' + (m.passed ? 'ok' : 'bad') }, m.passed ? '✓ ' + tr('Thông qua', 'Passed') : '✗ ' + tr('Không thông qua', 'Not passed'),
          h('span', { class: 'muted' }, tr(' (tổng số được triệu tập: ', ' (base: ') + base + ')')),
        p.base_vi ? h('div', { class: 'muted base-from' }, tr('Tổng số được triệu tập: ', 'Base: ') + tr(p.base_vi, p.base_en)) : null);
    }
    const b = m.ballots;
    return h('div', { class: 'result election' },
      h('div', { class: 'muted' }, tr('Phiếu thu vào ', 'Ballots ') + (b.total || 0) + tr('; hợp lệ ', '; valid ') + (b.valid || 0) + tr('; không hợp lệ ', '; invalid ') + (b.invalid || 0) + tr('. Tỉ lệ tính trên tổng số được triệu tập: ', '. Percentages of the base: ') + base + (p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '') + '.'),
      h('table', { class: 'res-table' },
        h('tr', {}, h('th', {}, tr('Ứng cử viên (thứ tự trên phiếu)', 'Candidate (ballot order)')), h('th', { class: 'num' }, tr('Số phiếu', 'Votes')), h('th', { class: 'num' }, '%'), h('th', {}, '')),
        m.rows.map((row) => h('tr', { class: row.rank ? 'elected' : row.runoff ? 'runoff' : '' },
          h('td', {}, row.name), h('td', { class: 'num' }, String(row.votes)), h('td', { class: 'num' }, row.pct + '%'),
          h('td', {}, row.rank ? h('span', { class: 'pill ok' }, DH.word('elected') + ' #' + row.rank) : row.runoff ? h('span', { class: 'pill cur' }, tr('Bầu lại', 'Run-off')) : '')))),
      h('div', { class: 'elected' }, h('b', {}, tr('Trúng cử (theo số phiếu): ', 'Elected (by votes): ')),
        m.elected.length ? m.elected.map((e, i) => (i ? ', ' : '') + e.rank + '. ' + e.name).join('') : tr('không có', 'none')),
      m.runoffSeats > 0 ? h('div', { class: 'warn' }, '⚠ ' + tr('Hòa phiếu ở chỗ cuối: cần bầu lại ' + m.runoffSeats + ' chỗ giữa ', 'Tie at the last seat: a run-off for ' + m.runoffSeats + ' seat(s) among ') + m.runoff.join(', ')) : null,
      m.unfilled > 0 ? h('div', { class: 'warn' }, '⚠ ' + tr('Còn thiếu ' + m.unfilled + ' chỗ chưa bầu đủ.', m.unfilled + ' seat(s) unfilled.')) : null);
  }

  // ---------------------------------------------------------------- creating polls
  function agendaSelect(id) {
    const cur = DH.currentItem();
    const sel = field(id, { tag: 'select' }, cur ? cur.id : '');
    sel.append(h('option', { value: '' }, tr('(không gắn với mục nào)', '(no agenda item)')));
    for (const it of state.agenda || []) sel.append(h('option', { value: it.id, selected: valOf(id, cur ? cur.id : '') === it.id }, it.title));
    sel.value = valOf(id, cur ? cur.id : '');
    return sel;
  }

  function mediaFields(prefix) {
    const paper = valOf(prefix + '-paper', false);
    return h('div', { class: 'media' },
      h('label', { class: 'check' }, field(prefix + '-tablet', { type: 'checkbox' }, true), tr('Trên máy tính bảng', 'On tablets')),
      h('label', { class: 'check' }, field(prefix + '-paper', { type: 'checkbox' }, false), tr('Phiếu giấy (Ban kiểm phiếu nhập)', 'Paper ballots (keyed by the tellers)')),
      paper ? h('label', { class: 'check' }, tr('Số máy nhập: ', 'Stations: '), (() => {
        const s = field(prefix + '-stations', { tag: 'select' }, '2');
        s.append(h('option', { value: '2' }, '2'), h('option', { value: '3' }, '3'));
        s.value = valOf(prefix + '-stations', '2');
        return s;
      })()) : null);
  }

  function resetForm(prefix) {
    for (const k of Object.keys(ui.val)) if (k.startsWith(prefix)) delete ui.val[k];
    ui.picked = [];
    ui.newPoll = null;
    DH.rerender();
  }

  function motionForm() {
    const mode = valOf('np-mode', 'hands');
    const submit = async (e) => {
      e.preventDefault();
      const body = { kind: 'motion', title: (valOf('np-title', '') || '').trim(), mode, agenda_item: valOf('np-item', (DH.currentItem() || {}).id || ''),
        tablet: mode !== 'hands' && !!valOf('np-tablet', true), paper: mode !== 'hands' && !!valOf('np-paper', false),
        tellers_count_hands: mode === 'hands' && !!valOf('np-tellers', false) };
      if (body.paper) body.stations = parseInt(valOf('np-stations', '2'), 10);
      if (await act(async () => { const q = await api('POST', '/api/polls', body); ui.scrollTo = q.id; }, tr('Đã tạo dự thảo biểu quyết.', 'Motion drafted.'))) resetForm('np-');
    };
    const modeSel = field('np-mode', { tag: 'select' }, 'hands');
    for (const m of ['hands', 'named', 'secret']) modeSel.append(h('option', { value: m }, modeName(m)));
    modeSel.value = mode;
    modeSel.addEventListener('change', () => DH.rerender());
    return h('form', { class: 'card newpoll', onsubmit: submit },
      h('h3', {}, tr('Biểu quyết mới', 'New motion')),
      h('label', {}, tr('Nội dung biểu quyết', 'Motion'), field('np-title', { required: true, autocomplete: 'off', placeholder: tr('VD: Thông qua Quy chế làm việc của Đại hội', 'e.g. Adopt the working regulation') })),
      h('label', {}, tr('Thuộc mục', 'Agenda item'), agendaSelect('np-item')),
      h('label', {}, tr('Cách biểu quyết', 'How'), modeSel),
      mode !== 'hands' ? mediaFields('np') : h('label', { class: 'check' }, field('np-tellers', { type: 'checkbox' }, false),
        tr(' Đại hội giao Ban Kiểm phiếu kiểm đếm và xác nhận (nếu không: Đoàn Chủ tịch kiểm đếm, công bố)', ' The congress asks the tellers to count and confirm (else the presidium counts and announces)')),
      h('div', { class: 'row' }, h('button', { class: 'btn primary', type: 'submit' }, tr('Tạo dự thảo', 'Create draft')),
        h('button', { class: 'btn', type: 'button', onclick: () => resetForm('np-') }, tr('Hủy', 'Cancel'))));
  }

  function typedCandidates() {
    return (valOf('ne-list', '') || '').split('\n').map((s) => s.trim().replace(/\s+/g, ' ')).filter(Boolean);
  }

  function electionForm() {
    const preview = h('div', { class: 'surplus', id: 'ne-preview' });
    const results = h('div', { class: 'pick-results' });
    const showPreview = () => {
      const seats = parseInt(valOf('ne-seats', ''), 10) || 0;
      const n = typedCandidates().length + ui.picked.length;
      const extra = n - seats;
      preview.replaceChildren(seats ? tr(n + ' người cho ' + seats + ' chỗ: dư ' + extra + ' (' + pct(extra < 0 ? 0 : extra, seats) + '%)',
        n + ' names for ' + seats + ' seats: ' + extra + ' extra (' + pct(extra < 0 ? 0 : extra, seats) + '%)')
        : tr('Nhập số lượng cần bầu.', 'Type the number of seats.'));
      preview.append(h('div', { class: 'muted' }, tr('Máy chủ kiểm tra số dư theo quy định sau khi tạo dự thảo.', 'The server checks the surplus against the rules once the draft is made.')));
    };
    const search = () => {
      const q = DH.fold(valOf('ne-search', '') || '').trim();
      results.replaceChildren();
      if (q.length < 2) return;
      const chosen = new Set(ui.picked.map((c) => c.id));
      const hits = (state.roll || []).filter((d) => !chosen.has(d.id) && (DH.fold(d.name).includes(q) || String(d.number) === q)).slice(0, 8);
      if (!hits.length) results.append(h('div', { class: 'muted' }, tr('Không tìm thấy.', 'Nobody found.')));
      for (const d of hits) {
        results.append(h('button', { class: 'btn small pick', type: 'button', onclick: () => { ui.picked.push({ id: d.id, name: d.name }); ui.val['ne-search'] = ''; DH.rerender(); } },
          '+ ' + d.number + '. ' + d.name + ' — ' + d.unit));
      }
    };
    const submit = async (e) => {
      e.preventDefault();
      const cands = ui.picked.map((c) => ({ id: c.id, name: c.name })).concat(typedCandidates().map((name) => ({ name })));
      const body = { kind: 'election', mode: 'secret', title: (valOf('ne-title', '') || '').trim(), agenda_item: valOf('ne-item', (DH.currentItem() || {}).id || ''),
        seats: parseInt(valOf('ne-seats', ''), 10) || 0, candidates: cands,
        tablet: !!valOf('ne-tablet', true), paper: !!valOf('ne-paper', false) };
      const alt = parseInt(valOf('ne-alt', ''), 10);
      if (alt > 0) body.alternate_seats = alt;
      if (body.paper) body.stations = parseInt(valOf('ne-stations', '2'), 10);
      if (await act(async () => { const q = await api('POST', '/api/polls', body); ui.scrollTo = q.id; }, tr('Đã tạo dự thảo bầu cử.', 'Election drafted.'))) resetForm('ne-');
    };
    const form = h('form', { class: 'card newpoll', onsubmit: submit },
      h('h3', {}, tr('Bầu cử mới (bỏ phiếu kín)', 'New election (secret ballot)')),
      h('label', {}, tr('Tên cuộc bầu cử', 'Title'), field('ne-title', { required: true, autocomplete: 'off', placeholder: tr('VD: Bầu Ban Chấp hành Đảng bộ khóa mới', 'e.g. Elect the new committee') })),
      h('label', {}, tr('Thuộc mục', 'Agenda item'), agendaSelect('ne-item')),
      h('div', { class: 'counts-row' },
        h('label', {}, tr('Số lượng cần bầu', 'Seats'), field('ne-seats', { type: 'number', min: 1, required: true, class: 'cnt', live: showPreview })),
        h('label', { title: tr('Chỉ khi bầu đại biểu đi dự đại hội cấp trên', 'Only when electing delegates to the upper level') },
          tr('Số dự khuyết (nếu có)', 'Alternates (if any)'), field('ne-alt', { type: 'number', min: 0, class: 'cnt' }))),
      h('label', {}, tr('Danh sách (mỗi dòng một người)', 'Candidates (one per line)'), field('ne-list', { tag: 'textarea', rows: 5, live: showPreview })),
      h('div', { class: 'pick' },
        h('label', {}, tr('Hoặc chọn từ danh sách đại biểu (gõ tên, không cần dấu)', 'Or pick from the roll (type a name, accents optional)'),
          field('ne-search', { type: 'search', autocomplete: 'off', live: search })),
        results,
        ui.picked.length ? h('ol', { class: 'cand-list' }, ui.picked.map((c, i) => h('li', {}, h('span', {}, c.name),
          h('button', { class: 'btn small', type: 'button', onclick: () => { ui.picked.splice(i, 1); DH.rerender(); } }, '✕')))) : null),
      preview,
      mediaFields('ne'),
      settingsView(null, true),
      h('div', { class: 'row' }, h('button', { class: 'btn primary', type: 'submit' }, tr('Tạo dự thảo', 'Create draft')),
        h('button', { class: 'btn', type: 'button', onclick: () => resetForm('ne-') }, tr('Hủy', 'Cancel'))));
    showPreview();
    search();
    return form;
  }

  // ---------------------------------------------------------------- clocks and figures in place
  function live() {
    DH.refresh();
    const now = Date.now();
    for (const el of document.querySelectorAll('[data-over-for]')) {
      const ms = now - Date.parse(el.dataset.overFor);
      const lim = parseFloat(el.dataset.limit);
      el.textContent = lim > 0 && ms > lim * 60000 ? ' ' + tr('quá giờ ', 'over by ') + DH.clock(ms - lim * 60000) : '';
    }
  }

  // ---------------------------------------------------------------- the whole screen
  function render() {
    if (!state.ready) return;
    if (!els) skeleton();
    part(els.head, JSON.stringify([state.online, state.me && state.me.name, state.congress && state.congress.title]), () =>
      DH.header(h('span', { class: 'hdr' }, h('span', { class: 'hdr-role' }, tr('Đoàn Chủ tịch', 'Presidium')),
        state.congress ? h('span', { class: 'hdr-sub', title: state.congress.title }, state.congress.title) : null)));
    if (ui.selected && !(state.agenda || []).some((i) => i.id === ui.selected)) ui.selected = null;
    renderNow();
    renderAgenda();
    renderSpeakerNow();
    renderSpeakers();
    renderQuestions();
    renderPolls();
    part(els.devices, JSON.stringify(state.devices || {}), () => DH.multiDevice());
    part(els.backup, JSON.stringify(state.backup || null), () => DH.backupBanner(false));
    live();
  }

  // The likely times move with the clock: they are worked out again each minute.
  setInterval(() => {
    const m = Math.floor(Date.now() / 60000);
    if (state.ready && els && m !== ui.minute) { ui.minute = m; showDrift(); }
  }, 1000);
  setInterval(live, 250);
  DH.start({ roles: ['presidium'], title: () => tr('Đoàn Chủ tịch Đại hội', 'Presidium of the congress'), render });
})();
