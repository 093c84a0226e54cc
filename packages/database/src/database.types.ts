
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "categories": {
                  Row: {
                    "created_at": string,"description": string | null,"id": string,"name": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"name": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"name"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"goods_receipt_items": {
                  Row: {
                    "amount": number,"cost_after": number,"cost_before": number,"goods_receipt_id": string,"id": string,"line_number": number,"movement_id": string,"ordered_unit_cost": number,"product_id": string,"purchase_order_item_id": string,"quantity": number,"stock_before": number,"supplier_sku": string | null,"unit_cost": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"cost_after": number,"cost_before": number,"goods_receipt_id": string,"id"?: string,"line_number": number,"movement_id": string,"ordered_unit_cost": number,"product_id": string,"purchase_order_item_id": string,"quantity": number,"stock_before": number,"supplier_sku"?: string | null,"unit_cost": number
                  }
                  Update: {
                    "amount"?: number,"cost_after"?: number,"cost_before"?: number,"goods_receipt_id"?: string,"id"?: string,"line_number"?: number,"movement_id"?: string,"ordered_unit_cost"?: number,"product_id"?: string,"purchase_order_item_id"?: string,"quantity"?: number,"stock_before"?: number,"supplier_sku"?: string | null,"unit_cost"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "goods_receipt_items_goods_receipt_id_fkey"
      columns: ["goods_receipt_id"]
isOneToOne: false
      referencedRelation: "goods_receipts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "goods_receipt_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "low_stock_products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "goods_receipt_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "goods_receipt_items_purchase_order_item_id_fkey"
      columns: ["purchase_order_item_id"]
isOneToOne: false
      referencedRelation: "purchase_order_items"
      referencedColumns: ["id"]
    }
                  ]
                },"goods_receipts": {
                  Row: {
                    "id": string,"idempotency_key": string | null,"notes": string | null,"purchase_order_id": string,"receipt_number": string,"receipt_sequence": number,"receipt_year": number,"received_at": string,"received_by": string | null,"request_hash": string | null,"supplier_invoice_number": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: string,"idempotency_key"?: string | null,"notes"?: string | null,"purchase_order_id": string,"receipt_number": string,"receipt_sequence": number,"receipt_year": number,"received_at"?: string,"received_by"?: string | null,"request_hash"?: string | null,"supplier_invoice_number"?: string | null
                  }
                  Update: {
                    "id"?: string,"idempotency_key"?: string | null,"notes"?: string | null,"purchase_order_id"?: string,"receipt_number"?: string,"receipt_sequence"?: number,"receipt_year"?: number,"received_at"?: string,"received_by"?: string | null,"request_hash"?: string | null,"supplier_invoice_number"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "goods_receipts_purchase_order_id_fkey"
      columns: ["purchase_order_id"]
isOneToOne: false
      referencedRelation: "purchase_orders"
      referencedColumns: ["id"]
    }
                  ]
                },"inventory_movements": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"movement_type": Database["public"]['Enums']["movement_type"],"new_stock": number,"notes": string | null,"previous_stock": number,"product_id": string,"quantity": number,"reason": string,"reference": string | null,"reference_id": string | null,"seq": number,"unit_cost": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"movement_type": Database["public"]['Enums']["movement_type"],"new_stock": number,"notes"?: string | null,"previous_stock": number,"product_id": string,"quantity": number,"reason": string,"reference"?: string | null,"reference_id"?: string | null,"seq"?: never,"unit_cost"?: number | null
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"movement_type"?: Database["public"]['Enums']["movement_type"],"new_stock"?: number,"notes"?: string | null,"previous_stock"?: number,"product_id"?: string,"quantity"?: number,"reason"?: string,"reference"?: string | null,"reference_id"?: string | null,"seq"?: never,"unit_cost"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "inventory_movements_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "low_stock_products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "inventory_movements_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "products"
      referencedColumns: ["id"]
    }
                  ]
                },"products": {
                  Row: {
                    "barcode": string | null,"category_id": string | null,"cost_price": number,"created_at": string,"current_stock": number,"description": string | null,"id": string,"is_active": boolean,"min_stock_level": number,"name": string,"name_words": unknown,"search_text": string | null,"search_vector": unknown,"sku": string,"unit_price": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "barcode"?: string | null,"category_id"?: string | null,"cost_price"?: number,"created_at"?: string,"current_stock"?: number,"description"?: string | null,"id"?: string,"is_active"?: boolean,"min_stock_level"?: number,"name": string,"name_words"?: never,"search_text"?: never,"search_vector"?: never,"sku": string,"unit_price"?: number,"updated_at"?: string
                  }
                  Update: {
                    "barcode"?: string | null,"category_id"?: string | null,"cost_price"?: number,"created_at"?: string,"current_stock"?: number,"description"?: string | null,"id"?: string,"is_active"?: boolean,"min_stock_level"?: number,"name"?: string,"name_words"?: never,"search_text"?: never,"search_vector"?: never,"sku"?: string,"unit_price"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "products_category_id_fkey"
      columns: ["category_id"]
isOneToOne: false
      referencedRelation: "categories"
      referencedColumns: ["id"]
    }
                  ]
                },"purchase_order_items": {
                  Row: {
                    "amount": number,"id": string,"line_number": number,"product_id": string,"purchase_order_id": string,"quantity_ordered": number,"quantity_received": number,"unit_cost": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"id"?: string,"line_number": number,"product_id": string,"purchase_order_id": string,"quantity_ordered": number,"quantity_received"?: number,"unit_cost": number
                  }
                  Update: {
                    "amount"?: number,"id"?: string,"line_number"?: number,"product_id"?: string,"purchase_order_id"?: string,"quantity_ordered"?: number,"quantity_received"?: number,"unit_cost"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "purchase_order_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "low_stock_products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "purchase_order_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "purchase_order_items_purchase_order_id_fkey"
      columns: ["purchase_order_id"]
isOneToOne: false
      referencedRelation: "purchase_orders"
      referencedColumns: ["id"]
    }
                  ]
                },"purchase_orders": {
                  Row: {
                    "approved_at": string | null,"approved_by": string | null,"cancelled_at": string | null,"cancelled_by": string | null,"closed_at": string | null,"closed_by": string | null,"created_at": string,"created_by": string | null,"expected_date": string | null,"id": string,"notes": string | null,"order_date": string,"po_number": string,"po_sequence": number,"status": Database["public"]['Enums']["purchase_order_status"],"status_reason": string | null,"submitted_at": string | null,"submitted_by": string | null,"subtotal": number,"supplier_id": string,"tax_amount": number,"tax_rate": number,"total": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "approved_at"?: string | null,"approved_by"?: string | null,"cancelled_at"?: string | null,"cancelled_by"?: string | null,"closed_at"?: string | null,"closed_by"?: string | null,"created_at"?: string,"created_by"?: string | null,"expected_date"?: string | null,"id"?: string,"notes"?: string | null,"order_date": string,"po_number": string,"po_sequence": number,"status"?: Database["public"]['Enums']["purchase_order_status"],"status_reason"?: string | null,"submitted_at"?: string | null,"submitted_by"?: string | null,"subtotal"?: number,"supplier_id": string,"tax_amount"?: number,"tax_rate"?: number,"total"?: number,"updated_at"?: string
                  }
                  Update: {
                    "approved_at"?: string | null,"approved_by"?: string | null,"cancelled_at"?: string | null,"cancelled_by"?: string | null,"closed_at"?: string | null,"closed_by"?: string | null,"created_at"?: string,"created_by"?: string | null,"expected_date"?: string | null,"id"?: string,"notes"?: string | null,"order_date"?: string,"po_number"?: string,"po_sequence"?: number,"status"?: Database["public"]['Enums']["purchase_order_status"],"status_reason"?: string | null,"submitted_at"?: string | null,"submitted_by"?: string | null,"subtotal"?: number,"supplier_id"?: string,"tax_amount"?: number,"tax_rate"?: number,"total"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "purchase_orders_supplier_id_fkey"
      columns: ["supplier_id"]
isOneToOne: false
      referencedRelation: "suppliers"
      referencedColumns: ["id"]
    }
                  ]
                },"sale_items": {
                  Row: {
                    "cost_price": number,"discount": number,"id": string,"line_number": number,"list_price": number,"product_id": string,"quantity": number,"sale_id": string,"subtotal": number,"unit_price": number
                  }
                  ComputedFields: never
                  Insert: {
                    "cost_price": number,"discount"?: number,"id"?: string,"line_number": number,"list_price": number,"product_id": string,"quantity": number,"sale_id": string,"subtotal": number,"unit_price": number
                  }
                  Update: {
                    "cost_price"?: number,"discount"?: number,"id"?: string,"line_number"?: number,"list_price"?: number,"product_id"?: string,"quantity"?: number,"sale_id"?: string,"subtotal"?: number,"unit_price"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "sale_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "low_stock_products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sale_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sale_items_sale_id_fkey"
      columns: ["sale_id"]
isOneToOne: false
      referencedRelation: "sales"
      referencedColumns: ["id"]
    }
                  ]
                },"sales": {
                  Row: {
                    "cancellation_reason": string | null,"cancelled_at": string | null,"cancelled_by": string | null,"created_at": string,"created_by": string | null,"discount": number,"id": string,"idempotency_key": string | null,"line_discount": number,"notes": string | null,"payment_method": Database["public"]['Enums']["payment_method"],"request_hash": string | null,"sale_date": string,"sale_number": string,"sale_sequence": number,"sale_year": number,"status": Database["public"]['Enums']["sale_status"],"subtotal": number,"tax": number,"tax_rate": number,"total": number
                  }
                  ComputedFields: never
                  Insert: {
                    "cancellation_reason"?: string | null,"cancelled_at"?: string | null,"cancelled_by"?: string | null,"created_at"?: string,"created_by"?: string | null,"discount"?: number,"id"?: string,"idempotency_key"?: string | null,"line_discount"?: number,"notes"?: string | null,"payment_method"?: Database["public"]['Enums']["payment_method"],"request_hash"?: string | null,"sale_date"?: string,"sale_number": string,"sale_sequence": number,"sale_year": number,"status"?: Database["public"]['Enums']["sale_status"],"subtotal": number,"tax"?: number,"tax_rate"?: number,"total": number
                  }
                  Update: {
                    "cancellation_reason"?: string | null,"cancelled_at"?: string | null,"cancelled_by"?: string | null,"created_at"?: string,"created_by"?: string | null,"discount"?: number,"id"?: string,"idempotency_key"?: string | null,"line_discount"?: number,"notes"?: string | null,"payment_method"?: Database["public"]['Enums']["payment_method"],"request_hash"?: string | null,"sale_date"?: string,"sale_number"?: string,"sale_sequence"?: number,"sale_year"?: number,"status"?: Database["public"]['Enums']["sale_status"],"subtotal"?: number,"tax"?: number,"tax_rate"?: number,"total"?: number
                  }
                  Relationships: [
                    
                  ]
                },"store_settings": {
                  Row: {
                    "created_at": string,"currency": string,"default_tax_rate": number,"id": boolean,"max_staff_discount_percent": number,"store_name": string,"timezone": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"currency"?: string,"default_tax_rate"?: number,"id"?: boolean,"max_staff_discount_percent"?: number,"store_name": string,"timezone"?: string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"currency"?: string,"default_tax_rate"?: number,"id"?: boolean,"max_staff_discount_percent"?: number,"store_name"?: string,"timezone"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"supplier_products": {
                  Row: {
                    "last_unit_cost": number | null,"product_id": string,"supplier_id": string,"supplier_sku": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "last_unit_cost"?: number | null,"product_id": string,"supplier_id": string,"supplier_sku"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "last_unit_cost"?: number | null,"product_id"?: string,"supplier_id"?: string,"supplier_sku"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "supplier_products_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "low_stock_products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "supplier_products_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "supplier_products_supplier_id_fkey"
      columns: ["supplier_id"]
isOneToOne: false
      referencedRelation: "suppliers"
      referencedColumns: ["id"]
    }
                  ]
                },"suppliers": {
                  Row: {
                    "address": string | null,"contact_name": string | null,"created_at": string,"email": string | null,"id": string,"is_active": boolean,"name": string,"nit": string | null,"notes": string | null,"payment_terms_days": number,"phone": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "address"?: string | null,"contact_name"?: string | null,"created_at"?: string,"email"?: string | null,"id"?: string,"is_active"?: boolean,"name": string,"nit"?: string | null,"notes"?: string | null,"payment_terms_days"?: number,"phone"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "address"?: string | null,"contact_name"?: string | null,"created_at"?: string,"email"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"nit"?: string | null,"notes"?: string | null,"payment_terms_days"?: number,"phone"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"user_roles": {
                  Row: {
                    "created_at": string,"granted_by": string | null,"role": Database["public"]['Enums']["app_role"],"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"granted_by"?: string | null,"role": Database["public"]['Enums']["app_role"],"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"granted_by"?: string | null,"role"?: Database["public"]['Enums']["app_role"],"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            "low_stock_products": {
                  Row: {
                    "category_name": string | null,"current_stock": number,"id": string,"min_stock_level": number,"name": string,"sku": string,"units_needed": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                }
          }
          Functions: {
            "adjust_stock":
{ Args: { "expected_stock"?: number,"new_stock": number,"notes"?: string,"product_id": string,"reason"?: string }; Returns: {
              "created_at": string,
"created_by": string | null,
"id": string,
"movement_type": Database["public"]['Enums']["movement_type"],
"new_stock": number,
"notes": string | null,
"previous_stock": number,
"product_id": string,
"quantity": number,
"reason": string,
"reference": string | null,
"reference_id": string | null,
"seq": number,
"unit_cost": number | null
            }
                          SetofOptions: {
        from: "*"
        to: "inventory_movements"
        isOneToOne: true
        isSetofReturn: false
      } },
"approve_purchase_order":
{ Args: { "purchase_order_id": string }; Returns: Json
                           },
"cancel_purchase_order":
{ Args: { "purchase_order_id": string,"reason": string }; Returns: Json
                           },
"cancel_sale":
{ Args: { "reason": string,"sale_id": string }; Returns: Json
                           },
"check_stock_integrity":
{ Args: Record<PropertyKey, never>; Returns: {
              "broken_links": number,"current_stock": number,"last_new_stock": number,"ledger_stock": number,"movement_count": number,"product_id": string,"sku": string
            }[]
                           },
"close_purchase_order":
{ Args: { "purchase_order_id": string,"reason": string }; Returns: Json
                           },
"create_purchase_order":
{ Args: { "expected_date"?: string,"items": Json,"notes"?: string,"supplier_id": string,"tax_rate"?: number }; Returns: Json
                           },
"create_sale":
{ Args: { "discount"?: number,"idempotency_key"?: string,"items": Json,"notes"?: string,"payment_method"?: string,"tax_rate"?: number }; Returns: Json
                           },
"custom_access_token_hook":
{ Args: { "event": Json }; Returns: Json
                           },
"daily_sales_summary":
{ Args: { "day"?: string }; Returns: Json
                           },
"get_purchase_order":
{ Args: { "purchase_order_id": string }; Returns: Json
                           },
"get_sale":
{ Args: { "sale_id": string }; Returns: Json
                           },
"inventory_valuation":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"low_stock_report":
{ Args: { "result_limit"?: number }; Returns: {
              "category_name": string | null,
"current_stock": number,
"id": string,
"min_stock_level": number,
"name": string,
"sku": string,
"units_needed": number | null
            }[]
                          SetofOptions: {
        from: "*"
        to: "low_stock_products"
        isOneToOne: false
        isSetofReturn: true
      } },
"match_invoice_lines":
{ Args: { "lines": Json,"supplier_id": string }; Returns: Json
                           },
"product_costs":
{ Args: { "product_ids"?: (string)[] }; Returns: {
              "cost_price": number,"margin": number,"name": string,"product_id": string,"sku": string,"unit_price": number
            }[]
                           },
"receive_purchase_order":
{ Args: { "idempotency_key"?: string,"items": Json,"notes"?: string,"purchase_order_id": string,"supplier_invoice_number"?: string }; Returns: Json
                           },
"register_stock_entry":
{ Args: { "notes"?: string,"product_id": string,"quantity": number,"reason"?: string,"reference"?: string,"reference_id"?: string }; Returns: {
              "created_at": string,
"created_by": string | null,
"id": string,
"movement_type": Database["public"]['Enums']["movement_type"],
"new_stock": number,
"notes": string | null,
"previous_stock": number,
"product_id": string,
"quantity": number,
"reason": string,
"reference": string | null,
"reference_id": string | null,
"seq": number,
"unit_cost": number | null
            }
                          SetofOptions: {
        from: "*"
        to: "inventory_movements"
        isOneToOne: true
        isSetofReturn: false
      } },
"register_stock_exit":
{ Args: { "notes"?: string,"product_id": string,"quantity": number,"reason"?: string,"reference"?: string,"reference_id"?: string }; Returns: {
              "created_at": string,
"created_by": string | null,
"id": string,
"movement_type": Database["public"]['Enums']["movement_type"],
"new_stock": number,
"notes": string | null,
"previous_stock": number,
"product_id": string,
"quantity": number,
"reason": string,
"reference": string | null,
"reference_id": string | null,
"seq": number,
"unit_cost": number | null
            }
                          SetofOptions: {
        from: "*"
        to: "inventory_movements"
        isOneToOne: true
        isSetofReturn: false
      } },
"search_products":
{ Args: { "include_inactive"?: boolean,"result_limit"?: number,"search_term": string }; Returns: {
              "barcode": string,"category": Json,"category_id": string,"cost_price": number,"created_at": string,"current_stock": number,"description": string,"id": string,"is_active": boolean,"min_stock_level": number,"name": string,"relevance": number,"sku": string,"unit_price": number,"updated_at": string
            }[]
                           },
"submit_purchase_order":
{ Args: { "purchase_order_id": string }; Returns: Json
                           },
"suggest_reorder":
{ Args: { "days_of_cover"?: number,"supplier_id"?: string }; Returns: {
              "average_daily_sales": number,"category_name": string,"current_stock": number,"days_of_stock": number,"last_unit_cost": number,"min_stock_level": number,"name": string,"on_order": number,"product_id": string,"sku": string,"sold_last_30_days": number,"suggested_quantity": number,"supplier_sku": string,"usual_supplier_id": string,"usual_supplier_name": string
            }[]
                           },
"update_purchase_order":
{ Args: { "expected_date"?: string,"items": Json,"notes"?: string,"purchase_order_id": string,"supplier_id": string,"tax_rate"?: number }; Returns: Json
                           }
          }
          Enums: {
            "app_role": "viewer"|"staff"|"manager"|"admin","movement_type": "ENTRY"|"EXIT"|"ADJUSTMENT","payment_method": "CASH"|"CARD"|"TRANSFER"|"QR","purchase_order_status": "DRAFT"|"PENDING"|"APPROVED"|"PARTIALLY_RECEIVED"|"RECEIVED"|"CANCELLED"|"CLOSED","sale_status": "COMPLETED"|"CANCELLED"
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "app_role": ["viewer", "staff", "manager", "admin"],"movement_type": ["ENTRY", "EXIT", "ADJUSTMENT"],"payment_method": ["CASH", "CARD", "TRANSFER", "QR"],"purchase_order_status": ["DRAFT", "PENDING", "APPROVED", "PARTIALLY_RECEIVED", "RECEIVED", "CANCELLED", "CLOSED"],"sale_status": ["COMPLETED", "CANCELLED"]
          }
        }
} as const
