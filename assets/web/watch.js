// The watch page: one spectator WebSocket (docs/PROTOCOL.md), drawn at the display's frame rate.
// `window.tennisStats` tells a test (or a curious viewer) what the page sees.

import { SnapshotStream, spectatorHello, scoreText } from './protocol.js';
import { SnapshotBuffer } from './motion.js';
import { drawCourt, xtermRGB } from './court.js';
import { Session } from './session.js';

const $ = (id) => document.getElementById(id);
const code = decodeURIComponent(location.pathname.split('/').pop()).toUpperCase();
const invite = new URLSearchParams(location.search).get('invite');
const home = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
const stats = { fps: 0, snapshots: 0, keyframes: 0, snapshotRate: 0, ticksPerSnapshot: 0, state: 'connecting', score: '', status: '',
                connects: 0, redirects: 0, url: null, lastClose: null, error: null };
window.tennisStats = stats;

// Court colours by surface name, from the server's surfaces.json; hard's shade until it arrives.
const colours = { hard: xtermRGB(25) };
fetch('/web/surfaces.json').then((r) => r.json()).then((file) => {
  for (const s of file.surfaces) if (Number.isInteger(s.colour256)) colours[s.name] = xtermRGB(s.colour256);
}).catch(() => {});

let match = freshMatch();
function freshMatch() {
  return { stream: new SnapshotStream(), buffer: new SnapshotBuffer(), welcome: null, names: ['', ''], anonymous: [false, false], spectators: 0,
           away: [null, null], awaySaid: 0, rally: 0, callout: null, calloutUntil: 0, note: null, noteUntil: 0,
           bounce: null, mark: null, forfeitWinner: null, rtt: 0, chat: [] };
}
const now = () => performance.now() / 1000;
const name = (seat) => (seat === 0 || seat === 1) ? (match.names[seat] || (seat === 0 ? 'Left' : 'Right')) : '';

const session = new Session(home, {
  hello: () => spectatorHello(code, 'web', invite),
  open(url) { stats.connects++; stats.url = url; match.stream = new SnapshotStream(); },
  text(message) { onText(message); },
  binary(bytes) {
    let snapshot;
    try {
      snapshot = match.stream.decode(bytes);
    } catch (error) {
      stats.badMessages = (stats.badMessages ?? 0) + 1;  // a ProtocolError: this message is skipped
      return;
    }
    if (!snapshot) return;
    stats.snapshots++;
    if (bytes[0] === 0x01) stats.keyframes++;
    const t = now();
    arrivals.push(t);
    arrivalTicks.push(snapshot.tick);
    const n = within(arrivals, t, arrivalTicks);  // also while the tab is hidden and no frame trims it
    // Ticks per snapshot over the last second's: 1 when every tick comes, whatever the clocks.
    if (n > 1) stats.ticksPerSnapshot = (arrivalTicks[n - 1] - arrivalTicks[0]) / (n - 1);
    if (snapshot.phase === 'serving' && !snapshot.tossing) match.rally = 0;
    match.buffer.insert(snapshot, t);
  },
  state(state, detail) { stats.state = state; stats.lastClose = detail?.close ?? stats.lastClose; },
  redirected() { stats.redirects++; },
  rtt(seconds) { match.rtt = seconds; },
});

function onText(m) {
  const t = now();
  switch (m.type) {
    case 'welcome':
      if (match.welcome && match.welcome.code !== m.code) match = freshMatch();
      match.welcome = m;
      match.rally = m.tally?.rally_shots ?? 0;
      break;
    case 'roster':
      match.names = m.names;
      match.anonymous = m.anonymous ?? [false, false];
      match.spectators = m.spectators;
      match.away = m.reconnect_seconds ?? [null, null];
      match.awaySaid = t;
      break;
    case 'event': onEvent(m.event, t); break;
    case 'chat':
      match.chat.push(`${m.from}${m.seat === undefined ? ' (watching)' : ''}: ${m.text}`);
      match.chat = match.chat.slice(-8);
      break;
    case 'error': stats.error = m.code; break;
  }
}

const CALLS = { out: 'OUT', net: 'NET', ace: 'ACE', double_fault: 'DOUBLE FAULT', own_side: 'OWN SIDE' };
const TIMING = { perfect: (s) => `PERFECT ${s}!`, good: (s) => `good ${s}`, early: (s) => `early ${s}, pulled`,
                 late: (s) => `late ${s}, pushed` };

