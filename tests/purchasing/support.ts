import { expect } from "vitest";
import {
  type GoodsReceipt,
  goodsReceiptSchema,
  type PurchaseOrder,
  purchaseOrderSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { type Actor, rpcAs, serviceRole } from "../helpers/act.ts";
import type { Sql } from "../helpers/db.ts";
import type { Failure } from "../helpers/errors.ts";
import { type RoleUsers, writeCounts } from "../helpers/fixtures.ts";
import { cents, divideHalfUp } from "../helpers/money.ts";
import { refused } from "../sales/support.ts";

export type { GoodsReceipt, PurchaseOrder } from "../../supabase/functions/_shared/responses.ts";

let counter = 0;
/** A NIT no other supplier of this run has (digits only). */
export function uniqueNit(): string {
  counter += 1;
  return `${Date.now() % 1_000_000_000}${process.pid % 1000}${counter}`.slice(-15);
}

export interface SupplierFixture {
  id: string;
  name: string;
  nit: string;
}

/** A supplier, inserted as the superuser (as a manager would through PostgREST). */
export async function createSupplier(
  sql: Sql,
  options: { name?: string; active?: boolean } = {},
): Promise<SupplierFixture> {
  const nit = uniqueNit();
  const [row] = await sql<SupplierFixture[]>`
    insert into public.suppliers (name, nit, is_active)
    values (${options.name ?? `Proveedor ${nit}`}, ${nit}, ${options.active ?? true})
    returning id, name, nit
  `;
  if (!row) throw new Error("supplier not created");
  return row;
}

export interface OrderLine {
  product_id: string;
  quantity: number;
  unit_cost: number;
}

/** create_purchase_order as `actor`, its answer parsed with the order's declared shape. */
export async function createOrder(
  sql: Sql,
  actor: Actor,
  supplierId: string,
  items: unknown,
  extra: Record<string, unknown> = {},
): Promise<PurchaseOrder> {
  return purchaseOrderSchema.parse(
    await rpcAs(sql, actor, "create_purchase_order", { supplier_id: supplierId, items, ...extra }),
  );
}

/** One of the order RPCs that take only the order (and a reason), as `actor`, parsed. */
export async function step(
  sql: Sql,
  actor: Actor,
  name: "submit_purchase_order" | "approve_purchase_order" | "cancel_purchase_order" | "close_purchase_order",
  orderId: string,
  reason?: string,
): Promise<PurchaseOrder> {
  const args: Record<string, unknown> = { purchase_order_id: orderId };
  if (reason !== undefined) args.reason = reason;
  return purchaseOrderSchema.parse(await rpcAs(sql, actor, name, args));
}

/** An order written by staff, submitted, and approved by a manager. */
export async function approvedOrder(
  sql: Sql,
  users: RoleUsers,
  supplierId: string,
  items: OrderLine[],
  extra: Record<string, unknown> = {},
): Promise<PurchaseOrder> {
  const draft = await createOrder(sql, users.staff, supplierId, items, extra);
  await step(sql, users.staff, "submit_purchase_order", draft.id);
  return step(sql, users.manager, "approve_purchase_order", draft.id);
}

/** receive_purchase_order as `actor`, its answer parsed with the receipt's declared shape. */
export async function receive(
  sql: Sql,
  actor: Actor,
  orderId: string,
  items: unknown,
  extra: Record<string, unknown> = {},
): Promise<GoodsReceipt> {
  return goodsReceiptSchema.parse(
    await rpcAs(sql, actor, "receive_purchase_order", { purchase_order_id: orderId, items, ...extra }),
  );
}

/** The order's line for a product. */
export function lineOf(order: PurchaseOrder, productId: string) {
  const line = order.items.find((item) => item.product_id === productId);
  if (!line) throw new Error(`no line for ${productId} on ${order.po_number}`);
  return line;
}

/** get_purchase_order as the service role (every figure), parsed. */
export async function orderNow(sql: Sql, orderId: string, actor?: Actor): Promise<PurchaseOrder> {
  return purchaseOrderSchema.parse(
    await rpcAs(sql, actor ?? serviceRole, "get_purchase_order", { purchase_order_id: orderId }),
  );
}

/**
 * Everything a buying call could write: the sale and ledger counts of
 * `writeCounts`, every product's stock and cost, the ledger, and every buying
 * table (orders with their status and amounts, lines with what was received,
 * receipts, what suppliers call products, the numbers taken).
 */
export async function buyingState(sql: Sql) {
  const [fingerprint] = await sql<Record<string, string>[]>`
    select
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s', id, current_stock, cost_price, is_active), ',' order by id)), '')
         from public.products) as products,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s', seq, product_id, new_stock, unit_cost), ',' order by seq)), '')
         from public.inventory_movements) as ledger,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s:%s', id, name, is_active, nit, updated_at), ',' order by id)), '')
         from public.suppliers) as suppliers,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s', supplier_id, product_id, supplier_sku, last_unit_cost), ','
                                          order by supplier_id, product_id)), '')
         from public.supplier_products) as supplier_products,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s:%s', id, status, total, supplier_id, updated_at), ',' order by id)), '')
         from public.purchase_orders) as orders,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s:%s', id, product_id, quantity_ordered, quantity_received, unit_cost),
                                          ',' order by id)), '')
         from public.purchase_order_items) as order_items,
      (select count(*)::text from public.goods_receipts) as receipts,
      (select count(*)::text from public.goods_receipt_items) as receipt_items,
      (select coalesce(sum(last_value), 0)::text from private.purchasing_counters) as numbers_taken
  `;
  return { counts: await writeCounts(sql), ...fingerprint };
}

/** Runs a call that must fail, checks it wrote nothing at all (buyingState), and returns its error. */
export function refusedBuying(
  sql: Sql,
  call: () => Promise<unknown>,
  options: { anonymous?: boolean } = {},
): Promise<Failure> {
  return refused(sql, call, options, buyingState);
}

// ---------------------------------------------------------------------------
// The moving average, recomputed independently from the ledger
// ---------------------------------------------------------------------------

/**
 * The cost a product ends with, replaying its ledger in order from the cost it
 * had before its first receipt: each entry carrying a unit cost moves the cost
 * to (stock before × cost + quantity × unit cost) / (stock before + quantity),
 * half-up to cents — or to the unit cost when the stock before was zero; every
 * other movement leaves it. Returns the cost after each receipt entry too.
 */
export function replayMovingAverage(
  startCents: bigint,
  movements: { previous_stock: number; quantity: number; unit_cost: string | null; movement_type: string }[],
): { final: bigint; afterEachReceipt: bigint[] } {
  let cost = startCents;
  const afterEachReceipt: bigint[] = [];
  for (const movement of movements) {
    if (movement.unit_cost === null) continue;
    expect(movement.movement_type).toBe("ENTRY");
    const unit = cents(movement.unit_cost);
    const before = BigInt(movement.previous_stock);
    const quantity = BigInt(movement.quantity);
    cost = before === 0n ? unit : divideHalfUp(before * cost + quantity * unit, before + quantity);
    afterEachReceipt.push(cost);
  }
  return { final: cost, afterEachReceipt };
}

/** A product's ledger as the replay reads it (as the superuser: the unit cost is not an API role's). */
export function ledgerOf(sql: Sql, productId: string) {
  return sql<
    {
      seq: string;
      movement_type: string;
      reason: string;
      quantity: number;
      previous_stock: number;
      new_stock: number;
      unit_cost: string | null;
      reference_id: string | null;
      reference: string | null;
      created_by: string | null;
    }[]
  >`
    select m.seq::text, m.movement_type::text, m.reason, m.quantity, m.previous_stock, m.new_stock, m.unit_cost::text,
           m.reference_id, m.reference, m.created_by
      from public.inventory_movements m where m.product_id = ${productId} order by m.seq
  `;
}

/** A product's cost_price in cents (as the superuser). */
export async function costOf(sql: Sql, productId: string): Promise<bigint> {
  const [row] = await sql<
    { cost: string }[]
  >`select cost_price::text as cost from public.products where id = ${productId}`;
  if (!row) throw new Error(`no product ${productId}`);
  return cents(row.cost);
}
