// armsflow web app: every page reads its state from its URL, fetches the
// JSON API and builds its charts. Its tables are the command line's: the
// API gives each as format=table (columns, cells as shown, notes, source)
// and one function renders them all, so that a page shows what its CSV
// link gives. Data goes into the DOM only as text (textContent), never as
// HTML.
'use strict';

(function () {
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  // Ten hues told apart at a glance (Tableau 10, with the app's blue first).
  const palette = ['#1f5fa8', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#4d4d4d'];
  const armsflow = (window.armsflow = { charts: {} });

  // el builds an element; strings among children become text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // safeURL keeps only http(s) links, so that data cannot smuggle javascript: URLs.
  function safeURL(u) {
    try {
      const x = new URL(u, location.href);
      return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null;
    } catch (e) {
      return null;
    }
  }

  function qs(params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) p.set(k, v);
    return p.toString();
  }

  async function api(path, params, opts) {
    const url = '/api/v1/' + path + (params ? '?' + qs(params) : '');
    const o = Object.assign({ headers: {}, credentials: 'same-origin' }, opts || {});
    if (o.method && o.method !== 'GET') o.headers['X-CSRF-Token'] = csrf;
    const res = await fetch(url, o);
    if (res.status === 204) return null;
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = new Error((body && body.error && body.error.message) || res.status + ' ' + res.statusText);
      err.code = body && body.error && body.error.code;
      err.status = res.status;
      throw err;
    }
    return body;
  }
  armsflow.api = api;

  function fmt(v, decimals) {
    if (v === null || v === undefined || v === '') return '';
    // Explicit decimals are fixed (a share reads 22.0, not 22); without,
    // up to one decimal.
    if (typeof v === 'number') return v.toLocaleString('en-GB', decimals === undefined ? { maximumFractionDigits: 1 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return String(v);
  }

  function status(id, text, isError) {
    const s = document.getElementById(id);
    if (!s) return;
    s.textContent = text;
    s.className = isError ? 'error' : 'status';
  }

  // dataTable renders a table as the API's format=table gives it: the
  // view's columns and cells as the command line shows them, its title as
  // caption and its notes (the source among them) below. It sorts on a
  // header click by the cells' values and filters on typing. opts: id;
  // link(column's name, the row's values, the cell's value) → href for a
  // cell, or null; data:
  // {path, params}, the query the table answers, for its JSON and CSV links.
  function dataTable(container, t, opts) {
    opts = opts || {};
    const box = el('div', { class: 'tablebox' });
    const filter = el('input', { class: 'filter', type: 'search', placeholder: 'Filter rows…', 'aria-label': 'Filter rows' });
    const tbody = el('tbody');
    const num = t.columns.map((c) => c.align === 'right');
    // Cells come as the command line prints them, figures with thousands
    // separators and years without (package table groups them, one place).
    const ths = t.columns.map((c, j) => el('th', { class: num[j] ? 'num' : null, scope: 'col', tabindex: 0, onclick: () => sortBy(j), onkeydown: (e) => { if (e.key === 'Enter') sortBy(j); } }, c.name));
    const table = el('table', { class: 'data', id: opts.id || null },
      t.title ? el('caption', {}, t.title) : null, el('thead', {}, el('tr', {}, ths)), tbody);
    const all = t.rows.map((_, i) => i);
    let order = all, sortCol = -1, asc = true;
    function draw() {
      const q = filter.value.trim().toLowerCase();
      tbody.replaceChildren();
      for (const i of order) {
        const cells = t.columns.map((c, j) => {
          const text = t.rows[i][j];
          const href = text && opts.link ? opts.link(c.name, t.values[i], t.values[i][j]) : null;
          return el('td', { class: num[j] ? 'num' : null }, href ? el('a', { href }, text) : text);
        });
        const tr = el('tr', { 'data-row': i }, cells);
        if (q && !tr.textContent.toLowerCase().includes(q)) continue;
        tbody.append(tr);
      }
    }
    function sortBy(j) {
      asc = sortCol === j ? !asc : !num[j];
      sortCol = j;
      order = all.slice().sort((a, b) => {
        let x = t.values[a][j], y = t.values[b][j];
        if (x === null || x === undefined) x = num[j] ? -Infinity : '';
        if (y === null || y === undefined) y = num[j] ? -Infinity : '';
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return asc ? d : -d;
      });
      ths.forEach((th, k) => th.setAttribute('aria-sort', k === j ? (asc ? 'ascending' : 'descending') : 'none'));
      draw();
    }
    filter.addEventListener('input', draw);
    draw();
    box.append(filter, table);
    for (const n of t.notes || []) box.append(el('p', { class: 'note' }, n));
    if (opts.data) {
      const url = (f) => '/api/v1/' + opts.data.path + '?' + qs(Object.assign({}, opts.data.params, f ? { format: f } : {}));
      box.append(el('p', { class: 'hint' }, 'Also as ', el('a', { href: url('') }, 'JSON'), ' and ', el('a', { href: url('csv') }, 'CSV'), '.'));
    }
    container.replaceChildren(box);
    return table;
  }

  // viewTable asks the API for path's table with params and renders it in
  // container (see dataTable); its JSON and CSV links ask the same query.
  // It gives the table; an error is shown in container.
  async function viewTable(container, path, params, opts) {
    try {
      const t = await api(path, Object.assign({}, params, { format: 'table' }));
      dataTable(container, t, Object.assign({ data: { path, params } }, opts));
      return t;
    } catch (e) {
      container.replaceChildren(el('p', { class: e.code === 'not_found' ? 'empty' : 'error' }, e.message));
      throw e;
    }
  }

  // cellName is a party's name in a table's cell: the focus row's mark
  // ("» ") taken off.
  const cellName = (v) => String(v).replace(/^» /, '');

  // chart draws a Chart.js chart on canvas id and exposes its values as
  // the canvas's data-values attribute (for tests and for reading).
  function chart(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return null;
    const values = { labels: config.data.labels, series: config.data.datasets.map((d) => ({ label: d.label, data: d.data })) };
    canvas.setAttribute('data-values', JSON.stringify(values));
    if (!window.Chart) {
      canvas.replaceWith(el('p', { class: 'error' }, 'charts unavailable: run scripts/web-assets.sh and rebuild armsflow (the values are in the tables).'));
      return null;
    }
    if (armsflow.charts[id]) armsflow.charts[id].destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    const c = new window.Chart(canvas, config);
    armsflow.charts[id] = c;
    canvas.setAttribute('data-ready', 'true');
    return c;
  }

  // stackedSuppliers draws a recipient's suppliers per period, the top ones
  // by total and the rest as "Others".
  function stackedSuppliers(id, conc, highlight) {
    const totals = {};
    for (const row of conc.rows) for (const s of row.shares || []) totals[s.name] = (totals[s.name] || 0) + s.tiv;
    let names = Object.keys(totals).sort((a, b) => totals[b] - totals[a]);
    const top = names.slice(0, 7);
    if (highlight && totals[highlight] !== undefined && !top.includes(highlight)) top[top.length - 1] = highlight;
    const labels = conc.rows.map((r) => r.period);
    const datasets = top.map((n, i) => ({
      label: n, backgroundColor: palette[i % palette.length], stack: 's',
      data: conc.rows.map((r) => { const s = (r.shares || []).find((x) => x.name === n); return s ? s.tiv : 0; }),
    }));
    if (names.length > top.length) {
      datasets.push({ label: 'Others', backgroundColor: '#c8ccd2', stack: 's',
        data: conc.rows.map((r) => (r.shares || []).filter((x) => !top.includes(x.name)).reduce((a, x) => a + x.tiv, 0)) });
    }
    return chart(id, {
      type: 'bar', data: { labels, datasets },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'TIV (millions)' } } },
        plugins: { tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ': ' + fmt(ctx.parsed.y, 0) } } },
      },
    });
  }

  // ---- name suggestions -------------------------------------------------
  function suggestions() {
    const list = document.getElementById('names-list');
    if (!list) return;
    let timer = null, last = null;
    async function fill(q) {
      if (q === last) return;
      last = q;
      try {
        const r = await api('names', { q, limit: 30 });
        list.replaceChildren(...r.rows.map((s) => el('option', { value: s.name })));
      } catch (e) { /* suggestions are a convenience */ }
    }
    document.querySelectorAll('input[list="names-list"]').forEach((inp) => {
      inp.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => fill(inp.value.trim()), 120); });
      inp.addEventListener('focus', () => fill(inp.value.trim()));
    });
    const jump = document.getElementById('country-jump');
    if (jump) jump.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = jump.elements.name.value.trim();
      if (v) location.assign('/country/' + encodeURIComponent(v));
    });
  }

  // ---- dyad page ---------------------------------------------------------
  async function dyadPage() {
    const root = document.getElementById('dyad');
    if (!root) return;
    const d = root.dataset;
    const base = { supplier: d.supplier, recipient: d.recipient, years: d.years };
    try {
      const [flows, flowsTable, evs] = await Promise.all([
        api('flows', base),
        api('flows', Object.assign({ format: 'table' }, base)),
        api('events', { between: d.supplier + ',' + d.recipient, years: d.years }).catch(() => ({ rows: [] })),
      ]);
      const sup = flows.supplier ? flows.supplier.name : d.supplier, rec = flows.recipient ? flows.recipient.name : d.recipient;
      document.getElementById('dyad-title').textContent = sup + ' → ' + rec;
      document.getElementById('yearly-sub').textContent = flows.query.years.from + '–' + flows.query.years.to + ', total ' + fmt(flows.total_tiv, 0) + ' TIV';
      // The yearly table's notes: its total, the data's note and source.
      document.getElementById('yearly-note').textContent = flowsTable.notes.join(' ');
      document.getElementById('recipient-name').textContent = rec;
      const links = document.getElementById('yearly-links');
      links.replaceChildren('Data: ', el('a', { href: '/api/v1/flows?' + qs(base) }, 'JSON'), ' · ', el('a', { href: '/api/v1/flows?' + qs(Object.assign({ format: 'csv' }, base)) }, 'CSV'),
        ' · ', el('a', { href: '/country/' + encodeURIComponent(rec) }, rec), ' · ', el('a', { href: '/country/' + encodeURIComponent(sup) }, sup));
      const rows = evs.rows || [];
      markerKinds(rows, (chosen) => drawYearly(flows, rows.filter((ev) => chosen.has(ev.kind))));
      drawEvents(rows);
      status('dyad-status', '');
    } catch (e) {
      status('dyad-status', e.message, true);
      return;
    }
    const period = d.period || '5';
    const cq = { recipient: d.recipient, years: d.years, 'period-length': period };
    const p1 = Promise.all([api('concentration', cq), viewTable(document.getElementById('concentration-table'), 'concentration', cq)])
      .then(([conc]) => stackedSuppliers('chart-suppliers', conc, d.supplier), () => {});
    const pq = Object.assign({ by: 'period', 'period-length': period }, base);
    const p2 = viewTable(document.getElementById('periods-table'), 'flows', pq, { id: 'periods' }).catch(() => {});
    // Where each stands among the world's exporters and importers per
    // period: the report's standing tables, from the API as they are.
    // A rank links to the period's ranking.
    const standing = (party, side) => viewTable(document.getElementById(side === 'suppliers' ? 'supplier-standing-table' : 'recipient-standing-table'),
      'standing', { party, side, years: d.years, 'period-length': period }, {
        id: side === 'suppliers' ? 'supplier-standing' : 'recipient-standing',
        link: (col, v, x) => (col === 'Rank' && typeof x === 'number' ? '/rankings?' + qs({ side, years: v[0], period }) : null),
      }).catch(() => {});
    const p4 = Promise.all([standing(d.supplier, 'suppliers'), standing(d.recipient, 'recipients')]);
    // With years chosen, the deals ordered in them or with a delivery in
    // them, as in the report: the API's span, so the engine's rule (open
    // spans such as 2002- too).
    const dq = { supplier: d.supplier, recipient: d.recipient };
    if ((d.years || '').trim()) dq.span = d.years.trim();
    const p3 = viewTable(document.getElementById('deals-table'), 'deals', dq, { id: 'deals' }).catch(() => {});
    await Promise.all([p1, p2, p3, p4]);
  }

  function firstSource(ev) {
    for (const s of ev.sources || []) { const u = safeURL(s.url); if (u) return u; }
    return null;
  }

  // markerKinds offers a checkbox per kind of event present and calls draw
  // with the kinds ticked, now and on every change. The URL's markers
  // parameter (kinds joined by commas) carries the choice, so a link shows
  // the same chart; without it every kind is drawn.
  function markerKinds(events, draw) {
    const kinds = [...new Set(events.map((ev) => ev.kind))].sort();
    const url = new URL(location.href);
    const given = url.searchParams.get('markers');
    const chosen = new Set(given === null ? kinds : given.split(',').filter(Boolean));
    const box = document.getElementById('marker-kinds');
    if (box && kinds.length) {
      box.hidden = false;
      box.replaceChildren(box.querySelector('legend'), ...kinds.map((k) => {
        const cb = el('input', { type: 'checkbox', name: 'marker-kind', value: k, checked: chosen.has(k) });
        cb.addEventListener('change', () => {
          if (cb.checked) chosen.add(k); else chosen.delete(k);
          const u = new URL(location.href);
          u.searchParams.set('markers', kinds.filter((x) => chosen.has(x)).join(','));
          history.replaceState(null, '', u);
          draw(chosen);
        });
        const n = events.filter((ev) => ev.kind === k).length;
        return el('label', {}, cb, ' ' + k + ' (' + n + ')');
      }));
    }
    draw(chosen);
  }

  function drawYearly(flows, events) {
    const labels = flows.rows.map((r) => String(r.year));
    const values = flows.rows.map((r) => (r.deliveries ? r.tiv : null));
    const max = Math.max(1, ...values.filter((v) => v !== null));
    const perYear = {};
    const markers = [];
    for (const ev of events) {
      const y = String(parseInt(ev.date.slice(0, 4), 10));
      if (!labels.includes(y)) continue;
      const i = (perYear[y] = (perYear[y] || 0) + 1) - 1;
      markers.push({ x: y, y: max * (1.06 + 0.07 * i), ev });
    }
    const c = chart('chart-yearly', {
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'TIV delivered', data: values, backgroundColor: '#1f5fa8', order: 2 },
          { type: 'line', label: 'Events (click to open the source)', data: markers.map((m) => ({ x: m.x, y: m.y })), showLine: false,
            pointStyle: 'triangle', pointRadius: 8, pointHoverRadius: 11, backgroundColor: '#d1495b', borderColor: '#d1495b', order: 1 },
        ],
      },
      plugins: [markerLabels(markers)],
      options: {
        interaction: { mode: 'nearest', intersect: true },
        // Room above the plot for the markers' labels; the legend goes below.
        layout: { padding: { top: markers.length ? 110 : 0 } },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'TIV (millions)' } } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                if (ctx.datasetIndex === 1) { const ev = markers[ctx.dataIndex].ev; return ev.date + ' ' + ev.title; }
                return 'TIV ' + ctx.label + ': ' + (ctx.parsed.y === null ? 'no deliveries' : fmt(ctx.parsed.y, flows.estimated ? 1 : 0));
              },
            },
          },
        },
        onClick: (evt, elements) => {
          const hit = elements.find((e) => e.datasetIndex === 1);
          if (!hit) return;
          openEvent(markers[hit.index].ev);
        },
        onHover: (evt, elements) => {
          evt.native.target.style.cursor = elements.some((e) => e.datasetIndex === 1) ? 'pointer' : 'default';
        },
      },
    });
    const canvas = document.getElementById('chart-yearly');
    if (canvas) canvas.setAttribute('data-events', JSON.stringify(markers.map((m) => ({ year: m.x, id: m.ev.id, title: m.ev.title, source: firstSource(m.ev) }))));
    armsflow.openMarker = (i) => openEvent(markers[i].ev);
    armsflow.markerPosition = (i) => {
      const p = c && c.getDatasetMeta(1).data[i];
      if (!p) return null;
      const r = c.canvas.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    };
    return c;
  }

  // markerLabels is a chart plugin that writes each year's event title
  // upright above its highest marker ("+2" when the year has more), cut to
  // the room above the marker; hover or the events list give the rest.
  function markerLabels(markers) {
    return {
      id: 'markerLabels',
      afterDatasetsDraw(c) {
        if (!markers.length || !c.isDatasetVisible(1)) return;
        const pts = c.getDatasetMeta(1).data;
        const byYear = new Map();
        markers.forEach((m, i) => {
          if (!pts[i]) return;
          const list = byYear.get(m.x) || [];
          list.push({ m, p: pts[i] });
          byYear.set(m.x, list);
        });
        const ctx = c.ctx;
        ctx.save();
        ctx.font = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
        ctx.fillStyle = '#9c2f3e';
        ctx.textBaseline = 'middle';
        for (const list of byYear.values()) {
          const top = list.reduce((a, b) => (b.p.y < a.p.y ? b : a));
          const room = top.p.y - 14;
          if (room < 20) continue;
          const extra = list.length > 1 ? ' +' + (list.length - 1) : '';
          let text = list[0].m.ev.title;
          while (text.length > 1 && ctx.measureText(text + extra).width > room) text = text.slice(0, -2) + '…';
          ctx.save();
          ctx.translate(top.p.x, top.p.y - 12);
          ctx.rotate(-Math.PI / 2);
          ctx.fillText(text + extra, 0, 0);
          ctx.restore();
        }
        ctx.restore();
      },
    };
  }

  function openEvent(ev) {
    const u = firstSource(ev);
    if (u) location.assign(u);
    else location.hash = 'ev-' + ev.id;
  }

  function eventItem(ev, extra) {
    const srcs = (ev.sources || []).map((s) => {
      const u = safeURL(s.url);
      const label = (s.publisher ? s.publisher + ': ' : '') + (s.title || s.url);
      return u ? el('a', { href: u, rel: 'noopener noreferrer', class: 'source' }, label) : el('span', {}, label);
    });
    const parts = [];
    srcs.forEach((s, i) => { if (i) parts.push(' · '); parts.push(s); });
    return el('li', { id: 'ev-' + ev.id },
      el('span', { class: 'date' }, ev.date + (ev.uncertain ? '?' : '') + (ev.end ? '–' + ev.end : '')),
      el('span', { class: 'kind' }, ev.kind), el('strong', {}, ev.title),
      ev.summary ? el('div', {}, ev.summary) : null,
      el('div', { class: 'hint' }, 'Parties: ', (ev.parties || []).join(', '), ev.actor ? ' (actor: ' + ev.actor + ')' : '', srcs.length ? ' — Sources: ' : '', parts),
      extra || null);
  }

  function drawEvents(events) {
    const ol = document.getElementById('dyad-events');
    if (!ol) return;
    if (!events.length) { ol.replaceChildren(el('li', { class: 'empty' }, 'No events recorded between these parties. Editors add them on the Events page.')); return; }
    ol.replaceChildren(...events.map((ev) => eventItem(ev)));
  }

  // ---- rankings page -----------------------------------------------------
  function periodsOf(from, to, len) {
    const out = [];
    for (let t = to; t >= from; t -= len) out.unshift({ from: Math.max(from, t - len + 1), to: t });
    return out;
  }

  async function rankingsPage() {
    const root = document.getElementById('rankings');
    if (!root) return;
    const d = root.dataset;
    const side = d.side, len = Math.max(1, parseInt(d.period, 10) || 5), limit = d.limit || '10';
    try {
      const all = await api('rank/' + side, { years: d.years, region: d.region, limit: 1 });
      // Without years, the last four periods: seventy years of five-year
      // tables would bury the present.
      let from = all.query.years.from;
      if (!d.years) from = Math.max(from, all.query.years.to - 4 * len + 1);
      const ps = periodsOf(from, all.query.years.to, len);
      // Each period compared with the one before: previous rank and share,
      // and the change, as 'armsflow rank --compare' gives them.
      const rq = (i) => ({ years: ps[i].from + '-' + ps[i].to, compare: i > 0 ? ps[i - 1].from + '-' + ps[i - 1].to : '', region: d.region, limit });
      // The answers draw the chart; their tables, the command line's, are
      // shown.
      const [res, tables] = await Promise.all([Promise.all(ps.map((p, i) => api('rank/' + side, rq(i)))),
        Promise.all(ps.map((p, i) => api('rank/' + side, Object.assign({ format: 'table' }, rq(i)))))]);
      const party = side === 'suppliers' ? 'Supplier' : 'Recipient';
      const partyLink = (col, v, x) => (col === party ? '/country/' + encodeURIComponent(cellName(x)) : null);
      // Tables: the newest period first, where an analyst starts reading.
      const box = document.getElementById('rank-tables');
      box.replaceChildren();
      for (let i = res.length - 1; i >= 0; i--) {
        const r = res[i];
        const div = el('div', { class: 'card' });
        box.append(div);
        const label = ps[i].from === ps[i].to ? String(ps[i].from) : ps[i].from + '–' + ps[i].to;
        dataTable(div, tables[i], { data: { path: 'rank/' + side, params: rq(i) }, link: partyLink });
        div.prepend(el('h3', {}, label));
      }
      // Chart: the newest period's leaders, then the parties with the most
      // TIV over all periods, ten at most.
      const totals = {};
      for (const r of res) for (const row of r.rows) totals[row.name] = (totals[row.name] || 0) + row.tiv;
      const names = [];
      const newest = res.length ? res[res.length - 1].rows : [];
      for (const row of newest.slice(0, 5)) if (row.tiv > 0 && !names.includes(row.name)) names.push(row.name);
      for (const n of Object.keys(totals).sort((a, b) => totals[b] - totals[a])) if (names.length < 10 && !names.includes(n)) names.push(n);
      names.sort((a, b) => totals[b] - totals[a]);
      // Many periods read better as lines than as crowded groups of bars.
      const lines = ps.length > 6;
      chart('chart-rank', {
        type: lines ? 'line' : 'bar',
        data: {
          labels: ps.map((p) => (p.from === p.to ? String(p.from) : p.from + '–' + p.to)),
          datasets: names.map((n, i) => ({ label: n, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length],
            borderWidth: lines ? 2 : 0, pointRadius: lines ? 2.5 : 0, spanGaps: false,
            data: res.map((r) => { const row = r.rows.find((x) => x.name === n); return row ? row.tiv : null; }) })),
        },
        options: {
          interaction: { mode: 'index', intersect: false },
          scales: { y: { beginAtZero: true, title: { display: true, text: 'TIV (millions)' } } },
          plugins: { tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ': ' + (ctx.parsed.y === null ? 'not in the top ' + limit : fmt(ctx.parsed.y, 0)) } } },
        },
      });
      status('rank-status', '');
    } catch (e) {
      status('rank-status', e.message, true);
    }
  }

  // ---- country page ------------------------------------------------------
  async function countryPage() {
    const root = document.getElementById('country');
    if (!root) return;
    const d = root.dataset, len = d.period || '5';
    let any = false;
    try {
      const cq = { recipient: d.name, years: d.years, 'period-length': len };
      const [conc] = await Promise.all([api('concentration', cq), viewTable(document.getElementById('country-concentration'), 'concentration', cq)]);
      document.getElementById('country-title').textContent = conc.recipient.name;
      stackedSuppliers('chart-country-suppliers', conc);
      any = true;
    } catch (e) { /* shown in the table's place */ }
    try {
      await viewTable(document.getElementById('country-recipients'), 'rank/recipients', { supplier: d.name, years: d.years, limit: 15 },
        { link: (col, v, x) => (col === 'Recipient' ? '/dyad?' + qs({ supplier: d.name, recipient: cellName(x), years: d.years }) : null) });
      any = true;
    } catch (e) { /* shown in the table's place */ }
    status('country-status', any ? '' : 'Nothing found for this name.', !any);
  }

  // ---- events page -------------------------------------------------------
  async function eventsPage() {
    const root = document.getElementById('events');
    if (!root) return;
    const d = root.dataset;
    const editor = document.body.dataset.editor === 'true';
    const params = { between: d.between, kind: d.kind, years: d.years, tag: d.tag };
    try {
      // The events themselves for their sources' links and the editor;
      // the table is the command line's.
      const [r, t] = await Promise.all([api('events', params), api('events', Object.assign({ format: 'table' }, params))]);
      const byID = Object.fromEntries(r.rows.map((x) => [x.id, x]));
      const idCol = t.columns.findIndex((c) => c.name === 'ID');
      const eventOf = (v) => byID[v[idCol]];
      const table = dataTable(document.getElementById('events-table'), t, { id: 'events-list', data: { path: 'events', params },
        link: (col, v) => (col === 'Source' && eventOf(v) ? firstSource(eventOf(v)) : null) });
      if (editor) addEditButtons(table, (tr) => eventOf(t.values[tr.dataset.row]));
      status('events-status', '');
    } catch (e) {
      status('events-status', e.message, true);
    }
    if (editor) eventEditor();
  }

  // addEditButtons gives each row of the events' table Edit and Delete
  // buttons; eventOf(tr) is the row's event, whatever the sort order.
  function addEditButtons(table, eventOf) {
    table.querySelector('thead tr').append(el('th', {}, ''));
    const decorate = () => {
      for (const tr of table.querySelectorAll('tbody tr')) {
        if (tr.dataset.decorated) continue;
        tr.dataset.decorated = '1';
        const ev = eventOf(tr);
        if (!ev) continue;
        tr.append(el('td', {},
          el('button', { class: 'small', type: 'button', onclick: () => fillEditor(ev) }, 'Edit'), ' ',
          el('button', { class: 'small danger', type: 'button', onclick: async () => {
            if (!confirm('Delete event ' + ev.id + '?')) return;
            try { await api('events/' + encodeURIComponent(ev.id), null, { method: 'DELETE' }); location.reload(); } catch (e) { alert(e.message); }
          } }, 'Delete')));
      }
    };
    new MutationObserver(decorate).observe(table.tBodies[0], { childList: true });
    decorate();
  }

  // editing is the event being edited, as the API gave it. Saving starts
  // from it and changes only what the form shows, so that what the form
  // has no field for (further sources, deals) is kept, never dropped.
  let editing = null;
  function fillEditor(ev) {
    const f = document.getElementById('event-form');
    editing = JSON.parse(JSON.stringify(ev));
    document.getElementById('event-editor-title').textContent = 'Edit event ' + ev.id;
    const s = (ev.sources || [])[0] || {};
    const v = { id: ev.id, date: ev.date, end: ev.end, actor: ev.actor, kind: ev.kind, title: ev.title, summary: ev.summary,
      parties: (ev.parties || []).join(','), tags: (ev.tags || []).join(','),
      source_title: s.title, source_publisher: s.publisher, source_url: s.url, source_date: s.date, source_accessed: s.accessed };
    for (const [k, x] of Object.entries(v)) f.elements[k].value = x || '';
    f.elements.uncertain.checked = !!ev.uncertain;
    f.elements.id.readOnly = true;
    const more = (ev.sources || []).length - 1, deals = (ev.deals || []).length;
    const kept = [];
    if (more > 0) kept.push(more + (more === 1 ? ' further source' : ' further sources'));
    if (deals > 0) kept.push(deals + (deals === 1 ? ' linked deal' : ' linked deals'));
    document.getElementById('event-form-kept').textContent = kept.length ? 'Also kept as they are: ' + kept.join(' and ') + '.' : '';
    f.scrollIntoView();
  }

  function eventEditor() {
    const f = document.getElementById('event-form');
    if (!f) return;
    f.addEventListener('reset', () => {
      editing = null; f.elements.id.readOnly = false;
      document.getElementById('event-editor-title').textContent = 'Add an event';
      document.getElementById('event-form-kept').textContent = '';
    });
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const g = (n) => f.elements[n].value.trim();
      const list = (n) => g(n).split(',').map((x) => x.trim()).filter(Boolean);
      const orig = editing;
      const ev = orig ? JSON.parse(JSON.stringify(orig)) : { deals: [], sources: [] };
      Object.assign(ev, { id: g('id'), date: g('date'), kind: g('kind'), title: g('title'), summary: g('summary'),
        uncertain: f.elements.uncertain.checked, parties: list('parties'), tags: list('tags') });
      // A changed date gets its precision from how it is written.
      if (!orig || orig.date !== ev.date) ev.precision = '';
      for (const k of ['end', 'actor']) { if (g(k)) ev[k] = g(k); else delete ev[k]; }
      const first = Object.assign({}, (ev.sources || [])[0] || {},
        { title: g('source_title'), publisher: g('source_publisher'), url: g('source_url') });
      for (const [k, n] of [['date', 'source_date'], ['accessed', 'source_accessed']]) { if (g(n)) first[k] = g(n); else delete first[k]; }
      ev.sources = [first].concat((ev.sources || []).slice(1));
      try {
        if (orig) await api('events/' + encodeURIComponent(orig.id), null, { method: 'PUT', body: JSON.stringify(ev), headers: { 'Content-Type': 'application/json' } });
        else await api('events', null, { method: 'POST', body: JSON.stringify(ev), headers: { 'Content-Type': 'application/json' } });
        status('event-form-status', 'Saved ' + ev.id + '.');
        location.reload();
      } catch (err) {
        status('event-form-status', err.message, true);
      }
    });
  }

  // ---- upload (home page) ------------------------------------------------
  function upload() {
    const form = document.getElementById('upload-form');
    if (!form) return;
    const input = document.getElementById('upload-files');
    async function send(files) {
      if (!files.length) return;
      const fd = new FormData();
      for (const f of files) fd.append('file', f, f.name);
      status('upload-status', 'Importing ' + files.length + ' file(s)…');
      try {
        const r = await api('datasets', null, { method: 'POST', body: fd });
        status('upload-status', r.datasets.map((x) => x.dataset.name + ': ' + (x.created ? 'imported ' + x.dataset.records + ' records' : x.unchanged ? 'already imported' : 'added ' + x.added_files + ' files')).join('; ') + '. Reloading…');
        setTimeout(() => location.reload(), 600);
      } catch (e) {
        status('upload-status', e.message, true);
      }
    }
    form.addEventListener('submit', (e) => { e.preventDefault(); send(Array.from(input.files)); });
    form.addEventListener('dragover', (e) => { e.preventDefault(); form.classList.add('over'); });
    form.addEventListener('dragleave', () => form.classList.remove('over'));
    form.addEventListener('drop', (e) => { e.preventDefault(); form.classList.remove('over'); send(Array.from(e.dataTransfer.files)); });
  }

  function start() {
    suggestions();
    upload();
    Promise.all([dyadPage(), rankingsPage(), countryPage(), eventsPage()]).finally(() => document.body.setAttribute('data-loaded', 'true'));
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
