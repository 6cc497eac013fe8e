/**
 * The expression language Artillery takes from filtrex, for `ifTrue` and the ensure plugin's
 * `conditions`: numbers, quoted strings, names (dotted, digits allowed after a dot:
 * `http.codes.200`), `+ - * / % ^`, comparisons `== != < <= > >=`, `in` and `not in` over a
 * parenthesized list, `and`, `or`, `not`, `x ? y : z`, parentheses, and abs, ceil, floor, log,
 * max, min, round, sqrt. Booleans come out as 1 and 0, as in filtrex.
 */
export type Evaluate = (lookup: (name: string) => unknown) => unknown;

/** A bad expression: the message says where, the caller names the file and field. */
export class ExpressionError extends Error {}

type Token = { kind: 'num'; value: number } | { kind: 'str'; value: string } | { kind: 'name'; value: string } | { kind: 'op'; value: string };

const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  log: Math.log,
  max: Math.max,
  min: Math.min,
  round: Math.round,
  sqrt: Math.sqrt,
};

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z_$][\w$]*(?:\.[\w$]+)*)|(==|!=|<=|>=|[-+*/%^<>()?:,]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new ExpressionError(`unexpected "${text.slice(pos).trim().slice(0, 20)}" at position ${pos + 1}`);
    if (m[1] !== undefined) out.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ kind: 'str', value: (m[2] ?? m[3]!).replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) out.push(['and', 'or', 'not', 'in'].includes(m[4]) ? { kind: 'op', value: m[4] } : { kind: 'name', value: m[4] });
    else out.push({ kind: 'op', value: m[5]! });
    pos = re.lastIndex;
  }
  return out;
}

/**
 * Compiles an expression once; names are looked up per evaluation.
 *
 * @example
 * compileExpression('http.response_time.p99 < 200 and http.codes.500 == 0')((n) => metrics[n]); // 1 or 0
 */
export function compileExpression(text: string): Evaluate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (v?: string) => (v === undefined ? tokens[i] : tokens[i]?.kind === 'op' && tokens[i]!.value === v ? tokens[i] : undefined);
  const expect = (v: string) => {
    if (!peek(v)) throw new ExpressionError(`expected "${v}" ${tokens[i] ? `before "${String(tokens[i]!.value)}"` : 'at the end'}`);
    i++;
  };
  const truthy = (v: unknown) => (typeof v === 'number' ? v !== 0 && !Number.isNaN(v) : Boolean(v));
  const num = (b: boolean) => (b ? 1 : 0);

  function ternary(): Evaluate {
    const cond = or();
    if (!peek('?')) return cond;
    i++;
    const yes = ternary();
    expect(':');
    const no = ternary();
    return (l) => (truthy(cond(l)) ? yes(l) : no(l));
  }
  function or(): Evaluate {
    let left = and();
    while (peek('or')) {
      i++;
      const a = left;
      const b = and();
      left = (l) => num(truthy(a(l)) || truthy(b(l)));
    }
    return left;
  }
  function and(): Evaluate {
    let left = not();
    while (peek('and')) {
      i++;
      const a = left;
      const b = not();
      left = (l) => num(truthy(a(l)) && truthy(b(l)));
    }
    return left;
  }
  function not(): Evaluate {
    if (peek('not')) {
      i++;
      const a = not();
      return (l) => num(!truthy(a(l)));
    }
    return comparison();
  }
  function comparison(): Evaluate {
    const left = additive();
    const t = tokens[i];
    if (t?.kind !== 'op') return left;
    if (t.value === 'in' || (t.value === 'not' && tokens[i + 1]?.kind === 'op' && tokens[i + 1]!.value === 'in')) {
      const negate = t.value === 'not';
      i += negate ? 2 : 1;
      const list = listOf();
      return (l) => {
        const v = left(l);
        const found = list.some((item) => item(l) === v);
        return num(negate ? !found : found);
      };
    }
    const ops: Record<string, (a: unknown, b: unknown) => boolean> = {
      '==': (a, b) => a === b || (a !== null && b !== null && a !== undefined && b !== undefined && String(a) === String(b) && typeof a !== typeof b),
      '!=': (a, b) => !(a === b),
      '<': (a, b) => (a as number) < (b as number),
      '<=': (a, b) => (a as number) <= (b as number),
      '>': (a, b) => (a as number) > (b as number),
      '>=': (a, b) => (a as number) >= (b as number),
    };
    const op = ops[t.value];
    if (op === undefined) return left;
    i++;
    const right = additive();
    return (l) => num(op(left(l), right(l)));
  }
  function listOf(): Evaluate[] {
    expect('(');
    const items = [ternary()];
    while (peek(',')) {
      i++;
      items.push(ternary());
    }
    expect(')');
    return items;
  }
  function additive(): Evaluate {
    let left = multiplicative();
    for (let t = peek('+') ?? peek('-'); t; t = peek('+') ?? peek('-')) {
      i++;
      const a = left;
      const b = multiplicative();
      left = t.value === '+' ? (l) => (a(l) as number) + (b(l) as number) : (l) => (a(l) as number) - (b(l) as number);
    }
    return left;
  }
  function multiplicative(): Evaluate {
    let left = unary();
    for (let t = peek('*') ?? peek('/') ?? peek('%'); t; t = peek('*') ?? peek('/') ?? peek('%')) {
      i++;
      const a = left;
      const b = unary();
      const op = t.value;
      left = (l) => {
        const x = a(l) as number;
        const y = b(l) as number;
        return op === '*' ? x * y : op === '/' ? x / y : x % y;
      };
    }
    return left;
  }
  function unary(): Evaluate {
    if (peek('-')) {
      i++;
      const a = unary();
      return (l) => -(a(l) as number);
    }
    const base = primary();
    if (!peek('^')) return base;
    i++;
    const exp = unary();
    return (l) => (base(l) as number) ** (exp(l) as number);
  }
  function primary(): Evaluate {
    const t = tokens[i];
    if (t === undefined) throw new ExpressionError('unexpected end of expression');
    i++;
    if (t.kind === 'num' || t.kind === 'str') {
      const v = t.value;
      return () => v;
    }
    if (t.kind === 'name') {
      if (peek('(')) {
        const fn = FUNCTIONS[t.value];
        if (fn === undefined) throw new ExpressionError(`unknown function ${t.value}() (known: ${Object.keys(FUNCTIONS).join(', ')})`);
        const args = listOf();
        return (l) => fn(...args.map((a) => a(l) as number));
      }
      const name = t.value;
      return (l) => l(name);
    }
    if (t.value === '(') {
      const inner = ternary();
      expect(')');
      return inner;
    }
    throw new ExpressionError(`unexpected "${t.value}"`);
  }

  if (tokens.length === 0) throw new ExpressionError('empty expression');
  const root = ternary();
  if (i < tokens.length) throw new ExpressionError(`unexpected "${String(tokens[i]!.value)}" after a complete expression`);
  return root;
}
