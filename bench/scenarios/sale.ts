import { callerOf, Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { addProducts, generateStore } from "../data/store.ts";
import { type Measurement, measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, type Sql, USERS, warmPool } from "../stack.ts";
import {
  createSaleOneTrip,
  createSaleRpc,
  drawSale,
  floor,
  loadProducts,
  type Product,
  type Sale,
  type SellFlow,
  serviceLayer,
} from "./sale-flows.ts";

const SCENARIO = "1 sale (5 lines)";
/** Stock of every catalog product: plenty, so only the no-lock run ever runs out. */
const PLENTY = 1_000_000;
/** The no-lock run gets 90 % of the units its sales ask for: some sales must be refused. */
const LIMITED_SHARE = 0.9;

/**
 * Scenario 1: a 5-line sale drawn from the catalog, at 1, 4 and 16
 * connections, sold the same way by every variant over the same sales:
 * create_sale through RPC as PostgREST runs it (and in one round trip), the
 * floor (and the floor with the gapless sale number), the service layer with
 * FOR UPDATE, and the service layer without locks against limited stock
 * (counting what it oversold).
 */
export async function saleScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.sale;
  const url = await ctx.stack.createDatabase("bench_sale");
  await generateStore(url, { products: size.products, seed: ctx.seed, stock: { min: PLENTY, max: PLENTY } }, ctx.log);
  const admin = pool(url, 2);
  try {
    const products = await loadProducts(admin);
    const flows: [string, SellFlow][] = [
      ["create_sale", createSaleRpc(callerOf(USERS.staff))],
      ["create_sale, 1 round trip", createSaleOneTrip(callerOf(USERS.staff))],
      ["floor", floor(USERS.staff.id, { numbered: false })],
      ["floor + sale number", floor(USERS.staff.id, { numbered: true })],
      ["service layer", serviceLayer(USERS.staff.id, { lock: true })],
    ];
    const noLock = serviceLayer(USERS.staff.id, { lock: false });
    for (const connections of size.connections) {
      const prng = new Prng(ctx.seed * 31 + connections);
      const sales = Array.from({ length: size.warmup + size.ops }, () => drawSale(prng, products, size.lines));
      const sql = pool(url, connections);
      try {
        await warmPool(sql, connections);
        const results = new Map<string, Measurement>();
        for (const [name, flow] of flows) {
          ctx.log(`    ${name} × ${connections}`);
          results.set(
            name,
            await measureLoad({
              connections,
              warmup: size.warmup,
              ops: size.ops,
              op: (index, _client, warmup) => flow(sql, sales[warmup ? index : size.warmup + index] as Sale),
            }),
          );
        }
        ctx.log(`    service layer without locks × ${connections}`);
        const limited = await limitedStockRun(ctx, admin, sql, connections, noLock);
        report(ctx, connections, results, limited);
      } finally {
        await sql.end();
      }
    }
    const problems = await rpcAs<{ sku: string }[]>(
      admin,
      USERS.manager,
      "check_stock_integrity",
      {},
      { readOnly: true },
    );
    const outside = problems.filter((p) => !/^ST[KW]-/.test(p.sku));
    ctx.log(`    check_stock_integrity: ${outside.length} product(s) broken outside the no-lock runs`);
    const last = ctx.rows.filter((r) => r.scenario === SCENARIO && r.variant === "create_sale").at(-1);
    if (last) {
      last.note += outside.length === 0 ? "; ledger intact" : `; LEDGER BROKEN on ${outside.length} products`;
      last.details = { ...last.details, integrity_problems: outside.length };
    }
  } finally {
    await admin.end();
  }
}

interface LimitedRun {
  m: Measurement;
  products: number;
  /** Units the measured sales ask for beyond the stock given. */
  shortUnits: number;
  oversoldUnits: number;
  oversoldProducts: number;
  phantomUnits: number;
  ledgerBroken: number;
}

