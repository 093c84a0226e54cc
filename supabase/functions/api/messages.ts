import type { ErrorCode } from "../_shared/error-codes.ts";

/**
 * What the store's front end shows a person when a request fails: one
 * Spanish sentence per code of the catalogue (the front end renders the
 * `error` string as it is). The developer's detail — the database's own
 * sentence, or the fields of a bad request — travels beside it in `detail`.
 */
const SPANISH: Record<ErrorCode, string> = {
  VALIDATION_ERROR: "Los datos enviados no son válidos.",
  INVALID_JSON: "El cuerpo de la solicitud no es un JSON válido.",
  INVALID_QUANTITY: "La cantidad debe ser un número entero entre 1 y 1.000.000.",
  INVALID_REASON: "El motivo no es válido para esta operación.",
  INVALID_PRICE:
    "El precio o monto no es válido: no puede ser negativo, lleva como máximo 2 decimales y no puede superar 9.999.999.999,99 (un pago debe ser mayor que cero).",
  INVALID_DATE: "La fecha no es válida: la fecha esperada no puede ser anterior al pedido ni pasar de un año.",
  EMPTY_SALE: "La venta necesita al menos un producto.",
  DUPLICATE_SALE_LINE:
    "El mismo producto aparece en dos líneas de la venta; véndelo una sola vez con la cantidad total.",
  EMPTY_ORDER: "El pedido o la recepción necesita al menos una línea.",
  DUPLICATE_ORDER_LINE: "El mismo producto o línea aparece dos veces en el pedido o la recepción.",
  DISCOUNT_EXCEEDS_AMOUNT: "El descuento es mayor que el monto al que se aplica.",
  CUSTOMER_REQUIRED: "Una venta a crédito necesita el cliente a cuya cuenta se carga.",
  PAYMENT_MISMATCH: "Los pagos no suman el total de la venta.",
  DENOMINATIONS_MISMATCH: "El conteo de monedas y billetes no suma el efectivo contado.",
  IDEMPOTENCY_KEY_REQUIRED:
    "Falta la clave Idempotency-Key: envía una nueva por cada venta y la misma al reintentarla.",
  UNAUTHORIZED: "Inicia sesión para continuar.",
  FORBIDDEN: "No tienes permiso para realizar esta acción.",
  PRICE_OVERRIDE_FORBIDDEN: "Solo un gerente puede vender a un precio distinto del de lista.",
  DISCOUNT_NOT_ALLOWED: "El descuento supera lo que el personal puede dar sin un gerente.",
  TAX_OVERRIDE_FORBIDDEN: "Solo un gerente puede cambiar la tasa de impuesto de una venta.",
  CANNOT_CHANGE_OWN_ROLE: "Nadie puede cambiar su propio rol.",
  NOT_FOUND: "La dirección solicitada no existe.",
  FUNCTION_NOT_FOUND: "El servicio solicitado no existe.",
  PRODUCT_NOT_FOUND: "Producto no encontrado.",
  CATEGORY_NOT_FOUND: "Categoría no encontrada.",
  SALE_NOT_FOUND: "Venta no encontrada.",
  CUSTOMER_NOT_FOUND: "Cliente no encontrado.",
  CASH_REGISTER_NOT_FOUND: "Caja no encontrada.",
  CASH_SESSION_NOT_FOUND: "Turno de caja no encontrado.",
  SUPPLIER_NOT_FOUND: "Proveedor no encontrado.",
  PURCHASE_ORDER_NOT_FOUND: "Orden de compra no encontrada.",
  PURCHASE_ORDER_ITEM_NOT_FOUND: "Línea de la orden de compra no encontrada.",
  METHOD_NOT_ALLOWED: "Esta operación no está disponible en esta dirección.",
  DUPLICATE_SKU: "Ya existe un producto con ese SKU.",
  DUPLICATE_BARCODE: "Ya existe un producto con ese código de barras.",
  DUPLICATE_CATEGORY: "Ya existe una categoría con ese nombre.",
  CATEGORY_IN_USE: "La categoría todavía tiene productos; muévelos o elimínalos primero.",
  PRODUCT_HAS_HISTORY: "El producto tiene movimientos de stock; desactívalo en lugar de eliminarlo.",
  PRODUCT_INACTIVE: "El producto está desactivado.",
  INSUFFICIENT_STOCK: "No hay stock suficiente.",
  STOCK_CHANGED: "El stock cambió desde que se contó; vuelve a contar.",
  STOCK_LIMIT_EXCEEDED: "El stock del producto superaría 1.000.000.000 de unidades.",
  SALE_ALREADY_CANCELLED: "La venta ya estaba anulada.",
  CUSTOMER_INACTIVE: "El cliente está desactivado.",
  CUSTOMER_HAS_HISTORY: "El cliente tiene ventas o movimientos de cuenta; desactívalo en lugar de eliminarlo.",
  DUPLICATE_CUSTOMER_DOCUMENT: "Ya existe un cliente con ese documento.",
  CREDIT_LIMIT_EXCEEDED: "La venta supera el límite de crédito del cliente.",
  PAYMENT_EXCEEDS_BALANCE: "El pago es mayor que lo que el cliente debe.",
  CASH_REGISTER_INACTIVE: "La caja está desactivada.",
  CASH_REGISTER_HAS_HISTORY: "La caja tiene turnos; desactívala en lugar de eliminarla.",
  REGISTER_BUSY: "La caja ya tiene un turno abierto.",
  SESSION_ALREADY_OPEN: "Ya tienes un turno de caja abierto en otra caja.",
  NO_OPEN_CASH_SESSION: "Abre un turno de caja antes de cobrar en efectivo.",
  SESSION_CLOSED: "El turno de caja está cerrado.",
  RETURN_EXCEEDS_SOLD: "Se devolverían más unidades de las vendidas.",
  SALE_CANCELLED: "La venta está anulada: no se puede devolver.",
  SALE_HAS_RETURNS: "La venta tiene devoluciones: no se puede anular; devuelve lo que queda.",
  SUPPLIER_INACTIVE: "El proveedor está desactivado.",
  SUPPLIER_HAS_ORDERS: "El proveedor tiene órdenes de compra; desactívalo en lugar de eliminarlo.",
  INVALID_STATUS_TRANSITION: "La orden de compra no está en un estado que permita esta acción.",
  RECEIPT_EXCEEDS_ORDERED: "Se recibiría más de lo pedido.",
  IDEMPOTENCY_KEY_REUSED: "Esa clave Idempotency-Key ya se usó para otra operación.",
  TIMEZONE_CHANGE_REFUSED: "Ahora no se puede cambiar la zona horaria: cambiaría el año de la numeración de ventas.",
  CONFLICT: "La operación choca con datos existentes.",
  PAYLOAD_TOO_LARGE: "La solicitud es demasiado grande.",
  UNSUPPORTED_MEDIA_TYPE: "El formato de la solicitud no es el esperado: envía JSON.",
  INTERNAL_ERROR: "Ocurrió un error inesperado; inténtalo de nuevo.",
  BAD_GATEWAY: "El servicio no responde en este momento; inténtalo de nuevo en unos segundos.",
  AI_PROVIDER_ERROR: "El servicio de IA no respondió correctamente; inténtalo de nuevo.",
  AI_NOT_CONFIGURED: "La lectura de facturas con IA no está configurada en este servidor.",
  DATABASE_TIMEOUT: "La base de datos tardó demasiado; no se guardó nada. Inténtalo de nuevo.",
  SERVICE_UNAVAILABLE: "El servicio no está disponible en este momento; inténtalo de nuevo.",
};

type Details = Record<string, unknown>;

function isDetails(value: unknown): value is Details {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The sentence for a code, made more precise with what the error's details
 * say (how much stock there is, which line of a sale).
 */
export function spanishMessage(code: ErrorCode, details: unknown): string {
  const base = SPANISH[code];
  if (!isDetails(details)) return base;
  const line = typeof details.line === "number" ? `Línea ${details.line}: ` : "";
  if (code === "INSUFFICIENT_STOCK" && typeof details.available === "number") {
    const what = typeof details.sku === "string" ? ` de ${details.sku}` : "";
    return `${line}No hay stock suficiente${what}: hay ${details.available} y se pidieron ${String(details.requested)}.`;
  }
  return line ? `${line}${base.charAt(0).toLowerCase()}${base.slice(1)}` : base;
}
