// Checks a composed update (proto3 JSON of bch.update.v1.CollaborationUpdate) field by field
// against the paper it must reproduce, read from the paper's own text
// (../shared/seed/collaboration-update-2017-12.txt): the header, the numbered section titles in
// order, every project row's title and update text, the programmes in order, each key date in
// the precision the paper states it, the three areas with their lead forces and units, the
// highlights the paper names, the review, and the finance table's ten figures and two totals.
//
// Usage: node check_paper.mjs PAPER.txt UPDATE.json   (exit 1 listing every mismatch)
import { readFileSync } from 'node:fs';
import { checker, flat, paperFinance } from './checks.mjs';

const [paperPath, updatePath] = process.argv.slice(2);
const paper = readFileSync(paperPath, 'utf8');
const update = JSON.parse(readFileSync(updatePath, 'utf8'));
const { check, finish } = checker();

// The paper between two numbered headings, whitespace collapsed.
const headings = [...paper.matchAll(/^\s*(\d)\.\s+(\S.*?)\s*$/gm)].map((m) => ({
  number: Number(m[1]), title: m[2], index: m.index,
}));
const between = (from, to) => {
  const start = headings.find((h) => h.number === from).index;
  const end = to ? headings.find((h) => h.number === to).index : paper.length;
  return flat(paper.slice(start, end));
};

// Header: "To:", "From:", "Date:" as the paper prints them.
const field = (label) => flat(paper.match(new RegExp(`${label}:\\s+(.+?)\\s*$`, 'm'))[1]);
const header = update.header;
check(header.audience === field('To'), `header.audience ${header.audience} != ${field('To')}`);
check(header.author === field('From'), `header.author ${header.author} != ${field('From')}`);
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const date = `${header.date.day} ${months[header.date.month - 1]} ${header.date.year}`;
check(date === field('Date'), `header.date ${date} != ${field('Date')}`);
check(flat(paper).includes(header.title), `header.title not in the paper: ${header.title}`);

// Sections: the paper's numbered headings, in order.
const sections = update.sections;
check(sections.length === headings.length,
  `${sections.length} sections; the paper has ${headings.length}`);
headings.forEach((h, i) => check(sections[i]?.title === h.title,
  `section ${h.number}: ${sections[i]?.title} != ${h.title}`));
for (const s of sections) check(!s.incomplete, `section ${s.id} incomplete: ${s.missingReason}`);
const blocks = (kind) => sections.flatMap((s) => (s.blocks || []).filter((b) => b[kind]))
  .map((b) => b[kind]);

// Projects: programmes in the paper's order, each row's title and update as the paper has them.
const table = between(4, 5);
const [projectTable] = blocks('projectTable');
const programmes = projectTable.programmes;
const positions = programmes.map((p) => table.indexOf(` ${p.title} `));
check(programmes.length === 3 && positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1])),
  `programmes ${programmes.map((p) => p.title)} not in the paper's order`);
const rows = programmes.flatMap((p) => p.projects);
check(rows.length === 10, `${rows.length} project rows; the paper has 10`);
for (const row of rows) {
  check(table.includes(flat(row.title)), `row title not in the paper: ${row.title}`);
  check(row.update && table.includes(flat(row.update)), `${row.title}: update not the paper's: ${row.update}`);
}
// The sub-projects' dates stand under their parents' rows (ABLE's finance and HR elements).
const able = rows.find((r) => r.project === 'projects/able');
for (const sub of ['projects/able-finance/', 'projects/able-hr/']) {
  check(able?.keyDates?.some((d) => d.milestone.startsWith(sub)), `ABLE's row lacks ${sub}`);
}

