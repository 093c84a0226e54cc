import { beforeAll, describe, expect, it } from "vitest";
import { type DailySummary, dailySummarySchema } from "../../supabase/functions/_shared/responses.ts";
import { anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";
import { asNumber, cents, divideHalfUp } from "../helpers/money.ts";
import { cancelSale, createSale, moveSale, type Sale, type SaleArgs } from "./support.ts";

// Invariant 7: a report cuts days at midnight in the store's time zone
// (America/La_Paz, UTC−4 all year), not in UTC.
//
// sale_date is now() inside create_sale, and a test cannot change now(). So
// the sales below are made for real by create_sale (numbers, items, stock,
// movements all as in production) and then moved to the instant the test
// needs, AS THE SUPERUSER of this file's own database, in ONE transaction
// that disables the sales_guard trigger, updates sale_date and enables the
// trigger again. DDL is transactional in Postgres, so no other session ever
// sees the guard disabled, and if the update failed the rollback would
// re-enable it. (The sale numbers keep the year they were made in; the
// report does not read them.)

const TIMEZONE = "America/La_Paz";
const db = useTestDatabase();
const users = useRoleUsers(db);

/** The report's JSON, checked against the one shape the reports function declares. */
async function summaryOf(day: string | null | undefined, actor = users.viewer) {
  return dailySummarySchema.parse(await rpcAs(db.sql, actor, "daily_sales_summary", day === undefined ? {} : { day }));
}

/** A sale made by create_sale (by a manager: discounts and tax rates are theirs to give), then moved to `at`. */
async function saleAt(at: string, args: SaleArgs, actor = users.manager): Promise<Sale> {
  const sale = await createSale(db.sql, actor, args);
  await moveSale(db.sql, sale.id, at);
  return sale;
}

const localParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIMEZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  hourCycle: "h23",
});

