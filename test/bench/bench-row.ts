/** One measured row of the data benches (imports, exports, the book's JSON), folded into bench.ts's table. */
export interface BenchRow {
  name: string;
  ms: number;
  /** quality.md's budget; 0 when it sets none (the row is shown for the record). */
  budgetMs: number;
  note?: string;
}
