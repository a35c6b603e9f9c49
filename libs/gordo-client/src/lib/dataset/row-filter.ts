/**
 * Gordo's `row_filter`: pandas `DataFrame.eval` expressions over tag columns (gordo-core
 * `pandas_filter_rows`), e.g. "`tag-1` > 0.5 & (`tag 2` < 10 | tag3 != 0)", a list meaning AND.
 * This reads the part of that language a row filter needs: numbers, tag names (bare identifiers
 * or backtick-quoted), `+ - * / % **`, comparisons (chained as in Python), `& | ~` and
 * `and or not` with pandas' precedence (`&`/`|` bind looser than comparisons), parentheses,
 * True/False. Anything else (functions, strings, `index`, `in`, `@locals`, `//`, which pandas
 * refuses too, arithmetic on conditions) is refused with
 * {@link RowFilterSyntaxError}, so a filter is never silently misread.
 */

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tag'; name: string }
  | { kind: 'unary'; op: '-' | '+' | 'not'; operand: Node }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%' | '**'; left: Node; right: Node }
  | { kind: 'compare'; operands: Node[]; ops: CompareOp[] }
  | { kind: 'logic'; op: 'and' | 'or'; left: Node; right: Node };

type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
type Token =
  | { type: 'num'; value: number }
  | { type: 'name'; value: string; quoted: boolean }
  | { type: 'op'; value: string };

/** A row filter this implementation cannot read (or that pandas would reject). */
export class RowFilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = 'RowFilterSyntaxError';
  }
}

/** A compiled row filter: the tags it reads and a per-row test. */
export interface RowFilter {
  /** The expressions, as configured (a list is ANDed). */
  readonly expressions: readonly string[];
  /** Tag names the filter reads, in order of first use. */
  readonly tags: readonly string[];
  /** Whether row `row` passes, reading values through `valueOf(tag, row)`. */
  test(valueOf: (tag: string, row: number) => number, row: number): boolean;
}

// Names pandas resolves to something other than a column: refused rather than read as a tag.
const SPECIAL_NAMES = new Set([
  'index',
  'columns',
  'None',
  'in',
  'is',
  'if',
  'else',
  'lambda',
  'NaN',
  'nan',
  'inf',
]);

/** Compiles the row filter of a model; the empty list means "keep every row". */
export function compileRowFilter(expressions: readonly string[]): RowFilter {
  const trees = expressions.map((e) => parseExpression(e));
  const tags: string[] = [];
  for (const tree of trees) collectTags(tree, tags);
  return {
    expressions,
    tags,
    test: (valueOf, row) => trees.every((tree) => truthy(evaluate(tree, valueOf, row))),
  };
}

