package io.mgmtbus.example;

import io.mgmtbus.node.action.ActionError;
import io.mgmtbus.spring.ManagedAction;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What this service lets operators ask it, besides the built-in get_id_value, ping and list_actions. */
@Component
public class InventoryActions {

    private final String version;

    public InventoryActions(@Value("${example.version:1.0.0}") String version) {
        this.version = version;
    }

    /** {@code disk_free PATH}: the free bytes on PATH's file system. */
    @ManagedAction("disk_free")
    public Map<String, Object> diskFree(List<String> args) throws ActionError {
        if (args.isEmpty()) {
            throw new ActionError("disk_free expects a path");
        }
        File path = new File(args.get(0));
        if (!path.exists()) {
            throw new ActionError("no such path: " + path);
        }
        return Map.of("path", path.getPath(), "free_bytes", path.getFreeSpace());
    }

    /** {@code app_version}: the service's version. */
    @ManagedAction("app_version")
    public String appVersion() {
        return version;
    }
}
