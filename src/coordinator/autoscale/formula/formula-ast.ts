// The syntax tree of an autoscale formula (Azure Batch's language). Every node carries where it
// starts in the formula text, so that every error the checker or the evaluator finds names a
// line and a column.

/** 1-based line and column of a node's first character. */
export interface Position {
  line: number;
  column: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOperator = '-' | '!';

export type Expression =
  | { kind: 'number'; value: number; at: Position }
  | { kind: 'string'; value: string; at: Position }
  /** `$PendingTasks`, `$x`, `x`, `TimeInterval_Minute`: the name as written. */
  | { kind: 'variable'; name: string; at: Position }
  | { kind: 'unary'; operator: UnaryOperator; operand: Expression; at: Position }
  /** `at`: the operator's position (what a type error points at). */
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression; at: Position }
  | { kind: 'conditional'; condition: Expression; then: Expression; otherwise: Expression; at: Position }
  /** `avg(...)`. */
  | { kind: 'call'; name: string; args: Expression[]; at: Position }
  /** `$CPUPercent.GetSample(...)`: a method of a sampled service variable; `at`: the method name's. */
  | { kind: 'method'; target: Expression; name: string; args: Expression[]; at: Position };

/** `$x = expression;` */
export interface Assignment {
  name: string;
  value: Expression;
  at: Position;
}

export interface Formula {
  statements: Assignment[];
}

export function describePosition(at: Position): string {
  return `${at.line}:${at.column}`;
}

/** Where an expression's text begins (a binary node's own position is its operator's). */
export function startOf(e: Expression): Expression['at'] {
  if (e.kind === 'binary') return startOf(e.left);
  if (e.kind === 'conditional') return startOf(e.condition);
  if (e.kind === 'method') return startOf(e.target);
  return e.at;
}
