// A patient's page: grades now and at most, the timeline chart with its grade bands, the entry
// forms, the advice panel, import and export, and the recorded events.

import { getJson, patientPath, post, withToken } from './api.js';
import { el, gradeText, showStatus } from './dom.js';
import { renderAdvice } from './advice.js';
import { renderForms } from './forms.js';
import { drawTimeline } from './timeline.js';

const id = new URLSearchParams(location.search).get('id') ?? '';
const $ = (selector) => document.querySelector(selector);

/** How each patient fact reads in the heading. */
const FACTS = {
  age_years: (v) => `${v} years`,
  weight_kg: (v) => `${v} kg`,
  sex: (v) => v,
  developmental_delay: () => 'developmental delay',
};

/** Hours since infusion of an event time: a number, or ISO 8601 measured from `origin` (ms). */
function hoursOf(time, origin) {
  if (/^[-+]?[\d.]+$/.test(time)) return Number(time);
  return (Date.parse(time) - origin) / 3.6e6;
}

/** The origin of ISO times: the infusion, else the first timed event. */
function originOf(events) {
  const timed = events.filter((e) => e.time && !/^[-+]?[\d.]+$/.test(e.time));
  const infusion = timed.find((e) => e.kind === 'infusion') ?? timed[0];
  return infusion ? Date.parse(infusion.time) : 0;
}

/** The ICE total of one assessment, or null when it is incomplete. */
function iceTotal(rows) {
  const total = rows.find((r) => r.item === 'total');
  if (total) return total.value === 'NA' ? null : Number(total.value);
  const items = rows.filter((r) => r.item !== 'total');
  if (items.length < 5 || items.some((r) => r.value === 'NA')) return null;
  return items.reduce((sum, r) => sum + Number(r.value), 0);
}

/** The chart's series from the event rows: one point per time with a measurement. */
function chartSeries(events) {
  const origin = originOf(events);
  const byHour = new Map();
  const at = (hours) => {
    if (!byHour.has(hours)) byHour.set(hours, { ice: [] });
    return byHour.get(hours);
  };
  for (const e of events) {
    if (!e.time) continue;
    const point = at(hoursOf(e.time, origin));
    if (e.kind === 'vital') {
      const value = Number(e.value);
      point[e.item] = e.item === 'temperature' && e.unit === 'F' ? (value - 32) * 5 / 9 : value;
    } else if (e.kind === 'ice') {
      point.ice.push(e);
    }
  }
  const hours = [...byHour.keys()].filter((h) => {
    const p = byHour.get(h);
    return p.temperature !== undefined || p.map !== undefined || p.sbp !== undefined || p.spo2 !== undefined || p.ice.length;
  }).sort((a, b) => a - b);
  const pick = (f) => hours.map((h) => f(byHour.get(h)) ?? null);
  return {
    hours,
    temperature: pick((p) => p.temperature),
    // MAP as measured, else from a blood pressure taken at the same time: (SBP + 2 DBP) / 3.
    map: pick((p) => p.map ?? (p.sbp !== undefined && p.dbp !== undefined ? (p.sbp + 2 * p.dbp) / 3 : null)),
    spo2: pick((p) => p.spo2),
    ice: pick((p) => (p.ice.length ? iceTotal(p.ice) : null)),
  };
}

/** The latest time of any event, in hours since infusion. */
function lastHours(events) {
  const origin = originOf(events);
  return Math.max(...events.filter((e) => e.time).map((e) => hoursOf(e.time, origin)));
}

/** Shows the grades at `now` (the latest event; the timeline may run past it) and at most. */
function showGrades(grades, now) {
  for (const key of ['crs', 'icans']) {
    const course = grades?.[key];
    const current = (course?.timeline ?? []).filter((t) => t.hours <= now).at(-1);
    $(`#${key}-now`).textContent = current ? gradeText(current.grade) : '–';
    $(`#${key}-max`).textContent = course ? gradeText(course.max_grade) : '–';
    $(`#${key}-box`).dataset.grade = course ? course.max_grade : '';
  }
}

