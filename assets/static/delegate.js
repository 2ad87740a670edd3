// daihoi — the delegate's tablet (/delegate): the agenda and what is happening now, registering to
// speak, comments on the draft documents, questions to the presidium, and — whenever a poll is open
// on tablets — the ballot, which takes over the screen until it is cast.
//
// A ballot is sent with an id the tablet makes once (crypto.randomUUID) and keeps in localStorage
// with the ballot until the server answers; while the server cannot be reached the tablet retries
// with the same id, so a dropped connection never makes a second ballot. Once the server answers,
// only the receipt code is kept (per delegate and poll), never the content of the ballot.
'use strict';

(() => {
  const { tr, h } = DH;
  const S = DH.state;

  // --- small helpers --------------------------------------------------------------------------
  const me = () => (S.me ? S.me.subject : '');
  const storeKey = (kind, poll) => 'daihoi.' + kind + '.' + me() + '.' + poll;
  function load(kind, poll) {
    try { return JSON.parse(localStorage.getItem(storeKey(kind, poll)) || 'null'); } catch (_) { return null; }
  }
  function save(kind, poll, v) {
    try {
      if (v === null || v === undefined) localStorage.removeItem(storeKey(kind, poll));
      else localStorage.setItem(storeKey(kind, poll), JSON.stringify(v));
    } catch (_) { /* storage full or disabled: the ballot still goes, only the reload case suffers */ }
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const uuid = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID()
    : 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
      const r = (crypto.getRandomValues(new Uint8Array(1))[0] & 15);
      return (c === 'x' ? r : (r & 3) | 8).toString(16);
    }));

  // part (DH.part) rebuilds a container only when the data it shows has changed (its signature), so
  // that a button is not replaced under a finger and typed text is not lost when other things change.
  const { part } = DH;
  const J = (...v) => JSON.stringify(v);

  function fmtTime(iso) {
    if (!iso || iso.startsWith('0001')) return '';
    return DH.hhmm(iso);
  }
  const ballotOrder = (p) => p.order || p.candidates || [];
  // The ballot's form is the server's rule (Poll.TwoColumn: an election with no surplus).
  const settings = (p) => p.settings || {};

  // --- what the tablet remembers ----------------------------------------------------------------
  let tab = sessionStorage.getItem('daihoi.delegate.tab') || 'agenda';
  const ui = {
    ballot: {},      // poll id → {step, choice, struck: Set, marks: {}, reached: whether the kept names once fitted the seats}
    sending: {},     // poll id → {attempt, lastError} while a send loop runs
    failed: {},      // poll id → {status, text} a 4xx answer
    dismissed: {},   // poll id → true: the receipt / message screen closed for this visit
    doc: null,       // the draft document being read
    commentOpen: {}, // document + section → true while the comment form is open
    checks: {},      // poll id → {busy, found, count, code, error}
    published: {},   // poll id → the order in which this tablet saw the result published (1, 2, …)
    publishedN: 0,
  };

  // --- skeleton: built once; each part then renders on its own -----------------------------------
  let R = null;
  function skeleton() {
    if (R) return R;
    const app = DH.$('#app');
    R = {
      head: h('div', { id: 'dhead' }),
      now: h('section', { id: 'now', 'aria-live': 'polite' }),
      banner: h('div', { id: 'banner' }),
      layer: h('div', { id: 'ballot-layer' }),
      main: h('main', { id: 'dmain' }),
      tabs: h('nav', { id: 'tabs', role: 'tablist' }),
      bodies: {},
    };
    for (const t of TABS) R.bodies[t.id] = h('section', { id: 'tab-' + t.id, class: 'tab-body', role: 'tabpanel' });
    R.main.append(R.tabs, ...Object.values(R.bodies));
    app.replaceChildren(R.head, R.now, R.banner, R.layer, R.main);
    return R;
  }

  const TABS = [
    { id: 'agenda', vi: 'Chương trình', en: 'Agenda' },
    { id: 'speak', vi: 'Phát biểu', en: 'Speaking' },
    { id: 'docs', vi: 'Dự thảo văn kiện', en: 'Draft documents' },
    { id: 'questions', vi: 'Câu hỏi', en: 'Questions' },
    { id: 'results', vi: 'Kết quả', en: 'Results' },
  ];
  function setTab(t) {
    tab = t;
    sessionStorage.setItem('daihoi.delegate.tab', t);
    DH.rerender();
    window.scrollTo(0, 0);
  }

  // --- header: who is signed in on this tablet ---------------------------------------------------
  function renderHead() {
    const d = S.delegate || {};
    // A ballot that cannot reach the server means no connection, whatever the event stream says.
    const online = S.online && !Object.values(ui.sending).some((s) => s.lastError);
    part(R.head, J(d.id, d.name, d.number, d.unit, online, DH.lang()), () =>
      h('header', { class: 'top dtop' },
        h('div', { class: 'dwho' },
          h('div', { class: 'dname', id: 'delegate-name' },
            d.number ? h('span', { class: 'dnum' }, tr('Đại biểu số ', 'Delegate no. ') + d.number) : null,
            h('span', {}, d.name || (S.me && S.me.name) || '')),
          d.unit ? h('div', { class: 'dunit' }, d.unit) : null),
        h('div', { class: 'top-right' },
          h('span', { class: 'conn ' + (online ? 'on' : 'off'), 'data-test': 'conn' },
            online ? tr('Đã kết nối', 'Connected') : tr('Mất kết nối…', 'Reconnecting…')),
          h('button', { class: 'btn small', 'data-test': 'lang', onclick: () => DH.setLang(DH.lang() === 'vi' ? 'en' : 'vi') },
            DH.lang() === 'vi' ? 'English' : 'Tiếng Việt'))));
  }

  // --- what is happening now: the current item, its timer, the speaker, and the speak button -----
  function myRegistrations(item) {
    return (S.speakers || []).filter((s) => s.delegate === me() && (!item || s.item === item));
  }
  const activeReg = (item) => myRegistrations(item).find((s) => s.state === 'requested' || s.state === 'approved' || s.state === 'speaking');
  // unheard is a request still waiting when its item ended (done or skipped): it was not heard.
  function unheard(s) {
    const a = (S.agenda || []).find((x) => x.id === s.item);
    return (s.state === 'requested' || s.state === 'approved') && !!a && (a.state === 'done' || a.state === 'skipped');
  }
  // The items a delegate may ask to speak on: the one running and those still to come, in the
  // agenda's order (a prepared contribution is often registered before its item opens).
  // Not a ceremony (the flag salute, the closing), nor an item the delegate is already waiting on.
  const speakable = () => (S.agenda || []).filter((a) => (a.state === 'current' || a.state === 'pending') && a.kind !== 'ceremony' && !activeReg(a.id));
  // The item the form proposes: the one running, else the next discussion, else the next item.
  const proposedItem = (list) => list.find((a) => a.state === 'current') || list.find((a) => a.kind === 'discussion') || list[0] || null;

  function renderNow() {
    const it = DH.currentItem();
    const sp = DH.currentSpeaker();
    const reg = it ? activeReg(it.id) : null;
    part(R.now, J(it && [it.id, it.title, it.started_at, it.minutes], sp && [sp.id, sp.name, sp.unit, sp.started_at, sp.max_minutes],
      reg && [reg.id, reg.state], speakable().map((a) => a.id), DH.lang()), () => [
      h('div', { class: 'now-main' },
        h('div', { class: 'now-label' }, it ? tr('ĐANG DIỄN RA', 'NOW') : tr('CHƯƠNG TRÌNH', 'AGENDA')),
        h('div', { id: 'current-item' }, it ? it.title : tr('Chưa có mục nào đang diễn ra', 'No agenda item is open')),
        h('div', { class: 'now-meta' },
          it && it.started_at ? h('span', { id: 'item-timer', class: 'timer' },
            h('span', { class: 'muted' }, tr('Đã qua ', 'Running for ')), h('span', { 'data-since': it.started_at }, ''),
            it.minutes ? h('span', { class: 'muted' }, ' / ' + tr('dự kiến ', 'planned ') + it.minutes + tr(' phút', ' min')) : null) : null,
          sp ? h('span', { id: 'now-speaker' }, tr('Đang phát biểu: ', 'Speaking: '), h('b', {}, sp.name),
            sp.unit ? ' — ' + sp.unit : '', ' · ', h('span', { class: 'timer', 'data-since': sp.started_at }, '')) : null)),
      speakButton(it, reg),
    ]);
  }
  function speakButton(it, reg) {
    if (reg) {
      const label = reg.state === 'requested' ? tr('Đã đăng ký — chờ duyệt', 'Registered — awaiting approval')
        : reg.state === 'approved' ? tr('Đã đăng ký — được duyệt', 'Registered — approved')
          : tr('Đồng chí đang phát biểu', 'You are speaking');
      return h('button', { id: 'speak-btn', class: 'btn big registered', onclick: () => setTab('speak') }, '✓ ' + label);
    }
    if (!speakable().length) return h('button', { id: 'speak-btn', class: 'btn big', disabled: true }, tr('Đăng ký phát biểu', 'Ask to speak'));
    return h('button', { id: 'speak-btn', class: 'btn primary big', onclick: () => speakDialog() }, tr('Đăng ký phát biểu', 'Ask to speak'));
  }

  // The registration form: the item (the one running, or one to come), and an open contribution to
  // the discussion or a prepared one with a title.
  function speakDialog() {
    if (DH.$('#speak-dialog')) return;
    const items = speakable();
    const first = proposedItem(items);
    if (!first) return;
    const item = h('select', { id: 'speak-item' }, items.map((a) => h('option', { value: a.id, selected: a.id === first.id },
      (a.state === 'current' ? tr('Đang diễn ra', 'Now') : a.planned_start || tr('Sắp tới', 'To come')) + ' — ' + a.title)));
    let kind = 'discussion';
    const title = h('input', { id: 'speak-title', type: 'text', maxlength: 300,
      placeholder: tr('Tên bài tham luận', 'Title of the contribution') });
    const err = h('p', { class: 'error', role: 'alert' });
    const titleBox = h('label', { class: 'field', hidden: true }, tr('Tên bài tham luận', 'Title of the prepared contribution'), title);
    const pick = (k) => {
      kind = k;
      bDisc.classList.toggle('on', k === 'discussion'); bDisc.setAttribute('aria-pressed', k === 'discussion');
      bPrep.classList.toggle('on', k === 'prepared'); bPrep.setAttribute('aria-pressed', k === 'prepared');
      titleBox.hidden = k !== 'prepared';
      if (k === 'prepared') title.focus();
    };
    const bDisc = h('button', { id: 'speak-discussion', class: 'option on', 'aria-pressed': 'true', onclick: () => pick('discussion') },
      h('b', {}, tr('Phát biểu thảo luận', 'Join the discussion')),
      h('span', {}, tr('Phát biểu ý kiến tại hội trường', 'Speak from the floor')));
    const bPrep = h('button', { id: 'speak-prepared', class: 'option', 'aria-pressed': 'false', onclick: () => pick('prepared') },
      h('b', {}, tr('Tham luận', 'Prepared contribution')),
      h('span', {}, tr('Bài tham luận đã chuẩn bị, có tên bài', 'A prepared paper, with its title')));
    const close = () => d.remove();
    const submit = h('button', { id: 'speak-submit', class: 'btn primary big', onclick: async () => {
      err.textContent = '';
      if (kind === 'prepared' && !title.value.trim()) { err.textContent = tr('Xin ghi tên bài tham luận.', 'Please give the title.'); title.focus(); return; }
      submit.disabled = true;
      try {
        const sp = await DH.api('POST', '/api/speakers', { item: item.value, kind, title: kind === 'prepared' ? title.value.trim() : '' });
        if (sp && sp.id) { const i = S.speakers.findIndex((x) => x.id === sp.id); if (i < 0) S.speakers.push(sp); }
        close();
        DH.toast(tr('Đã gửi đăng ký phát biểu. Đoàn Chủ tịch sẽ xem xét.', 'Your request to speak was sent to the presidium.'), 'ok');
        setTab('speak');
      } catch (e) { err.textContent = DH.errText(e); submit.disabled = false; }
    } }, tr('Gửi đăng ký', 'Send'));
    const d = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', id: 'speak-dialog' },
      h('div', { class: 'modal-box wide' },
        h('h2', {}, tr('Đăng ký phát biểu', 'Ask to speak')),
        h('label', { class: 'field' }, tr('Về mục', 'On the item'), item),
        h('div', { class: 'options' }, bDisc, bPrep), titleBox, err,
        h('div', { class: 'modal-actions' },
          h('button', { class: 'btn big', onclick: close }, tr('Hủy', 'Cancel')), submit)));
    document.body.append(d);
  }

  // --- the ballot ---------------------------------------------------------------------------------
  const openPoll = () => (S.polls || []).find((p) => p.state === 'open' && p.tablet) || null;
  function ballotState(p) {
    if (!ui.ballot[p.id]) ui.ballot[p.id] = { step: 'choose', choice: null, struck: new Set(), marks: {} };
    return ui.ballot[p.id];
  }
  const modeLine = (p) => (p.mode === 'named'
    ? tr('Biểu quyết công khai trên máy tính bảng: Đoàn Chủ tịch được biết đồng chí chọn gì.', 'Open vote on tablets: the presidium may see what you chose.')
    : p.kind === 'election' ? tr('Bỏ phiếu kín: không ai biết đồng chí chọn gì.', 'Secret ballot: nobody can know what you chose.')
      : tr('Biểu quyết kín: không ai biết đồng chí chọn gì.', 'Secret vote: nobody can know what you chose.'));

  function ballotHead(p) {
    return h('div', { class: 'ballot-head' },
      h('div', { class: 'ballot-kind' }, p.kind === 'election' ? tr('PHIẾU BẦU CỬ', 'ELECTION BALLOT') : tr('PHIẾU BIỂU QUYẾT', 'MOTION BALLOT'),
        p.purpose === 'runoff' ? ' · ' + tr('BẦU LẠI', 'RUN-OFF') : ''),
      h('h1', { class: 'ballot-title' }, p.title),
      h('p', { class: 'ballot-mode' }, modeLine(p)));
  }

  // renderBallot shows the open poll's ballot, the sending screen or the receipt; it returns whether
  // it takes over the screen.
  function renderBallot() {
    const p = openPoll();
    if (!p) { part(R.layer, 'none', () => []); return false; }
    const receipt = load('receipt', p.id);
    const pend = load('pending', p.id);
    if (pend && !receipt && !ui.sending[p.id]) sendLoop(p.id);
    const fail = ui.failed[p.id];
    const dismissed = ui.dismissed[p.id];
    let view;
    if (receipt) view = 'receipt';
    else if (pend || ui.sending[p.id]) view = 'sending';
    else if (fail) view = 'failed';
    else if (S.voted && S.voted[p.id]) view = 'voted';
    else if (S.eligible && S.eligible[p.id] === false) view = 'not-issued';
    else view = 'ballot';
    if (dismissed && view !== 'ballot' && view !== 'sending') { part(R.layer, 'none', () => []); return false; }
    const lang = DH.lang();
    if (view === 'receipt') {
      part(R.layer, J('receipt', p.id, receipt.receipt, lang), () => receiptScreen(p, receipt));
      const c = R.layer.querySelector('.turnout-now');
      if (c) c.textContent = turnoutLine(p);
    } else if (view === 'sending') {
      const s = ui.sending[p.id] || { attempt: 0 };
      part(R.layer, J('sending', p.id, s.attempt, s.lastError, lang), () => sendingScreen(p, s));
    } else if (view === 'failed') {
      part(R.layer, J('failed', p.id, fail.status, fail.text, lang), () => failedScreen(p, fail));
    } else if (view === 'not-issued') {
      part(R.layer, J('not-issued', p.id, checkedIn(), handedPaper(p), lang), () => notIssuedScreen(p));
    } else if (view === 'voted') {
      part(R.layer, J('voted', p.id, lang), () => votedScreen(p));
      const c = R.layer.querySelector('.turnout-now');
      if (c) c.textContent = turnoutLine(p);
    } else {
      const b = ballotState(p);
      part(R.layer, J('ballot', p.id, p.title, p.mode, (p.candidates || []).length, p.seats, b.step, b.choice, lang), () =>
        (p.kind === 'election' ? electionBallot(p, b) : motionBallot(p, b)));
      if (p.kind === 'election' && b.step === 'choose') updateElection(p, b);
    }
    return true;
  }

  const turnoutLine = (p) => (p.issued ? (p.paper ? tr('Đã bỏ phiếu trên máy tính bảng: ', 'Cast on tablets: ') : tr('Đã bỏ phiếu: ', 'Ballots cast: ')) + (p.cast || 0) + ' / ' + p.issued : '');

  // A motion: Tán thành / Không tán thành (/ Không biểu quyết), then a confirmation.
  const CHOICES = ['for', 'against', 'abstain'];
  const choiceLabel = DH.word;
  function motionBallot(p, b) {
    const choices = CHOICES.filter((c) => c !== 'abstain' || settings(p).abstain_option);
    if (b.step === 'confirm') {
      return h('div', { id: 'ballot', class: 'ballot motion confirm-step' }, ballotHead(p),
        h('div', { class: 'confirm-box' },
          h('p', { class: 'confirm-q' }, tr('Đồng chí chọn:', 'Your choice:')),
          h('div', { id: 'confirm-choice', class: 'confirm-choice' }, choiceLabel(b.choice)),
          h('p', { class: 'muted' }, tr('Phiếu đã gửi thì không thay đổi được.', 'A ballot cannot be changed once it is sent.'))),
        h('div', { class: 'ballot-bar' },
          h('button', { id: 'ballot-back', class: 'btn huge', onclick: () => { b.step = 'choose'; b.choice = null; DH.rerender(); } }, tr('Chọn lại', 'Change')),
          h('button', { id: 'ballot-send', class: 'btn primary huge', onclick: () => cast(p, { choice: b.choice }) }, tr('Gửi phiếu', 'Send the ballot'))));
    }
    return h('div', { id: 'ballot', class: 'ballot motion' }, ballotHead(p),
      h('p', { class: 'ballot-help' }, tr('Xin chạm vào một lựa chọn:', 'Please tap one choice:')),
      h('div', { class: 'motion-choices n' + choices.length },
        choices.map((c) => h('button', { id: 'vote-' + c, class: 'choice', 'data-choice': c,
          onclick: () => { b.choice = c; b.step = 'confirm'; DH.rerender(); window.scrollTo(0, 0); } }, DH.word(c)))));
  }

  // An election: strike names out (or, with no surplus, Đồng ý / Không đồng ý per name), then a
  // confirmation listing the names kept.
  function electionBallot(p, b) {
    const order = ballotOrder(p);
    if (b.step === 'confirm') return electionConfirm(p, b, order);
    if (p.two_column) {
      return h('div', { id: 'ballot', class: 'ballot election two-column' }, ballotHead(p),
        h('p', { class: 'ballot-help' }, tr('Danh sách có ' + order.length + ' người, bầu ' + p.seats + ' người. Với mỗi người, chạm "Đồng ý" hoặc "Không đồng ý". Người không được đánh dấu thì không được tính phiếu.',
          'The list has ' + order.length + ' names for ' + p.seats + ' seats. For each name tap "Agree" or "Disagree". A name with no mark gets no vote.')),
        h('ol', { class: 'cands marks' }, order.map((c, i) =>
          h('li', { class: 'mrow', 'data-id': c.id, 'data-index': i },
            h('span', { class: 'num' }, i + 1), h('span', { class: 'name' }, c.name),
            h('button', { class: 'mark mark-agree', 'data-index': i, 'aria-pressed': 'false', onclick: () => toggleMark(p, b, c.id, 'agree') }, DH.word('agree')),
            h('button', { class: 'mark mark-disagree', 'data-index': i, 'aria-pressed': 'false', onclick: () => toggleMark(p, b, c.id, 'disagree') }, DH.word('disagree'))))),
        electionBar(p, b));
    }
    return h('div', { id: 'ballot', class: 'ballot election' }, ballotHead(p),
      h('p', { class: 'ballot-help' }, tr('Bầu ' + p.seats + ' trong ' + order.length + ' người. Chạm vào tên để gạch tên người đồng chí không bầu; chạm lần nữa để giữ lại.',
        'Elect ' + p.seats + ' of ' + order.length + '. Tap a name to strike it out; tap again to keep it.')),
      h('ol', { class: 'cands' + (order.length > 6 ? ' many' : '') }, order.map((c, i) =>
        h('li', {}, h('button', { class: 'cand', 'data-id': c.id, 'data-index': i, 'aria-pressed': 'false', onclick: () => toggleStrike(p, b, c.id) },
          h('span', { class: 'num' }, i + 1), h('span', { class: 'txt' }, h('span', { class: 'name' }, c.name), h('span', { class: 'state' }, '')))))),
      electionBar(p, b));
  }
  function electionBar(p, b) {
    return h('div', { class: 'ballot-bar' },
      h('div', { class: 'bar-info' },
        h('div', { id: 'kept-count', class: 'counter' }),
        h('div', { id: 'ballot-msg', class: 'bar-msg', role: 'status' })),
      h('button', { id: 'ballot-confirm', class: 'btn primary huge', onclick: () => toConfirm(p, b) }, tr('Tiếp tục', 'Continue')));
  }
  function toggleStrike(p, b, id) {
    if (b.struck.has(id)) b.struck.delete(id); else b.struck.add(id);
    updateElection(p, b);
  }
  function toggleMark(p, b, id, m) {
    b.marks[id] = b.marks[id] === m ? undefined : m;
    updateElection(p, b);
  }
  const keptIds = (p, b) => ballotOrder(p).filter((c) => !b.struck.has(c.id)).map((c) => c.id);

  // updateElection shows the rows, the counter and the message in place: tapping a name does not
  // rebuild the list.
  function updateElection(p, b) {
    const root = R.layer;
    const msg = root.querySelector('#ballot-msg');
    const count = root.querySelector('#kept-count');
    const ok = root.querySelector('#ballot-confirm');
    if (!msg || !count || !ok) return;
    if (p.two_column) {
      let agree = 0, disagree = 0;
      root.querySelectorAll('.mrow').forEach((row) => {
        const m = b.marks[row.dataset.id];
        row.classList.toggle('agree', m === 'agree'); row.classList.toggle('disagree', m === 'disagree');
        row.querySelector('.mark-agree').setAttribute('aria-pressed', m === 'agree');
        row.querySelector('.mark-disagree').setAttribute('aria-pressed', m === 'disagree');
        if (m === 'agree') agree++; if (m === 'disagree') disagree++;
      });
      const none = ballotOrder(p).length - agree - disagree;
      count.textContent = DH.word('agree') + ' ' + agree + ' · ' + DH.word('disagree') + ' ' + disagree;
      count.className = 'counter';
      msg.className = 'bar-msg muted';
      msg.textContent = none ? tr(none + ' tên chưa đánh dấu: người đó không được tính phiếu; phiếu của đồng chí vẫn hợp lệ.', none + (none === 1 ? ' name has' : ' names have') + ' no mark: no vote for them; your ballot is still valid.') : tr('Đã đánh dấu tất cả các tên.', 'Every name is marked.');
      ok.disabled = false;
      return;
    }
    const total = ballotOrder(p).length;
    const kept = total - b.struck.size;
    root.querySelectorAll('.cand').forEach((btn) => {
      const s = b.struck.has(btn.dataset.id);
      btn.classList.toggle('struck', s);
      btn.setAttribute('aria-pressed', s);
      btn.querySelector('.state').textContent = s ? tr('Đã gạch', 'Struck out') : '';
    });
    count.textContent = tr('Giữ lại ', 'Kept ') + kept + ' / ' + p.seats;
    const over = kept - p.seats;
    if (over <= 0) b.reached = true;
    count.className = 'counter' + (over > 0 ? (b.reached ? ' over' : ' todo') : '');
    if (over > 0 && !b.reached) {
      // Not yet down to the seats: what to do, not an error (the ballot opens this way).
      msg.className = 'bar-msg';
      msg.textContent = b.struck.size === 0
        ? tr('Danh sách có ' + total + ' người, cần bầu ' + p.seats + '. Xin gạch ' + over + ' tên.', 'The list has ' + total + ' names for ' + p.seats + ' seats. Strike out ' + over + ' names.')
        : tr('Xin gạch thêm ' + over + ' tên.', 'Strike out ' + over + ' more.');
      ok.disabled = true;
    } else if (over > 0) {
      msg.className = 'bar-msg error';
      msg.textContent = tr('Đồng chí đang giữ lại ' + kept + ' tên, nhiều hơn ' + p.seats + ' người cần bầu. Xin gạch thêm ' + over + ' tên.',
        'You keep ' + kept + ' names, more than the ' + p.seats + ' seats. Please strike out ' + over + ' more.');
      ok.disabled = true;
    } else if (kept === 0 && total > 1 && settings(p).all_struck_invalid) {
      count.className = 'counter warn';
      msg.className = 'bar-msg warn';
      msg.textContent = tr('Đồng chí đã gạch hết tên: theo quy chế, phiếu này không hợp lệ.', 'You have struck out every name: the rules count this ballot invalid.');
      ok.disabled = false;
    } else {
      msg.className = 'bar-msg muted';
      msg.textContent = tr('Đồng chí bầu ' + kept + ' người. Chạm "Tiếp tục" để xem lại phiếu.', 'You vote for ' + kept + '. Tap "Continue" to review the ballot.');
      ok.disabled = false;
    }
  }
  async function toConfirm(p, b) {
    if (!p.two_column) {
      const kept = keptIds(p, b).length;
      if (kept > p.seats) return;
      if (kept === 0 && ballotOrder(p).length > 1 && settings(p).all_struck_invalid) {
        const go = await DH.confirmDialog(
          tr('Đồng chí đã gạch hết tên. Theo quy chế bầu cử, phiếu gạch hết tên là phiếu KHÔNG HỢP LỆ. Đồng chí vẫn muốn gửi phiếu này?',
            'You have struck out every name. Under the election rules such a ballot is INVALID. Send it anyway?'),
          tr('Vẫn gửi phiếu này', 'Send it anyway'), tr('Quay lại phiếu', 'Back to the ballot'), true);
        if (!go) return;
      }
    }
    b.step = 'confirm';
    DH.rerender();
    window.scrollTo(0, 0);
  }
  function electionConfirm(p, b, order) {
    const back = h('button', { id: 'ballot-back', class: 'btn huge', onclick: () => { b.step = 'choose'; DH.rerender(); } }, tr('Sửa lại phiếu', 'Change the ballot'));
    let body, send;
    if (p.two_column) {
      const group = (m) => order.filter((c) => (b.marks[c.id] || 'none') === m);
      const list = (cs) => (cs.length ? h('ol', { class: 'confirm-list' }, cs.map((c) => h('li', { value: order.indexOf(c) + 1 }, c.name))) : h('p', { class: 'muted' }, '—'));
      body = [
        h('h2', {}, tr('Xin kiểm tra lại phiếu bầu', 'Please check your ballot')),
        h('div', { class: 'confirm-cols' },
          h('div', { id: 'confirm-kept' }, h('h3', {}, DH.word('agree') + ' (' + group('agree').length + ')'), list(group('agree'))),
          h('div', {}, h('h3', {}, DH.word('disagree') + ' (' + group('disagree').length + ')'), list(group('disagree'))),
          group('none').length ? h('div', {}, h('h3', {}, tr('Không đánh dấu', 'No mark') + ' (' + group('none').length + ')'), list(group('none'))) : null)];
      const marks = {};
      for (const c of order) marks[c.id] = b.marks[c.id] || 'none';
      send = { marks };
    } else {
      const kept = order.filter((c) => !b.struck.has(c.id));
      const struck = order.filter((c) => b.struck.has(c.id));
      body = [
        h('h2', {}, tr('Xin kiểm tra lại phiếu bầu', 'Please check your ballot')),
        kept.length
          ? h('p', { class: 'confirm-q' }, tr('Đồng chí bầu ' + kept.length + ' người (cần bầu ' + p.seats + '):', 'You vote for ' + kept.length + ' (' + p.seats + ' seats):'))
          : h('p', { class: 'confirm-q error' }, tr('Đồng chí đã gạch hết tên: phiếu không bầu ai.', 'You have struck out every name: this ballot votes for nobody.')),
        // Each name keeps its number on the ballot, as on paper: 1, 2, 4, … when 3 is struck.
        kept.length ? h('ol', { id: 'confirm-kept', class: 'confirm-list' }, kept.map((c) => h('li', { value: order.indexOf(c) + 1 }, c.name))) : h('div', { id: 'confirm-kept' }),
        struck.length ? h('p', { class: 'muted struck-line' }, tr('Đã gạch ' + struck.length + ' tên: ', 'Struck out ' + struck.length + ': '),
          struck.map((c, i) => [i ? ', ' : '', h('s', {}, (order.indexOf(c) + 1) + '. ' + c.name)])) : null];
      send = { kept: kept.map((c) => c.id) };
    }
    return h('div', { id: 'ballot', class: 'ballot election confirm-step' }, ballotHead(p), h('div', { class: 'confirm-box' }, body,
      h('p', { class: 'muted' }, tr('Phiếu đã gửi thì không thay đổi được.', 'A ballot cannot be changed once it is sent.'))),
    h('div', { class: 'ballot-bar' }, back,
      h('button', { id: 'ballot-send', class: 'btn primary huge', onclick: () => cast(p, send) }, tr('Gửi phiếu', 'Send the ballot'))));
  }

  // cast makes the ballot id once, keeps the ballot until the server answers, and sends it.
  function cast(p, content) {
    if (load('pending', p.id) || load('receipt', p.id)) return;
    const body = Object.assign({ ballot_id: uuid() }, content);
    save('pending', p.id, { body, title: p.title, at: Date.now() });
    delete ui.failed[p.id];
    sendLoop(p.id);
    window.scrollTo(0, 0);
  }

  // postBallot is one try, bounded in time: a request the network swallows counts as a failure.
  // A first try goes on the screen's open websocket, the quickest way in a full hall; when the
  // socket is down or gives no answer in time, the same ballot (same id) goes as an HTTP request,
  // and so does every later try. A refusal from the server is final either way.
  async function postBallot(poll, body, first) {
    if (first) {
      try {
        return await DH.request({ type: 'cast', poll, ballot: body }, 3000);
      } catch (e) {
        if (e instanceof DH.APIError) throw e;
      }
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 8000);
    try {
      const r = await fetch('/api/polls/' + encodeURIComponent(poll) + '/ballots', {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body), signal: ctl.signal, cache: 'no-store' });
      const text = await r.text();
      let data = null;
      try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
      if (!r.ok) throw new DH.APIError(r.status, data);
      return data;
    } finally { clearTimeout(timer); }
  }

  // sendLoop sends the kept ballot until the server answers: a receipt, or a refusal (4xx) whose
  // message is shown. Offline, a network failure or a 5xx: try again with the same ballot id, after
  // a wait that grows and is spread at random (DH.backoff), as every tablet in the hall may be
  // retrying at once after the server restarts.
  async function sendLoop(poll) {
    if (ui.sending[poll]) return;
    const st = ui.sending[poll] = { attempt: 0, lastError: '' };
    try {
      for (;;) {
        const pend = load('pending', poll);
        if (!pend) return;
        st.attempt++;
        DH.rerender();
        try {
          const r = await postBallot(poll, pend.body, st.attempt === 1);
          save('receipt', poll, { receipt: r.receipt, title: pend.title, at: Date.now() });
          // The receipt carries the count with this ballot in it: the turnout under the receipt
          // must not say 0 until the next turnout message (at most a second later) comes.
          DH.noteCast(poll, r.cast);
          save('pending', poll, null);
          delete ui.ballot[poll];
          return;
        } catch (e) {
          const status = e instanceof DH.APIError ? e.status : 0;
          if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
            if (status === 401) {
              ui.failed[poll] = { status, text: tr('Máy tính bảng đã bị đăng xuất. Xin quét lại mã QR trên thẻ đại biểu; phiếu sẽ được gửi tiếp.',
                'This tablet was signed out. Please scan your delegate card again; the ballot will then be sent.') };
              return; // the pending ballot stays: it is sent after the card sign-in
            }
            save('pending', poll, null);
            ui.failed[poll] = { status, text: e.text() };
            return;
          }
          st.lastError = status ? 'HTTP ' + status : 'network';
          DH.rerender();
          await sleep(DH.backoff(st.attempt));
        }
      }
    } finally {
      delete ui.sending[poll];
      DH.rerender();
    }
  }

  function sendingScreen(p, s) {
    return h('div', { id: 'sending', class: 'ballot status-screen' }, ballotHead(p),
      h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      h('h2', { class: 'status-big' }, tr('Đang gửi…', 'Sending…')),
      s.attempt > 1 || s.lastError
        ? h('p', { class: 'big' }, tr('Chưa liên lạc được với máy chủ. Máy đang tự gửi lại phiếu, đồng chí không cần làm gì, xin chờ trong giây lát.',
          'The server cannot be reached yet. The tablet keeps sending the ballot by itself; please wait.'))
        : h('p', { class: 'big' }, tr('Xin chờ trong giây lát.', 'Please wait a moment.')),
      s.attempt > 1 ? h('p', { class: 'muted' }, tr('Lần gửi thứ ', 'Attempt ') + s.attempt) : null);
  }

  function receiptScreen(p, r) {
    return h('div', { id: 'receipt', class: 'ballot status-screen done' },
      h('div', { class: 'tick', 'aria-hidden': 'true' }, '✓'),
      h('h1', { class: 'status-big' }, tr('Phiếu của đồng chí đã được ghi nhận', 'Your ballot has been recorded')),
      h('p', { class: 'receipt-poll' }, p.title),
      h('p', { class: 'receipt-label' }, tr('Mã phiếu', 'Receipt code')),
      h('div', { id: 'receipt-code', class: 'receipt-code' }, r.receipt),
      h('p', { class: 'muted receipt-help' }, tr('Sau khi công bố kết quả, đồng chí có thể kiểm tra mã phiếu này có trong danh sách phiếu đã kiểm (mục "Kết quả"). ',
        'Once the result is published you can check that this code is in the list of counted ballots (the "Results" tab). ') + (p.mode === 'named'
        ? tr('Đây là biểu quyết công khai: Đoàn Chủ tịch biết đồng chí đã chọn gì.', 'This is an open vote: the presidium knows what you chose.')
        : tr('Mã phiếu không cho biết đồng chí đã chọn gì.', 'The code does not show what you chose.'))),
      h('p', { class: 'turnout-now muted' }, turnoutLine(p)),
      h('button', { id: 'receipt-close', class: 'btn big', onclick: () => { ui.dismissed[p.id] = true; DH.rerender(); } }, tr('Về màn hình chính', 'Back to the main screen')));
  }

  // notIssuedScreen: the poll opened without this tablet's delegate on its list of voters (not
  // checked in, no seat in the base, or the tablet signed in after the poll opened).
  function notIssuedScreen(p) {
    if (!checkedIn()) {
      return h('div', { id: 'not-issued', class: 'ballot status-screen' },
        h('h1', { class: 'status-big', id: 'not-checked-in' }, tr('Chưa điểm danh — xin đến bàn đón tiếp', 'Not checked in — please go to the check-in desk')),
        h('p', { class: 'receipt-poll' }, p.title),
        h('p', { class: 'big' }, tr('Khi bàn đón tiếp đã điểm danh, máy tính bảng này nhận phiếu ngay, kể cả khi đang bỏ phiếu.',
          'Once the desk has checked you in, this tablet receives the ballot at once, even while the vote is open.')),
        h('button', { class: 'btn big', onclick: () => { ui.dismissed[p.id] = true; DH.rerender(); } }, tr('Về màn hình chính', 'Back to the main screen')));
    }
    if (handedPaper(p)) {
      return h('div', { id: 'not-issued', class: 'ballot status-screen' },
        h('h1', { class: 'status-big', id: 'paper-handed' }, tr('Đồng chí đã nhận phiếu giấy', 'You were handed a paper ballot')),
        h('p', { class: 'receipt-poll' }, p.title),
        h('p', { class: 'big' }, tr('Đồng chí bỏ phiếu bằng phiếu giấy đã nhận, vào hòm phiếu. Mỗi đại biểu chỉ có một phiếu: máy tính bảng không phát thêm phiếu trong cuộc bỏ phiếu này.',
          'Vote with the paper ballot you were handed, in the ballot box. Each delegate has one ballot: the tablet issues none in this poll.')),
        h('button', { class: 'btn big', onclick: () => { ui.dismissed[p.id] = true; DH.rerender(); } }, tr('Về màn hình chính', 'Back to the main screen')));
    }
    return h('div', { id: 'not-issued', class: 'ballot status-screen' },
      h('h1', { class: 'status-big' }, tr('Đồng chí không có phiếu trong cuộc bỏ phiếu này', 'You were not issued a ballot in this poll')),
      h('p', { class: 'receipt-poll' }, p.title),
      h('p', { class: 'big' }, tr('Phiếu được phát cho đại biểu có quyền biểu quyết đã điểm danh và đăng nhập trên máy tính bảng, kể cả khi đến sau lúc mở bỏ phiếu. Nếu có nhầm lẫn, xin báo Ban kiểm phiếu.',
        'A ballot goes to each voting delegate checked in and signed in on a tablet, also after the poll opened. If this is a mistake, please tell the tellers.')),
      h('button', { class: 'btn big', onclick: () => { ui.dismissed[p.id] = true; DH.rerender(); } }, tr('Về màn hình chính', 'Back to the main screen')));
  }

  function votedScreen(p) {
    return h('div', { id: 'voted', class: 'ballot status-screen done' },
      h('div', { class: 'tick', 'aria-hidden': 'true' }, '✓'),
      h('h1', { class: 'status-big' }, tr('Đồng chí đã bỏ phiếu', 'You have voted')),
      h('p', { class: 'receipt-poll' }, p.title),
      h('p', { class: 'big' }, tr('Máy chủ đã ghi nhận phiếu của đồng chí trong cuộc bỏ phiếu này (gửi từ máy khác, hoặc trước đó từ máy này). Mỗi đại biểu chỉ bỏ một phiếu; phiếu đã bỏ không thay đổi được.',
        'The server has recorded your ballot in this poll (sent from another device, or earlier from this one). Each delegate votes once; a cast ballot cannot be changed.')),
      h('p', { class: 'turnout-now muted' }, turnoutLine(p)),
      h('button', { id: 'voted-close', class: 'btn big', onclick: () => { ui.dismissed[p.id] = true; DH.rerender(); } }, tr('Về màn hình chính', 'Back to the main screen')));
  }

  // sentence starts a message with a capital and ends it with a full stop.
  const sentence = (t) => { t = String(t || '').trim(); return t ? t[0].toUpperCase() + t.slice(1) + (/[.!?…]$/.test(t) ? '' : '.') : t; };
  function failedScreen(p, f) {
    const again = f.status === 400 || f.status === 422;
    return h('div', { id: 'ballot-error', class: 'ballot status-screen failed' }, ballotHead(p),
      h('h2', { class: 'status-big' }, tr('Máy chủ không nhận phiếu này', 'The server did not take this ballot')),
      h('p', { id: 'ballot-error-text', class: 'big error' }, sentence(f.text)),
      h('div', { class: 'ballot-bar' },
        again ? h('button', { class: 'btn primary huge', onclick: () => { delete ui.failed[p.id]; ballotState(p).step = 'choose'; DH.rerender(); } }, tr('Quay lại phiếu', 'Back to the ballot'))
          : f.status === 401 ? null
            : h('button', { class: 'btn huge', onclick: () => { ui.dismissed[p.id] = true; DH.rerender(); } }, tr('Về màn hình chính', 'Back to the main screen'))));
  }

  // --- the banner: a vote going on (after the receipt is closed), a result just published --------
  function seenResults() { return load('seen', 'results') || []; }
  // handedPaper: the tellers handed this tablet's delegate a paper ballot in p (no tablet ballot then).
  const handedPaper = (p) => !!(S.paper && S.paper[p.id]);
  // checkedIn: the door has checked this tablet's delegate in (a tablet may sign in first).
  const checkedIn = () => !S.delegate || S.delegate.presence === 'present';

  function renderBanner() {
    const p = openPoll();
    const items = [];
    if (!checkedIn()) {
      items.push(h('div', { class: 'banner warn', id: 'not-checked-in' },
        h('span', {}, tr('Chưa điểm danh — xin đến bàn đón tiếp', 'Not checked in — please go to the check-in desk'))));
    }
    if (p && ui.dismissed[p.id]) {
      const r = load('receipt', p.id);
      items.push(h('div', { class: 'banner' },
        h('span', {}, r ? [tr('Đồng chí đã bỏ phiếu: ', 'You have voted: '), h('b', {}, p.title), ' — ' + tr('mã phiếu ', 'receipt ') + r.receipt]
          : S.voted && S.voted[p.id] ? [tr('Đồng chí đã bỏ phiếu: ', 'You have voted: '), h('b', {}, p.title)]
            : [tr('Đang bỏ phiếu: ', 'Voting now: '), h('b', {}, p.title)]),
        h('button', { class: 'btn small', onclick: () => { delete ui.dismissed[p.id]; delete ui.failed[p.id]; DH.rerender(); } }, tr('Xem', 'Show'))));
    }
    // A vote the tablet takes no part in: a show of hands (or Party cards), or paper ballots only.
    for (const q of (S.polls || []).filter((x) => x.state === 'open' && !x.tablet)) {
      items.push(h('div', { class: 'banner result' },
        h('span', {}, q.mode === 'hands' ? tr('Đang biểu quyết bằng giơ ', 'Voting by raising the ') + DH.raisedCard() + ': '
          : tr('Đang bỏ phiếu bằng phiếu giấy: ', 'Voting on paper ballots: '), h('b', {}, q.title),
        q.mode === 'hands' ? h('span', { class: 'muted' }, ' — ' + DH.handsCount(q)) : null)));
    }
    // The result published last is the one the banner names: results seen published on this visit
    // are numbered as they come, those already published at sign-in by their closing time.
    const published = (S.polls || []).filter((q) => q.state === 'published')
      .sort((a, b) => (a.closed_at || '').localeCompare(b.closed_at || ''));
    for (const q of published) if (!ui.published[q.id]) ui.published[q.id] = ++ui.publishedN;
    const seen = seenResults();
    const fresh = published.filter((q) => !seen.includes(q.id)).sort((a, b) => ui.published[a.id] - ui.published[b.id]);
    if (fresh.length && tab !== 'results') {
      const q = fresh[fresh.length - 1];
      const more = fresh.length - 1;
      items.push(h('div', { class: 'banner result', id: 'banner-published', 'data-poll': q.id },
        h('span', {}, tr('Đã công bố kết quả: ', 'Result published: '), h('b', {}, q.title),
          more ? h('span', { class: 'muted' }, tr(' (và ' + more + ' kết quả trước)', ' (and ' + more + ' earlier)')) : null),
        h('span', { class: 'banner-actions' },
          h('button', { id: 'banner-result', class: 'btn small', onclick: () => setTab('results') }, tr('Xem kết quả', 'See the result')),
          // Dismissed, the banner goes until another result is published; the results tab keeps them all.
          h('button', { id: 'banner-dismiss', class: 'btn small', 'aria-label': tr('Đóng thông báo', 'Dismiss'),
            onclick: () => { save('seen', 'results', seen.concat(fresh.map((x) => x.id))); DH.rerender(); } }, '✕ ' + tr('Đóng', 'Dismiss')))));
    }
    if (tab === 'results' && fresh.length) save('seen', 'results', seen.concat(fresh.map((q) => q.id)));
    part(R.banner, J(items.map((e) => e.textContent), DH.lang()), () => items);
  }

  // --- tabs -----------------------------------------------------------------------------------------
  function renderTabs() {
    const qs = (S.questions || []).length;
    const cm = (S.comments || []).length;
    const mine = myRegistrations().filter((s) => (s.state === 'requested' || s.state === 'approved') && !unheard(s)).length;
    part(R.tabs, J(tab, qs, cm, mine, DH.lang()), () => TABS.map((t) =>
      h('button', { id: 'tab-btn-' + t.id, role: 'tab', class: t.id === tab ? 'active' : '', 'aria-selected': t.id === tab,
        onclick: () => setTab(t.id) }, tr(t.vi, t.en),
      t.id === 'speak' && mine ? h('span', { class: 'badge' }, mine) : null,
      t.id === 'docs' && cm ? h('span', { class: 'badge' }, cm) : null,
      t.id === 'questions' && qs ? h('span', { class: 'badge' }, qs) : null)));
    for (const t of TABS) R.bodies[t.id].hidden = t.id !== tab;
    ({ agenda: renderAgenda, speak: renderSpeak, docs: renderDocs, questions: renderQuestions, results: renderResults })[tab]();
  }

  // Chương trình: every item in order, the current one highlighted.
  const ITEM_STATE = {
    pending: ['', ''], current: ['Đang diễn ra', 'Now'], done: ['Đã xong', 'Done'], skipped: ['Bỏ qua', 'Skipped'],
  };
  function renderAgenda() {
    const el = R.bodies.agenda;
    const agenda = S.agenda || [];
    part(el, J(agenda.map((a) => [a.id, a.title, a.state, a.planned_start, a.minutes, a.session]), DH.lang()), () => {
      const out = [];
      let session = null;
      for (const a of agenda) {
        if (a.session !== session) {
          session = a.session;
          out.push(h('h2', { class: 'session' }, session === 'preparatory' ? tr('Phiên trù bị', 'Preparatory session') : tr('Phiên chính thức', 'Official session')));
        }
        const [vi, en] = ITEM_STATE[a.state] || ['', ''];
        out.push(h('div', { class: 'agenda-row ' + a.state, 'data-item': a.id },
          h('span', { class: 'at' }, a.planned_start || ''),
          h('span', { class: 'title' }, a.title),
          vi ? h('span', { class: 'pill ' + (a.state === 'current' ? 'cur' : a.state === 'done' ? 'ok' : '') }, tr(vi, en)) : null));
      }
      if (!agenda.length) out.push(h('p', { class: 'empty' }, tr('Chưa có chương trình.', 'No agenda yet.')));
      return out;
    });
  }

  // Phát biểu: my registrations and their state, withdraw; the list of speakers of the current item.
  const SPEAK_STATE = {
    requested: ['Chờ Đoàn Chủ tịch duyệt', 'Awaiting the presidium'],
    approved: ['Đã được duyệt', 'Approved'],
    speaking: ['Đang phát biểu', 'Speaking'],
    spoke: ['Đã phát biểu', 'Spoken'],
    withdrawn: ['Đã rút', 'Withdrawn'],
  };
  function queueOf(item) {
    return (S.speakers || []).filter((s) => s.item === item && (s.state === 'approved' || s.state === 'speaking' || s.state === 'spoke'))
      .sort((a, b) => a.position - b.position);
  }
  function renderSpeak() {
    const el = R.bodies.speak;
    const it = DH.currentItem();
    const mine = myRegistrations().slice().sort((a, b) => (b.requested || '').localeCompare(a.requested || ''));
    const queue = it ? queueOf(it.id) : [];
    const items = {};
    for (const a of S.agenda || []) items[a.id] = a;
    const itemLine = (s) => {
      const a = items[s.item];
      if (!a) return tr('Mục: ', 'Item: ');
      const when = a.state === 'pending' ? tr(' — chưa diễn ra', ' — still to come') + (a.planned_start ? ' (' + a.planned_start + ')' : '') : '';
      return tr('Mục: ', 'Item: ') + a.title + when;
    };
    part(el, J(it && it.id, mine, mine.map(unheard), mine.map(itemLine), speakable().map((a) => a.id), queue.map((s) => [s.id, s.state, s.name, s.unit, s.kind, s.title]), DH.lang()), () => {
      const waiting = queue.filter((s) => s.state === 'approved');
      return [
        h('div', { class: 'card' },
          h('div', { class: 'card-head' }, h('h2', {}, tr('Đăng ký phát biểu của đồng chí', 'Your requests to speak')),
            mine.length && speakable().length ? h('button', { id: 'speak-more', class: 'btn', onclick: () => speakDialog() }, '+ ' + tr('Đăng ký thêm', 'Ask on another item')) : null),
          mine.length ? h('ul', { class: 'list', id: 'my-speaking' }, mine.map((s) => {
            const [vi, en] = !unheard(s) ? SPEAK_STATE[s.state] || [s.state, s.state]
              : items[s.item].state === 'skipped' ? ['Mục đã được bỏ qua', 'The item was skipped'] : ['Mục đã kết thúc — chưa được phát biểu', 'The item is over — not heard'];
            const pos = s.state === 'approved' && it && s.item === it.id ? waiting.findIndex((x) => x.id === s.id) + 1 : 0;
            return h('li', { class: 'reg ' + (unheard(s) ? 'over' : s.state), 'data-speaker': s.id },
              h('div', { class: 'reg-main' },
                h('div', { class: 'reg-kind' }, s.kind === 'prepared' ? tr('Tham luận: ', 'Prepared: ') : tr('Phát biểu thảo luận', 'Discussion'),
                  s.kind === 'prepared' ? h('b', {}, '“' + s.title + '”') : null),
                h('div', { class: 'muted' }, itemLine(s))),
              h('span', { class: 'pill ' + (unheard(s) ? '' : s.state === 'approved' || s.state === 'speaking' ? 'ok' : s.state === 'requested' ? 'cur' : '') },
                tr(vi, en), pos > 0 ? tr(' — thứ ' + pos, ' — no. ' + pos) : ''),
              (s.state === 'requested' || s.state === 'approved') && !unheard(s)
                ? h('button', { class: 'btn', 'data-test': 'speak-withdraw', onclick: () => withdraw(s) }, tr('Rút đăng ký', 'Withdraw')) : null);
          })) : h('p', { class: 'empty' }, speakable().length ? tr('Đồng chí chưa đăng ký phát biểu. Chạm "Đăng ký phát biểu" ở trên.', 'You have not asked to speak. Tap "Ask to speak" above.')
            : tr('Đồng chí chưa đăng ký phát biểu.', 'You have not asked to speak.'))),
        it ? h('div', { class: 'card' },
          h('h2', {}, tr('Danh sách phát biểu: ', 'Speakers: ') + it.title),
          queue.length ? h('ol', { class: 'list queue' }, queue.map((s) => h('li', { class: s.state + (s.delegate === me() ? ' mine' : '') },
            h('div', {}, h('b', {}, s.name), s.unit ? h('span', { class: 'muted' }, ' — ' + s.unit) : null,
              s.kind === 'prepared' && s.title ? h('div', { class: 'muted' }, tr('Tham luận: ', 'Prepared: ') + s.title) : null),
            h('span', { class: 'pill ' + (s.state === 'speaking' ? 'cur' : s.state === 'spoke' ? 'ok' : '') }, tr(...(SPEAK_STATE[s.state] || [s.state, s.state]))))))
            : h('p', { class: 'empty' }, tr('Chưa có đại biểu nào trong danh sách.', 'Nobody is on the list yet.'))) : null,
      ];
    });
  }
  async function withdraw(s) {
    const ok = await DH.confirmDialog(tr('Rút đăng ký phát biểu này?', 'Withdraw this request to speak?'), tr('Rút đăng ký', 'Withdraw'), tr('Không', 'No'));
    if (!ok) return;
    try {
      const sp = await DH.api('POST', '/api/speakers/' + encodeURIComponent(s.id) + '/withdraw');
      const i = S.speakers.findIndex((x) => x.id === sp.id);
      if (i >= 0) S.speakers[i] = sp;
      DH.toast(tr('Đã rút đăng ký.', 'Withdrawn.'), 'ok');
      DH.rerender();
    } catch (e) { DH.toast(DH.errText(e), 'error'); }
  }

  // Dự thảo văn kiện: each document section by section; a comment on a section; my comments.
  const docParts = {};
  function renderDocs() {
    const el = R.bodies.docs;
    const docs = S.documents || [];
    if (!ui.doc || !docs.some((d) => d.id === ui.doc)) ui.doc = docs.length ? docs[0].id : null;
    if (!el.firstChild) el.append(h('div', { class: 'doc-pick' }), h('div', { class: 'doc-body' }));
    const [pick, body] = el.children;
    part(pick, J(docs.map((d) => [d.id, d.title]), ui.doc, DH.lang()), () => docs.length > 1
      ? docs.map((d) => h('button', { class: 'doc-btn' + (d.id === ui.doc ? ' on' : ''), onclick: () => { ui.doc = d.id; DH.rerender(); window.scrollTo(0, 0); } }, d.title))
      : []);
    const doc = docs.find((d) => d.id === ui.doc);
    if (!doc) { part(body, J('none', DH.lang()), () => h('p', { class: 'empty' }, tr('Chưa có dự thảo văn kiện.', 'No draft documents yet.'))); return; }
    part(body, J(doc, DH.lang()), () => docView(doc));
    for (const sec of doc.sections || []) {
      const k = doc.id + '\u0000' + sec.number;
      const pp = docParts[k];
      if (!pp) continue;
      const mine = (S.comments || []).filter((c) => c.document === doc.id && c.section === sec.number && c.delegate === me());
      part(pp.comments, J(mine.map((c) => [c.id, c.text, c.at]), DH.lang()), () => mine.length
        ? h('div', { class: 'my-comments' }, h('div', { class: 'mc-title' }, tr('Góp ý của đồng chí (' + mine.length + ')', 'Your comments (' + mine.length + ')')),
          mine.map((c) => h('blockquote', { class: 'comment' }, h('span', { class: 'muted' }, fmtTime(c.at) + ' '), c.text))) : []);
      part(pp.form, J(!!ui.commentOpen[k], DH.lang()), () => (ui.commentOpen[k] ? commentForm(doc, sec, k)
        : h('button', { class: 'btn comment-btn', 'data-section': sec.number, onclick: () => { ui.commentOpen[k] = true; DH.rerender(); const t = pp.form.querySelector('textarea'); if (t) t.focus(); } },
          tr('Góp ý mục này', 'Comment on this section'))));
    }
  }
  function docView(doc) {
    for (const k of Object.keys(docParts)) delete docParts[k];
    const secs = doc.sections || [];
    return [
      h('h2', { class: 'doc-title' }, doc.title),
      secs.length > 3 ? h('nav', { class: 'sec-nav' }, secs.map((s) => h('a', { href: '#sec-' + s.number.replace(/\W/g, '-') }, s.number + '. ' + s.title))) : null,
      secs.map((s) => {
        const k = doc.id + '\u0000' + s.number;
        const pp = docParts[k] = { comments: h('div', {}), form: h('div', { class: 'sec-form' }) };
        return h('article', { class: 'card section', id: 'sec-' + s.number.replace(/\W/g, '-') },
          h('h3', {}, s.number + '. ' + s.title),
          (s.text || '').split(/\n{2,}/).map((para) => h('p', {}, para)),
          pp.comments, pp.form);
      }),
    ];
  }
  function commentForm(doc, sec, k) {
    const ta = h('textarea', { rows: 4, maxlength: 8000, 'data-section': sec.number, placeholder: tr('Ý kiến góp ý của đồng chí về mục ' + sec.number, 'Your comment on section ' + sec.number) });
    const err = h('p', { class: 'error', role: 'alert' });
    const send = h('button', { class: 'btn primary big comment-send', onclick: async () => {
      err.textContent = '';
      if (!ta.value.trim()) { err.textContent = tr('Xin viết nội dung góp ý.', 'Please write your comment.'); ta.focus(); return; }
      send.disabled = true;
      try {
        const c = await DH.api('POST', '/api/comments', { document: doc.id, section: sec.number, text: ta.value.trim() });
        if (c && c.id && !S.comments.some((x) => x.id === c.id)) S.comments.push(c);
        delete ui.commentOpen[k];
        DH.toast(tr('Đã gửi góp ý tới Đoàn thư ký.', 'Comment sent to the secretariat.'), 'ok');
        DH.rerender();
      } catch (e) { err.textContent = DH.errText(e); send.disabled = false; }
    } }, tr('Gửi góp ý', 'Send the comment'));
    return h('div', { class: 'comment-form' },
      h('label', { class: 'field' }, tr('Góp ý mục ' + sec.number + ': ' + sec.title, 'Comment on ' + sec.number + ': ' + sec.title), ta), err,
      h('div', { class: 'row-actions' },
        h('button', { class: 'btn big', onclick: () => { delete ui.commentOpen[k]; DH.rerender(); } }, tr('Hủy', 'Cancel')), send));
  }

  // Câu hỏi: a question to the presidium by topic; mine, answered or not.
  let qTopic = '';
  function renderQuestions() {
    const el = R.bodies.questions;
    const topics = (S.congress && S.congress.topics) || [];
    if (!el.firstChild) el.append(h('div', { class: 'card q-form' }), h('div', { class: 'card' }));
    const [form, list] = el.children;
    part(form, J(topics, DH.lang()), () => {
      const ta = h('textarea', { id: 'question-text', rows: 4, maxlength: 8000, placeholder: tr('Nội dung câu hỏi', 'Your question') });
      const err = h('p', { class: 'error', role: 'alert' });
      const chips = topics.map((t) => h('button', { class: 'chip' + (t === qTopic ? ' on' : ''), 'data-topic': t, 'aria-pressed': t === qTopic, onclick: (e) => {
        qTopic = t;
        form.querySelectorAll('.chip').forEach((c) => { c.classList.toggle('on', c.dataset.topic === t); c.setAttribute('aria-pressed', c.dataset.topic === t); });
        e.preventDefault();
      } }, t));
      const send = h('button', { id: 'question-send', class: 'btn primary big', onclick: async () => {
        err.textContent = '';
        if (!qTopic) { err.textContent = tr('Xin chọn lĩnh vực của câu hỏi.', 'Please choose a topic.'); return; }
        if (!ta.value.trim()) { err.textContent = tr('Xin viết nội dung câu hỏi.', 'Please write your question.'); ta.focus(); return; }
        send.disabled = true;
        try {
          const q = await DH.api('POST', '/api/questions', { topic: qTopic, text: ta.value.trim() });
          if (q && q.id && !S.questions.some((x) => x.id === q.id)) S.questions.push(q);
          ta.value = '';
          DH.toast(tr('Đã gửi câu hỏi tới Đoàn Chủ tịch.', 'Question sent to the presidium.'), 'ok');
          DH.rerender();
        } catch (e) { err.textContent = DH.errText(e); }
        send.disabled = false;
      } }, tr('Gửi câu hỏi', 'Send the question'));
      return [
        h('h2', {}, tr('Gửi câu hỏi tới Đoàn Chủ tịch', 'Ask the presidium')),
        h('div', { class: 'field' }, tr('Lĩnh vực', 'Topic'), h('div', { class: 'chips', id: 'question-topics' }, chips)),
        h('label', { class: 'field' }, tr('Câu hỏi', 'Question'), ta), err,
        h('div', { class: 'row-actions' }, send)];
    });
    const mine = (S.questions || []).filter((q) => q.delegate === me()).slice().sort((a, b) => (b.at || '').localeCompare(a.at || ''));
    part(list, J(mine.map((q) => [q.id, q.topic, q.text, q.answered]), DH.lang()), () => [
      h('h2', {}, tr('Câu hỏi của đồng chí', 'Your questions')),
      mine.length ? h('ul', { class: 'list', id: 'my-questions' }, mine.map((q) => h('li', { class: 'question' },
        h('div', {}, h('div', { class: 'muted' }, q.topic + ' · ' + fmtTime(q.at)), h('div', { class: 'q-text' }, q.text)),
        h('span', { class: 'pill ' + (q.answered ? 'ok' : '') }, q.answered ? tr('Đã trả lời', 'Answered') : tr('Chưa trả lời', 'Not answered yet')))))
        : h('p', { class: 'empty' }, tr('Đồng chí chưa gửi câu hỏi nào.', 'You have not sent any question.'))]);
  }

  // Kết quả: every poll counted or published; the result once published, and the receipt check.
  function renderResults() {
    const el = R.bodies.results;
    const polls = (S.polls || []).filter((p) => p.state === 'closed' || p.state === 'counted' || p.state === 'published')
      .sort((a, b) => (b.closed_at || '').localeCompare(a.closed_at || ''));
    part(el, J(polls.map((p) => [p.id, p.state, p.result, p.issued, p.collected]), ui.checks, polls.map((p) => load('receipt', p.id)), DH.lang()), () =>
      (polls.length ? polls.map(resultCard) : h('p', { class: 'empty' }, tr('Chưa có kết quả bỏ phiếu nào.', 'No results yet.'))));
  }
  function resultCard(p) {
    if (p.state !== 'published' || !p.result) {
      return h('article', { class: 'card result-card', 'data-poll': p.id },
        h('h2', {}, p.title),
        h('p', { class: 'big muted' }, tr('Đã kết thúc bỏ phiếu. Ban kiểm phiếu đang kiểm phiếu; kết quả sẽ được công bố tại hội trường.',
          'Voting has closed. The tellers are counting; the result will be announced in the hall.')));
    }
    const m = DH.result(p);
    const base = m.base;
    const out = [h('h2', {}, p.title)];
    const stats = m.ballots;
    if (m.kind === 'election') {
      out.push(h('p', { class: 'muted' }, tr('Phiếu thu vào ', 'Ballots collected ') + (stats.total || 0) + tr(' · hợp lệ ', ' · valid ') + (stats.valid || 0) +
        tr(' · không hợp lệ ', ' · invalid ') + (stats.invalid || 0) + tr(' · tổng số đại biểu được triệu tập ', ' · base ') + base + (p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '')));
      const elected = m.elected;
      if (elected.length) out.push(h('h3', {}, tr('Trúng cử (' + elected.length + ' người, theo thứ tự số phiếu)', 'Elected (' + elected.length + ', by votes)')));
      out.push(elected.length ? h('ol', { class: 'elected' }, elected.map((e) => h('li', {}, h('b', {}, e.name),
        h('span', { class: 'muted' }, ' — ' + e.votes + tr(' phiếu', ' votes') + ' (' + e.pct + '%)'))))
        : h('p', {}, tr('Không có người trúng cử.', 'Nobody was elected.')));
      // Every candidate's votes, in ballot order, the elected marked: not only the names elected.
      out.push(h('h3', {}, tr('Số phiếu của từng người (' + m.rows.length + ' người)', 'Votes for each candidate (' + m.rows.length + ')')),
        h('table', { class: 'votes-all' },
          h('thead', {}, h('tr', {}, h('th', { class: 'n' }, tr('Số TT', 'No.')), h('th', {}, tr('Họ và tên', 'Name')), h('th', { class: 'n' }, tr('Số phiếu', 'Votes')),
            h('th', { class: 'n' }, tr('Tỷ lệ', 'Share')), h('th', {}, ''))),
          h('tbody', {}, m.rows.map((row) => h('tr', { class: row.rank ? 'elected' : row.runoff ? 'runoff' : '', 'data-candidate': row.id },
            h('td', { class: 'n' }, String(row.n)), h('td', {}, row.name), h('td', { class: 'n' }, String(row.votes)), h('td', { class: 'n' }, row.pct + '%'),
            h('td', {}, row.rank ? tr('Trúng cử', 'Elected') : row.runoff ? tr('Bầu lại', 'Run-off') : ''))))));
      if (m.runoff.length) {
        out.push(h('p', { class: 'warn big' }, tr(m.runoff.length + ' người bằng phiếu nhau ở vị trí cuối; cần bầu lại ' + m.runoffSeats + ' người trong số: ',
          m.runoff.length + ' candidates tied at the last seat; a run-off for ' + m.runoffSeats + ' among: ') +
          m.runoff.join(', ')));
        // Once the further round is published, this card says where its result is (above: newest first).
        const later = (S.polls || []).find((q) => q.previous === p.id && q.state === 'published');
        if (later) out.push(h('p', { class: 'big later-round' }, tr('Đã bầu lại ở vòng ' + later.round + ': kết quả ở phía trên.', 'The run-off was held in round ' + later.round + ': its result is above.')));
      }
      if (m.unfilled) out.push(h('p', { class: 'warn big' }, tr('Còn thiếu ' + m.unfilled + ' người.', m.unfilled + ' seats remain unfilled.')));
    } else {
      out.push(h('p', { class: 'verdict ' + (m.passed ? 'passed' : 'failed') }, m.passed ? tr('ĐƯỢC THÔNG QUA', 'PASSED') : tr('KHÔNG ĐƯỢC THÔNG QUA', 'NOT PASSED')));
      // The share of the base beside for and against; abstain by its count alone.
      out.push(h('p', { class: 'big' }, m.rows.map((row) => row.label + ' ' + row.n + (base && row.choice !== 'abstain' ? ' (' + row.pct + '%)' : '')).join(' · ')));
      out.push(h('p', { class: 'muted' }, tr('Tổng số đại biểu được triệu tập: ', 'Base: ') + base + (p.base_vi ? ' (' + tr(p.base_vi, p.base_en) + ')' : '') + tr('. Cần hơn một nửa tán thành.', '. More than half must vote for.')));
    }
    if (p.tablet && p.mode !== 'hands') out.push(receiptCheck(p));
    return h('article', { class: 'card result-card', 'data-poll': p.id }, out);
  }
  function normCode(s) {
    const x = (s || '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1').replace(/[^0-9A-Z]/g, '');
    return x.length === 8 ? x.slice(0, 4) + '-' + x.slice(4) : x;
  }
  function receiptCheck(p) {
    const mine = load('receipt', p.id);
    const c = ui.checks[p.id] || {};
    const input = h('input', { class: 'receipt-input', type: 'text', maxlength: 12, value: c.code || (mine ? mine.receipt : ''),
      placeholder: 'XXXX-XXXX', autocapitalize: 'characters', 'aria-label': tr('Mã phiếu', 'Receipt code') });
    const run = async () => {
      const code = normCode(input.value);
      ui.checks[p.id] = { busy: true, code };
      DH.rerender();
      try {
        const r = await DH.api('GET', '/api/polls/' + encodeURIComponent(p.id) + '/receipts');
        const list = r.receipts || [];
        ui.checks[p.id] = { code, found: list.includes(code), count: list.length };
      } catch (e) { ui.checks[p.id] = { code, error: DH.errText(e) }; }
      DH.rerender();
    };
    let verdict = null;
    if (c.busy) verdict = h('p', { class: 'muted' }, tr('Đang kiểm tra…', 'Checking…'));
    else if (c.error) verdict = h('p', { class: 'error' }, c.error);
    else if (c.found === true) verdict = h('p', { class: 'check ok', 'data-test': 'receipt-found' }, '✓ ' + tr('Mã phiếu ' + c.code + ' có trong danh sách ' + c.count + ' phiếu đã kiểm.', 'Receipt ' + c.code + ' is in the list of ' + c.count + ' counted ballots.'));
    else if (c.found === false) verdict = h('p', { class: 'check bad', 'data-test': 'receipt-missing' }, '✗ ' + tr('KHÔNG tìm thấy mã phiếu ' + c.code + ' trong danh sách ' + c.count + ' phiếu đã kiểm. Xin báo Ban kiểm phiếu.', 'Receipt ' + c.code + ' is NOT in the list of ' + c.count + ' counted ballots. Please tell the tellers.'));
    return h('div', { class: 'receipt-check' },
      h('h3', {}, tr('Kiểm tra mã phiếu', 'Check your receipt')),
      mine ? h('p', {}, tr('Mã phiếu của đồng chí: ', 'Your receipt: '), h('b', { class: 'mono' }, mine.receipt))
        : h('p', { class: 'muted' }, tr('Nhập mã phiếu đồng chí đã ghi lại:', 'Type the receipt code you noted:')),
      h('div', { class: 'row-actions left' }, input, h('button', { class: 'btn primary big check-btn', onclick: run }, tr('Kiểm tra mã phiếu', 'Check the receipt'))),
      verdict);
  }

  // --- timers -----------------------------------------------------------------------------------------
  function tick() {
    document.querySelectorAll('[data-since]').forEach((e) => {
      const t = e.getAttribute('data-since');
      const v = DH.clock(DH.since(t));
      if (e.textContent !== v) e.textContent = v;
    });
  }

  // Pending ballots of polls that are no longer open cannot be sent: the server would refuse them.
  function forgetStale() {
    for (const p of S.polls || []) {
      if (p.state !== 'open' && p.state !== 'draft' && load('pending', p.id) && !ui.sending[p.id]) save('pending', p.id, null);
    }
  }

  function render() {
    if (!S.ready) return;
    skeleton();
    forgetStale();
    renderHead();
    const takeover = renderBallot();
    if (takeover) { const d = DH.$('#speak-dialog'); if (d) d.remove(); }
    document.body.classList.toggle('voting', takeover);
    R.now.hidden = takeover;
    R.main.hidden = takeover;
    R.banner.hidden = takeover;
    if (!takeover) { renderNow(); renderBanner(); renderTabs(); }
    tick();
  }

  DH.start({ roles: ['delegate'], role: 'delegate', title: () => tr('Đại biểu', 'Delegate'), render });
  setInterval(DH.rerender, 1000);
})();
