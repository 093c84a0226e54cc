import { serve } from "../_shared/serve.ts";
import { createPurchasingApp } from "./app.ts";

serve(createPurchasingApp, { pool: 4 });
