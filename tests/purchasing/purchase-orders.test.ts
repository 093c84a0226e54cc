import { beforeAll, describe, expect, it } from "vitest";
import { actAs, anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { type Sql, useTestDatabase } from "../helpers/db.ts";
import { attempt, failureOf, hintOf, pgError } from "../helpers/errors.ts";
import { createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";
import {
  createOrder,
  createSupplier,
  lineOf,
  orderNow,
  type PurchaseOrder,
  receive,
  refusedBuying,
  type SupplierFixture,
  step,
} from "./support.ts";

/**
 * Purchase orders: written and edited by staff as drafts, submitted, approved
 * by a manager, cancelled (nothing received) or closed (partly received) by a
 * manager. Amounts computed in SQL, half-up to cents; numbers PO-000001
 * without gaps; every refusal and every illegal transition writes nothing.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
let supplier: SupplierFixture;
let oil: ProductFixture;
let rice: ProductFixture;
let sugar: ProductFixture;

beforeAll(async () => {
  supplier = await createSupplier(db.sql);
  oil = await createProduct(db.sql, { stock: 10, unitPrice: "17.50", costPrice: "13.83" });
  rice = await createProduct(db.sql, { stock: 5, unitPrice: "10.00", costPrice: "8.10" });
  sugar = await createProduct(db.sql, { unitPrice: "8.50", costPrice: "6.89" });
});

async function storeToday(sql: Sql): Promise<string> {
  const [row] = await sql<{ today: string }[]>`select (now() at time zone 'America/La_Paz')::date::text as today`;
  return row?.today as string;
}

function plusDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const twoLines = () => [
  { product_id: oil.id, quantity: 12, unit_cost: 13.55 },
  { product_id: rice.id, quantity: 3, unit_cost: 8.05 },
];

describe("create_purchase_order", () => {
  it("writes a DRAFT with its lines, today's date in La Paz, and amounts computed in SQL, half-up to cents", async () => {
    const today = await storeToday(db.sql);
    const order = await createOrder(db.sql, users.manager, supplier.id, twoLines(), {
      expected_date: plusDays(today, 3),
      tax_rate: 13,
      notes: "  Entrega por la tarde.\u200b ",
    });
    expect(order).toMatchObject({
      status: "DRAFT",
      supplier_id: supplier.id,
      supplier: { id: supplier.id, name: supplier.name, nit: supplier.nit },
      order_date: today,
      expected_date: plusDays(today, 3),
      tax_rate: 13,
      // 12 × 13.55 = 162.60; 3 × 8.05 = 24.15; subtotal 186.75; 13 % = 24.2775 → 24.28 (half-up)
      subtotal: 186.75,
      tax_amount: 24.28,
      total: 211.03,
      notes: "Entrega por la tarde.",
      created_by: users.manager.id,
      submitted_at: null,
      approved_at: null,
      receipts: [],
    });
    expect(order.po_number).toMatch(/^PO-\d{6}$/);
    expect(
      order.items.map((item) => [item.line_number, item.product_id, item.quantity_ordered, item.unit_cost]),
    ).toEqual([
      [1, oil.id, 12, 13.55],
      [2, rice.id, 3, 8.05],
    ]);
    expect(order.items.map((item) => [item.amount, item.quantity_received, item.quantity_remaining])).toEqual([
      [162.6, 0, 12],
      [24.15, 0, 3],
    ]);
  });

  it("rounds the tax half-up where banker's rounding would not: 10.50 at 13 % is 1.37", async () => {
    const order = await createOrder(
      db.sql,
      users.manager,
      supplier.id,
      [{ product_id: sugar.id, quantity: 3, unit_cost: 3.5 }],
      { tax_rate: 13 },
    );
    expect([order.subtotal, order.tax_amount, order.total]).toEqual([10.5, 1.37, 11.87]);
  });

  it("shows amounts and unit costs to managers and admins only (null for staff and viewers)", async () => {
    const order = await createOrder(db.sql, users.staff, supplier.id, twoLines());
    expect([order.subtotal, order.total, order.items[0]?.unit_cost, order.items[0]?.amount]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    for (const [role, actor, visible] of [
      ["viewer", users.viewer, false],
      ["staff", users.staff, false],
      ["manager", users.manager, true],
      ["admin", users.admin, true],
    ] as const) {
      const seen = await orderNow(db.sql, order.id, actor);
      expect([seen.total, seen.items[0]?.unit_cost], role).toEqual(visible ? [186.75, 13.55] : [null, null]);
    }
  });

  it("numbers orders PO-000001, … without gaps: a refused order takes no number, 12 racing orders take 12 in a row", async () => {
    const numbers = async () =>
      (await db.sql<{ n: number }[]>`select po_sequence as n from public.purchase_orders order by 1`).map((r) => r.n);
    await refusedBuying(db.sql, () => createOrder(db.sql, users.staff, supplier.id, [{ product_id: oil.id }]));
    const before = await numbers();
    const racing = await Promise.all(
      Array.from({ length: 12 }, () =>
        attempt(createOrder(db.sql, users.staff, supplier.id, [{ product_id: oil.id, quantity: 1, unit_cost: 1 }])),
      ),
    );
    expect(racing.every((outcome) => outcome.ok)).toBe(true);
    const after = await numbers();
    expect(after).toEqual(Array.from({ length: after.length }, (_, index) => index + 1));
    expect(after.length - before.length).toBe(12);
    const [last] = await db.sql<{ po_number: string }[]>`
      select po_number from public.purchase_orders order by po_sequence desc limit 1`;
    expect(last?.po_number).toBe(`PO-${String(after.length).padStart(6, "0")}`);
  });
});

describe("create_purchase_order refuses bad input, naming the line, and writes nothing", () => {
  const line = () => ({ product_id: oil.id, quantity: 2, unit_cost: 5 });
  const cases: [string, () => Record<string, unknown>, string, number?][] = [
    ["items not an array", () => ({ items: { product_id: oil.id } }), "VALIDATION_ERROR"],
    ["no lines", () => ({ items: [] }), "EMPTY_ORDER"],
    ["501 lines", () => ({ items: Array.from({ length: 501 }, line) }), "VALIDATION_ERROR"],
    ["a line that is not an object", () => ({ items: [line(), 7] }), "VALIDATION_ERROR", 2],
    ["an unknown key", () => ({ items: [{ ...line(), discount: 1 }] }), "VALIDATION_ERROR", 1],
    [
      "a product id that is not a UUID",
      () => ({ items: [{ ...line(), product_id: "ABA-0001" }] }),
      "VALIDATION_ERROR",
      1,
    ],
    ["quantity 0", () => ({ items: [line(), { ...line(), product_id: rice.id, quantity: 0 }] }), "INVALID_QUANTITY", 2],
    ["quantity -1", () => ({ items: [{ ...line(), quantity: -1 }] }), "INVALID_QUANTITY", 1],
    ["quantity 1.5", () => ({ items: [{ ...line(), quantity: 1.5 }] }), "INVALID_QUANTITY", 1],
    ["quantity as a string", () => ({ items: [{ ...line(), quantity: "2" }] }), "INVALID_QUANTITY", 1],
    ["quantity over 1,000,000", () => ({ items: [{ ...line(), quantity: 1_000_001 }] }), "INVALID_QUANTITY", 1],
    ["no unit_cost", () => ({ items: [{ product_id: oil.id, quantity: 1 }] }), "INVALID_PRICE", 1],
    ["a null unit_cost", () => ({ items: [{ ...line(), unit_cost: null }] }), "INVALID_PRICE", 1],
    ["a negative unit_cost", () => ({ items: [{ ...line(), unit_cost: -0.01 }] }), "INVALID_PRICE", 1],
    ["a unit_cost with 3 decimals", () => ({ items: [{ ...line(), unit_cost: 1.005 }] }), "INVALID_PRICE", 1],
    ["a unit_cost as a string", () => ({ items: [{ ...line(), unit_cost: "5" }] }), "INVALID_PRICE", 1],
    ["a unit_cost beyond numeric(12,2)", () => ({ items: [{ ...line(), unit_cost: 1e10 }] }), "INVALID_PRICE", 1],
    [
      "a line amount beyond numeric(12,2)",
      () => ({ items: [{ ...line(), quantity: 1_000_000, unit_cost: 9_999_999 }] }),
      "INVALID_PRICE",
      1,
    ],
    [
      "an order total beyond numeric(12,2)",
      () => ({
        items: [
          { product_id: oil.id, quantity: 1_000_000, unit_cost: 9_000 },
          { product_id: rice.id, quantity: 1_000_000, unit_cost: 9_000 },
        ],
      }),
      "INVALID_PRICE",
    ],
    ["a product on two lines", () => ({ items: [line(), line()] }), "DUPLICATE_ORDER_LINE", 2],
    [
      "an unknown product",
      () => ({ items: [line(), { ...line(), product_id: crypto.randomUUID() }] }),
      "PRODUCT_NOT_FOUND",
      2,
    ],
    ["a tax rate of -1", () => ({ items: [line()], tax_rate: -1 }), "VALIDATION_ERROR"],
    ["a tax rate of 101", () => ({ items: [line()], tax_rate: 101 }), "VALIDATION_ERROR"],
    ["a tax rate with 3 decimals", () => ({ items: [line()], tax_rate: 13.005 }), "VALIDATION_ERROR"],
    ["notes over 500 characters", () => ({ items: [line()], notes: "x".repeat(501) }), "VALIDATION_ERROR"],
  ];

  it.each(cases)("%s: %s", async (_name, args, code, lineNumber) => {
    const failure = await refusedBuying(db.sql, () =>
      rpcAs(db.sql, users.staff, "create_purchase_order", { supplier_id: supplier.id, ...args() }),
    );
    expect({ code: failure.message, status: failure.status }).toEqual({
      code,
      status: code.startsWith("PRODUCT_NOT") ? 404 : 400,
    });
    if (lineNumber !== undefined) {
      expect(failure.details).toMatch(new RegExp(`^Line ${lineNumber}: `));
      expect(hintOf(failure).line).toBe(lineNumber);
    }
  });

  it("an inactive product (PRODUCT_INACTIVE, 409), an unknown or deactivated supplier (404, 409)", async () => {
    const inactive = await createProduct(db.sql, { active: false });
    const retired = await createSupplier(db.sql, { active: false });
    const cases: [Record<string, unknown>, string, number][] = [
      [
        { supplier_id: supplier.id, items: [{ product_id: inactive.id, quantity: 1, unit_cost: 1 }] },
        "PRODUCT_INACTIVE",
        409,
      ],
      [{ supplier_id: crypto.randomUUID(), items: twoLines() }, "SUPPLIER_NOT_FOUND", 404],
      [{ supplier_id: null, items: twoLines() }, "SUPPLIER_NOT_FOUND", 404],
      [{ supplier_id: retired.id, items: twoLines() }, "SUPPLIER_INACTIVE", 409],
    ];
    for (const [args, code, status] of cases) {
      const failure = await refusedBuying(db.sql, () => rpcAs(db.sql, users.staff, "create_purchase_order", args));
      expect({ code: failure.message, status: failure.status }).toEqual({ code, status });
    }
  });

  it("dates: an expected date before today or more than a year ahead is INVALID_DATE; one that is no date, 400", async () => {
    const today = await storeToday(db.sql);
    for (const expected_date of [plusDays(today, -1), plusDays(today, 367), "1999-12-31"]) {
      const failure = await refusedBuying(db.sql, () =>
        rpcAs(db.sql, users.staff, "create_purchase_order", {
          supplier_id: supplier.id,
          items: twoLines(),
          expected_date,
        }),
      );
      expect({ code: failure.message, status: failure.status, field: hintOf(failure).field }).toEqual({
        code: "INVALID_DATE",
        status: 400,
        field: "expected_date",
      });
    }
    for (const expected_date of ["2026-02-30", "mañana", "2026-13-01"]) {
      const failure = await refusedBuying(db.sql, () =>
        rpcAs(db.sql, users.staff, "create_purchase_order", {
          supplier_id: supplier.id,
          items: twoLines(),
          expected_date,
        }),
      );
      expect(failure.status, expected_date).toBe(400);
    }
    const sameDay = await createOrder(db.sql, users.staff, supplier.id, twoLines(), { expected_date: today });
    const yearAhead = await createOrder(db.sql, users.staff, supplier.id, twoLines(), {
      expected_date: plusDays(today, 366),
    });
    expect([sameDay.expected_date, yearAhead.expected_date]).toEqual([today, plusDays(today, 366)]);
  });

  it("roles: a viewer or a user without a role is FORBIDDEN (403), anon is refused outright (401)", async () => {
    for (const actor of [users.viewer, users.noRole]) {
      const failure = await refusedBuying(db.sql, () =>
        rpcAs(db.sql, actor, "create_purchase_order", { supplier_id: supplier.id, items: twoLines() }),
      );
      expect({ code: failure.message, status: failure.status }).toEqual({ code: "FORBIDDEN", status: 403 });
    }
    const failure = await refusedBuying(
      db.sql,
      () => rpcAs(db.sql, anon, "create_purchase_order", { supplier_id: supplier.id, items: twoLines() }),
      { anonymous: true },
    );
    expect({ code: failure.code, status: failure.status }).toEqual({ code: "42501", status: 401 });
  });
});

describe("update_purchase_order", () => {
  it("rewrites a draft: its supplier, lines, date, tax and notes; the number and order date stay", async () => {
    const other = await createSupplier(db.sql);
    const draft = await createOrder(db.sql, users.staff, supplier.id, twoLines(), { tax_rate: 13, notes: "primera" });
    const edited = await rpcAs<PurchaseOrder>(db.sql, users.staff, "update_purchase_order", {
      purchase_order_id: draft.id,
      supplier_id: other.id,
      items: [{ product_id: sugar.id, quantity: 10, unit_cost: 6.75 }],
      tax_rate: 0,
    });
    const now = await orderNow(db.sql, draft.id);
    expect(now).toMatchObject({
      id: draft.id,
      po_number: draft.po_number,
      order_date: draft.order_date,
      supplier_id: other.id,
      status: "DRAFT",
      tax_rate: 0,
      subtotal: 67.5,
      tax_amount: 0,
      total: 67.5,
      notes: null,
    });
    expect(edited.items.map((item) => [item.line_number, item.product_id, item.quantity_ordered])).toEqual([
      [1, sugar.id, 10],
    ]);
  });

  it("refuses bad lines as create does, and an order no longer a draft (INVALID_STATUS_TRANSITION), writing nothing", async () => {
    const draft = await createOrder(db.sql, users.staff, supplier.id, twoLines());
    const bad = await refusedBuying(db.sql, () =>
      rpcAs(db.sql, users.staff, "update_purchase_order", {
        purchase_order_id: draft.id,
        supplier_id: supplier.id,
        items: [{ product_id: oil.id, quantity: 0, unit_cost: 1 }],
      }),
    );
    expect(bad.message).toBe("INVALID_QUANTITY");
    await step(db.sql, users.staff, "submit_purchase_order", draft.id);
    const failure = await refusedBuying(db.sql, () =>
      rpcAs(db.sql, users.staff, "update_purchase_order", {
        purchase_order_id: draft.id,
        supplier_id: supplier.id,
        items: twoLines(),
      }),
    );
    expect({ code: failure.message, status: failure.status }).toEqual({
      code: "INVALID_STATUS_TRANSITION",
      status: 409,
    });
    expect(hintOf(failure)).toMatchObject({ status: "PENDING", action: "edit", allowed_from: ["DRAFT"] });
  });
});

// =============================================================================
// Every transition, from every status
// =============================================================================
type Status = PurchaseOrder["status"];
const STATUSES: Status[] = ["DRAFT", "PENDING", "APPROVED", "PARTIALLY_RECEIVED", "RECEIVED", "CANCELLED", "CLOSED"];
type Action = "update" | "submit" | "approve" | "cancel" | "close" | "receive";

/** What each action does from each status: the status it leads to, or the code that refuses it. */
const TRANSITIONS: Record<Action, Partial<Record<Status, Status>> & { refused?: string }> = {
  update: { DRAFT: "DRAFT" },
  submit: { DRAFT: "PENDING" },
  approve: { PENDING: "APPROVED" },
  cancel: { DRAFT: "CANCELLED", PENDING: "CANCELLED", APPROVED: "CANCELLED" },
  close: { PARTIALLY_RECEIVED: "CLOSED" },
  receive: { APPROVED: "PARTIALLY_RECEIVED", PARTIALLY_RECEIVED: "RECEIVED" },
};

/** An order of two lines (oil 4, rice 2) brought to `status` through the RPCs. */
async function orderIn(status: Status): Promise<PurchaseOrder> {
  const lines = [
    { product_id: oil.id, quantity: 4, unit_cost: 13 },
    { product_id: rice.id, quantity: 2, unit_cost: 8 },
  ];
  const draft = await createOrder(db.sql, users.staff, supplier.id, lines);
  if (status === "DRAFT") return draft;
  if (status === "CANCELLED") return step(db.sql, users.manager, "cancel_purchase_order", draft.id, "ya no hace falta");
  await step(db.sql, users.staff, "submit_purchase_order", draft.id);
  if (status === "PENDING") return orderNow(db.sql, draft.id);
  const approved = await step(db.sql, users.manager, "approve_purchase_order", draft.id);
  if (status === "APPROVED") return approved;
  const oilLine = lineOf(approved, oil.id);
  const riceLine = lineOf(approved, rice.id);
  await receive(db.sql, users.staff, draft.id, [{ purchase_order_item_id: oilLine.id, quantity: 4 }]);
  if (status === "PARTIALLY_RECEIVED") return orderNow(db.sql, draft.id);
  if (status === "CLOSED") return step(db.sql, users.manager, "close_purchase_order", draft.id, "no llega el arroz");
  await receive(db.sql, users.staff, draft.id, [{ purchase_order_item_id: riceLine.id, quantity: 2 }]);
  return orderNow(db.sql, draft.id);
}

function act(action: Action, order: PurchaseOrder) {
  const id = order.id;
  switch (action) {
    case "update":
      return rpcAs(db.sql, users.manager, "update_purchase_order", {
        purchase_order_id: id,
        supplier_id: supplier.id,
        items: [{ product_id: oil.id, quantity: 5, unit_cost: 13 }],
      });
    case "submit":
      return rpcAs(db.sql, users.manager, "submit_purchase_order", { purchase_order_id: id });
    case "approve":
      return rpcAs(db.sql, users.manager, "approve_purchase_order", { purchase_order_id: id });
    case "cancel":
      return rpcAs(db.sql, users.manager, "cancel_purchase_order", { purchase_order_id: id, reason: "error" });
    case "close":
      return rpcAs(db.sql, users.manager, "close_purchase_order", { purchase_order_id: id, reason: "no vendrá" });
    case "receive": {
      // the first line with something left, one unit of it (or the first line when nothing is left)
      const line = order.items.find((item) => item.quantity_remaining > 0) ?? order.items[0];
      const quantity = order.status === "PARTIALLY_RECEIVED" ? (line?.quantity_remaining ?? 1) : 1;
      return rpcAs(db.sql, users.manager, "receive_purchase_order", {
        purchase_order_id: id,
        items: [{ purchase_order_item_id: line?.id, quantity }],
      });
    }
  }
}

describe("the status machine: each action from each status", () => {
  const cells = (Object.keys(TRANSITIONS) as Action[]).flatMap((action) =>
    STATUSES.map((status) => [action, status] as const),
  );

  it.each(cells)("%s from %s", async (action, status) => {
    const order = await orderIn(status);
    expect(order.status).toBe(status);
    const to = TRANSITIONS[action][status];
    if (to) {
      await act(action, order);
      expect((await orderNow(db.sql, order.id)).status).toBe(to);
      return;
    }
    const failure = await refusedBuying(db.sql, () => act(action, order));
    // Receiving on an order received in full is over-receipt, not an illegal step.
    const code =
      action === "receive" && status === "RECEIVED" ? "RECEIPT_EXCEEDS_ORDERED" : "INVALID_STATUS_TRANSITION";
    expect({ code: failure.message, status: failure.status }).toEqual({ code, status: 409 });
    expect(hintOf(failure)).toMatchObject({ purchase_order_id: order.id, status });
  });

  it("stamps who did each step and when, and keeps the reason of a cancellation or a closing", async () => {
    const cancelled = await orderIn("CANCELLED");
    expect(cancelled).toMatchObject({ cancelled_by: users.manager.id, status_reason: "ya no hace falta" });
    expect(cancelled.cancelled_at).not.toBeNull();
    const closed = await orderIn("CLOSED");
    expect(closed).toMatchObject({
      submitted_by: users.staff.id,
      approved_by: users.manager.id,
      closed_by: users.manager.id,
      status_reason: "no llega el arroz",
    });
    expect([closed.submitted_at, closed.approved_at, closed.closed_at].every(Boolean)).toBe(true);
    expect(closed.items.map((item) => [item.quantity_received, item.quantity_remaining])).toEqual([
      [4, 0],
      [0, 2],
    ]);
  });
});

describe("who may take each step", () => {
  it("submitting is staff's; approving, cancelling and closing a manager's (FORBIDDEN otherwise, writing nothing)", async () => {
    const draft = await orderIn("DRAFT");
    const pending = await orderIn("PENDING");
    const partial = await orderIn("PARTIALLY_RECEIVED");
    const refusals: [string, typeof users.staff, string, Record<string, unknown>][] = [
      ["viewer submits", users.viewer, "submit_purchase_order", { purchase_order_id: draft.id }],
      ["staff approves", users.staff, "approve_purchase_order", { purchase_order_id: pending.id }],
      ["staff cancels", users.staff, "cancel_purchase_order", { purchase_order_id: pending.id, reason: "x" }],
      ["staff closes", users.staff, "close_purchase_order", { purchase_order_id: partial.id, reason: "x" }],
      [
        "viewer edits",
        users.viewer,
        "update_purchase_order",
        { purchase_order_id: draft.id, supplier_id: supplier.id, items: [] },
      ],
      ["no role reads", users.noRole, "get_purchase_order", { purchase_order_id: draft.id }],
    ];
    for (const [what, actor, name, args] of refusals) {
      const failure = await refusedBuying(db.sql, () => rpcAs(db.sql, actor, name, args));
      expect({ code: failure.message, status: failure.status }, what).toEqual({ code: "FORBIDDEN", status: 403 });
    }
  });

  it("a cancellation or a closing needs a visible reason (VALIDATION_ERROR, writing nothing)", async () => {
    const pending = await orderIn("PENDING");
    const partial = await orderIn("PARTIALLY_RECEIVED");
    for (const reason of [null, "", "  \u00a0\u200b "]) {
      for (const [name, order] of [
        ["cancel_purchase_order", pending],
        ["close_purchase_order", partial],
      ] as const) {
        const failure = await refusedBuying(db.sql, () =>
          rpcAs(db.sql, users.manager, name, { purchase_order_id: order.id, reason }),
        );
        expect({ code: failure.message, field: hintOf(failure).field }).toEqual({
          code: "VALIDATION_ERROR",
          field: "reason",
        });
      }
    }
  });

  it("an unknown order is PURCHASE_ORDER_NOT_FOUND (404) for every step", async () => {
    const id = crypto.randomUUID();
    for (const [name, args] of [
      ["get_purchase_order", {}],
      ["submit_purchase_order", {}],
      ["approve_purchase_order", {}],
      ["cancel_purchase_order", { reason: "x" }],
      ["close_purchase_order", { reason: "x" }],
      ["update_purchase_order", { supplier_id: supplier.id, items: twoLines() }],
      ["receive_purchase_order", { items: [{ purchase_order_item_id: crypto.randomUUID(), quantity: 1 }] }],
    ] as const) {
      const failure = await refusedBuying(db.sql, () =>
        rpcAs(db.sql, users.manager, name, { purchase_order_id: id, ...args }),
      );
      expect({ code: failure.message, status: failure.status }, name).toEqual({
        code: "PURCHASE_ORDER_NOT_FOUND",
        status: 404,
      });
    }
  });

  it("submitting or approving re-checks the supplier and the products: deactivated since, refused", async () => {
    const product = await createProduct(db.sql);
    const seller = await createSupplier(db.sql);
    const draft = await createOrder(db.sql, users.staff, seller.id, [
      { product_id: product.id, quantity: 1, unit_cost: 1 },
    ]);
    await db.sql`update public.products set is_active = false where id = ${product.id}`;
    const inactive = await refusedBuying(db.sql, () =>
      rpcAs(db.sql, users.staff, "submit_purchase_order", { purchase_order_id: draft.id }),
    );
    expect({ code: inactive.message, line: hintOf(inactive).line }).toEqual({ code: "PRODUCT_INACTIVE", line: 1 });
    await db.sql`update public.products set is_active = true where id = ${product.id}`;
    await step(db.sql, users.staff, "submit_purchase_order", draft.id);
    await db.sql`update public.suppliers set is_active = false where id = ${seller.id}`;
    const retired = await refusedBuying(db.sql, () =>
      rpcAs(db.sql, users.manager, "approve_purchase_order", { purchase_order_id: draft.id }),
    );
    expect(retired.message).toBe("SUPPLIER_INACTIVE");
  });
});

describe("orders are history", () => {
  it("no API role writes the order tables; nobody deletes an order, or a line once submitted", async () => {
    const order = await orderIn("PENDING");
    for (const actor of [users.admin, serviceRole]) {
      for (const statement of [
        `update public.purchase_orders set status = 'APPROVED' where id = '${order.id}'`,
        `insert into public.purchase_order_items (purchase_order_id, line_number, product_id, quantity_ordered, unit_cost, amount) values ('${order.id}', 9, '${sugar.id}', 1, 1, 1)`,
        `update public.purchase_order_items set quantity_received = 1 where purchase_order_id = '${order.id}'`,
      ]) {
        const failure = await failureOf(actAs(db.sql, actor, (tx) => tx.unsafe(statement)));
        expect(failure.code, statement).toBe("42501");
      }
    }
    // Even the table owner, who holds every privilege, is refused by the guards.
    for (const statement of [
      `delete from public.purchase_orders where id = '${order.id}'`,
      `delete from public.purchase_order_items where purchase_order_id = '${order.id}'`,
      "truncate public.purchase_orders cascade",
    ]) {
      const error = await pgError(db.sql.unsafe(statement));
      expect({ code: error.code, message: error.message }, statement).toEqual({ code: "PT403", message: "FORBIDDEN" });
    }
    expect((await orderNow(db.sql, order.id)).items).toHaveLength(2);
  });
});
