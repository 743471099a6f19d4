namespace GlobalTables.Model.Tables;

public enum KeyType : byte { HASH = 1, RANGE = 2 }
