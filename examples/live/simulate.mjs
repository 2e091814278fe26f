#!/usr/bin/env node
// Simulates a training run: appends one epoch to examples/live/history.csv every second (Keras
// CSVLogger layout), so the curves move. Validation loss bottoms out around epoch 30 and then
// climbs while training loss keeps falling — overfitting, as real runs do.
//
//   node examples/live/simulate.mjs [--epochs 80] [--interval 1000]
import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const epochs = opt('epochs', 80);
const interval = opt('interval', 1000);
const file = join(dirname(fileURLToPath(import.meta.url)), 'history.csv');

// A seeded generator, so every demo run looks the same.
let seed = 1234;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const noise = (scale) => (rand() - 0.5) * 2 * scale;

function row(epoch) {
  const t = epoch + 1;
  const loss = 2.3 * Math.exp(-t / 9) + 0.04 + noise(0.02);
  const valLoss = 2.3 * Math.exp(-t / 10) + 0.22 + 0.0009 * Math.max(0, t - 30) ** 1.6 + noise(0.03);
  const acc = Math.min(0.999, 1 - 0.9 * Math.exp(-t / 8) + noise(0.01));
  const valAcc = Math.min(0.99, 0.93 - 0.83 * Math.exp(-t / 9) - 0.0006 * Math.max(0, t - 30) + noise(0.012));
  const lr = 1e-3 * (epoch < 40 ? 1 : 0.3);
  return [epoch, acc, loss, lr, valAcc, valLoss].map((v, i) => (i === 0 ? String(v) : v.toPrecision(6))).join(',');
}

writeFileSync(file, 'epoch,accuracy,loss,learning_rate,val_accuracy,val_loss\n');
console.log(`writing ${epochs} epochs to ${file}, one every ${interval} ms (Ctrl+C to stop)`);
let epoch = 0;
const timer = setInterval(() => {
  appendFileSync(file, row(epoch) + '\n');
  if (++epoch >= epochs) {
    clearInterval(timer);
    console.log('training finished');
  }
}, interval);
