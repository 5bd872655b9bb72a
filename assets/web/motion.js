// What to draw between snapshots, as the terminal client does (TennisClient's SnapshotBuffer,
// BallExtrapolator and ViewPresenter): players a little in the past, interpolated between the
// snapshots around that moment; the ball advanced to now with the game's own ball flight.

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

  /// Player `index` as of `now - delay`; a jump (a new point's positions) is not smeared.
  position(index, now) {
    const target = now - this.delay, entries = this.entries;
    const after = entries.findIndex((e) => e.arrived >= target);
    if (after < 0) return entries[entries.length - 1].snapshot.players[index];
    if (after === 0) return entries[0].snapshot.players[index];
    const a = entries[after - 1], b = entries[after];
    const span = b.arrived - a.arrived, t = span > 0 ? (target - a.arrived) / span : 1;
    const pa = a.snapshot.players[index], pb = b.snapshot.players[index];
    if (Math.abs(pa.x - pb.x) + Math.abs(pa.y - pb.y) > 2) return pb;
    return { ...pb, x: pa.x + (pb.x - pa.x) * t, y: pa.y + (pb.y - pa.y) * t };
  }

  /// What to draw at `now`: the newest snapshot, players interpolated, the ball advanced to now
  /// (plus half the round trip) while the link is up and the match is in play.
  present(now, court, rttSeconds, linkUp) {
    const latest = this.latest;
    if (!latest) return null;
    const view = { ...latest.snapshot, players: [this.position(0, now), this.position(1, now)] };
    if (linkUp && latest.snapshot.status === 'playing') {
      view.ball = extrapolateBall(latest.snapshot, Math.min(0.25, now - latest.arrived + rttSeconds / 2), court);
    }
    return view;
  }
}
