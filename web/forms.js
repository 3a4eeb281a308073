// The bedside entry forms. Each form is described once (its fields and how its answers become
// rows of the event table, formats.md section 1), with the words of the server's vocabulary
// (GET /api/vocabulary), rendered by one function, and posted as JSON rows to
// POST /api/patients/{id}/events. The server's error message is shown next to the form.

import { patientPath, post } from './api.js';
import { el, showStatus } from './dom.js';
import { CAPD_QUESTIONS, ICE_QUESTIONS, NOT_ASSESSABLE_REASONS, label, loadVocabulary } from './vocabulary.js';

const words = (list) => list.map((w) => [w, label(w)]);
const number = (name, text, unit) => ({ type: 'number', name, text, unit });
const select = (name, text, options, blank) => ({ type: 'select', name, text, options, blank });
const checkbox = (name, text) => ({ type: 'checkbox', name, text });
const row = (kind, item, value = '', unit = '', note = '') => ({ kind, item, value, unit, note });

/** A unit picker shown after a number: the field `${name}_unit`. */
const units = (name, list) => ({ name: `${name}_unit`, options: list });

/** The CAPD points of an answer ("never" ... "always") to an item of the vocabulary. */
function capdPoints(capd, item, answer) {
  return item.points[capd.answers.indexOf(answer)];
}

function iceTotal(iceItems, values) {
  let total = 0;
  const missing = [];
  for (const { item } of iceItems) {
    if (values[item] === 'NA') missing.push(label(item).toLowerCase());
    else if (values[item] !== '') total += Number(values[item]);
  }
  return { total, missing };
}

function fail(message) {
  throw new Error(message);
}

