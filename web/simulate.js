// The simulation explorer: product, tumour burden and policy, then POST /api/simulate and the
// plots of the course: the bedside signs with the grade bands, and the CAR-T cells and cytokines.

import uPlot from '/vendor/uplot/uPlot.esm.js';
import { getJson, post } from './api.js';
import { el, gradeText, showStatus } from './dom.js';
import { drawTimeline } from './timeline.js';

const $ = (selector) => document.querySelector(selector);

/** Series the timeline chart draws; every other series of the answer goes to the log plot. */
const SIGNS = ['temperature', 'map', 'spo2', 'ice'];
/** Labels of the biology series the server sends (docs/model.md gives their units). */
const BIOLOGY_LABELS = { car_t: 'CAR-T cells (cells/uL)', il6: 'IL-6 (pg/mL)' };
const COLOURS = ['#1f618d', '#c0392b', '#117a65', '#7d3c98', '#b9770e', '#34495e', '#a93226', '#148f77'];

let biologyPlot = null;

function fillSelect(select, names, preferred) {
  select.replaceChildren(...names.map((n) => el('option', { value: n, text: n })));
  if (names.includes(preferred)) select.value = preferred;
}

function drawBiology(container, hours, series) {
  biologyPlot?.destroy();
  const keys = Object.keys(series).filter((k) => !SIGNS.includes(k));
  // A log scale shows no zero: such points are left out.
  const positive = (values) => values.map((v) => (v > 0 ? v : null));
  biologyPlot = new uPlot({
    width: Math.max(container.clientWidth, 280),
    height: 300,
    cursor: { drag: { x: false, y: false } },
    legend: { live: false },
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [{ label: 'hours since infusion' }, { label: 'level (log scale)' }],
    series: [{ label: 'hours' }, ...keys.map((k, i) => ({ label: BIOLOGY_LABELS[k] ?? k.replaceAll('_', ' '), stroke: COLOURS[i % COLOURS.length], width: 2 }))],
  }, [hours, ...keys.map((k) => positive(series[k]))], container);
}

function showCourse(name, course) {
  $(`#${name}-max`).textContent = gradeText(course.max_grade);
  $(`#${name}-box`).dataset.grade = course.max_grade;
  $(`#${name}-onset`).textContent = course.onset_day === null ? 'not present' : `onset day ${course.onset_day}`;
}

async function simulate(event) {
  event.preventDefault();
  const form = event.target;
  const status = $('#sim-status');
  const body = {
    product: form.product.value,
    tumour_burden: Number(form.tumour_burden.value),
    policy: form.policy.value,
    days: Number(form.days.value),
    seed: Number(form.seed.value),
  };
  showStatus(status, 'Simulating…');
  form.querySelector('button').disabled = true;
  try {
    const answer = await post('/api/simulate', body);
    $('#sim-result').hidden = false;
    showCourse('crs', answer.grades.crs);
    showCourse('icans', answer.grades.icans);
    drawTimeline($('#sim-timeline'), { hours: answer.hours, ...Object.fromEntries(
      SIGNS.filter((k) => answer.series[k]).map((k) => [k, answer.series[k]])) }, answer.grades, $('#sim-drivers'));
    drawBiology($('#sim-biology'), answer.hours, answer.series);
    const treatments = answer.treatments ?? [];
    $('#sim-treatments').replaceChildren(...(treatments.length
      ? treatments.map((t) => el('li', { text: `${Number(t.hours.toFixed(1))} h (day ${Math.floor(t.hours / 24)}): ${t.label}` }))
      : [el('li', { text: 'Nothing: no treatment was needed.' })]));
    showStatus(status, `${body.product}, tumour burden ${body.tumour_burden}, ${body.policy} policy: ${answer.hours.length} samples.`, 'ok');
  } catch (error) {
    showStatus(status, error.message, 'error');
  } finally {
    form.querySelector('button').disabled = false;
  }
}

async function start() {
  try {
    const [{ products }, { policies }] = await Promise.all([getJson('/api/products'), getJson('/api/policies')]);
    fillSelect($('#sim-product'), products, 'axi-cel');
    fillSelect($('#sim-policy'), policies, 'standard');
  } catch (error) {
    showStatus($('#sim-status'), error.message, 'error');
  }
  $('#simulate-form').addEventListener('submit', simulate);
}

start();
