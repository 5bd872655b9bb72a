// The Terminal Tennis wire protocol, version 1, as docs/PROTOCOL.md writes it down: the parts a
// spectator needs (its hello, keyframes, lean snapshots joined to them, the score line). Written
// from the document alone, as a second implementation beside TennisProtocol.

export const VERSION = 1;
export const TICKS_PER_SECOND = 60;
/// Gravity in game time (9.81 m/s² at half speed), and how spin bends it ("Ball flight").
export const GRAVITY = 9.81 * 0.25;
export const TOPSPIN_DIP = 0.35;
export const BACKSPIN_FLOAT = 0.2;

export const STATUS = ['waiting', 'playing', 'paused', 'finished'];
export const PHASE = ['serving', 'rally', 'point_over', 'match_over'];
export const FORMAT = ['tiebreak', 'short', 'set', 'best-of-3'];
export const SHOT = [null, 'drive', 'lob', 'slice', 'drop', 'flat'];

export class ProtocolError extends Error {}

/// The first message: watch `code`, with a private match's invite if the link has one.
export function spectatorHello(code, name, invite) {
  const hello = { type: 'hello', version: VERSION, role: 'spectator', code, name };
  if (invite) hello.invite = invite;
  return JSON.stringify(hello);
}

/// Downward acceleration of a ball with `spin` (−1 backspin … 1 topspin).
export function gravity(spin) {
  return GRAVITY * (1 + (spin >= 0 ? TOPSPIN_DIP : BACKSPIN_FLOAT) * spin);
}

function pick(table, value, field) {
  if (value >= table.length || table[value] === undefined) throw new ProtocolError(`bad ${field} ${value}`);
  return table[value];
}

/// A keyframe (type 0x01): the whole state, little-endian fields at fixed offsets.
export function decodeKeyframe(bytes) {
  if (bytes.length < 60) throw new ProtocolError(`keyframe of ${bytes.length} bytes`);
  const d = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (d.getUint8(0) !== 0x01) throw new ProtocolError('not a keyframe');
  const flags = d.getUint8(23);
  if (flags & ~7) throw new ProtocolError('unknown flags');
  const lastHitter = d.getInt8(24), serveNumber = d.getUint8(26);
  if (lastHitter < -1 || lastHitter > 1) throw new ProtocolError('bad last_hitter');
  if (serveNumber !== 1 && serveNumber !== 2) throw new ProtocolError('bad serve_number');
  const cm = (at) => d.getInt16(at, true) / 100;
  const player = (at) => ({ x: cm(at), y: cm(at + 2), swing: pick(SHOT, d.getUint8(at + 4), 'swing'),
                            swingTicks: d.getUint8(at + 5) });
  const server = d.getUint8(52), winner = d.getInt8(53), spin = d.getInt8(58), setCount = d.getUint8(59);
  if (server > 1) throw new ProtocolError('bad server');
  if (winner < -1 || winner > 1) throw new ProtocolError('bad winner');
  if (spin === -128) throw new ProtocolError('bad ball_spin');
  if (setCount > 5) throw new ProtocolError('bad set_count');
  if (bytes.length !== 60 + 5 * setCount) throw new ProtocolError(`keyframe of ${bytes.length} bytes, ${setCount} sets`);
  const sets = [];
  for (let i = 0; i < setCount; i++) {
    const at = 60 + 5 * i, has = d.getUint8(at + 2), tb = [d.getUint8(at + 3), d.getUint8(at + 4)];
    if (has > 1 || (has === 0 && (tb[0] || tb[1]))) throw new ProtocolError('bad set tiebreak');
    sets.push({ games: [d.getUint8(at), d.getUint8(at + 1)], tiebreak: has ? tb : null });
  }
  return {
    tick: d.getUint32(1, true), time: Number(d.getBigUint64(5, true)),
    seq: [d.getUint32(13, true), d.getUint32(17, true)],
    status: pick(STATUS, d.getUint8(21), 'status'), phase: pick(PHASE, d.getUint8(22), 'phase'),
    tossing: (flags & 4) !== 0, serveNumber,
    ball: { x: cm(27), y: cm(29), z: cm(31), vx: cm(33), vy: cm(35), vz: cm(37), visible: (flags & 1) !== 0,
            lastHitter, bounces: d.getUint8(25), spin: spin / 127 },
    players: [player(39), player(45)],
    score: { format: pick(FORMAT, d.getUint8(51), 'format'), server, winner, points: [d.getUint8(54), d.getUint8(55)],
             games: [d.getUint8(56), d.getUint8(57)], inTiebreak: (flags & 2) !== 0, sets },
  };
}

/// Reads fields of any width, least significant bit first.
class BitReader {
  constructor(bytes) { this.bytes = bytes; this.bit = 0; }
  read(bits) {
    if (this.bit + bits > this.bytes.length * 8) throw new ProtocolError('lean snapshot too short');
    let value = 0;
    for (let i = 0; i < bits; i++, this.bit++) {
      if ((this.bytes[this.bit >> 3] >> (this.bit & 7)) & 1) value += 2 ** i;
    }
    return value;
  }
  signed(bits) {
    const raw = this.read(bits);
    return raw >= 2 ** (bits - 1) ? raw - 2 ** bits : raw;
  }
}

