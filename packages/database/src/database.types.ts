
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
                },"inventory_movements": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"movement_type": Database["public"]['Enums']["movement_type"],"new_stock": number,"notes": string | null,"previous_stock": number,"product_id": string,"quantity": number,"reason": string,"reference": string | null,"reference_id": string | null,"seq": number
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"movement_type": Database["public"]['Enums']["movement_type"],"new_stock": number,"notes"?: string | null,"previous_stock": number,"product_id": string,"quantity": number,"reason": string,"reference"?: string | null,"reference_id"?: string | null,"seq"?: never
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"movement_type"?: Database["public"]['Enums']["movement_type"],"new_stock"?: number,"notes"?: string | null,"previous_stock"?: number,"product_id"?: string,"quantity"?: number,"reason"?: string,"reference"?: string | null,"reference_id"?: string | null,"seq"?: never
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
"seq": number
            }
                          SetofOptions: {
        from: "*"
        to: "inventory_movements"
        isOneToOne: true
        isSetofReturn: false
      } },
"cancel_sale":
{ Args: { "reason": string,"sale_id": string }; Returns: Json
                           },
"check_stock_integrity":
{ Args: Record<PropertyKey, never>; Returns: {
              "broken_links": number,"current_stock": number,"last_new_stock": number,"ledger_stock": number,"movement_count": number,"product_id": string,"sku": string
            }[]
                           },
"create_category":
{ Args: { "description"?: string,"name": string }; Returns: Json
                           },
"create_product":
{ Args: { "barcode"?: string,"category_id"?: string,"cost_price"?: number,"description"?: string,"is_active"?: boolean,"min_stock_level"?: number,"name": string,"sku": string,"unit_price": number }; Returns: Json
                           },
"create_sale":
{ Args: { "discount"?: number,"idempotency_key"?: string,"items": Json,"notes"?: string,"payment_method"?: string,"tax_rate"?: number }; Returns: Json
                           },
"current_user_role":
{ Args: Record<PropertyKey, never>; Returns: Database["public"]['Enums']["app_role"]
                           },
"custom_access_token_hook":
{ Args: { "event": Json }; Returns: Json
                           },
"daily_sales_summary":
{ Args: { "day"?: string }; Returns: Json
                           },
"delete_category":
{ Args: { "category_id": string }; Returns: Json
                           },
"delete_product":
{ Args: { "product_id": string }; Returns: Json
                           },
"get_category":
{ Args: { "category_id": string }; Returns: Json
                           },
"get_product":
{ Args: { "product_id"?: string,"sku"?: string }; Returns: Json
                           },
"get_sale":
{ Args: { "sale_id": string }; Returns: Json
                           },
"import_products":
{ Args: { "create_missing_categories"?: boolean,"products": Json }; Returns: Json
                           },
"list_categories":
{ Args: { "page"?: number,"page_size"?: number }; Returns: Json
                           },
"list_movements":
{ Args: { "page"?: number,"page_size"?: number,"product_id"?: string }; Returns: Json
                           },
"list_products":
{ Args: { "category_id"?: string,"in_stock"?: boolean,"is_active"?: boolean,"max_price"?: number,"min_price"?: number,"page"?: number,"page_size"?: number }; Returns: Json
                           },
"list_sales":
{ Args: { "day"?: string,"page"?: number,"page_size"?: number }; Returns: Json
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
"match_product_lines":
{ Args: { "candidates_per_line"?: number,"lines": Json }; Returns: Json
                           },
"product_costs":
{ Args: { "product_ids"?: (string)[] }; Returns: {
              "cost_price": number,"margin": number,"name": string,"product_id": string,"sku": string,"unit_price": number
            }[]
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
"seq": number
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
"seq": number
            }
                          SetofOptions: {
        from: "*"
        to: "inventory_movements"
        isOneToOne: true
        isSetofReturn: false
      } },
"resolve_category_names":
{ Args: { "names": (string)[] }; Returns: Json
                           },
"search_products":
{ Args: { "include_inactive"?: boolean,"result_limit"?: number,"search_term": string }; Returns: {
              "barcode": string,"category": Json,"category_id": string,"cost_price": number,"created_at": string,"current_stock": number,"description": string,"id": string,"is_active": boolean,"min_stock_level": number,"name": string,"relevance": number,"sku": string,"unit_price": number,"updated_at": string
            }[]
                           },
"update_category":
{ Args: { "category_id": string,"changes": Json }; Returns: Json
                           },
"update_product":
{ Args: { "changes": Json,"product_id": string }; Returns: Json
                           }
          }
          Enums: {
            "app_role": "viewer"|"staff"|"manager"|"admin","movement_type": "ENTRY"|"EXIT"|"ADJUSTMENT","payment_method": "CASH"|"CARD"|"TRANSFER"|"QR","sale_status": "COMPLETED"|"CANCELLED"
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
            "app_role": ["viewer", "staff", "manager", "admin"],"movement_type": ["ENTRY", "EXIT", "ADJUSTMENT"],"payment_method": ["CASH", "CARD", "TRANSFER", "QR"],"sale_status": ["COMPLETED", "CANCELLED"]
          }
        }
} as const
