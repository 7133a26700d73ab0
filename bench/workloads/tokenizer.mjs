// A tokenizer and recursive-descent evaluator of arithmetic expressions (+ - * / and
// parentheses over integers), run over a fixed, seeded set of generated expressions.
// bench/python/expr_eval.py is the same program in Python, line for line where possible.
import { measure, scale } from './harness.mjs';

const NUM = 0;
const OP = 1;

function tokenize(src) {
  const tokens = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32) {
      i++;
    } else if (c >= 48 && c <= 57) {
      let value = 0;
      while (i < n && src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 57) {
        value = value * 10 + (src.charCodeAt(i) - 48);
        i++;
      }
      tokens.push({ kind: NUM, value });
    } else {
      tokens.push({ kind: OP, value: src[i] });
      i++;
    }
  }
  return tokens;
}

function parseExpr(st) {
  let left = parseTerm(st);
  while (st.pos < st.tokens.length) {
    const op = st.tokens[st.pos].value;
    if (op !== '+' && op !== '-') break;
    st.pos++;
    const right = parseTerm(st);
    left = op === '+' ? left + right : left - right;
  }
  return left;
}

function parseTerm(st) {
  let left = parseFactor(st);
  while (st.pos < st.tokens.length) {
    const op = st.tokens[st.pos].value;
    if (op !== '*' && op !== '/') break;
    st.pos++;
    const right = parseFactor(st);
    left = op === '*' ? left * right : left / right;
  }
  return left;
}

function parseFactor(st) {
  const tok = st.tokens[st.pos];
  st.pos++;
  if (tok.kind === NUM) return tok.value;
  if (tok.value === '-') return -parseFactor(st);
  const value = parseExpr(st);
  st.pos++; // the closing parenthesis
  return value;
}

function evaluate(src) {
  const st = { tokens: tokenize(src), pos: 0 };
  return parseExpr(st);
}

// A Park-Miller generator (exact in doubles) so that the expressions are the same in every run (and in Python).
function makeRandom(seed) {
  let s = seed;
  return (k) => {
    s = (s * 48271) % 2147483647;
    return s % k;
  };
}

function generate(rand, depth) {
  if (depth === 0 || rand(3) === 0) return String(1 + rand(999));
  const op = '+-*/'[rand(4)];
  const left = generate(rand, depth - 1);
  const right = generate(rand, depth - 1);
  return rand(2) === 0 ? `(${left} ${op} ${right})` : `${left} ${op} ${right}`;
}

function evaluateAll(exprs, rounds) {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    for (const src of exprs) {
      total += evaluate(src);
    }
  }
  return total;
}

const rand = makeRandom(42);
const exprs = [];
for (let i = 0; i < 200; i++) exprs.push(generate(rand, 6));
const ROUNDS = Math.max(1, Math.round(200 * scale()));

// The timed work in a function of its own, which the harness calls and the warm-up does not:
// its Total time in a result file is the profiler's measure of exactly the work the harness
// times (bench/run.mjs compares the two to check the exact engine's overhead compensation).
function runWork() {
  return evaluateAll(exprs, ROUNDS);
}

await measure('tokenizer', () => evaluateAll(exprs, 20), runWork, ROUNDS);
