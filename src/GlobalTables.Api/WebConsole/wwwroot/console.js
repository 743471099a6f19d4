// The web console: a thin page over the front door's /_admin endpoints and its live stream, /console/events.
// Every value shown is set as text (textContent), never as markup: item values and table names are user data.
'use strict';

(() => {
  const FeedEntriesMax = 200;
  const $ = (selector) => document.querySelector(selector);

  function element(tag, text, field) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (field) e.dataset.field = field;
    return e;
  }

  function number(value, digits) {
    return value === undefined || value === null ? '' : Number(value).toFixed(digits);
  }

  function setText(row, field, text) {
    const e = row.querySelector(`[data-field="${field}"]`);
    const value = text === undefined || text === null ? '' : String(text);
    if (e.textContent !== value) e.textContent = value;
  }

  function time(at) {
    return new Date(at).toISOString().slice(11, 23);
  }

  // A key of the lost-update log: {partitionKey: {S: "x"}, sortKey: {...}} shown as its values.
  function keyText(key) {
    const values = [key.partitionKey, key.sortKey].filter((v) => v !== undefined).map((v) => JSON.stringify(Object.values(v)[0]));
    return values.join(' ');
  }

  // Regions: one row each, kept across updates so that a latency being typed is not lost.
  const regionRows = new Map();

  function regionRow(name) {
    const row = document.createElement('tr');
    row.dataset.region = name;
    row.append(element('th', name, 'name'), element('td', '', 'state'), element('td', '', 'endpoint'),
      element('td', '', 'rto'), element('td', '', 'rpo'));
    row.querySelector('[data-field="name"]').scope = 'row';
    const faults = element('td', null, 'faults');
    const box = element('div');
    box.className = 'faults';
    for (const action of ['fail', 'recover', 'isolate', 'heal']) {
      const button = element('button', action[0].toUpperCase() + action.slice(1));
      button.type = 'button';
      button.dataset.action = action;
      button.addEventListener('click', () => act(name, action));
      box.append(button);
    }
    const ms = element('input', null, 'latency-ms');
    ms.type = 'number';
    ms.min = '0';
    ms.placeholder = 'ms';
    ms.setAttribute('aria-label', `Added latency from ${name}, in ms`);
    const latency = element('button', 'Latency');
    latency.type = 'button';
    latency.dataset.action = 'latency';
    latency.addEventListener('click', () => {
      if (ms.value === '' || !(Number(ms.value) >= 0)) {
        showResult(`Latency for ${name} needs a number of ms, 0 or more`);
        ms.focus();
        return;
      }
      act(name, 'latency', `?ms=${encodeURIComponent(ms.value)}`);
    });
    box.append(ms, latency);
    faults.append(box);
    row.append(faults);
    return row;
  }

  function showResult(text) {
    $('#action-result').textContent = text;
  }

  async function act(region, action, query = '') {
    const row = regionRows.get(region);
    row.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    showResult(`${action} ${region}…`);
    try {
      const response = await fetch(`/_admin/regions/${encodeURIComponent(region)}/${action}${query}`, { method: 'POST' });
      const body = await response.text();
      if (!response.ok) {
        showResult(`${action} ${region} refused: ${body}`);
        return;
      }
      // The state column follows with the next status.
      showResult(`${action} ${region}: done`);
    } catch (e) {
      showResult(`${action} ${region} failed: ${e.message}`);
    } finally {
      row.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    }
  }

  function renderRegions(regions) {
    const body = $('#regions tbody');
    for (const r of regions) {
      let row = regionRows.get(r.name);
      if (!row) {
        row = regionRow(r.name);
        regionRows.set(r.name, row);
        body.append(row);
      }
      row.dataset.state = r.state;
      setText(row, 'state', r.state);
      setText(row, 'endpoint', r.endpoint);
      // While failed, the time since it failed; once back, how long it was down.
      setText(row, 'rto', number(r.currentRtoMs ?? r.lastRtoMs, 0));
      setText(row, 'rpo', r.rpoWrites);
    }
  }

  function renderLinks(regions, links) {
    const states = new Map();
    for (const r of regions) {
      for (const l of r.links) states.set(`${r.name}|${l.to}|${l.table}`, l);
    }
    const rows = links.map((link) => {
      const state = states.get(`${link.source}|${link.destination}|${link.table}`);
      const row = document.createElement('tr');
      row.dataset.source = link.source;
      row.dataset.destination = link.destination;
      row.dataset.table = link.table;
      const stateCell = element('td', state ? state.state : '', 'state');
      if (state) stateCell.dataset.state = state.state;
      // A link that is down says why on hover: its last failure and the step that failed.
      if (state && state.downReason) stateCell.title = `${state.downReason}, since ${state.downSince}`;
      row.append(element('td', link.source, 'source'), element('td', link.destination, 'destination'), element('td', link.table, 'table'),
        stateCell, element('td', number(link.p50Ms, 1), 'p50'), element('td', number(link.p99Ms, 1), 'p99'),
        element('td', link.backlog, 'backlog'), element('td', link.pending, 'pending'), element('td', state ? number(state.latencyMs, 0) : '', 'latency'));
      for (const field of ['p50', 'p99', 'backlog', 'pending', 'latency']) row.querySelector(`[data-field="${field}"]`).className = 'number';
      return row;
    });
    $('#links tbody').replaceChildren(...rows);
  }

  function renderTables(tables) {
    const rows = tables.map((t) => {
      const row = document.createElement('tr');
      row.dataset.region = t.region;
      row.dataset.table = t.table;
      const replicas = element('ul');
      replicas.className = 'replicas';
      for (const r of t.replicas) {
        const item = element('li', `${r.region}: ${r.status}${r.percentProgress !== undefined ? ` ${r.percentProgress}%` : ''}`);
        item.dataset.replica = r.region;
        item.dataset.status = r.status;
        replicas.append(item);
      }
      if (t.replicas.length === 0) replicas.append(element('li', 'this region only'));
      const cell = element('td', null, 'replicas');
      cell.append(replicas);
      row.append(element('td', t.region, 'region'), element('td', t.table, 'table'), element('td', t.status, 'status'),
        element('td', t.sortKey ? `${t.partitionKey}, ${t.sortKey}` : t.partitionKey, 'key'), cell);
      return row;
    });
    $('#tables tbody').replaceChildren(...rows);
    tablesByRegion = new Map();
    for (const t of tables) {
      if (!tablesByRegion.has(t.region)) tablesByRegion.set(t.region, []);
      tablesByRegion.get(t.region).push(t.table);
    }
  }

  // Item browser choices, refreshed by each status without losing what is chosen.
  let tablesByRegion = new Map();

  function setOptions(select, values) {
    const current = [...select.options].map((o) => o.value);
    if (current.length === values.length && current.every((v, i) => v === values[i])) return;
    const chosen = select.value;
    select.replaceChildren(...values.map((v) => {
      const option = element('option', v);
      option.value = v;
      return option;
    }));
    if (values.includes(chosen)) select.value = chosen;
  }

  function renderChoices(regions) {
    setOptions($('#browse-region'), regions.map((r) => r.name));
    setOptions($('#browse-table'), tablesByRegion.get($('#browse-region').value) ?? []);
  }

  // The feed: newest first, at most FeedEntriesMax of each kind, so a stream of writes does not push lost updates out.
  function addToFeed(kind, text, data) {
    const feed = $('#feed');
    const item = element('li', text);
    item.dataset.kind = kind;
    Object.assign(item.dataset, data);
    feed.prepend(item);
    const ofKind = feed.querySelectorAll(`li[data-kind="${kind}"]`);
    for (let i = FeedEntriesMax; i < ofKind.length; i++) ofKind[i].remove();
  }

  function onWrite(w) {
    const how = w.outcome === 'local' ? 'wrote' : `applied from ${w.origin} (${w.outcome})`;
    addToFeed('write', `${time(w.at)} ${w.region} ${how} ${w.kind} ${w.table} ${w.key} ${w.version}`,
      { region: w.region, table: w.table, version: w.version });
  }

  function onLostUpdate(l) {
    addToFeed('lost-update',
      `${time(l.detectedAt)} LOST UPDATE ${l.table} ${keyText(l.key)}: ${l.loser.region} ${l.loser.version} lost to ${l.winner.region} ${l.winner.version} (detected in ${l.detectedIn})`,
      { table: l.table, loser: l.loser.version, winner: l.winner.version });
  }

  function connect() {
    const connection = $('#connection');
    const events = new EventSource('/console/events');
    events.addEventListener('open', () => {
      connection.dataset.state = 'live';
      connection.textContent = 'live';
      // A new stream starts again with the recent writes and the whole lost-update log.
      $('#feed').replaceChildren();
    });
    events.addEventListener('error', () => {
      connection.dataset.state = 'reconnecting';
      connection.textContent = 'reconnecting';
    });
    events.addEventListener('status', (e) => {
      const status = JSON.parse(e.data);
      renderRegions(status.regions);
      renderLinks(status.regions, status.links);
      renderTables(status.tables);
      renderChoices(status.regions);
    });
    events.addEventListener('write', (e) => onWrite(JSON.parse(e.data)));
    events.addEventListener('lost-update', (e) => onLostUpdate(JSON.parse(e.data)));
  }

  async function browse(event) {
    event.preventDefault();
    const result = $('#items-result');
    const query = new URLSearchParams({ region: $('#browse-region').value, table: $('#browse-table').value, limit: $('#browse-limit').value });
    if ($('#browse-operation').value === 'Query') query.set('partitionKey', $('#browse-partition-key').value);
    result.textContent = 'reading…';
    try {
      const response = await fetch(`/_admin/items?${query}`);
      const body = await response.json();
      if (!response.ok) {
        result.textContent = `${(body.__type ?? 'Error').split('#').pop()}: ${body.message ?? body.Message ?? ''}`;
        $('#items tbody').replaceChildren();
        return;
      }
      const rows = body.items.map((i) => {
        const row = document.createElement('tr');
        row.dataset.key = JSON.stringify(i.key);
        const item = element('td', null, 'item');
        item.append(element('pre', JSON.stringify(i.item, null, 1)));
        row.append(element('td', JSON.stringify(i.key), 'key'), element('td', i.version, 'version'), element('td', i.context, 'context'),
          element('td', i.lineage, 'lineage'), item);
        for (const field of ['key', 'version', 'context', 'lineage']) row.querySelector(`[data-field="${field}"]`).className = 'mono';
        return row;
      });
      $('#items tbody').replaceChildren(...rows);
      result.textContent = `${body.operation} of ${body.table} in ${body.region}: ${body.items.length} item(s)${body.truncated ? ', more not shown' : ''}`;
    } catch (e) {
      result.textContent = `Reading failed: ${e.message}`;
    }
  }

  $('#browse-region').addEventListener('change', () => setOptions($('#browse-table'), tablesByRegion.get($('#browse-region').value) ?? []));
  $('#browse-operation').addEventListener('change', () => {
    $('#browse-partition-key').disabled = $('#browse-operation').value !== 'Query';
  });
  $('#item-browser').addEventListener('submit', browse);
  connect();
})();
