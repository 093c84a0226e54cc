/**
 * The role matrix of docs/architecture.md: for every table and view of the
 * `public` schema (what PostgREST exposes), what each actor gets from each
 * operation, exactly as PostgREST reaches the database (one transaction,
 * `role` and `request.jwt.claims` set). Every cell is one test:
 * role-matrix.test.ts proves the settings, roles and catalog rows (and checks
 * the matrix itself: it must name every table and view of `public`);
 * role-matrix-sales.test.ts proves the sales, customers and till rows;
 * role-matrix-buying.test.ts proves the buying rows (suppliers, what they call
 * a product, purchase orders and goods receipts).
 *
 * Operations are what a plain request does: a read names only columns the
 * roles may read; a write sets what the table is there for. A few rows add a
 * case after a slash, where the same operation answers differently:
 *   select/*            every column, as `GET /<table>` without `select=` reads: refused when a column is not
 *                       granted (cost prices, buying money, idempotency keys and request fingerprints are hidden)
 *   insert/credit_limit a customer created with a credit limit
 *   insert/balance      a customer created with a balance
 *   update/credit_limit, update/is_active, update/balance
 *                       a customer's credit limit, deactivation, balance
 *   delete/referenced   a row other rows still refer to: a category's products, a product's movements,
 *                       a customer's sales, a register's sessions, a supplier's purchase orders
 *
 * Reads:  all       = every row the test owns is returned
 *         own       = only the caller's own row is returned, never anyone else's
 *         none      = no row is returned, and no error (row level security hides them)
 *         denied    = 42501 "permission denied" (a table or column not granted)
 * Writes: ok        = the write happens (one row)
 *         rls       = 42501 "new row violates row-level security policy"; nothing written
 *         hidden    = no error, but no row affected (RLS hides the row from the write); the row is unchanged
 *         denied    = 42501 "permission denied" (no grant on the table or the column); nothing written
 *         view      = 55000 "cannot insert into / update / delete from view": the view is not updatable, which
 *                     Postgres decides before it checks privileges; no API role holds a write grant on it
 *                     either (a test checks), so it stays read-only even if it became updatable
 *         forbidden = PT403 FORBIDDEN, raised by a BEFORE trigger because the change needs a role the caller
 *                     lacks (customers_guard: a credit limit or deactivation needs a manager). The trigger
 *                     runs before row level security checks the new row, so a viewer's insert ends here
 *                     too, not in `rls`; nothing written
 *         in-use    = PT409 with the table's catalogued code (CATEGORY_IN_USE, PRODUCT_HAS_HISTORY,
 *                     CUSTOMER_HAS_HISTORY, CASH_REGISTER_HAS_HISTORY, SUPPLIER_HAS_ORDERS), raised by a
 *                     trigger; nothing deleted
 */

import type { Tx } from "@comarapa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, anon, serviceRole } from "../helpers/act.ts";
import type { TestDatabase } from "../helpers/db.ts";
import { pgError } from "../helpers/errors.ts";
import { createRoleUsers } from "../helpers/fixtures.ts";
import { expectAppError, expectPermissionDenied, expectRlsViolation } from "./support.ts";

