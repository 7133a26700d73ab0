// TypeScript under the instrumenter (lang 'ts'): probes go into the TypeScript source,
// then esbuild strips the types, as the loader does. Each program runs plain (stripped
// only) and instrumented in this process; both must log the same, every original line
// must keep its number, and hits land on the TypeScript lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameBehaviour } from './run-program.js';

test('enums, namespaces, overloads, abstract classes, parameter properties, generics, satisfies', async () => {
  const run = await assertSameBehaviour(`enum Color {
  Red,
  Green = 'green',
}
namespace Geometry {
  export const unit = 2
  export function scale(n: number): number {
    return n * unit
  }
}
function format(value: string): string
function format(value: number): string
function format(value: string | number): string {
  return typeof value === 'number' ? value.toFixed(1) : value.toUpperCase()
}
abstract class Shape {
  abstract area(): number
  describe(): string {
    return \`area \${this.area()}\`
  }
}
class Square extends Shape {
  constructor(private readonly side: number) {
    super()
  }
  area(): number {
    return this.side ** 2
  }
}
function first<T>(items: readonly T[]): T | undefined {
  return items[0]
}
const config = { retries: 3 } satisfies { retries: number }
log(Color.Red, Color.Green, Geometry.scale(4), format(2), format('x'))
log(new Square(3).describe(), first<string>(['a', 'b']), config.retries)`, 'ts');
  assert.deepEqual(run.output, ['0 green 8 2.0 X', 'area 9 a 3']);
  // Overload signatures and abstract methods have no body, so no entry.
  assert.deepEqual(run.functions, [
    { name: 'scale', line: 7, endLine: 9 },
    { name: 'format', line: 13, endLine: 15 },
    { name: 'Shape.describe', line: 18, endLine: 20 },
    { name: 'Square.constructor', line: 23, endLine: 25 },
    { name: 'Square.area', line: 26, endLine: 28 },
    { name: 'first', line: 30, endLine: 32 },
  ]);
  assert.deepEqual(run.hits, {
    scale: { 8: 1 },
    format: { 14: 2 },
    'Shape.describe': { 19: 1 },
    'Square.constructor': { 24: 1 },
    'Square.area': { 27: 1 },
    first: { 31: 1 },
  });
});

test('type-only statements get no hits; generic arrows, this parameters, method overloads, local enums', async () => {
  const run = await assertSameBehaviour(`interface Named { name: string }
type Pair = [number, number]
function typed(input: string, suffix?: string): number {
  type Local = { n: number }
  interface Inner { s: string }
  const local: Local = { n: input.length }
  const inner: Inner = { s: suffix ?? '' }
  return local.n + inner.s.length
}
const identity = <T,>(value: T): T => value
class Base {
  constructor(public readonly label: string) {}
}
class Derived extends Base {
  declare extra: string
  count!: number
  constructor(label: string, private readonly factor: number) {
    super(label)
    this.count = factor * 2
  }
  scaled(this: Derived, n: number): number
  scaled(this: Derived, n: string): string
  scaled(this: Derived, n: number | string): number | string {
    return typeof n === 'number' ? n * this.factor : n.repeat(this.factor)
  }
}
function localEnum(): string {
  enum Level { Low = 1, High = Low * 10 }
  const levels = [Level.Low, Level.High] as const
  return levels.join('/')
}
const named: Named = { name: 'n' }
const pair: Pair = [1, 2]
const d = new Derived('L', 3)
log(typed('abc', 'de'), identity<number>(4), d.label, d.count, d.scaled(2), d.scaled('x'), localEnum(), named.name!, pair.length)`, 'ts');
  assert.deepEqual(run.output, ['5 4 L 6 6 xxx 1/10 n 2']);
  assert.deepEqual(run.hits, {
    typed: { 6: 1, 7: 1, 8: 1 },
    identity: { 10: 1 },
    'Base.constructor': {},
    'Derived.constructor': { 18: 1, 19: 1 },
    'Derived.scaled': { 24: 2 },
    localEnum: { 28: 1, 29: 1, 30: 1 },
  });
});

test('async TypeScript with typed awaits and a class field arrow', async () => {
  const run = await assertSameBehaviour(`class Store<T> {
  private items: T[] = []
  add = (item: T): number => this.items.push(item)
  async load(source: () => Promise<T[]>): Promise<number> {
    const loaded: T[] = await source()
    for (const item of loaded) this.add(item)
    return this.items.length
  }
}
const store = new Store<string>()
const source = async (): Promise<string[]> => ['a', 'b']
return store.load(source).then((n: number) => log('loaded', n))`, 'ts');
  assert.deepEqual(run.output, ['loaded 2']);
  assert.deepEqual(run.hits, {
    'Store.add': { 3: 2 },
    'Store.load': { 5: 1, 6: 3, 7: 1 },
    source: { 11: 1 },
    '<anonymous>': { 12: 1 },
  });
});
