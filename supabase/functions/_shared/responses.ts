import { z } from "zod";

/**
 * The shapes the RPCs answer with, defined once: the functions type their
 * answers with them and the tests parse what the RPCs return with them
 * (strict objects: a field added or dropped in SQL fails there). Amounts
 * leave the database as JSON numbers.
 */
export const uuid = z.guid();
export const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/);
/** A calendar day, YYYY-MM-DD. */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const amount = z.number();

/** How money is received: CREDIT is on the customer's account (fiado). */
export const paymentMethod = z.enum(["CASH", "CARD", "TRANSFER", "QR", "CREDIT"]);
/** A sale's method: MIXED when it was paid several ways (see its payments). */
export const salePaymentMethod = z.enum([...paymentMethod.options, "MIXED"]);
/** A method money is received by on a customer's account: never CREDIT. */
export const receiptMethod = paymentMethod.exclude(["CREDIT"]);
export const saleStatus = z.enum(["COMPLETED", "CANCELLED"]);
/** A product named where it appears: its SKU and name. */
const productRef = z.strictObject({ sku: z.string(), name: z.string() });

export const salePaymentSchema = z.strictObject({
  method: paymentMethod,
  /** What this part pays of the total (cash: what stays in the drawer). */
  amount,
  /** Cash only: what the customer handed over, when entered; change = tendered − amount. */
  tendered: amount.nullable(),
  change: amount.nullable(),
  reference: z.string().nullable(),
});

const documentType = z.enum(["CI", "NIT", "PASSPORT", "OTHER"]);

export const saleCustomerSchema = z.strictObject({
  id: uuid,
  name: z.string(),
  document_type: documentType.nullable(),
  document_number: z.string().nullable(),
});

export const saleItemSchema = z.strictObject({
  id: uuid,
  sale_id: uuid,
  line_number: z.number().int().positive(),
  product_id: uuid,
  quantity: z.number().int().positive(),
  unit_price: amount,
  list_price: amount,
  /** The product's cost at the moment of sale: managers and admins only (null for others). */
  cost_price: amount.nullable(),
  discount: amount,
  subtotal: amount,
  product: productRef,
});

export const saleSchema = z.strictObject({
  id: uuid,
  sale_number: z.string().regex(/^V-\d{4}-\d{6,}$/),
  sale_date: timestamp,
  subtotal: amount,
  /** Σ of the line discounts; `discount` is the sale's own. */
  line_discount: amount,
  discount: amount,
  tax_rate: amount,
  tax: amount,
  total: amount,
  status: saleStatus,
  payment_method: salePaymentMethod,
  customer_id: uuid.nullable(),
  /** The cash session it was rung in; the one its cash went back from when cancelled. */
  cash_session_id: uuid.nullable(),
  cancelled_cash_session_id: uuid.nullable(),
  notes: z.string().nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
  cancelled_by: uuid.nullable(),
  cancellation_reason: z.string().nullable(),
  items: z.array(saleItemSchema),
  /** The parts the sale was paid in, adding up to its total. */
  payments: z.array(salePaymentSchema).min(1),
  customer: saleCustomerSchema.nullable(),
});
export type Sale = z.infer<typeof saleSchema>;
export type SaleItem = z.infer<typeof saleItemSchema>;

/** The sales under one method and their total. */
const methodFigure = z.strictObject({ payment_method: paymentMethod, sales_count: z.number().int(), total: amount });

/** Money received on customers' accounts. */
const collectionsFigures = z.strictObject({
  payments_count: z.number().int(),
  total: amount,
  by_payment_method: z.array(
    z.strictObject({ payment_method: receiptMethod, payments_count: z.number().int(), total: amount }),
  ),
});

/** Returns: how many, what they refunded, and under which methods. */
const returnsFigures = z.strictObject({
  count: z.number().int(),
  refunded: amount,
  by_refund_method: z.array(
    z.strictObject({ refund_method: paymentMethod, returns_count: z.number().int(), total: amount }),
  ),
});

const productFigure = z.strictObject({
  product_id: uuid,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  revenue: amount,
});