/** The forms, in the order of a bedside round, with the words of vocabulary `v`. */
const forms = (v) => [
  {
    id: 'vitals',
    title: 'Vital signs',
    fields: [
      ...v.vitals.map((x) => number(x.item, label(x.item), x.units.length > 1 ? units(x.item, x.units) : x.units[0])),
      select('hypotension', "Hypotension (clinician's assessment)", words(v.hypotension), 'Not assessed'),
    ],
    rows: (a) => [
      ...v.vitals.filter((x) => a[x.item] !== '').map((x) => row('vital', x.item, a[x.item], a[`${x.item}_unit`] ?? x.units[0])),
      ...(a.hypotension ? [row('hypotension', a.hypotension)] : []),
    ],
  },
  {
    id: 'oxygen',
    title: 'Oxygen',
    fields: [
      select('device', 'Device', words(v.oxygenDevices)),
      number('flow', 'Flow', v.flowUnit),
      number('fio2', 'FiO2', v.fio2Unit),
      // The note: empty for hypoxia, else the purpose that keeps it out of CRS hypoxia.
      select('purpose', 'Given for', v.oxygenPurposes.map((p) => [p === 'hypoxia' ? '' : p, label(p)])),
    ],
    rows: (a) => [
      row('oxygen', a.device, a.flow, a.flow !== '' ? v.flowUnit : '', a.purpose),
      ...(a.fio2 !== '' ? [row('fio2', '', a.fio2, v.fio2Unit)] : []),
    ],
  },
  {
    id: 'vasopressor',
    title: 'Vasopressor',
    hint: 'The rate holds until changed; a dose of 0 stops the drug.',
    fields: [
      select('drug', 'Drug', words(v.vasoactiveDrugs)),
      number('dose', 'Dose', units('dose', v.doseRateUnits)),
    ],
    rows: (a) => [row('vasopressor', a.drug, a.dose !== '' ? a.dose : fail('Give the dose (0 stops the drug).'), a.dose_unit)],
  },
  {
    id: 'fluids',
    title: 'Fluid bolus',
    fields: [number('volume', 'Volume', v.bolusUnit)],
    rows: (a) => [row('fluid_bolus', '', a.volume !== '' ? a.volume : fail('Give the volume.'), v.bolusUnit)],
  },
  {
    id: 'ice',
    title: 'ICE score',
    hint: 'Score every item, or mark it not assessable with the reason: it is then never counted as 0.',
    fields: v.ice.flatMap((x) => [
      select(x.item, `${ICE_QUESTIONS[x.item] ?? label(x.item)} (0-${x.max})`,
        [...Array.from({ length: x.max + 1 }, (_, i) => [String(i), String(i)]), ['NA', 'Not assessable']], 'Choose'),
      { ...select(`${x.item}_reason`, 'Reason not assessable', words(NOT_ASSESSABLE_REASONS), 'Choose'), showWhen: [x.item, 'NA'] },
    ]),
    summary: (a) => {
      const { total, missing } = iceTotal(v.ice, a);
      return missing.length ? `ICE ${total} of the assessable items; incomplete (${missing.join(', ')} not assessable)` : `ICE total ${total} / ${v.ice.reduce((sum, x) => sum + x.max, 0)}`;
    },
    rows: (a) => v.ice.map(({ item }) => {
      if (a[item] === '') fail(`Score "${label(item).toLowerCase()}", or mark it not assessable.`);
      if (a[item] === 'NA' && !a[`${item}_reason`]) fail(`Give the reason why "${label(item).toLowerCase()}" is not assessable.`);
      return row('ice', item, a[item], '', a[item] === 'NA' ? a[`${item}_reason`] : '');
    }),
  },
  {
    id: 'capd',
    title: 'CAPD (children)',
    hint: 'Cornell Assessment of Pediatric Delirium, for children under 12: how often was each seen?',
    fields: v.capd.items.map((x) => select(x.item, CAPD_QUESTIONS[x.item] ?? label(x.item),
      v.capd.answers.map((answer) => [answer, `${label(answer)} (${capdPoints(v.capd, x, answer)})`]), 'Choose')),
    summary: (a) => {
      const answered = v.capd.items.filter((x) => a[x.item]);
      const total = answered.reduce((sum, x) => sum + capdPoints(v.capd, x, a[x.item]), 0);
      const most = v.capd.items.reduce((sum, x) => sum + Math.max(...x.points), 0);
      return `CAPD ${total} / ${most} (${answered.length} of ${v.capd.items.length} answered)${total >= v.capd.positiveFrom ? ': positive delirium screen' : ''}`;
    },
    // The event table holds the answer, never (0) to always (4); the reader scores it.
    rows: (a) => v.capd.items.map((x) => row('capd', x.item,
      a[x.item] ? String(v.capd.answers.indexOf(a[x.item])) : fail(`Answer "${CAPD_QUESTIONS[x.item] ?? label(x.item)}"`))),
  },
  {
    id: 'consciousness',
    title: 'Consciousness',
    fields: [select('level', 'Level', words(v.consciousness)), checkbox('sedated', 'Caused by sedating drugs')],
    rows: (a) => [row('consciousness', a.level, '', '', a.sedated ? 'sedated' : '')],
  },
  {
    id: 'seizure',
    title: 'Seizure',
    fields: [select('type', 'Seizure', words(v.seizures))],
    rows: (a) => [row('seizure', a.type)],
  },
  {
    id: 'neuroimaging',
    title: 'Neuroimaging',
    fields: [select('result', 'Result', words(v.neuroimaging))],
    rows: (a) => [row('neuroimaging', a.result)],
  },
  {
    id: 'signs',
    title: 'Neurological signs',
    fields: [
      select('motor', 'Motor', words(v.motor), 'Not examined'),
      select('sign', 'Sign', words(v.signs), 'None'),
      { ...select('status', 'Status', [['1', 'Present'], ['0', 'Resolved']]), showWhen: ['sign', v.signs] },
    ],
    rows: (a) => {
      const rows = [...(a.motor ? [row('motor', a.motor)] : []), ...(a.sign ? [row('sign', a.sign, a.status)] : [])];
      return rows.length ? rows : fail('Choose a motor finding or a sign.');
    },
  },
  {
    id: 'medication',
    title: 'Medication given',
    fields: [select('drug', 'Drug', words(v.medications)), number('dose', 'Dose', units('dose', v.doseUnits))],
    rows: (a) => [row('medication', a.drug, a.dose, a.dose !== '' ? a.dose_unit : '')],
  },
  {
    id: 'infusion',
    title: 'CAR-T infusion',
    hint: 'The infusion is day 0.',
    fields: [select('product', 'Product', words(v.products))],
    rows: (a) => [row('infusion', a.product)],
  },
];

