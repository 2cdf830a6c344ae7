/**
 * @module The label selector string parser, a port of apimachinery's `labels.Parse` lexer and
 * recursive-descent parser so that errors read like upstream's.
 */
import {
  type Operator,
  type Requirement,
  type Selector,
  newRequirement,
  selectorOf,
} from './label-requirement.ts';
import { StatusError } from './status-error.ts';

type Token =
  | 'error'
  | 'eos'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'gt'
  | 'identifier'
  | 'in'
  | 'lt'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

interface Lexeme {
  tok: Token;
  lit: string;
}

const symbols: readonly [string, Token][] = [
  ['!=', 'notEquals'],
  ['==', 'doubleEquals'],
  ['!', 'doesNotExist'],
  ['(', 'openPar'],
  [')', 'closedPar'],
  [',', 'comma'],
  ['=', 'equals'],
  ['>', 'gt'],
  ['<', 'lt'],
];
const specialChars = new Set(['=', '!', '(', ')', ',', '>', '<']);
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

function lex(s: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    if (specialChars.has(c)) {
      const sym = symbols.find(([text]) => s.startsWith(text, i));
      if (!sym) {
        out.push({ tok: 'error', lit: `error expected: keyword found '${c}'` });
        i++;
        continue;
      }
      out.push({ tok: sym[1], lit: sym[0] });
      i += sym[0].length;
      continue;
    }
    let j = i;
    while (j < s.length && !isWhitespace(s[j] ?? '') && !specialChars.has(s[j] ?? '')) j++;
    const word = s.slice(i, j);
    out.push({ tok: word === 'in' ? 'in' : word === 'notin' ? 'notIn' : 'identifier', lit: word });
    i = j;
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

/** Parser walks the lexemes; `values` mode turns keywords back into identifiers like upstream. */
class Parser {
  private readonly items: Lexeme[];
  private pos = 0;

  constructor(s: string) {
    this.items = lex(s);
  }

  private peek(): Lexeme {
    return this.items[this.pos] ?? { tok: 'eos', lit: '' };
  }

  /** In upstream's `Values` context, `in`/`notin` are plain identifiers. */
  private asValue(l: Lexeme): Lexeme {
    return l.tok === 'in' || l.tok === 'notIn' ? { tok: 'identifier', lit: l.lit } : l;
  }

  private lookahead(values: boolean): Lexeme {
    const l = this.peek();
    return values ? this.asValue(l) : l;
  }

  private consume(values: boolean): Lexeme {
    const l = this.lookahead(values);
    if (this.pos < this.items.length - 1) this.pos++;
    return l;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'identifier' && tok !== 'doesNotExist') {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      let r: Requirement;
      try {
        r = this.parseRequirement();
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      reqs.push(r);
      const next = this.consume(true);
      if (next.tok === 'eos') return reqs;
      if (next.tok !== 'comma')
        throw new Error(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== 'identifier' && after.tok !== 'doesNotExist') {
        throw new Error(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let operator: Operator | undefined;
    let l = this.consume(true);
    if (l.tok === 'doesNotExist') {
      operator = '!';
      l = this.consume(true);
    }
    if (l.tok !== 'identifier') throw new Error(`found '${l.lit}', expected: identifier`);
    const key = l.lit;
    const ahead = this.lookahead(true).tok;
    if (ahead === 'eos' || ahead === 'comma') operator ??= 'exists';
    else if (operator === '!')
      throw new Error(`found '${this.lookahead(true).lit}', expected: ',' or 'end of string'`);
    let values: string[] = [];
    if (operator === undefined) {
      operator = this.parseOperator();
      values =
        operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    }
    const r = newRequirement(key, operator, values);
    if (typeof r === 'string') throw new Error(r);
    return r;
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(false);
    const ops: Partial<Record<Token, Operator>> = {
      in: 'in',
      notIn: 'notin',
      equals: '=',
      doubleEquals: '==',
      notEquals: '!=',
      gt: 'gt',
      lt: 'lt',
    };
    const op = ops[tok];
    if (op) return op;
    if (tok === 'doesNotExist')
      throw new Error(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    throw new Error(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== 'openPar') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === 'closedPar') {
      this.consume(true);
      return [''];
    }
    if (tok !== 'identifier' && tok !== 'comma')
      throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.consume(true).tok !== 'closedPar') throw new Error(`found '${lit}', expected: ')'`);
    return values;
  }

  private parseIdentifiersList(): string[] {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'identifier') {
        s.add(lit);
        const next = this.lookahead(true);
        if (next.tok === 'comma') continue;
        if (next.tok === 'closedPar') return [...s];
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== 'comma') throw new Error(`found '${lit}', expected: ',', or identifier`);
      if (s.size === 0) s.add('');
      const next = this.lookahead(true);
      if (next.tok === 'closedPar') {
        s.add('');
        return [...s];
      }
      if (next.tok === 'comma') {
        this.consume(true);
        s.add('');
      }
    }
  }

  private parseExactValue(): string[] {
    const ahead = this.lookahead(true);
    if (ahead.tok === 'eos' || ahead.tok === 'comma') return [''];
    const { tok, lit } = this.consume(true);
    if (tok === 'identifier') return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** parseLabelSelector parses `a=b,c!=d,e in (f,g),!h`; bad syntax is a 400 like upstream. */
export function parseLabelSelector(s: string): Selector {
  try {
    return selectorOf(new Parser(s).parse());
  } catch (e) {
    throw StatusError.badRequest((e as Error).message);
  }
}
