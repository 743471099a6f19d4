namespace GlobalTables.Model.Items;

public enum ReturnValue : byte { NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW }
