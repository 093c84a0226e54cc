import { serve } from "../_shared/serve.ts";
import { createHealthApp } from "./app.ts";

serve(createHealthApp, { pool: 1 });
