// daihoi — the organisers' setup page (Ban tổ chức): the delegate cards with their QR codes, the
// draft documents, the backup, and the way to every other screen and printed report.
'use strict';

(() => {
  const { tr, h, api } = DH;
  const ui = { built: false, lang: null, cards: null, cardsErr: '', pick: null, loaded: null, net: null };

  const isLoopback = (host) => /^(localhost|127\.|\[::1\])/i.test(host);
  const hostValue = () => ((DH.$('#card-host') || {}).value || location.host).trim();

  // loadNetwork asks for the server's HTTPS addresses and the congress certificate's fingerprint:
  // the cards point at HTTPS, and on the laptop's own http://127.0.0.1 page the address on the
  // cards starts as the server's first LAN address.
  async function loadNetwork() {
    try { ui.net = await api('GET', '/api/network'); } catch (e) { return; }
    const input = DH.$('#card-host');
    const first = (ui.net.urls || [])[0];
    if (input && first && location.protocol !== 'https:' && input.value === location.host) input.value = first.replace(/^https:\/\//, '');
    renderCards();
  }

  function renderCA() {
    const box = DH.$('#ca-box');
    if (!box) return;
    const n = ui.net;
    if (!n || !n.fingerprint) { box.replaceChildren(); return; }
    const host = hostValue().replace(/:\d+$/, '');
    box.replaceChildren(h('p', {},
      tr(n.own ? 'Chứng chỉ của cơ quan, SHA-256: ' : 'Chứng chỉ của đại hội (máy tính bảng cài một lần), SHA-256: ', n.own ? 'The organisation\'s certificate, SHA-256: ' : 'The congress certificate (tablets install it once), SHA-256: '),
      h('code', { id: 'ca-fingerprint' }, n.fingerprint),
      n.ca_port ? h('span', {}, tr(' — cài tại ', ' — install from '), h('b', {}, 'http://' + host + ':' + n.ca_port + '/ca')) : null));
  }

  async function loadCards() {
    try { ui.cards = (await api('GET', '/api/cards')) || []; ui.cardsErr = ''; ui.cardsRoll = (DH.state.roll || []).length; }
    catch (e) { ui.cardsErr = DH.errText(e); }
    renderCards();
  }

  function renderCards() {
    const box = DH.$('#cards-box');
    if (!box) return;
    const host = hostValue();
    const warn = DH.$('#host-warn');
    warn.replaceChildren(...(isLoopback(host) ? [h('p', { class: 'warnbox' },
      tr('Địa chỉ "' + host + '" chỉ dùng được trên chính máy này: máy tính bảng sẽ không mở được đường dẫn trên thẻ. Hãy mở trang này bằng địa chỉ mạng LAN của máy chủ (xem cửa sổ daihoi khi khởi động), hoặc sửa ô trên.',
        '"' + host + '" only works on this laptop: tablets cannot open the link on the card. Open this page by the server\'s LAN address (shown when daihoi starts), or change the box above.'))] : []));
    const begun = (DH.state.agenda || []).some((i) => i.state !== 'pending' || i.started_at);
    const all = DH.$('#print-cards');
    all.disabled = begun;
    DH.$('#print-cards-note').textContent = begun
      ? tr('Đại hội đã bắt đầu: không in lại toàn bộ thẻ (thẻ mới sẽ làm mất hiệu lực thẻ đại biểu đang cầm). Thẻ bị mất: chọn đại biểu, "Cấp lại thẻ".',
        'The congress has begun: all the cards can no longer be printed (new cards would void those the delegates hold). A lost card: choose the delegate, "Reissue".')
      : tr('Máy chủ không lưu mã thẻ: mã chỉ hiện một lần, trên trang in. In toàn bộ thẻ sẽ cấp mã mới cho mọi đại biểu.',
        'The server keeps no card code: codes show once, on the sheet. Printing all cards gives every delegate a new code.');
    renderCA();
    if (ui.cardsErr) { box.replaceChildren(h('p', { class: 'error' }, ui.cardsErr)); return; }
    if (!ui.cards) { box.replaceChildren(h('p', { class: 'muted' }, tr('Đang tải danh sách thẻ…', 'Loading the cards…'))); return; }
    const q = DH.fold((DH.$('#card-search') || {}).value || '').trim();
    // Everyone on the roll, those without a card yet too (added after the cards were printed).
    const holders = new Set(ui.cards.map((c) => c.delegate));
    const people = (DH.state.roll || []).length ? DH.state.roll.map((d) => ({ delegate: d.id, number: d.number, name: d.name, unit: d.unit, none: !holders.has(d.id) })) : ui.cards;
    const missing = people.filter((c) => c.none).length;
    const list = people.filter((c) => !q || DH.fold(c.number + ' ' + c.name + ' ' + c.unit).includes(q));
    const pick = people.find((c) => c.delegate === ui.pick) || list[0] || people[0];
    box.replaceChildren(
      h('div', { class: 'cards-grid' },
        h('div', { class: 'cards-list' },
          h('p', { class: missing ? 'warn-text' : 'muted', id: 'cards-count' }, missing
            ? tr(ui.cards.length + ' thẻ; ' + missing + ' người chưa có thẻ: in toàn bộ thẻ (trước ngày đại hội) hoặc chọn từng người để cấp.', ui.cards.length + ' cards; ' + missing + ' people have none yet: print all cards (before the day) or issue them one by one.')
            : tr(ui.cards.length + ' thẻ. Chọn một dòng để xem thẻ, cấp lại thẻ bị mất.', ui.cards.length + ' cards. Choose a row to see the card, or reissue a lost one.')),
          h('div', { class: 'scroll' }, h('table', { id: 'cards-table' },
            h('thead', {}, h('tr', {}, h('th', {}, tr('Số', 'No.')), h('th', {}, tr('Họ và tên', 'Name')), h('th', {}, tr('Đơn vị', 'Unit')))),
            h('tbody', {}, list.map((c) => h('tr', { class: pick && c.delegate === pick.delegate ? 'on' : '', onclick: () => { ui.pick = c.delegate; renderCards(); } },
              h('td', {}, c.number), h('td', {}, c.name, c.none ? h('span', { class: 'pill bad' }, tr('chưa có thẻ', 'no card')) : null), h('td', { class: 'muted' }, c.unit))))))),
        pick ? h('div', { class: 'card-preview', id: 'card-preview' },
          h('div', { class: 'pv-kind' }, tr('THẺ ĐẠI BIỂU', 'DELEGATE CARD')),
          h('div', { class: 'pv-num' }, tr('Số ', 'No. ') + pick.number),
          h('div', { class: 'pv-name' }, pick.name),
          h('div', { class: 'pv-unit muted' }, pick.unit),
          h('p', { class: 'muted' }, tr('Mã thẻ không lưu trên máy chủ: chỉ hiện khi thẻ được in.', 'The card\'s code is not kept on the server: it shows only when the card is printed.')),
          (DH.state.devices || {})[pick.delegate] > 1 ? h('div', { class: 'warnbox', id: 'pick-devices' },
            tr('Đang đăng nhập trên ' + DH.state.devices[pick.delegate] + ' thiết bị.', 'Signed in on ' + DH.state.devices[pick.delegate] + ' devices.')) : null,
          h('div', { class: 'pv-actions' },
            pick.none ? h('button', { class: 'btn small primary', id: 'issue-card', onclick: () => printSheet(pick.delegate) }, tr('Cấp và in thẻ', 'Issue and print the card'))
              : h('button', { class: 'btn small danger', id: 'reissue-card', onclick: () => reissue(pick) }, tr('Cấp lại và in thẻ (thẻ bị mất)', 'Reissue and print (card lost)')))) : null));
  }

  // printSheet opens the card sheet, which issues the cards it shows: a form's POST, so that the
  // codes come only in its answer.
  function printSheet(delegate) {
    const f = h('form', { method: 'post', action: '/print/cards' },
      h('input', { type: 'hidden', name: 'host', value: hostValue() }),
      delegate ? h('input', { type: 'hidden', name: 'delegate', value: delegate }) : null);
    document.body.append(f);
    f.submit();
  }

  async function printAll() {
    const ok = await DH.confirmDialog(
      tr('In toàn bộ thẻ sẽ cấp mã mới cho mọi đại biểu: thẻ đã in trước đây sẽ không dùng được nữa. Chỉ làm trước ngày đại hội.',
        'Printing all cards gives every delegate a new code: cards printed before stop working. Do it only before the congress day.'),
      tr('Cấp và in toàn bộ thẻ', 'Issue and print all cards'));
    if (ok) printSheet('');
  }

  // reissue gives the delegate a new card and opens it to print: the old one stops working and
  // signs its screens out. The new code shows on the sheet, once.
  async function reissue(c) {
    const ok = await DH.confirmDialog(
      tr('Cấp thẻ mới cho ' + c.name + ' (số ' + c.number + ')? Thẻ cũ sẽ không dùng được nữa; máy tính bảng đang đăng nhập bằng thẻ cũ sẽ bị đăng xuất. Phiếu đã bỏ vẫn giữ nguyên. Mã mới chỉ hiện một lần, trên trang in.',
        'Issue a new card to ' + c.name + ' (No. ' + c.number + ')? The old card stops working, and tablets signed in with it are signed out. Ballots already cast stay cast. The new code shows once, on the sheet.'),
      tr('Cấp thẻ mới', 'Issue a new card'));
    if (!ok) return;
    printSheet(c.delegate);
  }

  async function loadDocument(e) {
    e.preventDefault();
    const title = DH.$('#doc-title').value.trim(), text = DH.$('#doc-text').value;
    const out = DH.$('#doc-result');
    if (!title || !text.trim()) { out.replaceChildren(h('p', { class: 'error' }, tr('Cần có tên và nội dung dự thảo.', 'The draft needs a title and a text.'))); return; }
    if ((DH.state.documents || []).some((d) => d.title === title)) {
      const ok = await DH.confirmDialog(tr('Đã có một dự thảo tên "' + title + '". Nạp thêm một bản mới cùng tên?', 'A draft named "' + title + '" exists. Load another one with the same name?'), tr('Nạp bản mới', 'Load a new one'));
      if (!ok) return;
    }
    const btn = DH.$('#doc-load'); btn.disabled = true;
    try {
      const doc = await api('POST', '/api/documents', { title, text });
      ui.loaded = doc;
      DH.$('#doc-title').value = ''; DH.$('#doc-text').value = '';
      DH.toast(tr('Đã nạp dự thảo: ', 'Draft loaded: ') + doc.title, 'ok');
    } catch (x) {
      ui.loaded = null;
      out.replaceChildren(h('p', { class: 'error', role: 'alert' }, DH.errText(x)));
      btn.disabled = false;
      return;
    }
    btn.disabled = false;
    renderLoaded();
  }

  function renderLoaded() {
    const out = DH.$('#doc-result');
    if (!out || !ui.loaded) return;
    const d = ui.loaded;
    out.replaceChildren(h('div', { class: 'loaded' },
      h('p', { class: 'ok-line' }, '✓ ' + tr('Đã nạp "' + d.title + '": máy chủ tách được ' + d.sections.length + ' mục.', 'Loaded "' + d.title + '": the server found ' + d.sections.length + ' sections.')),
      h('ol', { class: 'sections', id: 'doc-sections' }, d.sections.map((s) => h('li', {},
        h('b', {}, tr('Mục ', 'Section ') + s.number), s.title ? '. ' + s.title : (s.number === '0' ? tr(' (phần mở đầu)', ' (preamble)') : ''),
        h('div', { class: 'muted snippet' }, (s.text || '').slice(0, 140) + ((s.text || '').length > 140 ? '…' : '')))))));
  }

  function renderDocs(st) {
    const box = DH.$('#doc-list');
    if (!box) return;
    const docs = [...(st.documents || [])].sort((a, b) => (a.title < b.title ? -1 : 1));
    const counts = {};
    for (const c of st.comments || []) counts[c.document] = (counts[c.document] || 0) + 1;
    box.replaceChildren(docs.length ? h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, tr('Dự thảo', 'Draft')), h('th', {}, tr('Số mục', 'Sections')), h('th', {}, tr('Góp ý', 'Comments')))),
      h('tbody', {}, docs.map((d) => h('tr', {}, h('td', {}, d.title), h('td', {}, (d.sections || []).length), h('td', {}, counts[d.id] || 0)))))
      : h('p', { class: 'muted' }, tr('Chưa có dự thảo nào.', 'No drafts yet.')));
  }

  function renderSummary(st) {
    const box = DH.$('#summary');
    if (!box) return;
    const c = st.congress || {}, a = st.attendance || {};
    const roll = st.roll || [];
    box.replaceChildren(
      // The empty congress's title (daihoi.BlankCongress) is in both languages: the page's only.
      h('div', { class: 'sum-title' }, c.title === 'Đại hội mới (chưa đặt tên) / New congress' ? tr('Đại hội mới (chưa đặt tên)', 'New congress (no title yet)') : (c.title || '')),
      h('div', { class: 'muted' }, [c.venue, c.date ? c.date.split('-').reverse().join('/') : ''].filter(Boolean).join(' · ')),
      h('div', { class: 'sum-figs' },
        fig(tr('Danh sách', 'On the roll'), roll.length),
        fig(tr('Tổng số (để tính tỉ lệ)', 'Base'), a.base),
        fig(tr('Có mặt', 'Present'), a.present + '/' + a.base, a.quorum ? tr('Đủ', 'Quorum') : tr('Chưa đủ', 'No quorum')),
        fig(tr('Chưa đến', 'Not arrived'), a.not_arrived),
        fig(tr('Góp ý dự thảo', 'Comments'), (st.comments || []).length)));
  }
  const fig = (label, n, sub) => h('div', { class: 'fig' }, h('div', { class: 'muted' }, label), h('div', { class: 'fig-n' }, n), sub ? h('div', { class: 'fig-sub' }, sub) : null);

  function link(href, vi, en, sub, blank) {
    return h('li', {}, h('a', { href, target: blank ? '_blank' : null }, tr(vi, en)), sub ? h('span', { class: 'muted' }, ' — ' + sub) : null);
  }

  function build(st) {
    const keep = ui.built ? { host: hostValue(), title: DH.$('#doc-title').value, text: DH.$('#doc-text').value, q: DH.$('#card-search').value } : null;
    const hostInput = h('input', { id: 'card-host', type: 'text', value: location.host, spellcheck: 'false', oninput: renderCards });
    const prep = DH.prep.sections(); // setupprepare.js: the congress, the roll, the agenda, the polls, the accounts
    const grid = h('div', { class: 'setup-grid' },
          h('section', { class: 'card' },
            h('h2', {}, tr('Các màn hình', 'Screens')),
            h('ul', { class: 'links', id: 'screens' },
              link('/presidium', 'Đoàn chủ tịch', 'Presidium', tr('điều hành chương trình, biểu quyết, bầu cử', 'agenda, votes, elections')),
              link('/hall', 'Màn hình hội trường (máy chiếu)', 'Hall display (projector)', tr('tài khoản hoitruong', 'account hoitruong')),
              link('/checkin', 'Bàn đón tiếp', 'Check-in desk', tr('quét thẻ, điểm danh', 'scan cards, attendance')),
              link('/teller', 'Ban kiểm phiếu', 'Tellers', tr('nhập phiếu, biên bản', 'keying ballots, minutes')),
              link('/secretariat', 'Đoàn thư ký', 'Secretariat', tr('tổng hợp góp ý dự thảo', 'comments on the drafts')),
              h('li', { class: 'muted' }, tr('Đại biểu: quét mã QR trên thẻ bằng máy tính bảng (mở /delegate sau khi đăng nhập bằng thẻ).', 'Delegates: scan the QR code on the card with the tablet (opens /delegate once signed in by card).')))),
          h('section', { class: 'card' },
            h('h2', {}, tr('Trang in (A4)', 'Printable pages (A4)')),
            h('ul', { class: 'links', id: 'prints' },
              link('/print/credentials', 'Báo cáo thẩm tra tư cách đại biểu', 'Credential report', tr('số liệu trực tiếp từ danh sách', 'live from the roll'), true),
              h('li', {}, h('a', { href: '#cards-section', id: 'print-cards-link' }, tr('Thẻ đại biểu có mã QR', 'Delegate cards with QR codes')), h('span', { class: 'muted' }, ' — ' + tr('in ở mục Thẻ đại biểu', 'printed from Delegate cards'))),
              link('/print/comments', 'Tổng hợp góp ý dự thảo văn kiện', 'Comments on the drafts', '', true),
              link('/api/comments.csv', 'Góp ý dự thảo (tệp CSV cho Excel)', 'Comments (CSV for Excel)', '', false))),
          h('section', { class: 'card' },
            h('h2', {}, tr('Sao lưu dữ liệu', 'Backup')),
            h('p', {}, tr('Tải về một bản sao toàn bộ dữ liệu đại hội (tệp .db). Nên sao lưu trước khi khai mạc, sau mỗi cuộc bầu cử và khi bế mạc; cất vào USB.',
              'Download a copy of all congress data (.db file). Back up before the opening, after each election and at the close; keep it on a USB stick.')),
            h('a', { class: 'btn primary', href: '/api/backup', download: '', id: 'backup-link' }, tr('Tải bản sao lưu', 'Download backup'))));
    DH.$('#app').replaceChildren(
      DH.header(tr('Ban tổ chức — Thiết lập đại hội', 'Organisers — congress setup')),
      h('main', { class: 'setup-main' },
        h('section', { class: 'card', id: 'summary' }),
        h('div', { id: 'setup-backup' }),
        h('div', { id: 'setup-devices' }),
        h('p', { class: 'warnbox', id: 'prep-begun', hidden: true }, tr('Đại hội đã bắt đầu: mọi thay đổi dưới đây được ghi vào nhật ký cùng tên người sửa; thay đổi làm sai một cuộc bỏ phiếu đã mở sẽ bị từ chối.',
          'The congress has begun: every change below is logged with who made it; a change that would alter a poll already opened is refused.')),
        prep.steps, prep.congress, prep.roll, prep.agenda, prep.polls, prep.accounts,
        h('section', { class: 'card', id: 'cards-section' },
          h('h2', {}, tr('6. Thẻ đại biểu', '6. Delegate cards')),
          h('div', { class: 'host-row' },
            h('label', {}, tr('Địa chỉ máy chủ in trên thẻ', 'Server address on the cards'), hostInput),
            h('input', { id: 'card-search', type: 'search', placeholder: tr('Tìm tên, số, đơn vị…', 'Find a name, number, unit…'), oninput: renderCards }),
            h('button', { class: 'btn primary', id: 'print-cards', type: 'button', onclick: printAll }, tr('Cấp và in toàn bộ thẻ (A4, 8 thẻ/trang)', 'Issue and print all cards (A4, 8 per page)'))),
          h('p', { class: 'muted', id: 'print-cards-note' }),
          h('div', { id: 'ca-box' }),
          h('div', { id: 'host-warn' }),
          h('div', { id: 'cards-box' })),
        h('section', { class: 'card', id: 'documents-section' },
          h('h2', {}, tr('7. Dự thảo văn kiện', '7. Draft documents')),
          h('div', { id: 'doc-list' }),
          h('h3', {}, tr('Nạp dự thảo mới', 'Load a new draft')),
          h('p', { class: 'muted' }, tr('Dán toàn văn dự thảo. Mỗi dòng bắt đầu bằng số mục ("1.", "2.3", "II.") hoặc tiêu đề Markdown ("# …") mở một mục mới; dòng đó là tên mục.',
            'Paste the whole draft. Each line starting with a section number ("1.", "2.3", "II.") or a Markdown heading ("# …") starts a new section; that line is its title.')),
          h('form', { class: 'doc-form', onsubmit: loadDocument },
            h('label', {}, tr('Tên dự thảo', 'Title'), h('input', { id: 'doc-title', type: 'text', maxlength: 400 })),
            h('label', {}, tr('Nội dung', 'Text'), h('textarea', { id: 'doc-text', rows: 12, spellcheck: 'false' })),
            h('div', {}, h('button', { class: 'btn primary', type: 'submit', id: 'doc-load' }, tr('Nạp dự thảo', 'Load the draft')))),
          h('div', { id: 'doc-result' })),
        prep.log, grid));
    if (keep) { hostInput.value = keep.host; DH.$('#doc-title').value = keep.title; DH.$('#doc-text').value = keep.text; DH.$('#card-search').value = keep.q; }
    ui.built = true; ui.lang = DH.lang();
    renderCards(); renderLoaded();
    if (!ui.cards) loadCards();
    if (!ui.net) loadNetwork();
    DH.prep.load();
  }

  function render(st) {
    if (!st.ready) return;
    if (!ui.built || ui.lang !== DH.lang()) build(st);
    else {
      const hdr = DH.$('header.top');
      if (hdr) hdr.replaceWith(DH.header(tr('Ban tổ chức — Thiết lập đại hội', 'Organisers — congress setup')));
    }
    renderSummary(st); renderDocs(st); DH.prep.render(st);
    DH.part(DH.$('#setup-devices'), JSON.stringify(st.devices || {}), () => DH.multiDevice());
    DH.part(DH.$('#setup-backup'), JSON.stringify(st.backup || null), () => DH.backupBanner(true));
    const sig = JSON.stringify([st.devices || {}, (st.agenda || []).map((i) => i.state + (i.started_at || ''))]);
    if (ui.cardsSig !== sig) { ui.cardsSig = sig; renderCards(); } // the devices, and whether the day has begun
    if (ui.cards && ui.cardsRoll !== (st.roll || []).length) loadCards(); // people added or imported
  }

  DH.start({ roles: ['organiser'], title: () => tr('Ban tổ chức — Thiết lập', 'Organisers — setup'), render, event: (ev) => DH.prep.event(ev) });
})();