/**
 * The service layer without FOR UPDATE, over `limited` fresh products whose
 * stock is 90 % of what the measured sales ask for (its warm-up sells other
 * products, with plenty of stock).
 * Oversold = Σ max(0, units sold − units that existed), from the final state.
 */
async function limitedStockRun(
  ctx: Context,
  admin: Sql,
  sql: Sql,
  connections: number,
  flow: SellFlow,
): Promise<LimitedRun> {
  const size = ctx.sizes.sale;
  const prng = new Prng(ctx.seed * 37 + connections);
  const placeholders: Product[] = Array.from({ length: size.limited }, (_, i) => ({
    id: String(i),
    priceCents: 500 + (i % 20) * 50,
    costCents: 350 + (i % 20) * 35,
  }));
  const drafts = Array.from({ length: size.ops }, () => drawSale(prng, placeholders, size.lines));
  const demand = new Array<number>(size.limited).fill(0);
  for (const sale of drafts) {
    for (const line of sale) {
      const i = Number(line.product.id);
      demand[i] = (demand[i] ?? 0) + line.quantity;
    }
  }
  const prefix = `STK-${String(connections).padStart(2, "0")}-`;
  const stocks = demand.map((units) => Math.max(1, Math.floor(units * LIMITED_SHARE)));
  const created = await addProducts(
    admin,
    placeholders.map((p, i) => ({
      sku: `${prefix}${String(i + 1).padStart(3, "0")}`,
      name: `Producto de stock limitado ${connections}-${i + 1}`,
      priceCents: p.priceCents,
      stock: stocks[i] ?? 1,
    })),
  );
  const real = placeholders.map((p, i) => ({ ...p, id: created[i]?.id ?? "" }));
  // The warm-up sells other products (plenty of stock, lost updates harmless there).
  const warmProducts = await addProducts(
    admin,
    placeholders.map((p, i) => ({
      sku: `STW-${String(connections).padStart(2, "0")}-${String(i + 1).padStart(3, "0")}`,
      name: `Producto de calentamiento ${connections}-${i + 1}`,
      priceCents: p.priceCents,
      stock: PLENTY,
    })),
  );
  const warm = placeholders.map((p, i) => ({ ...p, id: warmProducts[i]?.id ?? "" }));
  const warmupSales = Array.from({ length: size.warmup }, () => drawSale(prng, warm, size.lines));
  const sales = drafts.map((sale) =>
    sale
      .map((line) => ({ product: real[Number(line.product.id)] as Product, quantity: line.quantity }))
      .sort((a, b) => (a.product.id < b.product.id ? -1 : 1)),
  );
  const m = await measureLoad({
    connections,
    warmup: size.warmup,
    ops: size.ops,
    op: (index, _client, warmup) => flow(sql, (warmup ? warmupSales[index] : sales[index]) as Sale),
  });
  const [state] = await admin<{ oversold: number; products: number; phantom: number; broken: number }[]>`
    with p as (
      select p.id, p.current_stock as final,
             (select m.new_stock from public.inventory_movements m
               where m.product_id = p.id and m.reason = 'INITIAL_STOCK') as initial,
             (select coalesce(sum(i.quantity), 0) from public.sale_items i where i.product_id = p.id)::int as sold
        from public.products p where p.sku like ${`${prefix}%`}
    )
    select coalesce(sum(greatest(0, sold - initial)), 0)::int as oversold,
           count(*) filter (where sold > initial)::int as products,
           coalesce(sum(final - (initial - sold)), 0)::int as phantom,
           count(*) filter (where final <> initial - sold)::int as broken
      from p`;
  return {
    m,
    products: size.limited,
    shortUnits: demand.reduce((sum, units, i) => sum + Math.max(0, units - (stocks[i] ?? 0)), 0),
    oversoldUnits: state?.oversold ?? 0,
    oversoldProducts: state?.products ?? 0,
    phantomUnits: state?.phantom ?? 0,
    ledgerBroken: state?.broken ?? 0,
  };
}