function parseExpression(expression: string): Node {
  const tokens = tokenize(expression);
  let pos = 0;
  const fail = (why: string): never => {
    throw new RowFilterSyntaxError(`row_filter "${expression}": ${why}`, expression);
  };
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (...ops: string[]): boolean => {
    const t = peek();
    return (
      (t?.type === 'op' && ops.includes(t.value)) ||
      (t?.type === 'name' && !t.quoted && ops.includes(t.value))
    );
  };
  const take = (): Token => tokens[pos++] as Token;

  const or = (): Node => {
    let left = and();
    while (isOp('|', 'or')) {
      take();
      left = logic('or', left, and());
    }
    return left;
  };
  const and = (): Node => {
    let left = not();
    while (isOp('&', 'and')) {
      take();
      left = logic('and', left, not());
    }
    return left;
  };
  const not = (): Node => {
    if (isOp('not')) {
      take();
      return negate(not());
    }
    return comparison();
  };
  const comparison = (): Node => {
    const operands = [sum()];
    const ops: CompareOp[] = [];
    while (isOp('<', '<=', '>', '>=', '==', '!=')) {
      ops.push(take().value as CompareOp);
      operands.push(sum());
    }
    if (ops.length === 0) return operands[0] as Node;
    if (operands.some((o) => typeOf(o) !== 'number')) fail('comparisons need numbers on both sides');
    return { kind: 'compare', operands, ops };
  };
  const sum = (): Node => {
    let left = term();
    while (isOp('+', '-')) {
      const op = take().value as '+' | '-';
      left = arithmetic(op, left, term());
    }
    return left;
  };
  const term = (): Node => {
    let left = factor();
    while (isOp('*', '/', '%')) {
      const op = take().value as '*' | '/' | '%';
      left = arithmetic(op, left, factor());
    }
    return left;
  };
  const factor = (): Node => {
    if (isOp('-', '+')) {
      const op = take().value as '-' | '+';
      const operand = factor();
      if (typeOf(operand) !== 'number') fail(`unary ${op} needs a number`);
      return { kind: 'unary', op, operand };
    }
    if (isOp('~')) {
      take();
      return negate(factor());
    }
    return power();
  };
  const power = (): Node => {
    const base = atom();
    if (isOp('**')) {
      take();
      return arithmetic('**', base, factor());
    }
    return base;
  };
  const atom = (): Node => {
    const token = peek();
    if (!token) return fail('unexpected end');
    if (token.type === 'num') {
      take();
      return { kind: 'number', value: token.value };
    }
    if (token.type === 'op' && token.value === '(') {
      take();
      const inner = or();
      if (!isOp(')')) fail('missing ")"');
      take();
      return inner;
    }
    if (token.type === 'name') {
      take();
      if (!token.quoted) {
        if (token.value === 'True' || token.value === 'False')
          return { kind: 'bool', value: token.value === 'True' };
        if (SPECIAL_NAMES.has(token.value) || ['and', 'or', 'not'].includes(token.value))
          fail(`"${token.value}" is not supported`);
        if (isOp('(')) fail(`function calls such as ${token.value}(…) are not supported`);
      }
      return { kind: 'tag', name: token.value };
    }
    return fail(`unexpected "${token.value}"`);
  };
  const logic = (op: 'and' | 'or', left: Node, right: Node): Node => {
    if (typeOf(left) !== 'bool' || typeOf(right) !== 'bool') fail(`"${op}" needs conditions on both sides`);
    return { kind: 'logic', op, left, right };
  };
  const negate = (operand: Node): Node => {
    if (typeOf(operand) !== 'bool') fail('negation needs a condition');
    return { kind: 'unary', op: 'not', operand };
  };
  const arithmetic = (op: Extract<Node, { kind: 'binary' }>['op'], left: Node, right: Node): Node => {
    if (typeOf(left) !== 'number' || typeOf(right) !== 'number') fail(`"${op}" needs numbers`);
    return { kind: 'binary', op, left, right };
  };

  if (tokens.length === 0) fail('empty expression');
  const tree = or();
  if (pos < tokens.length) fail(`unexpected "${String(peek()?.value)}"`);
  if (typeOf(tree) !== 'bool') fail('the expression is not a condition');
  return tree;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const fail = (why: string): never => {
    throw new RowFilterSyntaxError(`row_filter "${expression}": ${why}`, expression);
  };
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest.startsWith('`')) {
      const close = expression.indexOf('`', i + 1);
      if (close < 0) fail('unclosed backtick');
      tokens.push({ type: 'name', value: expression.slice(i + 1, close), quoted: true });
      i = close + 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ type: 'num', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      tokens.push({ type: 'name', value: name[0], quoted: false });
      i += name[0].length;
      continue;
    }
    if (rest.startsWith('//')) fail('floor division (//) is not supported (pandas refuses it too)');
    const op = /^(?:\*\*|<=|>=|==|!=|[<>+\-*/%&|~()])/.exec(rest);
    if (op) {
      tokens.push({ type: 'op', value: op[0] });
      i += op[0].length;
      continue;
    }
    fail(`unexpected character "${rest[0]}"`);
  }
  return tokens;
}

function typeOf(node: Node): 'number' | 'bool' {
  switch (node.kind) {
    case 'number':
    case 'tag':
    case 'binary':
      return 'number';
    case 'unary':
      return node.op === 'not' ? 'bool' : 'number';
    default:
      return 'bool';
  }
}

function collectTags(node: Node, into: string[]): void {
  switch (node.kind) {
    case 'tag':
      if (!into.includes(node.name)) into.push(node.name);
      return;
    case 'unary':
      return collectTags(node.operand, into);
    case 'binary':
    case 'logic':
      collectTags(node.left, into);
      return collectTags(node.right, into);
    case 'compare':
      return node.operands.forEach((o) => collectTags(o, into));
    default:
      return;
  }
}

function truthy(value: number | boolean): boolean {
  return value === true;
}

function evaluate(node: Node, valueOf: (tag: string, row: number) => number, row: number): number | boolean {
  const num = (n: Node) => evaluate(n, valueOf, row) as number;
  const bool = (n: Node) => evaluate(n, valueOf, row) as boolean;
  switch (node.kind) {
    case 'number':
    case 'bool':
      return node.value;
    case 'tag':
      return valueOf(node.name, row);
    case 'unary':
      return node.op === 'not'
        ? !bool(node.operand)
        : node.op === '-'
          ? -num(node.operand)
          : num(node.operand);
    case 'binary':
      return arithmeticOf(node.op, num(node.left), num(node.right));
    case 'logic':
      return node.op === 'and' ? bool(node.left) && bool(node.right) : bool(node.left) || bool(node.right);
    case 'compare': {
      let left = num(node.operands[0] as Node);
      for (let k = 0; k < node.ops.length; k++) {
        const right = num(node.operands[k + 1] as Node);
        if (!compare(node.ops[k] as CompareOp, left, right)) return false;
        left = right;
      }
      return true;
    }
  }
}

function arithmeticOf(op: Extract<Node, { kind: 'binary' }>['op'], a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '**':
      return a ** b;
    // Python's modulo takes the sign of the divisor.
    case '%':
      return a - b * Math.floor(a / b);
  }
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
