import { serve } from "../_shared/serve.ts";
import { createApiApp } from "./app.ts";

serve(createApiApp, { pool: 6 });
