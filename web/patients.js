// The patient list (GET /api/patients) and the form that creates a patient (POST /api/patients).

import { getJson, post, withToken } from './api.js';
import { el, gradeText, showStatus } from './dom.js';

const $ = (selector) => document.querySelector(selector);

function gradeCell(grade) {
  return el('td', { class: 'grade-cell', 'data-grade': grade ?? '', text: grade === null || grade === undefined ? '–' : gradeText(grade) });
}

async function showPatients() {
  try {
    const { patients } = await getJson('/api/patients');
    const header = el('tr', {}, ['Patient', 'Events', 'CRS max', 'ICANS max', 'Last time'].map((c) => el('th', { text: c })));
    const rows = patients.map((p) => el('tr', {},
      el('td', {}, el('a', { class: 'patient-link', href: withToken(`/patient.html?id=${encodeURIComponent(p.patient_id)}`), text: p.patient_id })),
      el('td', { text: p.events }),
      gradeCell(p.crs_max_grade),
      gradeCell(p.icans_max_grade),
      el('td', { text: p.last_time ?? '' })));
    $('#patients').replaceChildren(el('thead', {}, header), el('tbody', {}, rows));
    showStatus($('#list-status'), patients.length ? '' : 'No patients yet: create one.');
  } catch (error) {
    showStatus($('#list-status'), error.message, 'error');
  }
}

$('#create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const status = $('#create-status');
  const body = { patient_id: form.patient_id.value.trim() };
  for (const fact of ['age_years', 'weight_kg']) {
    if (form[fact].value !== '') body[fact] = Number(form[fact].value);
  }
  if (!body.patient_id) {
    showStatus(status, 'Give the patient identifier.', 'error');
    return;
  }
  try {
    const answer = await post('/api/patients', body);
    location.href = withToken(`/patient.html?id=${encodeURIComponent(answer.patient_id)}`);
  } catch (error) {
    showStatus(status, error.message, 'error');
  }
});

showPatients();
