// The bedside entry forms. Each form is described once (its fields and how its answers become
// rows of the event table, formats.md section 1), rendered by one function, and posted as JSON
// rows to POST /api/patients/{id}/events. The server's error message is shown next to the form.

import { patientPath, post } from './api.js';
import { el, showStatus } from './dom.js';
import {
  CAPD_FREQUENCIES, CAPD_ITEMS, CONSCIOUSNESS, DOSE_RATE_UNITS, DOSE_UNITS, ICE_ITEMS, MEDICATIONS,
  MOTOR, NEUROIMAGING, NOT_ASSESSABLE_REASONS, OXYGEN_DEVICES, OXYGEN_PURPOSES, PRODUCTS, SEIZURES,
  SIGNS, VASOACTIVE_DRUGS, VITALS, label,
} from './vocabulary.js';

const words = (list) => list.map((w) => [w, label(w)]);
const number = (name, text, unit) => ({ type: 'number', name, text, unit });
const select = (name, text, options, blank) => ({ type: 'select', name, text, options, blank });
const checkbox = (name, text) => ({ type: 'checkbox', name, text });
const row = (kind, item, value = '', unit = '', note = '') => ({ kind, item, value, unit, note });

/** A unit picker shown after a number: the field `${name}_unit`. */
const units = (name, list) => ({ name: `${name}_unit`, options: list });

/** The CAPD score of an answer: reverse-scored items count "never" as 4. */
function capdScore(item, frequency) {
  const index = CAPD_FREQUENCIES.indexOf(frequency);
  return item.reverse ? 4 - index : index;
}

function iceTotal(values) {
  let total = 0;
  const missing = [];
  for (const { item } of ICE_ITEMS) {
    if (values[item] === 'NA') missing.push(label(item).toLowerCase());
    else if (values[item] !== '') total += Number(values[item]);
  }
  return { total, missing };
}

function fail(message) {
  throw new Error(message);
}

