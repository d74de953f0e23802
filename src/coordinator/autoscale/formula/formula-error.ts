// Why a formula cannot be used or could not be evaluated, and where: every error of the lexer,
// the parser, the checker and the evaluator is one of these, so a caller can show `line:column`
// and the rule broken the same way whichever stage found it.
import { describePosition, type Position } from './formula-ast.ts';

export type FormulaStage = 'syntax' | 'check' | 'evaluation';

export class FormulaError extends Error {
  override readonly name = 'FormulaError';
  constructor(readonly stage: FormulaStage, readonly at: Position, readonly rule: string) {
    super(`${describePosition(at)}: ${rule}`);
  }
}
