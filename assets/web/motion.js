// What to draw between snapshots, as the terminal client draws for a spectator (TennisClient's
// SnapshotBuffer, SpectatorBall and ViewPresenter): the players and the ball a little in the
// past, at one moment between the two snapshots around it; the ball on the game's own flight,
// through the hits between the two.

import { TICKS_PER_SECOND, gravity } from './protocol.js';

const TICK = 1 / TICKS_PER_SECOND;
// The ball's flight (docs/PROTOCOL.md, "Ball flight").
const ROLL_THRESHOLD = 0.25, ROLL_FRICTION = 1.5, TAPE_BAND = 0.03, SPIN_AFTER_BOUNCE = 0.5;
const SPIN_KICK = 0.14, SPIN_DAMP = 0.2, SPIN_RUN = 0.14, SPIN_BITE = 0.3, MAX_RESTITUTION = 0.92, MAX_RETENTION = 0.95;
const HALF_SINGLES = 8.23 / 2, HALF_DOUBLES = 10.97 / 2, NET_CENTRE = 0.914, NET_POST = 1.07;
const NET_HALF_SPAN = HALF_DOUBLES + 0.914, SINGLES_STICK = HALF_SINGLES + 0.914;

export function netHeight(y) {
  return NET_CENTRE + (NET_POST - NET_CENTRE) * Math.min(Math.abs(y), SINGLES_STICK) / SINGLES_STICK;
}

function fly(b, t) {
  const g = gravity(b.spin);
  b.x += b.vx * t;
  b.y += b.vy * t;
  b.z = Math.max(0, b.z + b.vz * t - 0.5 * g * t * t);
  b.vz -= g * t;
}

function bounce(b, court) {
  b.z = 0;
  const topspin = b.spin >= 0;
  const up = -b.vz * Math.min(MAX_RESTITUTION, court.restitution * (1 + (topspin ? SPIN_KICK : SPIN_DAMP) * b.spin));
  b.vz = up < ROLL_THRESHOLD ? 0 : up;
  const keep = Math.min(MAX_RETENTION, court.horizontal_retention * (1 + (topspin ? SPIN_RUN : SPIN_BITE) * b.spin));
  b.vx *= keep;
  b.vy *= keep;
  b.spin *= SPIN_AFTER_BOUNCE;
}

function net(b) {
  const direction = b.vx > 0 ? 1 : -1;
  const clearance = b.z - netHeight(b.y);
  if (Math.abs(b.y) > NET_HALF_SPAN || clearance >= 0) {
    b.x = direction * 1e-9;
  } else if (clearance >= -TAPE_BAND) {
    b.x = direction * 1e-9;
    b.z = netHeight(b.y);
    b.vx *= 0.45;
    b.vy *= 0.45;
    b.vz = Math.abs(b.vz) * 0.3 + 0.4;
  } else {
    b.x = -direction * 0.05;
    b.vx *= -0.1;
    b.vy *= 0.3;
    b.vz = Math.min(b.vz, 0) * 0.3;
  }
}

/// One step of the ball's flight: exact parabolas, the net and the ground met when they are reached.
export function stepBall(b, dt, court) {
  let remaining = dt;
  for (let events = 0; remaining > 0 && events < 4; events++) {
    if (b.z <= 0 && b.vz === 0) {
      b.x += b.vx * remaining;
      b.y += b.vy * remaining;
      const keep = Math.max(0, 1 - ROLL_FRICTION * remaining);
      b.vx *= keep;
      b.vy *= keep;
      return;
    }
    const g = gravity(b.spin);
    const tGround = (b.vz + Math.sqrt(b.vz * b.vz + 2 * g * b.z)) / g;
    const tNet = b.x !== 0 && b.vx !== 0 && (b.x > 0) !== (b.vx > 0) ? -b.x / b.vx : Infinity;
    const tEvent = Math.min(tGround, tNet);
    if (tEvent > remaining) { fly(b, remaining); return; }
    fly(b, tEvent);
    remaining -= tEvent;
    if (tNet <= tGround) net(b); else bounce(b, court);
  }
}

/// The ball `seconds` after `snapshot` (at most 15 ticks ahead), in a rally only.
export function extrapolateBall(snapshot, seconds, court) {
  const ball = { ...snapshot.ball };
  if (!ball.visible || snapshot.phase !== 'rally' || seconds <= 0) return ball;
  const steps = Math.min(15, Math.round(seconds * TICKS_PER_SECOND));
  for (let i = 0; i < steps; i++) stepBall(ball, TICK, court);
  return ball;
}

/// The most ticks between two snapshots the ball's flight is run through (more is a gap).
const MAX_SPAN = 15;

/// Whether the ball follows its flight: in a rally, after the point, or tossed for a serve.
function flies(s) { return s.phase === 'rally' || s.phase === 'point_over' || (s.phase === 'serving' && s.tossing); }

const lerp = (a, b, u) => ({ x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u, z: a.z + (b.z - a.z) * u });
const distance = (a, b) => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);

/// Where `ball` was `ticks` ticks earlier, with nothing met on the way: its parabola run back.
function backwards(ball, ticks) {
  const t = -ticks * TICK, g = gravity(ball.spin);
  return { x: ball.x + ball.vx * t, y: ball.y + ball.vy * t, z: Math.max(0, ball.z + ball.vz * t - 0.5 * g * t * t) };
}

