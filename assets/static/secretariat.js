// daihoi — the secretariat (Đoàn thư ký): the delegates' questions to the presidium, by topic, and
// every written comment on the draft documents, grouped by document and section, live; the CSV
// download and the printable list.
'use strict';

(() => {
  const { tr, h } = DH;
  const ui = { built: false, lang: null, seen: null, fresh: new Map(), doc: '', sig: '' };

  const { pad } = DH;
  function time(t) {
    const d = new Date(t);
    return DH.hhmm(d) + ' ' + pad(d.getDate()) + '/' + pad(d.getMonth() + 1);
  }

  // groups the comments by document (by title, as the CSV does) and by section in the document's order.
  function grouped(st) {
    const docs = [...(st.documents || [])].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    const by = new Map();
    for (const c of st.comments || []) {
      const k = c.document + '\u0000' + c.section;
      if (!by.has(k)) by.set(k, []);
      by.get(k).push(c);
    }
    return docs.map((d) => {
      const sections = (d.sections || []).map((s) => ({ s, list: (by.get(d.id + '\u0000' + s.number) || []).sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) }));
      return { d, sections, count: sections.reduce((n, x) => n + x.list.length, 0) };
    });
  }

  function renderComments(st) {
    const box = DH.$('#comments');
    if (!box) return;
    const q = DH.fold((DH.$('#filter-text') || {}).value || '').trim();
    const groups = grouped(st).filter((g) => !ui.doc || g.d.id === ui.doc);
    const total = (st.comments || []).length;
    DH.$('#comment-total').textContent = tr(total + ' ý kiến', total + ' comments');
    const now = Date.now();
    const shown = [];
    for (const g of groups) {
      const secs = [];
      for (const { s, list } of g.sections) {
        const items = list.filter((c) => !q || DH.fold(c.text + ' ' + c.name + ' ' + c.unit).includes(q));
        if (!items.length) continue;
        secs.push(h('section', { class: 'sec', 'data-section': s.number },
          h('h3', {}, tr('Mục ', 'Section ') + s.number + (s.title ? '. ' + s.title : ''), h('span', { class: 'count' }, tr(items.length + ' ý kiến', items.length + (items.length === 1 ? ' comment' : ' comments')))),
          items.map((c) => {
            const isNew = ui.fresh.has(c.id) && now - ui.fresh.get(c.id) < 120000;
            return h('article', { class: 'comment' + (isNew ? ' new' : ''), 'data-id': c.id },
              h('div', { class: 'c-who' }, h('b', {}, c.name), h('span', { class: 'muted' }, ' · ' + c.unit),
                h('span', { class: 'c-time muted' }, time(c.at)), isNew ? h('span', { class: 'pill cur' }, tr('mới', 'new')) : null),
              h('div', { class: 'c-text' }, c.text));
          })));
      }
      shown.push(h('section', { class: 'doc card', 'data-document': g.d.id },
        h('h2', {}, g.d.title, h('span', { class: 'count' }, tr(g.count + ' ý kiến', g.count + ' comments'))),
        secs.length ? secs : h('p', { class: 'muted' }, q ? tr('Không có ý kiến khớp với từ tìm.', 'No comment matches the search.') : tr('Chưa có ý kiến nào về văn kiện này.', 'No comments on this document yet.'))));
    }
    if (!shown.length) shown.push(h('p', { class: 'muted card' }, tr('Chưa có dự thảo văn kiện nào. Ban tổ chức nạp dự thảo ở màn hình Thiết lập.', 'No draft documents yet. The organisers load them on the setup screen.')));
    box.replaceChildren(...shown);
  }

  // renderQuestions lists the delegates' questions to the presidium by topic, the open ones first, as
  // the secretariat gathers them for the chair; a question answered aloud can be marked here too.
  function renderQuestions(st) {
    const box = DH.$('#questions');
    if (!box) return;
    const q = DH.fold((DH.$('#filter-text') || {}).value || '').trim();
    const qs = (st.questions || []).filter((x) => !q || DH.fold(x.text + ' ' + x.name + ' ' + x.unit + ' ' + x.topic).includes(q));
    const all = st.questions || [];
    const open = all.filter((x) => !x.answered).length;
    const head = h('h2', {}, tr('Câu hỏi của đại biểu gửi Đoàn Chủ tịch', 'Delegates\' questions to the presidium'),
      h('span', { class: 'count', id: 'question-total' }, tr(all.length + ' câu hỏi · ' + open + ' chưa trả lời', all.length + ' questions · ' + open + ' open')));
    if (!qs.length) {
      box.replaceChildren(head, h('p', { class: 'muted' }, all.length ? tr('Không có câu hỏi khớp với từ tìm.', 'No question matches the search.') : tr('Chưa có câu hỏi nào.', 'No questions yet.')));
      return;
    }
    const topics = (st.congress && st.congress.topics) || [];
    const order = topics.concat([...new Set(qs.map((x) => x.topic))].filter((t) => !topics.includes(t)));
    const now = Date.now();
    const secs = [];
    for (const t of order) {
      const list = qs.filter((x) => x.topic === t).sort((x, y) => (x.answered - y.answered) || (Date.parse(x.at) - Date.parse(y.at)));
      if (!list.length) continue;
      secs.push(h('section', { class: 'sec', 'data-topic': t },
        h('h3', {}, t || tr('Chưa chọn chủ đề', 'No topic'), h('span', { class: 'count' }, tr(list.length + ' câu hỏi', list.length + (list.length === 1 ? ' question' : ' questions')))),
        list.map((x) => {
          const isNew = ui.fresh.has(x.id) && now - ui.fresh.get(x.id) < 120000;
          return h('article', { class: 'comment question' + (x.answered ? ' answered' : '') + (isNew ? ' new' : ''), 'data-question': x.id },
            h('div', { class: 'c-who' }, h('b', {}, x.name), h('span', { class: 'muted' }, ' · ' + x.unit),
              h('span', { class: 'c-time muted' }, time(x.at)), isNew ? h('span', { class: 'pill cur' }, tr('mới', 'new')) : null,
              x.answered ? h('span', { class: 'pill ok' }, '✓ ' + tr('Đã trả lời', 'Answered'))
                : h('button', { class: 'btn small no-print', onclick: () => DH.api('POST', '/api/questions/' + x.id + '/answered').catch((e) => DH.toast(DH.errText(e), 'error')) }, tr('Đánh dấu đã trả lời', 'Mark answered'))),
            h('div', { class: 'c-text' }, x.text));
        })));
    }
    box.replaceChildren(head, ...secs);
  }

  function build(st) {
    const docSel = h('select', { id: 'filter-doc', onchange: () => { ui.doc = docSel.value; renderComments(DH.state); } },
      h('option', { value: '' }, tr('Tất cả văn kiện', 'All documents')),
      (st.documents || []).map((d) => h('option', { value: d.id, selected: d.id === ui.doc }, d.title.length > 70 ? d.title.slice(0, 68) + '…' : d.title)));
    const text = h('input', { id: 'filter-text', type: 'search', placeholder: tr('Tìm trong nội dung, tên đại biểu…', 'Search the text, names…'), oninput: () => { renderQuestions(DH.state); renderComments(DH.state); } });
    const keep = ui.built ? (DH.$('#filter-text') || {}).value : '';
    DH.$('#app').replaceChildren(
      DH.header(tr('Đoàn thư ký — Câu hỏi và góp ý dự thảo văn kiện', 'Secretariat — questions and comments on the drafts')),
      h('main', { class: 'sec-main' },
        h('div', { class: 'toolbar card no-print' },
          h('div', { class: 'total', id: 'comment-total', 'aria-live': 'polite' }),
          docSel, text,
          h('div', { class: 'actions' },
            h('a', { class: 'btn primary', href: '/api/comments.csv', download: 'gop-y-du-thao.csv', id: 'csv-link' }, tr('Tải CSV (Excel)', 'Download CSV (Excel)')),
            h('a', { class: 'btn', href: '/print/comments', target: '_blank', id: 'print-link' }, tr('Trang in (A4)', 'Printable page (A4)')))),
        h('section', { id: 'questions', class: 'card' }),
        h('div', { id: 'comments' })));
    if (keep) text.value = keep;
    ui.built = true; ui.lang = DH.lang(); ui.sig = docsSig(st);
  }
  const docsSig = (st) => (st.documents || []).map((d) => d.id + d.title).join('|');

  function render(st) {
    if (!st.ready) return;
    if (ui.seen === null) ui.seen = new Set((st.comments || []).concat(st.questions || []).map((c) => c.id));
    for (const c of (st.comments || []).concat(st.questions || [])) if (!ui.seen.has(c.id)) { ui.seen.add(c.id); ui.fresh.set(c.id, Date.now()); }
    if (!ui.built || ui.lang !== DH.lang() || ui.sig !== docsSig(st)) build(st);
    else {
      const hdr = DH.$('header.top');
      if (hdr) hdr.replaceWith(DH.header(tr('Đoàn thư ký — Câu hỏi và góp ý dự thảo văn kiện', 'Secretariat — questions and comments on the drafts')));
    }
    renderQuestions(st);
    renderComments(st);
  }

  setInterval(() => { if (ui.fresh.size) DH.rerender(); }, 15000); // the "new" marks fade
  DH.start({ roles: ['secretariat', 'organiser', 'presidium'], title: () => tr('Đoàn thư ký', 'Secretariat'), render });
})();
