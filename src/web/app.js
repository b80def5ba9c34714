// expansim serve: the Run button, the animated replay and the Gantt of one case. The page is
// complete without this script; it only asks the server for runs and draws what comes back.
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('expansim-data').textContent);
  const msg = (k) => data.messages[k] || k;
  // Chinese text takes a full-width colon.
  const colon = data.lang === 'zh' ? '：' : ': ';
  const $ = (s) => document.querySelector(s);
  const SVG = 'http://www.w3.org/2000/svg';
  const STORE = 'expansim-settings';
  const CLASS_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9'];
  const KIND_COLOURS = { staffed: '#0072b2', handoff: '#e69f00', external: '#999999' };

  const inputs = () => Array.from(document.querySelectorAll('input[data-path]'));
  // A press while a run is under way runs the settings as they are once it ends, so the
  // figures shown last are those of the last settings asked for.
  let running = false;
  let again = false;
  // Whether a setting changed since the run under way was asked for.
  let edited = false;
  function request() {
    const values = {};
    for (const i of inputs()) if (!i.disabled) values[i.dataset.path] = Number(i.value);
    return {
      variant: $('#variant').value,
      replications: Number($('#replications').value),
      values,
      lang: data.lang,
    };
  }
  // Every value that is not a number (an empty box; `abc`, which a number box reads as
  // empty), said at once and naming the setting: nothing runs on a value not typed.
  function problems() {
    const out = [];
    const check = (i, whole) => {
      const label = i.closest('label');
      const span = label && label.querySelector('span');
      const name = span ? span.textContent : i.dataset.path || i.id;
      const v = i.value.trim();
      if (v === '' || i.validity.badInput || !Number.isFinite(Number(v))) {
        out.push(msg('{setting}: enter a number').replace('{setting}', name));
      } else if (whole && !Number.isInteger(Number(v))) {
        out.push(msg('{setting}: enter a whole number').replace('{setting}', name));
      }
    };
    for (const i of inputs()) if (!i.disabled) check(i, i.step === '1');
    check($('#replications'), true);
    return out;
  }
  // Figures on screen that no longer match the settings are marked as such.
  function stale(on) {
    const shown = Number(document.body.dataset.runs || 0) > 0;
    document.body.classList.toggle('stale', on && shown);
    $('#stale').hidden = !(on && shown);
  }
  function mark() {
    for (const i of [...inputs(), $('#replications')]) {
      i.classList.toggle('changed', Number(i.value) !== Number(i.dataset.default));
    }
  }
  // The values the chosen variant runs (what a value left alone means); a setting the
  // variant does not have (a stage it merged away) is hidden and not sent. Values changed
  // by hand stay.
  function showVariant() {
    const shown = data.controls[$('#variant').value] || data.controls[''];
    const by = new Map(shown.map((c) => [c.path, c]));
    for (const i of inputs()) {
      const c = by.get(i.dataset.path);
      const row = i.closest('label');
      i.disabled = !c;
      row.style.display = c ? '' : 'none';
      if (!c) continue;
      const mine = Number(i.value) !== Number(i.dataset.default);
      i.dataset.default = c.value;
      if (!mine) i.value = c.value;
      i.min = c.min;
      i.max = c.max;
      const unit = row.querySelector('.unit');
      if (unit) unit.textContent = c.unit;
    }
  }
  // Settings survive a switch of language; whether their figures were shown, too (they are
  // then run again, in the new language: the same numbers, common random numbers).
  function restore() {
    let r = null;
    try { r = JSON.parse(sessionStorage.getItem(STORE)); } catch (_) { r = null; }
    if (!r || typeof r.values !== 'object' || r.values === null) return false;
    $('#variant').value = r.variant || '';
    showVariant();
    $('#replications').value = r.replications;
    for (const i of inputs()) if (i.dataset.path in r.values) i.value = r.values[i.dataset.path];
    return r.shown === true;
  }
  // Settings survive a reload too.
  const keep = (shown = false) => {
    const values = {};
    for (const i of inputs()) if (!i.disabled) values[i.dataset.path] = i.value;
    const kept = { variant: $('#variant').value, replications: $('#replications').value, values, shown };
    sessionStorage.setItem(STORE, JSON.stringify(kept));
  };
  const shownBefore = restore();
  mark();
  $('#variant').addEventListener('change', () => {
    showVariant();
    mark();
    stale(true);
    edited = true;
    keep();
  });
  // Figures of the settings as they are on the page: kept over a switch of language.
  let current = false;
  document.querySelectorAll('#lang a').forEach((a) => a.addEventListener('click', () => keep((current && !edited) || running)));
  $('#settings').addEventListener('input', () => {
    mark();
    stale(true);
    edited = true;
    keep();
  });
  // Back to the process as written (after a class's exercise), kept over a reload as well.
  $('#reset').addEventListener('click', () => {
    $('#variant').value = '';
    for (const i of inputs()) i.value = i.dataset.default;
    showVariant();
    for (const i of inputs()) i.value = i.dataset.default;
    $('#replications').value = $('#replications').dataset.default;
    $('#error').hidden = true;
    mark();
    stale(true);
    edited = true;
    keep();
  });

  async function post(url, body) {
    // The language also in the address: a refusal before the body is read is in it too.
    let r;
    try {
      r = await fetch(url + '?lang=' + encodeURIComponent(data.lang), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (_) {
      // The browser's own words ("Failed to fetch") are in its language, not the page's.
      throw new Error(msg('the server cannot be reached: it may have stopped; start expansim serve again and reload the page'));
    }
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch (_) { json = null; }
    if (!r.ok) throw new Error(json && json.error ? json.error : text || r.statusText);
    return json;
  }
  function showError(e) {
    const p = $('#error');
    p.textContent = msg('An error') + colon + e.message;
    p.hidden = false;
    // Under the Run button at the foot of a panel that scrolls on its own: brought into
    // sight, or a class would see nothing happen.
    p.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  $('#settings').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (running) {
      again = true;
      return;
    }
    const bad = problems();
    if (bad.length) {
      showError(new Error(bad.join(data.lang === 'zh' ? '；' : '; ')));
      stale(true);
      return;
    }
    const req = request();
    $('#error').hidden = true;
    running = true;
    edited = false;
    $('#status').textContent = msg('Running…');
    const t0 = performance.now();
    try {
      const a = await post('/api/run', req);
      $('#headline').innerHTML = a.headline;
      $('#results').innerHTML = a.report;
      $('#map').innerHTML = a.map;
      $('#command').textContent = a.command;
      const took = ((performance.now() - t0) / 1000).toFixed(2);
      $('#status').textContent = msg('done in {seconds} s').replace('{seconds}', took);
      // Warnings (an unstable pool, cases not finished) stand out beside the figures.
      const warnings = $('#warnings');
      warnings.replaceChildren(...a.warnings.map((w) => {
        const p = document.createElement('p');
        p.className = 'warn';
        p.textContent = w;
        return p;
      }));
      document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
      stale(again || edited);
      current = !(again || edited);
      keep(current);
      // A replay that fails leaves the figures, which are those of these settings.
      try { await loadReplay(req); } catch (e) { showError(e); }
    } catch (e) {
      showError(e);
      $('#status').textContent = '';
      $('#warnings').replaceChildren();
      stale(true);
    } finally {
      running = false;
      if (again) {
        again = false;
        $('#settings').requestSubmit();
      }
    }
  });

  // The figures shown before a switch of language, shown again in this one.
  if (shownBefore) $('#settings').requestSubmit();

  // ---- which inputs matter ----------------------------------------------------------
  $('#sensitivity').addEventListener('click', async () => {
    const button = $('#sensitivity');
    const status = $('#sensitivity-status');
    const bad = problems();
    if (bad.length) {
      status.textContent = msg('An error') + colon + bad.join(data.lang === 'zh' ? '；' : '; ');
      return;
    }
    button.disabled = true;
    status.textContent = msg('Running…');
    const t0 = performance.now();
    try {
      const a = await post('/api/sensitivity', request());
      $('#tornado').innerHTML = a.html;
      status.textContent = msg('done in {seconds} s').replace('{seconds}', ((performance.now() - t0) / 1000).toFixed(1));
    } catch (e) {
      status.textContent = msg('An error') + colon + e.message;
    } finally {
      button.disabled = false;
    }
  });

  // ---- the replay -------------------------------------------------------------------
  let replay = null;
  let now = 0;
  let playing = false;
  let lastFrame = 0;
  const tracks = [];

  async function loadReplay(req) {
    replay = await post('/api/replay', Object.assign({}, req, { weeks: 8 }));
    now = replay.from;
    tracks.length = 0;
    replay.tracks.forEach((t, i) => tracks.push(setupTrack(t, document.getElementById('anim-' + i))));
    legend();
    timeline();
    cases();
    draw();
  }

  // What the dots' colours mean.
  function legend() {
    const box = $('#replay-legend');
    box.replaceChildren(...replay.classes.map((name, i) => {
      const item = document.createElement('span');
      const dot = document.createElement('i');
      dot.style.background = CLASS_COLOURS[i % CLASS_COLOURS.length];
      item.append(dot, name);
      return item;
    }));
  }

  function setupTrack(t, figure) {
    const caption = figure.querySelector('figcaption');
    figure.innerHTML = '';
    figure.appendChild(caption);
    if (!caption.dataset.name) caption.dataset.name = caption.textContent;
    const holder = document.createElement('div');
    holder.innerHTML = t.map.svg;
    const svg = holder.querySelector('svg');
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    figure.appendChild(svg);
    const overlay = document.createElementNS(SVG, 'g');
    svg.appendChild(overlay);
    // Each case's activities in order.
    const byCase = new Map();
    for (const a of t.activities) {
      if (!byCase.has(a[0])) byCase.set(a[0], []);
      byCase.get(a[0]).push(a);
    }
    for (const list of byCase.values()) list.sort((x, y) => x[3] - y[3]);
    const bars = t.map.stages.map((p) => {
      if (!p) return null;
      const g = document.createElementNS(SVG, 'g');
      const r = document.createElementNS(SVG, 'rect');
      r.setAttribute('fill', '#d55e00');
      r.setAttribute('width', '16');
      const n = document.createElementNS(SVG, 'text');
      n.setAttribute('font-size', '22');
      n.setAttribute('text-anchor', 'end');
      g.append(r, n);
      overlay.appendChild(g);
      return { r, n, x: p[0] - p[2] / 2 - 20, y: p[1] + p[3] / 2 };
    });
    return { t, svg, overlay, byCase, bars, dots: new Map() };
  }

  function dateAt(time) {
    const d = new Date(replay.start_date + 'T00:00:00Z');
    return new Date(d.getTime() + time * replay.minutes * 60000);
  }

  function clock() {
    const d = dateAt(now);
    const locale = data.lang === 'zh' ? 'zh-CN' : 'en-GB';
    const day = d.toLocaleDateString(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    const weekday = d.toLocaleDateString(locale, { timeZone: 'UTC', weekday: 'short' });
    const time = d.toLocaleTimeString(locale, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' });
    $('#clock').textContent = `${day} ${weekday} ${time}`;
    $('#clock').dataset.time = String(now);
  }

  function timeline() {
    const svg = $('#timeline');
    svg.innerHTML = '';
    const x = (time) => 1000 * (time - replay.from) / (replay.to - replay.from);
    const perDay = 1440 / replay.minutes;
    for (const d of replay.closed_days) {
      const r = document.createElementNS(SVG, 'rect');
      r.setAttribute('x', Math.max(0, x(d * perDay)).toFixed(1));
      r.setAttribute('width', (x((d + 1) * perDay) - x(d * perDay)).toFixed(1));
      r.setAttribute('y', '0');
      r.setAttribute('height', '28');
      r.setAttribute('fill', '#dddddd');
      svg.appendChild(r);
    }
    const cursor = document.createElementNS(SVG, 'rect');
    cursor.setAttribute('id', 'cursor');
    cursor.setAttribute('width', '3');
    cursor.setAttribute('height', '28');
    cursor.setAttribute('fill', '#b00020');
    svg.appendChild(cursor);
    svg.onclick = (ev) => {
      const box = svg.getBoundingClientRect();
      now = replay.from + (replay.to - replay.from) * (ev.clientX - box.left) / box.width;
      draw();
    };
  }

  // Where each case is at `now`: queueing before a stage, or in it.
  function drawTrack(tr) {
    const waiting = new Array(tr.t.map.stages.length).fill(0);
    const inside = new Array(tr.t.map.stages.length).fill(0);
    const seen = new Set();
    let open = 0;
    let done = 0;
    for (const [c, list] of tr.byCase) {
      if (list[0][3] > now) continue;
      if (now >= list[list.length - 1][5]) done += 1; else open += 1;
      let a = null;
      for (const x of list) {
        if (x[3] <= now) a = x; else break;
      }
      if (!a || (now >= a[5] && a === list[list.length - 1])) continue;
      const s = a[2];
      const p = tr.t.map.stages[s];
      if (!p) continue;
      if (now < a[4]) {
        waiting[s] += 1;
        continue;
      }
      const k = inside[s]++;
      if (k >= 40) continue;
      seen.add(c);
      // Dots sit in rows under the stage's box, clear of its name.
      const cols = Math.max(1, Math.floor(p[2] / 14));
      const cx = p[0] - p[2] / 2 + 8 + 14 * (k % cols);
      const cy = p[1] + p[3] / 2 + 9 + 14 * Math.floor(k / cols);
      let dot = tr.dots.get(c);
      if (!dot) {
        dot = document.createElementNS(SVG, 'circle');
        dot.setAttribute('class', 'case');
        dot.setAttribute('r', '6');
        dot.setAttribute('fill', CLASS_COLOURS[a[1] % CLASS_COLOURS.length]);
        const start = tr.t.map.start || [cx, cy];
        dot.setAttribute('cx', start[0]);
        dot.setAttribute('cy', start[1]);
        tr.overlay.appendChild(dot);
        tr.dots.set(c, dot);
        dot.getBoundingClientRect();
      }
      dot.setAttribute('cx', cx.toFixed(1));
      dot.setAttribute('cy', cy.toFixed(1));
    }
    for (const [c, dot] of tr.dots) {
      if (!seen.has(c)) {
        dot.remove();
        tr.dots.delete(c);
      }
    }
    const caption = tr.svg.parentNode.querySelector('figcaption');
    caption.textContent = caption.dataset.name + msg(': {open} in process, {done} finished')
      .replace('{open}', String(open)).replace('{done}', String(done));
    tr.bars.forEach((b, s) => {
      if (!b) return;
      const h = Math.min(160, 4 * waiting[s]);
      b.r.setAttribute('x', b.x.toFixed(1));
      b.r.setAttribute('y', (b.y - h).toFixed(1));
      b.r.setAttribute('height', h.toFixed(1));
      b.n.setAttribute('x', (b.x + 16).toFixed(1));
      b.n.setAttribute('y', (b.y - h - 4).toFixed(1));
      b.n.textContent = waiting[s] ? String(waiting[s]) : '';
      b.r.dataset.waiting = String(waiting[s]);
    });
  }

  function draw() {
    if (!replay) return;
    clock();
    const c = document.getElementById('cursor');
    if (c) c.setAttribute('x', (1000 * (now - replay.from) / (replay.to - replay.from) - 1.5).toFixed(1));
    tracks.forEach(drawTrack);
  }

  function frame(ts) {
    if (!playing) return;
    const dt = lastFrame ? Math.min(0.1, (ts - lastFrame) / 1000) : 0;
    lastFrame = ts;
    now += dt * Number($('#speed').value) * 1440 / replay.minutes;
    if (now >= replay.to) {
      now = replay.to;
      setPlaying(false);
    }
    draw();
    requestAnimationFrame(frame);
  }

  function setPlaying(on) {
    playing = on;
    $('#play').textContent = msg(on ? 'Pause' : 'Play');
    lastFrame = 0;
    if (on) requestAnimationFrame(frame);
  }

  $('#play').addEventListener('click', async () => {
    if (!replay) {
      try { await loadReplay(request()); } catch (e) { showError(e); return; }
    }
    if (now >= replay.to) now = replay.from;
    setPlaying(!playing);
  });

  // ---- the Gantt of one case ----------------------------------------------------------
  function cases() {
    const sel = $('#case');
    sel.innerHTML = '';
    const tr = replay.tracks[replay.tracks.length - 1];
    const days = 1440 / replay.minutes;
    tr.cases.filter((c) => c[3] >= 0).slice(0, 400).forEach((c) => {
      const o = document.createElement('option');
      o.value = String(c[0]);
      o.textContent = `#${c[0]} ${replay.classes[c[1]] || ''} · ${msg('lead time')} ${((c[3] - c[2]) / days).toFixed(1)} ${msg('day')}`;
      sel.appendChild(o);
    });
    sel.onchange = gantt;
    gantt();
  }

  function gantt() {
    const box = $('#gantt');
    box.innerHTML = '';
    const id = Number($('#case').value);
    if (Number.isNaN(id)) return;
    const rows = [];
    replay.tracks.forEach((t, ti) => {
      const acts = t.activities.filter((a) => a[0] === id).sort((x, y) => x[3] - y[3]);
      acts.forEach((a) => rows.push({ ti, label: t.labels[a[2]], kind: t.kinds[a[2]], a }));
      rows.push(null);
    });
    const all = rows.filter(Boolean);
    if (!all.length) return;
    const t0 = Math.min(...all.map((r) => r.a[3]));
    const t1 = Math.max(...all.map((r) => r.a[5]));
    const perDay = 1440 / replay.minutes;
    const d0 = Math.floor(t0 / perDay);
    const d1 = Math.ceil(t1 / perDay);
    const left = 190, right = 980, rowH = 16;
    const x = (time) => left + (right - left) * (time - d0 * perDay) / Math.max(1e-9, (d1 - d0) * perDay);
    const height = 30 + rowH * rows.length;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 1000 ${height}`);
    svg.setAttribute('width', '1000');
    const add = (name, attrs, text) => {
      const e = document.createElementNS(SVG, name);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    };
    const closed = new Set(replay.closed_days);
    const step = Math.max(1, Math.ceil((d1 - d0) / 20));
    for (let d = d0; d < d1; d++) {
      if (closed.has(d)) add('rect', { x: x(d * perDay), y: 14, width: x((d + 1) * perDay) - x(d * perDay), height: height - 14, fill: '#eeeeee' });
      if ((d - d0) % step === 0) {
        const date = dateAt(d * perDay).toISOString().slice(5, 10);
        add('text', { x: x(d * perDay), y: 10, 'font-size': 10 }, date);
      }
    }
    rows.forEach((r, i) => {
      const y = 18 + rowH * i;
      if (!r) return;
      if (i === 0 || rows[i - 1] === null) {
        const t = replay.tracks[r.ti];
        add('text', { x: 4, y: y + 11, 'font-size': 11, 'font-weight': 600 }, t.name === 'changed' ? msg('Changed settings') : t.name === 'current' && data.lang === 'zh' ? msg('the current process') : t.name);
      }
      add('text', { x: left - 6, y: y + 11, 'font-size': 11, 'text-anchor': 'end' }, r.label);
      const [, , , enabled, start, end] = r.a;
      if (start > enabled) {
        add('rect', { x: x(enabled), y: y + 3, width: Math.max(1, x(start) - x(enabled)), height: rowH - 6, fill: '#f4b183' })
          .appendChild(document.createElementNS(SVG, 'title')).textContent = msg('waiting');
      }
      add('rect', { x: x(start), y: y + 1, width: Math.max(1.5, x(end) - x(start)), height: rowH - 2, fill: KIND_COLOURS[r.kind] || '#555' })
        .appendChild(document.createElementNS(SVG, 'title')).textContent =
          `${r.label}: ${((end - start) / perDay).toFixed(2)} ${msg('day')}`;
    });
    box.appendChild(svg);
    const legend = document.createElement('div');
    legend.className = 'legend';
    legend.innerHTML = [['#f4b183', msg('waiting')], [KIND_COLOURS.staffed, msg('hands-on work')],
      [KIND_COLOURS.handoff, msg('hand-off')], [KIND_COLOURS.external, msg('customer')]]
      .map(([c, n]) => `<span><i style="background:${c}"></i>${n}</span>`).join('');
    box.appendChild(legend);
  }
})();