export const MATRIX = `
  table                       op                   admin      manager    staff      viewer     no-role    anon    service_role

  # Settings and roles
  store_settings              select               all        all        all        all        none       denied  all
  store_settings              insert               denied     denied     denied     denied     denied     denied  denied
  store_settings              update               ok         ok         hidden     hidden     hidden     denied  ok
  store_settings              delete               denied     denied     denied     denied     denied     denied  denied
  user_roles                  select               all        own        own        own        none       denied  all
  user_roles                  insert               ok         rls        rls        rls        rls        denied  ok
  user_roles                  update               ok         hidden     hidden     hidden     hidden     denied  ok
  user_roles                  delete               ok         hidden     hidden     hidden     hidden     denied  ok

  # The catalog and the stock ledger
  categories                  select               all        all        all        all        none       denied  all
  categories                  insert               ok         ok         rls        rls        rls        denied  ok
  categories                  update               ok         ok         hidden     hidden     hidden     denied  ok
  categories                  delete               ok         ok         hidden     hidden     hidden     denied  ok
  categories                  delete/referenced    in-use     in-use     hidden     hidden     hidden     denied  in-use
  products                    select               all        all        all        all        none       denied  all
  products                    select/*             denied     denied     denied     denied     denied     denied  all
  products                    insert               ok         ok         rls        rls        rls        denied  ok
  products                    update               ok         ok         hidden     hidden     hidden     denied  ok
  products                    delete               ok         ok         hidden     hidden     hidden     denied  ok
  products                    delete/referenced    in-use     in-use     hidden     hidden     hidden     denied  in-use
  inventory_movements         select               all        all        all        all        none       denied  all
  inventory_movements         select/*             denied     denied     denied     denied     denied     denied  all
  inventory_movements         insert               denied     denied     denied     denied     denied     denied  denied
  inventory_movements         update               denied     denied     denied     denied     denied     denied  denied
  inventory_movements         delete               denied     denied     denied     denied     denied     denied  denied
  low_stock_products          select               all        all        all        all        none       denied  all
  low_stock_products          insert               view       view       view       view       view       view    view
  low_stock_products          update               view       view       view       view       view       view    view
  low_stock_products          delete               view       view       view       view       view       view    view

  # Sales, their items, payments and returns: written by create_sale, cancel_sale and create_return alone
  sales                       select               all        all        all        all        none       denied  all
  sales                       select/*             denied     denied     denied     denied     denied     denied  all
  sales                       insert               denied     denied     denied     denied     denied     denied  denied
  sales                       update               denied     denied     denied     denied     denied     denied  denied
  sales                       delete               denied     denied     denied     denied     denied     denied  denied
  sale_items                  select               all        all        all        all        none       denied  all
  sale_items                  select/*             denied     denied     denied     denied     denied     denied  all
  sale_items                  insert               denied     denied     denied     denied     denied     denied  denied
  sale_items                  update               denied     denied     denied     denied     denied     denied  denied
  sale_items                  delete               denied     denied     denied     denied     denied     denied  denied
  sale_payments               select               all        all        all        all        none       denied  all
  sale_payments               insert               denied     denied     denied     denied     denied     denied  denied
  sale_payments               update               denied     denied     denied     denied     denied     denied  denied
  sale_payments               delete               denied     denied     denied     denied     denied     denied  denied
  sale_returns                select               all        all        all        all        none       denied  all
  sale_returns                select/*             denied     denied     denied     denied     denied     denied  all
  sale_returns                insert               denied     denied     denied     denied     denied     denied  denied
  sale_returns                update               denied     denied     denied     denied     denied     denied  denied
  sale_returns                delete               denied     denied     denied     denied     denied     denied  denied
  sale_return_items           select               all        all        all        all        none       denied  all
  sale_return_items           insert               denied     denied     denied     denied     denied     denied  denied
  sale_return_items           update               denied     denied     denied     denied     denied     denied  denied
  sale_return_items           delete               denied     denied     denied     denied     denied     denied  denied

  # Customers (staff keep contact details, managers the credit) and their account ledger (the RPCs alone)
  customers                   select               all        all        all        all        none       denied  all
  customers                   insert               ok         ok         ok         rls        rls        denied  ok
  customers                   insert/credit_limit  ok         ok         forbidden  forbidden  forbidden  denied  ok
  customers                   insert/balance       denied     denied     denied     denied     denied     denied  denied
  customers                   update               ok         ok         ok         hidden     hidden     denied  ok
  customers                   update/credit_limit  ok         ok         forbidden  hidden     hidden     denied  ok
  customers                   update/is_active     ok         ok         forbidden  hidden     hidden     denied  ok
  customers                   update/balance       denied     denied     denied     denied     denied     denied  denied
  customers                   delete               ok         ok         hidden     hidden     hidden     denied  ok
  customers                   delete/referenced    in-use     in-use     hidden     hidden     hidden     denied  in-use
  customer_account_movements  select               all        all        all        all        none       denied  all
  customer_account_movements  select/*             denied     denied     denied     denied     denied     denied  all
  customer_account_movements  insert               denied     denied     denied     denied     denied     denied  denied
  customer_account_movements  update               denied     denied     denied     denied     denied     denied  denied
  customer_account_movements  delete               denied     denied     denied     denied     denied     denied  denied

  # The till: registers are a manager's; sessions and their cash movements are written by the RPCs alone
  cash_registers              select               all        all        all        all        none       denied  all
  cash_registers              insert               ok         ok         rls        rls        rls        denied  ok
  cash_registers              update               ok         ok         hidden     hidden     hidden     denied  ok
  cash_registers              delete               ok         ok         hidden     hidden     hidden     denied  ok
  cash_registers              delete/referenced    in-use     in-use     hidden     hidden     hidden     denied  in-use
  cash_sessions               select               all        all        all        all        none       denied  all
  cash_sessions               insert               denied     denied     denied     denied     denied     denied  denied
  cash_sessions               update               denied     denied     denied     denied     denied     denied  denied
  cash_sessions               delete               denied     denied     denied     denied     denied     denied  denied
  cash_movements              select               all        all        all        all        none       denied  all
  cash_movements              select/*             denied     denied     denied     denied     denied     denied  all
  cash_movements              insert               denied     denied     denied     denied     denied     denied  denied
  cash_movements              update               denied     denied     denied     denied     denied     denied  denied
  cash_movements              delete               denied     denied     denied     denied     denied     denied  denied

  # Buying: suppliers and what they call a product are a manager's (the codes are learned from receipts, a manager
  # corrects them); orders, their lines and the receipts are written by the buying RPCs alone
  suppliers                   select               all        all        all        all        none       denied  all
  suppliers                   insert               ok         ok         rls        rls        rls        denied  ok
  suppliers                   update               ok         ok         hidden     hidden     hidden     denied  ok
  suppliers                   delete               ok         ok         hidden     hidden     hidden     denied  ok
  suppliers                   delete/referenced    in-use     in-use     hidden     hidden     hidden     denied  in-use
  supplier_products           select               all        all        all        all        none       denied  all
  supplier_products           select/*             denied     denied     denied     denied     denied     denied  all
  supplier_products           insert               ok         ok         rls        rls        rls        denied  ok
  supplier_products           update               ok         ok         hidden     hidden     hidden     denied  ok
  supplier_products           delete               ok         ok         hidden     hidden     hidden     denied  ok
  purchase_orders             select               all        all        all        all        none       denied  all
  purchase_orders             select/*             denied     denied     denied     denied     denied     denied  all
  purchase_orders             insert               denied     denied     denied     denied     denied     denied  denied
  purchase_orders             update               denied     denied     denied     denied     denied     denied  denied
  purchase_orders             delete               denied     denied     denied     denied     denied     denied  denied
  purchase_order_items        select               all        all        all        all        none       denied  all
  purchase_order_items        select/*             denied     denied     denied     denied     denied     denied  all
  purchase_order_items        insert               denied     denied     denied     denied     denied     denied  denied
  purchase_order_items        update               denied     denied     denied     denied     denied     denied  denied
  purchase_order_items        delete               denied     denied     denied     denied     denied     denied  denied
  goods_receipts              select               all        all        all        all        none       denied  all
  goods_receipts              select/*             denied     denied     denied     denied     denied     denied  all
  goods_receipts              insert               denied     denied     denied     denied     denied     denied  denied
  goods_receipts              update               denied     denied     denied     denied     denied     denied  denied
  goods_receipts              delete               denied     denied     denied     denied     denied     denied  denied
  goods_receipt_items         select               all        all        all        all        none       denied  all
  goods_receipt_items         select/*             denied     denied     denied     denied     denied     denied  all
  goods_receipt_items         insert               denied     denied     denied     denied     denied     denied  denied
  goods_receipt_items         update               denied     denied     denied     denied     denied     denied  denied
  goods_receipt_items         delete               denied     denied     denied     denied     denied     denied  denied
`;

