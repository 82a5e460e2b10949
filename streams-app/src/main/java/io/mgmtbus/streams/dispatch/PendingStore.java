package io.mgmtbus.streams.dispatch;

/** Name of the state store holding a {@code PendingDispatch} per reqid (RocksDB, with changelog). */
public final class PendingStore {

    public static final String NAME = "pending-dispatches";

    private PendingStore() {}
}
