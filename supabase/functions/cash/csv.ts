import type { Cell } from "../_shared/csv.ts";
import type { CashSession } from "../_shared/responses.ts";

/** A session's report as CSV rows: the session, then each section with its header row. */
export function reportRows(session: CashSession): Cell[][] {
  const { report } = session;
  return [
    ["metric", "value"],
    ["report", session.report_kind],
    ["session_number", session.session_number],
    ["register", session.register.name],
    ["status", session.status],
    ["opened_at", session.opened_at],
    ["closed_at", session.closed_at],
    ["sales_count", report.sales.count],
    ["sales_total", report.sales.total],
    ["discounts", report.sales.discounts],
    ["tax", report.sales.tax],
    ["cancellations_count", report.cancellations.count],
    ["cancellations_total", report.cancellations.total],
    ["returns_count", report.returns.count],
    ["returns_refunded", report.returns.refunded],
    ["collections_count", report.collections.payments_count],
    ["collections_total", report.collections.total],
    ["pay_ins", report.cash_movements.pay_ins],
    ["pay_outs", report.cash_movements.pay_outs],
    [],
    ["payment_method", "sales_count", "total"],
    ...report.sales.by_payment_method.map((row) => [row.payment_method, row.sales_count, row.total]),
    [],
    ["cash", "amount"],
    ["opening_float", report.cash.opening_float],
    ["cash_sales", report.cash.sales],
    ["cash_collections", report.cash.collections],
    ["pay_ins", report.cash.pay_ins],
    ["pay_outs", report.cash.pay_outs],
    ["cash_refunds", report.cash.refunds],
    ["expected", report.cash.expected],
    ["counted", report.cash.counted],
    ["difference", report.cash.difference],
  ];
}
