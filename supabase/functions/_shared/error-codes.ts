/**
 * The one catalogue of error codes. SQL raises them with
 * `private.raise('<CODE>', '<sentence>', <json context>)`, which raises
 * SQLSTATE `PT<status>` with the code as its message;
 * Edge Functions answer with the status and `{success: false, error: {code, …}}`.
 * `docs/error_codes.md` documents the same list and `private.error_codes` holds
 * it in the database, where `private.raise(code, …)` looks the status up (a
 * test keeps the three equal).
 */
export const ERROR_CODES = {
  VALIDATION_ERROR: { status: 400, meaning: "The input is malformed or a field is invalid; details name each field." },
  INVALID_JSON: { status: 400, meaning: "The request body is not valid JSON." },
  INVALID_QUANTITY: {
    status: 400,
    meaning: "A quantity is not a whole number from 1 to 1,000,000 (a count: 0 to 1,000,000).",
  },
  INVALID_REASON: { status: 400, meaning: "The movement reason is not one the operation accepts." },
  INVALID_PRICE: { status: 400, meaning: "A price or amount is negative, has more than 2 decimals or is too large." },
  INVALID_DATE: {
    status: 400,
    meaning: "A date is out of range: an expected date before the order date, or more than a year after it.",
  },
  EMPTY_SALE: { status: 400, meaning: "A sale needs at least one line." },
  DUPLICATE_SALE_LINE: { status: 400, meaning: "The same product appears on two lines of one sale." },
  EMPTY_ORDER: { status: 400, meaning: "A purchase order, or a receipt of one, needs at least one line." },
  DUPLICATE_ORDER_LINE: {
    status: 400,
    meaning: "The same product, or the same order line, appears on two lines of one order or receipt.",
  },
  DISCOUNT_EXCEEDS_AMOUNT: { status: 400, meaning: "A discount is larger than the amount it applies to." },
  CUSTOMER_REQUIRED: { status: 400, meaning: "A sale with a CREDIT part needs the customer whose account it goes on." },
  PAYMENT_MISMATCH: { status: 400, meaning: "The payments of a sale do not add up to its total." },
  DENOMINATIONS_MISMATCH: { status: 400, meaning: "The counted coins and notes do not add up to the counted cash." },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    meaning: "This request moves stock or money: send an Idempotency-Key so that a retry cannot do it twice.",
  },
  UNAUTHORIZED: { status: 401, meaning: "No valid access token: missing, malformed, expired or wrongly signed." },
  FORBIDDEN: { status: 403, meaning: "The caller's role may not do this." },
  PRICE_OVERRIDE_FORBIDDEN: {
    status: 403,
    meaning: "Only a manager or admin may sell at a price other than the list price.",
  },
  DISCOUNT_NOT_ALLOWED: {
    status: 403,
    meaning:
      "The discount is larger than staff may give without a manager (store_settings.max_staff_discount_percent).",
  },
  TAX_OVERRIDE_FORBIDDEN: {
    status: 403,
    meaning: "Only a manager or admin may sell at a tax rate other than the store's default.",
  },
  CANNOT_CHANGE_OWN_ROLE: { status: 403, meaning: "Nobody can grant, change or remove their own role." },
  NOT_FOUND: { status: 404, meaning: "No such route." },
  FUNCTION_NOT_FOUND: { status: 404, meaning: "No Edge Function has that name." },
  PRODUCT_NOT_FOUND: { status: 404, meaning: "No product has that id, SKU or barcode." },
  CATEGORY_NOT_FOUND: { status: 404, meaning: "No category has that id or name." },
  SALE_NOT_FOUND: { status: 404, meaning: "No sale has that id." },
  CUSTOMER_NOT_FOUND: { status: 404, meaning: "No customer has that id." },
  CASH_REGISTER_NOT_FOUND: { status: 404, meaning: "No cash register has that id." },
  CASH_SESSION_NOT_FOUND: { status: 404, meaning: "No cash session has that id." },
  SUPPLIER_NOT_FOUND: { status: 404, meaning: "No supplier has that id." },
  PURCHASE_ORDER_NOT_FOUND: { status: 404, meaning: "No purchase order has that id." },
  PURCHASE_ORDER_ITEM_NOT_FOUND: { status: 404, meaning: "No line of this purchase order has that id." },
  METHOD_NOT_ALLOWED: { status: 405, meaning: "The route exists but not for this HTTP method." },
  DUPLICATE_SKU: { status: 409, meaning: "Another product already has this SKU." },
  DUPLICATE_BARCODE: { status: 409, meaning: "Another product already has this barcode." },
  DUPLICATE_CATEGORY: { status: 409, meaning: "Another category already has this name." },
  CATEGORY_IN_USE: { status: 409, meaning: "The category still has products; move or delete them first." },
  PRODUCT_HAS_HISTORY: {
    status: 409,
    meaning: "The product has movements or sales; deactivate it instead of deleting it.",
  },
  PRODUCT_INACTIVE: { status: 409, meaning: "The product is deactivated and cannot be moved or sold." },
  INSUFFICIENT_STOCK: {
    status: 409,
    meaning: "Not enough stock for the quantity asked; details say how much there is.",
  },
  STOCK_CHANGED: { status: 409, meaning: "The stock changed since it was counted; count again." },
  STOCK_LIMIT_EXCEEDED: { status: 409, meaning: "The stock of a product would exceed 1,000,000,000 units." },
  SALE_ALREADY_CANCELLED: { status: 409, meaning: "The sale was already cancelled." },
  CUSTOMER_INACTIVE: { status: 409, meaning: "The customer is deactivated: no new sale goes on their name." },
  CUSTOMER_HAS_HISTORY: {
    status: 409,
    meaning: "The customer has sales or account movements; deactivate them instead of deleting.",
  },
  DUPLICATE_CUSTOMER_DOCUMENT: {
    status: 409,
    meaning: "Another customer already has this document type and number.",
  },
  CREDIT_LIMIT_EXCEEDED: {
    status: 409,
    meaning: "The sale would take the customer's balance past their credit limit.",
  },
  PAYMENT_EXCEEDS_BALANCE: { status: 409, meaning: "The payment is larger than what the customer owes." },
  CASH_REGISTER_INACTIVE: { status: 409, meaning: "The cash register is deactivated." },
  CASH_REGISTER_HAS_HISTORY: {
    status: 409,
    meaning: "The cash register has sessions; deactivate it instead of deleting it.",
  },
  REGISTER_BUSY: { status: 409, meaning: "The cash register already has an open session." },
  SESSION_ALREADY_OPEN: { status: 409, meaning: "The cashier already has an open session on another register." },
  NO_OPEN_CASH_SESSION: {
    status: 409,
    meaning: "The store requires an open cash session for anything with cash, and there is none.",
  },
  SESSION_CLOSED: { status: 409, meaning: "The cash session is closed: it takes nothing more." },
  RETURN_EXCEEDS_SOLD: { status: 409, meaning: "More units would be returned than the sale line sold." },
  SALE_CANCELLED: { status: 409, meaning: "The sale was cancelled: nothing of it can be returned." },
  SALE_HAS_RETURNS: {
    status: 409,
    meaning: "The sale has returns: it cannot be cancelled; return what is left instead.",
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    meaning:
      "The idempotency key was already used for a different request (a sale, a payment, a return, a cash movement, a receipt).",
  },
  TIMEZONE_CHANGE_REFUSED: {
    status: 409,
    meaning:
      "The new time zone is in another year right now, which would move the sale-number year; change it when both are in the same year.",
  },
  SUPPLIER_INACTIVE: { status: 409, meaning: "The supplier is deactivated; it takes no new orders." },
  SUPPLIER_HAS_ORDERS: {
    status: 409,
    meaning: "The supplier has purchase orders; deactivate it instead of deleting it.",
  },
  INVALID_STATUS_TRANSITION: {
    status: 409,
    meaning:
      "The purchase order's status does not allow this: an illegal transition, an edit after DRAFT, or a receipt before approval.",
  },
  RECEIPT_EXCEEDS_ORDERED: {
    status: 409,
    meaning:
      "The receipt would take a line past the quantity ordered, or the order was received in full; details say how much remains.",
  },
  CONFLICT: { status: 409, meaning: "The write conflicts with existing data (a unique or foreign key)." },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: "The request body is larger than the limit." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: "The request body must be application/json." },
  INTERNAL_ERROR: { status: 500, meaning: "Something failed on our side; the request id finds it in the logs." },
  BAD_GATEWAY: { status: 502, meaning: "The Edge Function is not running or broke off its answer; retry shortly." },
  AI_PROVIDER_ERROR: {
    status: 502,
    meaning: "The vision model did not answer, or answered something unreadable; retry.",
  },
  AI_NOT_CONFIGURED: {
    status: 503,
    meaning: "No vision model is configured (the GEMINI_API_KEY secret is not set).",
  },
  DATABASE_TIMEOUT: {
    status: 503,
    meaning:
      "The database did not finish in time (a statement or a lock wait hit its limit); nothing was written; retry.",
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    meaning: "The database could not be reached or the request was cancelled; retry.",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}
