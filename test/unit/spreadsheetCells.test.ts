import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, spreadsheetCsv } from '../../server/exports/spreadsheetCells.js';

describe('spreadsheet cells in exports', () => {
  it('prefixes a single quote to text that a spreadsheet would read as a formula', () => {
    const hostile = ['=HYPERLINK("http://x")', '+1+2', '-1+2', '@SUM(1)', '\tcmd', '\rcmd'];
    expect(hostile.map(neutraliseFormula)).toEqual(hostile.map((t) => `'${t}`));
  });

  it('leaves other text, numbers and empty cells as they are', () => {
    const [row] = parse(spreadsheetCsv([['Park Min-jun', 'a=b', "'quoted", '', -5, 0, 12.5]]));
    expect(row).toEqual(['Park Min-jun', 'a=b', "'quoted", '', '-5', '0', '12.5']);
  });

  it('neutralises every text cell of every row, and still quotes what CSV needs quoted', () => {
    const csv = spreadsheetCsv([['name', 'note'], ['=1+1', '@x, "y"\nz'], ['-2', '\t3']]);
    expect(parse(csv)).toEqual([['name', 'note'], ["'=1+1", '\'@x, "y"\nz'], ["'-2", "'\t3"]]);
  });
});
