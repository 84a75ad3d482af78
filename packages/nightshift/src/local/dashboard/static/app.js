// The nightshift dev dashboard: plain DOM, polls the JSON API once a second.
const $ = (id) => document.getElementById(id);
const open = new Set(); // ids of <details> the user expanded, kept across refreshes

const esc = (value) =>
  String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "—");
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
const ms = (n) => (n === undefined || n === null ? "" : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(2)} s`);
const status = (s) => `<span class="status status-${esc(s)}">${esc(s)}</span>`;

function logText(record) {
  const lines = [];
  for (const l of record.logs || []) {
    if (!l.json) {
      lines.push(l.text);
      continue;
    }
    const {
      time: _t,
      level,
      message,
      job: _j,
      executionId: _e,
      requestId: _r,
      messageId,
      attempt: _a,
      error,
      ...rest
    } = l.json;
    const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
    const id = typeof messageId === "string" ? `[${messageId.slice(0, 8)}] ` : "";
    const reason = error ? ` ${error.message ?? JSON.stringify(error)}` : "";
    lines.push(`${String(level || "log").padEnd(5)} ${id}${message ?? ""}${fields}${reason}`);
    if (error?.stack)
      lines.push(
        ...String(error.stack)
          .split("\n")
          .slice(1)
          .map((frame) => `      ${frame.trim()}`),
      );
  }
  if (record.error && record.status !== "partial") lines.push(record.error);
  return lines.join("\n") || "(no output)";
}

function details(id, summary, body) {
  return `<details data-id="${esc(id)}"${open.has(id) ? " open" : ""}><summary>${summary}</summary>${body}</details>`;
}

async function api(path, init) {
  const response = await fetch(path, init);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error?.message || `${response.status} ${response.statusText}`);
  return json;
}

let invocationsById = new Map();
let deadLetters = new Map(); // job name → messages in its DLQ (read without receiving them)

function renderDeadLetters(name, count) {
  const list = deadLetters.get(name) || [];
  if (!count) return "";
  const items = list
    .map(
      (m) =>
        `<li><code>${esc(m.messageId.slice(0, 8))}</code> <span class="meta">receive count ${m.receiveCount} · sent ${esc(time(m.sentAt))}${m.groupId ? ` · group ${esc(m.groupId)}` : ""}</span><pre>${esc(m.body)}</pre></li>`,
    )
    .join("");
  return details(`dlq-${name}`, `Dead letters of ${esc(name)} (${count})`, `<ul class="dead-letters">${items}</ul>`);
}

function renderCrons(crons) {
  if (!crons.length) return '<p class="empty">No crons: add a file under services/cron/.</p>';
  const rows = crons.map((c) => {
    const runs = invocationsById.size ? [...invocationsById.values()].filter((r) => r.job === c.name) : [];
    const runList = runs.length
      ? runs
          .slice(0, 10)
          .map(
            (r) =>
              `<div class="run">${details(`run-${r.id}`, `${status(r.status)} ${esc(time(r.startedAt))} · ${esc(r.trigger)}${r.attempt > 1 ? ` · attempt ${r.attempt}` : ""} · ${esc(ms(r.durationMs))}`, `<pre aria-label="Logs of ${esc(c.name)} at ${esc(time(r.startedAt))}">${esc(logText(r))}</pre>`)}</div>`,
          )
          .join("")
      : '<p class="empty">No runs yet.</p>';
    return `<tr data-cron="${esc(c.name)}">
      <td><strong>${esc(c.name)}</strong><div class="meta">${esc(c.file)}</div></td>
      <td><code>${esc(c.expression)}</code><div class="meta">${esc(c.description)}</div></td>
      <td>${c.enabled ? esc(when(c.nextRun)) : '<span class="meta">off in development</span>'}</td>
      <td>${c.lastRun ? `${status(c.lastRun.status)} <span class="meta">${esc(time(c.lastRun.startedAt))} · ${esc(ms(c.lastRun.durationMs))}</span>` : '<span class="meta">never</span>'}${c.deadLetter ? `<div class="dlq-count" data-cron-dlq="${esc(c.name)}">${c.deadLetter} failed run(s) in the DLQ</div>` : ""}</td>
      <td><button type="button" data-run="${esc(c.name)}" aria-label="Run ${esc(c.name)} now">Run now</button></td>
    </tr>
    <tr class="runs"><td colspan="5">${details(`cron-${c.name}`, `Recent runs of ${esc(c.name)} (${runs.length})`, runList)}${renderDeadLetters(c.name, c.deadLetter)}</td></tr>`;
  });
  return `<table><caption class="visually-hidden">Crons</caption><thead><tr><th scope="col">Cron</th><th scope="col">Schedule</th><th scope="col">Next run</th><th scope="col">Last run</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function renderQueues(queues) {
  if (!queues.length) return '<p class="empty">No queues: add services/queue/&lt;name&gt;.ts and its .handler.ts.</p>';
  const rows = queues.map(
    (q) => `<tr data-queue="${esc(q.name)}">
      <td><strong>${esc(q.name)}</strong>${q.fifo ? ' <span class="meta">FIFO</span>' : ""}<div class="meta">batch ${q.batchSize} · concurrency ${q.concurrency} · ${q.maxReceiveCount} receives then DLQ · visibility ${q.visibilityTimeoutSeconds} s</div></td>
      <td class="num" data-count="visible">${q.visible}</td>
      <td class="num" data-count="inFlight">${q.inFlight}</td>
      <td class="num" data-count="delayed">${q.delayed}</td>
      <td class="num" data-count="deadLetter"><span class="${q.deadLetter ? "dlq-count" : ""}">${q.deadLetter}</span></td>
      <td><div class="actions">
        <button type="button" data-redrive="${esc(q.name)}" aria-label="Redrive the dead-letter queue of ${esc(q.name)}"${q.deadLetter ? "" : " disabled"}>Redrive DLQ</button>
        <button type="button" data-purge="${esc(q.name)}" aria-label="Purge the dead-letter queue of ${esc(q.name)}"${q.deadLetter ? "" : " disabled"}>Purge DLQ</button>
      </div></td>
    </tr>${q.deadLetter ? `<tr class="runs"><td colspan="6">${renderDeadLetters(q.name, q.deadLetter)}</td></tr>` : ""}`,
  );
  return `<table><caption class="visually-hidden">Queues</caption><thead><tr><th scope="col">Queue</th><th scope="col">Visible</th><th scope="col">In flight</th><th scope="col">Delayed</th><th scope="col">DLQ</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function renderInvocations(list) {
  if (!list.length) return '<p class="empty">Nothing has run yet.</p>';
  return list
    .slice(0, 40)
    .map((r) => {
      const what =
        r.kind === "queue"
          ? `${r.messages?.length ?? 0} message(s)${r.messages?.some((m) => m.failed) ? `, ${r.messages.filter((m) => m.failed).length} failed` : ""}, receive ${r.attempt}`
          : `${r.trigger}${r.attempt > 1 ? `, attempt ${r.attempt}` : ""}`;
      return `<div class="run" data-invocation="${esc(r.id)}" data-job="${esc(r.job)}" data-status="${esc(r.status)}">${details(`inv-${r.id}`, `${status(r.status)} ${esc(time(r.startedAt))} · <strong>${esc(r.job)}</strong> <span class="meta">${esc(r.kind)} · ${esc(what)} · ${esc(ms(r.durationMs))}${r.coldStart ? " · cold start" : ""}</span>`, `<pre>${esc(logText(r))}</pre>`)}</div>`;
    })
    .join("");
}

function renderInbox(emails) {
  if (!emails.length) return '<p class="empty">No email yet.</p>';
  return emails
    .map((e) => {
      const files = e.attachments.length
        ? `<ul>${e.attachments.map((a, i) => `<li><a href="/api/inbox/${encodeURIComponent(e.id)}/attachments/${i}">${esc(a.filename)}</a> <span class="meta">${esc(a.contentType)} · ${a.size} bytes</span></li>`).join("")}</ul>`
        : "";
      return `<div class="run" data-email="${esc(e.id)}">${details(`mail-${e.id}`, `<strong>${esc(e.subject || "(no subject)")}</strong> <span class="meta">to ${esc(e.to.join(", "))} · ${esc(time(e.receivedAt))}${e.attachments.length ? ` · ${e.attachments.length} attachment(s)` : ""}</span>`, `<p class="meta">From ${esc(e.from)}</p><pre>${esc(e.text)}</pre>${files}`)}</div>`;
    })
    .join("");
}

function syncQueueSelect(queues) {
  const select = $("send-queue");
  const names = queues.map((q) => q.name);
  const current = [...select.options].map((o) => o.value);
  if (names.join() === current.join()) return;
  const chosen = select.value;
  select.innerHTML = names.map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join("");
  if (names.includes(chosen)) select.value = chosen;
}

// Re-render a region only when its content changed, so focus, selection and clicks survive refreshes.
const rendered = new Map();
function update(id, html) {
  if (rendered.get(id) === html) return;
  rendered.set(id, html);
  $(id).innerHTML = html;
}

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    const [state, invocations, inbox] = await Promise.all([
      api("/api/status"),
      api("/api/invocations?limit=100"),
      api("/api/inbox"),
    ]);
    invocationsById = new Map(invocations.map((r) => [r.id, r]));
    const withDeadLetters = [
      ...state.queues.filter((q) => q.deadLetter).map((q) => `queues/${encodeURIComponent(q.name)}`),
      ...state.crons.filter((c) => c.deadLetter).map((c) => `crons/${encodeURIComponent(c.name)}`),
    ];
    const lists = await Promise.all(withDeadLetters.map((path) => api(`/api/${path}/dead-letters`)));
    deadLetters = new Map(withDeadLetters.map((path, i) => [decodeURIComponent(path.split("/")[1]), lists[i]]));
    update("crons", renderCrons(state.crons));
    update("queues", renderQueues(state.queues));
    update("invocations", renderInvocations(invocations));
    update("inbox", renderInbox(inbox));
    syncQueueSelect(state.queues);
    $("connection").textContent = `Live · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    $("connection").textContent = `Disconnected: ${error.message}`;
  } finally {
    refreshing = false;
  }
}

