// The portal in a real browser: Debian's chromium, headless, driven by puppeteer-core (which
// downloads no browser). On the worked example (issues 1 and 2 of the Cambridgeshire series
// already made), it checks against the paper's own text and the gateway's JSON:
//   - the page works without JavaScript: the form's choice of force and date gives the paper;
//   - the project tables by programme, each row's rating and update as the JSON API has them;
//   - the timeline draws "Spring/Summer 2018" from March to August and "not before 2019" as an
//     open arrow, measured against the year lines it draws;
//   - the chart labels the paper's ten figures and draws its bars in their proportion; the
//     table below holds the same figures;
//   - the issued reports' links: the HTML paper (immutable), its PDF and the changes page;
//   - keyboard use (skip link, every control reached with a visible focus) and axe-core
//     (WCAG 2.2 A and AA) with no serious or critical violation on every page it visits.
// Screenshots are kept in ARTIFACTS.
//
// Usage: node portal_test.mjs BASE_URL PAPER.txt ARTIFACTS   (exit 1 listing every failure)
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { checker, flat, paperFinance } from './checks.mjs';

const [base, paperPath, artifacts] = process.argv.slice(2);
const paper = readFileSync(paperPath, 'utf8');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(artifacts, { recursive: true });

const { check, finish } = checker();
const near = (a, b, tolerance) => Math.abs(a - b) <= tolerance;

// What the JSON API composes for the same paper (for the ratings, which the paper's text has not).
const json = await (await fetch(
  `${base}/v1/collaborationUpdate:compose?force=forces/cambridgeshire&asOf=2017-12-14`)).json();
const jsonRows = json.sections.flatMap((s) => s.blocks || []).filter((b) => b.projectTable)
  .flatMap((b) => b.projectTable.programmes);
const ratings = {
  DELIVERY_CONFIDENCE_GREEN: 'Green', DELIVERY_CONFIDENCE_AMBER_GREEN: 'Amber/Green',
  DELIVERY_CONFIDENCE_AMBER: 'Amber', DELIVERY_CONFIDENCE_AMBER_RED: 'Amber/Red',
  DELIVERY_CONFIDENCE_RED: 'Red', DELIVERY_CONFIDENCE_UNRATED: 'Unrated',
};

// The paper's finance figures: the periods and the two rows of section 7.
const { periods, figures } = paperFinance(paper);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

// The figure whose SVG title starts with `title`: its SVG and its <figure>.
async function figureTitled(page, title) {
  for (const svg of await page.$$('svg.bch-figure')) {
    if ((await svg.$eval('title', (t) => t.textContent)).startsWith(title)) {
      return { svg, figure: await svg.evaluateHandle((s) => s.closest('figure')) };
    }
  }
  throw new Error(`no figure titled ${title}`);
}

