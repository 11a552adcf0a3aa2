import type { z } from 'zod';

/** A phantom that carries a method's result type through the table without a runtime value. */
declare const resultType: unique symbol;
export interface Returns<T> {
  readonly [resultType]?: T;
}
export const returns = <T>(): Returns<T> => ({});

export interface MethodSpec {
  /** One line for whoever reads the table. */
  doc: string;
  input: z.ZodType;
  result: Returns<unknown>;
}