function showEvents(events) {
  const header = el('tr', {}, ['time', 'kind', 'item', 'value', 'unit', 'note'].map((c) => el('th', { text: c })));
  const rows = [...events].reverse().map((e) =>
    el('tr', {}, [e.time, e.kind, e.item, e.value, e.unit, e.note].map((c) => el('td', { text: c }))));
  $('#events').replaceChildren(el('thead', {}, header), el('tbody', {}, rows));
}

// Saves in quick succession start overlapping refreshes; only the latest one shows its answers,
// so that an older answer arriving late never replaces a newer chart (or hides drivers just
// shown). The events, grades and chart of one refresh are shown together.
let latestRefresh = 0;

async function refresh() {
  const mine = ++latestRefresh;
  const current = () => mine === latestRefresh;
  const status = $('#load-status');
  try {
    const [patient, answer] = await Promise.all([getJson(patientPath(id)), getJson(patientPath(id, 'events'))]);
    const grades = answer.events.some((e) => e.kind !== 'patient') ? await getJson(`${patientPath(id, 'grades')}?scale=astct`) : null;
    if (!current()) return;
    // The patient's facts (rows of kind patient) are shown in the heading, not as events.
    const events = answer.events.filter((e) => e.kind !== 'patient');
    const facts = Object.entries(patient.facts ?? {}).map(([k, v]) => (FACTS[k] ? FACTS[k](v) : `${k} ${v}`));
    $('#facts').textContent = `${facts.join(' · ')}${facts.length ? ' · ' : ''}${patient.events} events`;
    showEvents(events);
    showGrades(grades, lastHours(events));
    drawTimeline($('#chart'), chartSeries(events), grades, $('#drivers'));
    const guideline = $('#guideline').value;
    const query = guideline ? `?guideline=${encodeURIComponent(guideline)}` : '';
    const advice = events.length ? await getJson(`${patientPath(id, 'advice')}${query}`) : null;
    if (!current()) return;
    if (advice) renderAdvice($('#advice'), advice);
    else $('#advice').textContent = 'No events yet: advice follows the first observations.';
    showStatus(status, '');
  } catch (error) {
    if (current()) showStatus(status, error.message, 'error');
  }
}

async function importFile(event) {
  event.preventDefault();
  const status = $('#import-status');
  const file = $('#import-file').files[0];
  if (!file) {
    showStatus(status, 'Choose a file first.', 'error');
    return;
  }
  const text = await file.text();
  const fhir = /\.json$/i.test(file.name) || text.trimStart().startsWith('{');
  try {
    const answer = await post(patientPath(id, 'events'), text, fhir ? 'application/fhir+json' : 'text/csv');
    showStatus(status, `Imported ${answer.accepted} rows from ${file.name}; ${answer.events} events in all.`, 'ok');
    await refresh();
  } catch (error) {
    showStatus(status, `${file.name}: ${error.message}`, 'error');
  }
}

$('#patient-title').textContent = `Patient ${id}`;
document.title = `${id} · cytostorm`;
$('#export-csv').href = withToken(patientPath(id, 'events.csv'));
$('#export-csv').download = `${id}-events.csv`;
$('#export-fhir').href = withToken(patientPath(id, 'fhir'));
$('#export-fhir').download = `${id}-fhir.json`;
$('#import-form').addEventListener('submit', importFile);
/** The guideline rule sets the server knows, ASCO 2021 first when there. */
async function offerGuidelines() {
  const { guidelines } = await getJson('/api/guidelines');
  const select = $('#guideline');
  select.replaceChildren(...guidelines.map((g) => el('option', { value: g, text: g })));
  if (guidelines.includes('asco-2021')) select.value = 'asco-2021';
  select.addEventListener('change', refresh);
}

renderForms($('#forms'), id, $('#entry-time'), refresh).catch((error) => showStatus($('#load-status'), error.message, 'error'));
offerGuidelines().catch((error) => showStatus($('#load-status'), error.message, 'error')).finally(refresh);
