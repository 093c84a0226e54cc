import type { Cell } from "../_shared/csv.ts";
import type { CustomerStatement, ReceivablesAging } from "../_shared/responses.ts";

/** A statement as CSV rows: who and which days, the opening balance, each movement, the closing balance. */
export function statementRows(statement: CustomerStatement): Cell[][] {
  const { customer } = statement;
  return [
    ["customer", customer.name],
    ["document", customer.document_type ? `${customer.document_type} ${customer.document_number}` : null],
    ["from", statement.from_date],
    ["to", statement.to_date],
    ["timezone", statement.timezone],
    [],
    ["created_at", "movement_type", "sale_number", "payment_method", "reference", "notes", "amount", "balance"],
    [null, "OPENING_BALANCE", null, null, null, null, null, statement.opening_balance],
    ...statement.movements.map((m) => [
      m.created_at,
      m.movement_type,
      m.sale_number,
      m.payment_method,
      m.reference,
      m.reason ? `${m.reason}: ${m.notes ?? ""}` : m.notes,
      m.amount,
      m.balance,
    ]),
    [null, "CLOSING_BALANCE", null, null, null, null, null, statement.closing_balance],
  ];
}

/** The receivables ageing as CSV rows: one per customer who owes, then the totals. */
export function agingRows(aging: ReceivablesAging): Cell[][] {
  const { totals } = aging;
  return [
    [
      "name",
      "document_type",
      "document_number",
      "phone",
      "credit_limit",
      "balance",
      "days_0_30",
      "days_31_60",
      "days_61_90",
      "over_90",
      "oldest_debt_date",
    ],
    ...aging.customers.map((row) => [
      row.name,
      row.document_type,
      row.document_number,
      row.phone,
      row.credit_limit,
      row.balance,
      row.days_0_30,
      row.days_31_60,
      row.days_61_90,
      row.over_90,
      row.oldest_debt_date,
    ]),
    [
      `TOTAL (${totals.customers})`,
      null,
      null,
      null,
      null,
      totals.balance,
      totals.days_0_30,
      totals.days_31_60,
      totals.days_61_90,
      totals.over_90,
      null,
    ],
  ];
}
