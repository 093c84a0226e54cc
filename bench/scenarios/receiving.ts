import { Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { generateStore } from "../data/store.ts";
import { measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS } from "../stack.ts";

const SCENARIO = "10 receiving";
const GOAL_MS = 300;

interface Order {
  id: string;
  items: { id: string; quantity_ordered: number }[];
}

/**
 * Scenario 10: receive_purchase_order receiving a whole 200-line order at once
 * (as a staff user, as PostgREST runs it, with an idempotency key): 200
 * products locked in id order, 200 ENTRY/PURCHASE movements chained, 200
 * moving averages, the receipt and its lines, the order's lines and status,
 * what the supplier calls each product. The orders (200 distinct products of
 * a catalog, quantities 1–48, unit costs near the product's) are created,
 * submitted and approved through the RPCs before timing. One client. After
 * the run every order is RECEIVED and check_stock_integrity() is empty.
 */
export async function receivingScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.receive;
  const url = await ctx.stack.createDatabase("bench_buying");
  await generateStore(url, { products: size.products, seed: ctx.seed }, ctx.log);
  const sql = pool(url, 1);
  try {
    const [supplier] = await sql<{ id: string }[]>`
      insert into public.suppliers (name, nit) values ('Distribuidora del banco de pruebas', '1029384756') returning id`;
    const products = await sql<{ id: string; cost: number }[]>`
      select id::text, cost_price::float8 as cost from public.products where is_active order by id`;
    const prng = new Prng(ctx.seed * 7 + 7);
    const orders: Order[] = [];
    const count = size.warmup + size.ops;
    ctx.log(`    creating and approving ${count} orders of ${size.lines} lines`);
    for (let i = 0; i < count; i += 1) {
      const lines = prng.sample(products, size.lines).map((product) => ({
        product_id: product.id,
        quantity: prng.int(1, 48),
        unit_cost: Math.round(product.cost * (0.9 + prng.next() * 0.2) * 100) / 100,
      }));
      const order = await rpcAs<Order>(sql, USERS.manager, "create_purchase_order", {
        supplier_id: supplier?.id,
        items: lines,
      });
      await rpcAs(sql, USERS.manager, "submit_purchase_order", { purchase_order_id: order.id });
      await rpcAs(sql, USERS.manager, "approve_purchase_order", { purchase_order_id: order.id });
      orders.push(order);
    }
    const m = await measureLoad({
      connections: 1,
      warmup: size.warmup,
      ops: size.ops,
      op: async (index, _client, warmup) => {
        const order = orders[warmup ? index : size.warmup + index] as Order;
        await rpcAs(sql, USERS.staff, "receive_purchase_order", {
          purchase_order_id: order.id,
          items: order.items.map((item) => ({ purchase_order_item_id: item.id, quantity: item.quantity_ordered })),
          supplier_invoice_number: `Factura ${index}`,
          idempotency_key: `bench-receipt-${order.id}`,
        });
      },
    });
    const [received] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.purchase_orders where status = 'RECEIVED'`;
    const problems = (await rpcAs<unknown[]>(sql, USERS.manager, "check_stock_integrity", {}, { readOnly: true }))
      .length;
    const check = { received: received?.n ?? 0, problems };
    const sound = check.received === count && check.problems === 0 && m.ok === m.ops;
    const met = m.p95 < GOAL_MS;
    ctx.rows.push(
      row(
        SCENARIO,
        `receive_purchase_order, ${size.lines} lines`,
        m,
        `${(m.p50 / size.lines).toFixed(2)} ms per line at p50; ${check.received}/${count} orders RECEIVED, ` +
          `${check.problems} integrity problem(s) ${sound ? "✓" : "✗"}; goal p95 < ${GOAL_MS} ms ${met ? "✓" : "✗"}`,
        { lines: size.lines, products: size.products, received: check.received, integrity_problems: check.problems },
      ),
    );
    ctx.goals.push({
      goal: `receiving a ${size.lines}-line order p95 < ${GOAL_MS} ms`,
      measured: `${m.p95.toFixed(1)} ms (p50 ${m.p50.toFixed(1)} ms)`,
      met,
      why: met
        ? undefined
        : `${(m.p95 / size.lines).toFixed(2)} ms per line at p95 (see the README's Performance section)`,
    });
    if (!sound)
      throw new Error(`receiving left ${check.problems} integrity problem(s), ${check.received}/${count} RECEIVED`);
  } finally {
    await sql.end();
  }
}
