// The words of the event table (formats.md section 1) that the forms offer, with the labels a
// clinician reads. The server checks every row against its own vocabulary and answers with the
// line and column of anything it does not accept, so a word missing here can still be imported.

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
};

/** The label of a vocabulary word: "nasal_cannula" reads "Nasal cannula". */
export function label(word) {
  if (SPECIAL_LABELS[word]) return SPECIAL_LABELS[word];
  const text = word.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const PRODUCTS = ['axi-cel', 'tisa-cel', 'liso-cel', 'brexu-cel', 'ide-cel', 'cilta-cel', 'other'];

export const OXYGEN_DEVICES = [
  'room_air', 'blow_by', 'nasal_cannula', 'high_flow_nasal_cannula', 'simple_facemask',
  'non_rebreather', 'venturi', 'cpap', 'bipap', 'mechanical_ventilation',
];

/** Why oxygen is given; comfort and airway protection do not count as CRS hypoxia. */
export const OXYGEN_PURPOSES = [
  ['', 'Hypoxia'],
  ['comfort', 'Comfort, no hypoxia (not counted)'],
  ['airway_protection', 'Airway protection for neurotoxicity (not counted)'],
];

export const VASOACTIVE_DRUGS = [
  'norepinephrine', 'epinephrine', 'phenylephrine', 'dopamine', 'vasopressin', 'angiotensin_ii',
  'dobutamine', 'milrinone',
];
export const DOSE_RATE_UNITS = ['ug/min', 'ug/kg/min', 'U/min'];

export const MEDICATIONS = [
  'tocilizumab', 'siltuximab', 'anakinra', 'dexamethasone', 'methylprednisolone', 'hydrocortisone',
  'acetaminophen', 'ibuprofen', 'levetiracetam', 'other',
];
export const DOSE_UNITS = ['mg', 'mg/kg', 'g', 'ug'];

/** Vital signs and their units (the first is the default). Ranges are the server's to check. */
export const VITALS = [
  { item: 'temperature', units: ['C', 'F'] },
  { item: 'sbp', units: ['mmHg'] },
  { item: 'dbp', units: ['mmHg'] },
  { item: 'map', units: ['mmHg'] },
  { item: 'heart_rate', units: ['/min'] },
  { item: 'resp_rate', units: ['/min'] },
  { item: 'spo2', units: ['%'] },
];

/** The five ICE items with their maximum points (clinical-rules.md section 3). */
export const ICE_ITEMS = [
  { item: 'orientation', max: 4, text: 'Orientation: year, month, city, hospital' },
  { item: 'naming', max: 3, text: 'Naming three objects' },
  { item: 'commands', max: 1, text: 'Following simple commands' },
  { item: 'writing', max: 1, text: 'Writing a standard sentence' },
  { item: 'attention', max: 1, text: 'Counting back from 100 by 10' },
];

/** Why an ICE item could not be assessed (it is then never scored as 0). */
export const NOT_ASSESSABLE_REASONS = [
  'sedated', 'intubated', 'baseline aphasia', 'language', 'visual', 'motor', 'refused',
];

/** The eight CAPD items; the first four are reverse-scored (never = 4 ... always = 0). */
export const CAPD_ITEMS = [
  { item: 'eye_contact', reverse: true, text: 'Does the child make eye contact with the caregiver?' },
  { item: 'purposeful', reverse: true, text: "Are the child's actions purposeful?" },
  { item: 'aware', reverse: true, text: 'Is the child aware of his/her surroundings?' },
  { item: 'communicates', reverse: true, text: 'Does the child communicate needs and wants?' },
  { item: 'restless', reverse: false, text: 'Is the child restless?' },
  { item: 'inconsolable', reverse: false, text: 'Is the child inconsolable?' },
  { item: 'underactive', reverse: false, text: 'Is the child underactive (very little movement while awake)?' },
  { item: 'slow_response', reverse: false, text: 'Does it take the child a long time to respond to interactions?' },
];
export const CAPD_FREQUENCIES = ['never', 'rarely', 'sometimes', 'often', 'always'];

export const CONSCIOUSNESS = ['alert', 'spontaneous', 'voice', 'tactile', 'unarousable'];
export const SEIZURES = ['brief_resolved', 'nonconvulsive_eeg_resolved', 'prolonged', 'repetitive_no_baseline'];
export const NEUROIMAGING = ['normal', 'focal_edema', 'diffuse_edema', 'hemorrhage'];
export const MOTOR = ['none', 'deep_focal_weakness'];
export const SIGNS = ['global_aphasia', 'posturing', 'papilledema', 'cn6_palsy', 'cushing_triad', 'tremor', 'myoclonus'];
