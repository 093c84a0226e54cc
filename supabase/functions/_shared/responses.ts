import { z } from "zod";

/**
 * The shapes the RPCs answer with, defined once: the functions type their
 * answers with them and the tests parse what the RPCs return with them
 * (strict objects: a field added or dropped in SQL fails there). Amounts
 * leave the database as JSON numbers.
 */
const uuid = z.guid();
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/);
const amount = z.number();

export const paymentMethod = z.enum(["CASH", "CARD", "TRANSFER", "QR"]);

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
  product: z.strictObject({ sku: z.string(), name: z.string() }),
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
  status: z.enum(["COMPLETED", "CANCELLED"]),
  payment_method: paymentMethod,
  notes: z.string().nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
  cancelled_by: uuid.nullable(),
  cancellation_reason: z.string().nullable(),
  items: z.array(saleItemSchema),
});
export type Sale = z.infer<typeof saleSchema>;
export type SaleItem = z.infer<typeof saleItemSchema>;

const productFigure = z.strictObject({
  product_id: uuid,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  revenue: amount,
});

export const dailySummarySchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
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
  by_payment_method: z.array(
    z.strictObject({ payment_method: paymentMethod, sales_count: z.number().int(), total: amount }),
  ),
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

// ---------------------------------------------------------------------------
// Buying. Unit costs, amounts and valuations are managers' and admins' only:
// null for everyone else.
// ---------------------------------------------------------------------------
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
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
const productRef = z.strictObject({ sku: z.string(), name: z.string() });

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
  order_date: day,
  expected_date: day.nullable(),
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
