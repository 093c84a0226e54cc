import { serve } from "../_shared/serve.ts";
import { createCustomersApp } from "./app.ts";

serve(createCustomersApp, { pool: 4 });
