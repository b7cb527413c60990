// The eventwire console: plain JavaScript, no framework, nothing loaded from elsewhere. Every text
// from the service goes into the page as text (textContent), never as markup.
'use strict';
(function () {
  const base = location.pathname.replace(/\/+$/, '');
  const state = { overview: null, tab: 'deadLetters', page: 0, filter: {}, letter: null, confirm: null, lagShown: new Set() };
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (name === 'onclick') node.addEventListener('click', value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : String(child ?? '')));
    return node;
  }

  function csrfHeaders() {
    // Spring Security's cookie token repository (CookieCsrfTokenRepository) hands the token over so.
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return match ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {};
  }

  async function call(method, path, body) {
    const response = await fetch(base + '/' + path, {
      method,
      credentials: 'same-origin',
      headers: Object.assign({ Accept: 'application/json' }, body ? { 'Content-Type': 'application/json' } : {}, csrfHeaders()),
      body: body ? JSON.stringify(body) : undefined
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (ignored) { json = null; }
    if (!response.ok) {
      const reason = (json && (json.error || json.message)) || text || response.statusText;
      const error = new Error(explain(response.status, reason));
      error.status = response.status;
      throw error;
    }
    return json;
  }

  function explain(status, reason) {
    const what = { 400: 'Not accepted', 403: 'Refused', 404: 'Not found', 405: 'Not allowed (no write access)', 409: 'Not now' }[status] || ('Failed (' + status + ')');
    return what + ': ' + reason;
  }

  function show(message, ok) {
    const box = $('message');
    box.textContent = message;
    box.className = ok ? 'ok' : '';
    box.hidden = !message;
  }

  const read = (path) => call('GET', path);
  const act = (action, body) => call('POST', action, body);

  function when(instant) {
    if (!instant) return '';
    const date = new Date(instant);
    return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') + ' (' + age(date) + ' ago)';
  }

  function age(date) {
    const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
    if (seconds < 120) return seconds + ' s';
    if (seconds < 7200) return Math.round(seconds / 60) + ' min';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' h';
    return Math.round(seconds / 86400) + ' d';
  }

  function rows(tbody, items, render, emptyText, columns) {
    tbody.replaceChildren();
    if (!items.length) tbody.append(el('tr', {}, el('td', { colspan: columns, class: 'empty' }, emptyText)));
    items.forEach((item) => tbody.append(render(item)));
  }

  const writable = () => state.overview && state.overview.writable;

  // Overview: service, access, counts on the tabs.
  async function loadOverview() {
    const overview = await read('overview');
    state.overview = overview;
    $('service').textContent = overview.service;
    $('instance').textContent = overview.instance;
    $('mode').textContent = (overview.writable ? 'read-write' : 'read-only') + ' · payloads ' + overview.payloads;
    setCount('deadLetters', overview.counts.deadLetters);
    setCount('parkedKeys', overview.counts.parkedKeys);
    setCount('outbox', overview.counts.outboxFailed);
    document.querySelectorAll('.write').forEach((node) => { node.hidden = !overview.writable; });
    if (!overview.writable) document.querySelectorAll('.write').forEach((node) => node.remove());
  }

  // Only what the service has: a service without the outbox or translators has no such tab.
  function showFeatures(features) {
    const has = { deadLetters: features.deadLetters, parkedKeys: features.deadLetters, consumers: features.consumers, outbox: features.outbox };
    document.querySelectorAll('#tabs button').forEach((button) => { button.hidden = !has[button.dataset.tab]; });
    if (!has[state.tab]) {
      const first = document.querySelector('#tabs button:not([hidden])');
      if (first) selectTab(first.dataset.tab, true);
    }
  }

  function setCount(tab, count) {
    const badge = $('count-' + tab);
    badge.textContent = (count === null || count === undefined) ? '–' : count;
    badge.classList.toggle('alert', count > 0);
  }

  // Dead letters.
  async function loadDeadLetters() {
    const query = new URLSearchParams(Object.assign({ page: state.page }, state.filter));
    const listing = await read('deadLetters?' + query);
    renderSummary(listing.summary);
    rows(document.querySelector('#dlq-list tbody'), listing.deadLetters, (letter) => el('tr', {
      class: 'clickable', 'data-event-id': letter.eventId, onclick: () => openLetter(letter.eventId)
    }, el('td', {}, when(letter.failedAt)), el('td', {}, letter.originalTopic), el('td', {}, letter.type),
    el('td', {}, letter.key ?? ''), el('td', { class: 'exception', title: letter.exceptionMessage },
      letter.exceptionClass + ': ' + letter.exceptionMessage), el('td', {}, letter.attempts)), 'No pending dead letters', 6);
    const pages = Math.max(1, Math.ceil(listing.total / listing.size));
    $('dlq-page').textContent = 'page ' + (listing.page + 1) + ' of ' + pages + ' · ' + listing.total + ' matching';
    $('dlq-prev').disabled = listing.page === 0;
    $('dlq-next').disabled = listing.page + 1 >= pages;
    const all = $('replay-all');
    if (all) all.disabled = listing.summary.count === 0;
  }

  function renderSummary(summary) {
    const card = (title, groups) => el('div', { class: 'card' }, el('h3', {}, title), el('table', {}, el('tbody', {},
      groups.length ? groups.map((group) => el('tr', {}, el('td', {}, group.name), el('td', {}, group.count),
        el('td', { title: 'oldest' }, group.oldest ? age(new Date(group.oldest)) : '')))
        : el('tr', {}, el('td', { class: 'empty' }, 'none')))));
    $('dlq-summary').replaceChildren(
      el('div', { class: 'card' }, el('h3', {}, 'Pending'), el('div', { class: 'big', id: 'dlq-count' }, summary.count)),
      card('By topic', summary.byOriginalTopic), card('By type', summary.byType),
      card('By exception', summary.byExceptionClass));
  }

  async function openLetter(eventId) {
    show('');
    let detail;
    try {
      detail = await read('deadLetter?eventId=' + encodeURIComponent(eventId));
    } catch (error) {
      show(error.message);
      return;
    }
    state.letter = detail;
    const letter = detail.deadLetter;
    $('letter-id').textContent = letter.eventId;
    const facts = [['Topic', letter.originalTopic], ['Type', letter.type], ['Key', letter.key ?? ''],
      ['Consumer group', letter.consumerGroup], ['Correlation id', letter.correlationId],
      ['Original event id', letter.originalEventId], ['Failed', when(letter.failedAt)], ['Attempts', letter.attempts],
      ['Exception', letter.exceptionClass + ': ' + letter.exceptionMessage]];
    $('letter-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
    $('letter-payload').textContent = detail.payload ?? (detail.hasPayload ? 'Hidden (eventwire.console.payloads=' + state.overview.payloads + ')' : 'No payload');
    // The stack trace has a section of its own.
    rows(document.querySelector('#letter-headers tbody'), Object.entries(detail.headers).filter(([name]) => name !== 'exc_stacktrace'),
      ([name, value]) => el('tr', {}, el('th', {}, name), el('td', {}, value)), 'No headers', 2);
    $('letter-stack').textContent = detail.stackTrace ?? 'No stack trace recorded';
    $('letter-edit').hidden = true;
    $('letter-result').hidden = true;
    const editable = state.overview.payloads === 'full' && detail.payload !== null;
    const correct = $('letter-correct');
    if (correct) correct.hidden = !editable;
    const corrected = $('letter-replay-corrected');
    if (corrected) corrected.hidden = true;
    const reason = $('letter-reason');
    if (reason) reason.value = '';
    $('letter').showModal();
  }

  function result(title, body) {
    $('letter-result-title').textContent = title;
    $('letter-result-body').textContent = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
    $('letter-result').hidden = false;
  }

  async function replayLetter(dryRun, payload) {
    const eventId = state.letter.deadLetter.eventId;
    try {
      const replay = await act('replay', Object.assign({ eventId, dryRun }, payload !== undefined ? { payload } : {}));
      if (dryRun) {
        result('Dry run: a replay would publish this to ' + replay.topic, 'key: ' + (replay.key ?? '(none)') + '\n\nheaders:\n'
          + Object.entries(replay.headers).map(([name, value]) => '  ' + name + ': ' + value).join('\n')
          + '\n\npayload:\n' + (replay.payload ?? '(hidden)'));
      } else {
        $('letter').close();
        show('Replayed ' + eventId + ' through ' + replay.topic + (payload !== undefined ? ', with the corrected payload' : ''), true);
        refresh();
      }
    } catch (error) {
      result('Not replayed', error.message);
    }
  }

  function startCorrection() {
    $('letter-corrected').value = state.letter.payload ?? '';
    $('letter-edit').hidden = false;
    $('letter-replay-corrected').hidden = false;
    $('letter-corrected').focus();
  }

  function correctedPayload() {
    const text = $('letter-corrected').value;
    const error = $('letter-json-error');
    try {
      JSON.parse(text);
      error.hidden = true;
      return text;
    } catch (invalid) {
      error.textContent = 'Not JSON: ' + invalid.message;
      error.hidden = false;
      return undefined;
    }
  }

  async function discardLetter() {
    const eventId = state.letter.deadLetter.eventId;
    const reason = $('letter-reason').value.trim();
    if (!reason) {
      result('Not discarded', 'Say why it is discarded: the reason goes to the audit log.');
      $('letter-reason').focus();
      return;
    }
    try {
      await act('discard', { eventId, reason });
      $('letter').close();
      show('Discarded ' + eventId + ' (' + reason + ')', true);
      refresh();
    } catch (error) {
      result('Not discarded', error.message);
    }
  }

  // A confirmation: what it does, in words and numbers; optional inputs.
  function confirm(text, options, onYes) {
    $('confirm-text').textContent = text;
    $('confirm-extra').hidden = !options.from;
    $('confirm-from').value = '';
    $('confirm-reason-row').hidden = !options.reason;
    $('confirm-reason').value = '';
    state.confirm = onYes;
    $('confirm').showModal();
  }

  async function confirmed() {
    const onYes = state.confirm;
    const from = $('confirm-from').value.trim();
    const reason = $('confirm-reason').value.trim();
    if (!$('confirm-reason-row').hidden && !reason) {
      $('confirm-reason').focus();
      return;
    }
    $('confirm').close();
    try {
      show(await onYes({ from, reason }), true);
    } catch (error) {
      show(error.message);
    }
    refresh();
  }

  function replayAll() {
    const count = Number($('dlq-count').textContent);
    confirm('Replay all ' + count + ' pending dead letters through the retry topic? Each key\'s in order.', {},
      async () => { const replayed = await act('replayAll', { expected: count }); return 'Replayed ' + replayed.length + ' dead letters'; });
  }

  // Parked keys.
  async function loadParkedKeys() {
    const keys = await read('parkedKeys');
    rows(document.querySelector('#parked-list tbody'), keys, (key) => el('tr', { 'data-key': key.key },
      el('td', {}, key.consumerGroup), el('td', {}, key.topic), el('td', {}, key.key),
      el('td', {}, key.behind ? el('a', { href: '#', onclick: (event) => { event.preventDefault(); openLetter(key.behind); } }, key.behind) : key.mode,
        key.reason ? el('div', { class: 'hint' }, key.reason) : ''),
      el('td', {}, key.events), el('td', {}, when(key.since))), 'No parked keys', 6);
  }

  // Consumers.
  async function loadConsumers() {
    const listing = await read('consumers');
    $('lag-failure').hidden = !listing.lagFailure;
    $('lag-failure').textContent = listing.lagFailure ? 'Lag unknown: ' + listing.lagFailure : '';
    $('group-list').replaceChildren(...listing.groups.map((group) => renderGroup(group, listing.rewindable)));
    if (!listing.groups.length) $('group-list').append(el('p', { class: 'empty' }, 'No consumer groups'));
  }

  function renderGroup(group, rewindable) {
    const actions = el('div', { class: 'actions' });
    if (writable()) {
      const paused = group.pauseRequested;
      actions.append(el('button', { type: 'button', 'data-action': paused ? 'resume' : 'pause', onclick: () => changeGroup(paused ? 'resume' : 'pause', group.groupId) }, paused ? 'Resume' : 'Pause'));
      if (rewindable) {
        actions.append(el('button', { type: 'button', class: 'danger', 'data-action': 'rewind', onclick: () => confirm('Rewind consumer group ' + group.groupId
          + ' on every instance? Its consumers stop until its offsets moved; then it handles its events again from the time given (empty: the beginning): '
          + group.lag + ' events not handled yet now.', { from: true },
          async ({ from }) => { await act('rewind', { groupId: group.groupId, from: from || undefined }); return 'Rewound ' + group.groupId; }) }, 'Rewind…'));
      }
    }
    const rewind = group.rewind ? el('p', { class: 'reason' }, 'Rewind ' + group.rewind.number + ': ' + group.rewind.phase
      + ' from ' + group.rewind.from + (group.rewind.remaining >= 0 ? ', ' + group.rewind.remaining + ' to go' : '')
      + (group.rewind.reason ? ' (' + group.rewind.reason + ')' : '')) : '';
    const partitions = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Topic'), el('th', {}, 'Partition'),
      el('th', {}, 'Committed'), el('th', {}, 'End'), el('th', {}, 'Lag'))),
    el('tbody', {}, group.partitions.map((p) => el('tr', {}, el('td', {}, p.topic), el('td', {}, p.partition),
      el('td', {}, p.committed < 0 ? 'none' : p.committed), el('td', {}, p.end), el('td', {}, p.lag)))));
    return el('div', { class: 'group', 'data-group': group.groupId },
      el('header', {}, el('h2', {}, group.groupId), el('span', { class: 'badge state state-' + group.state }, group.state), actions),
      group.reason ? el('p', { class: 'reason' }, group.reason + (group.since ? ' — since ' + when(group.since) : '')) : '',
      el('p', { class: 'reason' }, 'Topics: ' + group.topics.join(', ') + ' · lag ' + group.lag + ' · in flight ' + group.inFlight + ' · queued ' + group.queued),
      rewind, lagDetails(group.groupId, partitions));
  }

  // Stays open across the refreshes that redraw the groups.
  function lagDetails(groupId, partitions) {
    const details = el('details', { open: state.lagShown.has(groupId) }, el('summary', {}, 'Lag per partition'), partitions);
    details.addEventListener('toggle', () => { if (details.open) state.lagShown.add(groupId); else state.lagShown.delete(groupId); });
    return details;
  }

  async function changeGroup(action, groupId) {
    try {
      await act(action, { groupId });
      show((action === 'pause' ? 'Paused ' : 'Resumed ') + groupId, true);
    } catch (error) {
      show(error.message);
    }
    refresh();
  }

  // Outbox.
  async function loadOutbox() {
    const outbox = await read('outbox');
    const backlog = outbox.backlog;
    $('outbox-summary').replaceChildren(
      el('div', { class: 'card' }, el('h3', {}, 'Pending'), el('div', { class: 'big', id: 'outbox-pending' }, backlog.pending)),
      el('div', { class: 'card' }, el('h3', {}, 'Oldest pending'), el('div', { class: 'big' }, backlog.oldestPending ? age(new Date(backlog.oldestPending)) : '–')),
      el('div', { class: 'card' }, el('h3', {}, 'Failed'), el('div', { class: 'big', id: 'outbox-failed-count' }, backlog.failed)));
    rows(document.querySelector('#outbox-failed tbody'), outbox.failed, (event) => el('tr', { 'data-outbox-id': event.id },
      el('td', {}, when(event.created)), el('td', {}, event.topic), el('td', {}, event.type), el('td', {}, event.key ?? ''),
      el('td', {}, event.attempts), el('td', { class: 'exception', title: event.reason }, event.reason),
      el('td', {}, writable() ? [
        el('button', { type: 'button', 'data-action': 'retry', onclick: () => confirm('Retry outbox event ' + event.eventId
          + ' (' + event.type + ' for ' + event.topic + ')? It is pending again and the relay sends it.', {},
          async () => { await act('retryOutbox', { id: event.id }); return 'Outbox event ' + event.eventId + ' is pending again'; }) }, 'Retry'),
        el('button', { type: 'button', class: 'danger', 'data-action': 'discard', onclick: () => confirm('Discard outbox event ' + event.eventId
          + '? It is deleted and never published.', { reason: true },
          async ({ reason }) => { await act('discardOutbox', { id: event.id, reason }); return 'Outbox event ' + event.eventId + ' discarded'; }) }, 'Discard')
      ] : '')), 'No failed events', 7);
  }

  const loaders = { deadLetters: loadDeadLetters, parkedKeys: loadParkedKeys, consumers: loadConsumers, outbox: loadOutbox };

  // The overview (counts on the tabs) and the tab's content are read side by side: a part of the
  // service that answers slowly (MongoDB out of reach) holds up only what needs it.
  async function refresh() {
    if (!state.overview) {
      try {
        await loadOverview();
        showFeatures(state.overview.features);
      } catch (error) {
        show(error.message);
        return;
      }
    } else {
      loadOverview().catch((error) => show(error.message));
    }
    try {
      await loaders[state.tab]();
    } catch (error) {
      show(error.message);
    }
  }

  function selectTab(tab, quiet) {
    state.tab = tab;
    document.querySelectorAll('#tabs button').forEach((button) => button.classList.toggle('active', button.dataset.tab === tab));
    document.querySelectorAll('.tab').forEach((section) => { section.hidden = section.id !== tab; });
    show('');
    if (!quiet) refresh();
  }

  document.querySelectorAll('#tabs button').forEach((button) => button.addEventListener('click', () => selectTab(button.dataset.tab)));
  $('refresh').addEventListener('click', refresh);
  $('dlq-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    state.filter = Object.fromEntries([...new FormData(event.target)].filter(([, value]) => value.trim() !== ''));
    state.page = 0;
    refresh();
  });
  $('dlq-clear').addEventListener('click', () => { $('dlq-filter').reset(); state.filter = {}; state.page = 0; refresh(); });
  $('dlq-prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); refresh(); });
  $('dlq-next').addEventListener('click', () => { state.page += 1; refresh(); });
  $('replay-all').addEventListener('click', replayAll);
  $('letter-dry-run').addEventListener('click', () => replayLetter(true));
  $('letter-replay').addEventListener('click', () => replayLetter(false));
  $('letter-correct').addEventListener('click', startCorrection);
  $('letter-replay-corrected').addEventListener('click', () => { const payload = correctedPayload(); if (payload !== undefined) replayLetter(false, payload); });
  $('letter-discard').addEventListener('click', discardLetter);
  $('confirm-no').addEventListener('click', () => $('confirm').close());
  $('confirm-yes').addEventListener('click', confirmed);

  refresh();
  // Kept current while no dialog is open.
  setInterval(() => { if (!document.querySelector('dialog[open]')) refresh(); }, 5000);
}());
