import { serve } from "../_shared/serve.ts";
import { createSalesApp } from "./app.ts";

serve(createSalesApp, { pool: 8 });
