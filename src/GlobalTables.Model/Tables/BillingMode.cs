namespace GlobalTables.Model.Tables;

public enum BillingMode : byte { PROVISIONED = 1, PAY_PER_REQUEST = 2 }
