// A small SVG chart, written for this page: stacked areas over time with a hover read-out.
// No dependencies; it draws into the given element and redraws when the element resizes.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, parent) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

/** Integer ticks from 0 to a round maximum at or above `max`, at most about five of them. */
export function niceTicks(max) {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough));
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push(Math.round(v * 100) / 100);
  return ticks;
}

/**
 * Stacked areas: `data` is { labels: string[], series: [{ key, label, color, values: number[] }] },
 * one value per label, stacked in the order given (the first at the bottom).
 */
export class StackedAreaChart {
  constructor(element, { height = 260 } = {}) {
    this.element = element;
    this.height = height;
    this.data = null;
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'chart-tooltip';
    this.tooltip.hidden = true;
    this.observer = new ResizeObserver(() => this.data && this.draw());
    this.observer.observe(element);
  }

  update(data) {
    this.data = data;
    this.draw();
  }

  draw() {
    const { labels, series } = this.data;
    const width = Math.max(320, this.element.clientWidth);
    const height = this.height;
    const m = { top: 14, right: 18, bottom: 30, left: 38 };
    const w = width - m.left - m.right;
    const h = height - m.top - m.bottom;
    const n = labels.length;
    const totals = labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
    const ticks = niceTicks(Math.max(...totals, 0));
    const top = ticks[ticks.length - 1];
    const x = (i) => m.left + (n === 1 ? w / 2 : (i / (n - 1)) * w);
    const y = (v) => m.top + h - (v / top) * h;

    this.element.replaceChildren();
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart-svg' });
    root.appendChild(svg('title', {})).textContent = 'Commitments by status at the end of each period';

    const grid = svg('g', { class: 'chart-grid' }, root);
    for (const t of ticks) {
      svg('line', { x1: m.left, x2: m.left + w, y1: y(t), y2: y(t) }, grid);
      svg('text', { x: m.left - 8, y: y(t) + 4, 'text-anchor': 'end' }, grid).textContent = String(t);
    }

    // Areas, bottom up.
    const lower = labels.map(() => 0);
    for (const s of series) {
      if (!s.values.some((v) => v > 0)) continue;
      const upper = lower.map((l, i) => l + s.values[i]);
      const forward = upper.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
      const back = lower.map((v, i) => `L${x(i).toFixed(1)},${y(v).toFixed(1)}`).reverse().join('');
      svg('path', { d: `${forward}${back}Z`, fill: s.color, 'fill-opacity': 0.85, class: 'chart-area', 'data-status': s.key }, root);
      upper.forEach((v, i) => (lower[i] = v));
    }
    svg('path', { d: totals.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(''), class: 'chart-total' }, root);

    // Time axis: about six labels, the last one always.
    const axis = svg('g', { class: 'chart-axis' }, root);
    const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(w / 110))));
    labels.forEach((label, i) => {
      if (i % every !== 0 && i !== n - 1) return;
      if (i !== n - 1 && n - 1 - i < every * 0.6) return;
      const anchor = n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
      svg('text', { x: x(i), y: m.top + h + 20, 'text-anchor': anchor }, axis).textContent = label;
    });
    svg('line', { x1: m.left, x2: m.left + w, y1: m.top + h, y2: m.top + h, class: 'chart-baseline' }, root);

    // Hover read-out.
    const guide = svg('line', { y1: m.top, y2: m.top + h, class: 'chart-guide', visibility: 'hidden' }, root);
    const overlay = svg('rect', { x: m.left - 10, y: m.top, width: w + 20, height: h, fill: 'transparent' }, root);
    const show = (event) => {
      const box = root.getBoundingClientRect();
      const px = ((event.clientX - box.left) / box.width) * width;
      const i = n === 1 ? 0 : Math.min(n - 1, Math.max(0, Math.round(((px - m.left) / w) * (n - 1))));
      guide.setAttribute('x1', x(i));
      guide.setAttribute('x2', x(i));
      guide.setAttribute('visibility', 'visible');
      this.showTooltip(i, x(i) / width, totals[i]);
    };
    overlay.addEventListener('mousemove', show);
    overlay.addEventListener('mouseleave', () => {
      guide.setAttribute('visibility', 'hidden');
      this.tooltip.hidden = true;
    });
    this.element.append(root, this.tooltip);
  }

  showTooltip(i, at, total) {
    const { labels, series } = this.data;
    const rows = [...series].reverse().filter((s) => s.values[i] > 0);
    const head = document.createElement('strong');
    head.textContent = `${labels[i]} · ${total} commitment${total === 1 ? '' : 's'}`;
    const list = rows.map((s) => {
      const row = document.createElement('div');
      const dot = document.createElement('i');
      dot.style.background = s.color;
      const label = document.createElement('span');
      label.textContent = s.label;
      const value = document.createElement('b');
      value.textContent = String(s.values[i]);
      row.append(dot, label, value);
      return row;
    });
    this.tooltip.replaceChildren(head, ...list);
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${(at * 100).toFixed(2)}%`;
    this.tooltip.classList.toggle('flip', at > 0.6);
  }
}
