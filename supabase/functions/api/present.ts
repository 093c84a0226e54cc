import type { ApiMovement, ApiProduct, ApiSale, ApiSearchProduct } from "../_shared/api-responses.ts";
import type {
  CatalogProduct,
  Category,
  ListedMovement,
  ListedSale,
  Movement,
  Sale,
  SearchRow,
} from "../_shared/responses.ts";

/**
 * What the RPCs answer, in the front end's shapes: the same values, money as
 * a string with two decimals (numeric(12, 2) holds at most 12 digits, which a
 * JSON number carries exactly, so `toFixed(2)` writes it back as Postgres
 * stored it), and only the fields its types name.
 */
export function money(value: number): string;
export function money(value: number | null): string | null;
export function money(value: number | null): string | null {
  return value === null ? null : value.toFixed(2);
}

export function product(row: CatalogProduct): ApiProduct {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category_id: row.category_id,
    unit_price: money(row.unit_price),
    cost_price: money(row.cost_price),
    current_stock: row.current_stock,
    min_stock_level: row.min_stock_level,
    is_active: row.is_active,
    created_at: row.created_at,
    updated_at: row.updated_at,
    category: row.category,
  };
}

export function searchResult(row: SearchRow): ApiSearchProduct {
  return { ...product(row), relevance: row.relevance };
}

export function category(row: Category) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function movement(row: Movement | ListedMovement, of: { name: string; sku: string }): ApiMovement {
  return {
    id: row.id,
    product_id: row.product_id,
    product_name: of.name,
    product_sku: of.sku,
    movement_type: row.movement_type,
    quantity: row.quantity,
    reason: row.reason,
    reference: row.reference,
    reference_id: row.reference_id,
    notes: row.notes,
    previous_stock: row.previous_stock,
    new_stock: row.new_stock,
    created_at: row.created_at,
    created_by: row.created_by,
  };
}

export function listedMovement(row: ListedMovement): ApiMovement {
  return movement(row, { name: row.product_name, sku: row.product_sku });
}

export function sale(row: Sale): ApiSale {
  return {
    id: row.id,
    sale_number: row.sale_number,
    sale_date: row.sale_date,
    items: row.items.map((item) => ({
      id: item.id,
      line_number: item.line_number,
      product_id: item.product_id,
      product_name: item.product.name,
      product_sku: item.product.sku,
      quantity: item.quantity,
      unit_price: money(item.unit_price),
      list_price: money(item.list_price),
      cost_price: money(item.cost_price),
      discount: money(item.discount),
      subtotal: money(item.subtotal),
    })),
    subtotal: money(row.subtotal),
    line_discount: money(row.line_discount),
    discount: money(row.discount),
    tax_rate: money(row.tax_rate),
    tax: money(row.tax),
    total: money(row.total),
    status: row.status,
    payment_method: row.payment_method,
    notes: row.notes,
    created_at: row.created_at,
    created_by: row.created_by,
    cancelled_at: row.cancelled_at,
    cancelled_by: row.cancelled_by,
    cancellation_reason: row.cancellation_reason,
  };
}

export function listedSale(row: ListedSale) {
  return {
    id: row.id,
    sale_number: row.sale_number,
    sale_date: row.sale_date,
    subtotal: money(row.subtotal),
    line_discount: money(row.line_discount),
    discount: money(row.discount),
    tax: money(row.tax),
    total: money(row.total),
    status: row.status,
    payment_method: row.payment_method,
    item_count: row.item_count,
    created_by: row.created_by,
    cancelled_at: row.cancelled_at,
  };
}
