// Parses a formula's tokens into statements (recursive descent). From loosest to tightest:
//   statement   := name '=' expression (';' | end)
//   conditional := or ('?' conditional ':' conditional)?
//   or := and ('||' and)*     and := equality ('&&' equality)*
//   equality := comparison (('=='|'!=') comparison)*
//   comparison := additive (('<'|'<='|'>'|'>=') additive)*
//   additive := term (('+'|'-') term)*     term := unary (('*'|'/') unary)*
//   unary := ('-'|'!') unary | postfix     postfix := primary ('.' name '(' args ')')*
//   primary := number | string | name | name '(' args ')' | '(' conditional ')'
import { startOf, type Assignment, type BinaryOperator, type Expression, type Formula } from './formula-ast.ts';
import { FormulaError } from './formula-error.ts';
import { tokenize, type Token } from './formula-lexer.ts';

/** Azure Batch's limits on a formula: 8 KB of text, 100 statements. */
export const MAX_FORMULA_LENGTH = 8192;
export const MAX_STATEMENTS = 100;

export function parseFormula(text: string): Formula {
  if (text.length > MAX_FORMULA_LENGTH) throw new FormulaError('syntax', { line: 1, column: 1 }, `a formula is at most ${MAX_FORMULA_LENGTH} characters (this one has ${text.length})`);
  return new Parser(tokenize(text)).formula();
}

const LEVELS: BinaryOperator[][] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/']];

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  formula(): Formula {
    const statements: Assignment[] = [];
    while (this.peek().kind !== 'end') {
      if (this.isOperator(';')) {
        this.i++;
        continue;
      }
      statements.push(this.statement());
      if (statements.length > MAX_STATEMENTS) throw new FormulaError('syntax', statements.at(-1)!.at, `a formula has at most ${MAX_STATEMENTS} statements`);
    }
    if (statements.length === 0) throw new FormulaError('syntax', this.peek().at, 'a formula needs at least one statement ($TargetDedicatedNodes = ...;)');
    return { statements };
  }

  private statement(): Assignment {
    const name = this.peek();
    if (name.kind !== 'name') throw this.unexpected(name, 'a statement starts with the name of the variable it sets ($x = ...;)');
    this.i++;
    if (!this.isOperator('=')) throw this.unexpected(this.peek(), `expected '=' after '${name.text}'`);
    this.i++;
    const value = this.conditional();
    const next = this.peek();
    if (this.isOperator(';')) this.i++;
    else if (next.kind !== 'end') throw this.unexpected(next, "expected ';' at the end of the statement");
    return { name: name.text, value, at: name.at };
  }

  private conditional(): Expression {
    const condition = this.binary(0);
    if (!this.isOperator('?')) return condition;
    this.i++;
    const then = this.conditional();
    if (!this.isOperator(':')) throw this.unexpected(this.peek(), "expected ':' of the '? :' begun before");
    this.i++;
    const otherwise = this.conditional();
    return { kind: 'conditional', condition, then, otherwise, at: startOf(condition) };
  }

  private binary(level: number): Expression {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      const operator = LEVELS[level]!.find((o) => this.isOperator(o));
      if (!operator) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = { kind: 'binary', operator, left, right, at: token.at };
    }
  }

  private unary(): Expression {
    const token = this.peek();
    if (this.isOperator('-') || this.isOperator('!')) {
      this.i++;
      return { kind: 'unary', operator: token.text as '-' | '!', operand: this.unary(), at: token.at };
    }
    return this.postfix();
  }

  private postfix(): Expression {
    let target = this.primary();
    while (this.isOperator('.')) {
      this.i++;
      const name = this.peek();
      if (name.kind !== 'name' || name.text.startsWith('$')) throw this.unexpected(name, "expected a method name after '.' (GetSample, Count, ...)");
      this.i++;
      if (!this.isOperator('(')) throw this.unexpected(this.peek(), `expected '(' after the method name '${name.text}'`);
      target = { kind: 'method', target, name: name.text, args: this.args(), at: name.at };
    }
    return target;
  }

  private primary(): Expression {
    const token = this.peek();
    if (token.kind === 'number') {
      this.i++;
      const value = Number(token.text);
      if (!Number.isFinite(value)) throw new FormulaError('syntax', token.at, `the number '${token.text}' is out of range`);
      return { kind: 'number', value, at: token.at };
    }
    if (token.kind === 'string') {
      this.i++;
      return { kind: 'string', value: token.text, at: token.at };
    }
    if (token.kind === 'name') {
      this.i++;
      if (this.isOperator('(')) {
        if (token.text.startsWith('$')) throw new FormulaError('syntax', token.at, `'${token.text}' is a variable, not a function: it cannot be called`);
        return { kind: 'call', name: token.text, args: this.args(), at: token.at };
      }
      return { kind: 'variable', name: token.text, at: token.at };
    }
    if (this.isOperator('(')) {
      this.i++;
      const inner = this.conditional();
      if (!this.isOperator(')')) throw this.unexpected(this.peek(), "expected ')'");
      this.i++;
      return inner;
    }
    throw this.unexpected(token, 'expected a value (a number, a string, a variable, a function call or a parenthesis)');
  }

  /** '(' (conditional (',' conditional)*)? ')' with the '(' next. */
  private args(): Expression[] {
    this.i++;
    const args: Expression[] = [];
    if (this.isOperator(')')) {
      this.i++;
      return args;
    }
    for (;;) {
      args.push(this.conditional());
      if (this.isOperator(')')) {
        this.i++;
        return args;
      }
      if (!this.isOperator(',')) throw this.unexpected(this.peek(), "expected ',' or ')' in the argument list");
      this.i++;
    }
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isOperator(text: string): boolean {
    const t = this.peek();
    return t.kind === 'operator' && t.text === text;
  }

  private unexpected(token: Token, rule: string): FormulaError {
    const found = token.kind === 'end' ? 'the end of the formula' : token.kind === 'string' ? `"${token.text}"` : `'${token.text}'`;
    return new FormulaError('syntax', token.at, `${rule}, found ${found}`);
  }
}

