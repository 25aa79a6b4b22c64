/** Invocations offered to several threads: each taken once, heaviest first. */
import { describe, expect, it } from "vitest";
import { ClaimBoard, MAIN_THREAD, OfferList } from "../../../cli/local/claim-board.ts";

describe("ClaimBoard and OfferList", () => {
  it("lets exactly one thread claim an invocation", () => {
    // Prepare
    const board = new ClaimBoard();
    const sameMemory = new ClaimBoard(board.buffer);
    board.open(7);

    // Act
    const first = board.claim(7, MAIN_THREAD);
    const second = sameMemory.claim(7, 2);

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(sameMemory.holder(7)).toBe(MAIN_THREAD);
  });

  it("takes the heaviest offer nobody else took, equal weights in the order offered", () => {
    // Prepare
    const board = new ClaimBoard();
    const offers = new OfferList<string>();
    for (const [id, weight] of [
      [1, 10],
      [2, 50],
      [3, 10],
      [4, 30],
    ] as const) {
      board.open(id);
      offers.add({ id, weight, item: `job ${id}` });
    }
    board.claim(2, 3); // another worker took the heaviest

    // Act
    const taken = [
      offers.take(board, MAIN_THREAD),
      offers.take(board, MAIN_THREAD),
      offers.take(board, MAIN_THREAD),
    ];

    // Assess
    expect(taken.map((offer) => offer?.item)).toEqual(["job 4", "job 1", "job 3"]);
    expect(offers.take(board, MAIN_THREAD)).toBeUndefined();
    expect(offers.size).toBe(0);
  });
});
