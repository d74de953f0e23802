// A set of positions (a job's task order) as a bitset with a summary level (one bit per non-zero
// word), so that "the next member at or after p" skips a million empty positions in about a
// thousand word reads, and set/clear are O(1). Expressions of such sets (and, or) are read word
// by word, never materialised: a filter `state eq 'completed' and executionInfo/result eq
// 'failure'` walks the intersection of two bitsets directly.

export class PositionBitset {
  private words = new Uint32Array(64);
  /** Bit w set when words[w] is non-zero (a superset is fine: it only costs a read). */
  private summary = new Uint32Array(2);
  size = 0;

  has(pos: number): boolean {
    const w = pos >>> 5;
    return w < this.words.length && (this.words[w]! & (1 << (pos & 31))) !== 0;
  }

  add(pos: number): void {
    const w = pos >>> 5;
    if (w >= this.words.length) this.grow(w);
    const bit = 1 << (pos & 31);
    if ((this.words[w]! & bit) !== 0) return;
    this.words[w]! |= bit;
    this.summary[w >>> 5]! |= 1 << (w & 31);
    this.size++;
  }

  delete(pos: number): void {
    const w = pos >>> 5;
    if (w >= this.words.length) return;
    const bit = 1 << (pos & 31);
    if ((this.words[w]! & bit) === 0) return;
    this.words[w]! &= ~bit;
    if (this.words[w] === 0) this.summary[w >>> 5]! &= ~(1 << (w & 31));
    this.size--;
  }

  word(w: number): number {
    return w < this.words.length ? this.words[w]! : 0;
  }

  summaryWord(s: number): number {
    return s < this.summary.length ? this.summary[s]! : 0;
  }

  get wordCount(): number {
    return this.words.length;
  }

  private grow(w: number): void {
    let n = this.words.length;
    while (n <= w) n *= 2;
    const words = new Uint32Array(n);
    words.set(this.words);
    this.words = words;
    const summary = new Uint32Array(Math.ceil(n / 32));
    summary.set(this.summary);
    this.summary = summary;
  }
}

/** A set expression over bitsets, read word by word. */
export type PositionSet =
  | { kind: 'bits'; bits: PositionBitset }
  | { kind: 'and' | 'or'; left: PositionSet; right: PositionSet };

function word(set: PositionSet, w: number): number {
  if (set.kind === 'bits') return set.bits.word(w);
  return set.kind === 'and' ? word(set.left, w) & word(set.right, w) : word(set.left, w) | word(set.right, w);
}

/** A superset of the words of `set` that are non-zero, 32 words per summary word. */
function summaryWord(set: PositionSet, s: number): number {
  if (set.kind === 'bits') return set.bits.summaryWord(s);
  return set.kind === 'and' ? summaryWord(set.left, s) & summaryWord(set.right, s) : summaryWord(set.left, s) | summaryWord(set.right, s);
}

function wordCount(set: PositionSet): number {
  if (set.kind === 'bits') return set.bits.wordCount;
  return Math.max(wordCount(set.left), wordCount(set.right));
}

/** The first member of `set` at or after `from` and before `end`, or -1. */
export function nextPosition(set: PositionSet, from: number, end: number): number {
  if (from >= end) return -1;
  const lastWord = Math.min(wordCount(set), Math.ceil(end / 32));
  let w = from >>> 5;
  // The first word may hold members before `from`: masked off.
  let bits = w < lastWord ? word(set, w) & (~0 << (from & 31)) : 0;
  for (;;) {
    if (bits !== 0) {
      const pos = (w << 5) + (31 - Math.clz32(bits & -bits));
      return pos < end ? pos : -1;
    }
    w++;
    // Skip whole empty summary words (32 words, 1,024 positions at a time).
    while (w < lastWord) {
      const s = w >>> 5;
      const summary = summaryWord(set, s) & (~0 << (w & 31));
      if (summary !== 0) {
        w = (s << 5) + (31 - Math.clz32(summary & -summary));
        break;
      }
      w = (s + 1) << 5;
    }
    if (w >= lastWord) return -1;
    bits = word(set, w);
  }
}
