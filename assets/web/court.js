// Draws a moment of a match on a canvas: the court lying on its side (net vertical in the
// middle, seat 0 on the left), as the terminal draws it, with the ball above its shadow.

const HALF_LENGTH = 23.77 / 2, HALF_SINGLES = 8.23 / 2, HALF_DOUBLES = 10.97 / 2, SERVICE_LINE = 6.40;
/// Metres drawn around the court: behind each baseline and beside each doubles sideline.
export const HALF_FIELD_LENGTH = HALF_LENGTH + 3, HALF_FIELD_WIDTH = HALF_DOUBLES + 1.5;
const NET_HALF_SPAN = HALF_DOUBLES + 0.914;
const PLAYER_COLOURS = ['#ffcf4a', '#ff7eb6'];
const SWING_TICKS = 18;

/// The xterm 256-colour palette entry `index` as [r, g, b] (surfaces.json's `colour256`).
export function xtermRGB(index) {
  const basic = [[0, 0, 0], [128, 0, 0], [0, 128, 0], [128, 128, 0], [0, 0, 128], [128, 0, 128], [0, 128, 128],
                 [192, 192, 192], [128, 128, 128], [255, 0, 0], [0, 255, 0], [255, 255, 0], [0, 0, 255],
                 [255, 0, 255], [0, 255, 255], [255, 255, 255]];
  if (index < 16) return basic[index];
  if (index >= 232) { const v = 8 + 10 * (index - 232); return [v, v, v]; }
  const level = [0, 95, 135, 175, 215, 255], i = index - 16;
  return [level[Math.floor(i / 36)], level[Math.floor(i / 6) % 6], level[i % 6]];
}

/// Where metres land on a canvas of this size: the field fits, centred, at one scale.
export function projection(width, height) {
  const scale = Math.min(width / (2 * HALF_FIELD_LENGTH), height / (2 * HALF_FIELD_WIDTH));
  return { scale, x: (m) => width / 2 + m * scale, y: (m) => height / 2 + m * scale };
}

const rgb = (c, k = 1) => `rgb(${c.map((v) => Math.round(v * k)).join(',')})`;

function lines(ctx, p) {
  const seg = (x0, y0, x1, y1) => { ctx.moveTo(p.x(x0), p.y(y0)); ctx.lineTo(p.x(x1), p.y(y1)); };
  ctx.beginPath();
  ctx.strokeStyle = '#f4f4f0';
  ctx.lineWidth = Math.max(1, p.scale * 0.08);
  ctx.strokeRect(p.x(-HALF_LENGTH), p.y(-HALF_DOUBLES), 2 * HALF_LENGTH * p.scale, 2 * HALF_DOUBLES * p.scale);
  for (const s of [-1, 1]) {
    seg(-HALF_LENGTH, s * HALF_SINGLES, HALF_LENGTH, s * HALF_SINGLES);
    seg(s * SERVICE_LINE, -HALF_SINGLES, s * SERVICE_LINE, HALF_SINGLES);
    seg(s * HALF_LENGTH, 0, s * (HALF_LENGTH - 0.3), 0);
  }
  seg(-SERVICE_LINE, 0, SERVICE_LINE, 0);
  ctx.stroke();
  ctx.beginPath();
  ctx.strokeStyle = '#d8d8d8';
  ctx.lineWidth = Math.max(2, p.scale * 0.12);
  seg(0, -NET_HALF_SPAN, 0, NET_HALF_SPAN);
  ctx.stroke();
}

/// The box the serve must land in (docs/PROTOCOL.md, "Who serves where"), outlined while serving.
function serviceBox(ctx, p, score) {
  const towards = score.server === 0 ? 1 : -1;
  const fromRight = (score.points[0] + score.points[1]) % 2 === 0;
  const ySign = fromRight ? -towards : towards;
  ctx.setLineDash([p.scale * 0.3, p.scale * 0.3]);
  ctx.strokeStyle = 'rgba(255,255,255,0.75)';
  ctx.lineWidth = Math.max(1, p.scale * 0.06);
  const inset = p.scale * 0.15;
  ctx.strokeRect(Math.min(p.x(0), p.x(towards * SERVICE_LINE)) + inset, Math.min(p.y(0), p.y(ySign * HALF_SINGLES)) + inset,
                 SERVICE_LINE * p.scale - 2 * inset, HALF_SINGLES * p.scale - 2 * inset);
  ctx.setLineDash([]);
}

function player(ctx, p, seat, pos, name) {
  const r = Math.max(6, p.scale * 0.45), cx = p.x(pos.x), cy = p.y(pos.y);
  if (pos.swing) {
    // The racket sweeps across the player's front (towards the net) as the swing goes on.
    const facing = seat === 0 ? 0 : Math.PI, t = Math.min(1, pos.swingTicks / SWING_TICKS);
    const angle = facing + (seat === 0 ? 1 : -1) * (-1.4 + 2.8 * t);
    ctx.beginPath();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = Math.max(2, p.scale * 0.1);
    ctx.moveTo(cx, cy);
    ctx.lineTo(cx + Math.cos(angle) * r * 2.2, cy + Math.sin(angle) * r * 2.2);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.fillStyle = PLAYER_COLOURS[seat];
  ctx.arc(cx, cy, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#1b1b1b';
  ctx.font = `bold ${Math.round(r * 1.2)}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText((name || (seat === 0 ? 'L' : 'R')).slice(0, 1).toUpperCase(), cx, cy + 1);
}

function ball(ctx, p, b) {
  const gx = p.x(b.x), gy = p.y(b.y), up = Math.max(0, b.z) * p.scale, r = Math.max(3, p.scale * 0.18);
  ctx.beginPath();
  ctx.fillStyle = 'rgba(0,0,0,0.45)';
  ctx.ellipse(gx, gy, r * 1.1, r * 0.6, 0, 0, 2 * Math.PI);
  ctx.fill();
  if (up > r) {
    ctx.beginPath();
    ctx.strokeStyle = 'rgba(0,0,0,0.25)';
    ctx.lineWidth = 1;
    ctx.moveTo(gx, gy);
    ctx.lineTo(gx, gy - up);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.fillStyle = '#e4ff3c';
  ctx.strokeStyle = '#5a6600';
  ctx.lineWidth = 1;
  ctx.arc(gx, gy - up, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}

function cross(ctx, p, at) {
  const s = Math.max(4, p.scale * 0.25), x = p.x(at.x), y = p.y(at.y);
  ctx.beginPath();
  ctx.strokeStyle = '#ff3b30';
  ctx.lineWidth = Math.max(2, p.scale * 0.08);
  ctx.moveTo(x - s, y - s); ctx.lineTo(x + s, y + s);
  ctx.moveTo(x + s, y - s); ctx.lineTo(x - s, y + s);
  ctx.stroke();
}

/// The whole field: surround, court, lines, net, where the last point was decided, players, ball.
export function drawCourt(ctx, view, { colour, names, mark }) {
  const { width, height } = ctx.canvas, p = projection(width, height);
  ctx.fillStyle = rgb(colour, 0.62);
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = rgb(colour);
  ctx.fillRect(p.x(-HALF_LENGTH), p.y(-HALF_DOUBLES), 2 * HALF_LENGTH * p.scale, 2 * HALF_DOUBLES * p.scale);
  lines(ctx, p);
  if (!view) return;
  if (view.phase === 'serving') serviceBox(ctx, p, view.score);
  if (mark) cross(ctx, p, mark);
  view.players.forEach((pos, seat) => player(ctx, p, seat, pos, names[seat]));
  if (view.ball.visible) ball(ctx, p, view.ball);
}
