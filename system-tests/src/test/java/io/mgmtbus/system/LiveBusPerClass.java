package io.mgmtbus.system;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One {@link LiveBus} shared by the tests of a class: {@code @RegisterExtension static final LiveBusPerClass live = ...}. */
public final class LiveBusPerClass implements BeforeAllCallback, AfterAllCallback {

    private LiveBus bus;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bus = LiveBus.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        bus.close();
    }

    public LiveBus bus() {
        return bus;
    }
}
