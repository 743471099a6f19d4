namespace GlobalTables.Model.Tables;

public enum TableStatus : byte { CREATING = 1, UPDATING = 2, DELETING = 3, ACTIVE = 4 }
