// Class-heavy code: many small objects, methods, getters and a setter.
import { measure, scale } from './harness.mjs';

class Vec {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }

  add(other) {
    return new Vec(this.x + other.x, this.y + other.y);
  }

  scale(k) {
    return new Vec(this.x * k, this.y * k);
  }

  get length() {
    return Math.sqrt(this.x * this.x + this.y * this.y);
  }
}

class Particle {
  constructor(x, y, vx, vy) {
    this.pos = new Vec(x, y);
    this.vel = new Vec(vx, vy);
    this._bounces = 0;
  }

  get speed() {
    return this.vel.length;
  }

  get bounces() {
    return this._bounces;
  }

  set bounces(value) {
    this._bounces = value;
  }

  step(dt) {
    this.pos = this.pos.add(this.vel.scale(dt));
    if (this.pos.x < 0 || this.pos.x > 100) {
      this.vel = new Vec(-this.vel.x, this.vel.y);
      this.bounces = this.bounces + 1;
    }
    if (this.pos.y < 0 || this.pos.y > 100) {
      this.vel = new Vec(this.vel.x, -this.vel.y);
      this.bounces = this.bounces + 1;
    }
  }
}

function makeParticles(count) {
  const particles = [];
  for (let i = 0; i < count; i++) {
    particles.push(new Particle(i % 100, (i * 7) % 100, 1 + (i % 13), 1 + (i % 11)));
  }
  return particles;
}

function simulate(particles, steps) {
  let energy = 0;
  for (let s = 0; s < steps; s++) {
    for (const p of particles) {
      p.step(0.05);
      energy += p.speed;
    }
  }
  let bounces = 0;
  for (const p of particles) bounces += p.bounces;
  return Math.round(energy) + bounces;
}

const STEPS = Math.max(1, Math.round(800 * scale()));

// The timed work in a function of its own, which the harness calls and the warm-up does not:
// its Total time in a result file is the profiler's measure of exactly the work the harness
// times (bench/run.mjs compares the two to check the exact engine's overhead compensation).
function runWork() {
  return simulate(makeParticles(1000), STEPS);
}

await measure('classes', () => simulate(makeParticles(1000), 20), runWork);