export const ACTORS = ["admin", "manager", "staff", "viewer", "no-role", "anon", "service_role"] as const;

/** The rows role-matrix.test.ts proves. */
export const CATALOG_TABLES = [
  "store_settings",
  "user_roles",
  "categories",
  "products",
  "inventory_movements",
  "low_stock_products",
] as const;

/** The rows role-matrix-sales.test.ts proves. */
export const SALES_TABLES = [
  "sales",
  "sale_items",
  "sale_payments",
  "sale_returns",
  "sale_return_items",
  "customers",
  "customer_account_movements",
  "cash_registers",
  "cash_sessions",
  "cash_movements",
] as const;

/** The rows role-matrix-buying.test.ts proves. */
export const BUYING_TABLES = [
  "suppliers",
  "supplier_products",
  "purchase_orders",
  "purchase_order_items",
  "goods_receipts",
  "goods_receipt_items",
] as const;

export const TABLES = [...CATALOG_TABLES, ...SALES_TABLES, ...BUYING_TABLES] as const;
export const OPERATIONS = ["select", "insert", "update", "delete"] as const;
const READ_OUTCOMES = ["all", "own", "none", "denied"] as const;
const WRITE_OUTCOMES = ["ok", "rls", "hidden", "denied", "view", "forbidden", "in-use"] as const;

