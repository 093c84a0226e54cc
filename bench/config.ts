import type { Goal, Row } from "./report.ts";
import type { BenchStack } from "./stack.ts";

/** How big each scenario runs. */
export interface Sizes {
  /** 1. Sale through RPC and its baselines. */
  sale: { products: number; lines: number; connections: number[]; ops: number; warmup: number; limited: number };
  /** 2. Hot product. */
  hot: { connections: number; ops: number; warmup: number };
  /**
   * 3. Search, over a products-only catalog and over the big store: the normal
   * mix (`ops`), category names (`categories`), as many terms cut short as
   * the counter types them (the "as typed" set, also `categories`) and
   * adversarial terms (`adversarial`), each after `warmup` of its own, with
   * the search dictionary filled to `dictionary` words.
   */
  search: { catalog: number; ops: number; categories: number; adversarial: number; warmup: number; dictionary: number };
  /** 4. Daily summary. */
  summary: { runs: number; warmup: number };
  /** 5. Through the Edge Function. */
  edge: { connections: number; ops: number; warmup: number };
  /** 6. Stock integrity check. */
  integrity: { runs: number; warmup: number };
  /** 7. Customers: receivables ageing and statements over a long account history. */
  accounts: { customers: number; movements: number; runs: number; statements: number; warmup: number };
  /** 8. The till: closing a session of `sessionSales` sales, `closes` times after `warmup`. */
  till: { sessionSales: number; closes: number; warmup: number };
  /** 9. Search through the api function (the front end's GET /products/search), one client. */
  apiSearch: { catalog: number; ops: number; warmup: number };
  /** 10. Receiving an order of `lines` lines, over a catalog of `products`. */
  receive: { products: number; lines: number; ops: number; warmup: number };
  /** 11. Matching an invoice of `lines` lines against the big store's catalog. */
  match: { lines: number; ops: number; warmup: number };
  /** The big store of scenarios 3 (second size), 4, 6 and 11. */
  store: { products: number; sales: number; year: number; busyDay: string; ordinaryDay: string };
}

const STORE_YEAR = { year: 2025, busyDay: "2025-12-24", ordinaryDay: "2025-06-11" };

/** The sizes. */
export const FULL: Sizes = {
  sale: { products: 1_000, lines: 5, connections: [1, 4, 16], ops: 2_000, warmup: 200, limited: 50 },
  hot: { connections: 16, ops: 3_000, warmup: 160 },
  search: { catalog: 10_000, ops: 200, categories: 60, adversarial: 200, warmup: 20, dictionary: 20_000 },
  summary: { runs: 100, warmup: 10 },
  edge: { connections: 16, ops: 3_000, warmup: 300 },
  integrity: { runs: 3, warmup: 1 },
  accounts: { customers: 10_000, movements: 1_000_000, runs: 50, statements: 500, warmup: 5 },
  till: { sessionSales: 2_000, closes: 50, warmup: 5 },
  apiSearch: { catalog: 10_000, ops: 2_000, warmup: 200 },
  receive: { products: 2_000, lines: 200, ops: 100, warmup: 10 },
  match: { lines: 50, ops: 100, warmup: 10 },
  store: { products: 100_000, sales: 1_000_000, ...STORE_YEAR },
};

/** Every scenario, small: proves the harness in well under a minute. */
export const QUICK: Sizes = {
  sale: { products: 1_000, lines: 5, connections: [1, 4, 16], ops: 80, warmup: 16, limited: 50 },
  hot: { connections: 16, ops: 200, warmup: 32 },
  search: { catalog: 2_000, ops: 40, categories: 10, adversarial: 20, warmup: 8, dictionary: 5_000 },
  summary: { runs: 20, warmup: 3 },
  edge: { connections: 16, ops: 160, warmup: 32 },
  integrity: { runs: 3, warmup: 1 },
  accounts: { customers: 500, movements: 20_000, runs: 10, statements: 50, warmup: 2 },
  till: { sessionSales: 200, closes: 10, warmup: 2 },
  apiSearch: { catalog: 2_000, ops: 100, warmup: 20 },
  receive: { products: 1_000, lines: 200, ops: 10, warmup: 2 },
  match: { lines: 50, ops: 10, warmup: 2 },
  store: { products: 5_000, sales: 15_000, ...STORE_YEAR },
};

/** What every scenario receives. */
export interface Context {
  stack: BenchStack;
  sizes: Sizes;
  /** Seed of every pseudo-random choice. */
  seed: number;
  log: (line: string) => void;
  /** The machine's commit latency (p50 of one-row autocommit inserts), in ms. */
  commitMs: number;
  /** The big store of scenarios 3 (second size), 4, 6 and 11 (generated on first use); its URL. */
  store: () => Promise<string>;
  /** Rows and goals the scenario adds to the report. */
  rows: Row[];
  goals: Goal[];
}
