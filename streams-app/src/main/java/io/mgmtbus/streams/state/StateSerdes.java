package io.mgmtbus.streams.state;

import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.wire.AvroWireSerde;
import io.mgmtbus.schemas.wire.TrustedEventClasses;

/**
 * Serdes of the streams-app's own state records (PendingDispatch, DispatchMember, RosterPart, generated from
 * {@code src/main/avro} of this module). Their schemas go to the registry like the events', under
 * the changelog topics' subjects, so a changelog stays readable by any Avro tool.
 */
public final class StateSerdes {

    static {
        TrustedEventClasses.trust(PendingDispatch.class, DispatchMember.class, RosterPart.class);
    }

    private StateSerdes() {}

    public static AvroWireSerde<PendingDispatch> pending(SchemaRegistryClient registry) {
        return AvroWireSerde.of(PendingDispatch.class, registry);
    }

    public static AvroWireSerde<DispatchMember> members(SchemaRegistryClient registry) {
        return AvroWireSerde.of(DispatchMember.class, registry);
    }

    public static AvroWireSerde<RosterPart> rosters(SchemaRegistryClient registry) {
        return AvroWireSerde.of(RosterPart.class, registry);
    }
}
