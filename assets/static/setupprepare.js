// daihoi — the organisers' preparation of the congress on the setup page, step by step: the
// congress, single delegates, the agenda, the elections and motions (candidates ticked in the
// roll, the surplus as the presidium will see it) and the operators' accounts with their sign-in
// slips. setup.js places the sections (DH.prep.sections) and calls DH.prep.render on every change.
'use strict';

(() => {
  const { tr, h, api } = DH;
  const ui = {
    rulesets: null, operators: null, fresh: [], // fresh: [{id, name, password}] shown once, kept until printed or the page closes
    editDelegate: null, editItem: null, editPoll: null, editOperator: null, ticked: [], rollQ: '', candQ: '', surplus: null,
  };

  // BLANK is the title of the empty congress `serve --no-demo` makes (daihoi.BlankCongress): the
  // form shows an empty box instead, for the organisers to type theirs.
  const BLANK = 'Đại hội mới (chưa đặt tên) / New congress';
  const MAX_ROWS = 400; // rows of the roll drawn at once
  const CATEGORIES = [['official', 'Chính thức', 'Official'], ['ex_officio', 'Đương nhiên', 'Ex officio'], ['alternate', 'Dự khuyết', 'Alternate'], ['guest', 'Khách mời', 'Guest']];
  const EXCLUSIONS = [['', '— (tính vào tổng số)', '— (counts in the base)'], ['temporary_transfer', 'Sinh hoạt tạm thời nơi khác', 'Temporarily transferred'],
    ['suspended', 'Bị đình chỉ sinh hoạt', 'Suspended'], ['prosecuted', 'Bị truy tố', 'Prosecuted'], ['detained', 'Bị tạm giam', 'Detained'],
    ['exempted', 'Miễn sinh hoạt (trừ khi vắng)', 'Exempted (left out when absent)']];
  const PRESENCE = [['present', 'có mặt', 'present'], ['absent_reason', 'vắng có lý do', 'absent with reason'], ['absent_noreason', 'vắng không lý do', 'absent without reason']];
  const SITTINGS = [['preparatory', 'Phiên trù bị', 'Preparatory session'], ['official', 'Phiên chính thức', 'Official session']];
  const KINDS = [['', 'Khác', 'Other'], ['ceremony', 'Nghi thức', 'Ceremony'], ['report', 'Báo cáo', 'Report'], ['discussion', 'Thảo luận', 'Discussion'],
    ['election', 'Bầu cử', 'Election'], ['motion', 'Biểu quyết', 'Motion'], ['speech', 'Phát biểu', 'Speech']];
  const ROLES = [['teller', 'Ban kiểm phiếu', 'Tellers'], ['presidium', 'Đoàn chủ tịch', 'Presidium'], ['secretariat', 'Đoàn thư ký', 'Secretariat'],
    ['checkin', 'Bàn đón tiếp', 'Check-in desk'], ['hall', 'Màn hình hội trường', 'Hall display'], ['organiser', 'Ban tổ chức', 'Organisers'], ['observer', 'Người theo dõi', 'Observer']];
  const STATES = { draft: ['Bản nháp', 'Draft'], open: ['Đang bỏ phiếu', 'Open'], closed: ['Đã đóng', 'Closed'], counted: ['Đã kiểm', 'Counted'], published: ['Đã công bố', 'Published'] };
  const label = (list, v) => { const x = list.find((e) => e[0] === (v || '')); return x ? tr(x[1], x[2]) : (v || ''); };
  const options = (list, value) => list.map((e) => h('option', { value: e[0], selected: e[0] === (value || '') }, tr(e[1], e[2])));
  const $ = (id) => document.getElementById(id);
  const val = (id) => ($(id) ? $(id).value.trim() : '');
  const num = (id) => { const v = val(id); return v === '' ? 0 : parseInt(v, 10) || 0; };
  const field = (vi, en, input, cls) => h('label', { class: 'fld ' + (cls || '') }, h('span', {}, tr(vi, en)), input);
  const begun = () => (DH.state.agenda || []).some((i) => i.state !== 'pending' || i.started_at);

  // say shows the outcome of an action next to its button: the server's refusal in the page's
  // language, or a short confirmation.
  function say(id, err, ok) {
    const box = $(id);
    if (!box) return;
    if (err) box.replaceChildren(h('p', { class: 'error', role: 'alert' }, DH.errText(err)));
    else box.replaceChildren(ok ? h('p', { class: 'ok-line' }, '✓ ' + ok) : '');
  }
  async function act(btn, out, fn, ok) {
    if (btn) btn.disabled = true;
    try { const r = await fn(); say(out, null, typeof ok === 'function' ? ok(r) : ok); return r; }
    catch (e) { say(out, e); return null; }
    finally { if (btn) btn.disabled = false; }
  }

  // --- the steps, as a row of links at the top
  function steps() {
    const list = [['#prep-congress', '1. Đại hội', '1. Congress'], ['#prep-roll', '2. Danh sách đại biểu', '2. Roll'], ['#prep-agenda', '3. Chương trình', '3. Agenda'],
      ['#prep-polls', '4. Bầu cử, biểu quyết', '4. Elections, motions'], ['#prep-accounts', '5. Tài khoản', '5. Accounts'],
      ['#cards-section', '6. Thẻ đại biểu', '6. Cards'], ['#documents-section', '7. Dự thảo văn kiện', '7. Drafts']];
    return h('nav', { class: 'prep-steps', id: 'prep-steps' }, list.map((s) => h('a', { href: s[0] }, tr(s[1], s[2]))));
  }

  // --- 1. the congress
  function congressSection() {
    const c = DH.state.congress || {};
    const rs = (ui.rulesets || []).find((r) => r.name === c.ruleset);
    return h('section', { class: 'card prep', id: 'prep-congress' },
      h('h2', {}, tr('1. Thông tin đại hội', '1. The congress')),
      h('form', { class: 'grid-form', id: 'congress-form', onsubmit: saveCongress },
        field('Tên đại hội', 'Title', h('input', { id: 'cg-title', type: 'text', value: c.title === BLANK ? '' : (c.title || ''), maxlength: 300, placeholder: tr('Đại hội đại biểu Đảng bộ … lần thứ …, nhiệm kỳ …', 'Congress of …') }), 'wide'),
        field('Đảng bộ', 'Organisation', h('input', { id: 'cg-org', type: 'text', value: c.organisation || '', placeholder: tr('Đảng bộ phường …', 'Party organisation of …') }), 'wide2'),
        field('Nhiệm kỳ', 'Term', h('input', { id: 'cg-term', type: 'text', value: c.term || '', placeholder: '2025–2030' })),
        field('Ngày khai mạc', 'Opening date', h('input', { id: 'cg-date', type: 'date', value: c.date || '' })),
        field('Địa điểm', 'Venue', h('input', { id: 'cg-venue', type: 'text', value: c.venue || '' }), 'wide2'),
        field('Loại đại hội', 'Congress type', h('select', { id: 'cg-type' }, options([['representative', 'Đại hội đại biểu', 'Representative congress'], ['members', 'Đại hội đảng viên', 'Congress of all members']], c.type))),
        field('Quy chế áp dụng', 'Ruleset', h('select', { id: 'cg-ruleset' }, (ui.rulesets || [{ name: c.ruleset, vi: c.ruleset, en: c.ruleset }]).map((r) => h('option', { value: r.name, selected: r.name === c.ruleset }, tr(r.vi, r.en)))), 'wide'),
        h('div', { class: 'settings wide' }, h('div', { class: 'muted' }, tr('Các thiết lập của quy chế (giữ nguyên nếu không có quyết định khác):', 'The ruleset\'s settings (keep them unless decided otherwise):')),
          h('table', { class: 'settings-table' }, h('tbody', {}, settingsNow(rs).map(settingRow)))),
        h('div', { class: 'wide actions' }, h('button', { class: 'btn primary', type: 'submit', id: 'cg-save' }, tr('Lưu thông tin đại hội', 'Save the congress')), h('span', { id: 'cg-out' }))));
  }
  // settingsNow is the settings described (the ruleset's labels) with the congress's values as they
  // are now: the snapshot's description is as it was when the page connected.
  function settingsNow(rs) {
    const cur = (DH.state.congress || {}).settings || {};
    return ((rs && rs.settings) || DH.state.settings || []).map((x) => Object.assign({}, x, { value: cur[x.key] !== undefined && cur[x.key] !== null ? String(cur[x.key]) : x.value }));
  }
  function settingRow(s) {
    const id = 'set-' + s.key;
    let input;
    if (s.value === 'true' || s.value === 'false') input = h('input', { id, type: 'checkbox', checked: s.value === 'true', 'data-key': s.key, 'data-kind': 'bool' });
    else if (s.key === 'small_body_max_extra') input = h('input', { id, type: 'number', min: 0, value: s.value, 'data-key': s.key, 'data-kind': 'int', class: 'short' });
    else input = h('input', { id, type: 'text', value: s.value, 'data-key': s.key, 'data-kind': 'text', class: 'short' });
    return h('tr', {}, h('td', {}, h('label', { for: id }, tr(s.vi, s.en))), h('td', {}, input));
  }
  async function saveCongress(e) {
    e.preventDefault();
    const settings = {};
    for (const i of document.querySelectorAll('#congress-form [data-key]')) {
      const k = i.dataset.key;
      settings[k] = i.dataset.kind === 'bool' ? i.checked : i.dataset.kind === 'int' ? (parseInt(i.value, 10) || 0) : i.value.trim();
    }
    const body = { title: val('cg-title'), organisation: val('cg-org'), term: val('cg-term'), venue: val('cg-venue'), date: val('cg-date'),
      type: val('cg-type'), ruleset: val('cg-ruleset') };
    if (body.ruleset === (DH.state.congress || {}).ruleset) body.settings = settings;
    await act($('cg-save'), 'cg-out', () => api('PUT', '/api/setup/congress', body), tr('Đã lưu.', 'Saved.'));
  }

  // --- 2. the roll, one person at a time (the spreadsheet import is setupimport.js's)
  function delegateForm() {
    const d = ui.editDelegate || { category: 'official' };
    const officials = (DH.state.roll || []).filter((x) => x.category === 'official' && x.id !== d.id);
    return h('form', { class: 'grid-form six', id: 'delegate-form', onsubmit: saveDelegate },
      h('h3', { class: 'wide' }, d.id ? tr('Sửa: ', 'Correct: ') + d.name : tr('Thêm một người vào danh sách', 'Add a person to the roll')),
      field('Số TT', 'No.', h('input', { id: 'dl-number', type: 'number', min: 1, value: d.number || '', placeholder: tr('tự động', 'next'), class: 'short' })),
      field('Họ và tên', 'Full name', h('input', { id: 'dl-name', type: 'text', value: d.name || '', maxlength: 120 }), 'span3'),
      field('Năm sinh', 'Born', h('input', { id: 'dl-birth', type: 'number', min: 1900, max: 2020, value: d.birth_year || '', class: 'short' })),
      field('Giới tính', 'Gender', h('select', { id: 'dl-gender' }, options([['', '—', '—'], ['nam', 'Nam', 'Male'], ['nữ', 'Nữ', 'Female']], d.gender))),
      field('Dân tộc', 'Ethnicity', h('input', { id: 'dl-ethnicity', type: 'text', value: d.ethnicity || '' })),
      field('Đơn vị', 'Unit', h('input', { id: 'dl-unit', type: 'text', value: d.unit || '', maxlength: 120 }), 'span3'),
      field('Loại đại biểu', 'Category', h('select', { id: 'dl-category', onchange: () => { const r = $('dl-replaces'); if (r) r.disabled = val('dl-category') !== 'alternate'; } }, options(CATEGORIES, d.category))),
      field('Không tính vào tổng số vì', 'Left out of the base because', h('select', { id: 'dl-exclusion' }, options(EXCLUSIONS, d.exclusion)), 'span3'),
      field('Thay cho (dự khuyết)', 'Replaces (alternate)', h('select', { id: 'dl-replaces', disabled: d.category !== 'alternate' },
        h('option', { value: '' }, '—'), officials.map((o) => h('option', { value: o.id, selected: o.id === d.replaces }, o.number + '. ' + o.name))), 'span3'),
      h('div', { class: 'wide actions' },
        h('button', { class: 'btn primary', type: 'submit', id: 'dl-save' }, d.id ? tr('Lưu sửa đổi', 'Save the correction') : tr('Thêm vào danh sách', 'Add to the roll')),
        d.id ? h('button', { class: 'btn', type: 'button', onclick: () => { ui.editDelegate = null; rebuild('roll'); } }, tr('Thôi sửa', 'Cancel')) : null,
        h('span', { id: 'dl-out' })));
  }
  async function saveDelegate(e) {
    e.preventDefault();
    const d = ui.editDelegate || {};
    const body = { name: val('dl-name'), unit: val('dl-unit'), number: num('dl-number'), birth_year: num('dl-birth'), gender: val('dl-gender'),
      ethnicity: val('dl-ethnicity'), category: val('dl-category'), exclusion: val('dl-exclusion'), replaces: val('dl-category') === 'alternate' ? val('dl-replaces') : '',
      education: d.education, theory: d.theory };
    const r = await act($('dl-save'), 'dl-out', () => (d.id ? api('PUT', '/api/setup/delegates/' + d.id, body) : api('POST', '/api/setup/delegates', body)),
      (x) => (d.id ? tr('Đã sửa ', 'Corrected ') : tr('Đã thêm ', 'Added ')) + x.number + '. ' + x.name);
    if (!r) return;
    const msg = $('dl-out').innerHTML;
    ui.editDelegate = null;
    rebuild('roll');
    $('dl-out').innerHTML = msg;
    $('dl-name').focus();
  }
  function rollTable() {
    const roll = DH.state.roll || [];
    const q = DH.fold(ui.rollQ);
    const found = roll.filter((d) => !q || DH.fold(d.number + ' ' + d.name + ' ' + d.unit).includes(q));
    const list = found.slice(0, MAX_ROWS); // a roll of thousands: the search finds the rest
    const byId = Object.fromEntries(roll.map((d) => [d.id, d]));
    return [
      h('div', { class: 'list-head' },
        h('b', {}, tr(roll.length + ' người trong danh sách', roll.length + ' people on the roll')),
        h('input', { id: 'roll-search', type: 'search', placeholder: tr('Tìm tên, số, đơn vị…', 'Find a name, number, unit…'), value: ui.rollQ, oninput: (e) => { ui.rollQ = e.target.value; renderPart('roll-list'); } })),
      h('div', { class: 'scroll' }, h('table', { id: 'roll-table', class: 'datatable' },
        h('thead', {}, h('tr', {}, h('th', {}, tr('Số', 'No.')), h('th', {}, tr('Họ và tên', 'Name')), h('th', {}, tr('Năm sinh', 'Born')), h('th', {}, tr('Đơn vị', 'Unit')),
          h('th', {}, tr('Loại', 'Category')), h('th', {}, tr('Ghi chú', 'Note')), h('th', {}, ''))),
        h('tbody', {}, list.length ? list.map((d) => h('tr', { class: ui.editDelegate && ui.editDelegate.id === d.id ? 'on' : '' },
          h('td', {}, d.number), h('td', {}, d.name), h('td', {}, d.birth_year || ''), h('td', { class: 'muted' }, d.unit),
          h('td', {}, label(CATEGORIES, d.category)),
          h('td', { class: d.exclusion ? 'warn-text' : 'muted' }, d.exclusion ? label(EXCLUSIONS, d.exclusion) : (d.replaces && byId[d.replaces] ? tr('thay ', 'replaces ') + byId[d.replaces].name : '')),
          h('td', {}, h('button', { class: 'btn small', type: 'button', 'data-edit': d.id, onclick: () => { ui.editDelegate = d; rebuild('roll'); $('dl-name').focus(); } }, tr('Sửa', 'Correct')))))
          : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, tr('Chưa có ai. Nhập từ tệp Excel ở trên, hoặc thêm từng người bằng mẫu ở trên.', 'Nobody yet. Import an Excel file above, or add people one by one with the form above.')))),
        found.length > list.length ? h('tfoot', {}, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, tr('… và ' + (found.length - list.length) + ' người nữa: tìm theo tên, số hoặc đơn vị.', '… and ' + (found.length - list.length) + ' more: search by name, number or unit.')))) : null))];
  }
  function rollSection() {
    return h('section', { class: 'card prep', id: 'prep-roll' },
      h('h2', {}, tr('2. Danh sách đại biểu', '2. The roll')),
      h('div', { id: 'setup-import' }), // setupimport.js: the spreadsheet import
      h('div', { id: 'roll-form', class: 'form-band' }, delegateForm()), h('div', { id: 'roll-list' }, rollTable()));
  }

  // --- 3. the agenda
  function agendaSection() {
    return h('section', { class: 'card prep', id: 'prep-agenda' },
      h('h2', {}, tr('3. Chương trình đại hội', '3. The agenda')),
      h('div', { id: 'agenda-list' }, agendaTable()),
      h('div', { id: 'agenda-form' }, itemForm()));
  }
  function agendaTable() {
    const a = DH.state.agenda || [];
    const polls = DH.state.polls || [];
    return h('table', { id: 'agenda-table', class: 'datatable' },
      h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, tr('Phiên', 'Session')), h('th', {}, tr('Giờ', 'Time')), h('th', {}, tr('Nội dung', 'Item')),
        h('th', {}, tr('Loại', 'Kind')), h('th', {}, tr('Phút', 'Min.')), h('th', {}, ''))),
      h('tbody', {}, a.length ? a.map((it, i) => h('tr', { class: (ui.editItem && ui.editItem.id === it.id ? 'on ' : '') + (it.state !== 'pending' ? 'past' : ''), 'data-item': it.id },
        h('td', {}, i + 1), h('td', { class: 'muted' }, label(SITTINGS, it.session)), h('td', {}, it.planned_start || ''),
        h('td', {}, it.title, it.state !== 'pending' ? h('span', { class: 'pill' }, tr(it.state === 'current' ? 'đang diễn ra' : 'đã xong', it.state === 'current' ? 'under way' : 'done')) : null,
          polls.filter((p) => p.agenda_item === it.id).map((p) => h('div', { class: 'muted small' }, '☐ ' + p.title))),
        h('td', { class: 'muted' }, label(KINDS, it.kind)), h('td', {}, it.minutes || ''),
        h('td', { class: 'row-actions' },
          h('button', { class: 'btn small', type: 'button', title: tr('Lên', 'Up'), 'aria-label': tr('Lên', 'Up'), disabled: i === 0, onclick: () => moveItem(it, i - 1) }, '↑'),
          h('button', { class: 'btn small', type: 'button', title: tr('Xuống', 'Down'), 'aria-label': tr('Xuống', 'Down'), disabled: i === a.length - 1, onclick: () => moveItem(it, i + 1) }, '↓'),
          h('button', { class: 'btn small', type: 'button', 'data-edit': it.id, onclick: () => { ui.editItem = it; renderPart('agenda-form', true); renderPart('agenda-list', true); $('ag-title').focus(); } }, tr('Sửa', 'Edit')),
          h('button', { class: 'btn small risky', type: 'button', 'data-remove': it.id, onclick: () => removeItem(it) }, tr('Xóa', 'Remove')))))
        : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, tr('Chưa có mục nào. Thêm mục đầu tiên bằng mẫu bên dưới.', 'No items yet. Add the first with the form below.')))),
      h('tfoot', {}, h('tr', {}, h('td', { colspan: 7, id: 'agenda-out' }))));
  }
  function itemForm() {
    const it = ui.editItem || { session: ((DH.state.agenda || []).slice(-1)[0] || {}).session || 'official' };
    const a = DH.state.agenda || [];
    return h('form', { class: 'grid-form', id: 'item-form', onsubmit: saveItem },
      h('h3', { class: 'wide' }, it.id ? tr('Sửa mục: ', 'Edit the item: ') + it.title : tr('Thêm mục', 'Add an item')),
      field('Phiên', 'Session', h('select', { id: 'ag-session' }, options(SITTINGS, it.session))),
      field('Giờ (in trên chương trình)', 'Printed time', h('input', { id: 'ag-time', type: 'text', value: it.planned_start || '', placeholder: '07:30', class: 'short', maxlength: 5 })),
      field('Nội dung', 'Title', h('input', { id: 'ag-title', type: 'text', value: it.title || '', maxlength: 300 }), 'wide2'),
      field('Loại', 'Kind', h('select', { id: 'ag-kind' }, options(KINDS, it.kind))),
      field('Số phút', 'Minutes', h('input', { id: 'ag-minutes', type: 'number', min: 0, max: 1440, value: it.minutes || '', class: 'short' })),
      it.id ? null : field('Vị trí', 'Place', h('select', { id: 'ag-after' }, h('option', { value: 'end' }, tr('Cuối chương trình', 'At the end')), h('option', { value: '' }, tr('Đầu chương trình', 'First')),
        a.map((x, i) => h('option', { value: x.id }, tr('Sau mục ', 'After ') + (i + 1) + '. ' + x.title.slice(0, 40))))),
      h('div', { class: 'wide actions' },
        h('button', { class: 'btn primary', type: 'submit', id: 'ag-save' }, it.id ? tr('Lưu mục', 'Save the item') : tr('Thêm mục', 'Add the item')),
        it.id ? h('button', { class: 'btn', type: 'button', onclick: () => { ui.editItem = null; renderPart('agenda-form', true); renderPart('agenda-list', true); } }, tr('Thôi sửa', 'Cancel')) : null,
        h('span', { id: 'ag-out' })));
  }
  async function saveItem(e) {
    e.preventDefault();
    const it = ui.editItem;
    const body = { session: val('ag-session'), planned_start: val('ag-time'), title: val('ag-title'), kind: val('ag-kind'), minutes: num('ag-minutes'), after: it ? '' : val('ag-after') };
    const r = await act($('ag-save'), 'ag-out', () => (it ? api('PUT', '/api/setup/agenda/' + it.id, body) : api('POST', '/api/setup/agenda', body)), tr('Đã lưu.', 'Saved.'));
    if (!r) return;
    DH.state.agenda = r;
    ui.editItem = null;
    renderPart('agenda-list', true); renderPart('agenda-form', true);
    say('ag-out', null, tr('Đã lưu: ', 'Saved: ') + body.title);
    $('ag-title').focus();
  }
  async function moveItem(it, to) {
    const r = await act(null, 'agenda-out', () => api('POST', '/api/setup/agenda/' + it.id + '/move', { to }));
    if (r) { DH.state.agenda = r; renderPart('agenda-list', true); }
  }
  async function removeItem(it) {
    const ok = await DH.confirmDialog(tr('Xóa mục "' + it.title + '" khỏi chương trình?', 'Remove "' + it.title + '" from the agenda?'), tr('Xóa mục', 'Remove'));
    if (!ok) return;
    const r = await act(null, 'agenda-out', () => api('DELETE', '/api/setup/agenda/' + it.id), tr('Đã xóa "' + it.title + '".', 'Removed "' + it.title + '".'));
    if (r) { DH.state.agenda = r; const m = $('agenda-out').innerHTML; renderPart('agenda-list', true); renderPart('agenda-form', true); $('agenda-out').innerHTML = m; }
  }

  // --- 4. elections and motions
  function pollsSection() {
    return h('section', { class: 'card prep', id: 'prep-polls' },
      h('h2', {}, tr('4. Bầu cử và biểu quyết', '4. Elections and motions')),
      h('div', { id: 'polls-list' }, pollsTable()),
      h('div', { id: 'poll-form' }, pollForm()));
  }
  function pollsTable() {
    const polls = (DH.state.polls || []).filter((p) => !p.previous);
    const items = Object.fromEntries((DH.state.agenda || []).map((i) => [i.id, i.title]));
    return h('table', { id: 'polls-table', class: 'datatable' },
      h('thead', {}, h('tr', {}, h('th', {}, tr('Cuộc bỏ phiếu', 'Poll')), h('th', {}, tr('Mục chương trình', 'Agenda item')), h('th', {}, tr('Số lượng', 'Seats')),
        h('th', {}, tr('Ứng cử viên', 'Candidates')), h('th', {}, tr('Số dư', 'Surplus')), h('th', {}, tr('Trạng thái', 'State')), h('th', {}, ''))),
      h('tbody', {}, polls.length ? polls.map((p) => h('tr', { 'data-poll': p.id, class: ui.editPoll && ui.editPoll.id === p.id ? 'on' : '' },
        h('td', {}, h('b', {}, p.title), h('div', { class: 'muted small' }, p.kind === 'election' ? tr('Bầu cử', 'Election') : tr('Biểu quyết', 'Motion'))),
        h('td', { class: 'muted' }, items[p.agenda_item] || ''),
        h('td', {}, p.kind === 'election' ? p.seats + (p.alternate_seats ? ' + ' + p.alternate_seats + tr(' dự khuyết', ' alt.') : '') : ''),
        h('td', {}, p.kind === 'election' ? (p.candidates || []).length : ''),
        h('td', {}, p.surplus ? surplusLine(p.surplus) : ''),
        h('td', {}, tr(...(STATES[p.state] || [p.state, p.state]))),
        h('td', { class: 'row-actions' }, p.state === 'draft' ? [
          h('button', { class: 'btn small', type: 'button', 'data-edit': p.id, onclick: () => editPoll(p) }, tr('Sửa', 'Edit')),
          h('button', { class: 'btn small risky', type: 'button', onclick: () => removePoll(p) }, tr('Xóa', 'Remove'))] : h('span', { class: 'muted small' }, tr('đã mở: không sửa', 'opened: fixed')))))
        : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, tr('Chưa có cuộc bầu cử hay biểu quyết nào.', 'No elections or motions yet.')))),
      h('tfoot', {}, h('tr', {}, h('td', { colspan: 7, id: 'polls-out' }))));
  }
  const surplusLine = (s) => h('span', { class: s.notices && s.notices.some((n) => n.code !== 'no_surplus') ? 'warn-text' : '' },
    (s.extra >= 0 ? '+' : '') + s.extra + ' (' + (DH.lang() === 'vi' ? s.percent.replace('.', ',') : s.percent) + '%)');
  function editPoll(p) {
    ui.editPoll = p;
    ui.ticked = (p.candidates || []).map((c) => ({ id: c.delegate || '', name: c.name }));
    renderPart('poll-form', true); renderPart('polls-list', true);
    $('pl-title').focus();
    checkSurplus();
  }
  function pollForm() {
    const p = ui.editPoll || { kind: 'election', tablet: true, mode: 'hands' };
    const a = DH.state.agenda || [];
    const election = (p.kind || 'election') === 'election';
    return h('form', { class: 'grid-form', id: 'poll-prep-form', onsubmit: savePoll },
      h('h3', { class: 'wide' }, p.id ? tr('Sửa: ', 'Edit: ') + p.title : tr('Chuẩn bị cuộc bỏ phiếu mới', 'Prepare a new poll')),
      field('Loại', 'Kind', h('select', { id: 'pl-kind', onchange: () => { ui.editPoll = Object.assign({}, ui.editPoll || {}, readPoll()); renderPart('poll-form', true); } },
        options([['election', 'Bầu cử', 'Election'], ['motion', 'Biểu quyết', 'Motion']], p.kind))),
      field('Tên', 'Title', h('input', { id: 'pl-title', type: 'text', value: p.title || '', maxlength: 300, placeholder: election ? tr('Bầu Ban Chấp hành Đảng bộ khóa …', 'Elect the committee') : tr('Thông qua Nghị quyết đại hội', 'Adopt the resolution') }), 'span3'),
      field('Thuộc mục', 'Agenda item', h('select', { id: 'pl-item' }, h('option', { value: '' }, '—'), a.map((x, i) => h('option', { value: x.id, selected: x.id === p.agenda_item }, (i + 1) + '. ' + x.title.slice(0, 50)))), 'wide2'),
      election ? [
        field('Số lượng cần bầu', 'Seats', h('input', { id: 'pl-seats', type: 'number', min: 1, value: p.seats || '', class: 'short', oninput: checkSurplus })),
        field('Số dự khuyết (đại biểu đi dự cấp trên)', 'Alternate seats (delegates to the upper level)', h('input', { id: 'pl-alt', type: 'number', min: 0, value: p.alternate_seats || '', class: 'short' }), 'wide2'),
      ] : field('Cách biểu quyết', 'Voting', h('select', { id: 'pl-mode' }, options([['hands', 'Giơ thẻ biểu quyết', 'Show of hands'], ['named', 'Ghi danh (máy tính bảng)', 'Named (tablets)'], ['secret', 'Bỏ phiếu kín', 'Secret ballot']], p.mode))),
      h('div', { class: 'fld' }, h('span', {}, tr('Bỏ phiếu bằng', 'Ballots on')),
        h('label', { class: 'check' }, h('input', { id: 'pl-tablet', type: 'checkbox', checked: !!p.tablet }), tr(' máy tính bảng', ' tablets')),
        h('label', { class: 'check' }, h('input', { id: 'pl-paper', type: 'checkbox', checked: !!p.paper, onchange: (e) => { $('pl-stations').disabled = !e.target.checked; } }), tr(' phiếu giấy', ' paper'))),
      field('Số máy nhập phiếu giấy', 'Paper keying stations', h('select', { id: 'pl-stations', disabled: !p.paper }, options([['2', '2', '2'], ['3', '3', '3']], String(p.stations || 2)))),
      election ? candidatePicker() : null,
      h('div', { class: 'wide actions' },
        h('button', { class: 'btn primary', type: 'submit', id: 'pl-save' }, p.id ? tr('Lưu bản nháp', 'Save the draft') : tr('Tạo bản nháp', 'Create the draft')),
        p.id ? h('button', { class: 'btn', type: 'button', onclick: () => { ui.editPoll = null; ui.ticked = []; ui.surplus = null; renderPart('poll-form', true); renderPart('polls-list', true); } }, tr('Thôi sửa', 'Cancel')) : null,
        h('span', { id: 'pl-out' })));
  }
  function readPoll() {
    const kind = val('pl-kind');
    const out = { kind, title: val('pl-title'), agenda_item: val('pl-item'), tablet: $('pl-tablet').checked, paper: $('pl-paper').checked, stations: num('pl-stations') };
    if (kind === 'election') Object.assign(out, { seats: num('pl-seats'), alternate_seats: num('pl-alt'), candidates: ui.ticked.map((c) => ({ id: c.id, name: c.id ? '' : c.name })) });
    else out.mode = val('pl-mode');
    if (!out.paper) out.stations = 0;
    return out;
  }
  function candidatePicker() {
    return h('div', { class: 'wide picker' },
      h('div', { class: 'picker-roll' },
        h('div', { class: 'list-head' }, h('b', {}, tr('Đánh dấu ứng cử viên trong danh sách đại biểu', 'Tick the candidates in the roll')),
          h('input', { id: 'cand-search', type: 'search', value: ui.candQ, placeholder: tr('Tìm tên, số, đơn vị…', 'Find…'), oninput: (e) => { ui.candQ = e.target.value; renderPart('cand-roll', true); } })),
        h('div', { id: 'cand-roll', class: 'scroll' }, candRoll())),
      h('div', { class: 'picker-list' }, h('div', { id: 'cand-list' }, candList()), h('div', { id: 'surplus-box' }, surplusBox())));
  }
  function candRoll() {
    const q = DH.fold(ui.candQ);
    const on = new Set(ui.ticked.map((c) => c.id));
    const roll = (DH.state.roll || []).filter((d) => d.category !== 'guest' && (!q || DH.fold(d.number + ' ' + d.name + ' ' + d.unit).includes(q))).slice(0, MAX_ROWS);
    return h('table', { id: 'cand-table', class: 'datatable' }, h('tbody', {}, roll.map((d) => h('tr', { class: on.has(d.id) ? 'on' : '' },
      h('td', { class: 'tick' }, h('input', { type: 'checkbox', id: 'cand-' + d.id, 'data-delegate': d.id, checked: on.has(d.id), onchange: (e) => tick(d, e.target.checked) })),
      h('td', {}, h('label', { for: 'cand-' + d.id }, d.number + '. ' + d.name), d.exclusion ? h('div', { class: 'warn-text small' }, label(EXCLUSIONS, d.exclusion)) : null),
      h('td', { class: 'muted' }, d.unit)))));
  }
  function tick(d, on) {
    ui.ticked = ui.ticked.filter((c) => c.id !== d.id);
    if (on) ui.ticked.push({ id: d.id, name: d.name });
    renderPart('cand-list', true); renderPart('cand-roll', true);
    checkSurplus();
  }
  function candList() {
    return [h('b', {}, tr('Danh sách bầu cử: ' + ui.ticked.length + ' người', 'The list: ' + ui.ticked.length + ' names')),
      h('ol', { id: 'cand-picked' }, ui.ticked.map((c) => h('li', {}, c.name, ' ', h('button', { class: 'link-btn', type: 'button', 'aria-label': tr('Bỏ', 'Untick'), onclick: () => tick(c, false) }, '✕'))))];
  }
  function surplusBox() {
    const s = ui.surplus;
    if (!s) return h('p', { class: 'muted' }, tr('Nhập số lượng cần bầu và đánh dấu ứng cử viên: số dư hiện ở đây, như Đoàn chủ tịch sẽ thấy.', 'Enter the seats and tick the candidates: the surplus shows here as the presidium will see it.'));
    const pct = DH.lang() === 'vi' ? s.percent.replace('.', ',') : s.percent;
    return h('div', { class: 'surplus ' + (s.notices.some((n) => n.code !== 'no_surplus') ? 'warnbox' : 'okbox'), id: 'surplus' },
      h('div', {}, tr('Số dư: ', 'Surplus: '), h('b', {}, s.extra + ' ' + tr('người', 'names') + ' (' + pct + '%)'), tr(' — ' + s.candidates + ' người cho ' + s.seats + ' chỗ', ' — ' + s.candidates + ' names for ' + s.seats + ' seats')),
      s.notices.map((n) => h('div', { class: 'notice' }, tr(n.vi, n.en))),
      !s.notices.length ? h('div', { class: 'ok-line' }, '✓ ' + tr('Trong khoảng quy chế cho phép.', 'Within the regulation\'s bounds.')) : null);
  }
  let surplusSeq = 0;
  async function checkSurplus() {
    const seats = num('pl-seats');
    const my = ++surplusSeq;
    if (!seats) { ui.surplus = null; renderPart('surplus-box', true); return; }
    try {
      const s = await api('POST', '/api/setup/surplus', { seats, candidates: ui.ticked.length });
      if (my === surplusSeq) { ui.surplus = s; renderPart('surplus-box', true); }
    } catch (e) { /* the box stays as it was */ }
  }
  async function savePoll(e) {
    e.preventDefault();
    const p = ui.editPoll;
    const body = readPoll();
    const r = await act($('pl-save'), 'pl-out', () => (p && p.id ? api('PUT', '/api/setup/polls/' + p.id, body) : api('POST', '/api/setup/polls', body)), tr('Đã lưu.', 'Saved.'));
    if (!r) return;
    ui.editPoll = null; ui.ticked = []; ui.surplus = null; ui.candQ = '';
    const polls = DH.state.polls || (DH.state.polls = []);
    const i = polls.findIndex((x) => x.id === r.id); if (i >= 0) polls[i] = r; else polls.push(r);
    renderPart('poll-form', true); renderPart('polls-list', true);
    say('pl-out', null, tr('Đã lưu bản nháp "', 'Saved the draft "') + r.title + '"');
  }
  async function removePoll(p) {
    const ok = await DH.confirmDialog(tr('Xóa bản nháp "' + p.title + '"?', 'Remove the draft "' + p.title + '"?'), tr('Xóa', 'Remove'));
    if (!ok) return;
    const r = await act(null, 'polls-out', () => api('DELETE', '/api/setup/polls/' + p.id));
    if (r) { DH.state.polls = (DH.state.polls || []).filter((x) => x.id !== p.id); renderPart('polls-list', true); }
  }

  // --- 5. operators' accounts
  function accountsSection() {
    return h('section', { class: 'card prep', id: 'prep-accounts' },
      h('h2', {}, tr('5. Tài khoản người điều hành', '5. Operators\' accounts')),
      h('p', { class: 'muted' }, tr('Đoàn chủ tịch, Đoàn thư ký, Ban kiểm phiếu, bàn đón tiếp và màn hình hội trường đăng nhập bằng tên và mật khẩu. Mật khẩu do máy tạo, chỉ hiện một lần: in phiếu đăng nhập và trao tận tay. Đại biểu đăng nhập bằng thẻ, không cần tài khoản.',
        'The presidium, the secretariat, the tellers, the check-in desk and the hall display sign in with a name and a password. Passwords are made by the server and shown once: print the sign-in slips and hand them over. Delegates sign in with their cards and need no account.')),
      h('div', { class: 'two-col' }, h('div', { id: 'account-form' }, accountForm()), h('div', { id: 'fresh-box' }, freshBox())),
      h('div', { id: 'accounts-list' }, accountsTable()));
  }
  function accountForm() {
    const o = ui.editOperator || { role: 'teller' };
    return h('form', { class: 'grid-form', id: 'op-form', onsubmit: saveOperator },
      h('h3', { class: 'wide' }, o.id ? tr('Sửa tài khoản ', 'Edit the account ') + o.name : tr('Tạo tài khoản', 'Create an account')),
      field('Tên đăng nhập', 'Sign-in name', h('input', { id: 'op-name', type: 'text', value: o.name || '', maxlength: 120, autocomplete: 'off', spellcheck: 'false', placeholder: 'kiemphieu1' })),
      field('Họ và tên (in trong biên bản)', 'Full name (as in the minutes)', h('input', { id: 'op-fullname', type: 'text', value: o.fullname || '', maxlength: 120 }), 'wide2'),
      field('Vai trò', 'Role', h('select', { id: 'op-role' }, options(ROLES, o.role))),
      h('label', { class: 'fld check' }, h('input', { id: 'op-head', type: 'checkbox', checked: !!o.head }), tr(' Trưởng Ban kiểm phiếu', ' Head of the tellers')),
      h('div', { class: 'wide actions' },
        h('button', { class: 'btn primary', type: 'submit', id: 'op-save' }, o.id ? tr('Lưu', 'Save') : tr('Tạo tài khoản', 'Create the account')),
        o.id ? h('button', { class: 'btn', type: 'button', onclick: () => { ui.editOperator = null; renderPart('account-form', true); renderPart('accounts-list', true); } }, tr('Thôi sửa', 'Cancel')) : null,
        h('span', { id: 'op-out' })));
  }
  async function saveOperator(e) {
    e.preventDefault();
    const o = ui.editOperator;
    const body = { name: val('op-name'), fullname: val('op-fullname'), role: val('op-role'), head: $('op-head').checked };
    const r = await act($('op-save'), 'op-out', () => (o ? api('PUT', '/api/setup/operators/' + o.id, body) : api('POST', '/api/setup/operators', body)), (x) => tr('Đã lưu ', 'Saved ') + x.operator.name);
    if (!r) return;
    if (r.password) ui.fresh = ui.fresh.filter((f) => f.id !== r.operator.id).concat([{ id: r.operator.id, name: r.operator.name, fullname: r.operator.fullname, password: r.password }]);
    ui.editOperator = null;
    await loadOperators();
    const m = $('op-out').innerHTML;
    renderPart('account-form', true); renderPart('fresh-box', true);
    $('op-out').innerHTML = m;
    $('op-name').focus();
  }
  async function resetPassword(o) {
    const ok = await DH.confirmDialog(tr('Cấp mật khẩu mới cho ' + o.name + '? Mật khẩu cũ sẽ không dùng được nữa.', 'Give ' + o.name + ' a new password? The old one stops working.'), tr('Cấp mật khẩu mới', 'New password'));
    if (!ok) return;
    const r = await act(null, 'accounts-out', () => api('POST', '/api/setup/operators/' + o.id + '/password'));
    if (!r) return;
    ui.fresh = ui.fresh.filter((f) => f.id !== o.id).concat([{ id: o.id, name: o.name, fullname: o.fullname, password: r.password }]);
    renderPart('fresh-box', true);
  }
  function freshBox() {
    if (!ui.fresh.length) return null;
    return h('div', { class: 'fresh warnbox', id: 'fresh' },
      h('p', {}, h('b', {}, tr('Mật khẩu mới — chỉ hiện lần này. In phiếu đăng nhập ngay:', 'New passwords — shown this once. Print the sign-in slips now:'))),
      h('table', { class: 'datatable', id: 'fresh-table' }, h('tbody', {}, ui.fresh.map((f) => h('tr', {}, h('td', {}, f.name), h('td', { class: 'muted' }, f.fullname), h('td', {}, h('code', { class: 'pw' }, f.password)))))),
      h('div', { class: 'actions' },
        h('button', { class: 'btn primary', type: 'button', id: 'print-slips', onclick: printSlips }, tr('In phiếu đăng nhập (' + ui.fresh.length + ')', 'Print the sign-in slips (' + ui.fresh.length + ')')),
        h('button', { class: 'btn', type: 'button', onclick: () => { ui.fresh = []; renderPart('fresh-box', true); } }, tr('Đã in xong, ẩn mật khẩu', 'Printed: hide the passwords'))));
  }
  function printSlips() {
    const host = ((document.getElementById('card-host') || {}).value || location.host).trim();
    const f = h('form', { method: 'post', action: '/print/slips' }, h('input', { type: 'hidden', name: 'host', value: host }),
      ui.fresh.map((x) => [h('input', { type: 'hidden', name: 'id', value: x.id }), h('input', { type: 'hidden', name: 'password', value: x.password })]));
    document.body.append(f);
    f.submit();
  }
  function accountsTable() {
    const ops = ui.operators;
    if (!ops) return h('p', { class: 'muted' }, tr('Đang tải…', 'Loading…'));
    const tellers = ops.filter((o) => o.role === 'teller');
    return [tellers.length && !tellers.some((o) => o.head) ? h('p', { class: 'warnbox', id: 'no-head' },
      tr('Ban kiểm phiếu chưa có trưởng ban: sửa một tài khoản Ban kiểm phiếu, đánh dấu "Trưởng Ban kiểm phiếu".', 'The tellers have no head: edit one teller\'s account and tick "Head of the tellers".')) : null,h('table', { id: 'accounts-table', class: 'datatable' },
      h('thead', {}, h('tr', {}, h('th', {}, tr('Tên đăng nhập', 'Sign-in name')), h('th', {}, tr('Họ và tên', 'Full name')), h('th', {}, tr('Vai trò', 'Role')), h('th', {}, ''))),
      h('tbody', {}, ops.map((o) => h('tr', { 'data-account': o.name, class: ui.editOperator && ui.editOperator.id === o.id ? 'on' : '' },
        h('td', {}, h('b', {}, o.name)), h('td', {}, o.fullname), h('td', {}, label(ROLES, o.role), o.head ? h('span', { class: 'pill' }, tr('trưởng ban', 'head')) : null),
        h('td', { class: 'row-actions' },
          h('button', { class: 'btn small', type: 'button', onclick: () => { ui.editOperator = o; renderPart('account-form', true); renderPart('accounts-list', true); $('op-name').focus(); } }, tr('Sửa', 'Edit')),
          h('button', { class: 'btn small', type: 'button', 'data-reset': o.name, onclick: () => resetPassword(o) }, tr('Mật khẩu mới', 'New password'))))))),
    h('div', { id: 'accounts-out' })];
  }
  async function loadOperators() {
    try { ui.operators = await api('GET', '/api/setup/operators'); } catch (e) { ui.operators = []; }
    renderPart('accounts-list', true);
  }

  // --- the log of the organisers' changes (the event log, with who made each)
  function logSection() {
    return h('section', { class: 'card prep', id: 'prep-log' },
      h('h2', {}, tr('Nhật ký thay đổi', 'Log of changes')),
      h('p', { class: 'muted' }, tr('Mọi thay đổi ở trang này được ghi vào nhật ký của đại hội, với người sửa và thời gian.', 'Every change on this page is in the congress\'s event log, with who made it and when.')),
      h('button', { class: 'btn', type: 'button', id: 'log-load', onclick: loadLog }, tr('Xem nhật ký', 'Show the log')),
      h('div', { id: 'log-box' }));
  }
  function changeText(c) {
    const d = c.data || {};
    switch (c.type) {
      case 'congress': return tr('Thông tin đại hội: ', 'The congress: ') + (d.title || '');
      case 'delegate': return tr('Danh sách: ', 'Roll: ') + d.number + '. ' + d.name + ' — ' + label(CATEGORIES, d.category) + (d.exclusion ? ', ' + label(EXCLUSIONS, d.exclusion) : '') + (d.presence ? ' — ' + label(PRESENCE, d.presence) : '');
      case 'roll': return tr('Nhập danh sách từ tệp', 'Roll imported from a file') + (Array.isArray(d) ? tr(': ' + d.length + ' người', ': ' + d.length + ' people') : '');
      case 'agenda': return tr('Chương trình: ', 'Agenda: ') + (Array.isArray(d) ? d.length + tr(' mục', ' items') : '');
      case 'poll': return (d.kind === 'election' ? tr('Bầu cử "', 'Election "') : tr('Biểu quyết "', 'Motion "')) + d.title + '"' + (d.kind === 'election' ? ' — ' + d.seats + tr(' chỗ, ', ' seats, ') + (d.candidates || []).length + tr(' ứng cử viên', ' candidates') : '');
      case 'poll_removed': return tr('Xóa bản nháp "', 'Draft removed "') + d.title + '"';
      case 'operator': return tr('Tài khoản ', 'Account ') + d.name + ' — ' + label(ROLES, d.role);
      case 'card': return d.all ? tr('In toàn bộ thẻ (' + d.cards + ')', 'All cards printed (' + d.cards + ')') : tr('Cấp thẻ cho ', 'Card issued to ') + d.number + '. ' + d.name;
      case 'document': return tr('Dự thảo: ', 'Draft: ') + (d.title || '');
    }
    return c.type;
  }
  async function loadLog() {
    const box = $('log-box');
    try {
      const list = (await api('GET', '/api/setup/changes')) || [];
      box.replaceChildren(list.length ? h('div', { class: 'scroll' }, h('table', { class: 'datatable', id: 'log-table' },
        h('thead', {}, h('tr', {}, h('th', {}, tr('Thời gian', 'When')), h('th', {}, tr('Người sửa', 'By')), h('th', {}, tr('Thay đổi', 'Change')))),
        h('tbody', {}, list.map((c) => h('tr', {}, h('td', { class: 'nowrap' }, new Date(c.at).toLocaleString(DH.lang() === 'vi' ? 'vi-VN' : 'en-GB')), h('td', {}, c.actor), h('td', {}, changeText(c)))))))
        : h('p', { class: 'muted' }, tr('Chưa có thay đổi nào.', 'No changes yet.')));
    } catch (e) { box.replaceChildren(h('p', { class: 'error' }, DH.errText(e))); }
  }

  // --- parts: each rebuilt on its own, only when what it shows changed (or when forced)
  const builders = {
    'roll-form': delegateForm, 'roll-list': rollTable, 'agenda-list': agendaTable, 'agenda-form': itemForm, 'polls-list': pollsTable, 'poll-form': pollForm,
    'cand-roll': candRoll, 'cand-list': candList, 'surplus-box': surplusBox, 'account-form': accountForm, 'accounts-list': accountsTable, 'fresh-box': freshBox,
  };
  function renderPart(id, force) {
    const el = $(id);
    if (!el) return;
    if (force) el.__sig = null;
    DH.part(el, force ? String(Math.random()) : sigOf(id), builders[id]);
  }
  function sigOf(id) {
    const st = DH.state;
    switch (id) {
      case 'roll-list': return JSON.stringify([st.roll, ui.rollQ, ui.editDelegate && ui.editDelegate.id]);
      case 'agenda-list': return JSON.stringify([st.agenda, (st.polls || []).map((p) => [p.id, p.title, p.agenda_item])]);
      case 'polls-list': return JSON.stringify([(st.polls || []).map((p) => [p.id, p.title, p.state, p.seats, (p.candidates || []).length, p.agenda_item, p.surplus]), (st.agenda || []).map((i) => i.title)]);
      case 'cand-roll': return JSON.stringify([(st.roll || []).map((d) => [d.id, d.name, d.unit, d.category, d.exclusion]), ui.candQ]);
      case 'accounts-list': return JSON.stringify(ui.operators);
    }
    return null;
  }
  // refreshSelects puts the agenda and the officials of now in the forms' lists, keeping what is
  // chosen: the forms themselves are not rebuilt under the person filling them in.
  function refreshSelects() {
    const a = DH.state.agenda || [];
    const fill = (id, head, list) => {
      const sel = $(id);
      if (!sel) return;
      const sig = JSON.stringify(list);
      if (sel.__sig === sig) return;
      sel.__sig = sig;
      const keep = sel.value;
      sel.replaceChildren(...head.map((o) => h('option', { value: o[0] }, o[1])), ...list.map((o) => h('option', { value: o[0] }, o[1])));
      if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
    };
    fill('pl-item', [['', '—']], a.map((x, i) => [x.id, (i + 1) + '. ' + x.title.slice(0, 50)]));
    fill('ag-after', [['end', tr('Cuối chương trình', 'At the end')], ['', tr('Đầu chương trình', 'First')]], a.map((x, i) => [x.id, tr('Sau mục ', 'After ') + (i + 1) + '. ' + x.title.slice(0, 40)]));
    const d = ui.editDelegate || {};
    fill('dl-replaces', [['', '—']], (DH.state.roll || []).filter((x) => x.category === 'official' && x.id !== d.id).map((o) => [o.id, o.number + '. ' + o.name]));
  }
  function rebuild(which) {
    if (which === 'roll') { renderPart('roll-form', true); renderPart('roll-list', true); }
  }

  DH.prep = {
    // sections returns the preparation's sections, in the order of the work.
    sections: () => ({ steps: steps(), congress: congressSection(), roll: rollSection(), agenda: agendaSection(), polls: pollsSection(), accounts: accountsSection(), log: logSection() }),
    // loaded fetches what the snapshot does not carry (the rulesets, the accounts), once per build.
    load: async () => {
      if (!ui.rulesets) {
        try { ui.rulesets = await api('GET', '/api/setup/rulesets'); } catch (e) { ui.rulesets = null; }
        const c = document.getElementById('prep-congress');
        if (c && ui.rulesets) c.replaceWith(congressSection());
      }
      loadOperators();
    },
    render: (st) => {
      if (!st.roll) st.roll = []; // an empty roll comes as none; the delegates' events then fill it
      for (const id of ['roll-list', 'agenda-list', 'polls-list', 'cand-roll', 'accounts-list']) renderPart(id);
      refreshSelects();
      const note = document.getElementById('prep-begun');
      if (note) note.hidden = !begun();
    },
    event: (ev) => { if (ev.type === 'operator') loadOperators(); },
  };
})();