/** The calendar day and hour of an instant in La Paz, computed here (not by Postgres). */
function inLaPaz(instant: Date): { date: string; hour: number } {
  const parts = Object.fromEntries(localParts.formatToParts(instant).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * Recomputes the report for a La Paz day from the rows, in TypeScript, with
 * exact cents: as a viewer reads it (no margin), or as a manager (`withCost`).
 */
async function recompute(day: string, { withCost = false } = {}) {
  const sales = await db.sql<
    {
      id: string;
      sale_date: Date;
      status: string;
      payment_method: string;
      subtotal: string;
      discount: string;
      tax: string;
      total: string;
    }[]
  >`
    select id, sale_date, status::text, payment_method::text, subtotal::text, discount::text, tax::text, total::text
      from public.sales
  `;
  const items = await db.sql<
    {
      sale_id: string;
      product_id: string;
      sku: string;
      name: string;
      quantity: number;
      unit_price: string;
      discount: string;
      cost_price: string;
      subtotal: string;
    }[]
  >`
    select i.sale_id, i.product_id, p.sku, p.name, i.quantity, i.unit_price::text, i.discount::text,
           i.cost_price::text, i.subtotal::text
      from public.sale_items i join public.products p on p.id = i.product_id
  `;
  const ofDay = sales.filter((sale) => inLaPaz(sale.sale_date).date === day);
  const done = ofDay.filter((sale) => sale.status === "COMPLETED");
  const doneIds = new Set(done.map((sale) => sale.id));
  const lines = items.filter((item) => doneIds.has(item.sale_id));
  const sum = (amounts: bigint[]) => amounts.reduce((total, amount) => total + amount, 0n);

  const subtotal = sum(done.map((sale) => cents(sale.subtotal)));
  const grossSales = sum(lines.map((line) => BigInt(line.quantity) * cents(line.unit_price)));
  const lineDiscounts = sum(lines.map((line) => cents(line.discount)));
  const saleDiscounts = sum(done.map((sale) => cents(sale.discount)));
  const tax = sum(done.map((sale) => cents(sale.tax)));
  const total = sum(done.map((sale) => cents(sale.total)));
  const cost = sum(lines.map((line) => BigInt(line.quantity) * cents(line.cost_price)));

  // Each part of a sale under its method, read from sale_payments; collections from the account ledger.
  const parts = (
    await db.sql<{ sale_id: string; method: string; amount: string }[]>`
      select sale_id, method::text, amount::text from public.sale_payments
    `
  ).filter((part) => doneIds.has(part.sale_id));
  const methods = ["CASH", "CARD", "TRANSFER", "QR", "CREDIT"]
    .map((method) => {
      const paid = parts.filter((part) => part.method === method);
      return {
        payment_method: method,
        sales_count: new Set(paid.map((part) => part.sale_id)).size,
        total: asNumber(sum(paid.map((part) => cents(part.amount)))),
      };
    })
    .filter((entry) => entry.sales_count > 0);
  const received = (
    await db.sql<{ created_at: Date; payment_method: string; amount: string }[]>`
      select created_at, payment_method::text, amount::text from public.customer_account_movements
       where movement_type = 'PAYMENT'
    `
  ).filter((payment) => inLaPaz(payment.created_at).date === day);
  const collectionMethods = ["CASH", "CARD", "TRANSFER", "QR"]
    .map((method) => {
      const paid = received.filter((payment) => payment.payment_method === method);
      return {
        payment_method: method,
        payments_count: paid.length,
        total: asNumber(-sum(paid.map((payment) => cents(payment.amount)))),
      };
    })
    .filter((entry) => entry.payments_count > 0);
  const collections = {
    payments_count: received.length,
    total: asNumber(-sum(received.map((payment) => cents(payment.amount)))),
    by_payment_method: collectionMethods,
  };

  const products = new Map<
    string,
    { product_id: string; sku: string; name: string; quantity: number; revenue: bigint }
  >();
  for (const line of lines) {
    const entry = products.get(line.product_id) ?? {
      product_id: line.product_id,
      sku: line.sku,
      name: line.name,
      quantity: 0,
      revenue: 0n,
    };
    entry.quantity += line.quantity;
    entry.revenue += cents(line.subtotal);
    products.set(line.product_id, entry);
  }
  const figures = [...products.values()];
  const byQuantity = [...figures].sort(
    (a, b) => b.quantity - a.quantity || Number(b.revenue - a.revenue) || (a.sku < b.sku ? -1 : 1),
  );
  const byRevenue = [...figures].sort(
    (a, b) => Number(b.revenue - a.revenue) || b.quantity - a.quantity || (a.sku < b.sku ? -1 : 1),
  );
  const asFigure = (entry: (typeof figures)[number]) => ({ ...entry, revenue: asNumber(entry.revenue) });

  const hourly = Array.from({ length: 24 }, (_, hour) => {
    const inHour = done.filter((sale) => inLaPaz(sale.sale_date).hour === hour);
    return { hour, sales_count: inHour.length, total: asNumber(sum(inHour.map((sale) => cents(sale.total)))) };
  });

  return {
    figures,
    expected: {
      sales_count: done.length,
      cancelled_count: ofDay.length - done.length,
      items_sold: lines.reduce((count, line) => count + line.quantity, 0),
      gross_sales: asNumber(grossSales),
      line_discounts: asNumber(lineDiscounts),
      sale_discounts: asNumber(saleDiscounts),
      discounts: asNumber(lineDiscounts + saleDiscounts),
      subtotal: asNumber(subtotal),
      tax: asNumber(tax),
      total: asNumber(total),
      average_ticket: done.length === 0 ? 0 : asNumber(divideHalfUp(total, BigInt(done.length))),
      gross_profit: withCost ? asNumber(subtotal - saleDiscounts - cost) : null,
      by_payment_method: methods,
      collections,
      // No returns on these days (tests/returns covers them).
      returns: { count: 0, refunded: 0, by_refund_method: [] },
      net_total: asNumber(total),
      net_gross_profit: withCost ? asNumber(subtotal - saleDiscounts - cost) : null,
      top_products_by_quantity: byQuantity.slice(0, 10).map(asFigure),
      top_products_by_revenue: byRevenue.slice(0, 10).map(asFigure),
      hourly,
    },
  };
}

function figuresOf(summary: DailySummary) {
  const { date: _d, timezone: _t, from: _f, to: _to, ...figures } = summary;
  return figures;
}

/** The day under test, and the sales made on it and around it. */
const DAY = "2026-03-14";
let products: ProductFixture[];
const at: Record<string, Sale> = {};

beforeAll(async () => {
  products = [];
  for (let i = 0; i < 12; i += 1) {
    products.push(
      await createProduct(db.sql, {
        name: `Producto del día ${String(i + 1).padStart(2, "0")}`,
        stock: 100,
        unitPrice: `${3 + i * 2}.${String(15 + i * 7).padStart(2, "0")}`,
        costPrice: `${1 + i}.${String(5 + i * 3).padStart(2, "0")}`,
      }),
    );
  }
  const p = (index: number) => products[index]?.id;
  // La Paz is UTC−4: local = UTC − 4 h.
  at.midnight = await saleAt("2026-03-14T04:00:00Z", {
    items: [
      { product_id: p(0), quantity: 3 },
      { product_id: p(1), quantity: 1 },
    ],
  });
  at.morning = await saleAt("2026-03-14T12:15:00Z", {
    items: [
      { product_id: p(2), quantity: 2 },
      { product_id: p(3), quantity: 5, discount: 1 },
    ],
    tax_rate: 13,
  });
  at.morningQr = await saleAt("2026-03-14T12:40:00Z", {
    items: [
      { product_id: p(0), quantity: 1 },
      { product_id: p(4), quantity: 4 },
    ],
    discount: 2,
    tax_rate: 13,
    payment_method: "QR",
  });
  at.cancelled = await saleAt("2026-03-14T14:00:00Z", {
    items: [{ product_id: p(2), quantity: 7 }],
    payment_method: "CARD",
  });
  await cancelSale(db.sql, users.manager, at.cancelled.id, "Cobro duplicado");
  at.afternoon = await saleAt(
    "2026-03-14T17:05:00Z",
    {
      items: [
        { product_id: p(5), quantity: 2, unit_price: 1.05 },
        { product_id: p(6), quantity: 1 },
      ],
      payment_method: "CARD",
    },
    users.manager,
  );
  at.lastOfAfternoon = await saleAt("2026-03-14T17:59:59.999Z", {
    items: [8, 9, 10, 11, 7].map((index, n) => ({ product_id: p(index), quantity: n + 1 })),
    tax_rate: 12.5,
    payment_method: "TRANSFER",
  });
  // 23:30 in La Paz is 03:30 UTC the next day: it belongs to DAY.
  at.lateNight = await saleAt("2026-03-15T03:30:00Z", {
    items: [
      { product_id: p(1), quantity: 2 },
      { product_id: p(11), quantity: 1 },
    ],
    payment_method: "TRANSFER",
    tax_rate: 13,
  });
  // 03:30 UTC on DAY is 23:30 the day before in La Paz: it does not.
  at.dayBefore = await saleAt("2026-03-14T03:30:00Z", { items: [{ product_id: p(0), quantity: 9 }] });
  // 04:00 UTC the next day is midnight in La Paz: the next day.
  at.dayAfter = await saleAt("2026-03-15T04:00:00Z", { items: [{ product_id: p(0), quantity: 4 }] });
});

expectHealthyLedgerAfterEach(db);

describe("daily_sales_summary cuts days at midnight in La Paz", () => {
  it("puts a sale made at 23:30 in La Paz (03:30 UTC the next day) on the La Paz day, not the UTC day", async () => {
    expect(inLaPaz(new Date("2026-03-15T03:30:00Z"))).toEqual({ date: DAY, hour: 23 });
    const summary = await summaryOf(DAY);
    expect(summary).toMatchObject({ date: DAY, timezone: TIMEZONE });
    // The day runs from 00:00 to 24:00 La Paz time.
    expect(new Date(summary.from).toISOString()).toBe("2026-03-14T04:00:00.000Z");
    expect(new Date(summary.to).toISOString()).toBe("2026-03-15T04:00:00.000Z");
    // 6 completed sales on the day: midnight, morning ×2, afternoon ×2 and 23:30; the cancelled one is counted apart.
    expect(summary.sales_count).toBe(6);
    expect(summary.cancelled_count).toBe(1);
    expect(summary.hourly[23]).toEqual({ hour: 23, sales_count: 1, total: at.lateNight?.total });
    expect(summary.hourly[0]).toEqual({ hour: 0, sales_count: 1, total: at.midnight?.total });

    const before = await summaryOf("2026-03-13");
    expect(before).toMatchObject({ sales_count: 1, total: at.dayBefore?.total, items_sold: 9 });
    expect(before.hourly[23]).toEqual({ hour: 23, sales_count: 1, total: at.dayBefore?.total });
    const after = await summaryOf("2026-03-15");
    expect(after).toMatchObject({ sales_count: 1, total: at.dayAfter?.total, items_sold: 4 });
    expect(after.hourly[0]).toEqual({ hour: 0, sales_count: 1, total: at.dayAfter?.total });
  });

  it("matches a recomputation from the rows: counts, items, money, profit, payment methods, top products and local hours", async () => {
    const { figures, expected } = await recompute(DAY);
    // The ranking is decided by quantity and revenue alone (no tie left to the collation of sku).
    const keys = figures.map((figure) => `${figure.quantity}/${figure.revenue}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(figures.length).toBe(12); // so "top 10" really cuts

    const summary = await summaryOf(DAY);
    expect(figuresOf(summary)).toEqual(expected);
    // Sanity of the recomputation itself, against the sales as create_sale returned them.
    const sold = [at.midnight, at.morning, at.morningQr, at.afternoon, at.lastOfAfternoon, at.lateNight] as Sale[];
    expect(expected.total).toBe(asNumber(sold.reduce((sum, sale) => sum + cents(sale.total), 0n)));
    expect(expected.by_payment_method.map((entry) => [entry.payment_method, entry.sales_count])).toEqual([
      ["CASH", 2],
      ["CARD", 1],
      ["TRANSFER", 2],
      ["QR", 1],
    ]);
    expect(summary.top_products_by_quantity).toHaveLength(10);
    expect(summary.hourly.filter((hour) => hour.sales_count > 0).map((hour) => hour.hour)).toEqual([0, 8, 13, 23]);
  });

  it("reports every discount, of a line or of the sale, and the gross sales before them", async () => {
    const summary = await summaryOf(DAY);
    // The morning's line discount (1.00) and the QR sale's discount (2.00).
    expect(summary).toMatchObject({ line_discounts: 1, sale_discounts: 2, discounts: 3 });
    expect(summary.gross_sales).toBe(asNumber(cents(String(summary.subtotal)) + cents("1.00")));
  });

  it("shows the margin to managers and admins only: gross profit is null for a viewer or staff", async () => {
    const { expected } = await recompute(DAY, { withCost: true });
    expect(expected.gross_profit).not.toBeNull();
    for (const actor of [users.manager, users.admin]) {
      expect(figuresOf(await summaryOf(DAY, actor))).toEqual(expected);
    }
    for (const actor of [users.viewer, users.staff]) {
      expect((await summaryOf(DAY, actor)).gross_profit).toBeNull();
    }
  });

  it("recomputes the days around it too", async () => {
    for (const day of ["2026-03-13", "2026-03-15"]) {
      expect(figuresOf(await summaryOf(day))).toEqual((await recompute(day)).expected);
    }
  });

  it("counts a sale cancelled later as cancelled on its own day, and none of its figures", async () => {
    const summary = await summaryOf(DAY);
    expect(summary.cancelled_count).toBe(1);
    expect(summary.hourly[10]).toEqual({ hour: 10, sales_count: 0, total: 0 });
    expect(summary.by_payment_method.find((entry) => entry.payment_method === "CARD")?.sales_count).toBe(1);
  });

  it("returns zeros for a day with no sales", async () => {
    const summary = await summaryOf("2020-02-29");
    expect(summary).toEqual({
      date: "2020-02-29",
      timezone: TIMEZONE,
      from: expect.any(String),
      to: expect.any(String),
      sales_count: 0,
      cancelled_count: 0,
      items_sold: 0,
      gross_sales: 0,
      line_discounts: 0,
      sale_discounts: 0,
      discounts: 0,
      subtotal: 0,
      tax: 0,
      total: 0,
      average_ticket: 0,
      gross_profit: null,
      by_payment_method: [],
      collections: { payments_count: 0, total: 0, by_payment_method: [] },
      returns: { count: 0, refunded: 0, by_refund_method: [] },
      net_total: 0,
      net_gross_profit: null,
      top_products_by_quantity: [],
      top_products_by_revenue: [],
      hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, sales_count: 0, total: 0 })),
    });
    expect(new Date(summary.from).toISOString()).toBe("2020-02-29T04:00:00.000Z");
  });

  it("means today in La Paz when the day is null or omitted", async () => {
    const sale = await createSale(db.sql, users.staff, { items: [{ product_id: products[3]?.id, quantity: 1 }] });
    const todayBefore = inLaPaz(new Date()).date;
    const omitted = await summaryOf(undefined);
    const explicitNull = await summaryOf(null);
    const todayAfter = inLaPaz(new Date()).date;
    // (Two readings of the clock, so the assertion holds even across midnight.)
    expect([todayBefore, todayAfter]).toContain(omitted.date);
    expect([todayBefore, todayAfter]).toContain(explicitNull.date);
    expect(inLaPaz(new Date(sale.sale_date)).date).toBe(omitted.date);
    expect(figuresOf(omitted)).toEqual((await recompute(omitted.date)).expected);
    expect(omitted.sales_count).toBeGreaterThanOrEqual(1);
  });

  it("is readable by every role and nobody else", async () => {
    for (const actor of [users.viewer, users.staff, users.manager, users.admin]) {
      expect((await summaryOf(DAY, actor)).sales_count).toBe(6);
    }
    const noRole = await failureOf(summaryOf(DAY, users.noRole));
    expect(noRole).toMatchObject({ message: "FORBIDDEN", status: 403 });
    const anonymous = await failureOf(rpcAs(db.sql, anon, "daily_sales_summary", { day: DAY }), { anonymous: true });
    expect(anonymous).toMatchObject({ code: "42501", status: 401 });
  });
});
