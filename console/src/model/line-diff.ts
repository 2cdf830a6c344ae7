/** @module A line diff (longest common subsequence) for comparing revision YAML. */

/** DiffLine is one line of a diff. */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** lineDiff returns the lines of `a` and `b` marked unchanged, removed (-) or added (+). */
export function lineDiff(a: string, b: string): DiffLine[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  // lcs[i][j] is the LCS length of x[i:] and y[j:].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] ?? [];
    const next = lcs[i + 1] ?? [];
    for (let j = m - 1; j >= 0; j--) {
      row[j] = x[i] === y[j] ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: ' ', text: x[i] ?? '' });
      i++;
      j++;
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) > (lcs[i + 1]?.[j] ?? 0))) {
      // Strictly greater: on a tie the removal goes first, as `diff -u` prints it.
      out.push({ op: '+', text: y[j] ?? '' });
      j++;
    } else {
      out.push({ op: '-', text: x[i] ?? '' });
      i++;
    }
  }
  return out;
}
