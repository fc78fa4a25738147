// The dashboard: plain JS, no build step. The API key lives in sessionStorage and travels only in the X-Api-Key
// header; live updates come from the server-sent event stream, read through fetch so that the header can be sent.
(() => {
  'use strict';

  const KEY_STORAGE = 'upgrade.controlplane.apiKey';
  const $ = (selector) => document.querySelector(selector);
  const state = { rolloutId: null, rollout: null, nodes: [], refreshTimer: null, stream: null };

  const apiKey = () => sessionStorage.getItem(KEY_STORAGE);

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { 'X-Api-Key': apiKey() ?? '', 'Accept': 'application/json', ...(options.headers ?? {}) },
    });
    if (response.status === 401) {
      signOut('The key was refused.');
      throw new Error('unauthorized');
    }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const message = body?.title ? `${body.title}${body.detail ? ' ' + body.detail : ''}` : `HTTP ${response.status}`;
      throw new Error(message);
    }
    return body;
  }

  const text = (value) => (value === null || value === undefined || value === '' ? '—' : String(value));
  const shortId = (id) => id.slice(0, 8);

  function cell(row, value, className) {
    const td = document.createElement('td');
    td.textContent = text(value);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function badge(row, status) {
    const td = document.createElement('td');
    const span = document.createElement('span');
    span.className = `badge s-${status}`;
    span.textContent = status;
    td.appendChild(span);
    row.appendChild(td);
  }

  // ---- sign in / out -------------------------------------------------------------------------------------------

  function signOut(message) {
    sessionStorage.removeItem(KEY_STORAGE);
    stopStream();
    show('sign-in');
    $('#sign-out').hidden = true;
    const error = $('#key-error');
    error.hidden = !message;
    error.textContent = message ?? '';
  }

  $('#key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('#key-input').value.trim());
    $('#key-input').value = '';
    try {
      await api('/api/v1/rollouts');
      start();
    } catch (error) {
      if (error.message !== 'unauthorized') signOut(error.message);
    }
  });

  $('#sign-out').addEventListener('click', () => signOut());

  function show(id) {
    for (const section of ['sign-in', 'overview', 'detail']) $('#' + section).hidden = section !== id;
  }

  // ---- views ---------------------------------------------------------------------------------------------------

  async function renderOverview() {
    const [rollouts, groups] = await Promise.all([api('/api/v1/rollouts'), api('/api/v1/rollout-groups')]);
    const body = $('#rollouts tbody');
    body.replaceChildren();
    for (const r of rollouts.slice().reverse()) {
      const row = document.createElement('tr');
      row.className = 'link';
      row.dataset.rolloutId = r.id;
      row.addEventListener('click', () => { location.hash = `#/rollouts/${r.id}`; });
      cell(row, shortId(r.id)).title = r.id;
      cell(row, r.chain_profile_id);
      cell(row, r.binary_name);
      cell(row, `${r.source_version} → ${r.target_version}`);
      cell(row, r.strategy);
      badge(row, r.status);
      cell(row, `${Math.round(r.progress * 100)} %`);
      cell(row, r.created_by);
      body.appendChild(row);
    }
    $('#no-rollouts').hidden = rollouts.length > 0;

    const groupBody = $('#groups tbody');
    groupBody.replaceChildren();
    for (const g of groups.slice().reverse()) {
      const row = document.createElement('tr');
      row.dataset.groupId = g.id;
      cell(row, shortId(g.id)).title = g.id;
      cell(row, g.chain_profile_id);
      cell(row, g.failure_policy);
      badge(row, g.status);
      cell(row, g.components.map((c) => `${c.binary_name} ${c.target_version}`).join(', '));
      cell(row, g.created_by);
      groupBody.appendChild(row);
    }
    $('#no-groups').hidden = groups.length > 0;
  }

  async function renderDetail() {
    const id = state.rolloutId;
    const [rollout, nodes] = await Promise.all([api(`/api/v1/rollouts/${id}`), api(`/api/v1/rollouts/${id}/nodes`)]);
    if (id !== state.rolloutId) return;
    state.rollout = rollout;
    state.nodes = nodes;

    $('#rollout-id').textContent = rollout.id;
    $('#rollout-binary').textContent = `${rollout.binary_name} ${rollout.source_version} → ${rollout.target_version} on ${rollout.chain_profile_id} (${rollout.strategy})`;
    const status = $('#rollout-status');
    status.textContent = rollout.status;
    status.className = `badge s-${rollout.status}`;
    $('#rollout-pause-reason').textContent = rollout.status === 'paused' && rollout.pause_reason !== 'none' ? `paused: ${rollout.pause_reason}` : '';

    const percent = Math.round(rollout.progress * 100);
    $('#progress-bar').style.width = `${percent}%`;
    $('.progress').setAttribute('aria-valuenow', String(percent));
    $('#progress-text').textContent = `${percent} % — ${rollout.succeeded_nodes} succeeded, ${rollout.failed_nodes} failed, ${rollout.pending_nodes} pending of ${rollout.total_nodes}; batch ${Math.min(rollout.current_batch + 1, rollout.batch_count || 1)} of ${rollout.batch_count || '?'}`;

    const allowed = {
      start: rollout.status === 'pending',
      pause: rollout.status === 'running',
      resume: rollout.status === 'paused' && rollout.pause_reason !== 'awaiting_canary_approval',
      'approve-canary': rollout.strategy === 'canary' && ['running', 'paused'].includes(rollout.status) && !rollout.canary_approved,
      cancel: ['pending', 'running', 'paused'].includes(rollout.status),
      rollback: ['running', 'paused', 'completed', 'failed'].includes(rollout.status),
    };
    for (const button of document.querySelectorAll('.actions button')) button.disabled = !allowed[button.dataset.signal];

    const container = $('#batches');
    container.replaceChildren();
    const batches = new Map();
    for (const node of nodes) {
      if (!batches.has(node.batch_index)) batches.set(node.batch_index, []);
      batches.get(node.batch_index).push(node);
    }
    for (const [index, batchNodes] of [...batches.entries()].sort((a, b) => a[0] - b[0])) {
      const heading = document.createElement('h3');
      heading.textContent = rollout.strategy === 'canary' && index === 0 ? `Batch ${index + 1} (canary)` : `Batch ${index + 1}`;
      container.appendChild(heading);
      const table = document.createElement('table');
      table.className = 'batch';
      table.dataset.batch = String(index);
      table.innerHTML = '<thead><tr><th>Node</th><th>Phase</th><th>Status</th><th>Version</th><th>Attempts</th><th>Error</th><th></th></tr></thead>';
      const body = document.createElement('tbody');
      for (const node of batchNodes) {
        const row = document.createElement('tr');
        row.dataset.nodeId = node.node_id;
        cell(row, node.node_id);
        cell(row, node.upgrade_phase, 'phase');
        badge(row, node.status);
        row.lastChild.classList.add('status');
        cell(row, node.version, 'version');
        cell(row, node.attempt_count);
        cell(row, node.error_message, 'err');
        const actions = document.createElement('td');
        if (node.status === 'failed') {
          const retry = document.createElement('button');
          retry.type = 'button';
          retry.textContent = 'Retry';
          retry.className = 'retry';
          retry.addEventListener('click', () => signal('retry', node.node_id));
          actions.appendChild(retry);
        }
        row.appendChild(actions);
        body.appendChild(row);
      }
      table.appendChild(body);
      container.appendChild(table);
    }
    if (nodes.length === 0) {
      container.innerHTML = '<p class="muted">No nodes assigned yet: targets are resolved when the rollout starts.</p>';
    }
  }

  async function signal(name, nodeId) {
    const id = state.rolloutId;
    const what = nodeId ? `retry node ${nodeId}` : name.replace('-', ' ');
    if (!window.confirm(`Really ${what} on rollout ${shortId(id)}?`)) return;
    const path = nodeId ? `/api/v1/rollouts/${id}/nodes/${encodeURIComponent(nodeId)}/retry` : `/api/v1/rollouts/${id}/${name}`;
    const error = $('#action-error');
    try {
      await api(path, { method: 'POST' });
      error.hidden = true;
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
    scheduleRefresh();
  }

  for (const button of document.querySelectorAll('.actions button')) {
    button.addEventListener('click', () => signal(button.dataset.signal));
  }

  function render() {
    const match = location.hash.match(/^#\/rollouts\/([0-9a-f-]{36})$/);
    state.rolloutId = match ? match[1] : null;
    show(state.rolloutId ? 'detail' : 'overview');
    return (state.rolloutId ? renderDetail() : renderOverview()).catch((e) => console.warn(e.message));
  }

  // Coalesces the refreshes that a burst of events asks for.
  function scheduleRefresh() {
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(() => { state.refreshTimer = null; render(); }, 150);
  }

  // ---- live events ---------------------------------------------------------------------------------------------

  function applyEvent(type, event) {
    if (state.rolloutId && event.rollout_id === state.rolloutId && event.node_id) {
      const row = document.querySelector(`tr[data-node-id="${CSS.escape(event.node_id)}"]`);
      if (row && event.upgrade_phase) row.querySelector('.phase').textContent = event.upgrade_phase;
    }
    if (type !== 'ready') scheduleRefresh();
  }

  function stopStream() {
    state.stream?.abort();
    state.stream = null;
    setLive(false);
  }

  function setLive(on) {
    const live = $('#live');
    live.className = `live ${on ? 'on' : 'off'}`;
    live.textContent = on ? 'live' : 'offline';
  }

  async function openStream() {
    stopStream();
    const controller = new AbortController();
    state.stream = controller;
    try {
      const response = await fetch('/api/v1/events', { headers: { 'X-Api-Key': apiKey() ?? '', 'Accept': 'text/event-stream' }, signal: controller.signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      setLive(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length) applyEvent(type, JSON.parse(data.join('\n')));
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
      console.warn('event stream:', e.message);
    }
    if (state.stream === controller) {
      // The stream ended (server restart): reconnect after a pause, then reread the state the events would have told.
      setLive(false);
      setTimeout(() => { if (state.stream === controller && apiKey()) { openStream(); render(); } }, 2000);
    }
  }

  function start() {
    $('#sign-out').hidden = false;
    render();
    openStream();
  }

  window.addEventListener('hashchange', render);
  if (apiKey()) start(); else signOut();
})();