export type ActorName = (typeof ACTORS)[number];
export type Table = (typeof TABLES)[number];
export type Operation = (typeof OPERATIONS)[number];
type ReadOutcome = (typeof READ_OUTCOMES)[number];
export type WriteOutcome = (typeof WRITE_OUTCOMES)[number];
type Outcome = ReadOutcome | WriteOutcome;

export interface MatrixRow {
  table: Table;
  /** As written: `update` or, for a case, `update/balance`. */
  op: string;
  /** The operation without its case. */
  base: Operation;
  /** The case after the slash, if any. */
  variant: string | null;
  outcomes: Record<ActorName, Outcome>;
}

/** Parses MATRIX, refusing a malformed or incomplete table so a typo cannot silently skip a cell. */
function parseMatrix(text: string): MatrixRow[] {
  const [header, ...lines] = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(/\s+/));
  if (header?.join(" ") !== ["table", "op", ...ACTORS].join(" ")) throw new Error("MATRIX header is not as expected");
  const rows: MatrixRow[] = [];
  for (const [table, op = "", ...outcomes] of lines) {
    const [base, variant = null, ...rest] = op.split("/");
    if (!TABLES.includes(table as Table) || !OPERATIONS.includes(base as Operation) || rest.length > 0) {
      throw new Error(`MATRIX: unknown row ${table} ${op}`);
    }
    if (rows.some((row) => row.table === table && row.op === op)) throw new Error(`MATRIX: ${table} ${op} twice`);
    const allowed: readonly string[] = base === "select" ? READ_OUTCOMES : WRITE_OUTCOMES;
    if (outcomes.length !== ACTORS.length || outcomes.some((outcome) => !allowed.includes(outcome))) {
      throw new Error(`MATRIX: bad outcomes for ${table} ${op}: ${outcomes.join(" ")}`);
    }
    rows.push({
      table: table as Table,
      op,
      base: base as Operation,
      variant,
      outcomes: Object.fromEntries(ACTORS.map((actor, index) => [actor, outcomes[index]])) as Record<
        ActorName,
        Outcome
      >,
    });
  }
  for (const table of TABLES) {
    for (const op of OPERATIONS) {
      if (!rows.some((row) => row.table === table && row.op === op)) throw new Error(`MATRIX: missing ${table} ${op}`);
    }
  }
  return rows;
}

export const ROWS = parseMatrix(MATRIX);

// =============================================================================
// What each cell does. A read returns the ids it saw, with the ids the test
// owns (`all`) and those that are the caller's own (`own`). A write targets
// rows the test created for itself, named by a key the cell's setup returns;
// `state` is what the superuser sees of them before and after, and `applied`
// checks the change when it is allowed.
// =============================================================================

export interface ReadCell {
  setup(actor: Actor): Promise<{ all: string[]; own: string[]; read: (tx: Tx) => Promise<string[]> }>;
}

export interface WriteCell<Key = string> {
  setup(): Promise<Key>;
  attempt(tx: Tx, key: Key): Promise<readonly unknown[]>;
  /** What the superuser sees of the target, before and after the attempt. */
  state(key: Key): Promise<unknown>;
  /** Checks the change when the write is allowed. */
  applied(before: unknown, after: unknown, key: Key): void;
  /** The catalogued code of an `in-use` refusal (PT409). */
  inUse?: string;
  /** Puts shared data back as it was (only store_settings, the one row every test shares). */
  restore?(before: unknown): Promise<void>;
}

/** Forgets a write cell's key type, so cells with different keys sit in one table. */
export function writeCell<Key>(cell: WriteCell<Key>): WriteCell<unknown> {
  return cell as unknown as WriteCell<unknown>;
}

/** The cells of one table: its four operations, and the cases its MATRIX rows add after a slash. */
export interface TableCells {
  select: ReadCell;
  insert: WriteCell<unknown>;
  update: WriteCell<unknown>;
  delete: WriteCell<unknown>;
  cases?: Record<string, ReadCell | WriteCell<unknown>>;
}