function report(ctx: Context, connections: number, results: Map<string, Measurement>, limited: LimitedRun): void {
  const rpc = results.get("create_sale") as Measurement;
  const floorM = results.get("floor") as Measurement;
  const numbered = results.get("floor + sale number") as Measurement;
  const oneTrip = results.get("create_sale, 1 round trip") as Measurement;
  const service = results.get("service layer") as Measurement;
  const ofFloor = rpc.throughput / floorM.throughput;
  const ofService = rpc.throughput / service.throughput;
  const top = connections === Math.max(...ctx.sizes.sale.connections);
  let note = `${ofFloor.toFixed(2)}× floor, ${ofService.toFixed(2)}× service layer`;
  if (top) note += ` (goals ≥ 0.50 ${ofFloor >= 0.5 ? "✓" : "✗"}, ≥ 3.00 ${ofService >= 3 ? "✓" : "✗"})`;
  ctx.rows.push(
    row(SCENARIO, "create_sale", rpc, note, { of_floor: ofFloor, of_service_layer: ofService }),
    row(
      SCENARIO,
      "create_sale, 1 round trip",
      oneTrip,
      `settings + call in one simple query: ${(oneTrip.throughput / floorM.throughput).toFixed(2)}× floor`,
      { of_floor: oneTrip.throughput / floorM.throughput },
    ),
    row(SCENARIO, "floor", floorM, "same rows, 1 round trip, no checks"),
    row(
      SCENARIO,
      "floor + sale number",
      numbered,
      `the floor + the gapless counter: ${(numbered.throughput / floorM.throughput).toFixed(2)}× floor`,
      { of_floor: numbered.throughput / floorM.throughput },
    ),
    row(SCENARIO, "service layer", service, "seed flow, FOR UPDATE, 20 round trips"),
    row(
      SCENARIO,
      "service layer without locks",
      limited.m,
      `oversold ${limited.oversoldUnits} units on ${limited.oversoldProducts}/${limited.products} products ` +
        `(the stock was ${limited.shortUnits} short; ${limited.m.ops - limited.m.ok} sales refused)`,
      {
        short_units: limited.shortUnits,
        oversold_units: limited.oversoldUnits,
        oversold_products: limited.oversoldProducts,
        phantom_units: limited.phantomUnits,
        products_whose_stock_disagrees_with_sales: limited.ledgerBroken,
      },
    ),
  );
  if (top) {
    ctx.goals.push(
      {
        goal: `create_sale ≥ 50 % of the floor at ${connections} connections`,
        measured: `${(ofFloor * 100).toFixed(0)} %`,
        met: ofFloor >= 0.5,
        why:
          ofFloor >= 0.5
            ? undefined
            : `the gapless sale-number counter takes the floor to ${(numbered.throughput / floorM.throughput).toFixed(2)}×, ` +
              `create_sale's own checks and returned JSON to ${(oneTrip.throughput / floorM.throughput).toFixed(2)}× ` +
              `(in one round trip), PostgREST's four round trips to ${ofFloor.toFixed(2)}×; ` +
              `CPU ${Math.round(rpc.cpu * 100)} % busy`,
      },
      {
        goal: `create_sale ≥ 3× the service layer at ${connections} connections`,
        measured: `${ofService.toFixed(2)}×`,
        met: ofService >= 3,
        why:
          ofService >= 3
            ? undefined
            : `service layer p50 ${service.p50.toFixed(1)} ms (20 round trips, its row locks — the year's ` +
              `sale-number counter among them — held across them; CPU ${Math.round(service.cpu * 100)} % busy) vs ` +
              `create_sale p50 ${rpc.p50.toFixed(1)} ms (CPU ${Math.round(rpc.cpu * 100)} % busy)`,
      },
    );
  }
}
