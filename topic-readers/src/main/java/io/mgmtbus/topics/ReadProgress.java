package io.mgmtbus.topics;

/** Told how much a long read of topics has to read and how far it got (for a progress bar). */
public interface ReadProgress {

    /** The read starts: {@code records} to go, or -1 when unbounded (following). */
    void started(long records);

    /** {@code records} more were read. */
    void read(long records);

    ReadProgress NONE = new ReadProgress() {
        @Override
        public void started(long records) {}

        @Override
        public void read(long records) {}
    };
}
