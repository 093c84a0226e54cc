import { csvResponse } from "../_shared/csv.ts";
import { createFunctionApp, type FunctionDeps, success } from "../_shared/http.ts";
import type { AccountMovement, CustomerStatement, ReceivablesAging } from "../_shared/responses.ts";
import { jsonBody, pathParams, queryParams } from "../_shared/validation.ts";
import { agingRows, statementRows } from "./csv.ts";
import { customerIdParam, paymentBody, receivablesQuery, statementQuery } from "./schemas.ts";

/**
 * `GET /customers/receivables?as_of=[&format=csv]`,
 * `GET /customers/:id/statement?from=&to=[&format=csv]`,
 * `POST /customers/:id/payments` (201 with the PAYMENT movement; an
 * Idempotency-Key is required): each one RPC, as its caller, in one transaction.
 */
export function createCustomersApp(deps: FunctionDeps) {
  const { app, auth, finish } = createFunctionApp("customers", deps);

  app.get("/receivables", auth, queryParams(receivablesQuery), async (c) => {
    const { as_of, format, delimiter } = c.req.valid("query");
    const aging = await c.var.rpc<ReceivablesAging>("receivables_aging", { as_of }, { readOnly: true });
    if (format === "csv") return csvResponse(c, agingRows(aging), `cuentas-por-cobrar-${aging.as_of}.csv`, delimiter);
    return success(c, aging);
  });

  app.get("/:id/statement", auth, pathParams(customerIdParam), queryParams(statementQuery), async (c) => {
    const { id } = c.req.valid("param");
    const { from, to, format, delimiter } = c.req.valid("query");
    const statement = await c.var.rpc<CustomerStatement>(
      "customer_statement",
      { customer_id: id, from_date: from, to_date: to },
      { readOnly: true },
    );
    if (format === "csv") {
      const filename = `estado-de-cuenta-${statement.from_date}-${statement.to_date}.csv`;
      return csvResponse(c, statementRows(statement), filename, delimiter);
    }
    return success(c, statement);
  });

  app.post(
    "/:id/payments",
    auth,
    pathParams(customerIdParam),
    jsonBody(paymentBody, { idempotent: "payment" }),
    async (c) => {
      const { id } = c.req.valid("param");
      const movement = await c.var.rpc<AccountMovement>("register_customer_payment", {
        customer_id: id,
        ...c.req.valid("json"),
      });
      return success(c, movement, 201);
    },
  );

  return finish();
}