export const dailySummarySchema = z.strictObject({
  date: isoDay,
  timezone: z.string(),
  from: timestamp,
  to: timestamp,
  sales_count: z.number().int(),
  cancelled_count: z.number().int(),
  items_sold: z.number().int(),
  /** Σ quantity × unit price, before any discount. */
  gross_sales: amount,
  line_discounts: amount,
  sale_discounts: amount,
  /** Every discount given: line_discounts + sale_discounts. */
  discounts: amount,
  /** gross_sales − line_discounts. */
  subtotal: amount,
  tax: amount,
  total: amount,
  average_ticket: amount,
  /** subtotal − sale_discounts − cost at sale time: managers and admins only (null for others). */
  gross_profit: amount.nullable(),
  /** Each part of a sale under its method (a sale paid two ways counts under both). */
  by_payment_method: z.array(methodFigure),
  /** Money received that day on customers' accounts. */
  collections: collectionsFigures,
  /** Returns taken that day, of sales of any day. */
  returns: returnsFigures,
  /** total − the day's refunds. */
  net_total: amount,
  /** gross_profit less the revenue returned (net of tax), plus the cost of units back on the shelf: managers only. */
  net_gross_profit: amount.nullable(),
  top_products_by_quantity: z.array(productFigure),
  top_products_by_revenue: z.array(productFigure),
  hourly: z.array(z.strictObject({ hour: z.number().int(), sales_count: z.number().int(), total: amount })),
});
export type DailySummary = z.infer<typeof dailySummarySchema>;

export const lowStockRowSchema = z.strictObject({
  id: uuid,
  sku: z.string(),
  name: z.string(),
  category_name: z.string().nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  units_needed: z.number().int(),
});
export type LowStockRow = z.infer<typeof lowStockRowSchema>;

const accountMovementType = z.enum(["CHARGE", "PAYMENT", "SALE_CANCELLATION", "REFUND", "ADJUSTMENT"]);

/** A movement of a customer's account as register_customer_payment and adjust_customer_balance return it. */
export const accountMovementSchema = z.strictObject({
  id: uuid,
  seq: z.number().int(),
  customer_id: uuid,
  movement_type: accountMovementType,
  /** The signed change of the balance: positive when the customer owes more. */
  amount,
  previous_balance: amount,
  new_balance: amount,
  sale_id: uuid.nullable(),
  payment_method: receiptMethod.nullable(),
  reason: z.enum(["WRITE_OFF", "CORRECTION"]).nullable(),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  /** The cash session a PAYMENT was taken in. */
  cash_session_id: uuid.nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
  /** The customer's balance after it (what they owe; below zero, what the store owes them). */
  balance: amount,
});
export type AccountMovement = z.infer<typeof accountMovementSchema>;

export const customerStatementSchema = z.strictObject({
  customer: z.strictObject({
    id: uuid,
    name: z.string(),
    document_type: documentType.nullable(),
    document_number: z.string().nullable(),
    credit_limit: amount,
  }),
  from_date: isoDay,
  to_date: isoDay,
  timezone: z.string(),
  /** The balance at the start of from_date (midnight in the store's time zone). */
  opening_balance: amount,
  movements: z.array(
    z.strictObject({
      id: uuid,
      seq: z.number().int(),
      created_at: timestamp,
      movement_type: accountMovementType,
      amount,
      /** The balance after the movement. */
      balance: amount,
      sale_id: uuid.nullable(),
      sale_number: z.string().nullable(),
      payment_method: receiptMethod.nullable(),
      reason: z.enum(["WRITE_OFF", "CORRECTION"]).nullable(),
      reference: z.string().nullable(),
      notes: z.string().nullable(),
    }),
  ),
  /** The balance at the end of to_date. */
  closing_balance: amount,
});
export type CustomerStatement = z.infer<typeof customerStatementSchema>;

const agingBuckets = {
  balance: amount,
  days_0_30: amount,
  days_31_60: amount,
  days_61_90: amount,
  over_90: amount,
};

export const receivablesAgingSchema = z.strictObject({
  as_of: isoDay,
  timezone: z.string(),
  /** Every customer who owes the store at the end of as_of, oldest unpaid debt first. */
  customers: z.array(
    z.strictObject({
      customer_id: uuid,
      name: z.string(),
      document_type: documentType.nullable(),
      document_number: z.string().nullable(),
      phone: z.string().nullable(),
      credit_limit: amount,
      ...agingBuckets,
      oldest_debt_date: isoDay.nullable(),
    }),
  ),
  totals: z.strictObject({ customers: z.number().int(), ...agingBuckets }),
});
export type ReceivablesAging = z.infer<typeof receivablesAgingSchema>;

