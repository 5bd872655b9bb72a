// The lobby page: the server's live matches (GET /api/matches), each with its watch link,
// refreshed every few seconds.

const REFRESH_SECONDS = 5;
const body = document.querySelector('#matches tbody');
const status = document.getElementById('lobby-status');
const server = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
document.getElementById('join-hint').textContent = `tennis join CODE --server ${server}`;

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

async function refresh() {
  try {
    const answer = await fetch('/api/matches', { cache: 'no-store' });
    if (!answer.ok) throw new Error(`the server answered ${answer.status}`);
    const matches = await answer.json();
    body.replaceChildren();
    for (const m of matches) {
      const row = body.insertRow();
      cell(row, m.code);
      cell(row, m.state);
      cell(row, m.players.filter((p) => p).join(' vs ') || '–');
      cell(row, String(m.spectators));
      cell(row, m.score ?? '');
      const link = document.createElement('a');
      link.href = `/watch/${encodeURIComponent(m.code)}`;
      link.textContent = 'watch';
      row.insertCell().append(link);
    }
    status.textContent = matches.length ? `${matches.length} match${matches.length === 1 ? '' : 'es'}`
      : 'No live matches. Host one with: tennis host';
  } catch (error) {
    status.textContent = `Could not load the matches (${error.message}); trying again.`;
  }
  setTimeout(refresh, REFRESH_SECONDS * 1000);
}
refresh();
