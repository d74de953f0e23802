// Azure Batch's $filter to a tree: `or` binds loosest, then `and`, then `not`; comparisons
// (eq ne gt ge lt le) between a property and a literal, either side; startswith(prop, 'x');
// parentheses. Properties are checked against the list's schema here, so an unknown property or
// a literal of the wrong type is an error naming its position before anything is listed.
import { FilterSyntaxError, tokenize, type Token } from './odata-lexer.ts';
import type { PropertySchema, PropertyType } from './list-properties.ts';

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: Comparison; property: string; value: Literal; type: PropertyType }
  | { kind: 'startswith'; property: string; prefix: string };

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
/** `5 lt prop` is `prop gt 5`. */
const MIRRORED: Record<Comparison, Comparison> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null', ...COMPARISONS]);
/** Nesting deeper than this is refused: the parser recurses. */
const MAX_DEPTH = 64;

type Operand = { kind: 'property'; name: string; at: number } | { kind: 'literal'; value: Literal; token: Token };

/** Parses `source` against `schema`; '' (no filter) is undefined. */
export function parseFilter<T>(source: string, schema: PropertySchema<T>): FilterNode | undefined {
  if (source.trim() === '') return undefined;
  return new Parser(tokenize(source), schema).parseAll();
}

class Parser<T> {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[], private readonly schema: PropertySchema<T>) {}

  parseAll(): FilterNode {
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') throw new FilterSyntaxError('filter', `unexpected ${describe(t)}, expected 'and', 'or' or the end`, t.at);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (++this.depth > MAX_DEPTH) throw new FilterSyntaxError('filter', `is nested more than ${MAX_DEPTH} deep`, this.peek().at);
    try {
      if (this.isWord(this.peek(), 'not')) {
        this.next();
        return { kind: 'not', operand: this.parseUnary() };
      }
      return this.parsePrimary();
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): FilterNode {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      const inner = this.parseOr();
      this.expect(')', "')'");
      return inner;
    }
    if (this.isWord(t, 'startswith')) return this.parseStartsWith();
    const left = this.parseOperand();
    const opToken = this.next();
    const op = opToken.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (!COMPARISONS.has(op)) {
      throw new FilterSyntaxError('filter', `unexpected ${describe(opToken)}, expected a comparison (eq, ne, gt, ge, lt, le)`, opToken.at);
    }
    const right = this.parseOperand();
    if (left.kind === 'property' && right.kind === 'literal') return this.comparison(op as Comparison, left, right);
    if (left.kind === 'literal' && right.kind === 'property') return this.comparison(MIRRORED[op as Comparison], right, left);
    const at = left.kind === 'literal' ? left.token.at : right.kind === 'property' ? right.at : opToken.at;
    throw new FilterSyntaxError('filter', 'a comparison is between one property and one literal', at);
  }

  private parseStartsWith(): FilterNode {
    this.next();
    this.expect('(', "'(' after startswith");
    const prop = this.parseOperand();
    if (prop.kind !== 'property') throw new FilterSyntaxError('filter', 'startswith takes a property first', prop.token.at);
    const type = this.property(prop).type;
    if (type !== 'string' && type !== 'enum') throw new FilterSyntaxError('filter', `startswith takes a string property; '${prop.name}' is ${article(type)}`, prop.at);
    this.expect(',', "','");
    const lit = this.next();
    if (lit.kind !== 'string') throw new FilterSyntaxError('filter', `startswith takes a string literal second, not ${describe(lit)}`, lit.at);
    this.expect(')', "')'");
    // Azure Batch's clients write `startswith(id,'a') eq true` too.
    if (this.isWord(this.peek(), 'eq') && this.isWord(this.tokens[this.i + 1]!, 'true')) this.i += 2;
    return { kind: 'startswith', property: prop.name, prefix: lit.value };
  }

  private parseOperand(): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'string':
      case 'number':
      case 'datetime':
        return { kind: 'literal', value: t.value, token: t };
      case 'word': {
        const lower = t.text.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', token: t };
        if (lower === 'null') return { kind: 'literal', value: null, token: t };
        if (KEYWORDS.has(lower)) throw new FilterSyntaxError('filter', `unexpected '${t.text}', expected a property or a literal`, t.at);
        return { kind: 'property', name: t.text, at: t.at };
      }
      default:
        throw new FilterSyntaxError('filter', `unexpected ${describe(t)}, expected a property or a literal`, t.at);
    }
  }

  private property(p: { name: string; at: number }) {
    const def = this.schema.properties[p.name];
    if (!def) throw new FilterSyntaxError('filter', `unknown property '${p.name}' (known: ${Object.keys(this.schema.properties).join(', ')})`, p.at);
    return def;
  }

  private comparison(op: Comparison, prop: { name: string; at: number }, lit: { value: Literal; token: Token }): FilterNode {
    const def = this.property(prop);
    const at = lit.token.at;
    let value = lit.value;
    if (value === null) {
      if (op !== 'eq' && op !== 'ne') throw new FilterSyntaxError('filter', `null compares with eq or ne only`, at);
      return { kind: 'compare', op, property: prop.name, value, type: def.type };
    }
    switch (def.type) {
      case 'string':
      case 'enum':
        if (typeof value !== 'string') throw new FilterSyntaxError('filter', `'${prop.name}' is a string: compare it with a quoted literal`, at);
        if (def.type === 'enum' && !def.values!.includes(value)) {
          throw new FilterSyntaxError('filter', `'${prop.name}' is one of ${def.values!.join(', ')}, not '${value}'`, at);
        }
        break;
      case 'int':
        if (typeof value !== 'number') throw new FilterSyntaxError('filter', `'${prop.name}' is a number: compare it with a number`, at);
        break;
      case 'datetime':
        // A quoted ISO time is taken too (clients quote it in OData v4 style as often as not).
        if (typeof value === 'string' && lit.token.kind === 'string') {
          const ms = Date.parse(value);
          if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new FilterSyntaxError('filter', `'${prop.name}' is a datetime: write datetime'2024-01-31T12:00:00Z'`, at);
          value = ms;
        } else if (lit.token.kind !== 'datetime') {
          throw new FilterSyntaxError('filter', `'${prop.name}' is a datetime: write datetime'2024-01-31T12:00:00Z'`, at);
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw new FilterSyntaxError('filter', `'${prop.name}' is a boolean: compare it with true or false`, at);
        if (op !== 'eq' && op !== 'ne') throw new FilterSyntaxError('filter', `'${prop.name}' is a boolean: compare it with eq or ne`, at);
        break;
    }
    return { kind: 'compare', op, property: prop.name, value, type: def.type };
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw new FilterSyntaxError('filter', `expected ${what}, found ${describe(t)}`, t.at);
    return t;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end': return 'the end of the filter';
    case 'word': return `'${t.text}'`;
    case 'string': return `the string '${t.value}'`;
    case 'number':
    case 'datetime': return `'${t.text}'`;
    default: return `'${t.kind}'`;
  }
}

function article(type: PropertyType): string {
  return type === 'int' ? 'a number' : `a ${type}`;
}