function onEvent(e, t) {
  let text = null;
  switch (e.kind) {
    case 'hit':
      match.rally++;
      match.note = `${name(e.player)}: ${(TIMING[e.timing] ?? ((s) => s))(e.shot ?? 'shot')}`;
      match.noteUntil = t + 1.5;
      break;
    case 'serve': match.mark = null; match.rally = 1; break;
    case 'bounce': match.bounce = { x: e.x, y: e.y }; break;
    case 'fault': match.mark = match.bounce; text = e.serve_number === 1 ? 'FAULT' : null; break;
    case 'let': text = 'LET'; break;
    case 'point': match.mark = match.bounce; text = CALLS[e.reason] ?? `POINT ${name(e.player)}`; break;
    case 'game': text = `GAME ${name(e.player)}`; break;
    case 'set': text = `SET ${name(e.player)}`; break;
    case 'match': text = `GAME, SET AND MATCH ${name(e.player)}`; break;
    case 'forfeit': match.forfeitWinner = e.player; text = `${name(e.player)} WINS BY FORFEIT`; break;
  }
  if (text === null) return;
  match.callout = text;
  match.calloutUntil = t + (e.kind === 'match' || e.kind === 'forfeit' ? 3600 : 1.6);
}

/// The line over the court when the match is not simply being played, or the link is down.
function banner(latest, t) {
  const link = session.describe(t);
  if (link && latest?.status !== 'finished') return link;
  if (!latest) return 'Waiting for the first snapshot…';
  switch (latest.status) {
    case 'waiting': return 'Waiting for an opponent to join';
    case 'paused': {
      const away = match.away.findIndex((s) => s !== null && s !== undefined);
      if (away < 0) return 'Paused: a player is reconnecting…';
      return `Waiting for ${name(away)} to reconnect (${Math.max(0, match.away[away] - Math.floor(t - match.awaySaid))} s)`;
    }
    case 'finished': {
      const winner = latest.score.winner >= 0 ? latest.score.winner : match.forfeitWinner;
      const score = scoreText(latest.score), how = match.forfeitWinner === null ? '' : ' by forfeit';
      const result = `Match over: ${winner === null ? 'nobody' : name(winner)} wins${how}${score ? ' ' + score : ''}`;
      return link ? `${result} · ${link}` : result;
    }
  }
  return '';
}

// Arrival times of the last second's snapshots, and (in step) their ticks.
const arrivals = [], arrivalTicks = [], frames = [];
const canvas = $('court'), ctx = canvas.getContext('2d');
function fit() {
  const ratio = window.devicePixelRatio || 1, width = Math.round(canvas.clientWidth * ratio);
  if (canvas.width !== width) { canvas.width = width; canvas.height = Math.round(width * 6.985 / 14.885); }
}
const show = (id, text) => { const el = $(id); if (el.textContent !== text) el.textContent = text; };
// Drops the times in `list` over a second before `t` (and as many from the front of `beside`); how many are left.
const within = (list, t, beside = []) => {
  while (list.length && list[0] < t - 1) { list.shift(); beside.shift(); }
  return list.length;
};

function frame() {
  const t = now();
  frames.push(t);
  stats.fps = within(frames, t);
  stats.snapshotRate = within(arrivals, t, arrivalTicks);
  fit();
  const latest = match.buffer.latest?.snapshot ?? null;
  const court = match.welcome?.court ?? { restitution: 0.75, horizontal_retention: 0.7 };
  const view = match.buffer.present(t, court, match.rtt, session.linkUp);
  drawCourt(ctx, view, { colour: colours[match.welcome?.surface] ?? colours.hard, names: match.names, mark: match.mark });
  let callout = t < match.calloutUntil ? match.callout : '';
  const s = latest?.score;
  if (!callout && latest?.phase === 'point_over' && s && !s.inTiebreak && s.points[0] >= 3 && s.points[0] === s.points[1]) {
    callout = 'DEUCE';
  }
  stats.score = s ? scoreText(s) : '';
  stats.status = latest?.status ?? '';
  show('score', stats.score);
  // A player without a key is marked: the match is not rated.
  const label = (seat) => name(seat) + (match.anonymous[seat] ? ' (anon)' : '');
  show('name0', `${s?.server === 0 && latest?.status === 'playing' ? '● ' : ''}${label(0)}`);
  show('name1', `${label(1)}${s?.server === 1 && latest?.status === 'playing' ? ' ●' : ''}`);
  show('callout', callout);
  show('banner', banner(latest, t));
  show('note', t < match.noteUntil ? match.note : '');
  show('rally', String(match.rally));
  show('spectators', String(match.spectators));
  show('details', match.welcome ? `${match.welcome.format} · ${match.welcome.surface}` : '');
  show('chat', match.chat.join('\n'));
  requestAnimationFrame(frame);
}

show('code', code);
document.title = `${code} · Terminal Tennis`;
session.start();
requestAnimationFrame(frame);
