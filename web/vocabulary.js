// The words the forms offer come from the server (GET /api/vocabulary): the event table's kinds,
// items, units and ranges exactly as the reader checks them (formats.md section 1), and what a
// CAPD answer scores. What stays here is presentation: the labels a clinician reads and the
// questions of the ICE and CAPD.

import { getJson } from './api.js';

const SPECIAL_LABELS = {
  cpap: 'CPAP',
  bipap: 'BiPAP',
  fio2: 'FiO2',
  spo2: 'SpO2',
  sbp: 'Systolic BP',
  dbp: 'Diastolic BP',
  map: 'Mean arterial pressure',
  resp_rate: 'Respiratory rate',
  angiotensin_ii: 'Angiotensin II',
  cn6_palsy: 'Cranial nerve VI palsy',
  cushing_triad: "Cushing's triad",
  nonconvulsive_eeg_resolved: 'Non-convulsive on EEG, resolved with intervention',
  brief_resolved: 'Clinical seizure, resolved rapidly',
  prolonged: 'Prolonged (> 5 min)',
  repetitive_no_baseline: 'Repetitive, no return to baseline between',
  spontaneous: 'Awakens spontaneously',
  voice: 'Awakens to voice',
  tactile: 'Awakens only to touch',
  unarousable: 'Unarousable, or needs vigorous or repeated touch',
  deep_focal_weakness: 'Deep focal motor weakness (hemiparesis, paraparesis)',
  focal_edema: 'Focal or local edema',
  diffuse_edema: 'Diffuse cerebral edema',
  hemorrhage: 'Intracranial hemorrhage',
  dobutamine: 'Dobutamine (inotrope, not counted)',
  milrinone: 'Milrinone (inotrope, not counted)',
  comfort: 'Comfort, no hypoxia (not counted)',
  airway_protection: 'Airway protection for neurotoxicity (not counted)',
};

/** The label of a vocabulary word: "nasal_cannula" reads "Nasal cannula". */
export function label(word) {
  if (SPECIAL_LABELS[word]) return SPECIAL_LABELS[word];
  const text = word.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The question of each ICE item (clinical-rules.md section 3). */
export const ICE_QUESTIONS = {
  orientation: 'Orientation: year, month, city, hospital',
  naming: 'Naming three objects',
  commands: 'Following simple commands',
  writing: 'Writing a standard sentence',
  attention: 'Counting back from 100 by 10',
};

/** Why an ICE item could not be assessed (it is then never scored as 0); free text in note. */
export const NOT_ASSESSABLE_REASONS = [
  'sedated', 'intubated', 'baseline aphasia', 'language', 'visual', 'motor', 'refused',
];

/** The question of each CAPD item. */
export const CAPD_QUESTIONS = {
  eye_contact: 'Does the child make eye contact with the caregiver?',
  purposeful: "Are the child's actions purposeful?",
  aware: 'Is the child aware of his/her surroundings?',
  communicates: 'Does the child communicate needs and wants?',
  restless: 'Is the child restless?',
  inconsolable: 'Is the child inconsolable?',
  underactive: 'Is the child underactive (very little movement while awake)?',
  slow_response: 'Does it take the child a long time to respond to interactions?',
};

/**
 * The server's vocabulary, arranged for the forms.
 * @return the words of each kind the forms write, the vitals and ICE items with their units and
 *   maximum points, the CAPD answers with each item's points, and the oxygen purposes
 */
export async function loadVocabulary() {
  const answer = await getJson('/api/vocabulary');
  const kinds = new Map(answer.kinds.map((k) => [k.kind, k.items]));
  const items = (kind) => kinds.get(kind) ?? [];
  const words = (kind) => items(kind).map((i) => i.item);
  // The units a kind's items take, in the order first given.
  const units = (kind) => [...new Set(items(kind).flatMap((i) => i.units))].filter((u) => u !== '');
  const { answers, points, positive_from: positiveFrom } = answer.capd;
  return {
    products: words('infusion'),
    vitals: items('vital').map(({ item, units: u }) => ({ item, units: u })),
    hypotension: words('hypotension'),
    oxygenDevices: words('oxygen'),
    flowUnit: units('oxygen')[0],
    fio2Unit: units('fio2')[0],
    oxygenPurposes: answer.oxygen_purposes,
    vasoactiveDrugs: words('vasopressor'),
    doseRateUnits: units('vasopressor'),
    medications: words('medication'),
    doseUnits: units('medication'),
    bolusUnit: units('fluid_bolus')[0],
    // The items scored with points (not the total).
    ice: items('ice').filter((i) => i.value === 'points').map(({ item, max }) => ({ item, max })),
    capd: {
      items: Object.keys(points).map((item) => ({ item, points: points[item] })),
      answers,
      positiveFrom,
    },
    consciousness: words('consciousness'),
    seizures: words('seizure'),
    neuroimaging: words('neuroimaging'),
    motor: words('motor'),
    signs: words('sign'),
  };
}
