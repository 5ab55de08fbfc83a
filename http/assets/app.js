// armsflow web app: every page reads its state from its URL, fetches the
// JSON API and builds its tables and charts. Data goes into the DOM only as
// text (textContent), never as HTML.
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

  // apiPages follows an answer's next links (the deals come in pages) and
  // returns the first answer with the rows of every page.
  async function apiPages(path, params) {
    const all = await api(path, params);
    for (let r = all; r.next; ) {
      r = await api(r.next.replace(/^\/api\/v1\//, ''));
      all.rows = all.rows.concat(r.rows);
    }
    delete all.next;
    return all;
  }

  function fmt(v, decimals) {
    if (v === null || v === undefined || v === '') return '';
    // Explicit decimals are fixed (a share reads 22.0, not 22); without,
    // up to one decimal.
    if (typeof v === 'number') return v.toLocaleString('en-GB', decimals === undefined ? { maximumFractionDigits: 1 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return String(v);
  }

  // factSheet rounds as SIPRI's fact sheets do (as the command line's
  // tables): whole numbers from 10, two significant figures below, a
  // positive share below 0.1 as "<0.1"; with sign, "+14". Text (new, gone)
  // is shown as it is.
  function factSheet(v, sign) {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v !== 'number') return String(v);
    const a = Math.abs(v);
    let t;
    if (a === 0) t = '0';
    else if (a < 0.1) t = '<0.1';
    else if (a < 1) t = Math.round(a * 100) / 100 < 1 ? (Math.round(a * 100) / 100).toFixed(2) : '1.0';
    else if (a < 10) t = Math.round(a * 10) / 10 < 10 ? (Math.round(a * 10) / 10).toFixed(1) : '10';
    else t = Math.round(a).toLocaleString('en-GB');
    return (v < 0 ? '-' : sign && v > 0 ? '+' : '') + t;
  }
  const changeOf = (x) => (x.change_pct !== undefined && x.change_pct !== null ? x.change_pct : (x.change || null));

  function status(id, text, isError) {
    const s = document.getElementById(id);
    if (!s) return;
    s.textContent = text;
    s.className = isError ? 'error' : 'status';
  }

  // dataTable renders rows as a table that sorts on a header click and
  // filters on typing. columns: {key, label, num, get(row), link(row)}.
  function dataTable(container, columns, rows, opts) {
    opts = opts || {};
    const box = el('div', { class: 'tablebox' });
    const filter = el('input', { class: 'filter', type: 'search', placeholder: 'Filter rows…', 'aria-label': 'Filter rows' });
    const tbody = el('tbody');
    const ths = columns.map((c, i) => el('th', { class: c.num ? 'num' : null, scope: 'col', tabindex: 0, onclick: () => sortBy(i), onkeydown: (e) => { if (e.key === 'Enter') sortBy(i); } }, c.label));
    const table = el('table', { class: 'data', id: opts.id || null },
      opts.caption ? el('caption', {}, opts.caption) : null, el('thead', {}, el('tr', {}, ths)), tbody);
    const value = (c, r) => (c.get ? c.get(r) : r[c.key]);
    let order = rows.slice(), sortCol = -1, asc = true;
    function draw() {
      const q = filter.value.trim().toLowerCase();
      tbody.replaceChildren();
      for (const r of order) {
        const cells = columns.map((c) => {
          const v = value(c, r);
          const text = c.factSheet ? factSheet(v, c.change) : c.num ? fmt(v, c.decimals) : (v === null || v === undefined ? '' : String(v));
          const href = c.link && c.link(r);
          return el('td', { class: c.num ? 'num' : null }, href ? el('a', { href }, text) : text);
        });
        const tr = el('tr', { class: opts.rowClass ? opts.rowClass(r) : null }, cells);
        if (q && !tr.textContent.toLowerCase().includes(q)) continue;
        tbody.append(tr);
      }
    }
    function sortBy(i) {
      asc = sortCol === i ? !asc : !columns[i].num;
      sortCol = i;
      const c = columns[i];
      order = rows.slice().sort((a, b) => {
        let x = value(c, a), y = value(c, b);
        if (x === null || x === undefined) x = c.num ? -Infinity : '';
        if (y === null || y === undefined) y = c.num ? -Infinity : '';
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return asc ? d : -d;
      });
      ths.forEach((th, j) => th.setAttribute('aria-sort', j === i ? (asc ? 'ascending' : 'descending') : 'none'));
      draw();
    }
    filter.addEventListener('input', draw);
    draw();
    box.append(filter, table);
    if (opts.notes) for (const n of opts.notes) if (n) box.append(el('p', { class: 'note' }, n));
    if (opts.csv) box.append(el('p', { class: 'hint' }, 'Also as ', el('a', { href: opts.csv.replace('format=csv', '').replace(/[?&]$/, '') }, 'JSON'), ' and ', el('a', { href: opts.csv }, 'CSV'), '.'));
    container.replaceChildren(box);
    return table;
  }

  function provenance(r) {
    if (!r || !r.dataset) return '';
    return 'Source: SIPRI Arms Transfers Database; dataset ' + r.dataset + ' (generated ' + (r.generated || 'undated') + ').' +
      (r.estimated ? ' ESTIMATED from the trade register\'s deliveries.' : '');
  }

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

  // periodLabel names a period, and says so when it is short: "2014–2016,
  // 3 of 5 years".
  const periodLabel = (x) => (x.years_covered && x.years_covered < x.period_length ? x.period + ', ' + x.years_covered + ' of ' + x.period_length + ' years' : x.period);

  function concentrationTable(container, conc, csv) {
    dataTable(container, [
      { label: 'Period', get: periodLabel },
      { key: 'total_tiv', label: 'Total TIV', num: true, decimals: 0 },
      { key: 'suppliers', label: 'Suppliers', num: true },
      { key: 'top_supplier', label: 'Top supplier' },
      { key: 'top_share_pct', label: 'Top share %', num: true, factSheet: true },
      { key: 'hhi', label: 'HHI', num: true, decimals: 0 },
    ], conc.rows, { notes: [conc.note, provenance(conc)], csv });
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
      const [flows, evs] = await Promise.all([
        api('flows', base),
        api('events', { between: d.supplier + ',' + d.recipient, years: d.years }).catch(() => ({ rows: [] })),
      ]);
      const sup = flows.supplier ? flows.supplier.name : d.supplier, rec = flows.recipient ? flows.recipient.name : d.recipient;
      document.getElementById('dyad-title').textContent = sup + ' → ' + rec;
      document.getElementById('yearly-sub').textContent = flows.query.years.from + '–' + flows.query.years.to + ', total ' + fmt(flows.total_tiv, 0) + ' TIV';
      document.getElementById('yearly-note').textContent = [flows.note, provenance(flows)].filter(Boolean).join(' ');
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
    const p1 = api('concentration', { recipient: d.recipient, years: d.years, 'period-length': period }).then((conc) => {
      stackedSuppliers('chart-suppliers', conc, d.supplier);
      concentrationTable(document.getElementById('concentration-table'), conc, '/api/v1/concentration?' + qs({ recipient: d.recipient, years: d.years, 'period-length': period, format: 'csv' }));
    }).catch((e) => { document.getElementById('concentration-table').replaceChildren(el('p', { class: 'error' }, e.message)); });
    const pq = Object.assign({ by: 'period', 'period-length': period }, base);
    const p2 = api('flows', pq).then(async (r) => {
      // Each period: the pair's TIV, and where the supplier and the
      // recipient stand among the world's exporters and importers.
      const focus = (x) => (x.rows.find((row) => row.focus) || x.focus || null);
      const standing = await Promise.all(r.rows.map((p) => Promise.all([
        api('rank/suppliers', { supplier: d.supplier, years: p.from + '-' + p.to, limit: 1 }).then(focus, () => null),
        api('rank/recipients', { recipient: d.recipient, years: p.from + '-' + p.to, limit: 1 }).then(focus, () => null),
      ])));
      const rows = r.rows.map((p, i) => Object.assign({}, p, { s: standing[i][0], r: standing[i][1] }));
      const rk = (x) => (x && x.rank ? x.rank : null), sh = (x) => (x ? x.share_pct : null);
      dataTable(document.getElementById('periods-table'), [
        { label: 'Period', get: periodLabel },
        { label: 'TIV', num: true, decimals: r.estimated ? 1 : 0, get: (x) => (x.deliveries ? x.tiv : null) },
        { label: 'Change %', num: true, factSheet: true, change: true, get: changeOf },
        { label: 'Supplier\'s world rank', num: true, get: (x) => rk(x.s) },
        { label: 'Share of world exports %', num: true, factSheet: true, get: (x) => sh(x.s) },
        { label: 'Recipient\'s world rank', num: true, get: (x) => rk(x.r) },
        { label: 'Share of world imports %', num: true, factSheet: true, get: (x) => sh(x.r) },
      ], rows, { id: 'periods', notes: ['Total ' + fmt(r.total_tiv, 0) + '. Blank: no deliveries recorded. Ranks and shares are among all exporters or importers of the period (world total).', provenance(r)],
        csv: '/api/v1/flows?' + qs(Object.assign({ format: 'csv' }, pq)) });
    }).catch((e) => { document.getElementById('periods-table').replaceChildren(el('p', { class: 'error' }, e.message)); });
    // With years chosen, the deals ordered in them or with a delivery in
    // them, as in the report: the API's span, so the engine's rule (open
    // spans such as 2002- too).
    const dq = { supplier: d.supplier, recipient: d.recipient };
    if ((d.years || '').trim()) dq.span = d.years.trim();
    const p3 = apiPages('deals', dq).then((r) => {
      const q = (v, u) => (v === null || v === undefined ? (u ? '?' : '') : v + (u ? '?' : ''));
      dataTable(document.getElementById('deals-table'), [
        { label: 'Ordered', get: (x) => q(x.order_year, x.order_year_uncertain) },
        { label: 'Number', get: (x) => q(x.ordered, x.ordered_uncertain) },
        { key: 'designation', label: 'Designation' },
        { key: 'description', label: 'Description' },
        { label: 'Delivered', get: (x) => q(x.delivered, x.delivered_uncertain) },
        { label: 'Delivery years', get: (x) => yearRanges(x.delivery_years) },
        { key: 'status', label: 'Status' },
        { key: 'tiv_delivered', label: 'TIV delivered', num: true },
        { key: 'comments', label: 'Comments' },
      ], r.rows, { id: 'deals', notes: [r.count + ' deals. ' + (r.note || ''), provenance(r)], csv: '/api/v1/deals?' + qs(Object.assign({ format: 'csv' }, dq)) });
    }).catch((e) => { document.getElementById('deals-table').replaceChildren(el('p', { class: e.code === 'not_found' ? 'empty' : 'error' }, e.message)); });
    await Promise.all([p1, p2, p3]);
  }

  // yearRanges shortens consecutive years to ranges: 1999–2003; 2006.
  function yearRanges(years) {
    const out = [];
    for (const y of years || []) {
      const n = Number(y), last = out[out.length - 1];
      if (last && Number.isInteger(n) && n === last[1] + 1) last[1] = n;
      else out.push([n, n, y]);
    }
    return out.map(([a, b, y]) => (Number.isInteger(a) ? (a === b ? String(a) : a + '–' + b) : String(y))).join('; ');
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

  // rankNotes say what a ranking's shares are of, what its counts count,
  // the rows' and the world's shares, and the change of the whole.
  function rankNotes(r, prev) {
    const n = (k, one, many) => k + ' ' + (k === 1 ? one : many);
    const counted = r.states_count === r.count ? n(r.count, 'state', 'states') : n(r.states_count, 'state', 'states') + ', ' + n(r.count, 'party', 'parties');
    let first = 'Shares of the ' + r.share_of + ' (' + fmt(r.total_tiv, 0) + '); ' + counted + ' ranked.';
    if (r.rows_share_pct !== null && r.rows_share_pct !== undefined && r.rows.length < r.count) first += ' The top ' + r.rows.length + ' together: ' + factSheet(r.rows_share_pct) + ' %.';
    const notes = [first];
    if (r.world_share_pct !== undefined && r.world_share_pct !== null) notes.push((r.region || 'The selection') + ': ' + factSheet(r.world_share_pct) + ' % of the world total.');
    if (prev && r.total_change_pct !== undefined && r.total_change_pct !== null) {
      notes.push('Total: ' + factSheet(r.total_change_pct, true) + ' % from ' + prev.from + '–' + prev.to + '. Previous rank and change are against that period.');
    }
    notes.push(provenance(r));
    return notes;
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
      const res = await Promise.all(ps.map((p, i) => api('rank/' + side, rq(i))));
      // Tables: the newest period first, where an analyst starts reading.
      const box = document.getElementById('rank-tables');
      box.replaceChildren();
      for (let i = res.length - 1; i >= 0; i--) {
        const r = res[i];
        const div = el('div', { class: 'card' });
        box.append(div);
        const label = ps[i].from === ps[i].to ? String(ps[i].from) : ps[i].from + '–' + ps[i].to;
        dataTable(div, [
          { key: 'rank', label: 'Rank', num: true },
          { key: 'name', label: side === 'suppliers' ? 'Supplier' : 'Recipient', link: (x) => '/country/' + encodeURIComponent(x.name) },
          { key: 'tiv', label: 'TIV', num: true, decimals: r.estimated ? 1 : 0 },
          { key: 'share_pct', label: 'Share %', num: true, factSheet: true },
          { label: 'Previous rank', num: true, get: (x) => (x.previous ? x.previous.rank : null) },
          { label: 'Change %', num: true, factSheet: true, change: true, get: changeOf },
        ], r.rows, { notes: rankNotes(r, i > 0 ? ps[i - 1] : null), csv: '/api/v1/rank/' + side + '?' + qs(Object.assign({ format: 'csv' }, rq(i))) });
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
      const conc = await api('concentration', { recipient: d.name, years: d.years, 'period-length': len });
      document.getElementById('country-title').textContent = conc.recipient.name;
      stackedSuppliers('chart-country-suppliers', conc);
      concentrationTable(document.getElementById('country-concentration'), conc, '/api/v1/concentration?' + qs({ recipient: d.name, years: d.years, 'period-length': len, format: 'csv' }));
      any = true;
    } catch (e) {
      document.getElementById('country-concentration').replaceChildren(el('p', { class: 'error' }, e.message));
    }
    try {
      const r = await api('rank/recipients', { supplier: d.name, years: d.years, limit: 15 });
      dataTable(document.getElementById('country-recipients'), [
        { key: 'rank', label: 'Rank', num: true },
        { key: 'name', label: 'Recipient', link: (x) => '/dyad?' + qs({ supplier: d.name, recipient: x.name, years: d.years }) },
        { key: 'tiv', label: 'TIV', num: true, decimals: 0 },
        { key: 'share_pct', label: 'Share %', num: true, factSheet: true },
      ], r.rows, { notes: [r.total_tiv ? 'Shares of the ' + r.share_of + ' (' + fmt(r.total_tiv, 0) + ').' : 'No exports recorded.', provenance(r)],
        csv: '/api/v1/rank/recipients?' + qs({ supplier: d.name, years: d.years, limit: 15, format: 'csv' }) });
      any = true;
    } catch (e) {
      document.getElementById('country-recipients').replaceChildren(el('p', { class: 'error' }, e.message));
    }
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
      const r = await api('events', params);
      const cols = [
        { key: 'date', label: 'Date', get: (x) => x.date + (x.uncertain ? '?' : '') },
        { key: 'kind', label: 'Kind' },
        { key: 'title', label: 'Title' },
        { label: 'Parties', get: (x) => (x.parties || []).join(', ') },
        { label: 'Source', get: (x) => ((x.sources || [])[0] || {}).publisher || '', link: (x) => firstSource(x) },
        { label: 'Tags', get: (x) => (x.tags || []).join(', ') },
      ];
      const table = dataTable(document.getElementById('events-table'), cols, r.rows, { id: 'events-list', notes: [r.count + ' events.'],
        csv: '/api/v1/events?' + qs(Object.assign({ format: 'csv' }, params)) });
      if (editor) addEditButtons(table, r.rows);
      status('events-status', '');
    } catch (e) {
      status('events-status', e.message, true);
    }
    if (editor) eventEditor();
  }

  function addEditButtons(table, rows) {
    // Rows keep their event in a map by id, whatever the sort order.
    const byID = Object.fromEntries(rows.map((r) => [r.id, r]));
    table.querySelector('thead tr').append(el('th', {}, ''));
    const decorate = () => {
      for (const tr of table.querySelectorAll('tbody tr')) {
        if (tr.dataset.decorated) continue;
        tr.dataset.decorated = '1';
        const ev = rows.find((r) => r.date + (r.uncertain ? '?' : '') === tr.cells[0].textContent && r.title === tr.cells[2].textContent);
        if (!ev) continue;
        tr.append(el('td', {},
          el('button', { class: 'small', type: 'button', onclick: () => fillEditor(byID[ev.id]) }, 'Edit'), ' ',
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
