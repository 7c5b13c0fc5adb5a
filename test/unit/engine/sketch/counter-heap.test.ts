import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterHeap } from '../../../../src-main/engine/sketch/counter-heap';

const ID_LIMIT = 16;

/** Values from a small set, so that ties (the pool's case) are frequent. */
const value = fc.constantFrom(0, 1, 1, 2, 2, 3, 5, 0.5, 100);
const op = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), value }),
  fc.record({ kind: fc.constant('grow' as const), pick: fc.nat(), by: fc.constantFrom(0, 0, 1, 1, 2, 0.5, 50) }),
  fc.record({ kind: fc.constant('pop' as const) }),
  // What a Space-Saving miss does: take a smallest counter and raise it.
  fc.record({ kind: fc.constant('takeMin' as const), by: fc.constantFrom(0, 1, 1, 2, 7) }),
);

describe('CounterHeap', () => {
  it('always gives a counter of the smallest value, under any pushes, growths, pops and takeovers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: ID_LIMIT }), fc.array(op, { maxLength: 300 }), (initial, ops) => {
        const heap = new CounterHeap(ID_LIMIT);
        const model = new Map<number, number>();
        const free: number[] = [];
        for (let id = ID_LIMIT - 1; id >= initial.length; id--) free.push(id);
        initial.forEach((v, id) => {
          heap.append(id, v);
          model.set(id, v);
        });
        heap.heapify();
        const smallest = (): number => Math.min(...model.values());
        for (const o of ops) {
          if (o.kind === 'push') {
            const id = free.pop();
            if (id === undefined) continue;
            heap.push(id, o.value);
            model.set(id, o.value);
          } else if (model.size === 0) {
            continue;
          } else if (o.kind === 'grow') {
            const ids = [...model.keys()];
            const id = ids[o.pick % ids.length];
            const v = model.get(id)! + o.by;
            model.set(id, v);
            heap.increased(id, v);
          } else if (o.kind === 'pop') {
            const low = smallest();
            const id = heap.popMin();
            expect(model.get(id)).toBe(low);
            model.delete(id);
            free.push(id);
          } else {
            const low = smallest();
            const id = heap.min;
            expect(model.get(id)).toBe(low);
            model.set(id, low + o.by);
            heap.increased(id, low + o.by);
          }
        }
        // Draining gives every counter once, smallest first.
        const drained: number[] = [];
        while (model.size > 0) {
          const id = heap.popMin();
          drained.push(model.get(id)!);
          model.delete(id);
        }
        expect(drained).toEqual([...drained].sort((a, b) => a - b));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the smallest as Space-Saving raises it by whole steps, far past the band of whole values, with heavy and fractional counters beside', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(0.25, 70, 1000)), { minLength: 200, maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 50 }),
        (size, steps, hits) => {
          const heap = new CounterHeap(size);
          const values = new Float64Array(size);
          for (let id = 0; id < size; id++) heap.push(id, (values[id] = id % 3));
          steps.forEach((step, i) => {
            // Now and then a hit on any counter, as a name kept comes again.
            if (i % 40 === 0 && hits.length > 0) {
              const id = hits[i % hits.length] % size;
              heap.increased(id, (values[id] += 5));
            }
            const id = heap.min;
            expect(values[id]).toBe(Math.min(...values));
            heap.increased(id, (values[id] += step));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts empty again after clear()', () => {
    const heap = new CounterHeap(4);
    for (let id = 0; id < 4; id++) heap.push(id, 10 - id);
    expect(heap.min).toBe(3);
    heap.clear();
    heap.push(2, 5);
    heap.push(0, 1);
    heap.push(1, 1);
    expect(new Set([heap.popMin(), heap.popMin()])).toEqual(new Set([0, 1]));
    expect(heap.popMin()).toBe(2);
  });
});
