
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "cash_movements": {
                  Row: {
                    "amount": number,"cash_session_id": string,"created_at": string,"created_by": string | null,"id": string,"idempotency_key": string | null,"movement_type": Database["public"]['Enums']["cash_movement_type"],"notes": string | null,"reason": string,"request_hash": string | null,"seq": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"cash_session_id": string,"created_at"?: string,"created_by"?: string | null,"id"?: string,"idempotency_key"?: string | null,"movement_type": Database["public"]['Enums']["cash_movement_type"],"notes"?: string | null,"reason": string,"request_hash"?: string | null,"seq"?: never
                  }
                  Update: {
                    "amount"?: number,"cash_session_id"?: string,"created_at"?: string,"created_by"?: string | null,"id"?: string,"idempotency_key"?: string | null,"movement_type"?: Database["public"]['Enums']["cash_movement_type"],"notes"?: string | null,"reason"?: string,"request_hash"?: string | null,"seq"?: never
                  }
                  Relationships: [
                    {
      foreignKeyName: "cash_movements_cash_session_id_fkey"
      columns: ["cash_session_id"]
isOneToOne: false
      referencedRelation: "cash_sessions"
      referencedColumns: ["id"]
    }
                  ]
                },"cash_registers": {
                  Row: {
                    "created_at": string,"id": string,"is_active": boolean,"name": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"is_active"?: boolean,"name": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"is_active"?: boolean,"name"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"cash_sessions": {
                  Row: {
                    "closed_at": string | null,"closed_by": string | null,"closing_notes": string | null,"counted_cash": number | null,"counted_denominations": Json | null,"difference": number | null,"expected_cash": number | null,"id": string,"notes": string | null,"opened_at": string,"opened_by": string | null,"opening_float": number,"register_id": string,"report": Json | null,"session_number": string,"status": Database["public"]['Enums']["cash_session_status"]
                  }
                  ComputedFields: never
                  Insert: {
                    "closed_at"?: string | null,"closed_by"?: string | null,"closing_notes"?: string | null,"counted_cash"?: number | null,"counted_denominations"?: Json | null,"difference"?: number | null,"expected_cash"?: number | null,"id"?: string,"notes"?: string | null,"opened_at"?: string,"opened_by"?: string | null,"opening_float": number,"register_id": string,"report"?: Json | null,"session_number": string,"status"?: Database["public"]['Enums']["cash_session_status"]
                  }
                  Update: {
                    "closed_at"?: string | null,"closed_by"?: string | null,"closing_notes"?: string | null,"counted_cash"?: number | null,"counted_denominations"?: Json | null,"difference"?: number | null,"expected_cash"?: number | null,"id"?: string,"notes"?: string | null,"opened_at"?: string,"opened_by"?: string | null,"opening_float"?: number,"register_id"?: string,"report"?: Json | null,"session_number"?: string,"status"?: Database["public"]['Enums']["cash_session_status"]
                  }
                  Relationships: [
                    {
      foreignKeyName: "cash_sessions_register_id_fkey"
      columns: ["register_id"]
isOneToOne: false
      referencedRelation: "cash_registers"
      referencedColumns: ["id"]
    }
                  ]
                },"categories": {
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
                },"customer_account_movements": {
                  Row: {
                    "amount": number,"cash_session_id": string | null,"created_at": string,"created_by": string | null,"customer_id": string,"id": string,"idempotency_key": string | null,"movement_type": Database["public"]['Enums']["account_movement_type"],"new_balance": number,"notes": string | null,"payment_method": Database["public"]['Enums']["payment_method"] | null,"previous_balance": number,"reason": string | null,"reference": string | null,"request_hash": string | null,"sale_id": string | null,"seq": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"cash_session_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"customer_id": string,"id"?: string,"idempotency_key"?: string | null,"movement_type": Database["public"]['Enums']["account_movement_type"],"new_balance": number,"notes"?: string | null,"payment_method"?: Database["public"]['Enums']["payment_method"] | null,"previous_balance": number,"reason"?: string | null,"reference"?: string | null,"request_hash"?: string | null,"sale_id"?: string | null,"seq"?: never
                  }
                  Update: {
                    "amount"?: number,"cash_session_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"customer_id"?: string,"id"?: string,"idempotency_key"?: string | null,"movement_type"?: Database["public"]['Enums']["account_movement_type"],"new_balance"?: number,"notes"?: string | null,"payment_method"?: Database["public"]['Enums']["payment_method"] | null,"previous_balance"?: number,"reason"?: string | null,"reference"?: string | null,"request_hash"?: string | null,"sale_id"?: string | null,"seq"?: never
                  }
                  Relationships: [
                    {
      foreignKeyName: "customer_account_movements_cash_session_id_fkey"
      columns: ["cash_session_id"]
isOneToOne: false
      referencedRelation: "cash_sessions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "customer_account_movements_customer_id_fkey"
      columns: ["customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "customer_account_movements_sale_id_fkey"
      columns: ["sale_id"]
isOneToOne: false
      referencedRelation: "sales"
      referencedColumns: ["id"]
    }
                  ]
                },"customers": {
                  Row: {
                    "address": string | null,"balance": number,"created_at": string,"credit_limit": number,"document_number": string | null,"document_type": Database["public"]['Enums']["document_type"] | null,"email": string | null,"id": string,"is_active": boolean,"name": string,"notes": string | null,"phone": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "address"?: string | null,"balance"?: number,"created_at"?: string,"credit_limit"?: number,"document_number"?: string | null,"document_type"?: Database["public"]['Enums']["document_type"] | null,"email"?: string | null,"id"?: string,"is_active"?: boolean,"name": string,"notes"?: string | null,"phone"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "address"?: string | null,"balance"?: number,"created_at"?: string,"credit_limit"?: number,"document_number"?: string | null,"document_type"?: Database["public"]['Enums']["document_type"] | null,"email"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"notes"?: string | null,"phone"?: string | null,"updated_at"?: string
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
                },"sale_payments": {
                  Row: {
                    "amount": number,"change": number | null,"created_at": string,"id": string,"method": Database["public"]['Enums']["payment_method"],"position": number,"reference": string | null,"sale_id": string,"tendered": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"change"?: number | null,"created_at"?: string,"id"?: string,"method": Database["public"]['Enums']["payment_method"],"position": number,"reference"?: string | null,"sale_id": string,"tendered"?: number | null
                  }
                  Update: {
                    "amount"?: number,"change"?: number | null,"created_at"?: string,"id"?: string,"method"?: Database["public"]['Enums']["payment_method"],"position"?: number,"reference"?: string | null,"sale_id"?: string,"tendered"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "sale_payments_sale_id_fkey"
      columns: ["sale_id"]
isOneToOne: false
      referencedRelation: "sales"
      referencedColumns: ["id"]
    }
                  ]
                },"sale_return_items": {
                  Row: {
                    "id": string,"product_id": string,"quantity": number,"refund_amount": number,"restock": boolean,"return_id": string,"sale_item_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: string,"product_id": string,"quantity": number,"refund_amount": number,"restock": boolean,"return_id": string,"sale_item_id": string
                  }
                  Update: {
                    "id"?: string,"product_id"?: string,"quantity"?: number,"refund_amount"?: number,"restock"?: boolean,"return_id"?: string,"sale_item_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "sale_return_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "low_stock_products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sale_return_items_product_id_fkey"
      columns: ["product_id"]
isOneToOne: false
      referencedRelation: "products"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sale_return_items_return_id_fkey"
      columns: ["return_id"]
isOneToOne: false
      referencedRelation: "sale_returns"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sale_return_items_sale_item_id_fkey"
      columns: ["sale_item_id"]
isOneToOne: false
      referencedRelation: "sale_items"
      referencedColumns: ["id"]
    }
                  ]
                },"sale_returns": {
                  Row: {
                    "cash_session_id": string | null,"created_at": string,"created_by": string | null,"id": string,"idempotency_key": string | null,"notes": string | null,"reason": string,"refund_method": Database["public"]['Enums']["payment_method"],"refund_total": number,"request_hash": string | null,"return_number": string,"sale_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cash_session_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"id"?: string,"idempotency_key"?: string | null,"notes"?: string | null,"reason": string,"refund_method": Database["public"]['Enums']["payment_method"],"refund_total": number,"request_hash"?: string | null,"return_number": string,"sale_id": string
                  }
                  Update: {
                    "cash_session_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"id"?: string,"idempotency_key"?: string | null,"notes"?: string | null,"reason"?: string,"refund_method"?: Database["public"]['Enums']["payment_method"],"refund_total"?: number,"request_hash"?: string | null,"return_number"?: string,"sale_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "sale_returns_cash_session_id_fkey"
      columns: ["cash_session_id"]
isOneToOne: false
      referencedRelation: "cash_sessions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sale_returns_sale_id_fkey"
      columns: ["sale_id"]
isOneToOne: false
      referencedRelation: "sales"
      referencedColumns: ["id"]
    }
                  ]
                },"sales": {
                  Row: {
                    "cancellation_reason": string | null,"cancelled_at": string | null,"cancelled_by": string | null,"cancelled_cash_session_id": string | null,"cash_session_id": string | null,"created_at": string,"created_by": string | null,"customer_id": string | null,"discount": number,"id": string,"idempotency_key": string | null,"line_discount": number,"notes": string | null,"payment_method": Database["public"]['Enums']["payment_method"],"request_hash": string | null,"sale_date": string,"sale_number": string,"sale_sequence": number,"sale_year": number,"status": Database["public"]['Enums']["sale_status"],"subtotal": number,"tax": number,"tax_rate": number,"total": number
                  }
                  ComputedFields: never
                  Insert: {
                    "cancellation_reason"?: string | null,"cancelled_at"?: string | null,"cancelled_by"?: string | null,"cancelled_cash_session_id"?: string | null,"cash_session_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"customer_id"?: string | null,"discount"?: number,"id"?: string,"idempotency_key"?: string | null,"line_discount"?: number,"notes"?: string | null,"payment_method"?: Database["public"]['Enums']["payment_method"],"request_hash"?: string | null,"sale_date"?: string,"sale_number": string,"sale_sequence": number,"sale_year": number,"status"?: Database["public"]['Enums']["sale_status"],"subtotal": number,"tax"?: number,"tax_rate"?: number,"total": number
                  }
                  Update: {
                    "cancellation_reason"?: string | null,"cancelled_at"?: string | null,"cancelled_by"?: string | null,"cancelled_cash_session_id"?: string | null,"cash_session_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"customer_id"?: string | null,"discount"?: number,"id"?: string,"idempotency_key"?: string | null,"line_discount"?: number,"notes"?: string | null,"payment_method"?: Database["public"]['Enums']["payment_method"],"request_hash"?: string | null,"sale_date"?: string,"sale_number"?: string,"sale_sequence"?: number,"sale_year"?: number,"status"?: Database["public"]['Enums']["sale_status"],"subtotal"?: number,"tax"?: number,"tax_rate"?: number,"total"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "sales_cancelled_cash_session_id_fkey"
      columns: ["cancelled_cash_session_id"]
isOneToOne: false
      referencedRelation: "cash_sessions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sales_cash_session_id_fkey"
      columns: ["cash_session_id"]
isOneToOne: false
      referencedRelation: "cash_sessions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "sales_customer_id_fkey"
      columns: ["customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["id"]
    }
                  ]
                },"store_settings": {
                  Row: {
                    "created_at": string,"currency": string,"default_tax_rate": number,"id": boolean,"max_staff_discount_percent": number,"require_cash_session": boolean,"store_name": string,"timezone": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"currency"?: string,"default_tax_rate"?: number,"id"?: boolean,"max_staff_discount_percent"?: number,"require_cash_session"?: boolean,"store_name": string,"timezone"?: string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"currency"?: string,"default_tax_rate"?: number,"id"?: boolean,"max_staff_discount_percent"?: number,"require_cash_session"?: boolean,"store_name"?: string,"timezone"?: string,"updated_at"?: string
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
            "adjust_customer_balance":
{ Args: { "amount": number,"customer_id": string,"notes": string,"reason": string }; Returns: Json
                           },
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
{ Args: { "cash_session_id"?: string,"reason": string,"sale_id": string }; Returns: Json
                           },
"cash_session_report":
{ Args: { "cash_session_id": string }; Returns: Json
                           },
"check_account_integrity":
{ Args: Record<PropertyKey, never>; Returns: {
              "balance": number,"broken_links": number,"customer_id": string,"last_new_balance": number,"ledger_balance": number,"movement_count": number,"name": string,"open_debt": number,"open_debts_wrong": number
            }[]
                           },
"check_stock_integrity":
{ Args: Record<PropertyKey, never>; Returns: {
              "broken_links": number,"current_stock": number,"last_new_stock": number,"ledger_stock": number,"movement_count": number,"product_id": string,"sku": string
            }[]
                           },
"close_cash_session":
{ Args: { "cash_session_id": string,"counted_cash": number,"denominations"?: Json,"notes"?: string }; Returns: Json
                           },
"close_purchase_order":
{ Args: { "purchase_order_id": string,"reason": string }; Returns: Json
                           },
"create_category":
{ Args: { "description"?: string,"name": string }; Returns: Json
                           },
"create_product":
{ Args: { "barcode"?: string,"category_id"?: string,"cost_price"?: number,"description"?: string,"is_active"?: boolean,"min_stock_level"?: number,"name": string,"sku": string,"unit_price": number }; Returns: Json
                           },
"create_purchase_order":
{ Args: { "expected_date"?: string,"items": Json,"notes"?: string,"supplier_id": string,"tax_rate"?: number }; Returns: Json
                           },
"create_return":
{ Args: { "cash_session_id"?: string,"idempotency_key"?: string,"items": Json,"notes"?: string,"reason": string,"refund_method"?: string,"sale_id": string }; Returns: Json
                           },
"create_sale":
{ Args: { "cash_session_id"?: string,"customer_id"?: string,"discount"?: number,"idempotency_key"?: string,"items": Json,"notes"?: string,"override_credit_limit"?: boolean,"payment_method"?: string,"payments"?: Json,"tax_rate"?: number }; Returns: Json
                           },
"current_user_role":
{ Args: Record<PropertyKey, never>; Returns: Database["public"]['Enums']["app_role"]
                           },
"custom_access_token_hook":
{ Args: { "event": Json }; Returns: Json
                           },
"customer_statement":
{ Args: { "customer_id": string,"from_date"?: string,"to_date"?: string }; Returns: Json
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
"get_purchase_order":
{ Args: { "purchase_order_id": string }; Returns: Json
                           },
"get_sale":
{ Args: { "sale_id": string }; Returns: Json
                           },
"import_products":
{ Args: { "create_missing_categories"?: boolean,"products": Json }; Returns: Json
                           },
"inventory_valuation":
{ Args: Record<PropertyKey, never>; Returns: Json
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
"match_invoice_lines":
{ Args: { "lines": Json,"supplier_id": string }; Returns: Json
                           },
"open_cash_session":
{ Args: { "notes"?: string,"opening_float"?: number,"register_id": string }; Returns: Json
                           },
"product_costs":
{ Args: { "product_ids"?: (string)[] }; Returns: {
              "cost_price": number,"margin": number,"name": string,"product_id": string,"sku": string,"unit_price": number
            }[]
                           },
"receivables_aging":
{ Args: { "as_of"?: string }; Returns: Json
                           },
"receive_purchase_order":
{ Args: { "idempotency_key"?: string,"items": Json,"notes"?: string,"purchase_order_id": string,"supplier_invoice_number"?: string }; Returns: Json
                           },
"register_cash_movement":
{ Args: { "amount": number,"cash_session_id": string,"idempotency_key"?: string,"movement_type": string,"notes"?: string,"reason": string }; Returns: Json
                           },
"register_customer_payment":
{ Args: { "amount": number,"cash_session_id"?: string,"customer_id": string,"idempotency_key"?: string,"notes"?: string,"payment_method"?: string,"reference"?: string }; Returns: Json
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
"resolve_category_names":
{ Args: { "names": (string)[] }; Returns: Json
                           },
"search_customers":
{ Args: { "result_limit"?: number,"search_term": string }; Returns: {
              "balance": number,"credit_limit": number,"document_number": string,"document_type": Database["public"]['Enums']["document_type"],"email": string,"id": string,"is_active": boolean,"name": string,"phone": string,"relevance": number
            }[]
                           },
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
"update_category":
{ Args: { "category_id": string,"changes": Json }; Returns: Json
                           },
"update_product":
{ Args: { "changes": Json,"product_id": string }; Returns: Json
                           },
"update_purchase_order":
{ Args: { "expected_date"?: string,"items": Json,"notes"?: string,"purchase_order_id": string,"supplier_id": string,"tax_rate"?: number }; Returns: Json
                           }
          }
          Enums: {
            "account_movement_type": "CHARGE"|"PAYMENT"|"SALE_CANCELLATION"|"REFUND"|"ADJUSTMENT","app_role": "viewer"|"staff"|"manager"|"admin","cash_movement_type": "PAY_IN"|"PAY_OUT","cash_session_status": "OPEN"|"CLOSED","document_type": "CI"|"NIT"|"PASSPORT"|"OTHER","movement_type": "ENTRY"|"EXIT"|"ADJUSTMENT","payment_method": "CASH"|"CARD"|"TRANSFER"|"QR"|"CREDIT"|"MIXED","purchase_order_status": "DRAFT"|"PENDING"|"APPROVED"|"PARTIALLY_RECEIVED"|"RECEIVED"|"CANCELLED"|"CLOSED","sale_status": "COMPLETED"|"CANCELLED"
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
            "account_movement_type": ["CHARGE", "PAYMENT", "SALE_CANCELLATION", "REFUND", "ADJUSTMENT"],"app_role": ["viewer", "staff", "manager", "admin"],"cash_movement_type": ["PAY_IN", "PAY_OUT"],"cash_session_status": ["OPEN", "CLOSED"],"document_type": ["CI", "NIT", "PASSPORT", "OTHER"],"movement_type": ["ENTRY", "EXIT", "ADJUSTMENT"],"payment_method": ["CASH", "CARD", "TRANSFER", "QR", "CREDIT", "MIXED"],"purchase_order_status": ["DRAFT", "PENDING", "APPROVED", "PARTIALLY_RECEIVED", "RECEIVED", "CANCELLED", "CLOSED"],"sale_status": ["COMPLETED", "CANCELLED"]
          }
        }
} as const
