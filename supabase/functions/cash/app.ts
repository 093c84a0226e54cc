import { csvResponse } from "../_shared/csv.ts";
import { createFunctionApp, type FunctionDeps, success } from "../_shared/http.ts";
import type { CashMovement, CashSession } from "../_shared/responses.ts";
import { jsonBody, pathParams, queryParams } from "../_shared/validation.ts";
import { reportRows } from "./csv.ts";
import { cashMovementBody, closeSessionBody, openSessionBody, reportQuery, sessionIdParam } from "./schemas.ts";

/**
 * `POST /cash/sessions` (open, 201), `POST /cash/sessions/:id/movements` (201;
 * an Idempotency-Key is required: it moves money), `POST /cash/sessions/:id/close`,
 * `GET /cash/sessions/:id/report[?format=csv]`: each one RPC, as its caller,
 * in one transaction.
 */
export function createCashApp(deps: FunctionDeps) {
  const { app, auth, finish } = createFunctionApp("cash", deps);

  app.post("/sessions", auth, jsonBody(openSessionBody), async (c) => {
    return success(c, await c.var.rpc<CashSession>("open_cash_session", c.req.valid("json")), 201);
  });

  app.post(
    "/sessions/:id/movements",
    auth,
    pathParams(sessionIdParam),
    jsonBody(cashMovementBody, { idempotent: "cash movement" }),
    async (c) => {
      const { id } = c.req.valid("param");
      const created = await c.var.rpc<CashMovement>("register_cash_movement", {
        cash_session_id: id,
        ...c.req.valid("json"),
      });
      return success(c, created, 201);
    },
  );

  app.post("/sessions/:id/close", auth, pathParams(sessionIdParam), jsonBody(closeSessionBody), async (c) => {
    const { id } = c.req.valid("param");
    return success(
      c,
      await c.var.rpc<CashSession>("close_cash_session", { cash_session_id: id, ...c.req.valid("json") }),
    );
  });

  app.get("/sessions/:id/report", auth, pathParams(sessionIdParam), queryParams(reportQuery), async (c) => {
    const { id } = c.req.valid("param");
    const { format, delimiter } = c.req.valid("query");
    const session = await c.var.rpc<CashSession>("cash_session_report", { cash_session_id: id }, { readOnly: true });
    if (format === "csv") {
      return csvResponse(c, reportRows(session), `${session.report_kind}-${session.session_number}.csv`, delimiter);
    }
    return success(c, session);
  });

  return finish();
}
