// daihoi — the organisers' spreadsheets on the setup page: the roll imported from an .xlsx (or a
// CSV) and an election's candidates from a sheet, each previewed row by row with every problem
// where the organiser sees it in Excel (row and column) before anything is stored; and the .xlsx
// downloads. It draws into #setup-import (the roll's step, setupprepare.js) and adds its own block
// to the elections' step (#prep-polls), again whenever the page is built anew (a language switch).
'use strict';

(() => {
  const { tr, h } = DH;
  // One import at a time for each kind: the file chosen and its bytes as read then (kept across a
  // rebuild of the page), the sheet, the server's preview, and the outcome of the last action.
  // convert is the organiser's confirmation that the cells typed in an old font (TCVN3, VNI) be
  // converted to Unicode: asked for each preview, sent with the import.
  const roll = { seq: 0, file: null, data: null, sheet: '', preview: null, err: '', done: '', busy: false, convert: false };
  const cand = { seq: 0, poll: '', file: null, data: null, sheet: '', preview: null, err: '', done: '', busy: false, convert: false };
  const $ = (id) => document.getElementById(id);

  // send posts the file as a form (file, sheet, confirm, convert) and answers the JSON, or throws
  // the server's message in the page's language.
  async function send(path, st, confirm) {
    const fd = new FormData();
    fd.append('file', st.data, st.file.name);
    fd.append('sheet', st.sheet || '');
    if (confirm) fd.append('confirm', '1');
    if (confirm && st.convert) fd.append('convert', '1');
    let r;
    try { r = await fetch(path, { method: 'POST', body: fd, credentials: 'same-origin' }); }
    catch (e) { throw new Error(tr('Mất kết nối tới máy chủ.', 'No connection to the server.')); }
    const text = await r.text();
    let body = null;
    try { body = JSON.parse(text); } catch (_) { body = null; }
    // The file checks' messages start in lower case (they name a file or a sheet): as a sentence.
    const sentence = (m) => m.charAt(0).toUpperCase() + m.slice(1);
    if (!r.ok) throw new Error(body && body.message ? sentence(tr(body.message, body.message_en)) : tr('Máy chủ trả lời lỗi ', 'The server answered error ') + r.status);
    return body;
  }

  const problemText = (p) => (p.row ? tr('Dòng ' + p.row + (p.column ? ', cột ' + p.column : '') + ': ', 'Row ' + p.row + (p.column ? ', column ' + p.column : '') + ': ') : '') + tr(p.vi, p.en);

  // --- the preview: every row as the sheet has it, the cells with a problem marked, and the list
  // of problems, each a link to its row.
  function previewTable(p, id, extra) {
    const header = p.header || [];
    // A cell typed in an old font shows as stored beside its conversion; a character of no
    // encoding marks its cell as a problem does.
    const fonts = p.fonts || {};
    const stored = {};
    for (const c of fonts.cells || []) stored[c.column + c.row] = c.stored;
    const fontBad = {};
    for (const q of fonts.problems || []) fontBad[q.column + q.row] = tr(q.vi, q.en);
    const cellOf = (l, row, text) => (stored[l + row] !== undefined
      ? h('span', { class: 'imp-conv' }, h('span', { class: 'imp-stored' }, stored[l + row]), ' → ', text) : text);
    const width = Math.max(header.length, ...(p.rows || []).map((r) => (r.cells || []).length));
    const letters = [];
    for (let i = 0; i < width; i++) letters.push(colName(i));
    const fields = p.fields || [];
    return h('div', { class: 'scroll imp-scroll' }, h('table', { class: 'datatable imp-table', id },
      h('thead', {},
        h('tr', {}, h('th', { class: 'imp-rn' }, tr('Dòng', 'Row')), letters.map((l, i) => h('th', { class: fields.length && !fields[i] ? 'imp-skip' : '' },
          h('span', { class: 'imp-col' }, l), ' ', cellOf(l, p.header_row, header[i] || ''))), extra ? h('th', {}, extra.title) : null)),
      h('tbody', {}, (p.rows || []).map((r) => {
        const bad = {};
        for (const q of r.problems || []) bad[q.column || '*'] = (bad[q.column || '*'] ? bad[q.column || '*'] + '; ' : '') + tr(q.vi, q.en);
        for (const l of letters) if (fontBad[l + r.row]) bad[l] = fontBad[l + r.row];
        return h('tr', { id: id + '-r' + r.row, class: Object.keys(bad).length ? 'imp-bad' : '' },
          h('td', { class: 'imp-rn' }, r.row),
          letters.map((l, i) => h('td', { class: bad[l] ? 'imp-cell-bad' : (fields.length && !fields[i] ? 'imp-skip' : ''), title: bad[l] || null, 'data-cell': l + r.row }, cellOf(l, r.row, (r.cells || [])[i] || ''))),
          extra ? h('td', {}, extra.cell(r)) : null);
      }))));
  }
  function colName(i) { let s = ''; for (i++; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + (i - 1) % 26) + s; return s; }

  // fontsPanel asks the organiser to confirm the conversion of the cells typed in an old font:
  // what it does (the encodings, how many cells, whether cell by cell), every cell as stored and
  // converted, and the box to tick. Nothing converts silently: the import stays disabled till then.
  function fontsPanel(st, p, id, rerender) {
    const f = p.fonts || {};
    if (!(f.cells || []).length) return null;
    return h('div', { class: 'imp-fonts', id: id + '-fonts' },
      h('p', {}, h('b', {}, tr(f.vi, f.en))),
      h('div', { class: 'scroll imp-scroll imp-fonts-list' }, h('table', { class: 'datatable imp-table', id: id + '-fonts-table' },
        h('thead', {}, h('tr', {}, h('th', {}, tr('Ô', 'Cell')), h('th', {}, tr('Trong tệp', 'As stored')), h('th', {}, tr('Chuyển thành', 'Converted')))),
        h('tbody', {}, f.cells.slice(0, 400).map((c) => h('tr', {}, h('td', { class: 'imp-rn' }, c.column + c.row), h('td', { class: 'imp-stored' }, c.stored), h('td', {}, '→ ' + c.text)))))),
      // A long sheet: the first 400 here, every one in the preview table below.
      f.cells.length > 400 ? h('p', { class: 'muted' }, tr('… và ' + (f.cells.length - 400) + ' ô nữa, hiện trong bảng xem trước.', '… and ' + (f.cells.length - 400) + ' more cells, shown in the preview table.')) : null,
      h('label', { class: 'imp-confirm' },
        h('input', { type: 'checkbox', id: id + '-convert', checked: st.convert, onchange: (e) => { st.convert = e.target.checked; rerender(); } }), ' ',
        tr('Tôi đã xem: chuyển ' + f.cells.length + ' ô này sang Unicode khi nhập.', 'I have checked them: convert these ' + f.cells.length + ' cells to Unicode on import.')));
  }
  const unconverted = (st, p) => ((p.fonts || {}).cells || []).length > 0 && !st.convert;

  function problemList(p, id) {
    const ps = p.problems || [];
    if (!ps.length) return null;
    return h('div', { class: 'imp-problems', role: 'alert' },
      h('p', {}, h('b', {}, tr(ps.length + ' lỗi: sửa trong Excel rồi chọn lại tệp. Chưa có gì được lưu.', ps.length + (ps.length > 1 ? ' problems' : ' problem') + ': correct the file in Excel and choose it again. Nothing has been stored.'))),
      h('ul', { id: id + '-problems' }, ps.map((q) => h('li', {},
        q.row ? h('a', { href: '#' + id + '-r' + q.row, onclick: (e) => { e.preventDefault(); const tr_ = $(id + '-r' + q.row); if (tr_) tr_.scrollIntoView({ block: 'center' }); } }, problemText(q)) : problemText(q)))));
  }

  // filePicker is a button in the page's language (the browser's own says "Choose File" in its
  // language, and "No file chosen" after each redraw) and the name of the file chosen. An old .xls
  // can be chosen too: hidden in the dialog it would leave the organiser wondering where their
  // file went; chosen, the server says how to save it as .xlsx.
  function filePicker(st, id, onFile) {
    return h('div', { class: 'fld imp-file' }, h('span', {}, tr('Tệp bảng tính (.xlsx hoặc .csv)', 'Spreadsheet (.xlsx or .csv)')),
      h('label', { class: 'btn imp-choose' }, st.file ? tr('Chọn tệp khác…', 'Choose another file…') : tr('Chọn tệp…', 'Choose a file…'),
        h('input', { type: 'file', id, class: 'imp-input', accept: '.xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv', onchange: async (e) => {
          st.seq++; st.busy = false; // a preview still coming back is for the file before
          st.file = e.target.files[0] || null; st.data = null; st.sheet = ''; st.preview = null; st.err = ''; st.done = '';
          if (!st.file) return;
          // The file is read once, when chosen: the import stores exactly what was previewed, even
          // if the workbook is saved again in Excel meanwhile (the browser would refuse to send it).
          try { st.data = new Blob([await st.file.arrayBuffer()]); }
          catch (_) {
            st.file = null; st.err = tr('Không đọc được tệp (tệp đang mở và bị khoá trong Excel?): đóng tệp trong Excel rồi chọn lại.', 'The file cannot be read (open and locked in Excel?): close it in Excel and choose it again.');
            rerender(st); return;
          }
          onFile();
        } })),
      st.file ? h('small', { class: 'imp-chosen' }, tr('Đã chọn: ', 'Chosen: ') + st.file.name) : null);
  }
  const rerender = (st) => (st === roll ? renderRoll() : renderCand());
  function sheetPicker(st, id, onSheet) {
    const p = st.preview;
    if (!p || !(p.sheets || []).length) return null;
    return h('label', { class: 'fld' }, h('span', {}, tr('Trang', 'Sheet')),
      h('select', { id, onchange: (e) => { st.sheet = e.target.value; onSheet(); } },
        p.sheets.map((s) => h('option', { value: s, selected: s === (st.sheet || p.sheet) }, s))));
  }

  // --- the roll
  // A preview answers for the file, sheet and election it was asked with: one that comes back after
  // the organiser picked another (a slow sheet, a quick change of election) is dropped, not shown
  // with the wrong seats or rows.
  async function previewRoll() {
    if (!roll.file || !roll.data) return;
    const my = ++roll.seq;
    roll.busy = true; roll.err = ''; roll.convert = false; renderRoll();
    let p = null, err = '';
    try { p = await send('/api/setup/roll/preview', roll, false); } catch (e) { err = e.message; }
    if (my !== roll.seq) return;
    roll.preview = p; roll.err = err; roll.sheet = p ? p.sheet || '' : roll.sheet;
    roll.busy = false; renderRoll();
  }
  async function importRoll() {
    const p = roll.preview;
    if (!p || (p.problems || []).length || p.refused || unconverted(roll, p)) return;
    if (p.replaces > 0) {
      const ok = await DH.confirmDialog(tr('Danh sách mới (' + p.rows.length + ' người) sẽ thay cho ' + p.replaces + ' người đang có. Người có cùng số thứ tự và họ tên giữ nguyên thẻ.',
        'The new roll (' + p.rows.length + ' people) replaces the ' + p.replaces + ' on it now. Anyone with the same number and name keeps their card.'), tr('Nhập danh sách', 'Import the roll'));
      if (!ok) return;
    }
    roll.busy = true; renderRoll();
    try {
      const r = await send('/api/setup/roll', roll, true);
      const conv = roll.convert ? ((p.fonts || {}).cells || []).length : 0;
      roll.done = tr('Đã nhập ' + r.imported + ' người vào danh sách' + (r.removed ? ', bỏ ' + r.removed + ' người không còn trong tệp' : '') + '.' + (conv ? ' Đã chuyển ' + conv + ' ô từ phông cũ sang Unicode.' : ''),
        'Imported ' + r.imported + ' people' + (r.removed ? '; ' + r.removed + ' no longer in the file were removed' : '') + '.' + (conv ? ' ' + conv + ' cells converted from an old font to Unicode.' : ''));
      roll.preview = null; roll.file = null; roll.data = null;
      DH.toast(roll.done, 'ok');
    } catch (e) { roll.err = e.message; }
    roll.busy = false; renderRoll();
  }

  function renderRoll() {
    const box = $('setup-import');
    if (!box) return;
    const p = roll.preview;
    const blocked = !p || roll.busy || (p.problems || []).length > 0 || !!p.refused || unconverted(roll, p);
    box.replaceChildren(h('div', { class: 'imp form-band' },
      h('h3', {}, tr('Nhập danh sách từ tệp Excel', 'Import the roll from an Excel file')),
      h('p', { class: 'muted' }, tr('Các cột: Số TT, Họ và tên (bắt buộc), Năm sinh, Giới tính, Dân tộc, Đơn vị, Loại đại biểu, … theo thứ tự nào cũng được; có thể có dòng tiêu đề phía trên. Xem trước từng dòng; chỉ lưu khi không còn lỗi.',
        'Columns: Số TT, Họ và tên (required), Năm sinh, Giới tính, Dân tộc, Đơn vị, Loại đại biểu, … in any order, under a title row or two. Every row is previewed; nothing is stored while a problem remains.'), ' ',
        h('a', { href: '/api/setup/roll-template.xlsx', id: 'roll-template-link', download: '' }, tr('Tải tệp mẫu (.xlsx)', 'Download the template (.xlsx)'))),
      h('div', { class: 'actions imp-pick' }, filePicker(roll, 'roll-file', previewRoll), sheetPicker(roll, 'roll-sheet', previewRoll),
        roll.busy ? h('span', { class: 'muted' }, tr('Đang đọc…', 'Reading…')) : null),
      roll.err ? h('p', { class: 'error', role: 'alert', id: 'roll-import-error' }, roll.err) : null,
      roll.done ? h('p', { class: 'ok-line', id: 'roll-import-done' }, '✓ ' + roll.done) : null,
      p ? h('div', { id: 'roll-preview' },
        h('p', { class: 'imp-summary', id: 'roll-preview-summary' },
          tr((p.sheet ? 'Trang «' + p.sheet + '»: ' : '') + (p.rows || []).length + ' người, tiêu đề ở dòng ' + p.header_row + '. ',
            (p.sheet ? 'Sheet «' + p.sheet + '»: ' : '') + (p.rows || []).length + ' people, the header on row ' + p.header_row + '. '),
          (p.problems || []).length ? h('b', { class: 'error' }, tr((p.problems || []).length + ' lỗi.', (p.problems || []).length + ' problem(s).')) : h('b', { class: 'ok-line' }, tr('Không có lỗi.', 'No problems.'))),
        p.refused ? h('p', { class: 'warnbox', id: 'roll-refused' }, tr(p.refused.message, p.refused.message_en)) : null,
        problemList(p, 'roll-preview-table'),
        fontsPanel(roll, p, 'roll-preview', renderRoll),
        (p.rows || []).length ? previewTable(p, 'roll-preview-table') : null,
        h('div', { class: 'actions' },
          h('button', { class: 'btn primary', type: 'button', id: 'roll-import', disabled: blocked, onclick: importRoll }, tr('Nhập danh sách', 'Import the roll')),
          h('span', { class: 'muted' }, p.replaces ? tr('Thay cho ' + p.replaces + ' người đang có trong danh sách.', 'Replaces the ' + p.replaces + ' people on the roll now.') : ''))) : null));
  }

  // --- an election's candidates
  async function previewCand() {
    if (!cand.file || !cand.data || !cand.poll) return;
    const my = ++cand.seq;
    cand.busy = true; cand.err = ''; cand.convert = false; renderCand();
    let p = null, err = '';
    try { p = await send('/api/setup/polls/' + encodeURIComponent(cand.poll) + '/candidates/preview', cand, false); } catch (e) { err = e.message; }
    if (my !== cand.seq) return;
    cand.preview = p; cand.err = err; cand.sheet = p ? p.sheet || '' : cand.sheet;
    cand.busy = false; renderCand();
  }
  async function importCand() {
    cand.busy = true; renderCand();
    try {
      const v = await send('/api/setup/polls/' + encodeURIComponent(cand.poll) + '/candidates/import', cand, true);
      cand.done = tr('Đã nhập ' + (v.candidates || []).length + ' ứng cử viên cho «' + v.title + '».', 'Imported ' + (v.candidates || []).length + ' candidates for «' + v.title + '».');
      cand.preview = null; cand.file = null; cand.data = null;
      DH.toast(cand.done, 'ok');
    } catch (e) { cand.err = e.message; }
    cand.busy = false; renderCand();
  }

  // surplusLine is the list against the rules, as the presidium will see it when it opens the vote.
  function surplusLine(s) {
    const pct = DH.lang() === 'vi' ? s.percent.replace('.', ',') : s.percent;
    const warn = (s.notices || []).some((n) => n.code !== 'no_surplus');
    return h('div', { class: 'imp-surplus ' + (warn ? 'warnbox' : 'okbox'), id: 'cand-surplus' },
      h('div', {}, tr('Số dư: ', 'Surplus: '), h('b', {}, s.extra + ' ' + tr('người', 'names') + ' (' + pct + '%)')),
      (s.notices || []).map((n) => h('div', { class: 'notice' }, tr(n.vi, n.en))),
      !(s.notices || []).length ? h('div', { class: 'ok-line' }, '✓ ' + tr('Trong khoảng quy chế cho phép.', 'Within the regulation\'s bounds.')) : null);
  }

  function renderCand() {
    const box = $('setup-candidates-import');
    if (!box) return;
    const drafts = (DH.state.polls || []).filter((p) => p.kind === 'election' && p.state === 'draft');
    if (!drafts.some((p) => p.id === cand.poll)) cand.poll = drafts.length ? drafts[0].id : '';
    const p = cand.preview;
    const blocked = !p || cand.busy || (p.problems || []).length > 0 || !!p.refused || unconverted(cand, p);
    const onRoll = (r) => (r.candidate && r.candidate.delegate ? h('span', { class: 'ok-line' }, '✓ ' + tr('có trong danh sách', 'on the roll'))
      : ((r.problems || []).length ? '' : h('span', { class: 'muted' }, tr('ngoài danh sách đại biểu', 'not on the roll'))));
    box.replaceChildren(h('div', { class: 'imp form-band' },
      h('h3', {}, tr('Nhập danh sách bầu cử từ tệp Excel', 'Import an election\'s candidates from an Excel file')),
      drafts.length ? null : h('p', { class: 'muted' }, tr('Chưa có cuộc bầu cử nào đang chuẩn bị: thêm một cuộc bầu cử ở trên trước.', 'No election in preparation: add one above first.')),
      drafts.length ? h('div', { class: 'actions imp-pick' },
        h('label', { class: 'fld' }, h('span', {}, tr('Cuộc bầu cử', 'Election')),
          h('select', { id: 'cand-poll', onchange: (e) => { cand.poll = e.target.value; cand.preview = null; cand.done = ''; previewCand(); } },
            drafts.map((d) => h('option', { value: d.id, selected: d.id === cand.poll }, d.title)))),
        filePicker(cand, 'cand-file', previewCand), sheetPicker(cand, 'cand-sheet', previewCand)) : null,
      cand.err ? h('p', { class: 'error', role: 'alert', id: 'cand-import-error' }, cand.err) : null,
      cand.done ? h('p', { class: 'ok-line', id: 'cand-import-done' }, '✓ ' + cand.done) : null,
      p ? h('div', { id: 'cand-preview' },
        h('p', { class: 'imp-summary' }, tr((p.rows || []).length + ' người cho ' + p.seats + ' chỗ. ', (p.rows || []).length + ' people for ' + p.seats + ' seats. '),
          (p.problems || []).length ? h('b', { class: 'error' }, tr((p.problems || []).length + ' lỗi.', (p.problems || []).length + ' problem(s).')) : h('b', { class: 'ok-line' }, tr('Không có lỗi.', 'No problems.'))),
        p.surplus ? surplusLine(p.surplus) : null,
        p.refused ? h('p', { class: 'warnbox' }, tr(p.refused.message, p.refused.message_en)) : null,
        problemList(p, 'cand-preview-table'),
        fontsPanel(cand, p, 'cand-preview', renderCand),
        (p.rows || []).length ? previewTable(p, 'cand-preview-table', { title: tr('Danh sách đại biểu', 'Roll'), cell: onRoll }) : null,
        h('div', { class: 'actions' }, h('button', { class: 'btn primary', type: 'button', id: 'cand-import', disabled: blocked, onclick: importCand }, tr('Nhập ứng cử viên', 'Import the candidates')))) : null));
  }

  // --- the downloads
  function renderDownloads() {
    const box = $('setup-downloads');
    if (!box) return;
    const a = (href, vi, en) => h('li', {}, h('a', { href, download: '' }, tr(vi, en)));
    box.replaceChildren(h('h2', {}, tr('Tải về (Excel)', 'Downloads (Excel)')),
      h('ul', { class: 'links', id: 'xlsx-downloads' },
        a('/api/setup/roll-template.xlsx', 'Mẫu danh sách đại biểu (trống)', 'Roll template (empty)'),
        a('/api/export/roll.xlsx', 'Danh sách đại biểu và điểm danh', 'The roll with attendance'),
        a('/api/export/results.xlsx', 'Kết quả biểu quyết, bầu cử', 'Every poll\'s result'),
        a('/api/export/comments.xlsx', 'Góp ý dự thảo theo từng mục', 'Comments on the drafts, by section')));
  }

  // mount draws each block whose place is on the page and empty: the page is built by setup.js
  // and rebuilt on a language switch.
  function mount() {
    const r = $('setup-import');
    if (r && !r.firstChild) renderRoll();
    const polls = $('prep-polls');
    if (polls && !$('setup-candidates-import')) polls.append(h('div', { id: 'setup-candidates-import' }));
    const c = $('setup-candidates-import');
    if (c && !c.firstChild) renderCand();
    const grid = document.querySelector('.setup-grid');
    if (grid && !$('setup-downloads')) grid.append(h('section', { class: 'card', id: 'setup-downloads' }));
    const d = $('setup-downloads');
    if (d && !d.firstChild) renderDownloads();
  }
  let pollsSig = '';
  new MutationObserver(() => {
    mount();
    // The elections in preparation changed (one added or opened): the picker follows.
    const sig = (DH.state.polls || []).filter((p) => p.kind === 'election' && p.state === 'draft').map((p) => p.id + p.title).join('|');
    if (sig !== pollsSig) { pollsSig = sig; renderCand(); }
  }).observe(document.getElementById('app'), { childList: true, subtree: true });
})();
