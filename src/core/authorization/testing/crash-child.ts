/**
 * The crash test's victim: authorizes under load through the group-commit queue on a file
 * database and prints `ACK <id> <approved> <sale>` for every decision it was answered (i.e.
 * committed); every third request is a sale (AuthorizationQueue.sell: captured in the same commit).
 * The parent kills it with SIGKILL at a random moment and checks the database afterwards.
 * Usage: tsx crash-child.ts <db path>
 */
import { openEngine } from '../../engine.js';
import { SYSTEM_ACTOR } from '../../bus/actor.js';
import { systemClock } from '../../kernel/clock.js';
import { cryptoRandom } from '../../kernel/random.js';
import { createCardVault } from '../../security/card-vault.js';
import { AuthorizationQueue } from '../authorization-queue.js';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-child.ts <db path>');
const engine = await openEngine({ mode: 'test', path, clock: systemClock, vault: createCardVault(new Uint8Array(32).fill(9)), random: cryptoRandom, backgroundCheckpoints: true });
const bus = engine.bus;
let cards = (await bus.send('card-list', { limit: 100 }, SYSTEM_ACTOR)).data.map((c) => c.id);
if (cards.length === 0) {
  const program = await bus.send('program-create', { name: 'Crash', kind: 'debit', currency: 'IDR' }, SYSTEM_ACTOR);
  cards = await bus.batch(SYSTEM_ACTOR, async (send) => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const holder = await send('cardholder-create', {
        name: `Crash ${i}`, phone: `+62812000000${String(i).padStart(2, '0')}`, birth_date: '1990-05-17',
        national_id: `3171011705900${String(i + 1).padStart(3, '0')}`, address: { line1: 'Jl. Thamrin 2', city: 'Jakarta', country: 'ID' },
      });
      const card = await send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual', spending_controls: { spending_limits: [{ amount: 5_000_000, interval: 'daily' }] } });
      await send('top-up-create', { card: card.id, amount: 2_000_000 });
      ids.push(card.id);
    }
    return ids;
  });
}
process.stdout.write('READY\n');
const queue = new AuthorizationQueue(engine);
let n = 0;
const worker = async (): Promise<void> => {
  for (;;) {
    const i = n++;
    const request = { card: cards[i % cards.length], amount: 1_000 + (i % 7) * 500, merchant: { id: 'M-CRASH', name: 'Crash Mart', mcc: '5411', country: 'ID' } };
    const sale = i % 3 === 1;
    const a = sale ? (await queue.sell(request, SYSTEM_ACTOR, 'sale')).authorization : await queue.submit(request, SYSTEM_ACTOR);
    process.stdout.write(`ACK ${a.id} ${a.approved ? 1 : 0} ${sale ? 1 : 0}\n`);
    // Settle some of them as well, so captures are in flight when the kill comes.
    if (a.approved && !sale && i % 5 === 0) await bus.send('authorization-capture', { id: a.id }, SYSTEM_ACTOR);
  }
};
await Promise.all(Array.from({ length: 32 }, worker));