export function neverApplied(): never {
  throw new Error("this write is never allowed");
}

export const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id).sort();

/**
 * Cells over whole tables, on the file's database (`db`, whose pool opens
 * before the tests): reads of the rows a fixture made, and the writes of
 * history no API role makes.
 */
export function tableCells(db: TestDatabase) {
  /**
   * Reads the rows of `table` whose `column` is the fixture's `key`: as the
   * superuser (`all`) and as the actor. `columns: "*"` reads every column, as
   * `GET /<table>` without `select=` does.
   */
  function rowsOf<F>(
    table: Table,
    fixture: () => Promise<F>,
    column: string,
    key: (made: F) => string,
    columns: "id" | "*" = "id",
  ): ReadCell {
    return {
      async setup() {
        const value = key(await fixture());
        const query = (sql: Tx) =>
          columns === "*"
            ? sql<{ id: string }[]>`select * from ${sql(`public.${table}`)} where ${sql(column)} = ${value}`
            : sql<{ id: string }[]>`select id from ${sql(`public.${table}`)} where ${sql(column)} = ${value}`;
        return { all: ids(await db.sql.begin(query)), own: [], read: async (tx) => ids(await query(tx)) };
      },
    };
  }

  /** The whole table as the superuser sees it, to the byte: any row written, changed or deleted shows. */
  async function fingerprint(table: Table) {
    const [row] = await db.sql`
      select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest
        from ${db.sql(`public.${table}`)} as t
    `;
    return row;
  }

  /**
   * History no API role writes: no grant on the table for any of them, so each
   * attempt is refused before it touches a row, and the table is unchanged.
   * `made` is what the fixture made, for the attempt to aim at.
   */
  function historyOf<F>(
    table: Table,
    fixture: () => Promise<F>,
    attempts: Record<"insert" | "update" | "delete", (tx: Tx, made: F) => Promise<readonly unknown[]>>,
  ): Pick<TableCells, "insert" | "update" | "delete"> {
    const cell = (attempt: (tx: Tx, made: F) => Promise<readonly unknown[]>) =>
      writeCell<F>({ setup: fixture, attempt, state: () => fingerprint(table), applied: neverApplied });
    return { insert: cell(attempts.insert), update: cell(attempts.update), delete: cell(attempts.delete) };
  }

  return { rowsOf, historyOf };
}

// =============================================================================
// The tests: one per cell, named by what it proves
// =============================================================================

function who(actor: ActorName): string {
  return actor === "no-role" ? "a signed-in user without a role" : actor;
}

function readSentence(actor: ActorName, row: MatrixRow, outcome: ReadOutcome): string {
  const what = row.variant === "*" ? `every column of ${row.table} (select=*)` : `the rows of ${row.table}`;
  switch (outcome) {
    case "all":
      return `${who(actor)} reads ${what}`;
    case "own":
      return `${who(actor)} reads only its own row of ${row.table}, never another user's`;
    case "none":
      return `${who(actor)} gets no row of ${row.table} (hidden by row level security, not an error)`;
    case "denied":
      return `${who(actor)} is refused reading ${what} (42501 permission denied)`;
  }
}

/** What a write aims at, in words: a row, or what a case after the slash changes of one. */
const CASES: Record<string, (table: string) => string> = {
  "insert/credit_limit": (table) => `a row of ${table} with a credit limit`,
  "insert/balance": (table) => `a row of ${table} with a balance`,
  "update/credit_limit": (table) => `the credit limit of a row of ${table}`,
  "update/is_active": (table) => `is_active of a row of ${table} (deactivating it)`,
  "update/balance": (table) => `the balance of a row of ${table}`,
  "delete/referenced": (table) => `a row of ${table} that other rows refer to`,
};