/// A lean snapshot's (type 0x02) fields, before they are joined to the newest snapshot.
export function decodeLean(bytes) {
  if (bytes.length !== 23) throw new ProtocolError(`lean snapshot of ${bytes.length} bytes`);
  const r = new BitReader(bytes);
  if (r.read(8) !== 0x02) throw new ProtocolError('not a lean snapshot');
  const f = { tick16: r.read(16), time32: r.read(32), status: pick(STATUS, r.read(2), 'status'),
              phase: pick(PHASE, r.read(2), 'phase'), visible: r.read(1) === 1, lastHitter: r.read(2) - 1,
              bounces: r.read(2), serveNumber: r.read(1) + 1 };
  if (f.lastHitter > 1) throw new ProtocolError('bad last_hitter');
  f.ball = { x: r.signed(13) / 100, y: r.signed(12) / 100, z: r.read(10) / 100 };
  const positions = [0, 1].map(() => ({ x: r.signed(12) / 50, y: r.signed(11) / 50 }));
  f.players = positions.map((p) => ({ ...p, swing: pick(SHOT, r.read(3), 'swing'), swingTicks: r.read(5) }));
  f.seq8 = [r.read(8), r.read(8)];
  f.tossing = r.read(1) === 1;
  const spin = r.signed(4);
  if (spin < -7) throw new ProtocolError('bad ball_spin');
  f.spin = spin / 7;
  return f;
}

/// The value whose low `bits` are `low` nearest to `reference`.
export function unwrap(low, bits, reference) {
  const span = 2 ** bits;
  const candidate = reference - (reference % span) + low;
  if (candidate > reference && candidate - reference > span / 2 && candidate >= span) return candidate - span;
  if (candidate < reference && reference - candidate > span / 2) return candidate + span;
  return candidate;
}

/// Joins lean snapshots to the newest snapshot (score and format from it, the ball's velocity
/// from the two positions) and counts the toss's age; keyframes pass as they are.
export class SnapshotStream {
  constructor() { this.last = null; }

  /// The snapshot in `bytes`, or null for a lean one before any keyframe.
  decode(bytes) {
    let snapshot;
    if (bytes[0] === 0x01) {
      snapshot = decodeKeyframe(bytes);
    } else if (bytes[0] === 0x02) {
      if (!this.last) { decodeLean(bytes); return null; }
      snapshot = join(decodeLean(bytes), this.last);
    } else {
      throw new ProtocolError(`unknown message type ${bytes[0]}`);
    }
    const before = this.last;
    snapshot.tossTicks = snapshot.tossing && before && before.tossing && snapshot.tick > before.tick
      ? before.tossTicks + snapshot.tick - before.tick : 0;
    this.last = snapshot;
    return snapshot;
  }
}

function join(f, base) {
  const tick = unwrap(f.tick16, 16, base.tick);
  const ball = { ...f.ball, vx: 0, vy: 0, vz: 0, visible: f.visible, lastHitter: f.lastHitter, bounces: f.bounces,
                 spin: f.spin };
  const ticks = tick - base.tick;
  if (f.visible && base.ball.visible && ticks >= 1 && ticks <= 6) {
    const seconds = ticks / TICKS_PER_SECOND, p = base.ball;
    ball.vx = (ball.x - p.x) / seconds;
    ball.vy = (ball.y - p.y) / seconds;
    ball.vz = (ball.z - p.z) / seconds - gravity(f.spin) * seconds / 2;
  }
  return { tick, time: unwrap(f.time32, 32, base.time),
           seq: [unwrap(f.seq8[0], 8, base.seq[0]), unwrap(f.seq8[1], 8, base.seq[1])],
           status: f.status, phase: f.phase, tossing: f.tossing, serveNumber: f.serveNumber, ball,
           players: f.players, score: base.score };
}

/// The points as called: 0 15 30 40, 40-40 at deuce, AD-40 / 40-AD, plain numbers in a tiebreak.
export function pointLabels(score) {
  const [a, b] = score.points;
  if (score.inTiebreak) return [String(a), String(b)];
  if (a >= 3 && b >= 3) return a === b ? ['40', '40'] : a > b ? ['AD', '40'] : ['40', 'AD'];
  const names = ['0', '15', '30', '40'];
  return [names[Math.min(a, 3)], names[Math.min(b, 3)]];
}

/// The one-line score of the listing (docs/PROTOCOL.md, "HTTP on the same port"), left first.
export function scoreText(score) {
  const parts = score.sets.map((set, i) => {
    const tb = (score.format === 'tiebreak' || (score.format === 'best-of-3' && i === 2)) && set.tiebreak;
    return tb ? `${tb[0]}-${tb[1]}` : `${set.games[0]}-${set.games[1]}`;
  });
  if (score.winner < 0) {
    const matchTiebreak = score.inTiebreak && score.format === 'best-of-3' && score.sets.length === 2;
    if (score.format !== 'tiebreak' && !matchTiebreak) parts.push(`${score.games[0]}-${score.games[1]}`);
    parts.push(pointLabels(score).join('-'));
  }
  return parts.join(' ');
}
