import { compileRowFilter, RowFilterSyntaxError } from './row-filter';

// Columns A and B over the rows of np.ndindex((3, 3)), as in gordo-core's pandas_filter_rows examples;
// the expected rows were checked with pandas 1.5.3 (DataFrame.eval, numexpr, parser "pandas").
const A = [0, 0, 0, 1, 1, 1, 2, 2, 2];
const B = [0, 1, 2, 0, 1, 2, 0, 1, 2];
const columns: Record<string, number[]> = { A, B, 'tag 1': A, 'tag-2': B };
const rowsKept = (...expressions: string[]) => {
  const filter = compileRowFilter(expressions);
  return A.map((_, row) => row).filter((row) =>
    filter.test((tag, r) => (columns[tag] as number[])[r] as number, row),
  );
};

describe('compileRowFilter (pandas eval semantics)', () => {
  it.each([
    ['`A`>1', [6, 7, 8]],
    ['`A`> B', [3, 6, 7]],
    ['(`A`>1) | (`B`<1)', [0, 3, 6, 7, 8]],
    ['(`A`>1) & (`B`<1)', [6]],
    ['A > 1 & B < 1', [6]], // & binds looser than comparisons in pandas
    ['A > 1 and not B >= 1', [6]],
    ['~(A == 1) & B != 2', [0, 1, 6, 7]],
    ['0 < A <= 1 < B + 1', [4, 5]], // chained comparisons, arithmetic
    ['A * 2 - B / 2 >= 3 or A ** 2 == 4', [6, 7, 8]],
    ['B % 2 == 1', [1, 4, 7]],
    ['`tag 1` >= 1.5e0 & `tag-2` % 2 == 0', [6, 8]],
    ['-A < -1', [6, 7, 8]],
  ])('%s keeps rows %j', (expression, expected) => {
    expect(rowsKept(expression)).toEqual(expected);
  });

  it('ANDs a list of expressions', () => {
    expect(rowsKept('A!=1', 'B<3')).toEqual([0, 1, 2, 6, 7, 8]);
  });

  it('lists the tags it reads, backticked names unquoted', () => {
    expect(compileRowFilter(['`tag 1` > 0 & B < `tag 1`', 'C == 1']).tags).toEqual(['tag 1', 'B', 'C']);
  });

  it.each([
    ['abs(A) > 1', 'function calls'],
    ['index > 3', '"index" is not supported'],
    ['A > "x"', 'unexpected character'],
    ['A + B', 'not a condition'],
    ['(A > 1) + 1 > 0', 'needs numbers'],
    ['A > 1 &', 'unexpected end'],
    ['A in B', 'unexpected "in"'],
    ['`A > 1', 'unclosed backtick'],
    ['B // 2 > 0', 'floor division'],
  ])('refuses %s (%s)', (expression, reason) => {
    expect(() => compileRowFilter([expression])).toThrow(RowFilterSyntaxError);
    expect(() => compileRowFilter([expression])).toThrow(reason);
  });
});
