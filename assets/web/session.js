// The spectator's link to the server: hello first, follow a cluster's `moved`, measure the round
// trip, and when the link goes, say why and either stop (the match is gone) or try again with
// backoff (the server went away or is restarting).

const RETRY_FIRST = 1, RETRY_MOST = 30, SILENCE_LIMIT = 15, PING_EVERY = 2, MOST_REDIRECTS = 3;

/// What a close means for a spectator: stop with a sentence, or retry.
export function afterClose(code, reason, error) {
  if (error === 'not_found' || code === 4404) {
    return { final: 'No live match with this code here: it has finished and been closed, or never existed.' };
  }
  if (code === 4503 && reason === 'the host left') return { final: 'The host left the match.' };
  if (code === 4503 && reason === 'match closed') return { final: 'The match is over and was closed.' };
  if (code === 4503 && reason === 'directory_unavailable') return { retry: "The cluster's directory is down" };
  if (code === 4503) return { retry: 'The server is shutting down' };
  if (code === 4429) return { retry: `The server is busy (${error ?? 'too many connections'})`, slower: true };
  if (code >= 4400 && code < 4500) return { final: `The server refused this page (${error ?? code}${reason ? ': ' + reason : ''}).` };
  return { retry: 'Lost the server' };
}

export class Session {
  /// `home`: the ws:// or wss:// URL of the server the page came from; `hooks` hear what happens.
  constructor(home, hooks) {
    this.home = home;
    this.hooks = hooks;
    this.linkUp = false;
    this.attempt = 0;
    this.redirects = 0;
    this.finalText = null;
    this.retryAt = null;
    this.retryText = null;
  }

  start(url = this.home) {
    this.error = null;
    this.hooks.state('connecting');
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.linkUp = true;
      this.heard = performance.now() / 1000;
      ws.send(this.hooks.hello());
      this.hooks.open(url);
      this.timer = setInterval(() => this.tick(), PING_EVERY * 1000);
    };
    ws.onmessage = (m) => {
      this.heard = performance.now() / 1000;
      if (typeof m.data !== 'string') { this.hooks.binary(new Uint8Array(m.data)); return; }
      let message;
      try { message = JSON.parse(m.data); } catch { return; }
      if (message.type === 'welcome') { this.attempt = 0; this.redirects = 0; this.hooks.state('watching'); }
      if (message.type === 'pong') this.hooks.rtt(performance.now() / 1000 - message.client_time / 1e6);
      if (message.type === 'error' && message.code === 'moved') this.movedTo = message.message;
      else if (message.type === 'error') this.error = message.code;
      this.hooks.text(message);
    };
    ws.onclose = (event) => this.closed(ws, event.code, event.reason);
  }

  tick() {
    const t = performance.now() / 1000;
    if (t - this.heard > SILENCE_LIMIT) { this.ws.close(); return; }
    this.pings = (this.pings ?? 0) + 1;
    this.ws.send(JSON.stringify({ type: 'ping', id: this.pings, client_time: Math.round(t * 1e6) }));
  }

  closed(ws, code, reason) {
    if (ws !== this.ws) return;
    clearInterval(this.timer);
    this.linkUp = false;
    const moved = this.movedTo;
    this.movedTo = null;
    if (code === 4307 && moved && this.redirects < MOST_REDIRECTS) {
      // The match lives on another node of the cluster: the same hello goes there.
      this.redirects++;
      this.hooks.redirected(moved);
      this.start(moved);
      return;
    }
    const next = afterClose(code, reason, this.error);
    this.hooks.state(next.final ? 'ended' : 'retrying', { close: code });
    if (next.final) { this.finalText = next.final; return; }
    this.attempt++;
    const wait = Math.min(RETRY_MOST, RETRY_FIRST * 2 ** (this.attempt - 1) * (next.slower ? 5 : 1));
    this.retryText = next.retry;
    this.retryAt = performance.now() / 1000 + wait;
    // Back to the page's own server: in a cluster it sends us on again if the match moved.
    setTimeout(() => { this.retryAt = null; this.start(this.home); }, wait * 1000);
  }

  /// A sentence about the link when it is not simply up (null when it is).
  describe(t) {
    if (this.finalText) return this.finalText;
    if (this.retryAt !== null) {
      return `${this.retryText} — trying again in ${Math.max(1, Math.ceil(this.retryAt - t))} s (attempt ${this.attempt})`;
    }
    if (!this.linkUp) return this.attempt ? `Reconnecting (attempt ${this.attempt})…` : 'Connecting…';
    return null;
  }
}
