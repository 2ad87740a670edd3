// daihoi — the tellers' console (Ban Kiểm phiếu): for each poll the ballots issued and collected,
// the paper ballots keyed at two or three stations and compared, the result as the rules engine
// counts it, the confirmations, the minutes. Each teller signs in with their own account: their
// sign-in is their keying station.
//
// The screen is rebuilt part by part (part(): only when what a part shows changes), so that a field
// keeps what is typed. The keying screen is built once per batch and updated in place: it is where
// the keyboard never stops.
'use strict';

(() => {
  const { tr, h, api, state, part, act } = DH;

  const ui = {
    sel: null, // selected poll id
    views: {}, // poll id → the paper view (GET /api/polls/{id}/paper)
    compare: null, // batch number whose comparison is open
    resize: null, // batch number whose count is being corrected
    keying: null, // the batch being keyed at this station (see openKeying)
    val: {}, // field id → typed value
    read: 0, // how many times the server's readings of keyed texts arrived (see readKeyed)
  };

  // ---------------------------------------------------------------- small helpers
  const me = () => (state.me && state.me.subject) || '';
  const capital = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');

  function field(id, attrs, def) {
    const v = ui.val[id] !== undefined ? ui.val[id] : (def === undefined || def === null ? '' : def);
    const tag = (attrs && attrs.tag) || 'input';
    const a = Object.assign({ id }, attrs || {});
    delete a.tag;
    const e = h(tag, a);
    e.value = v;
    e.addEventListener('input', () => { ui.val[id] = e.value; });
    return e;
  }
  const valOf = (id, def) => (ui.val[id] !== undefined ? ui.val[id] : def);



  // ---------------------------------------------------------------- words
  const stateName = (p) => ({
    draft: tr('Chưa mở', 'Not opened'),
    open: tr('Đang bỏ phiếu', 'Voting'),
    closed: p.result ? tr('Chờ xác nhận', 'To confirm') : tr('Đang kiểm phiếu', 'Counting'),
    counted: tr('Đã xác nhận — chờ công bố', 'Confirmed — to publish'),
    published: tr('Đã công bố', 'Published'),
  }[p.state] || p.state);
  const stateClass = (p) => ({ open: 'cur', closed: p.result ? 'warn' : 'cur', counted: 'ok', published: 'ok' }[p.state] || '');
  function modeText(p) {
    if (p.mode === 'hands') return tr('Biểu quyết giơ ', 'Show of hands (') + DH.raisedCard() + tr(' — ', ') — ') + DH.handsCount(p);
    if (p.mode === 'named') return tr('Biểu quyết công khai trên máy tính bảng', 'Open vote on tablets');
    const how = p.tablet && p.paper ? tr('máy tính bảng và phiếu giấy', 'tablets and paper') :
      p.paper ? tr('phiếu giấy', 'paper ballots') : tr('máy tính bảng', 'tablets');
    return tr('Bỏ phiếu kín — ', 'Secret ballot — ') + how + (p.paper ? tr(' (nhập ở ' + p.stations + ' máy)', ' (keyed at ' + p.stations + ' stations)') : '');
  }
  // The server lists an election's candidates in ballot order (the order printed on the ballot).
  const ballotOrder = (p) => p.order || p.candidates || [];
  // The ballot's form is the server's rule (Poll.TwoColumn: an election with no surplus).
  // The words of a keyed mark digit and a flag letter, with a small first letter: they follow a name
  // or a colon.
  const small = (s) => s.charAt(0).toLowerCase() + s.slice(1);
  const markWord = (d) => (DH.KEYED.mark[d] ? small(DH.word(DH.KEYED.mark[d])) : '');
  const flagWord = (f) => small(DH.word(DH.KEYED.flag[f]));
  const tellerName = (v, id) => { const t = v && (v.tellers || []).find((x) => x.id === id); return t ? t.name : id; };

  // ---------------------------------------------------------------- keyed ballots, as the server reads them
  // The server reads what a teller types (POST /api/polls/{id}/paper/preview, daihoi.ReadKeyed): the
  // notation and the rules of a valid ballot are the server's alone. The screen asks as the teller
  // types and keeps every answer, so that a text typed before (ballots repeat) shows at once, and one
  // asked for shows a few milliseconds later on the hall's network.
  const readings = new Map(); // poll id + text → the server's reading
  const asking = new Map(); // poll id + text → the request under way
  const rkey = (p, text) => p.id + '\n' + String(text || '').trim();
  // reading is what the server read in text, as the screen draws it ({text, form, kept: numbers on
  // a strike-out ballot, marks, choice, flags, invalid} or {error}), or undefined if not yet known.
  function reading(p, text) {
    const x = readings.get(rkey(p, text));
    if (!x) return undefined;
    if (x.error) return { error: capital(tr(x.error.message, x.error.message_en)) + '.' };
    return Object.assign({}, x, { kept: x.form === 'strike_out' ? x.kept || [] : undefined, flags: x.flags || [] });
  }
  // readKeyed asks the server to read the texts not yet known, in one request; it resolves once
  // every text has its reading.
  function readKeyed(p, texts) {
    const want = [...new Set(texts.map((t) => String(t || '').trim()))];
    const missing = want.filter((t) => !readings.has(rkey(p, t)) && !asking.has(rkey(p, t)));
    if (missing.length) {
      const req = api('POST', '/api/polls/' + p.id + '/paper/preview', { texts: missing })
        .then((out) => { missing.forEach((t, i) => readings.set(rkey(p, t), out[i])); })
        .finally(() => missing.forEach((t) => asking.delete(rkey(p, t))));
      missing.forEach((t) => asking.set(rkey(p, t), req));
    }
    return Promise.all(want.map((t) => asking.get(rkey(p, t))));
  }

  // ---------------------------------------------------------------- data
  const polls = () => (state.polls || []).slice();
  function sortedPolls() {
    const rank = { open: 0, closed: 1, counted: 2, published: 3, draft: 4 };
    return polls().sort((a, b) => (rank[a.state] - rank[b.state]) ||
      String(b.opened_at || '').localeCompare(String(a.opened_at || '')) || a.title.localeCompare(b.title));
  }
  function selected() {
    const list = sortedPolls();
    let p = list.find((x) => x.id === ui.sel);
    if (!p) {
      p = list.find((x) => x.state === 'closed') || list.find((x) => x.state === 'open') || list.find((x) => x.state !== 'draft') || list[0] || null;
      if (p) select(p.id);
    }
    return p;
  }
  function select(id) {
    if (ui.sel === id) return;
    ui.sel = id; ui.compare = null; ui.val = {};
    fetchView(id);
  }
  const fetching = {};
  async function fetchView(id) {
    if (!id) return;
    if (fetching[id]) { fetching[id] = 'again'; return; }
    fetching[id] = true;
    try {
      ui.views[id] = await api('GET', '/api/polls/' + id + '/paper');
    } catch (e) {
      if (e.status !== 404) DH.toast(DH.errText(e), 'error');
    } finally {
      const again = fetching[id] === 'again';
      fetching[id] = false;
      DH.rerender();
      if (again) setTimeout(() => fetchView(id), 150);
    }
  }
  // Another station's progress: the event says how far, never what; the view is fetched again.
  let refetch = null;
  function event(ev) {
    if (ev.type === 'paper' && ev.data && ev.data.poll === ui.sel) {
      clearTimeout(refetch);
      refetch = setTimeout(() => fetchView(ui.sel), 80);
    } else if (ev.type === 'poll' && ev.data && ev.data.id === ui.sel) {
      clearTimeout(refetch);
      refetch = setTimeout(() => fetchView(ui.sel), 80);
    }
  }

  // ---------------------------------------------------------------- skeleton
  let els = null;
  function skeleton() {
    els = {
      head: h('div'),
      list: h('nav', { id: 'poll-list', class: 'tl-list', 'aria-label': 'polls' }),
      console: h('section', { id: 'console', class: 'tl-console' }),
      keying: h('section', { id: 'keying-screen', class: 'tl-keying', hidden: true }),
    };
    els.parts = {};
    for (const k of ['title', 'figures', 'paper', 'compare', 'result', 'confirm', 'rules']) {
      els.parts[k] = h('div', { class: 'tl-part tl-' + k });
      els.console.append(els.parts[k]);
    }
    document.getElementById('app').replaceChildren(els.head,
      h('main', { class: 'tl-main' }, els.list, els.console, els.keying));
  }

  function title() {
    const head = (ui.views[ui.sel] && (ui.views[ui.sel].tellers || []).find((t) => t.id === me() && t.head));
    return tr('Ban Kiểm phiếu', 'Vote-counting committee') + (head ? tr(' — Trưởng ban', ' — head') : '');
  }

  function render() {
    if (!state.ready) return;
    if (!els) skeleton();
    part(els.head, [state.online, state.me && state.me.name, title()].join('|'), () => DH.header(title()));
    const p = selected();
    renderList();
    if (ui.keying) {
      els.console.hidden = true; els.keying.hidden = false;
      updateKeying();
      return;
    }
    els.console.hidden = false; els.keying.hidden = true;
    if (!p) {
      part(els.parts.title, 'none', () => h('div', { class: 'card' }, h('p', { class: 'big' }, tr('Chưa có cuộc bỏ phiếu nào.', 'There are no polls yet.'))));
      return;
    }
    const v = ui.views[p.id] || null;
    const vs = v ? JSON.stringify(v) : '';
    const ps = JSON.stringify(p);
    part(els.parts.title, ps, () => titleCard(p));
    part(els.parts.figures, ps, () => figuresCard(p));
    part(els.parts.paper, ps + vs + ui.resize, () => paperCard(p, v));
    part(els.parts.compare, ps + vs + ui.compare + '|' + ui.read, () => compareCard(p, v));
    part(els.parts.result, ps, () => resultCard(p));
    part(els.parts.confirm, ps + vs, () => confirmCard(p, v));
    part(els.parts.rules, ps + vs, () => rulesCard(p, v));
  }

  function renderList() {
    const list = sortedPolls();
    const sig = ui.sel + '|' + list.map((p) => p.id + p.state + (p.result ? 1 : 0) + p.title).join(',');
    part(els.list, sig, () => [
      h('h2', {}, tr('Các cuộc bỏ phiếu', 'Polls')),
      list.map((p) => h('button', {
        class: 'tl-poll' + (p.id === ui.sel ? ' sel' : '') + (p.state === 'draft' ? ' draft' : ''), 'data-poll': p.id,
        onclick: () => { select(p.id); DH.rerender(); },
      },
      h('span', { class: 'tl-poll-title' }, p.title),
      h('span', { class: 'tl-poll-meta' },
        h('span', { class: 'pill ' + stateClass(p) }, stateName(p)),
        h('span', { class: 'muted' }, p.mode === 'hands' ? tr('giơ tay', 'hands') : p.tablet && p.paper ? tr('bảng + giấy', 'tablet + paper') : p.paper ? tr('giấy', 'paper') : p.mode === 'named' ? tr('công khai', 'open') : tr('máy tính bảng', 'tablets'))))),
    ]);
  }

  // ---------------------------------------------------------------- the poll's parts
  function titleCard(p) {
    const links = p.result ? [
      h('a', { class: 'btn', id: 'print-minutes', href: '/print/minutes/' + p.id, target: '_blank' }, tr('In biên bản', 'Print minutes')),
      h('a', { class: 'btn', href: '/api/polls/' + p.id + '/minutes.pdf' }, tr('Biên bản PDF', 'Minutes PDF')),
      h('a', { class: 'btn', href: '/api/polls/' + p.id + '/record' }, tr('Tải bản ghi', 'Download record')),
    ] : [];
    if (p.paper || p.late_issued) links.push(h('a', { class: 'btn', href: '/print/entrylog/' + p.id, target: '_blank' }, tr('Nhật ký nhập phiếu', 'Entry log')));
    return h('div', { class: 'tl-title' },
      h('div', {},
        h('h1', { id: 'poll-title' }, p.title),
        h('div', { class: 'tl-sub' }, h('span', { class: 'pill ' + stateClass(p) }, stateName(p)), ' ', modeText(p),
          p.kind === 'election' ? tr(' · Số lượng cần bầu: ', ' · Seats: ') + p.seats + tr(' · Danh sách: ', ' · Names: ') + (p.candidates || []).length : '',
          p.round > 1 ? tr(' · Vòng ', ' · Round ') + p.round : '')),
      h('div', { class: 'tl-links' }, links));
  }

  function figuresCard(p) {
    if (p.mode === 'hands') return handsCard(p);
    if (p.state === 'draft') {
      return h('div', { class: 'card' }, h('h2', {}, tr('Số phiếu', 'Ballots')),
        h('p', { class: 'muted' }, tr('Cuộc bỏ phiếu chưa mở.', 'The poll has not opened yet.')));
    }
    const tabletColl = p.state === 'open' ? (p.cast || 0) : (p.collected || 0);
    // Paper handed to those present without a tablet (the presidium's list) counts as issued
    // before the tellers enter their figures.
    const handed = p.paper_to || [];
    const paperIssued = p.paper_entered || handed.length ? p.paper_issued || 0 : null;
    const paperColl = p.paper_entered ? p.paper_collected || 0 : null;
    const issued = (p.tablet ? p.issued || 0 : 0) + (paperIssued || 0);
    const collected = (p.tablet ? tabletColl : 0) + (paperColl || 0);
    const diff = issued - collected;
    const editable = p.state !== 'published';
    const rows = [];
    if (p.tablet) {
      rows.push(h('tr', {}, h('th', { scope: 'row' }, tr('Máy tính bảng', 'Tablets')),
        h('td', { class: 'n' }, String(p.issued || 0)), h('td', { class: 'n' }, String(tabletColl)),
        h('td', { class: 'muted small', id: 'late-issued' }, (p.state === 'open' ? tr('đang bỏ phiếu', 'voting') : tr('theo hòm phiếu điện tử', 'from the ballot box')) +
          (p.late_issued ? tr('; phát ra gồm ' + p.late_issued + ' phiếu cho đại biểu đến sau khi mở', '; issued includes ' + p.late_issued + ' to delegates who arrived after the opening') : ''))));
    }
    if (p.paper) {
      rows.push(h('tr', {}, h('th', { scope: 'row' }, tr('Phiếu giấy', 'Paper')),
        h('td', { class: 'n' }, editable ? field('paper-issued', { type: 'number', min: 0, class: 'num', 'aria-label': tr('phiếu giấy phát ra', 'paper issued') }, paperIssued) : String(paperIssued || 0)),
        h('td', { class: 'n' }, editable ? field('paper-collected', { type: 'number', min: 0, class: 'num', 'aria-label': tr('phiếu giấy thu vào', 'paper collected') }, paperColl) : String(paperColl || 0)),
        h('td', { class: 'muted small' }, p.paper_entered ? tr('do Ban Kiểm phiếu đếm', 'counted by the tellers') : h('span', { class: 'warn' }, handed.length
          ? tr('phát ra theo danh sách dưới đây; chưa nhập số thu vào', 'issued by the list below; collected not entered') : tr('chưa nhập', 'not entered')))));
    }
    if (p.tablet && p.paper) {
      rows.push(h('tr', { class: 'total' }, h('th', { scope: 'row' }, tr('Tổng cộng', 'Total')), h('td', { class: 'n' }, String(issued)), h('td', { class: 'n' }, String(collected)), h('td')));
    }
    const save = async () => {
      const body = {};
      if (p.paper) {
        const pi = valOf('paper-issued', paperIssued === null ? '' : String(paperIssued));
        const pc = valOf('paper-collected', paperColl === null ? '' : String(paperColl));
        if (pi === '' || pc === '') { DH.toast(tr('Nhập số phiếu giấy phát ra và thu vào.', 'Enter the paper ballots issued and collected.'), 'error'); return; }
        body.paper_issued = parseInt(pi, 10); body.paper_collected = parseInt(pc, 10);
      }
      body.note = valOf('count-note', p.count_note || '');
      if (!(await clearsConfirmations(p))) return;
      const ok = await act(() => api('POST', '/api/polls/' + p.id + '/figures', body), tr('Đã lưu số phiếu.', 'Figures saved.'));
      if (ok) { delete ui.val['paper-issued']; delete ui.val['paper-collected']; delete ui.val['count-note']; }
    };
    return h('div', { class: 'card', id: 'figures' },
      h('h2', {}, tr('Số phiếu phát ra và thu vào', 'Ballots issued and collected')),
      h('table', { class: 'tl-fig' },
        h('tr', {}, h('th'), h('th', { class: 'n' }, tr('Phát ra', 'Issued')), h('th', { class: 'n' }, tr('Thu vào', 'Collected')), h('th')),
        rows),
      paperToView(p),
      h('p', { id: 'difference', class: diff > 0 ? 'warn' : diff < 0 ? 'error' : 'muted' },
        diff > 0 ? tr('Chênh lệch: ' + diff + ' phiếu phát ra chưa thu về. Ghi rõ lý do vào biên bản.', 'Difference: ' + diff + ' ballots issued were not collected. Explain it in the minutes.') :
          diff < 0 ? tr('Số phiếu thu vào nhiều hơn phát ra: kiểm tra lại.', 'More ballots collected than issued: check again.') :
            tr('Số phiếu thu vào bằng số phiếu phát ra.', 'Ballots collected equal ballots issued.')),
      editable ? h('label', { class: 'tl-note' }, tr('Ghi chú của Ban Kiểm phiếu (giải thích chênh lệch)', "Tellers' note (explains a difference)"),
        field('count-note', { tag: 'textarea', rows: 2 }, p.count_note || '')) : (p.count_note ? h('p', {}, h('i', {}, tr('Ghi chú: ', 'Note: ')), p.count_note) : null),
      editable ? h('div', { class: 'row' }, h('button', { class: 'btn primary', id: 'save-figures', onclick: save }, tr('Lưu số phiếu', 'Save figures'))) : null);
  }

  // paperToView: in a poll on tablets and paper, whom to hand a paper ballot: those present without
  // a tablet, as the presidium recorded them at the opening or since (each gets paper, not a tablet
  // ballot too); while the poll is open, the tellers hand paper to whoever arrived since.
  function paperToView(p) {
    if (!p.tablet || !p.paper) return null;
    const to = p.paper_to || [];
    return h('div', { id: 'paper-to', class: 'tl-paper-to' },
      h('p', {}, h('b', {}, to.length ? tr('Phát phiếu giấy cho ' + to.length + ' đồng chí có mặt chưa có máy tính bảng', 'Hand paper ballots to ' + to.length + ' present without a tablet') +
        (p.paper_late ? tr(' (' + p.paper_late + ' đến sau khi mở)', ' (' + p.paper_late + ' arrived after the opening)') : '') + ':'
        : tr('Chưa phát phiếu giấy cho ai.', 'No paper ballots handed yet.'))),
      to.length ? h('ul', { class: 'tl-paper-names' }, to.map((d) => h('li', {}, d.number + '. ' + d.name + (d.unit ? ' — ' + d.unit : '')))) : null,
      p.state === 'open' ? h('div', { class: 'row' }, h('button', { class: 'btn', 'data-act': 'hand-paper', onclick: async () => {
        if (!(await DH.confirmDialog(tr('Phát phiếu giấy cho mọi đồng chí có mặt chưa có phiếu (chưa nhận phiếu trên máy tính bảng, chưa nhận phiếu giấy)?',
          'Hand a paper ballot to everyone present with no ballot yet (none on a tablet, none on paper)?'), tr('Phát phiếu giấy', 'Hand paper')))) return;
        const before = to.length;
        const v = await act(() => api('POST', '/api/polls/' + p.id + '/paper/hand'));
        if (v && v.paper_to) DH.toast(tr('Phát phiếu giấy cho: ', 'Hand paper to: ') + v.paper_to.slice(before).map((d) => d.number + '. ' + d.name).join(', '), 'ok');
      } }, tr('Phát phiếu giấy cho người đến sau', 'Hand paper to late arrivals'))) : null);
  }

  // clearsConfirmations asks before a change that clears the confirmations already given (the
  // server clears them all): a stray click must not send the whole committee back to confirm.
  async function clearsConfirmations(p) {
    const n = (p.confirmations || []).length;
    if (!n) return true;
    return DH.confirmDialog(tr(n + ' thành viên đã xác nhận kết quả. Thay đổi này sẽ xóa mọi xác nhận, Ban Kiểm phiếu phải xác nhận lại. Vẫn thay đổi?',
      n + ' tellers have confirmed the result. This change clears every confirmation; the tellers must confirm again. Change it anyway?'),
      tr('Thay đổi, xóa xác nhận', 'Change and clear'), tr('Không thay đổi', 'Leave it'));
  }

  function handsCard(p) {
    const counts = p.result || null;
    const abstain = p.settings && p.settings.abstain_option;
    // The presidium counts a show of hands unless the congress asked the tellers to.
    const editable = (p.state === 'open' || p.state === 'closed') && p.tellers_count_hands;
    const save = async () => (await clearsConfirmations(p)) && act(() => api('POST', '/api/polls/' + p.id + '/counts', {
      for: parseInt(valOf('h-for', counts ? counts.for : 0), 10) || 0,
      against: parseInt(valOf('h-against', counts ? counts.against : 0), 10) || 0,
      abstain: abstain ? parseInt(valOf('h-abstain', counts ? counts.abstain : 0), 10) || 0 : 0,
    }), tr('Đã lưu kết quả giơ tay.', 'Counts saved.'));
    if (p.state === 'draft') return h('div', { class: 'card' }, h('h2', {}, tr('Biểu quyết giơ tay', 'Show of hands')), h('p', { class: 'muted' }, tr('Chưa mở.', 'Not opened yet.')));
    return h('div', { class: 'card', id: 'figures' },
      h('h2', {}, tr('Kết quả giơ tay', 'Show of hands') + ' (' + DH.handsCount(p) + ')'),
      h('p', {}, tr('Có mặt: ', 'Present: ') + p.present + tr(' · Tổng số được triệu tập: ', ' · Base: ') + p.base + (p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '')),
      editable ? h('div', { class: 'row' },
        h('label', {}, DH.word('for'), field('h-for', { type: 'number', min: 0, class: 'num' }, counts ? counts.for : '')),
        h('label', {}, DH.word('against'), field('h-against', { type: 'number', min: 0, class: 'num' }, counts ? counts.against : '')),
        abstain ? h('label', {}, DH.word('abstain'), field('h-abstain', { type: 'number', min: 0, class: 'num' }, counts ? counts.abstain : '')) : null,
        h('button', { class: 'btn primary', onclick: save }, tr('Lưu', 'Save'))) : null);
  }

  function stationCell(p, b, i) {
    const st = b.stations[i];
    if (!st) return h('td', { class: 'muted small' }, tr('chưa có', 'free'));
    const done = st.keyed >= b.count;
    return h('td', { class: st.teller === me() ? 'mine' : '' },
      h('div', { class: 'tl-st-name' }, st.name || st.teller),
      h('div', { class: 'tl-prog' }, h('div', { class: 'tl-prog-fill' + (done ? ' done' : ''), style: { width: Math.round(100 * st.keyed / b.count) + '%' } })),
      h('div', { class: 'small' + (done ? ' okt' : '') }, st.keyed + ' / ' + b.count));
  }

  function paperCard(p, v) {
    if (!p.paper) return null;
    if (p.state === 'draft' || p.state === 'open') {
      return h('div', { class: 'card', id: 'paper' }, h('h2', {}, tr('Kiểm phiếu giấy', 'Paper ballots')),
        h('p', { class: 'muted' }, tr('Phiếu giấy được chia tập và nhập sau khi kết thúc bỏ phiếu.', 'Paper ballots are split into batches and keyed once the poll closes.')));
    }
    if (!v) return h('div', { class: 'card', id: 'paper' }, h('p', { class: 'muted' }, tr('Đang tải…', 'Loading…')));
    const n = p.stations;
    const collected = p.paper_entered ? p.paper_collected : null;
    const canEdit = p.state !== 'published';
    const addBatch = async () => {
      const c = parseInt(valOf('batch-count', ''), 10);
      if (!c) { DH.toast(tr('Nhập số phiếu của tập.', 'Enter the number of ballots in the batch.'), 'error'); return; }
      if (!(await clearsConfirmations(p))) return;
      const ok = await act(() => api('POST', '/api/polls/' + p.id + '/paper/batches', { count: c }), tr('Đã thêm tập phiếu.', 'Batch added.'));
      if (ok) { delete ui.val['batch-count']; fetchView(p.id); }
    };
    const rows = v.batches.map((b) => {
      const mineIdx = b.stations.findIndex((s) => s.teller === me());
      const canKey = canEdit && (mineIdx >= 0 || b.stations.length < n);
      const status = !b.complete ? h('span', { class: 'pill cur' }, tr('Đang nhập', 'Keying')) :
        b.mismatches.length ? h('span', { class: 'pill bad' }, tr('Lệch ' + b.mismatches.length + ' phiếu', b.mismatches.length + ' mismatched')) :
          h('span', { class: 'pill ok' }, tr('Khớp', 'Agree'));
      const cells = [];
      for (let i = 0; i < n; i++) cells.push(stationCell(p, b, i));
      const resize = async () => {
        const c = parseInt(valOf('resize-' + b.number, String(b.count)), 10);
        if (!(await clearsConfirmations(p))) return;
        if (await act(() => api('POST', '/api/polls/' + p.id + '/paper/batches/' + b.number + '/count', { count: c }), tr('Đã sửa số phiếu của tập ' + b.number + '.', 'Batch ' + b.number + ' count corrected.'))) {
          ui.resize = null; delete ui.val['resize-' + b.number]; fetchView(p.id);
        }
      };
      const countCell = ui.resize === b.number ?
        h('td', { class: 'n' }, field('resize-' + b.number, { type: 'number', min: 1, class: 'num', onkeydown: (ev) => { if (ev.key === 'Enter') resize(); if (ev.key === 'Escape') { ui.resize = null; DH.rerender(); } } }, b.count),
          h('div', { class: 'row' }, h('button', { class: 'btn small primary', onclick: resize }, tr('Lưu', 'Save')), h('button', { class: 'btn small', onclick: () => { ui.resize = null; DH.rerender(); } }, tr('Hủy', 'Cancel')))) :
        h('td', { class: 'n' }, String(b.count), canEdit && !b.complete ? h('div', {}, h('button', { class: 'linkish', title: tr('Đếm lại tập phiếu và sửa số phiếu', 'Recount the bundle and correct its count'), onclick: () => { ui.resize = b.number; DH.rerender(); } }, tr('sửa số', 'edit'))) : null);
      return h('tr', { 'data-batch': b.number, class: ui.compare === b.number ? 'sel' : '' },
        h('td', { class: 'n big-n' }, String(b.number)), countCell, cells, h('td', {}, status),
        h('td', { class: 'tl-actions' },
          canKey ? h('button', { class: 'btn small primary key-batch', 'data-batch': b.number, onclick: () => openKeying(p, b) },
            mineIdx >= 0 && b.stations[mineIdx].keyed >= b.count ? tr('Xem / sửa', 'Review') : tr('Nhập tập này', 'Key this batch')) : null,
          b.complete && b.mismatches.length ? h('button', { class: 'btn small compare-batch', 'data-batch': b.number, onclick: () => { ui.compare = b.number; DH.rerender(); } }, tr('Đối chiếu', 'Compare')) : null,
          canEdit && b.stations.every((s) => s.keyed === 0) ? h('button', { class: 'btn small', onclick: async () => {
            if (!(await DH.confirmDialog(tr('Xóa tập ' + b.number + ' (' + b.count + ' phiếu)?', 'Delete batch ' + b.number + ' (' + b.count + ' ballots)?'), tr('Xóa tập', 'Delete')))) return;
            if (await act(() => api('POST', '/api/polls/' + p.id + '/paper/batches/' + b.number + '/delete'), tr('Đã xóa tập.', 'Batch deleted.'))) fetchView(p.id);
          } }, tr('Xóa', 'Delete')) : null));
    });
    const head = [h('th', { class: 'n' }, tr('Tập', 'Batch')), h('th', { class: 'n' }, tr('Số phiếu', 'Ballots'))];
    for (let i = 0; i < n; i++) head.push(h('th', {}, tr('Máy ' + (i + 1), 'Station ' + (i + 1))));
    head.push(h('th', {}, tr('Đối chiếu', 'Comparison')), h('th'));
    const rest = collected === null ? null : collected - v.keyed;
    return h('div', { class: 'card', id: 'paper' },
      h('h2', {}, tr('Kiểm phiếu giấy — nhập ở ' + n + ' máy độc lập', 'Paper ballots — keyed at ' + n + ' independent stations')),
      h('div', { class: 'tl-progress', id: 'count-progress' },
        h('div', {}, h('b', {}, String(v.keyed)), tr(' phiếu đã chia tập', ' ballots in batches'), collected !== null ? tr(' / ' + collected + ' thu vào', ' / ' + collected + ' collected') : ''),
        h('div', {}, h('b', {}, String(v.agreed)), tr(' phiếu đã khớp ở mọi máy', ' agreed at every station')),
        h('div', { id: 'paper-status', class: v.final ? 'okt' : 'warn' }, v.final ? tr('Phiếu giấy đã kiểm xong: mọi tập khớp.', 'The paper count is final: every batch agrees.') : capital(tr(v.status, v.status_en)) + '.')),
      v.batches.length ? h('table', { id: 'batches', class: 'tl-batches' }, h('tr', {}, head), rows) :
        h('p', { class: 'muted' }, tr('Chưa có tập phiếu nào. Đếm phiếu thành từng tập (ví dụ 50 phiếu), đánh số, rồi thêm tập ở đây.', 'No batches yet. Count the ballots into numbered bundles (say 50 each), then add them here.')),
      canEdit ? h('div', { class: 'row tl-add' },
        h('label', {}, tr('Tập mới: số phiếu', 'New batch: ballots'), field('batch-count', { type: 'number', min: 1, class: 'num', placeholder: rest > 0 ? String(Math.min(rest, 50)) : '' })),
        h('button', { class: 'btn', id: 'add-batch', onclick: addBatch }, tr('Thêm tập phiếu', 'Add batch')),
        rest !== null ? h('span', { class: 'muted' }, tr('Còn ' + Math.max(rest, 0) + ' phiếu chưa chia tập.', Math.max(rest, 0) + ' ballots not in a batch yet.')) : null) : null);
  }

  // entryDiff says where an entry differs from the other stations' entries of the same ballot: the
  // names it keeps or strikes that another does not, the marks and flags it alone has. It is empty
  // until the server's readings of the entries are known (compareCard asks for them).
  function entryDiff(p, text, all) {
    const order = ballotOrder(p);
    const name = (n) => n + '. ' + (order[n - 1] ? order[n - 1].name : '?');
    const parsed = all.map((e) => reading(p, e));
    const r = reading(p, text);
    if (!r || r.error || parsed.some((x) => !x)) return [];
    const out = [];
    if (r.kept) {
      const mine = new Set(r.kept);
      const everywhere = (n) => parsed.every((x) => (x.kept || []).includes(n));
      const anywhere = (n) => parsed.some((x) => (x.kept || []).includes(n));
      for (let n = 1; n <= order.length; n++) {
        if (mine.has(n) && !everywhere(n)) out.push(h('div', { class: 'd-keep' }, tr('giữ ', 'keeps ') + name(n)));
        if (!mine.has(n) && anywhere(n)) out.push(h('div', { class: 'd-strike' }, tr('gạch ', 'strikes ') + name(n)));
      }
    }
    if (r.marks) {
      r.marks.split('').forEach((m, i) => {
        if (parsed.some((x) => (x.marks || '')[i] !== m)) out.push(h('div', {}, name(i + 1) + ': ' + markWord(m)));
      });
    }
    if (r.choice && parsed.some((x) => x.choice !== r.choice)) out.push(h('div', {}, DH.word(DH.KEYED.choice[r.choice])));
    for (const f of Object.keys(DH.KEYED.flag)) {
      const has = (x) => (x.flags || []).includes(f);
      if (has(r) && !parsed.every(has)) out.push(h('div', { class: 'd-flag' }, tr('dấu hiệu: ', 'flag: ') + flagWord(f)));
      if (!has(r) && parsed.some(has)) out.push(h('div', {}, tr('không có dấu hiệu ', 'no flag ') + f));
    }
    return out;
  }

  function compareCard(p, v) {
    if (!v || ui.compare === null) return null;
    const b = v.batches.find((x) => x.number === ui.compare);
    if (!b) return null;
    const close = h('button', { class: 'btn small', onclick: () => { ui.compare = null; DH.rerender(); } }, tr('Đóng', 'Close'));
    if (!b.compare.length) {
      return h('div', { class: 'card', id: 'compare' }, h('div', { class: 'row spread' }, h('h2', {}, tr('Tập ' + b.number + ': các máy đã khớp', 'Batch ' + b.number + ': the stations agree')), close));
    }
    const entries = b.compare.flatMap((m) => m.entries);
    if (entries.some((e) => !reading(p, e))) readKeyed(p, entries).then(() => { ui.read++; DH.rerender(); }, () => {});
    const correct = async (pos, text) => {
      const ok = await act(() => api('POST', '/api/polls/' + p.id + '/paper/batches/' + b.number + '/correct', { position: pos, text }),
        tr('Đã sửa phiếu ' + pos + '.', 'Ballot ' + pos + ' corrected.'));
      if (ok) { delete ui.val['fix-' + pos]; fetchView(p.id); }
    };
    return h('div', { class: 'card', id: 'compare' },
      h('div', { class: 'row spread' },
        h('h2', {}, tr('Đối chiếu tập ' + b.number + ': ' + b.compare.length + ' phiếu nhập lệch', 'Batch ' + b.number + ': ' + b.compare.length + ' ballots keyed differently')), close),
      h('p', { class: 'muted' }, tr('Lấy đúng tờ phiếu giấy theo số thứ tự trong tập, xem lại, rồi chọn nội dung đúng hoặc gõ lại. Mọi lần sửa được ghi vào nhật ký nhập phiếu.',
        'Take the paper ballot by its position in the batch, look at it, then choose the right entry or type it. Every correction goes into the entry log.')),
      h('table', { class: 'tl-compare' },
        h('tr', {}, h('th', { class: 'n' }, tr('Phiếu số', 'Ballot')), b.stations.map((s, i) => h('th', {}, tr('Máy ' + (i + 1), 'Station ' + (i + 1)) + ' — ' + (s.name || s.teller))), h('th', {}, tr('Theo phiếu giấy', 'As the paper shows'))),
        b.compare.map((m) => {
          const distinct = [...new Set(m.entries)];
          return h('tr', { 'data-position': m.position },
            h('td', { class: 'n big-n' }, String(m.position)),
            m.entries.map((e) => h('td', { class: 'tl-entry' + (m.entries.filter((x) => x === e).length === 1 && m.entries.length > 2 ? ' odd' : '') },
              h('div', { class: 'mono' }, e), h('div', { class: 'small tl-diff' }, entryDiff(p, e, m.entries)))),
            h('td', { class: 'tl-fix' },
              // Each entry with the stations that keyed it: the odd one out is seen on the button too.
              distinct.map((e) => h('button', { class: 'btn small use-entry', 'data-entry': e, onclick: () => correct(m.position, e) }, tr('Đúng: ', 'Right: ') + e,
                h('span', { class: 'by-stations' }, ' (' + tr('máy ', 'station ') + m.entries.map((x, i) => (x === e ? i + 1 : 0)).filter(Boolean).join(', ') + ')'))),
              h('div', { class: 'row' }, field('fix-' + m.position, { class: 'mono fix-input', placeholder: tr('gõ lại', 'retype'), onkeydown: (ev) => { if (ev.key === 'Enter') correct(m.position, ev.target.value); } }),
                h('button', { class: 'btn small', onclick: () => correct(m.position, valOf('fix-' + m.position, '')) }, tr('Sửa', 'Correct')))));
        })));
  }

  function resultCard(p) {
    const r = p.result;
    if (!r) {
      if (p.state === 'closed') {
        return h('div', { class: 'card', id: 'result' }, h('h2', {}, tr('Kết quả', 'Result')),
          h('p', { class: 'muted' }, p.paper ? tr('Kết quả có khi phiếu giấy đã kiểm xong: mọi tập khớp ở mọi máy và đủ số phiếu thu vào.', 'The result appears once the paper count is final: every batch agrees and all collected ballots are keyed.') :
            tr('Đang niêm phong và kiểm phiếu…', 'Sealing and counting…')));
      }
      return null;
    }
    const base = p.base;
    const bs = r.ballots || {};
    const stats = p.mode === 'hands' ? null : h('div', { class: 'tl-stats' },
      h('div', {}, tr('Phiếu thu vào', 'Ballots'), h('b', {}, String(bs.total || 0))),
      h('div', {}, tr('Hợp lệ', 'Valid'), h('b', {}, String(bs.valid || 0))),
      h('div', {}, tr('Không hợp lệ', 'Invalid'), h('b', {}, String(bs.invalid || 0))),
      h('ul', { class: 'tl-reasons' }, (p.invalid_reasons || []).map((r) => h('li', { 'data-reason': r.key }, tr(r.vi, r.en) + ': ', h('b', {}, String((bs.invalid_by_reason || {})[r.key] || 0))))));
    const m = DH.result(p);
    let body;
    if (m.kind === 'motion') {
      body = [h('table', { class: 'tl-votes' }, m.rows.map((row) => h('tr', {}, h('td', {}, row.label), h('td', { class: 'n' }, String(row.n)), h('td', { class: 'n' }, row.pct + '%')))),
        h('p', { class: 'big ' + (m.passed ? 'okt' : 'error') }, m.passed ? tr('Thông qua (tán thành quá một nửa tổng số triệu tập).', 'Passed (more than half of the base for).') : tr('Không thông qua.', 'Not passed.'))];
    } else {
      body = [
        h('table', { class: 'tl-votes', id: 'votes' },
          h('tr', {}, h('th', { class: 'n' }, tr('TT', 'No.')), h('th', {}, tr('Họ và tên (thứ tự trên phiếu)', 'Name (ballot order)')), h('th', { class: 'n' }, tr('Số phiếu', 'Votes')), h('th', { class: 'n' }, tr('% tổng số triệu tập', '% of base')), h('th', {}, tr('Kết quả', 'Outcome'))),
          m.rows.map((row) => h('tr', { class: row.rank ? 'elected' : row.runoff ? 'runoff' : '' },
            h('td', { class: 'n' }, String(row.n)), h('td', {}, row.name), h('td', { class: 'n' }, String(row.votes)),
            h('td', { class: 'n' }, row.pct + '%'),
            h('td', {}, row.rank ? DH.word('elected') + ' (' + row.rank + ')' : row.runoff ? tr('Hòa phiếu — bầu lại', 'Tied — run-off')
              : row.over ? tr('Quá một nửa, hết chỗ', 'Over half, no seat left') : tr('Không quá một nửa', 'Not over half'))))),
        // The threshold in votes (the server's p.needed), so that each row can be read against it.
        h('p', { id: 'threshold' }, tr('Trúng cử khi được trên một nửa tổng số đại biểu được triệu tập (' + base + '), tức từ ' + m.needed + ' phiếu trở lên.',
          'Elected with more than half of the base (' + base + '), that is ' + m.needed + ' votes or more.')),
        m.runoffSeats > 0 ? h('p', { class: 'warn' }, tr('Hòa phiếu ở vị trí cuối: cần bầu lại ' + m.runoffSeats + ' chỗ.', 'Tie at the last seat: a run-off for ' + m.runoffSeats + ' seat(s).')) : null,
        m.unfilled > 0 ? h('p', { class: 'warn' }, tr('Còn thiếu ' + m.unfilled + ' người so với số lượng cần bầu.', m.unfilled + ' seat(s) unfilled.')) : null,
      ];
    }
    return h('div', { class: 'card', id: 'result' },
      h('h2', {}, tr('Kết quả kiểm phiếu', 'Result of the count') + (p.state === 'closed' ? tr(' — chưa công bố, chỉ Ban Kiểm phiếu thấy', ' — not published: only the tellers see it') : '')),
      h('p', { id: 'result-base' }, tr('Tổng số đại biểu được triệu tập: ', 'Base: ') + base + (p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '') + tr(' · Có mặt: ', ' · Present: ') + p.present),
      stats, body,
      p.digest ? h('p', { class: 'tl-digest' }, tr('Mã niêm phong (SHA-256): ', 'Seal digest (SHA-256): '), h('span', { class: 'mono', id: 'digest' }, p.digest)) : null);
  }

  function confirmCard(p, v) {
    if (p.state === 'draft' || p.state === 'open') return null;
    if (p.mode === 'hands' && !p.tellers_count_hands) {
      return h('div', { class: 'card', id: 'confirmations' }, h('h2', {}, tr('Xác nhận của Ban Kiểm phiếu', "The tellers' confirmation")),
        h('p', { id: 'confirm-why', class: 'muted' }, tr('Biểu quyết giơ tay do Đoàn Chủ tịch kiểm đếm và công bố: Ban Kiểm phiếu không xác nhận.',
          'A show of hands is counted and announced by the presidium: the tellers do not confirm it.')));
    }
    const tellers = (v && v.tellers) || [];
    const done = new Set(p.confirmations || []);
    const mine = tellers.find((t) => t.id === me());
    const head = mine && mine.head;
    const othersLeft = tellers.filter((t) => !t.head && !done.has(t.id)).length;
    let why = '';
    if (!p.result) why = tr('Chưa có kết quả để xác nhận.', 'There is no result to confirm yet.');
    else if (p.state !== 'closed') why = p.state === 'published' ? tr('Kết quả đã được công bố trước Đại hội.', 'The result is published to the congress.') : tr('Ban Kiểm phiếu đã xác nhận đủ. Chờ Đoàn Chủ tịch công bố.', 'Every teller has confirmed. The presidium may publish it.');
    else if (done.has(me())) why = tr('Đồng chí đã xác nhận.', 'You have confirmed.');
    else if (head && othersLeft > 0) why = tr('Trưởng ban xác nhận sau cùng: còn ' + othersLeft + ' thành viên chưa xác nhận.', 'The head confirms last: ' + othersLeft + ' tellers have not confirmed yet.');
    const can = !why;
    const confirm = async () => {
      const q = tr('Đồng chí xác nhận kết quả kiểm phiếu "' + p.title + '" là đúng? Sau khi cả Ban xác nhận, Đoàn Chủ tịch mới được công bố.',
        'Do you confirm the result of "' + p.title + '" is right? Once every teller confirms, the presidium may publish it.');
      if (!(await DH.confirmDialog(q, tr('Xác nhận kết quả', 'Confirm the result')))) return;
      await act(() => api('POST', '/api/polls/' + p.id + '/confirm'), tr('Đã xác nhận.', 'Confirmed.'));
    };
    return h('div', { class: 'card', id: 'confirmations' },
      h('h2', {}, tr('Xác nhận của Ban Kiểm phiếu', "The tellers' confirmation")),
      h('p', { class: 'muted' }, tr('Mỗi thành viên xác nhận bằng tài khoản của mình, Trưởng ban sau cùng. Một thay đổi sau khi xác nhận sẽ xóa mọi xác nhận.',
        'Each teller confirms with their own sign-in, the head last. Any change after a confirmation clears them all.')),
      h('ul', { class: 'tl-confirm-list' }, tellers.map((t) => h('li', { class: done.has(t.id) ? 'yes' : '' },
        h('span', { class: 'mark' }, done.has(t.id) ? '✓' : '○'), ' ', t.name, t.head ? tr(' (Trưởng ban)', ' (head)') : '', t.id === me() ? h('span', { class: 'me' }, tr(' (tài khoản này)', ' (you)')) : ''))),
      h('div', { class: 'row' },
        h('button', { class: 'btn ok big-btn', id: 'confirm', disabled: !can, onclick: confirm }, tr('Xác nhận kết quả', 'Confirm the result')),
        why ? h('span', { id: 'confirm-why', class: p.state === 'counted' || p.state === 'published' ? 'okt' : 'muted' }, why) : null));
  }

  function rulesCard(p, v) {
    if (!v) return null;
    return h('details', { class: 'card', id: 'rules', open: true },
      h('summary', {}, h('b', {}, tr('Quy tắc áp dụng cho cuộc bỏ phiếu này', 'Rules applied to this poll')), ' (' + p.ruleset + ')'),
      h('table', {}, (v.settings || []).map((s) => h('tr', {}, h('td', {}, tr(s.vi, s.en)), h('td', { class: 'n' }, s.value === 'true' ? tr('có', 'yes') : s.value === 'false' ? tr('không', 'no') : s.value)))));
  }

  // ---------------------------------------------------------------- the keying screen
  // Keyboard only: the numbers on the ballot of the names left standing, a flag by its letter, Enter
  // for the next ballot; ↑ and ↓ go back to a ballot keyed before; Esc leaves. Each entry is sent at
  // once, in order, while the teller keys the next.
  function openKeying(p, b) {
    const mineIdx = b.stations.findIndex((s) => s.teller === me());
    const mine = (b.mine && b.mine.length === b.count) ? b.mine.slice() : new Array(b.count).fill('');
    const k = { poll: p.id, number: b.number, count: b.count, mine, station: mineIdx >= 0 ? mineIdx + 1 : b.stations.length + 1,
      pos: 1, queue: Promise.resolve(), pending: 0, sent: 0, times: [], els: {} };
    k.pos = nextEmpty(k, 0);
    ui.keying = k;
    buildKeying(p);
    DH.rerender();
    k.els.input.focus();
  }
  function nextEmpty(k, after) {
    for (let i = after; i < k.count; i++) if (!k.mine[i]) return i + 1;
    for (let i = 0; i < after && i < k.count; i++) if (!k.mine[i]) return i + 1;
    return k.count + 1;
  }
  function closeKeying() {
    const k = ui.keying;
    ui.keying = null;
    els.keying.replaceChildren();
    if (k) fetchView(k.poll);
    DH.rerender();
  }
  function keyingPoll() { return polls().find((x) => x.id === (ui.keying && ui.keying.poll)); }

  function buildKeying(p) {
    const k = ui.keying;
    const order = ballotOrder(p);
    const two = p.two_column;
    const input = h('input', { id: 'key-input', class: 'mono', autocomplete: 'off', spellcheck: 'false', 'aria-label': tr('nội dung phiếu', 'ballot entry') });
    input.addEventListener('input', () => updateKeying());
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') { ev.preventDefault(); submitKey(); } else if (ev.key === 'Escape') { ev.preventDefault(); closeKeying(); } else if (ev.key === 'ArrowUp') { ev.preventDefault(); moveTo(k.pos - 1); } else if (ev.key === 'ArrowDown') { ev.preventDefault(); moveTo(k.pos + 1); }
    });
    k.els = {
      input,
      pos: h('div', { id: 'key-pos', class: 'k-pos' }),
      preview: h('div', { id: 'key-preview', class: 'k-preview' }),
      names: h('ol', { class: 'k-names' + (order.length > 16 ? ' cols' : '') }, order.map((c, i) => h('li', { 'data-n': i + 1 }, h('span', { class: 'k-num' }, String(i + 1)), h('span', { class: 'k-name' }, c.name), h('span', { class: 'k-mark' })))),
      recent: h('ol', { id: 'key-recent', class: 'k-recent' }),
      stats: h('div', { id: 'key-stats', class: 'k-stats' }),
    };
    const help = p.kind === 'motion' ? tr('Gõ 1 tán thành, 2 không tán thành' + (p.settings && p.settings.abstain_option ? ', 3 không biểu quyết' : '') + ', rồi Enter.', 'Type 1 for, 2 against' + (p.settings && p.settings.abstain_option ? ', 3 abstain' : '') + ', then Enter.') :
      two ? tr('Mỗi tên một chữ số, theo thứ tự trên phiếu: 1 đồng ý, 2 không đồng ý, 3 đánh cả hai, 0 không đánh dấu; rồi Enter.', 'One digit per name in ballot order: 1 agree, 2 disagree, 3 both, 0 none; then Enter.') :
        tr('Gõ số thứ tự các tên CÒN LẠI (không bị gạch), cách nhau bằng dấu cách, rồi Enter. 0 = gạch hết tên. Bắt đầu bằng "-" để gõ các tên BỊ GẠCH thay vào đó.',
          'Type the numbers of the names LEFT STANDING, separated by spaces, then Enter. 0 = every name struck out. Start with "-" to type the names STRUCK OUT instead.');
    els.keying.replaceChildren(h('div', { id: 'keying', class: 'keying' },
      h('div', { class: 'k-top' },
        h('div', {}, h('h1', {}, tr('Nhập phiếu giấy — Tập ' + k.number, 'Keying paper ballots — batch ' + k.number)),
          k.els.station = h('div', { class: 'muted', id: 'key-station' })),
        h('button', { class: 'btn', id: 'key-done', onclick: closeKeying }, tr('Xong — quay lại (Esc)', 'Done — back (Esc)'))),
      h('div', { class: 'k-grid' },
        h('div', { class: 'k-left' }, k.els.pos, input, k.els.preview,
          h('div', { class: 'k-help' }, h('p', {}, help),
            h('p', {}, tr('Dấu hiệu phiếu không hợp lệ: ', 'Flags: '), h('kbd', {}, 'K'), tr(' không do Ban Kiểm phiếu phát ra · ', ' not issued by the tellers · '),
              h('kbd', {}, 'T'), tr(' ghi thêm tên · ', ' name added · '), h('kbd', {}, 'D'), tr(' ký tên / đánh dấu riêng', ' signed or marked')),
            h('p', {}, h('kbd', {}, '↑'), ' ', h('kbd', {}, '↓'), tr(' về phiếu trước / sau để sửa · ', ' previous / next ballot to fix · '), h('kbd', {}, 'Esc'), tr(' thoát', ' leave'))),
          k.els.stats),
        h('div', { class: 'k-mid' }, h('h2', {}, tr('Danh sách trên phiếu', 'Names on the ballot')), k.els.names),
        h('div', { class: 'k-right' }, h('h2', {}, tr('Các phiếu của tập', 'Ballots of the batch')), k.els.recent))));
    updateKeying();
  }

  function moveTo(pos) {
    const k = ui.keying;
    if (!k || pos < 1 || pos > k.count + 1) return;
    k.pos = pos;
    k.els.input.value = pos <= k.count ? (k.mine[pos - 1] || '') : '';
    updateKeying();
  }

  function submitKey() {
    const k = ui.keying;
    const p = keyingPoll();
    if (!k || !p) return;
    if (k.pos > k.count) { DH.toast(tr('Đã nhập hết tập này. Dùng ↑ để sửa, Esc để quay lại.', 'The batch is keyed. Use ↑ to fix, Esc to go back.')); return; }
    const text = k.els.input.value;
    // Known to be no ballot: say so where the teller looks. Not read yet (Enter within moments of
    // the last key): sent as typed; the server reads it the same way and refuses it if it is none.
    const r = reading(p, text);
    if (!text.trim() || (r && r.error)) { k.els.preview.classList.add('shake'); setTimeout(() => k.els.preview.classList.remove('shake'), 400); updateKeying(); return; }
    const pos = k.pos;
    const before = k.mine[pos - 1];
    k.mine[pos - 1] = r ? r.text : text.trim();
    k.times.push(Date.now());
    k.els.input.value = '';
    k.pos = nextEmpty(k, pos);
    k.pending++;
    const url = '/api/polls/' + k.poll + '/paper/batches/' + k.number + '/key';
    k.queue = k.queue.then(() => api('POST', url, { position: pos, texts: [r ? r.text : text] }))
      .then((bv) => {
        k.pending--; k.sent++;
        if (bv && bv.station >= 0) k.station = bv.station + 1;
        if (bv && bv.mine && bv.mine[pos - 1]) k.mine[pos - 1] = bv.mine[pos - 1]; // as stored
        if (ui.keying === k) updateKeying();
      })
      .catch((e) => {
        k.pending--;
        k.mine[pos - 1] = before;
        DH.toast(tr('Phiếu ' + pos + ' chưa lưu được: ', 'Ballot ' + pos + ' was not saved: ') + DH.errText(e), 'error');
        if (ui.keying === k) { k.pos = pos; k.els.input.value = text; updateKeying(); }
      });
    updateKeying();
  }

  // showReading draws the server's reading r of text: the names kept and struck (or each name's
  // mark) in the list, and the entry with what makes it invalid under the input.
  function showReading(k, p, text, r) {
    const kept = new Set(r.kept || []);
    const marks = r.marks || '';
    k.els.names.querySelectorAll('li').forEach((li, i) => {
      const n = i + 1;
      li.className = '';
      const mk = li.querySelector('.k-mark');
      mk.textContent = '';
      if (r.error) return;
      if (r.kept) li.classList.add(kept.has(n) ? 'kept' : 'struck');
      if (marks) { const m = marks[i]; li.classList.add('m' + m); mk.textContent = markWord(m); }
    });
    if (!text.trim()) {
      k.els.preview.className = 'k-preview muted';
      k.els.preview.textContent = k.pos <= k.count ? tr('Gõ nội dung phiếu ' + k.pos + ' rồi Enter.', 'Type ballot ' + k.pos + ', then Enter.') : tr('Tập đã nhập xong ở máy này. Chờ các máy khác để đối chiếu.', 'This station has keyed the batch. The comparison follows once every station has.');
    } else if (r.error) {
      k.els.preview.className = 'k-preview error';
      k.els.preview.textContent = r.error;
    } else {
      const flags = r.flags.map(flagWord);
      // A strike-out ballot is shown against its seats; the server says when it is invalid (more
      // names than seats, every name struck out where the ruleset says so), in red as a flagged one.
      const seats = r.kept ? p.seats : 0;
      const over = r.invalid === 'over_seats';
      const nobody = r.invalid === 'all_struck';
      k.els.preview.className = 'k-preview ' + (over || nobody || flags.length ? 'error' : 'ok');
      k.els.preview.textContent = '→ ' + r.text + (r.kept ? tr(' · giữ ' + r.kept.length + ' tên', ' · keeps ' + r.kept.length) : '') +
        (over ? tr(' — nhiều hơn ' + seats + ' người cần bầu: phiếu không hợp lệ', ' — more than the ' + seats + ' seats: invalid')
          : nobody ? tr(' — không bầu ai: phiếu không hợp lệ', ' — votes for nobody: invalid')
            : seats && !r.invalid ? tr(' (tối đa ' + seats + ')', ' (at most ' + seats + ')') : '') +
        (flags.length ? ' · ' + tr('KHÔNG HỢP LỆ: ', 'INVALID: ') + flags.join(', ') : '');
    }
  }

  function updateKeying() {
    const k = ui.keying;
    const p = keyingPoll();
    if (!k || !p || !k.els.input) return;
    const keyed = k.mine.filter((x) => x).length;
    k.els.station.textContent = p.title + ' · ' + tr('Máy ' + k.station + '/' + p.stations + ' — ', 'Station ' + k.station + '/' + p.stations + ' — ') + (state.me ? state.me.name : '');
    k.els.pos.replaceChildren(k.pos <= k.count ?
      h('span', {}, tr('Phiếu ', 'Ballot '), h('b', {}, String(k.pos)), ' / ' + k.count) :
      h('span', { class: 'okt' }, tr('Đã nhập đủ ' + k.count + ' phiếu', 'All ' + k.count + ' ballots keyed')));
    const text = k.els.input.value;
    const r = text.trim() ? reading(p, text) : {};
    if (!r) {
      // Not read yet: the server's reading follows in a moment; what is shown stays until then.
      readKeyed(p, [text]).then(() => { if (ui.keying === k && k.els.input.value === text) updateKeying(); },
        (e) => { if (ui.keying === k) { k.els.preview.className = 'k-preview error'; k.els.preview.textContent = DH.errText(e); } });
    } else {
      showReading(k, p, text, r);
    }
    // The list of the batch's ballots: the current one in view.
    const rec = k.els.recent;
    if (rec.children.length !== k.count) {
      rec.replaceChildren(...k.mine.map((_, i) => h('li', { 'data-pos': i + 1, onclick: () => { moveTo(i + 1); k.els.input.focus(); } },
        h('span', { class: 'k-rpos' }, String(i + 1)), h('span', { class: 'k-rtext mono' }))));
    }
    rec.querySelectorAll('li').forEach((li, i) => {
      li.querySelector('.k-rtext').textContent = k.mine[i] || '·';
      li.classList.toggle('cur', i + 1 === k.pos);
      li.classList.toggle('done', !!k.mine[i]);
    });
    const cur = rec.querySelector('li.cur');
    if (cur && cur.scrollIntoView) cur.scrollIntoView({ block: 'nearest' });
    let rate = '';
    if (k.times.length >= 2) {
      const mins = (k.times[k.times.length - 1] - k.times[0]) / 60000;
      if (mins > 0) rate = Math.round((k.times.length - 1) / mins);
    }
    k.els.stats.dataset.keyed = String(keyed);
    k.els.stats.dataset.pending = String(k.pending);
    k.els.stats.replaceChildren(...[
      h('span', {}, tr('Đã nhập ', 'Keyed '), h('b', {}, keyed + '/' + k.count)),
      rate !== '' ? h('span', {}, tr(' · Tốc độ ', ' · Speed '), h('b', { id: 'key-rate' }, String(rate)), tr(' phiếu/phút', ' ballots/min')) : null,
      k.pending ? h('span', { class: 'muted' }, tr(' · đang gửi ' + k.pending, ' · sending ' + k.pending)) : h('span', { class: 'okt' }, tr(' · đã lưu', ' · saved')),
    ].filter(Boolean));
  }

  DH.start({ roles: ['teller'], title: () => tr('Ban Kiểm phiếu', 'Vote-counting committee'), render, event });
})();