/** The forms, in the order of a bedside round. */
const FORMS = [
  {
    id: 'vitals',
    title: 'Vital signs',
    fields: [
      ...VITALS.map((v) => number(v.item, label(v.item), v.units.length > 1 ? units(v.item, v.units) : v.units[0])),
      select('hypotension', "Hypotension (clinician's assessment)", words(['present', 'absent']), 'Not assessed'),
    ],
    rows: (v) => [
      ...VITALS.filter((x) => v[x.item] !== '').map((x) => row('vital', x.item, v[x.item], v[`${x.item}_unit`] ?? x.units[0])),
      ...(v.hypotension ? [row('hypotension', v.hypotension)] : []),
    ],
  },
  {
    id: 'oxygen',
    title: 'Oxygen',
    fields: [
      select('device', 'Device', words(OXYGEN_DEVICES)),
      number('flow', 'Flow', 'L/min'),
      number('fio2', 'FiO2', '%'),
      select('purpose', 'Given for', OXYGEN_PURPOSES),
    ],
    rows: (v) => [
      row('oxygen', v.device, v.flow, v.flow !== '' ? 'L/min' : '', v.purpose),
      ...(v.fio2 !== '' ? [row('fio2', '', v.fio2, '%')] : []),
    ],
  },
  {
    id: 'vasopressor',
    title: 'Vasopressor',
    hint: 'The rate holds until changed; a dose of 0 stops the drug.',
    fields: [
      select('drug', 'Drug', words(VASOACTIVE_DRUGS)),
      number('dose', 'Dose', units('dose', DOSE_RATE_UNITS)),
    ],
    rows: (v) => [row('vasopressor', v.drug, v.dose !== '' ? v.dose : fail('Give the dose (0 stops the drug).'), v.dose_unit)],
  },
  {
    id: 'fluids',
    title: 'Fluid bolus',
    fields: [number('volume', 'Volume', 'mL')],
    rows: (v) => [row('fluid_bolus', '', v.volume !== '' ? v.volume : fail('Give the volume.'), 'mL')],
  },
  {
    id: 'ice',
    title: 'ICE score',
    hint: 'Score every item, or mark it not assessable with the reason: it is then never counted as 0.',
    fields: ICE_ITEMS.flatMap((x) => [
      select(x.item, `${x.text} (0-${x.max})`,
        [...Array.from({ length: x.max + 1 }, (_, i) => [String(i), String(i)]), ['NA', 'Not assessable']], 'Choose'),
      { ...select(`${x.item}_reason`, 'Reason not assessable', words(NOT_ASSESSABLE_REASONS), 'Choose'), showWhen: [x.item, 'NA'] },
    ]),
    summary: (v) => {
      const { total, missing } = iceTotal(v);
      return missing.length ? `ICE ${total} of the assessable items; incomplete (${missing.join(', ')} not assessable)` : `ICE total ${total} / 10`;
    },
    rows: (v) => ICE_ITEMS.map(({ item }) => {
      if (v[item] === '') fail(`Score "${label(item).toLowerCase()}", or mark it not assessable.`);
      if (v[item] === 'NA' && !v[`${item}_reason`]) fail(`Give the reason why "${label(item).toLowerCase()}" is not assessable.`);
      return row('ice', item, v[item], '', v[item] === 'NA' ? v[`${item}_reason`] : '');
    }),
  },
  {
    id: 'capd',
    title: 'CAPD (children)',
    hint: 'Cornell Assessment of Pediatric Delirium, for children under 12: how often was each seen?',
    fields: CAPD_ITEMS.map((x) => select(x.item, x.text,
      CAPD_FREQUENCIES.map((f) => [f, `${label(f)} (${capdScore(x, f)})`]), 'Choose')),
    summary: (v) => {
      const answered = CAPD_ITEMS.filter((x) => v[x.item]);
      const total = answered.reduce((sum, x) => sum + capdScore(x, v[x.item]), 0);
      return `CAPD ${total} / 32 (${answered.length} of 8 answered)${total >= 9 ? ': positive delirium screen' : ''}`;
    },
    rows: (v) => CAPD_ITEMS.map((x) => row('capd', x.item,
      v[x.item] ? String(capdScore(x, v[x.item])) : fail(`Answer "${x.text}"`))),
  },
  {
    id: 'consciousness',
    title: 'Consciousness',
    fields: [select('level', 'Level', words(CONSCIOUSNESS)), checkbox('sedated', 'Caused by sedating drugs')],
    rows: (v) => [row('consciousness', v.level, '', '', v.sedated ? 'sedated' : '')],
  },
  {
    id: 'seizure',
    title: 'Seizure',
    fields: [select('type', 'Seizure', words(SEIZURES))],
    rows: (v) => [row('seizure', v.type)],
  },
  {
    id: 'neuroimaging',
    title: 'Neuroimaging',
    fields: [select('result', 'Result', words(NEUROIMAGING))],
    rows: (v) => [row('neuroimaging', v.result)],
  },
  {
    id: 'signs',
    title: 'Neurological signs',
    fields: [
      select('motor', 'Motor', words(MOTOR), 'Not examined'),
      select('sign', 'Sign', words(SIGNS), 'None'),
      { ...select('status', 'Status', [['1', 'Present'], ['0', 'Resolved']]), showWhen: ['sign', SIGNS] },
    ],
    rows: (v) => {
      const rows = [...(v.motor ? [row('motor', v.motor)] : []), ...(v.sign ? [row('sign', v.sign, v.status)] : [])];
      return rows.length ? rows : fail('Choose a motor finding or a sign.');
    },
  },
  {
    id: 'medication',
    title: 'Medication given',
    fields: [select('drug', 'Drug', words(MEDICATIONS)), number('dose', 'Dose', units('dose', DOSE_UNITS))],
    rows: (v) => [row('medication', v.drug, v.dose, v.dose !== '' ? v.dose_unit : '')],
  },
  {
    id: 'infusion',
    title: 'CAR-T infusion',
    hint: 'The infusion is day 0.',
    fields: [select('product', 'Product', words(PRODUCTS))],
    rows: (v) => [row('infusion', v.product)],
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
 */
export function renderForms(container, patientId, timeInput, onSaved) {
  for (const spec of FORMS) {
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
