// The advice panel: the answer of GET /api/patients/{id}/advice (cytostorm advise --format json)
// for a clinician: the grades now with their drivers, the flags to think of, the risk scores, and
// each suggestion with its guideline row, under the server's "decision support, not a
// prescription" disclaimer.

import { el, gradeText, setChildren } from './dom.js';

function gradeBlock(name, result) {
  return el('div', { class: 'advice-grade' },
    el('h4', {}, `${name}: grade ${gradeText(result.grade)}`,
      result.incomplete ? el('span', { class: 'tag', text: 'incomplete' }) : null),
    result.grade === 'not_derivable'
      ? el('p', { text: `At least grade ${result.at_least}; missing: ${result.missing.join(', ')}` }) : null,
    result.drivers.length ? el('ul', {}, result.drivers.map((d) => el('li', { text: d }))) : null,
    result.rule ? el('p', { class: 'rule', text: result.rule }) : null);
}

function suggestionItem(s) {
  return el('li', { class: s.withheld ? 'suggestion withheld' : 'suggestion' },
    el('p', { class: 'text' }, s.withheld ? el('strong', { text: 'Withheld: ' }) : null, s.text),
    s.withheld ? el('p', { class: 'reason', text: s.withheld_reason }) : null,
    ...(s.notes ?? []).map((n) => el('p', { class: 'note', text: n })),
    el('p', { class: 'row' }, el('span', { class: 'label', text: 'Guideline row: ' }), s.row),
    el('p', { class: 'rule' }, s.rule, s.verified ? null : el('span', { class: 'tag', text: 'unverified' })));
}

/**
 * Renders an advice answer into `panel`.
 * @param panel the element to fill
 * @param advice the JSON of GET /api/patients/{id}/advice
 */
export function renderAdvice(panel, advice) {
  setChildren(panel,
    el('p', { class: 'disclaimer', role: 'note', text: advice.disclaimer }),
    el('p', { class: 'when', text: `At ${advice.at_hours} h (day ${advice.day}), guideline ${advice.guideline}` }),
    advice.icu.flag ? el('p', { class: 'icu', text: `ICU: ${advice.icu.reason}` }) : null,
    el('div', { class: 'advice-grades' }, gradeBlock('CRS', advice.crs), gradeBlock('ICANS', advice.icans)),
    advice.suggestions.length
      ? el('section', {}, el('h4', { text: 'Suggestions' }), el('ol', { class: 'suggestions' }, advice.suggestions.map(suggestionItem)))
      : el('p', { text: 'No suggestion at this time.' }),
    advice.flags.length
      ? el('section', {}, el('h4', { text: 'Think of' }), el('ul', { class: 'flags' }, advice.flags.map((f) => el('li', {},
        el('strong', { text: f.title }), f.grade !== null ? ` (grade ${f.grade})` : '',
        ...f.evidence.map((e) => el('p', { class: 'evidence', text: e })),
        el('p', { class: 'rule', text: f.rule })))))
      : null,
    advice.risk_scores.length
      ? el('section', {}, el('h4', { text: 'Risk scores (information, never a trigger for treatment)' }),
        el('ul', { class: 'scores' }, advice.risk_scores.map((s) => el('li', {},
          el('strong', { text: s.title }), s.value !== null ? ` ${Number(s.value.toPrecision(3))}` : ' not computable',
          s.category ? `: ${s.category}` : '',
          s.missing.length ? el('p', { class: 'note', text: `missing: ${s.missing.join(', ')}` }) : null))))
      : null);
}