// axe-core on the page as it stands; serious and critical violations fail.
async function accessible(page, what) {
  await page.setJavaScriptEnabled(true);
  await page.reload({ waitUntil: 'load' });
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  for (const v of results.violations) {
    console.log(`axe ${what}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
  }
  check(bad.length === 0, `axe on ${what}: ${bad.map((v) => `${v.id} ${v.help}`).join('; ')}`);
  check(results.passes.length >= 10, `axe ran on ${what} (${results.passes.length} rules passed)`);
  await page.setJavaScriptEnabled(false);
}

try {
  const page = await browser.newPage();
  await page.setBypassCSP(true);  // the pages forbid scripts; axe-core is injected all the same
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(30000);

  // Without JavaScript: the form, filled and sent, gives the paper.
  await page.setJavaScriptEnabled(false);
  let response = await page.goto(`${base}/`, { waitUntil: 'load' });
  check(response.status() === 200, `GET / gives ${response.status()}`);
  await page.select('#series', '');
  await page.select('#force', 'forces/cambridgeshire');
  await page.$eval('#as_of', (input) => { input.value = '2017-12-14'; });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
  const url = new URL(page.url());
  check(url.searchParams.get('force') === 'forces/cambridgeshire' &&
    url.searchParams.get('as_of') === '2017-12-14', `the form sent ${page.url()}`);
  const h1 = await page.$eval('h1', (e) => e.textContent);
  check(flat(paper).includes(flat(h1)), `the page's title is the paper's: ${h1}`);
  await page.screenshot({ path: `${artifacts}/portal.png`, fullPage: true });

  // Project tables: one a programme, in order; each row's rating and update as the API says.
  const tables = await page.$$eval('table', (all) => all.map((t) => ({
    caption: t.caption?.textContent.trim() ?? '',
    headings: [...t.tHead.rows[0].cells].map((c) => c.textContent.trim()),
    rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim())),
    scoped: [...t.querySelectorAll('th')].every((th) => th.getAttribute('scope')),
  })));
  check(tables.every((t) => t.scoped), 'every table heading has a scope');
  for (const programme of jsonRows) {
    const table = tables.find((t) => t.caption.startsWith(programme.title));
    check(table, `a table for the programme ${programme.title}`);
    if (!table) continue;
    check(table.rows.length === programme.projects.length,
      `${programme.title}: ${table.rows.length} rows, the API has ${programme.projects.length}`);
    const rating = table.headings.indexOf('Rating');
    const update = table.headings.indexOf('Update');
    programme.projects.forEach((project, i) => {
      const row = table.rows[i] || [];
      check(row[0] === project.title, `row ${row[0]} is ${project.title}`);
      check(row[rating]?.startsWith(ratings[project.rating]),
        `${project.title}: rating "${row[rating]}", the API says ${ratings[project.rating]}`);
      check(flat(row[update] || '').startsWith(flat(project.update)), `${project.title}: its update`);
    });
  }
  check(flat(paper).includes('Spring/Summer 2018') && flat(paper).includes('go live before 2019'),
    'the paper states the two imprecise dates the timeline is checked on');

  // The timeline: spans measured against its own year lines.
  const timelineFigure = await figureTitled(page, 'Timeline of');
  const timeline = await timelineFigure.svg.evaluate((svg) => {
    const years = Object.fromEntries([...svg.querySelectorAll('text')]
      .filter((t) => /^\d{4}$/.test(t.textContent))
      .map((t) => [t.textContent, Number(t.getAttribute('x')) - 4]));
    const items = [...svg.querySelectorAll('g')].map((g) => {
      const rect = g.querySelector('rect');
      const line = g.querySelector('line');
      return {
        title: g.querySelector('title').textContent,
        x: rect && Number(rect.getAttribute('x')),
        width: rect && Number(rect.getAttribute('width')),
        fill: rect?.getAttribute('fill') ?? g.querySelector('path')?.getAttribute('fill'),
        arrow: line ? { from: Number(line.getAttribute('x1')), to: Number(line.getAttribute('x2')),
          marker: line.getAttribute('marker-end') } : null,
      };
    });
    return { years, items, label: svg.querySelector('title').textContent,
      right: svg.viewBox.baseVal.width };
  });
  const keyDates = jsonRows.flatMap((p) => p.projects).flatMap((r) => r.keyDates || []);
  check(timeline.label === `Timeline of ${keyDates.length} key dates`, `timeline: ${timeline.label}`);
  const year = timeline.years['2019'] - timeline.years['2018'];
  const tom = timeline.items.find((i) => i.title.includes('Target operating model go live: Spring/Summer 2018'));
  check(tom && near(tom.x, timeline.years['2018'] + (59 / 365) * year, 2) &&
    near(tom.width, (184 / 365) * year, 2),
  `Spring/Summer 2018 drawn from 1 March to 31 August: x ${tom?.x}, width ${tom?.width}, 2018 at ${timeline.years['2018']}, a year ${year}`);
  const esmcp = timeline.items.find((i) => i.title.startsWith('ESMCP: Go live: not before 2019'));
  check(esmcp && near(esmcp.x, timeline.years['2019'], 1) && esmcp.arrow?.marker?.includes('arrow') &&
    esmcp.arrow.to > timeline.years['2020'],
  `not before 2019: from 2019 on, an arrow past 2020: ${JSON.stringify(esmcp)}`);
  const achieved = timeline.items.find((i) => i.title.startsWith('Information Management: Go live: March 2017'));
  const expected = timeline.items.find((i) => i.title.startsWith('Information Management: Post-implementation review'));
  check(achieved && expected && achieved.fill !== expected.fill,
    `achieved and expected dates are drawn differently: ${achieved?.fill} / ${expected?.fill}`);
  await timelineFigure.figure.screenshot({ path: `${artifacts}/timeline.png` });

  // The chart and its table: the paper's figures, the bars in proportion.
  const chartFigure = await figureTitled(page, 'Cambridgeshire Constabulary per period');
  const chart = await chartFigure.svg.evaluate((svg) => ({
    texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
    bars: [...svg.querySelectorAll('rect')].filter((r) => Number(r.getAttribute('width')) > 24)
      .map((r) => Number(r.getAttribute('height'))),
    description: svg.querySelector('desc').textContent,
  }));
  check(figures.length === 2 && periods.length === 5, 'the paper has two rows of five figures');
  figures.flat().forEach((f) => check(chart.texts.includes(f), `the chart labels ${f}`));
  periods.forEach((p) => check(chart.texts.includes(p), `the chart labels ${p}`));
  figures.forEach((row, r) => {
    const bars = chart.bars.slice(r * 5, r * 5 + 5);
    const top = Math.max(...row.map(Number));
    row.forEach((f, i) => check(near(bars[i] / Math.max(...bars), Number(f) / top, 0.01),
      `bar ${f}: height ${bars[i]} of ${Math.max(...bars)}`));
  });
  check(figures.flat().every((f) => chart.description.includes(f)), 'the chart describes its figures');
  const finance = tables.find((t) => t.caption.startsWith('Cambridgeshire Constabulary'));
  check(finance && periods.every((p) => finance.headings.includes(p)), 'the finance table heads its periods');
  figures.forEach((row, r) => check(JSON.stringify(finance?.rows[r]?.slice(1, 6)) === JSON.stringify(row),
    `finance row ${r + 1}: ${finance?.rows[r]?.slice(1, 6)} != ${row}`));
  await chartFigure.figure.screenshot({ path: `${artifacts}/chart.png` });

  // Keyboard: the skip link first, then every control, each with a visible focus.
  await page.setJavaScriptEnabled(true);
  await page.reload({ waitUntil: 'load' });
  const focus = async () => page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return { id: e.id, cls: e.className, visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
  });
  await page.keyboard.press('Tab');
  let focused = await focus();
  check(focused.cls.includes('govuk-skip-link') && focused.visible, `first Tab: ${JSON.stringify(focused)}`);
  const reached = [];
  for (let i = 0; i < 10 && reached.length < 4; i += 1) {
    await page.keyboard.press('Tab');
    focused = await focus();
    const control = focused.cls.includes('govuk-button') ? 'button' : focused.id;
    // A date input takes a Tab for each of its day, month and year.
    if (['series', 'force', 'as_of', 'button'].includes(control) && reached.at(-1) !== control) {
      reached.push(control);
      check(focused.visible, `${focused.id || 'the button'} shows its focus`);
    }
  }
  check(reached.join() === 'series,force,as_of,button', `Tab reaches the controls in order: ${reached}`);
  await accessible(page, 'the update page');
  // Reflow (WCAG 1.4.10): at 320 CSS pixels the page does not scroll sideways; wide tables
  // scroll in their own regions.
  await page.setViewport({ width: 320, height: 800 });
  await page.reload({ waitUntil: 'load' });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  check(widths[0] <= widths[1], `at 320 px the page is ${widths[0]} px wide`);
  await page.screenshot({ path: `${artifacts}/portal-320.png` });
  await page.setViewport({ width: 1280, height: 900 });

  // Issued reports: the HTML paper, its PDF and the changes from the issue before.
  const issued = tables.find((t) => t.headings.includes('From the issue before'));
  check(issued && issued.rows.map((r) => r[0]).join() === 'Issue 2,Issue 1', `issues listed: ${issued?.rows}`);
  const links = await page.$$eval('a', (all) => all.map((a) => ({ text: a.textContent, href: a.href })));
  const link = (words) => links.find((l) => l.text.startsWith(words))?.href;
  const pdf = await fetch(link('PDF of issue 1') ?? link('PDF'));
  const bytes = Buffer.from(await pdf.arrayBuffer());
  check(pdf.status === 200 && pdf.headers.get('content-type') === 'application/pdf' &&
    bytes.subarray(0, 5).toString() === '%PDF-' && bytes.length > 10000,
  `the PDF link: ${pdf.status} ${pdf.headers.get('content-type')} ${bytes.length} bytes`);
  await page.setJavaScriptEnabled(false);
  const changes = links.find((l) => l.text.startsWith('Changes'));
  response = await page.goto(changes.href, { waitUntil: 'load' });
  const changed = await page.$eval('main', (m) => m.textContent);
  check(response.status() === 200 && changed.includes('ICT: update changed'),
    `the changes of issue 2 name the back-dated ICT update: ${flat(changed).slice(0, 300)}`);
  await page.screenshot({ path: `${artifacts}/changes.png`, fullPage: true });
  await accessible(page, 'the changes page');
  await page.goBack({ waitUntil: 'load' });
  const htmlLink = await page.$('a[href$="/issuedReports/1"]');
  [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), htmlLink.click()]);
  const issuedText = await page.$eval('body', (b) => b.textContent);
  check(response.status() === 200 && response.headers()['cache-control'].includes('immutable') &&
    flat(issuedText).includes('Cambridgeshire Spending and Savings') && flat(issuedText).includes('176.646'),
  `the HTML link of issue 1 opens the paper as issued (${response.status()})`);
  await page.screenshot({ path: `${artifacts}/issued-report.png`, fullPage: true });
  await accessible(page, 'an issued report');

  // A bad date: the page says so, keeps the form, and stays accessible.
  response = await page.goto(`${base}/?force=forces/cambridgeshire&as_of=2017-02-30`, { waitUntil: 'load' });
  const problem = await page.$eval('.govuk-error-summary', (e) => e.textContent);
  check(response.status() === 400 && problem.includes('enter a real date'), `a bad date: ${response.status()} ${problem}`);
  await accessible(page, 'the page with an error');
} finally {
  await browser.close();
}

finish(`the portal shows the paper (screenshots in ${artifacts})`);