/** A cash session's figures: the live X report while open, the frozen Z report once closed. */
export const cashReportSchema = z.object({
  /** Every sale rung in the session (those cancelled later too), each part under its method. */
  sales: z.strictObject({
    count: z.number().int(),
    total: amount,
    discounts: amount,
    tax: amount,
    by_payment_method: z.array(methodFigure),
  }),
  /** Sales cancelled with their money going back from this session's drawer. */
  cancellations: z.strictObject({ count: z.number().int(), total: amount, by_payment_method: z.array(methodFigure) }),
  returns: returnsFigures,
  collections: collectionsFigures,
  cash_movements: z.strictObject({ pay_ins: amount, pay_outs: amount, count: z.number().int() }),
  cash: z.strictObject({
    opening_float: amount,
    /** Cash kept by the session's sales: each cash part's amount, never what was tendered. */
    sales: amount,
    collections: amount,
    pay_ins: amount,
    pay_outs: amount,
    /** Cash given back: cancellations' cash parts and cash refunds of returns. */
    refunds: amount,
    expected: amount,
    counted: amount.nullable(),
    difference: amount.nullable(),
  }),
});

/** The frozen Z report adds who, when and the count to the figures. */
const zReportExtras = {
  session_number: z.string(),
  register: z.strictObject({ id: uuid, name: z.string() }),
  opened_by: uuid.nullable(),
  opened_at: timestamp,
  closed_by: uuid.nullable(),
  closed_at: timestamp,
  opening_float: amount,
  denominations: z.record(z.string(), z.number().int()).nullable(),
  notes: z.string().nullable(),
  closing_notes: z.string().nullable(),
};

export const cashSessionSchema = z.strictObject({
  id: uuid,
  session_number: z.string().regex(/^Z-\d{4}-\d{6,}$/),
  register_id: uuid,
  register: z.strictObject({ id: uuid, name: z.string() }),
  status: z.enum(["OPEN", "CLOSED"]),
  opened_by: uuid.nullable(),
  opened_at: timestamp,
  opening_float: amount,
  notes: z.string().nullable(),
  closed_by: uuid.nullable(),
  closed_at: timestamp.nullable(),
  expected_cash: amount.nullable(),
  counted_cash: amount.nullable(),
  difference: amount.nullable(),
  counted_denominations: z.record(z.string(), z.number().int()).nullable(),
  closing_notes: z.string().nullable(),
  /** Z once closed (frozen), X while open (live). */
  report_kind: z.enum(["X", "Z"]),
  report: z.union([cashReportSchema.extend(zReportExtras).strict(), cashReportSchema.strict()]),
});
export type CashSession = z.infer<typeof cashSessionSchema>;

export const cashMovementSchema = z.strictObject({
  id: uuid,
  seq: z.number().int(),
  cash_session_id: uuid,
  movement_type: z.enum(["PAY_IN", "PAY_OUT"]),
  amount,
  reason: z.string(),
  notes: z.string().nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
});
export type CashMovement = z.infer<typeof cashMovementSchema>;

export const saleReturnSchema = z.strictObject({
  id: uuid,
  return_number: z.string().regex(/^D-\d{4}-\d{6,}$/),
  sale_id: uuid,
  sale_number: z.string(),
  reason: z.string(),
  refund_method: paymentMethod,
  refund_total: amount,
  cash_session_id: uuid.nullable(),
  notes: z.string().nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
  items: z.array(
    z.strictObject({
      id: uuid,
      return_id: uuid,
      sale_item_id: uuid,
      line_number: z.number().int(),
      product_id: uuid,
      product: productRef,
      quantity: z.number().int().positive(),
      /** This line's share of what the customer paid for the units returned. */
      refund_amount: amount,
      /** Back on the shelf (an ENTRY / RETURN movement), or not (damaged). */
      restock: z.boolean(),
    }),
  ),
});
export type SaleReturn = z.infer<typeof saleReturnSchema>;
// =============================================================================
// The catalog, ledger and import RPCs (get_product, list_products, …)
// =============================================================================

const embeddedCategory = z.strictObject({ id: uuid, name: z.string(), description: z.string().nullable() });

/** A product as get_product, list_products, create_product and update_product return it. */
export const catalogProductSchema = z.strictObject({
  id: uuid,
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  category_id: uuid.nullable(),
  unit_price: amount,
  /** Managers and admins only (null for others). */
  cost_price: amount.nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  is_active: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
  category: embeddedCategory.nullable(),
});
export type CatalogProduct = z.infer<typeof catalogProductSchema>;

/** A row of search_products as JSON: a catalog product with its relevance (0–1). */
export const searchRowSchema = catalogProductSchema.extend({ relevance: z.number() });
export type SearchRow = z.infer<typeof searchRowSchema>;