// Key dates in the precision the paper states (read from the paper's words above).
const keyDates = new Map(rows.flatMap((r) => (r.keyDates || []).map((d) => [d.milestone, d])));
const stated = [
  ['projects/ict/milestones/go-live', 'Spring/Summer 2018', 'DATE_PRECISION_SEASON', undefined, false],
  ['projects/able-hr/milestones/go-live', 'November 2018', 'DATE_PRECISION_MONTH', undefined, false],
  ['projects/able-finance/milestones/go-live', '2017', 'DATE_PRECISION_YEAR', undefined, true],
  ['projects/esmcp/milestones/go-live', 'not before 2019', 'DATE_PRECISION_YEAR', 'DATE_QUALIFIER_NOT_BEFORE', false],
  ['projects/digital-contact-mobilisation/milestones/go-lives', 'throughout 2018', 'DATE_PRECISION_YEAR', 'DATE_QUALIFIER_THROUGHOUT', false],
  ['projects/information-management/milestones/go-live', 'March 2017', 'DATE_PRECISION_MONTH', undefined, true],
  ['projects/information-management/milestones/post-implementation-review', 'August 2018', 'DATE_PRECISION_MONTH', undefined, false],
  ['projects/criminal-justice-phase-2/milestones/phase-2-go-live', 'June 2017', 'DATE_PRECISION_MONTH', undefined, true],
  ['projects/custody/milestones/people-structure', 'March 2017', 'DATE_PRECISION_MONTH', undefined, true],
  ['projects/custody/milestones/project-close', 'March 2018', 'DATE_PRECISION_MONTH', undefined, false],
  ['projects/athena/milestones/go-live', 'May 2018', 'DATE_PRECISION_MONTH', undefined, false],
];
for (const [milestone, text, precision, qualifier, achieved] of stated) {
  const d = keyDates.get(milestone);
  check(d?.date?.text === text, `${milestone}: ${d?.date?.text} != ${text}`);
  check(d?.date?.precision === precision, `${milestone}: precision ${d?.date?.precision} != ${precision}`);
  check(d?.date?.qualifier === qualifier, `${milestone}: qualifier ${d?.date?.qualifier} != ${qualifier}`);
  check(Boolean(d?.achieved) === achieved, `${milestone}: achieved ${d?.achieved} != ${achieved}`);
  check(table.includes(text.replace('not before ', 'before ')), `${text} is not the paper's`);
}

// Areas: "X is led by Y, and includes [at this time[,]] A; B; C." or "A, B, C and D" (with or
// without the Oxford comma) (3.5 to 3.7).
const listed = (text) => {
  if (text.includes('; ')) return text.split('; ');
  const items = text.split(', ');
  const last = items.pop();
  return last.startsWith('and ') ? [...items, last.slice(4)] : [...items, ...last.split(' and ')];
};
const background = between(3, 4);
const areas = blocks('areas').flatMap((a) => a.areas);
const stated_areas = [...background.matchAll(
  /\d\.\d\s+([A-Z][A-Za-z ]+?) is led by ([A-Za-z ]+?), and includes (?:at this time,? )?(.+?)\./g)];
check(stated_areas.length === 3 && areas.length === 3, `areas: ${areas.length}, paper ${stated_areas.length}`);
for (const [, title, lead, units] of stated_areas) {
  const area = areas.find((a) => a.title === title);
  check(area, `area ${title} missing`);
  check(area?.leadForces?.[0] === lead, `${title}: lead ${area?.leadForces} != ${lead}`);
  const paperUnits = listed(units);
  check(JSON.stringify(area?.units) === JSON.stringify(paperUnits),
    `${title}: units ${JSON.stringify(area?.units)} != ${JSON.stringify(paperUnits)}`);
}

// Highlights: the go-lives the paper's 3.8 names, since the last report in December 2016.
const [highlights] = blocks('highlights');
check(highlights.since?.year === 2016 && highlights.since?.month === 12, 'highlights since December 2016');
for (const named of ['Information Management: Go live, March 2017',
  'Criminal Justice Phase 2: Phase 2 go live, June 2017', 'ICT convergence']) {
  check(highlights.items.some((i) => i.includes(named)), `highlights lack ${named}`);
}

// Governance: the review the paper names, and a model tree.
const governance = between(5, 6);
const [review] = blocks('recommendations');
check(review && governance.includes(review.title.replace(' of BCH governance', '')),
  `review ${review?.title} is not the paper's`);
check(blocks('governanceModel')[0]?.roots?.length > 0, 'the governance model tree');

// Finance: the periods, the ten figures and the totals of section 7.
const { spending, periods, figures } = paperFinance(paper);
const [finance] = blocks('financeTable');
check(JSON.stringify(finance.periods) === JSON.stringify(periods), `periods ${finance.periods} != ${periods}`);
check(finance.rows.length === 2 && figures.length === 2, 'two finance rows');
finance.rows.forEach((row, r) => {
  check(flat(spending).includes(row.label.replace(' collaboration', '')), `row label ${row.label}`);
  row.cells.forEach((cell, c) => check(cell.text === figures[r][c],
    `${row.label} ${periods[c]}: ${cell.text} != ${figures[r][c]}`));
});
check(finance.rows[0]?.total?.text === '176.646', `spend total ${finance.rows[0]?.total?.text}`);
check(finance.rows[1]?.total?.text === '2.917', `savings total ${finance.rows[1]?.total?.text}`);
check(finance.caption === 'Cambridgeshire Constabulary', `caption ${finance.caption}`);

finish('the composed update matches the paper');