function writeSentence(actor: ActorName, row: MatrixRow, outcome: WriteOutcome, cell: WriteCell<unknown>): string {
  const op = row.base;
  const what = CASES[row.op]?.(row.table) ?? `a row of ${row.table}`;
  switch (outcome) {
    case "ok":
      return `${who(actor)} can ${op} ${what}`;
    case "rls":
      return `${who(actor)} is refused an ${op} of ${what} by row level security (42501) and nothing is written`;
    case "hidden":
      return `${who(actor)}'s ${op} of ${what} affects no row (hidden by row level security) and the row is unchanged`;
    case "denied":
      return `${who(actor)} is refused ${op} of ${what} (42501 permission denied) and nothing changes`;
    case "view":
      return `${who(actor)} is refused ${op} on the view ${row.table} (55000 not updatable) and nothing changes`;
    case "forbidden":
      return `${who(actor)} is refused ${op} of ${what} by a trigger (PT403 FORBIDDEN) and nothing is written`;
    case "in-use":
      return `${who(actor)} is refused ${op} of ${what} (PT409 ${cell.inUse}) and nothing is deleted`;
  }
}

async function expectNotUpdatableView(call: Promise<unknown>, table: string, op: Operation): Promise<void> {
  const error = await pgError(call);
  const verb = { select: "select", insert: "insert into", update: "update", delete: "delete from" }[op];
  expect({ code: error.code, message: error.message }).toEqual({
    code: "55000",
    message: `cannot ${verb} view "${table}"`,
  });
}

/** The cell a row names: a case's, or the operation's. Throws when the file has no cell for it. */
function cellOf(cells: TableCells, row: MatrixRow): ReadCell | WriteCell<unknown> {
  const cell = row.variant ? cells.cases?.[row.op] : cells[row.base];
  if (!cell) throw new Error(`MATRIX: no cell for ${row.table} ${row.op}`);
  return cell;
}

/**
 * Declares one test per cell of `tables`' rows, on the file's own database
 * (`db`), as one user per role, a signed-in user without one, anon and the
 * service role.
 */
export function describeRoleMatrix<T extends Table>(
  db: TestDatabase,
  tables: readonly T[],
  cells: Record<T, TableCells>,
): void {
  const actors = {} as Record<ActorName, Actor>;
  beforeAll(async () => {
    const users = await createRoleUsers(db.sql);
    Object.assign(actors, {
      admin: users.admin,
      manager: users.manager,
      staff: users.staff,
      viewer: users.viewer,
      "no-role": users.noRole,
      anon,
      service_role: serviceRole,
    });
  });

  for (const table of tables) {
    const rows = ROWS.filter((row) => row.table === table);
    for (const op of Object.keys(cells[table].cases ?? {})) {
      if (!rows.some((row) => row.op === op)) throw new Error(`MATRIX: ${table} has a cell for ${op} but no row`);
    }
    describe(table, () => {
      for (const row of rows) {
        const cell = cellOf(cells[table], row);
        for (const actorName of ACTORS) {
          const outcome = row.outcomes[actorName];
          if (row.base === "select") {
            it(readSentence(actorName, row, outcome as ReadOutcome), async () => {
              const reading = await (cell as ReadCell).setup(actors[actorName]);
              expect(reading.all.length, "the test owns rows to read").toBeGreaterThan(0);
              const read = actAs(db.sql, actors[actorName], reading.read, { readOnly: true });
              if (outcome === "denied") {
                await expectPermissionDenied(read);
                return;
              }
              const seen = (await read).sort();
              if (outcome === "all") expect(seen).toEqual(reading.all);
              if (outcome === "own") {
                expect(reading.own).toHaveLength(1);
                expect(seen).toEqual(reading.own);
              }
              if (outcome === "none") expect(seen).toEqual([]);
            });
          } else {
            const write = cell as WriteCell<unknown>;
            it(writeSentence(actorName, row, outcome as WriteOutcome, write), async () => {
              const key = await write.setup();
              const before = await write.state(key);
              const attempt = actAs(db.sql, actors[actorName], (tx) => write.attempt(tx, key));
              try {
                if (outcome === "denied") await expectPermissionDenied(attempt);
                if (outcome === "rls") await expectRlsViolation(attempt);
                if (outcome === "view") await expectNotUpdatableView(attempt, table, row.base);
                if (outcome === "forbidden") await expectAppError(attempt, "PT403", "FORBIDDEN");
                if (outcome === "in-use") await expectAppError(attempt, "PT409", write.inUse ?? "(no inUse code)");
                if (outcome === "hidden") expect(await attempt).toHaveLength(0);
                if (outcome === "ok") expect(await attempt).toHaveLength(1);
                const after = await write.state(key);
                if (outcome === "ok") write.applied(before, after, key);
                else expect(after).toEqual(before);
              } finally {
                await write.restore?.(before);
              }
            });
          }
        }
      }
    });
  }
}
