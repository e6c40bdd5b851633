// What the end-to-end checkers share: a list of checks that fail together at the end, and the
// finance figures of the worked example's paper read from its own text.
export const flat = (text) => text.replace(/\s+/g, ' ').trim();

// check(ok, what) records a check; finish(summary) prints the summary, or every failed check
// and exits 1.
export function checker() {
  const failures = [];
  let checked = 0;
  return {
    check(ok, what) {
      checked += 1;
      if (!ok) failures.push(what);
    },
    finish(summary) {
      if (failures.length) {
        console.error(`${failures.length} of ${checked} checks failed:\n  ${failures.join('\n  ')}`);
        process.exit(1);
      }
      console.log(`${summary}: ${checked} checks`);
    },
  };
}

// Section 7 of the paper: its text, its periods ("2016/17", …) and its rows of figures.
export function paperFinance(paper) {
  const spending = paper.slice(paper.search(/^\s*7\.\s/m), paper.search(/^\s*8\.\s/m));
  return {
    spending,
    periods: spending.match(/\d{4}\/\d{2}/g),
    figures: [...spending.matchAll(/^\s*((?:\d+\.\d{3}\s+)+)$/gm)].map((m) => m[1].trim().split(/\s+/)),
  };
}