document.addEventListener(
  "toggle",
  (event) => {
    const id = event.target?.dataset?.id;
    if (!id) return;
    if (event.target.open) open.add(id);
    else open.delete(id);
  },
  true,
);

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-run], button[data-redrive], button[data-purge]");
  if (!button) return;
  const { run, redrive, purge } = button.dataset;
  button.disabled = true;
  try {
    if (run) {
      open.add(`cron-${run}`);
      await api(`/api/crons/${encodeURIComponent(run)}/run`, { method: "POST" });
    } else if (redrive) {
      const result = await api(`/api/queues/${encodeURIComponent(redrive)}/redrive`, { method: "POST" });
      $("send-result").textContent = `Moved ${result.moved} message(s) from the DLQ back to ${redrive}.`;
    } else if (purge && confirm(`Delete every message in the dead-letter queue of ${purge}?`)) {
      await api(`/api/queues/${encodeURIComponent(purge)}/purge`, { method: "POST" });
    }
  } catch (error) {
    alert(error.message);
  } finally {
    button.disabled = false;
    refresh();
  }
});

$("send-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const queue = $("send-queue").value;
  const result = $("send-result");
  try {
    const body = JSON.parse($("send-body").value);
    const attributesText = $("send-attributes").value.trim();
    const attributes = attributesText ? JSON.parse(attributesText) : undefined;
    const sent = await api(`/api/queues/${encodeURIComponent(queue)}/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ body, ...(attributes ? { attributes } : {}) }),
    });
    result.textContent = `Sent message ${sent.messageId} to ${queue}.`;
  } catch (error) {
    result.textContent = `Not sent: ${error.message}`;
  }
  refresh();
});

api("/api/health")
  .then((h) => {
    $("smtp-url").textContent = h.smtpUrl || "SMTP_URL";
  })
  .catch(() => {});
refresh();
setInterval(refresh, 1000);
