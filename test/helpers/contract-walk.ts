import type { z } from 'zod';

/** A string schema somewhere in an input, by the dotted path its errors carry (an array's items as `.0`). */
export interface StringNode {
  path: string;
  schema: z.ZodType;
  /** A string format (email, ...): strict by its own pattern, not made by text(). */
  format: string | null;
}

export interface Walk {
  strings: StringNode[];
  /** Places that would take any value unchecked (z.any, z.unknown, z.custom): text could slip through. */
  unchecked: string[];
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
  format?: string;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Every string schema an input schema holds, found by walking zod's own definitions. A kind of
 * schema this walk does not know fails loudly, so a new one cannot hide a string from the tests.
 */
export function walkInput(schema: z.ZodType): Walk {
  const walk: Walk = { strings: [], unchecked: [] };
  const seen = new Set<z.ZodType>();
  const visit = (node: z.ZodType, path: string) => {
    const def = (node as unknown as { _zod: { def: Def } })._zod.def;
    switch (def.type) {
      case 'string':
        walk.strings.push({ path, schema: node, format: def.format ?? null });
        return;
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) visit(child, join(path, key));
        if (def.catchall && (def.catchall as unknown as { _zod: { def: Def } })._zod.def.type !== 'never') visit(def.catchall, join(path, '*'));
        return;
      case 'array':
        visit(def.element!, join(path, 0));
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'nonoptional':
      case 'catch':
        visit(def.innerType!, path);
        return;
      case 'pipe':
        visit(def.in!, path);
        visit(def.out!, path);
        return;
      case 'union':
        for (const option of def.options ?? []) visit(option, path);
        return;
      case 'intersection':
        visit(def.left!, path);
        visit(def.right!, path);
        return;
      case 'record':
        visit(def.keyType!, join(path, '<key>'));
        visit(def.valueType!, join(path, '*'));
        return;
      case 'tuple':
        (def.items ?? []).forEach((item, i) => visit(item, join(path, i)));
        if (def.rest) visit(def.rest, join(path, '*'));
        return;
      case 'lazy':
        if (seen.has(node)) return;
        seen.add(node);
        visit(def.getter!(), path);
        return;
      case 'any':
      case 'unknown':
      case 'custom':
        walk.unchecked.push(path || '(input)');
        return;
      case 'number':
      case 'int':
      case 'boolean':
      case 'enum':
      case 'literal':
      case 'null':
      case 'undefined':
      case 'never':
      case 'void':
      case 'nan':
      case 'bigint':
      case 'date':
        return;
      default:
        throw new Error(`The contract walk does not know zod's "${def.type}" (at ${path || '(input)'}): teach test/helpers/contract-walk.ts`);
    }
  };
  visit(schema, '');
  return walk;
}
