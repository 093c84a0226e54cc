import { serve } from "../_shared/serve.ts";
import { createReportsApp } from "./app.ts";

serve(createReportsApp, { pool: 4 });