function control(formId, field) {
  const id = `${formId}-${field.name}`;
  if (field.type === 'number') {
    const input = el('input', { id, name: field.name, type: 'number', step: 'any', inputmode: 'decimal' });
    const unit = typeof field.unit === 'string'
      ? el('span', { class: 'unit', text: field.unit })
      : el('select', { name: field.unit.name, 'aria-label': `${field.text} unit` },
        field.unit.options.map((u) => el('option', { value: u, text: u })));
    return [id, el('div', { class: 'control' }, input, unit)];
  }
  if (field.type === 'checkbox') {
    return [id, el('input', { id, name: field.name, type: 'checkbox' })];
  }
  const options = field.options.map(([value, text]) => el('option', { value, text }));
  if (field.blank !== undefined) options.unshift(el('option', { value: '', text: field.blank }));
  return [id, el('select', { id, name: field.name }, options)];
}

function renderField(formId, field) {
  const [id, node] = control(formId, field);
  const wrapper = field.type === 'checkbox'
    ? el('div', { class: 'field check' }, node, el('label', { for: id, text: field.text }))
    : el('div', { class: 'field' }, el('label', { for: id, text: field.text }), node);
  if (field.showWhen) wrapper.dataset.showWhen = field.name;
  return wrapper;
}

/** The form's answers by field name (an unticked checkbox is false). */
function answers(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    values[element.name] = element.type === 'checkbox' ? element.checked : element.value;
  }
  return values;
}

/** Shows the fields that depend on another answer (an ICE item's reason) and the live summary. */
function showDependent(spec, form, output) {
  const values = answers(form);
  for (const field of spec.fields.filter((f) => f.showWhen)) {
    const [name, wanted] = field.showWhen;
    const shown = Array.isArray(wanted) ? wanted.includes(values[name]) : values[name] === wanted;
    const wrapper = form.querySelector(`[data-show-when="${field.name}"]`);
    wrapper.hidden = !shown;
    wrapper.querySelector('select,input').disabled = !shown;
  }
  if (output) output.textContent = spec.summary(values);
}

/**
 * Renders every form into `container`, each posting its rows at the time read from `timeInput`.
 * @param container the element the forms go into
 * @param patientId the patient whose events the forms add
 * @param timeInput the input holding the time of the observations (hours since infusion or ISO)
 * @param onSaved called after the server has stored a form's rows
 * @return a promise settled when the forms are there (the vocabulary comes from the server)
 */
export async function renderForms(container, patientId, timeInput, onSaved) {
  for (const spec of forms(await loadVocabulary())) {
    const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const output = spec.summary ? el('output', { class: 'summary' }) : null;
    const form = el('form', { id: `form-${spec.id}`, class: 'entry', novalidate: true },
      spec.hint ? el('p', { class: 'hint', text: spec.hint }) : null,
      el('div', { class: 'fields' }, spec.fields.map((f) => renderField(spec.id, f))),
      output,
      el('div', { class: 'actions' }, el('button', { type: 'submit', text: 'Save' }), status));
    form.addEventListener('change', () => showDependent(spec, form, output));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const time = timeInput.value.trim();
      let rows;
      try {
        if (!time) fail('Give the time of the observation (hours since infusion, or a date and time).');
        rows = spec.rows(answers(form)).map((r) => ({ time, ...r }));
      } catch (error) {
        showStatus(status, error.message, 'error');
        return;
      }
      try {
        const answer = await post(patientPath(patientId, 'events'), { events: rows });
        showStatus(status, `Saved ${answer.accepted} row${answer.accepted === 1 ? '' : 's'} at ${time}.`, 'ok');
        form.reset();
        showDependent(spec, form, output);
        await onSaved();
      } catch (error) {
        showStatus(status, error.message, 'error');
      }
    });
    showDependent(spec, form, output);
    container.append(el('details', { class: 'card form-card', 'data-form': spec.id },
      el('summary', { text: spec.title }), form));
  }
}
