// A parsed $filter as a predicate over what is listed: compiled once per request into closures,
// then called per item. A property an item does not have (an active task's exit code) is null:
// it equals only null, differs from every value, and is neither greater nor less than any.
import type { Comparison, FilterNode, Literal } from './odata-parser.ts';
import type { PropertySchema, PropertyValue } from './list-properties.ts';

export type Predicate<T> = (item: T) => boolean;

export function compileFilter<T>(node: FilterNode | undefined, schema: PropertySchema<T>): Predicate<T> {
  if (!node) return () => true;
  switch (node.kind) {
    case 'and': {
      const a = compileFilter(node.left, schema);
      const b = compileFilter(node.right, schema);
      return (item) => a(item) && b(item);
    }
    case 'or': {
      const a = compileFilter(node.left, schema);
      const b = compileFilter(node.right, schema);
      return (item) => a(item) || b(item);
    }
    case 'not': {
      const a = compileFilter(node.operand, schema);
      return (item) => !a(item);
    }
    case 'startswith': {
      const get = schema.properties[node.property]!.get;
      const prefix = node.prefix;
      return (item) => {
        const v = get(item);
        return typeof v === 'string' && v.startsWith(prefix);
      };
    }
    case 'compare': {
      const get = schema.properties[node.property]!.get;
      const { op, value } = node;
      return (item) => compare(get(item), op, value);
    }
  }
}

export function compare(actual: PropertyValue, op: Comparison, expected: Literal): boolean {
  const a = actual === undefined ? null : actual;
  if (a === null || expected === null) {
    if (op === 'eq') return a === expected;
    if (op === 'ne') return a !== expected;
    return false;
  }
  switch (op) {
    case 'eq': return a === expected;
    case 'ne': return a !== expected;
    case 'gt': return a > expected;
    case 'ge': return a >= expected;
    case 'lt': return a < expected;
    case 'le': return a <= expected;
  }
}
