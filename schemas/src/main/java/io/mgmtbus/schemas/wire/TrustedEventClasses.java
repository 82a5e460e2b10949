package io.mgmtbus.schemas.wire;

import io.mgmtbus.events.DispatchMember;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.PendingDispatch;
import io.mgmtbus.events.Result;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 only instantiates classes it is told to trust when it resolves a schema name to a
 * generated class. The bus's own event classes are trusted here, once, in addition to whatever
 * the application already trusts; nothing else is.
 */
final class TrustedEventClasses {

    private static boolean installed;

    private TrustedEventClasses() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(NodeDispatchRequest.class).add(NodeDispatchResponse.class).add(Result.class)
                        .add(NodeHello.class).add(DispatchOutcome.class).add(OutcomeState.class).add(PendingDispatch.class).add(DispatchMember.class)
                        .build()));
        installed = true;
    }
}
