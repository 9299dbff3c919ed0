package demo

// FieldKeys are the extra fields a generated case may carry, in the order
// rows write them: a CSV of generated cases has these extra columns.
var FieldKeys = []string{"order_id", "plan", "region"}
