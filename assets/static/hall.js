// daihoi — the hall display (màn hình hội trường): what the projector shows, readable from 20 m.
// No controls: the congress title, the session, the item under way with its clock, the speaker with
// theirs, the attendance; during a vote only the turnout (never a partial result); after the
// presidium publishes, the result.
'use strict';

(() => {
  const { tr, h, state, part } = DH;

  // The result on show: the poll last published while this screen watched, for as long as the
  // same item is under way and nobody has been called to speak since.
  let shown = null; // {poll, item}
  function event(ev) {
    const cur = DH.currentItem();
    if (ev.type === 'poll' && ev.data && ev.data.state === 'published') shown = { poll: ev.data.id, item: cur ? cur.id : '' };
    if (ev.type === 'poll' && ev.data && ev.data.state === 'open') shown = null;
    if (ev.type === 'speaker' && ev.data && ev.data.state === 'speaking') shown = null;
  }

  function resultPoll(cur) {
    const polls = state.polls || [];
    if (shown && (cur ? cur.id : '') === shown.item) {
      const p = polls.find((x) => x.id === shown.poll && x.state === 'published' && x.result);
      if (p) return p;
    }
    if (!cur || DH.currentSpeaker()) return null;
    const mine = polls.filter((p) => p.state === 'published' && p.result && p.agenda_item === cur.id)
      .sort((a, b) => Date.parse(b.closed_at || 0) - Date.parse(a.closed_at || 0) || (b.round || 1) - (a.round || 1));
    return mine[0] || null;
  }

  function openPoll() {
    const open = (state.polls || []).filter((p) => p.state === 'open');
    return open.find((p) => p.mode !== 'hands') || open[0] || null;
  }

  // The poll whose vote is over and whose result is not yet announced: the tellers are counting
  // (closed), or have confirmed and the presidium is about to announce it (counted).
  function countingPoll() {
    const waiting = (state.polls || []).filter((p) => p.state === 'closed' || p.state === 'counted');
    return waiting.sort((a, b) => Date.parse(b.closed_at || 0) - Date.parse(a.closed_at || 0))[0] || null;
  }

  const sessionName = (s) => (s === 'preparatory' ? tr('Phiên trù bị', 'Preparatory session') : tr('Phiên chính thức', 'Official session'));

  let els = null;
  function skeleton() {
    els = {
      top: h('header', { class: 'top hall-top' }), // 'top': the sign-in helpers wait for header.top
      item: h('section', { class: 'hall-item' }),
      stage: h('section', { class: 'hall-stage' }),
      foot: h('footer', { class: 'hall-foot' }),
      net: h('div', { class: 'hall-net', 'aria-live': 'polite' }),
    };
    document.getElementById('app').replaceChildren(h('div', { class: 'hall' }, els.top, els.item, els.stage, els.foot), els.net);
  }

  function render() {
    if (!state.ready) return;
    if (!els) skeleton();
    const c = state.congress || {};
    const cur = DH.currentItem();
    const sp = DH.currentSpeaker();
    const poll = openPoll();
    // Between the close and the publication the hall says the count is under way, unless the
    // floor has been given to a speaker meanwhile.
    const counting = poll || sp ? null : countingPoll();
    const res = poll || counting ? null : resultPoll(cur);
    const mode = poll ? 'vote' : counting ? 'counting' : res ? 'result' : sp ? 'speaker' : 'item';
    document.body.dataset.mode = mode;
    // A long list of candidates needs the whole height: the header and the item shrink.
    document.body.classList.toggle('dense', mode === 'result' && res.kind === 'election' && ((res.result && res.result.order) || []).length > 12);

    part(els.top, JSON.stringify([c.title, cur && cur.session]), () => [
      h('div', { id: 'hall-title', class: 'hall-title' }, c.title || ''),
      h('div', { class: 'hall-sub' }, h('span', { class: 'hall-session' }, cur ? sessionName(cur.session) : ''), h('span', { class: 'hall-clock', id: 'hall-clock' })),
    ]);
    // With no item open, "about to begin" only while nothing else is on the stage: a vote or a
    // result between items says what it is itself.
    part(els.item, JSON.stringify([cur && [cur.id, cur.title, cur.started_at, cur.minutes], !cur && mode]), () => [
      h('div', { class: 'hall-label' }, cur ? tr('Nội dung', 'Now') : ''),
      h('div', { id: 'current-item', class: 'hall-current' }, cur ? cur.title : mode === 'item' ? tr('Đại hội sắp bắt đầu', 'The congress will begin shortly') : ''),
      cur ? h('div', { class: 'hall-item-timer' }, h('span', { id: 'item-timer', class: 'tick', 'data-since': cur.started_at, 'data-limit': cur.minutes || '' }),
        h('span', { class: 'hall-planned' }, ' / ' + (cur.minutes || 0) + ':00')) : null,
    ]);
    const { cast, ...pollSig } = poll || {};
    part(els.stage, JSON.stringify([mode, mode === 'vote' ? pollSig : null, mode === 'result' ? res : null, sp && mode !== 'vote' ? sp : null,
      counting && [counting.id, counting.title, counting.mode, counting.tellers_count_hands]]), () => {
      if (mode === 'vote') return turnoutView(poll);
      if (mode === 'counting') return countingView(counting);
      if (mode === 'result') return resultView(res);
      if (mode === 'speaker') return speakerView(sp);
      return null;
    });
    const a = state.attendance || {};
    part(els.foot, JSON.stringify(a), () => h('div', { id: 'attendance', class: 'hall-att ' + (a.quorum ? 'ok' : 'bad') },
      h('span', {}, tr('Đại biểu có mặt: ', 'Present: ')), h('b', { class: 'hall-att-fig' }, (a.present || 0) + '/' + (a.base || 0)),
      h('span', { class: 'sep' }, '·'),
      h('span', {}, tr('Túc số cần: ', 'Quorum: ') + (a.quorum_needed || 0)),
      h('span', { class: 'sep' }, '·'),
      h('b', { class: 'hall-verdict' }, a.quorum ? tr('Đủ túc số', 'Đủ túc số (quorum)') : tr('Chưa đủ túc số', 'Chưa đủ túc số (no quorum)'))));
    part(els.net, String(state.online), () => state.online ? null : h('span', { class: 'hall-reconnect', id: 'reconnecting' }, '⟳ ' + tr('Đang kết nối lại…', 'Reconnecting…')));
    live();
  }

  function speakerView(sp) {
    return h('div', { class: 'hall-speaker' },
      h('div', { class: 'hall-label' }, tr('Đồng chí đang phát biểu', 'Speaking')),
      h('div', { id: 'speaker', class: 'hall-speaker-name' }, sp.name),
      h('div', { class: 'hall-speaker-unit' }, sp.unit, sp.title ? ' — «' + sp.title + '»' : ''),
      h('div', { class: 'hall-speaker-timer' }, h('span', { id: 'speaker-timer', class: 'tick', 'data-since': sp.started_at, 'data-limit': sp.max_minutes || '' }),
        sp.max_minutes ? h('span', { class: 'hall-planned' }, ' / ' + sp.max_minutes + ':00') : null));
  }

  function countingView(p) {
    // A show of hands is counted by the presidium, unless the congress asked the tellers to.
    const tellers = p.mode !== 'hands' || p.tellers_count_hands;
    return h('div', { id: 'counting', class: 'hall-vote hall-counting' },
      h('div', { class: 'hall-vote-title' }, p.title),
      h('div', { class: 'hall-counting-words' }, tellers
        ? tr('Đã kết thúc bỏ phiếu — Ban Kiểm phiếu đang kiểm phiếu', 'Voting is over — the tellers are counting the ballots')
        : tr('Đã kết thúc biểu quyết — Đoàn Chủ tịch đang tổng hợp kết quả', 'Voting is over — the presidium is adding up the result')),
      h('div', { class: 'hall-counting-next' }, tr('Kết quả sẽ được công bố tại Đại hội', 'The result will be announced to the congress')));
  }

  function turnoutView(p) {
    const kind = p.kind === 'election' ? tr('Bầu cử', 'Election') : tr('Biểu quyết', 'Vote');
    if (p.mode === 'hands') {
      return h('div', { class: 'hall-vote' },
        h('div', { class: 'hall-label' }, kind),
        h('div', { class: 'hall-vote-title' }, p.title),
        h('div', { class: 'hall-hands' }, tr('Đề nghị các đồng chí biểu quyết bằng giơ ', 'Please vote by raising your ') + DH.raisedCard()),
        h('div', { class: 'hall-hands-count' }, DH.handsCount(p)));
    }
    const issued = p.issued || 0;
    return h('div', { class: 'hall-vote' },
      h('div', { class: 'hall-label' }, kind + ' — ' + tr('đang bỏ phiếu', 'voting')),
      h('div', { class: 'hall-vote-title' }, p.title),
      issued ? h('div', { id: 'turnout', class: 'hall-turnout' },
        h('span', { class: 'hall-cast', 'data-cast': p.id }, String(p.cast || 0)), ' / ' + issued,
        h('div', { class: 'hall-turnout-words' }, p.paper
          ? tr('đại biểu đã bỏ phiếu trên máy tính bảng / số phiếu phát trên máy tính bảng; phiếu giấy bỏ vào hòm phiếu', 'delegates have voted on tablets / ballots issued on tablets; paper ballots go into the ballot box')
          : tr('đại biểu đã bỏ phiếu / số phiếu phát ra', 'delegates have voted / ballots issued'))) :
        h('div', { id: 'turnout', class: 'hall-turnout small' }, tr('Đang bỏ phiếu bằng phiếu giấy', 'Paper ballots are being cast')),
      issued ? h('div', { class: 'hall-bar' }, h('div', { class: 'hall-bar-fill', 'data-bar': p.id })) : null);
  }

  // baseLine: the base the result is counted over, with how it is derived, as every other screen
  // and the minutes print it (Roll.BaseFrom, fixed with the poll's base when it opened).
  function baseLine(p, base) {
    return h('div', { id: 'hall-base', class: 'hall-base' }, tr('Tổng số đại biểu được triệu tập: ', 'Base: '), h('b', {}, String(base)),
      p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '');
  }

  // A long election result is shown in pages of two columns that turn by themselves, «trang 1/2»
  // saying which: PAGE_ROWS names down a column keep each name at least 1/27 of a 1080-line screen
  // under the title and the notes, and no name goes under the footer.
  const PAGE_ROWS = 16, PAGE_MS = 8000;
  const paging = { poll: '', page: 0 };
  function showPage(el) {
    const pages = +el.dataset.pages || 1;
    const page = paging.page % pages;
    el.dataset.page = String(page);
    for (const row of el.querySelectorAll('.hall-chart-row')) row.classList.toggle('off', +row.dataset.page !== page);
    const label = el.querySelector('#hall-page');
    if (label) label.textContent = tr('trang ', 'page ') + (page + 1) + '/' + pages;
  }
  setInterval(() => {
    const el = document.querySelector('#results[data-pages]');
    if (!el || el.dataset.poll !== paging.poll) return;
    paging.page = (paging.page + 1) % (+el.dataset.pages || 1);
    showPage(el);
  }, PAGE_MS);

  function resultView(p) {
    const m = DH.result(p);
    const base = m.base;
    if (m.kind !== 'election') {
      return h('div', { id: 'results', class: 'hall-results motion' },
        h('div', { class: 'hall-label' }, tr('Kết quả biểu quyết', 'Result of the vote')),
        h('div', { class: 'hall-vote-title' }, p.title),
        h('div', { class: 'hall-motion' }, m.rows.map((row) => h('div', { class: 'hall-motion-row ' + row.choice },
          h('span', { class: 'lbl' }, row.label), h('span', { class: 'n' }, String(row.n)), h('span', { class: 'pc' }, row.pct + '%'),
          h('div', { class: 'hall-bar' }, h('div', { class: 'hall-bar-fill', style: { width: row.share + '%' } }), h('div', { class: 'hall-half' }))))),
        h('div', { class: 'hall-verdict-big ' + (m.passed ? 'ok' : 'bad') }, m.passed ? tr('ĐÃ THÔNG QUA', 'PASSED') : tr('KHÔNG THÔNG QUA', 'NOT PASSED')),
        h('div', { class: 'hall-note' }, baseLine(p, base),
          h('div', {}, tr('Tỉ lệ tính trên tổng số này. Thông qua khi tán thành trên một nửa (từ ' + m.needed + ' phiếu): vạch trắng.',
            'Percentages of this base. Passed with more than half for (' + m.needed + ' or more): the white mark.'))));
    }
    const rows = m.rows;
    // More names than one column holds at 1/27 of the height (18; a large committee: 60 candidates
    // for 45 seats) go in two columns, in the ballot's order down each column, the elected in gold, in pages when two
    // columns do not hold them all; the list of the elected then gives way to a line saying how many.
    // A base derived with deductions takes two lines: a row less per column, fewer in one column.
    // The list of the elected beside one column holds 15 names at 1/27 of the height, with the notes.
    const longBase = tr(p.base_vi || '', p.base_en || '').length > 75;
    // A base of two lines leaves one column room for 16 names beside more than ten elected: more
    // go in two columns too.
    const cols = rows.length > 18 || m.elected.length > 15 || (longBase && rows.length > 16 && m.elected.length > 10) ? 2 : 1;
    const pages = Math.max(1, Math.ceil(rows.length / (2 * (PAGE_ROWS - (longBase ? 1 : 0)))));
    const per = Math.ceil(rows.length / pages);
    if (paging.poll !== p.id) { paging.poll = p.id; paging.page = 0; }
    const page = paging.page % pages;
    const elected = m.elected;
    // One column puts the notes beside the names, under the list of the elected, unless that list
    // is too long to leave them room: then they go under the names, which give up a little height.
    const below = cols === 1 && elected.length > (longBase ? 10 : 13);
    const size = (cols > 1 ? ' cols cols' + cols : rows.length > 12 ? ' dense' : rows.length <= 6 ? ' few' : '') + (longBase ? ' base2' : '') + (below ? ' note-below' : '');
    const shortfall = [
      m.runoffSeats > 0 ? h('div', { class: 'hall-runoff' }, tr('Bằng phiếu — bầu lại ' + m.runoffSeats + ' chỗ: ', 'Tied — run-off for ' + m.runoffSeats + ': ') + m.runoff.join(', ')) : null,
      m.unfilled > 0 ? h('div', { class: 'hall-runoff' }, tr('Còn thiếu ' + m.unfilled + ' chỗ', m.unfilled + ' seat(s) unfilled')) : null];
    const note = h('div', { class: 'hall-note' }, baseLine(p, base),
      h('div', {}, tr('Phiếu thu vào: ', 'Ballots: ') + (m.ballots.total || 0) + tr(' · hợp lệ: ', ' · valid: ') + (m.ballots.valid || 0) +
        // Two columns leave no room for the bars, nor for their white mark.
        (cols < 2 ? tr('. Trúng cử khi được trên một nửa tổng số (từ ' + m.needed + ' phiếu): vạch trắng.', '. Elected with more than half of the base (' + m.needed + ' votes or more): the white mark.')
          : tr('. Trúng cử khi được trên một nửa tổng số: từ ' + m.needed + ' phiếu.', '. Elected with more than half of the base: ' + m.needed + ' votes or more.'))));
    const chart = h('div', { class: 'hall-chart' }, rows.map((row, i) => h('div', { class: 'hall-chart-row' + (row.rank ? ' elected' : row.runoff ? ' runoff' : '') +
      (Math.floor(i / per) !== page ? ' off' : ''), 'data-page': String(Math.floor(i / per)) },
      h('span', { class: 'nm' }, row.name),
      h('div', { class: 'hall-bar' }, h('div', { class: 'hall-bar-fill', style: { width: row.share + '%' } }),
        h('div', { class: 'hall-half' })),
      h('span', { class: 'n' }, String(row.votes)),
      h('span', { class: 'pc' }, row.pct + '%'))));
    return h('div', { id: 'results', class: 'hall-results election' + size, style: '--rows: ' + Math.ceil(per / cols) + '; --erows: ' + elected.length,
      'data-poll': p.id, 'data-pages': pages > 1 ? String(pages) : null, 'data-page': pages > 1 ? String(page) : null },
      h('div', { class: 'hall-vote-title' }, tr('Kết quả: ', 'Result: ') + p.title),
      cols > 1 ? h('div', { class: 'hall-elected-line hall-elected' },
        h('span', { class: 'hall-label' }, DH.word('elected') + ' (' + elected.length + '/' + m.seats + ')'),
        h('span', {}, tr(': tên in màu vàng', ': the names in gold')),
        pages > 1 ? h('span', { id: 'hall-page', class: 'hall-page' }, tr('trang ', 'page ') + (page + 1) + '/' + pages) : null, shortfall) : null,
      cols > 1 ? chart : h('div', { class: 'hall-res-grid' }, chart,
        // One column leaves the side of the list of the elected free: the notes go under it.
        h('div', { class: 'hall-side' },
          h('div', { class: 'hall-elected' },
            h('div', { class: 'hall-label' }, DH.word('elected') + ' (' + elected.length + '/' + m.seats + ')'),
            h('ol', { class: elected.length > 18 ? 'two' : '' }, elected.map((e) => h('li', {}, e.name))),
            shortfall),
          below ? null : note)),
      cols > 1 || below ? note : null);
  }

  function live() {
    DH.refresh();
    const clock = document.getElementById('hall-clock');
    if (clock) clock.textContent = DH.hhmm(Date.now());
  }

  setInterval(live, 250);
  DH.start({ roles: ['hall', 'presidium', 'organiser', 'secretariat', 'observer'], title: () => tr('Màn hình hội trường', 'Hall display'), render, event });
})();
