package io.mgmtbus.schemas.wire;

import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.events.Result;
import io.mgmtbus.events.Rollout;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 only instantiates classes it is told to trust when it resolves a schema name to a
 * generated class. The bus's own event classes are trusted here, once, in addition to whatever
 * the application already trusts; a component adds its own generated classes (such as the
 * streams-app's state records) with {@link #trust}. Nothing else is trusted.
 */
public final class TrustedEventClasses {

    private static boolean installed;

    private TrustedEventClasses() {}

    /**
     * Trusts more generated classes, such as a component's own state records, for readers that
     * resolve schema names to classes.
     */
    public static synchronized void trust(Class<?>... classes) {
        install();
        ClassSecurityValidator.Builder builder = ClassSecurityValidator.builder();
        for (Class<?> type : classes) {
            builder.add(type);
        }
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), builder.build()));
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(NodeDispatchRequest.class)
                        .add(Rollout.class)
                        .add(DispatchCancel.class)
                        .add(NodeDispatchResponse.class)
                        .add(Result.class)
                        .add(NodeHello.class)
                        .add(DispatchOutcome.class)
                        .add(OutcomeState.class)
                        .add(RequestLocation.class)
                        .build()));
        installed = true;
    }
}
