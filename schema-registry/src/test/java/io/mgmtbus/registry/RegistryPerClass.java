package io.mgmtbus.registry;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One registry with a schema log of its own for a test class, on the shared test broker:
 * {@code @RegisterExtension static final RegistryPerClass registry = new RegistryPerClass();}
 */
final class RegistryPerClass implements BeforeAllCallback, AfterAllCallback {

    private RegistryServer server;
    private RegistryHttp http;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestBroker.startRegistry(TestBroker.newTopic());
        http = new RegistryHttp(server);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    RegistryHttp http() {
        return http;
    }
}
