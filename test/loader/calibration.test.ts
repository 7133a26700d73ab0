// The probe-cost calibration runs a program kept already instrumented (see
// src/loader/calibration.ts): it must be exactly what the instrumenter makes of it today,
// else the calibration would time probes that real code no longer has.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instrument } from '../../src/instrument/instrument.js';
import { CALIBRATION_OPTIONS, INSTRUMENTED, PROGRAM } from '../../src/loader/calibration.js';

test('the calibration program is the instrumenter\'s output for its source (regenerate INSTRUMENTED when probes change)', () => {
  assert.equal(instrument(PROGRAM, CALIBRATION_OPTIONS).code, INSTRUMENTED);
});
