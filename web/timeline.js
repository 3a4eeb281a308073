// The timeline chart (uPlot): temperature, MAP, SpO2 and ICE over hours since infusion, with the
// CRS and ICANS grade bands of the grading timeline above the plot. Each band is a button: tapping
// it shows the drivers of that change of grade (the audit trail) in the drivers panel.

import uPlot from '/vendor/uplot/uPlot.esm.js';
import { el, gradeText, setChildren } from './dom.js';

const SYNDROMES = [
  { key: 'crs', name: 'CRS' },
  { key: 'icans', name: 'ICANS' },
];
const BAND_HEIGHT = 36;
const BAND_GAP = 4;

/** Lines of the chart: the key in the series object, the label, the scale and the colour. */
const LINES = [
  { key: 'temperature', label: 'Temperature (°C)', scale: 'C', stroke: '#c0392b' },
  { key: 'map', label: 'MAP (mmHg)', scale: 'mmHg', stroke: '#1f618d' },
  { key: 'spo2', label: 'SpO2 (%)', scale: 'mmHg', stroke: '#117a65' },
  { key: 'ice', label: 'ICE (0-10)', scale: 'ice', stroke: '#7d3c98' },
];

/** The chart drawn in each container, so that a redraw replaces it. */
const charts = new WeakMap();

const around = (low, high) => (u, min, max) => [Math.min(low, min ?? low), Math.max(high, max ?? high)];

/**
 * The grade bands of one syndrome: each change of grade in the timeline lasts until the next one;
 * the last one is still current (`to` is null).
 * @param course the `crs` or `icans` object of the grades answer (null when absent)
 * @return [{from, to, entry}] in time order
 */
function gradeBands(course) {
  const timeline = course?.timeline ?? [];
  return timeline.map((entry, i) => ({
    from: entry.hours,
    to: i + 1 < timeline.length ? timeline[i + 1].hours : null,
    entry,
  }));
}

/** Shows the drivers of one change of grade (an entry of the audit trail) in `panel`. */
function showDrivers(panel, syndrome, course, band) {
  const { entry } = band;
  const grade = gradeText(entry.grade);
  const heading = `${syndrome} grade ${grade} from ${entry.hours} h (day ${entry.day})` +
    (band.to === null ? ', still current' : ` to ${band.to} h`);
  const drivers = entry.drivers.map((d) => el('li', {},
    d.text, el('span', { class: 'when', text: ` (observed at ${d.observed_at_hours} h, sets grade ${d.grade})` })));
  setChildren(panel,
    el('h3', { text: heading }),
    drivers.length ? el('ul', { class: 'drivers' }, drivers) : el('p', { text: 'No finding sets a grade at this time.' }),
    entry.grade === 'not_derivable'
      ? el('p', { text: `At least grade ${entry.at_least}; missing: ${(entry.missing ?? []).join(', ')}.` }) : null,
    ...(entry.notes ?? []).map((n) => el('p', { class: 'note', text: `Note: ${n}` })),
    el('p', { class: 'rule', text: `Rule: ${course.rule}` }));
  panel.hidden = false;
}

function placeBands(u, layer, grades, panel) {
  const [xMin, xMax] = [u.scales.x.min, u.scales.x.max];
  const width = u.over.clientWidth;
  const buttons = [];
  SYNDROMES.forEach(({ key, name }, row) => {
    const course = grades?.[key];
    for (const band of gradeBands(course)) {
      const to = band.to ?? xMax;
      if (to < xMin || band.from > xMax) continue;
      const left = Math.max(0, u.valToPos(band.from, 'x'));
      const right = Math.min(width, u.valToPos(to, 'x'));
      const grade = band.entry.grade;
      const button = el('button', {
        type: 'button',
        class: `band grade-${typeof grade === 'number' ? grade : 'unknown'}`,
        'data-syndrome': key,
        'data-grade': grade,
        'data-hours': band.entry.hours,
        title: `${name} grade ${gradeText(grade)} from ${band.entry.hours} h`,
        'aria-label': `${name} grade ${gradeText(grade)} from ${band.entry.hours} h: show drivers`,
        style: `left:${left}px;width:${Math.max(right - left, 6)}px;` +
          `top:${-(SYNDROMES.length - row) * (BAND_HEIGHT + BAND_GAP)}px;height:${BAND_HEIGHT}px`,
        onclick: () => {
          for (const b of layer.querySelectorAll('.band.selected')) b.classList.remove('selected');
          button.classList.add('selected');
          showDrivers(panel, name, course, band);
        },
      }, `${name} ${typeof grade === 'number' ? grade : '?'}`);
      buttons.push(button);
    }
  });
  layer.replaceChildren(...buttons);
}

/**
 * Draws the timeline chart into `container`, replacing any earlier chart there.
 * @param container the element the chart goes into
 * @param series {hours: [...], temperature, map, spo2, ice: [...] aligned with hours, null when
 *        not measured}; a missing key is not drawn
 * @param grades the per-patient grades object ({crs, icans} with timelines), or null
 * @param panel the element where a tapped band's drivers are shown; hidden until a band is tapped
 */
export function drawTimeline(container, series, grades, panel) {
  const old = charts.get(container);
  if (old) {
    old.observer.disconnect();
    old.plot.destroy();
  }
  container.replaceChildren();
  panel.hidden = true;
  const changes = SYNDROMES.flatMap(({ key }) => (grades?.[key]?.timeline ?? []).map((t) => t.hours));
  const hours = [...series.hours, ...changes];
  if (!hours.length) {
    container.append(el('p', { class: 'empty', text: 'Nothing measured yet.' }));
    return;
  }
  // The chart runs a little past the last time, where the current grades continue.
  const first = Math.min(...hours);
  const last = Math.max(...hours) + Math.max(12, (Math.max(...hours) - first) * 0.1);
  const lines = LINES.filter((l) => Array.isArray(series[l.key]));
  const layer = el('div', { class: 'bands' });
  const opts = {
    width: Math.max(container.clientWidth, 280),
    height: 360,
    padding: [SYNDROMES.length * (BAND_HEIGHT + BAND_GAP) + 8, 12, 0, 0],
    cursor: { drag: { x: false, y: false } },
    legend: { live: false },
    scales: {
      x: { time: false, range: () => [first, last] },
      C: { range: around(35, 41) },
      mmHg: { range: around(40, 140) },
      ice: { range: [0, 10] },
    },
    axes: [
      { label: 'hours since infusion' },
      { scale: 'C', label: '°C', stroke: '#c0392b' },
      { scale: 'mmHg', side: 1, label: 'mmHg · %', grid: { show: false } },
      ...(lines.some((l) => l.scale === 'ice') ? [{ scale: 'ice', side: 1, label: 'ICE', grid: { show: false } }] : []),
    ],
    series: [
      { label: 'hours' },
      ...lines.map((l) => ({
        label: l.label, scale: l.scale, stroke: l.stroke, width: 2, spanGaps: true,
        points: { size: 7 },
      })),
    ],
    hooks: {
      ready: [(u) => u.over.append(layer)],
      draw: [(u) => placeBands(u, layer, grades, panel)],
    },
  };
  const data = [series.hours, ...lines.map((l) => series[l.key])];
  const plot = new uPlot(opts, data, container);
  const observer = new ResizeObserver(() => {
    const width = Math.max(container.clientWidth, 280);
    if (width !== plot.width) plot.setSize({ width, height: plot.height });
  });
  observer.observe(container);
  charts.set(container, { plot, observer });
}
