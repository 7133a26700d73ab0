// The seed scenario: line_profiler's classic example, in TypeScript.
import { profile } from 'lineprof';

const incrementList = profile(function incrementList(data: number[], n: number): number[] {
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < data.length; i++) {
      data[i] += 1;
    }
  }
  return data;
});

const data = [1, 2, 3, 4, 5];
incrementList(data, 1000);
incrementList(data, 500);
console.log(data.join(' '));
