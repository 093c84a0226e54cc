import { serve } from "../_shared/serve.ts";
import { createCashApp } from "./app.ts";

serve(createCashApp, { pool: 4 });