export const categorySchema = z.strictObject({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Category = z.infer<typeof categorySchema>;

/** A movement as the stock RPCs return it (a row of inventory_movements, as JSON). */
export const movementSchema = z.strictObject({
  id: uuid,
  seq: z.number().int(),
  product_id: uuid,
  movement_type: z.enum(["ENTRY", "EXIT", "ADJUSTMENT"]),
  quantity: z.number().int(),
  reason: z.string(),
  reference_id: uuid.nullable(),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  previous_stock: z.number().int(),
  new_stock: z.number().int(),
  created_at: timestamp,
  created_by: uuid.nullable(),
});
export type Movement = z.infer<typeof movementSchema>;

/** A movement of list_movements: with its product's name and SKU. */
export const listedMovementSchema = movementSchema.extend({ product_name: z.string(), product_sku: z.string() });
export type ListedMovement = z.infer<typeof listedMovementSchema>;

/** A sale of list_sales. */
export const listedSaleSchema = z.strictObject({
  id: uuid,
  sale_number: z.string(),
  sale_date: timestamp,
  subtotal: amount,
  line_discount: amount,
  discount: amount,
  tax: amount,
  total: amount,
  status: saleStatus,
  payment_method: salePaymentMethod,
  item_count: z.number().int(),
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
});
export type ListedSale = z.infer<typeof listedSaleSchema>;

/** A page of a list RPC: the items, how many there are in all, which page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total_items: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total_items: number; page: number; page_size: number };

/** delete_product's answer: the product went, or stayed deactivated (it has history). */
export const deletedProductSchema = z.strictObject({
  id: uuid,
  action: z.enum(["deleted", "deactivated"]),
  product: catalogProductSchema.nullable(),
});

/** resolve_category_names' answer, in the order of the names. */
export const resolvedCategoriesSchema = z.array(
  z.strictObject({
    name: z.string().nullable(),
    key: z.string().nullable(),
    category_id: uuid.nullable(),
    category_name: z.string().nullable(),
  }),
);
export type ResolvedCategories = z.infer<typeof resolvedCategoriesSchema>;

/** import_products' answer. */
export const importedProductsSchema = z.strictObject({
  total_requested: z.number().int(),
  total_created: z.number().int(),
  total_failed: z.number().int(),
  categories_created: z.number().int(),
  results: z.array(
    z.strictObject({
      index: z.number().int(),
      success: z.boolean(),
      product_id: uuid.nullable(),
      product_sku: z.string().nullable(),
      error: z
        .strictObject({ code: z.string(), message: z.string().nullable(), field: z.string().nullable() })
        .nullable(),
    }),
  ),
});
export type ImportedProducts = z.infer<typeof importedProductsSchema>;

// ---------------------------------------------------------------------------
// Buying. Unit costs, amounts and valuations are managers' and admins' only:
// null for everyone else.
// ---------------------------------------------------------------------------
/** A numeric column of a set-returning RPC: a JSON number through PostgREST, a decimal string through pg drivers. */
const decimal = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

export const purchaseOrderStatus = z.enum([
  "DRAFT",
  "PENDING",
  "APPROVED",
  "PARTIALLY_RECEIVED",
  "RECEIVED",
  "CANCELLED",
  "CLOSED",
]);

const supplierRef = z.strictObject({ id: uuid, name: z.string(), nit: z.string().nullable() });
export const purchaseOrderItemSchema = z.strictObject({
  id: uuid,
  line_number: z.number().int().positive(),
  product_id: uuid,
  product: productRef,
  quantity_ordered: z.number().int().positive(),
  quantity_received: z.number().int().nonnegative(),
  quantity_remaining: z.number().int().nonnegative(),
  unit_cost: amount.nullable(),
  amount: amount.nullable(),
});

export const purchaseOrderSchema = z.strictObject({
  id: uuid,
  po_number: z.string().regex(/^PO-\d{6,}$/),
  supplier_id: uuid,
  supplier: supplierRef,
  status: purchaseOrderStatus,
  order_date: isoDay,
  expected_date: isoDay.nullable(),
  tax_rate: amount,
  subtotal: amount.nullable(),
  tax_amount: amount.nullable(),
  total: amount.nullable(),
  notes: z.string().nullable(),
  created_by: uuid.nullable(),
  submitted_at: timestamp.nullable(),
  submitted_by: uuid.nullable(),
  approved_by: uuid.nullable(),
  approved_at: timestamp.nullable(),
  cancelled_at: timestamp.nullable(),
  cancelled_by: uuid.nullable(),
  closed_at: timestamp.nullable(),
  closed_by: uuid.nullable(),
  status_reason: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  items: z.array(purchaseOrderItemSchema),
  receipts: z.array(
    z.strictObject({
      id: uuid,
      receipt_number: z.string().regex(/^GR-\d{4}-\d{6,}$/),
      supplier_invoice_number: z.string().nullable(),
      received_at: timestamp,
      received_by: uuid.nullable(),
      notes: z.string().nullable(),
      items: z.array(
        z.strictObject({
          purchase_order_item_id: uuid,
          product_id: uuid,
          quantity: z.number().int().positive(),
          unit_cost: amount.nullable(),
        }),
      ),
    }),
  ),
});
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

export const goodsReceiptItemSchema = z.strictObject({
  id: uuid,
  line_number: z.number().int().positive(),
  purchase_order_item_id: uuid,
  product_id: uuid,
  product: productRef,
  quantity: z.number().int().positive(),
  /** What one unit of this delivery cost (the line's, else the order's). */
  unit_cost: amount.nullable(),
  ordered_unit_cost: amount.nullable(),
  amount: amount.nullable(),
  stock_before: z.number().int().nonnegative(),
  stock_after: z.number().int().nonnegative(),
  /** The product's cost_price before and after this line (the moving average). */
  cost_before: amount.nullable(),
  cost_after: amount.nullable(),
  supplier_sku: z.string().nullable(),
  movement_id: uuid,
});

export const goodsReceiptSchema = z.strictObject({
  id: uuid,
  receipt_number: z.string().regex(/^GR-\d{4}-\d{6,}$/),
  purchase_order_id: uuid,
  po_number: z.string(),
  /** The order's status now. */
  order_status: purchaseOrderStatus,
  supplier: supplierRef,
  supplier_invoice_number: z.string().nullable(),
  received_at: timestamp,
  received_by: uuid.nullable(),
  notes: z.string().nullable(),
  total_amount: amount.nullable(),
  items: z.array(goodsReceiptItemSchema),
});
export type GoodsReceipt = z.infer<typeof goodsReceiptSchema>;

export const invoiceCandidateSchema = z.strictObject({
  product_id: uuid,
  sku: z.string(),
  name: z.string(),
  is_active: z.boolean(),
  /** 1 for the supplier's learned code or the barcode; at most 0.95 by name. */
  confidence: z.number().min(0).max(1),
  match: z.enum(["SUPPLIER_SKU", "BARCODE", "NAME"]),
  why: z.string(),
  /** The supplier's code for this product, when known. */
  supplier_sku: z.string().nullable(),
  last_unit_cost: amount.nullable(),
});

export const invoiceLineMatchSchema = z.strictObject({
  line: z.number().int().positive(),
  description: z.string().nullable(),
  supplier_sku: z.string().nullable(),
  barcode: z.string().nullable(),
  quantity: z.number().int().nullable(),
  unit_cost: amount.nullable(),
  candidates: z.array(invoiceCandidateSchema).max(3),
});
export const invoiceMatchSchema = z.array(invoiceLineMatchSchema);
export type InvoiceLineMatch = z.infer<typeof invoiceLineMatchSchema>;

export const reorderSuggestionSchema = z.strictObject({
  product_id: uuid,
  sku: z.string(),
  name: z.string(),
  category_name: z.string().nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  on_order: z.number().int(),
  sold_last_30_days: z.number().int(),
  average_daily_sales: decimal,
  days_of_stock: decimal.nullable(),
  suggested_quantity: z.number().int().nonnegative(),
  usual_supplier_id: uuid.nullable(),
  usual_supplier_name: z.string().nullable(),
  supplier_sku: z.string().nullable(),
  last_unit_cost: decimal.nullable(),
});
export type ReorderSuggestion = z.infer<typeof reorderSuggestionSchema>;

const valuationFigures = {
  products: z.number().int(),
  products_in_stock: z.number().int(),
  units: z.number().int(),
  /** Σ current_stock × cost_price. */
  value: amount,
  /** Σ current_stock × unit_price. */
  retail_value: amount,
  potential_margin: amount,
};
export const inventoryValuationSchema = z.strictObject({
  as_of: timestamp,
  currency: z.string(),
  categories: z.array(
    z.strictObject({ category_id: uuid.nullable(), category_name: z.string().nullable(), ...valuationFigures }),
  ),
  total: z.strictObject(valuationFigures),
});
export type InventoryValuation = z.infer<typeof inventoryValuationSchema>;
