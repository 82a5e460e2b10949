package io.mgmtbus.harness.faults;

import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.Mgmt;

/**
 * {@code mgmt ARGS} as a child of a fault run: it also exits when its standard input closes,
 * which happens when the parent dies, even by SIGKILL, so a run killed half-way leaves no
 * process behind.
 */
public final class ChildMain {

    private ChildMain() {}

    public static void main(String[] args) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (System.in.read() != -1) {
                            // the parent never writes; any byte is ignored
                        }
                    } catch (java.io.IOException ignored) {
                        // a broken pipe means the same as end of input: the parent is gone
                    }
                    System.exit(ExitCodes.FAILURE);
                },
                "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Mgmt.main(args);
    }
}