/// The ball's positions from `ball` on, tick by tick: `at(ticks)`, fractions stepped on from the tick before.
function flight(ball, ticks, court) {
  const balls = [{ ...ball }];
  for (let i = 0; i < ticks; i++) { const next = { ...balls[i] }; stepBall(next, TICK, court); balls.push(next); }
  return (t) => {
    const whole = Math.min(Math.max(Math.floor(t), 0), balls.length - 1), fraction = t - whole;
    if (fraction <= 1e-9 || whole + 1 >= balls.length) return balls[whole];
    const moving = { ...balls[whole] };
    stepBall(moving, TICK * fraction, court);
    return moving;
  };
}

/// The ball `ticks` ticks after snapshot `a` on the way to `b` (TennisClient's SpectatorBall):
/// `a`'s flight run on and `b`'s run back meet at the hit between them, if any; the ball is
/// drawn on the first up to there and on the second after.
export function ballBetween(a, b, ticks, court) {
  const span = b.tick - a.tick;
  const drawn = (p) => ({ ...b.ball, x: p.x, y: p.y, z: p.z });
  if (span <= 0 || !a.ball.visible || !b.ball.visible) return { ...b.ball };
  const t = Math.min(Math.max(ticks, 0), span), u = t / span;
  if (!flies(a) || !flies(b) || span > MAX_SPAN) return drawn(lerp(a.ball, b.ball, u));
  const forward = flight(a.ball, span, court);
  const hit = b.ball.lastHitter !== a.ball.lastHitter || b.ball.bounces < a.ball.bounces
    || (a.phase === 'serving' && b.phase !== 'serving');
  if (!hit) return drawn(forward(t));
  if (b.ball.bounces !== 0) {
    // Hit, then bounced: the earlier flight, bent towards the later snapshot evenly over the span.
    const end = forward(span), here = forward(t);
    return drawn({ x: here.x + (b.ball.x - end.x) * u, y: here.y + (b.ball.y - end.y) * u,
                   z: Math.max(0, here.z + (b.ball.z - end.z) * u) });
  }
  let hitTick = span, closest = Infinity;
  for (let k = 0; k <= span; k++) {
    const gap = distance(forward(k), backwards(b.ball, span - k));
    if (gap < closest) { closest = gap; hitTick = k; }
  }
  return drawn(t < hitTick ? forward(t) : backwards(b.ball, span - t));
}

/// Recent snapshots with their arrival times (seconds); the delay adapts to what arrives: the
/// spacing between snapshots in play (a busy server may send 30, 20, 15 or 12 a second) plus the jitter.
export class SnapshotBuffer {
  constructor(capacity = 32) { this.entries = []; this.jitter = 0; this.spacing = TICK; this.capacity = capacity; }

  get latest() { return this.entries.length ? this.entries[this.entries.length - 1] : null; }
  get delay() { return Math.max(TICK, this.spacing) + 2 * this.jitter; }

  insert(snapshot, arrived) {
    const last = this.latest;
    if (last) {
      if (snapshot.tick < last.snapshot.tick) { this.entries = []; }
      else if (snapshot.tick === last.snapshot.tick) { this.entries[this.entries.length - 1] = { snapshot, arrived }; return; }
      else if (last.snapshot.status === 'playing' && snapshot.status === 'playing') {
        // Out of play the server sends a keyframe a second: that silence is not jitter.
        // The whole gap's deviation from the ticks it covers (a snapshot 10 ms late at 12 Hz is
        // as late as at 60 Hz).
        const gap = arrived - last.arrived;
        this.jitter += (Math.abs(gap - (snapshot.tick - last.snapshot.tick) * TICK) - this.jitter) * 0.1;
        this.spacing += (gap - this.spacing) * 0.1;
      }
    }
    this.entries.push({ snapshot, arrived });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /// Where `now - delay` falls: { before }, { a, b, fraction } (by arrival) or { after, seconds }.
  moment(now) {
    const target = now - this.delay, entries = this.entries;
    const after = entries.findIndex((e) => e.arrived >= target);
    if (after < 0) { const last = entries[entries.length - 1]; return { after: last.snapshot, seconds: target - last.arrived }; }
    if (after === 0) return { before: entries[0].snapshot };
    const a = entries[after - 1], b = entries[after];
    const span = b.arrived - a.arrived;
    return { a: a.snapshot, b: b.snapshot, fraction: span > 0 ? (target - a.arrived) / span : 1 };
  }

  /// Player `index` as of `now - delay`; a jump (a new point's positions) is not smeared.
  position(index, now) {
    const m = this.moment(now);
    if (!m.a) return (m.before ?? m.after).players[index];
    const pa = m.a.players[index], pb = m.b.players[index];
    if (Math.abs(pa.x - pb.x) + Math.abs(pa.y - pb.y) > 2) return pb;
    return { ...pb, x: pa.x + (pb.x - pa.x) * m.fraction, y: pa.y + (pb.y - pa.y) * m.fraction };
  }

  /// The ball as of `now - delay`, the moment the players are drawn at: between two snapshots
  /// through their hits (`ballBetween`); past the newest (a late stream) run on from it.
  ball(now, court) {
    const m = this.moment(now);
    if (m.before) return { ...m.before.ball };
    if (m.after) return extrapolateBall(m.after, Math.min(0.25, Math.max(0, m.seconds)), court);
    return ballBetween(m.a, m.b, Math.min(Math.max(m.fraction, 0), 1) * (m.b.tick - m.a.tick), court);
  }

  /// What to draw at `now`: the newest snapshot, with the players and (while the link is up and
  /// the match is in play) the ball as of the same moment a little in the past.
  present(now, court, rttSeconds, linkUp) {
    const latest = this.latest;
    if (!latest) return null;
    const view = { ...latest.snapshot, players: [this.position(0, now), this.position(1, now)] };
    if (linkUp && latest.snapshot.status === 'playing') view.ball = this.ball(now, court);
    return view;
  }
}
